//! Emit: the IR as Rust tokens. Three parts, each its own module of output: `types`,
//! `operations` and the `Client`.

mod client;
mod docs;
mod examples;
mod operations;
mod type_ref;
mod types;

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub use docs::sanitize as sanitize_doc;

/// What to emit besides the API itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// A `#[cfg(test)]` test that round-trips the spec's example values.
    pub example_tests: bool,
}

pub fn emit(api: &Api, runtime: &syn::Path, extras: Extras) -> TokenStream {
    let types = types::types_module(api, runtime);
    let operations = operations::operations_module(api, runtime);
    let client = client::client(api, runtime);
    let examples = extras
        .example_tests
        .then(|| examples::example_tests(api, runtime));
    quote! {
        #types
        #operations
        #client
        #examples
    }
}
