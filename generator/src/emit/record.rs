//! `Deserialize` and `Serialize` of generated structs, through the runtime's `record` module:
//! a table of the fields' wire names and a slot per field to read, a tuple of fields to
//! write, instead of serde's derives, whose expansions (a field-name enum and visitor, a map
//! visitor and a sequence visitor per struct to read; a call through the serializer's
//! associated types and a `?` per field to write) were most of what rustc spent checking a
//! large client. Wire format, accepted input and error messages stay the derives' (`runtime::record`
//! says where they differ).

use super::type_ref::{ident, time_format};
use crate::ir::{Api, Field, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the struct's `Serialize` and `Deserialize` are written here; else they are derived. Derived where
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

/// `impl Deserialize for` the struct `name` of `fields`: the runtime reads the fields into a
/// tuple of slots, which a closure takes apart by field name (the slots' types are inferred
/// from the fields').
pub fn deserialize(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let locals: Vec<TokenStream> = fields
        .iter()
        .map(|field| {
            let local = ident(&field.name);
            quote!(#local)
        })
        .collect();
    let pattern = group(locals);
    let wires = fields.iter().map(|field| field.wire_name.as_str());
    let values = fields.iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        // Optional fields are `Option`s or `Nullable`s, absent by default; a required one
        // left out is `runtime::record::required`'s.
        let optional =
            !field.required && matches!(field.ty, TypeRef::Option(_) | TypeRef::Nullable(_));
        if optional {
            quote!(#name: runtime::record::optional(#name))
        } else {
            quote!(#name: runtime::record::required(#name, #wire)?)
        }
    });
    let deprecated = deprecated(fields);
    let struct_name = name.to_string();
    quote! {
        impl<'de> Deserialize<'de> for #name {
            #deprecated
            fn deserialize<D: runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::record::read(deserializer, #struct_name, &[#(#wires),*], |#pattern| {
                    Ok(#name { #(#values),* })
                })
            }
        }
    }
}

/// `impl Serialize for` the struct `name` of `fields`: a tuple of the fields (grouped as
/// the slots are), each with its wire name and, when optional, left out when absent.
pub fn serialize(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let values = fields.iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        match (&field.ty, field.required) {
            (TypeRef::Nullable(_), false) => {
                quote!(runtime::record::nullable_field(#wire, &self.#name))
            }
            (TypeRef::Option(_), false) => {
                quote!(runtime::record::optional_field(#wire, &self.#name))
            }
            _ => quote!(runtime::record::field(#wire, &self.#name)),
        }
    });
    let values = group(values.collect());
    let struct_name = name.to_string();
    let deprecated = deprecated(fields);
    quote! {
        impl Serialize for #name {
            #deprecated
            fn serialize<S: runtime::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                runtime::record::write(serializer, #struct_name, #values)
            }
        }
    }
}

/// `#[allow(deprecated)]` where a field is deprecated (the impl names it).
fn deprecated(fields: &[Field]) -> Option<TokenStream> {
    fields
        .iter()
        .any(|field| field.deprecated)
        .then(|| quote!(#[allow(deprecated)]))
}

/// The tuple (pattern or expression) of `items`, in groups of at most [`MAX_GROUP`] (as the
/// runtime's tuples of slots and fields are): a struct's fields, a tuple struct's items.
pub(super) fn group(items: Vec<TokenStream>) -> TokenStream {
    if items.len() <= MAX_GROUP {
        return quote!((#(#items,)*));
    }
    // Groups as large as they can be, so that a struct of 17 to 256 fields has one level.
    let count = items.len();
    let size = (1..)
        .map(|depth| MAX_GROUP.pow(depth))
        .find(|size| size * MAX_GROUP >= count)
        .unwrap_or(MAX_GROUP);
    let mut items = items.into_iter();
    let groups = (0..count.div_ceil(size)).map(|_| group(items.by_ref().take(size).collect()));
    let groups: Vec<TokenStream> = groups.collect();
    quote!((#(#groups,)*))
}
