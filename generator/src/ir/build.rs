//! Builds the [`Api`] IR from the parsed document: the API's metadata, servers and security
//! schemes here; types and operations in their own modules.

use super::{
    Api, ApiKeyLocation, SecurityScheme, SecuritySchemeKind, Server, ServerVariable, TypeDef,
    TypeId, TypeRef,
};
use crate::diagnostics::Diagnostics;
use crate::naming::{self, Scope};
use crate::pointer;
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::HashMap;

/// State shared while building: the type space grows as schemas are met.
pub(super) struct Builder<'a> {
    pub(super) api: &'a OpenAPI,
    pub(super) settings: super::Settings,
    /// Schemas `$ref`s point at inside other objects, by pointer.
    pub(super) pointed: &'a crate::parse::PointedSchemas,
    /// Operations of other methods than a 3.0 path item's (3.2), by path.
    pub(super) other_methods:
        &'a std::collections::BTreeMap<String, Vec<(String, openapiv3::Operation)>>,
    /// The pointers of located schemas being turned into types right now (a `$ref` back to
    /// one of them that needs no named type is a loop).
    pub(super) resolving: Vec<String>,
    /// The types of located schemas, by pointer.
    pub(super) located_types: HashMap<String, TypeRef>,
    /// Where the examples recorded so far are, with the type each decodes into.
    pub(super) example_pointers: std::collections::HashSet<(String, TypeRef)>,
    pub(super) diagnostics: &'a mut Diagnostics,
    pub(super) types: Vec<TypeDef>,
    pub(super) type_names: Scope,
    /// `components/schemas` key → its type.
    pub(super) components: HashMap<String, TypeId>,
    /// Inline string enums met so far, by (snake_case name of their place, values): a later
    /// place with the same enum under the same name (a `status` property and a `status`
    /// query parameter) is an alias of the first.
    pub(super) enums: HashMap<(String, Vec<String>), TypeId>,
    pub(super) examples: Vec<super::Example>,
    /// Named types made for inline schemas, by the schema's pointer: an inline schema reached
    /// twice (through `allOf` merges, or a merge that includes itself) is one type.
    pub(super) inline_types: HashMap<String, TypeId>,
    /// How deep `schema_type` is nested right now, to stop runaway recursion.
    pub(super) depth: usize,
    /// The URLs and files `$ref`s point into that are not followed (warned about once each).
    pub(super) external_refs: std::collections::HashSet<String>,
    /// Security scheme names requirements use without a declaration (warned about once).
    pub(super) undeclared_schemes: std::collections::HashSet<String>,
    /// The user's customization, with which rules applied.
    pub(super) rules: super::customize::Rules,
}

/// Builds the IR; problems go to `diagnostics`, and the result is still complete (degraded
/// where something could not be read).
pub fn build(
    parsed: &crate::parse::Parsed,
    source_name: &str,
    settings: super::Settings,
    diagnostics: &mut Diagnostics,
) -> Api {
    let api = &parsed.api;
    let mut settings = settings;
    let customization = std::mem::take(&mut settings.customization);
    let date_time = customization.date_time;
    let extensions = std::mem::take(&mut settings.extensions);
    let rules = super::customize::Rules::new(customization, extensions, diagnostics.file());
    let mut builder = Builder {
        api,
        settings,
        rules,
        pointed: &parsed.pointed,
        other_methods: &parsed.other_methods,
        resolving: Vec::new(),
        located_types: HashMap::new(),
        example_pointers: std::collections::HashSet::new(),
        diagnostics,
        types: Vec::new(),
        type_names: Scope::for_types(),
        components: HashMap::new(),
        enums: HashMap::new(),
        examples: Vec::new(),
        inline_types: HashMap::new(),
        depth: 0,
        undeclared_schemes: std::collections::HashSet::new(),
        external_refs: std::collections::HashSet::new(),
    };
    builder.check_selected_tags();
    builder.select_child_tags();
    builder.component_schemas();
    let webhook_payloads = builder.webhook_payloads(&parsed.webhooks);
    let security_schemes = builder.security_schemes();
    let mut operations = builder.operations(&security_schemes);
    super::cycles::break_cycles(&mut builder.types);
    warn_of_deep_chains(&builder.types, builder.diagnostics);
    super::direction::fit_fields_to_direction(&mut builder.types, &operations);
    // Last: pagination reads field types as they will be emitted.
    for op in &mut operations {
        op.pagination = builder.pagination(op);
        builder.error_messages(op);
    }
    super::dedupe::share_identical(&mut builder.types);
    super::dedupe::share_operation_types(&builder.types, &mut operations);
    super::examples::strip_undeclared(&mut builder.examples, &builder.types, builder.diagnostics);
    let mut rules = builder.rules;
    let mut built = Api {
        source_name: source_name.to_string(),
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        servers: servers(api),
        security_schemes,
        types: builder.types,
        operations,
        examples: builder.examples,
        webhook_payloads,
        date_time,
        used_types: Vec::new(),
        sent_types: Vec::new(),
    };
    super::customize::finish(&mut built, &mut rules, builder.diagnostics);
    built.used_types = super::reachable::used_types(&built);
    built.sent_types = super::reachable::sent_types(&built);
    built
}

/// rustc's default recursion limit, which evaluating the auto traits (`Send`,
/// `RefUnwindSafe`…) or drop check of a type must stay within as it walks the types it holds.
const DEFAULT_RECURSION_LIMIT: usize = 128;

/// Warns where types hold one another so deeply (Stripe) that rustc's default recursion
/// limit is likely too low (rustdoc's auto-trait evaluation first; drop check for deeper
/// ones): the crate that includes the code then needs a higher `recursion_limit`.
fn warn_of_deep_chains(types: &[TypeDef], diagnostics: &mut Diagnostics) {
    let (depth, chain) = super::cycles::deepest_chain(types);
    // The estimate misses steps inside library types: warn a little early.
    if depth < DEFAULT_RECURSION_LIMIT * 3 / 4 {
        return;
    }
    let limit = (depth * 5 / 4).next_power_of_two().max(256);
    let names: Vec<String> = chain
        .iter()
        .take(3)
        .map(|&t| format!("`{}`", types[t].name))
        .collect();
    diagnostics.warning(
        types[chain[0]].pointer.clone(),
        format!(
            "types hold one another {} deep ({}, …), about {depth} steps for rustc, past its \
             default recursion limit of {DEFAULT_RECURSION_LIMIT}: a crate that includes this \
             client needs `#![recursion_limit = \"{limit}\"]` at its root for `cargo doc` (and \
             `cargo build` where it is deeper still)",
            chain.len(),
            names.join(", ")
        ),
    );
}

fn servers(api: &OpenAPI) -> Vec<Server> {
    api.servers
        .iter()
        .map(|server| {
            let mut names = Scope::new();
            let variables: Vec<ServerVariable> = server
                .variables
                .iter()
                .flatten()
                .map(|(wire_name, variable)| ServerVariable {
                    name: names.claim(&naming::snake(wire_name, "variable")),
                    wire_name: wire_name.clone(),
                    default: variable.default.clone(),
                    values: variable.enumeration.clone(),
                    description: variable.description.clone(),
                })
                .collect();
            let (url, template) = url_forms(&server.url, &variables);
            Server {
                url,
                spec_url: server.url.clone(),
                template,
                variables,
                description: server.description.clone(),
            }
        })
        .collect()
}

/// The server URL with defaults filled in, and as a `format!` string over the variables'
/// Rust names (other braces escaped).
fn url_forms(url: &str, variables: &[ServerVariable]) -> (String, String) {
    let escape = |text: &str| text.replace('{', "{{").replace('}', "}}");
    let (mut filled, mut template) = (String::new(), String::new());
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        let (before, after) = rest.split_at(start);
        filled.push_str(before);
        template.push_str(&escape(before));
        let variable = after.find('}').and_then(|end| {
            let variable = variables.iter().find(|v| v.wire_name == after[1..end])?;
            Some((variable, end))
        });
        match variable {
            Some((variable, end)) => {
                filled.push_str(&variable.default);
                template.push_str(&format!("{{{}}}", variable.name));
                rest = &after[end + 1..];
            }
            None => {
                filled.push('{');
                template.push_str("{{");
                rest = &after[1..];
            }
        }
    }
    filled.push_str(rest);
    template.push_str(&escape(rest));
    (filled, template)
}

impl Builder<'_> {
    fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = &self.api.components else {
            return Vec::new();
        };
        let mut schemes = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let at = pointer::join("#/components/securitySchemes", key);
            let ReferenceOr::Item(scheme) = scheme else {
                self.diagnostics.warning(
                    at,
                    "a `$ref` to a security scheme is not supported; the scheme is skipped",
                );
                continue;
            };
            let (kind, description) = match scheme {
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                        openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                        openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                    };
                    let name = name.clone();
                    (SecuritySchemeKind::ApiKey { location, name }, description)
                }
                openapiv3::SecurityScheme::HTTP {
                    scheme,
                    description,
                    extensions,
                    ..
                } => {
                    if extensions.contains_key(crate::normalize::MUTUAL_TLS_MARK) {
                        schemes.push(SecurityScheme {
                            pointer: at,
                            key: key.clone(),
                            kind: SecuritySchemeKind::MutualTls,
                            description: description.clone(),
                        });
                        continue;
                    }
                    match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => (SecuritySchemeKind::Bearer, description),
                        "basic" => (SecuritySchemeKind::Basic, description),
                        other => {
                            self.diagnostics.warning(
                            pointer::join(&at, "scheme"),
                            format!("HTTP auth scheme `{other}` is not supported; the scheme is skipped"),
                        );
                            continue;
                        }
                    }
                }
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    (SecuritySchemeKind::Bearer, description)
                }
            };
            schemes.push(SecurityScheme {
                pointer: at,
                key: key.clone(),
                kind,
                description: description.clone(),
            });
        }
        schemes
    }
}
