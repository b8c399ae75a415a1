#!/usr/bin/env bash
# Make DEST an up-to-date copy of the collection in SRC (see sync_collection.py:
# the files git tracks or would track, stale files deleted, ansible-test's work
# folders kept). Python 3 only, so a fresh machine needs nothing else.
#
# usage: tests/ci/sync-collection.sh [SRC [DEST]]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "${here}/sync_collection.py" "$@"
