//! Stage-by-stage timings of the generator on the largest real specs and the Kapso spec:
//! `cargo bench -p kapso-codegen --bench pipeline`. The `floor` bench is what `serde_json`
//! alone takes to parse the file into a value; every stage is measured against it.
//!
//! Specs are read from `../shared/specs` (beside the checkout); missing ones are skipped.

use criterion::{Criterion, criterion_group, criterion_main};
use kapso_codegen::{Diagnostics, emit, format, ir, load, normalize, parse};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = root.join("../shared/specs");
    let mut specs: Vec<PathBuf> = [
        "github-api.github.com.json",
        "stripe-spec3.yaml",
        "openai-openapi.yaml",
        "discord-openapi.json",
    ]
    .iter()
    .map(|name| shared.join(name))
    .collect();
    specs.push(root.join("spec/kapso-platform-api.yaml"));
    specs.retain(|path| path.exists());
    specs
}

fn stages(c: &mut Criterion) {
    for path in specs() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("spec is readable");
        let mut diagnostics = Diagnostics::new(name.clone());
        let loaded = load::parse_text(&text, &mut diagnostics).expect("spec loads");
        let mut normalized = loaded.clone();
        normalize::normalize(&mut normalized, &mut diagnostics);
        let parsed = parse::document(&normalized, &mut diagnostics).expect("spec parses");
        let built = ir::build(&parsed, &name, ir::Settings::default(), &mut diagnostics);
        let runtime = kapso_codegen::DEFAULT_RUNTIME_CRATE;

        let mut group = c.benchmark_group(&name);
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(3))
            .warm_up_time(Duration::from_millis(500));
        if name.ends_with(".json") {
            group.bench_function("floor: serde_json::from_str", |b| {
                b.iter(|| serde_json::from_str::<serde_json::Value>(&text).expect("JSON"))
            });
        }
        group.bench_function("load", |b| {
            b.iter(|| load::parse_text(&text, &mut Diagnostics::new("spec")))
        });
        group.bench_function("normalize", |b| {
            b.iter_batched(
                || loaded.clone(),
                |mut document| normalize::normalize(&mut document, &mut Diagnostics::new("spec")),
                criterion::BatchSize::LargeInput,
            )
        });
        group.bench_function("parse", |b| {
            b.iter(|| parse::document(&normalized, &mut Diagnostics::new("spec")))
        });
        group.bench_function("ir", |b| {
            b.iter(|| {
                ir::build(
                    &parsed,
                    &name,
                    ir::Settings::default(),
                    &mut Diagnostics::new("spec"),
                )
            })
        });
        // Emit and format run together, piece by piece in parallel, as in every real run.
        group.bench_function("emit+format", |b| {
            b.iter(|| format::render(&built, runtime, emit::Extras::default(), ""))
        });
        group.bench_function("end to end", |b| {
            b.iter(|| {
                kapso_codegen::generate_file(&path, &kapso_codegen::Options::default())
                    .expect("generates")
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
