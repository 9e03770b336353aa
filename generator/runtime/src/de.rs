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

/// Decodes a generated string enum: a string, read through the enum's `FromStr`, which keeps
/// values the client does not know in its fallback variant. (Written by hand once, here,
/// instead of a derived `Deserialize` with an untagged fallback per enum, which costs
/// rustc several times as much for each.)
pub fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr<Err = std::convert::Infallible>,
{
    struct Text<T>(std::marker::PhantomData<T>);

    impl<T: std::str::FromStr<Err = std::convert::Infallible>> serde::de::Visitor<'_> for Text<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
            match value.parse() {
                Ok(known) => Ok(known),
                Err(never) => match never {},
            }
        }
    }

    deserializer.deserialize_str(Text(std::marker::PhantomData))
}

/// Decodes one variant of a tagged union from the value [`tagged`] read.
pub fn variant<T: DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// A structured value as JSON text, for parameters that have no plain-text form.
pub fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Decodes an example value of the spec as `T` and encodes it back; `Err` says where and
/// how it differs. Equal means equal JSON once absent and `null` members are treated alike
/// and numbers are compared by value (`1` and `1.0`), which is what `Option` fields and
/// float types keep.
pub fn check_example<T: serde::Serialize + DeserializeOwned>(
    pointer: &str,
    json: &str,
) -> Result<(), String> {
    let original: Value =
        serde_json::from_str(json).map_err(|e| format!("{pointer}: not JSON: {e}"))?;
    let decoded: T = serde_json::from_value(original.clone())
        .map_err(|e| format!("{pointer}: does not decode: {e}"))?;
    let encoded =
        serde_json::to_value(&decoded).map_err(|e| format!("{pointer}: does not encode: {e}"))?;
    if equivalent(&original, &encoded) {
        Ok(())
    } else {
        Err(format!(
            "{pointer}: encodes back as {encoded}, not {original}"
        ))
    }
}

fn equivalent(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equivalent(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            let present = |object: &serde_json::Map<String, Value>| {
                object
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, _)| k.clone())
                    .collect::<std::collections::BTreeSet<_>>()
            };
            present(x) == present(y)
                && x.iter()
                    .filter(|(_, v)| !v.is_null())
                    .all(|(k, v)| equivalent(v, &y[k]))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nulls_and_absent_members_are_alike_and_numbers_compare_by_value() {
        assert!(equivalent(&json!({"a": null, "b": 1}), &json!({"b": 1.0})));
        assert!(!equivalent(&json!({"a": 2, "b": 1}), &json!({"b": 1})));
        assert!(!equivalent(&json!(["x"]), &json!(["y"])));
    }

    #[test]
    fn a_failing_example_names_its_place() {
        let error = check_example::<i64>("#/components/examples/A/value", "\"a\"").unwrap_err();
        assert!(
            error.starts_with("#/components/examples/A/value: does not decode"),
            "{error}"
        );
        assert_eq!(check_example::<f64>("#/b", "1"), Ok(()));
    }
}
