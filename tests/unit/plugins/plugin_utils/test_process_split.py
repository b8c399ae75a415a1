# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""process_split: items dealt round-robin over forked processes, every result back, lost shares reported."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.process_split import run_split, shares

ITEMS = ['nvr-%02d' % i for i in range(1, 11)]

pytestmark = pytest.mark.skipif(not hasattr(os, 'fork'), reason='needs os.fork')


@pytest.mark.parametrize('count, processes, expected', [
    (1, 1, [[0]]),
    (1, 4, [[0]]),
    (3, 3, [[0], [1], [2]]),
    (5, 2, [[0, 2, 4], [1, 3]]),
    (7, 3, [[0, 3, 6], [1, 4], [2, 5]]),
    (4, 10, [[0], [1], [2], [3]]),
    (4, 1, [[0, 1, 2, 3]]),
    (4, 0, [[0, 1, 2, 3]]),
    (4, -2, [[0, 1, 2, 3]]),
])
def test_shares_deal_round_robin(count, processes, expected):
    assert shares(list(range(count)), processes) == expected


@pytest.mark.parametrize('count', range(1, 12))
@pytest.mark.parametrize('processes', [1, 2, 3, 5, 16])
def test_shares_are_never_empty_and_hold_every_item_once(count, processes):
    items = list(range(count))
    parts = shares(items, processes)
    assert 1 <= len(parts) <= processes
    assert all(parts)
    assert sorted(item for part in parts for item in part) == items
    assert max(len(p) for p in parts) - min(len(p) for p in parts) <= 1


def test_no_items_give_one_empty_share_to_divide_by():
    # callers divide their threads by len(shares(...)): never zero
    assert shares([], 3) == [[]]


def pids(share):
    return dict((item, os.getpid()) for item in share)


def lost(item, why):
    return {'lost': why}


def test_each_share_runs_in_its_own_process_and_every_result_comes_back():
    results = run_split(pids, ITEMS, 3, lost)
    assert sorted(results) == ITEMS
    assert len(set(results.values())) == 3
    parts = shares(ITEMS, 3)
    assert set(results[item] for item in parts[0]) == set([os.getpid()]), 'the first share is handled here'
    for part in parts[1:]:
        pid = set(results[item] for item in part)
        assert len(pid) == 1 and os.getpid() not in pid


@pytest.mark.parametrize('processes', [1, 0])
def test_one_process_runs_in_this_process(processes):
    results = run_split(pids, ITEMS, processes, lost)
    assert results == dict((item, os.getpid()) for item in ITEMS)


def test_a_share_of_one_item_per_process():
    results = run_split(pids, ITEMS[:2], 5, lost)
    assert sorted(results) == ITEMS[:2] and len(set(results.values())) == 2


def test_results_are_json_data_from_children():
    def handle(share):
        return dict((item, {'changed': True, 'resources': ['email', item], 'n': 1.5, 'none': None}) for item in share)

    results = run_split(handle, ITEMS, 3, lost)
    assert results == dict((item, {'changed': True, 'resources': ['email', item], 'n': 1.5, 'none': None}) for item in ITEMS)


def test_a_large_result_from_every_child_comes_back_whole():
    def handle(share):
        return dict((item, 'x' * 300000) for item in share)

    results = run_split(handle, ITEMS, 4, lost)
    assert results == dict((item, 'x' * 300000) for item in ITEMS)


def test_a_child_whose_handle_raises_loses_exactly_its_items():
    parent = os.getpid()
    parts = shares(ITEMS, 3)
    failing = parts[1]

    def handle(share):
        if os.getpid() != parent and share == failing:
            raise RuntimeError('cannot check\nshare of %s' % share[0])
        return pids(share)

    results = run_split(handle, ITEMS, 3, lost)
    assert sorted(results) == ITEMS
    for item in ITEMS:
        if item in failing:
            assert results[item] == {'lost': 'share of %s' % failing[0]}, 'the last line of the exception'
        else:
            assert isinstance(results[item], int)


def test_the_reason_of_a_one_line_error_names_its_type():
    parent = os.getpid()

    def handle(share):
        if os.getpid() != parent:
            raise KeyError('nvr')
        return pids(share)

    results = run_split(handle, ITEMS[:2], 2, lost)
    assert results == {ITEMS[0]: os.getpid(), ITEMS[1]: {'lost': "KeyError: 'nvr'"}}


def test_a_child_that_dies_loses_its_items():
    parent = os.getpid()
    parts = shares(ITEMS, 3)
    dying = parts[2]

    def handle(share):
        if os.getpid() != parent and share == dying:
            os._exit(3)  # pylint: disable=protected-access
        return pids(share)

    results = run_split(handle, ITEMS, 3, lost)
    assert sorted(results) == ITEMS
    for item in ITEMS:
        if item in dying:
            assert results[item] == {'lost': 'the process ended without a result'}
        else:
            assert isinstance(results[item], int)
    assert len(set(results[item] for item in ITEMS if item not in dying)) == 2


def test_a_child_whose_result_is_not_json_loses_its_items():
    parent = os.getpid()

    def handle(share):
        if os.getpid() != parent:
            return dict((item, object()) for item in share)
        return pids(share)

    results = run_split(handle, ITEMS[:2], 2, lost)
    assert results == {ITEMS[0]: os.getpid(), ITEMS[1]: {'lost': 'the process ended without a result'}}


@pytest.fixture
def forked(monkeypatch):
    """The pids of the children run_split forks."""
    children = []
    fork = os.fork

    def recording_fork():
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, 'fork', recording_fork)
    return children


def unwaited(children):
    """The children not waited for yet (waits for them now, so none is left behind)."""
    found = []
    for pid in children:
        try:
            os.waitpid(pid, 0)
            found.append(pid)
        except ChildProcessError:
            pass
    return found


def test_every_child_is_waited_for(forked):
    run_split(pids, ITEMS, 4, lost)
    assert len(forked) == 3
    assert unwaited(forked) == []


def open_descriptors():
    return set(os.listdir('/proc/self/fd'))


@pytest.mark.skipif(not os.path.isdir('/proc/self/fd'), reason='needs /proc')
def test_no_pipe_is_left_open():
    before = open_descriptors()
    run_split(pids, ITEMS, 4, lost)
    assert open_descriptors() == before


@pytest.mark.skipif(not os.path.isdir('/proc/self/fd'), reason='needs /proc')
def test_an_error_in_this_process_still_reaps_the_children(forked):
    parent = os.getpid()

    def handle(share):
        if os.getpid() == parent:
            raise RuntimeError('the first share failed')
        return pids(share)

    before = open_descriptors()
    with pytest.raises(RuntimeError):
        run_split(handle, ITEMS, 3, lost)
    leftover = open_descriptors() - before
    for fd in leftover:  # close what run_split left open
        try:
            os.close(int(fd))
        except OSError:
            pass
    assert len(forked) == 2
    assert (unwaited(forked), leftover) == ([], set())
