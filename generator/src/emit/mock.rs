//! The `mock` module (`Options::mocks`): typed mocks of the API for tests of code that uses
//! the client. A `MockServer` with a method per operation (the client's names) starting a
//! `…When` (matchers from the operation's parameters and body, typed as the request builder
//! takes them), whose `then()` is a `…Then` (responders from the operation's declared
//! responses, typed by their bodies and headers). Matching and answering are the runtime's
//! (`runtime::mock`, over wiremock); parameters are matched by replaying the request builder's
//! own steps, so a mock expects exactly what the client sends.

use super::docs::{doc_attrs, own_doc_attrs};
use super::operation::request::{Source, body_step_from, param_step_from, text_value};
use super::type_ref::{Paths, ident, setter_input, type_tokens};
use crate::ir::{
    Api, Encoding, Operation, Param, ParamLocation, ResponseBody, StatusMatch, TypeRef, status_name,
};
use crate::naming::{self, Scope};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Members of every `…Then`: responders and header setters take other names.
const THEN_MEMBERS: &[&str] = &[
    "then", "status", "body", "header", "delay", "expect", "times", "mount", "fmt",
];

/// The module's doc line.
pub const DOC: &str =
    "Typed mocks for tests (the `mock` feature): a local server answering as a test says.";

/// `MockServer`: the server, a client pointed at it, and a matcher per operation.
pub fn server(api: &Api) -> TokenStream {
    let starts = api.operations.iter().map(|op| {
        let method = ident(&op.fn_name);
        let when = ident(&naming::suffixed(&op.builder_name, "When"));
        let (id, verb, path) = (&op.id, &op.method, &op.path);
        let docs = own_doc_attrs(
            [],
            &format!(
                "Mocks `{verb} {path}` ([`Client::{}`](super::Client::{})): what a request \
                 must be, then how to answer it.",
                op.fn_name, op.fn_name
            ),
        );
        quote! {
            #docs
            pub fn #method(&self) -> #when {
                #when { when: self.server.when(#id, #verb, #path) }
            }
        }
    });
    quote! {
        /// A mock of the API: a local HTTP server on a free port answering each operation as
        /// the test says (a method per operation, named as the client's), and a
        /// [`Client`](super::Client) pointed at it. Answers not mounted get `404`; `expect`s
        /// are checked when the last clone is dropped.
        #[derive(Debug, Clone)]
        pub struct MockServer {
            server: runtime::mock::MockServer,
        }

        impl MockServer {
            /// Starts a mock server on a free local port.
            pub async fn start() -> Self {
                Self { server: runtime::mock::MockServer::start().await }
            }

            /// The server's base URL (`http://127.0.0.1:PORT`).
            pub fn uri(&self) -> String {
                self.server.uri()
            }

            /// A client pointed at the server, without credentials (see
            /// [`client_builder`](Self::client_builder) for those).
            ///
            /// # Panics
            ///
            /// Never: the server's URL is a valid base URL.
            pub fn client(&self) -> super::Client {
                self.client_builder()
                    .build()
                    .expect("a mock server's URL is a valid base URL")
            }

            /// A client builder pointed at the server, for credentials and other settings.
            pub fn client_builder(&self) -> runtime::ClientBuilder<super::Client> {
                super::Client::builder().base_url(self.uri())
            }

            /// The runtime's server underneath: the requests received, and `wiremock`.
            pub fn runtime(&self) -> &runtime::mock::MockServer {
                &self.server
            }

            #(#starts)*
        }
    }
}

/// One operation's `…When` and `…Then`.
pub fn operation(api: &Api, op: &Operation) -> TokenStream {
    let when = when_type(api, op);
    let then = then_type(api, op);
    quote!(#when #then)
}

fn when_type(api: &Api, op: &Operation) -> TokenStream {
    let when = ident(&naming::suffixed(&op.builder_name, "When"));
    let then = ident(&naming::suffixed(&op.builder_name, "Then"));
    let builder = &op.builder_name;
    let docs = own_doc_attrs(
        [],
        &format!(
            "What a request of [`{builder}`](super::operations::{builder}) must be: each \
             parameter set here is sent with that value (others may be sent too); \
             [`then`](Self::then) says how to answer."
        ),
    );
    let params = op.params.iter().map(|param| param_matcher(api, param));
    let body = body_matchers(api, op);
    quote! {
        #docs
        #[derive(Debug)]
        #[must_use = "a matcher does nothing until its answer is mounted"]
        pub struct #when {
            when: runtime::mock::When,
        }

        impl #when {
            #(#params)*
            #body

            /// The request carries the header `name` with `value`.
            pub fn header(mut self, name: &str, value: &str) -> Self {
                self.when = self.when.header(name, value);
                self
            }

            /// The URL of a request that matches, on the mock server (path and query
            /// parameters as set), for next-page links in mocked responses.
            pub fn request_url(self) -> String {
                self.when.url()
            }

            /// How to answer the requests that match.
            pub fn then(self) -> #then {
                #then { then: self.when.then() }
            }
        }
    }
}

/// A parameter's matcher: the value, taken as the request builder's setter takes it, sent as
/// the builder sends it.
fn param_matcher(api: &Api, param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let (input, bind) = taken_value(api, &param.ty);
    let value = quote!(value);
    let step = match param.location {
        ParamLocation::Path => {
            let wire = &param.wire_name;
            let encoded = text_value(api, &param.ty, &value);
            quote!(self.when = self.when.path_param(#wire, #encoded);)
        }
        _ => {
            let source = Source {
                place: value,
                optional: false,
            };
            let step = param_step_from(api, param, &source);
            quote!(self.when = self.when.params(move |request| request #step);)
        }
    };
    let place = param.location.name();
    let doc = format!("The `{}` {place} parameter is `value`.", param.wire_name);
    let docs = doc_attrs([Some(doc.as_str())]);
    quote! {
        #docs
        pub fn #name(mut self, value: #input) -> Self {
            #bind
            #step
            self
        }
    }
}

/// How a method takes a value of `ty` (as the request builder's setters do: text as
/// `impl Into<String>`), and the statement that binds `value` to the type itself where the
/// two differ.
fn taken_value(api: &Api, ty: &TypeRef) -> (TokenStream, Option<TokenStream>) {
    let (input, convert) = setter_input(api, ty, &Paths::in_operations());
    let bind = (!convert.is_empty()).then(|| {
        let ty = type_tokens(api, ty, &Paths::in_operations());
        quote!(let value: #ty = value #convert;)
    });
    (input, bind)
}

/// `body` (equal to a value, as the client encodes it) and, for JSON, `body_matching` (a
/// predicate on the decoded body). Multipart bodies have neither (their boundaries differ).
fn body_matchers(api: &Api, op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    if body.encoding == Encoding::Multipart {
        return None;
    }
    let (input, owned) = borrowed(api, &body.ty);
    let source = Source {
        place: quote!(value),
        optional: false,
    };
    let step = body_step_from(body, &source);
    let matching = (body.encoding == Encoding::Json).then(|| {
        let ty = type_tokens(api, &body.ty, &Paths::in_operations());
        quote! {
            /// The request's body decodes and satisfies `check`.
            pub fn body_matching(
                mut self,
                check: impl Fn(&#ty) -> bool + Send + Sync + 'static,
            ) -> Self {
                self.when = self.when.body_matching(check);
                self
            }
        }
    });
    Some(quote! {
        /// The request's body is `value`, as the client encodes it (JSON: an equal value).
        pub fn body(mut self, value: &#input) -> Self {
            let value = value #owned;
            self.when = self.when.params(move |request| request #step);
            self
        }

        #matching
    })
}

/// The borrowed form a value of `ty` is given in (`[T]` for `Vec<T>`, `str` for `String`),
/// and how it is made owned again.
fn borrowed(api: &Api, ty: &TypeRef) -> (TokenStream, TokenStream) {
    let paths = Paths::in_operations();
    match ty {
        TypeRef::Vec(item) => {
            let item = type_tokens(api, item, &paths);
            (quote!([#item]), quote!(.to_vec()))
        }
        TypeRef::String => (quote!(str), quote!(.to_owned())),
        TypeRef::Bytes => (quote!([u8]), quote!(.to_vec())),
        other => (type_tokens(api, other, &paths), quote!(.clone())),
    }
}

/// One way to answer: a declared response.
struct Responder<'a> {
    base: String,
    /// `None`: the test gives the status (a range or `default`).
    status: Option<u16>,
    body: Body<'a>,
    content_type: Option<&'a str>,
    doc: String,
}

enum Body<'a> {
    Json(&'a TypeRef),
    Text,
    Bytes,
    Empty,
}

impl<'a> Body<'a> {
    fn of(body: &'a ResponseBody) -> Self {
        match body {
            ResponseBody::Json(ty) => Body::Json(ty),
            ResponseBody::Text => Body::Text,
            ResponseBody::Bytes => Body::Bytes,
            ResponseBody::Empty => Body::Empty,
        }
    }
}

/// A responder's doc: `Answers `404` (declared): Not found`.
fn answer_doc(which: &str, description: Option<&str>) -> String {
    match description {
        Some(description) => format!("Answers {which} (declared): {description}"),
        None => format!("Answers {which} (declared)"),
    }
}

/// The declared responses: success statuses (or variants), then errors.
fn responders(op: &Operation) -> Vec<Responder<'_>> {
    let mut out = Vec::new();
    let success = &op.success;
    let described =
        |status: u16, description: Option<&str>| answer_doc(&format!("`{status}`"), description);
    if success.enum_name.is_some() {
        for variant in &success.variants {
            let mut base = naming::snake(&status_name(StatusMatch::Code(variant.status)), "status");
            if let Some(media) = variant.media_types.first() {
                base = format!("{base}_{}", naming::snake(media, "media"));
            }
            out.push(Responder {
                base,
                status: Some(variant.status),
                body: Body::of(&variant.body),
                content_type: variant.media_types.first().map(String::as_str),
                doc: described(variant.status, variant.description.as_deref()),
            });
        }
    } else {
        let statuses = if success.statuses.is_empty() {
            vec![200]
        } else {
            success.statuses.clone()
        };
        for status in statuses {
            out.push(Responder {
                base: naming::snake(&status_name(StatusMatch::Code(status)), "status"),
                status: Some(status),
                body: Body::of(&success.body),
                content_type: None,
                doc: described(status, success.description.as_deref()),
            });
        }
    }
    for error in &op.errors {
        let status = match error.status {
            StatusMatch::Code(code) => Some(code),
            StatusMatch::Range(_) | StatusMatch::Default => None,
        };
        let which = match error.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::Range(range) => format!("a `{range}XX` status"),
            StatusMatch::Default => "a status the operation declares no other way".to_string(),
        };
        let doc = answer_doc(&which, error.description.as_deref());
        out.push(Responder {
            base: naming::snake(&error.variant, "error"),
            status,
            body: error.body.as_ref().map_or(Body::Empty, Body::Json),
            content_type: None,
            doc,
        });
    }
    out
}

fn then_type(api: &Api, op: &Operation) -> TokenStream {
    let then = ident(&naming::suffixed(&op.builder_name, "Then"));
    let builder = &op.builder_name;
    let docs = own_doc_attrs(
        [],
        &format!(
            "How to answer a matching [`{builder}`](super::operations::{builder}) request: a \
             declared response (typed body and headers), or anything else for faults; then \
             [`mount`](Self::mount)."
        ),
    );
    let mut scope = Scope::reserving(THEN_MEMBERS);
    let responders: Vec<TokenStream> = responders(op)
        .iter()
        .map(|responder| responder_fn(api, responder, &mut scope))
        .collect();
    let headers = header_setters(api, op, &mut scope);
    let raw = raw_answers();
    quote! {
        #docs
        #[derive(Debug)]
        #[must_use = "an answer does nothing until it is mounted"]
        pub struct #then {
            then: runtime::mock::Then,
        }

        impl #then {
            #(#responders)*
            #(#headers)*

            #raw
        }
    }
}

/// A setter per typed success header, named after its field (`_header` appended where a
/// responder or a member has the name).
fn header_setters(api: &Api, op: &Operation, scope: &mut Scope) -> Vec<TokenStream> {
    op.success
        .headers
        .iter()
        .map(|header| {
            let name = if scope.contains(&header.name) {
                scope.claim(&format!("{}_header", header.name))
            } else {
                scope.claim(&header.name)
            };
            let name = ident(&name);
            let wire = &header.wire_name;
            let (input, bind) = taken_value(api, &header.ty);
            let text = text_value(api, &header.ty, &quote!(value));
            let doc = format!("With the `{wire}` header (of a success response).");
            let docs = doc_attrs([Some(doc.as_str())]);
            quote! {
                #docs
                pub fn #name(mut self, value: #input) -> Self {
                    #bind
                    self.then = self.then.header(#wire, #text);
                    self
                }
            }
        })
        .collect()
}

/// What every `…Then` has besides the declared responses: faults, how often, `mount`.
fn raw_answers() -> TokenStream {
    quote! {
        /// Answers with `status` (an undeclared one: a `503` for a retry test).
        pub fn status(mut self, status: u16) -> Self {
            self.then = self.then.status(status);
            self
        }

        /// Answers with `body` as it is, of `content_type` (malformed JSON, an HTML page).
        pub fn body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
            self.then = self.then.body(content_type, body);
            self
        }

        /// With the header `name: value`.
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.then = self.then.header(name, &value);
            self
        }

        /// Answers after `delay` (a timeout test).
        pub fn delay(mut self, delay: std::time::Duration) -> Self {
            self.then = self.then.delay(delay);
            self
        }

        /// Expects exactly `count` matching requests, checked when the server is dropped.
        pub fn expect(mut self, count: u64) -> Self {
            self.then = self.then.expect(count);
            self
        }

        /// Answers this way `count` times only; later requests get answers mounted after
        /// this one (first a `503`, then a `200`).
        pub fn times(mut self, count: u64) -> Self {
            self.then = self.then.times(count);
            self
        }

        /// Puts the answer on the server; answers mounted earlier are tried first.
        pub async fn mount(self) {
            self.then.mount().await;
        }
    }
}

fn responder_fn(api: &Api, responder: &Responder<'_>, scope: &mut Scope) -> TokenStream {
    let name = ident(&scope.claim(&responder.base));
    let docs = doc_attrs([Some(responder.doc.as_str())]);
    let (status_arg, status) = match responder.status {
        Some(code) => (TokenStream::new(), {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }),
        None => (quote!(status: u16,), quote!(status)),
    };
    let (body_arg, answer) = match &responder.body {
        Body::Json(ty) => {
            let (input, _) = borrowed(api, ty);
            let answer = match responder.content_type {
                Some(media) => quote!(self.then.json_as(#status, #media, body)),
                None => quote!(self.then.json(#status, body)),
            };
            (quote!(body: &#input), answer)
        }
        Body::Text => {
            let media = responder.content_type.unwrap_or("text/plain");
            (
                quote!(body: &str),
                quote!(self.then.status(#status).body(#media, body)),
            )
        }
        Body::Bytes => {
            let media = responder.content_type.unwrap_or("application/octet-stream");
            (
                quote!(body: &[u8]),
                quote!(self.then.status(#status).body(#media, body)),
            )
        }
        Body::Empty => (TokenStream::new(), quote!(self.then.empty(#status))),
    };
    quote! {
        #docs
        pub fn #name(mut self, #status_arg #body_arg) -> Self {
            self.then = #answer;
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, generate_from_str};

    /// The `mock` module of `spec`.
    fn mock_code(spec: &str) -> String {
        let options = Options {
            mocks: true,
            ..Options::default()
        };
        let code = generate_from_str("spec.yaml", spec, &options)
            .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
            .code;
        let start = code.find("pub mod mock {").expect("a mock module");
        code[start..].to_string()
    }

    #[test]
    fn responders_headers_and_members_never_share_a_name() {
        let code = mock_code(
            "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /jobs/{id}:
    get:
      operationId: getJob
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          headers:
            Status: {schema: {type: string}}
            Expect: {schema: {type: integer}}
            OK: {schema: {type: boolean}}
          content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}
        '4XX': {description: client, content: {application/json: {schema: {type: string}}}}
        default: {description: other}
",
        );
        // The responders by status; a range or `default` takes the status too.
        for signature in [
            "pub fn ok(mut self, body: &types::GetJobResponse) -> Self",
            "pub fn client_error(mut self, status: u16, body: &str) -> Self",
            "pub fn other(mut self, status: u16) -> Self",
            // Headers named like a member or a responder step aside.
            "pub fn status_header(mut self, value: impl Into<String>) -> Self",
            "pub fn expect_header(mut self, value: i64) -> Self",
            "pub fn ok_header(mut self, value: bool) -> Self",
            // The path parameter matcher, typed as the client method takes it.
            "pub fn id(mut self, value: i64) -> Self",
        ] {
            assert!(code.contains(signature), "{signature}\nnot in\n{code}");
        }
        for member in ["status", "expect", "ok"] {
            let count = code.matches(&format!("pub fn {member}(")).count();
            assert_eq!(count, 1, "`{member}` defined {count} times");
        }
    }
}
