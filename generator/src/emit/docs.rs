//! Doc comments: always emitted as `#[doc = "…"]` string literals (so no text can close a
//! comment or inject code). Spec text has its Markdown defused where rustdoc would run it or
//! read it as links or HTML; the generator's own sentences keep their intra-doc links.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes, one per line, for the given paragraphs of spec text (empty ones are
/// skipped).
pub fn doc_attrs<'t>(paragraphs: impl IntoIterator<Item = Option<&'t str>>) -> TokenStream {
    let paragraphs: Vec<&str> = paragraphs.into_iter().flatten().collect();
    // Specs repeat their descriptions (a property of the same name in many schemas, an
    // object inlined many times): each text is made into attributes once per thread.
    DOCS.with_borrow_mut(|docs| {
        let key = |key: &mut String| {
            for paragraph in &paragraphs {
                key.push_str(paragraph);
                key.push('\0');
            }
        };
        docs.get_or_make(key, || {
            doc_lines(paragraphs.iter().map(|text| sanitize(text)))
        })
    })
}

/// Texts remembered at most, per thread ([`crate::memo`]).
const REMEMBERED: usize = 1 << 15;

thread_local! {
    static DOCS: std::cell::RefCell<crate::memo::Remembered<TokenStream>> =
        std::cell::RefCell::new(crate::memo::Remembered::new(REMEMBERED));
}

/// `#[doc]` attributes for paragraphs of spec text followed by one of the generator's own,
/// which is wrapped and whose links (`` [`Client::x`](super::Client::x) ``) are meant.
pub fn own_doc_attrs<'t>(
    paragraphs: impl IntoIterator<Item = Option<&'t str>>,
    own: &str,
) -> TokenStream {
    let spec = paragraphs.into_iter().flatten().map(sanitize);
    doc_lines(spec.chain(std::iter::once(wrap(own))))
}

fn doc_lines(paragraphs: impl Iterator<Item = String>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for text in paragraphs {
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
fn wrap(text: &str) -> String {
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
    let mut prose = Prose::default();
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
            // A fence ends the paragraph before it, and the one in it ends at its end.
            prose = Prose::default();
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
            prose.line(&line, &mut out);
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out
}

/// The blocks a line of prose continues, so that it continues them the way rustdoc and
/// clippy's doc lints read it.
#[derive(Default)]
struct Prose {
    /// Where the content of the list item being written starts.
    list_content_indent: Option<usize>,
    /// Whether the paragraph being written is a block quote's.
    in_quote: bool,
}

impl Prose {
    fn line(&mut self, line: &str, out: &mut String) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            *self = Prose::default();
            return;
        }
        let indent = line.len() - trimmed.len();
        let item = list_item_content(trimmed);
        // A quote or heading left of the item's content starts a block after the list.
        let starts_block = trimmed.starts_with(['>', '#']);
        let outside_item = self
            .list_content_indent
            .is_some_and(|content| indent < content);
        if starts_block && outside_item {
            self.list_content_indent = None;
        }
        let indent = match (item, self.list_content_indent) {
            (Some(marker), _) => {
                self.list_content_indent = Some(indent.min(3) + marker);
                indent.min(3)
            }
            // A line continuing a list item is indented under it, as rustdoc reads it anyway,
            // and no further (clippy's `doc_overindented_list_items`).
            (None, Some(content)) => content,
            (None, None) => indent.min(3),
        };
        out.push_str(&" ".repeat(indent));
        // A line continuing a quoted paragraph without `>` is still quoted: it says so
        // (clippy's `doc_lazy_continuation`).
        let quoted = trimmed.starts_with('>');
        if self.in_quote && !quoted && item.is_none() && !starts_block {
            out.push_str("> ");
        } else {
            self.in_quote = quoted;
        }
        out.push_str(&defuse_inline(trimmed.trim_end()));
    }
}

/// Keeps rustdoc from reading prose as what it is not. `[text]` that is no Markdown link
/// would be an (unresolved) intra-doc link, so its `[` is escaped; a link to a Rust path
/// (specs written from Rust code have `` [`Disk`](omicron_common::Disk) ``) keeps only its
/// text; a bare URL is put in `<>`, as rustdoc asks; `<Name>` that is no HTML tag (Twilio's
/// `<Pay>`) has its `<` escaped. Code spans, links to URLs, `[text][ref]` links and their
/// definitions stay as they are.
fn defuse_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            let span = rest[ticks..]
                .find(fence)
                .map_or(ticks, |end| ticks + end + ticks);
            out.push_str(&rest[..span]);
            rest = &rest[span..];
        } else if c == '[' {
            let Some(close) = rest.find(']') else {
                out.push('[');
                rest = &rest[1..];
                continue;
            };
            let after = &rest[close + 1..];
            if let Some(target) = after.strip_prefix('(').and_then(|t| t.split_once(')')) {
                if is_rust_path(target.0) {
                    out.push_str(&rest[1..close]);
                    rest = target.1;
                    continue;
                }
            } else if !(out.ends_with(']')
                || after.starts_with('[')
                || (after.starts_with(':') && out.is_empty()))
            {
                out.push('\\');
            }
            out.push('[');
            rest = &rest[1..];
        } else if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'']);
            if out.ends_with(['(', '<', '"', '\'', '=']) {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            rest = &rest[url.len()..];
        } else if c == '<' && !is_html_tag(&rest[1..]) && !rest[1..].starts_with("http") {
            out.push_str("\\<");
            rest = &rest[1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Whether a link target is a Rust path (`Disk`, `crate::views::Disk`), which rustdoc would
/// try to resolve, rather than a URL or a file.
fn is_rust_path(target: &str) -> bool {
    !target.is_empty()
        && target
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '!' | '@'))
        && !target.contains("://")
        && !target.starts_with("mailto:")
}

/// Whether text after `<` starts an HTML tag rustdoc accepts (`<br>`, `<b>`, `</p>`, `<a …>`).
fn is_html_tag(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ];
    let text = text.strip_prefix('/').unwrap_or(text);
    let name_length = text
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(text.len());
    let rest = &text[name_length..];
    TAGS.contains(&&text[..name_length])
        && (rest.starts_with('>') || rest.starts_with(' ') || rest.starts_with("/>"))
}

/// For a Markdown list item (`- x`, `*   x`, `1. x`), where its content starts: after the
/// marker and the one to four spaces that follow it (five or more are one space and an
/// indented code block).
fn list_item_content(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let delimited = digits > 0 && line[digits..].starts_with(['.', ')']);
        if !delimited {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|&c| c == ' ').count();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::{defuse_inline, sanitize, wrap};

    #[test]
    fn lines_continuing_a_list_item_are_indented_under_it() {
        assert_eq!(
            sanitize("Intro:\n- first\ncontinued\n10. tenth\nmore\n      and more\n\nafter"),
            "Intro:\n- first\n  continued\n10. tenth\n    more\n    and more\n\nafter\n"
        );
    }

    #[test]
    fn list_items_continue_under_their_content_and_quotes_stay_quoted() {
        assert_eq!(
            sanitize("*   wide marker\n  continued\n> quoted\nlazily\n\nnot quoted\n- x"),
            "*   wide marker\n    continued\n> quoted\n> lazily\n\nnot quoted\n- x\n"
        );
        assert_eq!(
            sanitize("> quote\n# Heading\n> quote\n- item\n1.      code"),
            "> quote\n# Heading\n> quote\n- item\n1.      code\n"
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
    fn brackets_bare_urls_and_stray_tags_are_not_read_as_links_or_html() {
        assert_eq!(
            defuse_inline("[Optional] see [docs](https://x.io/a), [`Name`] and [a][b]"),
            "\\[Optional] see [docs](https://x.io/a), \\[`Name`] and [a][b]"
        );
        assert_eq!(
            defuse_inline("a [`Disk`](omicron_common::api::Disk) or [page](../page.html)"),
            "a `Disk` or [page](../page.html)"
        );
        assert_eq!(
            defuse_inline("See https://x.io/docs. Or <https://y.io>, `a[0]` and `https://z.io`."),
            "See <https://x.io/docs>. Or <https://y.io>, `a[0]` and `https://z.io`."
        );
        assert_eq!(
            defuse_inline("[ref]: https://x.io"),
            "[ref]: <https://x.io>"
        );
        assert_eq!(defuse_inline("``unclosed [x]"), "``unclosed \\[x]");
        assert_eq!(defuse_inline("(https://x.io) [0m"), "(https://x.io) [0m");
        assert_eq!(
            defuse_inline("the <Pay> verb, <id>, a<br>b, <b>bold</b>, 1 < 2"),
            "the \\<Pay> verb, \\<id>, a<br>b, <b>bold</b>, 1 \\< 2"
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
