# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nvr_fleet_check's action plugin: processes by fleet size, one diff for the fleet, options as documented."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

from ansible_collections.mobotix.move_nvr.plugins.action import nvr_fleet_check as action
from ansible_collections.mobotix.move_nvr.plugins.modules import nvr_fleet_check as module


def set_cores(monkeypatch, cpus, affinity='same'):
    """os.cpu_count() gives cpus; os.sched_getaffinity() allows `affinity` cores (the same; None: not on this platform)."""
    monkeypatch.setattr(os, 'cpu_count', lambda: cpus)
    if affinity == 'same':
        affinity = cpus
    if affinity is None:
        monkeypatch.delattr(os, 'sched_getaffinity', raising=False)
    else:
        monkeypatch.setattr(os, 'sched_getaffinity', lambda pid: set(range(affinity)), raising=False)


@pytest.mark.parametrize('hosts, cpus, expected', [
    (0, 8, 1),
    (1, 8, 1),
    (24, 8, 1),
    (25, 8, 1),
    (49, 8, 1),
    (50, 8, 2),
    (74, 8, 2),
    (75, 8, 3),
    (200, 8, 8),
    (1000, 8, 8),
    (200, 4, 4),
    (200, 1, 1),
    (24, 64, 1),
])
@pytest.mark.parametrize('affinity', ['same', None], ids=['with affinity', 'without affinity'])
def test_default_processes(monkeypatch, hosts, cpus, expected, affinity):
    set_cores(monkeypatch, cpus, affinity)
    assert action.default_processes(hosts) == expected


def test_default_processes_without_a_core_count_is_one(monkeypatch):
    set_cores(monkeypatch, None, None)
    assert action.default_processes(200) == 1


def test_default_processes_below_25_hosts_is_one_on_any_machine(monkeypatch):
    for cpus in (1, 2, 16, 256):
        set_cores(monkeypatch, cpus)
        assert [action.default_processes(n) for n in range(action.HOSTS_PER_PROCESS)] == [1] * action.HOSTS_PER_PROCESS


@pytest.mark.skipif(not hasattr(action, 'usable_cores'), reason='default_processes counts every core')
def test_default_processes_counts_the_cores_this_process_may_use(monkeypatch):
    set_cores(monkeypatch, 8, affinity=2)
    assert action.default_processes(1000) == 2


def documented_options():
    return yaml.safe_load(module.DOCUMENTATION)['options']


def test_argument_spec_names_are_the_documented_options():
    assert sorted(action.ARGUMENT_SPEC) == sorted(documented_options())


@pytest.mark.parametrize('name', sorted(action.ARGUMENT_SPEC))
def test_argument_spec_matches_the_documentation(name):
    documented = documented_options()[name]
    spec = action.ARGUMENT_SPEC[name]
    for key in ('type', 'elements', 'default', 'required', 'choices', 'no_log'):
        assert spec.get(key) == documented.get(key), '%s: %s' % (name, key)
