//! Typos in a spec: an unknown `type`, and keys OpenAPI 3.0 does not know in its schema,
//! operation, parameter and response objects — each told with the nearest known name.

use crate::diagnostics::Diagnostics;
use crate::pointer;
use serde_json::{Map, Value};

/// The values of a schema's `type`.
const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// Keys of an OpenAPI 3.0 Schema object, and the JSON Schema 2020-12 keywords that 3.0 specs
/// use anyway (and this generator reads): a key outside both is most likely a typo.
const SCHEMA_KEYS: &[&str] = &[
    "$ref",
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
    // JSON Schema keywords beyond 3.0's subset.
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$defs",
    "$comment",
    "definitions",
    "const",
    "examples",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "if",
    "then",
    "else",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

const OPERATION_KEYS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];

const PARAMETER_KEYS: &[&str] = &[
    "$ref",
    "name",
    "in",
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
];

const RESPONSE_KEYS: &[&str] = &["$ref", "description", "headers", "content", "links"];

/// The HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// ` (did you mean `x`?)` for the known name nearest to `wrong`, or nothing when none is near.
pub fn did_you_mean<'k>(wrong: &str, known: impl IntoIterator<Item = &'k str>) -> String {
    nearest(wrong, known)
        .map(|name| format!(" (did you mean `{name}`?)"))
        .unwrap_or_default()
}

/// The known name nearest to `wrong` by edit distance (ties: the first in order), if it is
/// near enough to be what was meant.
pub fn nearest<'k>(wrong: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let wrong_lower = wrong.to_lowercase();
    known
        .into_iter()
        .map(|name| {
            let distance = strsim::damerau_levenshtein(&wrong_lower, &name.to_lowercase());
            (distance, name)
        })
        // Near: a third of the name may differ (one letter in short ones), but never all.
        .filter(|(distance, name)| {
            *distance <= (name.chars().count() / 3).max(1) && *distance < wrong.chars().count()
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// An unknown `type` is an error: the schema would silently become any JSON value. (It stays
/// in the document: the run goes on to report other problems, and then stops.)
pub fn check_type(schema: &Map<String, Value>, at: &str, diagnostics: &mut Diagnostics) {
    let at = pointer::join(at, "type");
    let types: Vec<(&str, String)> = match schema.get("type") {
        Some(Value::String(ty)) => vec![(ty.as_str(), at)],
        Some(Value::Array(types)) => types
            .iter()
            .enumerate()
            .filter_map(|(i, ty)| Some((ty.as_str()?, pointer::join(&at, &i.to_string()))))
            .collect(),
        _ => return,
    };
    for (ty, ty_at) in types {
        if !TYPES.contains(&ty) {
            diagnostics.error(
                ty_at,
                format!(
                    "unknown type `{ty}`{}; a type is one of {}",
                    did_you_mean(ty, TYPES.iter().copied()),
                    TYPES.join(", ")
                ),
            );
        }
    }
}

/// Keys of a 3.0 schema that neither OpenAPI nor JSON Schema knows (3.0 allows only `x-`
/// extensions besides its keywords).
pub fn check_schema_keys(schema: &Map<String, Value>, at: &str, diagnostics: &mut Diagnostics) {
    unknown_keys(schema, at, SCHEMA_KEYS, "a schema", diagnostics);
}

/// Unknown keys of the operation, parameter and response objects of a 3.0 document.
pub fn check_objects(document: &Value, diagnostics: &mut Diagnostics) {
    let mut check = |value: &Value, at: &str, known: &[&str], what: &str| {
        if let Value::Object(object) = value {
            unknown_keys(object, at, known, what, diagnostics);
        }
    };
    for (key, parameter) in entries(document.pointer("/components/parameters")) {
        let at = pointer::join("#/components/parameters", key);
        check(parameter, &at, PARAMETER_KEYS, "a parameter");
    }
    for (key, response) in entries(document.pointer("/components/responses")) {
        let at = pointer::join("#/components/responses", key);
        check(response, &at, RESPONSE_KEYS, "a response");
    }
    for (path, item) in entries(document.get("paths")) {
        let path_at = pointer::join("#/paths", path);
        for (index, parameter) in list(item.get("parameters")) {
            let at = pointer::join(&pointer::join(&path_at, "parameters"), &index);
            check(parameter, &at, PARAMETER_KEYS, "a parameter");
        }
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let at = pointer::join(&path_at, method);
            check(operation, &at, OPERATION_KEYS, "an operation");
            for (index, parameter) in list(operation.get("parameters")) {
                let parameter_at = pointer::join(&pointer::join(&at, "parameters"), &index);
                check(parameter, &parameter_at, PARAMETER_KEYS, "a parameter");
            }
            let responses_at = pointer::join(&at, "responses");
            for (status, response) in entries(operation.get("responses")) {
                let response_at = pointer::join(&responses_at, status);
                check(response, &response_at, RESPONSE_KEYS, "a response");
            }
        }
    }
}

fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

fn list(value: Option<&Value>) -> impl Iterator<Item = (String, &Value)> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(index, item)| (index.to_string(), item))
}

fn unknown_keys(
    object: &Map<String, Value>,
    at: &str,
    known: &[&str],
    what: &str,
    diagnostics: &mut Diagnostics,
) {
    for key in object.keys() {
        if key.starts_with("x-") || known.contains(&key.as_str()) {
            continue;
        }
        diagnostics.warning(
            pointer::join(at, key),
            format!(
                "unknown key `{key}` in {what}{}: OpenAPI 3.0 allows only its own keys and \
                 `x-` extensions here; it is ignored",
                did_you_mean(key, known.iter().copied())
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_nearest_name_is_suggested_when_it_is_near() {
        assert_eq!(nearest("strin", TYPES.iter().copied()), Some("string"));
        assert_eq!(nearest("integr", TYPES.iter().copied()), Some("integer"));
        assert_eq!(
            nearest("requried", SCHEMA_KEYS.iter().copied()),
            Some("required")
        );
        assert_eq!(
            nearest("nulable", SCHEMA_KEYS.iter().copied()),
            Some("nullable")
        );
        assert_eq!(
            nearest("descripton", SCHEMA_KEYS.iter().copied()),
            Some("description")
        );
        assert_eq!(nearest("zebra", TYPES.iter().copied()), None);
        assert_eq!(nearest("B", ["A"]), None);
    }

    #[test]
    fn unknown_types_are_errors_with_a_suggestion() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        let schema = json!({"type": ["strin", "null"]});
        check_type(
            schema.as_object().unwrap(),
            "#/components/schemas/A",
            &mut diagnostics,
        );
        assert_eq!(
            diagnostics.to_string(),
            "error: spec.yaml: #/components/schemas/A/type/0: unknown type `strin` (did you mean \
             `string`?); a type is one of string, number, integer, boolean, array, object, null\n"
        );
    }

    #[test]
    fn unknown_keys_of_3_0_objects_are_warnings() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        let document = json!({"paths": {"/a": {"get": {
            "operationID": "a",
            "parameters": [{"name": "q", "in": "query", "requried": true}],
            "responses": {"200": {"descripton": "ok", "x-fine": 1}}
        }}}});
        check_objects(&document, &mut diagnostics);
        let text = diagnostics.to_string();
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.contains("#/paths/~1a/get/operationID: unknown key `operationID` in an"));
        assert!(text.contains("(did you mean `operationId`?)"), "{text}");
        assert!(text.contains("/parameters/0/requried: unknown key `requried` in a parameter (did you mean `required`?)"), "{text}");
        assert!(text.contains("/responses/200/descripton"), "{text}");
    }
}
