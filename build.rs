//! Build script of the `kapso` client crate (`generated-client/`, where `build.rs` and
//! `spec` are links to this file and to `spec/`, so that the packaged crate carries both):
//! regenerates the client from `spec/` into `$OUT_DIR`. Cargo reruns it only when the spec
//! (or the generator) changes; problems in the spec fail the build with `cargo::error=`
//! lines naming the file and JSON pointer.

fn main() -> Result<(), kapso_codegen::Error> {
    kapso_codegen::Config::new()
        .spec("spec/kapso-platform-api.yaml")
        // `cargo test -p kapso` then checks that the spec's examples decode and encode back.
        .example_tests(true)
        // `kapso::mock`, compiled with the crate's `mock` feature (for users' tests).
        .mocks(true)
        // `features = ["inbox-embeds"]` (without the default `full`) compiles only that tag.
        .tags_from_features()
        .generate()?;
    Ok(())
}
