//! Spec text that could break or inject into generated code — `*/`, quotes, backslashes,
//! `#[`, code fences, control characters, Unicode, names that collide or are not
//! identifiers — from `tests/fixtures/hostile-text.yaml`. The generated code compiles (as
//! `kapso_fixture_clients::hostile_text`, used here) and says the same text.

use kapso_fixture_clients::hostile_text as hostile;

use hostile::operations::GetItem;
use hostile::types::{GetItemType, Item};

/// The generated code, as the fixture crate's build script writes it.
static GENERATED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let spec =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile-text.yaml");
    let options = kapso_codegen::Options {
        example_tests: true,
        ..kapso_codegen::Options::default()
    };
    kapso_codegen::generate_file(&spec, &options)
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
        .code
});

#[test]
fn descriptions_keep_their_text_in_doc_comments() {
    for text in [
        "/// Field */ doc",
        "/// Struct */ docs \"with\" quotes and a fence",
        // `[attr]` would be an unresolved intra-doc link: its `[` is escaped.
        "/// Ends a comment */ and opens one /* and has \"quotes\", \\backslashes\\, #\\[attr], and",
        "/// Unicode: héllo wörld ✓ — emoji 🚀",
        "/// - `item_id` (`item-id`): Path param */ \" \\",
    ] {
        assert!(GENERATED.contains(text), "missing {text:?}");
    }
    // Code fences are marked as text, so rustdoc does not run them as doctests.
    assert!(GENERATED.contains("/// ```text\n/// fn main() { panic!(\"doctest would run\") }"));
    assert!(!GENERATED.contains("/// ```rust"));
}

#[test]
fn enum_values_that_are_not_identifiers_keep_their_wire_form() {
    for wire in [
        "*/",
        "\"quoted\"",
        "back\\slash",
        "",
        "#[x]",
        "self",
        "123",
        "a-b",
        "A_B",
        "ünïcode",
    ] {
        let value: GetItemType = wire.parse().unwrap();
        assert!(
            !matches!(value, GetItemType::Unknown(_)),
            "{wire:?} is a declared value"
        );
        assert_eq!(value.as_str(), wire);
        assert_eq!(
            serde_json::to_value(&value).unwrap(),
            serde_json::json!(wire)
        );
    }
}

#[test]
fn colliding_and_odd_property_names_map_to_their_own_fields() {
    let item: Item = serde_json::from_value(serde_json::json!({
        "id": "1", "fooBar": "a", "foo_bar": "b", "foo-bar": "c", "2fast": 2,
        "": "empty", "$": "dollar", "self": "s", "Self": "S", "café": "c"
    }))
    .unwrap();
    assert_eq!(
        (
            item.foo_bar.as_deref(),
            item.foo_bar_2.as_deref(),
            item.foo_bar_3.as_deref()
        ),
        (Some("a"), Some("b"), Some("c"))
    );
    assert_eq!(
        (item.n2fast, item.field.as_deref(), item.field_2.as_deref()),
        (Some(2), Some("empty"), Some("dollar"))
    );
    assert_eq!(
        (item.self_.as_deref(), item.self_2.as_deref()),
        (Some("s"), Some("S"))
    );
}

#[test]
fn the_server_url_and_operation_keep_their_text() {
    assert_eq!(
        hostile::Client::DEFAULT_BASE_URL,
        "https://example.com/api?x=\"1\"&y=*/"
    );
    // The builder type exists under a valid name for `get-item`.
    let _ = std::any::type_name::<GetItem>();
}
