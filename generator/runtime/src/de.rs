//! Decoding helpers for generated types.

use serde::Deserialize;
use serde::de::{DeserializeOwned, Error};
use serde_json::Value;

/// Reads a value whole and returns the string in its `tag` property (empty when absent), so
/// a tagged union can pick its variant and decode the value with the tag still in it.
pub fn tagged<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    tag: &str,
) -> Result<(String, Value), D::Error> {
    let value = Value::deserialize(deserializer)?;
    let tag = value
        .get(tag)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Ok((tag, value))
}

/// Decodes one variant of a tagged union from the value [`tagged`] read.
pub fn variant<T: DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// A structured value as JSON text, for parameters that have no plain-text form.
pub fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
