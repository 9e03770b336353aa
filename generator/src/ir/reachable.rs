//! Which types the operations and webhooks use, directly or through other types — for
//! generating only those (a spec's `components` often hold schemas nothing refers to) — and
//! which types requests send.

use super::{Api, Operation, ResponseBody, TypeDef, TypeRef};

fn visit(ty: &TypeRef, used: &mut [bool], stack: &mut Vec<usize>) {
    if let Some(id) = ty.named().filter(|id| !used[id.0]) {
        used[id.0] = true;
        stack.push(id.0);
    }
}

/// `used[i]` tells whether `api.types[i]` is reachable from an operation or a webhook.
pub fn used_types(api: &Api) -> Vec<bool> {
    let mut roots: Vec<&TypeRef> = api.webhook_payloads.iter().collect();
    for op in &api.operations {
        roots.extend(op.params.iter().map(|p| &p.ty));
        roots.extend(op.body.iter().map(|b| &b.ty));
        roots.extend(response_roots(op));
        roots.extend(op.success.headers.iter().map(|h| &h.ty));
    }
    reachable(&api.types, roots)
}

/// `read[i]` tells whether `types[i]` is part of a response body (success or error).
pub fn response_types(types: &[TypeDef], operations: &[Operation]) -> Vec<bool> {
    reachable(types, operations.iter().flat_map(response_roots))
}

/// The types of an operation's response bodies: success bodies, events, error bodies.
fn response_roots(op: &Operation) -> impl Iterator<Item = &TypeRef> {
    let success = std::iter::once(&op.success.body)
        .chain(op.success.variants.iter().map(|v| &v.body))
        .filter_map(|body| match body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        });
    success
        .chain(op.success.events.iter())
        .chain(op.errors.iter().filter_map(|e| e.body.as_ref()))
}

/// `sent[i]` tells whether `types[i]` is part of a request body.
pub fn request_types(types: &[TypeDef], operations: &[Operation]) -> Vec<bool> {
    reachable(
        types,
        operations
            .iter()
            .filter_map(|op| op.body.as_ref().map(|b| &b.ty)),
    )
}

/// `sent[i]` tells whether values of `api.types[i]` are built by callers for a request: part
/// of a request body or of a parameter.
pub fn sent_types(api: &Api) -> Vec<bool> {
    let roots = api.operations.iter().flat_map(|op| {
        op.body
            .iter()
            .map(|b| &b.ty)
            .chain(op.params.iter().map(|p| &p.ty))
    });
    reachable(&api.types, roots)
}

fn reachable<'a>(types: &[TypeDef], roots: impl IntoIterator<Item = &'a TypeRef>) -> Vec<bool> {
    let mut used = vec![false; types.len()];
    let mut stack = Vec::new();
    for root in roots {
        visit(root, &mut used, &mut stack);
    }
    while let Some(id) = stack.pop() {
        for member in types[id].kind.members() {
            visit(member, &mut used, &mut stack);
        }
    }
    used
}
