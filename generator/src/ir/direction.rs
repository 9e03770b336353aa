//! Fields fitted to the direction their type travels in.
//!
//! - Types that request bodies send: an optional, nullable property becomes `Nullable<T>`
//!   (absent, null or set, so that a PATCH can leave a field alone, clear it, or set it); a
//!   required `readOnly` property becomes optional (the server sets it; requests leave it out).
//! - Types that responses carry: a required `writeOnly` property becomes optional (the server
//!   never sends it back).
//!
//! Types only read from responses keep `Option<T>` for nullable fields: absent and null read
//! the same.

use super::reachable::{request_types, response_types};
use super::{Field, Operation, TypeDef, TypeKind, TypeRef};

pub fn fit_fields_to_direction(types: &mut [TypeDef], operations: &[Operation]) {
    let sent = request_types(types, operations);
    let read = response_types(types, operations);
    for (i, def) in types.iter_mut().enumerate() {
        let TypeKind::Struct(fields) = &mut def.kind else {
            continue;
        };
        for field in fields.iter_mut() {
            if sent[i] && field.required && field.read_only {
                make_optional(field, "Set by the server: leave it `None` in requests.");
            }
            if read[i] && field.required && field.write_only {
                make_optional(field, "Sent in requests; responses leave it out.");
            }
            if sent[i] && field.nullable && !field.required && !field.read_only {
                if let TypeRef::Option(inner) = &field.ty {
                    field.ty = TypeRef::Nullable(inner.clone());
                }
            }
        }
    }
}

fn make_optional(field: &mut Field, note: &str) {
    field.required = false;
    field.doc = Some(match field.doc.take() {
        Some(doc) => format!("{}\n\n{note}", doc.trim_end()),
        None => note.to_string(),
    });
    field.ty = std::mem::replace(&mut field.ty, TypeRef::Json).optional();
}
