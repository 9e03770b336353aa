//! Typed mocks (`kapso::mock`, the fixture clients' `mock` modules): a test of code that uses
//! a client, written without a URL or a JSON string. Matchers are typed by the operation's
//! parameters and body and match exactly what the client sends (path, query styles, headers,
//! cookies, bodies); responders are typed by the declared responses and headers; raw statuses,
//! bodies and delays give faults; `times` makes sequences, `expect` counts.

use futures::StreamExt;
use kapso::mock::MockServer;
use kapso::types::{
    ErrorResponse, InboxEmbed, InboxEmbedDefaultMode, InboxEmbedListResponse, InboxEmbedScopeType,
    InboxEmbedStatus, ListInboxEmbedsStatus, PaginationMeta,
};
use kapso_fixture_clients::{auth_params, bodies};
use std::time::Duration;

/// The code under test: a user's function that calls the client.
async fn active_embed_names(client: &kapso::Client) -> Result<Vec<String>, String> {
    let page = client
        .list_inbox_embeds()
        .status(ListInboxEmbedsStatus::Active)
        .per_page(50)
        .send()
        .await
        .map_err(|error| error.to_string())?;
    Ok(page
        .body
        .data
        .iter()
        .filter_map(|e| e.name.clone())
        .collect())
}

fn embed(name: &str) -> InboxEmbed {
    let mut embed = InboxEmbed::new(
        uuid::Uuid::nil(),
        InboxEmbedScopeType::Project,
        InboxEmbedStatus::Active,
        vec!["https://example.com".to_string()],
        InboxEmbedDefaultMode::System,
        chrono::DateTime::UNIX_EPOCH,
        chrono::DateTime::UNIX_EPOCH,
    );
    embed.name = Some(name.to_string());
    embed
}

fn page(names: &[&str], page: i64, total_pages: i64) -> InboxEmbedListResponse {
    let data = names.iter().map(|name| embed(name)).collect();
    InboxEmbedListResponse::new(data, PaginationMeta::new(page, 50, total_pages, 3))
}

#[tokio::test]
async fn a_users_function_is_tested_against_typed_matchers_and_responders() {
    let mock = MockServer::start().await;
    mock.list_inbox_embeds()
        .status(ListInboxEmbedsStatus::Active)
        .per_page(50)
        .then()
        .ok(&page(&["support", "sales"], 1, 1))
        .x_total_pages(1)
        .expect(1)
        .mount()
        .await;
    let names = active_embed_names(&mock.client()).await.unwrap();
    assert_eq!(names, ["support", "sales"]);
}

#[tokio::test]
async fn a_request_that_does_not_match_gets_no_answer() {
    let mock = MockServer::start().await;
    // The function asks for active embeds; this mock only answers revoked ones.
    mock.list_inbox_embeds()
        .status(ListInboxEmbedsStatus::Revoked)
        .then()
        .ok(&page(&["old"], 1, 1))
        .expect(0)
        .mount()
        .await;
    let error = active_embed_names(&mock.client()).await.unwrap_err();
    assert!(error.contains("404"), "{error}");
}

#[tokio::test]
async fn declared_errors_come_back_typed() {
    let mock = MockServer::start().await;
    mock.list_inbox_embeds()
        .then()
        .unauthorized(&ErrorResponse::new("bad key"))
        .mount()
        .await;
    let error = mock.client().list_inbox_embeds().send().await.unwrap_err();
    match error {
        kapso::Error::Api { status, body, .. } => {
            assert_eq!(status.as_u16(), 401);
            assert!(matches!(
                body,
                kapso::operations::ListInboxEmbedsError::Unauthorized(ref e) if e.error == "bad key"
            ));
        }
        other => panic!("not a typed error: {other:?}"),
    }
}

#[tokio::test]
async fn typed_headers_reach_the_response() {
    let mock = MockServer::start().await;
    mock.list_inbox_embeds()
        .then()
        .ok(&page(&[], 1, 1))
        .x_total(0)
        .link("<https://api.kapso.ai/platform/v1/inbox_embeds?page=2>; rel=\"next\"")
        .mount()
        .await;
    let response = mock.client().list_inbox_embeds().send().await.unwrap();
    assert_eq!(response.headers.x_total, Some(0));
    assert!(response.headers.link.unwrap().contains("rel=\"next\""));
}

#[tokio::test]
async fn a_sequence_answers_503_then_200_and_the_client_retries() {
    let mock = MockServer::start().await;
    mock.list_inbox_embeds()
        .then()
        .status(503)
        .times(1)
        .expect(1)
        .mount()
        .await;
    mock.list_inbox_embeds()
        .then()
        .ok(&page(&["after retry"], 1, 1))
        .expect(1)
        .mount()
        .await;
    let names = active_embed_names(&mock.client()).await.unwrap();
    assert_eq!(names, ["after retry"]);
}

#[tokio::test]
async fn pages_are_mocked_by_their_page_parameter_for_stream() {
    let mock = MockServer::start().await;
    for (number, names) in [(1, &["a", "b"][..]), (2, &["c"][..])] {
        mock.list_inbox_embeds()
            .page(number)
            .then()
            .ok(&page(names, number, 2))
            .x_total_pages(2)
            .expect(1)
            .mount()
            .await;
    }
    let items: Vec<_> = mock.client().list_inbox_embeds().stream().collect().await;
    let names: Vec<String> = items
        .into_iter()
        .map(|item| item.unwrap().name.unwrap())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
}

#[tokio::test]
async fn faults_malformed_json_and_a_slow_answer() {
    let mock = MockServer::start().await;
    mock.list_inbox_embeds()
        .per_page(1)
        .then()
        .status(200)
        .body("application/json", "{\"data\": [")
        .mount()
        .await;
    mock.list_inbox_embeds()
        .per_page(2)
        .then()
        .ok(&page(&[], 1, 1))
        .delay(Duration::from_secs(5))
        .mount()
        .await;
    let client = mock.client();
    let error = client
        .list_inbox_embeds()
        .per_page(1)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, kapso::Error::Decode { .. }), "{error:?}");
    let error = client
        .list_inbox_embeds()
        .per_page(2)
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("no response within the timeout"),
        "{error}"
    );
}

#[tokio::test]
async fn credentials_are_matched_as_headers() {
    let mock = MockServer::start().await;
    mock.list_inbox_embeds()
        .header("x-api-key", "test-key")
        .then()
        .ok(&page(&["authorised"], 1, 1))
        .mount()
        .await;
    let keyed = mock.client_builder().api_key("test-key").build().unwrap();
    assert_eq!(active_embed_names(&keyed).await.unwrap(), ["authorised"]);
    let error = active_embed_names(&mock.client()).await.unwrap_err();
    assert!(error.contains("404"), "without the key: {error}");
}

#[tokio::test]
async fn path_header_cookie_and_query_styles_match_what_the_client_sends() {
    let mock = auth_params::mock::MockServer::start().await;
    let request_id = uuid::Uuid::from_u128(7);
    mock.get_player()
        .match_id("m/1 ü")
        .player("ann&bob")
        .x_request_id(request_id)
        .theme(auth_params::types::GetPlayerTheme::Dark)
        .fields(vec!["a".to_string(), "b c".to_string()])
        .tag(vec!["x".to_string(), "y".to_string()])
        .then()
        .no_content()
        .expect(1)
        .mount()
        .await;
    let client = mock.client_builder().bearer_token("t").build().unwrap();
    client
        .get_player("m/1 ü", "ann&bob", request_id)
        .theme(auth_params::types::GetPlayerTheme::Dark)
        .fields(vec!["a".to_string(), "b c".to_string()])
        .tag(vec!["x".to_string(), "y".to_string()])
        .send()
        .await
        .unwrap();
    // Another player, another cookie, a joined list sent otherwise: no match.
    let other = client.get_player("m/1 ü", "carol", request_id).send().await;
    assert!(other.is_err());
    let light = client
        .get_player("m/1 ü", "ann&bob", request_id)
        .theme(auth_params::types::GetPlayerTheme::Light)
        .fields(vec!["a".to_string(), "b c".to_string()])
        .tag(vec!["x".to_string(), "y".to_string()])
        .send()
        .await;
    assert!(light.is_err());
    let fewer = client
        .get_player("m/1 ü", "ann&bob", request_id)
        .theme(auth_params::types::GetPlayerTheme::Dark)
        .fields(vec!["a".to_string()])
        .tag(vec!["x".to_string(), "y".to_string()])
        .send()
        .await;
    assert!(fewer.is_err());
}

#[tokio::test]
async fn unset_path_parameters_match_any_one_segment() {
    let mock = auth_params::mock::MockServer::start().await;
    mock.get_player()
        .then()
        .no_content()
        .expect(2)
        .mount()
        .await;
    let client = mock.client_builder().bearer_token("t").build().unwrap();
    for player in ["ann", "bob"] {
        client
            .get_player("m", player, uuid::Uuid::nil())
            .send()
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn bodies_match_by_value_or_by_predicate() {
    let mock = bodies::mock::MockServer::start().await;
    mock.create_note()
        .body("hello")
        .then()
        .created("rendered hello")
        .mount()
        .await;
    mock.create_completion()
        .body_matching(|body: &bodies::types::CreateCompletionBody| body.prompt.starts_with("hi"))
        .then()
        .ok(&bodies::types::CreateCompletionResponse::new(
            "by predicate",
        ))
        .mount()
        .await;
    let exact = bodies::types::CreateCompletionBody::new("exact").with_stream(false);
    mock.create_completion()
        .body(&exact)
        .then()
        .ok(&bodies::types::CreateCompletionResponse::new("by value"))
        .expect(1)
        .mount()
        .await;
    let client = mock.client();
    let note = client.create_note().body("hello").send().await.unwrap();
    assert_eq!(note.body, "rendered hello");
    assert!(client.create_note().body("bye").send().await.is_err());
    let text = |body| {
        let client = client.clone();
        async move {
            client
                .create_completion(body)
                .send()
                .await
                .map(|r| r.body.text)
        }
    };
    assert_eq!(
        text(bodies::types::CreateCompletionBody::new("hi there"))
            .await
            .unwrap(),
        "by predicate"
    );
    assert_eq!(text(exact.clone()).await.unwrap(), "by value");
    // The same prompt without `stream: false` is another body.
    assert!(
        text(bodies::types::CreateCompletionBody::new("exact"))
            .await
            .is_err()
    );
}

#[tokio::test]
#[should_panic(expected = "listInboxEmbeds")]
async fn an_unmet_expectation_fails_the_test_naming_the_operation() {
    let mock = MockServer::start().await;
    mock.list_inbox_embeds()
        .then()
        .ok(&page(&[], 1, 1))
        .expect(1)
        .mount()
        .await;
    // No request is made: dropping the server checks the expectation.
    drop(mock);
}

#[tokio::test]
async fn link_pages_point_at_the_mock_with_request_url() {
    use kapso_fixture_clients::pagination;
    use pagination::types::Event;
    let mock = pagination::mock::MockServer::start().await;
    // The second page's URL, as the server would put it in `Link: rel="next"`.
    let next = mock.list_events().per_page(2).page(2).request_url();
    assert!(next.starts_with(&mock.uri()) && next.ends_with("/events?per_page=2&page=2"));
    mock.list_events()
        .per_page(2)
        .page(2)
        .then()
        .ok(&[Event::new(3)])
        .expect(1)
        .mount()
        .await;
    mock.list_events()
        .per_page(2)
        .then()
        .ok(&[Event::new(1), Event::new(2)])
        .link(format!("<{next}>; rel=\"next\""))
        .expect(1)
        .mount()
        .await;
    let events: Vec<i64> = mock
        .client()
        .list_events()
        .per_page(2)
        .stream()
        .map(|event| event.unwrap().id)
        .collect()
        .await;
    assert_eq!(events, [1, 2, 3]);
}
