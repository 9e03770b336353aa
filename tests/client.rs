//! Behaviour of the generated Kapso client against a local mock server (wiremock): what goes
//! on the wire, and what comes back typed.

use kapso::operations::ListInboxEmbedsError;
use kapso::types::{
    ErrorResponse, InboxEmbedDefaultMode, InboxEmbedScopeType, InboxEmbedStatus,
    ListInboxEmbedsScopeType, ListInboxEmbedsStatus,
};
use kapso::{Client, Error};
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "test-key-4f9c";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

/// The example the spec gives for a 200 from `GET /inbox_embeds`.
fn spec_example() -> Value {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/kapso-platform-api.yaml"
    ))
    .expect("spec is readable");
    let spec: Value = serde_yaml::from_str(&spec).expect("spec is YAML");
    spec["paths"]["/inbox_embeds"]["get"]["responses"]["200"]["content"]["application/json"]["examples"]
        ["phone_number"]["value"]
        .clone()
}

/// The error `list_inbox_embeds` gives when the server answers `response`.
async fn error_for(response: ResponseTemplate) -> Error<ListInboxEmbedsError> {
    let server = MockServer::start().await;
    serve(&server, response).await;
    client(&server)
        .list_inbox_embeds()
        .send()
        .await
        .expect_err("the call fails")
}

async fn serve(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/inbox_embeds"))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn sends_the_api_key_header_and_the_typed_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inbox_embeds"))
        .and(header("X-API-Key", API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(spec_example()))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .list_inbox_embeds()
        .status(ListInboxEmbedsStatus::Active)
        .scope_type(ListInboxEmbedsScopeType::PhoneNumber)
        .page(2)
        .per_page(50)
        .send()
        .await
        .expect("call succeeds");

    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.query(),
        Some("status=active&scope_type=phone_number&page=2&per_page=50")
    );
}

#[tokio::test]
async fn unset_parameters_are_not_sent() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(spec_example()),
    )
    .await;

    client(&server)
        .list_inbox_embeds()
        .send()
        .await
        .expect("call succeeds");

    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn the_spec_example_decodes_into_typed_fields() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(spec_example()),
    )
    .await;

    let response = client(&server)
        .list_inbox_embeds()
        .send()
        .await
        .expect("call succeeds");

    let embed = &response.body.data[0];
    assert_eq!(
        embed.id,
        uuid::Uuid::parse_str("550e8400-e29b-41d4-a716-446655440000").unwrap()
    );
    assert_eq!(embed.name.as_deref(), Some("Support embed"));
    assert_eq!(embed.scope_type, InboxEmbedScopeType::PhoneNumber);
    assert_eq!(embed.scope_id.as_deref(), Some("1234567890"));
    assert_eq!(embed.assigned_user_id, None);
    assert_eq!(embed.status, InboxEmbedStatus::Active);
    assert_eq!(
        embed.allowed_origins,
        vec!["https://app.example.com".to_string()]
    );
    assert_eq!(embed.default_mode, InboxEmbedDefaultMode::System);
    assert_eq!(embed.expires_at, None);
    assert_eq!(embed.created_at.to_rfc3339(), "2025-01-15T10:00:00+00:00");
    assert_eq!(response.body.meta.total_count, 1);
    // Serializing gives back the same JSON (nulls stay out only where the field is absent).
    let reencoded = serde_json::to_value(&response.body).unwrap();
    assert_eq!(reencoded["data"][0]["scope_type"], "phone_number");
    assert_eq!(reencoded["meta"], spec_example()["meta"]);
}

#[tokio::test]
async fn pagination_headers_are_typed() {
    let server = MockServer::start().await;
    let link = "<https://api.kapso.ai/platform/v1/inbox_embeds?page=3>; rel=\"next\"";
    let response = ResponseTemplate::new(200)
        .set_body_json(spec_example())
        .insert_header("X-Total", "41")
        .insert_header("X-Total-Pages", "3")
        .insert_header("X-Per-Page", "20")
        .insert_header("X-Page", "2")
        .insert_header("Link", link);
    serve(&server, response).await;

    let response = client(&server)
        .list_inbox_embeds()
        .send()
        .await
        .expect("call succeeds");

    assert_eq!(response.status, 200);
    assert_eq!(response.headers.x_total, Some(41));
    assert_eq!(response.headers.x_total_pages, Some(3));
    assert_eq!(response.headers.x_per_page, Some(20));
    assert_eq!(response.headers.x_page, Some(2));
    assert_eq!(response.headers.link.as_deref(), Some(link));
}

#[tokio::test]
async fn a_malformed_declared_header_is_a_header_error() {
    let response = ResponseTemplate::new(200)
        .set_body_json(spec_example())
        .insert_header("X-Total", "many");

    let error = error_for(response).await;

    match error {
        Error::Header { status, source, .. } => {
            assert_eq!(status, 200);
            assert_eq!(source.name, "x-total");
            assert_eq!(source.value.as_deref(), Some("many"));
        }
        other => panic!("expected a header error, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_fields_and_enum_values_decode() {
    let server = MockServer::start().await;
    let mut body = spec_example();
    body["data"][0]["status"] = json!("expired");
    body["data"][0]["scope_type"] = json!("workspace");
    body["data"][0]["brand_new_field"] = json!({"nested": true});
    body["meta"]["next_cursor"] = json!("abc");
    serve(&server, ResponseTemplate::new(200).set_body_json(body)).await;

    let response = client(&server)
        .list_inbox_embeds()
        .send()
        .await
        .expect("decodes");

    let embed = &response.body.data[0];
    assert_eq!(
        embed.status,
        InboxEmbedStatus::Unknown("expired".to_string())
    );
    assert_eq!(embed.status.to_string(), "expired");
    assert_eq!(
        embed.scope_type,
        InboxEmbedScopeType::Unknown("workspace".to_string())
    );
    assert_eq!(
        serde_json::to_value(&embed.status).unwrap(),
        json!("expired")
    );
}

#[tokio::test]
async fn unauthorized_gives_a_typed_error_response() {
    let error =
        error_for(ResponseTemplate::new(401).set_body_json(json!({"error": "Invalid API key"})))
            .await;

    assert_eq!(error.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
    match error {
        Error::Api { status, body, .. } => {
            assert_eq!(status, 401);
            assert_eq!(
                body,
                ListInboxEmbedsError::Unauthorized(ErrorResponse::new("Invalid API key"))
            );
        }
        other => panic!("expected a declared 401, got {other:?}"),
    }
}

#[tokio::test]
async fn validation_failure_gives_a_typed_error_response() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(422).set_body_json(json!({"error": "per_page must be <= 100"})),
    )
    .await;

    let error = client(&server)
        .list_inbox_embeds()
        .per_page(500)
        .send()
        .await
        .unwrap_err();

    assert_eq!(
        error.api_error(),
        Some(&ListInboxEmbedsError::UnprocessableEntity(
            ErrorResponse::new("per_page must be <= 100")
        ))
    );
}

#[tokio::test]
async fn an_undeclared_status_keeps_status_and_raw_body() {
    let error = error_for(ResponseTemplate::new(503).set_body_string("upstream down")).await;

    match error {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status, 503);
            assert_eq!(body, "upstream down");
        }
        other => panic!("expected an unexpected status, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undecodable_body_keeps_status_and_raw_body() {
    let error = error_for(ResponseTemplate::new(200).set_body_string("{\"data\": [oops")).await;

    match error {
        Error::Decode { status, body, .. } => {
            assert_eq!(status, 200);
            assert_eq!(body, "{\"data\": [oops");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_body_that_does_not_match_is_a_decode_error() {
    let error = error_for(ResponseTemplate::new(401).set_body_string("<html>login</html>")).await;

    assert!(
        matches!(&error, Error::Decode { status, .. } if *status == 401),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://{address}"))
        .build()
        .unwrap();

    let error = client.list_inbox_embeds().send().await.unwrap_err();

    // A GET is retried twice (the default policy) before the error is given.
    assert!(
        matches!(error, Error::Transport { attempts: 3, .. }),
        "{error:?}"
    );
    assert_eq!(error.status(), None);
    assert_eq!(
        error.to_string(),
        "listInboxEmbeds: the request could not be sent or its response not received (3 attempts made)"
    );
    let source = std::error::Error::source(&error).expect("reqwest's error as the source");
    assert!(!error.to_string().contains(&source.to_string()));
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(spec_example())
        .set_delay(Duration::from_secs(5));
    serve(&server, slow).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();

    let error = client.list_inbox_embeds().send().await.unwrap_err();

    assert!(
        matches!(error, Error::Timeout { attempts: 3, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "listInboxEmbeds: no response within the timeout (3 attempts made)"
    );
}

#[tokio::test]
async fn a_caller_supplied_http_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inbox_embeds"))
        .and(header("X-Custom", "from-reqwest"))
        .and(header("X-API-Key", API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(spec_example()))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("X-Custom", "from-reqwest".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();

    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .http_client(http)
        .build()
        .unwrap();

    client
        .list_inbox_embeds()
        .send()
        .await
        .expect("the custom client's header passes the mock");
}

#[test]
fn the_api_key_never_shows_in_debug_output() {
    let client = Client::new(API_KEY).expect("client builds");
    let builder = Client::builder().api_key(API_KEY);

    let printed = format!("{client:?} {client:#?} {builder:?}");

    assert!(!printed.contains(API_KEY), "{printed}");
    assert!(printed.contains("ApiKeyAuth"), "{printed}");
}

#[test]
fn the_default_server_comes_from_the_spec_and_can_be_overridden() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.kapso.ai/platform/v1");
    let bad = Client::builder().base_url("not a url").build();
    assert!(matches!(
        bad,
        Err(kapso::runtime::BuildError::InvalidBaseUrl { .. })
    ));
}

#[test]
fn a_base_url_without_a_scheme_and_an_empty_key_are_refused_when_building() {
    let no_scheme = Client::builder().base_url("localhost:4010").build();
    let error = no_scheme.expect_err("no scheme").to_string();
    assert_eq!(
        error,
        "invalid base URL `localhost:4010`: it has no `http://` or `https://` scheme"
    );
    let empty = Client::builder().api_key("").build();
    let error = empty.expect_err("an empty key").to_string();
    assert_eq!(
        error,
        "the credential for security scheme `ApiKeyAuth` is empty"
    );
    assert!(
        Client::builder()
            .base_url("http://localhost:4010")
            .api_key("k")
            .build()
            .is_ok()
    );
}

#[test]
fn enums_round_trip_through_strings() {
    for status in [InboxEmbedStatus::Active, InboxEmbedStatus::Revoked] {
        let parsed: InboxEmbedStatus = status.to_string().parse().unwrap();
        assert_eq!(parsed, status);
    }
    assert_eq!(
        "phone_number".parse::<InboxEmbedScopeType>().unwrap(),
        InboxEmbedScopeType::PhoneNumber
    );
    assert_eq!(InboxEmbedDefaultMode::Dark.as_str(), "dark");
}

#[tokio::test]
async fn a_503_is_retried_and_the_retry_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inbox_embeds"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(spec_example()),
    )
    .await;

    let response = client(&server)
        .list_inbox_embeds()
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(response.status, 200);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
    )
    .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry(kapso::runtime::RetryPolicy::none())
        .build()
        .unwrap();

    let error = client.list_inbox_embeds().send().await.unwrap_err();

    assert_eq!(error.status(), Some(reqwest::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn retries_stop_after_the_policy_limit() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", "0"),
    )
    .await;
    let policy = kapso::runtime::RetryPolicy {
        max_retries: 3,
        ..Default::default()
    };
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry(policy)
        .build()
        .unwrap();

    let error = client.list_inbox_embeds().send().await.unwrap_err();

    assert!(
        matches!(error, Error::UnexpectedStatus { status, .. } if status == 503),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

/// A page of the spec's example with `count` copies of its item, each with an id of its own.
fn page_of(count: usize, page: i64, total_pages: i64) -> ResponseTemplate {
    let mut body = spec_example();
    let item = body["data"][0].clone();
    let items = (0..count).map(|index| {
        let mut item = item.clone();
        item["id"] = json!(format!("00000000-0000-4000-8000-{page:06}{index:06}"));
        item
    });
    body["data"] = serde_json::Value::Array(items.collect());
    body["meta"]["page"] = json!(page);
    body["meta"]["total_pages"] = json!(total_pages);
    ResponseTemplate::new(200)
        .set_body_json(body)
        .insert_header("X-Total-Pages", total_pages.to_string().as_str())
        .insert_header("X-Page", page.to_string().as_str())
}

#[tokio::test]
async fn stream_walks_every_page_keeping_the_filters() {
    use futures::StreamExt;
    use wiremock::matchers::query_param;
    let server = MockServer::start().await;
    for (page, count) in [(1, 2), (2, 2), (3, 1)] {
        Mock::given(method("GET"))
            .and(path("/inbox_embeds"))
            .and(query_param("page", page.to_string().as_str()))
            .and(query_param("status", "active"))
            .respond_with(page_of(count, page, 3))
            .expect(1)
            .mount(&server)
            .await;
    }

    let items: Vec<_> = client(&server)
        .list_inbox_embeds()
        .status(ListInboxEmbedsStatus::Active)
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 5);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "stops exactly at the last page"
    );
}

#[tokio::test]
async fn stream_ends_with_the_error_of_a_failing_page() {
    use futures::StreamExt;
    use wiremock::matchers::query_param;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inbox_embeds"))
        .and(query_param("page", "2"))
        .respond_with(page_of(1, 2, 5))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inbox_embeds"))
        .and(query_param("page", "3"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "expired key"})))
        .mount(&server)
        .await;

    let items: Vec<_> = client(&server)
        .list_inbox_embeds()
        .page(2)
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(matches!(&items[1], Err(Error::Api { status, .. }) if *status == 401));
}
