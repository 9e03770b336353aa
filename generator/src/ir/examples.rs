//! Example values checked against the types they belong to: members a struct does not
//! declare cannot survive decoding, so they are reported (at the example) and left out of
//! the round-trip test.

use super::{Example, TypeDef, TypeKind, TypeRef};
use crate::diagnostics::Diagnostics;
use crate::pointer;
use serde_json::Value;

pub fn strip_undeclared(
    examples: &mut [Example],
    types: &[TypeDef],
    diagnostics: &mut Diagnostics,
) {
    for example in examples {
        let pointer = example.pointer.clone();
        strip(
            &mut example.value,
            &example.ty,
            types,
            &pointer,
            diagnostics,
            0,
        );
    }
}

fn strip(
    value: &mut Value,
    ty: &TypeRef,
    types: &[TypeDef],
    at: &str,
    diagnostics: &mut Diagnostics,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    match (ty, value) {
        (TypeRef::Option(inner) | TypeRef::Nullable(inner) | TypeRef::Box(inner), value) => {
            strip(value, inner, types, at, diagnostics, depth + 1)
        }
        (TypeRef::Vec(item), Value::Array(items)) => {
            for (index, value) in items.iter_mut().enumerate() {
                strip(
                    value,
                    item,
                    types,
                    &pointer::join(at, &index.to_string()),
                    diagnostics,
                    depth + 1,
                );
            }
        }
        (TypeRef::Map(item), Value::Object(entries)) => {
            for (key, value) in entries.iter_mut() {
                strip(
                    value,
                    item,
                    types,
                    &pointer::join(at, key),
                    diagnostics,
                    depth + 1,
                );
            }
        }
        (TypeRef::Named(id), value) => {
            strip_named(value, &types[id.0], types, at, diagnostics, depth);
        }
        _ => {}
    }
}

/// [`strip`] for a value of the named type `def`: members a struct does not declare go.
fn strip_named(
    value: &mut Value,
    def: &TypeDef,
    types: &[TypeDef],
    at: &str,
    diagnostics: &mut Diagnostics,
    depth: usize,
) {
    match &def.kind {
        TypeKind::Alias(inner) => strip(value, inner, types, at, diagnostics, depth + 1),
        // The user's type decides what it reads.
        TypeKind::Extern { .. } => {}
        TypeKind::Struct(fields) => {
            let Value::Object(members) = value else {
                return;
            };
            members.retain(|key, _| {
                let declared = fields.iter().any(|f| &f.wire_name == key);
                if !declared {
                    diagnostics.warning(
                        pointer::join(at, key),
                        format!(
                            "the example has a member `{key}` that `{}` does not declare",
                            def.name
                        ),
                    );
                }
                declared
            });
            for field in fields {
                if let Some(member) = members.get_mut(&field.wire_name) {
                    let member_at = pointer::join(at, &field.wire_name);
                    strip(member, &field.ty, types, &member_at, diagnostics, depth + 1);
                }
            }
        }
        TypeKind::Tuple(tuple) => {
            let Value::Array(items) = value else {
                return;
            };
            // Each item as its place in the tuple types it.
            let types_of = tuple
                .items
                .iter()
                .map(Some)
                .chain(std::iter::repeat(tuple.rest.as_ref()));
            for (index, (item, ty)) in items.iter_mut().zip(types_of).enumerate() {
                let Some(ty) = ty else { break };
                let item_at = pointer::join(at, &index.to_string());
                strip(item, ty, types, &item_at, diagnostics, depth + 1);
            }
        }
        TypeKind::Enum(_) | TypeKind::Union(_) => {}
    }
}
