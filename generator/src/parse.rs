//! Parse: the normalized document into `openapiv3`'s typed model, with a located error.

use crate::diagnostics::Diagnostics;
use crate::keywords::{self, Context};
use crate::pointer;
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;
use std::collections::BTreeMap;

/// The document as the IR reads it.
#[derive(Debug)]
pub struct Parsed {
    pub api: openapiv3::OpenAPI,
    pub webhooks: Webhooks,
    pub pointed: PointedSchemas,
    /// Operations of methods other than the eight a 3.0 path item has (OpenAPI 3.2's `query`
    /// and `additionalOperations`), by path: (method in capitals, operation).
    pub other_methods: BTreeMap<String, Vec<(String, openapiv3::Operation)>>,
}

/// Reads the normalized document: `openapiv3`'s model, the webhooks, and the schemas that
/// `$ref`s point at inside other objects.
pub fn document(document: &Value, diagnostics: &mut Diagnostics) -> Option<Parsed> {
    let api = parse(document, diagnostics)?;
    Some(Parsed {
        api,
        webhooks: webhooks(document, diagnostics),
        pointed: tuple_items(
            document,
            pointed_schemas(document, diagnostics),
            diagnostics,
        ),
        other_methods: other_methods(document, diagnostics),
    })
}

/// The operations [`crate::openapi32::after_schemas`] set aside, read as operations.
fn other_methods(
    document: &Value,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Vec<(String, openapiv3::Operation)>> {
    let mut found = BTreeMap::new();
    let Some(Value::Object(paths)) = document.get("paths") else {
        return found;
    };
    for (path, item) in paths {
        let Some(Value::Object(operations)) = item.get(crate::openapi32::OPERATIONS) else {
            continue;
        };
        let path_at = pointer::join("#/paths", path);
        let mut read = Vec::new();
        for (method, operation) in operations {
            let at = crate::openapi32::operation_pointer(&path_at, method);
            if http::Method::from_bytes(method.as_bytes()).is_err() {
                diagnostics.error(&at, format!("`{method}` is not an HTTP method name"));
                continue;
            }
            match deserialize::<openapiv3::Operation>(operation, &at) {
                Ok(operation) => read.push((method.clone(), operation)),
                Err((pointer, message)) => diagnostics.error(pointer, message),
            }
        }
        found.insert(path.clone(), read);
    }
    found
}

/// Schemas that `$ref`s point at somewhere other than a whole `components/schemas` entry
/// (`#/components/schemas/A/properties/b`, `#/components/parameters/P/schema`,
/// `#/paths/~1pets/get/responses/200/content/application~1json/schema`…), by their pointer
/// (one spelling per location: `~0`/`~1` escapes only, no percent escapes).
#[derive(Debug, Default)]
pub struct PointedSchemas {
    schemas: BTreeMap<String, ReferenceOr<Schema>>,
    /// Locations `$ref`s in schema positions point at that hold no schema: what is there.
    elsewhere: BTreeMap<String, String>,
}

impl PointedSchemas {
    /// The schema at `pointer` (`~0`/`~1` escapes only).
    pub fn get(&self, pointer: &str) -> Option<&ReferenceOr<Schema>> {
        self.schemas.get(pointer)
    }

    /// Reads the schema `value` at `at` (an error where it is none).
    fn read(&mut self, value: &Value, at: String, diagnostics: &mut Diagnostics) {
        match deserialize::<ReferenceOr<Schema>>(value, &at) {
            Ok(schema) => {
                self.schemas.insert(at, schema);
            }
            Err((error_at, message)) => {
                diagnostics.error(error_at, format!("not a valid schema here: {message}"));
            }
        }
    }

    /// What is at `pointer` where a `$ref` to it expected a schema.
    pub fn not_a_schema(&self, pointer: &str) -> Option<&str> {
        self.elsewhere.get(pointer).map(String::as_str)
    }
}

fn pointed_schemas(document: &Value, diagnostics: &mut Diagnostics) -> PointedSchemas {
    let mut references = Vec::new();
    collect_schema_refs(document, Node::Root, Context::Document, &mut references);
    let mut pointed = PointedSchemas::default();
    for reference in references {
        if pointer::component_key(reference, "schemas").is_some() {
            continue;
        }
        let Some(tokens) = pointer::tokens(reference) else {
            continue;
        };
        let at = pointer::from_tokens(&tokens);
        if pointed.schemas.contains_key(&at) || pointed.elsewhere.contains_key(&at) {
            continue;
        }
        // A pointer that leads nowhere is reported where the IR meets the `$ref`.
        let Some(target) = document.pointer(&at[1..]) else {
            continue;
        };
        if !keywords::is_schema_location(&tokens) {
            pointed.elsewhere.insert(at, what_is_at(&tokens));
            continue;
        }
        pointed.read(target, at, diagnostics);
    }
    pointed
}

/// Adds the items of the tuple schemas normalize found ([`crate::normalize::TUPLES`]) to
/// `pointed`, at their `prefixItems/{index}` pointers.
fn tuple_items(
    document: &Value,
    mut pointed: PointedSchemas,
    diagnostics: &mut Diagnostics,
) -> PointedSchemas {
    let Some(Value::Array(tuples)) = document.get(crate::normalize::TUPLES) else {
        return pointed;
    };
    for at in tuples.iter().filter_map(Value::as_str) {
        let items = document
            .pointer(at.strip_prefix('#').unwrap_or(at))
            .and_then(|tuple| tuple.get(crate::normalize::PREFIX_ITEMS))
            .and_then(Value::as_array);
        for (index, item) in items.into_iter().flatten().enumerate() {
            let item_at = format!("{}/{index}", pointer::join(at, "prefixItems"));
            pointed.read(item, item_at, diagnostics);
        }
    }
    pointed
}

/// Every `$ref` in a schema position of the document, in document order. (No pointers are
/// spelled out on the way: this walks every node of the largest specs.)
fn collect_schema_refs<'v>(
    value: &'v Value,
    node: Node,
    context: Context,
    references: &mut Vec<&'v str>,
) {
    match value {
        Value::Object(object) => {
            if context == Context::Schema {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    references.push(reference);
                }
            }
            for (key, child) in object {
                if let Some(child_context) = context.child_of(key, node == Node::Components) {
                    let child_node = match (node, key.as_str()) {
                        (Node::Root, "components") => Node::Components,
                        _ => Node::Other,
                    };
                    collect_schema_refs(child, child_node, child_context, references);
                }
            }
        }
        Value::Array(items) => {
            let item_context = match context {
                Context::SchemaList => Context::Schema,
                other => other,
            };
            for item in items {
                collect_schema_refs(item, Node::Other, item_context, references);
            }
        }
        _ => {}
    }
}

/// Where a node is, as far as telling `components/schemas` apart goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Node {
    Root,
    Components,
    Other,
}

/// What a location that is not a schema holds, for an error message.
fn what_is_at(tokens: &[String]) -> String {
    let strings: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let what = match strings.as_slice() {
        ["components", "parameters", _] => "a parameter",
        ["components", "responses", _] => "a response",
        ["components", "requestBodies", _] => "a request body",
        ["components", "headers", _] => "a header",
        ["components", "examples", _] => "an example",
        ["components", "securitySchemes", _] => "a security scheme",
        ["paths", _] => "a path item",
        ["paths", _, _] => "an operation",
        [.., "parameters", _] => "a parameter",
        [.., "responses", _] => "a response",
        [.., "requestBody"] => "a request body",
        [.., "content", _] => "a media type",
        _ => "something that is not a schema",
    };
    what.to_string()
}

/// OpenAPI 3.1 `webhooks`, which `openapiv3` does not read: name → path item.
pub type Webhooks = indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>;

/// The 3.1 `webhooks` of a normalized document.
fn webhooks(document: &Value, diagnostics: &mut Diagnostics) -> Webhooks {
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

/// `openapiv3`'s model of the document.
pub fn parse(document: &Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    // Tracking the path costs time on every node; it is only needed to locate an error.
    if let Some(api) = read_unlocated(document) {
        return Some(api);
    }
    match deserialize::<openapiv3::OpenAPI>(document, "#") {
        Ok(api) => Some(api),
        Err((at, message)) => {
            // `openapiv3`'s objects that keep `x-` extensions (`flatten`) hide where below
            // them the error is: find it by reading their parts one by one.
            let (at, message) = narrow(document, &at, Part::of(&at)).unwrap_or((at, message));
            diagnostics.error(at, format!("not a valid OpenAPI document here: {message}"));
            None
        }
    }
}

/// The document read without tracking where an error is (`None` on any error): the schemas
/// of its components on a second thread while the rest (the paths, the other components) is
/// read here, as they are commonly the two halves of a document.
fn read_unlocated(document: &Value) -> Option<openapiv3::OpenAPI> {
    use serde::Deserialize;
    use serde::de::value::MapDeserializer;
    type Schemas = indexmap::IndexMap<String, ReferenceOr<Schema>>;
    let object = document.as_object()?;
    let components = match object.get("components") {
        Some(components) => Some(components.as_object()?),
        None => None,
    };
    fn without<'v>(
        object: &'v serde_json::Map<String, Value>,
        left_out: &'static str,
    ) -> MapDeserializer<'v, impl Iterator<Item = (&'v str, &'v Value)>, serde_json::Error> {
        let members = object
            .iter()
            .filter(move |(key, _)| *key != left_out)
            .map(|(key, value)| (key.as_str(), value));
        MapDeserializer::new(members)
    }
    std::thread::scope(|scope| {
        let schemas = components
            .and_then(|components| components.get("schemas"))
            .map(|schemas| scope.spawn(move || Schemas::deserialize(schemas).ok()));
        let mut api = openapiv3::OpenAPI::deserialize(without(object, "components")).ok()?;
        if let Some(components) = components {
            let mut read =
                openapiv3::Components::deserialize(without(components, "schemas")).ok()?;
            if let Some(schemas) = schemas {
                read.schemas = schemas.join().ok()??;
            }
            api.components = Some(read);
        }
        Some(api)
    })
}

/// The kind of object at a pointer, for [`narrow`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Paths,
    PathItem,
    Operation,
    Responses,
    Response,
    Components,
    Schema,
    Other,
}

impl Part {
    /// What the object at `at` is, by its place.
    fn of(at: &str) -> Part {
        let tokens = pointer::tokens(at).unwrap_or_default();
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        match tokens.as_slice() {
            ["paths"] => Part::Paths,
            ["paths", _] => Part::PathItem,
            ["paths", _, _] => Part::Operation,
            ["paths", _, _, "responses"] | ["components", "responses"] => Part::Responses,
            ["paths", _, _, "responses", _] | ["components", "responses", _] => Part::Response,
            ["components"] => Part::Components,
            ["components", "schemas", _] => Part::Schema,
            _ => Part::Other,
        }
    }
}

/// The exact place of a shape error inside the object at `at` (of kind `part`): each member
/// read alone as the type it must have, the first that fails narrowed in turn.
fn narrow(document: &Value, at: &str, part: Part) -> Option<(String, String)> {
    let value = document.pointer(at.strip_prefix('#')?)?;
    let object = value.as_object()?;
    for (key, member) in object {
        if key.starts_with("x-") {
            continue;
        }
        let member_at = pointer::join(at, key);
        let failed = match (part, key.as_str()) {
            (Part::Paths, _) => check::<ReferenceOr<openapiv3::PathItem>>(member, &member_at)
                .map(|(a, m)| narrow(document, &a, Part::of(&a)).unwrap_or((a, m))),
            (Part::PathItem, "parameters") => {
                check::<Vec<ReferenceOr<openapiv3::Parameter>>>(member, &member_at)
            }
            (Part::PathItem, "servers") => check::<Vec<openapiv3::Server>>(member, &member_at),
            (Part::PathItem, "summary" | "description" | "$ref") => None,
            (Part::PathItem, _) => check::<openapiv3::Operation>(member, &member_at)
                .map(|(a, m)| narrow(document, &member_at, Part::Operation).unwrap_or((a, m))),
            (Part::Operation, "parameters") => {
                check::<Vec<ReferenceOr<openapiv3::Parameter>>>(member, &member_at)
            }
            (Part::Operation, "requestBody") => {
                check::<ReferenceOr<openapiv3::RequestBody>>(member, &member_at)
            }
            (Part::Operation, "security") => {
                check::<Vec<openapiv3::SecurityRequirement>>(member, &member_at)
            }
            (Part::Operation, "responses") => check::<openapiv3::Responses>(member, &member_at)
                .map(|(a, m)| narrow(document, &member_at, Part::Responses).unwrap_or((a, m))),
            (Part::Operation, _) => None,
            (Part::Responses, _) => check::<ReferenceOr<openapiv3::Response>>(member, &member_at)
                .map(|(a, m)| narrow(document, &member_at, Part::Response).unwrap_or((a, m))),
            (Part::Response, "headers") => check::<
                indexmap::IndexMap<String, ReferenceOr<openapiv3::Header>>,
            >(member, &member_at),
            (Part::Response, "content") => {
                check::<indexmap::IndexMap<String, openapiv3::MediaType>>(member, &member_at)
            }
            (Part::Response, _) => None,
            (Part::Components, "schemas") => member.as_object().and_then(|schemas| {
                schemas.iter().find_map(|(name, schema)| {
                    let schema_at = pointer::join(&member_at, name);
                    check::<ReferenceOr<Schema>>(schema, &schema_at)
                        .map(|(a, m)| narrow(document, &schema_at, Part::Schema).unwrap_or((a, m)))
                })
            }),
            (Part::Components, "responses") => narrow(document, &member_at, Part::Responses),
            (Part::Components, _) => check::<openapiv3::Components>(
                &serde_json::json!({ key.as_str(): member }),
                "#/components",
            ),
            (Part::Schema, "properties") => member.as_object().and_then(|properties| {
                properties.iter().find_map(|(name, property)| {
                    let property_at = pointer::join(&member_at, name);
                    check::<ReferenceOr<Box<Schema>>>(property, &property_at).map(|(a, m)| {
                        narrow(document, &property_at, Part::Schema).unwrap_or((a, m))
                    })
                })
            }),
            (Part::Schema, "items" | "additionalProperties" | "not") => {
                check::<ReferenceOr<Box<Schema>>>(member, &member_at)
                    .map(|(a, m)| narrow(document, &member_at, Part::Schema).unwrap_or((a, m)))
            }
            (Part::Schema, "allOf" | "oneOf" | "anyOf") => member.as_array().and_then(|parts| {
                parts.iter().enumerate().find_map(|(index, part)| {
                    let part_at = pointer::join(&member_at, &index.to_string());
                    check::<ReferenceOr<Schema>>(part, &part_at)
                        .map(|(a, m)| narrow(document, &part_at, Part::Schema).unwrap_or((a, m)))
                })
            }),
            (Part::Schema | Part::Other, _) => None,
        };
        if failed.is_some() {
            return failed;
        }
    }
    None
}

/// The located error of reading `value` as a `T`, if it is not one.
fn check<T: serde::de::DeserializeOwned>(value: &Value, at: &str) -> Option<(String, String)> {
    deserialize::<T>(value, at).err()
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
            "error: kapso.yaml: #/components/schemas/InboxEmbed/properties/name: not a valid \
             OpenAPI document here: invalid type: sequence, expected a string\n"
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
