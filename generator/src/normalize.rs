//! Normalize: rewrites an OpenAPI 3.1 document (JSON Schema 2020-12 schemas) into the 3.0
//! shape that `openapiv3` reads, so one reader serves both versions.
//!
//! Only schema positions are rewritten (`components/schemas/*`, every `schema` key, and the
//! subschemas inside them); examples, defaults and `x-` extensions are data and stay as
//! written.

use crate::diagnostics::Diagnostics;
use crate::keywords::{SUBSCHEMA_KEYS, SUBSCHEMA_LIST_KEYS, SUBSCHEMA_MAP_KEYS};
use crate::pointer;
use crate::spelling;
use serde_json::{Map, Value};

/// Rewrites `document` in place. Returns whether the document can be read on: `false` where
/// it is no OpenAPI 3 document at all. Errors in its parts (an unknown `type`) are reported
/// and the rest is read, so that later stages report their problems in the same run.
pub fn normalize(document: &mut Value, diagnostics: &mut Diagnostics) -> bool {
    let Some(root) = document.as_object_mut() else {
        diagnostics.error(
            "#",
            "the spec is not an object: expected an OpenAPI document",
        );
        return false;
    };
    let Some(version_3_1) = check_version(root, diagnostics) else {
        return false;
    };
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(Value::Object(components)) = root.get("components") {
        for key in components.keys() {
            if !COMPONENT_KINDS.contains(&key.as_str()) && !key.starts_with("x-") {
                diagnostics.warning(
                    pointer::join("#/components", key),
                    format!("`components/{key}` is not part of OpenAPI; it is ignored"),
                );
            }
        }
    }
    crate::openapi32::before_schemas(root, diagnostics);
    null_scopes_as_none(root, diagnostics);
    mutual_tls_schemes(root);
    refs_to_the_wrong_kind(root, diagnostics);
    if !version_3_1 {
        spelling::check_objects(document, diagnostics);
    }
    let mut normalizer = Normalizer {
        version_3_1,
        diagnostics,
        tuples: Vec::new(),
    };
    normalizer.walk_document(document, "#");
    let tuples = normalizer.tuples;
    if let Some(root) = document.as_object_mut() {
        crate::openapi32::after_schemas(root);
        if !tuples.is_empty() {
            let tuples = tuples.into_iter().map(Value::String).collect();
            root.insert(TUPLES.into(), Value::Array(tuples));
        }
    }
    true
}

/// The extension a tuple schema's `prefixItems` move to (`openapiv3` drops the keyword; the
/// parse stage reads the schemas from here).
pub const PREFIX_ITEMS: &str = "x-kapso-prefix-items";

/// `true` on a tuple schema that allows no items after its `prefixItems`.
pub const TUPLE_CLOSED: &str = "x-kapso-tuple-closed";

/// The root's list of the pointers of tuple schemas, for the parse stage.
pub const TUPLES: &str = "x-kapso-tuples";

/// Whether a schema's `prefixItems` make a tuple, and whether it is closed (`items: false`, or
/// `maxItems` no more than the prefix): `None` where a shorter array is allowed (`minItems`
/// below the prefix's length), which has no tuple type. Without `minItems`, every prefix item
/// is taken as present, as specs that write a pair mean.
fn tuple_form(object: &Map<String, Value>) -> Option<bool> {
    let Some(Value::Array(prefix)) = object.get("prefixItems") else {
        return None;
    };
    let len = prefix.len() as u64;
    let min = object.get("minItems").and_then(Value::as_u64);
    if len == 0 || min.is_some_and(|min| min < len) {
        return None;
    }
    let max = object.get("maxItems").and_then(Value::as_u64);
    Some(
        matches!(object.get("items"), Some(Value::Bool(false)))
            || max.is_some_and(|max| max <= len),
    )
}

/// The sections `components` may have (OpenAPI 3.0 and 3.1).
const COMPONENT_KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
];

/// A security requirement whose scopes are `null` (`security: [{key: null}]`) means no
/// scopes: read so, with a warning, where a list belongs.
fn null_scopes_as_none(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    let mut lists: Vec<(String, &mut Value)> = Vec::new();
    for (key, value) in root.iter_mut() {
        match (key.as_str(), value) {
            ("security", security) => lists.push(("#/security".to_string(), security)),
            ("paths", Value::Object(paths)) => {
                for (path, item) in paths.iter_mut() {
                    let Value::Object(item) = item else { continue };
                    for (method, operation) in item.iter_mut() {
                        if let Some(security) = operation.get_mut("security") {
                            let at = pointer::join(&pointer::join("#/paths", path), method);
                            lists.push((pointer::join(&at, "security"), security));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (at, list) in lists {
        let Value::Array(requirements) = list else {
            continue;
        };
        for (index, requirement) in requirements.iter_mut().enumerate() {
            let Value::Object(schemes) = requirement else {
                continue;
            };
            for (scheme, scopes) in schemes.iter_mut() {
                if scopes.is_null() {
                    *scopes = Value::Array(Vec::new());
                    let scheme_at = pointer::join(&pointer::join(&at, &index.to_string()), scheme);
                    diagnostics.warning(
                        scheme_at,
                        format!("the scopes of `{scheme}` are `null` where a list belongs; read as no scopes (`[]`)"),
                    );
                }
            }
        }
    }
}

/// Marks a security scheme that `openapiv3` reads as `http` and the IR as OpenAPI 3.1's
/// `mutualTLS` (which `openapiv3` does not know).
pub const MUTUAL_TLS_MARK: &str = "x-kapso-mutual-tls";

/// `type: mutualTLS` schemes (3.1: a TLS client certificate) in a shape `openapiv3` reads,
/// marked with [`MUTUAL_TLS_MARK`].
fn mutual_tls_schemes(root: &mut Map<String, Value>) {
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|components| components.get_mut("securitySchemes"))
    else {
        return;
    };
    for scheme in schemes.values_mut() {
        let Value::Object(scheme) = scheme else {
            continue;
        };
        if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
            scheme.insert("type".into(), Value::String("http".into()));
            scheme.insert("scheme".into(), Value::String("mutualTLS".into()));
            scheme.insert(MUTUAL_TLS_MARK.into(), Value::Bool(true));
        }
    }
}

/// A response that `$ref`s a `components/requestBodies` entry (or a request body that `$ref`s
/// a `components/responses` one) means that entry's content: read so, with a warning, in
/// place of an error (the two objects differ only in `required` and `headers`). One that
/// `$ref`s a schema means a JSON body of that schema.
fn refs_to_the_wrong_kind(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    // Set aside (not copied) while the paths are changed, and put back in its place.
    let components = root.get_mut("components").map(std::mem::take);
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        let components = components.as_ref().unwrap_or(&Value::Null);
        borrow_contents(paths, components, diagnostics);
    }
    if let (Some(components), Some(slot)) = (components, root.get_mut("components")) {
        *slot = components;
    }
}

/// [`refs_to_the_wrong_kind`] in the operations of `paths`.
fn borrow_contents(
    paths: &mut Map<String, Value>,
    components: &Value,
    diagnostics: &mut Diagnostics,
) {
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for (method, operation) in item.iter_mut() {
            let Value::Object(operation) = operation else {
                continue;
            };
            let at = pointer::join(&pointer::join("#/paths", path), method);
            if let Some(body) = operation.get_mut("requestBody") {
                let body_at = pointer::join(&at, "requestBody");
                borrow_content(
                    body,
                    &body_at,
                    ("responses", "requestBodies"),
                    components,
                    diagnostics,
                );
            }
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                for (status, response) in responses.iter_mut() {
                    let response_at = pointer::join(&pointer::join(&at, "responses"), status);
                    borrow_content(
                        response,
                        &response_at,
                        ("requestBodies", "responses"),
                        components,
                        diagnostics,
                    );
                }
            }
        }
    }
}

/// Where `value` is a `$ref` into `components/{wrong}` (expected: `{right}`), replaces it with
/// the description and content of what it points at.
fn borrow_content(
    value: &mut Value,
    at: &str,
    (wrong, right): (&str, &str),
    components: &Value,
    diagnostics: &mut Diagnostics,
) {
    let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
        return;
    };
    if pointer::component_key(reference, "schemas").is_some() {
        let what = if right == "responses" {
            "response"
        } else {
            "request body"
        };
        diagnostics.warning(
            at,
            format!(
                "`$ref: {reference}` points at a schema where a {what} belongs; read as a \
                 {what} whose `application/json` body is that schema"
            ),
        );
        let reference = reference.to_string();
        *value = serde_json::json!({
            "description": "",
            "content": {"application/json": {"schema": {"$ref": reference}}},
        });
        return;
    }
    let Some(key) = pointer::component_key(reference, wrong) else {
        return;
    };
    let Some(target) = components.get(wrong).and_then(|section| section.get(&key)) else {
        return;
    };
    diagnostics.warning(
        at,
        format!(
            "`$ref: {reference}` points into `components/{wrong}` where an entry of \
             `components/{right}` belongs; its content is read as this one's"
        ),
    );
    let mut borrowed = Map::new();
    let description = target
        .get("description")
        .cloned()
        .unwrap_or_else(|| Value::String(String::new()));
    borrowed.insert("description".into(), description);
    if let Some(content) = target.get("content") {
        borrowed.insert("content".into(), content.clone());
    }
    *value = Value::Object(borrowed);
}

struct Normalizer<'d> {
    /// Whether the document is 3.1, so that 3.0-only syntax in it deserves a warning.
    version_3_1: bool,
    diagnostics: &'d mut Diagnostics,
    /// The pointers of the tuple schemas found ([`TUPLES`]).
    tuples: Vec<String>,
}

/// `Some(whether it is 3.1)` for a version this generator reads.
fn check_version(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) -> Option<bool> {
    if let Some(swagger) = root.get("swagger") {
        diagnostics.error(
            "#/swagger",
            format!(
                "Swagger {} is not supported: Swagger 2.0 and OpenAPI 3.0 and 3.1 are",
                swagger.as_str().unwrap_or("1.x")
            ),
        );
        return None;
    }
    let version = match root.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        Some(other) => {
            diagnostics.error(
                "#/openapi",
                format!("expected a version string such as \"3.1.0\", found {other}"),
            );
            return None;
        }
        None => {
            diagnostics.error("#", "missing `openapi` version field");
            return None;
        }
    };
    if ["3.1", "3.2"]
        .iter()
        .any(|minor| version == *minor || version.starts_with(&format!("{minor}.")))
    {
        // openapiv3 reads 3.0 documents; everything 3.1 and 3.2 add is rewritten below (3.2
        // keeps 3.1's JSON Schema 2020-12).
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        Some(true)
    } else if version.starts_with("3.0") {
        Some(false)
    } else {
        diagnostics.error(
            "#/openapi",
            format!("OpenAPI version {version} is not supported (expected 3.0.x, 3.1.x or 3.2.x)"),
        );
        None
    }
}

fn is_data_key(key: &str) -> bool {
    key.starts_with("x-") || key == "example" || key == "examples" || key == "default"
}

impl Normalizer<'_> {
    fn walk_document(&mut self, value: &mut Value, at: &str) {
        match value {
            Value::Object(object) => {
                let in_schema_map = at == "#/components/schemas";
                for (key, child) in object.iter_mut() {
                    if is_data_key(key) {
                        continue;
                    }
                    let child_at = pointer::join(at, key);
                    if key == "encoding" && is_media_type(at) {
                        fill_in_explode(child);
                    }
                    if in_schema_map || key == "schema" {
                        self.normalize_schema(child, &child_at);
                    } else {
                        self.walk_document(child, &child_at);
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    self.walk_document(child, &pointer::join(at, &index.to_string()));
                }
            }
            _ => {}
        }
    }

    fn normalize_schema(&mut self, schema: &mut Value, at: &str) {
        match schema {
            Value::Bool(true) => {
                *schema = Value::Object(Map::new());
                return;
            }
            Value::Bool(false) => {
                self.diagnostics
                    .warning(at, "schema `false` (no value allowed) is read as any value");
                *schema = Value::Object(Map::new());
                return;
            }
            Value::Object(_) => {}
            _ => {
                self.diagnostics
                    .error(at, format!("expected a schema object, found {schema}"));
                return;
            }
        }
        let Value::Object(object) = schema else {
            return;
        };
        spelling::check_type(object, at, self.diagnostics);
        if !self.version_3_1 {
            spelling::check_schema_keys(object, at, self.diagnostics);
        }
        lift_null_alternatives(object);
        let pattern_map = is_pattern_map(object);
        let tuple = tuple_form(object);
        if tuple == Some(true) {
            // Nothing follows the prefix: no `items` (`false` is no schema to read).
            object.remove("items");
        }
        self.warn_of_unchecked_keywords(object, at, pattern_map, tuple.is_some());
        for (key, child) in object.iter_mut() {
            let key = key.as_str();
            if SUBSCHEMA_KEYS.contains(&key) {
                if key == "items" && child.is_array() {
                    self.diagnostics.warning(
                        pointer::join(at, key),
                        "tuple `items` is not supported; the array items are read as any value",
                    );
                    *child = Value::Object(Map::new());
                } else if child.is_object() || child.is_boolean() && key != "additionalProperties" {
                    // `additionalProperties: false` is a plain "no other keys", which 3.0 has too.
                    self.normalize_schema(child, &pointer::join(at, key));
                }
            } else if SUBSCHEMA_LIST_KEYS.contains(&key) {
                if let Value::Array(items) = child {
                    let list_at = pointer::join(at, key);
                    for (index, item) in items.iter_mut().enumerate() {
                        self.normalize_schema(item, &pointer::join(&list_at, &index.to_string()));
                    }
                }
            } else if SUBSCHEMA_MAP_KEYS.contains(&key) {
                if let Value::Object(entries) = child {
                    let map_at = pointer::join(at, key);
                    for (name, entry) in entries.iter_mut() {
                        self.normalize_schema(entry, &pointer::join(&map_at, name));
                    }
                }
            }
        }
        if pattern_map {
            pattern_map_as_additional_properties(object);
        }
        if let Some(closed) = tuple {
            self.mark_tuple(object, at, closed);
        }
        rewrite_type(object);
        rewrite_const(object);
        rewrite_content_encoding(object, at, self.diagnostics);
        rewrite_exclusive_bounds(object, at, self.version_3_1, self.diagnostics);
        dedupe_required(object, at, self.diagnostics);
        rewrite_examples(object);
        stringify_string_enum(object);
        wrap_ref_with_siblings(object);
    }
}

/// The extension that carries a string schema's `contentEncoding` (`base64` or `base64url`)
/// to the IR.
pub const CONTENT_ENCODING: &str = "x-kapso-content-encoding";

/// JSON Schema 2020-12 keywords that constrain values in ways the generated types do not
/// check, each with what the types do instead.
const UNCHECKED_KEYWORDS: &[(&str, &str)] = &[
    (
        "dependentRequired",
        "the fields it makes required stay optional in the generated type",
    ),
    (
        "dependentSchemas",
        "the schemas it adds are not part of the generated type",
    ),
    (
        "if",
        "`if`/`then`/`else` is not read: the type is the schema's without them",
    ),
    (
        "prefixItems",
        "`minItems` lets an array leave prefix items out, which a tuple cannot: the array's \
         items are typed by `items` alone (any value where it has none)",
    ),
    (
        "patternProperties",
        "patterns of different schemas, or beside `properties` or other additional properties: \
         the keys they match are read as `additionalProperties` says",
    ),
    (
        "unevaluatedProperties",
        "it is not checked: properties are read as `additionalProperties` says",
    ),
];

/// `contentEncoding: base64` / `base64url` on a string becomes [`CONTENT_ENCODING`], an
/// extension `openapiv3` keeps, so that the IR types the value as bytes; other encodings
/// are read as the encoded text, with a warning.
fn rewrite_content_encoding(
    object: &mut Map<String, Value>,
    at: &str,
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::String(encoding)) = object.get("contentEncoding") else {
        return;
    };
    let is_string = match object.get("type") {
        None => true,
        Some(Value::String(ty)) => ty == "string",
        Some(_) => false,
    };
    if !is_string {
        return;
    }
    let encoding = encoding.to_ascii_lowercase();
    if matches!(encoding.as_str(), "base64" | "base64url") {
        object.insert(CONTENT_ENCODING.into(), Value::String(encoding));
    } else {
        let message = format!(
            "`contentEncoding: {encoding}` is not decoded: the value is read as the encoded text"
        );
        diagnostics.warning(pointer::join(at, "contentEncoding"), message);
    }
}

impl Normalizer<'_> {
    /// A warning, once per schema, for each keyword whose constraint the types do not
    /// carry: a degraded reading is said, never silent.
    /// `pattern_map`: `patternProperties` is read as a typed map ([`is_pattern_map`]).
    /// Moves a tuple schema's `prefixItems` where `openapiv3` keeps them ([`PREFIX_ITEMS`]),
    /// and lists it for the parse stage ([`TUPLES`]).
    fn mark_tuple(&mut self, object: &mut Map<String, Value>, at: &str, closed: bool) {
        if let Some(prefix) = object.remove("prefixItems") {
            object.insert(PREFIX_ITEMS.into(), prefix);
            object.insert(TUPLE_CLOSED.into(), Value::Bool(closed));
            object
                .entry("type")
                .or_insert_with(|| Value::String("array".into()));
            self.tuples.push(at.to_string());
        }
    }

    fn warn_of_unchecked_keywords(
        &mut self,
        object: &Map<String, Value>,
        at: &str,
        pattern_map: bool,
        tuple: bool,
    ) {
        for (keyword, reading) in UNCHECKED_KEYWORDS {
            if pattern_map && *keyword == "patternProperties" || tuple && *keyword == "prefixItems"
            {
                continue;
            }
            if object.contains_key(*keyword) {
                self.diagnostics.warning(
                    pointer::join(at, keyword),
                    format!("`{keyword}` is not carried by the generated types: {reading}"),
                );
            }
        }
    }
}

/// Whether `at` is a media type object (`…/content/{media type}`).
fn is_media_type(at: &str) -> bool {
    at.rsplit('/').nth(1) == Some("content")
}

/// Writes out each encoding's `explode`, whose default is `true` for `style: form` (the
/// default style) and `false` otherwise; `openapiv3` reads an absent one as `false`.
fn fill_in_explode(encodings: &mut Value) {
    let Value::Object(encodings) = encodings else {
        return;
    };
    for encoding in encodings.values_mut() {
        if let Value::Object(encoding) = encoding
            && !encoding.contains_key("explode")
        {
            let form = encoding
                .get("style")
                .is_none_or(|style| style.as_str() == Some("form"));
            encoding.insert("explode".to_string(), Value::Bool(form));
        }
    }
}

/// Whether a subschema only admits `null` (`{type: "null"}`, `{const: null}`, `{enum: [null]}`).
fn is_null_schema(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    match object.get("type") {
        Some(Value::String(t)) => return t == "null",
        Some(Value::Array(types)) => return types.len() == 1 && types[0] == "null",
        _ => {}
    }
    matches!(object.get("const"), Some(Value::Null))
        || matches!(object.get("enum"), Some(Value::Array(values)) if values.len() == 1 && values[0].is_null())
}

/// `anyOf/oneOf: [X, {type: null}]` becomes `allOf: [X]` + `nullable: true`.
fn lift_null_alternatives(object: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = object.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|member| !is_null_schema(member));
        if members.len() == before {
            continue;
        }
        object.insert("nullable".into(), Value::Bool(true));
        if let Some(Value::Array(members)) = object.get(key) {
            if members.len() == 1 && !object.contains_key("allOf") {
                if let Some(members) = object.remove(key) {
                    object.insert("allOf".into(), members);
                }
            } else if members.is_empty() {
                object.remove(key);
            }
        }
    }
}

/// `type: [T, "null"]` becomes `type: T` + `nullable: true`; several non-null types become
/// an `anyOf` of one branch per type.
fn rewrite_type(object: &mut Map<String, Value>) {
    let types = match object.get("type") {
        Some(Value::Array(types)) => types.clone(),
        Some(Value::String(t)) if t == "null" => {
            object.remove("type");
            object.insert("nullable".into(), Value::Bool(true));
            return;
        }
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
    object.remove("type");
    if nullable {
        object.insert("nullable".into(), Value::Bool(true));
    }
    match rest.len() {
        0 => {}
        1 => {
            object.insert("type".into(), rest[0].clone());
        }
        _ if !object.contains_key("anyOf") && !object.contains_key("oneOf") => {
            let branches = rest
                .into_iter()
                .map(|t| Value::Object(Map::from_iter([("type".to_string(), t)])))
                .collect();
            object.insert("anyOf".into(), Value::Array(branches));
        }
        _ => {}
    }
}

/// Whether the object is a map whose keys follow patterns that all share one schema, and has
/// nothing else: `patternProperties` of one schema, no `properties`, and no other keys
/// allowed (`additionalProperties` absent, `false` or the same schema). It is read as a map of
/// that schema (keys are not checked against the patterns).
fn is_pattern_map(object: &Map<String, Value>) -> bool {
    let Some(Value::Object(patterns)) = object.get("patternProperties") else {
        return false;
    };
    let mut schemas = patterns.values();
    let Some(shared) = schemas.next() else {
        return false;
    };
    let no_properties = match object.get("properties") {
        None => true,
        Some(Value::Object(properties)) => properties.is_empty(),
        Some(_) => false,
    };
    let others = object.get("additionalProperties");
    schemas.all(|schema| schema == shared)
        && no_properties
        && others.is_none_or(|others| *others == Value::Bool(false) || others == shared)
}

/// The shared schema of [`is_pattern_map`]'s `patternProperties` as `additionalProperties`.
fn pattern_map_as_additional_properties(object: &mut Map<String, Value>) {
    if let Some(Value::Object(patterns)) = object.remove("patternProperties")
        && let Some((_, shared)) = patterns.into_iter().next()
    {
        object.insert("additionalProperties".into(), shared);
        object
            .entry("type")
            .or_insert_with(|| Value::String("object".into()));
    }
}

/// `const: v` becomes `enum: [v]`.
fn rewrite_const(object: &mut Map<String, Value>) {
    if let Some(value) = object.remove("const") {
        if value.is_null() {
            object.insert("nullable".into(), Value::Bool(true));
        } else if !object.contains_key("enum") {
            // A `const` alone says its type by its value; 3.0 readers need it spelled out.
            let implied = match &value {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_f64() => Some("number"),
                Value::Number(_) => Some("integer"),
                _ => None,
            };
            if let (Some(implied), false) = (implied, object.contains_key("type")) {
                object.insert("type".into(), Value::String(implied.into()));
            }
            object.insert("enum".into(), Value::Array(vec![value]));
        }
    }
}

/// Numeric `exclusiveMinimum: n` (2020-12) becomes `minimum: n` + `exclusiveMinimum: true`.
fn rewrite_exclusive_bounds(
    object: &mut Map<String, Value>,
    at: &str,
    version_3_1: bool,
    diagnostics: &mut Diagnostics,
) {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match object.get(exclusive) {
            Some(Value::Number(bound)) => {
                let bound = bound.clone();
                object.insert(inclusive.into(), Value::Number(bound));
                object.insert(exclusive.into(), Value::Bool(true));
            }
            Some(Value::Bool(_)) if !object.contains_key(inclusive) => {
                diagnostics.warning(
                    pointer::join(at, exclusive),
                    format!("boolean `{exclusive}` without `{inclusive}` is ignored"),
                );
                object.remove(exclusive);
            }
            Some(Value::Bool(_)) if version_3_1 => {
                // Read as 3.0 meant it; 3.1 (JSON Schema 2020-12) wants the bound as the value.
                diagnostics.warning(
                    pointer::join(at, exclusive),
                    format!("boolean `{exclusive}` is OpenAPI 3.0 syntax; in 3.1 write `{exclusive}: <bound>`"),
                );
            }
            _ => {}
        }
    }
}

/// Names listed twice in `required` are listed once.
fn dedupe_required(object: &mut Map<String, Value>, at: &str, diagnostics: &mut Diagnostics) {
    let Some(Value::Array(required)) = object.get_mut("required") else {
        return;
    };
    let mut seen = std::collections::HashSet::new();
    let before = required.len();
    required.retain(|name| seen.insert(name.clone()));
    if required.len() != before {
        diagnostics.warning(
            pointer::join(at, "required"),
            "`required` lists a property more than once",
        );
    }
}

/// The JSON Schema `examples` array becomes the single OpenAPI 3.0 `example`.
fn rewrite_examples(object: &mut Map<String, Value>) {
    if let Some(Value::Array(mut examples)) = object.remove("examples") {
        if !object.contains_key("example") && !examples.is_empty() {
            object.insert("example".into(), examples.swap_remove(0));
        }
    }
}

/// A `type: string` enum with numbers or booleans among its values lists them as strings.
fn stringify_string_enum(object: &mut Map<String, Value>) {
    if object.get("type").and_then(Value::as_str) != Some("string") {
        return;
    }
    if let Some(Value::Array(values)) = object.get_mut("enum") {
        for value in values.iter_mut() {
            if let Value::Number(_) | Value::Bool(_) = value {
                *value = Value::String(value.to_string());
            }
        }
    }
}

/// `{$ref, description, nullable…}` becomes `{allOf: [{$ref}], description, nullable…}`, so
/// the siblings (which OpenAPI 3.0 readers drop) are kept.
fn wrap_ref_with_siblings(object: &mut Map<String, Value>) {
    if !object.contains_key("$ref") || object.len() == 1 {
        return;
    }
    if object
        .keys()
        .all(|k| k == "$ref" || k.starts_with("x-") || k == "$comment")
    {
        return;
    }
    if let Some(reference) = object.remove("$ref") {
        let target = Value::Object(Map::from_iter([("$ref".to_string(), reference)]));
        match object.get_mut("allOf") {
            Some(Value::Array(members)) => members.insert(0, target),
            _ => {
                object.insert("allOf".into(), Value::Array(vec![target]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalized(mut document: Value) -> Value {
        let mut diagnostics = Diagnostics::new("spec");
        normalize(&mut document, &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        document
    }

    fn schema(document: &Value) -> &Value {
        &document["components"]["schemas"]["S"]
    }

    fn doc_with(schema: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
               "components": {"schemas": {"S": schema}}})
    }

    #[test]
    fn keywords_the_types_do_not_carry_are_said_not_silent() {
        let mut document = doc_with(json!({
            "type": "object",
            "properties": {"card": {"type": "string"}, "cvc": {"type": "string"}},
            "dependentRequired": {"card": ["cvc"]},
            "if": {"required": ["card"]},
            "then": {"required": ["cvc"]}
        }));
        let mut diagnostics = Diagnostics::new("spec");
        normalize(&mut document, &mut diagnostics);
        let text = diagnostics.to_string();
        assert!(!diagnostics.has_errors(), "{text}");
        assert!(
            text.contains("warning: spec: #/components/schemas/S/dependentRequired: `dependentRequired` is not carried by the generated types: the fields it makes required stay optional"),
            "{text}"
        );
        assert!(
            text.contains("warning: spec: #/components/schemas/S/if: `if` is not carried"),
            "{text}"
        );
    }

    #[test]
    fn base64_content_encodings_are_carried_and_others_said() {
        let mut document = doc_with(json!({
            "type": "object",
            "properties": {
                "a": {"type": "string", "contentEncoding": "base64"},
                "b": {"type": ["string", "null"], "contentEncoding": "BASE64URL"},
                "c": {"type": "string", "contentEncoding": "quoted-printable"},
                "d": {"type": "integer", "contentEncoding": "base64"}
            }
        }));
        let mut diagnostics = Diagnostics::new("spec");
        normalize(&mut document, &mut diagnostics);
        let properties = &schema(&document)["properties"];
        assert_eq!(properties["a"][CONTENT_ENCODING], "base64");
        assert_eq!(properties["b"][CONTENT_ENCODING], "base64url");
        assert!(properties["c"].get(CONTENT_ENCODING).is_none());
        assert!(properties["d"].get(CONTENT_ENCODING).is_none());
        let text = diagnostics.to_string();
        assert_eq!(diagnostics.iter().count(), 1, "{text}");
        assert!(
            text.contains("#/components/schemas/S/properties/c/contentEncoding: `contentEncoding: quoted-printable` is not decoded"),
            "{text}"
        );
    }

    #[test]
    fn pattern_properties_of_one_schema_are_a_typed_map() {
        let map = json!({"type": "object", "patternProperties": {
            "^[a-z]+$": {"type": ["integer", "null"]}, "^[0-9]+$": {"type": ["integer", "null"]}}});
        assert_eq!(
            schema(&normalized(doc_with(map))),
            &json!({"type": "object", "additionalProperties": {"type": "integer", "nullable": true}})
        );
        // Closed to other keys, the same.
        let closed = json!({"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false});
        assert_eq!(
            schema(&normalized(doc_with(closed))),
            &json!({"type": "object", "additionalProperties": {"type": "string"}})
        );
        // Patterns of different schemas, or beside properties: left as they are, with the
        // warning that says how they are read.
        for kept in [
            json!({"type": "object", "patternProperties": {"^a": {"type": "string"}, "^b": {"type": "integer"}}}),
            json!({"type": "object", "properties": {"id": {"type": "string"}}, "patternProperties": {"^x-": {}}}),
            json!({"type": "object", "patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": {"type": "integer"}}),
        ] {
            let mut document = doc_with(kept);
            let mut diagnostics = Diagnostics::new("spec");
            normalize(&mut document, &mut diagnostics);
            assert!(schema(&document).get("patternProperties").is_some());
            assert!(
                diagnostics
                    .to_string()
                    .contains("S/patternProperties: `patternProperties` is not carried"),
                "{diagnostics}"
            );
        }
    }

    #[test]
    fn type_arrays_with_null_become_nullable() {
        let out = normalized(doc_with(
            json!({"type": ["string", "null"], "format": "uuid"}),
        ));
        assert_eq!(
            schema(&out),
            &json!({"type": "string", "format": "uuid", "nullable": true})
        );
        assert_eq!(out["openapi"], "3.0.3");
        assert_eq!(out["paths"], json!({}));
    }

    #[test]
    fn any_of_with_null_becomes_nullable_all_of() {
        let out = normalized(doc_with(
            json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}),
        ));
        assert_eq!(
            schema(&out),
            &json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
    }

    #[test]
    fn const_exclusive_bounds_and_examples_are_rewritten() {
        let out = normalized(doc_with(json!({
            "type": "object",
            "properties": {
                "kind": {"const": "card"},
                "size": {"type": "integer", "exclusiveMinimum": 0},
                "name": {"type": "string", "examples": ["a", "b"]}
            }
        })));
        let properties = &schema(&out)["properties"];
        assert_eq!(
            properties["kind"],
            json!({"type": "string", "enum": ["card"]})
        );
        assert_eq!(
            properties["size"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            properties["name"],
            json!({"type": "string", "example": "a"})
        );
    }

    #[test]
    fn ref_siblings_are_kept_under_all_of() {
        let out = normalized(doc_with(
            json!({"$ref": "#/components/schemas/T", "description": "d"}),
        ));
        assert_eq!(
            schema(&out),
            &json!({"allOf": [{"$ref": "#/components/schemas/T"}], "description": "d"})
        );
    }

    #[test]
    fn examples_and_extensions_are_left_alone() {
        let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"x-data": {"schema": {"type": ["string", "null"]}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": ["integer", "null"]},
                    "examples": {"one": {"value": {"type": ["x", "null"]}}}}}}}}}}});
        let out = normalized(document);
        let get = &out["paths"]["/a"]["get"];
        assert_eq!(get["x-data"]["schema"]["type"], json!(["string", "null"]));
        let media = &get["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            media["schema"],
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            media["examples"]["one"]["value"]["type"],
            json!(["x", "null"])
        );
    }

    #[test]
    fn swagger_before_2_0_is_named() {
        let mut document = json!({"swagger": "1.2"});
        let mut diagnostics = Diagnostics::new("old.json");
        normalize(&mut document, &mut diagnostics);
        assert!(
            diagnostics
                .to_string()
                .contains("#/swagger: Swagger 1.2 is not supported")
        );
    }
}
