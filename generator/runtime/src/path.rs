//! The path of a request, expanded from the operation's template: literal parts as the spec
//! writes them, each parameter percent-encoded inside its segment. A parameter's value never
//! names another resource: a segment it leaves empty, `.` or `..` (which URL parsing would
//! resolve to the collection or the parent) makes the request refused before it is sent.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt::Display;

/// RFC 3986 unreserved characters stay as they are; everything else is percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request path being expanded (generated code builds it):
/// `Path::new("/things/").param("thing_id", &id).literal("/parts")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    text: String,
    /// Each parameter: its name and where its encoded value starts and ends in `text`.
    params: Vec<(&'static str, usize, usize)>,
}

impl Path {
    /// A path starting with `literal` (the template up to its first parameter).
    pub fn new(literal: &str) -> Self {
        Self {
            text: literal.to_owned(),
            params: Vec::new(),
        }
    }

    /// Appends the path parameter `name`'s value, percent-encoded so that `/`, `?`, `#` and
    /// spaces stay inside its segment.
    #[must_use]
    pub fn param(mut self, name: &'static str, value: &impl Display) -> Self {
        let start = self.text.len();
        self.text
            .extend(utf8_percent_encode(&value.to_string(), SEGMENT));
        self.params.push((name, start, self.text.len()));
        self
    }

    /// Appends a literal part of the template.
    #[must_use]
    pub fn literal(mut self, literal: &str) -> Self {
        self.text.push_str(literal);
        self
    }

    /// The path, or why it is refused: a segment a parameter filled is empty or a dot
    /// segment.
    pub(crate) fn into_checked(self) -> Result<String, String> {
        let refused = |name: &str, problem: &str| {
            format!(
                "the path parameter `{name}` {problem} (`{}`): the request would reach another \
                 resource than its operation's",
                self.text
            )
        };
        if let Some((name, ..)) = self.params.iter().find(|(_, from, to)| from == to) {
            return Err(refused(name, "is empty"));
        }
        let mut start = 0;
        for segment in self.text.split('/') {
            let end = start + segment.len();
            let filled_by = self
                .params
                .iter()
                .find(|(_, from, to)| *from >= start && *to <= end);
            match filled_by {
                Some((name, ..)) if matches!(segment, "." | "..") => {
                    return Err(refused(name, "is a dot segment"));
                }
                _ => {}
            }
            start = end + 1;
        }
        Ok(self.text)
    }
}

impl From<&str> for Path {
    fn from(literal: &str) -> Self {
        Path::new(literal)
    }
}

/// A path parameter, percent-encoded so that `/`, `?`, `#` and spaces stay inside the segment.
/// Dot segments and empty values pass as they are: [`Path::param`] refuses them.
pub fn path_segment(value: &impl Display) -> String {
    utf8_percent_encode(&value.to_string(), SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(
            path_segment(&"a b/c?d#e~f.g-h_i"),
            "a%20b%2Fc%3Fd%23e~f.g-h_i"
        );
        assert_eq!(path_segment(&"ü"), "%C3%BC");
    }

    #[test]
    fn parameters_fill_their_segment() {
        let path = Path::new("/projects/")
            .param("project", &"a/b")
            .literal("/things/")
            .param("thing_id", &"..x")
            .literal(".json");
        assert_eq!(
            path.into_checked().unwrap(),
            "/projects/a%2Fb/things/..x.json"
        );
        assert_eq!(
            Path::from("/things/").into_checked().unwrap(),
            "/things/",
            "a template's own trailing slash is the spec's"
        );
    }

    #[test]
    fn values_that_would_name_another_resource_are_refused() {
        for (value, problem) in [
            ("..", "is a dot segment"),
            (".", "is a dot segment"),
            ("", "is empty"),
        ] {
            let error = Path::new("/projects/")
                .param("project", &"p")
                .literal("/things/")
                .param("thing_id", &value)
                .into_checked()
                .unwrap_err();
            assert!(
                error.contains(&format!("`thing_id` {problem}")),
                "{value:?}: {error}"
            );
        }
        // Two parameters that make `..` together.
        let error = Path::new("/a/")
            .param("x", &".")
            .param("y", &".")
            .into_checked()
            .unwrap_err();
        assert!(error.contains("`x` is a dot segment"), "{error}");
        // A parameter next to a literal is checked with it.
        let dot = Path::new("/a/").param("x", &".").literal("/b");
        assert!(
            dot.into_checked()
                .unwrap_err()
                .contains("`x` is a dot segment")
        );
        let empty = Path::new("/files/").param("name", &"").literal(".json");
        assert!(
            empty
                .into_checked()
                .unwrap_err()
                .contains("`name` is empty")
        );
        let dots = Path::new("/files/").param("name", &".").literal(".");
        assert!(dots.into_checked().is_err(), "`.` and `.` make `..`");
    }
}
