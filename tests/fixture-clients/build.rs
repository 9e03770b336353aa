//! Generates a client per fixture into `OUT_DIR`, as a downstream crate's build script would
//! (the snapshot tests in `tests/generate.rs` hold the same code for review). Each carries the
//! test that round-trips its spec's examples (`cargo test -p kapso-fixture-clients`).

/// (spec under `tests/`, module and client name)
const CLIENTS: &[(&str, &str)] = &[
    ("fixtures/nullable-3.1.yaml", "nullable"),
    ("fixtures/composition-3.1.yaml", "composition"),
    ("fixtures/hostile-text.yaml", "hostile_text"),
    ("fixtures/bodies-3.1.yaml", "bodies"),
    ("fixtures/auth-params-3.1.yaml", "auth_params"),
    ("fixtures/pagination-3.1.yaml", "pagination"),
    ("fixtures/reserved-names-3.1.yaml", "reserved_names"),
    ("fixtures/refs-3.1.yaml", "refs"),
    ("fixtures/swagger-2.0.yaml", "swagger2"),
    ("fixtures/error-bodies-3.1.yaml", "error_bodies"),
    ("fixtures/inline-only-3.1.yaml", "inline_only"),
    ("fixtures/openapi-3.2.yaml", "openapi32"),
    // With the kapso-codegen.toml and the overlay beside it.
    ("fixtures/customize/openapi.yaml", "customize"),
    ("specs/oai-v2-petstore-expanded.json", "petstore_v2"),
    ("specs/redocly-museum.yaml", "museum"),
    ("specs/redocly-cafe/openapi.yaml", "cafe"),
];

fn main() -> Result<(), kapso_codegen::Error> {
    for (spec, name) in CLIENTS {
        kapso_codegen::Config::new()
            .spec(format!("../{spec}"))
            .name(*name)
            .example_tests(true)
            .mocks(true)
            .generate()?;
    }
    // The customized fixture again, with `time` in place of the settings file's jiff (a
    // setter's choice comes after the file's).
    kapso_codegen::Config::new()
        .spec("../fixtures/customize/openapi.yaml")
        .name("customize_time")
        .date_time(kapso_codegen::DateTimeCrate::Time)
        .example_tests(true)
        .mocks(true)
        .generate()?;
    Ok(())
}
