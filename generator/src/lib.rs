//! OpenAPI 3.1 / 3.0 → Rust client generator.
//!
//! The pipeline runs one way: [`load`] (YAML or JSON into a value) → [`bundle`] (relative-file
//! `$ref`s into one document) → [`normalize`] (3.1 into the 3.0 shape) → [`parse`]
//! (`openapiv3`'s model, and the schemas `$ref`s point at inside other objects) → [`ir`] (types
//! and operations with names assigned, each node knowing its JSON pointer) → [`emit`]
//! (`quote`) → [`format`](mod@format) (`prettyplease`). Problems are collected as
//! [`Diagnostics`], located by file and JSON pointer; a stage whose input is unreadable stops
//! the run, otherwise every problem of a spec is reported in one run.
//!
//! Build scripts use [`Config`]; tests and tools use [`generate_from_str`] or
//! [`generate_file`].

pub mod bundle;
mod config;
pub mod customize;
mod diagnostics;
pub mod diff;
pub mod emit;
mod features;
pub mod format;
pub mod ir;
mod keywords;
pub mod load;
pub mod locate;
mod memo;
pub mod naming;
pub mod normalize;
mod openapi32;
mod options;
pub mod parse;
mod pointer;
mod spelling;
pub mod surface;
pub mod swagger2;
mod yaml_errors;

pub use config::{Config, Error};
pub use customize::{Customization, DateTimeCrate};
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use options::{DEFAULT_RUNTIME_CRATE, Options, UNTAGGED};

use std::path::Path;

/// A tag of a spec's operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCount {
    pub tag: String,
    /// How many operations carry it.
    pub operations: usize,
    /// Where the spec declares it (`#/tags/3`), else where an operation first names it.
    pub pointer: String,
}

/// Generated source and what it took to make it.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust source, starting with an `@generated` header.
    pub code: String,
    /// Warnings: constructs that were degraded but did not stop generation.
    pub warnings: Diagnostics,
    /// Every file the spec was read from (the root first, then `$ref`'d files).
    pub files: Vec<std::path::PathBuf>,
    /// Wall time of each stage, in pipeline order.
    pub timings: Timings,
    /// How each paged operation's `stream()` walks the pages, and why (a line each:
    /// `listPets (GET /pets): a cursor in `after` from `next_cursor`; items in `data`
    /// (detected: …)`).
    pub pagination: Vec<String>,
}

/// Wall time per pipeline stage.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(&'static str, std::time::Duration)>);

impl Timings {
    /// Runs `stage`, recording how long it took under `name`.
    fn time<T>(&mut self, name: &'static str, stage: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let result = stage();
        self.0.push((name, start.elapsed()));
        result
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: std::time::Duration = self.0.iter().map(|(_, d)| *d).sum();
        for (name, duration) in &self.0 {
            write!(f, "{name} {:.1} ms, ", duration.as_secs_f64() * 1000.0)?;
        }
        write!(f, "total {:.1} ms", total.as_secs_f64() * 1000.0)
    }
}

/// Generates from spec text; `source_name` names the spec in diagnostics and in the header.
pub fn generate_from_str(
    source_name: &str,
    text: &str,
    options: &Options,
) -> Result<Generated, Diagnostics> {
    let read = |file: &str| (file == source_name).then(|| text.to_string());
    let result = generate_text(source_name, text, options, &read);
    located(result, read)
}

fn generate_text(
    source_name: &str,
    text: &str,
    options: &Options,
    reader: Reader<'_>,
) -> Result<Generated, Diagnostics> {
    let mut diagnostics = Diagnostics::new(source_name);
    if let Err(why) = options.check() {
        diagnostics.error("#", why);
        return Err(diagnostics);
    }
    let mut timings = Timings::default();
    let document = timings.time("load", || load::parse_text(text, &mut diagnostics));
    diagnostics.gate()?;
    match document {
        Some(mut document) => {
            let customization =
                customized(None, options, &mut document, &mut diagnostics, &mut timings)?;
            let read = Read {
                document,
                files: Vec::new(),
                diagnostics,
                timings,
                customization,
            };
            run(read, options, None, reader)
        }
        None => Err(diagnostics),
    }
}

/// Generates from a spec file; diagnostics name the file as given.
pub fn generate_file(path: &Path, options: &Options) -> Result<Generated, Diagnostics> {
    let result = generate_path(path, options, None, &read_file);
    located(result, read_file)
}

/// Chooses the tags to generate from the spec's tags, once it is parsed (`None`: all); its
/// diagnostics end the run.
pub(crate) type TagSelection<'s> =
    &'s mut dyn FnMut(&[TagCount]) -> Result<Option<Vec<String>>, Diagnostics>;

/// [`generate_file`], with the tags chosen by `select` from the spec's own, in one run
/// (`Config::tags_from_features`).
pub(crate) fn generate_file_selecting_tags(
    path: &Path,
    options: &Options,
    select: TagSelection<'_>,
) -> Result<Generated, Diagnostics> {
    let result = generate_path(path, options, Some(select), &read_file);
    located(result, read_file)
}

fn generate_path(
    path: &Path,
    options: &Options,
    select: Option<TagSelection<'_>>,
    read: Reader<'_>,
) -> Result<Generated, Diagnostics> {
    run(read_path(path, options)?, options, select, read)
}

/// The text of a file named in diagnostics, to locate them ([`locate::attach`]).
type Reader<'r> = &'r (dyn Fn(&str) -> Option<String> + Sync);

pub(crate) fn read_file(file: &str) -> Option<String> {
    std::fs::read_to_string(file).ok()
}

/// Reads a spec file and the files it `$ref`s, once the options are known to be usable.
fn read_path(path: &Path, options: &Options) -> Result<Read, Diagnostics> {
    let mut diagnostics = Diagnostics::new(path.display().to_string());
    if let Err(why) = options.check() {
        diagnostics.error("#", why);
        return Err(diagnostics);
    }
    let mut timings = Timings::default();
    let Some((mut document, mut files)) =
        read_bundled(path, options, &mut diagnostics, &mut timings)
    else {
        return Err(diagnostics);
    };
    let customization = customized(
        Some(path),
        options,
        &mut document,
        &mut diagnostics,
        &mut timings,
    )?;
    files.extend(customization.files.iter().cloned());
    files.extend(customization.overlays.iter().cloned());
    Ok(Read {
        document,
        files,
        diagnostics,
        timings,
        customization,
    })
}

/// The customization of a run (the settings file beside `spec`, or the options'), with its
/// overlays applied to the document in order; its problems and the reading's end the run.
fn customized(
    spec: Option<&Path>,
    options: &Options,
    document: &mut serde_json::Value,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Customization, Diagnostics> {
    let customization = customize::load(spec, options, diagnostics);
    for overlay in &customization.overlays {
        timings.time("overlay", || {
            customize::overlay::apply_file(overlay, document, diagnostics)
        });
    }
    diagnostics.gate()?;
    Ok(customization)
}

/// The spec file with its `$ref`'d files bundled in, and every file it was read from.
fn read_bundled(
    path: &Path,
    options: &Options,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Option<(serde_json::Value, Vec<std::path::PathBuf>)> {
    let mut document = timings.time("load", || load::read(path, diagnostics))?;
    let files = timings.time("bundle", || {
        bundle::bundle(
            path,
            &mut document,
            options.allow_refs_outside_spec_dir,
            &options.ref_map,
            diagnostics,
        )
    });
    Some((document, files))
}

/// The tags of a spec's operations, with how many operations carry each, by name
/// (operations without tags count under [`UNTAGGED`]).
pub fn list_tags(path: &Path, options: &Options) -> Result<Vec<TagCount>, Diagnostics> {
    // Read as `generate` reads it: the settings' overlays applied, Swagger 2.0 converted.
    let parsed = read_path(path, options).and_then(|read| {
        let Read {
            mut document,
            mut diagnostics,
            mut timings,
            ..
        } = read;
        let parsed = prepare(&mut document, &mut diagnostics, &mut timings)
            .then(|| parse::document(&document, &mut diagnostics))
            .flatten();
        parsed.ok_or(diagnostics)
    });
    match parsed {
        Ok(parsed) => Ok(ir::operation_tags(&parsed.api, &parsed.other_methods)),
        Err(mut diagnostics) => {
            locate::attach(&mut diagnostics, read_file);
            Err(diagnostics)
        }
    }
}

/// Adds line and column to the diagnostics of a run that stopped (a finished run's are
/// located by [`run`]).
fn located(
    result: Result<Generated, Diagnostics>,
    read: impl Fn(&str) -> Option<String>,
) -> Result<Generated, Diagnostics> {
    result.map_err(|mut diagnostics| {
        locate::attach(&mut diagnostics, read);
        diagnostics
    })
}

/// A spec as read: the document, the files it came from, and what the reading found.
struct Read {
    document: serde_json::Value,
    files: Vec<std::path::PathBuf>,
    diagnostics: Diagnostics,
    timings: Timings,
    /// The settings file's rules, then the options' own.
    customization: Customization,
}

fn run(
    read: Read,
    options: &Options,
    select: Option<TagSelection<'_>>,
    reader: Reader<'_>,
) -> Result<Generated, Diagnostics> {
    let Built {
        api,
        extras,
        runtime_crate,
        mut diagnostics,
        files,
        mut timings,
    } = build(read, options, select)?;
    let header = format!(
        "// @generated by kapso-codegen {} from {} ({} {}). Do not edit: regenerate instead.\n\n",
        env!("CARGO_PKG_VERSION"),
        api.source_name,
        one_line(&api.title),
        one_line(&api.version),
    );
    let pagination = explain_pagination(&api);
    // The warnings are all in: they are located while the code is emitted.
    let (rendered, located) = std::thread::scope(|scope| {
        let locating = scope.spawn(|| {
            let start = std::time::Instant::now();
            locate::attach(&mut diagnostics, reader);
            start.elapsed()
        });
        let rendered = timings.time("emit+format", || {
            format::render(&api, &runtime_crate, extras, &header)
        });
        let located = locating
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rendered, located)
    });
    timings.0.push(("locate", located));
    drop_aside(api);
    match rendered {
        Ok(code) => Ok(Generated {
            code,
            warnings: diagnostics,
            files,
            timings,
            pagination,
        }),
        Err(error) => {
            diagnostics.error("#", format!("internal error: the generated code does not parse ({error}); please report this"));
            Err(diagnostics)
        }
    }
}

/// The IR of a read spec, with what emitting it needs.
struct Built {
    api: ir::Api,
    extras: emit::Extras,
    runtime_crate: String,
    diagnostics: Diagnostics,
    files: Vec<std::path::PathBuf>,
    timings: Timings,
}

/// Normalizes, parses and builds the IR of a read spec.
fn build(
    read: Read,
    options: &Options,
    select: Option<TagSelection<'_>>,
) -> Result<Built, Diagnostics> {
    let Read {
        mut document,
        files,
        mut diagnostics,
        mut timings,
        customization,
    } = read;
    let source_name = diagnostics.file().to_string();
    if !prepare(&mut document, &mut diagnostics, &mut timings) {
        return Err(diagnostics);
    }
    let extensions = ir::extension_rules(&document);
    let parsed = timings.time("parse", || parse::document(&document, &mut diagnostics));
    // The document is read; freeing it now keeps the peak memory of the later stages down.
    drop_aside(document);
    let Some(parsed) = parsed else {
        return Err(diagnostics);
    };
    let selected;
    let options = match select {
        Some(select) => {
            let tags = select(&ir::operation_tags(&parsed.api, &parsed.other_methods))?;
            selected = Options {
                tags,
                ..options.clone()
            };
            &selected
        }
        None => options,
    };
    let file_name = Path::new(&source_name).file_name().map_or_else(
        || source_name.clone(),
        |name| name.to_string_lossy().into_owned(),
    );
    let settings = ir::Settings {
        detect_pagination: options.detect_pagination,
        tags: options.tags.clone(),
        customization,
        extensions,
        strict: options.strict,
    };
    let api = timings.time("ir", || {
        ir::build(&parsed, &file_name, settings, &mut diagnostics)
    });
    drop_aside(parsed);
    diagnostics.gate()?;
    let extras = emit::Extras {
        example_tests: options.example_tests,
        mocks: options.mocks,
        only_used_types: options.only_used_types
            || (options.tags.is_some() && !options.all_schemas),
    };
    Ok(Built {
        api,
        extras,
        runtime_crate: options.runtime_crate.clone(),
        diagnostics,
        files,
        timings,
    })
}

/// A read spec converted from Swagger 2.0 where it is one, and normalized; `false` where it
/// cannot be read on.
fn prepare(
    document: &mut serde_json::Value,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> bool {
    if swagger2::is_swagger2(document) {
        timings.time("swagger2", || swagger2::convert(document, diagnostics));
    }
    timings.time("normalize", || normalize::normalize(document, diagnostics))
}

/// Drops `value` on a thread of its own: freeing a large document or model takes tens of
/// milliseconds that the next stage, running on one core, need not wait for. (Where no
/// thread can be started, the value is dropped here.)
fn drop_aside<T: Send + 'static>(value: T) {
    drop(std::thread::Builder::new().spawn(move || drop(value)));
}

/// The public API surface of the client a spec file gives with these options (what
/// `kapso-codegen api` prints, and what `diff` compares), with the warnings of reading it.
pub fn api_surface(
    path: &Path,
    options: &Options,
) -> Result<(surface::Surface, Diagnostics), Diagnostics> {
    let result = read_path(path, options)
        .and_then(|read| build(read, options, None))
        .map(|built| {
            let surface = surface::of(&built.api, &built.runtime_crate, built.extras);
            (surface, built.diagnostics)
        });
    match result {
        Ok((surface, mut warnings)) => {
            locate::attach(&mut warnings, read_file);
            Ok((surface, warnings))
        }
        Err(mut diagnostics) => {
            locate::attach(&mut diagnostics, read_file);
            Err(diagnostics)
        }
    }
}

/// How each paged operation walks its pages, and why (`--explain-pagination`).
fn explain_pagination(api: &ir::Api) -> Vec<String> {
    let explained = api.operations.iter().filter_map(|op| {
        let pagination = op.pagination.as_ref()?;
        let why = pagination.explain();
        Some(format!("{} ({} {}): {why}", op.id, op.method, op.path))
    });
    explained.collect()
}

/// Spec text fit for a `//` comment line.
fn one_line(text: &str) -> String {
    emit::sanitize_doc(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
