//! Emit: the IR as Rust tokens, planned as modules of independent pieces (a type, an
//! operation, the client) so that `format` can render the pieces in parallel. The output has
//! a `types` module, an `operations` module and the `Client` at the top.

mod client;
mod docs;
mod examples;
mod inline;
mod lints;
mod mock;
mod operation;
mod record;
mod tuple;
mod type_ref;
mod types;

use crate::ir::{Api, Operation, TypeDef};
use proc_macro2::TokenStream;

pub use docs::sanitize as sanitize_doc;
pub(crate) use inline::mark as mark_inline;
pub use lints::MODULES as MODULE_LINT_ALLOWS;

/// What to emit besides the API itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// A `#[cfg(test)]` test that round-trips the spec's example values.
    pub example_tests: bool,
    /// Only the types operations and webhooks use.
    pub only_used_types: bool,
    /// A `mock` module of typed mocks, compiled with the including crate's `mock` feature.
    pub mocks: bool,
}

/// One item (or a few) of output, emitted independently of the others.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    Type(&'a TypeDef, Setters),
    Operation(&'a Operation),
    Client,
    ExampleTests {
        only_used_types: bool,
    },
    /// The mock server of the `mock` module.
    MockServer,
    /// An operation's typed mock (`…When`, `…Then`).
    Mock(&'a Operation),
}

/// Whether a struct gets `with_<field>` setters: callers build the values of types that
/// requests send (bodies, parameters), so those always do; values of the types that only
/// come back are built only to fake a server, so those get them with the typed mocks
/// (behind the `mock` feature), and no setters otherwise — a crate does not compile
/// thousands of setters it never calls. Their fields are public either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setters {
    Always,
    WithMocks,
    None,
}

/// A module of output; `name: None` is the top of the file.
pub struct Module<'a> {
    pub name: Option<&'static str>,
    pub doc: &'static str,
    /// The module's `#[cfg(…)]` condition, if it has one.
    pub cfg: Option<&'static str>,
    pub pieces: Vec<Piece<'a>>,
}

/// The output's modules and their pieces, in order.
pub fn plan(api: &Api, extras: Extras) -> Vec<Module<'_>> {
    let used = extras.only_used_types.then_some(&api.used_types);
    // By name, so that a reviewer finds a type where expected and a spec that only reorders
    // its schemas changes nothing.
    let mut order: Vec<usize> = (0..api.types.len())
        .filter(|&i| used.as_ref().is_none_or(|used| used[i]) && api.types[i].is_generated())
        .collect();
    order.sort_by(|&a, &b| api.types[a].name.cmp(&api.types[b].name));
    let mut modules = vec![Module {
        name: Some("types"),
        doc: "Data types of the API: request and response bodies, and the enums they use.",
        pieces: order
            .into_iter()
            .map(|i| {
                let setters = match (api.sent_types.get(i) == Some(&true), extras.mocks) {
                    (true, _) => Setters::Always,
                    (false, true) => Setters::WithMocks,
                    (false, false) => Setters::None,
                };
                Piece::Type(&api.types[i], setters)
            })
            .collect(),
        cfg: None,
    }];
    if !api.operations.is_empty() {
        modules.push(Module {
            name: Some("operations"),
            doc: "Request builders, one per operation, with their typed response headers and errors.",
            pieces: api.operations.iter().map(Piece::Operation).collect(),
            cfg: None,
        });
    }
    if extras.mocks {
        let mut pieces = vec![Piece::MockServer];
        pieces.extend(api.operations.iter().map(Piece::Mock));
        modules.push(Module {
            name: Some("mock"),
            doc: mock::DOC,
            pieces,
            cfg: Some("feature = \"mock\""),
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
        cfg: None,
    });
    modules
}

/// The `use` lines a module starts with; `names_types`: whether the module's pieces name
/// `types::…` ([`names_types`] of their tokens).
pub fn prelude(
    api: &Api,
    module: &Module<'_>,
    runtime: &syn::Path,
    names_types: bool,
) -> TokenStream {
    match module.name {
        Some("types") => {
            let defs = module.pieces.iter().filter_map(|piece| match piece {
                Piece::Type(def, _) => Some(*def),
                _ => None,
            });
            types::prelude(api, defs, runtime)
        }
        // The mocks name the same types as the request builders.
        Some("operations" | "mock") => operation::prelude(runtime, names_types),
        _ => TokenStream::new(),
    }
}

/// Whether `tokens` name an item of the `types` module by the relative path `types::…` (a
/// path through `super::` or `crate::` needs no import). The `use super::types;` a module
/// starts with follows from the code that was emitted, not from a list of the places that
/// may name a type: an import can neither be missing (E0433) nor unused.
pub fn names_types(tokens: &TokenStream) -> bool {
    use proc_macro2::{Spacing, TokenTree};
    let is_colon = |token: Option<&TokenTree>, spacing: Spacing| matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == spacing);
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    tokens.iter().enumerate().any(|(i, token)| match token {
        TokenTree::Group(group) => names_types(&group.stream()),
        TokenTree::Ident(ident) => {
            let after_path_separator = i >= 2
                && is_colon(tokens.get(i - 1), Spacing::Alone)
                && is_colon(tokens.get(i - 2), Spacing::Joint);
            ident == "types"
                && !after_path_separator
                && is_colon(tokens.get(i + 1), Spacing::Joint)
                && is_colon(tokens.get(i + 2), Spacing::Alone)
        }
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}

/// The tokens of one piece.
pub fn piece(api: &Api, piece: Piece<'_>, runtime: &syn::Path) -> TokenStream {
    match piece {
        Piece::Type(def, setters) => types::type_def(api, def, setters, runtime),
        Piece::Operation(op) => operation::operation(api, op),
        Piece::Client => client::client(api, runtime),
        Piece::ExampleTests { only_used_types } => {
            examples::example_tests(api, runtime, only_used_types)
        }
        Piece::MockServer => mock::server(api),
        Piece::Mock(op) => mock::operation(api, op),
    }
}

#[cfg(test)]
mod tests {
    use crate::naming::{BUILDER_MEMBERS, CLIENT_MEMBERS};
    use crate::{Options, generate_from_str};
    use std::collections::BTreeSet;

    /// Operations without parameters, with every way of sending and receiving: an optional
    /// and a required body, `Link` pagination, a download, server-sent events.
    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
servers: [{url: "https://{region}.example.com", variables: {region: {default: eu}}}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /a:
    get:
      operationId: pages
      responses:
        "200":
          description: ok
          headers: {Link: {schema: {type: string}}}
          content: {application/json: {schema: {type: array, items: {type: string}}}}
    post:
      operationId: optionalBody
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {"204": {description: ok}}
    put:
      operationId: requiredBody
      requestBody: {required: true, content: {application/json: {schema: {type: object}}}}
      responses: {"400": {description: bad, content: {application/json: {schema: {type: object}}}}}
  /b:
    get:
      operationId: file
      responses: {"200": {description: ok, content: {application/octet-stream: {schema: {type: string, format: binary}}}}}
    post:
      operationId: events
      responses: {"200": {description: ok, content: {text/event-stream: {schema: {type: string}}, application/json: {schema: {type: string}}}}}
"#;

    /// The names of the methods of inherent `impl` blocks for `type_name`, and of its fields.
    fn members(items: &[syn::Item], type_name: &str) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for item in items {
            match item {
                syn::Item::Impl(block) if block.trait_.is_none() => {
                    let syn::Type::Path(path) = &*block.self_ty else {
                        continue;
                    };
                    if path
                        .path
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == type_name)
                    {
                        names.extend(block.items.iter().filter_map(|member| match member {
                            syn::ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
                            _ => None,
                        }));
                    }
                }
                syn::Item::Struct(structure) if structure.ident == type_name => {
                    let fields = structure.fields.iter();
                    names.extend(fields.filter_map(|f| f.ident.as_ref().map(ToString::to_string)));
                }
                _ => {}
            }
        }
        names
    }

    /// Every member the emitter gives `Client` and the request builders of its own (besides
    /// the spec's operations and parameters) is in naming's reserve lists, so that no
    /// operation or parameter can take its name.
    #[test]
    fn generated_members_are_the_names_naming_reserves() {
        let code = generate_from_str("spec.yaml", SPEC, &Options::default())
            .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
            .code;
        let file = syn::parse_file(&code).expect("generated code parses");
        let operations = ["pages", "optional_body", "required_body", "file", "events"];
        // Its one field (`inner`) is private, and fields and methods do not clash.
        let client: BTreeSet<String> = members(&file.items, "Client")
            .into_iter()
            .filter(|name| name != "inner")
            .collect();
        for name in &client {
            assert!(
                operations.contains(&name.as_str()) || CLIENT_MEMBERS.contains(&name.as_str()),
                "`Client::{name}` is not in naming::CLIENT_MEMBERS"
            );
        }
        assert!(
            operations.iter().all(|op| client.contains(*op)),
            "{client:?}"
        );
        let module = file.items.iter().find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "operations" => module.content.as_ref(),
            _ => None,
        });
        let (_, items) = module.expect("an operations module");
        let builders = ["Pages", "OptionalBody", "RequiredBody", "File", "Events"];
        for builder in builders {
            let own = members(items, builder);
            assert!(own.contains("send"), "{builder}: {own:?}");
            for name in own {
                assert!(
                    BUILDER_MEMBERS.contains(&name.as_str()),
                    "`{builder}::{name}` is not in naming::BUILDER_MEMBERS"
                );
            }
        }
    }

    #[test]
    fn a_module_imports_types_where_its_code_names_them_relatively() {
        use quote::quote;
        let names = |tokens| super::names_types(&tokens);
        assert!(names(quote!(
            fn f(value: types::Pet) {}
        )));
        assert!(names(quote!(Option<Vec<types::Pet>>)));
        assert!(!names(quote!(
            fn f(value: super::types::Pet) {}
        )));
        assert!(!names(quote!(crate::api::types::Pet)));
        // A field or a binding called `types` is not a path.
        assert!(!names(quote!(
            struct S {
                types: Vec<String>,
            }
        )));
        assert!(!names(quote!(let types = 1;)));
        assert!(!names(quote!(
            #[doc = "see types::Pet"]
            struct S;
        )));
    }
}
