//! Snapshot tests of the generated code: a change to the spec or the generator shows up as a
//! reviewable diff of `tests/snapshots/*.snap` (`cargo insta review`).

use kapso_codegen::{Options, generate_file, generate_from_str};
use std::path::Path;

fn generate(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    match generate_file(&path, &Options::default()) {
        Ok(generated) => generated.code,
        Err(diagnostics) => panic!("generation failed:\n{diagnostics}"),
    }
}

#[test]
fn kapso_client_code() {
    insta::assert_snapshot!("kapso_client", generate("spec/kapso-platform-api.yaml"));
}

#[test]
fn nullability_fixture_code() {
    insta::assert_snapshot!("nullable_3_1", generate("tests/fixtures/nullable-3.1.yaml"));
}

#[test]
fn composition_fixture_code() {
    insta::assert_snapshot!(
        "composition_3_1",
        generate("tests/fixtures/composition-3.1.yaml")
    );
}

/// Small real specs from `../shared/specs`, whole.
#[test]
fn corpus_petstore_code() {
    insta::assert_snapshot!(
        "petstore",
        generate("../shared/specs/oai-petstore-expanded.yaml")
    );
}

#[test]
fn corpus_museum_code() {
    insta::assert_snapshot!("museum", generate("../shared/specs/redocly-museum.yaml"));
}

#[test]
fn corpus_keeper_code() {
    insta::assert_snapshot!("keeper", generate("../shared/specs/progenitor-keeper.json"));
}

#[test]
fn kapso_spec_generates_without_warnings() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/kapso-platform-api.yaml");
    let generated = generate_file(&path, &Options::default()).expect("the Kapso spec generates");
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(
        generate("spec/kapso-platform-api.yaml"),
        generate("spec/kapso-platform-api.yaml")
    );
}

#[test]
fn an_enum_value_added_to_the_spec_appears_in_the_client() {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/kapso-platform-api.yaml"),
    )
    .expect("spec is readable");
    let schema_enum = "        status:\n          type: string\n          enum:\n            - active\n            - revoked\n";
    assert!(
        spec.contains(schema_enum),
        "the spec's InboxEmbed.status enum moved; update this test"
    );
    let changed = spec.replace(
        schema_enum,
        &format!("{schema_enum}            - expired\n"),
    );

    let before =
        generate_from_str("kapso.yaml", &spec, &Options::default()).expect("original generates");
    let after = generate_from_str("kapso.yaml", &changed, &Options::default())
        .expect("changed spec generates");

    assert!(!before.code.contains("Expired"));
    assert!(
        after
            .code
            .contains("#[serde(rename = \"expired\")]\n        Expired,"),
        "{}",
        after.code
    );
    assert!(after.code.contains("\"expired\" => Self::Expired"));
    // The query parameter `status` had the same values before the change; now it differs
    // from the schema's enum and gets its own type, so the builder keeps accepting exactly
    // the values the spec allows there.
    assert!(after.code.contains("pub enum ListInboxEmbedsStatus"));
}

/// Generated files that tests compile (`include!`), checked in next to their fixtures.
const COMPILED_FIXTURES: &[(&str, &str)] = &[
    (
        "tests/fixtures/nullable-3.1.yaml",
        "tests/generated/nullable_3_1.rs",
    ),
    (
        "tests/fixtures/composition-3.1.yaml",
        "tests/generated/composition.rs",
    ),
];

#[test]
fn compiled_fixture_code_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (spec, generated) in COMPILED_FIXTURES {
        let fresh = generate(spec);
        let path = root.join(generated);
        if std::env::var_os("KAPSO_UPDATE_GENERATED").is_some() {
            std::fs::write(&path, &fresh).expect("generated file written");
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == fresh,
            "{generated} is stale: run `KAPSO_UPDATE_GENERATED=1 cargo test --test generate` and review the diff"
        );
    }
}
