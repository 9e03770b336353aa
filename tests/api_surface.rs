//! Snapshots of the public API surface of each generated client (`kapso-codegen api`), beside
//! the snapshots of its code (`generate.rs`): a spec change shows a reviewer the few lines of
//! API it changes above the many lines of code. One line per public item with its signature,
//! sorted — what `cargo public-api` would print of the compiled crate.

use kapso_codegen::{Options, api_surface};
use std::path::Path;

/// Every spec whose code `generate.rs` snapshots, by snapshot name.
const SPECS: &[(&str, &str)] = &[
    ("kapso_client", "spec/kapso-platform-api.yaml"),
    ("nullable_3_1", "tests/fixtures/nullable-3.1.yaml"),
    ("composition_3_1", "tests/fixtures/composition-3.1.yaml"),
    ("bodies_3_1", "tests/fixtures/bodies-3.1.yaml"),
    ("auth_params_3_1", "tests/fixtures/auth-params-3.1.yaml"),
    ("pagination_3_1", "tests/fixtures/pagination-3.1.yaml"),
    ("refs_3_1", "tests/fixtures/refs-3.1.yaml"),
    (
        "reserved_names_3_1",
        "tests/fixtures/reserved-names-3.1.yaml",
    ),
    ("scalar_allof_3_0", "tests/fixtures/scalar-allof-3.0.yaml"),
    ("swagger_2_0", "tests/fixtures/swagger-2.0.yaml"),
    ("petstore_v2", "tests/specs/oai-v2-petstore-expanded.json"),
    ("petstore", "tests/specs/oai-petstore-expanded.yaml"),
    ("museum", "tests/specs/redocly-museum.yaml"),
    ("keeper", "tests/specs/progenitor-keeper.json"),
    ("redocly_cafe", "tests/specs/redocly-cafe/openapi.yaml"),
    ("customize", "tests/fixtures/customize/openapi.yaml"),
    ("inline_only_3_1", "tests/fixtures/inline-only-3.1.yaml"),
    ("openapi_3_2", "tests/fixtures/openapi-3.2.yaml"),
];

fn surface(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    match api_surface(&path, &Options::default()) {
        Ok((surface, _)) => surface.to_string(),
        Err(diagnostics) => panic!("generation failed:\n{diagnostics}"),
    }
}

#[test]
fn api_surfaces() {
    for (name, path) in SPECS {
        insta::assert_snapshot!(format!("api_{name}"), surface(path));
    }
}

/// The surface lists exactly the public items of the generated code: every `pub fn`, field,
/// variant and type the code has, and nothing it has not.
#[test]
fn every_public_item_of_the_code_is_in_the_surface() {
    for (_, path) in SPECS {
        let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let code = kapso_codegen::generate_file(&full, &Options::default())
            .unwrap_or_else(|d| panic!("{d}"))
            .code;
        let surface = surface(path);
        let public_fns = code.matches("pub fn ").count() + code.matches("pub async fn ").count();
        let surface_fns =
            surface.matches("pub fn ").count() + surface.matches("pub async fn ").count();
        assert_eq!(public_fns, surface_fns, "{path}: public functions");
        for kind in ["pub struct ", "pub enum ", "pub type ", "pub const "] {
            assert_eq!(
                code.matches(kind).count(),
                surface.matches(kind).count(),
                "{path}: `{kind}` items"
            );
        }
    }
}
