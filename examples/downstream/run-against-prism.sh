#!/usr/bin/env bash
# Builds this example crate, runs its tests (typed mocks, `--features mock`) and runs it
# against a Prism mock of the Kapso spec (Prism from
# `npm ci --prefix tests/prism`), printing its cold build time. Used by .ci/run.
#   Env: CARGO_TARGET_DIR (default: the repository's target/), PORT (default 4011).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
port=${PORT:-4011}
prism=$root/tests/prism/node_modules/.bin/prism
[ -x "$prism" ] || npm ci --prefix "$root/tests/prism" --no-audit --no-fund

start=$(date +%s)
cargo build --quiet --locked --manifest-path "$here/Cargo.toml"
echo "examples/downstream: built in $(( $(date +%s) - start )) s"
# Its own tests, against the generated typed mocks (its `mock` feature).
cargo test --quiet --locked --features mock --manifest-path "$here/Cargo.toml"

"$prism" mock "$root/spec/kapso-platform-api.yaml" --port "$port" > "$CARGO_TARGET_DIR/prism-downstream.log" 2>&1 &
prism_pid=$!
trap 'kill $prism_pid 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.5
done
KAPSO_BASE_URL=http://127.0.0.1:$port KAPSO_API_KEY=downstream-example \
  cargo run --quiet --locked --manifest-path "$here/Cargo.toml"
