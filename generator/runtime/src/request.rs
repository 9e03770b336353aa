//! Pieces of a request: query string, path segments, header and cookie parameters.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::RequestBuilder;
use std::fmt::Display;

/// Query parameters in the order they are pushed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Query(Vec<(&'static str, String)>);

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, name: &'static str, value: &impl Display) {
        self.0.push((name, value.to_string()));
    }

    /// Pushes the value when there is one.
    pub fn push_optional(&mut self, name: &'static str, value: Option<&impl Display>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// An array in the default `form` style with `explode: true`: `name=a&name=b`.
    pub fn push_each<T: Display>(&mut self, name: &'static str, values: &[T]) {
        for value in values {
            self.push(name, value);
        }
    }

    /// A structured value sent as its JSON text.
    pub fn push_json(&mut self, name: &'static str, value: &impl serde::Serialize) {
        let text = serde_json::to_string(value).unwrap_or_default();
        self.0.push((name, text));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// RFC 3986 unreserved characters stay as they are; everything else is percent-encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path parameter, percent-encoded so that `/`, `?`, `#` and spaces stay inside the segment.
pub fn path_segment(value: &impl Display) -> String {
    utf8_percent_encode(&value.to_string(), PATH_SEGMENT).to_string()
}

/// Adds a header parameter.
pub fn header_param(
    request: RequestBuilder,
    name: &'static str,
    value: &impl Display,
) -> RequestBuilder {
    request.header(name, value.to_string())
}

/// Adds a cookie parameter.
pub fn cookie_param(
    request: RequestBuilder,
    name: &'static str,
    value: &impl Display,
) -> RequestBuilder {
    request.header(reqwest::header::COOKIE, format!("{name}={value}"))
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
    fn query_keeps_order_and_skips_absent_values() {
        let mut query = Query::new();
        query.push("status", &"active");
        query.push_optional("page", None::<&i64>);
        query.push_each("tag", &["a", "b"]);
        assert_eq!(
            query,
            Query(vec![
                ("status", "active".into()),
                ("tag", "a".into()),
                ("tag", "b".into())
            ])
        );
    }
}
