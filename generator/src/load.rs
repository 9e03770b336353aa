//! Load: spec text (YAML or JSON, told apart by content) into a `serde_json::Value`.

use crate::diagnostics::Diagnostics;
use crate::yaml_errors;
use serde_json::Value;

/// Parses spec text; JSON when the first meaningful character opens an object or array,
/// YAML otherwise (whatever the file is called).
pub fn parse_text(text: &str, diagnostics: &mut Diagnostics) -> Option<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let looks_like_json = text.trim_start().starts_with(['{', '[']);
    if looks_like_json {
        match serde_json::from_str::<SpecValue>(text) {
            Ok(SpecValue(value)) => Some(value),
            Err(error) => {
                let message = error.to_string();
                // serde_json appends " at line L column C"; the location says it already.
                let message = message.split(" at line ").next().unwrap_or(&message);
                diagnostics.error_at(
                    "#",
                    (error.line(), error.column()),
                    format!("invalid JSON: {message}"),
                );
                None
            }
        }
    } else {
        parse_yaml(text, diagnostics)
    }
}

/// Reads a file as UTF-8 and parses it; problems become diagnostics against the file.
pub fn read(path: &std::path::Path, diagnostics: &mut Diagnostics) -> Option<Value> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(_) if path.is_dir() => {
            diagnostics.error("#", "is a directory, not a spec file");
            return None;
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            diagnostics.error("#", "does not exist");
            return None;
        }
        Err(error) => {
            diagnostics.error("#", format!("cannot read the spec: {error}"));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) if text.trim().is_empty() => {
            diagnostics.error("#", "the file is empty: expected an OpenAPI document");
            None
        }
        Ok(text) => parse_text(&text, diagnostics),
        Err(error) => {
            diagnostics.error(
                "#",
                format!(
                    "the spec is not UTF-8 text (invalid byte at offset {})",
                    error.utf8_error().valid_up_to()
                ),
            );
            None
        }
    }
}

fn parse_yaml(text: &str, diagnostics: &mut Diagnostics) -> Option<Value> {
    match serde_yaml::from_str::<SpecValue>(text) {
        Ok(SpecValue(value)) => Some(value),
        Err(error) => {
            let message = error.to_string();
            // serde_yaml appends " at line L column C"; the location says it already.
            let message = message.split(" at line ").next().unwrap_or(&message);
            let location = error.location().map(|l| (l.line(), l.column()));
            let location = match (location, yaml_errors::duplicate_key(message)) {
                (Some(mapping), Some(key)) => Some(yaml_errors::key_line(text, mapping, key)),
                (location, _) if message.contains("repetition limit") => {
                    location.or_else(|| yaml_errors::bomb_alias(text))
                }
                (location, _) => location,
            };
            let message = format!("invalid YAML: {message}");
            match location {
                Some(location) => diagnostics.error_at("#", location, message),
                None => diagnostics.error("#", message),
            }
            None
        }
    }
}

/// A JSON value read from YAML or JSON: keys that YAML lets be numbers or booleans (`200:`
/// under `responses`) become strings, integers beyond 64 bits become floats (where
/// `serde_json::Value` would refuse both), and a key given twice in one object is an error.
/// Arrays and objects are sized once, to what they hold: their members are gathered on a
/// stack shared by the whole document first, so no collection keeps the spare room of growing
/// (a large document's values are most of a run's memory; GitHub's 87 → 65 MiB).
struct SpecValue(Value);

impl<'de> serde::Deserialize<'de> for SpecValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut members = Members::default();
        deserializer
            .deserialize_any(SpecValueVisitor(&mut members))
            .map(SpecValue)
    }
}

/// The members of the arrays and objects being read, innermost last.
#[derive(Default)]
struct Members {
    items: Vec<Value>,
    entries: Vec<(String, Value)>,
}

struct SpecValueVisitor<'m>(&'m mut Members);

impl<'de> serde::de::DeserializeSeed<'de> for SpecValueVisitor<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for SpecValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let members = self.0;
        let start = members.items.len();
        while let Some(item) = seq.next_element_seed(SpecValueVisitor(members))? {
            members.items.push(item);
        }
        Ok(Value::Array(members.items.drain(start..).collect()))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let members = self.0;
        let start = members.entries.len();
        // A large object (rare) is built as it is read, for a quick check of repeated keys.
        let mut large: Option<serde_json::Map<String, Value>> = None;
        while let Some(key) = map.next_key_seed(SpecValueVisitor(&mut *members))? {
            let key = match key {
                Value::String(key) => key,
                other => other.to_string(),
            };
            let value = map.next_value_seed(SpecValueVisitor(&mut *members))?;
            let repeated = match &large {
                Some(object) => object.contains_key(&key),
                None => members.entries[start..].iter().any(|(k, _)| *k == key),
            };
            // Both parsers would keep the last of two equal keys without a word.
            if repeated {
                return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
            }
            match &mut large {
                Some(object) => {
                    object.insert(key, value);
                }
                None => {
                    members.entries.push((key, value));
                    if members.entries.len() - start > LARGE_OBJECT {
                        large = Some(members.entries.drain(start..).collect());
                    }
                }
            }
        }
        let object = large.unwrap_or_else(|| members.entries.drain(start..).collect());
        Ok(Value::Object(object))
    }
}

/// Members beyond which an object is built as it is read ([`SpecValueVisitor::visit_map`]).
const LARGE_OBJECT: usize = 32;

/// NaN and infinities have no JSON form; they read as `null`.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_json_from_yaml_by_content() {
        let mut diagnostics = Diagnostics::new("spec");
        let json = parse_text(" {\"openapi\": \"3.1.0\"}", &mut diagnostics).unwrap();
        let yaml = parse_text("openapi: 3.1.0\n", &mut diagnostics).unwrap();
        assert_eq!(json, yaml);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn numeric_yaml_keys_become_strings() {
        let mut diagnostics = Diagnostics::new("spec");
        let value = parse_text(
            "responses:\n  200:\n    description: ok\n",
            &mut diagnostics,
        )
        .unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn huge_integers_and_boolean_keys_are_read() {
        let mut diagnostics = Diagnostics::new("spec");
        let value = parse_text(
            "minimum: -9223372036854776000\ntrue: yes\n",
            &mut diagnostics,
        )
        .unwrap();
        assert_eq!(value["minimum"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(value["true"], "yes");
    }

    #[test]
    fn duplicate_keys_are_errors_in_both_formats() {
        for text in ["a: 1\nb: 2\na: 3\n", "{\"a\": 1, \"b\": 2, \"a\": 3}"] {
            let mut diagnostics = Diagnostics::new("spec");
            assert!(parse_text(text, &mut diagnostics).is_none());
            let message = diagnostics.to_string();
            assert!(message.contains("duplicate key `a`"), "{message}");
            let located = diagnostics
                .iter()
                .all(|d| d.location.is_some_and(|(line, _)| line == 1 || line == 3));
            assert!(located, "{message}");
        }
    }

    /// The first diagnostic of reading `text`, which must fail with a message that says `says`.
    fn first_error(file: &str, text: &str, says: &str) -> crate::Diagnostic {
        let mut diagnostics = Diagnostics::new(file);
        assert!(parse_text(text, &mut diagnostics).is_none());
        let diagnostic = diagnostics.iter().next().expect("an error").clone();
        assert!(diagnostic.message.contains(says), "{diagnostic}");
        diagnostic
    }

    #[test]
    fn a_repeated_key_is_reported_where_it_is_read_in_small_and_large_objects() {
        for members in [2, 40] {
            let mut text = String::from("{\n  \"outer\": {\n");
            for n in 0..members {
                text.push_str(&format!("    \"k{n}\": {n},\n"));
            }
            // The repeated key on line `members + 3`, then more members.
            text.push_str("    \"k1\": [1, 2],\n");
            for n in 0..members {
                text.push_str(&format!("    \"later{n}\": {n},\n"));
            }
            text.push_str("    \"last\": 0\n  }\n}\n");
            let diagnostic = first_error("spec.json", &text, "duplicate key `k1`");
            let line = diagnostic.location.map_or(0, |(line, _)| line);
            assert!((members + 3..=members + 4).contains(&line), "{diagnostic}");
        }
        let mut diagnostics = Diagnostics::new("spec.json");
        let keys: Vec<String> = (0..40).map(|n| format!("\"k{n}\": [{n}]")).collect();
        let value = parse_text(&format!("{{{}}}", keys.join(", ")), &mut diagnostics).unwrap();
        let object = value.as_object().unwrap();
        assert_eq!(object.len(), 40);
        assert_eq!(object.keys().nth(39).map(String::as_str), Some("k39"));
        assert_eq!(value["k33"][0], 33);
    }

    #[test]
    fn invalid_yaml_is_located() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        assert!(parse_text("a: [1, 2\nb: c", &mut diagnostics).is_none());
        let message = diagnostics.to_string();
        assert!(
            message.starts_with("error: spec.yaml:2:2: invalid YAML: "),
            "{message}"
        );
        assert!(!message.contains("at line"), "{message}");
    }

    #[test]
    fn a_duplicate_key_is_reported_at_its_own_line() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        let text = "components:\n  schemas:\n    A:\n      type: object\n      # note\n      type: string\n";
        assert!(parse_text(text, &mut diagnostics).is_none());
        let message = diagnostics.to_string();
        assert!(
            message.starts_with("error: spec.yaml:6:7: invalid YAML: ")
                && message.contains("duplicate key `type`"),
            "{message}"
        );
    }

    #[test]
    fn an_alias_bomb_is_reported_at_an_alias_line() {
        let mut text =
            String::from("openapi: 3.1.0\nx-bomb:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
        let levels = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in levels.windows(2) {
            let aliases = vec![format!("*{}", pair[0]); 9].join(", ");
            text.push_str(&format!("  {}: &{} [{aliases}]\n", pair[1], pair[1]));
        }
        let diagnostic = first_error("spec.yaml", &text, "repetition limit");
        let (line, _) = diagnostic.location.expect("the line of an alias");
        assert!(
            text.lines().nth(line - 1).is_some_and(|l| l.contains('*')),
            "{diagnostic}"
        );
    }
}
