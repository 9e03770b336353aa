//! Auto-paging streams against a local mock server: by `Link` header (GitHub), by a next-page
//! URL in the body (Twilio), by the last item's id while `has_more` (Stripe) or until a page is
//! empty (Discord), by an opaque cursor (`next_cursor`, `page.endCursor` in the cafe spec), by
//! offset up to a total count (Box), by page number up to `meta.total_pages`.
//! Each stops exactly at the end and keeps the caller's parameters.

use kapso_fixture_clients::pagination;

use kapso_fixture_clients::cafe;

use futures::StreamExt;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> pagination::Client {
    pagination::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

/// The query strings of the requests the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn link_headers_are_followed_to_the_last_page() {
    let server = MockServer::start().await;
    let next = format!("{}/events?per_page=2&page=2", server.uri());
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "link",
                    format!(r#"<{next}>; rel="next", <{next}>; rel="last""#).as_str(),
                )
                .set_body_json(json!([{"id": 1}, {"id": 2}])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "link",
                    format!(r#"<{}/events?per_page=2&page=1>; rel="prev""#, server.uri()).as_str(),
                )
                .set_body_json(json!([{"id": 3}])),
        )
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<i64> = client(&server)
        .list_events()
        .per_page(2)
        .stream()
        .map(|event| event.expect("an event").id)
        .collect()
        .await;

    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(queries(&server).await, ["per_page=2", "per_page=2&page=2"]);
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "link",
                    r#"<https://evil.example.com/events?page=2>; rel="next""#,
                )
                .set_body_json(json!([{"id": 1}])),
        )
        .mount(&server)
        .await;

    let items: Vec<_> = client(&server).list_events().stream().collect().await;

    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().expect("the first page").id, 1);
    let error = items[1].as_ref().expect_err("the credentials stay home");
    assert!(error.to_string().contains("evil.example.com"), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// Mock servers (Prism) answer with the spec's example links, which point at the spec's own
/// server: such a link is followed on the client's base URL instead.
#[tokio::test]
async fn a_link_to_a_declared_server_is_rebased_onto_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "link",
                    r#"<https://eu.api.example.com/v1/events?page=2>; rel="next""#,
                )
                .set_body_json(json!([{"id": 1}])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 2}])))
        .mount(&server)
        .await;

    let ids: Vec<i64> = client(&server)
        .list_events()
        .stream()
        .map(|event| event.expect("an event").id)
        .collect()
        .await;

    assert_eq!(ids, [1, 2]);
    assert_eq!(queries(&server).await, ["", "page=2"]);
}

#[tokio::test]
async fn stripe_style_lists_continue_after_the_last_id_while_has_more() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/charges"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "has_more": true,
            "data": [{"id": "ch_1", "amount": 100}, {"id": "ch_2", "amount": 200}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/charges"))
        .and(query_param("starting_after", "ch_2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "has_more": false,
            "data": [{"id": "ch_3", "amount": 300}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let amounts: Vec<i64> = client(&server)
        .list_charges()
        .limit(2)
        .stream()
        .map(|charge| charge.expect("a charge").amount)
        .collect()
        .await;

    assert_eq!(amounts, [100, 200, 300]);
    assert_eq!(
        queries(&server).await,
        ["limit=2", "limit=2&starting_after=ch_2"]
    );
}

#[tokio::test]
async fn opaque_cursors_stop_at_a_null_cursor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages"))
        .and(query_param_is_missing("cursor"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": ["a", "b"], "next_cursor": "c-2"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/messages"))
        .and(query_param("cursor", "c-2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"items": ["c"], "next_cursor": null})),
        )
        .mount(&server)
        .await;

    let messages: Vec<String> = client(&server)
        .list_messages()
        .stream()
        .map(|message| message.expect("a message"))
        .collect()
        .await;

    assert_eq!(messages, ["a", "b", "c"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_cafe_order_list_pages_by_end_cursor_until_has_next_page_is_false() {
    let server = MockServer::start().await;
    let order = |id: &str| json!({"id": id, "customerName": "Ann", "orderItems": [{"menuItemId": "prd_1", "quantity": 1}]});
    let page = |end: Option<&str>, more: bool| {
        json!({"endCursor": end, "startCursor": null, "hasNextPage": more, "hasPrevPage": false,
               "limit": 2, "total": 3})
    };
    Mock::given(method("GET"))
        .and(path("/orders"))
        .and(query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "page": page(Some("cur-2"), true),
            "items": [order("ord_1"), order("ord_2")]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orders"))
        .and(query_param("after", "cur-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            // A server may still send a cursor on the last page: `hasNextPage` decides.
            "object": "list", "page": page(Some("cur-3"), false),
            "items": [order("ord_3")]
        })))
        .mount(&server)
        .await;
    let client = cafe::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .expect("client builds");

    let ids: Vec<String> = client
        .list_orders()
        .filter("status:placed")
        .limit(2)
        .stream()
        .map(|order| order.expect("an order").id.expect("an id"))
        .collect()
        .await;

    assert_eq!(ids, ["ord_1", "ord_2", "ord_3"]);
    assert_eq!(
        queries(&server).await,
        [
            "filter=status%3Aplaced&limit=2",
            "filter=status%3Aplaced&limit=2&after=cur-2"
        ]
    );
}

#[tokio::test]
async fn a_relative_next_page_uri_in_the_body_is_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/Calls.json"))
        .and(query_param_is_missing("Page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "calls": [{"sid": "CA1"}, {"sid": "CA2"}],
            "next_page_uri": "/Calls.json?PageSize=2&Page=1&PageToken=PA2",
            "page": 0
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/Calls.json"))
        .and(query_param("PageToken", "PA2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "calls": [{"sid": "CA3"}],
            "next_page_uri": null,
            "page": 1
        })))
        .expect(1)
        .mount(&server)
        .await;

    let sids: Vec<String> = client(&server)
        .list_calls()
        .page_size(2)
        .stream()
        .map(|call| call.expect("a call").sid)
        .collect()
        .await;

    assert_eq!(sids, ["CA1", "CA2", "CA3"]);
    assert_eq!(
        queries(&server).await,
        ["PageSize=2", "PageSize=2&Page=1&PageToken=PA2"]
    );
}

#[tokio::test]
async fn a_plain_list_continues_after_the_last_id_until_a_page_is_empty() {
    let server = MockServer::start().await;
    let page = |ids: &[&str]| {
        ResponseTemplate::new(200)
            .set_body_json(ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>())
    };
    Mock::given(method("GET"))
        .and(path("/members"))
        .and(query_param_is_missing("after"))
        .respond_with(page(&["1", "2"]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/members"))
        .and(query_param("after", "2"))
        .respond_with(page(&["3"]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/members"))
        .and(query_param("after", "3"))
        .respond_with(page(&[]))
        .mount(&server)
        .await;

    let ids: Vec<String> = client(&server)
        .list_members()
        .limit(2)
        .stream()
        .map(|member| member.expect("a member").id)
        .collect()
        .await;

    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(
        queries(&server).await,
        ["limit=2", "after=2&limit=2", "after=3&limit=2"]
    );
}

#[tokio::test]
async fn offsets_advance_by_each_page_up_to_the_total_count() {
    let server = MockServer::start().await;
    let page = |ids: &[&str]| {
        let entries: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
        ResponseTemplate::new(200).set_body_json(json!({"total_count": 3, "entries": entries}))
    };
    Mock::given(method("GET"))
        .and(path("/folders/f1/items"))
        .and(query_param_is_missing("offset"))
        .respond_with(page(&["never"]))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/folders/f1/items"))
        .and(query_param("offset", "0"))
        .respond_with(page(&["a", "b"]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/folders/f1/items"))
        .and(query_param("offset", "2"))
        .respond_with(page(&["c"]))
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<String> = client(&server)
        .list_folder_items("f1")
        .limit(2)
        .stream()
        .map(|item| item.expect("an item").id)
        .collect()
        .await;

    // Three of three: no request for offset 3.
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(
        queries(&server).await,
        ["offset=0&limit=2", "offset=2&limit=2"]
    );
}

#[tokio::test]
async fn page_numbers_stop_at_a_total_pages_count_typed_by_its_own_schema() {
    let server = MockServer::start().await;
    let page = |ids: &[&str]| {
        let data: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
        ResponseTemplate::new(200).set_body_json(json!({"data": data, "meta": {"total_pages": 2}}))
    };
    for (number, ids) in [("1", &["a", "b"][..]), ("2", &["c"][..])] {
        Mock::given(method("GET"))
            .and(path("/reports"))
            .and(query_param("page", number))
            .respond_with(page(ids))
            .expect(1)
            .mount(&server)
            .await;
    }

    let ids: Vec<String> = client(&server)
        .list_reports()
        .stream()
        .map(|item| item.expect("an item").id)
        .collect()
        .await;

    // Two of two pages (`PageCount` is an alias of `i32`): no request for page 3.
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(queries(&server).await, ["page=1", "page=2"]);
}

/// Where the page type is also sent, its required `readOnly` `id`, `data` and `has_more` are
/// optional in the generated types: the stream reads them as they are typed.
#[tokio::test]
async fn a_read_only_id_made_optional_still_moves_the_cursor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/widgets"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "has_more": true, "data": [{"id": "w1", "name": "a"}, {"id": "w2", "name": "b"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/widgets"))
        .and(query_param("starting_after", "w2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "has_more": false, "data": [{"id": "w3", "name": "c"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let names: Vec<String> = client(&server)
        .list_widgets()
        .stream()
        .map(|widget| widget.expect("a widget").name)
        .collect()
        .await;

    assert_eq!(names, ["a", "b", "c"]);
}

fn member_page(ids: &[&str], extra: serde_json::Value) -> ResponseTemplate {
    let mut body = json!({"data": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    ResponseTemplate::new(200).set_body_json(body)
}

/// The spec declares the count in `X-Total-Pages` and in an optional, nullable
/// `meta.total_pages`: a response without the header stops on the body's count.
#[tokio::test]
async fn the_page_count_in_the_body_is_read_where_the_header_is_missing() {
    let server = MockServer::start().await;
    for (number, id) in [("1", "a"), ("2", "b")] {
        Mock::given(method("GET"))
            .and(path("/tickets"))
            .and(query_param("page", number))
            .respond_with(member_page(&[id], json!({"meta": {"total_pages": 2}})))
            .expect(1)
            .mount(&server)
            .await;
    }

    let ids: Vec<String> = client(&server)
        .list_tickets()
        .stream()
        .map(|member| member.expect("a member").id)
        .collect()
        .await;

    assert_eq!(ids, ["a", "b"]);
}

/// The header's count comes first; a `null` meta is no count at all.
#[tokio::test]
async fn the_page_count_header_comes_before_the_body() {
    let server = MockServer::start().await;
    for (number, id) in [("1", "a"), ("2", "b"), ("3", "c")] {
        Mock::given(method("GET"))
            .and(path("/tickets"))
            .and(query_param("page", number))
            .respond_with(
                member_page(&[id], json!({"meta": {"total_pages": 2}}))
                    .insert_header("x-total-pages", "3"),
            )
            .expect(1)
            .mount(&server)
            .await;
    }

    let ids: Vec<String> = client(&server)
        .list_tickets()
        .stream()
        .map(|member| member.expect("a member").id)
        .collect()
        .await;

    assert_eq!(ids, ["a", "b", "c"]);
}

/// A page count behind a boxed field (the page and its meta hold each other).
#[tokio::test]
async fn a_page_count_behind_a_boxed_field_stops_the_stream() {
    let server = MockServer::start().await;
    for (number, id) in [("1", "a"), ("2", "b")] {
        Mock::given(method("GET"))
            .and(path("/trees"))
            .and(query_param("page", number))
            .respond_with(member_page(&[id], json!({"meta": {"total_pages": 2}})))
            .expect(1)
            .mount(&server)
            .await;
    }

    let ids: Vec<String> = client(&server)
        .list_trees()
        .stream()
        .map(|member| member.expect("a member").id)
        .collect()
        .await;

    assert_eq!(ids, ["a", "b"]);
}

/// A server that ignores the page parameter (as mock servers do) answers every page with the
/// first: the stream ends with an error instead of asking forever.
#[tokio::test]
async fn a_page_served_twice_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tickets"))
        .respond_with(member_page(&["a", "b"], json!({})))
        .mount(&server)
        .await;

    let results: Vec<_> = client(&server).list_tickets().stream().collect().await;

    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[..2].iter().all(Result::is_ok));
    let error = results[2]
        .as_ref()
        .expect_err("the repeated page is an error");
    assert!(
        error
            .to_string()
            .contains("answered page 2 with the same items as page 1"),
        "{error}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// Next-page links under the common shapes: HAL's `_links.next.href` (relative),
/// JSON:API's `links.next` (null at the end), a bare `next` URL.
#[tokio::test]
async fn next_links_in_common_body_shapes_are_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/documents"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "items": [{"id": "d1"}], "_links": {"next": {"href": "/documents?cursor=2"}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/documents"))
        .and(query_param("cursor", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "items": [{"id": "d2"}], "_links": {}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/articles"))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "a1"}], "links": {"next": format!("{}/articles?page=2", server.uri())}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/articles"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "a2"}], "links": {"next": null}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/songs"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [{"id": "s1"}], "next": "/songs?cursor=x"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/songs"))
        .and(query_param("cursor", "x"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [{"id": "s2"}], "next": null
        })))
        .mount(&server)
        .await;
    let client = client(&server);

    let documents = member_ids(client.list_documents().stream().collect().await);
    let articles = member_ids(client.list_articles().stream().collect().await);
    let songs = member_ids(client.list_songs().stream().collect().await);

    assert_eq!(documents, ["d1", "d2"]);
    assert_eq!(articles, ["a1", "a2"]);
    assert_eq!(songs, ["s1", "s2"]);
}

fn member_ids<E: std::fmt::Debug>(
    results: Vec<Result<pagination::types::Member, kapso_codegen_runtime::Error<E>>>,
) -> Vec<String> {
    results
        .into_iter()
        .map(|member| member.expect("a member").id)
        .collect()
}

/// Paging the spec declares with `x-kapso-pagination` (detection would not find it).
#[tokio::test]
async fn declared_pagination_is_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/feed"))
        .and(query_param_is_missing("since"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "entries": [{"id": "f1"}], "meta": {"oldest": "t1"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/feed"))
        .and(query_param("since", "t1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "entries": [{"id": "f2"}], "meta": {"oldest": null}
        })))
        .mount(&server)
        .await;

    let ids = member_ids(client(&server).list_feed().stream().collect().await);

    assert_eq!(ids, ["f1", "f2"]);
}
