//! The `operations` module: per operation a request builder, the typed success headers and
//! the enum of declared error responses. Sending and decoding are the runtime's; the code
//! here only says what this operation sends and expects.

use super::docs::doc_attrs;
use super::type_ref::{ident, is_display, is_string, type_tokens};
use crate::ir::{
    Api, Encoding, ErrorResponse, Operation, Param, ParamLocation, QueryStyle, RequestBody,
    ResponseBody, StatusMatch, TotalPages, TypeRef,
};
use crate::ir::{CursorFrom, PageKind, Pagination};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `use` lines of the `operations` module.
pub fn prelude(api: &Api, runtime: &syn::Path) -> TokenStream {
    let uses_types = api.operations.iter().any(|op| {
        op.params.iter().any(|p| mentions_named(&p.ty))
            || op.body.as_ref().is_some_and(|b| mentions_named(&b.ty))
            || matches!(&op.success.body, ResponseBody::Json(ty) if mentions_named(ty))
            || op
                .success
                .variants
                .iter()
                .any(|v| matches!(&v.body, ResponseBody::Json(ty) if mentions_named(ty)))
            || op.success.headers.iter().any(|h| mentions_named(&h.ty))
            || op
                .errors
                .iter()
                .any(|e| e.body.as_ref().is_some_and(mentions_named))
    });
    let use_types = uses_types.then(|| {
        quote!(
            use super::types;
        )
    });
    quote! {
        #use_types
        use #runtime as runtime;
    }
}

fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Box(inner) => mentions_named(inner),
        _ => false,
    }
}

fn types_prefix() -> TokenStream {
    quote!(types::)
}

/// The type a setter or constructor takes, and how it is stored.
pub(super) fn setter_input(api: &Api, ty: &TypeRef) -> (TokenStream, TokenStream) {
    if is_string(ty) {
        (quote!(impl Into<String>), quote!(.into()))
    } else if *ty == TypeRef::Bytes {
        (quote!(impl Into<Vec<u8>>), quote!(.into()))
    } else {
        (type_tokens(api, ty, &types_prefix()), TokenStream::new())
    }
}

pub fn operation(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let fn_name = &op.fn_name;
    let summary = op.summary.as_deref().or(op.description.as_deref());
    let origin = format!(
        "`{} {}`, created by [`Client::{fn_name}`](super::Client::{fn_name}).",
        op.method, op.path
    );
    let docs = doc_attrs([summary, Some(&origin)]);

    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let body = op.body.as_ref();

    let mut fields = Vec::new();
    let mut new_args = Vec::new();
    let mut new_inits = Vec::new();
    for param in &required {
        let name = ident(&param.name);
        let ty = type_tokens(api, &param.ty, &types_prefix());
        fields.push(quote!(#name: #ty));
        new_args.push(quote!(#name: #ty));
        new_inits.push(quote!(#name));
    }
    if let Some(body) = body.filter(|b| b.required) {
        let ty = type_tokens(api, &body.ty, &types_prefix());
        fields.push(quote!(body: #ty));
        new_args.push(quote!(body: #ty));
        new_inits.push(quote!(body));
    }
    for param in &optional {
        let name = ident(&param.name);
        let ty = type_tokens(api, &param.ty, &types_prefix());
        fields.push(quote!(#name: Option<#ty>));
        new_inits.push(quote!(#name: None));
    }
    if let Some(body) = body.filter(|b| !b.required) {
        let ty = type_tokens(api, &body.ty, &types_prefix());
        fields.push(quote!(body: Option<#ty>));
        new_inits.push(quote!(body: None));
    }
    if follows_links(op) {
        fields.push(quote!(next_page_url: Option<String>));
        new_inits.push(quote!(next_page_url: None));
    }

    let setters = optional.iter().map(|param| setter(api, param));
    let body_setter = body.filter(|b| !b.required).map(|body| {
        let (input, convert) = setter_input(api, &body.ty);
        let docs = doc_attrs([body.doc.as_deref().or(Some("The request body."))]);
        quote! {
            #docs
            pub fn body(mut self, value: #input) -> Self {
                self.body = Some(value #convert);
                self
            }
        }
    });
    let send = send_fn(api, op);
    let events = events_fn(api, op);
    let download = download_fn(api, op);
    let stream = stream_fn(api, op);
    let headers = headers_struct(api, op);
    let errors = error_enum(api, op);
    let successes = success_enum(api, op);

    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder<'a> {
            client: &'a runtime::Client,
            #(#fields,)*
        }

        impl<'a> #builder<'a> {
            pub(crate) fn new(client: &'a runtime::Client, #(#new_args),*) -> Self {
                Self { client, #(#new_inits),* }
            }

            #(#setters)*
            #body_setter
            #send
            #download
            #events
            #stream
        }

        #successes
        #headers
        #errors
    }
}

fn param_docs(param: &Param) -> TokenStream {
    let mut notes = Vec::new();
    let c = &param.constraints;
    let bounds = [
        (&c.minimum, c.exclusive_minimum, "greater than", "at least"),
        (&c.maximum, c.exclusive_maximum, "less than", "at most"),
    ];
    for (bound, exclusive, strict, inclusive) in bounds {
        if let Some(bound) = bound {
            let relation = if exclusive { strict } else { inclusive };
            notes.push(format!("Must be {relation} `{bound}`."));
        }
    }
    if let Some(default) = &c.default {
        notes.push(format!("The server uses `{default}` when it is not set."));
    }
    let notes = (!notes.is_empty()).then(|| notes.join(" "));
    let place = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let wire = format!("Sent as the `{}` {place} parameter.", param.wire_name);
    let deprecated = param.deprecated.then_some("**Deprecated.**");
    doc_attrs([
        param.doc.as_deref(),
        notes.as_deref(),
        Some(&wire),
        deprecated,
    ])
}

fn setter(api: &Api, param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let docs = param_docs(param);
    let (input, convert) = setter_input(api, &param.ty);
    quote! {
        #docs
        pub fn #name(mut self, value: #input) -> Self {
            self.#name = Some(value #convert);
            self
        }
    }
}

/// Statements that percent-encode the path parameters into locals, and the path
/// expression using them (`format!("/things/{thing_id}")`, or a literal without parameters).
fn path_expression(api: &Api, op: &Operation) -> (Vec<TokenStream>, TokenStream) {
    let mut format = String::new();
    let mut locals = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + length];
        format.push_str(&escape_braces(&rest[..start]));
        match op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == name)
        {
            Some(param) => {
                let field = ident(&param.name);
                let display = is_display(api, &param.ty);
                format.push_str(&format!("{{{}}}", param.name));
                locals.push(if param.ty == TypeRef::DateTime {
                    quote!(let #field = runtime::path_segment(&runtime::Rfc3339(&self.#field));)
                } else if display {
                    quote!(let #field = runtime::path_segment(&self.#field);)
                } else {
                    quote!(let #field = runtime::path_segment(&runtime::json_text(&self.#field));)
                });
            }
            None => format.push_str(&escape_braces(&rest[start..start + length + 1])),
        }
        rest = &rest[start + length + 1..];
    }
    format.push_str(&escape_braces(rest));
    if locals.is_empty() {
        let path = &op.path;
        (locals, quote!(#path))
    } else {
        (locals, quote!(&format!(#format)))
    }
}

/// The request-builder call that adds one query, header or cookie parameter.
fn param_step(api: &Api, param: &Param) -> Option<TokenStream> {
    let wire = &param.wire_name;
    let name = ident(&param.name);
    // Date-times go out in RFC 3339 (`Display` of chrono's `DateTime` is not).
    let value = match (param.required, param.ty == TypeRef::DateTime) {
        (true, false) => quote!(&self.#name),
        (false, false) => quote!(self.#name.as_ref()),
        (true, true) => quote!(&runtime::Rfc3339(&self.#name)),
        (false, true) => quote!(self.#name.as_ref().map(runtime::Rfc3339).as_ref()),
    };
    let display = is_display(api, &param.ty);
    let method = match (param.location, display, param.required) {
        (ParamLocation::Path, _, _) => return None,
        (ParamLocation::Query, true, true) => "query",
        (ParamLocation::Query, true, false) => "optional_query",
        (ParamLocation::Query, false, _) => return Some(query_structured_step(api, param)),
        (ParamLocation::Header, false, _) => {
            return Some(structured_step(
                api,
                param,
                quote!(header_list),
                quote!(header_json),
            ));
        }
        (ParamLocation::Cookie, false, _) => {
            return Some(structured_step(
                api,
                param,
                quote!(cookie_list),
                quote!(cookie_json),
            ));
        }
        (ParamLocation::Header, true, true) => "header",
        (ParamLocation::Header, true, false) => "optional_header",
        (ParamLocation::Cookie, true, true) => "cookie",
        (ParamLocation::Cookie, true, false) => "optional_cookie",
    };
    let method = ident(method);
    Some(quote!(.#method(#wire, #value)))
}

/// The operation's error enum, or `Infallible` when it declares no error responses.
fn error_type(op: &Operation) -> TokenStream {
    match &op.error_name {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(std::convert::Infallible),
    }
}

/// Whether the operation's pages are walked by `Link` header (its builder keeps the URL).
fn follows_links(op: &Operation) -> bool {
    matches!(
        op.pagination,
        Some(Pagination {
            kind: PageKind::Link,
            ..
        })
    )
}

/// `stream()`: every item of every page, for paginated operations.
fn stream_fn(api: &Api, op: &Operation) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let item = type_tokens(api, &pagination.item_ty, &types_prefix());
    let error_type = error_type(op);
    let items = match &pagination.items_field {
        Some(field) => {
            let field = ident(field);
            quote!(response.body.#field)
        }
        None => quote!(response.body),
    };
    let body_path = |path: &[String]| {
        let path = path.iter().map(|name| ident(name));
        quote!(response.body #(.#path)*)
    };
    let (first, send, split, how) = match &pagination.kind {
        PageKind::Number {
            page_param,
            total_pages,
        } => {
            let page = ident(page_param);
            let (pages, how) = match total_pages {
                Some(TotalPages::Header(field)) => {
                    let field = ident(field);
                    (
                        quote!(runtime::PageCount::page_count(&response.headers.#field)),
                        "the page count in the response headers tells",
                    )
                }
                Some(TotalPages::BodyField(outer, inner)) => {
                    let (outer, inner) = (ident(outer), ident(inner));
                    (
                        quote!(runtime::PageCount::page_count(&response.body.#outer.#inner)),
                        "the page count in the response tells",
                    )
                }
                None => (quote!(None), "an empty page tells"),
            };
            (
                quote!(self.#page.unwrap_or(1)),
                quote!(|request: Self, page| request.#page(page).send()),
                quote!(|response, page: &i64| {
                    let pages = #pages;
                    let items = #items;
                    let next = runtime::next_page(*page, items.len(), pages);
                    (items, next)
                }),
                format!(
                    "from the page set with [`{page_param}`](Self::{page_param}) (else 1) up to \
                     the last one, which {how}"
                ),
            )
        }
        PageKind::Cursor {
            param,
            cursor,
            has_more,
        } => {
            let setter = ident(param);
            let has_more = match has_more {
                Some(path) => {
                    let field = body_path(path);
                    quote!(runtime::page_flag(&#field))
                }
                None => quote!(None),
            };
            let (cursor_before, cursor_after, from) = match cursor {
                CursorFrom::Field(path) => {
                    let field = body_path(path);
                    (
                        quote!(let next = runtime::page_cursor(&#field);),
                        TokenStream::new(),
                        format!("`{}` of each response", path.join(".")),
                    )
                }
                CursorFrom::LastItem(id) => {
                    let id = ident(id);
                    (
                        TokenStream::new(),
                        quote!(let next = items.last().map(|item| item.#id.clone());),
                        format!("the `{id}` of each page's last item"),
                    )
                }
            };
            (
                quote!(self.#setter.clone()),
                quote!(|request: Self, cursor: Option<String>| match cursor {
                    Some(cursor) => request.#setter(cursor).send(),
                    None => request.send(),
                }),
                quote!(|response, cursor: &Option<String>| {
                    let has_more = #has_more;
                    #cursor_before
                    let items = #items;
                    #cursor_after
                    let next = runtime::next_cursor(cursor, items.len(), has_more, next);
                    (items, next)
                }),
                format!(
                    "passing {from} as [`{param}`](Self::{param}), until a response says there \
                     is no more"
                ),
            )
        }
        PageKind::Link => (
            quote!(None::<String>),
            quote!(|mut request: Self, url: Option<String>| {
                request.next_page_url = url;
                request.send()
            }),
            quote!(|response, _: &Option<String>| {
                let next = runtime::next_link(&response.header_map);
                (#items, next)
            }),
            "following each response's `Link: rel=\"next\"` URL until there is none".to_string(),
        ),
    };
    let docs = doc_attrs([Some(
        format!(
            "Every item of every page, as a stream: pages are fetched one after another as the \
             stream is read, {how}. An error ends the stream after it is yielded."
        )
        .as_str(),
    )]);
    Some(quote! {
        #docs
        pub fn stream(self) -> impl runtime::Stream<Item = Result<#item, runtime::Error<#error_type>>> + 'a {
            let first = #first;
            runtime::paginate(self, first, #send, #split)
        }
    })
}

/// The request-builder call that adds the body, encoded by its media type.
fn body_step(body: &RequestBody) -> TokenStream {
    // A wildcard (`*/*`, `image/*`) says nothing the server can read: send plain bytes.
    let content_type = if body.media_type.contains('*') {
        "application/octet-stream".to_string()
    } else {
        body.media_type.clone()
    };
    // `application/merge-patch+json` and other JSON types keep their own media type.
    let plain_json = content_type.eq_ignore_ascii_case("application/json");
    match (body.encoding, body.required) {
        (Encoding::Json, true) if !plain_json => quote!(.json_as(#content_type, &self.body)),
        (Encoding::Json, false) if !plain_json => {
            quote!(.optional_json_as(#content_type, self.body.as_ref()))
        }
        (Encoding::Json, true) => quote!(.json(&self.body)),
        (Encoding::Json, false) => quote!(.optional_json(self.body.as_ref())),
        (Encoding::Form, true) => quote!(.form(&self.body)),
        (Encoding::Form, false) => quote!(.optional_form(self.body.as_ref())),
        (Encoding::Multipart, true) => quote!(.multipart(&self.body)),
        (Encoding::Multipart, false) => quote!(.optional_multipart(self.body.as_ref())),
        (Encoding::Text | Encoding::Bytes, true) => quote!(.raw(#content_type, self.body)),
        (Encoding::Text | Encoding::Bytes, false) => {
            quote!(.optional_raw(#content_type, self.body))
        }
    }
}

/// A parameter with no plain-text form: an array of text values is sent as a list
/// (`list`), anything else as JSON text (`json`).
fn structured_step(api: &Api, param: &Param, list: TokenStream, json: TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    let name = ident(&param.name);
    match (&param.ty, param.required) {
        (TypeRef::Vec(item), true) if is_display(api, item) => quote!(.#list(#wire, &self.#name)),
        (TypeRef::Vec(item), false) if is_display(api, item) => {
            quote!(.#list(#wire, self.#name.iter().flatten()))
        }
        (_, true) => quote!(.#json(#wire, Some(&self.#name))),
        (_, false) => quote!(.#json(#wire, self.#name.as_ref())),
    }
}

/// A query parameter with no plain-text form, written as its `style` and `explode` say.
fn query_structured_step(api: &Api, param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let name = ident(&param.name);
    let value = if param.required {
        quote!(Some(&self.#name))
    } else {
        quote!(self.#name.as_ref())
    };
    let values = if param.required {
        quote!(&self.#name)
    } else {
        quote!(self.#name.iter().flatten())
    };
    match &param.ty {
        TypeRef::Vec(item) if is_display(api, item) => {
            let separator = match param.style {
                QueryStyle::SpaceDelimited => " ",
                QueryStyle::PipeDelimited => "|",
                QueryStyle::Form | QueryStyle::DeepObject => ",",
            };
            if param.explode && param.style == QueryStyle::Form {
                quote!(.query_each(#wire, #values))
            } else {
                quote!(.query_joined(#wire, #values, #separator))
            }
        }
        _ if param.style == QueryStyle::DeepObject => quote!(.query_deep(#wire, #value)),
        TypeRef::Named(_) | TypeRef::Map(_) if param.explode && param.style == QueryStyle::Form => {
            quote!(.query_exploded(#value))
        }
        _ => quote!(.query_json(#wire, #value)),
    }
}

fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// The statements that send the request: path segments, then the request with its
/// parameters and body (`extra` adds steps, such as an `Accept` header).
fn send_request(api: &Api, op: &Operation, extra: TokenStream) -> TokenStream {
    let method = ident(&op.method);
    let (path_locals, path) = path_expression(api, op);
    let security = op
        .security
        .iter()
        .map(|alternative| quote!(&[#(#alternative),*]));
    let operation_id = &op.id;
    let mut steps: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|param| param_step(api, param))
        .collect();
    if let Some(body) = &op.body {
        steps.push(body_step(body));
    }
    if follows_links(op) {
        steps.push(quote!(.page_url(self.next_page_url.as_deref())));
    }
    quote! {
        #(#path_locals)*
        let response = self
            .client
            .request(#operation_id, runtime::Method::#method, #path, &[#(#security),*])
            #(#steps)*
            #extra
            .send()
            .await?;
    }
}

/// The `match` arms for declared error statuses, then anything else.
fn error_arms(op: &Operation) -> Vec<TokenStream> {
    let error_name = op.error_name.as_deref().map(ident);
    let mut ordered: Vec<&ErrorResponse> = op.errors.iter().collect();
    ordered.sort_by_key(|e| match e.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let mut arms = Vec::new();
    let mut has_default = false;
    for error in ordered {
        let pattern = match error.status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            StatusMatch::Range(range) => {
                let low = Literal::u16_unsuffixed(range * 100);
                let high = Literal::u16_unsuffixed(range * 100 + 99);
                quote!(#low..=#high)
            }
            StatusMatch::Default => {
                has_default = true;
                quote!(_)
            }
        };
        let variant = ident(&error.variant);
        let decode = if error.body.is_some() {
            quote!(runtime::json_error(response, #error_name::#variant).await)
        } else {
            quote!(runtime::empty_error(response, #error_name::#variant).await)
        };
        arms.push(quote!(#pattern => #decode,));
    }
    if !has_default {
        arms.push(quote!(_ => runtime::unexpected_status(response).await,));
    }
    arms
}

fn send_fn(api: &Api, op: &Operation) -> TokenStream {
    let success_type = match &op.success.enum_name {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => body_type(api, &op.success.body),
    };
    let headers_type = headers_type(op);
    let error_type = error_type(op);
    let send = send_request(api, op, TokenStream::new());
    let mut arms = success_arms(api, op);
    arms.extend(error_arms(op));
    quote! {
        /// Sends the request and decodes the response.
        pub async fn send(self) -> Result<runtime::Response<#success_type, #headers_type>, runtime::Error<#error_type>> {
            #send
            match response.status().as_u16() {
                #(#arms)*
            }
        }
    }
}

/// The typed success headers, or `()`.
fn headers_type(op: &Operation) -> TokenStream {
    match &op.success.headers_name {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(()),
    }
}

/// The `match` pattern of the success statuses (any 2xx where the spec names none).
fn success_pattern(op: &Operation) -> TokenStream {
    if op.success.statuses.is_empty() {
        quote!(200..=299)
    } else {
        let codes = op
            .success
            .statuses
            .iter()
            .map(|code| Literal::u16_unsuffixed(*code));
        quote!(#(#codes)|*)
    }
}

/// `download()`: a binary success body as a stream of chunks, beside `send()` which reads it
/// whole.
fn download_fn(api: &Api, op: &Operation) -> Option<TokenStream> {
    if op.success.enum_name.is_some() || op.success.body != ResponseBody::Bytes {
        return None;
    }
    let headers_type = headers_type(op);
    let error_type = error_type(op);
    let send = send_request(api, op, TokenStream::new());
    let pattern = success_pattern(op);
    let arms = error_arms(op);
    Some(quote! {
        /// Sends the request and gives the body as a stream of chunks as they arrive, for
        /// downloads too large to hold in memory (`send` reads it whole).
        pub async fn download(self) -> Result<runtime::Response<runtime::ByteStream, #headers_type>, runtime::Error<#error_type>> {
            #send
            match response.status().as_u16() {
                #pattern => runtime::streamed_body(response),
                #(#arms)*
            }
        }
    })
}

/// `events()`: the response as a stream of server-sent events, for operations that answer
/// `text/event-stream`.
fn events_fn(api: &Api, op: &Operation) -> Option<TokenStream> {
    let data = op.success.events.as_ref()?;
    let error_type = error_type(op);
    let (data_type, decode) = if *data == TypeRef::String {
        (quote!(String), quote!(runtime::text_event))
    } else {
        (
            type_tokens(api, data, &types_prefix()),
            quote!(runtime::json_event),
        )
    };
    let send = send_request(api, op, quote!(.header("accept", &"text/event-stream")));
    let pattern = success_pattern(op);
    let arms = error_arms(op);
    Some(quote! {
        /// Sends the request asking for `text/event-stream`, and reads the response as a stream
        /// of server-sent events as they arrive (the stream owns the connection, not the
        /// client). An error status is decoded as with `send`; an event that does not decode
        /// ends the stream with a `Decode` error.
        pub async fn events(
            self,
        ) -> Result<
            impl runtime::Stream<Item = Result<runtime::Event<#data_type>, runtime::Error<#error_type>>> + use<>,
            runtime::Error<#error_type>,
        > {
            #send
            match response.status().as_u16() {
                #pattern => Ok(runtime::event_stream(response, #decode)),
                #(#arms)*
            }
        }
    })
}

fn headers_struct(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = ident(op.success.headers_name.as_ref()?);
    let builder = &op.builder_name;
    let docs = doc_attrs([Some(
        format!("Headers of a successful [`{builder}`] response.").as_str(),
    )]);
    let fields = op.success.headers.iter().map(|header| {
        let name = ident(&header.name);
        let ty = type_tokens(api, &header.ty, &types_prefix());
        let ty = if header.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        let wire = format!("`{}`", header.wire_name);
        let docs = doc_attrs([Some(wire.as_str()), header.doc.as_deref()]);
        quote!(#docs pub #name: #ty,)
    });
    let inits = op.success.headers.iter().map(|header| {
        let name = ident(&header.name);
        let wire = header.wire_name.to_ascii_lowercase();
        let read = if header.required {
            quote!(runtime::required_header)
        } else {
            quote!(runtime::header)
        };
        quote!(#name: #read(headers, #wire)?,)
    });
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl runtime::FromHeaders for #name {
            fn from_headers(headers: &runtime::HeaderMap) -> Result<Self, runtime::HeaderError> {
                Ok(Self { #(#inits)* })
            }
        }
    })
}

fn error_enum(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = ident(op.error_name.as_ref()?);
    let builder = &op.builder_name;
    let docs = doc_attrs([Some(
        format!("Error responses declared for [`{builder}`].").as_str(),
    )]);
    let variants = op.errors.iter().map(|error| {
        let variant = ident(&error.variant);
        let status = match error.status {
            StatusMatch::Code(code) => format!("Status {code}"),
            StatusMatch::Range(range) => format!("Status {range}XX"),
            StatusMatch::Default => "Any other status".to_string(),
        };
        let heading = match &error.description {
            Some(description) => format!("{status}: {description}"),
            None => status,
        };
        let docs = doc_attrs([Some(heading.as_str())]);
        match &error.body {
            Some(ty) => {
                let ty = type_tokens(api, ty, &types_prefix());
                quote!(#docs #variant(#ty),)
            }
            None => quote!(#docs #variant,),
        }
    });
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn body_type(api: &Api, body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(ty) => type_tokens(api, ty, &types_prefix()),
        ResponseBody::Text => quote!(String),
        ResponseBody::Bytes => quote!(Vec<u8>),
        ResponseBody::Empty => quote!(()),
    }
}

fn decode_body(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(_) => quote!(runtime::json_body(response).await),
        ResponseBody::Text => quote!(runtime::text_body(response).await),
        ResponseBody::Bytes => quote!(runtime::bytes_body(response).await),
        ResponseBody::Empty => quote!(runtime::empty_body(response).await),
    }
}

/// The `match` arms for success statuses: one decoding the common body, or one per variant
/// of the success enum (guarded by the media type where a status has several).
fn success_arms(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let Some(enum_name) = &op.success.enum_name else {
        let pattern = success_pattern(op);
        let decode = decode_body(&op.success.body);
        return vec![quote!(#pattern => #decode,)];
    };
    let enum_name = ident(enum_name);
    let variants = &op.success.variants;
    variants
        .iter()
        .enumerate()
        .map(|(i, variant)| {
            let code = Literal::u16_unsuffixed(variant.status);
            let name = ident(&variant.name);
            let decode = match &variant.body {
                // The body type is only known from the variant, too late for inference.
                ResponseBody::Json(ty) => {
                    let ty = type_tokens(api, ty, &types_prefix());
                    quote!(runtime::json_body::<#ty, _, _>(response).await)
                }
                body => decode_body(body),
            };
            let wrap = if variant.body == ResponseBody::Empty {
                quote!(|()| #enum_name::#name)
            } else {
                quote!(#enum_name::#name)
            };
            // The last variant of a status takes whatever media type the others do not.
            let last_of_status = variants[i + 1..].iter().all(|v| v.status != variant.status);
            let guard = (!variant.media_types.is_empty() && !last_of_status).then(|| {
                let media_types = &variant.media_types;
                quote!(if runtime::has_media_type(&response, &[#(#media_types),*]))
            });
            quote!(#code #guard => #decode.map(|response| response.map(#wrap)),)
        })
        .collect()
}

/// The enum of an operation's success bodies, where they differ by status or media type.
fn success_enum(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = ident(op.success.enum_name.as_ref()?);
    let builder = &op.builder_name;
    let docs = doc_attrs([Some(
        format!("Successful responses of [`{builder}`], by status and media type.").as_str(),
    )]);
    let variants = op.success.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let mut heading = format!("Status {}", variant.status);
        if !variant.media_types.is_empty() {
            let media: Vec<String> = variant
                .media_types
                .iter()
                .map(|m| format!("`{m}`"))
                .collect();
            heading.push_str(&format!(", {}", media.join(" or ")));
        }
        if let Some(description) = &variant.description {
            heading.push_str(&format!(": {description}"));
        }
        let docs = doc_attrs([Some(heading.as_str())]);
        match &variant.body {
            ResponseBody::Empty => quote!(#docs #name,),
            body => {
                let ty = body_type(api, body);
                quote!(#docs #name(#ty),)
            }
        }
    });
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}
