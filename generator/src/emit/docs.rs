//! Doc comments from spec text: always emitted as `#[doc = "…"]` string literals (so no text
//! can close a comment or inject code), with the Markdown defused where rustdoc would run it.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes, one per line, for the given paragraphs (empty ones are skipped).
pub fn doc_attrs<'t>(paragraphs: impl IntoIterator<Item = Option<&'t str>>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.into_iter().flatten() {
        let text = sanitize(paragraph);
        if text.trim().is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text.lines().map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        }));
    }
    quote! { #( #[doc = #lines] )* }
}

/// The generator's own sentences broken into lines of at most 88 characters at spaces, so
/// that doc comments read as in hand-written code (spec text keeps the author's lines).
pub fn wrap(text: &str) -> String {
    const WIDTH: usize = 88;
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_length = 0;
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        let length = word.chars().count();
        if line_length > 0 && line_length + 1 + length > WIDTH {
            out.push('\n');
            line_length = 0;
        } else if line_length > 0 {
            out.push(' ');
            line_length += 1;
        }
        out.push_str(word);
        line_length += length;
    }
    out
}

/// Makes spec text safe as rustdoc: no control characters, no indented code blocks, and
/// code fences marked `text`, because rustdoc compiles unmarked and `rust` code blocks as
/// doctests.
pub fn sanitize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    let mut list_content_indent: Option<usize> = None;
    for line in text.trim_end().lines() {
        let line: String = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let trimmed = line.trim_start();
        if let Some(info) = trimmed
            .strip_prefix("```")
            .or_else(|| trimmed.strip_prefix("~~~"))
        {
            if in_fence {
                in_fence = false;
                out.push_str("```");
            } else {
                in_fence = true;
                let language = info.trim();
                if language.is_empty() || language.starts_with("rust") {
                    out.push_str("```text");
                } else {
                    out.push_str("```");
                    out.push_str(language);
                }
            }
        } else if in_fence {
            out.push_str(&line);
        } else {
            let indent = line.len() - trimmed.len();
            let indent = match (list_item_content(trimmed), list_content_indent) {
                (Some(marker), _) => {
                    list_content_indent = Some(indent.min(3) + marker);
                    indent.min(3)
                }
                // A line continuing a list item is indented under it, as rustdoc reads it anyway.
                (None, Some(content)) if !trimmed.is_empty() => {
                    indent.max(content).min(content + 3)
                }
                _ => indent.min(3),
            };
            if trimmed.is_empty() {
                list_content_indent = None;
            }
            out.push_str(&" ".repeat(indent));
            out.push_str(trimmed.trim_end());
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out
}

/// For a Markdown list item (`- x`, `* x`, `1. x`), the width of its marker and space.
fn list_item_content(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

#[cfg(test)]
mod tests {
    use super::{sanitize, wrap};

    #[test]
    fn lines_continuing_a_list_item_are_indented_under_it() {
        assert_eq!(
            sanitize("Intro:\n- first\ncontinued\n10. tenth\nmore\n\nafter"),
            "Intro:\n- first\n  continued\n10. tenth\n    more\n\nafter\n"
        );
    }

    #[test]
    fn fences_become_text_and_indented_code_is_flattened() {
        let text = "Example:\n```\nlet x = 1;\n```\n\n    indented code\n```rust\nfn f() {}";
        assert_eq!(
            sanitize(text),
            "Example:\n```text\nlet x = 1;\n```\n\n   indented code\n```text\nfn f() {}\n```\n"
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(sanitize("a\u{0}b\r\nc\u{1b}[0m"), "ab\nc[0m\n");
    }

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        let text = "word ".repeat(40);
        let wrapped = wrap(&text);
        assert!(wrapped.lines().count() > 1);
        assert!(wrapped.lines().all(|line| line.len() <= 88));
        assert_eq!(wrapped.split_whitespace().count(), 40);
        assert_eq!(wrap("a `Link` b"), "a `Link` b");
        let long = "x".repeat(100);
        assert_eq!(wrap(&format!("a {long} b")), format!("a\n{long}\nb"));
    }
}
