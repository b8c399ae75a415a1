# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each NVR's full result of the fleet check, handed to its per-host task through a private file.

Why: the fleet check (nvr_fleet_check) is one task; its result goes from its worker process to
ansible-playbook (pickled), through every callback (ansible-core 2.19 copies and converts it) and is
registered. With every NVR's full result (configs, diffs, requests) and the full report in it, that was
about a third of the CPU of a drift check of 200 NVRs (docs/benchmarks.md). The per-host task
(nvr_fleet_result) needs only its own NVR's part.

How: the fleet check writes one small JSON file per NVR into a private directory (0700, files 0600) under
ansible-playbook's own temporary directory (C.DEFAULT_LOCAL_TMP: made by the ansible-playbook process when
it starts, the same path in every worker it forks, removed when it ends), and returns a compact result
that names the directory. Each per-host task runs in its own worker process, forked from
ansible-playbook (not from the fleet check's worker: a cache in memory would not reach it), and reads its
own NVR's file only. What is stored is what the task result would have held: masked like it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import tempfile

PREFIX = 'move_nvr_fleet-'
VERSION = 1


def local_tmp():
    """ansible-playbook's temporary directory for this run (removed when it ends), else the system's."""
    try:
        from ansible import constants as C
        directory = getattr(C, 'DEFAULT_LOCAL_TMP', None)
    except ImportError:  # not inside Ansible (unit tests)
        directory = None
    return directory if directory and os.path.isdir(directory) else tempfile.gettempdir()


def entry_path(directory, host):
    """The file of one host (any inventory name gives a valid file name)."""
    return os.path.join(directory, hashlib.sha1(host.encode('utf-8')).hexdigest() + '.json')


def write_store(entries, parent=None):
    """A new private directory holding {host: data} one file per host; returns its path."""
    directory = tempfile.mkdtemp(prefix=PREFIX, dir=parent or local_tmp())
    for host, data in entries.items():
        text = json.dumps({'version': VERSION, 'host': host, 'data': data}, separators=(',', ':'), default=str)
        fd = os.open(entry_path(directory, host), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'wb') as f:
            f.write(text.encode('utf-8'))
    return directory


class StoreMissing(LookupError):
    """The store or a host's file in it cannot be read (one line: why)."""


def read_entry(directory, host):
    """The data stored for host; StoreMissing when there is none, or it is not this host's."""
    path = entry_path(str(directory), host)
    try:
        with open(path, 'rb') as f:
            stored = json.loads(f.read().decode('utf-8'))
    except (IOError, OSError) as e:
        if not os.path.isdir(str(directory)):
            raise StoreMissing('the fleet check\'s results (%s) are gone: they live only as long as the '
                               'ansible-playbook run that made them' % directory)
        raise StoreMissing('no stored result of %s in %s (%s)' % (host, directory, getattr(e, 'strerror', e)))
    except ValueError:
        raise StoreMissing('the stored result of %s in %s is damaged' % (host, directory))
    if not isinstance(stored, dict) or stored.get('version') != VERSION or stored.get('host') != host:
        raise StoreMissing('the stored result of %s in %s is not this host\'s' % (host, directory))
    return stored.get('data')
