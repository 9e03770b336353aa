//! The user's derives, added to the types they match where each type can have them: `Eq`,
//! `Hash`, `PartialOrd`, `Ord`, `Copy` and `Default` are checked through every type a type
//! holds (a greatest fixpoint over the type graph, so recursive types are judged by what they
//! hold besides themselves), and left out with a warning naming the field that prevents it.

use super::{Kind, Rules, rule_problem};
use crate::customize::matches_pattern;
use crate::diagnostics::{Diagnostics, Severity};
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};

/// The traits checked; other derives (`schemars::JsonSchema`, a user's own) are added as
/// asked.
const CHECKED: &[&str] = &["Eq", "Hash", "PartialOrd", "Ord", "Copy", "Default"];

/// A pattern rule that cannot hold for more types than this says so in one warning.
const LISTED: usize = 3;

/// The last segment of a derive path (`std::hash::Hash` → `Hash`).
pub(super) fn trait_name(derive: &str) -> &str {
    derive.rsplit("::").next().unwrap_or(derive).trim()
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
        TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Tuple(_) => {
            &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]
        }
        TypeKind::Alias(_) | TypeKind::Extern { .. } => &[],
    }
}

/// Why each type cannot have `derive` (`None`: it can). Types start out able; a type that
/// holds something unable becomes unable, until nothing changes.
fn lacking(api: &Api, derive: &str) -> Vec<Option<String>> {
    let mut why: Vec<Option<String>> = vec![None; api.types.len()];
    loop {
        let mut changed = false;
        for (id, def) in api.types.iter().enumerate() {
            if why[id].is_none() {
                if let Some(reason) = type_lacks(api, def, derive, &why) {
                    why[id] = Some(reason);
                    changed = true;
                }
            }
        }
        if !changed {
            return why;
        }
    }
}

/// What in `def` lacks `derive`, by what is known of the types it holds.
fn type_lacks(api: &Api, def: &TypeDef, derive: &str, why: &[Option<String>]) -> Option<String> {
    match &def.kind {
        // The user's types are theirs to judge.
        TypeKind::Extern { .. } => None,
        TypeKind::Alias(ty) => lacks(api, ty, derive, why),
        TypeKind::Enum(_) => match derive {
            "Eq" | "Hash" | "PartialOrd" | "Ord" => None,
            _ => Some("a string enum holds text".into()),
        },
        TypeKind::Struct(fields) => {
            if derive == "Default" {
                return fields
                    .iter()
                    .find(|f| f.required)
                    .map(|f| format!("the field `{}` is required", f.name));
            }
            fields.iter().find_map(|field| {
                lacks(api, &field.ty, derive, why)
                    .map(|what| format!("the field `{}` holds {what}", field.name))
            })
        }
        TypeKind::Tuple(tuple) => {
            if derive == "Copy" && tuple.rest.is_some() {
                return Some("it ends in a list".into());
            }
            let items = tuple.items.iter().chain(&tuple.rest).enumerate();
            items.into_iter().find_map(|(index, ty)| {
                lacks(api, ty, derive, why).map(|what| format!("its item {index} holds {what}"))
            })
        }
        TypeKind::Union(union) => {
            if derive == "Default" || derive == "Copy" {
                return Some("it is a union".into());
            }
            if union.fallback.is_some() {
                if let Some(what) = lacks(api, &TypeRef::Json, derive, why) {
                    return Some(format!("its fallback variant holds {what}"));
                }
            }
            union.variants.iter().find_map(|variant| {
                lacks(api, &variant.ty, derive, why)
                    .map(|what| format!("the variant `{}` holds {what}", variant.name))
            })
        }
    }
}

/// What `ty` is, where it lacks `derive`.
fn lacks(api: &Api, ty: &TypeRef, derive: &str, why: &[Option<String>]) -> Option<String> {
    let unless = |has: bool, what: &str| (!has).then(|| what.to_string());
    match ty {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::Uuid => None,
        TypeRef::F32 | TypeRef::F64 => unless(
            !matches!(derive, "Eq" | "Hash" | "Ord"),
            "a floating-point number",
        ),
        TypeRef::BodyStream(_) => Some("a stream".into()),
        TypeRef::String | TypeRef::Bytes | TypeRef::Base64 { .. } => {
            unless(derive != "Copy", "text")
        }
        TypeRef::DateTime | TypeRef::Date => unless(derive != "Default", "a date-time"),
        TypeRef::Json => unless(
            matches!(derive, "Eq" | "Hash" | "Default"),
            "a `serde_json::Value`",
        ),
        TypeRef::File => unless(matches!(derive, "Eq" | "Default"), "a file"),
        TypeRef::Map(value) => match derive {
            "Copy" => Some("a map".into()),
            // `serde_json::Map` has `Eq` and `Hash`, no order.
            "PartialOrd" | "Ord" if **value == TypeRef::Json => Some("a JSON object".into()),
            _ => lacks(api, value, derive, why),
        },
        TypeRef::Vec(inner) | TypeRef::Box(inner) => match derive {
            "Copy" => Some("a list".into()),
            _ => lacks(api, inner, derive, why),
        },
        TypeRef::Option(inner) | TypeRef::Nullable(inner) => match derive {
            "Default" => None,
            _ => lacks(api, inner, derive, why),
        },
        TypeRef::Named(id) => {
            let def = &api.types[id.0];
            let reason = why[id.0].as_deref()?;
            // One level of explanation: the first clause of the held type's own reason.
            let first = reason.split(" (").next().unwrap_or(reason);
            Some(match def.kind {
                TypeKind::Alias(_) => reason.to_string(),
                _ => format!("`{}` ({first})", def.name),
            })
        }
    }
}

/// Adds every derive rule's derive to the types it matches that can have it; warns of the
/// others at the rule (one warning per type for a named type, one per rule for a pattern
/// that many types cannot follow).
pub(super) fn add(api: &mut Api, rules: &mut Rules, diagnostics: &mut Diagnostics) {
    let derive_rules = rules.custom.derives.clone();
    let mut lacking_by_trait: Vec<(&str, Vec<Option<String>>)> = Vec::new();
    for (index, rule) in derive_rules.iter().enumerate() {
        let name = trait_name(&rule.value);
        let checked = CHECKED.contains(&name);
        if checked && !lacking_by_trait.iter().any(|(t, _)| *t == name) {
            lacking_by_trait.push((name, lacking(api, name)));
        }
        let why = lacking_by_trait
            .iter()
            .find(|(t, _)| *t == name)
            .map(|(_, why)| why);
        let mut left_out = Vec::new();
        for id in 0..api.types.len() {
            let def = &api.types[id];
            if def.pointer.is_empty() || !matches_pattern(&rule.target, &def.name) {
                continue;
            }
            rules.used.insert((Kind::Derive, index), ());
            if matches!(def.kind, TypeKind::Alias(_) | TypeKind::Extern { .. })
                || own_derives(def).contains(&name)
                || def.derives.contains(&rule.value)
            {
                continue;
            }
            if let Some(reason) = why.and_then(|why| why[id].as_ref()) {
                left_out.push((def.name.clone(), reason.clone()));
                continue;
            }
            api.types[id].derives.push(rule.value.clone());
        }
        warn_left_out(diagnostics, rule, left_out);
    }
    // `Ord` needs `Eq` and `PartialOrd`, `Eq` needs `PartialEq`: without them it goes too.
    for def in &mut api.types {
        let has = |d: &str, def: &TypeDef| {
            def.derives.iter().any(|x| trait_name(x) == d) || own_derives(def).contains(&d)
        };
        for (derive, needs) in [("Ord", &["Eq", "PartialOrd"][..]), ("Eq", &["PartialEq"])] {
            if has(derive, def) && !needs.iter().all(|n| has(n, def)) {
                def.derives.retain(|x| trait_name(x) != derive);
            }
        }
    }
}

fn warn_left_out(
    diagnostics: &mut Diagnostics,
    rule: &crate::customize::Rule,
    left_out: Vec<(String, String)>,
) {
    let derive = &rule.value;
    if left_out.len() > LISTED {
        let listed: Vec<String> = left_out
            .iter()
            .take(LISTED)
            .map(|(name, why)| format!("`{name}` ({why})"))
            .collect();
        rule_problem(
            diagnostics,
            Severity::Warning,
            &rule.origin,
            format!(
                "`{derive}` is left out of {} types `{}` matches that cannot have it: {}, and {} more",
                left_out.len(),
                rule.target,
                listed.join(", "),
                left_out.len() - LISTED
            ),
        );
        return;
    }
    for (name, why) in left_out {
        rule_problem(
            diagnostics,
            Severity::Warning,
            &rule.origin,
            format!("`{name}` cannot derive `{derive}`: {why}; left out for that type"),
        );
    }
}
