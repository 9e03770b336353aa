//! Security schemes (declared by generated code) and the credentials a user gives for them.

use reqwest::RequestBuilder;
use reqwest::header::{COOKIE, HeaderValue};
use std::collections::HashMap;
use std::fmt;

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// How a security scheme of the spec sends its credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityScheme {
    /// An API key in the named header, query parameter or cookie.
    ApiKey {
        location: ApiKeyLocation,
        name: &'static str,
    },
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
}

/// A secret string: never shown by `Debug`, and sent in headers marked sensitive.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_string())
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Credential {
    Token(Secret),
    Basic {
        username: String,
        password: Option<Secret>,
    },
}

/// The schemes of an API with the credentials the user gave, by scheme key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Credentials {
    pub(crate) schemes: Vec<(&'static str, SecurityScheme)>,
    pub(crate) given: HashMap<String, Credential>,
}

impl Credentials {
    /// Applies the first alternative of `security` whose schemes all have credentials; an
    /// empty alternative (auth optional) is taken only when no other one can be.
    pub(crate) fn apply(
        &self,
        mut request: RequestBuilder,
        security: &[&[&str]],
    ) -> RequestBuilder {
        let chosen = security
            .iter()
            .filter(|alternative| !alternative.is_empty())
            .find(|alternative| alternative.iter().all(|key| self.given.contains_key(*key)));
        let Some(alternative) = chosen else {
            if security.iter().all(|alternative| !alternative.is_empty()) && !security.is_empty() {
                tracing::debug!("no credentials for any security requirement of this operation");
            }
            return request;
        };
        for key in alternative.iter() {
            let (Some(scheme), Some(credential)) = (self.scheme(key), self.given.get(*key)) else {
                continue;
            };
            request = match (scheme, credential) {
                (SecurityScheme::ApiKey { location, name }, Credential::Token(secret)) => {
                    match location {
                        ApiKeyLocation::Header => request.header(*name, sensitive(secret.expose())),
                        ApiKeyLocation::Query => request.query(&[(*name, secret.expose())]),
                        ApiKeyLocation::Cookie => request
                            .header(COOKIE, sensitive(&format!("{name}={}", secret.expose()))),
                    }
                }
                (SecurityScheme::Bearer, Credential::Token(secret)) => {
                    request.bearer_auth(secret.expose())
                }
                (SecurityScheme::Basic, Credential::Basic { username, password }) => {
                    request.basic_auth(username, password.as_ref().map(Secret::expose))
                }
                _ => request,
            };
        }
        request
    }

    pub(crate) fn scheme(&self, key: &str) -> Option<&SecurityScheme> {
        self.schemes
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, scheme)| scheme)
    }
}

/// A header value marked sensitive, so HTTP/2 does not index it and `Debug` hides it. The
/// builder has checked that credentials are valid header text.
fn sensitive(value: &str) -> HeaderValue {
    let mut value = HeaderValue::from_str(value).unwrap_or_else(|_| HeaderValue::from_static(""));
    value.set_sensitive(true);
    value
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn secrets_are_redacted_in_debug() {
        let secret = Secret::new("sk_live_123");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(secret.expose(), "sk_live_123");
    }
}
