//! The `operations` module: per operation a request builder (fields, constructor, setters)
//! and the ways it sends. A one-way tree around the helpers here, which read the operation's
//! IR: `request.rs` puts the request together, `response.rs` sends it and reads the answer
//! (`send`, `download`, `events`), `declared.rs` writes the types an operation declares
//! (success enum, headers struct, error enum), `stream.rs` walks pages (`stream`). Sending
//! and decoding are the runtime's; the code here only says what this operation sends and
//! expects.

mod declared;
pub(super) mod request;
mod response;
mod stream;

use super::docs::{doc_attrs, own_doc_attrs};
use super::type_ref::{Paths, ident, setter_input, type_tokens};
use crate::ir::{Api, FieldPath, Operation, Param, ResponseBody, TypeRef};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// `use` lines of the `operations` and `mock` modules; `names_types`: whether the module's
/// code names `types::…` (see [`super::names_types`]).
pub fn prelude(runtime: &syn::Path, names_types: bool) -> TokenStream {
    let use_types = names_types.then(|| {
        quote!(
            use super::types;
        )
    });
    quote! {
        #use_types
        use #runtime as runtime;
    }
}

/// An operation's request builder, with the types it declares.
pub fn operation(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let fn_name = &op.fn_name;
    let summary = op.summary.as_deref().or(op.description.as_deref());
    let origin = format!(
        "`{} {}`, created by [`Client::{fn_name}`](super::Client::{fn_name}).",
        op.method, op.path
    );
    let docs = own_doc_attrs([summary], &origin);
    let Members {
        fields,
        new_args,
        new_inits,
    } = members(api, op);
    let setters = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|param| setter(api, param));
    let body_setter = body_setter(api, op);
    let request = request::request_fn(api, op);
    let send = response::send_fn(api, op);
    let events = response::events_fn(api, op);
    let download = response::download_fn(op);
    let stream = stream::stream_fn(api, op);
    let headers = declared::headers_struct(api, op);
    let errors = declared::error_enum(api, op);
    let successes = declared::success_enum(api, op);
    let named_like = naming::new_is_named_like(&op.builder_name)
        .then(|| quote!(#[allow(clippy::self_named_constructors)]));

    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder {
            client: runtime::Client,
            #(#fields,)*
        }

        impl #builder {
            #named_like
            pub(crate) fn new(client: runtime::Client, #(#new_args),*) -> Self {
                Self { client, #(#new_inits),* }
            }

            #(#setters)*
            #body_setter

            /// Sends the header `name: value` with this request only (an `Idempotency-Key`,
            /// a `Prefer`…), replacing a client default of that name.
            pub fn header(mut self, name: &str, value: &str) -> Self {
                self.client = self.client.with_header(name, value);
                self
            }

            /// Gives up on this request after `timeout` (a long upload, a slow report)
            /// instead of the client's timeout.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.client = self.client.with_timeout(timeout);
                self
            }

            #send
            #download
            #events
            #stream
            #request
        }

        #successes
        #headers
        #errors
    }
}

/// A builder's fields besides the client, the arguments of its constructor and how the
/// constructor fills each field.
struct Members {
    fields: Vec<TokenStream>,
    new_args: Vec<TokenStream>,
    new_inits: Vec<TokenStream>,
}

/// Required parameters and body first (constructor arguments), then the optional ones
/// (setters), then the next page's URL where pages are walked by URL.
fn members(api: &Api, op: &Operation) -> Members {
    let mut members = Members {
        fields: Vec::new(),
        new_args: Vec::new(),
        new_inits: Vec::new(),
    };
    let body = op
        .body
        .as_ref()
        .map(|body| ("body", &body.ty, body.required));
    let params = op
        .params
        .iter()
        .map(|param| (param.name.as_str(), &param.ty, param.required));
    let all: Vec<(&str, &TypeRef, bool)> = params.chain(body).collect();
    for (name, ty, _) in all.iter().filter(|(_, _, required)| *required) {
        let name = ident(name);
        let ty = type_tokens(api, ty, &Paths::in_operations());
        members.fields.push(quote!(#name: #ty));
        members.new_args.push(quote!(#name: #ty));
        members.new_inits.push(quote!(#name));
    }
    for (name, ty, _) in all.iter().filter(|(_, _, required)| !*required) {
        let name = ident(name);
        let ty = type_tokens(api, ty, &Paths::in_operations());
        members.fields.push(quote!(#name: Option<#ty>));
        members.new_inits.push(quote!(#name: None));
    }
    if op.follows_links() {
        members.fields.push(quote!(next_page_url: Option<String>));
        members.new_inits.push(quote!(next_page_url: None));
    }
    members
}

/// The setter of an optional body.
fn body_setter(api: &Api, op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref().filter(|b| !b.required)?;
    let (input, convert) = setter_input(api, &body.ty, &Paths::in_operations());
    let docs = doc_attrs([body.doc.as_deref().or(Some("The request body."))]);
    Some(quote! {
        #docs
        pub fn body(mut self, value: #input) -> Self {
            self.body = Some(value #convert);
            self
        }
    })
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
    let place = param.location.name();
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
    let (input, convert) = setter_input(api, &param.ty, &Paths::in_operations());
    quote! {
        #docs
        pub fn #name(mut self, value: #input) -> Self {
            self.#name = Some(value #convert);
            self
        }
    }
}

/// The value at `path` from `root` (a response body): a place (`response.body.meta.total_pages`)
/// where every step before the last is always there, else an `Option` of a reference.
fn field_value(root: &TokenStream, path: &FieldPath) -> TokenStream {
    field_value_of(root, None, path).0
}

/// [`field_value`] from a root of type `root_ty` where it may itself be absent (a nullable
/// error body is an `Option` or `Nullable`), and whether the value is an `Option` of a
/// reference (else a place).
fn field_value_of(
    root: &TokenStream,
    root_ty: Option<&TypeRef>,
    path: &FieldPath,
) -> (TokenStream, bool) {
    let Some((_, before)) = path.0.split_last() else {
        return (root.clone(), false);
    };
    let start = match root_ty {
        Some(TypeRef::Option(_)) => Some(quote!(#root.as_ref())),
        Some(TypeRef::Nullable(_)) => Some(quote!(#root.as_option())),
        _ => None,
    };
    if start.is_none() && !before.iter().any(|step| may_be_absent(&step.ty)) {
        let names = path.0.iter().map(|step| ident(&step.name));
        return (quote!(#root #(.#names)*), false);
    }
    let mut value = start.unwrap_or_else(|| quote!(Some(&#root)));
    for (index, step) in path.0.iter().enumerate() {
        let name = ident(&step.name);
        let last = index + 1 == path.0.len();
        value = match &step.ty {
            TypeRef::Option(_) if !last => quote!(#value.and_then(|value| value.#name.as_ref())),
            TypeRef::Nullable(_) if !last => {
                quote!(#value.and_then(|value| value.#name.as_option()))
            }
            _ => quote!(#value.map(|value| &value.#name)),
        };
    }
    (value, true)
}

/// Whether a field of this type may hold no value.
fn may_be_absent(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Option(_) | TypeRef::Nullable(_))
}

/// The operation's error enum.
fn error_type(op: &Operation) -> TokenStream {
    let name = ident(&op.error_name);
    quote!(#name)
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

/// The Rust type of a response body.
fn body_type(api: &Api, body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(ty) => type_tokens(api, ty, &Paths::in_operations()),
        ResponseBody::Text => quote!(String),
        ResponseBody::Bytes => quote!(Vec<u8>),
        ResponseBody::Empty => quote!(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::from_yaml;

    /// The builder code of the one operation of `spec`, formatted.
    fn builder_code(paths: &str) -> String {
        let api = from_yaml(&format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}"
        ));
        let tokens = super::operation(&api, &api.operations[0]);
        let file = syn::parse2::<syn::File>(tokens).expect("the tokens parse");
        prettyplease::unparse(&file)
    }

    #[test]
    fn an_optional_merge_patch_body_keeps_its_media_type() {
        let code = builder_code(
            "  /a:\n    patch:\n      operationId: patchA\n      requestBody:\n        content:\n          \
             application/merge-patch+json: {schema: {type: object, properties: {a: {type: string}}}}\n      responses: {'204': {description: ok}}\n",
        );
        assert!(code.contains("body: Option<types::PatchABody>,"), "{code}");
        assert!(
            code.contains("pub fn body(mut self, value: types::PatchABody) -> Self"),
            "{code}"
        );
        assert!(
            code.contains(
                ".optional_json_as(\"application/merge-patch+json\", self.body.as_ref())"
            ),
            "{code}"
        );
    }

    #[test]
    fn path_parameters_are_percent_encoded_and_optional_queries_are_setters() {
        let code = builder_code(
            "  /a/{id}:\n    get:\n      operationId: getA\n      parameters:\n        \
             - {name: id, in: path, required: true, schema: {type: string}}\n        \
             - {name: q, in: query, schema: {type: integer}}\n      responses: {'204': {description: ok}}\n",
        );
        assert!(
            code.contains("let path = runtime::Path::new(\"/a/\").param(\"id\", &self.id);"),
            "{code}"
        );
        assert!(
            code.contains(".request(\"getA\", runtime::Method::GET, path, &[])"),
            "{code}"
        );
        assert!(
            code.contains("pub fn q(mut self, value: i64) -> Self"),
            "{code}"
        );
        assert!(
            code.contains(".optional_query(\"q\", self.q.as_ref())"),
            "{code}"
        );
    }

    #[test]
    fn a_page_count_behind_an_optional_object_is_read_through_it() {
        let code = builder_code(
            "  /a:\n    get:\n      operationId: listA\n      parameters: [{name: page, in: query, schema: {type: integer}}]\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              \
             schema: {type: object, required: [data], properties: {data: {type: array, items: {type: string}}, \
             meta: {type: object, properties: {total_pages: {type: integer}}}}}\n",
        );
        assert!(
            code.contains(".and_then(|value| value.meta.as_ref())")
                && code.contains(".map(|value| &value.total_pages)"),
            "{code}"
        );
        assert!(
            code.contains("runtime::next_page(*page, items.len(), pages)"),
            "{code}"
        );
    }
}
