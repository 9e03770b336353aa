//! Conformance against a third-party validator: each test starts Prism (`prism mock --errors`)
//! for a spec and calls every operation of the client generated from it. Prism answers a
//! request that breaks the spec (path, query string, headers, credentials, body) with an error
//! status and an `sl-violations` header, so a wrong request fails the test; its mock responses
//! are decoded by the generated types, so a wrong type fails it too.
//!
//! Needs `npm ci --prefix tests/prism` (the README's test command runs it).

mod support;

use futures::StreamExt;
use kapso_codegen_runtime::{Error, Response};
use serde_json::json;
use std::fmt::Debug;
use std::path::Path;
use support::prism::{self, Prism};

use kapso_fixture_clients::museum;

use kapso_fixture_clients::cafe;

use kapso_fixture_clients::petstore_v2;

fn repo_spec(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/specs")
        .join(path)
}

/// The call succeeded and Prism found nothing wrong with the request.
#[track_caller]
fn conforms<T, H, E: Debug>(prism: &Prism, result: Result<Response<T, H>, Error<E>>) -> T {
    match result {
        Ok(response) => {
            assert!(
                response.header_map.get("sl-violations").is_none(),
                "Prism reports violations: {:?}",
                response.header_map.get("sl-violations")
            );
            response.body
        }
        Err(error) => panic!(
            "the call failed: {error:?}\nviolations: {:?}\nPrism log:\n{}",
            error.headers().and_then(|h| h.get("sl-violations")),
            prism.log()
        ),
    }
}

#[tokio::test]
async fn kapso_every_operation_conforms() {
    let prism = Prism::start(
        "kapso",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/kapso-platform-api.yaml"),
    );
    let client = kapso::Client::builder()
        .base_url(prism.base_url())
        .api_key("conformance-key")
        .build()
        .expect("client builds");

    let page = conforms(&prism, client.list_inbox_embeds().send().await);
    assert!(!page.data.is_empty());
    conforms(
        &prism,
        client
            .list_inbox_embeds()
            .status(kapso::types::ListInboxEmbedsStatus::Active)
            .scope_type(kapso::types::ListInboxEmbedsScopeType::PhoneNumber)
            .scope_id("pn_123")
            .assigned_user_id(uuid::Uuid::nil())
            .page(2)
            .per_page(50)
            .send()
            .await,
    );
    // The pagination stream's requests conform too (it stops at Prism's page count).
    let streamed: Vec<_> = client
        .list_inbox_embeds()
        .status(kapso::types::ListInboxEmbedsStatus::Revoked)
        .per_page(10)
        .stream()
        .collect()
        .await;
    assert!(!streamed.is_empty());
    for item in streamed {
        item.unwrap_or_else(|e| panic!("a page failed: {e:?}\n{}", prism.log()));
    }
}

#[tokio::test]
async fn prism_rejects_what_the_spec_forbids() {
    // The harness can fail: without the API key the spec requires, Prism answers 401.
    let prism = Prism::start(
        "kapso-no-key",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/kapso-platform-api.yaml"),
    );
    let client = kapso::Client::builder()
        .base_url(prism.base_url())
        .build()
        .expect("client builds");
    let error = client
        .list_inbox_embeds()
        .send()
        .await
        .expect_err("Prism refuses a call without credentials");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    // An out-of-range `per_page` (the spec says at least 1) is refused as well.
    let error = kapso::Client::builder()
        .base_url(prism.base_url())
        .api_key("conformance-key")
        .build()
        .expect("client builds")
        .list_inbox_embeds()
        .per_page(0)
        .send()
        .await
        .expect_err("Prism refuses per_page=0");
    let violations = error
        .headers()
        .and_then(|h| h.get("sl-violations"))
        .expect("Prism names the violation");
    assert!(
        violations.to_str().unwrap().contains("per_page"),
        "{violations:?}"
    );
}

#[tokio::test]
async fn museum_every_operation_conforms() {
    use museum::types::*;
    let prism = Prism::start("museum", &repo_spec("redocly-museum.yaml"));
    let client = museum::Client::builder()
        .base_url(prism.base_url())
        .basic_auth("visitor", Some("secret".into()))
        .build()
        .expect("client builds");
    let day = chrono::NaiveDate::from_ymd_opt(2023, 9, 11).unwrap();
    let event_id = uuid::Uuid::parse_str("dad4bce8-f5cb-4078-a211-995864315e39").unwrap();

    conforms(
        &prism,
        client
            .get_museum_hours()
            .start_date(day)
            .page(2)
            .limit(10)
            .send()
            .await,
    );
    conforms(
        &prism,
        client
            .list_special_events()
            .start_date(day)
            .end_date(day)
            .page(1)
            .limit(5)
            .send()
            .await,
    );
    let event: SpecialEvent = serde_json::from_value(json!({
        "name": "Mermaid Treasure Identification and Analysis",
        "location": "Under the seaaa 🦀 🎶 🌊.",
        "eventDescription": "Join us as we review and classify a rare collection of 20 thingamabobs.",
        "dates": ["2023-09-05", "2023-09-08"],
        "price": 30
    }))
    .unwrap();
    conforms(&prism, client.create_special_event(event).send().await);
    conforms(&prism, client.get_special_event(event_id).send().await);
    let fields = SpecialEventFields::default()
        .with_location("On the beach.")
        .with_price(15.0);
    conforms(
        &prism,
        client.update_special_event(event_id, fields).send().await,
    );
    conforms(&prism, client.delete_special_event(event_id).send().await);
    let tickets = BuyMuseumTickets::new(day, TicketType::Event)
        .with_email("todd@example.com")
        .with_event_id(event_id);
    conforms(&prism, client.buy_museum_tickets(tickets).send().await);
    conforms(&prism, client.get_ticket_code(event_id).send().await);
}

#[tokio::test]
async fn cafe_every_operation_conforms() {
    use cafe::types::*;
    let spec = prism::copy_with_missing_refs_filled(&repo_spec("redocly-cafe"), "prism-cafe");
    let prism = Prism::start("cafe", &spec.join("openapi.yaml"));
    let client = cafe::Client::builder()
        .base_url(prism.base_url())
        .bearer_token("conformance-token")
        .api_key("conformance-key")
        .build()
        .expect("client builds");
    let item_id = "prd_01h1s5z6vf2mm1mz3hevnn9va7";
    let order_id = "ord_01h1s5z6vf2mm1mz3hevnn9va7";

    conforms(
        &prism,
        client
            .list_menu_items()
            .limit(5)
            .after("cursor-1")
            .sort("-id")
            .filter("category:beverage")
            .search("tea")
            .send()
            .await,
    );
    // The read-only fields (id, object, timestamps) are the server's, so the client makes them
    // optional; OpenAPI says their `required` applies to responses only. Prism 5.14 still
    // requires them in a multipart request, so this request sets them.
    let now = chrono::Utc::now();
    let photo = kapso_codegen_runtime::File::new(b"\x89PNG\r\n".to_vec())
        .file_name("cappuccino.png")
        .content_type("image/png");
    let beverage = Beverage::new(BeverageCategory::Beverage, 250.0, true, "Cappuccino", 4500)
        .with_photo(photo)
        .with_created_at(now)
        .with_updated_at(now)
        .with_id(item_id)
        .with_object(MenuBaseItemObject::MenuItem)
        .with_photo_text_description("A hot cappuccino in a white ceramic cup.".to_string());
    conforms(
        &prism,
        client
            .create_menu_item(MenuItem::Beverage(beverage))
            .send()
            .await,
    );
    conforms(&prism, client.delete_menu_item(item_id).send().await);
    conforms(
        &prism,
        client
            .get_menu_item_photo(item_id)
            .photo_size(GetMenuItemPhotoPhotoSize::Thumbnail)
            .send()
            .await,
    );
    conforms(
        &prism,
        client
            .list_orders()
            .filter("status:placed")
            .limit(3)
            .before("cursor-2")
            .send()
            .await,
    );
    // Cursor pagination: every page request conforms. Prism answers every page with the same
    // example, which the stream ends with an error for (rather than ask again and again).
    let orders: Vec<_> = client.list_orders().limit(2).stream().collect().await;
    let (last, pages) = orders.split_last().expect("the first page has orders");
    for order in pages {
        order
            .as_ref()
            .unwrap_or_else(|e| panic!("a page failed: {e:?}\n{}", prism.log()));
    }
    match last {
        Ok(_) => {}
        Err(kapso_codegen_runtime::Error::NotSent(why)) if why.contains("with the same items") => {}
        Err(e) => panic!("a page failed: {e:?}\n{}", prism.log()),
    }
    let item = OrderOrderItemsItem::new(item_id, 2)
        .with_discount(0)
        .with_comment("No sugar!");
    let order = Order::new("Mary Ann", vec![item]);
    conforms(&prism, client.create_order(order).send().await);
    conforms(&prism, client.get_order_by_id(order_id).send().await);
    conforms(&prism, client.delete_order(order_id).send().await);
    conforms(
        &prism,
        client
            .update_order(order_id)
            .body(UpdateOrderBody::new(OrderStatus::Completed))
            .send()
            .await,
    );
    conforms(
        &prism,
        client
            .list_order_items()
            .filter("createdAt:7d")
            .send()
            .await,
    );
    let since = chrono::DateTime::parse_from_rfc3339("2026-08-01T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    conforms(
        &prism,
        client
            .get_revenue()
            .start_date(since)
            .end_date(since + chrono::Duration::days(7))
            .send()
            .await,
    );
    let registration = RegisterClientObject::new("auth")
        .with_redirect_uris(vec!["https://api.cafe.redocly.com/callback".into()])
        .with_scopes(vec![RegisterClientObjectScopesItem::MenuRead]);
    conforms(
        &prism,
        client.register_o_auth2_client(registration).send().await,
    );
}

/// A Swagger 2.0 client against a mock of the original 2.0 document (Prism reads 2.0 itself):
/// the conversion must give requests the 2.0 spec accepts and types its answers decode into.
#[tokio::test]
async fn swagger_2_petstore_every_operation_conforms() {
    use petstore_v2::types::NewPet;
    let prism = Prism::start("petstore-v2", &repo_spec("oai-v2-petstore-expanded.json"));
    let client = petstore_v2::Client::builder()
        .base_url(prism.base_url())
        .build()
        .expect("client builds");

    let pets = conforms(
        &prism,
        client
            .find_pets()
            .tags(vec!["dog".into(), "cat".into()])
            .limit(10)
            .send()
            .await,
    );
    assert!(!pets.is_empty(), "Prism answers with the spec's example");
    conforms(
        &prism,
        client
            .add_pet(NewPet::new("Rex").with_tag("dog"))
            .send()
            .await,
    );
    conforms(&prism, client.find_pet_by_id(7).send().await);
    conforms(&prism, client.delete_pet(7).send().await);
}
