//! Swagger 2.0 in: rewrites a `swagger: "2.0"` document into the OpenAPI 3.0 shape the rest of
//! the pipeline reads, before `normalize`. Where swagger2openapi and swagger-parser differ,
//! the choice is said below.
//!
//! - `host` + `basePath` + `schemes` → `servers`, one per scheme (none → `https`; no host → the
//!   base path alone, a relative server).
//! - `definitions`, `parameters`, `responses`, `securityDefinitions` → `components.*`; every
//!   `$ref` into them is rewritten (`#/definitions/X/properties/y` too). A global `in: body`
//!   parameter becomes a `components/requestBodies` entry; a global `in: formData` one is
//!   inlined where it is used (3.0 has no component for a form field).
//! - Path-level parameters are merged into each operation (an operation's own parameter of the
//!   same name and place wins), so that body and form parameters can become its request body.
//! - `in: body` → `requestBody`, one content entry per `consumes` media type (the operation's
//!   list, else the document's, else `application/json`); `in: formData` → one object schema
//!   under `multipart/form-data` when `consumes` names it or a parameter is `type: file`, else
//!   `application/x-www-form-urlencoded`; `type: file` → `{type: string, format: binary}`.
//! - Other parameters: `type`, `format`, `items`, `enum`, `default`, the bounds → `schema`;
//!   `collectionFormat` `csv` (also the default of arrays) → `explode: false`, `ssv` →
//!   `spaceDelimited`, `pipes` → `pipeDelimited`, `multi` → `explode: true`, `tsv` → a
//!   warning, sent as `csv`; `x-example` → `example`.
//! - Responses: `schema` → `content`, one entry per `produces` media type (the operation's,
//!   else the document's, else `application/json`); `examples` by media type → `example`;
//!   `headers` → header objects with a `schema`.
//! - Schemas: `x-nullable` → `nullable`, `discriminator: prop` → `{propertyName: prop}`,
//!   `type: file` → binary string; `readOnly` and `x-` extensions stay.
//! - Security: `basic` → HTTP basic; `apiKey` as is; `oauth2` flows `implicit`, `password`,
//!   `application` (→ `clientCredentials`) and `accessCode` (→ `authorizationCode`), with their
//!   scopes (an empty map where none are given).
//!
//! Every node that moves is recorded, so that diagnostics of later stages point at the 2.0
//! document's own nodes and lines (`#/definitions/Pet`, not `#/components/schemas/Pet`).

use crate::diagnostics::Diagnostics;
use crate::pointer::{self, Origins};
use serde_json::{Map, Value, json};

/// Whether `document` is a Swagger 2.0 document.
pub fn is_swagger2(document: &Value) -> bool {
    document.get("swagger").and_then(Value::as_str) == Some("2.0")
}

/// Converts `document` in place; later diagnostics of the root file are translated back to
/// the 2.0 document's pointers.
pub fn convert(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    let mut converter = Converter {
        origins: Origins::default(),
        diagnostics,
        global_params: root
            .get("parameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        consumes: media_list(root.get("consumes")),
        produces: media_list(root.get("produces")),
    };
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for key in ["info", "tags", "security", "externalDocs"] {
        if let Some(value) = root.remove(key) {
            out.insert(key.into(), value);
        }
    }
    out.insert("servers".into(), servers(root));
    let components = converter.components(root);
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    let paths = match root.remove("paths") {
        Some(Value::Object(paths)) => converter.paths(paths),
        _ => Map::new(),
    };
    out.insert("paths".into(), Value::Object(paths));
    // Extensions stay (`x-kapso-pagination` among them); the 2.0-only keys go.
    for (key, value) in std::mem::take(root) {
        if key.starts_with("x-") {
            out.insert(key, value);
        }
    }
    for (new, old) in REF_SECTIONS {
        converter.origins.record_refs(
            &format!("#{}", new.trim_end_matches('/')),
            &format!("#{}", old.trim_end_matches('/')),
        );
    }
    let mut converted = Value::Object(out);
    rewrite_refs(&mut converted);
    *document = converted;
    let Converter {
        origins,
        diagnostics,
        ..
    } = converter;
    diagnostics.translate_pointers(origins);
}

struct Converter<'d> {
    origins: Origins,
    diagnostics: &'d mut Diagnostics,
    /// The document's `parameters`, as written (for `$ref`s to form and body parameters).
    global_params: Map<String, Value>,
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// A `consumes`/`produces` list.
fn media_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// `servers` from `host`, `basePath` and `schemes`.
fn servers(root: &Map<String, Value>) -> Value {
    let base_path = root
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let Some(host) = root.get("host").and_then(Value::as_str) else {
        let url = if base_path.is_empty() { "/" } else { base_path };
        return json!([{ "url": url }]);
    };
    let mut schemes = media_list(root.get("schemes"));
    if schemes.is_empty() {
        schemes.push("https".into());
    }
    // https first: the default server is the secure one.
    schemes.sort_by_key(|scheme| scheme != "https");
    let servers: Vec<Value> = schemes
        .iter()
        .filter(|scheme| matches!(scheme.as_str(), "http" | "https"))
        .map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") }))
        .collect();
    Value::Array(servers)
}

/// A security scheme in 3.0 form.
fn security_scheme(scheme: Value) -> Value {
    let Value::Object(mut scheme) = scheme else {
        return scheme;
    };
    match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => {
            scheme.insert("type".into(), json!("http"));
            scheme.insert("scheme".into(), json!("basic"));
        }
        Some("oauth2") => {
            let flow = scheme
                .remove("flow")
                .and_then(|f| f.as_str().map(str::to_string));
            let mut details = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = scheme.remove(key) {
                    details.insert(key.into(), url);
                }
            }
            let scopes = scheme.remove("scopes").unwrap_or_else(|| json!({}));
            details.insert("scopes".into(), scopes);
            let name = match flow.as_deref() {
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                _ => "implicit",
            };
            scheme.insert("flows".into(), json!({ name: details }));
        }
        _ => {}
    }
    Value::Object(scheme)
}

/// Parameter keys that describe the value, and go into its `schema`.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
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
    "multipleOf",
    "x-nullable",
];

impl Converter<'_> {
    /// `definitions`, `parameters`, `responses` and `securityDefinitions` as `components`.
    fn components(&mut self, root: &mut Map<String, Value>) -> Map<String, Value> {
        let mut components = Map::new();
        if let Some(Value::Object(definitions)) = root.remove("definitions") {
            self.origins.record("#/components/schemas", "#/definitions");
            let mut schemas = Map::new();
            for (name, mut schema) in definitions {
                self.schema(&mut schema);
                schemas.insert(name, schema);
            }
            components.insert("schemas".into(), Value::Object(schemas));
        }
        self.global_parameters(root, &mut components);
        if let Some(Value::Object(responses)) = root.remove("responses") {
            self.origins.record("#/components/responses", "#/responses");
            let mut converted = Map::new();
            for (name, response) in responses {
                let at = pointer::join("#/components/responses", &name);
                let old = pointer::join("#/responses", &name);
                let produces = self.produces.clone();
                converted.insert(name, self.response(response, &at, &old, &produces));
            }
            components.insert("responses".into(), Value::Object(converted));
        }
        if let Some(Value::Object(schemes)) = root.remove("securityDefinitions") {
            self.origins
                .record("#/components/securitySchemes", "#/securityDefinitions");
            let converted = schemes
                .into_iter()
                .map(|(name, scheme)| (name, security_scheme(scheme)))
                .collect();
            components.insert("securitySchemes".into(), Value::Object(converted));
        }
        components
    }

    /// The document's own parameters: body ones become request bodies, form ones stay for
    /// inlining, the others become parameter components.
    fn global_parameters(
        &mut self,
        root: &mut Map<String, Value>,
        components: &mut Map<String, Value>,
    ) {
        let Some(Value::Object(parameters)) = root.remove("parameters") else {
            return;
        };
        let mut converted = Map::new();
        let mut bodies = Map::new();
        for (name, parameter) in parameters {
            let old = pointer::join("#/parameters", &name);
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let at = pointer::join("#/components/requestBodies", &name);
                    let consumes = self.consumes.clone();
                    bodies.insert(name, self.body(parameter, &at, &old, &consumes));
                }
                Some("formData") => {}
                _ => {
                    let at = pointer::join("#/components/parameters", &name);
                    converted.insert(name, self.parameter(parameter, &at, &old));
                }
            }
        }
        if !converted.is_empty() {
            self.origins
                .record("#/components/parameters", "#/parameters");
            components.insert("parameters".into(), Value::Object(converted));
        }
        if !bodies.is_empty() {
            components.insert("requestBodies".into(), Value::Object(bodies));
        }
    }

    fn paths(&mut self, paths: Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for (path, item) in paths {
            let at = pointer::join("#/paths", &path);
            let Value::Object(mut item) = item else {
                out.insert(path, item);
                continue;
            };
            let shared = match item.remove("parameters") {
                Some(Value::Array(shared)) => shared,
                _ => Vec::new(),
            };
            let mut converted = Map::new();
            for (key, value) in item {
                if is_method(&key) {
                    let op_at = pointer::join(&at, &key);
                    converted.insert(key, self.operation(value, &op_at, &at, &shared));
                } else {
                    converted.insert(key, value);
                }
            }
            out.insert(path, Value::Object(converted));
        }
        out
    }

    /// One operation: parameters merged with the path's, body and form parameters as its
    /// request body, responses with content.
    fn operation(&mut self, operation: Value, at: &str, path_at: &str, shared: &[Value]) -> Value {
        let Value::Object(mut op) = operation else {
            return operation;
        };
        let consumes = match op.remove("consumes") {
            Some(list) => media_list(Some(&list)),
            None => self.consumes.clone(),
        };
        let produces = match op.remove("produces") {
            Some(list) => media_list(Some(&list)),
            None => self.produces.clone(),
        };
        op.remove("schemes");
        let all = self.merged_parameters(op.remove("parameters"), at, path_at, shared);
        let mut parameters = Vec::new();
        let mut form: Vec<(Value, String)> = Vec::new();
        for (parameter, old) in all {
            let resolved = self.resolve(&parameter);
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let body_at = pointer::join(at, "requestBody");
                    let body = match global_ref(&parameter) {
                        Some(name) => json!({
                            "$ref": pointer::join("#/components/requestBodies", &name)
                        }),
                        None => self.body(parameter, &body_at, &old, &consumes),
                    };
                    op.insert("requestBody".into(), body);
                }
                Some("formData") => form.push((resolved, old)),
                _ => {
                    let new_at = pointer::join(
                        &pointer::join(at, "parameters"),
                        &parameters.len().to_string(),
                    );
                    let converted = if parameter.get("$ref").is_some() {
                        self.origins.record(new_at, old);
                        parameter
                    } else {
                        self.parameter(parameter, &new_at, &old)
                    };
                    parameters.push(converted);
                }
            }
        }
        if !form.is_empty() {
            let body_at = pointer::join(at, "requestBody");
            op.insert("requestBody".into(), self.form(form, &body_at, &consumes));
        }
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(Value::Object(responses)) = op.remove("responses") {
            let responses_at = pointer::join(at, "responses");
            let converted = responses
                .into_iter()
                .map(|(status, response)| {
                    let response_at = pointer::join(&responses_at, &status);
                    let value = self.response(response, &response_at, &response_at, &produces);
                    (status, value)
                })
                .collect();
            op.insert("responses".into(), Value::Object(converted));
        }
        Value::Object(op)
    }

    /// An operation's parameters with their pointers in the 2.0 document: its `own`, then the
    /// path's (`shared`) that it does not override.
    fn merged_parameters(
        &self,
        own: Option<Value>,
        at: &str,
        path_at: &str,
        shared: &[Value],
    ) -> Vec<(Value, String)> {
        let mut all: Vec<(Value, String)> = match own {
            Some(Value::Array(list)) => list
                .into_iter()
                .enumerate()
                .map(|(i, p)| {
                    (
                        p,
                        pointer::join(&pointer::join(at, "parameters"), &i.to_string()),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        for (i, parameter) in shared.iter().enumerate() {
            let key = self.identity(parameter);
            if !all.iter().any(|(p, _)| self.identity(p) == key) {
                let old = pointer::join(&pointer::join(path_at, "parameters"), &i.to_string());
                all.push((parameter.clone(), old));
            }
        }
        all
    }

    /// A parameter's name and place, for merging (a `$ref` by its target).
    fn identity(&self, parameter: &Value) -> (String, String) {
        let resolved = self.resolve(parameter);
        let text = |key: &str| {
            resolved
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        (text("name"), text("in"))
    }

    /// A parameter, or the global one its `$ref` names.
    fn resolve(&self, parameter: &Value) -> Value {
        global_ref(parameter)
            .and_then(|name| self.global_params.get(&name).cloned())
            .unwrap_or_else(|| parameter.clone())
    }

    /// A non-body parameter in 3.0 form, the value's keys moved into its `schema`.
    fn parameter(&mut self, parameter: Value, at: &str, old: &str) -> Value {
        let Value::Object(mut parameter) = parameter else {
            return parameter;
        };
        self.origins.record(at, old);
        self.origins.record(pointer::join(at, "schema"), old);
        let mut schema = Map::new();
        for key in SCHEMA_KEYS {
            if let Some(value) = parameter.remove(*key) {
                schema.insert((*key).into(), value);
            }
        }
        let mut schema = Value::Object(schema);
        self.schema(&mut schema);
        let place = parameter
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or("query")
            .to_string();
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        let format = parameter.remove("collectionFormat");
        if is_array {
            let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
            match format {
                "multi" => {
                    parameter.insert("explode".into(), json!(true));
                }
                "ssv" => {
                    parameter.insert("style".into(), json!("spaceDelimited"));
                    parameter.insert("explode".into(), json!(false));
                }
                "pipes" => {
                    parameter.insert("style".into(), json!("pipeDelimited"));
                    parameter.insert("explode".into(), json!(false));
                }
                other => {
                    if other == "tsv" {
                        // Reported at the 2.0 document's own node.
                        self.diagnostics.warning(
                            pointer::join(old, "collectionFormat"),
                            "`collectionFormat: tsv` has no OpenAPI 3 style; the values are sent \
                             comma-separated (`csv`)",
                        );
                    }
                    // csv: one value, comma-separated.
                    if place == "query" || place == "cookie" {
                        parameter.insert("explode".into(), json!(false));
                    }
                }
            }
        }
        if let Some(example) = parameter.remove("x-example") {
            parameter.insert("example".into(), example);
        }
        parameter.insert("schema".into(), schema);
        Value::Object(parameter)
    }

    /// An `in: body` parameter as a request body, one content entry per media type.
    fn body(&mut self, parameter: Value, at: &str, old: &str, consumes: &[String]) -> Value {
        let Value::Object(mut parameter) = parameter else {
            return parameter;
        };
        self.origins.record(at, old);
        let mut schema = parameter.remove("schema").unwrap_or_else(|| json!({}));
        self.schema(&mut schema);
        let mut content = Map::new();
        // A file is bytes, whatever the default says.
        let binary = schema.get("format").and_then(Value::as_str) == Some("binary");
        let media_types = match (consumes.is_empty(), binary) {
            (true, true) => vec!["application/octet-stream".to_string()],
            (true, false) => vec!["application/json".to_string()],
            (false, _) => consumes.to_vec(),
        };
        for media_type in media_types {
            let schema_at = pointer::join(
                &pointer::join(&pointer::join(at, "content"), &media_type),
                "schema",
            );
            self.origins.record(schema_at, pointer::join(old, "schema"));
            content.insert(media_type, json!({ "schema": schema.clone() }));
        }
        let mut body = Map::new();
        if let Some(description) = parameter.remove("description") {
            body.insert("description".into(), description);
        }
        body.insert("content".into(), Value::Object(content));
        if let Some(required) = parameter.remove("required") {
            body.insert("required".into(), required);
        }
        for (key, value) in parameter {
            if key.starts_with("x-") {
                body.insert(key, value);
            }
        }
        Value::Object(body)
    }

    /// `in: formData` parameters as one object schema, urlencoded or multipart.
    fn form(&mut self, fields: Vec<(Value, String)>, at: &str, consumes: &[String]) -> Value {
        let has_file = fields
            .iter()
            .any(|(field, _)| field.get("type").and_then(Value::as_str) == Some("file"));
        let media_type = if has_file || consumes.iter().any(|m| m == "multipart/form-data") {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let schema_at = pointer::join(
            &pointer::join(&pointer::join(at, "content"), media_type),
            "schema",
        );
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for (field, old) in fields {
            let Value::Object(mut field) = field else {
                continue;
            };
            let name = field
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let property_at = pointer::join(&pointer::join(&schema_at, "properties"), &name);
            self.origins.record(property_at, old);
            if field.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(json!(name));
            }
            let mut schema = Map::new();
            for key in SCHEMA_KEYS {
                if let Some(value) = field.remove(*key) {
                    schema.insert((*key).into(), value);
                }
            }
            if let Some(description) = field.remove("description") {
                schema.insert("description".into(), description);
            }
            let mut schema = Value::Object(schema);
            self.schema(&mut schema);
            // A `multi` array repeats its key (the default encoding); others are joined.
            let array = schema.get("type").and_then(Value::as_str) == Some("array");
            let format = field
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            if array && media_type == "application/x-www-form-urlencoded" && format != "multi" {
                let style = match format {
                    "ssv" => json!({ "style": "spaceDelimited", "explode": false }),
                    "pipes" => json!({ "style": "pipeDelimited", "explode": false }),
                    _ => json!({ "style": "form", "explode": false }),
                };
                encoding.insert(name.clone(), style);
            }
            properties.insert(name, schema);
        }
        let any_required = !required.is_empty();
        let mut schema = json!({ "type": "object", "properties": properties });
        if any_required {
            schema["required"] = Value::Array(required);
        }
        let mut media = json!({ "schema": schema });
        if !encoding.is_empty() {
            media["encoding"] = Value::Object(encoding);
        }
        // A form with a required field is a required body.
        json!({ "content": { media_type: media }, "required": any_required })
    }

    /// A response: its schema as content per media type, examples, headers with schemas.
    fn response(&mut self, response: Value, at: &str, old: &str, produces: &[String]) -> Value {
        let Value::Object(mut response) = response else {
            return response;
        };
        if response.contains_key("$ref") {
            return Value::Object(response);
        }
        let examples = match response.remove("examples") {
            Some(Value::Object(examples)) => examples,
            _ => Map::new(),
        };
        if let Some(mut schema) = response.remove("schema") {
            self.schema(&mut schema);
            let mut media_types = if produces.is_empty() {
                vec!["application/json".to_string()]
            } else {
                produces.to_vec()
            };
            // A file is bytes, whatever the list says.
            if schema.get("format").and_then(Value::as_str) == Some("binary") && produces.is_empty()
            {
                media_types = vec!["application/octet-stream".to_string()];
            }
            let mut content = Map::new();
            for media_type in media_types {
                let media_at = pointer::join(&pointer::join(at, "content"), &media_type);
                self.origins.record(
                    pointer::join(&media_at, "schema"),
                    pointer::join(old, "schema"),
                );
                let mut media = json!({ "schema": schema.clone() });
                if let Some(example) = examples.get(&media_type) {
                    let example_old = pointer::join(&pointer::join(old, "examples"), &media_type);
                    self.origins
                        .record(pointer::join(&media_at, "example"), example_old);
                    media["example"] = example.clone();
                }
                content.insert(media_type, media);
            }
            response.insert("content".into(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = response.remove("headers") {
            let mut converted = Map::new();
            for (name, header) in headers {
                let header_at = pointer::join(&pointer::join(at, "headers"), &name);
                let header_old = pointer::join(&pointer::join(old, "headers"), &name);
                let Value::Object(mut header) = header else {
                    continue;
                };
                self.origins
                    .record(pointer::join(&header_at, "schema"), header_old);
                let mut schema = Map::new();
                for key in SCHEMA_KEYS {
                    if let Some(value) = header.remove(*key) {
                        schema.insert((*key).into(), value);
                    }
                }
                header.remove("collectionFormat");
                let mut schema = Value::Object(schema);
                self.schema(&mut schema);
                header.insert("schema".into(), schema);
                converted.insert(name, Value::Object(header));
            }
            response.insert("headers".into(), Value::Object(converted));
        }
        response.entry("description").or_insert_with(|| json!(""));
        Value::Object(response)
    }

    /// A schema in 3.0 form, with its subschemas.
    fn schema(&mut self, schema: &mut Value) {
        let Value::Object(object) = schema else {
            return;
        };
        if let Some(nullable) = object.remove("x-nullable") {
            object.insert("nullable".into(), nullable);
        }
        if let Some(Value::String(property)) = object.get("discriminator").cloned() {
            object.insert("discriminator".into(), json!({ "propertyName": property }));
        }
        if object.get("type").and_then(Value::as_str) == Some("file") {
            object.insert("type".into(), json!("string"));
            object.insert("format".into(), json!("binary"));
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(inner) = object.get_mut(key) {
                self.schema(inner);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = object.get_mut(key) {
                for part in parts {
                    self.schema(part);
                }
            }
        }
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            for property in properties.values_mut() {
                self.schema(property);
            }
        }
    }
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch"
    )
}

/// The name of the global parameter a `$ref` names (`#/parameters/limit` → `limit`).
fn global_ref(parameter: &Value) -> Option<String> {
    let reference = parameter.get("$ref")?.as_str()?;
    let tokens = pointer::tokens(reference)?;
    match tokens.as_slice() {
        [section, name] if section == "parameters" => Some(name.clone()),
        _ => None,
    }
}

/// Where `$ref`s into the 2.0 sections go: (3.0 prefix, 2.0 prefix).
const REF_SECTIONS: [(&str, &str); 3] = [
    ("/components/schemas/", "/definitions/"),
    ("/components/parameters/", "/parameters/"),
    ("/components/responses/", "/responses/"),
];

/// Rewrites every `$ref` into the 2.0 sections to their 3.0 places (outside examples and
/// extensions, which are data).
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                *reference = rewritten(reference);
            }
            for (key, inner) in object.iter_mut() {
                if key != "example" && key != "examples" && !key.starts_with("x-") {
                    rewrite_refs(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// A `$ref` into `definitions`, `parameters` or `responses`, pointed at `components`.
fn rewritten(reference: &str) -> String {
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    for (new, old) in REF_SECTIONS {
        if let Some(rest) = fragment.strip_prefix(old) {
            return format!("{file}#{new}{rest}");
        }
    }
    reference.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(yaml: &str) -> (Value, Diagnostics) {
        let mut document: Value = serde_yaml::from_str(yaml).unwrap();
        let mut diagnostics = Diagnostics::new("spec.yaml");
        convert(&mut document, &mut diagnostics);
        (document, diagnostics)
    }

    #[test]
    fn servers_come_from_host_base_path_and_schemes() {
        let (doc, _) = converted(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: api.example.com\nbasePath: /v2/\nschemes: [http, https]\npaths: {}\n",
        );
        assert_eq!(
            doc["servers"],
            json!([{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}])
        );
        let (doc, _) =
            converted("swagger: '2.0'\ninfo: {title: t, version: '1'}\nbasePath: /v1\npaths: {}\n");
        assert_eq!(doc["servers"], json!([{"url": "/v1"}]));
        let (doc, _) =
            converted("swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: h.io\npaths: {}\n");
        assert_eq!(doc["servers"], json!([{"url": "https://h.io"}]));
    }

    #[test]
    fn bodies_forms_and_parameters_take_their_3_0_places() {
        let (doc, diagnostics) = converted(
            "swagger: '2.0'
info: {title: t, version: '1'}
consumes: [application/json]
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, type: integer, format: int64}
    put:
      parameters:
        - {name: body, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
        - {name: ids, in: query, type: array, items: {type: integer}}
        - {name: sep, in: query, type: array, items: {type: string}, collectionFormat: tsv}
      responses:
        '200': {description: ok, schema: {$ref: '#/definitions/Pet'}, headers: {X-Rate: {type: integer}}}
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: file, in: formData, type: file, required: true}
        - {name: note, in: formData, type: string}
      responses:
        '204': {description: done}
definitions:
  Pet: {type: object, properties: {name: {type: string, x-nullable: true}}, discriminator: kind}
",
        );
        let put = &doc["paths"]["/pets/{id}"]["put"];
        assert_eq!(
            put["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(put["requestBody"]["required"], true);
        let params = put["parameters"].as_array().unwrap();
        assert_eq!(params[0]["explode"], true);
        assert_eq!(params[1]["explode"], false, "csv by default");
        assert_eq!(params[3]["name"], "id", "the path's parameter is merged in");
        assert_eq!(
            params[3]["schema"],
            json!({"type": "integer", "format": "int64"})
        );
        assert!(
            diagnostics.to_string().contains(
                "#/paths/~1pets~1{id}/put/parameters/3/collectionFormat: `collectionFormat: tsv`"
            ),
            "{diagnostics}"
        );
        let ok = &put["responses"]["200"];
        assert_eq!(
            ok["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(
            ok["headers"]["X-Rate"]["schema"],
            json!({"type": "integer"})
        );
        let post = &doc["paths"]["/pets/{id}"]["post"];
        let form = &post["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(
            form["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(form["required"], json!(["file"]));
        let pet = &doc["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(pet["properties"]["name"]["nullable"], true);
        assert!(doc.get("swagger").is_none() && doc.get("definitions").is_none());
    }

    #[test]
    fn a_file_body_without_consumes_is_octet_stream() {
        let (doc, _) = converted(
            "swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /blob:
    put:
      parameters:
        - {name: data, in: body, schema: {type: file}}
      responses:
        '200': {description: ok, schema: {type: file}}
",
        );
        let put = &doc["paths"]["/blob"]["put"];
        assert_eq!(
            put["requestBody"]["content"]["application/octet-stream"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
        assert!(put["responses"]["200"]["content"]["application/octet-stream"].is_object());
    }

    #[test]
    fn security_schemes_and_oauth2_flows() {
        let (doc, _) = converted(
            "swagger: '2.0'
info: {title: t, version: '1'}
paths: {}
securityDefinitions:
  basic: {type: basic}
  key: {type: apiKey, in: header, name: X-Key}
  app: {type: oauth2, flow: application, tokenUrl: 'https://a/token', scopes: {read: r}}
  code: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token'}
",
        );
        let schemes = &doc["components"]["securitySchemes"];
        assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(schemes["key"]["in"], "header");
        assert_eq!(
            schemes["app"]["flows"]["clientCredentials"]["scopes"]["read"],
            "r"
        );
        assert_eq!(
            schemes["code"]["flows"]["authorizationCode"]["scopes"],
            json!({})
        );
    }

    #[test]
    fn converted_pointers_lead_back_to_the_2_0_document() {
        let mut origins = Origins::default();
        origins.record("#/components/schemas", "#/definitions");
        origins.record(
            "#/paths/~1a/get/requestBody/content/application~1json/schema",
            "#/paths/~1a/get/parameters/0/schema",
        );
        assert_eq!(
            origins.original("#/components/schemas/Pet/properties/x"),
            "#/definitions/Pet/properties/x"
        );
        assert_eq!(
            origins.original("#/components/schemasX"),
            "#/components/schemasX"
        );
        assert_eq!(
            origins.original("#/paths/~1a/get/requestBody/content/application~1json/schema/type"),
            "#/paths/~1a/get/parameters/0/schema/type"
        );
    }
}
