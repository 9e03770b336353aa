#!/usr/bin/env bash
# Compile cost of generated code: for each case, the lines generated, the generation time
# (release CLI), and the wall time and peak memory of a non-incremental `cargo check` (or, for
# the `build` cases, a debug `cargo build`) of a crate that holds the client, with its
# dependencies built beforehand. The `--mocks` cases generate the typed mocks and compile them
# with the crate's `mock` feature on, as a test build does. Given a commit, runs that commit's
# generator on the same cases too, so that a change shows its effect side by side.
#
#   generator/benches/compile.sh               # this checkout's generator
#   generator/benches/compile.sh HEAD~1        # and the one of another commit
#
# Env: SPECS_DIR (default ../shared/specs beside the checkout), CASES (names to run, default
# all), CARGO_TARGET_DIR (default the workspace's target/).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
specs_dir=${SPECS_DIR:-$root/../shared/specs}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
scratch=$CARGO_TARGET_DIR/compile-bench
base=${1:-}

# name|spec|generator flags|check or build
github=$specs_dir/github-api.github.com.json
cases=(
  "github|$github||check"
  "github --mocks|$github|--mocks|check"
  "github build|$github||build"
  "github build --mocks|$github|--mocks|build"
  "github --tag repos|$github|--tag repos|check"
  "stripe|$specs_dir/stripe-spec3.yaml||check"
  "openai|$specs_dir/openai-openapi.yaml||check"
  "openai --tag Chat|$specs_dir/openai-openapi.yaml|--tag Chat|check"
  "kapso|$root/spec/kapso-platform-api.yaml||check"
)

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
mkdir -p "$scratch"
cargo build --quiet --release -p kapso-codegen --manifest-path "$root/Cargo.toml"
generators=("current|$CARGO_TARGET_DIR/release/kapso-codegen|$root/generator/runtime")
if [ -n "$base" ]; then
  rev=$(git -C "$root" rev-parse --short "$base")
  worktree=$scratch/base-$rev
  [ -d "$worktree" ] || git -C "$root" worktree add --quiet --detach "$worktree" "$rev"
  CARGO_TARGET_DIR=$scratch/base-target cargo build --quiet --release -p kapso-codegen \
    --manifest-path "$worktree/Cargo.toml"
  generators=("$rev|$scratch/base-target/release/kapso-codegen|$worktree/generator/runtime" "${generators[@]}")
fi

# A crate per generator, its lib.rs replaced per case, so the dependencies build once. Each
# depends on its own commit's runtime (and, for commits before the runtime re-exported them,
# on serde, chrono and uuid directly, as their generated code named those).
client_crate() {
  local label=$1 runtime=$2 crate=$scratch/client-$1
  mkdir -p "$crate/src"
  cat > "$crate/Cargo.toml" <<TOML
[package]
name = "compile-bench-client-$label"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
kapso-codegen-runtime = { path = "$runtime" }
chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
uuid = { version = "1", features = ["serde"] }

[features]
mock = ["kapso-codegen-runtime/mock"]

[workspace]
TOML
  cp "$(dirname "$runtime")/../Cargo.lock" "$crate/Cargo.lock" 2>/dev/null || true
  echo "// empty" > "$crate/src/lib.rs"
  for mode in check build; do
    CARGO_INCREMENTAL=0 cargo $mode --quiet --features mock --manifest-path "$crate/Cargo.toml"
    CARGO_INCREMENTAL=0 cargo $mode --quiet --manifest-path "$crate/Cargo.toml"
  done
}

printf '%-10s %-22s %9s %9s %9s %10s\n' generator case lines generate time 'peak MiB'
for generator in "${generators[@]}"; do
  IFS='|' read -r label cli runtime <<<"$generator"
  client_crate "$label" "$runtime"
  crate=$scratch/client-$label
  for entry in "${cases[@]}"; do
    IFS='|' read -r name spec flags mode <<<"$entry"
    if [ -n "${CASES:-}" ] && [[ " $CASES " != *" ${name%% *} "* ]]; then continue; fi
    features=()
    [[ " $flags " == *" --mocks "* ]] && features=(--features mock)
    [ -f "$spec" ] || { printf '%-10s %-22s skipped: %s not found\n' "$label" "$name" "$spec"; continue; }
    out=$crate/src/lib.rs
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    if ! "$cli" generate "$spec" $flags -o "$out.gen" 2> "$scratch/generate.log"; then
      printf '%-10s %-22s generation failed (%s)\n' "$label" "$name" "$scratch/generate.log"
      continue
    fi
    generate=$(echo "$(date +%s.%N) - $start" | bc)
    limit=$(grep -o '#!\[recursion_limit = "[0-9]*"\]' "$scratch/generate.log" | head -1 || true)
    { [ -n "$limit" ] && echo "$limit"; cat "$out.gen"; } > "$out"
    lines=$(wc -l < "$out.gen")
    if CARGO_INCREMENTAL=0 /usr/bin/time -f '%e %M' -o "$scratch/time" \
        cargo "$mode" --quiet "${features[@]}" --manifest-path "$crate/Cargo.toml" 2> "$scratch/check.log"; then
      read -r seconds kb < "$scratch/time"
      printf '%-10s %-22s %9s %8.2fs %8.1fs %10d\n' "$label" "$name" "$lines" "$generate" "$seconds" $((kb / 1024))
    else
      printf '%-10s %-22s %9s %8.2fs   check FAILED (%s)\n' "$label" "$name" "$lines" "$generate" "$scratch/check.log"
    fi
  done
done
