//! Responses of an operation: the success body (one, or an enum of several by status and
//! media type), its typed headers, an event stream, and the declared error responses.

use super::build::Builder;
use super::schema::{Place, SchemaRef};
use super::{
    Encoding, ErrorResponse, Framing, Operation, ResponseBody, ResponseHeader, StatusMatch,
    Success, SuccessVariant, TypeRef, media_essence,
};
use crate::naming::{self, Scope};
use crate::pointer;
use openapiv3::{ParameterSchemaOrContent, StatusCode};

impl<'a> Builder<'a> {
    pub(super) fn responses(&mut self, responses: &'a openapiv3::Responses, op: &mut Operation) {
        let responses_at = pointer::join(&op.pointer, "responses");
        if responses.responses.is_empty() && responses.default.is_none() {
            self.diagnostics.warning(
                &responses_at,
                "the operation declares no responses; any 2xx is taken as success with the body ignored",
            );
        }
        let mut error_names = Scope::for_types();
        let mut cases = Vec::new();
        let mut readable = Vec::new();
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
            readable.extend(readable_media_types(response, is_success));
            // With several success statuses each inline body is named by its status, leaving
            // `{Builder}Response` to the enum of them.
            let name = if is_success && success_codes <= 1 {
                naming::suffixed(&op.builder_name, "Response")
            } else {
                naming::suffixed(&op.builder_name, &status_name(status))
            };
            if is_success {
                // A `2XX` range next to explicit codes adds nothing the explicit ones lack.
                if let StatusMatch::Code(code) = status {
                    let bodies = self.response_bodies(response, &response_at, &name);
                    let (events, framing) = self.streamed_data(response, &response_at, &name);
                    let headers = self.response_headers(response, &response_at);
                    let description = Some(response.description.clone()).filter(|d| !d.is_empty());
                    cases.push(SuccessCase {
                        code,
                        events,
                        framing,
                        bodies,
                        headers,
                        description,
                    });
                }
            } else {
                let variant = error_names.claim(&status_name(status));
                let error = self.error_response(response, response_at, status, &name, variant);
                op.errors.push(error);
            }
        }
        op.success = success(cases);
        op.accept = accept_header(readable);
    }

    /// A declared error response: its JSON body typed (other bodies stay raw in the error's
    /// status and headers), its message field found later, once the types are final.
    fn error_response(
        &mut self,
        response: &'a openapiv3::Response,
        at: String,
        status: StatusMatch,
        name: &str,
        variant: String,
    ) -> ErrorResponse {
        let body = match self.response_body(response, &at, name) {
            ResponseBody::Json(ty) => Some(ty),
            ResponseBody::Empty | ResponseBody::Text | ResponseBody::Bytes => None,
        };
        ErrorResponse {
            pointer: at,
            status,
            variant,
            body,
            description: Some(response.description.clone()).filter(|d| !d.is_empty()),
            message: None,
        }
    }

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

    /// What `events()` yields, where a response streams: server-sent events' data, else JSON
    /// values with their framing.
    fn streamed_data(
        &mut self,
        response: &'a openapiv3::Response,
        at: &str,
        name: &str,
    ) -> (Option<TypeRef>, Option<Framing>) {
        if let Some(events) = self.event_data(response, at, name) {
            return (Some(events), None);
        }
        match self.item_data(response, at, name) {
            Some((items, framing)) => (Some(items), Some(framing)),
            None => (None, None),
        }
    }

    /// The type of each JSON value, where a response offers a sequence of them (JSON Lines,
    /// NDJSON, JSON Text Sequences; OpenAPI 3.2's `itemSchema`), with their framing.
    fn item_data(
        &mut self,
        response: &'a openapiv3::Response,
        at: &str,
        name: &str,
    ) -> Option<(TypeRef, Framing)> {
        let (media_type, media, framing) = response
            .content
            .iter()
            .find_map(|(media_type, media)| Some((media_type, media, item_framing(media_type)?)))?;
        let ty = self.streamed_type(media, at, media_type, name, "Item");
        Some((ty.unwrap_or(TypeRef::Json), framing))
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
        let ty = self.streamed_type(media, at, media_type, name, "Event");
        Some(ty.unwrap_or(TypeRef::String))
    }

    /// The type of each value of a streamed body (the response at `at`, its `media_type`),
    /// named `{name}{suffix}` where inline; `None` where it has no schema.
    fn streamed_type(
        &mut self,
        media: &'a openapiv3::MediaType,
        at: &str,
        media_type: &str,
        name: &str,
        suffix: &str,
    ) -> Option<TypeRef> {
        let schema = media.schema.as_ref()?;
        let schema_at = pointer::join(
            &pointer::join(&pointer::join(at, "content"), media_type),
            "schema",
        );
        let place = Place {
            name: naming::suffixed(name, suffix),
            key: naming::snake(&format!("{name}{suffix}"), "value"),
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
/// The media types of a response the client decodes: JSON where the response offers it
/// (then only JSON is read), else, for success, whatever it offers (read as text or bytes);
/// error bodies are decoded only from JSON.
fn readable_media_types(response: &openapiv3::Response, is_success: bool) -> Vec<String> {
    let all: Vec<String> = body_content(response)
        .into_iter()
        .map(|(media_type, _)| media_essence(media_type))
        .collect();
    let json: Vec<String> = all
        .iter()
        .filter(|m| Encoding::of(m) == Some(Encoding::Json))
        .cloned()
        .collect();
    if json.is_empty() && is_success {
        all
    } else {
        json
    }
}

/// The `Accept` header's value: the readable media types once each, JSON first, in the order
/// the spec gives them; `application/json` where the operation declares no body (an
/// undeclared error is then most likely JSON, which its text shows best).
fn accept_header(mut media_types: Vec<String>) -> String {
    let mut seen = std::collections::HashSet::new();
    media_types.retain(|m| seen.insert(m.clone()));
    media_types.sort_by_key(|m| Encoding::of(m) != Some(Encoding::Json));
    if media_types.is_empty() {
        "application/json".to_string()
    } else {
        media_types.join(", ")
    }
}

fn is_event_stream(media_type: &str) -> bool {
    media_essence(media_type) == "text/event-stream"
}

/// The framing of a media type that is a sequence of JSON values, if it is one.
fn item_framing(media_type: &str) -> Option<Framing> {
    let essence = media_essence(media_type);
    ITEM_STREAMS
        .iter()
        .find(|(name, _)| *name == essence)
        .map(|(_, separator)| Framing {
            media_type: essence,
            separator: *separator,
        })
}

/// Media types whose body is a sequence of JSON values, with the byte that frames each.
pub(super) const ITEM_STREAMS: &[(&str, u8)] = &[
    ("application/jsonl", b'\n'),
    ("application/x-ndjson", b'\n'),
    ("application/x-jsonlines", b'\n'),
    ("application/json-seq", 0x1e),
];

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
        .filter(|(media_type, _)| {
            !is_event_stream(media_type) && item_framing(media_type).is_none()
        })
        .collect();
    if others.is_empty() { all } else { others }
}
/// A success status with its bodies, before they are merged into one [`Success`].
struct SuccessCase {
    code: u16,
    events: Option<TypeRef>,
    framing: Option<Framing>,
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
    let (events, framing) = cases
        .iter()
        .find_map(|case| Some((case.events.clone()?, case.framing.clone())))
        .unzip();
    let framing = framing.flatten();
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
        framing,
        headers,
        headers_name: None,
        headers_alias: None,
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

/// `401` → `Unauthorized`, `4XX` → `ClientError`, `default` → `Other`.
pub fn status_name(status: StatusMatch) -> String {
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

#[cfg(test)]
mod tests {
    use crate::ir::{ResponseBody, StatusMatch, from_yaml};

    /// The `Accept` of the one operation, whose responses are `responses` (YAML).
    fn accept(responses: &str) -> String {
        let api = from_yaml(&format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      responses: {responses}\n"
        ));
        api.operations[0].accept.clone()
    }

    #[test]
    fn accept_lists_what_the_client_decodes_json_first() {
        // XML listed first is not read where JSON is offered; the error's JSON comes along.
        assert_eq!(
            accept(
                "{'200': {description: ok, content: {application/xml: {schema: {type: object}}, \
                 application/json: {schema: {type: object}}}}, '404': {description: gone, content: \
                 {application/problem+json: {schema: {type: object}}, text/html: {schema: {type: string}}}}}"
            ),
            "application/json, application/problem+json"
        );
        // Without JSON, what the success body is read as (text, bytes); JSON errors first.
        assert_eq!(
            accept(
                "{'200': {description: ok, content: {text/csv: {schema: {type: string}}}}, \
                 default: {description: e, content: {application/json: {schema: {type: object}}}}}"
            ),
            "application/json, text/csv"
        );
        // No bodies at all: JSON, in which an undeclared error is most likely.
        assert_eq!(accept("{'204': {description: ok}}"), "application/json");
    }

    #[test]
    fn success_bodies_that_differ_by_status_become_an_enum_and_errors_variants() {
        let api = from_yaml(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /jobs:\n    post:\n      \
             operationId: startJob\n      responses:\n        '200': {description: done, content: \
             {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}\n        \
             '202': {description: queued, content: {text/plain: {schema: {type: string}}}}\n        \
             '204': {description: nothing}\n        '404': {description: missing}\n        \
             default: {description: other, content: {application/json: {schema: {type: object}}}}\n",
        );
        let op = &api.operations[0];
        assert_eq!(op.success.statuses, [200, 202, 204]);
        assert_eq!(op.success.enum_name.as_deref(), Some("StartJobResponse"));
        let variants: Vec<(&str, u16)> = op
            .success
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.status))
            .collect();
        assert_eq!(
            variants,
            [("Ok", 200), ("Accepted", 202), ("NoContent", 204)]
        );
        assert_eq!(op.success.variants[1].body, ResponseBody::Text);
        let errors: Vec<(&str, StatusMatch)> = op
            .errors
            .iter()
            .map(|e| (e.variant.as_str(), e.status))
            .collect();
        assert_eq!(
            errors,
            [
                ("NotFound", StatusMatch::Code(404)),
                ("Other", StatusMatch::Default)
            ]
        );
        assert_eq!(op.error_name, "StartJobError");
    }
}
