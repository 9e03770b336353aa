//! Parse: the normalized document into `openapiv3`'s typed model, with a located error.

use crate::diagnostics::Diagnostics;
use crate::pointer;
use serde_json::Value;

pub fn parse(document: &Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(document) {
        Ok(api) => Some(api),
        Err(error) => {
            let mut at = String::from("#");
            for segment in error.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => {
                        at = pointer::join(&at, &index.to_string());
                    }
                    serde_path_to_error::Segment::Map { key } => at = pointer::join(&at, key),
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => {}
                }
            }
            diagnostics.error(
                at,
                format!("not a valid OpenAPI document here: {}", error.inner()),
            );
            None
        }
    }
}
