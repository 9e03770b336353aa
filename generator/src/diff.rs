//! What a spec change does to the generated Rust API: two [`Surface`]s compared item by item,
//! each change said to break code compiled against the old crate or not (and why), with the
//! spec nodes it comes from, and the release it needs — `kapso-codegen diff`.
//!
//! The rules are Rust's semver rules as cargo-semver-checks applies them, on the generated
//! code's own items:
//! - an item removed, or its signature changed (a field's type, a method's arguments or
//!   return type, an alias's target) breaks code that uses it — unless the old and new
//!   signatures name the same types under other names (aliases of identical types: which
//!   names are one type, before and after, is the `aliases` module's judgement);
//! - `#[non_exhaustive]` added breaks exhaustive matches and struct expressions;
//! - a field or variant added to a type that is not `#[non_exhaustive]` breaks them too;
//! - anything else added, and a deprecation, is a minor change;
//! - docs, a constant's value (the default server) and what an item is on the wire alone
//!   (an operation's path or method, a parameter's or field's wire name) change no code:
//!   patch-level notes.

mod aliases;
mod signature;

use crate::surface::{Item, Kind, Surface};
use std::collections::BTreeSet;
use std::fmt::Write;

/// The release a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// One change of the generated API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The item's path (`types::Thing::name`).
    pub item: String,
    pub kind: Kind,
    /// `added`, `removed`, `changed`, `deprecated`, `docs` or `wire`.
    pub change: &'static str,
    pub level: Bump,
    /// What happened, in a sentence.
    pub summary: String,
    /// Why it breaks code (breaking changes only).
    pub why: Option<String>,
    pub old: Option<Item>,
    pub new: Option<Item>,
}

impl Change {
    pub fn breaking(&self) -> bool {
        self.level == Bump::Major
    }
}

/// The changes between two surfaces, and the release they need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    /// The release the changes need: the highest level among them.
    pub fn bump(&self) -> Bump {
        self.changes
            .iter()
            .map(|change| change.level)
            .max()
            .unwrap_or(Bump::None)
    }

    pub fn breaking(&self) -> bool {
        self.bump() == Bump::Major
    }
}

/// Compares the surface of the old crate with the new one's.
pub fn compare(old: &Surface, new: &Surface) -> Report {
    let mut changes = Vec::new();
    let old_paths: BTreeSet<&str> = old.items.iter().map(|i| i.path.as_str()).collect();
    let new_paths: BTreeSet<&str> = new.items.iter().map(|i| i.path.as_str()).collect();
    // Members of a type that was removed or added as a whole are said with it.
    let removed_types: BTreeSet<&str> = old
        .items
        .iter()
        .filter(|i| is_type(i.kind) && !new_paths.contains(i.path.as_str()))
        .map(|i| i.path.as_str())
        .collect();
    let mut added_types: BTreeSet<&str> = new
        .items
        .iter()
        .filter(|i| is_type(i.kind) && !old_paths.contains(i.path.as_str()))
        .map(|i| i.path.as_str())
        .collect();
    // A type that became another kind of item (an alias that became an enum) is one change:
    // its members are said with it.
    let rekinded: Vec<&str> = new
        .items
        .iter()
        .filter(|i| is_type(i.kind) && old.get(&i.path).is_some_and(|o| o.kind != i.kind))
        .map(|i| i.path.as_str())
        .collect();
    let mut removed_types = removed_types;
    removed_types.extend(rekinded.iter().copied());
    added_types.extend(rekinded.iter().copied());
    let aliasing = aliases::Aliasing::new(old, new);
    for item in &old.items {
        match new.get(&item.path) {
            None if !belongs_to(item, &removed_types) => changes.push(removed(item)),
            None => {}
            Some(now) => changed(item, now, &aliasing, &mut changes),
        }
    }
    for item in &new.items {
        if old.get(&item.path).is_none() && !belongs_to(item, &added_types) {
            changes.push(added(item, old));
        }
    }
    changes.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| a.item.cmp(&b.item)));
    Report { changes }
}

pub(crate) fn is_type(kind: Kind) -> bool {
    matches!(kind, Kind::Struct | Kind::Enum | Kind::Alias)
}

/// Whether `item` is a member or trait implementation of one of `types`.
fn belongs_to(item: &Item, types: &BTreeSet<&str>) -> bool {
    is_member_of(item, |owner| types.contains(owner))
}

/// Whether `item` is a member or trait implementation of a type `owner` accepts.
fn is_member_of(item: &Item, owner: impl Fn(&str) -> bool) -> bool {
    if is_type(item.kind) {
        return false;
    }
    let owner_path = match item.kind {
        Kind::Impl => item.path.rsplit(" for ").next().unwrap_or_default(),
        _ => item.path.rsplit_once("::").map_or("", |(owner, _)| owner),
    };
    owner(owner_path)
}

/// The owner of a member (`types::Thing` of `types::Thing::name`).
fn owner(path: &str) -> &str {
    path.rsplit_once("::").map_or("", |(owner, _)| owner)
}

fn removed(item: &Item) -> Change {
    let why = match item.kind {
        Kind::Struct | Kind::Enum | Kind::Alias => "code that names it no longer compiles",
        Kind::Field => "code that reads or sets it no longer compiles",
        Kind::Variant => "code that matches or builds it no longer compiles",
        Kind::Method => "calls to it no longer compile",
        Kind::Const => "code that uses it no longer compiles",
        Kind::Impl => "code that relies on the trait no longer compiles",
    };
    Change {
        item: item.path.clone(),
        kind: item.kind,
        change: "removed",
        level: Bump::Major,
        summary: format!("{} `{}` removed", item.kind.noun(), item.path),
        why: Some(why.to_string()),
        old: Some(item.clone()),
        new: None,
    }
}

fn added(item: &Item, old: &Surface) -> Change {
    // A field or variant of a type other code may match exhaustively or build whole.
    let exhaustive_owner = matches!(item.kind, Kind::Field | Kind::Variant)
        && old
            .get(owner(&item.path))
            .is_some_and(|owner| !owner.non_exhaustive);
    let (level, why) = if exhaustive_owner {
        let why = match item.kind {
            Kind::Field => "struct expressions and exhaustive patterns of it no longer compile",
            _ => "exhaustive `match`es of it no longer compile",
        };
        (Bump::Major, Some(why.to_string()))
    } else {
        (Bump::Minor, None)
    };
    Change {
        item: item.path.clone(),
        kind: item.kind,
        change: "added",
        level,
        summary: format!("{} `{}` added", item.kind.noun(), item.path),
        why,
        old: None,
        new: Some(item.clone()),
    }
}

/// The changes of an item present in both surfaces.
fn changed(old: &Item, new: &Item, aliasing: &aliases::Aliasing, changes: &mut Vec<Change>) {
    let change = |change: &'static str, level: Bump, summary: String, why: Option<&str>| Change {
        item: new.path.clone(),
        kind: new.kind,
        change,
        level,
        summary,
        why: why.map(str::to_string),
        old: Some(old.clone()),
        new: Some(new.clone()),
    };
    let noun = new.kind.noun();
    let path = &new.path;
    if old.signature != new.signature {
        let judged = signature::judge(old, new, aliasing);
        changes.push(change(
            judged.change,
            judged.level,
            judged.summary,
            judged.why.as_deref(),
        ));
        if old.kind != new.kind {
            return;
        }
    }
    match (old.non_exhaustive, new.non_exhaustive) {
        (false, true) => changes.push(change(
            "changed",
            Bump::Major,
            format!("{noun} `{path}` is now `#[non_exhaustive]`"),
            Some("exhaustive `match`es, patterns and struct expressions of it no longer compile"),
        )),
        (true, false) => changes.push(change(
            "changed",
            Bump::Minor,
            format!("{noun} `{path}` is no longer `#[non_exhaustive]`"),
            None,
        )),
        _ => {}
    }
    match (old.deprecated, new.deprecated) {
        (false, true) => changes.push(change(
            "deprecated",
            Bump::Minor,
            format!("{noun} `{path}` deprecated"),
            None,
        )),
        (true, false) => changes.push(change(
            "deprecated",
            Bump::Patch,
            format!("{noun} `{path}` no longer deprecated"),
            None,
        )),
        _ => {}
    }
    if old.wire != new.wire {
        changes.push(change(
            "wire",
            Bump::Patch,
            format!("{noun} `{path}` on the wire: {} → {}", old.wire, new.wire),
            None,
        ));
    }
    if old.docs != new.docs {
        changes.push(change(
            "docs",
            Bump::Patch,
            format!("{noun} `{path}`: docs changed"),
            None,
        ));
    }
}

/// Why a changed signature (or kind of item) breaks code.
fn why_retyped(old: &Item, new: &Item) -> String {
    let why = match (old.kind, new.kind) {
        (Kind::Alias, b) if b != Kind::Alias => {
            return format!(
                "it was another name of `{}`: code that uses the two as one type (passes one \
                 where the other is expected) no longer compiles",
                value(&old.signature)
            );
        }
        (a, Kind::Alias) if a != Kind::Alias => {
            return format!(
                "it is now another name of `{}`: a trait implemented for both no longer \
                 compiles, nor code that relies on what the two do not share",
                value(&new.signature)
            );
        }
        (a, b) if a != b => "code that uses it as the old kind of item no longer compiles",
        (Kind::Field, _) => "code that reads or sets it with the old type no longer compiles",
        (Kind::Method, _) => "calls written for the old signature no longer compile",
        (Kind::Alias, _) => "code that relies on the old target type no longer compiles",
        (Kind::Variant, _) => "code that matches or builds it no longer compiles",
        _ => "code written against the old signature no longer compiles",
    };
    why.to_string()
}

/// The value of a `pub const … = value` signature (or the target of a `pub type … = …`).
pub(crate) fn value(signature: &str) -> &str {
    signature.split_once(" = ").map_or("", |(_, value)| value)
}

/// A crate version (`major.minor.patch`, a pre-release or build suffix kept out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl std::str::FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let core = text.trim().split(['-', '+']).next().unwrap_or_default();
        let parts: Vec<&str> = core.split('.').collect();
        let number = |part: &str| part.parse::<u64>().ok();
        match parts.as_slice() {
            [major, minor, patch] => match (number(major), number(minor), number(patch)) {
                (Some(major), Some(minor), Some(patch)) => Ok(Version {
                    major,
                    minor,
                    patch,
                }),
                _ => Err(format!("`{text}` is not a version (major.minor.patch)")),
            },
            _ => Err(format!("`{text}` is not a version (major.minor.patch)")),
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Version {
    /// The version a release of this level gets, by Cargo's rule: below 1.0 the minor
    /// number is the one that breaks (`0.3.1` → `0.4.0`) and additions bump the patch
    /// number.
    pub fn next(self, bump: Bump) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match (bump, major) {
            (Bump::None, _) => self,
            (Bump::Major, 0) => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            (Bump::Major, _) => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
            (Bump::Minor, 0) | (Bump::Patch, _) => Version {
                major,
                minor,
                patch: patch + 1,
            },
            (Bump::Minor, _) => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
        }
    }
}

/// A site of a change in the report: the signature and the spec node.
fn site(item: &Item) -> String {
    format!("`{}` (`{}`)", item.line(), item.pointer)
}

impl Report {
    /// The report as Markdown, grouped (breaking, added, other), ready for a changelog or a
    /// pull request; with the next version where the current one is known.
    pub fn markdown(&self, current: Option<Version>) -> String {
        let bump = self.bump();
        let mut out = format!("## API changes: {}\n", bump.as_str());
        // Breaking first, then what was added, then the rest.
        let group = |c: &Change| match (c.breaking(), c.change) {
            (true, _) => "Breaking",
            (false, "added") => "Added",
            _ => "Other",
        };
        for title in ["Breaking", "Added", "Other"] {
            let members: Vec<&Change> = self.changes.iter().filter(|c| group(c) == title).collect();
            if members.is_empty() {
                continue;
            }
            let _ = write!(out, "\n### {title}\n\n");
            for change in members {
                let _ = write!(out, "- {}", change.summary);
                if let Some(why) = &change.why {
                    let _ = write!(out, ": {why}");
                }
                out.push('.');
                match (&change.old, &change.new) {
                    (Some(old), Some(new)) if old.pointer != new.pointer => {
                        let _ = write!(out, " Was {}; now {}.", site(old), site(new));
                    }
                    (_, Some(item)) | (Some(item), None) => {
                        let _ = write!(out, " At `{}`.", item.pointer);
                    }
                    (None, None) => {}
                }
                out.push('\n');
            }
        }
        if self.changes.is_empty() {
            out.push_str("\nNo change to the generated API.\n");
        }
        let _ = write!(out, "\nRelease: **{}**", bump.as_str());
        if let Some(current) = current {
            let _ = write!(
                out,
                " — next version {} (from {current})",
                current.next(bump)
            );
        }
        out.push_str(".\n");
        out
    }

    /// The report for tools: `{"bump", "current_version", "next_version", "changes": [{…,
    /// "breaking"}]}`.
    pub fn json(&self, current: Option<Version>) -> serde_json::Value {
        let site = |item: &Option<Item>| {
            item.as_ref().map(|item| {
                serde_json::json!({
                    "signature": item.line(),
                    "pointer": item.pointer,
                })
            })
        };
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|change| {
                serde_json::json!({
                    "item": change.item,
                    "kind": change.kind.noun(),
                    "change": change.change,
                    "breaking": change.breaking(),
                    "level": change.level.as_str(),
                    "summary": change.summary,
                    "why": change.why,
                    "old": site(&change.old),
                    "new": site(&change.new),
                })
            })
            .collect();
        let bump = self.bump();
        serde_json::json!({
            "bump": bump.as_str(),
            "current_version": current.map(|v| v.to_string()),
            "next_version": current.map(|v| v.next(bump).to_string()),
            "changes": changes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::Extras;
    use crate::ir::from_yaml;

    fn report(old: &str, new: &str) -> Report {
        let surface = |spec: &str| {
            crate::surface::of(&from_yaml(spec), "kapso_codegen_runtime", Extras::default())
        };
        compare(&surface(old), &surface(new))
    }

    const BASE: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: state, in: query, schema: {type: string, enum: [on, off]}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string}
        size: {type: integer}
";

    #[test]
    fn the_same_spec_changes_nothing() {
        let report = report(BASE, BASE);
        assert_eq!(report.changes, []);
        assert_eq!(report.bump(), Bump::None);
    }

    #[test]
    fn additions_are_minor_and_removals_and_retypes_major() {
        let added = report(
            BASE,
            &BASE.replace(
                "size: {type: integer}",
                "size: {type: integer}\n        note: {type: string}",
            ),
        );
        assert_eq!(added.bump(), Bump::Minor, "{added:#?}");
        let items: Vec<&str> = added.changes.iter().map(|c| c.item.as_str()).collect();
        // A response type: the field, no setter (those come with the typed mocks only).
        assert_eq!(items, ["types::Thing::note"]);

        let removed = report(BASE, &BASE.replace("        size: {type: integer}\n", ""));
        assert_eq!(removed.bump(), Bump::Major);
        assert!(
            removed
                .changes
                .iter()
                .any(|c| c.item == "types::Thing::size" && c.breaking())
        );

        let retyped = report(
            BASE,
            &BASE.replace("size: {type: integer}", "size: {type: string}"),
        );
        let change = retyped
            .changes
            .iter()
            .find(|c| c.item == "types::Thing::size")
            .unwrap();
        assert!(change.breaking());
        assert!(
            change.summary.contains(
                "`pub types::Thing::size: Option<i64>` → `pub types::Thing::size: Option<String>`"
            ),
            "{}",
            change.summary
        );
    }

    #[test]
    fn a_new_enum_value_is_minor_and_servers_and_docs_are_patch_notes() {
        let value = report(
            BASE,
            &BASE.replace("enum: [on, off]", "enum: [on, off, broken]"),
        );
        assert_eq!(value.bump(), Bump::Minor, "{value:#?}");
        let server = report(
            BASE,
            &BASE.replace("https://api.example.com", "https://api2.example.com"),
        );
        assert_eq!(server.bump(), Bump::Patch, "{server:#?}");
        let docs = report(
            BASE,
            &BASE.replace(
                "size: {type: integer}",
                "size: {type: integer, description: How big.}",
            ),
        );
        assert_eq!(docs.bump(), Bump::Patch);
        assert_eq!(docs.changes[0].change, "docs");
    }

    const TWINS: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
components:
  schemas:
    Thing:
      type: object
      properties:
        owner: {type: object, properties: {login: {type: string}}}
        mode: {type: string, enum: [dark, light]}
        a: {$ref: '#/components/schemas/A'}
        b: {$ref: '#/components/schemas/B'}
    A: {type: object, properties: {x: {type: string}}}
    B: {type: object, properties: {x: {type: string}}}
";

    fn why(change: &Change) -> &str {
        change.why.as_deref().unwrap_or_default()
    }

    fn only_change<'r>(report: &'r Report, item: &str) -> &'r Change {
        // Docs and wire notes aside.
        let found: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.item == item && !matches!(c.change, "docs" | "wire"))
            .collect();
        assert_eq!(found.len(), 1, "{item}: {report:#?}");
        found[0]
    }

    #[test]
    fn a_struct_that_becomes_another_name_of_a_new_twin_breaks_nothing() {
        let twin = "    A: {type: object";
        let new = TWINS.replace(
            twin,
            &format!(
                "    Owner: {{type: object, properties: {{login: {{type: string}}}}}}
{twin}"
            ),
        );
        let report = report(TWINS, &new);
        let change = only_change(&report, "types::ThingOwner");
        assert_eq!((change.level, change.why.as_deref()), (Bump::Minor, None));
        assert!(
            change
                .summary
                .contains("`pub type types::ThingOwner = types::Owner`"),
            "{}",
            change.summary
        );
        assert_eq!(report.bump(), Bump::Minor, "{}", report.markdown(None));
    }

    #[test]
    fn an_enum_that_becomes_another_name_of_a_new_twin_breaks_use_of_its_variants() {
        let twin = "    A: {type: object";
        let new = TWINS.replace(
            twin,
            &format!(
                "    Mode: {{type: string, enum: [dark, light]}}
{twin}"
            ),
        );
        let report = report(TWINS, &new);
        let change = only_change(&report, "types::ThingMode");
        assert!(change.breaking());
        assert!(
            why(change).contains("`use types::ThingMode::Variant;` no longer compiles"),
            "{change:#?}"
        );
    }

    #[test]
    fn a_reference_replaced_by_the_same_schema_inline_breaks_nothing() {
        let inlined = TWINS.replace(
            "a: {$ref: '#/components/schemas/A'}",
            "a: {type: object, properties: {x: {type: string}}}",
        );
        let report = report(TWINS, &inlined);
        let change = only_change(&report, "types::Thing::a");
        assert_eq!(change.level, Bump::Minor, "{change:#?}");
        assert!(
            change
                .summary
                .contains("Option<types::A>` → `pub types::Thing::a: Option<types::ThingA>`"),
            "{}",
            change.summary
        );
        assert_eq!(report.bump(), Bump::Minor, "{}", report.markdown(None));
    }

    #[test]
    fn an_alias_of_a_scalar_replaced_by_the_scalar_breaks_nothing() {
        let spec = |count: &str| {
            format!(
                "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /pages:
    get:
      operationId: getPage
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page'}}}}}}}}
components:
  schemas:
    Page: {{type: object, required: [count], properties: {{count: {count}}}}}
    Count: {{type: integer, format: int32}}
"
            )
        };
        let old = spec("{$ref: '#/components/schemas/Count'}");
        let inlined = report(&old, &spec("{type: integer, format: int32}"));
        let change = only_change(&inlined, "types::Page::count");
        assert_eq!(change.level, Bump::Minor, "{change:#?}");
        let retyped = report(&old, &spec("{type: integer, format: int64}"));
        assert!(only_change(&retyped, "types::Page::count").breaking());
    }

    #[test]
    fn names_that_become_one_type_or_two_break_code() {
        let merged = report(
            TWINS
                .replace(
                    "properties: {x: {type: string}}}
",
                    "properties: {x: {type: integer}}}
",
                )
                .replacen(
                    "{x: {type: integer}}}
    B",
                    "{x: {type: string}}}
    B",
                    1,
                )
                .as_str(),
            TWINS,
        );
        let change = only_change(&merged, "types::B");
        assert!(change.breaking(), "{change:#?}");
        assert!(
            why(change).contains("now the same type as `types::A`"),
            "{change:#?}"
        );

        let split = report(
            TWINS,
            &TWINS.replace(
                "    B: {type: object, properties: {x: {type: string}}}",
                "    B: {type: object, properties: {x: {type: string}, y: {type: string}}}",
            ),
        );
        let change = only_change(&split, "types::B");
        assert!(change.breaking(), "{change:#?}");
        assert!(
            why(change).contains("no longer the same type as `types::A`"),
            "{change:#?}"
        );
    }

    #[test]
    fn a_path_parameter_renamed_is_a_note_and_two_swapped_break_calls() {
        let spec = |path: &str| {
            format!(
                "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  {path}:
    get:
      operationId: getPart
      parameters:
        - {{name: thing, in: path, required: true, schema: {{type: string}}}}
        - {{name: part, in: path, required: true, schema: {{type: string}}}}
      responses:
        '204': {{description: ok}}
"
            )
        };
        let old = spec("/things/{thing}/parts/{part}");
        let renamed = report(
            &old,
            &spec("/things/{thing_id}/parts/{part}").replace("name: thing,", "name: thing_id,"),
        );
        let change = only_change(&renamed, "Client::get_part");
        assert_eq!(change.level, Bump::Patch, "{change:#?}");
        assert!(
            change.summary.contains(
                "arguments `thing, part` → `thing_id, part` (renamed; calls compile unchanged)"
            ),
            "{}",
            change.summary
        );

        // Arguments follow the parameters' order in the spec.
        let thing = "        - {name: thing, in: path, required: true, schema: {type: string}}\n";
        let responses = "      responses:";
        let swapped = old
            .replace(thing, "")
            .replace(responses, &format!("{thing}{responses}"));
        let swapped = report(&old, &swapped);
        let change = only_change(&swapped, "Client::get_part");
        assert!(change.breaking(), "{change:#?}");
        assert!(why(change).contains("pass each value as another parameter"));
    }

    #[test]
    fn versions_follow_cargos_rule() {
        let v = |text: &str| text.parse::<Version>().unwrap();
        assert_eq!(v("0.3.1").next(Bump::Major), v("0.4.0"));
        assert_eq!(v("0.3.1").next(Bump::Minor), v("0.3.2"));
        assert_eq!(v("1.3.1").next(Bump::Major), v("2.0.0"));
        assert_eq!(v("1.3.1").next(Bump::Minor), v("1.4.0"));
        assert_eq!(v("1.3.1").next(Bump::Patch), v("1.3.2"));
        assert_eq!(v("1.3.1").next(Bump::None), v("1.3.1"));
        assert!("1.2".parse::<Version>().is_err());
    }

    #[test]
    fn the_markdown_groups_changes_and_names_the_release() {
        let report = report(
            BASE,
            &BASE.replace(
                "        size: {type: integer}\n",
                "        weight: {type: number}\n",
            ),
        );
        let text = report.markdown(Some("0.4.0".parse().unwrap()));
        assert!(
            text.starts_with("## API changes: major\n\n### Breaking\n"),
            "{text}"
        );
        assert!(text.contains("### Added"), "{text}");
        assert!(text.contains("field `types::Thing::size` removed: code that reads or sets it no longer compiles. At `#/components/schemas/Thing/properties/size`."), "{text}");
        assert!(
            text.ends_with("Release: **major** — next version 0.5.0 (from 0.4.0).\n"),
            "{text}"
        );
        let json = report.json(None);
        assert_eq!(json["bump"], "major");
        assert_eq!(json["changes"][0]["breaking"], true);
    }
}
