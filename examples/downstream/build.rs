fn main() -> Result<(), kapso_codegen::Error> {
    kapso_codegen::Config::new()
        .spec("../../spec/kapso-platform-api.yaml")
        .generate()?;
    Ok(())
}
