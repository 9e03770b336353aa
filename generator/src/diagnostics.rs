//! Problems found in a spec, each located by file and JSON pointer.
//!
//! Every stage pushes into one [`Diagnostics`] collector and keeps going, so a user sees all
//! problems of a run at once; [`Diagnostics::gate`] stops the pipeline between stages when
//! errors exist.

use std::collections::HashSet;
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation went on, with the construct degraded (for example to `serde_json::Value`).
    Warning,
    /// No code is written.
    Error,
}

/// One problem at one place in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in, as the user named it.
    pub file: String,
    /// JSON pointer of the offending node (`#/paths/~1pets/get`), `#` for the whole document.
    pub pointer: String,
    pub message: String,
    /// 1-based line and column of the node, where the text shows it.
    pub location: Option<(usize, usize)>,
}

impl Diagnostic {
    /// `file:line:column` where the location is known, else `file`.
    pub fn place(&self) -> String {
        match self.location {
            Some((line, column)) => format!("{}:{line}:{column}", self.file),
            None => self.file.clone(),
        }
    }
}

impl Diagnostic {
    /// `file:line:col: #/pointer: message`, without the severity. A problem with the file as
    /// a whole (unreadable, empty, not YAML) has no pointer to show: `file: message`, or
    /// `file:line:col: message` where it has a position.
    pub fn located(&self) -> String {
        if self.pointer == "#" {
            format!("{}: {}", self.place(), self.message)
        } else {
            format!("{}: {}: {}", self.place(), self.pointer, self.message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}", self.located())
    }
}

/// Where nodes of a spec came from, for reporting problems there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Moved {
    /// Converted from Swagger 2.0: problems are reported at the original's pointers.
    origins: Option<crate::pointer::Origins>,
    /// Put in by an overlay: (pointer in the spec, overlay file, pointer in it).
    grafts: Vec<(String, String, String)>,
}

/// The problems of one run, in the order they were found, each once: the same message at
/// the same place (a schema reached through several `$ref`s) is kept the first time only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    file: String,
    items: Vec<Diagnostic>,
    /// (severity, file, pointer, message) of every item, to keep out repeats.
    seen: HashSet<(Severity, String, String, String)>,
    /// Where the nodes of `file` came from (converted from Swagger 2.0, put in by an
    /// overlay), where any did: problems found later are reported there.
    moved: Option<Box<Moved>>,
}

impl Diagnostics {
    /// A collector for problems in `file`.
    pub fn new(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            items: Vec::new(),
            seen: HashSet::new(),
            moved: None,
        }
    }

    /// From now on, problems at `spec_pointer` of the spec file or below it are reported at
    /// `overlay_pointer` of `overlay`, which put that node there.
    pub(crate) fn graft(&mut self, spec_pointer: String, overlay: String, overlay_pointer: String) {
        let moved = self.moved.get_or_insert_with(Box::default);
        moved.grafts.push((spec_pointer, overlay, overlay_pointer));
    }

    /// From now on, problems of the spec file are reported at the pointers `origins` translate
    /// them to (its nodes moved when it was converted).
    pub(crate) fn translate_pointers(&mut self, origins: crate::pointer::Origins) {
        self.moved.get_or_insert_with(Box::default).origins = Some(origins);
    }

    /// The file the problems are in (the spec as it was named).
    pub(crate) fn file(&self) -> &str {
        &self.file
    }

    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, pointer.into(), message.into());
    }

    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, pointer.into(), message.into());
    }

    /// An error whose line and column are known where it is found (a syntax error).
    pub fn error_at(
        &mut self,
        pointer: impl Into<String>,
        location: (usize, usize),
        message: impl Into<String>,
    ) {
        self.add(Diagnostic {
            severity: Severity::Error,
            file: self.file.clone(),
            pointer: pointer.into(),
            message: message.into(),
            location: Some(location),
        });
    }

    /// An error in another file of a multi-file spec.
    pub fn error_in(&mut self, file: &str, pointer: impl Into<String>, message: impl Into<String>) {
        self.add(Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            pointer: pointer.into(),
            message: message.into(),
            location: None,
        });
    }

    fn push(&mut self, severity: Severity, pointer: String, message: String) {
        let (pointer, message) = match self.moved.as_ref().and_then(|m| m.origins.as_ref()) {
            Some(origins) => (
                origins.original(&pointer),
                origins.original_message(&message),
            ),
            None => (pointer, message),
        };
        // The deepest node an overlay put in that holds the problem, if any.
        let grafts = self.moved.as_ref().map_or(&[][..], |m| &m.grafts[..]);
        let graft = grafts
            .iter()
            .filter(|(at, _, _)| {
                pointer == *at
                    || pointer
                        .strip_prefix(at.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(at, _, _)| at.len());
        let (file, pointer) = match graft {
            Some((at, overlay, overlay_at)) => (
                overlay.clone(),
                format!("{overlay_at}{}", &pointer[at.len()..]),
            ),
            None => (self.file.clone(), pointer),
        };
        self.add(Diagnostic {
            severity,
            file,
            pointer,
            message,
            location: None,
        });
    }

    /// Adds a diagnostic unless the same one is already there.
    pub fn add(&mut self, diagnostic: Diagnostic) {
        let key = (
            diagnostic.severity,
            diagnostic.file.clone(),
            diagnostic.pointer.clone(),
            diagnostic.message.clone(),
        );
        if self.seen.insert(key) {
            self.items.push(diagnostic);
        }
    }

    /// Sets each diagnostic's location from its file and pointer.
    pub fn set_locations(&mut self, mut locate: impl FnMut(&str, &str) -> Option<(usize, usize)>) {
        for diagnostic in &mut self.items {
            if diagnostic.location.is_none() {
                diagnostic.location = locate(&diagnostic.file, &diagnostic.pointer);
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Ends a stage: `Err` with everything collected so far when any error was found.
    pub fn gate(&mut self) -> Result<(), Diagnostics> {
        if self.has_errors() {
            Err(std::mem::take(self))
        } else {
            Ok(())
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.items {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_problem_at_the_same_place_is_kept_once() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        for _ in 0..19 {
            diagnostics.error("#/components/schemas/A", "bad");
            diagnostics.warning("#/components/schemas/A", "bad");
        }
        diagnostics.error("#/components/schemas/B", "bad");
        diagnostics.error_in("other.yaml", "#/components/schemas/A", "bad");
        assert_eq!(diagnostics.to_string().lines().count(), 4, "{diagnostics}");
    }
}
