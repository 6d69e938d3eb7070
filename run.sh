#!/usr/bin/env bash
# Set up (first time only) and start dzlearn. Extra arguments go to the app, e.g. --data DIR.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/dzlearn "$@"
