//! Types that are one type under two names. The generator compiles identical types once and
//! makes the other names `pub type` aliases of it, so a change elsewhere in the spec can turn
//! a type into an alias of a new twin, an alias back into a type of its own, or point an alias
//! at another name. Whether that breaks code depends on which names are one type before and
//! after, not on which of them holds the definition:
//! - names that were one type and are two now (split): code that passes one where the other
//!   is expected no longer compiles;
//! - names that were two types and are one now (merged): a trait implemented for both, or a
//!   `From` impl for each, no longer compiles;
//! - an enum that became an alias: `use types::Mode::Dark;` no longer compiles (a type alias
//!   is not a module), though every other use of the name does;
//! - otherwise (a struct that became another name of a new identical twin, an alias pointing
//!   at the new name of the same type): code compiles unchanged, as long as every member it
//!   had is still there.

use super::{Bump, is_member_of, is_type, value};
use crate::surface::{Item, Kind, Surface};
use std::collections::{BTreeSet, HashMap};

/// The two surfaces, and which of the type names both have are one type in each.
pub(super) struct Aliasing<'a> {
    old: &'a Surface,
    new: &'a Surface,
    /// The kept names (type paths of both surfaces) by the definition they name, old and new.
    before: Classes<'a>,
    after: Classes<'a>,
}

/// Names grouped by the struct or enum they name in one surface.
type Classes<'a> = HashMap<&'a str, BTreeSet<&'a str>>;

impl<'a> Aliasing<'a> {
    pub(super) fn new(old: &'a Surface, new: &'a Surface) -> Self {
        let kept: Vec<&'a str> = old
            .items
            .iter()
            .filter(|item| is_type(item.kind))
            .filter(|item| new.get(&item.path).is_some_and(|now| is_type(now.kind)))
            .map(|item| item.path.as_str())
            .collect();
        let classes = |surface: &'a Surface| {
            let mut classes = Classes::new();
            for &name in &kept {
                let own = resolve(surface, name);
                classes.entry(own).or_default().insert(name);
            }
            classes
        };
        Aliasing {
            old,
            new,
            before: classes(old),
            after: classes(new),
        }
    }

    /// The release and the reason for a type whose aliasing changed (it became an alias of
    /// another type, stopped being one, or points at another name); `None` for any other
    /// change, such as an alias of `String` that became one of `i64`.
    pub(super) fn judge(&self, old: &Item, new: &Item) -> Option<(Bump, Option<String>)> {
        let aliased = old.kind == Kind::Alias || new.kind == Kind::Alias;
        if !aliased
            || !is_type(old.kind)
            || !is_type(new.kind)
            || !names_a_type(self.old, old)
            || !names_a_type(self.new, new)
        {
            return None;
        }
        let before = class(&self.before, self.old, &old.path);
        let after = class(&self.after, self.new, &new.path);
        if let Some(merged) = listed(after.difference(before)) {
            return Some((
                Bump::Major,
                Some(format!(
                    "it is now the same type as {merged}: a trait implemented for both, or a \
                     `From` impl for each, no longer compiles"
                )),
            ));
        }
        if let Some(split) = listed(before.difference(after)) {
            return Some((
                Bump::Major,
                Some(format!(
                    "it is no longer the same type as {split}: code that passes one where the \
                     other is expected no longer compiles"
                )),
            ));
        }
        if old.kind == Kind::Enum && new.kind == Kind::Alias {
            return Some((
                Bump::Major,
                Some(format!(
                    "it is the same type as before, but a type alias is not a module: `use \
                     {}::Variant;` no longer compiles (other uses of the name do)",
                    old.path
                )),
            ));
        }
        if let Some(lost) = self.lost_member(&old.path) {
            return Some((
                Bump::Major,
                Some(format!(
                    "it is the same type as before, but `{lost}` is gone: code that uses it no \
                     longer compiles"
                )),
            ));
        }
        Some((Bump::Minor, None))
    }

    /// Whether two signatures say the same in the new crate: they differ only in names of
    /// one type (`state: types::State` and `state: types::ThingState` where the new crate
    /// has `pub type ThingState = State;`, `types::PageCount` and `i32` where it has
    /// `pub type PageCount = i32;`).
    pub(super) fn same_types(&self, old: &str, new: &str) -> bool {
        canonical(self.new, old) == canonical(self.new, new)
    }

    /// A member (field, method, trait implementation) of the type `path` named in the old
    /// crate that the type it names in the new crate lacks, or has with another signature.
    fn lost_member(&self, path: &str) -> Option<String> {
        let was = resolve(self.old, path);
        let is = resolve(self.new, path);
        self.old
            .items
            .iter()
            .filter(|item| !is_type(item.kind) && is_member_of(item, |owner| owner == was))
            .find(|item| {
                let signature = rename(&item.signature, was, is);
                self.new
                    .get(&rename(&item.path, was, is))
                    .is_none_or(|now| now.signature != signature)
            })
            .map(|item| rename(&item.path, was, path))
    }
}

/// The kept names that are one type with `path` in `surface`.
fn class<'c, 'a>(classes: &'c Classes<'a>, surface: &Surface, path: &str) -> &'c BTreeSet<&'a str> {
    static NONE: BTreeSet<&str> = BTreeSet::new();
    classes.get(resolve(surface, path)).unwrap_or(&NONE)
}

/// Whether an item is a struct or enum, or an alias of one in the same surface (not of
/// `String` or `Vec<…>`).
fn names_a_type(surface: &Surface, item: &Item) -> bool {
    item.kind != Kind::Alias || resolve(surface, &item.path) != item.path
}

/// The struct or enum a type path names, through aliases: itself where it is none.
fn resolve<'s>(surface: &'s Surface, path: &'s str) -> &'s str {
    let mut path = path;
    // Aliases point at definitions, not at other aliases; the bound only guards a cycle.
    for _ in 0..8 {
        match surface.get(path) {
            Some(item) if item.kind == Kind::Alias => {
                let target = value(&item.signature);
                if surface
                    .get(target)
                    .is_some_and(|target| is_type(target.kind))
                {
                    path = target;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    path
}

/// `text` with every type path that is an alias in `surface` written as the type it names
/// (`types::PageCount` as `i32`, `types::Tags` as `Vec<types::Tag>`).
fn canonical(surface: &Surface, text: &str) -> String {
    canonical_within(surface, text, 8)
}

fn canonical_within(surface: &Surface, text: &str, depth: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_path_char) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let end = run.find(|c: char| !is_path_char(c)).unwrap_or(run.len());
        match surface.get(&run[..end]) {
            // The bound only guards a cycle: aliases name definitions.
            Some(item) if item.kind == Kind::Alias && depth > 0 => {
                out.push_str(&canonical_within(
                    surface,
                    value(&item.signature),
                    depth - 1,
                ));
            }
            _ => out.push_str(&run[..end]),
        }
        rest = &run[end..];
    }
    out.push_str(rest);
    out
}

fn is_path_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == ':'
}

/// `text` with the type path `from` written `to` (whole paths only: `types::Thing` is not
/// in `types::ThingList`).
fn rename(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        let whole = !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        out.push_str(if whole { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Names as a report lists them (`` `types::A` and `types::B` ``), or `None` for none.
fn listed<'n>(names: impl Iterator<Item = &'n &'n str>) -> Option<String> {
    let names: Vec<String> = names.map(|name| format!("`{name}`")).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::rename;

    #[test]
    fn renames_whole_paths_only() {
        assert_eq!(
            rename(
                "pub fn types::Thing::new(list: types::ThingList) -> types::Thing",
                "types::Thing",
                "types::Item"
            ),
            "pub fn types::Item::new(list: types::ThingList) -> types::Item"
        );
    }
}
