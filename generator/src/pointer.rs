//! JSON pointers (RFC 6901) in the `#/a/b` fragment form used by `$ref` and by diagnostics.

/// Where the nodes of a converted document came from (a Swagger 2.0 document rewritten into
/// OpenAPI 3.0): `(pointer in the converted document, pointer in the original)`. A pointer is
/// translated by its longest recorded prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    moves: Vec<(String, String)>,
    /// `$ref` prefixes: (converted, original).
    refs: Vec<(String, String)>,
}

impl Origins {
    pub fn record(&mut self, converted: impl Into<String>, original: impl Into<String>) {
        self.moves.push((converted.into(), original.into()));
    }

    /// A message about the converted document in the original's words: the `$ref`s it quotes
    /// as the original wrote them (`#/definitions/Pet`, not `#/components/schemas/Pet`).
    pub fn original_message(&self, message: &str) -> String {
        let mut text = message.to_string();
        for (new, old) in &self.refs {
            text = text.replace(new.as_str(), old);
        }
        text
    }

    /// Records that `$ref`s written `original…` are `converted…` in the converted document.
    pub fn record_refs(&mut self, converted: &str, original: &str) {
        self.refs
            .push((format!("{converted}/"), format!("{original}/")));
    }

    /// The 2.0 document's pointer for a pointer of the converted document.
    pub fn original(&self, converted: &str) -> String {
        let best = self
            .moves
            .iter()
            .filter(|(new, _)| {
                converted == new
                    || converted
                        .strip_prefix(new.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(new, _)| new.len());
        match best {
            Some((new, old)) => format!("{old}{}", &converted[new.len()..]),
            None => converted.to_string(),
        }
    }
}

/// Appends one reference token to a pointer, escaping `~` and `/`.
pub fn join(base: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + token.len() + 1);
    pointer.push_str(base);
    push(&mut pointer, token);
    pointer
}

/// Appends `/token`, escaped, to `pointer` (a walk's one buffer: truncate it back after).
pub fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Splits `#/a/b~1c` into its unescaped tokens (`a`, `b/c`); `None` if it is not a local pointer.
/// A `$ref` is a URI, so its fragment may also be percent-encoded (`%7Bid%7D` for `{id}`).
pub fn tokens(reference: &str) -> Option<Vec<String>> {
    let path = reference.strip_prefix('#')?;
    if path.is_empty() {
        return Some(Vec::new());
    }
    let path = path.strip_prefix('/')?;
    Some(
        path.split('/')
            .map(|token| {
                let token = percent_encoding::percent_decode_str(token).decode_utf8_lossy();
                token.replace("~1", "/").replace("~0", "~")
            })
            .collect(),
    )
}

/// The pointer of `tokens`, escaped as [`join`] does: one spelling per location, whatever
/// escapes a `$ref` to it used.
pub fn from_tokens(tokens: &[String]) -> String {
    tokens
        .iter()
        .fold("#".to_string(), |at, token| join(&at, token))
}

/// The key of the entry of `components/{section}` that `reference` names as a whole
/// (`#/components/schemas/Pet` → `Pet`); `None` for any other pointer.
pub fn component_key(reference: &str, section: &str) -> Option<String> {
    // Three tokens, the first `components` (which only percent escapes could spell otherwise):
    // most pointers are told apart without decoding them.
    let rest = reference.strip_prefix("#/")?;
    if rest.bytes().filter(|&b| b == b'/').count() != 2
        || !rest.starts_with("components/") && !rest.contains('%')
    {
        return None;
    }
    match <[String; 3]>::try_from(tokens(reference)?) {
        Ok([components, found, key]) if components == "components" && found == section => Some(key),
        _ => None,
    }
}

/// The last token of a local pointer (`#/components/schemas/Pet` → `Pet`).
pub fn last_token(reference: &str) -> Option<String> {
    tokens(reference)?.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_keys_are_read_however_the_pointer_is_escaped() {
        let key = |pointer| component_key(pointer, "schemas");
        assert_eq!(key("#/components/schemas/Pet").as_deref(), Some("Pet"));
        assert_eq!(
            key("#/components/schemas/a~1b%20c").as_deref(),
            Some("a/b c")
        );
        assert_eq!(key("#/%63omponents/schemas/Pet").as_deref(), Some("Pet"));
        assert_eq!(key("#/components/schemas/Pet/properties/id"), None);
        assert_eq!(key("#/components/schemas"), None);
        assert_eq!(key("#/components/responses/Pet"), None);
        assert_eq!(key("#/paths/~1pets/get"), None);
        assert_eq!(key("components/schemas/Pet"), None);
    }

    #[test]
    fn escapes_and_unescapes_tokens() {
        let pointer = join(&join("#", "paths"), "/pets/{id}~x");
        assert_eq!(pointer, "#/paths/~1pets~1{id}~0x");
        assert_eq!(
            tokens(&pointer).unwrap(),
            vec!["paths".to_string(), "/pets/{id}~x".to_string()]
        );
    }

    #[test]
    fn percent_encoded_refs_mean_the_same_location() {
        let encoded = "#/paths/~1pets~1%7Bid%7D/get";
        let tokens = tokens(encoded).unwrap();
        assert_eq!(tokens, ["paths", "/pets/{id}", "get"]);
        assert_eq!(from_tokens(&tokens), "#/paths/~1pets~1{id}/get");
    }

    #[test]
    fn component_keys_are_whole_entries_only() {
        assert_eq!(
            component_key("#/components/schemas/a~1b", "schemas").as_deref(),
            Some("a/b")
        );
        assert_eq!(
            component_key("#/components/schemas/A/properties/b", "schemas"),
            None
        );
        assert_eq!(component_key("#/components/responses/A", "schemas"), None);
        assert_eq!(
            last_token("#/components/schemas/Pet").as_deref(),
            Some("Pet")
        );
    }

    #[test]
    fn rejects_non_local_pointers() {
        assert_eq!(tokens("other.yaml#/a"), None);
        assert_eq!(tokens("#"), Some(vec![]));
    }
}
