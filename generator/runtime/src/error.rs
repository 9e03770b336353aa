//! What can go wrong with a call.
//!
//! Headers are boxed to keep `Result<_, Error<E>>` small on the happy path.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The error of a call; `E` is the operation's enum of declared error responses.
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The server answered with an error response the spec declares; `body` is typed.
    #[error("the server answered {status}")]
    Api {
        status: StatusCode,
        headers: Box<HeaderMap>,
        body: E,
    },
    /// The server answered with a status the spec does not declare for this operation.
    #[error("unexpected status {status}")]
    UnexpectedStatus {
        status: StatusCode,
        headers: Box<HeaderMap>,
        body: String,
    },
    /// The body does not match the schema the spec gives for this status.
    #[error("cannot decode the response body (status {status}): {source}")]
    Decode {
        status: StatusCode,
        headers: Box<HeaderMap>,
        body: String,
        #[source]
        source: serde_json::Error,
    },
    /// A declared response header has a value of the wrong form.
    #[error("invalid response header (status {status}): {source}")]
    Header {
        status: StatusCode,
        headers: Box<HeaderMap>,
        #[source]
        source: HeaderError,
    },
    /// No response within the configured timeout.
    #[error("the request timed out")]
    Timeout(#[source] reqwest::Error),
    /// Connecting, sending or receiving failed.
    #[error("the request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request could not be built (for example an invalid header value).
    #[error("invalid request: {0}")]
    InvalidRequest(#[source] reqwest::Error),
    /// The client refused to send the request: the body cannot be put in the operation's
    /// media type (a multipart body that is not an object), or a next-page link points away
    /// from the API's origin (the credentials would go with it).
    #[error("the request was not sent: {0}")]
    NotSent(String),
}

impl<E> Error<E> {
    /// The HTTP status, where the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::Header { status, .. } => Some(*status),
            Error::Timeout(_)
            | Error::Transport(_)
            | Error::InvalidRequest(_)
            | Error::NotSent(_) => None,
        }
    }

    /// The typed body of a declared error response.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The response headers, where the server answered.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. }
            | Error::Header { headers, .. } => Some(headers),
            _ => None,
        }
    }
}

/// A response header that could not be read as its declared type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("header `{name}`: {reason}")]
pub struct HeaderError {
    pub name: &'static str,
    /// The value as received (lossy where it was not text).
    pub value: String,
    pub reason: String,
}
