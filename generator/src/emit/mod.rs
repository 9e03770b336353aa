//! Emit: the IR as Rust tokens, planned as modules of independent pieces (a type, an
//! operation, the client) so that `format` can render the pieces in parallel. The output has
//! a `types` module, an `operations` module and the `Client` at the top.

mod client;
mod docs;
mod examples;
mod operations;
mod paginate;
mod request;
mod response;
mod type_ref;
mod types;

use crate::ir::{Api, Operation, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

pub use docs::sanitize as sanitize_doc;

/// What to emit besides the API itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// A `#[cfg(test)]` test that round-trips the spec's example values.
    pub example_tests: bool,
    /// Only the types operations and webhooks use.
    pub only_used_types: bool,
}

/// One item (or a few) of output, emitted independently of the others.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    Type(&'a TypeDef),
    Operation(&'a Operation),
    Client,
    ExampleTests { only_used_types: bool },
}

/// A module of output; `name: None` is the top of the file.
pub struct Module<'a> {
    pub name: Option<&'static str>,
    pub doc: &'static str,
    pub pieces: Vec<Piece<'a>>,
}

/// The output's modules and their pieces, in order.
pub fn plan(api: &Api, extras: Extras) -> Vec<Module<'_>> {
    let used = extras.only_used_types.then(|| crate::ir::used_types(api));
    // By name, so that a reviewer finds a type where expected and a spec that only reorders
    // its schemas changes nothing.
    let mut order: Vec<usize> = (0..api.types.len())
        .filter(|&i| used.as_ref().is_none_or(|used| used[i]))
        .collect();
    order.sort_by(|&a, &b| api.types[a].name.cmp(&api.types[b].name));
    let mut modules = vec![Module {
        name: Some("types"),
        doc: "Data types of the API: request and response bodies, and the enums they use.",
        pieces: order
            .into_iter()
            .map(|i| Piece::Type(&api.types[i]))
            .collect(),
    }];
    if !api.operations.is_empty() {
        modules.push(Module {
            name: Some("operations"),
            doc: "Request builders, one per operation, with their typed response headers and errors.",
            pieces: api.operations.iter().map(Piece::Operation).collect(),
        });
    }
    let mut top = vec![Piece::Client];
    if extras.example_tests && !api.examples.is_empty() {
        top.push(Piece::ExampleTests {
            only_used_types: extras.only_used_types,
        });
    }
    modules.push(Module {
        name: None,
        doc: "",
        pieces: top,
    });
    modules
}

/// The `use` lines a module starts with.
pub fn prelude(api: &Api, module: &Module<'_>, runtime: &syn::Path) -> TokenStream {
    match module.name {
        Some("types") => {
            let defs = module.pieces.iter().filter_map(|piece| match piece {
                Piece::Type(def) => Some(*def),
                _ => None,
            });
            types::prelude(defs, runtime)
        }
        Some("operations") => operations::prelude(api, runtime),
        _ => TokenStream::new(),
    }
}

/// The tokens of one piece.
pub fn piece(api: &Api, piece: Piece<'_>, runtime: &syn::Path) -> TokenStream {
    match piece {
        Piece::Type(def) => types::type_def(api, def),
        Piece::Operation(op) => operations::operation(api, op),
        Piece::Client => client::client(api, runtime),
        Piece::ExampleTests { only_used_types } => {
            examples::example_tests(api, runtime, only_used_types)
        }
    }
}

/// The whole output as one token stream (what `format` renders piece by piece).
pub fn emit(api: &Api, runtime: &syn::Path, extras: Extras) -> TokenStream {
    let mut out = TokenStream::new();
    for module in plan(api, extras) {
        let prelude = prelude(api, &module, runtime);
        let pieces: Vec<TokenStream> = module
            .pieces
            .iter()
            .map(|p| piece(api, *p, runtime))
            .collect();
        out.extend(match module.name {
            Some(name) => {
                let name = type_ref::ident(name);
                let doc = format!(" {}", module.doc);
                quote! {
                    #[doc = #doc]
                    pub mod #name {
                        #prelude
                        #(#pieces)*
                    }
                }
            }
            None => quote!(#(#pieces)*),
        });
    }
    out
}
