//! Emit: the IR as Rust tokens. Three parts, each its own module of output: `types`,
//! `operations` and the `Client`.

mod client;
mod docs;
mod operations;
mod type_ref;
mod types;

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub use docs::sanitize as sanitize_doc;

pub fn emit(api: &Api, runtime: &syn::Path) -> TokenStream {
    let types = types::types_module(api, runtime);
    let operations = operations::operations_module(api, runtime);
    let client = client::client(api, runtime);
    quote! {
        #types
        #operations
        #client
    }
}
