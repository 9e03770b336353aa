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

/// A response read whole: its status, headers and body, which generated `send()` decodes
/// by status (`match response.status().as_u16() { 200 => response.json(), … }`), without an
/// `await` per status.
#[derive(Debug)]
pub struct Received {
    operation: &'static str,
    status: StatusCode,
    headers: Box<HeaderMap>,
    /// The body as received: decoded from here, never copied first.
    body: bytes::Bytes,
}

impl Received {
    /// Reads the whole body of `response`.
    pub async fn read<E>(mut response: reqwest::Response) -> Result<Self, Error<E>> {
        let sent = Sent::of(&response);
        let status = response.status();
        let headers = Box::new(std::mem::take(response.headers_mut()));
        let body = response.bytes().await.map_err(|error| sent.failed(error))?;
        Ok(Received {
            operation: sent.operation,
            status,
            headers,
            body,
        })
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Whether the response's `Content-Type` is one of `media_types` (parameters ignored).
    pub fn has_media_type(&self, media_types: &[&str]) -> bool {
        media_type_is(&self.headers, media_types)
    }

    /// A success response with a JSON body.
    pub fn json<T: DeserializeOwned, H: FromHeaders, E>(
        mut self,
    ) -> Result<Response<T, H>, Error<E>> {
        let headers = self.typed_headers()?;
        let body = self.decode()?;
        Ok(Response {
            status: self.status,
            headers,
            header_map: *self.headers,
            body,
        })
    }

    /// A success response with a text body.
    pub fn text<H: FromHeaders, E>(mut self) -> Result<Response<String, H>, Error<E>> {
        let headers = self.typed_headers()?;
        Ok(Response {
            status: self.status,
            headers,
            body: text(self.body),
            header_map: *self.headers,
        })
    }

    /// A success response with a binary body.
    pub fn bytes<H: FromHeaders, E>(mut self) -> Result<Response<Vec<u8>, H>, Error<E>> {
        let headers = self.typed_headers()?;
        Ok(Response {
            status: self.status,
            headers,
            body: Vec::from(self.body),
            header_map: *self.headers,
        })
    }

    /// A success response whose body (if any) is not decoded.
    pub fn empty<H: FromHeaders, E>(mut self) -> Result<Response<(), H>, Error<E>> {
        let headers = self.typed_headers()?;
        Ok(Response {
            status: self.status,
            headers,
            header_map: *self.headers,
            body: (),
        })
    }

    /// A declared error response with a JSON body, wrapped in its variant of `E`. Always `Err`.
    pub fn json_error<T: DeserializeOwned, R, E>(
        mut self,
        variant: impl FnOnce(T) -> E,
    ) -> Result<R, Error<E>> {
        let body = self.decode()?;
        Err(Error::Api {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body: variant(body),
        })
    }

    /// A declared error response without a body. Always `Err`.
    pub fn empty_error<R, E>(self, variant: E) -> Result<R, Error<E>> {
        Err(Error::Api {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body: variant,
        })
    }

    /// A status the spec does not declare: keeps status, headers and the raw body. Always
    /// `Err`.
    pub fn unexpected_status<R, E>(self) -> Result<R, Error<E>> {
        Err(Error::UnexpectedStatus {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body: text(self.body),
        })
    }

    fn decode<T: DeserializeOwned, E>(&mut self) -> Result<T, Error<E>> {
        // An empty body reads as JSON `null`, so `Option` and unit bodies accept it.
        let bytes: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(bytes).map_err(|source| Error::Decode {
            operation: self.operation,
            status: self.status,
            headers: std::mem::take(&mut self.headers),
            body: text(std::mem::take(&mut self.body)),
            source,
        })
    }

    /// The typed headers, or a `Header` error that takes the header map with it.
    fn typed_headers<H: FromHeaders, E>(&mut self) -> Result<H, Error<E>> {
        typed_headers((self.operation, self.status), &mut self.headers)
    }
}

/// The body as text, without a copy where it is valid UTF-8.
fn text(body: bytes::Bytes) -> String {
    String::from_utf8(Vec::from(body))
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
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

/// A success response with a JSON body (for a response not yet read; see [`Received::json`]).
pub async fn json_body<T: DeserializeOwned, H: FromHeaders, E>(
    response: reqwest::Response,
) -> Result<Response<T, H>, Error<E>> {
    Received::read(response).await?.json()
}

/// A success response with a text body ([`Received::text`]).
pub async fn text_body<H: FromHeaders, E>(
    response: reqwest::Response,
) -> Result<Response<String, H>, Error<E>> {
    Received::read(response).await?.text()
}

/// A success response with a binary body ([`Received::bytes`]).
pub async fn bytes_body<H: FromHeaders, E>(
    response: reqwest::Response,
) -> Result<Response<Vec<u8>, H>, Error<E>> {
    Received::read(response).await?.bytes()
}

/// A success response whose body (if any) is not decoded ([`Received::empty`]).
pub async fn empty_body<H: FromHeaders, E>(
    response: reqwest::Response,
) -> Result<Response<(), H>, Error<E>> {
    Received::read(response).await?.empty()
}

/// A declared error response with a JSON body, wrapped in its variant of `E`. Always `Err`
/// ([`Received::json_error`]).
pub async fn json_error<T: DeserializeOwned, R, E>(
    response: reqwest::Response,
    variant: impl FnOnce(T) -> E,
) -> Result<R, Error<E>> {
    Received::read(response).await?.json_error(variant)
}

/// A declared error response without a body. Always `Err` ([`Received::empty_error`]).
pub async fn empty_error<R, E>(response: reqwest::Response, variant: E) -> Result<R, Error<E>> {
    Received::read(response).await?.empty_error(variant)
}

/// A status the spec does not declare: keeps status, headers and the raw body. Always `Err`
/// ([`Received::unexpected_status`]).
pub async fn unexpected_status<R, E>(response: reqwest::Response) -> Result<R, Error<E>> {
    Received::read(response).await?.unexpected_status()
}

/// Whether the response's `Content-Type` is one of `media_types` (parameters ignored).
pub fn has_media_type(response: &reqwest::Response, media_types: &[&str]) -> bool {
    media_type_is(response.headers(), media_types)
}

fn media_type_is(headers: &HeaderMap, media_types: &[&str]) -> bool {
    let Some(content_type) = headers
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
