#!/usr/bin/env bash
# Set up (first time only) and run the whole test suite (it includes the GUI smoke test).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test
.venv/bin/ruff check --quiet src tests benchmarks
exec .venv/bin/python -m pytest "$@"
