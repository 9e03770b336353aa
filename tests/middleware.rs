//! Living with the client in production: hooks that see every attempt (a header added, a
//! response observed), and credentials from a provider that refresh without rebuilding the
//! client.

use kapso_codegen_runtime::{Call, Error, Hook};
use kapso_fixture_clients::auth_params;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a hook saw: (operation, attempt, status).
type Seen = Arc<Mutex<Vec<(&'static str, u32, u16)>>>;

/// Adds a header to every attempt and records what it saw.
struct Recorder {
    seen: Seen,
}

impl Hook for Recorder {
    fn on_request(&self, request: &mut reqwest::Request, _call: Call) {
        request
            .headers_mut()
            .insert("x-company-auth", "layer-7".parse().unwrap());
    }

    fn on_response(&self, response: &reqwest::Response, call: Call) {
        let status = response.status().as_u16();
        self.seen
            .lock()
            .unwrap()
            .push((call.operation, call.attempt, status));
    }
}

#[tokio::test]
async fn a_hook_adds_a_header_and_observes_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let seen = Seen::default();
    let client = auth_params::Client::builder()
        .base_url(server.uri())
        .bearer_token("fixed")
        .retry(kapso_codegen_runtime::RetryPolicy::default())
        .hook(Recorder {
            seen: Arc::clone(&seen),
        })
        .build()
        .unwrap();

    client.get_oauth().send().await.expect("the retry succeeds");

    assert_eq!(
        *seen.lock().unwrap(),
        [("getOauth", 1, 503), ("getOauth", 2, 204)]
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in requests {
        assert_eq!(request.headers["x-company-auth"], "layer-7");
        // Auth keeps working with the hook in place.
        assert_eq!(request.headers["authorization"], "Bearer fixed");
    }
}

#[tokio::test]
async fn a_provided_token_refreshes_between_requests() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    // An OAuth 2 client-credentials token that changes: a real one would cache and refresh.
    let provider = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<_, std::io::Error>(format!("token-{n}")) }
    };
    let client = auth_params::Client::builder()
        .base_url(server.uri())
        .bearer_token_provider(provider)
        .build()
        .unwrap();

    client.get_oauth().send().await.unwrap();
    client.clone().get_oauth().send().await.unwrap();

    let tokens: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers["authorization"].to_str().unwrap().to_string())
        .collect();
    assert_eq!(tokens, ["Bearer token-1", "Bearer token-2"]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let shown = format!("{client:?}");
    assert!(!shown.contains("token-"), "{shown}");
}

#[tokio::test]
async fn a_provided_api_key_goes_where_the_scheme_says_and_a_failing_provider_is_named() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = auth_params::Client::builder()
        .base_url(server.uri())
        .credential_provider("ApiKeyQuery", || async {
            Ok::<_, std::io::Error>("rotated-key".to_string())
        })
        .build()
        .unwrap();
    client.search().send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("api_key=rotated-key"));

    let failing = auth_params::Client::builder()
        .base_url(server.uri())
        .bearer_token_provider(|| async {
            Err::<String, _>(std::io::Error::other("the token endpoint is down"))
        })
        .build()
        .unwrap();
    let error = failing.get_oauth().send().await.unwrap_err();
    assert!(matches!(error, Error::NotSent(_)), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains("`OAuth2`") && text.contains("the token endpoint is down"),
        "{text}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "nothing sent"
    );

    let unknown = auth_params::Client::builder()
        .credential_provider("Nope", || async { Ok::<_, std::io::Error>(String::new()) })
        .build();
    assert!(unknown.is_err());
}
