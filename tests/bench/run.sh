#!/usr/bin/env bash
# make bench: the collection's drift check at fleet scale (50, 200 and 1,000
# emulated NVRs; in sync, 20 % drifted, all drifted; the role with run_once and
# as a plain roles: entry) against the HTTP floor, with the apply and a uri
# playbook next to it (tests/bench/bench.py says what is measured and how).
# Writes the measured section of docs/benchmarks.md, docs/benchmarks.png and
# build/bench/results.json, and prints the tables.
#
# Run through `make bench`, which prepares .venv. Settings (tests/bench/bench.py):
# BENCH_SIZES, BENCH_SCENARIOS, BENCH_VARIANTS, BENCH_RUNS, BENCH_APPLY_SIZES,
# BENCH_APPLY_RUNS, BENCH_URI_NVRS, BENCH_PROFILE_SIZES, BENCH_FORKS, BENCH_LATENCY_MS.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PY=${VIRTUAL_ENV:-$ROOT/.venv}/bin/python
[ -x "$PY" ] || { echo "make bench: $PY is missing; run it through 'make bench'" >&2; exit 1; }

# The measured collection is a copy of the work tree taken now, of its own: a `make collection`
# run by someone else during the bench (minutes) does not change the code under measurement.
export ANSIBLE_COLLECTIONS_PATH=$ROOT/build/bench/collections
python3 tests/ci/sync_collection.py "$ROOT" "$ANSIBLE_COLLECTIONS_PATH/ansible_collections/mobotix/move_nvr" >/dev/null
export ANSIBLE_HOME=${ANSIBLE_HOME:-$ROOT/build/ansible-home}
export ANSIBLE_LOCAL_TEMP=${ANSIBLE_LOCAL_TEMP:-$ANSIBLE_HOME/tmp}
export ANSIBLE_REMOTE_TEMP=${ANSIBLE_REMOTE_TEMP:-$ANSIBLE_HOME/remote-tmp}
PATH="$(dirname "$PY"):$PATH"
export PATH PYTHONDONTWRITEBYTECODE=1
mkdir -p "$ANSIBLE_LOCAL_TEMP" "$ANSIBLE_REMOTE_TEMP" build/bench

# matplotlib (the plot) and py-spy (the profile), once (a stamp like the Makefile's venv stamp).
STAMP=${PY%/bin/python}/.bench-installed
if [ ! -f "$STAMP" ] || [ tests/bench/requirements.txt -nt "$STAMP" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check -r tests/bench/requirements.txt
    touch "$STAMP"
fi

exec "$PY" tests/bench/bench.py "$@"
