#!/usr/bin/env bash
# Wall time and peak memory of the release CLI on the largest real specs and the Kapso spec,
# with the per-stage split the CLI reports (`--timings`). Prints one line per spec.
#   generator/benches/cli.sh [runs]     (default 3 runs; the best is shown)
# With OAS3_GEN set to an oas3-gen binary (`cargo install oas3-gen --version 0.29.0`), it then
# times GitHub's spec against it: its `types` mode and its `client-mod` mode (types and client,
# what this generator writes), runs interleaved in rotating order, medians and ratios.
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

[ -n "${OAS3_GEN:-}" ] || exit 0
github=$specs_dir/github-api.github.com.json
[ -f "$github" ] || { echo "skipped: the oas3-gen comparison (no $github)"; exit 0; }
runs=$(( runs < 9 ? 9 : runs ))
names=(kapso-codegen "oas3-gen types" "oas3-gen client-mod")
declare -A times
for round in $(seq 0 $((runs - 1))); do
  for k in 0 1 2; do
    name=${names[$(( (round + k) % 3 ))]}
    rm -rf "$out/o3"
    case $name in
      kapso-codegen) cmd=("$bin" generate "$github" -o "$out/out.rs") ;;
      "oas3-gen types") cmd=("$OAS3_GEN" generate types -i "$github" -o "$out/o3.rs") ;;
      *) cmd=("$OAS3_GEN" generate client-mod -i "$github" -o "$out/o3") ;;
    esac
    /usr/bin/time -f '%e %M' -o "$out/time" "${cmd[@]}" > /dev/null 2>&1 || true
    times[$name]+="$(cut -d' ' -f1 "$out/time") "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
ours=$(echo "${times[kapso-codegen]}" | median)
for name in "${names[@]}"; do
  m=$(echo "${times[$name]}" | median)
  printf 'github, %-20s median %5.2fs of %d runs   kapso-codegen / it: %.2f\n' "$name" "$m" "$runs" \
    "$(echo "$ours / $m" | bc -l)"
done
