//! The code generated from `tests/fixtures/nullable-3.1.yaml` compiles (it is included
//! here) and reads absent and null fields the way the spec says.
//!
//! `tests/generated/nullable_3_1.rs` is checked in; `generate.rs` fails when it is stale and
//! says how to refresh it.

use kapso_fixture_clients::nullable;

use nullable::types::{Owner, Thing, ThingNullableEnum, ThingTagsItem};
use serde_json::json;

fn minimal() -> serde_json::Value {
    json!({
        "id": "550e8400-e29b-41d4-a716-446655440000",
        "required_nullable": null,
        "required_nullable_ref": null,
        "kind": "thing"
    })
}

#[test]
fn absent_optional_fields_and_null_required_fields_read_as_none() {
    let thing: Thing = serde_json::from_value(minimal()).expect("decodes");
    assert_eq!(thing.required_nullable, None);
    assert_eq!(thing.required_nullable_ref, None);
    assert_eq!(thing.optional_plain, None);
    assert_eq!(thing.optional_one_of_null, None);
    assert_eq!(thing.tags, None);
}

#[test]
fn null_required_fields_are_written_as_null_and_absent_optional_ones_left_out() {
    let thing: Thing = serde_json::from_value(minimal()).expect("decodes");
    let written = serde_json::to_value(&thing).unwrap();
    assert_eq!(written, minimal());
}

#[test]
fn present_values_decode_into_their_types() {
    let mut value = minimal();
    value["required_nullable"] = json!("here");
    value["required_nullable_ref"] = json!({"name": "ann", "self": "me", "type": "person"});
    value["optional_one_of_null"] = json!({"name": "bob"});
    value["optional_nullable"] = json!(2.5);
    value["tags"] = json!(["red", "blue"]);
    value["labels"] = json!({"a": "b"});
    value["nullable_enum"] = json!("on");

    let thing: Thing = serde_json::from_value(value).expect("decodes");

    assert_eq!(thing.required_nullable.as_deref(), Some("here"));
    let owner = thing.required_nullable_ref.expect("owner present");
    assert_eq!(
        (
            owner.name.as_str(),
            owner.self_.as_deref(),
            owner.type_.as_deref()
        ),
        ("ann", Some("me"), Some("person"))
    );
    assert_eq!(thing.optional_one_of_null, Some(Owner::new("bob")));
    assert_eq!(thing.optional_nullable, Some(2.5));
    assert_eq!(
        thing.tags,
        Some(vec![
            ThingTagsItem::Red,
            ThingTagsItem::Unknown("blue".into())
        ])
    );
    assert_eq!(thing.labels.unwrap()["a"], "b");
    assert_eq!(thing.nullable_enum, Some(ThingNullableEnum::On));
}

#[test]
fn a_missing_required_field_is_an_error() {
    let mut value = minimal();
    value.as_object_mut().unwrap().remove("id");
    assert!(serde_json::from_value::<Thing>(value).is_err());
}

/// A PATCH body can leave a field out, clear it with `null`, or set it: what goes on the wire
/// for each, through the generated client.
#[tokio::test]
async fn a_patch_body_tells_absent_from_null() {
    use kapso_codegen_runtime::Nullable;
    use nullable::types::ThingPatch;
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/things/t1"))
        .and(header("content-type", "application/merge-patch+json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(minimal()))
        .mount(&server)
        .await;
    let client = nullable::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let patches = [
        ThingPatch::default(),
        ThingPatch::default()
            .with_nickname(Nullable::Null)
            .with_owner(Nullable::Null),
        ThingPatch::default()
            .with_nickname("Bob".to_string())
            .with_owner(Owner::new("Ann"))
            .with_count(3),
    ];

    for patch in patches {
        client
            .update_thing("t1", patch)
            .send()
            .await
            .expect("patched");
    }

    let bodies: Vec<serde_json::Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            json!({}),
            json!({"nickname": null, "owner": null}),
            json!({"nickname": "Bob", "owner": {"name": "Ann"}, "count": 3}),
        ]
    );
}

/// A `readOnly` required field is the server's: optional and left out of requests. A
/// `writeOnly` required field never comes back: optional when reading.
#[test]
fn read_only_and_write_only_fields_fit_their_direction() {
    use nullable::types::Account;
    let new = Account::new("ann@example.com").with_password("hunter2");
    assert_eq!(
        serde_json::to_value(&new).unwrap(),
        json!({"email": "ann@example.com", "password": "hunter2"})
    );
    let created: Account =
        serde_json::from_value(json!({"id": "acc_1", "email": "ann@example.com"})).unwrap();
    assert_eq!(created.id.as_deref(), Some("acc_1"));
    assert_eq!(created.password, None);
}
