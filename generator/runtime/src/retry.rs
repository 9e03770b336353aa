//! Retries of idempotent requests on throttling (429) and passing server trouble
//! (502, 503, 504), or when no response came (a connection that failed, was reset or closed,
//! or timed out), with exponential backoff that honours `Retry-After`.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use std::time::{Duration, SystemTime};

/// When and how often to retry. The default retries twice, starting at 200 ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 switches retrying off.
    pub max_retries: u32,
    /// The wait before the first retry; it doubles with each retry.
    pub initial_backoff: Duration,
    /// No wait is longer, whatever the backoff or `Retry-After` says.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Whether a request may be sent again: it must not change anything more the second
    /// time — an idempotent method, or any method with an `Idempotency-Key` header (the
    /// server then does it once).
    pub(crate) fn retries_request(request: &reqwest::Request) -> bool {
        let idempotent = matches!(
            *request.method(),
            Method::GET
                | Method::HEAD
                | Method::OPTIONS
                | Method::PUT
                | Method::DELETE
                | Method::TRACE
        );
        idempotent || request.headers().contains_key("idempotency-key")
    }

    pub(crate) fn retries_status(status: StatusCode) -> bool {
        matches!(status.as_u16(), 429 | 502 | 503 | 504)
    }

    /// The wait before retry number `attempt` (1-based): `Retry-After` if the server sent
    /// one, else the exponential backoff with jitter; never above `max_backoff`.
    pub(crate) fn wait(&self, attempt: u32, headers: Option<&HeaderMap>) -> Duration {
        let told = headers.and_then(retry_after);
        let wait = told.unwrap_or_else(|| {
            let exponential = self
                .initial_backoff
                .saturating_mul(1 << attempt.saturating_sub(1).min(16));
            // Up to a quarter less, so that many clients do not retry in step.
            let nanos = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            exponential - exponential.mul_f64(f64::from(nanos % 1000) / 4000.0)
        });
        wait.min(self.max_backoff)
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_wins_over_backoff_but_not_over_the_cap() {
        let policy = RetryPolicy::default();
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(policy.wait(1, Some(&headers)), Duration::from_secs(3));
        headers.insert(RETRY_AFTER, "3600".parse().unwrap());
        assert_eq!(policy.wait(1, Some(&headers)), Duration::from_secs(30));
    }

    #[test]
    fn backoff_doubles_with_a_little_jitter() {
        let policy = RetryPolicy::default();
        let first = policy.wait(1, None);
        let third = policy.wait(3, None);
        assert!(
            first <= Duration::from_millis(200) && first >= Duration::from_millis(150),
            "{first:?}"
        );
        assert!(
            third <= Duration::from_millis(800) && third >= Duration::from_millis(600),
            "{third:?}"
        );
    }

    #[test]
    fn only_idempotent_methods_and_transient_statuses_are_retried() {
        let request = |method: Method, key: Option<&'static str>| {
            let mut request = reqwest::Request::new(method, "http://localhost/".parse().unwrap());
            if let Some(key) = key {
                let value = reqwest::header::HeaderValue::from_static(key);
                request.headers_mut().insert("Idempotency-Key", value);
            }
            request
        };
        assert!(RetryPolicy::retries_request(&request(Method::GET, None)));
        assert!(!RetryPolicy::retries_request(&request(Method::POST, None)));
        assert!(!RetryPolicy::retries_request(&request(Method::PATCH, None)));
        assert!(RetryPolicy::retries_request(&request(
            Method::POST,
            Some("k1")
        )));
        assert!(RetryPolicy::retries_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(!RetryPolicy::retries_status(
            StatusCode::INTERNAL_SERVER_ERROR
        ));
    }
}
