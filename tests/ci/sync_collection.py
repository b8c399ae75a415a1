#!/usr/bin/env python
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make DEST an up-to-date copy of the collection in SRC, with nothing but Python 3.

Why: ansible-test, ansible-lint and Ansible itself need the collection at
.../ansible_collections/mobotix/move_nvr/, and `make demo` / `make test` must work
on a fresh machine that has only Python 3 and make (rsync, which this replaced,
is not there).

How: the files are those git tracks or would track (untracked but not ignored:
`git ls-files --cached --others --exclude-standard`); outside a git checkout,
every file but the work folders below. A file is copied (with its mode and
mtime) when its size or mtime differ, as rsync -a does; files gone from SRC are
deleted from DEST, and folders left empty removed. ansible-test's and
ansible-lint's work folders in DEST (tests/output/, .ansible/) are kept: the
delegation venv in them takes about 10 s to rebuild.

usage: tests/ci/sync_collection.py [SRC [DEST]]
  SRC  default: the repository this script lives in
  DEST default: SRC/build/collections/ansible_collections/mobotix/move_nvr
"""

import os
import shutil
import subprocess
import sys

WORK_FOLDERS = ('.git', '.venv', 'build', 'tests/output', '.ansible')
KEPT_IN_DEST = ('tests/output', '.ansible')


def under(path, folders):
    return any(path == folder or path.startswith(folder + '/') for folder in folders)


def source_files(src):
    """Relative paths (with /) of the files that make up the collection."""
    try:
        listed = subprocess.run(['git', '-C', src, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                                check=True, capture_output=True).stdout.decode('utf-8', 'surrogateescape')
        names = [name for name in listed.split('\0') if name]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for folder, dirs, files in os.walk(src):
            relative = os.path.relpath(folder, src).replace(os.sep, '/')
            relative = '' if relative == '.' else relative + '/'
            dirs[:] = [d for d in dirs if d != '__pycache__' and not under(relative + d, WORK_FOLDERS)]
            names.extend(relative + f for f in files if not f.endswith(('.pyc', '.pyo')))
    # A tracked file deleted in the work tree is still listed by git; a symlink is copied as a link.
    return sorted(name for name in set(names)
                  if not under(name, WORK_FOLDERS) and os.path.lexists(os.path.join(src, name)))


def same(source, target):
    try:
        a, b = os.lstat(source), os.lstat(target)
    except OSError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime) and a.st_mode == b.st_mode


def copy(source, target):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.islink(source):
        if os.path.lexists(target):
            os.remove(target)
        os.symlink(os.readlink(source), target)
        return
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    shutil.copy2(source, target)


def prune(dest, wanted):
    """Delete what DEST holds beyond `wanted`, then the folders left empty (deepest first)."""
    folders = []
    for folder, dirs, files in os.walk(dest):
        relative = os.path.relpath(folder, dest).replace(os.sep, '/')
        relative = '' if relative == '.' else relative + '/'
        dirs[:] = [d for d in dirs if not under(relative + d, KEPT_IN_DEST)]
        folders.append(folder)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            if relative + name not in wanted:
                os.remove(os.path.join(folder, name))
    for folder in sorted(folders[1:], key=len, reverse=True):
        if not os.path.islink(folder) and not os.listdir(folder):
            os.rmdir(folder)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(here, '..', '..'))
    dest = os.path.abspath(argv[2] if len(argv) > 2 else
                           os.path.join(src, 'build', 'collections', 'ansible_collections', 'mobotix', 'move_nvr'))
    files = source_files(src)
    os.makedirs(dest, exist_ok=True)
    for name in files:
        source, target = os.path.join(src, name), os.path.join(dest, name)
        if not same(source, target):
            copy(source, target)
    prune(dest, set(files))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
