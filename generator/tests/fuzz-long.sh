#!/usr/bin/env bash
# A longer fuzz run than CI's: generator/tests/fuzz-long.sh [seconds] [seed]
# (defaults: 1800 s, a seed from the clock). Crashes are saved under target/tmp/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-1800}
seed=${2:-$(date +%s)}
KAPSO_FUZZ_SECONDS=$seconds KAPSO_FUZZ_SEED=$seed \
  cargo test --release -p kapso-codegen --test fuzz mutated -- --nocapture
