//! OpenAPI 3.2 constructs on the wire, from `tests/fixtures/openapi-3.2.yaml`
//! (`kapso_fixture_clients::openapi32`): the QUERY method, a custom method of
//! `additionalOperations`, a `querystring` parameter, and each streamed body of `itemSchema`
//! (JSON Lines, JSON Text Sequences, server-sent events) read as typed values as they come,
//! and a request body of JSON Lines sent from a stream of typed values.

use futures::{StreamExt, TryStreamExt};
use kapso_fixture_clients::openapi32::Client;
use kapso_fixture_clients::openapi32::types::{LogLine, LogQuery, TailLogsFilter};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

fn messages(lines: &[LogLine]) -> Vec<&str> {
    lines.iter().map(|line| line.message.as_str()).collect()
}

#[tokio::test]
async fn a_query_operation_sends_the_query_method_and_streams_json_lines() {
    let server = MockServer::start().await;
    Mock::given(method("QUERY"))
        .and(path("/logs"))
        .and(header("accept", "application/jsonl"))
        .and(body_json(serde_json::json!({"text": "disk"})))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"message\":\"disk full\",\"level\":\"error\"}\n\n{\"message\":\"disk ok\"}",
            "application/jsonl",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let lines: Vec<LogLine> = client(&server)
        .search_logs(LogQuery::default().with_text("disk"))
        .events()
        .await
        .unwrap()
        .map_ok(|event| event.data)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(messages(&lines), ["disk full", "disk ok"]);
    assert_eq!(lines[0].level.as_deref(), Some("error"));
}

#[tokio::test]
async fn a_streamed_request_body_sends_each_item_as_a_json_line_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ingest"))
        .and(header("content-type", "application/jsonl"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;

    // Items as a producer yields them: the body is written as they come.
    let (sender, receiver) = futures::channel::mpsc::unbounded();
    let request = client(&server).ingest_logs(receiver);
    let again = request.clone();
    for message in ["disk full", "disk ok"] {
        sender.unbounded_send(LogLine::new(message)).unwrap();
    }
    drop(sender);
    request.send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        String::from_utf8_lossy(&received[0].body),
        "{\"message\":\"disk full\"}\n{\"message\":\"disk ok\"}\n"
    );
    // The stream is spent: a clone of the request is refused before it is sent.
    let error = again.send().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("its streamed body was sent already"),
        "{error}"
    );
}

#[tokio::test]
async fn an_additional_operation_sends_its_own_method() {
    let server = MockServer::start().await;
    Mock::given(method("PURGE"))
        .and(path("/logs"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server).purge_logs().send().await.unwrap();

    assert_eq!(response.status, 204);
}

#[tokio::test]
async fn a_querystring_parameter_is_the_query_string_and_sse_data_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tail"))
        .and(query_param("level", "warn"))
        .and(query_param("limit", "5"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "event: line\ndata: {\"message\":\"slow\"}\n\ndata: {\"message\":\"slower\"}\n\n",
            "text/event-stream",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let filter = TailLogsFilter::default().with_level("warn").with_limit(5);

    let events: Vec<_> = client(&server)
        .tail_logs()
        .filter(filter)
        .events()
        .await
        .unwrap()
        .collect()
        .await;

    let lines: Vec<LogLine> = events.into_iter().map(|e| e.unwrap().data).collect();
    assert_eq!(messages(&lines), ["slow", "slower"]);
}

#[tokio::test]
async fn json_text_sequences_stream_and_a_bad_value_ends_the_stream_with_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/export"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "\u{1e}{\"message\":\"one\"}\n\u{1e}{\"message\":\"two\"}\n\u{1e}{oops}\n\u{1e}{\"message\":\"never\"}\n",
            "application/json-seq",
        ))
        .mount(&server)
        .await;

    let items: Vec<_> = client(&server)
        .export_logs()
        .events()
        .await
        .unwrap()
        .collect()
        .await;

    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data.message, "one");
    assert_eq!(items[1].as_ref().unwrap().data.message, "two");
    let error = items[2].as_ref().unwrap_err();
    assert!(
        matches!(error, kapso_codegen_runtime::Error::Decode { body, .. } if body == "{oops}"),
        "{error:?}"
    );
}

/// Hierarchical tags (3.2 `parent`): selecting `logs` selects the operations of `search`,
/// its child, too; selecting the child selects it alone.
#[test]
fn selecting_a_tag_selects_its_child_tags() {
    use kapso_codegen::{Options, generate_file};
    let spec =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi-3.2.yaml");
    let methods = |tag: &str| {
        let options = Options {
            tags: Some(vec![tag.to_string()]),
            ..Options::default()
        };
        let code = generate_file(&spec, &options)
            .unwrap_or_else(|d| panic!("{d}"))
            .code;
        let mut found: Vec<&str> = ["search_logs", "purge_logs", "export_logs", "tail_logs"]
            .into_iter()
            .filter(|name| code.contains(&format!("pub fn {name}(&self")))
            .collect();
        found.sort_unstable();
        found
    };
    assert_eq!(
        methods("logs"),
        ["export_logs", "purge_logs", "search_logs", "tail_logs"]
    );
    assert_eq!(methods("search"), ["search_logs"]);
}

#[test]
fn a_default_mapping_takes_the_tags_the_mapping_does_not_name() {
    use kapso_fixture_clients::openapi32::types::Source;
    let line = |source: serde_json::Value| -> LogLine {
        serde_json::from_value(serde_json::json!({"message": "m", "source": source})).unwrap()
    };
    let app = line(serde_json::json!({"kind": "app", "app": "billing"}));
    assert!(matches!(app.source, Some(Source::AppSource(ref s)) if s.app == "billing"));
    // `vm` is not mapped: read as the default member, the tag kept.
    let vm = line(serde_json::json!({"kind": "vm", "host": "h1"}));
    let Some(Source::HostSource(host)) = vm.source else {
        panic!("{:?}", vm.source)
    };
    assert_eq!((host.kind.as_str(), host.host.as_str()), ("vm", "h1"));
    // The default member's own fields are still required.
    assert!(
        serde_json::from_value::<LogLine>(
            serde_json::json!({"message": "m", "source": {"kind": "vm"}})
        )
        .is_err()
    );
}

#[test]
fn absolute_refs_below_self_are_the_files_beside_the_spec() {
    use kapso_fixture_clients::openapi32::types::Level;
    // `level` is `https://example.com/specs/openapi-3.2/level.yaml`, `like` this document's
    // own `LogLine` by its `$self` URL: both typed, neither an untyped value.
    let query = LogQuery::default()
        .with_level(Level::Warn)
        .with_like(LogLine::new("disk full"));
    assert_eq!(
        serde_json::to_value(&query).unwrap(),
        serde_json::json!({"level": "warn", "like": {"message": "disk full"}})
    );
}

#[test]
fn examples_given_as_data_or_as_sent_are_round_tripped_by_the_example_tests() {
    let spec =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi-3.2.yaml");
    let options = kapso_codegen::Options {
        example_tests: true,
        ..kapso_codegen::Options::default()
    };
    let code = kapso_codegen::generate_file(&spec, &options)
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
        .code;
    let at = "#/paths/~1logs/query/requestBody/content/application~1json/examples";
    // `dataValue` where both are given; `serializedValue`, parsed, where it alone is.
    let tests = &code[code.find("mod example_tests").unwrap_or(0)..];
    for (key, json) in [
        (
            "data/dataValue",
            r#""{\"text\":\"disk\",\"level\":\"warn\"}""#,
        ),
        (
            "serialized/serializedValue",
            r#""{\"text\":\"cpu\",\"like\":{\"message\":\"cpu hot\"}}""#,
        ),
    ] {
        let check = format!("\"{at}/{key}\",\n                {json},");
        assert!(
            tests.contains(&check),
            "{check}\nnot in the example tests:\n{tests}"
        );
    }
}
