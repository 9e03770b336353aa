//! `allOf`, `oneOf`, `anyOf` and recursion, as generated from
//! `tests/fixtures/composition-3.1.yaml` (`kapso_fixture_clients::composition`).

use kapso_fixture_clients::composition;

use composition::types::{
    Attachment, AttachmentSize, Cat, Color, Dog, Expandable, NameOrId, Partial, Pet, PetBase,
    Point, Segment, Shape, Single, Tree, Wide,
};
use serde_json::json;

#[test]
fn all_of_parts_merge_into_one_struct() {
    let cat: Cat =
        serde_json::from_value(json!({"name": "Tom", "pet_type": "cat", "lives": 9})).unwrap();
    assert_eq!(
        (cat.name.as_str(), cat.pet_type.as_str(), cat.lives),
        ("Tom", "cat", 9)
    );
    // `lives` is required by the second part.
    assert!(serde_json::from_value::<Cat>(json!({"name": "Tom", "pet_type": "cat"})).is_err());
}

#[test]
fn a_discriminator_picks_the_variant_and_keeps_the_tag_in_it() {
    let dog = json!({"name": "Rex", "pet_type": "dog", "good": true});
    let pet: Pet = serde_json::from_value(dog.clone()).unwrap();
    let Pet::Dog(inner) = &pet else {
        panic!("expected a dog, got {pet:?}")
    };
    assert_eq!(inner.good, Some(true));
    assert_eq!(inner.pet_type, "dog");
    assert_eq!(serde_json::to_value(&pet).unwrap(), dog);
}

#[test]
fn a_variant_that_does_not_fit_its_tag_is_an_error() {
    let wrong = json!({"name": "Tom", "pet_type": "cat"});
    assert!(
        serde_json::from_value::<Pet>(wrong).is_err(),
        "a cat needs `lives`"
    );
}

#[test]
fn an_unknown_tag_is_kept_as_sent() {
    let parrot = json!({"name": "Polly", "pet_type": "parrot"});
    let pet: Pet = serde_json::from_value(parrot.clone()).unwrap();
    assert_eq!(pet, Pet::Unknown(parrot.clone()));
    assert_eq!(serde_json::to_value(&pet).unwrap(), parrot);
}

#[test]
fn a_property_every_member_fixes_tags_the_union() {
    let shape: Shape = serde_json::from_value(json!({"kind": "square", "side": 2.0})).unwrap();
    assert!(
        matches!(shape, Shape::Square(ref square) if square.side == 2.0),
        "{shape:?}"
    );
}

#[test]
fn untagged_unions_try_members_in_order() {
    let id: NameOrId = serde_json::from_value(json!(42)).unwrap();
    assert_eq!(id, NameOrId::Integer(42));
    let name: NameOrId = serde_json::from_value(json!("web-1")).unwrap();
    assert_eq!(name, NameOrId::String("web-1".into()));
    assert_eq!(name.to_string(), "web-1");

    let expanded: Expandable =
        serde_json::from_value(json!({"name": "Rex", "pet_type": "dog"})).unwrap();
    assert_eq!(expanded, Expandable::PetBase(PetBase::new("Rex", "dog")));
    let id: Expandable = serde_json::from_value(json!("pet_123")).unwrap();
    assert_eq!(id, Expandable::String("pet_123".into()));
}

#[test]
fn a_union_of_string_enums_is_one_enum() {
    assert_eq!(
        serde_json::from_value::<Color>(json!("blue")).unwrap(),
        Color::Blue
    );
    assert_eq!(
        serde_json::from_value::<Color>(json!("red")).unwrap(),
        Color::Red
    );
}

#[test]
fn recursive_types_are_boxed_and_nest() {
    let tree: Tree = serde_json::from_value(json!({
        "value": 1,
        "left": {"value": 2, "left": {"value": 3}},
        "children": [{"value": 4}]
    }))
    .unwrap();
    assert_eq!(
        tree.left
            .as_ref()
            .and_then(|l| l.left.as_ref())
            .map(|l| l.value),
        Some(3)
    );
    assert_eq!(tree.children.unwrap()[0].value, 4);

    let dog: Dog = serde_json::from_value(json!({
        "name": "Rex", "pet_type": "dog",
        "best_friend": {"name": "Tom", "pet_type": "cat", "lives": 9}
    }))
    .unwrap();
    assert!(matches!(dog.best_friend.as_deref(), Some(Pet::Cat(cat)) if cat.lives == 9));
}

#[test]
fn pattern_properties_of_one_schema_are_a_typed_map() {
    let tree: Tree =
        serde_json::from_value(json!({"value": 1, "labels": {"depth": 2, "7": 3}})).unwrap();
    let labels = tree.labels.expect("labels");
    assert_eq!((labels["depth"], labels["7"]), (2, 3));
    // The values are typed: a string where the patterns say integer is refused.
    assert!(serde_json::from_value::<Tree>(json!({"value": 1, "labels": {"a": "x"}})).is_err());
}

#[test]
fn content_encoding_base64_is_bytes_on_the_rust_side() {
    use kapso_codegen_runtime::{Base64, Base64Url, Nullable};
    let png = vec![0x89, b'P', b'N', b'G', 0xfb, 0xff];
    let attachment = Attachment::new(png.clone())
        .with_thumbnail(Nullable::Value(Base64Url(vec![0xfb, 0xff])))
        .with_parts(vec![Base64(b"a".to_vec())])
        .with_checksum("MFRGG===");
    let sent = serde_json::to_value(&attachment).unwrap();
    assert_eq!(
        sent,
        json!({"content": "iVBOR/v/", "thumbnail": "-_8=", "parts": ["YQ=="], "checksum": "MFRGG==="})
    );
    let read: Attachment = serde_json::from_value(sent).unwrap();
    assert_eq!(
        (read.content.as_ref(), &read.thumbnail),
        (&png[..], &attachment.thumbnail)
    );
    // Either alphabet, padded or not, is read; text that is not base64 is refused.
    let read: Attachment = serde_json::from_value(json!({"content": "iVBOR_v_"})).unwrap();
    assert_eq!(read.content.into_vec(), png);
    let error =
        serde_json::from_value::<Attachment>(json!({"content": "not base64!"})).unwrap_err();
    assert!(error.to_string().contains("base64 text"), "{error}");
}

#[test]
fn prefix_items_are_tuple_structs() {
    // Closed: exactly its items.
    let point: Point = serde_json::from_value(json!([1.5, -2])).unwrap();
    assert_eq!(point, Point(1.5, -2.0));
    assert_eq!(serde_json::to_value(&point).unwrap(), json!([1.5, -2.0]));
    for wrong in [
        json!([1.5]),
        json!([1, 2, 3]),
        json!([1, "a"]),
        json!({"x": 1}),
    ] {
        assert!(
            serde_json::from_value::<Point>(wrong.clone()).is_err(),
            "{wrong}"
        );
    }
    // Open: the items, then the rest in a list.
    let segment: Segment = serde_json::from_value(json!([[0, 0], [3, 4], "a", "b"])).unwrap();
    assert_eq!(
        segment,
        Segment(
            Point(0.0, 0.0),
            Point(3.0, 4.0),
            vec!["a".into(), "b".into()]
        )
    );
    assert_eq!(
        serde_json::to_value(&segment).unwrap(),
        json!([[0.0, 0.0], [3.0, 4.0], "a", "b"])
    );
    assert!(serde_json::from_value::<Segment>(json!([[0, 0], [3, 4], 5])).is_err());
    // One item is still an array (serde's derive would read it as the item).
    let single: Single = serde_json::from_value(json!(["x"])).unwrap();
    assert_eq!(serde_json::to_value(&single).unwrap(), json!(["x"]));
    assert!(serde_json::from_value::<Single>(json!("x")).is_err());
    // More items than one tuple of slots holds.
    let mut items: Vec<serde_json::Value> = (0..16).map(|n| json!(n)).collect();
    items.push(json!("last"));
    let wide: Wide = serde_json::from_value(json!(items)).unwrap();
    assert_eq!((wide.0, wide.15, wide.16.as_str()), (0, 15, "last"));
    assert_eq!(serde_json::to_value(&wide).unwrap(), json!(items));
    // Inline, named after its place.
    let attachment: Attachment =
        serde_json::from_value(json!({"content": "", "size": [640, 480]})).unwrap();
    assert_eq!(attachment.size, Some(AttachmentSize(640, 480)));
    // `minItems` below the prefix: no tuple, a list of any values.
    let partial: Partial = serde_json::from_value(json!([1])).unwrap();
    assert_eq!(partial, vec![json!(1)]);
}
