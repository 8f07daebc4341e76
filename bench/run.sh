#!/usr/bin/env bash
# Build and install gocell into a temporary prefix (as test.sh does), then
# benchmark it next to ipykernel. Arguments go to bench.py, e.g.
#   bench/run.sh --runs 10 --json bench/results/$(date +%F).json
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gocell-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
./install.sh --prefix "$tmp" >/dev/null
if [[ " $* " == *" --json "* ]]; then mkdir -p bench/results; fi
JUPYTER_PATH="$tmp/share/jupyter" /usr/bin/python3 bench/bench.py "$@"
