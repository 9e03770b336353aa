//! Non-JSON bodies on the wire, from `tests/fixtures/bodies-3.1.yaml`
//! (`kapso_fixture_clients::bodies`): binary upload and download, text in and out, a form.

use kapso_fixture_clients::bodies;

use bodies::Client;
use bodies::types::{LoginBody, LoginBodyDevice};
use wiremock::matchers::{body_bytes, body_string, header, method, path};
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
async fn a_form_body_is_url_encoded_as_its_encoding_says() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"token": "t"})))
        .expect(1)
        .mount(&server)
        .await;
    let body = LoginBody::new("ann b", "p&ss")
        .with_remember(true)
        .with_scopes(vec!["read".into(), "write all".into()])
        .with_expand(vec!["profile".into()])
        .with_roles(vec!["admin".into(), "dev".into()])
        .with_device(LoginBodyDevice::default().with_name("phone"));

    let response = client(&server).login(body).send().await.expect("logged in");

    assert_eq!(response.body.token.as_deref(), Some("t"));
    let requests = server.received_requests().await.expect("recorded");
    // A form body is a query string: read it with the URL parser's form decoding.
    let mut url = reqwest::Url::parse("http://form.invalid/").expect("URL");
    url.set_query(Some(std::str::from_utf8(&requests[0].body).expect("UTF-8")));
    let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    pairs.sort();
    let expected = [
        ("device[name]", "phone"), // an object: brackets
        ("expand[0]", "profile"),  // deepObject
        ("password", "p&ss"),
        ("remember", "true"),
        ("roles", "admin,dev"), // explode: false
        ("scopes", "read"),     // no encoding: repeated keys
        ("scopes", "write all"),
        ("username", "ann b"),
    ];
    assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
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
        .created(SearchCreated::default().with_gte(1).with_lt(5))
        .tags(vec!["a".into(), "b".into()])
        .ids(vec![1, 2])
        .filter(SearchFilter::default().with_color("red"))
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

/// A received `multipart/form-data` part.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// The parts of a multipart request, split at its boundary.
fn multipart_parts(request: &wiremock::Request) -> Vec<Part> {
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("a boundary")
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let body = request.body.as_slice();
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let end = find(rest, delimiter.as_bytes()).expect("a closing boundary");
        let part = &rest[2..end - 2]; // CRLF after the boundary, CRLF before the next
        let split = find(part, b"\r\n\r\n").expect("headers end");
        let headers = std::str::from_utf8(&part[..split]).unwrap();
        let disposition = headers.lines().next().unwrap_or_default();
        let field = |key: &str| {
            disposition
                .split(';')
                .map(str::trim)
                .find_map(|item| item.strip_prefix(&format!("{key}=\"")))
                .and_then(|value| value.strip_suffix('"'))
                .map(str::to_string)
        };
        let content_type = headers.lines().find_map(|line| {
            line.strip_prefix("content-type: ")
                .or_else(|| line.strip_prefix("Content-Type: "))
                .map(str::to_string)
        });
        parts.push(Part {
            name: field("name").expect("a part name"),
            file_name: field("filename"),
            content_type,
            body: part[split + 4..].to_vec(),
        });
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn a_multipart_body_has_a_part_per_property() {
    use bodies::types::{UploadPhotoBody, UploadPhotoBodyMeta};
    use kapso_codegen_runtime::File;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/photos"))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    let png = vec![0x89, b'P', b'N', b'G', 0, 255];
    let photo = File::new(png.clone())
        .file_name("sunset.png")
        .content_type("image/png");
    let body = UploadPhotoBody::new("Sunset", photo)
        .with_tags(vec!["sky".into(), "red".into()])
        .with_meta(UploadPhotoBodyMeta::default().with_camera("X100"))
        .with_extras(vec![
            File::new(b"a".to_vec()),
            File::new(b"b".to_vec()).content_type("image/gif"),
        ])
        .with_caption("*red* sky");

    client(&server)
        .upload_photo(body)
        .send()
        .await
        .expect("uploaded");

    let requests = server.received_requests().await.unwrap();
    let parts = multipart_parts(&requests[0]);
    let text = |name: &str, body: &str| Part {
        name: name.into(),
        file_name: None,
        content_type: None,
        body: body.as_bytes().to_vec(),
    };
    let file = |name: &str, file_name: &str, content_type: &str, body: &[u8]| Part {
        name: name.into(),
        file_name: Some(file_name.into()),
        content_type: Some(content_type.into()),
        body: body.to_vec(),
    };
    assert_eq!(
        parts,
        [
            text("title", "Sunset"),
            text("tags", "sky"),
            text("tags", "red"),
            Part {
                content_type: Some("application/json".into()),
                ..text("meta", r#"{"camera":"X100"}"#)
            },
            file("photo", "sunset.png", "image/png", &png),
            // `encoding` gives the media type of files that set none.
            file("extras", "extras", "image/jpeg", b"a"),
            file("extras", "extras", "image/gif", b"b"),
            Part {
                content_type: Some("text/markdown".into()),
                ..text("caption", "*red* sky")
            },
        ]
    );
}

#[tokio::test]
async fn several_success_statuses_give_an_enum() {
    use bodies::operations::StartJobResponse;
    for (status, body, expected) in [
        (
            200,
            Some(serde_json::json!({"id": "job_1"})),
            StartJobResponse::Ok(bodies::types::Job::new("job_1")),
        ),
        (
            202,
            Some(serde_json::json!({"queue_position": 3})),
            StartJobResponse::Accepted(bodies::types::StartJobAccepted::new(3)),
        ),
        (204, None, StartJobResponse::NoContent),
    ] {
        let server = MockServer::start().await;
        let mut response = ResponseTemplate::new(status);
        if let Some(body) = body {
            response = response.set_body_json(body);
        }
        Mock::given(method("POST"))
            .and(path("/jobs"))
            .respond_with(response)
            .mount(&server)
            .await;

        let response = client(&server).start_job().send().await.expect("started");

        assert_eq!(response.status.as_u16(), status);
        assert_eq!(response.body, expected);
    }
}

#[tokio::test]
async fn one_status_with_several_media_types_is_told_apart_by_content_type() {
    use bodies::operations::GetReportResponse;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports/csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/reports/pdf"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(b"%PDF-1.7".to_vec(), "application/pdf"),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    let csv = client.get_report("csv").send().await.expect("a report");
    let pdf = client.get_report("pdf").send().await.expect("a report");

    assert_eq!(csv.body, GetReportResponse::TextCsv("a,b\n1,2\n".into()));
    assert_eq!(
        pdf.body,
        GetReportResponse::ApplicationPdf(b"%PDF-1.7".to_vec())
    );
}

#[tokio::test]
async fn server_sent_events_arrive_as_a_typed_stream() {
    use bodies::types::CreateCompletionBody;
    use futures::StreamExt;
    let server = MockServer::start().await;
    let events = "event: chunk\nid: 1\ndata: {\"delta\":\"Hel\"}\n\n\
                  : a comment line\n\
                  data: {\"delta\":\"lo\"}\n\n\
                  data: [DONE]\n\n\
                  data: {\"delta\":\"after the end\"}\n\n";
    Mock::given(method("POST"))
        .and(path("/completions"))
        .and(header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(events, "text/event-stream"))
        .expect(1)
        .mount(&server)
        .await;
    let body = CreateCompletionBody::new("Say hello").with_stream(true);

    let stream = client(&server)
        .create_completion(body)
        .events()
        .await
        .expect("the stream starts");
    let events: Vec<_> = stream.map(|event| event.expect("an event")).collect().await;

    let deltas: Vec<&str> = events.iter().map(|e| e.data.delta.as_str()).collect();
    assert_eq!(deltas, ["Hel", "lo"]);
    assert_eq!(
        (events[0].event.as_str(), events[0].id.as_str()),
        ("chunk", "1")
    );
}

#[tokio::test]
async fn an_event_stream_error_status_is_a_typed_error_and_bad_data_ends_the_stream() {
    use bodies::operations::CreateCompletionError;
    use futures::StreamExt;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/completions"))
        .respond_with(
            ResponseTemplate::new(429).set_body_json(serde_json::json!({"message": "later"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/logs"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("data: line 1\n\ndata: line 2\n\n", "text/event-stream"),
        )
        .mount(&server)
        .await;
    let logs_client = client(&server);

    let body = bodies::types::CreateCompletionBody::new("x");
    let error = match logs_client.create_completion(body).events().await {
        Ok(_) => panic!("a 429 is an error"),
        Err(error) => error,
    };
    assert!(matches!(
        error.api_error(),
        Some(CreateCompletionError::TooManyRequests(body)) if body.message.as_deref() == Some("later")
    ));

    let lines: Vec<String> = logs_client
        .tail_logs()
        .events()
        .await
        .expect("the stream starts")
        .map(|event| event.expect("an event").data)
        .collect()
        .await;
    assert_eq!(lines, ["line 1", "line 2"]);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "data: {\"delta\":\"ok\"}\n\ndata: {oops\n\ndata: {\"delta\":\"never\"}\n\n",
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    let body = bodies::types::CreateCompletionBody::new("x").with_stream(true);
    let events: Vec<_> = client(&server)
        .create_completion(body)
        .events()
        .await
        .expect("the stream starts")
        .collect()
        .await;
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0].as_ref().expect("the first event").data.delta,
        "ok"
    );
    let error = events[1].as_ref().expect_err("bad data");
    assert!(
        matches!(error, kapso_codegen_runtime::Error::Decode { body, .. } if body == "{oops"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_large_download_can_be_streamed_in_chunks() {
    use futures::StreamExt;
    let server = MockServer::start().await;
    // 3 MiB: more than one chunk on the wire.
    let bytes: Vec<u8> = (0..3 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/files/big.bin"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
        .mount(&server)
        .await;

    let response = client(&server)
        .download_file("big.bin")
        .download()
        .await
        .expect("the download starts");
    assert_eq!(response.status.as_u16(), 200);
    let mut chunks = 0;
    let mut received = Vec::new();
    let mut body = response.body;
    while let Some(chunk) = body.next().await {
        received.extend_from_slice(&chunk.expect("a chunk"));
        chunks += 1;
    }

    assert_eq!(received, bytes);
    assert!(chunks > 1, "{chunks} chunk(s)");
}

/// `fixtures/inline-only-3.1.yaml`: a spec without component schemas whose event type is
/// inline. Its client names the event type from the `operations` module, which imports
/// `types` only because that code names it.
#[tokio::test]
async fn an_inline_event_schema_of_a_spec_without_components_streams_typed_events() {
    use futures::StreamExt;
    use kapso_fixture_clients::inline_only;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "event: tick\ndata: {\"count\":1}\n\ndata: {\"count\":2,\"label\":\"two\"}\n\n",
            "text/event-stream",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = inline_only::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");

    let events: Vec<inline_only::types::StreamEventsResponseEvent> = client
        .stream_events()
        .events()
        .await
        .expect("the stream starts")
        .map(|event| event.expect("an event").data)
        .collect()
        .await;

    let ticks: Vec<(i64, Option<&str>)> = events
        .iter()
        .map(|e| (e.count, e.label.as_deref()))
        .collect();
    assert_eq!(ticks, [(1, None), (2, Some("two"))]);
}
