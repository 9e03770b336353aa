//! Tuple structs of `prefixItems` (JSON Schema 2020-12): `pub struct Point(pub f64, pub f64)`,
//! with a last `Vec` of what may follow the items unless the tuple is closed. Both ways are
//! written: serde's derive reads a one-item tuple struct as its item, not as an array.

use super::type_ref::{Paths, type_tokens};
use crate::ir::{Api, Tuple};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The tuple struct `name`, with its `Serialize` and `Deserialize`.
/// (`docs` holds the user's derives too.)
pub fn tuple_def(api: &Api, name: &Ident, docs: &TokenStream, tuple: &Tuple) -> TokenStream {
    let paths = Paths::in_types();
    let types = tuple
        .items
        .iter()
        .map(|ty| type_tokens(api, ty, &paths))
        .chain(tuple.rest.iter().map(|rest| {
            let rest = type_tokens(api, rest, &paths);
            quote!(Vec<#rest>)
        }));
    let count = tuple.items.len();
    let count_literal = proc_macro2::Literal::usize_unsuffixed(count);
    let indexes: Vec<syn::Index> = (0..count).map(syn::Index::from).collect();
    let locals: Vec<Ident> = (0..count).map(|i| format_ident!("item{i}")).collect();
    // Slots come in tuples of at most sixteen, as a struct's do.
    let slots = super::record::group(locals.iter().map(|local| quote!(#local)).collect());
    let struct_name = name.to_string();
    let (len, rest_items, read, pattern, rest_value) = match &tuple.rest {
        Some(_) => {
            let rest = syn::Index::from(count);
            (
                quote!(#count_literal + self.#rest.len()),
                quote!(for item in &self.#rest { seq.serialize_element(item)?; }),
                quote!(read),
                quote!(|#slots, rest|),
                quote!(rest),
            )
        }
        None => (
            quote!(#count_literal),
            TokenStream::new(),
            quote!(read_closed),
            quote!(|#slots|),
            TokenStream::new(),
        ),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name(#(pub #types),*);

        impl Serialize for #name {
            fn serialize<S: runtime::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use runtime::serde::ser::SerializeSeq;
                let mut seq = serializer.serialize_seq(Some(#len))?;
                #( seq.serialize_element(&self.#indexes)?; )*
                #rest_items
                seq.end()
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::tuple::#read(deserializer, #struct_name, #pattern {
                    Ok(#name(#(runtime::tuple::item(#locals)?,)* #rest_value))
                })
            }
        }
    }
}
