//! Credentials and parameters on the wire, from `tests/fixtures/auth-params-3.1.yaml`
//! (checked in as `tests/generated/auth_params.rs`): every security scheme kind, per-operation
//! `security` (alternatives, `security: []`), and parameters in path, query, header and cookie.

#[allow(dead_code)]
mod auth_params {
    include!("generated/auth_params.rs");
}

use auth_params::Client;
use auth_params::types::GetPlayerTheme;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Accepts any request; the tests read what was received.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

async fn last_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    requests.pop().expect("a request")
}

fn header(request: &wiremock::Request, name: &str) -> Option<String> {
    let values: Vec<&str> = request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    (!values.is_empty()).then(|| values.join(" | "))
}

/// All the credentials the API has schemes for.
fn full_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("tok-1")
        .basic_auth("ann", Some("pw".into()))
        .credential("ApiKeyQuery", "q-key")
        .credential("ApiKeyCookie", "c-key")
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn parameters_go_to_their_places_with_renamed_and_encoded_paths() {
    let server = server().await;
    let request_id = uuid::Uuid::parse_str("0f8fad5b-d9cb-469f-a165-70867728950e").unwrap();

    full_client(&server)
        .get_player("m/1 ü", "ann&bob", request_id)
        .x_trace("t-9")
        .theme(GetPlayerTheme::Dark)
        .fields(vec!["name".into(), "score".into()])
        .tag(vec!["a".into(), "b c".into()])
        .send()
        .await
        .expect("sent");

    let request = last_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/matches/m%2F1%20%C3%BC/players/ann%26bob"
    );
    assert_eq!(
        request.url.query(),
        Some("fields=name%2Cscore&tag=a&tag=b+c")
    );
    assert_eq!(
        header(&request, "x-request-id").as_deref(),
        Some("0f8fad5b-d9cb-469f-a165-70867728950e")
    );
    assert_eq!(header(&request, "x-trace").as_deref(), Some("t-9"));
    assert_eq!(header(&request, "cookie").as_deref(), Some("theme=dark"));
    // The API-wide security: the bearer token.
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Bearer tok-1")
    );
}

#[tokio::test]
async fn each_scheme_kind_sends_its_credential_where_the_spec_says() {
    let server = server().await;
    let client = full_client(&server);

    client.search().send().await.expect("sent");
    let request = last_request(&server).await;
    assert_eq!(request.url.query(), Some("api_key=q-key"));
    assert_eq!(header(&request, "authorization"), None);

    client.get_admin().send().await.expect("sent");
    let request = last_request(&server).await;
    // base64("ann:pw")
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Basic YW5uOnB3")
    );

    client.get_oauth().send().await.expect("sent");
    let request = last_request(&server).await;
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Bearer tok-1")
    );

    client
        .get_session()
        .locale("fr")
        .prefs(vec!["compact".into(), "mono".into()])
        .send()
        .await
        .expect("sent");
    let request = last_request(&server).await;
    // One `Cookie` header holding the key and the cookie parameters.
    assert_eq!(
        header(&request, "cookie").as_deref(),
        Some("session=c-key; locale=fr; prefs=compact,mono")
    );
}

#[tokio::test]
async fn security_none_sends_no_credentials() {
    let server = server().await;

    full_client(&server)
        .get_public()
        .send()
        .await
        .expect("sent");

    let request = last_request(&server).await;
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "cookie"), None);
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn the_first_alternative_with_credentials_is_used() {
    let server = server().await;
    let basic_only = Client::builder()
        .base_url(server.uri())
        .basic_auth("ann", Some("pw".into()))
        .build()
        .expect("client builds");

    basic_only.get_either().send().await.expect("sent");
    let request = last_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Basic YW5uOnB3")
    );

    full_client(&server)
        .get_either()
        .send()
        .await
        .expect("sent");
    let request = last_request(&server).await;
    assert_eq!(request.url.query(), Some("api_key=q-key"));
    assert_eq!(header(&request, "authorization"), None);
}

#[test]
fn credentials_never_show_in_debug_output() {
    let client = Client::builder()
        .bearer_token("tok-secret-1")
        .basic_auth("ann", Some("pw-secret-2".into()))
        .credential("ApiKeyCookie", "c-secret-3")
        .build()
        .expect("client builds");
    let debug = format!("{client:?}");
    for secret in ["tok-secret-1", "pw-secret-2", "c-secret-3"] {
        assert!(!debug.contains(secret), "{debug}");
    }
}
