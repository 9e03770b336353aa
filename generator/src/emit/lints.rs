//! The lints generated items allow, so that the crate including them can deny them for its own
//! code: what the spec decides (undocumented fields, `clippy::pedantic` names and shapes,
//! variant sizes: boxing a large variant would make every caller match through a `Box`; type
//! complexity: a field of `Option<Vec<Option<Map<…>>>>`, and the `Option` of it that a
//! struct's `Deserialize` keeps while reading), and
//! what a crate including the client in a private module (a binary's
//! `mod api { include_client!(); }`) leaves unused: not dead code to warn about, nor `pub` to
//! narrow.

use proc_macro2::TokenStream;
use quote::quote;

/// What the generated `types` and `operations` modules allow, as written in `#[allow(…)]`.
pub const MODULES: &str = "missing_docs, dead_code, unreachable_pub, clippy::pedantic, clippy::large_enum_variant, \
     clippy::type_complexity";

/// What `Client` and its methods allow: they document themselves and hold no enums.
pub fn client() -> TokenStream {
    quote!(#[allow(dead_code, unreachable_pub, clippy::pedantic)])
}
