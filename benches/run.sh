#!/usr/bin/env bash
# The benchmark suite in one command: the figures benchmark (figure queries, raw export) and the
# load suite (survey page, durable submissions on SQLite and PostgreSQL, each beside its ceiling,
# and server memory), then docs/BENCHMARKS.md rewritten from what they measured.
#
#     benches/run.sh [RESPONSES] [SECONDS]
#
# RESPONSES: the figures benchmark's load (default 1000000; docs/performance.md has 10 M runs).
# SECONDS: the length of each load (default 10). Installs wrk with apt-get when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sipas-target}"
responses="${1:-1000000}"
seconds="${2:-10}"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk; else sudo apt-get install -y -qq wrk; fi
fi
pg_isready -h 127.0.0.1 -p 5432 -q ||
  { echo "PostgreSQL is not reachable at 127.0.0.1:5432 (see README)" >&2; exit 1; }

mkdir -p "$CARGO_TARGET_DIR/bench"
figures="$CARGO_TARGET_DIR/bench/figures-table.md"
cargo bench --bench figures -- --responses "$responses" --verify --markdown "$figures"
# Let PostgreSQL finish with the load before the suite measures (autovacuum after a million
# inserts would compete with it for the two cores).
psql "postgres://postgres@127.0.0.1:5432/sipas_bench_$responses" -qc "VACUUM ANALYZE" -qc CHECKPOINT
cargo bench --bench suite -- --seconds "$seconds" --figures "$figures" --write docs/BENCHMARKS.md
