//! Credentials that change while the client lives: a provider the caller supplies is asked
//! for the current secret of a security scheme before each request (an OAuth 2 access token
//! that expires every hour, a key read from a vault), so that it refreshes without
//! rebuilding the client.

use crate::secret::Secret;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Why a provider could not give a secret.
pub type ProviderError = Box<dyn std::error::Error + Send + Sync>;

/// The future a provider returns.
pub type SecretFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Secret, ProviderError>> + Send + 'a>>;

/// A source of the current secret of a security scheme, asked before each request (each
/// call of `send`, `stream`'s pages…; retries of one request reuse its answer). Cache and
/// refresh inside it: it is called often. Any `Fn() -> impl Future<Output = Result<String,
/// E>>` is one.
pub trait CredentialProvider: Send + Sync {
    /// The secret to send now.
    fn secret(&self) -> SecretFuture<'_>;
}

impl<F, Fut, E> CredentialProvider for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, E>> + Send + 'static,
    E: Into<ProviderError>,
{
    fn secret(&self) -> SecretFuture<'_> {
        let future = self();
        Box::pin(async move { future.await.map(Secret::new).map_err(Into::into) })
    }
}

/// A shared provider: cheap to clone, never shown by `Debug`.
#[derive(Clone)]
pub(crate) struct Provider(pub(crate) Arc<dyn CredentialProvider>);

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Provider(<redacted>)")
    }
}
