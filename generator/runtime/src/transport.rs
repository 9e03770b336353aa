//! Sending a built request: retries where the policy allows, the `tracing` span, and the
//! transport's errors as the call's.

use crate::error::Error;
use crate::hook::{Call, Hook};
use crate::retry::RetryPolicy;
use reqwest::RequestBuilder;
use std::sync::Arc;
use tracing::Instrument;

/// What a response was sent for, kept in its extensions so that errors read from it name
/// the operation and the attempts made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sent {
    pub(crate) operation: &'static str,
    pub(crate) attempts: u32,
}

impl Sent {
    /// What `response` was sent for (no operation where it came from elsewhere).
    pub(crate) fn of(response: &reqwest::Response) -> Sent {
        response.extensions().get().copied().unwrap_or(Sent {
            operation: "",
            attempts: 1,
        })
    }

    /// The error of a failure to receive: a timeout, or a transport error.
    pub(crate) fn failed<E>(self, source: reqwest::Error) -> Error<E> {
        let Sent {
            operation,
            attempts,
        } = self;
        if source.is_timeout() {
            Error::Timeout {
                operation,
                attempts,
                source,
            }
        } else {
            Error::Transport {
                operation,
                attempts,
                source,
            }
        }
    }
}

/// The HTTP client, how it retries and the hooks that see each attempt, shared by every
/// request of a client.
#[derive(Clone)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) retry: RetryPolicy,
    pub(crate) hooks: Arc<[Arc<dyn Hook>]>,
}

impl Transport {
    /// Sends `builder`'s request, again where the retry policy allows, inside a `tracing`
    /// span named after the operation.
    pub(crate) async fn execute<E>(
        &self,
        operation: &'static str,
        builder: RequestBuilder,
    ) -> Result<reqwest::Response, Error<E>> {
        let request = builder
            .build()
            .map_err(|source| Error::InvalidRequest { operation, source })?;
        let policy = self.retry;
        let retries = if RetryPolicy::retries_request(&request) {
            policy.max_retries
        } else {
            0
        };
        // The path only: query strings may carry API keys.
        let span = tracing::debug_span!(
            "http_request",
            operation,
            method = %request.method(),
            path = request.url().path(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let mut attempt = 0;
        let mut request = request;
        loop {
            // A request whose body is a stream cannot be sent twice: it gets one attempt.
            let retry = if attempt < retries {
                request.try_clone()
            } else {
                None
            };
            let call = Call {
                operation,
                attempt: attempt + 1,
            };
            for hook in self.hooks.iter() {
                hook.on_request(&mut request, call);
            }
            let result = self.http.execute(request).instrument(span.clone()).await;
            if let Ok(response) = &result {
                for hook in self.hooks.iter() {
                    hook.on_response(response, call);
                }
            }
            let wait = match (&result, &retry) {
                (Ok(response), Some(_)) if RetryPolicy::retries_status(response.status()) => {
                    Some(policy.wait(attempt + 1, Some(response.headers())))
                }
                // No response came: the connection failed, was reset or closed, or timed out.
                // Sending an idempotent request again cannot do what the first did twice.
                (Err(_), Some(_)) => Some(policy.wait(attempt + 1, None)),
                _ => None,
            };
            match (wait, retry) {
                (Some(wait), Some(next)) => {
                    tracing::debug!(parent: &span, ?wait, attempt, "retrying");
                    tokio::time::sleep(wait).await;
                    request = next;
                    attempt += 1;
                }
                _ => {
                    span.record("attempts", attempt + 1);
                    let sent = Sent {
                        operation,
                        attempts: attempt + 1,
                    };
                    return match result {
                        Ok(mut response) => {
                            span.record("status", response.status().as_u16());
                            response.extensions_mut().insert(sent);
                            Ok(response)
                        }
                        Err(error) => Err(sent.failed(error)),
                    };
                }
            }
        }
    }
}
