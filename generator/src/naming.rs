//! Naming: the one place where spec names become Rust identifiers.
//!
//! Type and variant names are UpperCamelCase, fields, parameters and methods snake_case.
//! Keywords get a trailing underscore, names starting with a digit a letter prefix, names
//! with no usable character a fallback; [`Scope`] makes names unique within one namespace
//! (`fooBar`, `foo_bar` → `foo_bar`, `foo_bar_2`) in the order the spec lists them.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Rust keywords (all editions) and reserved words, which need renaming as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Prelude names that generated code uses unqualified; a type with one of these names would
/// shadow it.
const PRELUDE_TYPES: &[&str] = &[
    // The `types` module imports serde's traits by these names.
    "Serialize",
    "Deserialize",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "PartialEq",
    "Eq",
];

/// Methods and associated functions the generated `Client` defines itself (or gets from the
/// traits it implements and derives): an operation's method must not take one of these names.
pub const CLIENT_MEMBERS: &[&str] = &[
    "new",
    "builder",
    "runtime",
    // The mock server's own (it has a method per operation too, of the client's name).
    "start",
    "uri",
    "client",
    "client_builder",
    "server_url",
    "from",
    "into",
    "clone",
    "clone_from",
    "fmt",
];

/// Members of every generated request builder (its fields and methods) and the locals its
/// methods bind: a parameter's setter must not take one of these names.
pub const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "header",
    "timeout",
    "send",
    "new",
    "body",
    "query",
    "request",
    "response",
    "stream",
    "events",
    "download",
    "next_page_url",
    // The typed mock's matcher's own (it has a method per parameter too).
    "then",
    "body_matching",
    "request_url",
    "clone",
    "clone_from",
    "fmt",
];

/// Keeps the characters an identifier may hold, so heck sees word boundaries only; accented
/// Latin letters become their base letter (`café` → `cafe`).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match fold_to_ascii(c) {
            Some(folded) => out.push_str(folded),
            None if c.is_alphanumeric() => out.push(c),
            None => out.push(' '),
        }
    }
    out
}

/// The ASCII base of common accented Latin letters.
fn fold_to_ascii(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("ÀÁÂÃÄÅĀĂĄ", "A"),
        ("çćĉċč", "c"),
        ("ÇĆĈĊČ", "C"),
        ("ďđ", "d"),
        ("ĎĐ", "D"),
        ("èéêëēĕėęě", "e"),
        ("ÈÉÊËĒĔĖĘĚ", "E"),
        ("ĝğġģ", "g"),
        ("ĜĞĠĢ", "G"),
        ("ìíîïĩīĭįı", "i"),
        ("ÌÍÎÏĨĪĬĮİ", "I"),
        ("ñńņňŉ", "n"),
        ("ÑŃŅŇ", "N"),
        ("òóôõöøōŏő", "o"),
        ("ÒÓÔÕÖØŌŎŐ", "O"),
        ("ŕŗř", "r"),
        ("ŔŖŘ", "R"),
        ("śŝşš", "s"),
        ("ŚŜŞŠ", "S"),
        ("ţťŧ", "t"),
        ("ŢŤŦ", "T"),
        ("ùúûüũūŭůűų", "u"),
        ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
        ("ýÿŷ", "y"),
        ("ÝŸŶ", "Y"),
        ("źżž", "z"),
        ("ŹŻŽ", "Z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("Æ", "AE"),
        ("œ", "oe"),
        ("Œ", "OE"),
    ];
    if c.is_ascii() {
        return None;
    }
    TABLE
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map(|(_, base)| *base)
}

fn ascii_only(ident: String, fallback: &str) -> String {
    // Unicode letters are valid identifiers, but non-ASCII names are hard to type; keep
    // ASCII where the name has any, else the fallback.
    let ascii: String = ident
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let ascii = ascii.trim_matches('_');
    if ascii.is_empty() {
        fallback.to_string()
    } else {
        ascii.to_string()
    }
}

/// `inbox_embed-status` → `InboxEmbedStatus`; `2fa` → `V2fa` with `fallback = "Value"`.
pub fn upper_camel(raw: &str, fallback: &str) -> String {
    remembered(Case::UpperCamel, raw, fallback, || {
        let prefix = fallback
            .get(..1)
            .filter(|p| p.chars().all(|c| c.is_ascii_alphabetic()))
            .unwrap_or("V");
        identifier(words(raw).to_upper_camel_case(), fallback, prefix)
    })
}

#[derive(Clone, Copy)]
enum Case {
    UpperCamel,
    Snake,
}

/// Conversions remembered at most, per thread ([`crate::memo`]).
const REMEMBERED: usize = 1 << 16;

thread_local! {
    static CONVERTED: std::cell::RefCell<crate::memo::Remembered<String>> =
        std::cell::RefCell::new(crate::memo::Remembered::new(REMEMBERED));
}

/// `convert()`, which turns `raw` into `case` with `fallback`, remembered: a large spec names
/// the same properties (`id`, `url`, `created_at`) thousands of times.
fn remembered(case: Case, raw: &str, fallback: &str, convert: impl FnOnce() -> String) -> String {
    let key = |key: &mut String| {
        key.push(match case {
            Case::UpperCamel => 'C',
            Case::Snake => 's',
        });
        key.push_str(fallback);
        key.push('\0');
        key.push_str(raw);
    };
    CONVERTED.with_borrow_mut(|converted| converted.get_or_make(key, convert))
}

/// A type name built on another: `Pet` + `Owner` → `PetOwner`. The keyword escape of the
/// first (`Self_`) is dropped, which would make `Self_Owner` no camel case.
pub fn suffixed(name: &str, suffix: &str) -> String {
    if suffix.is_empty() {
        return name.to_string();
    }
    format!("{}{suffix}", name.trim_end_matches('_'))
}

/// Whether a type's `new` is a constructor named like the type itself (a type called `New`,
/// from an operation or a schema of that name), which clippy's `self_named_constructors`
/// warns about: the generated `new` must then say that it is meant.
pub fn new_is_named_like(type_name: &str) -> bool {
    type_name.eq_ignore_ascii_case("new")
}

/// `scopeType`, `scope-type` → `scope_type`; `type` → `type_`; `2fa` → `n2fa`.
pub fn snake(raw: &str, fallback: &str) -> String {
    remembered(Case::Snake, raw, fallback, || {
        identifier(words(raw).to_snake_case(), fallback, "n")
    })
}

/// A case-converted name made a valid identifier: ASCII only (else `fallback`), `prefix`
/// before a leading digit, `_` after a keyword.
fn identifier(converted: String, fallback: &str, prefix: &str) -> String {
    let name = ascii_only(converted, fallback);
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    };
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The names of a struct's field setters, by field: `with_<field>` (`type_` → `with_type`),
/// numbered where two would meet. One function, so that the generated code and the API
/// surface agree.
pub fn field_setters<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut scope = Scope::reserving(&["new"]);
    fields
        .into_iter()
        .map(|field| scope.claim(&format!("with_{}", field.trim_end_matches('_'))))
        .collect()
}

/// Names already taken in one namespace.
#[derive(Debug, Default)]
pub struct Scope {
    used: HashSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope for type names, with the prelude names generated code relies on taken.
    pub fn for_types() -> Self {
        let mut scope = Self::new();
        scope
            .used
            .extend(PRELUDE_TYPES.iter().map(|s| s.to_string()));
        scope
    }

    /// Reserves `name`, or the first free `name2`, `name3`… (`name_2` for snake_case names).
    pub fn claim(&mut self, name: &str) -> String {
        if self.used.insert(name.to_string()) {
            return name.to_string();
        }
        let separator = if name.chars().any(|c| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let base = name.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_default()
    }

    /// A scope with `reserved` names taken (members generated code defines itself).
    pub fn reserving(reserved: &[&str]) -> Self {
        let mut scope = Self::new();
        scope.used.extend(reserved.iter().map(|s| s.to_string()));
        scope
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_conversions_are_told_apart_by_case_and_fallback() {
        for _ in 0..2 {
            assert_eq!(upper_camel("2fa", "Value"), "V2fa");
            assert_eq!(upper_camel("2fa", "Type"), "T2fa");
            assert_eq!(snake("2fa", "value"), "n2fa");
            assert_eq!(upper_camel("fooBar", "Value"), "FooBar");
            assert_eq!(snake("fooBar", "value"), "foo_bar");
            assert_eq!(snake("", "value"), "value");
            assert_eq!(snake("", "field"), "field");
        }
    }

    #[test]
    fn converts_case_and_escapes_keywords() {
        assert_eq!(upper_camel("phone_number", "Type"), "PhoneNumber");
        assert_eq!(upper_camel("listInboxEmbeds", "Type"), "ListInboxEmbeds");
        assert_eq!(upper_camel("+1 (555)", "Value"), "V1555");
        assert_eq!(upper_camel("***", "Value"), "Value");
        assert_eq!(upper_camel("self", "Type"), "Self_");
        assert_eq!(suffixed("Self_", "Kind"), "SelfKind");
        assert_eq!(suffixed("Self_", ""), "Self_");
        assert_eq!(snake("X-Total-Pages", "field"), "x_total_pages");
        assert_eq!(snake("type", "field"), "type_");
        assert_eq!(snake("2fa", "field"), "n2fa");
        assert_eq!(snake("", "field"), "field");
        assert_eq!(snake("émoji_名", "field"), "emoji");
        assert_eq!(upper_camel("ünïcode", "Value"), "Unicode");
        assert_eq!(snake("café", "field"), "cafe");
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut scope = Scope::new();
        let names: Vec<String> = ["fooBar", "foo_bar", "foo-bar"]
            .iter()
            .map(|raw| scope.claim(&snake(raw, "field")))
            .collect();
        assert_eq!(names, ["foo_bar", "foo_bar_2", "foo_bar_3"]);
        let mut types = Scope::for_types();
        assert_eq!(types.claim("Option"), "Option2");
        assert_eq!(types.claim("Pet"), "Pet");
        assert_eq!(types.claim("Pet"), "Pet2");
    }
}
