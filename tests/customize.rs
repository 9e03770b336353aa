//! Customizing the output without editing the spec (`tests/fixtures/customize/`): the client
//! generated with the `kapso-codegen.toml` and the overlay beside the spec, used as a
//! downstream crate would use it; and each way a customization can be wrong, reported at the
//! rule with the nearest names.

use kapso_codegen::{Customization, Options, generate_file, generate_from_str};
use kapso_codegen_runtime::jiff;
use kapso_fixture_clients::customize::Client;
use kapso_fixture_clients::customize::types::{Product, Purchase, Status, Tag};
use kapso_fixture_clients::shop::{Decimal, Money};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[tokio::test]
async fn replaced_types_renamed_operations_and_jiff_date_times_work_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/products"))
        // jiff's timestamp, sent in RFC 3339.
        .and(query_param("since", "2026-08-01T09:30:00Z"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!([{
                "sku": "A-1",
                "name": "Lamp",
                "price": {"amount": "12.50", "currency": "EUR"},
                "status": "sold_out",
                "tags": [{"name": "home"}]
            }])),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let since: jiff::Timestamp = "2026-08-01T09:30:00Z".parse().unwrap();

    // `listProductsForTheAuthenticatedUser`, renamed in the settings.
    let products: Vec<Product> = client.my_products().since(since).send().await.unwrap().body;

    let lamp = &products[0];
    // The crate's own `Money` and `Decimal`, not generated twins.
    let price: &Money = &lamp.price;
    assert_eq!(price.amount, Decimal("12.50".into()));
    // `x-rust-name` on the property; the JSON name stays `sku`.
    assert_eq!(lamp.stock_keeping_unit, "A-1");
    // `Status.sold_out` renamed.
    assert_eq!(lamp.status, Status::Gone);
    // `Tag` derives `Hash`, `Eq` and `Ord`: a set key.
    let tags: HashSet<Tag> = lamp.tags.clone().unwrap_or_default().into_iter().collect();
    let ordered: BTreeSet<Tag> = tags.iter().cloned().collect();
    assert_eq!(ordered.len(), 1);
}

/// `POST /orders` answers `201` with the order, where the request's body is `sent`.
async fn echo_orders(server: &MockServer, sent: &serde_json::Value) {
    Mock::given(method("POST"))
        .and(path("/orders"))
        .and(wiremock::matchers::body_json(sent))
        .respond_with(ResponseTemplate::new(201).set_body_json(sent))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_renamed_request_type_with_a_mapped_format_and_jiff_dates_round_trips() {
    let server = MockServer::start().await;
    let sent = serde_json::json!({
        "product": "A-1",
        "total": "99.90",
        "placed_at": "2026-08-01T09:30:00Z",
        "delivery": "2026-08-03"
    });
    echo_orders(&server, &sent).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let order = Purchase::new("A-1")
        .with_total(Decimal("99.90".into()))
        .with_placed_at("2026-08-01T09:30:00Z".parse().unwrap())
        .with_delivery(jiff::civil::date(2026, 8, 3));

    // `x-rust-name: place_order` on the operation.
    let placed = client.place_order(order.clone()).send().await.unwrap().body;

    assert_eq!(placed, order);
    // `Purchase` derives `Hash` and `Eq` (its `Decimal` has them).
    let orders: HashSet<Purchase> = [placed].into_iter().collect();
    assert_eq!(orders.len(), 1);
}

#[test]
fn the_overlay_and_the_settings_shape_the_code_and_impossible_derives_warn_at_the_rule() {
    let generated = generate_file(
        &fixture("tests/fixtures/customize/openapi.yaml"),
        &Options::default(),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let code = &generated.code;
    // The overlay removed `/legacy` and added `Tag.color` and a summary.
    assert!(!code.contains("legacy_export"), "{code}");
    assert!(code.contains("pub color: Option<String>"), "{code}");
    assert!(code.contains("/// Places an order (summary added by the overlay)."));
    // The replaced schema is not generated.
    assert!(!code.contains("pub struct Money"), "{code}");
    let warnings = generated.warnings.to_string();
    assert!(
        warnings.contains("kapso-codegen.toml:13:8: `Product` cannot derive `Hash`: the field `weight` holds a floating-point number; left out for that type"),
        "{warnings}"
    );
    // Every file read is reported, for a build script's rerun-if-changed.
    for file in ["kapso-codegen.toml", "fixes.overlay.yaml"] {
        assert!(
            generated.files.iter().any(|f| f.ends_with(file)),
            "{:?}",
            generated.files
        );
    }
}

const SHOP: &str = r##"
openapi: 3.1.0
info: {title: shop, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  /pets/search:
    get:
      operationId: searchPets
      responses: {"204": {description: ok}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
        tag: {type: string}
    Owner:
      type: object
      properties:
        name: {type: string}
"##;

/// Generation errors of `SHOP` with `custom` (the rules given as by `Config`).
fn errors(custom: Customization) -> String {
    let options = Options {
        customization: custom,
        ..Options::default()
    };
    match generate_from_str("shop.yaml", SHOP, &options) {
        Ok(generated) => panic!("generated, with warnings:\n{}", generated.warnings),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

fn rule(setter: &str, target: &str, value: &str) -> kapso_codegen::customize::Rule {
    kapso_codegen::customize::Rule {
        target: target.into(),
        value: value.into(),
        origin: kapso_codegen::customize::Origin::given_by(setter),
    }
}

#[test]
fn a_rule_that_names_nothing_is_an_error_with_the_nearest_name() {
    let text = errors(Customization {
        replace: vec![rule("Config::replace_type", "Pte", "crate::Pet")],
        rename_operations: vec![rule("Config::rename_operation", "listPet", "pets")],
        ..Customization::default()
    });
    assert!(
        text.contains(
            "error: Config::replace_type: `Pte` names no schema of this spec (did you mean `Pet`?)"
        ),
        "{text}"
    );
    assert!(
        text.contains("error: Config::rename_operation: `listPet` names no operation of this spec (did you mean `listPets`?)"),
        "{text}"
    );
}

#[test]
fn a_rename_that_collides_is_an_error_naming_the_other() {
    let text = errors(Customization {
        rename_types: vec![rule("Config::rename_type", "Owner", "Pet")],
        rename_operations: vec![rule("Config::rename_operation", "searchPets", "list_pets")],
        rename_fields: vec![rule("Config::rename_field", "Pet.tag", "name")],
        ..Customization::default()
    });
    for expected in [
        "renaming type `Owner` to `Pet` collides with the type of that name",
        "renaming operation `searchPets` to `list_pets` collides with another method of the client of that name",
        "renaming field `Pet.tag` to `name` collides with the field `Pet.name`",
    ] {
        assert!(text.contains(expected), "{expected}\nnot in\n{text}");
    }
}

#[test]
fn values_that_cannot_be_rust_are_errors_at_the_rule() {
    let text = errors(Customization {
        replace: vec![rule("--replace-type Pet=not a path", "Pet", "not a path")],
        attributes: vec![rule("Config::attribute", "Pet", "serde(rename_all)")],
        ..Customization::default()
    });
    for expected in [
        "--replace-type Pet=not a path: `not a path` (for `Pet`) is not a Rust type path",
        "Config::attribute: `serde(rename_all)` is not an outer attribute (`#[…]`)",
    ] {
        assert!(text.contains(expected), "{expected}\nnot in\n{text}");
    }
}

#[test]
fn a_bad_overlay_target_and_a_settings_typo_are_located_in_their_files() {
    let folder = std::env::temp_dir().join(format!("kapso-customize-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("openapi.yaml"), SHOP).unwrap();
    std::fs::write(
        folder.join("kapso-codegen.toml"),
        "overlays = [\"bad.overlay.yaml\"]\n\n[derives]\n\"*\" = [\"Hash\"]\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("bad.overlay.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths[?\n    remove: true\n",
    )
    .unwrap();

    let text = match generate_file(&folder.join("openapi.yaml"), &Options::default()) {
        Ok(_) => panic!("generated"),
        Err(diagnostics) => diagnostics.to_string(),
    };
    std::fs::remove_dir_all(&folder).ok();

    assert!(
        text.contains("kapso-codegen.toml:3:2: `derives` is not a key of the settings (did you mean `derive`?)"),
        "{text}"
    );
    assert!(
        text.contains("bad.overlay.yaml:4:5: #/actions/0/target: `$.paths[?` is not a JSONPath expression (RFC 9535)"),
        "{text}"
    );
}

/// The same client with `time` (`Config::date_time(DateTimeCrate::Time)` after the settings
/// file's jiff): RFC 3339 on the wire in a field, an optional field and a query parameter.
#[tokio::test]
async fn time_date_times_go_out_and_come_back_in_rfc_3339() {
    use kapso_codegen_runtime::time;
    use kapso_fixture_clients::customize_time;
    let server = MockServer::start().await;
    let sent = serde_json::json!({
        "product": "A-1",
        "placed_at": "2026-08-01T09:30:00Z",
        "delivery": "2026-08-03"
    });
    echo_orders(&server, &sent).await;
    Mock::given(method("GET"))
        .and(path("/user/products"))
        .and(query_param("since", "2026-08-01T09:30:00Z"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let client = customize_time::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let at = time::OffsetDateTime::from_unix_timestamp(1_785_576_600).unwrap();
    let order = customize_time::types::Purchase::new("A-1")
        .with_placed_at(at)
        .with_delivery(time::Date::from_calendar_date(2026, time::Month::August, 3).unwrap());

    let placed = client.place_order(order.clone()).send().await.unwrap().body;
    let products = client.my_products().since(at).send().await.unwrap().body;

    assert_eq!(placed, order);
    assert!(products.is_empty());
}

/// A problem in a node an overlay put into the spec is reported in the overlay, at its line.
#[test]
fn a_problem_in_what_an_overlay_added_is_located_in_the_overlay() {
    let folder = std::env::temp_dir().join(format!("kapso-graft-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("openapi.yaml"), SHOP).unwrap();
    std::fs::write(
        folder.join("fix.overlay.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.Pet.properties\n    update:\n      weight:\n        type: numbr\n",
    )
    .unwrap();
    let options = Options {
        customization: Customization {
            overlays: vec![folder.join("fix.overlay.yaml")],
            ..Customization::default()
        },
        ..Options::default()
    };

    let text = match generate_file(&folder.join("openapi.yaml"), &options) {
        Ok(_) => panic!("generated"),
        Err(diagnostics) => diagnostics.to_string(),
    };
    std::fs::remove_dir_all(&folder).ok();

    assert!(
        text.contains("fix.overlay.yaml:7:9: #/actions/0/update/weight/type: unknown type `numbr` (did you mean `number`?)"),
        "{text}"
    );
}
