#!/usr/bin/env bash
# Make DEST an up-to-date copy of the collection in SRC: every file that git
# tracks or would track (untracked but not ignored), without .git, .venv,
# build/ and tests/output/.  Files that are gone from SRC (or newly ignored)
# are deleted from DEST.  Needs rsync.
#
# usage: tests/ci/sync-collection.sh [SRC [DEST]]
#   SRC  default: the repository this script lives in
#   DEST default: SRC/build/collections/ansible_collections/mobotix/move_nvr
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "${1:-${here}/../..}" && pwd)"
dest="${2:-${src}/build/collections/ansible_collections/mobotix/move_nvr}"

if ! command -v rsync >/dev/null 2>&1; then
    echo "sync-collection: rsync is not installed (apt-get install rsync; .ci/run does this)" >&2
    exit 1
fi

mkdir -p "${dest}"

filters=(
    # ansible-test's and ansible-lint's work folders in the copy are kept
    # (ansible-test's delegation venv lives there: about 10 s to rebuild)
    --filter='P /tests/output/'
    --filter='P /.ansible/'
    --exclude=/.git
    --exclude=/.venv
    --exclude=/build
    --exclude=/tests/output
    --exclude=/.ansible
    # honour .gitignore files at every level, like git does
    --filter=':- .gitignore'
)
if [[ -f "${src}/.git/info/exclude" ]]; then
    filters+=(--exclude-from="${src}/.git/info/exclude")
fi

# --checksum is not needed: size+mtime is what make relies on as well.
rsync -a --delete --delete-excluded --prune-empty-dirs "${filters[@]}" "${src}/" "${dest}/"
