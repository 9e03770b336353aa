//! What a crate using a generated client relies on, against a local mock server: requests it
//! can spawn, store and return; a header or timeout on one request; an `Accept` header the
//! server can negotiate by; error texts that carry the server's message; constructors.

use futures::{Stream, StreamExt, TryStreamExt};
use kapso::operations::ListInboxEmbedsError;
use kapso::types::InboxEmbed;
use kapso::{Client, Error};
use kapso_codegen_runtime::RetryPolicy;
use kapso_fixture_clients::{bodies, nullable};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn kapso(server: &MockServer) -> Client {
    Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

fn page(ids: &[&str], page: i64, total_pages: i64) -> serde_json::Value {
    let data: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            json!({
                "id": id, "scope_type": "project", "status": "active", "allowed_origins": [],
                "default_mode": "system", "created_at": "2025-01-15T10:00:00Z",
                "updated_at": "2025-01-15T10:00:00Z"
            })
        })
        .collect();
    json!({"data": data, "meta": {"page": page, "per_page": 2, "total_pages": total_pages, "total_count": 3}})
}

async fn serve_embeds(server: &MockServer) {
    for (number, ids) in [
        (
            1,
            &[
                "550e8400-e29b-41d4-a716-446655440001",
                "550e8400-e29b-41d4-a716-446655440002",
            ][..],
        ),
        (2, &["550e8400-e29b-41d4-a716-446655440003"][..]),
    ] {
        Mock::given(method("GET"))
            .and(path("/inbox_embeds"))
            .and(wiremock::matchers::query_param("page", number.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(ids, number, 2)))
            .mount(server)
            .await;
    }
}

/// The stream of every embed, from a client the caller only lends: the stream owns what it
/// needs, so it outlives the borrow (this is the compile test of `Send + 'static`).
fn every_embed(
    client: &Client,
) -> impl Stream<Item = Result<InboxEmbed, Error<ListInboxEmbedsError>>> + Send + 'static {
    client.list_inbox_embeds().per_page(2).stream()
}

/// Fails to compile unless `T` can be moved into a task.
fn assert_send_static<T: Send + 'static>(_: &T) {}

#[tokio::test]
async fn a_request_can_be_spawned_and_a_stream_returned_from_a_borrowed_client() {
    let server = MockServer::start().await;
    serve_embeds(&server).await;
    let client = kapso(&server);

    let request = client.list_inbox_embeds().page(1);
    assert_send_static(&request);
    let first = tokio::spawn(request.send())
        .await
        .expect("the task ends")
        .expect("the page comes");
    assert_eq!(first.body.data.len(), 2);

    let stream = every_embed(&client);
    drop(client);
    let ids: Vec<String> = tokio::spawn(async move {
        stream
            .map_ok(|embed| embed.id.to_string())
            .try_collect()
            .await
    })
    .await
    .expect("the task ends")
    .expect("every page comes");
    assert_eq!(ids.len(), 3);
    assert!(ids[2].ends_with("003"), "{ids:?}");
}

/// Every way of sending gives a future (or stream) that is `Send + 'static`: a multipart
/// upload, a download, server-sent events, and streams paged by link, cursor and offset.
/// (The futures are made, not polled: this is checked by the compiler.)
#[test]
fn every_way_of_sending_can_be_spawned() {
    let bodies = bodies::Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let pages = kapso_fixture_clients::pagination::Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let photo = bodies::types::UploadPhotoBody::new("t", kapso_codegen_runtime::File::new(vec![1]));
    assert_send_static(&bodies.upload_photo(photo).send());
    assert_send_static(&bodies.download_file("a").download());
    assert_send_static(&bodies.download_file("a").send());
    let prompt = bodies::types::CreateCompletionBody::new("hi");
    assert_send_static(&bodies.create_completion(prompt).events());
    assert_send_static(&bodies.tail_logs().header("X-A", "b").events());
    assert_send_static(&pages.list_events().stream());
    assert_send_static(&pages.list_charges().stream());
    assert_send_static(
        &pages
            .list_widgets()
            .timeout(Duration::from_secs(1))
            .stream(),
    );
}

#[tokio::test]
async fn a_header_set_on_one_request_goes_with_that_request_only() {
    let server = MockServer::start().await;
    serve_embeds(&server).await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .default_header("X-Trace", "from-the-client")
        .build()
        .unwrap();

    client
        .list_inbox_embeds()
        .page(1)
        .header("Idempotency-Key", "k-1")
        .header("X-Trace", "from-the-request")
        .send()
        .await
        .expect("the first call");
    client
        .list_inbox_embeds()
        .page(1)
        .send()
        .await
        .expect("the second call");

    let requests = server.received_requests().await.unwrap();
    let values = |index: usize, name: &str| -> Vec<String> {
        requests[index]
            .headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(values(0, "idempotency-key"), ["k-1"]);
    // It replaces the client's default of the same name rather than adding a second one.
    assert_eq!(values(0, "x-trace"), ["from-the-request"]);
    assert!(values(1, "idempotency-key").is_empty());
    assert_eq!(values(1, "x-trace"), ["from-the-client"]);
}

#[tokio::test]
async fn an_invalid_header_on_a_request_fails_it_without_sending() {
    let server = MockServer::start().await;
    let error = kapso(&server)
        .list_inbox_embeds()
        .header("not a name", "x")
        .send()
        .await
        .expect_err("an invalid header name");
    assert!(matches!(error, Error::NotSent(_)), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_timeout_set_on_one_request_overrides_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inbox_embeds"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(&[], 1, 1))
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .timeout(Duration::from_secs(30))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();

    let error = client
        .list_inbox_embeds()
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .expect_err("the request's own timeout");
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    // The client's own timeout is untouched: the next request waits for the slow answer.
    client
        .list_inbox_embeds()
        .send()
        .await
        .expect("the client's timeout");
}

fn bodies_client(server: &MockServer) -> bodies::Client {
    bodies::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_request_says_what_it_can_read_json_first() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inbox_embeds"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&[], 1, 1)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/reports/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n", "text/csv"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/completions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("data: {\"delta\":\"hi\"}\n\n", "text/event-stream"),
        )
        .mount(&server)
        .await;

    kapso(&server).list_inbox_embeds().send().await.unwrap();
    bodies_client(&server)
        .get_report("r1")
        .send()
        .await
        .unwrap();
    let events = bodies_client(&server)
        .create_completion(bodies::types::CreateCompletionBody::new("hi"))
        .events()
        .await
        .unwrap();
    assert_eq!(events.collect::<Vec<_>>().await.len(), 1);

    let requests = server.received_requests().await.unwrap();
    let accept: Vec<Vec<&str>> = requests
        .iter()
        .map(|request| {
            let values = request.headers.get_all("accept").iter();
            values.map(|value| value.to_str().unwrap()).collect()
        })
        .collect();
    assert_eq!(accept[0], ["application/json"]);
    // The success media types in the spec's order, after the JSON its errors come in.
    assert_eq!(
        accept[1],
        ["application/problem+json, text/csv, application/pdf"]
    );
    // `events()` asks for the stream alone, in place of what `send()` reads.
    assert_eq!(accept[2], ["text/event-stream"]);
}

async fn report_error(response: ResponseTemplate) -> Error<bodies::operations::GetReportError> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports/r1"))
        .respond_with(response)
        .mount(&server)
        .await;
    bodies_client(&server)
        .get_report("r1")
        .send()
        .await
        .expect_err("an error status")
}

#[tokio::test]
async fn an_api_errors_text_names_the_operation_the_status_and_the_servers_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inbox_embeds"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "Invalid API key"})))
        .mount(&server)
        .await;
    let error = kapso(&server).list_inbox_embeds().send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "listInboxEmbeds: the server answered 401 Unauthorized: Invalid API key"
    );
    // Through `?` into `Box<dyn Error>`, as a caller's `main` would see it.
    let boxed: Box<dyn std::error::Error + Send + Sync> = error.into();
    assert!(boxed.to_string().ends_with("Invalid API key"));

    // A problem body's `detail` is the message, not its `title`.
    let problem = json!({"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no report r1"});
    let error = report_error(
        ResponseTemplate::new(404).set_body_raw(problem.to_string(), "application/problem+json"),
    )
    .await;
    assert_eq!(
        error.to_string(),
        "getReport: the server answered 404 Not Found: no report r1"
    );
    // The declared error enum is an error of its own.
    let body: &dyn std::error::Error = error.api_error().expect("a declared error");
    assert_eq!(body.to_string(), "no report r1");
}

#[tokio::test]
async fn error_texts_without_a_message_field_say_what_there_is() {
    // No message in the body: the body itself, compact.
    let error = report_error(
        ResponseTemplate::new(404).set_body_raw(r#"{ "status": 404 }"#, "application/problem+json"),
    )
    .await;
    assert_eq!(
        error.to_string(),
        r#"getReport: the server answered 404 Not Found: {"status":404}"#
    );
    // No body: the response's description, where it says more than the reason phrase.
    let gone = report_error(ResponseTemplate::new(410)).await;
    assert_eq!(
        gone.to_string(),
        "getReport: the server answered 410 Gone: The report has expired"
    );
    let unavailable = report_error(ResponseTemplate::new(503)).await;
    assert_eq!(
        unavailable.to_string(),
        "getReport: the server answered 503 Service Unavailable"
    );
    // A status the spec does not declare: the body, cut at 200 characters.
    let long = "x".repeat(500);
    let error = report_error(ResponseTemplate::new(418).set_body_string(long)).await;
    let text = error.to_string();
    assert!(
        text.starts_with(
            "getReport: the server answered 418 I'm a teapot, a status the API does not declare for it: xxx"
        ),
        "{text}"
    );
    assert!(text.ends_with("x…"), "{text}");
    assert!(text.chars().count() < 320, "{text}");
}

#[test]
fn a_struct_with_required_fields_has_a_constructor_for_them() {
    use nullable::types::{Account, Owner, ThingPatch};

    // `#[non_exhaustive]`: built by `new`, optional fields set one by one.
    let mut account = Account::new("ada@example.com");
    account.password = Some("secret".into());
    assert_eq!(
        serde_json::to_value(&account).unwrap(),
        json!({"email": "ada@example.com", "password": "secret"})
    );
    // Required fields that are structs are taken by value, optional ones left out.
    assert_eq!(
        serde_json::to_value(Owner::new("ada")).unwrap(),
        json!({"name": "ada"})
    );
    // All-optional structs keep `Default`; absent nullable fields stay out of the JSON.
    assert_eq!(
        serde_json::to_value(ThingPatch::default()).unwrap(),
        json!({})
    );
}

/// An error body's message is read through whatever wraps it: a nullable body, a nullable
/// object on the way, a boxed recursive type, an alias; without a message, the body is shown
/// as JSON (as decoded).
#[tokio::test]
async fn error_messages_are_read_through_nullable_boxed_and_aliased_bodies() {
    use kapso_fixture_clients::error_bodies::Client;
    use wiremock::matchers::any;
    for (status, body, message) in [
        (400, json!({"error_message": "bad input"}), "bad input"),
        (400, json!(null), "null"),
        (404, json!({"message": "no such thing"}), "no such thing"),
        (409, json!({"error": {"message": "taken"}}), "taken"),
        (409, json!({"error": null}), "{}"),
        (
            422,
            json!({"message": "outer", "cause": {"message": "inner"}}),
            "outer",
        ),
        (500, json!({"detail": "the twin says"}), "the twin says"),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_json(&body))
            .mount(&server)
            .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let error = client
            .get_things()
            .send()
            .await
            .expect_err("an error status");
        let text = error.to_string();
        assert!(
            text.ends_with(&format!(": {message}")),
            "{status} {body}: {text}"
        );
    }
}
