//! The settings file (`kapso-codegen.toml`): every [`Customization`] in one TOML file that a
//! build script, the CLI, `api` and `diff` all read. Unknown keys and mistyped values are
//! errors at their line and column, with the nearest known key.
//!
//! ```toml
//! date-time = "jiff"
//! overlays = ["fixes.overlay.yaml"]
//!
//! [replace]
//! Money = "crate::money::Money"
//!
//! [formats]
//! decimal = "rust_decimal::Decimal"
//!
//! [derive]
//! "*" = ["Hash", "Eq"]
//!
//! [attributes]
//! "Pet.name" = ['#[doc(alias = "title")]']
//!
//! [rename.operations]
//! "repos/create-for-authenticated-user" = "create_repo"
//! ```

use super::{Customization, DateTimeCrate, Origin, Rule};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::spelling;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The top-level keys, and the tables of `[rename]`.
const TOP_KEYS: &[&str] = &[
    "date-time",
    "overlays",
    "replace",
    "formats",
    "derive",
    "attributes",
    "rename",
];
const RENAME_KEYS: &[&str] = &["types", "operations", "fields", "variants"];

/// Reads the settings file at `path`; problems (unreadable, not TOML, unknown keys, values of
/// the wrong kind) go to `diagnostics`, located in the file. Overlay paths are relative to
/// the file's folder.
pub fn read(path: &Path, diagnostics: &mut Diagnostics) -> Customization {
    let name = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let mut settings = parse(&name, &text, path.parent(), diagnostics);
            settings.files.insert(0, path.to_path_buf());
            settings
        }
        Err(error) => {
            diagnostics.add(Diagnostic {
                severity: Severity::Error,
                file: name,
                pointer: "#".into(),
                message: format!("cannot read the settings file: {error}"),
                location: None,
            });
            Customization::default()
        }
    }
}

/// Reads settings from `text`, named `file` in diagnostics; relative overlay paths are
/// relative to `folder`.
pub fn parse(
    file: &str,
    text: &str,
    folder: Option<&Path>,
    diagnostics: &mut Diagnostics,
) -> Customization {
    let mut reader = Reader {
        file,
        text,
        diagnostics,
    };
    let mut settings = Customization::default();
    let root = match DeTable::parse(text) {
        Ok(root) => root.into_inner(),
        Err(error) => {
            let at = error.span().map_or(0, |span| span.start);
            reader.error(at, format!("not TOML: {}", error.message()));
            return settings;
        }
    };
    for (key, value) in &root {
        match key.get_ref().as_ref() {
            "date-time" => {
                if let Some(name) = reader.string(value) {
                    match DateTimeCrate::from_name(&name) {
                        Some(choice) => settings.date_time = choice,
                        None => {
                            let names = DateTimeCrate::NAMES.iter().map(|(n, _)| *n);
                            let hint = spelling::did_you_mean(&name, names.clone());
                            let all: Vec<String> = names.map(|n| format!("`{n}`")).collect();
                            reader.error(
                                value.span().start,
                                format!(
                                    "`date-time = \"{name}\"`: not a date-time crate{hint}; the choices are {}",
                                    all.join(", ")
                                ),
                            );
                        }
                    }
                }
            }
            "overlays" => {
                for overlay in reader.strings(value) {
                    let path = Path::new(&overlay.value);
                    let path = match folder {
                        Some(folder) if path.is_relative() => folder.join(path),
                        _ => path.to_path_buf(),
                    };
                    settings.overlays.push(path);
                }
            }
            "replace" => settings.replace = reader.map_of_strings(key, value),
            "formats" => settings.formats = reader.map_of_strings(key, value),
            "derive" => settings.derives = reader.map_of_lists(key, value),
            "attributes" => settings.attributes = reader.map_of_lists(key, value),
            "rename" => {
                let Some(table) = reader.table(key, value) else {
                    continue;
                };
                for (kind, renames) in table {
                    let rules = reader.map_of_strings(kind, renames);
                    match kind.get_ref().as_ref() {
                        "types" => settings.rename_types = rules,
                        "operations" => settings.rename_operations = rules,
                        "fields" => settings.rename_fields = rules,
                        "variants" => settings.rename_variants = rules,
                        other => reader.unknown(kind, other, "[rename]", RENAME_KEYS),
                    }
                }
            }
            other => reader.unknown(key, other, "the settings", TOP_KEYS),
        }
    }
    settings
}

struct Reader<'r> {
    file: &'r str,
    text: &'r str,
    diagnostics: &'r mut Diagnostics,
}

/// A string of the file, with where it starts (`None`: at its entry's key).
struct Located {
    value: String,
    at: Option<usize>,
}

impl Reader<'_> {
    fn origin(&self, at: usize) -> Origin {
        Origin {
            file: self.file.to_string(),
            location: Some(line_column(self.text, at)),
            pointer: "#".to_string(),
        }
    }

    fn error(&mut self, at: usize, message: String) {
        let origin = self.origin(at);
        self.diagnostics.add(Diagnostic {
            severity: Severity::Error,
            file: origin.file,
            pointer: "#".into(),
            message,
            location: origin.location,
        });
    }

    fn unknown(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        name: &str,
        of: &str,
        known: &[&str],
    ) {
        let hint = spelling::did_you_mean(name, known.iter().copied());
        let all: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        self.error(
            key.span().start,
            format!(
                "`{name}` is not a key of {of}{hint}; the keys are {}",
                all.join(", ")
            ),
        );
    }

    fn string(&mut self, value: &Spanned<DeValue<'_>>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            _ => {
                self.error(value.span().start, "expected a string".into());
                None
            }
        }
    }

    /// A string or a list of strings.
    fn strings(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<Located> {
        match value.get_ref() {
            DeValue::String(text) => vec![Located {
                value: text.to_string(),
                at: Some(value.span().start),
            }],
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| {
                    self.string(item).map(|text| Located {
                        value: text,
                        at: Some(item.span().start),
                    })
                })
                .collect(),
            _ => {
                self.error(
                    value.span().start,
                    "expected a string or a list of strings".into(),
                );
                Vec::new()
            }
        }
    }

    fn table<'v, 'i>(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &'v Spanned<DeValue<'i>>,
    ) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.error(
                    value.span().start,
                    format!(
                        "`{}` must be a table (`[{}]`)",
                        key.get_ref(),
                        key.get_ref()
                    ),
                );
                None
            }
        }
    }

    /// `[section]` of `target = "value"`.
    fn map_of_strings(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Vec<Rule> {
        self.rules(key, value, |reader, value| {
            let text = reader.string(value)?;
            Some(vec![Located {
                value: text,
                at: None,
            }])
        })
    }

    /// `[section]` of `target = ["value", …]` (or one string): a rule per value.
    fn map_of_lists(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Vec<Rule> {
        self.rules(key, value, |reader, value| Some(reader.strings(value)))
    }

    /// The rules of a `[section]`: a rule per value `values` reads of each entry, located at
    /// the value (or at the entry's key).
    fn rules(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        values: impl Fn(&mut Self, &Spanned<DeValue<'_>>) -> Option<Vec<Located>>,
    ) -> Vec<Rule> {
        let Some(table) = self.table(key, value) else {
            return Vec::new();
        };
        let mut rules = Vec::new();
        for (target, value) in table {
            for item in values(self, value).unwrap_or_default() {
                let at = item.at.unwrap_or(target.span().start);
                rules.push(Rule {
                    target: target.get_ref().to_string(),
                    value: item.value,
                    origin: self.origin(at),
                });
            }
        }
        rules
    }
}

/// 1-based line and column (in characters) of byte offset `at`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Customization, Diagnostics) {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        let settings = parse("kapso-codegen.toml", text, None, &mut diagnostics);
        (settings, diagnostics)
    }

    #[test]
    fn every_section_is_read_with_where_each_rule_was_written() {
        let (settings, diagnostics) = parse_text(
            r##"date-time = "jiff"
overlays = ["fix.yaml"]

[replace]
Money = "crate::Money"

[formats]
decimal = "rust_decimal::Decimal"

[derive]
"*" = ["Hash", "Eq"]
Pet = "schemars::JsonSchema"

[attributes]
"Pet.name" = ['#[doc(alias = "title")]']

[rename.types]
Pet = "Animal"

[rename.operations]
listPets = "pets"
"##,
        );
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(settings.date_time, DateTimeCrate::Jiff);
        assert_eq!(settings.overlays, [Path::new("fix.yaml")]);
        assert_eq!(settings.replace[0].target, "Money");
        assert_eq!(settings.replace[0].value, "crate::Money");
        assert_eq!(settings.replace[0].origin.location, Some((5, 1)));
        let derives: Vec<(&str, &str)> = settings
            .derives
            .iter()
            .map(|r| (r.target.as_str(), r.value.as_str()))
            .collect();
        assert_eq!(
            derives,
            [("*", "Hash"), ("*", "Eq"), ("Pet", "schemars::JsonSchema")]
        );
        assert_eq!(settings.derives[1].origin.location, Some((11, 16)));
        assert_eq!(settings.attributes[0].value, "#[doc(alias = \"title\")]");
        assert_eq!(settings.rename_types[0].value, "Animal");
        assert_eq!(settings.rename_operations[0].target, "listPets");
    }

    #[test]
    fn typos_are_located_errors_with_the_nearest_key() {
        let (_, diagnostics) =
            parse_text("date-tme = \"jiff\"\n[rename.type]\nPet = \"Animal\"\n[derive]\nPet = 3\n");
        let text = diagnostics.to_string();
        for expected in [
            "kapso-codegen.toml:1:1: `date-tme` is not a key of the settings (did you mean `date-time`?)",
            "kapso-codegen.toml:2:9: `type` is not a key of [rename] (did you mean `types`?)",
            "kapso-codegen.toml:5:7: expected a string or a list of strings",
        ] {
            assert!(text.contains(expected), "{expected}\nnot in\n{text}");
        }
    }

    #[test]
    fn an_unknown_date_time_crate_lists_the_choices() {
        let (_, diagnostics) = parse_text("date-time = \"jif\"\n");
        let text = diagnostics.to_string();
        assert!(
            text.contains("kapso-codegen.toml:1:13: `date-time = \"jif\"`: not a date-time crate (did you mean `jiff`?); the choices are `chrono`, `jiff`, `time`"),
            "{text}"
        );
    }

    #[test]
    fn text_that_is_not_toml_is_located() {
        let (_, diagnostics) = parse_text("[derive\n");
        assert!(diagnostics.has_errors());
        assert!(
            diagnostics.to_string().contains("kapso-codegen.toml:1:"),
            "{diagnostics}"
        );
    }
}
