#!/usr/bin/env bash
# Wall time and peak memory of the release CLI on the largest real specs and the Kapso spec,
# with the per-stage split the CLI reports (`--timings`). Prints one line per spec.
#   generator/benches/cli.sh [runs]     (default 3 runs; the best is shown)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
specs_dir=${SPECS_DIR:-$root/../shared/specs}
runs=${1:-3}
cargo build --quiet --release -p kapso-codegen --manifest-path "$root/Cargo.toml"
bin=${CARGO_TARGET_DIR:-$root/target}/release/kapso-codegen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-36s %9s %11s  %s\n' spec wall peak_rss stages
for spec in "$specs_dir/github-api.github.com.json" "$specs_dir/stripe-spec3.yaml" \
            "$specs_dir/openai-openapi.yaml" "$specs_dir/discord-openapi.json" \
            "$root/spec/kapso-platform-api.yaml"; do
  [ -f "$spec" ] || continue
  best_wall=999999; best_rss=0; stages=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$out/time" "$bin" generate "$spec" -o "$out/out.rs" --timings 2> "$out/err" || true
    read -r wall rss < "$out/time"
    if awk "BEGIN{exit !($wall < $best_wall)}"; then
      best_wall=$wall; best_rss=$rss; stages=$(grep '^timings:' "$out/err" | sed 's/^timings: //')
    fi
  done
  printf '%-36s %8.2fs %7.0f MiB  %s\n' "$(basename "$spec")" "$best_wall" "$(echo "$best_rss / 1024" | bc -l)" "$stages"
done
