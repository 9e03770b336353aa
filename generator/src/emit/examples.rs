//! Optional tests in the generated code: every example value of the spec decodes into its
//! type and encodes back to the same JSON.

use super::type_ref::{Paths, type_tokens};
use crate::ir::{Api, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn example_tests(api: &Api, runtime: &syn::Path, only_used_types: bool) -> TokenStream {
    let used = only_used_types.then_some(&api.used_types);
    // The test module sits at the top, beside `types`.
    let in_test_module = Paths {
        types: quote!(super::types::),
        runtime: quote!(#runtime),
    };
    let emitted = |ty: &TypeRef| match (ty.named(), &used) {
        (Some(id), Some(used)) => used[id.0],
        _ => true,
    };
    let examples: Vec<_> = api
        .examples
        .iter()
        .filter(|example| emitted(&example.ty))
        .collect();
    if examples.is_empty() {
        return TokenStream::new();
    }
    let checks = examples.iter().map(|example| {
        let ty = type_tokens(api, &example.ty, &in_test_module);
        let pointer = &example.pointer;
        let json = example.value.to_string();
        quote!(#runtime::check_example::<#ty>(#pointer, #json))
    });
    quote! {
        /// The spec's example values, decoded into their types and encoded back.
        #[cfg(test)]
        #[allow(clippy::pedantic)]
        mod example_tests {
            #[test]
            fn examples_round_trip() {
                let failures: Vec<String> = [#(#checks),*].into_iter().filter_map(Result::err).collect();
                assert!(failures.is_empty(), "examples that do not round-trip:\n{}", failures.join("\n"));
            }
        }
    }
}
