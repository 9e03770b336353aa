//! Specs with defects: typos caught and located with the nearest known name, each problem
//! reported once, and defects that have one safe reading generated with a warning.

use kapso_codegen::{Options, generate_file};
use std::path::Path;

fn fixture(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn typos_are_located_with_the_nearest_known_name() {
    let diagnostics = generate_file(
        &fixture("tests/fixtures/invalid/typos-3.0.yaml"),
        &Options::default(),
    )
    .expect_err("an unknown type stops generation");
    let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    let has = |severity: &str, pointer: &str, text: &str| {
        lines.iter().any(|line| {
            line.starts_with(severity)
                && line.contains(&format!(": {pointer}: "))
                && line.contains(text)
        })
    };
    let expected = [
        (
            "error",
            "#/paths/~1pets/get/parameters/1/schema/type",
            "unknown type `strin` (did you mean `string`?)",
        ),
        (
            "error",
            "#/components/schemas/Limit/type",
            "unknown type `integr` (did you mean `integer`?)",
        ),
        (
            // A dangling `$ref` has a safe reading (any value); with `strict`, an error.
            "warning",
            "#/components/parameters/Limit/schema",
            "`$ref: #/components/schemas/Limt` does not point at a schema in this document (did you mean `Limit`?)",
        ),
        (
            "warning",
            "#/paths/~1pets/get/operationID",
            "(did you mean `operationId`?)",
        ),
        (
            "warning",
            "#/paths/~1pets/get/parameters/1/requried",
            "in a parameter (did you mean `required`?)",
        ),
        (
            "warning",
            "#/paths/~1pets/get/responses/200/descripton",
            "in a response (did you mean `description`?)",
        ),
        (
            "warning",
            "#/components/schemas/Pet/requried",
            "in a schema (did you mean `required`?)",
        ),
        (
            "warning",
            "#/components/schemas/Pet/properties/name/nulable",
            "(did you mean `nullable`?)",
        ),
        (
            "warning",
            "#/components/schemas/Pet/properties/name/descripton",
            "(did you mean `description`?)",
        ),
    ];
    for (severity, pointer, text) in expected {
        assert!(
            has(severity, pointer, text),
            "no {severity} at {pointer}: {text}\n{}",
            lines.join("\n")
        );
    }
    // Each once: the `$ref` of the parameter twenty-one operations share is one line.
    assert_eq!(lines.len(), expected.len(), "{}", lines.join("\n"));
}

#[test]
fn undeclared_security_schemes_warn_once_and_leave_their_alternatives_out() {
    let generated = generate_file(
        &fixture("tests/fixtures/spec-defects-3.0.yaml"),
        &Options::default(),
    )
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let warnings: Vec<String> = generated
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|warning| warning.contains("security scheme"))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", warnings.join("\n"));
    assert!(warnings[0].contains("#/security: security scheme `bearer` is not declared"));
    assert!(warnings[1].contains("security scheme `oauth2` is not declared"));
    assert!(
        warnings
            .iter()
            .all(|w| w.contains("`ClientBuilder::default_header`"))
    );
    // The declared alternative stays; the operation whose alternatives all name undeclared
    // schemes sends none.
    assert!(generated.code.contains(r#""/notes", &[&["api_key"]])"#));
    assert!(
        generated
            .code
            .contains(r#"runtime::Path::new("/notes/").param("id", &self.id)"#)
    );
    assert!(
        generated
            .code
            .contains(r#"runtime::Method::PUT, path, &[])"#)
    );
}

#[test]
fn a_body_offered_in_several_media_types_is_sent_as_json_and_says_so() {
    let code = generate_file(
        &fixture("tests/fixtures/spec-defects-3.0.yaml"),
        &Options::default(),
    )
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
    .code;
    assert!(code.contains(
        "/// The body is sent as `application/json`; the API also takes `application/xml`, \
         `application/x-www-form-urlencoded`."
    ));
    assert!(code.contains(".json(&self.body)"));
    // Without JSON, the form.
    assert!(code.contains(
        "/// The body is sent as `application/x-www-form-urlencoded`; the API also takes \
         `application/xml`."
    ));
    assert!(code.contains(".form(&self.body, &[])"));
}

#[test]
fn path_parameters_are_fitted_to_the_path_template() {
    let generated = generate_file(
        &fixture("tests/fixtures/spec-defects-3.0.yaml"),
        &Options::default(),
    )
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let warnings = generated.warnings.to_string();
    assert!(
        warnings.contains(
            "#/paths/~1notes~1{id}~1tags~1{tag}/delete: the path `/notes/{id}/tags/{tag}` has a \
             variable `{tag}` that no parameter declares; it is taken as a required string"
        ),
        "{warnings}"
    );
    assert!(
        warnings.contains(
            "#/paths/~1notes~1{id}~1tags~1{tag}/delete/parameters/1: path parameter `ghost` does \
             not appear in the path `/notes/{id}/tags/{tag}`; it is left out"
        ),
        "{warnings}"
    );
    let code = &generated.code;
    assert!(
        code.contains(
            r#"runtime::Path::new("/notes/")
                .param("id", &self.id)
                .literal("/tags/")
                .param("tag", &self.tag)"#
        ),
        "{code}"
    );
    assert!(
        !code.contains("ghost:") && !code.contains("fn ghost"),
        "{code}"
    );
}

/// Problems found after a Swagger 2.0 document is converted are reported at the 2.0
/// document's own nodes and lines, not at the converted document's.
#[test]
fn swagger_2_problems_point_at_the_2_0_document() {
    let diagnostics = generate_file(
        &fixture("tests/fixtures/invalid/typos-2.0.yaml"),
        &Options::default(),
    )
    .expect_err("unknown types stop generation");
    let text = diagnostics.to_string();
    for expected in [
        "typos-2.0.yaml:12:11: #/paths/~1pets/get/parameters/0/type: unknown type `integr` (did you mean `integer`?)",
        "typos-2.0.yaml:29:9: #/definitions/Pet/properties/name/type: unknown type `strin` (did you mean `string`?)",
        "typos-2.0.yaml:15:11: #/paths/~1pets/get/parameters/1/schema: `$ref: #/definitions/Filtr` does not point at a schema in this document (did you mean `Filter`?)",
    ] {
        assert!(text.contains(expected), "{expected}\nnot in\n{text}");
    }
}

/// Defects of held-out real specs, each with one safe reading: null scopes, a `$ref` to the
/// wrong kind of component (a schema where a response belongs too), `$ref`s to a URL (one warning per URL, untyped) — each warning at
/// its line, flow style included.
#[test]
fn defects_with_one_safe_reading_generate_with_located_warnings() {
    let spec = fixture("tests/fixtures/safe-readings-3.0.yaml");
    let generated = generate_file(&spec, &Options::default())
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let warnings = generated.warnings.to_string();
    for expected in [
        "safe-readings-3.0.yaml:16:11: #/paths/~1orders/get/security/0/key: the scopes of `key` are `null`",
        "safe-readings-3.0.yaml:18:9: #/paths/~1orders/get/responses/200: `$ref: #/components/requestBodies/Order` points into `components/requestBodies` where an entry of `components/responses` belongs",
        "safe-readings-3.0.yaml:23:7: #/paths/~1orders/post/requestBody: `$ref: #/components/responses/Order` points into `components/responses`",
        "safe-readings-3.0.yaml:32:51: #/paths/~1orders/post/responses/201/content/application~1json/schema/properties/total: `$ref`s to `https://schemas.example.com/common.json` are not followed",
        "safe-readings-3.0.yaml:61:9: #/components/schemas/Order/properties/previous: `$ref: #/components/schemas/Ordr` does not point at a schema in this document (did you mean `Order`?); read as `serde_json::Value` (an error with `--strict`)",
        "safe-readings-3.0.yaml:43:9: #/paths/~1orders~1{id}/get/parameters/1: `$ref: #/components/parameters/Verbose` does not point at an entry of `components/parameters`; left out (an error with `--strict`)",
        "safe-readings-3.0.yaml:45:9: #/paths/~1orders~1{id}/get/responses/200: `$ref: #/components/schemas/Order` points at a schema where a response belongs; read as a response whose `application/json` body is that schema",
    ] {
        assert!(
            warnings.contains(expected),
            "{expected}\nnot in\n{warnings}"
        );
    }
    assert_eq!(
        warnings.matches("are not followed").count(),
        1,
        "one per URL:\n{warnings}"
    );
    let code = &generated.code;
    assert!(
        code.contains("runtime::Response<types::Order, ()>, runtime::Error<ListOrdersError>>"),
        "{code}"
    );
    assert!(
        code.contains("runtime::Response<types::Order, ()>, runtime::Error<GetOrderError>>"),
        "{code}"
    );
    // A response says nothing of `required`: the borrowed body is optional.
    assert!(
        code.contains("pub fn body(mut self, value: types::Order) -> Self"),
        "{code}"
    );
    assert!(
        code.contains("pub total: Option<runtime::serde_json::Value>"),
        "{code}"
    );
    assert!(
        code.contains("pub previous: Option<runtime::serde_json::Value>"),
        "{code}"
    );

    // With `strict`, the dangling `$ref`s are errors (and nothing is generated).
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let errors = generate_file(&spec, &strict)
        .expect_err("strict")
        .to_string();
    assert!(
        errors.contains("error: ")
            && errors.contains("`$ref: #/components/schemas/Ordr` does not point at a schema"),
        "{errors}"
    );

    // With the URL mapped to a local copy, the `$ref`s are followed and typed.
    let options = Options {
        ref_map: vec![(
            "https://schemas.example.com".to_string(),
            fixture("tests/fixtures/ref-map"),
        )],
        ..Options::default()
    };
    let mapped = generate_file(&spec, &options).unwrap_or_else(|d| panic!("{d}"));
    assert!(!mapped.warnings.to_string().contains("not followed"));
    assert!(
        mapped.code.contains("pub total: Option<Money>"),
        "{}",
        mapped.code
    );
    assert!(mapped.code.contains("pub struct Money {"));
    assert!(
        mapped.files.iter().any(|f| f.ends_with("common.json")),
        "{:?}",
        mapped.files
    );
}

/// A value of the wrong shape is located at its own node (not at the object above it that
/// keeps `x-` extensions), and errors in flow style get their line and column.
#[test]
fn shape_errors_and_flow_style_errors_are_located_exactly() {
    let shapes = generate_file(
        &fixture("tests/fixtures/invalid/shapes-3.0.yaml"),
        &Options::default(),
    )
    .expect_err("a wrong shape stops generation")
    .to_string();
    assert!(
        shapes.contains("shapes-3.0.yaml:19:13: #/components/schemas/A/properties/b/properties/c: not a valid OpenAPI document here: invalid type: string \"many\", expected a JSON number"),
        "{shapes}"
    );
    let flow = generate_file(
        &fixture("tests/fixtures/invalid/flow-3.0.yaml"),
        &Options::default(),
    )
    .expect_err("unknown types stop generation")
    .to_string();
    for expected in [
        "flow-3.0.yaml:7:41: #/paths/~1a/get/parameters/0/schema/type: unknown type `strin`",
        "flow-3.0.yaml:9:103: #/paths/~1a/get/responses/200/content/application~1json/schema/properties/x/type: unknown type `integr`",
    ] {
        assert!(flow.contains(expected), "{expected}\nnot in\n{flow}");
    }
}
