#!/usr/bin/env bash
# Put the offline get-pip stand-in (tests/ci/get_pip.py) where ansible-test
# looks for its cached pip bootstrap script, for the pip version(s) that the
# given Python's ansible-test uses.  Idempotent.
#
# usage: tests/ci/install-get-pip.sh [PYTHON]
#   PYTHON: interpreter with ansible-core installed (default: python3)
#   ANSIBLE_TEST_CACHE: cache folder (default: ~/.ansible/test/cache)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${1:-python3}"
cache="${ANSIBLE_TEST_CACHE:-${HOME}/.ansible/test/cache}"

# The pip versions pinned in this ansible-test (python_requirements.get_venv_packages),
# read from its source so that an ansible-core upgrade needs no change here.
versions="$("${python}" - <<'PY'
import pathlib, re
import ansible_test
src = pathlib.Path(ansible_test.__file__).parent / '_internal' / 'python_requirements.py'
found = set(re.findall(r"pip\s*=\s*'(\d+(?:\.\d+)+)'", src.read_text()))
print(' '.join(sorted(found)) or '24.2')
PY
)"

mkdir -p "${cache}"
for version in ${versions}; do
    target="${cache}/get_pip_${version//./_}.py"
    if ! cmp -s "${here}/get_pip.py" "${target}" 2>/dev/null; then
        cp "${here}/get_pip.py" "${target}"
        echo "installed offline pip bootstrap stand-in: ${target}"
    fi
done
