//! Reading responses: typed headers, JSON bodies, declared and undeclared errors.

use crate::error::{Error, HeaderError};
use crate::transport::Sent;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// A successful response: the typed body and typed headers, plus every header as sent.
#[derive(Debug, Clone)]
pub struct Response<T, H = ()> {
    pub status: StatusCode,
    /// The headers the spec declares for this response, parsed.
    pub headers: H,
    /// All response headers.
    pub header_map: HeaderMap,
    pub body: T,
}

impl<T, H> Response<T, H> {
    /// The same response with its body converted.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U, H> {
        Response {
            status: self.status,
            headers: self.headers,
            header_map: self.header_map,
            body: f(self.body),
        }
    }

    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T, H> std::ops::Deref for Response<T, H> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// Typed response headers, built from the raw ones.
pub trait FromHeaders: Sized {
    fn from_headers(headers: &HeaderMap) -> Result<Self, HeaderError>;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderMap) -> Result<Self, HeaderError> {
        Ok(())
    }
}

/// An optional header parsed as `T`; `None` when absent.
pub fn header<T: FromStr>(headers: &HeaderMap, name: &'static str) -> Result<Option<T>, HeaderError>
where
    T::Err: std::fmt::Display,
{
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let invalid = |reason: String| HeaderError {
        name,
        value: Some(String::from_utf8_lossy(value.as_bytes()).into_owned()),
        reason,
    };
    let text = value
        .to_str()
        .map_err(|_| invalid("not visible ASCII text".to_string()))?;
    text.trim()
        .parse()
        .map(Some)
        .map_err(|error: T::Err| invalid(error.to_string()))
}

/// A required header parsed as `T`.
pub fn required_header<T: FromStr>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<T, HeaderError>
where
    T::Err: std::fmt::Display,
{
    header(headers, name)?.ok_or_else(|| HeaderError {
        name,
        value: None,
        reason: "missing".to_string(),
    })
}

struct Parts {
    operation: &'static str,
    status: StatusCode,
    headers: Box<HeaderMap>,
    /// The body as received: decoded from here, never copied first.
    body: bytes::Bytes,
}

async fn read<E>(mut response: reqwest::Response) -> Result<Parts, Error<E>> {
    let sent = Sent::of(&response);
    let status = response.status();
    let headers = Box::new(std::mem::take(response.headers_mut()));
    let body = response.bytes().await.map_err(|error| sent.failed(error))?;
    Ok(Parts {
        operation: sent.operation,
        status,
        headers,
        body,
    })
}

/// The body as text, without a copy where it is valid UTF-8.
fn text(body: bytes::Bytes) -> String {
    String::from_utf8(Vec::from(body))
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

fn decode<T: DeserializeOwned, E>(parts: &mut Parts) -> Result<T, Error<E>> {
    // An empty body reads as JSON `null`, so `Option` and unit bodies accept it.
    let bytes: &[u8] = if parts.body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &parts.body
    };
    serde_json::from_slice(bytes).map_err(|source| Error::Decode {
        operation: parts.operation,
        status: parts.status,
        headers: std::mem::take(&mut parts.headers),
        body: text(std::mem::take(&mut parts.body)),
        source,
    })
}

/// The typed headers of a response, or a `Header` error that takes the header map with it.
fn typed_headers<H: FromHeaders, E>(
    (operation, status): (&'static str, StatusCode),
    headers: &mut HeaderMap,
) -> Result<H, Error<E>> {
    H::from_headers(headers).map_err(|source| Error::Header {
        operation,
        status,
        headers: Box::new(std::mem::take(headers)),
        source,
    })
}

/// A success response with a JSON body.
pub async fn json_body<T: DeserializeOwned, H: FromHeaders, E>(
    response: reqwest::Response,
) -> Result<Response<T, H>, Error<E>> {
    let mut parts = read(response).await?;
    let headers = typed_headers((parts.operation, parts.status), &mut parts.headers)?;
    let body = decode(&mut parts)?;
    Ok(Response {
        status: parts.status,
        headers,
        header_map: *parts.headers,
        body,
    })
}

/// A success response with a text body.
pub async fn text_body<H: FromHeaders, E>(
    response: reqwest::Response,
) -> Result<Response<String, H>, Error<E>> {
    let mut parts = read(response).await?;
    let headers = typed_headers((parts.operation, parts.status), &mut parts.headers)?;
    Ok(Response {
        status: parts.status,
        headers,
        body: text(parts.body),
        header_map: *parts.headers,
    })
}

/// A success response with a binary body.
pub async fn bytes_body<H: FromHeaders, E>(
    response: reqwest::Response,
) -> Result<Response<Vec<u8>, H>, Error<E>> {
    let mut parts = read(response).await?;
    let headers = typed_headers((parts.operation, parts.status), &mut parts.headers)?;
    Ok(Response {
        status: parts.status,
        headers,
        body: Vec::from(parts.body),
        header_map: *parts.headers,
    })
}

/// A success response whose body (if any) is not decoded.
pub async fn empty_body<H: FromHeaders, E>(
    response: reqwest::Response,
) -> Result<Response<(), H>, Error<E>> {
    let mut parts = read(response).await?;
    let headers = typed_headers((parts.operation, parts.status), &mut parts.headers)?;
    Ok(Response {
        status: parts.status,
        headers,
        header_map: *parts.headers,
        body: (),
    })
}

/// A declared error response with a JSON body, wrapped in its variant of `E`. Always `Err`.
pub async fn json_error<T: DeserializeOwned, R, E>(
    response: reqwest::Response,
    variant: impl FnOnce(T) -> E,
) -> Result<R, Error<E>> {
    let mut parts = read(response).await?;
    let body = decode(&mut parts)?;
    Err(Error::Api {
        operation: parts.operation,
        status: parts.status,
        headers: parts.headers,
        body: variant(body),
    })
}

/// A declared error response without a body. Always `Err`.
pub async fn empty_error<R, E>(response: reqwest::Response, variant: E) -> Result<R, Error<E>> {
    let parts = read(response).await?;
    Err(Error::Api {
        operation: parts.operation,
        status: parts.status,
        headers: parts.headers,
        body: variant,
    })
}

/// A status the spec does not declare: keeps status, headers and the raw body. Always `Err`.
pub async fn unexpected_status<R, E>(response: reqwest::Response) -> Result<R, Error<E>> {
    let parts = read(response).await?;
    Err(Error::UnexpectedStatus {
        operation: parts.operation,
        status: parts.status,
        headers: parts.headers,
        body: text(parts.body),
    })
}

/// Whether the response's `Content-Type` is one of `media_types` (parameters ignored).
pub fn has_media_type(response: &reqwest::Response, media_types: &[&str]) -> bool {
    let Some(content_type) = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    media_types
        .iter()
        .any(|media_type| media_type.eq_ignore_ascii_case(essence))
}

/// A binary body read as it arrives, chunk by chunk (for downloads too large to hold): a
/// `Stream` of `std::io::Result<Bytes>`, which `tokio_util::io::StreamReader` turns into an
/// `AsyncRead`.
pub struct ByteStream(
    std::pin::Pin<Box<dyn futures::Stream<Item = std::io::Result<bytes::Bytes>> + Send>>,
);

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByteStream")
    }
}

impl futures::Stream for ByteStream {
    type Item = std::io::Result<bytes::Bytes>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl ByteStream {
    /// Reads the rest of the body into memory.
    pub async fn collect(mut self) -> std::io::Result<Vec<u8>> {
        use futures::StreamExt;
        let mut body = Vec::new();
        while let Some(chunk) = self.next().await {
            body.extend_from_slice(&chunk?);
        }
        Ok(body)
    }
}

/// A success response whose binary body is streamed rather than read whole.
pub fn streamed_body<H: FromHeaders, E>(
    mut response: reqwest::Response,
) -> Result<Response<ByteStream, H>, Error<E>> {
    use futures::StreamExt;
    let status = response.status();
    let mut header_map = std::mem::take(response.headers_mut());
    let headers = typed_headers((Sent::of(&response).operation, status), &mut header_map)?;
    let chunks = response
        .bytes_stream()
        .map(|chunk| chunk.map_err(std::io::Error::other));
    Ok(Response {
        status,
        headers,
        header_map,
        body: ByteStream(Box::pin(chunks)),
    })
}
