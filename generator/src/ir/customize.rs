//! The user's [`Customization`] applied where the IR assigns names and types: replaced schemas
//! and mapped formats become the user's types (`TypeKind::Extern`), renamed types, operations
//! and fields take their new names as they are claimed (so every name derived from them, and
//! pagination's field paths, follow), and variant renames, derives and attributes are applied
//! once the type space is complete. A rule that names nothing, or a new name that is taken,
//! is an error at the rule, with the nearest names.

use super::build::Builder;
use super::{Api, Field, TypeDef, TypeId, TypeKind, TypeRef};
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
    used: HashMap<(Kind, usize), ()>,
    /// The user's types, by path.
    externs: HashMap<String, TypeId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
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
    fn find(&mut self, kind: Kind, targets: &[&str]) -> Option<(String, Origin)> {
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
/// value). One walk of the document, before it is parsed.
pub fn extension_rules(document: &serde_json::Value) -> Vec<(String, &'static str, String)> {
    fn walk(value: &serde_json::Value, at: &str, found: &mut Vec<(String, &'static str, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                for extension in [RUST_NAME, RUST_TYPE] {
                    if let Some(serde_json::Value::String(text)) = map.get(extension) {
                        found.push((at.to_string(), extension, text.clone()));
                    }
                }
                for (key, child) in map {
                    if child.is_object() || child.is_array() {
                        walk(child, &crate::pointer::join(at, key), found);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    if child.is_object() || child.is_array() {
                        walk(child, &crate::pointer::join(at, &index.to_string()), found);
                    }
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(document, "#", &mut found);
    found
}

fn rule_error(diagnostics: &mut Diagnostics, origin: &Origin, message: String) {
    rule_problem(diagnostics, Severity::Error, origin, message);
}

fn rule_problem(
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
fn is_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

impl Builder<'_> {
    /// The user's type for the schema at `at` (a component named `key`), where a rule or
    /// `x-rust-type` replaces it.
    pub(super) fn replacement(
        &mut self,
        at: &str,
        key: Option<&str>,
        scalar: bool,
    ) -> Option<TypeRef> {
        let path = self.replacement_path(at, key)?;
        Some(self.extern_type(&path, scalar))
    }

    /// The path of the user's type for the schema at `at` (a component named `key`).
    pub(super) fn replacement_path(&mut self, at: &str, key: Option<&str>) -> Option<String> {
        let targets: Vec<&str> = [Some(at), key].into_iter().flatten().collect();
        self.rules
            .find(Kind::Replace, &targets)
            .map(|(path, _)| path)
    }

    /// The user's type for schemas of `format`, where a rule maps it.
    pub(super) fn format_type(&mut self, format: &str) -> Option<TypeRef> {
        let (path, _) = self.rules.find(Kind::Format, &[format])?;
        Some(self.extern_type(&path, true))
    }

    fn extern_type(&mut self, path: &str, scalar: bool) -> TypeRef {
        if let Some(id) = self.rules.externs.get(path) {
            return TypeRef::Named(*id);
        }
        self.types.push(TypeDef {
            pointer: String::new(),
            name: path.to_string(),
            doc: None,
            deprecated: false,
            nullable: false,
            kind: TypeKind::Extern {
                path: path.to_string(),
                scalar,
            },
            derives: Vec::new(),
            attributes: Vec::new(),
        });
        let id = TypeId(self.types.len() - 1);
        self.rules.externs.insert(path.to_string(), id);
        TypeRef::Named(id)
    }

    /// Claims the name of the type at `at`: its rename (by `natural`, its pointer or
    /// `x-rust-name`) if it has one and it is free, else `natural` (made unique).
    pub(super) fn claim_type_name(&mut self, natural: &str, at: &str) -> String {
        let renamed = self.rules.find(Kind::Type, &[natural, at]).or_else(|| {
            self.rules
                .find(Kind::Node, &[at])
                .filter(|_| !self.is_field_pointer(at))
        });
        if let Some((name, origin)) = renamed {
            let camel = crate::naming::upper_camel(&name, "Type");
            if camel != name || !is_identifier(&name) {
                rule_error(
                    self.diagnostics,
                    &origin,
                    format!(
                        "the new name `{name}` of type `{natural}` is not an UpperCamelCase Rust identifier (`{camel}`?)"
                    ),
                );
            } else if self.type_names.contains(&name) {
                rule_error(
                    self.diagnostics,
                    &origin,
                    format!(
                        "renaming type `{natural}` to `{name}` collides with the type of that name; choose another name"
                    ),
                );
            } else {
                return self.type_names.claim(&name);
            }
        }
        self.type_names.claim(natural)
    }

    /// Whether `at` is a property (its `x-rust-name` names the field, not a type).
    fn is_field_pointer(&self, at: &str) -> bool {
        at.rsplit_once('/')
            .is_some_and(|(parent, _)| parent.ends_with("/properties"))
    }

    /// An operation's name (method `snake`, builder `UpperCamel` of it): its rename, by
    /// `operationId`, method name, pointer or `x-rust-name`, else `id`.
    pub(super) fn operation_name(
        &mut self,
        id: &str,
        at: &str,
        taken: &crate::naming::Scope,
    ) -> String {
        let natural = crate::naming::snake(id, "operation");
        let Some((name, origin)) = self
            .rules
            .find(Kind::Operation, &[id, natural.as_str(), at])
            .or_else(|| self.rules.find(Kind::Node, &[at]))
        else {
            return id.to_string();
        };
        let snake = crate::naming::snake(&name, "operation");
        if snake != name || !is_identifier(&name) {
            rule_error(
                self.diagnostics,
                &origin,
                format!(
                    "the new method name `{name}` of operation `{id}` is not a snake_case Rust identifier (`{snake}`?)"
                ),
            );
            return id.to_string();
        }
        if taken.contains(&name) {
            rule_error(
                self.diagnostics,
                &origin,
                format!(
                    "renaming operation `{id}` to `{name}` collides with another method of the client of that name"
                ),
            );
            return id.to_string();
        }
        name
    }

    /// Renames the fields of the struct `type_name` that rules name (`Type.field`, by Rust or
    /// wire name, or the property's pointer / `x-rust-name`).
    pub(super) fn rename_fields(&mut self, type_name: &str, fields: &mut [Field]) {
        if self.rules.custom.rename_fields.is_empty() && self.rules.node_names.is_empty() {
            return;
        }
        for index in 0..fields.len() {
            let field = &fields[index];
            let by_name = format!("{type_name}.{}", field.name);
            let by_wire = format!("{type_name}.{}", field.wire_name);
            let renamed = self
                .rules
                .find(Kind::Field, &[&by_name, &by_wire, &field.pointer])
                .or_else(|| self.rules.find(Kind::Node, &[&field.pointer]));
            let Some((name, origin)) = renamed else {
                continue;
            };
            let snake = crate::naming::snake(&name, "field");
            if snake != name || !is_identifier(&name) {
                rule_error(
                    self.diagnostics,
                    &origin,
                    format!(
                        "the new name `{name}` of field `{by_name}` is not a snake_case Rust identifier (`{snake}`?)"
                    ),
                );
            } else if fields.iter().any(|other| other.name == name) {
                rule_error(
                    self.diagnostics,
                    &origin,
                    format!(
                        "renaming field `{by_name}` to `{name}` collides with the field `{type_name}.{name}`"
                    ),
                );
            } else {
                fields[index].name = name;
            }
        }
    }
}

/// After the type space is complete: variant renames, derives and attributes; then every
/// rule that applied to nothing is an error at the rule, with the nearest names.
pub fn finish(api: &mut Api, rules: &mut Rules, diagnostics: &mut Diagnostics) {
    rename_variants(api, rules, diagnostics);
    add_derives(api, rules, diagnostics);
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

/// The traits derives are checked for: a type has one only where every type it holds has it
/// (`f64` has no `Eq`, `Hash` or `Ord`; `serde_json::Value` no `PartialOrd`).
const CHECKED: &[&str] = &["Eq", "Hash", "PartialOrd", "Ord", "Copy", "Default"];

/// The last segment of a derive path (`std::hash::Hash` → `Hash`).
fn trait_name(derive: &str) -> &str {
    derive.rsplit("::").next().unwrap_or(derive).trim()
}

/// The member of `ty` that lacks `derive`, if any; types not decided yet (a cycle) count as
/// having it.
fn lacks(
    api: &Api,
    ty: &TypeRef,
    derive: &str,
    memo: &mut HashMap<(usize, String), bool>,
    depth: usize,
) -> Option<String> {
    let has = |yes: bool, what: &str| (!yes).then(|| what.to_string());
    match ty {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::Uuid => None,
        TypeRef::F32 | TypeRef::F64 => has(
            !matches!(derive, "Eq" | "Hash" | "Ord"),
            "a floating-point number",
        ),
        TypeRef::String | TypeRef::Bytes => has(derive != "Copy", "text"),
        TypeRef::DateTime | TypeRef::Date => has(derive != "Default", "a date-time"),
        TypeRef::Json => has(
            matches!(derive, "Eq" | "Hash" | "Default"),
            "a `serde_json::Value`",
        ),
        TypeRef::File => has(matches!(derive, "Eq" | "Default"), "a file"),
        TypeRef::Map(value) => {
            if derive == "Copy" {
                return Some("a map".into());
            }
            if matches!(**value, TypeRef::Json) && derive != "Default" && !matches!(derive, "Eq") {
                // `serde_json::Map` has `Eq` and `Hash` but no order.
                return has(derive == "Hash", "a JSON object");
            }
            lacks(api, value, derive, memo, depth + 1)
        }
        TypeRef::Vec(inner) | TypeRef::Box(inner) => {
            if derive == "Copy" {
                return Some("a list".into());
            }
            lacks(api, inner, derive, memo, depth + 1)
        }
        TypeRef::Option(inner) | TypeRef::Nullable(inner) => {
            if derive == "Default" {
                return None;
            }
            lacks(api, inner, derive, memo, depth + 1)
        }
        TypeRef::Named(id) => {
            let key = (id.0, derive.to_string());
            if let Some(known) = memo.get(&key) {
                return (!known).then(|| format!("`{}`", api.types[id.0].name));
            }
            if depth > 64 {
                return None;
            }
            memo.insert(key.clone(), true);
            let missing = type_lacks(api, &api.types[id.0], derive, memo, depth + 1);
            memo.insert(key, missing.is_none());
            missing.map(|why| match &api.types[id.0].kind {
                TypeKind::Alias(_) => why,
                _ => format!("`{}` ({why})", api.types[id.0].name),
            })
        }
    }
}

/// What in `def` lacks `derive`, naming the field (or variant) that prevents it.
fn type_lacks(
    api: &Api,
    def: &TypeDef,
    derive: &str,
    memo: &mut HashMap<(usize, String), bool>,
    depth: usize,
) -> Option<String> {
    let extra = def.derives.iter().any(|d| trait_name(d) == derive);
    match &def.kind {
        TypeKind::Extern { .. } => None,
        TypeKind::Alias(ty) => lacks(api, ty, derive, memo, depth),
        TypeKind::Enum(_) => match derive {
            "Eq" | "Hash" | "PartialOrd" | "Ord" => None,
            _ if extra => None,
            _ => Some("a string enum".into()),
        },
        TypeKind::Struct(fields) => {
            if derive == "Default" {
                return fields
                    .iter()
                    .find(|f| f.required)
                    .map(|f| format!("the required field `{}`", f.name));
            }
            fields.iter().find_map(|field| {
                lacks(api, &field.ty, derive, memo, depth)
                    .map(|why| format!("the field `{}` holds {why}", field.name))
            })
        }
        TypeKind::Union(union) => {
            if derive == "Default" || derive == "Copy" {
                return Some("a union".into());
            }
            if union.tag.is_some() {
                if let Some(why) = lacks(api, &TypeRef::Json, derive, memo, depth) {
                    return Some(format!("its fallback variant holds {why}"));
                }
            }
            union.variants.iter().find_map(|variant| {
                lacks(api, &variant.ty, derive, memo, depth)
                    .map(|why| format!("the variant `{}` holds {why}", variant.name))
            })
        }
    }
}

/// The derives a generated type has of its own.
fn own_derives(def: &TypeDef) -> &'static [&'static str] {
    match &def.kind {
        TypeKind::Enum(_) => &["Debug", "Clone", "PartialEq", "Eq", "Hash"],
        TypeKind::Struct(fields) if fields.iter().all(|f| !f.required) => &[
            "Debug",
            "Clone",
            "PartialEq",
            "Serialize",
            "Deserialize",
            "Default",
        ],
        TypeKind::Struct(_) | TypeKind::Union(_) => {
            &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]
        }
        TypeKind::Alias(_) | TypeKind::Extern { .. } => &[],
    }
}

fn add_derives(api: &mut Api, rules: &mut Rules, diagnostics: &mut Diagnostics) {
    let derive_rules = rules.custom.derives.clone();
    for (index, rule) in derive_rules.iter().enumerate() {
        for id in 0..api.types.len() {
            let def = &api.types[id];
            if !matches_pattern(&rule.target, &def.name) || def.pointer.is_empty() {
                continue;
            }
            rules.used.insert((Kind::Derive, index), ());
            if matches!(def.kind, TypeKind::Alias(_) | TypeKind::Extern { .. }) {
                continue;
            }
            let name = trait_name(&rule.value);
            if own_derives(def).contains(&name) || def.derives.contains(&rule.value) {
                continue;
            }
            if CHECKED.contains(&name) {
                let mut memo = HashMap::new();
                if let Some(why) = type_lacks(api, &api.types[id], name, &mut memo, 0) {
                    rule_problem(
                        diagnostics,
                        Severity::Warning,
                        &rule.origin,
                        format!(
                            "`{}` cannot derive `{}`: {why}; left out for that type",
                            api.types[id].name, rule.value
                        ),
                    );
                    continue;
                }
            }
            api.types[id].derives.push(rule.value.clone());
        }
    }
    // A derive of `Ord` or `Eq` needs the traits it builds on.
    for def in &mut api.types {
        let has = |d: &str, def: &TypeDef| {
            def.derives.iter().any(|x| trait_name(x) == d) || own_derives(def).contains(&d)
        };
        for (derive, needs) in [
            ("Ord", ["Eq", "PartialOrd"]),
            ("Eq", ["PartialEq", "PartialEq"]),
        ] {
            if has(derive, def) && !needs.iter().all(|n| has(n, def)) {
                def.derives.retain(|x| trait_name(x) != derive);
            }
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
