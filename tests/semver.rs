//! The API-change report against the compiler's view. Each edit below changes
//! `tests/semver/base.yaml` in one way (a fixture per kind of change); for each, the test
//! checks the report's release level (`kapso-codegen diff`), then builds the client crate
//! before and after and asks the referees:
//!
//! - cargo-semver-checks (`check-release`, as a minor release, on the rustdoc JSON of both
//!   crates): every major change it finds must be in the report as breaking;
//! - a witness, code written against the old crate, for breaks it cannot see (a field or
//!   parameter retyped, an alias that became an enum): it must compile against the old crate
//!   and not against the new one — a change the report calls breaking must break some code.
//!
//! Without cargo-semver-checks on the machine (`cargo install cargo-semver-checks --locked`)
//! the referee part says `skipped: …`, unless `KAPSO_REQUIRE_SEMVER_CHECKS` is set (CI sets
//! it). The crates are built under `target/semver-referee/`, with one target folder for all;
//! each crate's rustdoc JSON is built once per distinct generated code (the edits share their
//! baseline), which cargo-semver-checks building both for every edit took 8 minutes of CI.

use kapso_codegen::diff::{Bump, compare};
use kapso_codegen::{Options, api_surface, generate_file};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One kind of change: `find` becomes `replace` wherever it is in the base spec.
struct Edit {
    name: &'static str,
    find: &'static str,
    replace: &'static str,
    /// The release the report must name.
    bump: Bump,
    /// For breaking changes cargo-semver-checks cannot see: a function written against the
    /// old crate (`referee`), which must not compile against the new one.
    witness: Option<&'static str>,
}

const THING_NOTE: &str = "        note:\n          type: string\n    State:";

const EDITS: &[Edit] = &[
    // Compatible changes of the HTTP API: minor or patch releases.
    Edit {
        name: "optional-response-field-added",
        find: THING_NOTE,
        replace: "        note:\n          type: string\n        color:\n          type: string\n    State:",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "optional-request-field-added",
        find: "        size:\n          type: integer\n    Problem:",
        replace: "        size:\n          type: integer\n        color:\n          type: string\n    Problem:",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "enum-value-added",
        find: "enum: [on, off, broken]",
        replace: "enum: [on, off, broken, lost]",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "parameter-enum-value-added-equal-to-a-schema-enum",
        find: "enum: [on, off]\n",
        replace: "enum: [on, off, broken]\n",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "error-status-declared",
        find: "        '204':\n          description: Gone\n",
        replace: "        '204':\n          description: Gone\n        '404':\n          description: Not found\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "second-error-status-declared",
        find: "                $ref: '#/components/schemas/Problem'\n    post:",
        replace: "                $ref: '#/components/schemas/Problem'\n        '422':\n          description: Invalid\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n    post:",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "operation-added",
        find: "    delete:\n      operationId: deleteThing",
        replace: "    put:\n      operationId: replaceThing\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: Replaced\n    delete:\n      operationId: deleteThing",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "optional-parameter-added",
        find: "        - name: limit\n",
        replace: "        - name: cursor\n          in: query\n          schema:\n            type: string\n        - name: limit\n",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "schema-added",
        find: "    Problem:\n",
        replace: "    Label:\n      type: object\n      properties:\n        text:\n          type: string\n    Problem:\n",
        bump: Bump::Minor,
        witness: None,
    },
    // An inline type that gets a twin keeps its name, as another name of the twin.
    Edit {
        name: "schema-added-equal-to-an-inline-object",
        find: "    Problem:\n",
        replace: "    Owner:\n      type: object\n      properties:\n        login:\n          type: string\n    Problem:\n",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "operation-deprecated",
        find: "      operationId: deleteThing\n",
        replace: "      operationId: deleteThing\n      deprecated: true\n",
        bump: Bump::Minor,
        witness: None,
    },
    Edit {
        name: "docs-changed",
        find: "          description: What it is called.",
        replace: "          description: What it is called, shown to users.",
        bump: Bump::Patch,
        witness: None,
    },
    Edit {
        name: "server-changed",
        find: "https://api.example.com/v1",
        replace: "https://api.example.com/v2",
        bump: Bump::Patch,
        witness: None,
    },
    // Breaking changes.
    Edit {
        name: "field-removed",
        find: "        size:\n          type: integer\n        note:",
        replace: "        note:",
        bump: Bump::Major,
        witness: None,
    },
    Edit {
        name: "field-retyped",
        find: "        size:\n          type: integer\n        note:",
        replace: "        size:\n          type: string\n        note:",
        bump: Bump::Major,
        witness: Some("pub fn f(t: &referee::types::Thing) -> Option<i64> { t.size }"),
    },
    Edit {
        name: "field-made-required",
        find: "      required: [id, name, state]",
        replace: "      required: [id, name, state, size]",
        bump: Bump::Major,
        witness: None,
    },
    Edit {
        name: "field-made-nullable",
        find: "      required: [id, name, state]\n      properties:\n        id:\n          type: string\n        name:\n          type: string\n",
        replace: "      required: [id, name, state]\n      properties:\n        id:\n          type: string\n        name:\n          type: [string, 'null']\n",
        bump: Bump::Major,
        witness: Some("pub fn f(t: &referee::types::Thing) -> &str { &t.name }"),
    },
    Edit {
        name: "required-parameter-added",
        find: "        - name: limit\n          in: query\n",
        replace: "        - name: tenant\n          in: query\n          required: true\n          schema:\n            type: string\n        - name: limit\n          in: query\n",
        bump: Bump::Major,
        witness: None,
    },
    Edit {
        name: "parameter-retyped",
        find: "        - name: limit\n          in: query\n          schema:\n            type: integer\n",
        replace: "        - name: limit\n          in: query\n          schema:\n            type: string\n",
        bump: Bump::Major,
        witness: Some(
            "pub fn f(c: &referee::Client) -> referee::operations::ListThings { c.list_things().limit(5) }",
        ),
    },
    Edit {
        name: "operation-removed",
        find: "    delete:\n      operationId: deleteThing\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: Gone\n",
        replace: "",
        bump: Bump::Major,
        witness: None,
    },
    Edit {
        name: "operation-renamed",
        find: "operationId: deleteThing",
        replace: "operationId: removeThing",
        bump: Bump::Major,
        witness: None,
    },
    Edit {
        name: "enum-value-removed",
        find: "enum: [on, off, broken]",
        replace: "enum: [on, off]",
        bump: Bump::Major,
        witness: None,
    },
    Edit {
        name: "error-status-removed",
        find: "        '401':\n          description: Bad key\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n",
        replace: "",
        bump: Bump::Major,
        witness: None,
    },
    Edit {
        name: "response-retyped",
        find: "      responses:\n        '201':\n          description: Created\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing'\n",
        replace: "      responses:\n        '201':\n          description: Created\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n",
        bump: Bump::Major,
        witness: Some(
            "pub async fn f(c: &referee::Client) -> Option<referee::types::Thing> { \
             c.create_thing(referee::types::NewThing::new(\"x\")).send().await.ok().map(|r| r.body) }",
        ),
    },
    // The enum is the same type under its name, but a type alias is not a module.
    Edit {
        name: "schema-added-equal-to-an-inline-enum",
        find: "    Problem:\n",
        replace: "    Tint:\n      type: string\n      enum: [warm, cool]\n    Problem:\n",
        bump: Bump::Major,
        witness: Some(
            "use referee::types::ThingTint::Warm;\npub fn f() -> referee::types::ThingTint { Warm }",
        ),
    },
    Edit {
        name: "schema-renamed",
        find: "Problem",
        replace: "Failure",
        bump: Bump::Major,
        witness: None,
    },
    Edit {
        name: "parameter-enum-diverges-from-an-equal-schema-enum",
        find: "    State:\n      type: string\n      enum: [on, off, broken]",
        replace: "    State:\n      type: string\n      enum: [on, off, broken, lost]",
        bump: Bump::Minor,
        witness: None,
    },
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn base() -> String {
    std::fs::read_to_string(root().join("tests/semver/base.yaml")).expect("the base spec")
}

/// The edited spec.
fn edited(base: &str, edit: &Edit) -> String {
    assert!(
        base.contains(edit.find),
        "{}: `find` is not in the base",
        edit.name
    );
    base.replace(edit.find, edit.replace)
}

fn referee_dir() -> PathBuf {
    root().join("target/semver-referee")
}

/// Writes a spec and returns its path.
fn write_spec(dir: &Path, name: &str, text: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn bump_of(old: &Path, new: &Path) -> (Bump, String) {
    let surface = |path: &Path| {
        api_surface(path, &Options::default())
            .unwrap_or_else(|d| panic!("{d}"))
            .0
    };
    let report = compare(&surface(old), &surface(new));
    (report.bump(), report.markdown(None))
}

#[test]
fn every_edit_gets_the_release_it_needs() {
    let base = base();
    let mut wrong = Vec::new();
    for edit in EDITS {
        // The last edit starts from a base whose parameter enum equals the schema's.
        let start = start_of(&base, edit);
        let dir = referee_dir().join(edit.name);
        let old = write_spec(&dir, "old.yaml", &start);
        let new = write_spec(&dir, "new.yaml", &edited(&start, edit));
        let (bump, report) = bump_of(&old, &new);
        if bump != edit.bump {
            wrong.push(format!(
                "{}: expected {:?}, the report says {bump:?}\n{report}",
                edit.name, edit.bump
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The spec an edit starts from: the base, or for the divergence case the base with the
/// parameter's enum equal to the schema's.
fn start_of(base: &str, edit: &Edit) -> String {
    if edit.name == "parameter-enum-diverges-from-an-equal-schema-enum" {
        base.replacen("enum: [on, off]\n", "enum: [on, off, broken]\n", 1)
    } else {
        base.to_string()
    }
}

/// Whether cargo-semver-checks can be run here.
fn semver_checks() -> bool {
    let found = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !found && std::env::var_os("KAPSO_REQUIRE_SEMVER_CHECKS").is_some() {
        panic!("cargo-semver-checks is required (KAPSO_REQUIRE_SEMVER_CHECKS) but not installed");
    }
    found
}

/// A crate named `referee` holding the client generated from `spec`.
fn client_crate(dir: &Path, spec: &Path) -> PathBuf {
    let code = generate_file(spec, &Options::default())
        .unwrap_or_else(|d| panic!("{d}"))
        .code;
    let runtime = root().join("generator/runtime");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"referee\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nkapso-codegen-runtime = {{ path = {runtime:?} }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), code).unwrap();
    dir.to_path_buf()
}

/// `cargo` with the referee's shared target folder, and `RUSTC_BOOTSTRAP=1` for every build
/// there: rustdoc's JSON needs it on a stable toolchain, and Cargo rebuilds every dependency
/// when it changes between two builds (25 s each time the witnesses' `cargo check` and the
/// rustdoc runs took turns).
fn cargo() -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .env("CARGO_TARGET_DIR", referee_dir().join("target"))
        .env("RUSTC_BOOTSTRAP", "1")
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never");
    command
}

/// The rustdoc JSON of the client crate at `client`, as cargo-semver-checks builds it; built
/// once per distinct `lib.rs` and kept beside the crate.
fn rustdoc_json(client: &Path, built: &mut std::collections::HashMap<String, PathBuf>) -> PathBuf {
    let code = std::fs::read_to_string(client.join("src/lib.rs")).unwrap();
    if let Some(json) = built.get(&code) {
        return json.clone();
    }
    let output = cargo()
        .args(["rustdoc", "--quiet", "--lib", "--manifest-path"])
        .arg(client.join("Cargo.toml"))
        .args(["--", "-Z", "unstable-options", "--output-format", "json"])
        .output()
        .expect("cargo rustdoc runs");
    assert!(
        output.status.success(),
        "rustdoc JSON of {}:\n{}",
        client.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let json = client.join("referee.json");
    std::fs::copy(referee_dir().join("target/doc/referee.json"), &json).unwrap();
    built.insert(code, json.clone());
    json
}

/// Whether cargo-semver-checks finds a change that needs a major release.
fn semver_checks_says_major(old: &Path, new: &Path) -> (bool, String) {
    let output = cargo()
        .args(["semver-checks", "check-release", "--release-type", "minor"])
        .arg("--current-rustdoc")
        .arg(new)
        .arg("--baseline-rustdoc")
        .arg(old)
        .output()
        .expect("cargo semver-checks runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let major = text.contains("requires new major version");
    assert!(
        output.status.success() || major,
        "cargo-semver-checks failed:\n{text}"
    );
    (major, text)
}

/// Whether `witness` compiles against the client crate at `client`.
fn witness_compiles(dir: &Path, client: &Path, witness: &str) -> (bool, String) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"witness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nreferee = {{ path = {client:?} }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        format!("#![allow(dead_code)]\n{witness}\n"),
    )
    .unwrap();
    let output = cargo()
        .args(["check", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .output()
        .expect("cargo check runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_report_agrees_with_the_compiler() {
    if !semver_checks() {
        println!(
            "skipped: cargo-semver-checks is not installed (cargo install cargo-semver-checks --locked)"
        );
        return;
    }
    let base = base();
    let mut disagreements = Vec::new();
    let mut built = std::collections::HashMap::new();
    for edit in EDITS {
        let start = start_of(&base, edit);
        let dir = referee_dir().join(edit.name);
        let old_spec = write_spec(&dir, "old.yaml", &start);
        let new_spec = write_spec(&dir, "new.yaml", &edited(&start, edit));
        let (bump, report) = bump_of(&old_spec, &new_spec);
        let old = client_crate(&dir.join("old"), &old_spec);
        let new = client_crate(&dir.join("new"), &new_spec);
        let (major, checks) = semver_checks_says_major(
            &rustdoc_json(&old, &mut built),
            &rustdoc_json(&new, &mut built),
        );
        println!(
            "{}: report {bump:?}, cargo-semver-checks major: {major}",
            edit.name
        );
        if major && bump != Bump::Major {
            disagreements.push(format!(
                "{}: cargo-semver-checks finds a major change the report misses\n{checks}\n{report}",
                edit.name
            ));
        }
        if bump == Bump::Major && !major {
            // cargo-semver-checks cannot see it: the witness shows the break.
            let Some(witness) = edit.witness else {
                disagreements.push(format!(
                    "{}: the report says breaking, cargo-semver-checks does not, and no witness \
                     shows it\n{report}",
                    edit.name
                ));
                continue;
            };
            let (before, errors) = witness_compiles(&dir.join("witness-old"), &old, witness);
            assert!(
                before,
                "{}: the witness must compile against the old crate\n{errors}",
                edit.name
            );
            let (after, _) = witness_compiles(&dir.join("witness-new"), &new, witness);
            if after {
                disagreements.push(format!(
                    "{}: the report says breaking, but the witness still compiles\n{report}",
                    edit.name
                ));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
}
