//! Load: spec text (YAML or JSON, told apart by content) into a `serde_json::Value`.

use crate::diagnostics::Diagnostics;
use serde_json::Value;

/// Parses spec text; JSON when the first meaningful character opens an object or array,
/// YAML otherwise (whatever the file is called).
pub fn parse_text(text: &str, diagnostics: &mut Diagnostics) -> Option<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let looks_like_json = text.trim_start().starts_with(['{', '[']);
    if looks_like_json {
        match serde_json::from_str(text) {
            Ok(value) => Some(value),
            Err(error) => {
                diagnostics.error(
                    "#",
                    format!(
                        "invalid JSON at line {} column {}: {error}",
                        error.line(),
                        error.column()
                    ),
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
        Err(error) => {
            diagnostics.error("#", format!("cannot read the spec: {error}"));
            return None;
        }
    };
    match String::from_utf8(bytes) {
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
    // Through serde_yaml's own value, because YAML keys may be numbers (`200:` under
    // `responses`) where a JSON object needs strings.
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(yaml) => Some(yaml_to_json(yaml)),
        Err(error) => {
            let place = error
                .location()
                .map(|l| format!(" at line {} column {}", l.line(), l.column()))
                .unwrap_or_default();
            diagnostics.error("#", format!("invalid YAML{place}: {error}"));
            None
        }
    }
}

fn yaml_to_json(yaml: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Yaml;
    match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(key, value)| (yaml_key(key), yaml_to_json(value)))
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_key(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "null".to_string(),
        other => serde_yaml::to_string(&other)
            .map(|s| s.trim_end().to_string())
            .unwrap_or_default(),
    }
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
    fn invalid_yaml_is_located() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        assert!(parse_text("a: [1, 2\nb: c", &mut diagnostics).is_none());
        let message = diagnostics.to_string();
        assert!(
            message.starts_with("error: spec.yaml: #: invalid YAML at line"),
            "{message}"
        );
    }
}
