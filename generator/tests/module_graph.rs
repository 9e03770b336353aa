//! The generator's and the runtime's modules depend on one another one way: no module reaches
//! (through `use`, or a path such as `super::x::f`) a module that reaches it back.
//!
//! A module's `mod.rs` declaring, re-exporting and calling its own submodules is its job and
//! does not count; everything else does, including a submodule using an item of its parent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`emit::operations`) → source.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).expect("a source folder");
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                found.insert(module_path(src, &path), text);
            }
        }
    }
    found
}

fn module_path(src: &Path, file: &Path) -> String {
    let relative: PathBuf = file
        .strip_prefix(src)
        .expect("under src")
        .with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|last| last == "mod" || last == "lib" || last == "main")
    {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without comments, string literals and its `#[cfg(test)] mod tests`.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .map(|line| {
            // Paths inside string literals (generated code in `quote!`-free strings) are not uses.
            let mut out = String::new();
            let mut in_string = false;
            for c in line.chars() {
                if c == '"' {
                    in_string = !in_string;
                } else if !in_string {
                    out.push(c);
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `module`'s code refers to.
fn references(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let parent = module.rsplit_once("::").map_or("", |(parent, _)| parent);
    let mut found = BTreeSet::new();
    let code = code(text);
    for (start, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        // `crate::` inside a longer identifier (`kapso_codegen_runtime::`) is no path.
        let before = code[..start].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[start..];
        let (base, rest) = match rest.strip_prefix("crate::") {
            Some(rest) => (String::new(), rest),
            None => (parent.to_string(), &rest["super::".len()..]),
        };
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            group.split('}').next().unwrap_or("").split(',').collect()
        } else {
            vec![rest]
        };
        for name in names {
            let segments = path_segments(name.trim_start());
            // The longest prefix that names a module; else an item of `base` itself.
            let mut target = base.clone();
            for segment in segments {
                let candidate = if target.is_empty() {
                    segment.to_string()
                } else {
                    format!("{target}::{segment}")
                };
                if known.contains(&candidate) {
                    target = candidate;
                } else {
                    break;
                }
            }
            let own_child = target.starts_with(&format!("{module}::")) || module.is_empty();
            if !target.is_empty() && target != module && !own_child {
                found.insert(target);
            }
        }
    }
    found
}

/// The identifiers of the path at the start of `text` (`a::b::C` of `a::b::C::new(…)`).
fn path_segments(text: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        segments.push(&rest[..end]);
        match rest[end..].strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    segments
}

/// A cycle in the graph, if any (a path that returns to its start).
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules(src);
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(module, text)| (module.clone(), references(module, text, &known)))
        .collect()
}

fn assert_one_way(crate_dir: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(crate_dir);
    let graph = graph(&src);
    assert!(graph.len() > 5, "{graph:?}");
    if let Some(cycle) = cycle(&graph) {
        panic!(
            "{crate_dir}: modules refer to each other in a circle: {}",
            cycle.join(" → ")
        );
    }
}

#[test]
fn generator_modules_depend_one_way() {
    assert_one_way("src");
}

#[test]
fn runtime_modules_depend_one_way() {
    assert_one_way("runtime/src");
}

#[test]
fn the_checker_sees_a_circle() {
    let known: BTreeSet<String> = ["a", "b", "c"].map(String::from).into();
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", "use crate::b::f;"),
        ("b", "fn g() { super::c::h() }"),
        ("c", "use crate::{a::x, b};"),
    ]
    .into_iter()
    .map(|(m, text)| (m.to_string(), references(m, text, &known)))
    .collect();
    assert_eq!(cycle(&graph).expect("a cycle"), ["a", "b", "c", "a"]);
}
