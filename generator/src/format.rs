//! Format: generated tokens into source text, through `syn` and `prettyplease` — the same in
//! build scripts, the CLI and snapshot tests.

use proc_macro2::TokenStream;

/// Pretty-printed source with `header` (comment lines) on top. An `Err` here is a bug in the
/// generator, never in the spec: emitted tokens must always parse.
pub fn format(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| error.to_string())?;
    let mut source = String::from(header);
    source.push_str(&separate_items(&prettyplease::unparse(&file)));
    Ok(source)
}

/// Starts of lines that begin an item (or its docs and attributes).
const ITEM_STARTS: &[&str] = &[
    "#[", "///", "//!", "pub ", "pub(", "impl", "fn ", "async fn", "mod ", "struct ", "enum ",
    "type ", "const ", "use ",
];

/// prettyplease puts items right after one another; a blank line between items (after a
/// closing brace or a `use`, before the next item at the same depth) makes the output read
/// like hand-written code.
fn separate_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous: Option<&str> = None;
    for line in source.lines() {
        if let Some(previous) = previous {
            let indent = line.len() - line.trim_start().len();
            let previous_indent = previous.len() - previous.trim_start().len();
            let previous = previous.trim();
            let ends_item = previous == "}"
                || previous == "};"
                || previous.ends_with(';')
                    && ["use ", "pub const ", "const ", "pub type ", "type "]
                        .iter()
                        .any(|s| previous.starts_with(s));
            let starts_item = ITEM_STARTS
                .iter()
                .any(|start| line.trim_start().starts_with(start));
            let next_is_use = line.trim_start().starts_with("use ") && previous.starts_with("use ");
            if ends_item && starts_item && indent == previous_indent && !next_is_use {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}
