# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Progress of the fleet check: throttled lines, counted across forked shares, shown only when asked or on a terminal."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import time

import pytest

from ansible_collections.mobotix.move_nvr.plugins.action import nvr_fleet_check as check
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet import Progress, result_kind
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.process_split import run_split


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def progress(total, interval=5.0):
    clock, lines = Clock(), []
    return Progress(total, lines.append, interval, clock), clock, lines


def test_a_check_shorter_than_the_interval_shows_nothing():
    p, clock, lines = progress(3)
    for kind in 'CDF':
        clock.now += 1.5
        p.done(kind)
    assert lines == [] and (p.checked, p.drifted, p.failed) == (3, 1, 1)


def test_at_most_one_line_per_interval_with_the_counts_so_far():
    p, clock, lines = progress(100)
    for i in range(40):  # one NVR every 0.5 s for 20 s
        clock.now += 0.5
        p.done('D' if i % 4 == 0 else 'F' if i % 10 == 9 else 'C')
    assert lines == ['nvr_fleet_check: 10 of 100 NVRs checked, 3 drifted, 1 failed (5 s)',
                     'nvr_fleet_check: 20 of 100 NVRs checked, 5 drifted, 2 failed (10 s)',
                     'nvr_fleet_check: 30 of 100 NVRs checked, 8 drifted, 3 failed (15 s)',
                     'nvr_fleet_check: 40 of 100 NVRs checked, 10 drifted, 4 failed (20 s)']


def test_a_burst_after_a_long_wait_is_one_line_and_the_last_nvr_none():
    p, clock, lines = progress(5)
    clock.now += 30
    for kind in 'CCCCC':
        p.done(kind)
    assert lines == ['nvr_fleet_check: 1 of 5 NVRs checked, 0 drifted, 0 failed (30 s)']


@pytest.mark.parametrize('result, kind', [
    ({'changed': True}, 'D'), ({'changed': False}, 'C'), ({'failed': True, 'changed': True}, 'F'),
    ({'unreachable': True}, 'F'), (None, 'F'),
])
def test_each_result_is_one_letter(result, kind):
    assert result_kind(result) == kind


@pytest.mark.skipif(not hasattr(os, 'fork'), reason='needs os.fork')
@pytest.mark.parametrize('processes', [1, 2, 4])
def test_progress_is_counted_across_forked_shares_in_the_parent(processes):
    seen = []

    def handle(share, done):
        for item in share:
            time.sleep(0.01)
            done('D' if int(item) % 2 else 'C')
        return dict((item, os.getpid()) for item in share)

    items = [str(i) for i in range(12)]
    results = run_split(handle, items, processes, lambda item, why: None, progress=seen.append)
    assert sorted(results) == sorted(items) and len(set(results.values())) == processes
    assert sorted(seen) == ['C'] * 6 + ['D'] * 6


@pytest.mark.skipif(not hasattr(os, 'fork'), reason='needs os.fork')
def test_a_child_that_dies_is_reaped_and_its_progress_ends():
    seen = []

    def handle(share, done):
        done('C')
        if os.getpid() != parent:
            os._exit(3)  # pylint: disable=protected-access
        return dict((item, 'ok') for item in share)

    parent = os.getpid()
    results = run_split(handle, ['a', 'b'], 2, lambda item, why: 'lost', progress=seen.append)
    assert results == {'a': 'ok', 'b': 'lost'} and seen == ['C', 'C']
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left to reap


@pytest.mark.skipif(not hasattr(os, 'fork'), reason='needs os.fork')
def test_the_parents_failure_still_reaps_the_children_and_ends_the_relay():
    def handle(share, done):
        if os.getpid() == parent:
            raise RuntimeError('boom')
        done('C')
        return {}

    parent = os.getpid()
    with pytest.raises(RuntimeError):
        run_split(handle, [1, 2, 3], 3, lambda item, why: None, progress=lambda kind: None)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_progress_modes(monkeypatch):
    assert check.show_progress('always') is True
    assert check.show_progress('never') is False
    monkeypatch.setattr(check, 'is_terminal', lambda pid: True)
    assert check.show_progress('auto') is True
    monkeypatch.setattr(check.C, 'DEFAULT_STDOUT_CALLBACK', 'ansible.posix.json', raising=False)
    assert check.show_progress('auto') is False
    monkeypatch.setattr(check.C, 'DEFAULT_STDOUT_CALLBACK', 'default', raising=False)
    monkeypatch.setattr(check, 'is_terminal', lambda pid: False)
    assert check.show_progress('auto') is False


def test_a_terminal_is_read_from_proc(monkeypatch):
    monkeypatch.setattr(check.os, 'readlink', lambda path: '/dev/pts/3')
    assert check.is_terminal(1) is True
    monkeypatch.setattr(check.os, 'readlink', lambda path: 'pipe:[1234]')
    assert check.is_terminal(1) is False


def test_a_process_that_does_not_exist_has_no_terminal():
    assert check.is_terminal(2 ** 22 + 12345) is False


def test_the_report_names_its_baseline():
    from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet import baseline_identity
    first = baseline_identity({'email': '{{ move_nvr_email | default(omit) }}'}, {'move_nvr_timeout': 10})
    assert len(first['fingerprint']) == 64 and first['collection_version'] and first['label'] == ''
    assert baseline_identity({'email': '{{ move_nvr_email | default(omit) }}'}, {'move_nvr_timeout': 10}) == first
    assert baseline_identity({'email': '{{ move_nvr_email }}'}, {'move_nvr_timeout': 10})['fingerprint'] != first['fingerprint']
    assert baseline_identity({}, {}, 'abc123')['label'] == 'abc123'
