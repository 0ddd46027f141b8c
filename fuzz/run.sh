#!/usr/bin/env bash
# Runs each fuzz target for a bounded time (default 60 s each) on the nightly toolchain;
# exits non-zero on the first crash, whose input cargo fuzz leaves under fuzz/artifacts/.
#   fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sipas-target}/fuzz"
for target in survey_form period; do
  echo "== fuzz $target for ${seconds}s"
  cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -max_len=4096
done
