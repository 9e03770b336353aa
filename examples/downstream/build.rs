fn main() -> Result<(), kapso_codegen::Error> {
    kapso_codegen::Config::new()
        .spec("../../spec/kapso-platform-api.yaml")
        // A `mock` module for tests, compiled with this crate's `mock` feature.
        .mocks(true)
        .generate()?;
    Ok(())
}
