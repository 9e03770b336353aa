//! Request bodies streamed as a sequence of JSON values (JSON Lines, NDJSON, JSON Text
//! Sequences): each item is serialized as the caller's stream yields it, and sent at once.

use futures::{Stream, StreamExt};
use serde::Serialize;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

type Items = Pin<Box<dyn Stream<Item = Result<Vec<u8>, serde_json::Error>> + Send>>;

/// The items of a streamed request body, taken from any `Stream` of values the body's item
/// schema types (`Client` methods take `impl Stream<Item = T>` and make one).
///
/// A stream can be read once: a request with a streamed body is sent once, and is not
/// retried. Clones of the request builder share the stream; the second of them to be sent
/// fails before sending ([`Error::NotSent`](crate::Error::NotSent)).
#[derive(Clone)]
pub struct BodyStream(Arc<Mutex<Option<Items>>>);

impl BodyStream {
    /// The body of the items of `items`, each serialized as JSON when it is sent.
    pub fn new<S, T>(items: S) -> Self
    where
        S: Stream<Item = T> + Send + 'static,
        T: Serialize,
    {
        let items = items.map(|item| serde_json::to_vec(&item));
        Self(Arc::new(Mutex::new(Some(Box::pin(items)))))
    }

    /// The items, unless a request took them already.
    pub(crate) fn take(&self) -> Option<Items> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

impl<S, T> From<S> for BodyStream
where
    S: Stream<Item = T> + Send + 'static,
    T: Serialize,
{
    fn from(items: S) -> Self {
        Self::new(items)
    }
}

impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BodyStream { .. }")
    }
}

/// The framed body of `items` for `media_type`: JSON Text Sequences (`application/json-seq`,
/// RFC 7464) put a record separator before each value; JSON Lines and NDJSON a newline after.
pub(crate) fn framed(media_type: &str, items: Items) -> reqwest::Body {
    let sequences = media_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json-seq"));
    let framed = items.map(move |item| item.map(|json| frame(sequences, &json)));
    reqwest::Body::wrap_stream(framed)
}

/// One value of the body, framed.
fn frame(sequences: bool, json: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(json.len() + 2);
    if sequences {
        bytes.push(0x1e);
    }
    bytes.extend_from_slice(json);
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::frame;

    #[test]
    fn json_lines_end_each_value_and_sequences_also_start_it() {
        assert_eq!(frame(false, b"{}"), b"{}\n");
        assert_eq!(frame(true, b"[1]"), b"\x1e[1]\n");
    }
}
