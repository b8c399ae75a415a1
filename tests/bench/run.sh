#!/usr/bin/env bash
# make bench: the collection's drift check and apply against a uri playbook and
# the HTTP floor, on emulated fleets of 50 and 200 NVRs (tests/bench/bench.py
# says what is measured and how). Writes docs/benchmarks.md,
# docs/benchmarks.png and build/bench/results.json.
#
# Run through `make bench`, which prepares .venv and the collection copy and
# exports ANSIBLE_COLLECTIONS_PATH and friends. Settings: BENCH_SIZES,
# BENCH_RUNS, BENCH_FORKS, BENCH_LATENCY_MS, BENCH_URI_NVRS, BENCH_BUDGET_S.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PY=${VIRTUAL_ENV:-$ROOT/.venv}/bin/python
[ -x "$PY" ] || { echo "make bench: $PY is missing; run it through 'make bench'" >&2; exit 1; }

# Same environment as the Makefile exports, for a direct call of this script.
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$ROOT/build/collections}
export ANSIBLE_HOME=${ANSIBLE_HOME:-$ROOT/build/ansible-home}
export ANSIBLE_LOCAL_TEMP=${ANSIBLE_LOCAL_TEMP:-$ANSIBLE_HOME/tmp}
export ANSIBLE_REMOTE_TEMP=${ANSIBLE_REMOTE_TEMP:-$ANSIBLE_HOME/remote-tmp}
PATH="$(dirname "$PY"):$PATH"
export PATH PYTHONDONTWRITEBYTECODE=1
mkdir -p "$ANSIBLE_LOCAL_TEMP" "$ANSIBLE_REMOTE_TEMP" build/bench

# matplotlib for the plot, once (a stamp like the Makefile's venv stamp).
STAMP=${PY%/bin/python}/.bench-installed
if [ ! -f "$STAMP" ] || [ tests/bench/requirements.txt -nt "$STAMP" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check -r tests/bench/requirements.txt
    touch "$STAMP"
fi

exec "$PY" tests/bench/bench.py "$@"
