//! Each shape compiled once: structs, enums and unions that are the same in everything but
//! their name and docs (the same fields with the same names, wire names, types and
//! attributes; the same variants) keep one definition, and every other name becomes a
//! `pub type` alias of it, with its own doc. Public names stay; the wire does not change.
//! Specs inline the same object many times (GitHub: 288 copies of one user object in webhook
//! payloads), and each copy would cost rustc a derived `Serialize` and `Deserialize`.

use super::{TypeDef, TypeKind, TypeRef};
use std::collections::HashMap;
use std::fmt::Write;

/// Makes every type that has an identical twin an alias of the canonical one of its class: a
/// component schema before an inline type, then the first by name (so the choice depends on
/// nothing but the spec).
pub fn share_identical(types: &mut [TypeDef]) {
    let classes = classes(types);
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (index, class) in classes.iter().enumerate() {
        if let Some(class) = class {
            members.entry(*class).or_default().push(index);
        }
    }
    // A parameter's enum stays an enum of its own: a value added to it, or to a schema's
    // enum, would turn it from an enum into an alias or back — a change of code for a
    // compatible change of the API (cargo-semver-checks reads an enum that became an alias
    // as removed). Parameters' enums are few; the many equal enums of schemas (GitHub's
    // webhook payloads) are still shared.
    let groups: Vec<Vec<usize>> = members
        .into_values()
        .map(|group| {
            let kept = |&i: &usize| {
                !(matches!(types[i].kind, TypeKind::Enum(_)) && is_parameter(&types[i]))
            };
            group.into_iter().filter(kept).collect::<Vec<usize>>()
        })
        .filter(|group| group.len() > 1)
        .collect();
    for mut group in groups {
        group.sort_by_cached_key(|&i| (!is_component(&types[i]), types[i].name.clone()));
        let canonical = group[0];
        for &other in &group[1..] {
            types[other].kind = TypeKind::Alias(TypeRef::Named(super::TypeId(canonical)));
        }
    }
}

/// Per-operation headers structs that are the same as an earlier operation's (in spec order)
/// become aliases of it. Error enums do not: a status declared later would turn an enum into
/// an alias (or back), which breaks code that names its variants' type (and
/// cargo-semver-checks reports an enum that became an alias as removed).
pub fn share_operation_types(types: &[TypeDef], operations: &mut [super::Operation]) {
    let mut headers: HashMap<String, String> = HashMap::new();
    for op in operations.iter_mut() {
        if let Some(name) = &op.success.headers_name {
            let mut key = String::new();
            for header in &op.success.headers {
                let required = u8::from(header.required);
                let _ = write!(key, "|{}:{}:{required}:", header.wire_name, header.name);
                write_canonical(&mut key, &header.ty, types);
            }
            match headers.get(&key) {
                Some(first) => op.success.headers_alias = Some(first.clone()),
                None => {
                    headers.insert(key, name.clone());
                }
            }
        }
    }
}

/// A type reference with named types read through the aliases [`share_identical`] made.
fn write_canonical(out: &mut String, ty: &TypeRef, types: &[TypeDef]) {
    write_with(out, ty, &|out, id| {
        let mut id = id;
        for _ in 0..8 {
            match &types[id.0].kind {
                TypeKind::Alias(TypeRef::Named(next)) => id = *next,
                _ => break,
            }
        }
        let _ = write!(out, "#{}", id.0);
    });
}

/// A type reference as text, named types written by `named`.
fn write_with(out: &mut String, ty: &TypeRef, named: &dyn Fn(&mut String, super::TypeId)) {
    match ty {
        TypeRef::Named(id) => named(out, *id),
        other => match other.wrapped() {
            Some(inner) => {
                let _ = write!(out, "{}<", wrapper_name(other));
                write_with(out, inner, named);
                out.push('>');
            }
            None => {
                let _ = write!(out, "{other:?}");
            }
        },
    }
}

fn wrapper_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Vec(_) => "vec",
        TypeRef::Map(_) => "map",
        TypeRef::Option(_) => "option",
        TypeRef::Nullable(_) => "nullable",
        TypeRef::Box(_) => "box",
        TypeRef::BodyStream(_) => "stream",
        _ => "",
    }
}

/// Whether the type is a parameter's schema (an operation's, a path's or a component's).
fn is_parameter(def: &TypeDef) -> bool {
    def.pointer.contains("/parameters/")
}

fn is_component(def: &TypeDef) -> bool {
    crate::pointer::component_key(&def.pointer, "schemas").is_some()
}

/// The class of each struct, enum and union (`None` for aliases): equal classes, equal
/// shapes, found by refining a partition until it is stable (as when minimizing an
/// automaton): first by each type's own shape with the types it refers to left out, then with
/// them read as their classes, until no class splits.
fn classes(types: &[TypeDef]) -> Vec<Option<usize>> {
    let mut classes: Vec<Option<usize>> = types
        .iter()
        .map(|def| (!matches!(def.kind, TypeKind::Alias(_))).then_some(0))
        .collect();
    // Each type's shape once, the types it refers to left as places to fill (`#`), with the
    // types for those places in order: a round then compares classes, not text.
    let mut template_ids: HashMap<String, usize> = HashMap::new();
    let templates: Vec<Option<(usize, Vec<usize>)>> = types
        .iter()
        .zip(&classes)
        .map(|(def, class)| {
            class.map(|_| {
                let (text, refs) = template(def, types, &classes);
                let fresh = template_ids.len();
                (*template_ids.entry(text).or_insert(fresh), refs)
            })
        })
        .collect();
    let mut count = 1;
    // Each round splits at least one class or ends; a type per class at most.
    for _ in 0..=types.len() {
        let mut ids: HashMap<Vec<usize>, usize> = HashMap::new();
        let next: Vec<Option<usize>> = templates
            .iter()
            .zip(&classes)
            .map(|(template, class)| {
                let (template, refs) = template.as_ref()?;
                let mut key = Vec::with_capacity(refs.len() + 2);
                key.extend([(*class)?, *template]);
                key.extend(refs.iter().map(|&id| classes[id].unwrap_or(usize::MAX)));
                let fresh = ids.len();
                Some(*ids.entry(key).or_insert(fresh))
            })
            .collect();
        let done = ids.len() == count;
        count = ids.len();
        classes = next;
        if done {
            break;
        }
    }
    classes
}

/// A type's shape as text with a `#` for each named type it refers to (read through aliases of
/// named types), and those types in order; an alias of anything else is written by name.
fn template(def: &TypeDef, types: &[TypeDef], classes: &[Option<usize>]) -> (String, Vec<usize>) {
    let refs = std::cell::RefCell::new(Vec::new());
    let text = shape(def, &mut |out, ty| {
        write_with(out, ty, &|out, mut id| {
            for _ in 0..8 {
                match &types[id.0].kind {
                    TypeKind::Alias(TypeRef::Named(next)) => id = *next,
                    _ => break,
                }
            }
            match classes[id.0] {
                Some(_) => {
                    out.push('#');
                    refs.borrow_mut().push(id.0);
                }
                None => {
                    let _ = write!(out, "@{}", types[id.0].name);
                }
            }
        });
    });
    (text, refs.into_inner())
}

/// A type's shape as text, the types it refers to written by `ty`.
fn shape(def: &TypeDef, ty: &mut dyn FnMut(&mut String, &TypeRef)) -> String {
    let mut out = String::new();
    match &def.kind {
        TypeKind::Struct(fields) => {
            out.push_str("struct");
            for field in fields {
                let _ = write!(
                    out,
                    "|{}:{}:{}{}{}{}{}:",
                    field.name,
                    field.wire_name,
                    u8::from(field.required),
                    u8::from(field.nullable),
                    u8::from(field.read_only),
                    u8::from(field.write_only),
                    u8::from(field.deprecated),
                );
                ty(&mut out, &field.ty);
            }
        }
        TypeKind::Enum(string_enum) => {
            let _ = write!(out, "enum|{}", string_enum.fallback);
            for variant in &string_enum.variants {
                let _ = write!(out, "|{}={:?}", variant.name, variant.wire);
            }
        }
        TypeKind::Union(union) => {
            let _ = write!(
                out,
                "union|{:?}|{:?}|{:?}",
                union.tag, union.fallback, union.default
            );
            for variant in &union.variants {
                let _ = write!(out, "|{}={:?}:", variant.name, variant.tag_value);
                ty(&mut out, &variant.ty);
            }
        }
        TypeKind::Alias(target) => {
            out.push_str("alias|");
            ty(&mut out, target);
        }
        TypeKind::Tuple(tuple) => {
            out.push_str("tuple");
            for item in &tuple.items {
                out.push('|');
                ty(&mut out, item);
            }
            if let Some(rest) = &tuple.rest {
                out.push_str("|..");
                ty(&mut out, rest);
            }
        }
        TypeKind::Extern { path, .. } => {
            let _ = write!(out, "extern|{path}");
        }
    }
    let _ = write!(out, "|{}", u8::from(def.nullable));
    out
}

#[cfg(test)]
mod tests {
    use crate::ir::{TypeKind, TypeRef, from_yaml};

    fn spec(schemas: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        )
    }

    fn kind_of<'a>(api: &'a crate::ir::Api, name: &str) -> &'a TypeKind {
        &api.types.iter().find(|t| t.name == name).expect(name).kind
    }

    #[test]
    fn identical_objects_share_one_definition_and_keep_their_names() {
        let api = from_yaml(&spec(
            "    User: {type: object, properties: {login: {type: string}}}\n    \
             Event: {type: object, properties: {sender: {type: object, properties: {login: {type: string}}}, \
             actor: {type: object, description: Who did it., properties: {login: {type: string}}}}}\n",
        ));
        let user = api
            .types
            .iter()
            .position(|t| t.name == "User")
            .expect("User");
        for copy in ["EventSender", "EventActor"] {
            assert!(
                matches!(kind_of(&api, copy), TypeKind::Alias(TypeRef::Named(id)) if id.0 == user),
                "{copy}: {:?}",
                kind_of(&api, copy)
            );
        }
        assert!(matches!(kind_of(&api, "User"), TypeKind::Struct(_)));
    }

    #[test]
    fn shapes_that_differ_anywhere_stay_apart() {
        let api = from_yaml(&spec(
            "    A: {type: object, properties: {x: {type: string}}}\n    \
             B: {type: object, required: [x], properties: {x: {type: string}}}\n    \
             C: {type: object, properties: {x: {type: integer}}}\n    \
             D: {type: object, properties: {y: {type: string}}}\n",
        ));
        for name in ["A", "B", "C", "D"] {
            assert!(matches!(kind_of(&api, name), TypeKind::Struct(_)), "{name}");
        }
    }

    #[test]
    fn types_that_refer_to_twins_are_twins() {
        // Two lists whose items are identical objects: the items merge, then the lists.
        let api = from_yaml(&spec(
            "    P: {type: object, properties: {items: {type: array, items: {type: object, properties: {n: {type: integer}}}}}}\n    \
             Q: {type: object, properties: {items: {type: array, items: {type: object, properties: {n: {type: integer}}}}}}\n",
        ));
        assert!(matches!(kind_of(&api, "P"), TypeKind::Struct(_)));
        assert!(matches!(kind_of(&api, "Q"), TypeKind::Alias(_)));
        assert!(matches!(kind_of(&api, "QItemsItem"), TypeKind::Alias(_)));
    }

    #[test]
    fn operations_with_the_same_headers_share_their_type_but_not_their_errors() {
        let api = from_yaml(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      responses:\n        '200': {description: ok, headers: {Link: \
             {schema: {type: string}}}}\n        default: {description: e, content: \
             {application/json: {schema: {type: object, properties: {m: {type: string}}}}}}\n  \
             /b:\n    get:\n      operationId: getB\n      responses:\n        '200': \
             {description: ok, headers: {Link: {schema: {type: string}}}}\n        default: \
             {description: other words, content: {application/json: {schema: {type: object, \
             properties: {m: {type: string}}}}}}\n",
        );
        let [a, b] = &api.operations[..] else {
            panic!("two operations")
        };
        assert_eq!(a.success.headers_alias.as_deref(), None);
        assert_eq!(b.success.headers_alias.as_deref(), Some("GetAHeaders"));
        assert_eq!(
            (a.error_name.as_str(), b.error_name.as_str()),
            ("GetAError", "GetBError")
        );
    }
}
