//! Format: generated tokens into source text, through `syn` and `prettyplease` — the same in
//! build scripts, the CLI and snapshot tests.

use proc_macro2::TokenStream;

/// Pretty-printed source with `header` (comment lines) on top. An `Err` here is a bug in the
/// generator, never in the spec: emitted tokens must always parse.
pub fn format(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| error.to_string())?;
    let mut source = String::from(header);
    source.push_str(&prettyplease::unparse(&file));
    Ok(source)
}
