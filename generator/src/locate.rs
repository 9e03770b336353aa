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
    /// 0-based line and column, and the byte offset of the line's start.
    line: usize,
    column: usize,
    line_start: usize,
    key: Option<std::borrow::Cow<'t, str>>,
    children: Vec<usize>,
}

/// The nodes of a text by indentation, built once; lookups then walk the tree. Built for a
/// set of pointers ([`LineIndex::for_pointers`]), it holds only the nodes on their paths and
/// those nodes' children: a lookup of another pointer may then find less.
pub struct LineIndex<'t> {
    text: &'t str,
    nodes: Vec<Node<'t>>,
    /// The top-level nodes (the members of a JSON document's outer object).
    roots: Vec<usize>,
}

/// The reference tokens of the pointers an index is built for, as a tree.
#[derive(Default)]
struct Wanted {
    children: HashMap<String, Wanted>,
}

impl Wanted {
    fn add(&mut self, tokens: &[String]) {
        if let Some((first, rest)) = tokens.split_first() {
            self.children.entry(first.clone()).or_default().add(rest);
        }
    }
}

/// Which children of an open node the index keeps: all of them, those a [`Wanted`] tree
/// names (and their children), or none.
#[derive(Clone, Copy)]
enum Expand<'w> {
    All,
    Only(&'w Wanted),
    None,
}

impl<'w> Expand<'w> {
    /// What a child of a node so expanded keeps: by its key, or by its index among the
    /// node's elements.
    fn child(self, key: Option<&str>, element: usize) -> Expand<'w> {
        match self {
            Expand::All => Expand::All,
            Expand::None => Expand::None,
            Expand::Only(wanted) => {
                let found = match key {
                    Some(key) => wanted.children.get(key),
                    None => wanted.children.get(element.to_string().as_str()),
                };
                found.map_or(Expand::None, Expand::Only)
            }
        }
    }
}

/// A node open while its lines are read: its indent, its id (`None`: not kept), what its
/// children keep, and how many elements it has had.
struct Open<'w> {
    indent: usize,
    id: Option<usize>,
    expand: Expand<'w>,
    elements: usize,
}

/// The nodes kept so far, as the lines are read.
struct Tree<'t, 'w> {
    nodes: Vec<Node<'t>>,
    roots: Vec<usize>,
    /// What the top level keeps, and how many elements it has had.
    top: Expand<'w>,
    top_elements: usize,
    /// Open nodes, innermost last.
    open: Vec<Open<'w>>,
}

impl<'t> Tree<'t, '_> {
    /// A node that starts on a line: it closes the open nodes at its indent or deeper, and is
    /// kept where its parent keeps its children.
    fn add(&mut self, node: Node<'t>) {
        while self.open.last().is_some_and(|o| o.indent >= node.column) {
            self.open.pop();
        }
        let at_top = self.open.is_empty();
        let (parent_expand, parent_id, element) = match self.open.last_mut() {
            Some(parent) => {
                let element = parent.elements;
                parent.elements += usize::from(node.key.is_none());
                (parent.expand, parent.id, element)
            }
            None => {
                let element = self.top_elements;
                self.top_elements += usize::from(node.key.is_none());
                (self.top, None, element)
            }
        };
        let expand = match (parent_expand, &node.key) {
            // A JSON document's outer brace: its members are the top level.
            (Expand::Only(_), None) if at_top && node.column == 0 => parent_expand,
            _ => parent_expand.child(node.key.as_deref(), element),
        };
        let indent = node.column;
        let id = (!matches!(parent_expand, Expand::None)).then(|| {
            let id = self.nodes.len();
            match parent_id {
                Some(parent) => self.nodes[parent].children.push(id),
                None => self.roots.push(id),
            }
            self.nodes.push(node);
            id
        });
        self.open.push(Open {
            indent,
            id,
            expand,
            elements: 0,
        });
    }
}

impl<'t> LineIndex<'t> {
    /// An index of every node of `text`.
    pub fn new(text: &'t str) -> Self {
        Self::build(text, Expand::All)
    }

    /// An index that finds the nodes `pointers` name, for little more than one reading of
    /// the text: lines under a node no pointer passes through are skipped by indent alone.
    pub fn for_pointers<'p>(text: &'t str, pointers: impl IntoIterator<Item = &'p str>) -> Self {
        let mut wanted = Wanted::default();
        for pointer in pointers {
            if let Some(tokens) = pointer::tokens(pointer) {
                wanted.add(&tokens);
            }
        }
        Self::build(text, Expand::Only(&wanted))
    }

    fn build(text: &'t str, top: Expand<'_>) -> Self {
        let mut tree = Tree {
            nodes: Vec::new(),
            roots: Vec::new(),
            top,
            top_elements: 0,
            open: Vec::new(),
        };
        let mut line_start = 0;
        for (number, raw) in text.split('\n').enumerate() {
            let this_start = line_start;
            line_start += raw.len() + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let trimmed = raw.trim_start();
            let indent = raw.len() - trimmed.len();
            // Inside a node whose children are not kept: nothing on this line is.
            if tree
                .open
                .last()
                .is_some_and(|o| matches!(o.expand, Expand::None) && indent > o.indent)
            {
                continue;
            }
            if trimmed.is_empty()
                || trimmed.starts_with('#')
                || trimmed.starts_with('}')
                || trimmed.starts_with(']')
            {
                continue;
            }
            let node = |column, key| Node {
                line: number,
                column,
                line_start: this_start,
                key,
                children: Vec::new(),
            };
            let (rest, column) = match trimmed
                .strip_prefix("- ")
                .or_else(|| (trimmed == "-").then_some(""))
            {
                Some(after) => {
                    // A YAML list item; a key on the same line is its first member.
                    tree.add(node(indent, None));
                    let inner = after.trim_start();
                    (inner, indent + (trimmed.len() - inner.len()))
                }
                None => (trimmed, indent),
            };
            if rest.is_empty() {
                continue;
            }
            tree.add(node(column, key_of(rest)));
        }
        let Tree {
            mut nodes,
            mut roots,
            ..
        } = tree;
        // A JSON document's outer braces: its members are the top level.
        if let [only] = roots[..] {
            if nodes[only].key.is_none() {
                roots = std::mem::take(&mut nodes[only].children);
            }
        }
        Self { text, nodes, roots }
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
                let start = node.line_start + node.column;
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
        // From the node's line (or the text's start) to the offset found.
        let (line, line_start) = found.map_or((0, 0), |id| {
            let node = &self.nodes[id];
            (node.line, node.line_start)
        });
        let before = self.text.get(line_start..at)?;
        let newlines = before.matches('\n').count();
        let column_start = before
            .rfind('\n')
            .map_or(line_start, |at| line_start + at + 1);
        let column = self.text[column_start..at].chars().count();
        Some((line + newlines + 1, column + 1))
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
        .filter_map(|(file, text)| {
            let pointers = diagnostics
                .iter()
                .filter(|d| d.file == *file && d.location.is_none())
                .map(|d| d.pointer.as_str());
            let index = LineIndex::for_pointers(text.as_deref()?, pointers);
            Some((file.as_str(), index))
        })
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
    use super::LineIndex;

    /// Every pointer of a document, parents first.
    fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        let children: Vec<(String, &serde_json::Value)> = match value {
            serde_json::Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => Vec::new(),
        };
        for (token, child) in children {
            pointers(child, crate::pointer::join(&at, &token), out);
        }
    }

    /// The index built for some pointers finds each where the whole index does.
    fn agrees(text: &str, value: &serde_json::Value) {
        let mut all = Vec::new();
        pointers(value, "#".to_string(), &mut all);
        let full = LineIndex::new(text);
        let sparse = LineIndex::for_pointers(text, all.iter().map(String::as_str));
        let mut found = 0;
        for (n, pointer) in all.iter().enumerate() {
            let expected = full.locate(pointer);
            found += usize::from(expected.is_some());
            assert_eq!(sparse.locate(pointer), expected, "{pointer}");
            if n % 7 == 0 {
                let one = LineIndex::for_pointers(text, [pointer.as_str()]);
                assert_eq!(one.locate(pointer), expected, "{pointer} alone");
            }
        }
        assert!(found * 10 > all.len() * 9, "{found} of {} found", all.len());
    }

    #[test]
    fn an_index_for_some_pointers_finds_them_as_the_whole_index_does() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/kapso-platform-api.yaml"
        ))
        .unwrap();
        let value: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        agrees(&text, &value);
        agrees(&serde_json::to_string_pretty(&value).unwrap(), &value);
        let flow = "a:\n  - {b: [1, {c: 2}], d: x}\n  - e: {f: [g, h]}\n    i: 3\n";
        agrees(flow, &serde_yaml::from_str(flow).unwrap());
    }

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
