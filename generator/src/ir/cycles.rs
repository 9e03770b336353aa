//! Recursive types: a struct or union that contains itself by value (directly or through
//! others) has infinite size. Members that close such a cycle get a `Box`.

use super::{TypeDef, TypeKind, TypeRef};

/// The types a type holds by value (through `Option`, but not through `Vec`, maps or `Box`).
fn by_value(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Option(inner) => by_value(inner, out),
        _ => {}
    }
}

fn members(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the
/// stack); returns the component index of every type.
fn components(types: &[TypeDef]) -> Vec<usize> {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            for ty in members(&def.kind) {
                by_value(ty, &mut out);
            }
            out
        })
        .collect();
    let n = types.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((node, edge)) = work.pop() {
            if edge == 0 {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(edge) {
                work.push((node, edge + 1));
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    component
}

fn box_within(ty: &mut TypeRef, component: &[usize], own: usize) {
    match ty {
        TypeRef::Named(id) if component[id.0] == own => {
            *ty = TypeRef::Box(Box::new(ty.clone()));
        }
        TypeRef::Option(inner) => box_within(inner, component, own),
        _ => {}
    }
}

/// Boxes every by-value member whose type is in its owner's cycle.
pub fn break_cycles(types: &mut [TypeDef]) {
    let component = components(types);
    for (owner, def) in types.iter_mut().enumerate() {
        let own = component[owner];
        match &mut def.kind {
            TypeKind::Struct(fields) => fields
                .iter_mut()
                .for_each(|f| box_within(&mut f.ty, &component, own)),
            TypeKind::Union(union) => union
                .variants
                .iter_mut()
                .for_each(|v| box_within(&mut v.ty, &component, own)),
            // An alias cannot be boxed away (`type A = B; type B = A;`): read it as JSON.
            TypeKind::Alias(ty) => {
                let mut targets = Vec::new();
                by_value(ty, &mut targets);
                if targets.iter().any(|t| component[*t] == own) {
                    *ty = TypeRef::Json;
                }
            }
            TypeKind::Enum(_) => {}
        }
    }
}
