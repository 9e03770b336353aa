//! Line and column of a JSON pointer in spec text. Specs are mostly written in block style —
//! one key per line, in YAML or pretty-printed JSON — so indentation tells nesting; that is
//! what the index reads. Where a node's value is written in flow style (`{type: strin}`,
//! `[a, b]`, one-line JSON), the rest of the pointer is followed through the flow collection
//! itself. It returns `None` where the text does not say (nodes made by bundling), and the
//! diagnostic then names the pointer alone.

use crate::diagnostics::Diagnostics;
use crate::pointer;
use std::collections::HashMap;

/// A line that opens a node: a key, or an array element.
struct Node<'t> {
    /// 0-based line and column.
    line: usize,
    column: usize,
    key: Option<std::borrow::Cow<'t, str>>,
    children: Vec<usize>,
}

/// The nodes of a text by indentation, built once; lookups then walk the tree.
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of each line's start.
    line_starts: Vec<usize>,
    nodes: Vec<Node<'t>>,
    /// The top-level nodes (the members of a JSON document's outer object).
    roots: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        // At most a node or two per line: sized once, as growing a vector this large by
        // doubling holds both buffers at once (at the end of a run, its peak of memory).
        let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
        let mut nodes: Vec<Node<'t>> = Vec::with_capacity(lines);
        let mut roots = Vec::new();
        // Open nodes as (indent, node), innermost last.
        let mut open: Vec<(usize, usize)> = Vec::new();
        let add = |nodes: &mut Vec<Node<'t>>,
                   open: &mut Vec<(usize, usize)>,
                   roots: &mut Vec<usize>,
                   node: Node<'t>| {
            while open
                .last()
                .is_some_and(|(indent, _)| *indent >= node.column)
            {
                open.pop();
            }
            let id = nodes.len();
            match open.last() {
                Some((_, parent)) => nodes[*parent].children.push(id),
                None => roots.push(id),
            }
            open.push((node.column, id));
            nodes.push(node);
        };
        for (number, raw) in text.lines().enumerate() {
            let trimmed = raw.trim_start();
            let indent = raw.len() - trimmed.len();
            if trimmed.is_empty()
                || trimmed.starts_with('#')
                || trimmed.starts_with('}')
                || trimmed.starts_with(']')
            {
                continue;
            }
            let (rest, column) = match trimmed
                .strip_prefix("- ")
                .or_else(|| (trimmed == "-").then_some(""))
            {
                Some(after) => {
                    // A YAML list item; a key on the same line is its first member.
                    let item = Node {
                        line: number,
                        column: indent,
                        key: None,
                        children: Vec::new(),
                    };
                    add(&mut nodes, &mut open, &mut roots, item);
                    let inner = after.trim_start();
                    (inner, indent + (trimmed.len() - inner.len()))
                }
                None => (trimmed, indent),
            };
            if rest.is_empty() {
                continue;
            }
            let key = key_of(rest);
            let node = Node {
                line: number,
                column,
                key,
                children: Vec::new(),
            };
            add(&mut nodes, &mut open, &mut roots, node);
        }
        // A JSON document's outer braces: its members are the top level.
        if let [only] = roots[..] {
            if nodes[only].key.is_none() {
                roots = std::mem::take(&mut nodes[only].children);
            }
        }
        let mut line_starts = Vec::with_capacity(lines);
        line_starts.push(0);
        line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Self {
            text,
            line_starts,
            nodes,
            roots,
        }
    }

    /// 1-based line and column where the node at `pointer` starts.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let tokens = pointer::tokens(pointer)?;
        let mut children = &self.roots;
        let mut found = None;
        for (depth, token) in tokens.iter().enumerate() {
            let elements: Vec<usize> = children
                .iter()
                .copied()
                .filter(|&c| self.nodes[c].key.is_none())
                .collect();
            let next = match token.parse::<usize>() {
                Ok(index) if !elements.is_empty() => elements.get(index).copied(),
                _ => children
                    .iter()
                    .copied()
                    .find(|&c| self.nodes[c].key.as_deref() == Some(token.as_str())),
            };
            let Some(next) = next else {
                // The rest may be written in flow style after the last node found.
                return self.in_flow(found, &tokens[depth..]);
            };
            found = Some(next);
            children = &self.nodes[next].children;
        }
        let node = &self.nodes[found?];
        Some((node.line + 1, node.column + 1))
    }

    /// Follows `tokens` through the flow collection that is the value of node `found` (or,
    /// for a list item, the item itself): `- {name: x, in: query}`, `schema: {type: strin}`.
    fn in_flow(&self, found: Option<usize>, tokens: &[String]) -> Option<(usize, usize)> {
        let value_at = match found.map(|id| &self.nodes[id]) {
            // A document written in flow style as a whole (one-line JSON).
            None => self
                .text
                .find(|c: char| !c.is_whitespace())
                .filter(|&at| self.text[at..].starts_with('{'))?,
            Some(node) => {
                let start = self.line_starts.get(node.line)? + node.column;
                let rest = self.text.get(start..)?;
                // After the key's `:` (a key), or at the item's content (a list item).
                match &node.key {
                    Some(_) => start + flow_value_start(rest)?,
                    None => start + rest.find(['{', '['])?,
                }
            }
        };
        let at = Flow {
            text: self.text,
            at: value_at,
        }
        .find(tokens)?;
        let line = self.line_starts.partition_point(|&s| s <= at) - 1;
        let column = self.text[self.line_starts[line]..at].chars().count();
        Some((line + 1, column + 1))
    }
}

/// The key a line starts with: `key:`, `"key":` or `'key':`.
fn key_of(rest: &str) -> Option<std::borrow::Cow<'_, str>> {
    if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find("\":")?;
        let key = &quoted[..end];
        return Some(if key.contains('\\') {
            std::borrow::Cow::Owned(serde_json::from_str(&format!("\"{key}\"")).ok()?)
        } else {
            std::borrow::Cow::Borrowed(key)
        });
    }
    if let Some(quoted) = rest.strip_prefix('\'') {
        let end = quoted.find("':")?;
        return Some(std::borrow::Cow::Owned(quoted[..end].replace("''", "'")));
    }
    if rest.starts_with('#') || rest.starts_with('{') || rest.starts_with('[') {
        return None;
    }
    let end = rest
        .find(": ")
        .or_else(|| rest.ends_with(':').then(|| rest.len() - 1))?;
    Some(std::borrow::Cow::Borrowed(rest[..end].trim_end()))
}

/// Where a key's value starts in `rest` (the text from the key on): after its `:`, at a `{`
/// or `[` on the same line.
fn flow_value_start(rest: &str) -> Option<usize> {
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let colon = rest[..line_end].find(':')?;
    let after = &rest[colon + 1..line_end];
    let skipped = after.len() - after.trim_start().len();
    matches!(after.trim_start().chars().next(), Some('{' | '[')).then_some(colon + 1 + skipped)
}

/// A reader of a flow collection (`{a: 1, b: [x, y]}`, JSON alike) from a byte offset.
struct Flow<'t> {
    text: &'t str,
    at: usize,
}

impl Flow<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.at += c.len_utf8();
            } else if c == '#' {
                self.at += self.text[self.at..]
                    .find('\n')
                    .unwrap_or(self.text.len() - self.at);
            } else {
                break;
            }
        }
    }

    /// The offset of the node `tokens` name inside the collection at the cursor.
    fn find(mut self, tokens: &[String]) -> Option<usize> {
        let (token, rest) = tokens.split_first()?;
        self.skip_space();
        let open = self.peek()?;
        self.at += 1;
        let mut index = 0;
        loop {
            self.skip_space();
            match self.peek()? {
                '}' | ']' => return None,
                ',' => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            let entry_at = self.at;
            let matches = if open == '{' {
                let key = self.scalar()?;
                self.skip_space();
                if self.peek() != Some(':') {
                    return None;
                }
                self.at += 1;
                self.skip_space();
                key == *token
            } else {
                let hit = token.parse::<usize>() == Ok(index);
                index += 1;
                hit
            };
            if matches {
                return match rest {
                    [] => Some(entry_at),
                    _ if matches!(self.peek(), Some('{' | '[')) => self.find(rest),
                    _ => None,
                };
            }
            self.skip_value()?;
            // Text this reader does not follow (`[a: b]`): give up rather than loop.
            if self.at == entry_at {
                return None;
            }
        }
    }

    /// A key or plain value, unquoted.
    fn scalar(&mut self) -> Option<String> {
        match self.peek()? {
            quote @ ('"' | '\'') => {
                let body = &self.text[self.at + 1..];
                let end = body.find(quote)?;
                self.at += end + 2;
                Some(body[..end].to_string())
            }
            _ => {
                let body = &self.text[self.at..];
                let end = body.find([':', ',', '}', ']', '\n']).unwrap_or(body.len());
                self.at += end;
                Some(body[..end].trim().to_string())
            }
        }
    }

    /// Skips a value: a nested collection, or a scalar.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            '{' | '[' => {
                let mut depth = 0usize;
                let mut quote: Option<char> = None;
                for (offset, c) in self.text[self.at..].char_indices() {
                    match (quote, c) {
                        (Some(q), c) if c == q => quote = None,
                        (Some(_), _) => {}
                        (None, '"' | '\'') => quote = Some(c),
                        (None, '{' | '[') => depth += 1,
                        (None, '}' | ']') => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += offset + 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                }
                None
            }
            _ => self.scalar().map(|_| ()),
        }
    }
}

/// Adds line and column to every diagnostic whose place the text shows; `read` gives the
/// text of a file by its name in the diagnostics (each file is read once).
pub fn attach(diagnostics: &mut Diagnostics, read: impl Fn(&str) -> Option<String>) {
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    for diagnostic in diagnostics.iter() {
        if diagnostic.pointer != "#" && !texts.contains_key(&diagnostic.file) {
            texts.insert(diagnostic.file.clone(), read(&diagnostic.file));
        }
    }
    let indexes: HashMap<&str, LineIndex<'_>> = texts
        .iter()
        .filter_map(|(file, text)| Some((file.as_str(), LineIndex::new(text.as_deref()?))))
        .collect();
    diagnostics.set_locations(|file, pointer| indexes.get(file)?.locate(pointer));
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn finds_keys_and_list_items_in_yaml() {
        let text = "openapi: 3.1.0\npaths:\n  /a/{b}:\n    get:\n      parameters:\n        - name: x\n          in: query\n        - name: y\n          schema:\n            type: string\ncomponents:\n  schemas:\n    'It''s':\n      type: object\n";
        let index = LineIndex::new(text);
        assert_eq!(index.locate("#/paths/~1a~1{b}/get"), Some((4, 5)));
        assert_eq!(
            index.locate("#/paths/~1a~1{b}/get/parameters/1"),
            Some((8, 9))
        );
        assert_eq!(
            index.locate("#/paths/~1a~1{b}/get/parameters/1/schema/type"),
            Some((10, 13))
        );
        assert_eq!(index.locate("#/components/schemas/It's"), Some((13, 5)));
        assert_eq!(index.locate("#/components/schemas/Missing"), None);
    }

    #[test]
    fn follows_pointers_into_flow_style() {
        let text = "paths:\n  /a:\n    get:\n      parameters:\n        - {name: x, in: query, schema: {type: strin}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object,\n          properties: {c: {type: strin}, 'd e': [1, {f: 2}]}}}}}\n";
        let index = LineIndex::new(text);
        assert_eq!(
            index.locate("#/paths/~1a/get/parameters/0/schema/type"),
            Some((5, 41))
        );
        assert_eq!(
            index.locate("#/paths/~1a/get/parameters/0/in"),
            Some((5, 21))
        );
        assert_eq!(
            index.locate(
                "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/c/type"
            ),
            Some((8, 28))
        );
        assert_eq!(
            index.locate(
                "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/d e/1/f"
            ),
            Some((8, 54))
        );
        assert_eq!(index.locate("#/paths/~1a/get/responses/200/missing"), None);
        for odd in [
            "a: [b: c, d]\n",
            "a: {b\n",
            "a: {'b: 1}\n",
            "a: [}\n",
            "a: {b: [1, {c: }]}\n",
        ] {
            let _ = LineIndex::new(odd).locate("#/a/1/c");
            let _ = LineIndex::new(odd).locate("#/a/b/1/c");
        }
        let json = r#"{"openapi": "3.0.3", "paths": {"/a": {"get": {"responses": {}}}}}"#;
        assert_eq!(
            LineIndex::new(json).locate("#/paths/~1a/get/responses"),
            Some((1, 47))
        );
    }

    #[test]
    fn finds_keys_and_elements_in_pretty_json() {
        let text = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {\n        \"tags\": [\n          \"x\",\n          \"y\"\n        ],\n        \"responses\": {}\n      }\n    }\n  }\n}\n";
        let index = LineIndex::new(text);
        assert_eq!(index.locate("#/paths/~1a/get/responses"), Some((9, 9)));
        assert_eq!(index.locate("#/paths/~1a/get/tags/1"), Some((7, 11)));
    }
}

#[cfg(test)]
mod kapso_spec {
    #[test]
    fn locates_in_the_kapso_spec() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/kapso-platform-api.yaml"
        ))
        .unwrap();
        let index = super::LineIndex::new(&text);
        assert_eq!(index.locate("#/paths"), Some((47, 1)));
        assert_eq!(index.locate("#/paths/~1inbox_embeds"), Some((48, 3)));
        assert_eq!(
            index.locate("#/paths/~1inbox_embeds/get/responses/422"),
            Some((146, 9))
        );
        assert_eq!(
            index.locate("#/components/schemas/InboxEmbedListResponse/properties/meta"),
            Some((160, 9))
        );
    }
}
