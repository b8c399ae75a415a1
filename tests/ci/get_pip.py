#!/usr/bin/env python
"""Offline stand-in for ansible-test's ``get-pip-<version>.py`` bootstrap script.

ansible-test bootstraps pip in each virtual environment it creates by running
``~/.ansible/test/cache/get_pip_<version>.py`` (downloading it from the
internet when it is not cached), as::

    python get_pip_24_2.py --disable-pip-version-check pip==24.2 \
        [--no-setuptools] [--no-wheel]

That download is impossible on a machine that reaches only package
registries.  This stand-in, copied to that cache path by
``tests/ci/install-get-pip.sh``, does the same job with the standard library:
it bootstraps pip with ``ensurepip`` and then runs ``pip install`` with the
arguments it was given, minus ``--no-setuptools`` and ``--no-wheel`` (which
are options of get-pip, not of pip).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = frozenset(('--no-setuptools', '--no-wheel'))


def main() -> int:
    """Bootstrap pip into the running interpreter, then install the requested packages."""
    pip_args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]

    if importlib.util.find_spec('pip') is None:
        subprocess.run([sys.executable, '-m', 'ensurepip', '--default-pip'],
                       check=True, stdout=subprocess.DEVNULL)

    if not pip_args:
        return 0

    return subprocess.run([sys.executable, '-m', 'pip', 'install', '--quiet'] + pip_args, check=False).returncode


if __name__ == '__main__':
    sys.exit(main())
