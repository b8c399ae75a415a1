#!/usr/bin/env bash
# `python3 -m venv` failed: on Debian and Ubuntu the system Python has venv only
# with the python3-venv package. Install it when we may (root with apt-get),
# then create the virtual environment again; otherwise say what to install.
#
# usage: tests/ci/venv-fallback.sh PYTHON VENV
set -euo pipefail
python="$1"
venv="$2"
rm -rf "${venv}"
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    version="$("${python}" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    echo "make venv: '${python} -m venv' failed; installing python3-venv with apt-get"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "python${version}-venv" >/dev/null 2>&1 \
        || apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    exec "${python}" -m venv "${venv}"
fi
echo "make venv: '${python} -m venv' failed; install your system's venv package (Debian/Ubuntu: python3-venv) and run make again" >&2
exit 1
