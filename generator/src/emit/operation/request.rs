//! How a request goes out: the path with its encoded parameters, query, header and cookie
//! parameters by style, and the body by media type.

use crate::emit::type_ref::{ident, is_display};
use crate::ir::{
    Api, Encoding, FormArray, Operation, Param, ParamLocation, QueryStyle, RequestBody, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The statement binding `path` (a `runtime::Path` that encodes each parameter into its
/// segment and refuses values that would name another resource), and the expression the
/// request takes: `path`, or the literal path of an operation without path parameters.
fn path_expression(api: &Api, op: &Operation) -> (Option<TokenStream>, TokenStream) {
    let mut literal = String::new();
    let mut steps = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + length];
        literal.push_str(&rest[..start]);
        match op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == name)
        {
            Some(param) => {
                let field = ident(&param.name);
                let value = text_value(api, &param.ty, &quote!(self.#field));
                let text = std::mem::take(&mut literal);
                if !steps.is_empty() && !text.is_empty() {
                    steps.push(quote!(.literal(#text)));
                } else if steps.is_empty() {
                    steps.push(quote!(runtime::Path::new(#text)));
                }
                let wire = &param.wire_name;
                steps.push(quote!(.param(#wire, #value)));
            }
            None => literal.push_str(&rest[start..start + length + 1]),
        }
        rest = &rest[start + length + 1..];
    }
    literal.push_str(rest);
    if steps.is_empty() {
        let path = &op.path;
        return (None, quote!(#path));
    }
    if !literal.is_empty() {
        steps.push(quote!(.literal(#literal)));
    }
    (Some(quote!(let path = #(#steps)*;)), quote!(path))
}

/// The text a value of `ty` at `place` goes out as, in a path segment or a header: its
/// `Display` text, RFC 3339 for date-times, JSON text for structured values.
pub(in crate::emit) fn text_value(api: &Api, ty: &TypeRef, place: &TokenStream) -> TokenStream {
    if *ty == TypeRef::DateTime {
        quote!(&runtime::Rfc3339(&#place))
    } else if is_display(api, ty) {
        quote!(&#place)
    } else {
        quote!(&runtime::json_text(&#place))
    }
}

/// Where a parameter's or body's value is: a place holding the value, or an `Option` of it.
pub(in crate::emit) struct Source {
    pub place: TokenStream,
    pub optional: bool,
}

impl Source {
    /// The builder's field of that name (an `Option` unless `required`).
    fn field(name: &str, required: bool) -> Source {
        let name = ident(name);
        Source {
            place: quote!(self.#name),
            optional: !required,
        }
    }
}

/// The request-builder call that adds one query, header or cookie parameter.
fn param_step(api: &Api, param: &Param) -> Option<TokenStream> {
    param_step_from(api, param, &Source::field(&param.name, param.required))
}

/// The request call that adds one query, header or cookie parameter from `source`.
pub(in crate::emit) fn param_step_from(
    api: &Api,
    param: &Param,
    source: &Source,
) -> Option<TokenStream> {
    let wire = &param.wire_name;
    let place = &source.place;
    // Date-times go out in RFC 3339 (`Display` of chrono's `DateTime` is not).
    let value = match (source.optional, param.ty == TypeRef::DateTime) {
        (false, false) => quote!(&#place),
        (true, false) => quote!(#place.as_ref()),
        (false, true) => quote!(&runtime::Rfc3339(&#place)),
        (true, true) => quote!(#place.as_ref().map(runtime::Rfc3339).as_ref()),
    };
    let display = is_display(api, &param.ty);
    let method = match (param.location, display, !source.optional) {
        (ParamLocation::Path, _, _) => return None,
        (ParamLocation::Query, true, true) => "query",
        (ParamLocation::Query, true, false) => "optional_query",
        (ParamLocation::Query, false, _) => {
            return Some(query_structured_step(api, param, source));
        }
        (ParamLocation::Header, false, _) => {
            let (list, json) = (quote!(header_list), quote!(header_json));
            return Some(structured_step(api, param, source, list, json));
        }
        (ParamLocation::Cookie, false, _) => {
            let (list, json) = (quote!(cookie_list), quote!(cookie_json));
            return Some(structured_step(api, param, source, list, json));
        }
        (ParamLocation::Header, true, true) => "header",
        (ParamLocation::Header, true, false) => "optional_header",
        (ParamLocation::Cookie, true, true) => "cookie",
        (ParamLocation::Cookie, true, false) => "optional_cookie",
    };
    let method = ident(method);
    Some(quote!(.#method(#wire, #value)))
}

/// The request-builder call that adds the body, encoded by its media type.
fn body_step(body: &RequestBody) -> TokenStream {
    body_step_from(body, &Source::field("body", body.required))
}

/// The request call that adds the body from `source`, encoded by its media type.
pub(in crate::emit) fn body_step_from(body: &RequestBody, source: &Source) -> TokenStream {
    // A wildcard (`*/*`, `image/*`) says nothing the server can read: send plain bytes.
    let content_type = if body.media_type.contains('*') {
        "application/octet-stream".to_string()
    } else {
        body.media_type.clone()
    };
    // `application/merge-patch+json` and other JSON types keep their own media type.
    let plain_json = content_type.eq_ignore_ascii_case("application/json");
    // Optional bodies go through the `optional_` twin of each method, which takes an `Option`.
    let place = &source.place;
    let value = if source.optional {
        quote!(#place.as_ref())
    } else {
        quote!(&#place)
    };
    // The runtime's method for each encoding, and its twin for an optional body.
    let ((required, optional), args) = match body.encoding {
        Encoding::Json if !plain_json => (
            ("json_as", "optional_json_as"),
            quote!(#content_type, #value),
        ),
        Encoding::Json => (("json", "optional_json"), value),
        Encoding::Form => (("form", "optional_form"), {
            let arrays = form_arrays(body);
            quote!(#value, #arrays)
        }),
        Encoding::Multipart => (("multipart", "optional_multipart"), {
            let content_types = part_content_types(body);
            quote!(#value, #content_types)
        }),
        Encoding::Stream => (
            ("body_stream", "optional_body_stream"),
            quote!(#content_type, #value),
        ),
        Encoding::Text | Encoding::Bytes => {
            (("raw", "optional_raw"), quote!(#content_type, #place))
        }
    };
    let method = ident(if source.optional { optional } else { required });
    quote!(.#method(#args))
}

/// `&[("name", runtime::FormArray::…), …]`: the form body's arrays not sent as repeated keys.
fn form_arrays(body: &RequestBody) -> TokenStream {
    let entries = body.form_arrays.iter().map(|(name, style)| {
        let style = match style {
            FormArray::Indexed => quote!(runtime::FormArray::Indexed),
            FormArray::Joined(separator) => quote!(runtime::FormArray::Joined(#separator)),
        };
        quote!((#name, #style))
    });
    quote!(&[#(#entries),*])
}

/// `&[("name", "media/type"), …]`: the multipart body's parts with a media type of their own.
fn part_content_types(body: &RequestBody) -> TokenStream {
    let entries = body
        .part_content_types
        .iter()
        .map(|(name, content_type)| quote!((#name, #content_type)));
    quote!(&[#(#entries),*])
}

/// A parameter with no plain-text form: an array of text values is sent as a list
/// (`list`), anything else as JSON text (`json`).
fn structured_step(
    api: &Api,
    param: &Param,
    source: &Source,
    list: TokenStream,
    json: TokenStream,
) -> TokenStream {
    let wire = &param.wire_name;
    let place = &source.place;
    match (&param.ty, !source.optional) {
        (TypeRef::Vec(item), true) if is_display(api, item) => quote!(.#list(#wire, &#place)),
        (TypeRef::Vec(item), false) if is_display(api, item) => {
            quote!(.#list(#wire, #place.iter().flatten()))
        }
        (_, true) => quote!(.#json(#wire, Some(&#place))),
        (_, false) => quote!(.#json(#wire, #place.as_ref())),
    }
}

/// A query parameter with no plain-text form, written as its `style` and `explode` say.
fn query_structured_step(api: &Api, param: &Param, source: &Source) -> TokenStream {
    let wire = &param.wire_name;
    let place = &source.place;
    let (value, values) = if source.optional {
        (quote!(#place.as_ref()), quote!(#place.iter().flatten()))
    } else {
        (quote!(Some(&#place)), quote!(&#place))
    };
    match &param.ty {
        TypeRef::Vec(item) if is_display(api, item) => {
            let separator = param.style.separator();
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

/// The HTTP method: a constant of `http::Method` for the eight of a 3.0 path item, else one
/// made from its name (OpenAPI 3.2's `QUERY`, `additionalOperations`).
fn method_tokens(method: &str) -> TokenStream {
    const CONSTANTS: &[&str] = &[
        "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE",
    ];
    if CONSTANTS.contains(&method) {
        let method = ident(method);
        quote!(runtime::Method::#method)
    } else {
        quote!(runtime::method(#method))
    }
}

/// The request with its path, parameters and body: the statement binding the path (where it
/// has parameters), and the `runtime::Request` expression that uses it.
fn request_parts(api: &Api, op: &Operation) -> (Option<TokenStream>, TokenStream) {
    let method = method_tokens(&op.method);
    let (path_locals, path) = path_expression(api, op);
    let security = op
        .security
        .iter()
        .map(|alternative| quote!(&[#(#alternative),*]));
    let operation_id = &op.id;
    let accept = &op.accept;
    let mut steps: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|param| param_step(api, param))
        .collect();
    if let Some(body) = &op.body {
        steps.push(body_step(body));
    }
    if op.follows_links() {
        steps.push(quote!(.page_url(self.next_page_url.as_deref())));
    }
    let request = quote! {
        self.client
            .request(#operation_id, #method, #path, &[#(#security),*])
            .accept(#accept)
            #(#steps)*
    };
    (path_locals, request)
}

/// `fn request(self)`: the request the builder describes, which `send` (and `download` or
/// `events`) sends. Built outside the `async fn`, it is type- and borrow-checked as a plain
/// function: an `async fn`'s body is checked as a coroutine, which costs several times more
/// per statement (GitHub's 1,224 `send`s: about 3 s of a `cargo check`).
pub(super) fn request_fn(api: &Api, op: &Operation) -> TokenStream {
    let (path_locals, request) = request_parts(api, op);
    quote! {
        fn request(self) -> runtime::Request {
            #path_locals
            #request
        }
    }
}

/// The statement that sends the request, binding `response` (`extra` adds steps, such as an
/// `Accept` header; `send` is the request's method that sends it: `send`, the response
/// unread, or `receive`, read whole).
pub(super) fn send_request(extra: TokenStream, send: &TokenStream) -> TokenStream {
    quote!(let response = self.request() #extra .#send().await?;)
}
