//! Snapshot tests of the generated code: a change to the spec or the generator shows up as a
//! reviewable diff of `tests/snapshots/*.snap` (`cargo insta review`).

use kapso_codegen::{Options, generate_file, generate_from_str};
use std::io::Write;
use std::path::Path;

fn generate(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    // As the fixture clients and the kapso crate are generated: with their typed mocks.
    let options = Options {
        mocks: true,
        ..Options::default()
    };
    match generate_file(&path, &options) {
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

/// Every body and response shape: binary, text, form, query styles, multipart, several success
/// bodies, media-type variants, server-sent events.
#[test]
fn bodies_fixture_code() {
    insta::assert_snapshot!("bodies_3_1", generate("tests/fixtures/bodies-3.1.yaml"));
}

/// Every security scheme kind, per-operation security, parameters in path, query, header
/// and cookie.
#[test]
fn auth_params_fixture_code() {
    insta::assert_snapshot!(
        "auth_params_3_1",
        generate("tests/fixtures/auth-params-3.1.yaml")
    );
}

/// `Link`, cursor and last-id pagination; server variables.
#[test]
fn pagination_fixture_code() {
    insta::assert_snapshot!(
        "pagination_3_1",
        generate("tests/fixtures/pagination-3.1.yaml")
    );
}

/// `$ref`s to schemas inside other objects: each location is one type.
#[test]
fn located_refs_fixture_code() {
    let code = generate("tests/fixtures/refs-3.1.yaml");
    // The enum of `Pet.color`, used by a query parameter, a request body and another schema.
    assert_eq!(code.matches("pub enum PetColor {").count(), 1);
    assert!(code.contains("pub color: Option<PetColor>"));
    assert!(code.contains("pub pet_color: Option<PetColor>"));
    assert!(code.contains("pub fn color(mut self, value: types::PetColor) -> Self"));
    // Items, `allOf` parts, responses, and a percent-encoded pointer into an operation.
    assert!(code.contains("pub type Tag = PetTagsItem;"));
    assert!(code.contains("pub type Origin = PetOrigin;"));
    assert!(code.contains("runtime::Response<types::PetCreated, ()>"));
    assert!(code.contains("runtime::Response<types::GetPetResponseOwner, ()>"));
    insta::assert_snapshot!("refs_3_1", code);
}

/// Operation ids, parameters, properties and schemas named like generated members, keywords
/// and prelude types (the corpus check compiles it).
#[test]
fn reserved_names_fixture_code() {
    let code = generate("tests/fixtures/reserved-names-3.1.yaml");
    // One method each on `Client` (at the top level, indented once), the generated ones
    // keeping their names.
    for method in ["runtime", "builder", "new", "server_url"] {
        assert_eq!(
            code.matches(&format!("\n    pub fn {method}(")).count(),
            1,
            "{method}"
        );
    }
    insta::assert_snapshot!("reserved_names_3_1", code);
}

/// `allOf` of scalars: the type of the part that names it, nullable where a part says so.
#[test]
fn scalar_all_of_fixture_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scalar-allof-3.0.yaml");
    let generated = generate_file(&path, &Options::default()).unwrap_or_else(|d| panic!("{d}"));
    let code = &generated.code;
    for field in [
        "pub href: Option<Url>,",
        "pub status: Option<Status>,",
        "pub previous_status: Option<Status>,",
        "pub id: Id,",
        "pub count: Option<i64>,",
    ] {
        assert!(code.contains(field), "missing {field}");
    }
    // Only the parts that cannot both hold degrade, with a warning.
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("#/components/schemas/Link/properties/conflicting: `allOf`"));
    insta::assert_snapshot!("scalar_allof_3_0", generated.code);
}

/// Small real specs (copies in `tests/specs/`), whole.
#[test]
fn corpus_petstore_code() {
    insta::assert_snapshot!(
        "petstore",
        generate("tests/specs/oai-petstore-expanded.yaml")
    );
}

#[test]
fn corpus_museum_code() {
    insta::assert_snapshot!("museum", generate("tests/specs/redocly-museum.yaml"));
}

/// Swagger 2.0: every construct the converter reads, and a real 2.0 document.
#[test]
fn swagger_2_fixture_code() {
    insta::assert_snapshot!("swagger_2_0", generate("tests/fixtures/swagger-2.0.yaml"));
    insta::assert_snapshot!(
        "petstore_v2",
        generate("tests/specs/oai-v2-petstore-expanded.json")
    );
}

#[test]
fn corpus_keeper_code() {
    insta::assert_snapshot!("keeper", generate("tests/specs/progenitor-keeper.json"));
}

#[test]
fn customize_fixture_code() {
    // With the kapso-codegen.toml and the overlay beside the spec.
    insta::assert_snapshot!(
        "customize",
        generate("tests/fixtures/customize/openapi.yaml")
    );
}

#[test]
fn inline_only_fixture_code() {
    insta::assert_snapshot!(
        "inline_only_3_1",
        generate("tests/fixtures/inline-only-3.1.yaml")
    );
}

#[test]
fn openapi_3_2_fixture_code() {
    insta::assert_snapshot!("openapi_3_2", generate("tests/fixtures/openapi-3.2.yaml"));
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
    assert!(after.code.contains("        Expired,\n"), "{}", after.code);
    assert!(after.code.contains("Self::Expired => \"expired\""));
    assert!(after.code.contains("\"expired\" => Self::Expired"));
    // The query parameter `status` had the same values before the change; now it differs
    // from the schema's enum and gets its own type, so the builder keeps accepting exactly
    // the values the spec allows there.
    assert!(after.code.contains("pub enum ListInboxEmbedsStatus"));
}

/// The real-world corpus beside the checkout (`../shared/specs`), where it is there.
fn corpus() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/specs");
    if dir.is_dir() {
        Some(dir)
    } else {
        // Past the test harness's capture: a run without the corpus says so.
        let _ = writeln!(
            std::io::stderr(),
            "skipped: ../shared/specs not found (the corpus checks need it)"
        );
        None
    }
}

/// Generates a spec of the corpus and returns its warnings as lines.
fn corpus_warnings(corpus: &Path, file: &str) -> Vec<String> {
    let path = corpus.join(file);
    let generated = generate_file(&path, &Options::default())
        .unwrap_or_else(|diagnostics| panic!("{file} does not generate:\n{diagnostics}"));
    generated.warnings.iter().map(ToString::to_string).collect()
}

fn assert_warns(warnings: &[String], pointer: &str, text: &str) {
    assert!(
        warnings
            .iter()
            .any(|w| w.contains(&format!(": {pointer}: ")) && w.contains(text)),
        "no warning at {pointer} saying {text:?} among:\n{}",
        warnings.join("\n")
    );
}

#[test]
fn non_conforming_specs_generate_with_located_warnings() {
    let Some(corpus) = corpus() else {
        return;
    };
    let corpus_warnings = |file: &str| corpus_warnings(&corpus, file);
    assert_warns(
        &corpus_warnings("progenitor-buildomat.json"),
        "#/paths/~1v1~1tasks~1{task}~1outputs~1{output}/get/responses",
        "declares no responses",
    );
    let openai = corpus_warnings("openai-openapi.yaml");
    assert_warns(
        &openai,
        "#/components/schemas/ContainerResource/required",
        "more than once",
    );
    assert_warns(
        &openai,
        "#/components/schemas/FineTuneDPOHyperparameters/properties/beta/oneOf/1/exclusiveMinimum",
        "OpenAPI 3.0 syntax",
    );
    assert_warns(
        &corpus_warnings("meta-whatsapp-business-messaging-v23.yaml"),
        "#/components/parameterGroups",
        "not part of OpenAPI",
    );
    corpus_warnings("progenitor-param-overrides.yaml");
}

#[test]
fn a_multi_file_spec_is_bundled_and_x_extension_refs_are_not_followed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/redocly-cafe/openapi.yaml");
    let generated = generate_file(&path, &Options::default()).unwrap_or_else(|d| panic!("{d}"));
    // Every operation of the cafe, from its 8 path files.
    assert_eq!(generated.code.matches("pub async fn send").count(), 12);
    // Schemas from their own files keep their file names as type names.
    for name in [
        "pub struct Order {",
        "pub enum MenuItem {",
        "pub struct OrderNotification {",
    ] {
        assert!(generated.code.contains(name), "missing {name}");
    }
    // The files a build script must watch: the root and the $ref'd ones (not the code samples).
    assert!(generated.files.len() > 30, "{:?}", generated.files);
    assert!(
        generated
            .files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "yaml"))
    );
    insta::assert_snapshot!("redocly_cafe", generated.code);
}

#[test]
fn only_used_types_leaves_out_schemas_nothing_refers_to() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      \
                responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              \
                schema: {$ref: '#/components/schemas/Used'}\ncomponents:\n  schemas:\n    Used:\n      type: object\n      \
                properties:\n        inner: {$ref: '#/components/schemas/Nested'}\n    Nested:\n      type: object\n      \
                properties:\n        n: {type: integer}\n    Unused:\n      type: object\n      properties:\n        u: {type: string}\n";
    let all = generate_from_str("a.yaml", spec, &Options::default()).expect("generates");
    let used = Options {
        only_used_types: true,
        ..Options::default()
    };
    let pruned = generate_from_str("a.yaml", spec, &used).expect("generates");
    for name in ["pub struct Used", "pub struct Nested", "pub struct Unused"] {
        assert!(all.code.contains(name), "{name} missing by default");
    }
    assert!(pruned.code.contains("pub struct Used") && pruned.code.contains("pub struct Nested"));
    assert!(!pruned.code.contains("pub struct Unused"));
}
