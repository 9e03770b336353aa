//! `Deserialize` of generated structs, through the runtime's `record` module: a table of the
//! fields' wire names and a slot per field, instead of serde's derive, whose expansion (a
//! field-name enum and visitor, a map visitor and a sequence visitor per struct) was half of
//! what rustc spent checking a large client. Wire format, accepted input and error messages
//! stay the derive's (`runtime::record` says where they differ).

use super::type_ref::{Paths, ident, time_format, type_tokens};
use crate::ir::{Api, Field, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

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

/// The most slots one tuple holds: `runtime::record::MAX_GROUP`.
const MAX_GROUP: usize = 16;

/// `impl Deserialize for` the struct `name` of `fields`.
pub fn deserialize(api: &Api, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let paths = Paths::in_types();
    let slots: Vec<TokenStream> = fields
        .iter()
        .map(|field| {
            let ty = type_tokens(api, &field.ty, &paths);
            quote!(Option<#ty>)
        })
        .collect();
    let (slots_type, accesses) = group(slots, fields.len());
    let wires = fields.iter().map(|field| field.wire_name.as_str());
    let values = fields.iter().zip(&accesses).map(|(field, access)| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        // Optional fields are `Option`s or `Nullable`s, absent by default; a required one
        // left out is `runtime::record::required`'s.
        let optional =
            !field.required && matches!(field.ty, TypeRef::Option(_) | TypeRef::Nullable(_));
        if optional {
            quote!(#name: slots #access .unwrap_or_default())
        } else {
            quote!(#name: runtime::record::required(slots #access, #wire)?)
        }
    });
    let deprecated = fields
        .iter()
        .any(|field| field.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let struct_name = name.to_string();
    quote! {
        impl<'de> Deserialize<'de> for #name {
            #deprecated
            fn deserialize<D: runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::record::read(deserializer, #struct_name, &[#(#wires),*], |slots: #slots_type| {
                    Ok(#name { #(#values),* })
                })
            }
        }
    }
}

/// The tuple type of `slots` (of `count` fields), in groups of at most [`MAX_GROUP`], and
/// each field's access path in it (`.3`, or `.1.4` when grouped).
fn group(slots: Vec<TokenStream>, count: usize) -> (TokenStream, Vec<TokenStream>) {
    if count <= MAX_GROUP {
        let accesses = (0..count)
            .map(|index| {
                let index = syn::Index::from(index);
                quote!(.#index)
            })
            .collect();
        return (quote!((#(#slots,)*)), accesses);
    }
    // Groups as large as they can be, so that a struct of 17 to 256 fields has one level.
    let size = (1..)
        .map(|depth| MAX_GROUP.pow(depth))
        .find(|size| size * MAX_GROUP >= count);
    let size = size.unwrap_or(MAX_GROUP);
    let mut types = Vec::new();
    let mut accesses = Vec::with_capacity(count);
    let mut slots = slots.into_iter();
    for (index, start) in (0..count).step_by(size).enumerate() {
        let len = size.min(count - start);
        let (ty, inner) = group(slots.by_ref().take(len).collect(), len);
        let index = syn::Index::from(index);
        accesses.extend(inner.into_iter().map(|access| quote!(.#index #access)));
        types.push(ty);
    }
    (quote!((#(#types,)*)), accesses)
}
