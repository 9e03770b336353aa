//! Recursive types: a struct or union that contains itself by value (directly or through
//! others) has infinite size. Members that close such a cycle get a `Box`. Also measures the
//! deepest chain of types holding one another, which rustc walks for auto traits and drop
//! check within its recursion limit.

use super::{TypeDef, TypeKind, TypeRef};

/// The types a type holds by value (through `Option`, but not through `Vec`, maps or `Box`).
fn by_value(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Option(inner) => by_value(inner, out),
        _ => {}
    }
}

/// The edges of the type graph: for each type, what `edges` finds in its members.
fn graph<E>(types: &[TypeDef], edges: fn(&TypeRef, &mut Vec<E>)) -> Vec<Vec<E>> {
    types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            for ty in def.kind.members() {
                edges(ty, &mut out);
            }
            out
        })
        .collect()
}

/// Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the
/// stack); returns the component index of every type.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
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
    let component = components(&graph(types, by_value));
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
            TypeKind::Tuple(tuple) => tuple
                .items
                .iter_mut()
                .chain(&mut tuple.rest)
                .for_each(|ty| box_within(ty, &component, own)),
            // An alias cannot be boxed away (`type A = B; type B = A;`): read it as JSON.
            TypeKind::Alias(ty) => {
                let mut targets = Vec::new();
                by_value(ty, &mut targets);
                if targets.iter().any(|t| component[*t] == own) {
                    *ty = TypeRef::Json;
                }
            }
            TypeKind::Enum(_) | TypeKind::Extern { .. } => {}
        }
    }
}

/// The steps rustc takes from a type to one it refers to when it evaluates an auto trait or
/// drop check, by how it is held (a `Box` is `Unique`, `NonNull`, a pointer…).
fn steps(ty: &TypeRef, cost: usize, out: &mut Vec<(usize, usize)>) {
    match ty {
        TypeRef::Named(id) => out.push((id.0, cost + 1)),
        TypeRef::Option(inner) => steps(inner, cost + 1, out),
        TypeRef::Nullable(inner) => steps(inner, cost + 2, out),
        TypeRef::Vec(inner) => steps(inner, cost + 3, out),
        TypeRef::Box(inner) => steps(inner, cost + 5, out),
        TypeRef::Map(inner) => steps(inner, cost + 6, out),
        _ => {}
    }
}

/// The deepest chain of types holding one another, as rustc walks it when it evaluates an
/// auto trait or drop check (depth first, members in order, a type visited once): its
/// length in rustc's steps and its types, from the first.
pub fn deepest_chain(types: &[TypeDef]) -> (usize, Vec<usize>) {
    let edges = graph(types, |ty, out| steps(ty, 0, out));
    let mut visited = vec![false; types.len()];
    let mut deepest = (0, Vec::new());
    for root in 0..types.len() {
        if visited[root] {
            continue;
        }
        visited[root] = true;
        // (type, next edge, depth in steps)
        let mut path: Vec<(usize, usize, usize)> = vec![(root, 0, 0)];
        while let Some(&mut (node, ref mut edge, depth)) = path.last_mut() {
            let Some(&(next, cost)) = edges[node].get(*edge) else {
                path.pop();
                continue;
            };
            *edge += 1;
            if visited[next] {
                continue;
            }
            visited[next] = true;
            path.push((next, 0, depth + cost));
            if depth + cost > deepest.0 {
                deepest = (depth + cost, path.iter().map(|&(t, _, _)| t).collect());
            }
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use crate::{Options, generate_from_str};

    /// A spec whose `size` schemas refer to one another in a ring (so each holds the next in
    /// an `Option<Box<_>>`).
    fn ring(size: usize) -> String {
        let mut spec = String::from(
            "openapi: 3.1.0\ninfo: {title: Ring, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for i in 0..size {
            let next = (i + 1) % size;
            spec.push_str(&format!(
                "    T{i}:\n      type: object\n      properties:\n        \
                 next: {{$ref: '#/components/schemas/T{next}'}}\n"
            ));
        }
        spec
    }

    fn warnings(size: usize) -> String {
        let generated = generate_from_str("ring.yaml", &ring(size), &Options::default())
            .expect("a ring of types generates");
        generated.warnings.to_string()
    }

    #[test]
    fn types_holding_one_another_deeply_ask_for_a_higher_recursion_limit() {
        // 25 types in an `Option<Box<_>>` ring overflow rustdoc's default limit (measured);
        // 50 need 512 (256 is not enough), 100 need 1024.
        let ring_25 = warnings(25);
        assert!(
            ring_25.contains(
                "#/components/schemas/T0: types hold one another 25 deep (`T0`, `T1`, `T2`, …)"
            ) && ring_25.contains("`#![recursion_limit = \"256\"]`"),
            "{ring_25}"
        );
        assert!(warnings(50).contains("`#![recursion_limit = \"512\"]`"));
        assert!(warnings(100).contains("`#![recursion_limit = \"1024\"]`"));
        assert!(!warnings(5).contains("recursion_limit"));
    }
}
