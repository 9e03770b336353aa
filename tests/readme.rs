//! The README's downstream recipe is the example crate (`examples/downstream/`), which CI
//! builds and runs against Prism: if either changes alone, this fails. (The README's other
//! Rust blocks are compiled as doctests of the `kapso` crate.)

fn read(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_readme_recipe_is_the_example_crate_verbatim() {
    let readme = read("README.md");
    for file in [
        "examples/downstream/Cargo.toml",
        "examples/downstream/build.rs",
        "examples/downstream/src/main.rs",
    ] {
        let text = read(file);
        let block = format!("\n{}\n```", text.trim());
        assert!(
            readme.contains(&block),
            "README.md does not show {file} as it is: copy the file into its code block"
        );
    }
}

#[test]
fn the_example_crate_depends_on_the_runtime_alone() {
    let manifest: toml::Table = read("examples/downstream/Cargo.toml")
        .parse()
        .expect("the example's manifest parses");
    let dependencies: Vec<&String> = manifest["dependencies"]
        .as_table()
        .expect("[dependencies]")
        .keys()
        .collect();
    // The runtime, and tokio for `main`: nothing the generated code names.
    assert_eq!(dependencies, ["kapso-codegen-runtime", "tokio"]);
    let build: Vec<&String> = manifest["build-dependencies"]
        .as_table()
        .expect("[build-dependencies]")
        .keys()
        .collect();
    assert_eq!(build, ["kapso-codegen"]);
}
