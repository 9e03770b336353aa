//! A stable-Rust fuzz harness over the whole pipeline (text → code): real specs and fixtures
//! are mutated at random (lines deleted, duplicated, swapped, re-indented; values replaced
//! by hostile ones; bytes inserted; dangling `$ref`s and deep nesting added; truncation), and
//! every mutant must give code or diagnostics — never a panic.
//!
//! `KAPSO_FUZZ_SECONDS` sets the budget (default 5; CI runs 120), `KAPSO_FUZZ_SEED` the
//! seed. A panicking mutant is written to `target/tmp/fuzz-crash-*.yaml` (one that aborts
//! the process, such as a stack overflow, is left in `target/tmp/fuzz-in-flight.yaml`); fix the bug and
//! add the file to `tests/fuzz-regressions/`, which every run replays first.

use kapso_codegen::{Options, generate_from_str};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: small, fast, and the same sequence for the same seed everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const HOSTILE_VALUES: &[&str] = &[
    "null",
    "[]",
    "{}",
    "-1",
    "0",
    "1e309",
    "-9223372036854775809",
    "true",
    "\"\"",
    "'*/'",
    "\"\\u0000\"",
    "[null, null]",
    "{type: [string, 'null']}",
    "{$ref: '#/components/schemas/Nope'}",
    "{$ref: '#'}",
    "{$ref: '#/paths'}",
    "{allOf: []}",
    "{oneOf: [{}]}",
    "{anyOf: [{type: 'null'}]}",
    "{enum: []}",
    "{const: null}",
    "{type: array}",
    "{type: object, additionalProperties: false}",
    "&a [*a]",
    "*undefined",
    "!!binary aGVsbG8=",
    "{discriminator: {propertyName: x}, oneOf: [{$ref: '#/components/schemas/Nope'}]}",
    "{type: string, enum: [1, true, null, '']}",
    "{not: {}}",
    "{items: [{}, {}]}",
    "{exclusiveMinimum: true}",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    for _ in 0..=rng.below(3) {
        let at = rng.below(lines.len());
        match rng.below(9) {
            0 => {
                lines.remove(at);
                if lines.is_empty() {
                    lines.push(String::new());
                }
            }
            1 => lines.insert(at, lines[at].clone()),
            2 => {
                let other = rng.below(lines.len());
                lines.swap(at, other);
            }
            3 => {
                let value = HOSTILE_VALUES[rng.below(HOSTILE_VALUES.len())];
                if let Some(colon) = lines[at].find(": ") {
                    lines[at].truncate(colon + 2);
                    lines[at].push_str(value);
                } else {
                    lines[at] = format!(
                        "{}- {value}",
                        " ".repeat(lines[at].len() - lines[at].trim_start().len())
                    );
                }
            }
            4 => {
                let bytes: String = (0..rng.below(8) + 1)
                    .map(|_| char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'))
                    .collect();
                let line = &mut lines[at];
                let cut = (0..=line.len())
                    .filter(|i| line.is_char_boundary(*i))
                    .nth(rng.below(line.chars().count() + 1))
                    .unwrap_or(0);
                line.insert_str(cut, &bytes);
            }
            5 => lines.truncate(at.max(1)),
            6 => {
                if rng.below(2) == 0 {
                    lines[at].insert_str(0, "  ");
                } else if lines[at].starts_with("  ") {
                    lines[at].replace_range(..2, "");
                }
            }
            7 => {
                let indent = " ".repeat(lines[at].len() - lines[at].trim_start().len());
                lines.insert(
                    at,
                    format!(
                        "{indent}$ref: '#/components/schemas/Missing{}'",
                        rng.below(3)
                    ),
                );
            }
            _ => {
                let depth = rng.below(200) + 1;
                lines.insert(
                    at,
                    format!("x-deep: {}{}", "[".repeat(depth), "]".repeat(depth)),
                );
            }
        }
    }
    lines.join("\n")
}

fn seeds() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = root.join("../shared/specs");
    let mut paths: Vec<PathBuf> = vec![
        root.join("spec/kapso-platform-api.yaml"),
        root.join("tests/fixtures/nullable-3.1.yaml"),
        root.join("tests/fixtures/composition-3.1.yaml"),
        root.join("tests/fixtures/hostile-text.yaml"),
        root.join("tests/fixtures/refs-3.1.yaml"),
        root.join("tests/fixtures/pagination-3.1.yaml"),
        root.join("tests/specs/oai-petstore-expanded.yaml"),
        root.join("tests/specs/redocly-museum.yaml"),
        root.join("tests/specs/progenitor-keeper.json"),
    ];
    if shared.is_dir() {
        paths.push(shared.join("progenitor-buildomat.json"));
        paths.push(shared.join("oai-webhook-example.yaml"));
    } else {
        // Past the test harness's capture: a run without the corpus says so.
        let _ = writeln!(
            std::io::stderr(),
            "fuzz: ../shared/specs not found; seeding from the repository's specs only"
        );
    }
    paths
        .into_iter()
        .filter_map(|path| {
            Some((
                path.display().to_string(),
                std::fs::read_to_string(&path).ok()?,
            ))
        })
        .collect()
}

/// Runs the pipeline; `Err` with the panic message if it panicked.
fn survives(text: &str) -> Result<bool, String> {
    let options = Options {
        example_tests: true,
        ..Options::default()
    };
    std::panic::catch_unwind(|| generate_from_str("fuzz.yaml", text, &options).is_ok()).map_err(
        |panic| {
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        },
    )
}

#[test]
fn regressions_found_by_fuzzing_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let is_spec = entry
            .path()
            .extension()
            .is_some_and(|e| e == "yaml" || e == "json");
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if !is_spec {
            continue;
        }
        if let Err(panic) = survives(&text) {
            panic!("{} panics again: {panic}", entry.path().display());
        }
        replayed += 1;
    }
    println!("replayed {replayed} regression inputs");
    assert!(replayed > 0, "no regression inputs in {}", dir.display());
}

#[test]
fn mutated_specs_never_panic() {
    let seconds: u64 = std::env::var("KAPSO_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let seed: u64 = std::env::var("KAPSO_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_cafe);
    let seeds = seeds();
    assert!(!seeds.is_empty(), "no seed specs found");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut rng = Rng(seed | 1);
    let in_flight = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-in-flight.yaml");
    let (mut iterations, mut generated) = (0u64, 0u64);
    while Instant::now() < deadline {
        let (name, text) = &seeds[rng.below(seeds.len())];
        let mutant = mutate(text, &mut rng);
        // A stack overflow aborts the process before anything can be caught: the input in
        // flight is left here to reproduce it.
        let _ = std::fs::write(&in_flight, &mutant);
        match survives(&mutant) {
            Ok(ok) => generated += u64::from(ok),
            Err(panic) => {
                let crash = Path::new(env!("CARGO_TARGET_TMPDIR"))
                    .join(format!("fuzz-crash-{seed}-{iterations}.yaml"));
                let _ = std::fs::write(&crash, &mutant);
                panic!(
                    "a mutant of {name} panics ({panic}); saved as {}",
                    crash.display()
                );
            }
        }
        iterations += 1;
    }
    println!(
        "fuzz: {iterations} mutants in {seconds} s (seed {seed}), {generated} generated code, none panicked"
    );
    assert!(iterations > 0);
}
