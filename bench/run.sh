#!/usr/bin/env bash
# Runs every benchmark script in bench/ (bench_*.py) and prints their figures.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in bench/bench_*.py; do
  [ -e "$script" ] || continue
  echo "== $script"
  .venv/bin/python "$script"
done
