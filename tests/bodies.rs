//! Non-JSON bodies on the wire, from `tests/fixtures/bodies-3.1.yaml` (checked in as
//! `tests/generated/bodies.rs`): binary upload and download, text in and out, a form.

#[allow(dead_code)]
mod bodies {
    include!("generated/bodies.rs");
}

use bodies::Client;
use bodies::types::LoginBody;
use wiremock::matchers::{body_bytes, body_string, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_binary_body_is_sent_as_is_with_its_media_type() {
    let server = MockServer::start().await;
    let bytes = vec![0u8, 159, 146, 150, 255];
    Mock::given(method("PUT"))
        .and(path("/files/a%20b.bin"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(bytes.clone()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .upload_file("a b.bin", bytes)
        .send()
        .await
        .expect("stored");

    assert_eq!(response.status, 204);
}

#[tokio::test]
async fn a_binary_download_gives_the_bytes() {
    let server = MockServer::start().await;
    let bytes = vec![137u8, 80, 78, 71, 0, 255];
    Mock::given(method("GET"))
        .and(path("/files/logo.png"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
        .mount(&server)
        .await;

    let response = client(&server)
        .download_file("logo.png")
        .send()
        .await
        .expect("downloaded");

    assert_eq!(response.body, bytes);
}

#[tokio::test]
async fn text_goes_out_and_comes_back_as_strings() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .and(header("content-type", "text/plain"))
        .and(body_string("hello, world"))
        .respond_with(ResponseTemplate::new(201).set_body_string("<p>hello, world</p>"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .create_note()
        .body("hello, world")
        .send()
        .await
        .expect("created");

    assert_eq!(response.body, "<p>hello, world</p>");
}

#[tokio::test]
async fn a_form_body_is_url_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("username=ann+b"))
        .and(body_string_contains("password=p%26ss"))
        .and(body_string_contains("remember=true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"token": "t"})))
        .expect(1)
        .mount(&server)
        .await;
    let body = LoginBody {
        username: "ann b".into(),
        password: "p&ss".into(),
        remember: Some(true),
    };

    let response = client(&server).login(body).send().await.expect("logged in");

    assert_eq!(response.body.token.as_deref(), Some("t"));
}

#[tokio::test]
async fn query_styles_follow_style_and_explode() {
    use bodies::types::{SearchCreated, SearchFilter};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    client(&server)
        .search()
        .created(SearchCreated {
            gte: Some(1),
            lt: Some(5),
        })
        .tags(vec!["a".into(), "b".into()])
        .ids(vec![1, 2])
        .filter(SearchFilter {
            color: Some("red".into()),
        })
        .send()
        .await
        .expect("searched");

    let requests = server.received_requests().await.unwrap();
    let pairs: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let expected = [
        ("created[gte]", "1"),
        ("created[lt]", "5"),
        ("tags", "a,b"),
        ("ids", "1|2"),
        ("color", "red"),
    ];
    assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
}
