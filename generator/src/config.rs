//! The build-script API, in the style of `prost-build`: one [`Config`], chained setters, one
//! call that generates.

use crate::{Diagnostics, Options, Severity, features};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Generates a Rust client from an OpenAPI spec, typically from a `build.rs`:
///
/// ```no_run
/// fn main() -> Result<(), kapso_codegen::Error> {
///     kapso_codegen::Config::new()
///         .spec("../spec/kapso-platform-api.yaml")
///         .generate()?;
///     Ok(())
/// }
/// ```
///
/// and in the crate: `kapso_codegen_runtime::include_client!();` (`include_client!("name")`
/// for a client generated with [`Config::name`]).
///
/// Inside a build script (when `OUT_DIR` is set) it tells Cargo to rerun only when the spec
/// changes, reports every problem as a `cargo::error=` / `cargo::warning=` line naming the
/// file and JSON pointer, and rewrites the output only when its content changed.
#[derive(Debug, Clone, Default)]
pub struct Config {
    spec: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    name: Option<String>,
    file_name: Option<String>,
    cargo_directives: Option<bool>,
    tags_from_features: bool,
    /// What the generator itself is told (the rest is about files and Cargo).
    options: Options,
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }

    /// The OpenAPI file (YAML or JSON), relative to the crate being built.
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.spec = Some(path.into());
        self
    }

    /// Where the generated file goes; defaults to `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The client's name, for a build script that generates several: the crate includes it
    /// with `include_client!("name")`. Defaults to `client` (`include_client!()`). Letters,
    /// digits, `-` and `_`.
    pub fn name(&mut self, name: impl Into<String>) -> &mut Self {
        self.name = Some(name.into());
        self
    }

    /// A file name of one's own for the output, directly in the output directory, for crates
    /// that `include!` it themselves; by default the output is where `include_client!` looks
    /// (`$OUT_DIR/kapso-codegen/<name>.rs`), whatever the spec's file is called.
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// The path generated code uses for the runtime crate; defaults to
    /// `kapso_codegen_runtime` (the crate must be a dependency of the generated crate).
    pub fn runtime_crate(&mut self, path: impl Into<String>) -> &mut Self {
        self.options.runtime_crate = path.into();
        self
    }

    /// Adds a `#[cfg(test)]` test to the generated code that decodes every example value of
    /// the spec into its type and checks it encodes back the same (off by default).
    pub fn example_tests(&mut self, enabled: bool) -> &mut Self {
        self.options.example_tests = enabled;
        self
    }

    /// Adds a `mock` module of typed mocks for tests of code that uses the client (off by
    /// default): `mock::MockServer`, with a typed matcher and typed responders per operation.
    /// It is compiled only with the including crate's `mock` feature, which the crate
    /// declares as `mock = ["kapso-codegen-runtime/mock"]`.
    pub fn mocks(&mut self, enabled: bool) -> &mut Self {
        self.options.mocks = enabled;
        self
    }

    /// Follows `$ref`s to files outside the spec's folder tree (refused by default, so that a
    /// spec cannot make the build read arbitrary files).
    pub fn allow_refs_outside_spec_dir(&mut self, allowed: bool) -> &mut Self {
        self.options.allow_refs_outside_spec_dir = allowed;
        self
    }

    /// Generates only the types operations and webhooks use, leaving out component schemas
    /// nothing refers to (off by default).
    pub fn only_used_types(&mut self, enabled: bool) -> &mut Self {
        self.options.only_used_types = enabled;
        self
    }

    /// Detects how operations page and gives them `stream()` (on by default). Off, only
    /// operations whose spec says `x-kapso-pagination` get one.
    pub fn detect_pagination(&mut self, enabled: bool) -> &mut Self {
        self.options.detect_pagination = enabled;
        self
    }

    /// Generates only the operations with one of `tags` (operations without tags are
    /// `untagged`), and only the types they use (see [`Config::all_schemas`]).
    pub fn tags<T: Into<String>>(&mut self, tags: impl IntoIterator<Item = T>) -> &mut Self {
        self.options.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Reads `$ref`s to URLs starting with `url` from the local file or folder `path` (relative
    /// to the crate being built): a build script, and docs.rs, have no network. `$ref`s to
    /// URLs no mapping covers are read as untyped values (`serde_json::Value`), with a warning
    /// per URL.
    pub fn ref_map(&mut self, url: impl Into<String>, path: impl Into<PathBuf>) -> &mut Self {
        self.options.ref_map.push((url.into(), path.into()));
        self
    }

    /// With tags selected, still generates every component schema (off by default).
    pub fn all_schemas(&mut self, enabled: bool) -> &mut Self {
        self.options.all_schemas = enabled;
        self
    }

    /// Selects tags by the Cargo features of the crate being built, for a published SDK: a
    /// feature per tag, named in kebab case (`inbox-embeds` for `Inbox Embeds`), each
    /// enabling nothing else, and a `full` feature for everything:
    ///
    /// ```toml
    /// [features]
    /// default = ["full"]
    /// full = []
    /// inbox-embeds = []
    /// ```
    ///
    /// A crate depending on the SDK with `default-features = false, features =
    /// ["inbox-embeds"]` compiles only those operations. A tag without a feature is a warning
    /// (at the tag), a feature of that shape naming no tag an error.
    pub fn tags_from_features(&mut self) -> &mut Self {
        self.tags_from_features = true;
        self
    }

    /// Makes `$ref`s that cannot be followed errors (by default each is read as
    /// `serde_json::Value`, with a warning at the `$ref`): a missing component, a URL no
    /// `ref_map` covers.
    pub fn strict(&mut self, strict: bool) -> &mut Self {
        self.options.strict = strict;
        self
    }

    /// Reads the customization (replaced types, derives, renames, overlays…) from this
    /// settings file; by default the `kapso-codegen.toml` beside the spec is read where there
    /// is one. The setters below add their rules after the file's.
    pub fn settings_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.options.settings_file = Some(path.into());
        self
    }

    /// Applies an OpenAPI Overlay 1.0 document to the spec before generating (repeatable, in
    /// order): the standard way to patch a vendor's spec without editing it.
    pub fn overlay(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.options.customization.overlays.push(path.into());
        self
    }

    /// Uses a type of the including crate's, or of a dependency, for a schema (its
    /// `components/schemas` name or the JSON pointer of any schema): it is not generated and
    /// every use names `path` (`replace_type("Money", "crate::money::Money")`). The type must
    /// (de)serialize as the schema does and have the traits the generated types derive
    /// (`Debug`, `Clone`, `PartialEq`).
    pub fn replace_type(&mut self, schema: &str, path: &str) -> &mut Self {
        let rule = given("Config::replace_type", schema, path);
        self.options.customization.replace.push(rule);
        self
    }

    /// Uses a type of one's own for every schema of `format` (`decimal` →
    /// `rust_decimal::Decimal`, `int64` → a newtype).
    pub fn format_type(&mut self, format: &str, path: &str) -> &mut Self {
        let rule = given("Config::format_type", format, path);
        self.options.customization.formats.push(rule);
        self
    }

    /// The crate of date-times and dates: chrono (the default), jiff or time (enable the
    /// runtime's `jiff` or `time` feature).
    pub fn date_time(&mut self, choice: crate::DateTimeCrate) -> &mut Self {
        self.options.customization.date_time = choice;
        self
    }

    /// Adds a derive to the types `pattern` matches (a name, `*` for any run of characters):
    /// `derive("*", "Hash")`, `derive("Pet*", "schemars::JsonSchema")`. A type that cannot
    /// have `Eq`, `Hash`, `PartialOrd`, `Ord`, `Copy` or `Default` (a field of `f64`) is left
    /// without it, with a warning naming the field.
    pub fn derive(&mut self, pattern: &str, derive: &str) -> &mut Self {
        let rule = given("Config::derive", pattern, derive);
        self.options.customization.derives.push(rule);
        self
    }

    /// Adds an attribute to the types `target` matches, or to a field (`Pet.name`):
    /// `attribute("Pet.name", "#[doc(alias = \"title\")]")`.
    pub fn attribute(&mut self, target: &str, attribute: &str) -> &mut Self {
        let rule = given("Config::attribute", target, attribute);
        self.options.customization.attributes.push(rule);
        self
    }

    /// Renames a type (by its generated name or its schema's JSON pointer).
    pub fn rename_type(&mut self, from: &str, to: &str) -> &mut Self {
        let rule = given("Config::rename_type", from, to);
        self.options.customization.rename_types.push(rule);
        self
    }

    /// Renames an operation's method (by `operationId`, method name or JSON pointer); its
    /// builder and the types it declares follow (`create_repo` → `CreateRepo`,
    /// `CreateRepoError`).
    pub fn rename_operation(&mut self, from: &str, to: &str) -> &mut Self {
        let rule = given("Config::rename_operation", from, to);
        self.options.customization.rename_operations.push(rule);
        self
    }

    /// Renames a field (`Type.field`, by Rust or JSON name); the JSON name stays.
    pub fn rename_field(&mut self, from: &str, to: &str) -> &mut Self {
        let rule = given("Config::rename_field", from, to);
        self.options.customization.rename_fields.push(rule);
        self
    }

    /// Renames an enum variant (`Enum.Variant` or `Enum.wire-value`); the value sent stays.
    pub fn rename_variant(&mut self, from: &str, to: &str) -> &mut Self {
        let rule = given("Config::rename_variant", from, to);
        self.options.customization.rename_variants.push(rule);
        self
    }

    /// Whether to print `cargo::` directives; defaults to whether `OUT_DIR` is set (that is,
    /// whether this runs in a build script).
    pub fn cargo_directives(&mut self, enabled: bool) -> &mut Self {
        self.cargo_directives = Some(enabled);
        self
    }

    /// Generates, writes the file if its content changed, and returns its path.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let directives = self
            .cargo_directives
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some());
        if directives {
            self.generate_reporting_to(&mut std::io::stdout().lock())
        } else {
            self.generate_reporting_to(&mut std::io::sink())
        }
    }

    /// [`Config::generate`], with the `cargo::` directives written to `cargo`.
    fn generate_reporting_to(&self, cargo: &mut dyn Write) -> Result<PathBuf, Error> {
        let spec = self
            .spec
            .as_deref()
            .ok_or(Error::Config("no spec file set: call `Config::spec`"))?;
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::Config(
                    "no output directory: call `Config::out_dir` or run in a build script",
                ))?,
        };
        // Failing to write a directive (a closed stdout) must not fail generation. The spec
        // is watched even when it cannot be read, so fixing it reruns the build script.
        let _ = writeln!(cargo, "cargo::rerun-if-changed={}", spec.display());
        if let Err(why) = self.options.check() {
            return Err(Error::Config(why));
        }
        let valid_name = |name: &str| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if self.name.as_deref().is_some_and(|name| !valid_name(name)) {
            return Err(Error::Config(
                "the client's name (`Config::name`) must be letters, digits, `-` and `_`",
            ));
        }
        let result = if self.tags_from_features {
            // The tags are chosen once the spec is parsed, in the same run.
            let features = CargoFeatures::of_this_crate()?;
            let mut select = |tags: &[crate::TagCount]| features.select(spec, tags, cargo);
            crate::generate_file_selecting_tags(spec, &self.options, &mut select)
        } else {
            crate::generate_file(spec, &self.options)
        };
        let generated = match result {
            Ok(generated) => generated,
            Err(diagnostics) => {
                report(&diagnostics, cargo);
                return Err(Error::Spec(diagnostics));
            }
        };
        report(&generated.warnings, cargo);
        if let Some(warning) = self.options.mocks.then(missing_mock_feature).flatten() {
            let _ = writeln!(cargo, "cargo::warning={warning}");
        }
        for file in generated.files.iter().skip(1) {
            let _ = writeln!(cargo, "cargo::rerun-if-changed={}", file.display());
        }
        let path = match &self.file_name {
            Some(file_name) => out_dir.join(file_name),
            None => out_dir.join(INCLUDE_DIR).join(format!(
                "{}.rs",
                self.name.as_deref().unwrap_or(DEFAULT_NAME)
            )),
        };
        write_if_changed(&path, &generated.code).map_err(|error| Error::Io(path.clone(), error))?;
        Ok(path)
    }
}

/// A rule given by a setter.
fn given(setter: &str, target: &str, value: &str) -> crate::customize::Rule {
    crate::customize::Rule {
        target: target.to_string(),
        value: value.to_string(),
        origin: crate::customize::Origin::given_by(&format!("{setter}({target:?}, {value:?})")),
    }
}

/// Where a build script generates mocks for a crate that declares no `mock` feature (the
/// mock module could never be compiled, and rustc would warn of an unknown `cfg`): what to
/// add.
fn missing_mock_feature() -> Option<String> {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?).join("Cargo.toml");
    missing_mock_feature_in(&manifest)
}

/// [`missing_mock_feature`] for the crate of `manifest`.
fn missing_mock_feature_in(manifest: &Path) -> Option<String> {
    let declared = features::declared_features(&std::fs::read_to_string(manifest).ok()?).ok()?;
    if declared.iter().any(|(name, _)| name == "mock") {
        return None;
    }
    Some(format!(
        "{}: `Config::mocks(true)` generates a `mock` module compiled with the crate's `mock` \
         feature, which it does not declare: add `mock = [\"kapso-codegen-runtime/mock\"]` to \
         its [features]",
        manifest.display()
    ))
}

/// The Cargo features of the crate whose build script runs: declared in its manifest, and
/// enabled for this build.
struct CargoFeatures {
    /// The manifest, as shown in messages.
    manifest: String,
    declared: Result<Vec<(String, bool)>, String>,
    enabled: Vec<String>,
}

impl CargoFeatures {
    fn of_this_crate() -> Result<CargoFeatures, Error> {
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or(Error::Config(
            "`tags_from_features` reads the Cargo features of a build script's crate: \
             CARGO_MANIFEST_DIR is not set",
        ))?;
        let manifest = PathBuf::from(manifest_dir).join("Cargo.toml");
        let text =
            std::fs::read_to_string(&manifest).map_err(|e| Error::Io(manifest.clone(), e))?;
        let enabled = std::env::vars()
            .filter_map(|(key, _)| key.strip_prefix("CARGO_FEATURE_").map(str::to_string))
            .collect();
        Ok(CargoFeatures {
            manifest: manifest.display().to_string(),
            declared: features::declared_features(&text),
            enabled,
        })
    }

    /// The tags (of the spec's `tags`) the enabled features select (`None`: all). Warnings
    /// are reported here; with errors, all of it is returned for the caller to report.
    fn select(
        &self,
        spec: &Path,
        tags: &[crate::TagCount],
        cargo: &mut dyn Write,
    ) -> Result<Option<Vec<String>>, Diagnostics> {
        let mut diagnostics = Diagnostics::new(spec.display().to_string());
        let declared = match &self.declared {
            Ok(declared) => declared.as_slice(),
            Err(why) => {
                let message = format!("cannot read its features: {why}");
                diagnostics.error_in(&self.manifest, "#", message);
                &[]
            }
        };
        let selected = features::select(
            tags,
            &self.enabled,
            declared,
            &self.manifest,
            &mut diagnostics,
        );
        crate::locate::attach(&mut diagnostics, crate::read_file);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        report(&diagnostics, cargo);
        Ok(selected)
    }
}

/// The folder of `$OUT_DIR` that `include_client!` reads, and the name it reads by default.
const INCLUDE_DIR: &str = "kapso-codegen";
const DEFAULT_NAME: &str = "client";

/// Leaves the file (and its modification time) alone when the content is the same, so
/// nothing downstream rebuilds for nothing.
fn write_if_changed(path: &Path, content: &str) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|existing| existing == content.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, content)
}

fn report(diagnostics: &Diagnostics, cargo: &mut dyn Write) {
    for diagnostic in diagnostics.iter() {
        let level = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // One directive per line: a message must not span lines.
        let message = diagnostic.located().replace('\n', " ");
        let _ = writeln!(cargo, "cargo::{level}={message}");
    }
}

/// Why [`Config::generate`] failed.
#[derive(Debug)]
pub enum Error {
    /// The spec has problems; each names its file and JSON pointer.
    Spec(Diagnostics),
    /// The configuration is incomplete.
    Config(&'static str),
    /// The output could not be written.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(diagnostics) => {
                let errors = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                writeln!(f, "the spec has {errors} error(s):")?;
                write!(f, "{diagnostics}")
            }
            Error::Config(message) => f.write_str(message),
            Error::Io(path, error) => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "kapso-codegen-config-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const SPEC: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn mocks_for_a_crate_without_a_mock_feature_are_warned_of() {
        let dir = scratch("mock-feature");
        let manifest = dir.join("Cargo.toml");
        let package = "[package]\nname = \"x\"\nversion = \"0.1.0\"\n";
        std::fs::write(&manifest, format!("{package}[features]\nfull = []\n")).unwrap();
        let warning = missing_mock_feature_in(&manifest).expect("a warning");
        assert!(
            warning.contains("add `mock = [\"kapso-codegen-runtime/mock\"]`"),
            "{warning}"
        );
        let with = "[features]\nmock = [\"kapso-codegen-runtime/mock\"]\n";
        std::fs::write(&manifest, format!("{package}{with}")).unwrap();
        assert_eq!(missing_mock_feature_in(&manifest), None);
    }

    #[test]
    fn writes_once_and_leaves_unchanged_output_alone() {
        let dir = scratch("unchanged");
        let spec = dir.join("api.yaml");
        std::fs::write(&spec, SPEC).unwrap();
        let mut config = Config::new();
        config.spec(&spec).out_dir(&dir);

        let mut cargo = Vec::new();
        let path = config.generate_reporting_to(&mut cargo).unwrap();
        assert_eq!(path, dir.join("kapso-codegen").join("client.rs"));
        let directives = String::from_utf8(cargo).unwrap();
        assert_eq!(
            directives,
            format!("cargo::rerun-if-changed={}\n", spec.display())
        );

        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        config.generate_reporting_to(&mut std::io::sink()).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            old,
            "unchanged output was rewritten"
        );

        std::fs::write(&spec, SPEC.replace("title: t", "title: changed")).unwrap();
        config.generate_reporting_to(&mut std::io::sink()).unwrap();
        assert_ne!(std::fs::metadata(&path).unwrap().modified().unwrap(), old);
        assert!(std::fs::read_to_string(&path).unwrap().contains("changed"));
    }

    #[test]
    fn a_named_client_goes_where_include_client_looks_whatever_the_spec_is_called() {
        let dir = scratch("named");
        let spec = dir.join("Some Spec v2.yaml");
        std::fs::write(&spec, SPEC).unwrap();
        let path = Config::new()
            .spec(&spec)
            .out_dir(&dir)
            .name("pets")
            .generate_reporting_to(&mut std::io::sink())
            .unwrap();
        // `include_client!("pets")` reads `$OUT_DIR/kapso-codegen/pets.rs`.
        assert_eq!(path, dir.join("kapso-codegen").join("pets.rs"));
        assert!(path.exists());

        for bad in ["", "../escape", "a b"] {
            let result = Config::new()
                .spec(&spec)
                .out_dir(&dir)
                .name(bad)
                .generate_reporting_to(&mut std::io::sink());
            assert!(matches!(result, Err(Error::Config(_))), "{bad:?}");
        }
    }

    #[test]
    fn spec_errors_become_cargo_errors_with_their_location() {
        let dir = scratch("errors");
        let spec = dir.join("api.yaml");
        std::fs::write(&spec, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n").unwrap();
        let mut cargo = Vec::new();
        let result = Config::new()
            .spec(&spec)
            .out_dir(&dir)
            .strict(true)
            .generate_reporting_to(&mut cargo);

        assert!(matches!(result, Err(Error::Spec(_))));
        let directives = String::from_utf8(cargo).unwrap();
        let expected = format!(
            "cargo::error={}:5:5: #/components/schemas/A: `$ref: #/components/schemas/B` does not point at a schema in this document",
            spec.display()
        );
        assert!(
            directives.lines().any(|line| line == expected),
            "{directives}"
        );
        assert!(!dir.join("kapso-codegen").join("client.rs").exists());
    }
}
