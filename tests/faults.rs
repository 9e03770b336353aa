//! The runtime under faults, against a scripted local server: connections closed before an
//! answer, and bodies decoded as received.

use kapso_fixture_clients::bodies;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server on a free local port that closes the first `drops` connections as soon as a
/// request has arrived, without answering, and answers the ones after with `answer`.
/// Returns its base URL and the number of connections it saw.
async fn dropping_server(drops: usize, answer: &'static str) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        // Bounded: the test needs a handful of connections at most.
        for _ in 0..10 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let number = counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = vec![0; 64 * 1024];
            let _ = socket.read(&mut buffer).await;
            if number >= drops {
                let _ = socket.write_all(answer.as_bytes()).await;
            }
            // Dropping the socket closes the connection (after the answer, if any).
        }
    });
    (url, seen)
}

fn client(url: &str) -> bodies::Client {
    bodies::Client::builder()
        .base_url(url)
        .retry(kapso_codegen_runtime::RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..kapso_codegen_runtime::RetryPolicy::default()
        })
        .build()
        .expect("client builds")
}

const CSV: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: 4\r\nconnection: close\r\n\r\na,b\n";

#[tokio::test]
async fn an_idempotent_request_is_retried_when_the_connection_closes_before_an_answer() {
    let (url, seen) = dropping_server(2, CSV).await;

    let response = client(&url).get_report("r1").send().await;

    let response = response.expect("the third attempt is answered");
    assert_eq!(seen.load(Ordering::SeqCst), 3);
    assert!(matches!(
        response.body,
        bodies::operations::GetReportResponse::TextCsv(ref text) if text == "a,b\n"
    ));
}

#[tokio::test]
async fn a_request_that_is_not_idempotent_is_not_sent_twice() {
    let (url, seen) = dropping_server(1, CSV).await;

    let result = client(&url).start_job().send().await;

    let error = result.expect_err("the connection closed without an answer");
    assert!(
        matches!(
            error,
            kapso_codegen_runtime::Error::Transport { attempts: 1, .. }
        ),
        "{error:?}"
    );
    assert!(error.to_string().ends_with("(1 attempt made)"), "{error}");
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_request_with_an_idempotency_key_is_retried_whatever_its_method() {
    const JOB: &str = "HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";
    let (url, seen) = dropping_server(1, JOB).await;
    let client = bodies::Client::builder()
        .base_url(url)
        .default_header("Idempotency-Key", "job-1")
        .retry(kapso_codegen_runtime::RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..kapso_codegen_runtime::RetryPolicy::default()
        })
        .build()
        .expect("client builds");

    let response = client
        .start_job()
        .send()
        .await
        .expect("the retry is answered");

    assert_eq!(response.status.as_u16(), 204);
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}

/// A large body decodes from the bytes as received (no copy of the whole body first).
#[tokio::test]
async fn a_large_body_is_decoded() {
    let server = wiremock::MockServer::start().await;
    let text = "x".repeat(8 * 1024 * 1024);
    wiremock::Mock::given(wiremock::matchers::path("/reports/big"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(text.clone(), "text/csv"))
        .mount(&server)
        .await;

    let response = client(&server.uri()).get_report("big").send().await;

    match response.expect("answered").body {
        bodies::operations::GetReportResponse::TextCsv(body) => assert_eq!(body.len(), text.len()),
        other => panic!("{other:?}"),
    }
}
