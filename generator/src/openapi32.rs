//! OpenAPI 3.2's additions, rewritten into the shapes the rest of the pipeline reads (part of
//! normalize; a 3.0 or 3.1 document has none of them, and is left as it is):
//!
//! - `in: querystring` parameters (the whole query string as one value) → a `form`,
//!   `explode` query parameter of the same schema: an object's properties become the pairs of
//!   the query string, as `application/x-www-form-urlencoded` writes them.
//! - `itemSchema` of a streaming media type: for `text/event-stream` the event's `data`
//!   (its `contentSchema` where the data is JSON) becomes the `schema` that `events()` decodes
//!   each event's data as; for JSON Lines, NDJSON and JSON Text Sequences it becomes the
//!   `schema` of each item that `items()` yields.
//! - an example's `dataValue` (or, where it is JSON, its `serializedValue`) → its `value`,
//!   which example tests decode, marked with [`VALUE_FROM`] so that messages point at the
//!   key the spec wrote.
//! - a discriminator's `defaultMapping` (the member for tags it does not map) →
//!   [`DEFAULT_MAPPING`], an extension `openapiv3` keeps.
//! - the `query` method and `additionalOperations` of a path item → [`OPERATIONS`], an
//!   extension `openapiv3` keeps, which the IR reads as operations of those methods (done
//!   after the schemas inside them were normalized in place).

use crate::diagnostics::Diagnostics;
use crate::pointer;
use serde_json::{Map, Value};

/// The path item extension holding its operations of other methods, by method (`QUERY`,
/// `PURGE`).
pub const OPERATIONS: &str = "x-kapso-operations";

/// The tag extension holding a 3.2 tag's `parent` (which `openapiv3` does not keep).
pub const TAG_PARENT: &str = "x-kapso-parent";

/// The example extension naming the key its `value` was read from (`dataValue`,
/// `serializedValue`).
pub const VALUE_FROM: &str = "x-kapso-value-from";

/// The discriminator extension holding 3.2's `defaultMapping`.
pub const DEFAULT_MAPPING: &str = "x-kapso-default-mapping";

/// Rewrites `querystring` parameters and `itemSchema`s (before schemas are normalized), and
/// keeps tags' `parent`s.
pub fn before_schemas(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    if let Some(Value::Array(tags)) = root.get_mut("tags") {
        for tag in tags.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(parent) = tag.get("parent").cloned() {
                tag.insert(TAG_PARENT.into(), parent);
            }
        }
    }
    walk(root, &mut Vec::new(), &mut |object, path| {
        let at = || {
            path.iter()
                .fold("#".to_string(), |at, token| pointer::join(&at, token))
        };
        if object.get("in").and_then(Value::as_str) == Some("querystring") {
            query_string(object, &at(), diagnostics);
        }
        if let Some(Value::Object(examples)) = object.get_mut("examples") {
            example_values(examples);
        }
        if let Some(Value::Object(discriminator)) = object.get_mut("discriminator")
            && let Some(default) = discriminator.shift_remove("defaultMapping")
        {
            discriminator.insert(DEFAULT_MAPPING.into(), default);
        }
        if object.contains_key("itemSchema") {
            let media_type = path
                .last()
                .map(|token| token.to_string())
                .unwrap_or_default();
            item_schema(object, &media_type);
        }
    });
}

/// Moves every path item's `query` and `additionalOperations` into [`OPERATIONS`] (after
/// schemas are normalized).
pub fn after_schemas(root: &mut Map<String, Value>) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let Value::Object(item) = item else { continue };
        let mut operations = Map::new();
        if let Some(query) = item.shift_remove("query") {
            operations.insert("QUERY".into(), query);
        }
        if let Some(Value::Object(additional)) = item.shift_remove("additionalOperations") {
            for (method, operation) in additional {
                operations.insert(method.to_ascii_uppercase(), operation);
            }
        }
        if !operations.is_empty() {
            item.insert(OPERATIONS.into(), Value::Object(operations));
        }
    }
}

/// Where the IR finds the operation of `method` in the original document, for pointers.
pub fn operation_pointer(path_at: &str, method: &str) -> String {
    if method == "QUERY" {
        pointer::join(path_at, "query")
    } else {
        pointer::join(&pointer::join(path_at, "additionalOperations"), method)
    }
}

/// What [`walk`] does at each object, given the tokens of its pointer.
type Visit<'v> = dyn FnMut(&mut Map<String, Value>, &[String]) + 'v;

/// Visits every object of the document but data (`x-` extensions, examples), with the
/// tokens of its pointer (written out only where a visit needs it: the document is large).
fn walk(object: &mut Map<String, Value>, path: &mut Vec<String>, visit: &mut Visit<'_>) {
    visit(object, path);
    for (key, child) in object.iter_mut() {
        if key.starts_with("x-") || key == "example" || key == "examples" {
            continue;
        }
        match child {
            Value::Object(child) => {
                path.push(key.clone());
                walk(child, path, visit);
                path.pop();
            }
            Value::Array(items) => {
                path.push(key.clone());
                for (index, item) in items.iter_mut().enumerate() {
                    if let Value::Object(item) = item {
                        path.push(index.to_string());
                        walk(item, path, visit);
                        path.pop();
                    }
                }
                path.pop();
            }
            _ => {}
        }
    }
}

fn query_string(parameter: &mut Map<String, Value>, at: &str, diagnostics: &mut Diagnostics) {
    let schema = parameter.shift_remove("content").and_then(|content| {
        let Value::Object(content) = content else {
            return None;
        };
        let form = content.get("application/x-www-form-urlencoded").cloned();
        form.or_else(|| content.values().next().cloned())?
            .get("schema")
            .cloned()
    });
    let schema = schema
        .or_else(|| parameter.get("schema").cloned())
        .unwrap_or_else(|| Value::Object(Map::new()));
    let is_object = schema.get("$ref").is_some()
        || schema.get("type").and_then(Value::as_str) == Some("object")
        || schema.get("properties").is_some();
    if !is_object {
        diagnostics.warning(
            pointer::join(at, "in"),
            "a `querystring` parameter whose schema is not an object is sent as one `name=value` pair",
        );
    }
    parameter.insert("in".into(), Value::String("query".into()));
    parameter.insert("style".into(), Value::String("form".into()));
    parameter.insert("explode".into(), Value::Bool(true));
    parameter.insert("schema".into(), schema);
}

/// Each example object of `examples` (a map of them) without a `value` gets its `dataValue`,
/// else its `serializedValue` where that is JSON text.
fn example_values(examples: &mut Map<String, Value>) {
    for example in examples.values_mut().filter_map(Value::as_object_mut) {
        if example.contains_key("value") {
            continue;
        }
        let (from, value) = match (example.get("dataValue"), example.get("serializedValue")) {
            (Some(data), _) => ("dataValue", data.clone()),
            (None, Some(Value::String(text))) => match serde_json::from_str(text) {
                Ok(value) => ("serializedValue", value),
                Err(_) => continue,
            },
            _ => continue,
        };
        example.insert("value".into(), value);
        example.insert(VALUE_FROM.into(), Value::String(from.into()));
    }
}

/// `media_type`: the key of the media type object.
fn item_schema(media: &mut Map<String, Value>, media_type: &str) {
    let Some(item) = media.shift_remove("itemSchema") else {
        return;
    };
    if media.contains_key("schema") {
        return;
    }
    let is_event_stream = media_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/event-stream"));
    // An event's `data`: its JSON schema where it says so, else the data as text.
    let data = item.get("properties").and_then(|p| p.get("data"));
    let schema = match data {
        Some(data) if is_event_stream => data
            .get("contentSchema")
            .cloned()
            .unwrap_or_else(|| data.clone()),
        _ => item,
    };
    media.insert("schema".into(), schema);
}
