//! The `types` module: a struct, enum or alias per IR type.

use super::docs::doc_attrs;
use super::type_ref::{ident, type_tokens};
use crate::ir::{Api, Field, StringEnum, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

pub fn types_module(api: &Api) -> TokenStream {
    // By name, so that a reviewer finds a type where expected and a spec that only reorders
    // its schemas changes nothing.
    let mut defs: Vec<&TypeDef> = api.types.iter().collect();
    defs.sort_by(|a, b| a.name.cmp(&b.name));
    let items = defs.into_iter().map(|def| type_def(api, def));
    quote! {
        /// Data types of the API: request and response bodies, and the enums they use.
        pub mod types {
            #(#items)*
        }
    }
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let deprecated = def.deprecated.then_some("**Deprecated.**");
    let docs = doc_attrs([def.doc.as_deref(), deprecated]);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(fields) => {
            let fields = fields.iter().map(|field| struct_field(api, field));
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                pub struct #name {
                    #(#fields)*
                }
            }
        }
        TypeKind::Enum(string_enum) => enum_def(&name, &docs, string_enum),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(api, ty, &TokenStream::new());
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
    }
}

fn struct_field(api: &Api, field: &Field) -> TokenStream {
    let deprecated = field.deprecated.then_some("**Deprecated.**");
    let docs = doc_attrs([field.doc.as_deref(), deprecated]);
    let name = ident(&field.name);
    let ty = type_tokens(api, &field.ty, &TokenStream::new());
    let rename = (field.name != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let optional = (!field.required)
        .then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
    quote! {
        #docs
        #rename
        #optional
        pub #name: #ty,
    }
}

fn enum_def(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    string_enum: &StringEnum,
) -> TokenStream {
    let variants: Vec<_> = string_enum
        .variants
        .iter()
        .map(|v| ident(&v.name))
        .collect();
    let wires: Vec<&str> = string_enum
        .variants
        .iter()
        .map(|v| v.wire.as_str())
        .collect();
    let fallback = ident(&string_enum.fallback);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum #name {
            #(
                #[serde(rename = #wires)]
                #variants,
            )*
            /// A value this client does not know yet, kept as sent.
            #[serde(untagged)]
            #fallback(String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                let known = match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#fallback(other.to_string()),
                };
                Ok(known)
            }
        }
    }
}
