//! The client every generated API wraps, and its builder.

use crate::auth::{Credential, Credentials, SecurityScheme};
use crate::home::Home;
use crate::hook::Hook;
use crate::path::Path;
use crate::provider::{CredentialProvider, Provider};
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::transport::Transport;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

/// Sends requests for a generated API: base URL, credentials, defaults for every request.
/// A cheap handle: clones share the connection pool and settings, so every request builder
/// owns one and can be moved into a task, stored or returned.
#[derive(Clone)]
pub struct Client {
    transport: Transport,
    settings: Arc<Settings>,
    /// Headers for the requests this handle starts, on top of the settings' (see
    /// [`Client::with_header`]).
    request_headers: Vec<(String, String)>,
    /// A timeout for the requests this handle starts, instead of the settings' one.
    request_timeout: Option<Duration>,
}

struct Settings {
    home: Arc<Home>,
    credentials: Credentials,
    timeout: Option<Duration>,
    default_headers: HeaderMap,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials are listed by scheme only; their values never appear here.
        let schemes: Vec<&String> = self.settings.credentials.given.keys().collect();
        f.debug_struct("Client")
            .field("base_url", &self.settings.home.base_url)
            .field("credentials_for", &schemes)
            .field("timeout", &self.settings.timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.settings.home.base_url
    }

    /// This handle, sending `name: value` with every request it starts (replacing a default
    /// header of that name); the client it was cloned from is unchanged. Generated request
    /// builders' `.header(name, value)` comes here. An invalid name or value fails the
    /// request with `Error::NotSent`.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.request_headers.push((name.into(), value.into()));
        self
    }

    /// This handle, giving up on the requests it starts after `timeout` instead of the
    /// client's timeout. Generated request builders' `.timeout(duration)` comes here.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// Starts a request of `operation` to `path` (a literal starting with `/`, or a
    /// [`Path`] with its parameters), with the credentials of the first `security`
    /// alternative the user gave credentials for. A path whose parameter would name another
    /// resource (empty, `.`, `..`) makes the request fail with `Error::NotSent` when sent.
    pub fn request(
        &self,
        operation: &'static str,
        method: Method,
        path: impl Into<Path>,
        security: &[&[&str]],
    ) -> Request {
        let (path, refused) = match path.into().into_checked() {
            Ok(path) => (path, None),
            Err(reason) => (String::new(), Some(reason)),
        };
        let url = format!("{}{path}", self.settings.home.base_url);
        let mut builder = self
            .transport
            .http
            .request(method, url)
            .headers(self.settings.default_headers.clone());
        if let Some(timeout) = self.request_timeout.or(self.settings.timeout) {
            builder = builder.timeout(timeout);
        }
        let applied = self.settings.credentials.apply(builder, security);
        let headers = self.request_headers.clone();
        let home = Arc::clone(&self.settings.home);
        Request::new(
            self.transport.clone(),
            operation,
            applied.request,
            headers,
            home,
        )
        .refuse(refused)
        .refuse(applied.refused)
        .credentials_from(applied.pending)
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    #[error("the credential for security scheme `{0}` is not valid header text")]
    InvalidCredential(String),
    #[error("the credential for security scheme `{0}` is empty")]
    EmptyCredential(String),
    #[error("no security scheme `{0}` in this API")]
    UnknownScheme(String),
    #[error("invalid default header `{0}`")]
    InvalidHeader(String),
    #[error("cannot create the HTTP client")]
    Http(#[source] reqwest::Error),
    /// A TLS client certificate and a caller's own `http_client`: the certificate belongs in
    /// that client.
    #[error(
        "a TLS client certificate (`identity`) cannot be added to the caller's `http_client`: \
         build that client with `.identity(…)` and call `client_certificate_in_http_client`"
    )]
    IdentityWithHttpClient,
    /// An `https` base URL, and neither TLS feature of this crate to reach it with.
    #[error(
        "the base URL `{url}` needs TLS, which this build of kapso-codegen-runtime leaves out: \
         enable its `rustls` or `native-tls` feature, or pass an `http_client` that has TLS"
    )]
    NoTls { url: String },
}

/// The redirect policy of the clients this crate builds: redirects within the origin of the
/// request (scheme, host and port) are followed, up to 10; one to another origin is not, and
/// its 3xx response comes back as the answer (a declared 3xx is typed; an undeclared one is
/// `Error::UnexpectedStatus`, whose text names the target). reqwest's default policy strips
/// `Authorization` and cookies on such a redirect but not an API key in a header or query
/// parameter of the spec's naming; this one sends no credential of any scheme to another
/// origin. A caller's own `reqwest::Client` should use it too.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let leaves_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() != attempt.url().origin());
        if leaves_origin {
            attempt.stop()
        } else if attempt.previous().len() > 10 {
            attempt.error("more than 10 redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Whether this build of the crate speaks TLS itself (a caller's own reqwest client may still).
const TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// Whether the client would be left with an `https` base URL and no TLS to reach it.
fn lacks_tls(base_url: &reqwest::Url, own_http_client: bool, tls: bool) -> bool {
    base_url.scheme() == "https" && !own_http_client && !tls
}

/// Configures a client. Generated code starts it with the spec's default server and security
/// schemes; `C` is the generated client type it builds.
#[must_use]
pub struct ClientBuilder<C> {
    base_url: String,
    servers: Vec<&'static str>,
    http: Option<reqwest::Client>,
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    identity: Option<reqwest::Identity>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: String,
    default_headers: Vec<(String, String)>,
    credentials: Credentials,
    hooks: Vec<Arc<dyn Hook>>,
    errors: Vec<BuildError>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schemes: Vec<&String> = self.credentials.given.keys().collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials_for", &schemes)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for `base_url` (the spec's first server; may be empty when it has none).
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_string(),
            servers: Vec::new(),
            http: None,
            #[cfg(any(feature = "rustls", feature = "native-tls"))]
            identity: None,
            timeout: None,
            retry: RetryPolicy::default(),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            default_headers: Vec::new(),
            credentials: Credentials::default(),
            hooks: Vec::new(),
            errors: Vec::new(),
            client: PhantomData,
        }
    }

    /// Declares a security scheme of the API (generated code does this).
    pub fn security_scheme(mut self, key: &'static str, scheme: SecurityScheme) -> Self {
        self.credentials.schemes.push((key, scheme));
        self
    }

    /// Declares a server of the API, its URL as the spec writes it (`{variables}` in braces;
    /// generated code does this): next-page links to it are rebased onto the base URL.
    pub fn server(mut self, url: &'static str) -> Self {
        self.servers.push(url);
        self
    }

    /// Sends requests to another server, e.g. a staging host or a local mock.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Uses this `reqwest::Client` (its connection pool, proxies, TLS settings) — and its
    /// redirect policy: build it with `.redirect(`[`same_origin_redirects`]`())` so that no
    /// credential follows a redirect to another origin, as the client's own does.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Gives up on a request after `timeout` (connect, send and receive).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How idempotent requests are retried on 429/502/503/504 and when no response came
    /// (`RetryPolicy::none()` switches it off; the default retries twice).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A hook that sees each request before it is sent and each response before it is
    /// decoded, every retry attempt included (after the client's own headers and credentials;
    /// hooks run in the order they were added).
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// The `User-Agent` sent with every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent with every request.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// The API key for every API-key scheme of the API.
    pub fn api_key(self, key: impl Into<String>) -> Self {
        self.token_for(
            |scheme| matches!(scheme, SecurityScheme::ApiKey { .. }),
            key.into(),
        )
    }

    /// The bearer token for every bearer, OAuth 2 and OpenID Connect scheme of the API.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_for(
            |scheme| matches!(scheme, SecurityScheme::Bearer),
            token.into(),
        )
    }

    /// User name and password for every HTTP basic scheme of the API.
    pub fn basic_auth(mut self, username: impl Into<String>, password: Option<String>) -> Self {
        let username = username.into();
        let keys = self.keys_where(|scheme| matches!(scheme, SecurityScheme::Basic));
        for key in keys {
            let credential = Credential::Basic {
                username: username.clone(),
                password: password.clone().map(Secret::new),
            };
            self.credentials.given.insert(key.to_string(), credential);
        }
        self
    }

    /// The secret for one scheme, by its key in the spec's `components/securitySchemes`.
    pub fn credential(mut self, scheme: &str, secret: impl Into<String>) -> Self {
        if self.credentials.scheme(scheme).is_some() {
            let token = Credential::Token(Secret::new(secret));
            self.credentials.given.insert(scheme.to_string(), token);
        } else {
            self.errors
                .push(BuildError::UnknownScheme(scheme.to_string()));
        }
        self
    }

    /// A provider asked for the current secret of the scheme `scheme` (by its key in the
    /// spec's `components/securitySchemes`) before each request: an API key, or the token of
    /// a bearer, OAuth 2 or OpenID Connect scheme. Refreshing tokens go here; the provider is
    /// shared by clones of the client and never shown by `Debug`.
    pub fn credential_provider(
        mut self,
        scheme: &str,
        provider: impl CredentialProvider + 'static,
    ) -> Self {
        if self.credentials.scheme(scheme).is_some() {
            let provided = Credential::Provided(Provider(Arc::new(provider)));
            self.credentials.given.insert(scheme.to_string(), provided);
        } else {
            self.errors
                .push(BuildError::UnknownScheme(scheme.to_string()));
        }
        self
    }

    /// A provider of the bearer token for every bearer, OAuth 2 and OpenID Connect scheme of
    /// the API, asked before each request (see [`ClientBuilder::credential_provider`]).
    pub fn bearer_token_provider(mut self, provider: impl CredentialProvider + 'static) -> Self {
        let provider = Provider(Arc::new(provider));
        for key in self.keys_where(|scheme| matches!(scheme, SecurityScheme::Bearer)) {
            let provided = Credential::Provided(provider.clone());
            self.credentials.given.insert(key.to_string(), provided);
        }
        self
    }

    /// The TLS client certificate (and its key) this client presents, for every `mutualTLS`
    /// scheme of the API: `reqwest::Identity::from_pem(&pem)` with the `rustls` feature,
    /// `from_pkcs8_pem` or `from_pkcs12_der` with `native-tls`. Operations that require such
    /// a scheme are not sent without one (`Error::NotSent`, naming the scheme).
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    pub fn identity(mut self, identity: reqwest::Identity) -> Self {
        self.identity = Some(identity);
        self.client_certificate_in_http_client()
    }

    /// Says that the `http_client` given presents a TLS client certificate (built with
    /// `reqwest::ClientBuilder::identity`): every `mutualTLS` scheme of the API counts as met.
    pub fn client_certificate_in_http_client(mut self) -> Self {
        for key in self.keys_where(|scheme| matches!(scheme, SecurityScheme::MutualTls)) {
            let certificate = Credential::ClientCertificate;
            self.credentials.given.insert(key.to_string(), certificate);
        }
        self
    }

    fn keys_where(&self, wanted: impl Fn(&SecurityScheme) -> bool) -> Vec<&'static str> {
        let schemes = &self.credentials.schemes;
        schemes
            .iter()
            .filter(|(_, scheme)| wanted(scheme))
            .map(|(key, _)| *key)
            .collect()
    }

    fn token_for(mut self, wanted: impl Fn(&SecurityScheme) -> bool, secret: String) -> Self {
        for key in self.keys_where(wanted) {
            let token = Credential::Token(Secret::new(secret.clone()));
            self.credentials.given.insert(key.to_string(), token);
        }
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(mut self) -> Result<C, BuildError> {
        if let Some(error) = self.errors.pop() {
            return Err(error);
        }
        let base_url = self.base_url.trim_end_matches('/').to_string();
        let reason = match reqwest::Url::parse(&base_url) {
            _ if base_url.is_empty() => Some("none given".to_string()),
            Err(error) => Some(error.to_string()),
            // `localhost:4010` parses, with `localhost` as its scheme.
            Ok(url) if !matches!(url.scheme(), "http" | "https") => {
                Some("it has no `http://` or `https://` scheme".to_string())
            }
            Ok(url) if lacks_tls(&url, self.http.is_some(), TLS) => {
                return Err(BuildError::NoTls { url: base_url });
            }
            Ok(_) => None,
        };
        if let Some(reason) = reason {
            return Err(BuildError::InvalidBaseUrl {
                url: base_url,
                reason,
            });
        }
        for (key, credential) in &self.credentials.given {
            if let Credential::Token(secret) = credential {
                if secret.expose().is_empty() {
                    return Err(BuildError::EmptyCredential(key.clone()));
                }
                if HeaderValue::from_str(secret.expose()).is_err() {
                    return Err(BuildError::InvalidCredential(key.clone()));
                }
            }
        }
        let mut default_headers = HeaderMap::new();
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| BuildError::InvalidHeader(USER_AGENT.to_string()))?;
        default_headers.insert(USER_AGENT, user_agent);
        for (name, value) in &self.default_headers {
            let invalid = || BuildError::InvalidHeader(name.clone());
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            default_headers.append(header_name, header_value);
        }
        let http = match self.http {
            #[cfg(any(feature = "rustls", feature = "native-tls"))]
            Some(_) if self.identity.is_some() => return Err(BuildError::IdentityWithHttpClient),
            Some(http) => http,
            None => {
                let builder = reqwest::Client::builder().redirect(same_origin_redirects());
                #[cfg(any(feature = "rustls", feature = "native-tls"))]
                let builder = match self.identity {
                    Some(identity) => builder.identity(identity),
                    None => builder,
                };
                builder.build().map_err(BuildError::Http)?
            }
        };
        let settings = Settings {
            home: Arc::new(Home {
                base_url,
                servers: self.servers,
            }),
            credentials: self.credentials,
            timeout: self.timeout,
            default_headers,
        };
        Ok(C::from(Client {
            transport: Transport {
                http,
                retry: self.retry,
                hooks: self.hooks.into(),
            },
            settings: Arc::new(settings),
            request_headers: Vec::new(),
            request_timeout: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::{BuildError, lacks_tls};

    #[test]
    fn https_without_tls_is_refused_unless_the_caller_brings_a_client() {
        let https = reqwest::Url::parse("https://api.example.com/v1").unwrap();
        let http = reqwest::Url::parse("http://127.0.0.1:4010").unwrap();
        assert!(lacks_tls(&https, false, false));
        assert!(
            !lacks_tls(&https, true, false),
            "the caller's client may have TLS"
        );
        assert!(!lacks_tls(&https, false, true));
        assert!(!lacks_tls(&http, false, false));
    }

    #[test]
    fn the_missing_tls_error_names_the_url_and_the_ways_out() {
        let text = BuildError::NoTls {
            url: "https://api.example.com".into(),
        }
        .to_string();
        for part in [
            "`https://api.example.com`",
            "`rustls`",
            "`native-tls`",
            "`http_client`",
        ] {
            assert!(text.contains(part), "{part} missing from {text:?}");
        }
    }
}
