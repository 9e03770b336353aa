//! The types an operation declares beside its builder: the enum of its success bodies (where
//! they differ by status or media type), its typed success headers, its error enum.

use super::{body_type, field_value_of};
use crate::emit::docs::{doc_attrs, own_doc_attrs};
use crate::emit::type_ref::{Paths, ident, type_tokens};
use crate::ir::{Api, ErrorResponse, Operation, ResponseBody, StatusMatch};
use proc_macro2::TokenStream;
use quote::quote;

/// The struct of the headers the success responses declare, and how it reads them.
pub(super) fn headers_struct(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = ident(op.success.headers_name.as_ref()?);
    let builder = &op.builder_name;
    let docs = own_doc_attrs(
        [],
        &format!("Headers of a successful [`{builder}`] response."),
    );
    if let Some(target) = &op.success.headers_alias {
        let target = ident(target);
        return Some(quote!(#docs pub type #name = #target;));
    }
    let fields = op.success.headers.iter().map(|header| {
        let name = ident(&header.name);
        let ty = type_tokens(api, &header.ty, &Paths::in_operations());
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
        #[non_exhaustive]
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

/// The enum of the error responses the operation declares: every operation has one, empty
/// where it declares none, and `#[non_exhaustive]`, so that a status the spec declares later
/// is a new variant, not a new type.
pub(super) fn error_enum(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.error_name);
    let builder = &op.builder_name;
    let docs = if op.errors.is_empty() {
        own_doc_attrs(
            [],
            &format!("Error responses declared for [`{builder}`]: none so far."),
        )
    } else {
        own_doc_attrs([], &format!("Error responses declared for [`{builder}`]."))
    };
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
                let ty = type_tokens(api, ty, &Paths::in_operations());
                quote!(#docs #variant(#ty),)
            }
            None => quote!(#docs #variant,),
        }
    });
    let texts: Vec<TokenStream> = op.errors.iter().map(error_text).collect();
    // Where no variant has anything to say, the formatter goes unused.
    let says_something = op
        .errors
        .iter()
        .any(|e| e.body.is_some() || description_text(e).is_some());
    let f = if says_something { quote!(f) } else { quote!(_) };
    let body = if op.errors.is_empty() {
        quote!(match *self {})
    } else {
        quote!(match self { #(#texts)* })
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, #f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #body
            }
        }

        impl std::error::Error for #name {}
    }
}

/// The `Display` arm of an error variant: the server's message from the field the IR found
/// for it, else the body as JSON; for a variant without a body, the response's description
/// where it says more than the status's reason phrase.
fn error_text(error: &ErrorResponse) -> TokenStream {
    let variant = ident(&error.variant);
    if error.body.is_none() {
        return match description_text(error) {
            Some(description) => quote!(Self::#variant => f.write_str(#description),),
            None => quote!(Self::#variant => Ok(()),),
        };
    }
    let message = match &error.message {
        Some(path) => {
            // A place is lent; an `Option` of a reference is given as it is.
            match field_value_of(&quote!(body), error.body.as_ref(), path) {
                (value, true) => value,
                (value, false) => quote!(&#value),
            }
        }
        None => quote!(()),
    };
    quote!(Self::#variant(body) => runtime::write_error_body(f, #message, body),)
}

/// The description of a response, where it says more than its status's reason phrase.
fn description_text(error: &ErrorResponse) -> Option<&str> {
    let reason = match error.status {
        StatusMatch::Code(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|status| status.canonical_reason()),
        StatusMatch::Range(_) | StatusMatch::Default => None,
    };
    error
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty() && !reason.is_some_and(|r| r.eq_ignore_ascii_case(d)))
}

/// The enum of an operation's success bodies, where they differ by status or media type.
pub(super) fn success_enum(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = ident(op.success.enum_name.as_ref()?);
    let builder = &op.builder_name;
    let docs = own_doc_attrs(
        [],
        &format!("Successful responses of [`{builder}`], by status and media type."),
    );
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
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    })
}
