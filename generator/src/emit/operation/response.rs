//! How responses come back: `send()` decoding success bodies (one type, or an enum by status
//! and media type) and declared errors, `download()` and `events()` for streamed bodies.

use super::request::send_request;
use super::{body_type, error_type, headers_type};
use crate::emit::type_ref::{Paths, ident, type_tokens};
use crate::ir::{Api, ErrorResponse, Operation, ResponseBody, StatusMatch, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// How a `match` arm reads the response: `send()` has read it whole ([`runtime::Received`],
/// decoded without an `await` per arm, which keeps each operation's future small);
/// `download()` and `events()` hold it unread, and read an error's body with an `await`.
#[derive(Clone, Copy, PartialEq)]
enum Read {
    Whole,
    Unread,
}

/// The `match` arms for declared error statuses, then anything else.
fn error_arms(op: &Operation, read: Read) -> Vec<TokenStream> {
    let error_name = ident(&op.error_name);
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
        let decode = match (read, error.body.is_some()) {
            (Read::Whole, true) => quote!(response.json_error(#error_name::#variant)),
            (Read::Whole, false) => quote!(response.empty_error(#error_name::#variant)),
            (Read::Unread, true) => {
                quote!(runtime::json_error(response, #error_name::#variant).await)
            }
            (Read::Unread, false) => {
                quote!(runtime::empty_error(response, #error_name::#variant).await)
            }
        };
        arms.push(quote!(#pattern => #decode,));
    }
    if !has_default {
        arms.push(match read {
            Read::Whole => quote!(_ => response.unexpected_status(),),
            Read::Unread => quote!(_ => runtime::unexpected_status(response).await,),
        });
    }
    arms
}

pub(super) fn send_fn(api: &Api, op: &Operation) -> TokenStream {
    let success_type = match &op.success.enum_name {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => body_type(api, &op.success.body),
    };
    let headers_type = headers_type(op);
    let error_type = error_type(op);
    let send = send_request(TokenStream::new(), &quote!(receive));
    let mut arms = success_arms(api, op);
    arms.extend(error_arms(op, Read::Whole));
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
pub(super) fn download_fn(op: &Operation) -> Option<TokenStream> {
    if !op.downloads() {
        return None;
    }
    let headers_type = headers_type(op);
    let error_type = error_type(op);
    let send = send_request(TokenStream::new(), &quote!(send));
    let pattern = success_pattern(op);
    let arms = error_arms(op, Read::Unread);
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
/// `text/event-stream`, or of JSON values (JSON Lines, NDJSON, JSON Text Sequences), each as
/// an event's `data`.
pub(super) fn events_fn(api: &Api, op: &Operation) -> Option<TokenStream> {
    let data = op.success.events.as_ref()?;
    let error_type = error_type(op);
    let data_type = if *data == TypeRef::String {
        quote!(String)
    } else {
        type_tokens(api, data, &Paths::in_operations())
    };
    let (media_type, doc, stream) = match &op.success.framing {
        Some(framing) => {
            let separator = Literal::byte_character(framing.separator);
            let media_type = framing.media_type.as_str();
            let doc = format!(
                "Sends the request asking for `{media_type}`, and reads the response as a stream\n\
                 of JSON values as they arrive, each as an event's `data` (the stream owns the\n\
                 connection, not the client). An error status is decoded as with `send`; a value\n\
                 that does not decode ends the stream with a `Decode` error."
            );
            let stream = quote!(runtime::json_value_stream(response, #separator));
            (media_type, doc, stream)
        }
        None => {
            let decode = if *data == TypeRef::String {
                quote!(runtime::text_event)
            } else {
                quote!(runtime::json_event)
            };
            let doc = "Sends the request asking for `text/event-stream`, and reads the response as a stream\n\
                 of server-sent events as they arrive (the stream owns the connection, not the\n\
                 client). An error status is decoded as with `send`; an event that does not decode\n\
                 ends the stream with a `Decode` error."
                .to_string();
            let stream = quote!(runtime::event_stream(response, #decode));
            ("text/event-stream", doc, stream)
        }
    };
    let doc = crate::emit::docs::doc_attrs([Some(doc.as_str())]);
    let send = send_request(quote!(.accept(#media_type)), &quote!(send));
    let pattern = success_pattern(op);
    let arms = error_arms(op, Read::Unread);
    Some(quote! {
        #doc
        pub async fn events(
            self,
        ) -> Result<
            runtime::EventStream<#data_type, #error_type>,
            runtime::Error<#error_type>,
        > {
            #send
            match response.status().as_u16() {
                #pattern => Ok(#stream),
                #(#arms)*
            }
        }
    })
}

fn decode_body(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(_) => quote!(response.json()),
        ResponseBody::Text => quote!(response.text()),
        ResponseBody::Bytes => quote!(response.bytes()),
        ResponseBody::Empty => quote!(response.empty()),
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
                    let ty = type_tokens(api, ty, &Paths::in_operations());
                    quote!(response.json::<#ty, _, _>())
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
                quote!(if response.has_media_type(&[#(#media_types),*]))
            });
            quote!(#code #guard => #decode.map(|response| response.map(#wrap)),)
        })
        .collect()
}
