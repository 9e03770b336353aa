//! What can go wrong with a call, and how it reads.
//!
//! Every text names the operation and says what happened in its own words; the cause, where
//! there is one, is `source()` and never repeated in the text, so a cause chain (`anyhow`'s
//! `{:#}`, `tracing`) prints each part once. Headers are boxed to keep `Result<_, Error<E>>`
//! small on the happy path.

use crate::nullable::Nullable;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::fmt;

/// The error of a call; `E` is the operation's enum of declared error responses.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error response the spec declares; `body` is typed, and
    /// its `Display` is the server's message.
    Api {
        /// The operation's `operationId` (or method and path where the spec gives none).
        operation: &'static str,
        status: StatusCode,
        headers: Box<HeaderMap>,
        body: E,
    },
    /// The server answered with a status the spec does not declare for this operation.
    UnexpectedStatus {
        operation: &'static str,
        status: StatusCode,
        headers: Box<HeaderMap>,
        body: String,
    },
    /// The body does not match the schema the spec gives for this status.
    Decode {
        operation: &'static str,
        status: StatusCode,
        headers: Box<HeaderMap>,
        body: String,
        source: serde_json::Error,
    },
    /// A declared response header has a value of the wrong form.
    Header {
        operation: &'static str,
        status: StatusCode,
        headers: Box<HeaderMap>,
        source: HeaderError,
    },
    /// No response within the configured timeout, after `attempts` tries.
    Timeout {
        operation: &'static str,
        attempts: u32,
        source: reqwest::Error,
    },
    /// Connecting, sending or receiving failed, after `attempts` tries.
    Transport {
        operation: &'static str,
        attempts: u32,
        source: reqwest::Error,
    },
    /// The request could not be built (for example an invalid header value).
    InvalidRequest {
        operation: &'static str,
        source: reqwest::Error,
    },
    /// The client refused to send the request: the body cannot be put in the operation's
    /// media type (a multipart body that is not an object), or a next-page link points away
    /// from the API's origin (the credentials would go with it).
    NotSent(String),
}

impl Error<std::convert::Infallible> {
    /// The same error as one of an operation's, whose declared error responses are `E`:
    /// sending, which cannot meet one of those, is written once for all operations.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Api { body, .. } => match body {},
            Error::UnexpectedStatus {
                operation,
                status,
                headers,
                body,
            } => Error::UnexpectedStatus {
                operation,
                status,
                headers,
                body,
            },
            Error::Decode {
                operation,
                status,
                headers,
                body,
                source,
            } => Error::Decode {
                operation,
                status,
                headers,
                body,
                source,
            },
            Error::Header {
                operation,
                status,
                headers,
                source,
            } => Error::Header {
                operation,
                status,
                headers,
                source,
            },
            Error::Timeout {
                operation,
                attempts,
                source,
            } => Error::Timeout {
                operation,
                attempts,
                source,
            },
            Error::Transport {
                operation,
                attempts,
                source,
            } => Error::Transport {
                operation,
                attempts,
                source,
            },
            Error::InvalidRequest { operation, source } => {
                Error::InvalidRequest { operation, source }
            }
            Error::NotSent(reason) => Error::NotSent(reason),
        }
    }
}

/// `operation: ` before a text, where the operation is known.
struct Prefix(&'static str);

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "{}: ", self.0)
        }
    }
}

/// `1 attempt`, `3 attempts`.
struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 attempt"),
            n => write!(f, "{n} attempts"),
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                operation,
                status,
                body,
                ..
            } => {
                write!(f, "{}the server answered {status}", Prefix(operation))?;
                let message = body.to_string();
                if message.is_empty() {
                    Ok(())
                } else {
                    write!(f, ": {message}")
                }
            }
            Error::UnexpectedStatus {
                operation,
                status,
                headers,
                body,
            } => {
                write!(
                    f,
                    "{}the server answered {status}, a status the API does not declare for it",
                    Prefix(operation)
                )?;
                let location = headers.get(reqwest::header::LOCATION);
                if let Some(target) = location.filter(|_| status.is_redirection()) {
                    // Redirects to another origin are not followed (see
                    // `same_origin_redirects`): say where it pointed.
                    let target = String::from_utf8_lossy(target.as_bytes());
                    return write!(
                        f,
                        "; it redirects to {}, not followed",
                        Excerpt::long(&target)
                    );
                }
                let body = body.trim();
                if body.is_empty() {
                    Ok(())
                } else {
                    write!(f, ": {}", Excerpt::long(body))
                }
            }
            Error::Decode {
                operation, status, ..
            } => write!(
                f,
                "{}the body of the {status} response does not match the API's schema for it",
                Prefix(operation)
            ),
            Error::Header {
                operation,
                status,
                source,
                ..
            } if source.value.is_none() => write!(
                f,
                "{}the {status} response lacks its required `{}` header",
                Prefix(operation),
                source.name
            ),
            Error::Header {
                operation,
                status,
                source,
                ..
            } => write!(
                f,
                "{}the `{}` header of the {status} response does not have its declared form: \
                 `{}`",
                Prefix(operation),
                source.name,
                Excerpt::short(source.value.as_deref().unwrap_or_default())
            ),
            Error::Timeout {
                operation,
                attempts,
                ..
            } => write!(
                f,
                "{}no response within the timeout ({} made)",
                Prefix(operation),
                Attempts(*attempts)
            ),
            Error::Transport {
                operation,
                attempts,
                ..
            } => write!(
                f,
                "{}the request could not be sent or its response not received ({} made)",
                Prefix(operation),
                Attempts(*attempts)
            ),
            Error::InvalidRequest { operation, .. } => {
                write!(f, "{}the request could not be built", Prefix(operation))
            }
            Error::NotSent(reason) => write!(f, "the request was not sent: {reason}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Header { source, .. } => Some(source),
            Error::Timeout { source, .. }
            | Error::Transport { source, .. }
            | Error::InvalidRequest { source, .. } => Some(source),
            Error::Api { .. } | Error::UnexpectedStatus { .. } | Error::NotSent(_) => None,
        }
    }
}

impl<E> Error<E> {
    /// The HTTP status, where the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::Header { status, .. } => Some(*status),
            _ => None,
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

    /// The operation that failed (its `operationId`), where known.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Header { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Transport { operation, .. }
            | Error::InvalidRequest { operation, .. } => {
                Some(*operation).filter(|name| !name.is_empty())
            }
            Error::NotSent(_) => None,
        }
    }
}

/// A response header that could not be read as its declared type: its name and value are
/// in the text of the [`Error::Header`] that carries it, its own text is the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct HeaderError {
    pub name: &'static str,
    /// The value as received (lossy where it was not text); `None` when it is missing.
    pub value: Option<String>,
    pub reason: String,
}

/// The longest excerpt of a body an error text carries, in characters.
const EXCERPT: usize = 200;

/// The longest excerpt of a header value an error text carries, in characters.
const SHORT_EXCERPT: usize = 60;

/// Text cut at a length in characters, with `…` where it was cut.
struct Excerpt<'a> {
    text: &'a str,
    limit: usize,
}

impl<'a> Excerpt<'a> {
    /// A body's excerpt: [`EXCERPT`] characters.
    fn long(text: &'a str) -> Self {
        Excerpt {
            text,
            limit: EXCERPT,
        }
    }

    /// A header value's excerpt: [`SHORT_EXCERPT`] characters.
    fn short(text: &'a str) -> Self {
        Excerpt {
            text,
            limit: SHORT_EXCERPT,
        }
    }
}

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text.char_indices().nth(self.limit) {
            Some((end, _)) => write!(f, "{}…", &self.text[..end]),
            None => f.write_str(self.text),
        }
    }
}

/// The `Display` of a declared error body (generated error enums call it): the server's
/// message where the body's schema has a field for one (`message`, `detail`…, chosen by the
/// generator) and it holds text, else the body as compact JSON cut at 200 characters.
/// `message` is the field (`()` where the schema has none).
pub fn write_error_body(
    f: &mut fmt::Formatter<'_>,
    message: impl ErrorText,
    body: &impl serde::Serialize,
) -> fmt::Result {
    match message
        .error_text()
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        Some(message) => f.write_str(message),
        None => {
            let json = serde_json::to_string(body).unwrap_or_default();
            write!(f, "{}", Excerpt::long(&json))
        }
    }
}

/// Text a server's error message may be held in: `String`, and `Option`, `Nullable`, `Box`
/// or a reference around it; `()` for none.
pub trait ErrorText {
    /// The text, where there is one.
    fn error_text(&self) -> Option<&str>;
}

impl ErrorText for () {
    fn error_text(&self) -> Option<&str> {
        None
    }
}

impl ErrorText for str {
    fn error_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl ErrorText for String {
    fn error_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: ErrorText + ?Sized> ErrorText for &T {
    fn error_text(&self) -> Option<&str> {
        (**self).error_text()
    }
}

impl<T: ErrorText + ?Sized> ErrorText for Box<T> {
    fn error_text(&self) -> Option<&str> {
        (**self).error_text()
    }
}

impl<T: ErrorText> ErrorText for Option<T> {
    fn error_text(&self) -> Option<&str> {
        self.as_ref().and_then(ErrorText::error_text)
    }
}

impl<T: ErrorText> ErrorText for Nullable<T> {
    fn error_text(&self) -> Option<&str> {
        self.as_option().and_then(ErrorText::error_text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Message(Option<&'static str>, serde_json::Value);

    impl fmt::Display for Message {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_error_body(f, self.0, &self.1)
        }
    }

    fn api(message: Option<&'static str>, body: serde_json::Value) -> Error<Message> {
        Error::Api {
            operation: "listThings",
            status: StatusCode::UNAUTHORIZED,
            headers: Box::default(),
            body: Message(message, body),
        }
    }

    #[test]
    fn an_api_error_names_the_operation_the_status_and_the_servers_message() {
        let error = api(Some("Invalid API key"), serde_json::json!({"a": 1}));
        assert_eq!(
            error.to_string(),
            "listThings: the server answered 401 Unauthorized: Invalid API key"
        );
    }

    #[test]
    fn without_a_message_field_the_body_is_shown_as_compact_json_cut_at_200_characters() {
        let error = api(None, serde_json::json!({"code": 7, "why": "x".repeat(300)}));
        let text = error.to_string();
        let json = text.split_once("Unauthorized: ").expect("a body").1;
        assert!(json.starts_with(r#"{"code":7,"why":"xxx"#), "{text}");
        assert_eq!(json.chars().count(), 201, "{text}");
        assert!(json.ends_with('…'), "{text}");
        // An empty message falls back to the body too.
        assert!(
            api(Some("  "), serde_json::json!({"code": 7}))
                .to_string()
                .ends_with(r#": {"code":7}"#)
        );
    }

    #[test]
    fn message_fields_are_read_through_option_nullable_and_box() {
        let held: Option<Box<String>> = Some(Box::new("gone".to_string()));
        assert_eq!(held.error_text(), Some("gone"));
        let absent: Nullable<String> = Nullable::Null;
        assert_eq!(absent.error_text(), None);
        assert_eq!(Some(&"x".to_string()).error_text(), Some("x"));
    }

    fn header_error(value: Option<&str>) -> Error<Message> {
        Error::Header {
            operation: "listThings",
            status: StatusCode::OK,
            headers: Box::default(),
            source: HeaderError {
                name: "x-total-pages",
                value: value.map(str::to_owned),
                reason: "invalid digit found in string".into(),
            },
        }
    }

    #[test]
    fn a_header_error_names_the_header_and_shows_its_value_cut_short() {
        assert_eq!(
            header_error(Some("many")).to_string(),
            "listThings: the `x-total-pages` header of the 200 OK response does not have its \
             declared form: `many`"
        );
        let long = header_error(Some(&"9".repeat(500))).to_string();
        assert!(long.ends_with(&format!("`{}…`", "9".repeat(60))), "{long}");
        assert_eq!(
            header_error(None).to_string(),
            "listThings: the 200 OK response lacks its required `x-total-pages` header"
        );
        // The reason is the source's text, not repeated.
        let error = header_error(Some("many"));
        let source = std::error::Error::source(&error).unwrap().to_string();
        assert_eq!(source, "invalid digit found in string");
        assert!(!error.to_string().contains("invalid digit"));
    }

    #[test]
    fn an_undeclared_redirect_names_its_target() {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::LOCATION,
            "https://elsewhere.example/x".parse().unwrap(),
        );
        let error: Error<Message> = Error::UnexpectedStatus {
            operation: "getThing",
            status: StatusCode::FOUND,
            headers: Box::new(headers),
            body: "moved".into(),
        };
        assert_eq!(
            error.to_string(),
            "getThing: the server answered 302 Found, a status the API does not declare for \
             it; it redirects to https://elsewhere.example/x, not followed"
        );
    }
}
