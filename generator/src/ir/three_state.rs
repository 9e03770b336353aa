//! Absent, null or set: an optional, nullable property of a type that request bodies send
//! becomes `Nullable<T>`, so that a PATCH can leave a field alone, clear it, or set it.
//! Types only read from responses keep `Option<T>` (absent and null read the same).

use super::reachable::request_types;
use super::{Operation, TypeDef, TypeKind, TypeRef};

pub fn three_state_request_fields(types: &mut [TypeDef], operations: &[Operation]) {
    let sent = request_types(types, operations);
    for (def, sent) in types.iter_mut().zip(sent) {
        let TypeKind::Struct(fields) = &mut def.kind else {
            continue;
        };
        if !sent {
            continue;
        }
        for field in fields.iter_mut().filter(|f| f.nullable && !f.required) {
            if let TypeRef::Option(inner) = &field.ty {
                field.ty = TypeRef::Nullable(inner.clone());
            }
        }
    }
}
