//! Values made from text, remembered on one thread: large specs repeat their names and
//! descriptions thousands of times (`id`, `url`, the same object inlined in many places), and
//! turning them into identifiers and doc attributes is a good part of a run.

use std::collections::HashMap;

/// What was made, by key; forgotten all at once past `limit` entries (a long-lived thread,
/// as a build script's, runs many generations).
pub(crate) struct Remembered<V> {
    key: String,
    made: HashMap<String, V>,
    limit: usize,
}

impl<V: Clone> Remembered<V> {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            key: String::new(),
            made: HashMap::new(),
            limit,
        }
    }

    /// The value for the key `write_key` writes, made by `make` the first time.
    pub(crate) fn get_or_make(
        &mut self,
        write_key: impl FnOnce(&mut String),
        make: impl FnOnce() -> V,
    ) -> V {
        self.key.clear();
        write_key(&mut self.key);
        if let Some(value) = self.made.get(self.key.as_str()) {
            return value.clone();
        }
        let value = make();
        if self.made.len() >= self.limit {
            self.made.clear();
        }
        self.made.insert(self.key.clone(), value.clone());
        value
    }
}

#[cfg(test)]
mod tests {
    use super::Remembered;

    #[test]
    fn makes_a_value_once_per_key_and_forgets_past_the_limit() {
        let mut remembered = Remembered::new(2);
        let made = std::cell::Cell::new(0);
        let mut get = |key: &str| {
            remembered.get_or_make(
                |k| k.push_str(key),
                || {
                    made.set(made.get() + 1);
                    key.to_uppercase()
                },
            )
        };
        assert_eq!(get("a"), "A");
        assert_eq!(get("a"), "A");
        assert_eq!(get("b"), "B");
        assert_eq!(get("c"), "C");
        assert_eq!(get("a"), "A");
        // `a`, `b`; `c` past the limit (all forgotten); `a` again.
        assert_eq!(made.get(), 4);
    }
}
