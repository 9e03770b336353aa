//! Format: generated tokens into source text, through `syn` (where `emit::inline` marks
//! the non-generic functions `#[inline]`) and `prettyplease` — the same in
//! build scripts, the CLI and snapshot tests. Pieces are emitted and formatted in parallel
//! (one thread per core), then joined in plan order, so the output is the same whatever the
//! number of threads.

use crate::emit::{self, Extras, Module};
use crate::ir::Api;
use proc_macro2::TokenStream;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A chunk's formatted text, and whether its code names `types::…` ([`emit::names_types`]).
type Rendered = (String, bool);

/// A piece of work: (module, first piece, end).
type Chunk = (usize, usize, usize);

/// Emits and formats the whole API in parallel; `runtime` is the runtime crate's path.
pub fn render(api: &Api, runtime: &str, extras: Extras, header: &str) -> Result<String, String> {
    let modules = emit::plan(api, extras);
    // Chunks small enough to balance the threads.
    let mut chunks = Vec::new();
    for (index, module) in modules.iter().enumerate() {
        let size = (module.pieces.len() / 64).clamp(1, 32);
        let mut start = 0;
        while start < module.pieces.len() {
            let end = (start + size).min(module.pieces.len());
            chunks.push((index, start, end));
            start = end;
        }
    }
    let texts = format_chunks(api, runtime, &modules, &chunks)?;
    let runtime: syn::Path = syn::parse_str(runtime).map_err(|e| e.to_string())?;
    // Sized once (the modules' headers and preludes are short): growing a large `String` by
    // doubling holds the old buffer and the new one at once, at the run's peak of memory.
    let length: usize = texts.iter().map(|(text, _)| text.len()).sum();
    let mut source = String::with_capacity(header.len() + length + length / 64 + (1 << 16));
    source.push_str(header);
    let mut texts = texts.into_iter();
    for (index, module) in modules.iter().enumerate() {
        let (body, names_types): (Vec<String>, Vec<bool>) = chunks
            .iter()
            .filter(|(m, _, _)| *m == index)
            .filter_map(|_| texts.next())
            .unzip();
        let names_types = names_types.contains(&true);
        write_module(api, &mut source, module, &runtime, &body, names_types)?;
    }
    Ok(source)
}

/// Each chunk emitted and formatted, in chunk order, by one worker per core (this thread one
/// of them, so the memory it freed — the document, the parsed model — is reused for the
/// output rather than held beside it).
fn format_chunks(
    api: &Api,
    runtime: &str,
    modules: &[Module<'_>],
    chunks: &[Chunk],
) -> Result<Vec<Rendered>, String> {
    let results: Vec<Mutex<Option<Result<Rendered, String>>>> =
        chunks.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(chunks.len().max(1));
    let work = || {
        // Token streams are not `Send`: every thread parses the runtime path itself.
        let runtime: syn::Path = match syn::parse_str(runtime) {
            Ok(path) => path,
            Err(error) => {
                if let Some(slot) = results.first() {
                    *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(Err(error.to_string()));
                }
                return;
            }
        };
        // Last chunks first: the top-level module's one large piece (the `Client`, a method
        // per operation) starts at once rather than being left for the end, when the other
        // workers would wait for it.
        let take = || {
            let taken = next.fetch_add(1, Ordering::Relaxed);
            chunks.len().checked_sub(1 + taken)
        };
        while let Some(chunk) = take() {
            let text = format_chunk(api, &runtime, modules, chunks[chunk]);
            *results[chunk].lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let mut texts = Vec::with_capacity(chunks.len());
    for slot in results {
        match slot.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(Ok(text)) => texts.push(text),
            Some(Err(error)) => return Err(error),
            None => return Err("a formatting thread stopped early".to_string()),
        }
    }
    Ok(texts)
}

fn format_chunk(
    api: &Api,
    runtime: &syn::Path,
    modules: &[Module<'_>],
    (module, start, end): Chunk,
) -> Result<Rendered, String> {
    let mut tokens = TokenStream::new();
    for piece in &modules[module].pieces[start..end] {
        tokens.extend(emit::piece(api, *piece, runtime));
    }
    // The `types` module names its own types without the path.
    let names_types = modules[module].name != Some("types") && emit::names_types(&tokens);
    // A module's items are indented here, in parallel, not when the modules are joined.
    let indent = if modules[module].name.is_some() {
        "    "
    } else {
        ""
    };
    unparse(tokens, indent).map(|text| (text, names_types))
}

fn write_module(
    api: &Api,
    source: &mut String,
    module: &Module<'_>,
    runtime: &syn::Path,
    body: &[String],
    names_types: bool,
) -> Result<(), String> {
    let Some(name) = module.name else {
        for text in body {
            source.push_str(text);
            source.push('\n');
        }
        trim_trailing_blank_line(source);
        return Ok(());
    };
    if !source.ends_with("\n\n") && source.len() > 1 {
        source.push('\n');
    }
    // The lints the spec decides, and those an including crate would raise: `emit::lints`.
    let cfg = module
        .cfg
        .map(|condition| format!("#[cfg({condition})]\n"))
        .unwrap_or_default();
    source.push_str(&format!(
        "/// {}\n{cfg}#[allow({})]\npub mod {name} {{",
        module.doc,
        emit::MODULE_LINT_ALLOWS
    ));
    let prelude = unparse(emit::prelude(api, module, runtime, names_types), "    ")?;
    if prelude.is_empty() && body.iter().all(String::is_empty) {
        // A `types` module left empty (no schemas, or none the selected operations use).
        source.push_str("}\n\n");
        return Ok(());
    }
    source.push('\n');
    source.push_str(&prelude);
    if !prelude.is_empty() {
        source.push('\n');
    }
    for (index, text) in body.iter().enumerate() {
        if index > 0 {
            source.push('\n');
        }
        source.push_str(text);
    }
    source.push_str("}\n\n");
    Ok(())
}

fn trim_trailing_blank_line(source: &mut String) {
    while source.ends_with("\n\n") {
        source.pop();
    }
}

/// Formatted items, each line (but an empty one) after `indent`.
fn unparse(tokens: TokenStream, indent: &str) -> Result<String, String> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|error| error.to_string())?;
    emit::mark_inline(&mut file);
    Ok(separate_items(&prettyplease::unparse(&file), indent))
}

/// Starts of lines that begin an item (or its docs and attributes).
const ITEM_STARTS: &[&str] = &[
    "#[", "///", "//!", "pub ", "pub(", "impl", "fn ", "async fn", "mod ", "struct ", "enum ",
    "type ", "const ", "use ",
];

/// prettyplease puts items right after one another; a blank line between items (after a
/// closing brace or a `use`, before the next item at the same depth) makes the output read
/// like hand-written code. Lines (but empty ones) start with `prefix`.
fn separate_items(source: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 8);
    let mut previous: Option<&str> = None;
    // prettyplease indents with spaces only.
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    for line in source.lines() {
        let trimmed = &line[indent(line)..];
        if let Some(previous) = previous {
            let previous_indent = indent(previous);
            let previous = previous[previous_indent..].trim_end();
            let ends_item = previous == "}"
                || previous == "};"
                || previous.ends_with(';')
                    && [
                        "use ",
                        "pub const ",
                        "const ",
                        "pub type ",
                        "type ",
                        "pub struct ",
                    ]
                    .iter()
                    .any(|s| previous.starts_with(s));
            let same_depth = line.len() - trimmed.len() == previous_indent;
            if ends_item && same_depth {
                let starts_item = ITEM_STARTS.iter().any(|start| trimmed.starts_with(start));
                let next_is_use = trimmed.starts_with("use ") && previous.starts_with("use ");
                if starts_item && !next_is_use {
                    out.push('\n');
                }
            }
        }
        if !line.is_empty() {
            out.push_str(prefix);
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}
