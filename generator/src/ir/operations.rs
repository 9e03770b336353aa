//! Operations: each path + method becomes a request builder with typed parameters, body,
//! success response (with typed headers) and error responses.

use super::build::Builder;
use super::types::{Place, SchemaRef};
use super::{
    Encoding, ErrorResponse, Operation, Param, ParamLocation, QueryStyle, RequestBody,
    ResponseBody, ResponseHeader, SecurityScheme, StatusMatch, Success, SuccessVariant, TypeRef,
};
use crate::naming::{self, Scope};
use crate::pointer;
use indexmap::IndexMap;
use openapiv3::{Components, Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};

/// How many `$ref` hops a parameter, body or response may take before we call it a loop.
const MAX_REF_HOPS: usize = 32;

impl<'a> Builder<'a> {
    pub(super) fn operations(&mut self, schemes: &[SecurityScheme]) -> Vec<Operation> {
        let mut fn_names = Scope::new();
        for reserved in ["new", "builder", "from", "into", "clone", "fmt"] {
            fn_names.claim(reserved);
        }
        let mut type_names = Scope::for_types();
        let mut operations = Vec::new();
        let api = self.api;
        for (path, item) in &api.paths.paths {
            let path_at = pointer::join("#/paths", path);
            let ReferenceOr::Item(item) = item else {
                self.diagnostics.warning(
                    path_at,
                    "a `$ref` to a path item is not supported yet; the path is skipped",
                );
                continue;
            };
            for (method, operation) in item.iter() {
                let at = pointer::join(&path_at, method);
                let id = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method} {path}"));
                let builder_name = type_names.claim(&naming::upper_camel(&id, "Operation"));
                let mut op = Operation {
                    fn_name: fn_names.claim(&naming::snake(&id, "operation")),
                    params: self.params(
                        &item.parameters,
                        &operation.parameters,
                        &path_at,
                        &at,
                        &builder_name,
                    ),
                    body: self.request_body(operation.request_body.as_ref(), &at, &builder_name),
                    success: Success {
                        statuses: Vec::new(),
                        body: ResponseBody::Empty,
                        variants: Vec::new(),
                        enum_name: None,
                        events: None,
                        headers: Vec::new(),
                        headers_name: None,
                        description: None,
                    },
                    errors: Vec::new(),
                    error_name: None,
                    security: self.security(operation.security.as_ref(), schemes, &at),
                    pagination: None,
                    pointer: at.clone(),
                    id,
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    summary: operation.summary.clone(),
                    description: operation.description.clone(),
                    deprecated: operation.deprecated,
                    builder_name,
                };
                self.responses(&operation.responses, &mut op);
                if op.success.headers.iter().len() > 0 {
                    op.success.headers_name =
                        Some(type_names.claim(&format!("{}Headers", op.builder_name)));
                }
                if !op.success.variants.is_empty() {
                    op.success.enum_name =
                        Some(type_names.claim(&format!("{}Response", op.builder_name)));
                }
                op.pagination = self.pagination(&op);
                if !op.errors.is_empty() {
                    op.error_name = Some(type_names.claim(&format!("{}Error", op.builder_name)));
                }
                operations.push(op);
            }
        }
        operations
    }

    /// Follows `$ref`s into a `components` section; the pointer returned is where the item
    /// really is, so later problems are reported there.
    pub(super) fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        at: &str,
        section: &str,
        entries: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Option<(&'a T, String)> {
        let mut item = item;
        let mut at = at.to_string();
        for _ in 0..MAX_REF_HOPS {
            let reference = match item {
                ReferenceOr::Item(value) => return Some((value, at)),
                ReferenceOr::Reference { reference } => reference,
            };
            let prefix = format!("#/components/{section}/");
            let target = reference.strip_prefix(&prefix).and_then(|key| {
                let key = pointer::tokens(&format!("#/{key}"))?.pop()?;
                let found = entries(self.api.components.as_ref()?).get(&key)?;
                Some((found, key))
            });
            match target {
                Some((found, key)) => {
                    item = found;
                    at = pointer::join(&format!("#/components/{section}"), &key);
                }
                None => {
                    self.diagnostics.error(
                        &at,
                        format!("`$ref: {reference}` does not point at an entry of `components/{section}`"),
                    );
                    return None;
                }
            }
        }
        self.diagnostics
            .error(at, "`$ref` chain does not end (a loop?)");
        None
    }

    fn params(
        &mut self,
        path_level: &'a [ReferenceOr<Parameter>],
        operation_level: &'a [ReferenceOr<Parameter>],
        path_at: &str,
        at: &str,
        builder_name: &str,
    ) -> Vec<Param> {
        let mut resolved: Vec<(
            &'a openapiv3::ParameterData,
            ParamLocation,
            QueryStyle,
            String,
        )> = Vec::new();
        let levels = [
            (path_level, pointer::join(path_at, "parameters")),
            (operation_level, pointer::join(at, "parameters")),
        ];
        for (list, list_at) in &levels {
            for (index, param) in list.iter().enumerate() {
                let param_at = pointer::join(list_at, &index.to_string());
                let Some((param, param_at)) =
                    self.resolve(param, &param_at, "parameters", |c| &c.parameters)
                else {
                    continue;
                };
                let location = match param {
                    Parameter::Path { .. } => ParamLocation::Path,
                    Parameter::Query { .. } => ParamLocation::Query,
                    Parameter::Header { .. } => ParamLocation::Header,
                    Parameter::Cookie { .. } => ParamLocation::Cookie,
                };
                let style = match param {
                    Parameter::Query { style, .. } => match style {
                        openapiv3::QueryStyle::Form => QueryStyle::Form,
                        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    },
                    _ => QueryStyle::Form,
                };
                let data = param.parameter_data_ref();
                // An operation-level parameter replaces a path-level one of the same name and place.
                resolved.retain(|(existing, existing_location, _, _)| {
                    !(existing.name == data.name && *existing_location == location)
                });
                resolved.push((data, location, style, param_at));
            }
        }
        let mut names = Scope::new();
        // The builder's own members, and the locals of its `send`.
        for reserved in [
            "client",
            "send",
            "new",
            "body",
            "query",
            "request",
            "response",
            "stream",
            "events",
            "download",
            "next_page_url",
        ] {
            names.claim(reserved);
        }
        resolved
            .into_iter()
            .map(|(data, location, style, param_at)| {
                let (ty, schema) = match &data.format {
                    ParameterSchemaOrContent::Schema(schema) => {
                        let schema = SchemaRef::of(schema);
                        let place = Place::new(builder_name, &data.name);
                        (
                            self.schema_type(schema, &pointer::join(&param_at, "schema"), &place),
                            Some(schema),
                        )
                    }
                    ParameterSchemaOrContent::Content(_) => {
                        self.diagnostics.warning(
                            pointer::join(&param_at, "content"),
                            "a parameter with `content` is sent as a plain string",
                        );
                        (TypeRef::String, None)
                    }
                };
                // Absence is the builder's `Option`; a nullable parameter is the same as an absent
                // one. A `format: binary` parameter is text like any other.
                let ty = match ty {
                    TypeRef::Option(inner) if *inner == TypeRef::File => TypeRef::String,
                    TypeRef::Option(inner) => *inner,
                    TypeRef::File => TypeRef::String,
                    ty => ty,
                };
                Param {
                    wire_name: data.name.clone(),
                    name: names.claim(&naming::snake(&data.name, "param")),
                    location,
                    required: data.required || location == ParamLocation::Path,
                    ty,
                    doc: data.description.clone(),
                    deprecated: data.deprecated.unwrap_or(false),
                    constraints: schema.map(SchemaRef::constraints).unwrap_or_default(),
                    // The OpenAPI default: `explode` only for the `form` style.
                    explode: data.explode.unwrap_or(style == QueryStyle::Form),
                    style,
                    pointer: param_at,
                }
            })
            .collect()
    }

    fn request_body(
        &mut self,
        body: Option<&'a ReferenceOr<openapiv3::RequestBody>>,
        at: &str,
        builder_name: &str,
    ) -> Option<RequestBody> {
        let body_at = pointer::join(at, "requestBody");
        let (body, body_at) =
            self.resolve(body?, &body_at, "requestBodies", |c| &c.request_bodies)?;
        let content_at = pointer::join(&body_at, "content");
        // The first media type by preference: JSON, then forms, text, binary.
        let chosen = [
            Encoding::Json,
            Encoding::Form,
            Encoding::Multipart,
            Encoding::Text,
            Encoding::Bytes,
        ]
        .into_iter()
        .find_map(|wanted| {
            body.content
                .iter()
                .find(|(media_type, _)| Encoding::of(media_type) == Some(wanted))
                .map(|(media_type, media)| (media_type, media, wanted))
        });
        let Some((media_type, media, encoding)) = chosen else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.diagnostics.warning(
                content_at,
                format!("request bodies of type {types:?} are not supported yet; the operation has no body setter"),
            );
            return None;
        };
        let media_at = pointer::join(&content_at, media_type);
        let ty = match (encoding, &media.schema) {
            (Encoding::Text, _) => TypeRef::String,
            (Encoding::Bytes, _) => TypeRef::Bytes,
            (_, Some(schema)) => {
                let place = Place::new(builder_name, "Body");
                self.schema_type(
                    SchemaRef::of(schema),
                    &pointer::join(&media_at, "schema"),
                    &place,
                )
            }
            (_, None) => TypeRef::Json,
        };
        if encoding == Encoding::Json {
            self.media_examples(media, &media_at, &ty);
        }
        Some(RequestBody {
            pointer: media_at,
            media_type: media_type.clone(),
            encoding,
            ty,
            required: body.required,
            doc: body.description.clone(),
        })
    }

    fn responses(&mut self, responses: &'a openapiv3::Responses, op: &mut Operation) {
        let responses_at = pointer::join(&op.pointer, "responses");
        if responses.responses.is_empty() && responses.default.is_none() {
            self.diagnostics.warning(
                &responses_at,
                "the operation declares no responses; any 2xx is taken as success with the body ignored",
            );
        }
        let mut error_names = Scope::for_types();
        let mut cases = Vec::new();
        let success_codes = responses
            .responses
            .keys()
            .filter(|status| matches!(status, StatusCode::Code(200..=299)))
            .count();
        let entries = responses
            .responses
            .iter()
            .map(|(status, response)| match status {
                StatusCode::Code(code) => (StatusMatch::Code(*code), response),
                StatusCode::Range(range) => (StatusMatch::Range(*range), response),
            })
            .chain(
                responses
                    .default
                    .iter()
                    .map(|response| (StatusMatch::Default, response)),
            );
        for (status, response) in entries {
            let key = match status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Range(range) => format!("{range}XX"),
                StatusMatch::Default => "default".to_string(),
            };
            let response_at = pointer::join(&responses_at, &key);
            let Some((response, response_at)) =
                self.resolve(response, &response_at, "responses", |c| &c.responses)
            else {
                continue;
            };
            let is_success = matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Range(2));
            // With several success statuses each inline body is named by its status, leaving
            // `{Builder}Response` to the enum of them.
            let name = if is_success && success_codes > 1 {
                format!("{}{}", op.builder_name, status_name(status))
            } else if is_success {
                format!("{}Response", op.builder_name)
            } else {
                format!("{}{}", op.builder_name, status_name(status))
            };
            if is_success {
                // A `2XX` range next to explicit codes adds nothing the explicit ones lack.
                if let StatusMatch::Code(code) = status {
                    let bodies = self.response_bodies(response, &response_at, &name);
                    let events = self.event_data(response, &response_at, &name);
                    let headers = self.response_headers(response, &response_at);
                    let description = Some(response.description.clone()).filter(|d| !d.is_empty());
                    cases.push(SuccessCase {
                        code,
                        events,
                        bodies,
                        headers,
                        description,
                    });
                }
            } else {
                let body = self.response_body(response, &response_at, &name);
                op.errors.push(ErrorResponse {
                    pointer: response_at,
                    status,
                    variant: error_names.claim(&status_name(status)),
                    body: match body {
                        ResponseBody::Json(ty) => Some(ty),
                        // Error bodies that are not JSON stay raw in the error's headers/status.
                        ResponseBody::Empty | ResponseBody::Text | ResponseBody::Bytes => None,
                    },
                    description: Some(response.description.clone()).filter(|d| !d.is_empty()),
                });
            }
        }
        op.success = success(cases);
    }

    /// The bodies of a success response: one, or one per kind of media type (JSON, text,
    /// binary) where it offers several and none of them is JSON.
    /// The bodies of a success response: one, or one per kind of media type (JSON, text,
    /// binary) where it offers several and none of them is JSON.
    fn response_bodies(
        &mut self,
        response: &'a openapiv3::Response,
        at: &str,
        name: &str,
    ) -> Vec<(Vec<String>, ResponseBody)> {
        let content = body_content(response);
        let has_json = content
            .iter()
            .any(|(m, _)| Encoding::of(m) == Some(Encoding::Json));
        let (text, binary): (Vec<String>, Vec<String>) = content
            .iter()
            .map(|(m, _)| m.to_string())
            .partition(|m| Encoding::of(m) == Some(Encoding::Text));
        if has_json || text.is_empty() || binary.is_empty() {
            return vec![(Vec::new(), self.response_body(response, at, name))];
        }
        vec![(binary, ResponseBody::Bytes), (text, ResponseBody::Text)]
    }

    fn response_body(
        &mut self,
        response: &'a openapiv3::Response,
        at: &str,
        name: &str,
    ) -> ResponseBody {
        let content_at = pointer::join(at, "content");
        let content = body_content(response);
        let json = content
            .iter()
            .find(|(media_type, _)| Encoding::of(media_type) == Some(Encoding::Json));
        let Some((media_type, media)) = json else {
            let encodings: Vec<Option<Encoding>> =
                content.iter().map(|(m, _)| Encoding::of(m)).collect();
            return if encodings.is_empty() {
                ResponseBody::Empty
            } else if encodings.iter().all(|e| *e == Some(Encoding::Text)) {
                ResponseBody::Text
            } else {
                ResponseBody::Bytes
            };
        };
        let Some(schema) = &media.schema else {
            return ResponseBody::Json(TypeRef::Json);
        };
        let schema_at = pointer::join(&pointer::join(&content_at, media_type), "schema");
        let place = Place {
            name: name.to_string(),
            key: naming::snake(name, "value"),
        };
        let ty = self.schema_type(SchemaRef::of(schema), &schema_at, &place);
        self.media_examples(media, &pointer::join(&content_at, media_type), &ty);
        ResponseBody::Json(ty)
    }

    /// The type of the `data` of each event, where a response offers `text/event-stream`:
    /// its schema, or text.
    fn event_data(
        &mut self,
        response: &'a openapiv3::Response,
        at: &str,
        name: &str,
    ) -> Option<TypeRef> {
        let (media_type, media) = response
            .content
            .iter()
            .find(|(media_type, _)| is_event_stream(media_type))?;
        let Some(schema) = &media.schema else {
            return Some(TypeRef::String);
        };
        let schema_at = pointer::join(
            &pointer::join(&pointer::join(at, "content"), media_type),
            "schema",
        );
        let place = Place {
            name: format!("{name}Event"),
            key: naming::snake(&format!("{name}Event"), "value"),
        };
        Some(
            match self.schema_type(SchemaRef::of(schema), &schema_at, &place) {
                TypeRef::Option(inner) => *inner,
                ty => ty,
            },
        )
    }

    fn response_headers(
        &mut self,
        response: &'a openapiv3::Response,
        at: &str,
    ) -> Vec<ResponseHeader> {
        let mut names = Scope::new();
        let headers_at = pointer::join(at, "headers");
        let mut headers = Vec::new();
        for (wire_name, header) in &response.headers {
            let header_at = pointer::join(&headers_at, wire_name);
            let Some((header, header_at)) =
                self.resolve(header, &header_at, "headers", |c| &c.headers)
            else {
                continue;
            };
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let place = Place::new("", wire_name);
                    match self.schema_type(
                        SchemaRef::of(schema),
                        &pointer::join(&header_at, "schema"),
                        &place,
                    ) {
                        TypeRef::Option(inner) => *inner,
                        ty => ty,
                    }
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            let ty = if is_header_value(&ty) {
                ty
            } else {
                self.diagnostics.warning(
                    &header_at,
                    "only single-value header types are parsed; this header is read as a string",
                );
                TypeRef::String
            };
            headers.push(ResponseHeader {
                name: names.claim(&naming::snake(wire_name, "header")),
                wire_name: wire_name.clone(),
                ty,
                required: header.required,
                doc: header.description.clone(),
            });
        }
        headers
    }

    /// Pagination, when the success body is a list of items (or an object with one) and the
    /// operation pages by number with a page count, by `Link` header, by number alone, or by
    /// cursor — in that order of preference.
    fn pagination(&self, op: &Operation) -> Option<super::Pagination> {
        let ResponseBody::Json(body) = &op.success.body else {
            return None;
        };
        let fields: &[super::Field] = match body {
            TypeRef::Named(id) => match &self.types[id.0].kind {
                super::TypeKind::Struct(fields) => fields,
                _ => &[],
            },
            _ => &[],
        };
        let (items_field, item_ty) = match body {
            TypeRef::Vec(item) => (None, (**item).clone()),
            _ => fields.iter().find_map(|f| match &f.ty {
                TypeRef::Vec(item)
                    if f.required
                        && ["data", "items", "results", "entries", "records"]
                            .contains(&f.wire_name.as_str()) =>
                {
                    Some((Some(f.name.clone()), (**item).clone()))
                }
                _ => None,
            })?,
        };
        let query = |names: &[&str], ty: TypeRef| {
            op.params.iter().find(|p| {
                p.location == ParamLocation::Query
                    && !p.required
                    && p.ty == ty
                    && names.contains(&p.wire_name.as_str())
            })
        };
        let page = query(&["page"], TypeRef::I64);
        let total_pages = self.total_pages(op, fields);
        let link = op
            .success
            .headers
            .iter()
            .any(|h| h.wire_name.eq_ignore_ascii_case("link"));
        let kind = match (page, total_pages, link) {
            (Some(page), Some(total_pages), _) => super::PageKind::Number {
                page_param: page.name.clone(),
                total_pages: Some(total_pages),
            },
            (_, _, true) => super::PageKind::Link,
            (Some(page), None, false) => super::PageKind::Number {
                page_param: page.name.clone(),
                total_pages: None,
            },
            (None, _, false) => {
                let param = query(CURSOR_PARAMS, TypeRef::String)?;
                let has_more = self.field_path(fields, HAS_MORE_FIELDS, |ty| {
                    matches!(ty, TypeRef::Bool) || *ty == TypeRef::Bool.optional()
                });
                let cursor = match self.field_path(fields, CURSOR_FIELDS, |ty| {
                    *ty == TypeRef::String || *ty == TypeRef::String.optional()
                }) {
                    Some(path) => super::CursorFrom::Field(path),
                    // Stripe: `starting_after` the last item's `id`, while `has_more`.
                    None if has_more.is_some() => {
                        super::CursorFrom::LastItem(self.item_id(&item_ty)?)
                    }
                    None => return None,
                };
                super::PageKind::Cursor {
                    param: param.name.clone(),
                    cursor,
                    has_more,
                }
            }
        };
        Some(super::Pagination {
            items_field,
            item_ty,
            kind,
        })
    }

    /// Where the number of pages is said: an `X-Total-Pages` header, or `total_pages` in an
    /// object of the body (`meta.total_pages`).
    fn total_pages(&self, op: &Operation, fields: &[super::Field]) -> Option<super::TotalPages> {
        let count = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64);
        let from_header = op
            .success
            .headers
            .iter()
            .find(|h| h.wire_name.eq_ignore_ascii_case("x-total-pages") && count(&h.ty))
            .map(|h| super::TotalPages::Header(h.name.clone()));
        from_header.or_else(|| {
            let path = self.field_path(fields, &["total_pages", "totalPages"], count)?;
            match <[String; 2]>::try_from(path) {
                Ok([outer, inner]) => Some(super::TotalPages::BodyField(outer, inner)),
                Err(_) => None,
            }
        })
    }

    /// The path (Rust field names) to a field named one of `names` with a type `ty_ok`
    /// accepts: in the body, or in an object the body holds (`page`, `meta`…).
    fn field_path(
        &self,
        fields: &[super::Field],
        names: &[&str],
        ty_ok: impl Fn(&TypeRef) -> bool,
    ) -> Option<Vec<String>> {
        let direct = |fields: &[super::Field]| {
            fields
                .iter()
                .find(|f| names.contains(&f.wire_name.as_str()) && ty_ok(&f.ty))
                .map(|f| f.name.clone())
        };
        if let Some(name) = direct(fields) {
            return Some(vec![name]);
        }
        fields.iter().find_map(|outer| {
            let TypeRef::Named(id) = &outer.ty else {
                return None;
            };
            let super::TypeKind::Struct(inner) = &self.types[id.0].kind else {
                return None;
            };
            direct(inner).map(|name| vec![outer.name.clone(), name])
        })
    }

    /// The Rust name of an item's required string `id`.
    fn item_id(&self, item: &TypeRef) -> Option<String> {
        let TypeRef::Named(id) = item else {
            return None;
        };
        let super::TypeKind::Struct(fields) = &self.types[id.0].kind else {
            return None;
        };
        fields
            .iter()
            .find(|f| f.wire_name == "id" && f.ty == TypeRef::String)
            .map(|f| f.name.clone())
    }

    fn security(
        &mut self,
        requirements: Option<&'a Vec<openapiv3::SecurityRequirement>>,
        schemes: &[SecurityScheme],
        at: &str,
    ) -> Vec<Vec<String>> {
        let (requirements, requirements_at) = match requirements {
            Some(requirements) => (requirements, pointer::join(at, "security")),
            None => match &self.api.security {
                Some(requirements) => (requirements, "#/security".to_string()),
                None => return Vec::new(),
            },
        };
        let declared = self.api.components.as_ref().map(|c| &c.security_schemes);
        let mut alternatives = Vec::new();
        for requirement in requirements {
            let mut alternative = Vec::new();
            for key in requirement.keys() {
                if schemes.iter().any(|scheme| &scheme.key == key) {
                    alternative.push(key.clone());
                } else if !declared.is_some_and(|declared| declared.contains_key(key)) {
                    self.diagnostics.error(
                        &requirements_at,
                        format!("security scheme `{key}` is not declared in `components/securitySchemes`"),
                    );
                }
            }
            alternatives.push(alternative);
        }
        alternatives
    }
}

/// Types a header value parses into with `FromStr`.
fn is_header_value(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::String
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid
            | TypeRef::Named(_)
    )
}

/// `401` → `Unauthorized`, `4XX` → `ClientError`, `default` → `Other`.
fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|status| status.canonical_reason())
            .map(|reason| naming::upper_camel(reason, "Status"))
            .unwrap_or_else(|| format!("Status{code}")),
        StatusMatch::Range(4) => "ClientError".to_string(),
        StatusMatch::Range(5) => "ServerError".to_string(),
        StatusMatch::Range(range) => format!("Status{range}xx"),
        StatusMatch::Default => "Other".to_string(),
    }
}

fn is_event_stream(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/event-stream"))
}

/// The media types a body can be read from: `text/event-stream` is left to `events()`
/// unless it is all there is (then it is read as text).
fn body_content(response: &openapiv3::Response) -> Vec<(&str, &openapiv3::MediaType)> {
    let all: Vec<(&str, &openapiv3::MediaType)> = response
        .content
        .iter()
        .map(|(media_type, media)| (media_type.as_str(), media))
        .collect();
    let others: Vec<_> = all
        .iter()
        .copied()
        .filter(|(media_type, _)| !is_event_stream(media_type))
        .collect();
    if others.is_empty() { all } else { others }
}

/// Query parameters that take the cursor of the next page.
const CURSOR_PARAMS: &[&str] = &[
    "after",
    "cursor",
    "starting_after",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "continuation_token",
];

/// Body fields that give the cursor of the next page.
const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "end_cursor",
    "endCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
];

/// Body fields that say whether there is a next page.
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next_page", "hasNextPage"];

/// A success status with its bodies, before they are merged into one [`Success`].
struct SuccessCase {
    code: u16,
    events: Option<TypeRef>,
    bodies: Vec<(Vec<String>, ResponseBody)>,
    headers: Vec<ResponseHeader>,
    description: Option<String>,
}

/// One body for every success status where they agree, else an enum variant per status (and
/// per media type where a status has several).
fn success(cases: Vec<SuccessCase>) -> Success {
    let headers = merge_headers(&cases);
    let description = cases.first().and_then(|case| case.description.clone());
    let statuses: Vec<u16> = cases.iter().map(|case| case.code).collect();
    let events = cases.iter().find_map(|case| case.events.clone());
    let first = cases.first().and_then(|case| case.bodies.first());
    let uniform = cases.iter().all(|case| {
        case.bodies.len() == 1 && Some(&case.bodies[0].1) == first.map(|(_, body)| body)
    });
    let mut out = Success {
        statuses,
        body: ResponseBody::Empty,
        variants: Vec::new(),
        enum_name: None,
        events,
        headers,
        headers_name: None,
        description,
    };
    if uniform {
        if let Some((_, body)) = first {
            out.body = body.clone();
        }
        return out;
    }
    // Variant names are not types: `Ok` is free (and `StartJobResponse::Ok(job)` reads well).
    let mut names = Scope::new();
    let several_statuses = cases.len() > 1;
    for case in cases {
        let several_media = case.bodies.len() > 1;
        for (media_types, body) in case.bodies {
            let status = status_name(StatusMatch::Code(case.code));
            let media = media_types
                .first()
                .map(|m| naming::upper_camel(m, "Media"))
                .unwrap_or_default();
            let name = match (several_statuses, several_media) {
                (_, false) => status,
                (false, true) => media,
                (true, true) => format!("{status}{media}"),
            };
            out.variants.push(SuccessVariant {
                name: names.claim(&name),
                status: case.code,
                media_types: if several_media {
                    media_types
                } else {
                    Vec::new()
                },
                body,
                description: case.description.clone(),
            });
        }
    }
    out
}

/// The headers of all success responses, by name; required only where every response
/// requires it.
fn merge_headers(cases: &[SuccessCase]) -> Vec<ResponseHeader> {
    let mut merged: Vec<ResponseHeader> = Vec::new();
    for case in cases {
        for header in &case.headers {
            match merged
                .iter_mut()
                .find(|h| h.wire_name.eq_ignore_ascii_case(&header.wire_name))
            {
                Some(existing) => existing.required &= header.required,
                None => merged.push(header.clone()),
            }
        }
    }
    for header in &mut merged {
        let everywhere = cases.iter().all(|case| {
            case.headers
                .iter()
                .any(|h| h.wire_name.eq_ignore_ascii_case(&header.wire_name))
        });
        header.required &= everywhere;
    }
    merged
}
