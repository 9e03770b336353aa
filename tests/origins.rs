//! Credentials and path values stay where they belong: no credential of any security scheme
//! follows a redirect to another origin (host, scheme or port), same-origin redirects keep
//! working, and no path parameter value reaches another resource than its operation's.

use kapso_codegen_runtime::Error;
use kapso_fixture_clients::auth_params;
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that records what reaches it and answers 204.
async fn recorder() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// A server that redirects every request to `target` (with the status given).
async fn redirecting_to(target: &str, status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).insert_header("location", target))
        .mount(&server)
        .await;
    server
}

fn auth_client(base_url: &str) -> auth_params::Client {
    auth_params::Client::builder()
        .base_url(base_url)
        .bearer_token("secret-bearer")
        .basic_auth("ann", Some("secret-pw".into()))
        .credential("ApiKeyQuery", "secret-query-key")
        .credential("ApiKeyCookie", "secret-cookie-key")
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn no_credential_follows_a_redirect_to_another_origin() {
    let elsewhere = recorder().await;
    for status in [301, 302, 303, 307, 308] {
        let target = format!("{}/stolen", elsewhere.uri());
        let api = redirecting_to(&target, status).await;
        let client = auth_client(&api.uri());
        // Bearer, basic, query and cookie API keys, one operation each.
        fn answer<T, E: std::fmt::Display>(result: Result<T, Error<E>>) -> (u16, String) {
            match result {
                Err(error @ Error::UnexpectedStatus { status, .. }) => {
                    (status.as_u16(), error.to_string())
                }
                Err(other) => panic!("expected the redirect as an answer, got {other}"),
                Ok(_) => panic!("the redirect was followed"),
            }
        }
        let answers = [
            answer(client.get_oauth().send().await),
            answer(client.get_admin().send().await),
            answer(client.search().send().await),
            answer(client.get_session().send().await),
        ];
        for (answered, text) in answers {
            assert_eq!(answered, status);
            assert!(text.contains(&target), "{text}");
        }
        // The header API key of the Kapso client.
        let kapso = kapso::Client::builder()
            .base_url(api.uri())
            .api_key("secret-header-key")
            .build()
            .unwrap();
        let error = kapso.list_inbox_embeds().send().await.unwrap_err();
        assert!(error.to_string().contains("not followed"), "{error}");
    }
    let reached = elsewhere.received_requests().await.unwrap();
    assert!(
        reached.is_empty(),
        "requests reached another origin: {reached:?}"
    );
}

#[tokio::test]
async fn redirects_within_the_origin_keep_their_credentials() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/moved"))
        .mount(&server)
        .await;
    Mock::given(path("/moved"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    auth_client(&server.uri())
        .get_oauth()
        .send()
        .await
        .expect("the redirect is followed");

    let requests = server.received_requests().await.unwrap();
    let last = requests.last().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(last.url.path(), "/moved");
    assert_eq!(last.headers["authorization"], "Bearer secret-bearer");
}

#[tokio::test]
async fn a_path_parameter_never_names_another_resource() {
    let server = recorder().await;
    let client = auth_client(&server.uri());
    let request_id = uuid::Uuid::nil();
    for (match_id, player, refused) in [
        ("m1", "..", "`player` is a dot segment"),
        ("m1", ".", "`player` is a dot segment"),
        ("m1", "", "`player` is empty"),
        ("..", "p", "`match-id` is a dot segment"),
        ("", "p", "`match-id` is empty"),
    ] {
        let error = client
            .get_player(match_id, player, request_id)
            .send()
            .await
            .expect_err("refused");
        assert!(matches!(error, Error::NotSent(_)), "{error:?}");
        assert!(error.to_string().contains(refused), "{error}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());

    // Dots inside a value, and values that only look like dot segments once decoded, are
    // sent encoded inside their segment.
    for player in ["..x", "a..", "%2E%2E", "../etc"] {
        client
            .get_player("m1", player, request_id)
            .send()
            .await
            .expect("sent");
    }
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| request.url.path().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "/matches/m1/players/..x",
            "/matches/m1/players/a..",
            "/matches/m1/players/%252E%252E",
            "/matches/m1/players/..%2Fetc",
        ]
    );
}
