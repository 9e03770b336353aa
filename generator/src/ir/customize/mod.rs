//! The user's [`Customization`] applied where the IR assigns names and types: replaced schemas
//! and mapped formats become the user's types (`TypeKind::Extern`), renamed types, operations
//! and fields take their new names as they are claimed (so every name derived from them, and
//! pagination's field paths, follow), and variant renames, derives and attributes are applied
//! once the type space is complete. A rule that names nothing, or a new name that is taken,
//! is an error at the rule, with the nearest names. The rules are here, with what is applied
//! to the finished type space; `claims.rs` has what the builder asks while it assigns.

mod claims;
mod derives;

use super::{Api, TypeId, TypeKind};
use crate::customize::{Customization, Origin, Rule, matches_pattern};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::spelling;
use std::collections::HashMap;

/// The spec extensions that customize a node in place.
pub const RUST_NAME: &str = "x-rust-name";
pub const RUST_TYPE: &str = "x-rust-type";

/// The rules of a run, with which of them applied to something.
#[derive(Debug, Default)]
pub struct Rules {
    pub(super) custom: Customization,
    /// `x-rust-name` of nodes, by pointer: the node's name (a field's, else a type's, or an
    /// operation's method).
    pub(super) node_names: Vec<Rule>,
    pub(super) used: HashMap<(Kind, usize), ()>,
    /// The user's types, by path.
    pub(super) externs: HashMap<String, TypeId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Replace,
    Format,
    Type,
    Operation,
    Field,
    Variant,
    Node,
    Derive,
    Attribute,
}

impl Rules {
    /// The rules of `custom`, plus those of the spec's `x-rust-name` / `x-rust-type`
    /// extensions (found by [`extension_rules`]).
    pub fn new(
        mut custom: Customization,
        extensions: Vec<(String, &'static str, String)>,
        spec: &str,
    ) -> Rules {
        let mut node_names = Vec::new();
        for (pointer, extension, value) in extensions {
            let rule = Rule {
                target: pointer.clone(),
                value,
                origin: Origin {
                    file: spec.to_string(),
                    location: None,
                    pointer: crate::pointer::join(&pointer, extension),
                },
            };
            if extension == RUST_TYPE {
                custom.replace.push(rule);
            } else {
                node_names.push(rule);
            }
        }
        Rules {
            custom,
            node_names,
            used: HashMap::new(),
            externs: HashMap::new(),
        }
    }

    fn list(&self, kind: Kind) -> &[Rule] {
        let custom = &self.custom;
        match kind {
            Kind::Replace => &custom.replace,
            Kind::Format => &custom.formats,
            Kind::Type => &custom.rename_types,
            Kind::Operation => &custom.rename_operations,
            Kind::Field => &custom.rename_fields,
            Kind::Variant => &custom.rename_variants,
            Kind::Node => &self.node_names,
            Kind::Derive => &custom.derives,
            Kind::Attribute => &custom.attributes,
        }
    }

    /// The value of the last rule of `kind` whose target is one of `targets`, marked used.
    pub(super) fn find(&mut self, kind: Kind, targets: &[&str]) -> Option<(String, Origin)> {
        let index = self
            .list(kind)
            .iter()
            .rposition(|rule| targets.contains(&rule.target.as_str()))?;
        self.used.insert((kind, index), ());
        let rule = &self.list(kind)[index];
        Some((rule.value.clone(), rule.origin.clone()))
    }
}

/// Every `x-rust-name` / `x-rust-type` in the document: (pointer of the node, extension,
/// value). One walk of the document, before it is parsed; a pointer is only written out
/// for the nodes that have one.
pub fn extension_rules(document: &serde_json::Value) -> Vec<(String, &'static str, String)> {
    fn walk<'v>(
        value: &'v serde_json::Value,
        path: &mut Vec<std::borrow::Cow<'v, str>>,
        found: &mut Vec<(String, &'static str, String)>,
    ) {
        let descend = |token: std::borrow::Cow<'v, str>,
                       child: &'v serde_json::Value,
                       path: &mut Vec<_>,
                       found: &mut Vec<_>| {
            if child.is_object() || child.is_array() {
                path.push(token);
                walk(child, path, found);
                path.pop();
            }
        };
        match value {
            serde_json::Value::Object(map) => {
                for extension in [RUST_NAME, RUST_TYPE] {
                    if let Some(serde_json::Value::String(text)) = map.get(extension) {
                        let at = path.iter().fold("#".to_string(), |at, token| {
                            crate::pointer::join(&at, token)
                        });
                        found.push((at, extension, text.clone()));
                    }
                }
                for (key, child) in map {
                    descend(key.as_str().into(), child, path, found);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    descend(index.to_string().into(), child, path, found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(document, &mut Vec::new(), &mut found);
    found
}

pub(super) fn rule_error(diagnostics: &mut Diagnostics, origin: &Origin, message: String) {
    rule_problem(diagnostics, Severity::Error, origin, message);
}

pub(super) fn rule_problem(
    diagnostics: &mut Diagnostics,
    severity: Severity,
    origin: &Origin,
    message: String,
) {
    diagnostics.add(Diagnostic {
        severity,
        file: origin.file.clone(),
        pointer: origin.pointer.clone(),
        message,
        location: origin.location,
    });
}

/// Whether `name` can be a Rust identifier as written (no keyword, no raw form).
pub(super) fn is_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

/// After the type space is complete: variant renames, derives and attributes; then every
/// rule that applied to nothing is an error at the rule, with the nearest names.
pub fn finish(api: &mut Api, rules: &mut Rules, diagnostics: &mut Diagnostics) {
    rename_variants(api, rules, diagnostics);
    derives::add(api, rules, diagnostics);
    add_attributes(api, rules);
    report_unused(api, rules, diagnostics);
}

fn rename_variants(api: &mut Api, rules: &mut Rules, diagnostics: &mut Diagnostics) {
    for index in 0..rules.custom.rename_variants.len() {
        let rule = rules.custom.rename_variants[index].clone();
        let Some((type_name, variant)) = rule.target.split_once('.') else {
            continue;
        };
        let Some(def) = api.types.iter_mut().find(|def| def.name == type_name) else {
            continue;
        };
        let TypeKind::Enum(string_enum) = &mut def.kind else {
            continue;
        };
        let Some(position) = string_enum
            .variants
            .iter()
            .position(|v| v.name == variant || v.wire == variant)
        else {
            continue;
        };
        rules.used.insert((Kind::Variant, index), ());
        let name = &rule.value;
        let camel = crate::naming::upper_camel(name, "Variant");
        let taken =
            string_enum.variants.iter().any(|v| &v.name == name) || string_enum.fallback == *name;
        if camel != *name || !is_identifier(name) {
            rule_error(
                diagnostics,
                &rule.origin,
                format!(
                    "the new name `{name}` of variant `{}` is not an UpperCamelCase Rust identifier (`{camel}`?)",
                    rule.target
                ),
            );
        } else if taken {
            rule_error(
                diagnostics,
                &rule.origin,
                format!(
                    "renaming variant `{}` to `{name}` collides with the variant `{type_name}::{name}`",
                    rule.target
                ),
            );
        } else {
            string_enum.variants[position].name = name.clone();
        }
    }
}

fn add_attributes(api: &mut Api, rules: &mut Rules) {
    let attribute_rules = rules.custom.attributes.clone();
    for (index, rule) in attribute_rules.iter().enumerate() {
        let (type_pattern, field) = match rule.target.split_once('.') {
            Some((ty, field)) => (ty, Some(field)),
            None => (rule.target.as_str(), None),
        };
        for def in &mut api.types {
            if def.pointer.is_empty() || !matches_pattern(type_pattern, &def.name) {
                continue;
            }
            match (field, &mut def.kind) {
                (None, TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_)) => {
                    rules.used.insert((Kind::Attribute, index), ());
                    def.attributes.push(rule.value.clone());
                }
                (Some(field), TypeKind::Struct(fields)) => {
                    for f in fields
                        .iter_mut()
                        .filter(|f| f.name == field || f.wire_name == field)
                    {
                        rules.used.insert((Kind::Attribute, index), ());
                        f.attributes.push(rule.value.clone());
                    }
                }
                _ => {}
            }
        }
    }
}

fn report_unused(api: &Api, rules: &Rules, diagnostics: &mut Diagnostics) {
    let type_names: Vec<&str> = api
        .types
        .iter()
        .filter(|def| !def.pointer.is_empty())
        .map(|def| def.name.as_str())
        .collect();
    let operation_ids: Vec<&str> = api.operations.iter().map(|op| op.id.as_str()).collect();
    for kind in [
        Kind::Replace,
        Kind::Format,
        Kind::Type,
        Kind::Operation,
        Kind::Field,
        Kind::Variant,
        Kind::Node,
        Kind::Derive,
        Kind::Attribute,
    ] {
        for (index, rule) in rules.list(kind).iter().enumerate() {
            if rules.used.contains_key(&(kind, index)) {
                continue;
            }
            let target = &rule.target;
            let (what, nearest) = match kind {
                Kind::Replace => (
                    "schema",
                    spelling::nearest(target, type_names.iter().copied()),
                ),
                Kind::Format => {
                    // A format no schema has is no mistake in a shared settings file.
                    continue;
                }
                Kind::Type | Kind::Derive | Kind::Attribute | Kind::Node => {
                    let base = target.split('.').next().unwrap_or(target);
                    if kind != Kind::Type && kind != Kind::Node && base.contains('*') {
                        rule_problem(
                            diagnostics,
                            Severity::Warning,
                            &rule.origin,
                            format!("`{target}` matches no type"),
                        );
                        continue;
                    }
                    ("type", spelling::nearest(base, type_names.iter().copied()))
                }
                Kind::Operation => (
                    "operation",
                    spelling::nearest(target, operation_ids.iter().copied()),
                ),
                Kind::Field => ("field", None),
                Kind::Variant => ("enum variant", None),
            };
            let hint = nearest
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            rule_error(
                diagnostics,
                &rule.origin,
                format!("`{target}` names no {what} of this spec{hint}"),
            );
        }
    }
}
