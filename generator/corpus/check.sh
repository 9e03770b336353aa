#!/usr/bin/env bash
# Corpus check: generates a client for every spec in ../shared/specs (or the specs given as
# arguments) into a scratch crate, type-checks it with clippy (default and pedantic lints) and
# builds its docs, with warnings denied.
# Prints a line per spec (file, operations, generated lines, generate, check and doc times,
# result) and N/M.
#
#   generator/corpus/check.sh                 # all specs
#   generator/corpus/check.sh path/to/a.yaml  # some
#
# Env: SPECS_DIR (default ../shared/specs beside the checkout), SKIP (space-separated file
# names to leave out), GENERATE_FLAGS (extra kapso-codegen flags, e.g. --only-used-types),
# CARGO_TARGET_DIR (default: the workspace's target/, shared with the main build so
# dependencies compile once), PROFILE (cargo profile of the generator, default dev: the test
# build already has it; `PROFILE=release` for generate times comparable to benches/cli.sh),
# EDITION (of the scratch crates, default 2024; generated code compiles in 2018 and 2021 too),
# MOCKS (default 1: each client has its typed mocks, `--mocks`, checked with the crate's
# `mock` feature on; 0 leaves them out), RUNTIME_FEATURES (space-separated features of the
# runtime the scratch crates enable, e.g. `jiff` with `--settings` choosing jiff), DOCS
# (default 1; 0 skips the docs, for a second run over specs whose docs the first built), JOBS
# (default 1: each client checked alone, its time in the check column; 2 or more: every
# client checked first in one `cargo clippy --keep-going`, which runs that many at once, and
# the column says `parallel` — CI's setting, 2 cores doing the work of one; their docs are
# built the same way).
# The check column is wall time; peak memory of each check is in <scratch>/<crate>/check.time.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
specs_dir=${SPECS_DIR:-$root/../shared/specs}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
scratch=$CARGO_TARGET_DIR/corpus
skip=" ${SKIP:-} "

if [ $# -gt 0 ]; then
  specs=("$@")
else
  mapfile -t specs < <(find "$specs_dir" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.json' \) | sort)
  [ -f "$specs_dir/redocly-cafe/openapi.yaml" ] && specs+=("$specs_dir/redocly-cafe/openapi.yaml")
fi

edition=${EDITION:-2024}
# Runtime features of the scratch crates (RUNTIME_FEATURES="jiff" for `date-time = "jiff"`).
runtime_features=$(printf '"%s",' ${RUNTIME_FEATURES:-} | sed 's/,$//; s/^""$//')
mocks=${MOCKS:-1}
mock_flag=()
mock_features=''
if [ "$mocks" = 1 ]; then
  mock_flag=(--mocks)
  # As a build-script crate declares it; on by default here, so clippy and rustdoc see it.
  mock_features=$'\n[features]\ndefault = ["mock"]\nmock = ["kapso-codegen-runtime/mock"]\n'
fi
profile=${PROFILE:-dev}
cargo build --quiet --profile "$profile" -p kapso-codegen --manifest-path "$root/Cargo.toml" || exit 1
profile_dir=$profile
[ "$profile" = dev ] && profile_dir=debug
generator=$CARGO_TARGET_DIR/$profile_dir/kapso-codegen

rm -rf "$scratch"
mkdir -p "$scratch"
# A member crate of the scratch workspace, as a downstream crate lists its dependencies.
scratch_crate() {
  mkdir -p "$scratch/$1/src"
  cat > "$scratch/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "$edition"
publish = false

[dependencies]
kapso-codegen-runtime = { path = "$root/generator/runtime", features = [$runtime_features] }
$mock_features
TOML
  members+=("\"$1\"")
}
members=()
names=()
for spec in "${specs[@]}"; do
  file=${spec#"$specs_dir"/}
  [ "$file" = "$spec" ] && file=$(basename "$spec")
  case "$skip" in *" $file "*) continue ;; esac
  name=corpus-$(echo "$file" | sed 's/\.[a-z]*$//; s/[^A-Za-z0-9]\{1,\}/-/g' | tr 'A-Z' 'a-z')
  scratch_crate "$name"
  names+=("$name|$spec|$file")
done
# An empty crate with the clients' dependencies (and features), built first.
scratch_crate corpus-dependencies
: > "$scratch/corpus-dependencies/src/lib.rs"
printf '[workspace]\nresolver = "3"\nmembers = [%s]\n' "$(IFS=,; echo "${members[*]}")" > "$scratch/Cargo.toml"
cp "$root/Cargo.lock" "$scratch/Cargo.lock" 2>/dev/null

# Generate everything first: Cargo needs every member of the scratch workspace in place.
declare -A generated_ok generate_time
for entry in "${names[@]}"; do
  IFS='|' read -r name spec file <<<"$entry"
  out=$scratch/$name/src/lib.rs
  start=$(date +%s.%N)
  # The lints a strict downstream crate denies (`cargo clippy -- -D warnings` included):
  # generated code must pass them.
  printf '//! A client generated from %s.\n#![deny(warnings, missing_docs, missing_debug_implementations, rust_2018_idioms, unused_qualifications)]\n#![warn(clippy::pedantic)]\n' "$file" > "$out"
  # shellcheck disable=SC2086
  if "$generator" generate "$spec" "${mock_flag[@]}" ${GENERATE_FLAGS:-} >> "$out" 2> "$scratch/$name/generate.log"; then
    generated_ok[$name]=1
    # Where the generator warns that types hold one another too deeply for rustc's default
    # recursion limit (Stripe), do what it asks, as a user would.
    limit=$(grep -o '#!\[recursion_limit = "[0-9]*"\]' "$scratch/$name/generate.log" | head -1)
    [ -n "$limit" ] && sed -i "1a $limit" "$out"
  else
    : > "$out"
  fi
  end=$(date +%s.%N)
  generate_time[$name]=$(echo "$end - $start" | bc)
done

# rustdoc merges the search index and trait lists of every crate already under target/doc
# into each crate it documents: with clients piling up there, documenting a small one went
# from 3 s to 8 s. Each client is documented into an empty doc folder, and the one that was
# there (the workspace's docs) comes back at the end.
doc_dir=$CARGO_TARGET_DIR/doc
kept_docs=$CARGO_TARGET_DIR/doc.kept-during-corpus-check
[ -d "$doc_dir" ] && [ ! -d "$kept_docs" ] && mv "$doc_dir" "$kept_docs"
trap 'rm -rf "$doc_dir"; [ -d "$kept_docs" ] && mv "$kept_docs" "$doc_dir"' EXIT

# Dependencies once, so that the per-spec times below are the generated code's own.
cargo clippy --quiet --manifest-path "$scratch/Cargo.toml" -p corpus-dependencies || exit 1

jobs=${JOBS:-1}
if [ "$jobs" -gt 1 ]; then
  # All clients at once, `jobs` at a time; the loop below then reads each one's result (from
  # the cache where it passed, again where it failed, for its messages).
  start=$(date +%s.%N)
  cargo clippy --quiet --keep-going -j "$jobs" --manifest-path "$scratch/Cargo.toml" --workspace \
    > "$scratch/parallel-check.log" 2>&1
  printf 'checked %d clients, %s at a time, in %.1fs\n' "${#names[@]}" "$jobs" "$(echo "$(date +%s.%N) - $start" | bc)"
  if [ "${DOCS:-1}" != 0 ]; then
    # Their docs too, into one folder (each rustdoc merges the search indexes already there,
    # a few seconds more per client, less than the core it frees); the loop below finds
    # them built.
    start=$(date +%s.%N)
    cargo doc --quiet --no-deps --keep-going -j "$jobs" --manifest-path "$scratch/Cargo.toml" \
      --workspace --exclude corpus-dependencies > "$scratch/parallel-doc.log" 2>&1
    printf 'documented them, %s at a time, in %.1fs\n' "$jobs" "$(echo "$(date +%s.%N) - $start" | bc)"
  fi
fi

printf '%-48s %6s %8s %9s %9s %9s  %s\n' spec ops lines generate check doc result
passed=0
total=0
for entry in "${names[@]}"; do
  IFS='|' read -r name spec file <<<"$entry"
  total=$((total + 1))
  out=$scratch/$name/src/lib.rs
  if [ -z "${generated_ok[$name]:-}" ]; then
    printf '%-48s %6s %8s %8.2fs %9s %9s  %s\n' "$file" - - "${generate_time[$name]}" - - \
      "GENERATE FAILED ($(grep -c '^error' "$scratch/$name/generate.log") errors, see $scratch/$name/generate.log)"
    continue
  fi
  ops=$(grep -c 'pub async fn send' "$out")
  lines=$(wc -l < "$out")
  start=$(date +%s.%N)
  timer=()
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%e s %M KB' -o "$scratch/$name/check.time")
  doc_time=-
  if "${timer[@]}" cargo clippy --quiet --manifest-path "$scratch/Cargo.toml" -p "$name" > "$scratch/$name/check.log" 2>&1; then
    end=$(date +%s.%N)
    # The docs, with rustdoc's lints denied too (`#![deny(warnings)]`): spec text must not
    # turn into broken intra-doc links, bare URLs or unclosed HTML tags.
    if [ "${DOCS:-1}" = 0 ]; then
      result="ok (docs not built)"
      passed=$((passed + 1))
    elif [ "$jobs" -gt 1 ]; then
      # Documented with the others above: what rustdoc said of this one.
      if grep -q "could not document \`$name\`" "$scratch/parallel-doc.log"; then
        result="DOC FAILED (see $scratch/parallel-doc.log)"
      else
        result=ok
        passed=$((passed + 1))
      fi
    elif cargo doc --quiet --no-deps --manifest-path "$scratch/Cargo.toml" -p "$name" > "$scratch/$name/doc.log" 2>&1; then
      result=ok
      passed=$((passed + 1))
    else
      result="DOC FAILED ($(grep -c '^error' "$scratch/$name/doc.log") errors, see $scratch/$name/doc.log)"
    fi
    doc_time=$(printf '%.1fs' "$(echo "$(date +%s.%N) - $end" | bc)")
    [ "$jobs" -gt 1 ] && [ "${DOCS:-1}" != 0 ] && doc_time=parallel
    # The HTML is not looked at (GitHub's is hundreds of MB): only that it builds. (Built all
    # at once with JOBS, it stays until the end.)
    [ "$jobs" -gt 1 ] || rm -rf "$doc_dir"
  else
    end=$(date +%s.%N)
    result="FAILED ($(grep -c '^error' "$scratch/$name/check.log") errors, see $scratch/$name/check.log)"
  fi
  check_time=$(printf '%.1fs' "$(echo "$end - $start" | bc)")
  [ "$jobs" -gt 1 ] && check_time=parallel
  printf '%-48s %6s %8s %8.2fs %9s %9s  %s\n' "$file" "$ops" "$lines" "${generate_time[$name]}" "$check_time" "$doc_time" "$result"
done
echo "$passed/$total specs generate, compile and document with warnings denied"
[ "$passed" -eq "$total" ]
