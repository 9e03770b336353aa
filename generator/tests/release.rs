//! The maintainer's workflow when the spec changes (README, "When the spec changes"), walked
//! with the CLI on a spec pair: the API surface before and after, the report, the next
//! version written to the manifest and the report to the changelog, `--fail-on breaking` as a
//! CI gate, and the JSON form for tools.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kapso_codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kapso-codegen"))
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("release");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The Kapso spec, and a copy with one edit.
fn spec_pair(name: &str, find: &str, replace: &str) -> (String, String) {
    let old = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/kapso-platform-api.yaml");
    let text = std::fs::read_to_string(&old).unwrap();
    assert!(text.contains(find), "{find}");
    let new = scratch().join(name);
    std::fs::write(&new, text.replacen(find, replace, 1)).unwrap();
    (old.display().to_string(), new.display().to_string())
}

/// `InboxEmbed` gains an optional `locale`: a minor change.
fn minor_pair() -> (String, String) {
    spec_pair(
        "minor.yaml",
        "        allowed_origins:\n          type: array\n",
        "        locale:\n          type: string\n          description: The embed's language.\n        allowed_origins:\n          type: array\n",
    )
}

#[test]
fn a_spec_change_becomes_a_release() {
    let (old, new) = minor_pair();
    let crate_dir = scratch().join("crate");
    std::fs::create_dir_all(&crate_dir).unwrap();
    let manifest = crate_dir.join("Cargo.toml");
    std::fs::write(
        &manifest,
        "[package]\nname = \"kapso\"\nversion = \"0.4.0\"\n",
    )
    .unwrap();
    let changelog = crate_dir.join("CHANGELOG.md");
    std::fs::write(&changelog, "# Changelog\n").unwrap();

    // The API surfaces differ by the new field only (a response type: no setter outside
    // the typed mocks' feature).
    let before = stdout(&kapso_codegen(&["api", &old]));
    let after = stdout(&kapso_codegen(&["api", &new]));
    let added: Vec<&str> = after.lines().filter(|l| !before.contains(l)).collect();
    assert_eq!(added, ["pub types::InboxEmbed::locale: Option<String>"]);
    assert!(before.lines().all(|l| after.contains(l)));

    // The report names the release and the next version, from the manifest.
    let output = kapso_codegen(&["diff", &old, &new, "--manifest", manifest.to_str().unwrap()]);
    assert!(output.status.success());
    let report = stdout(&output);
    assert!(
        report.starts_with("## API changes: minor\n\n### Added\n"),
        "{report}"
    );
    assert!(report.contains("- field `types::InboxEmbed::locale` added. At `#/components/schemas/InboxEmbed/properties/locale`."), "{report}");
    let next = report
        .rsplit("next version ")
        .next()
        .and_then(|rest| rest.split(' ').next())
        .expect("the next version");
    assert_eq!(next, "0.4.1");

    // Bump the version it names, add the report to the changelog.
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("0.4.0", next)).unwrap();
    let log = std::fs::read_to_string(&changelog).unwrap();
    let entry = report.replacen("## API changes: minor", &format!("## {next}"), 1);
    std::fs::write(&changelog, format!("{log}\n{entry}")).unwrap();
    assert!(
        std::fs::read_to_string(&changelog)
            .unwrap()
            .contains("## 0.4.1\n\n### Added")
    );

    // Released: the same spec against itself needs nothing.
    let same = kapso_codegen(&["diff", &new, &new, "--manifest", manifest.to_str().unwrap()]);
    assert!(stdout(&same).ends_with("No change to the generated API.\n\nRelease: **none** — next version 0.4.1 (from 0.4.1).\n"), "{}", stdout(&same));
}

#[test]
fn fail_on_breaking_gates_ci_and_json_is_for_tools() {
    let (old, minor) = minor_pair();
    let gate = kapso_codegen(&["diff", &old, &minor, "--fail-on", "breaking"]);
    assert_eq!(gate.status.code(), Some(0));

    // Removing the `name` field breaks code that reads it.
    let (old, breaking) = spec_pair(
        "breaking.yaml",
        "        name:\n          type:\n            - string\n            - 'null'\n",
        "",
    );
    let gate = kapso_codegen(&[
        "diff",
        &old,
        &breaking,
        "--fail-on",
        "breaking",
        "--current-version",
        "0.4.0",
    ]);
    assert_eq!(gate.status.code(), Some(1), "{}", stdout(&gate));
    assert!(stdout(&gate).contains("Release: **major** — next version 0.5.0 (from 0.4.0)."));

    let json = kapso_codegen(&[
        "diff",
        &old,
        &breaking,
        "--format",
        "json",
        "--current-version",
        "1.2.3",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["bump"], "major");
    assert_eq!(value["next_version"], "2.0.0");
    let changes = value["changes"].as_array().unwrap();
    assert!(changes.iter().all(|c| c["breaking"].is_boolean()));
    let removed = changes
        .iter()
        .find(|c| c["item"] == "types::InboxEmbed::name")
        .expect("the field");
    assert_eq!(removed["breaking"], true);
    assert_eq!(
        removed["old"]["pointer"],
        "#/components/schemas/InboxEmbed/properties/name"
    );

    // A version that is not one is a usage error.
    let usage = kapso_codegen(&["diff", &old, &breaking, "--current-version", "one"]);
    assert_eq!(usage.status.code(), Some(2));
}
