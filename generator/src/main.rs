//! `kapso-codegen`: the generator's command line (`kapso-codegen help` lists what it does).

use clap::{Args, Parser, Subcommand};
use kapso_codegen::{Options, generate_file};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// The generator allocates many small strings and token trees; mimalloc makes the whole run
// markedly faster than the system allocator (see generator/benches/cli.sh). Its v2 line: v3
// (the crate's default) holds freed memory for a second and asks for transparent huge pages,
// which on GitHub's spec took the peak from 160 to 215 MiB and the run 5–20 % longer. Without
// huge pages (`no_thp`) at all: each is zeroed whole on first touch, used or not, which after
// another process freed much memory cost GitHub's run 0.2–0.35 s of system time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    // mimalloc's own (linked in by the `mimalloc` crate): out-of-range options are ignored.
    safe fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    safe fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// `mi_option_purge_delay` in mimalloc v2's `mimalloc.h` (the Rust bindings name no constant
/// for it); a test checks that it reads the option's default.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Freed memory goes back to the OS after this many milliseconds (mimalloc's default is 10): a
/// run's stages free large structures that the next stage fills again, and memory given back
/// is faulted in afresh (GitHub: 5 % of the run).
const PURGE_DELAY_MS: std::ffi::c_long = 100;

/// OpenAPI 3.1/3.0 to Rust SDK generator.
#[derive(Debug, Parser)]
#[command(name = "kapso-codegen", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a client from a spec (YAML or JSON), to standard output or a file.
    Generate(Generate),
    /// Print the public API surface of the client a spec gives: one line per public item with
    /// its signature, sorted (what `cargo public-api` would print of the compiled crate).
    Api {
        /// The OpenAPI document (YAML or JSON).
        spec: PathBuf,
        #[command(flatten)]
        selection: Selection,
    },
    /// Report what a spec change does to the generated Rust API, item by item, whether each
    /// change breaks code compiled against the old crate, and the release it needs.
    Diff(Diff),
    /// Print the operations' tags with their operation counts (`untagged` for the rest).
    Tags {
        /// The OpenAPI document.
        spec: PathBuf,
        /// Follow `$ref`s to files outside the spec's folder tree.
        #[arg(long)]
        allow_refs_outside: bool,
    },
}

/// What is generated: the options `generate`, `api` and `diff` share, so that `api` and
/// `diff` describe the crate that is actually built.
#[derive(Debug, Args)]
struct Selection {
    /// The runtime's path in generated code.
    #[arg(long, value_name = "PATH", default_value = kapso_codegen::DEFAULT_RUNTIME_CRATE)]
    runtime_crate: String,
    /// Follow `$ref`s to files outside the spec's folder tree.
    #[arg(long)]
    allow_refs_outside: bool,
    /// Generate only the types operations and webhooks use.
    #[arg(long)]
    only_used_types: bool,
    /// Detect no pagination (`x-kapso-pagination` still applies).
    #[arg(long)]
    no_pagination: bool,
    /// Generate only the operations with this tag (repeatable; `untagged` for those without)
    /// and the types they use.
    #[arg(long, value_name = "NAME")]
    tag: Vec<String>,
    /// With --tag, still generate every component schema.
    #[arg(long)]
    all_schemas: bool,
    /// Read `$ref`s to URLs starting with URL from the local file or folder PATH
    /// (repeatable); other URLs are read as untyped values.
    #[arg(long, value_name = "URL=PATH", value_parser = ref_mapping)]
    ref_map: Vec<(String, PathBuf)>,
    /// Make `$ref`s that cannot be followed (a missing component, an unmapped URL) errors
    /// instead of untyped values with a warning.
    #[arg(long)]
    strict: bool,
    /// Read the customization from this settings file (default: the `kapso-codegen.toml`
    /// beside the spec, where there is one).
    #[arg(long, value_name = "FILE.toml")]
    settings: Option<PathBuf>,
    /// Apply this OpenAPI Overlay to the spec first (repeatable, in order).
    #[arg(long, value_name = "FILE")]
    overlay: Vec<PathBuf>,
    /// Use a type of your own for a schema (component name or JSON pointer), e.g.
    /// `Money=crate::money::Money` (repeatable).
    #[arg(long, value_name = "SCHEMA=PATH", value_parser = pair)]
    replace_type: Vec<(String, String)>,
    /// Use a type of your own for every schema of a format, e.g.
    /// `decimal=rust_decimal::Decimal` (repeatable).
    #[arg(long = "format-type", value_name = "FORMAT=PATH", value_parser = pair)]
    formats: Vec<(String, String)>,
    /// The crate of date-times and dates: `chrono` (default), `jiff` or `time` (the runtime's
    /// feature of that name).
    #[arg(long, value_name = "CRATE", value_parser = ["chrono", "jiff", "time"])]
    date_time: Option<String>,
    /// Add a derive to every type (`Hash`) or to the types a pattern matches
    /// (`Pet*=schemars::JsonSchema`); left out, with a warning, where a type cannot have it.
    #[arg(long, value_name = "[TYPES=]DERIVE")]
    derive: Vec<String>,
    /// Rename a type (`OLD=New`; by name or JSON pointer; repeatable).
    #[arg(long, value_name = "OLD=NEW", value_parser = pair)]
    rename_type: Vec<(String, String)>,
    /// Rename an operation's method (`operationId=method_name`; repeatable).
    #[arg(long, value_name = "OLD=NEW", value_parser = pair)]
    rename_operation: Vec<(String, String)>,
    /// Rename a field (`Type.field=new_name`; repeatable).
    #[arg(long, value_name = "TYPE.FIELD=NEW", value_parser = pair)]
    rename_field: Vec<(String, String)>,
    /// Rename an enum variant (`Enum.Variant=NewName`, or `Enum.wire-value=NewName`).
    #[arg(long, value_name = "ENUM.VARIANT=NEW", value_parser = pair)]
    rename_variant: Vec<(String, String)>,
}

/// `A=B` of the customization flags.
fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
        _ => Err(format!("`{text}` is not of the form A=B")),
    }
}

/// `URL=PATH` of `--ref-map`.
fn ref_mapping(text: &str) -> Result<(String, PathBuf), String> {
    match text.split_once('=') {
        Some((url, path)) if url.contains("://") && !path.is_empty() => {
            Ok((url.to_string(), PathBuf::from(path)))
        }
        _ => Err(format!(
            "`{text}` is not URL=PATH (a URL such as https://example.com/common.json, a local file)"
        )),
    }
}

impl Selection {
    fn options(&self) -> Options {
        Options {
            runtime_crate: self.runtime_crate.clone(),
            example_tests: false,
            mocks: false,
            allow_refs_outside_spec_dir: self.allow_refs_outside,
            only_used_types: self.only_used_types,
            detect_pagination: !self.no_pagination,
            tags: (!self.tag.is_empty()).then(|| self.tag.clone()),
            all_schemas: self.all_schemas,
            ref_map: self.ref_map.clone(),
            customization: self.customization(),
            settings_file: self.settings.clone(),
            strict: self.strict,
        }
    }

    /// The customization flags as rules (after the settings file's).
    fn customization(&self) -> kapso_codegen::Customization {
        use kapso_codegen::customize::{Origin, Rule};
        let rules = |flag: &str, pairs: &[(String, String)]| -> Vec<Rule> {
            pairs
                .iter()
                .map(|(target, value)| Rule {
                    target: target.clone(),
                    value: value.clone(),
                    origin: Origin::given_by(&format!("--{flag} {target}={value}")),
                })
                .collect()
        };
        let derives: Vec<(String, String)> = self
            .derive
            .iter()
            .map(|text| match text.split_once('=') {
                Some((types, derive)) => (types.to_string(), derive.to_string()),
                None => ("*".to_string(), text.clone()),
            })
            .collect();
        let mut custom = kapso_codegen::Customization {
            replace: rules("replace-type", &self.replace_type),
            formats: rules("format-type", &self.formats),
            derives: rules("derive", &derives),
            rename_types: rules("rename-type", &self.rename_type),
            rename_operations: rules("rename-operation", &self.rename_operation),
            rename_fields: rules("rename-field", &self.rename_field),
            rename_variants: rules("rename-variant", &self.rename_variant),
            overlays: self.overlay.clone(),
            ..kapso_codegen::Customization::default()
        };
        if let Some(name) = &self.date_time {
            custom.date_time = kapso_codegen::DateTimeCrate::from_name(name).unwrap_or_default();
        }
        custom
    }
}

#[derive(Debug, Args)]
struct Generate {
    /// The OpenAPI document (YAML or JSON).
    spec: PathBuf,
    /// Write the generated code to this file (its folders are created) instead of stdout.
    #[arg(short, long, value_name = "FILE.rs")]
    output: Option<PathBuf>,
    /// Write nothing; exit 1, showing the difference, if the -o file is not what the spec
    /// gives.
    #[arg(long, requires = "output")]
    check: bool,
    #[command(flatten)]
    selection: Selection,
    /// Add a #[cfg(test)] test that round-trips the spec's example values.
    #[arg(long)]
    example_tests: bool,
    /// Add a `mock` module of typed mocks, compiled with the including crate's `mock`
    /// feature (`mock = ["kapso-codegen-runtime/mock"]`).
    #[arg(long)]
    mocks: bool,
    /// Print the time each stage took.
    #[arg(long)]
    timings: bool,
    /// Print how each paged operation's stream() walks pages, and why.
    #[arg(long)]
    explain_pagination: bool,
    /// Print the operations' tags with their operation counts, and exit (as `tags`).
    #[arg(long)]
    list_tags: bool,
}

impl Generate {
    fn options(&self) -> Options {
        Options {
            example_tests: self.example_tests,
            mocks: self.mocks,
            ..self.selection.options()
        }
    }
}

#[derive(Debug, Args)]
struct Diff {
    /// The spec the current crate was generated from.
    old: PathBuf,
    /// The new spec.
    new: PathBuf,
    #[command(flatten)]
    selection: Selection,
    /// `markdown` (grouped: breaking, added, other) or `json` (`{"bump", "changes"}`).
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// `breaking`: exit 1 when a change breaks code compiled against the old crate.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// The crate's current version, to print the next one (Cargo's rule: below 1.0 a
    /// breaking change bumps the minor number).
    #[arg(long, value_name = "X.Y.Z", conflicts_with = "manifest")]
    current_version: Option<String>,
    /// Read the current version from this Cargo.toml.
    #[arg(long, value_name = "Cargo.toml")]
    manifest: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Breaking,
}

fn main() -> ExitCode {
    mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
    let cli = Cli::parse();
    match cli.command {
        Command::Tags {
            spec,
            allow_refs_outside,
        } => {
            let options = Options {
                allow_refs_outside_spec_dir: allow_refs_outside,
                ..Options::default()
            };
            list_tags(&spec, &options)
        }
        Command::Generate(args) => generate(&args),
        Command::Api { spec, selection } => api(&spec, &selection.options()),
        Command::Diff(args) => diff(&args),
    }
}

/// The options checked, or a usage error.
fn checked(options: Options) -> Result<Options, ExitCode> {
    match options.check() {
        Ok(()) => Ok(options),
        Err(why) => Err(usage_error(why)),
    }
}

fn api(spec: &Path, options: &Options) -> ExitCode {
    let options = match checked(options.clone()) {
        Ok(options) => options,
        Err(code) => return code,
    };
    match kapso_codegen::api_surface(spec, &options) {
        Ok((surface, warnings)) => {
            report(&warnings);
            out(&surface.to_string())
        }
        Err(diagnostics) => {
            report(&diagnostics);
            ExitCode::FAILURE
        }
    }
}

fn diff(args: &Diff) -> ExitCode {
    use kapso_codegen::diff::{Version, compare};
    let options = match checked(args.selection.options()) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let current = match (&args.current_version, &args.manifest) {
        (Some(text), _) => match text.parse::<Version>() {
            Ok(version) => Some(version),
            Err(why) => return usage_error(why),
        },
        (None, Some(manifest)) => match manifest_version(manifest) {
            Ok(version) => Some(version),
            Err(why) => {
                eprintln!("error: {}: {why}", manifest.display());
                return ExitCode::FAILURE;
            }
        },
        (None, None) => None,
    };
    let mut surfaces = Vec::new();
    let mut failed = false;
    for spec in [&args.old, &args.new] {
        match kapso_codegen::api_surface(spec, &options) {
            Ok((surface, _)) => surfaces.push(surface),
            Err(diagnostics) => {
                report(&diagnostics);
                failed = true;
            }
        }
    }
    let [old, new] = surfaces.as_slice() else {
        debug_assert!(failed);
        return ExitCode::FAILURE;
    };
    let report = compare(old, new);
    let text = match args.format {
        Format::Markdown => report.markdown(current),
        Format::Json => format!("{:#}\n", report.json(current)),
    };
    if out(&text) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    match args.fail_on {
        Some(FailOn::Breaking) if report.breaking() => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

/// Writes to standard output; a reader that went away (`| head`) ends the run quietly.
fn out(text: &str) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write to standard output: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The `package.version` of a Cargo manifest.
fn manifest_version(manifest: &Path) -> Result<kapso_codegen::diff::Version, String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| format!("cannot read it: {e}"))?;
    let value: toml::Table = toml::from_str(&text).map_err(|e| format!("not TOML: {e}"))?;
    let version = value
        .get("package")
        .and_then(|package| package.get("version"))
        .and_then(toml::Value::as_str)
        .ok_or("no `package.version` (a workspace-inherited version is not read)")?;
    version.parse()
}

/// A usage error: clap's form, exit code 2.
fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    use clap::CommandFactory;
    let error = Cli::command().error(clap::error::ErrorKind::ValueValidation, message);
    error.exit()
}

fn list_tags(spec: &Path, options: &Options) -> ExitCode {
    match kapso_codegen::list_tags(spec, options) {
        Ok(tags) => {
            for count in tags {
                println!("{}\t{}", count.tag, count.operations);
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            report(&diagnostics);
            ExitCode::FAILURE
        }
    }
}

fn generate(args: &Generate) -> ExitCode {
    let options = args.options();
    if let Err(why) = options.check() {
        return usage_error(why);
    }
    if args.list_tags {
        return list_tags(&args.spec, &options);
    }
    let generated = match generate_file(&args.spec, &options) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            report(&diagnostics);
            return ExitCode::FAILURE;
        }
    };
    report(&generated.warnings);
    if args.timings {
        eprintln!("timings: {}", generated.timings);
    }
    if args.explain_pagination {
        for line in &generated.pagination {
            eprintln!("pagination: {line}");
        }
    }
    match (&args.output, args.check) {
        (Some(output), true) => check(output, &generated.code),
        (Some(output), false) => match write(output, &generated.code) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {}: cannot write it: {error}", output.display());
                ExitCode::FAILURE
            }
        },
        (None, _) => {
            print!("{}", generated.code);
            ExitCode::SUCCESS
        }
    }
}

/// Prints diagnostics to stderr in one write (it is unbuffered: written as displayed, a
/// large spec's warnings took hundreds of writes).
fn report(diagnostics: &kapso_codegen::Diagnostics) {
    let text = diagnostics.to_string();
    eprint!("{text}");
}

/// Writes `code` to `output`, creating its folders.
fn write(output: &Path, code: &str) -> std::io::Result<()> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(output, code)
}

/// The most diff lines `--check` prints.
const DIFF_LINES: usize = 60;

/// Compares checked-in output with the fresh one and shows a unified diff.
fn check(output: &Path, fresh: &str) -> ExitCode {
    let existing = match std::fs::read_to_string(output) {
        Ok(existing) => existing,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "error: {}: does not exist; generate it without --check",
                output.display()
            );
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("error: {}: cannot read it: {error}", output.display());
            return ExitCode::FAILURE;
        }
    };
    if existing == fresh {
        return ExitCode::SUCCESS;
    }
    let diff = similar::TextDiff::from_lines(existing.as_str(), fresh);
    let (removed, added) = diff
        .iter_all_changes()
        .fold((0, 0), |(removed, added), change| match change.tag() {
            similar::ChangeTag::Delete => (removed + 1, added),
            similar::ChangeTag::Insert => (removed, added + 1),
            similar::ChangeTag::Equal => (removed, added),
        });
    eprintln!(
        "error: {}: out of date with the spec ({removed} lines removed, {added} added); regenerate it",
        output.display()
    );
    let shown = output.display().to_string();
    let unified = diff
        .unified_diff()
        .context_radius(3)
        .header(&shown, "generated from the spec")
        .to_string();
    let lines: Vec<&str> = unified.lines().collect();
    for line in lines.iter().take(DIFF_LINES) {
        eprintln!("{line}");
    }
    if lines.len() > DIFF_LINES {
        eprintln!(
            "… {} more lines of diff not shown",
            lines.len() - DIFF_LINES
        );
    }
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // Unset here (no `main`): mimalloc's default of 10 ms, unless the environment sets it.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(super::mi_option_get(super::MI_OPTION_PURGE_DELAY), 10);
        }
    }
}
