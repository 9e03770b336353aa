//! JSON pointers (RFC 6901) in the `#/a/b` fragment form used by `$ref` and by diagnostics.

/// Appends one reference token to a pointer, escaping `~` and `/`.
pub fn join(base: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + token.len() + 1);
    pointer.push_str(base);
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
    pointer
}

/// Splits `#/a/b~1c` into its unescaped tokens (`a`, `b/c`); `None` if it is not a local pointer.
pub fn tokens(reference: &str) -> Option<Vec<String>> {
    let path = reference.strip_prefix('#')?;
    if path.is_empty() {
        return Some(Vec::new());
    }
    let path = path.strip_prefix('/')?;
    Some(
        path.split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rejects_non_local_pointers() {
        assert_eq!(tokens("other.yaml#/a"), None);
        assert_eq!(tokens("#"), Some(vec![]));
    }
}
