//! Line and column of a JSON pointer in spec text. Specs are written in block style — one
//! key per line, in YAML or pretty-printed JSON — so indentation tells nesting; that is what
//! this reads. It returns `None` where the text does not say (flow style, one-line JSON,
//! nodes made by bundling), and the diagnostic then names the pointer alone.

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
    nodes: Vec<Node<'t>>,
    /// The top-level nodes (the members of a JSON document's outer object).
    roots: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut nodes: Vec<Node<'t>> = Vec::new();
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
        Self { nodes, roots }
    }

    /// 1-based line and column where the node at `pointer` starts.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let tokens = pointer::tokens(pointer)?;
        let mut children = &self.roots;
        let mut found = None;
        for token in &tokens {
            let elements: Vec<usize> = children
                .iter()
                .copied()
                .filter(|&c| self.nodes[c].key.is_none())
                .collect();
            let next = match token.parse::<usize>() {
                Ok(index) if !elements.is_empty() => *elements.get(index)?,
                _ => *children
                    .iter()
                    .find(|&&c| self.nodes[c].key.as_deref() == Some(token.as_str()))?,
            };
            found = Some(next);
            children = &self.nodes[next].children;
        }
        let node = &self.nodes[found?];
        Some((node.line + 1, node.column + 1))
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
