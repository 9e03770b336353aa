//! Parse: the normalized document into `openapiv3`'s typed model, with a located error.

use crate::diagnostics::Diagnostics;
use crate::pointer;
use serde_json::Value;

/// OpenAPI 3.1 `webhooks`, which `openapiv3` does not read: name → path item.
pub type Webhooks = indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>;

/// The 3.1 `webhooks` of a normalized document.
pub fn webhooks(document: &Value, diagnostics: &mut Diagnostics) -> Webhooks {
    let Some(webhooks) = document.get("webhooks") else {
        return Webhooks::new();
    };
    match deserialize::<Webhooks>(webhooks, "#/webhooks") {
        Ok(webhooks) => webhooks,
        Err((at, message)) => {
            diagnostics.warning(at, format!("webhooks skipped: {message}"));
            Webhooks::new()
        }
    }
}

fn deserialize<T: serde::de::DeserializeOwned>(
    value: &Value,
    base: &str,
) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| {
        let mut at = base.to_string();
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    at = pointer::join(&at, &index.to_string())
                }
                serde_path_to_error::Segment::Map { key } => at = pointer::join(&at, key),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        (at, error.inner().to_string())
    })
}

pub fn parse(document: &Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    // Tracking the path costs time on every node; it is only needed to locate an error.
    if let Ok(api) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(document) {
        return Some(api);
    }
    match deserialize::<openapiv3::OpenAPI>(document, "#") {
        Ok(api) => Some(api),
        Err((at, message)) => {
            diagnostics.error(at, format!("not a valid OpenAPI document here: {message}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kapso_spec() -> Value {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/kapso-platform-api.yaml"
        ))
        .expect("the Kapso spec is readable");
        let mut diagnostics = Diagnostics::new("kapso");
        crate::load::parse_text(&text, &mut diagnostics).expect("the Kapso spec is YAML")
    }

    #[test]
    fn openapiv3_alone_rejects_the_kapso_spec_and_says_where() {
        let mut diagnostics = Diagnostics::new("kapso.yaml");
        assert!(parse(&kapso_spec(), &mut diagnostics).is_none());
        assert_eq!(
            diagnostics.to_string(),
            "error: kapso.yaml: #/components/schemas/InboxEmbed: not a valid OpenAPI document here: \
             invalid type: sequence, expected a string\n"
        );
    }

    #[test]
    fn the_normalized_kapso_spec_parses() {
        let mut document = kapso_spec();
        let mut diagnostics = Diagnostics::new("kapso.yaml");
        crate::normalize::normalize(&mut document, &mut diagnostics);
        assert!(
            parse(&document, &mut diagnostics).is_some(),
            "{diagnostics}"
        );
        assert!(diagnostics.is_empty(), "{diagnostics}");
    }
}
