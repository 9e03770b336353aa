//! What a changed signature does to code compiled against the old one: a new type (breaking),
//! another name of the same type (not), an argument renamed (not: Rust passes arguments by
//! position) or arguments reordered (breaking: calls compile but pass each value as another
//! parameter).

use super::Bump;
use super::aliases::Aliasing;
use crate::surface::{Item, Kind};

/// A judged signature change.
pub(super) struct Judgement {
    pub change: &'static str,
    pub level: Bump,
    pub summary: String,
    pub why: Option<String>,
}

/// How code compiled against `old` fares with `new`, where their signatures differ.
pub(super) fn judge(old: &Item, new: &Item, aliasing: &Aliasing) -> Judgement {
    let (noun, path) = (new.kind.noun(), &new.path);
    let judgement = |change, level, summary, why: Option<String>| Judgement {
        change,
        level,
        summary,
        why,
    };
    let constant_value = old.kind == Kind::Const
        && new.kind == Kind::Const
        && old.signature.split(" = ").next() == new.signature.split(" = ").next();
    if constant_value {
        let summary = format!(
            "{noun} `{path}`: `{}` → `{}`",
            super::value(&old.signature),
            super::value(&new.signature)
        );
        return judgement("wire", Bump::Patch, summary, None);
    }
    if let Some((level, why)) = aliasing.judge(old, new) {
        return judgement("changed", level, retyped_summary(old, new), why);
    }
    if old.kind == new.kind {
        let (old_names, old_shape) = arguments(&old.signature);
        let (new_names, new_shape) = arguments(&new.signature);
        if aliasing.same_types(&old_shape, &new_shape) {
            if old_names == new_names {
                let summary = format!(
                    "{noun} `{path}` uses other names of the same types: `{}` → `{}`",
                    old.signature, new.signature
                );
                return judgement("changed", Bump::Minor, summary, None);
            }
            let mut old_sorted = old_names.clone();
            let mut new_sorted = new_names.clone();
            old_sorted.sort();
            new_sorted.sort();
            let summary = format!(
                "{noun} `{path}`: arguments `{}` → `{}`",
                old_names.join(", "),
                new_names.join(", ")
            );
            if old_sorted == new_sorted {
                let why = "calls still compile, but pass each value as another parameter";
                return judgement("changed", Bump::Major, summary, Some(why.to_string()));
            }
            let summary = format!("{summary} (renamed; calls compile unchanged)");
            return judgement("changed", Bump::Patch, summary, None);
        }
    }
    let why = super::why_retyped(old, new);
    judgement("changed", Bump::Major, retyped_summary(old, new), Some(why))
}

/// What a changed signature (or kind of item) says, old and new.
pub(super) fn retyped_summary(old: &Item, new: &Item) -> String {
    let (noun, path) = (new.kind.noun(), &new.path);
    if old.kind == new.kind {
        return format!(
            "{noun} `{path}` changed: `{}` → `{}`",
            old.signature, new.signature
        );
    }
    format!(
        "`{path}` is now {} {noun}, was {} {}: `{}` → `{}`",
        article(noun),
        article(old.kind.noun()),
        old.kind.noun(),
        old.line(),
        new.line()
    )
}

/// `a` or `an` before a noun.
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A function signature's argument names, and the signature without them
/// (`pub fn f(&self, id: impl Into<String>) -> T` gives `["id"]` and
/// `pub fn f(&self, impl Into<String>) -> T`); other signatures as they are.
fn arguments(signature: &str) -> (Vec<&str>, String) {
    let Some(open) = signature
        .find(" fn ")
        .and_then(|at| signature[at..].find('(').map(|open| at + open))
    else {
        return (Vec::new(), signature.to_string());
    };
    let mut depth = 0usize;
    let mut close = None;
    let mut starts = vec![open + 1];
    for (at, c) in signature[open..].char_indices().map(|(i, c)| (open + i, c)) {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' if depth > 0 => {
                // `->` is no closing bracket.
                if c == '>' && signature[..at].ends_with('-') {
                    continue;
                }
                depth -= 1;
                if depth == 0 {
                    close = Some(at);
                    break;
                }
            }
            ',' if depth == 1 => starts.push(at + 1),
            _ => {}
        }
    }
    let Some(close) = close else {
        return (Vec::new(), signature.to_string());
    };
    let mut names = Vec::new();
    let mut shapes = Vec::new();
    let ends = starts[1..].iter().map(|start| start - 1).chain([close]);
    for (start, end) in starts.iter().zip(ends) {
        let argument = signature[*start..end].trim();
        match argument.split_once(": ") {
            Some((name, ty)) if !name.contains(['<', '(', '&']) => {
                names.push(name);
                shapes.push(ty);
            }
            _ => shapes.push(argument),
        }
    }
    let shape = format!(
        "{}{}{}",
        &signature[..=open],
        shapes.join(", "),
        &signature[close..]
    );
    (names, shape)
}

#[cfg(test)]
mod tests {
    use super::arguments;

    #[test]
    fn argument_names_come_out_of_the_signature() {
        let (names, shape) = arguments(
            "pub fn Client::f(&self, id: impl Into<String>, map: HashMap<String, Vec<(i64, u8)>>) -> operations::F",
        );
        assert_eq!(names, ["id", "map"]);
        assert_eq!(
            shape,
            "pub fn Client::f(&self, impl Into<String>, HashMap<String, Vec<(i64, u8)>>) -> operations::F"
        );
        let field = "pub types::Thing::name: String";
        assert_eq!(arguments(field), (Vec::new(), field.to_string()));
        assert_eq!(
            arguments("pub fn types::T::new() -> Self"),
            (Vec::new(), "pub fn types::T::new() -> Self".to_string())
        );
    }
}
