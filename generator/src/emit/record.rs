//! `Deserialize` of generated structs, through the runtime's `record` module: a table of the
//! fields' wire names and a slot per field, instead of serde's derive, whose expansion (a
//! field-name enum and visitor, a map visitor and a sequence visitor per struct) was half of
//! what rustc spent checking a large client. Wire format, accepted input and error messages
//! stay the derive's (`runtime::record` says where they differ).

use super::type_ref::{Paths, ident, time_format, type_tokens};
use crate::ir::{Api, Field, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Whether the struct's `Deserialize` is written here; else it is derived. Derived where
/// serde attributes decide it: serde attributes of the user's (`#[serde(deny_unknown_fields)]`,
/// an `alias`…) or the `time` crate's RFC 3339 format; and for a struct without fields.
pub fn written(api: &Api, def: &TypeDef, fields: &[Field]) -> bool {
    let serde = |attributes: &[String]| attributes.iter().any(|a| a.contains("serde"));
    !fields.is_empty()
        && !serde(&def.attributes)
        && fields
            .iter()
            .all(|field| !serde(&field.attributes) && time_format(api, &field.ty).is_none())
}

/// `impl Deserialize for` the struct `name` of `fields`.
pub fn deserialize(api: &Api, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    // The slots' type, local to `deserialize`, so named that it hides no type its fields name.
    let slots = (1..)
        .map(|n| match n {
            1 => "Fields".to_string(),
            n => format!("Fields{n}"),
        })
        .find(|candidate| api.types.iter().all(|def| def.name != *candidate))
        .map(|slots| format_ident!("{slots}"))
        .unwrap_or_else(|| format_ident!("Fields"));
    let paths = Paths::in_types();
    let types = fields.iter().map(|field| {
        let ty = type_tokens(api, &field.ty, &paths);
        quote!(Option<#ty>)
    });
    let wires = fields.iter().map(|field| field.wire_name.as_str());
    let indexes: Vec<syn::Index> = (0..fields.len()).map(syn::Index::from).collect();
    let values = fields.iter().zip(&indexes).map(|(field, index)| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        // Optional fields are `Option`s or `Nullable`s, absent by default; a required one
        // left out is `runtime::record::required`'s.
        let optional =
            !field.required && matches!(field.ty, TypeRef::Option(_) | TypeRef::Nullable(_));
        if optional {
            quote!(#name: self.#index.unwrap_or_default())
        } else {
            quote!(#name: runtime::record::required(self.#index, #wire)?)
        }
    });
    let nones = fields.iter().map(|_| quote!(None));
    let deprecated = fields
        .iter()
        .any(|field| field.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let struct_name = name.to_string();
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct #slots(#(#types),*);

                impl<'de> runtime::record::Record<'de> for #slots {
                    type Value = #name;
                    const FIELDS: &'static [&'static str] = &[#(#wires),*];

                    fn read<V: runtime::serde::Deserializer<'de>>(&mut self, index: usize, value: V) -> Result<(), V::Error> {
                        match index {
                            #( #indexes => runtime::record::slot(&mut self.#indexes, value), )*
                            _ => runtime::record::skip(value),
                        }
                    }

                    #deprecated
                    fn finish<E: runtime::serde::de::Error>(self) -> Result<#name, E> {
                        Ok(#name { #(#values),* })
                    }
                }

                runtime::record::read(deserializer, #struct_name, #slots(#(#nones),*))
            }
        }
    }
}
