//! [`Customization`]: how the generated code is shaped to fit the user's code without editing
//! the spec — types replaced by the user's own, the date-time crate, extra derives and
//! attributes, renames, and OpenAPI Overlays applied to the document first.
//!
//! It is data beside [`Options`](crate::Options), read once by the IR (where names and types
//! are assigned, `ir::customize`) and by the loader (overlays), so `generate`, `api` and
//! `diff` all describe the same crate. A settings file ([`mod@file`]) fills it; so do `Config`
//! setters and CLI flags. Every rule remembers where it was written, so that a rule that
//! names nothing or collides is reported there.

pub mod file;
pub mod overlay;

use std::path::PathBuf;

/// The name of the settings file read from beside the spec when it exists.
pub const SETTINGS_FILE: &str = "kapso-codegen.toml";

/// Where a rule was written: a settings file's line and column, or a setter or flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The settings file, or the API that gave the rule (`Config::rename_type`,
    /// `--replace-type`).
    pub file: String,
    /// 1-based line and column in `file`, where it is a file.
    pub location: Option<(usize, usize)>,
    /// Where in `file` a spec extension (`x-rust-name`) is; `#` for settings.
    pub pointer: String,
}

impl Origin {
    /// A rule given in code or on the command line, by the name of what gave it.
    pub fn given_by(what: &str) -> Origin {
        Origin {
            file: what.to_string(),
            location: None,
            pointer: "#".to_string(),
        }
    }
}

/// One rule: what it applies to, what it says, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// A type, operation, field or variant (by its generated name, or the JSON pointer of
    /// its spec node), a type-name pattern (`*` any run of characters), or a format.
    pub target: String,
    /// The replacement path, the new name, a derive or an attribute.
    pub value: String,
    pub origin: Origin,
}

/// The crate date-times (`format: date-time`) and dates (`format: date`) are typed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateTimeCrate {
    /// `chrono::DateTime<Utc>` and `chrono::NaiveDate` (the default).
    #[default]
    Chrono,
    /// `jiff::Timestamp` and `jiff::civil::Date` (the runtime's `jiff` feature).
    Jiff,
    /// `time::OffsetDateTime` and `time::Date` (the runtime's `time` feature), written and
    /// read in RFC 3339 by `runtime::time_format`.
    Time,
}

impl DateTimeCrate {
    /// The choices by the names settings use.
    pub const NAMES: &[(&str, DateTimeCrate)] = &[
        ("chrono", DateTimeCrate::Chrono),
        ("jiff", DateTimeCrate::Jiff),
        ("time", DateTimeCrate::Time),
    ];

    pub fn from_name(name: &str) -> Option<DateTimeCrate> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, crate_)| *crate_)
    }
}

/// How generated code is shaped beyond what the spec says. Empty by default: the output is
/// the spec's alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customization {
    /// A schema (component name, or JSON pointer of any schema) → a Rust type of the user's
    /// (`crate::money::Money`): not generated, every use names the replacement.
    pub replace: Vec<Rule>,
    /// A `format` (`decimal`, `int64`, `date-time`…) → a Rust type, for every schema of that
    /// format.
    pub formats: Vec<Rule>,
    /// The crate of date-times and dates, unless `formats` maps them.
    pub date_time: DateTimeCrate,
    /// A type name or pattern (`*` for every type) → a derive added to it (`Hash`,
    /// `schemars::JsonSchema`). Derives a type cannot have (`Eq` over an `f64`) are left out
    /// of that type, with a warning.
    pub derives: Vec<Rule>,
    /// A type (`Pet`, a pattern) or a field (`Pet.name`) → an attribute (`#[serde(…)]`,
    /// `#[doc(alias = "…")]`).
    pub attributes: Vec<Rule>,
    /// A type (name or pointer) → its new name.
    pub rename_types: Vec<Rule>,
    /// An operation (`operationId`, method name, or pointer) → its method name (the builder
    /// and its types follow).
    pub rename_operations: Vec<Rule>,
    /// A field (`Type.field`, or the property's pointer) → its new name.
    pub rename_fields: Vec<Rule>,
    /// An enum variant (`Enum.Variant`, or `Enum.wire-value`) → its new name.
    pub rename_variants: Vec<Rule>,
    /// OpenAPI Overlay 1.0 documents, applied in order to the spec before it is read.
    pub overlays: Vec<PathBuf>,
    /// Files read for these settings (the settings file, overlays), for rebuild tracking.
    pub files: Vec<PathBuf>,
}

impl Customization {
    /// Whether nothing is customized: the output is the spec's alone.
    pub fn is_empty(&self) -> bool {
        *self == Customization::default()
    }

    /// Adds the rules of `other` after this one's (a later date-time choice wins).
    pub fn extend(&mut self, other: Customization) {
        self.replace.extend(other.replace);
        self.formats.extend(other.formats);
        if other.date_time != DateTimeCrate::Chrono {
            self.date_time = other.date_time;
        }
        self.derives.extend(other.derives);
        self.attributes.extend(other.attributes);
        self.rename_types.extend(other.rename_types);
        self.rename_operations.extend(other.rename_operations);
        self.rename_fields.extend(other.rename_fields);
        self.rename_variants.extend(other.rename_variants);
        self.overlays.extend(other.overlays);
        self.files.extend(other.files);
    }
}

/// The customization of a run: the settings file (`options.settings_file`, else the
/// `kapso-codegen.toml` beside `spec` where there is one), then the options' own rules; each
/// checked (replacement paths are Rust types, derives paths, attributes attributes).
pub fn load(
    spec: Option<&std::path::Path>,
    options: &crate::Options,
    diagnostics: &mut crate::Diagnostics,
) -> Customization {
    let beside = spec
        .and_then(std::path::Path::parent)
        .map(|folder| folder.join(SETTINGS_FILE))
        .filter(|path| path.is_file());
    let mut custom = match options
        .settings_file
        .as_deref()
        .map(PathBuf::from)
        .or(beside)
    {
        Some(path) => file::read(&path, diagnostics),
        None => Customization::default(),
    };
    custom.extend(options.customization.clone());
    check(&custom, diagnostics);
    custom
}

/// Errors at the rules whose values cannot be what they stand for.
fn check(custom: &Customization, diagnostics: &mut crate::Diagnostics) {
    let mut error = |rule: &Rule, message: String| {
        diagnostics.add(crate::Diagnostic {
            severity: crate::Severity::Error,
            file: rule.origin.file.clone(),
            pointer: rule.origin.pointer.clone(),
            message,
            location: rule.origin.location,
        });
    };
    for rule in custom.replace.iter().chain(&custom.formats) {
        if syn::parse_str::<syn::Type>(&rule.value).is_err() {
            error(
                rule,
                format!(
                    "`{}` (for `{}`) is not a Rust type path",
                    rule.value, rule.target
                ),
            );
        }
    }
    for rule in &custom.derives {
        if syn::parse_str::<syn::Path>(&rule.value).is_err() {
            error(
                rule,
                format!(
                    "`{}` is not a derive (a path such as `Hash` or `serde::Serialize`)",
                    rule.value
                ),
            );
        }
    }
    for rule in &custom.attributes {
        let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, &rule.value);
        if !matches!(parsed, Ok(attributes) if !attributes.is_empty()) {
            error(
                rule,
                format!("`{}` is not an outer attribute (`#[…]`)", rule.value),
            );
        }
    }
}

/// Whether `name` matches `pattern`, where `*` stands for any run of characters.
pub fn matches_pattern(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(index) => rest = &rest[index + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::matches_pattern;

    #[test]
    fn patterns_match_runs_of_characters() {
        assert!(matches_pattern("*", "Pet"));
        assert!(matches_pattern("Pet", "Pet"));
        assert!(!matches_pattern("Pet", "Pets"));
        assert!(matches_pattern("*Body", "CreatePetBody"));
        assert!(!matches_pattern("*Body", "Bodyguard"));
        assert!(matches_pattern("Repos*Body", "ReposCreateBody"));
        assert!(matches_pattern("A*B*C", "AxxBxxC"));
        assert!(!matches_pattern("A*B*C", "AxxCxxB"));
        assert!(!matches_pattern("AB*B", "AB"));
    }
}
