//! Security schemes (declared by generated code) and the credentials a user gives for them.

use crate::provider::Provider;
use crate::secret::Secret;
use reqwest::RequestBuilder;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderValue};
use std::collections::HashMap;

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
    /// A TLS client certificate (OpenAPI 3.1 `mutualTLS`), presented during the handshake:
    /// [`ClientBuilder::identity`](crate::ClientBuilder::identity), or a caller's own
    /// `http_client` that presents one
    /// ([`ClientBuilder::client_certificate_in_http_client`](crate::ClientBuilder::client_certificate_in_http_client)).
    MutualTls,
}

#[derive(Debug, Clone)]
pub(crate) enum Credential {
    Token(Secret),
    Basic {
        username: String,
        password: Option<Secret>,
    },
    /// Asked for the token before each request.
    Provided(Provider),
    /// The HTTP client presents a TLS client certificate: nothing goes into the request.
    ClientCertificate,
}

/// A credential to fetch from its provider when the request is sent, and how it goes out.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub(crate) key: &'static str,
    pub(crate) scheme: SecurityScheme,
    pub(crate) provider: Provider,
}

impl Pending {
    /// Puts `secret` where the scheme says, on a built request (headers marked sensitive).
    pub(crate) fn apply(&self, request: &mut reqwest::Request, secret: &Secret) {
        match &self.scheme {
            SecurityScheme::ApiKey { location, name } => match location {
                ApiKeyLocation::Header => {
                    if let Ok(name) = reqwest::header::HeaderName::from_bytes(name.as_bytes()) {
                        request
                            .headers_mut()
                            .insert(name, sensitive(secret.expose()));
                    }
                }
                ApiKeyLocation::Query => {
                    request
                        .url_mut()
                        .query_pairs_mut()
                        .append_pair(name, secret.expose());
                }
                ApiKeyLocation::Cookie => {
                    let cookie = format!("{name}={}", secret.expose());
                    let joined = match request.headers().get(COOKIE).and_then(|v| v.to_str().ok()) {
                        Some(existing) => format!("{existing}; {cookie}"),
                        None => cookie,
                    };
                    request.headers_mut().insert(COOKIE, sensitive(&joined));
                }
            },
            // A provider stands for a token: basic schemes take user and password instead,
            // and a client certificate is the connection's.
            SecurityScheme::MutualTls => {}
            SecurityScheme::Bearer | SecurityScheme::Basic => {
                let value = format!("Bearer {}", secret.expose());
                request
                    .headers_mut()
                    .insert(AUTHORIZATION, sensitive(&value));
            }
        }
    }
}

/// A request with the credentials of [`Credentials::apply`].
pub(crate) struct Applied {
    pub(crate) request: RequestBuilder,
    /// Credentials to fetch from their providers when the request is sent.
    pub(crate) pending: Vec<Pending>,
    /// Why the request must not be sent at all.
    pub(crate) refused: Option<String>,
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
    /// Credentials that come from providers are returned, to be fetched and applied when the
    /// request is sent.
    pub(crate) fn apply(&self, mut request: RequestBuilder, security: &[&[&str]]) -> Applied {
        let chosen = security
            .iter()
            .filter(|alternative| !alternative.is_empty())
            .find(|alternative| alternative.iter().all(|key| self.given.contains_key(*key)));
        let Some(alternative) = chosen else {
            let mut refused = None;
            if security.iter().all(|alternative| !alternative.is_empty()) && !security.is_empty() {
                tracing::debug!("no credentials for any security requirement of this operation");
                refused = self.missing_certificate(security);
            }
            return Applied {
                request,
                pending: Vec::new(),
                refused,
            };
        };
        let mut pending = Vec::new();
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
                (scheme, Credential::Provided(provider)) => {
                    let key = self
                        .schemes
                        .iter()
                        .map(|(k, _)| *k)
                        .find(|k| k == key)
                        .unwrap_or_default();
                    pending.push(Pending {
                        key,
                        scheme: scheme.clone(),
                        provider: provider.clone(),
                    });
                    request
                }
                _ => request,
            };
        }
        Applied {
            request,
            pending,
            refused: None,
        }
    }

    /// Why a request is not sent: every alternative of `security` (none of which can be
    /// met) needs a TLS client certificate that was not given. Without one the server
    /// would end the handshake with an error that names no scheme; an API key or a token
    /// missing is left to the server to answer (401).
    fn missing_certificate(&self, security: &[&[&str]]) -> Option<String> {
        let missing = |alternative: &[&str]| -> Option<String> {
            alternative
                .iter()
                .find(|key| {
                    self.scheme(key) == Some(&SecurityScheme::MutualTls)
                        && !self.given.contains_key(**key)
                })
                .map(|key| (*key).to_string())
        };
        let keys: Vec<String> = security
            .iter()
            .map(|alternative| missing(alternative))
            .collect::<Option<_>>()?;
        let key = keys.first()?;
        Some(format!(
            "the operation needs a TLS client certificate (security scheme `{key}`) and the \
             client has none: give one with `ClientBuilder::identity`, or an `http_client` \
             that presents one and `ClientBuilder::client_certificate_in_http_client`"
        ))
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
