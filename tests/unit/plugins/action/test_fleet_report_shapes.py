# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet check's report under play shapes (serial batches, --limit, failures before the play's task) and each
NVR's own result (nvr_fleet_result) from its status."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import os
import re

import pytest

from ansible_collections.mobotix.move_nvr.plugins.action import nvr_fleet_check as check
from ansible_collections.mobotix.move_nvr.plugins.action import nvr_fleet_result as per_host
from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import drift_summary
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import fleet

IN_SYNC = {'changed': False, 'resources': {'email': {'changed': False}}}
DRIFTED = {'changed': True, 'resources': {'email': {'changed': True, 'diff': {'before': {'port': 465}, 'after': {'port': 587}}}}}


def play(batch, active, everyone):
    return {'ansible_play_batch': batch, 'ansible_play_hosts': active, 'ansible_play_hosts_all': everyone}


def previous(**statuses):
    return {'nvrs': dict((host, {'status': status}) for host, status in statuses.items())}


def test_a_play_in_one_batch_reports_its_hosts_and_those_that_left_it_before_the_check():
    results = {'a': IN_SYNC, 'b': DRIFTED}
    found = check.report_scope(['a', 'b'], results, play(['a', 'b'], ['a', 'b'], ['a', 'b', 'gone']), None, False, True)
    assert found == ({'a': IN_SYNC, 'b': DRIFTED, 'gone': None}, [])


def test_the_first_batch_calls_the_later_batches_pending():
    found = check.report_scope(['a', 'b'], {'a': IN_SYNC, 'b': IN_SYNC},
                               play(['a', 'b'], ['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd', 'gone']), None, True, True)
    assert found == ({'a': IN_SYNC, 'b': IN_SYNC, 'gone': None}, ['c', 'd'])


def test_a_later_batch_leaves_the_nvrs_of_earlier_batches_to_the_report_it_merges_with():
    # a was checked and failed (it left the play), b was checked; e failed before its check in this batch.
    found = check.report_scope(['c'], {'c': IN_SYNC}, play(['c'], ['b', 'c', 'd'], ['a', 'b', 'c', 'd', 'e']),
                               previous(a='login_refused', b='in_sync', c='pending', d='pending', e='pending'), True, True)
    assert found == ({'c': IN_SYNC, 'e': None}, ['d'])


def test_batches_without_a_report_to_merge_with_report_the_batch_only():
    found = check.report_scope(['c'], {'c': IN_SYNC}, play(['c'], ['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']), None, True, False)
    assert found == ({'c': IN_SYNC}, [])


def test_a_limited_play_knows_only_the_limited_hosts():
    # With --limit, Ansible's play hosts are the limited ones: nothing else can be called unreachable.
    found = check.report_scope(['a'], {'a': IN_SYNC}, play(['a'], ['a'], ['a']), None, False, True)
    report = drift_summary(found[0], limit='a', pending=found[1])
    assert list(report['nvrs']) == ['a'] and report['hosts_limited'] is True and report['summary']['unreachable'] == 0


def write(directory, report):
    (directory / 'drift.json').write_text(json.dumps(report))


def test_the_report_of_an_earlier_batch_of_this_run_is_merged(tmp_path):
    report = drift_summary({'a': IN_SYNC}, run={'id': '1@t', 'batches': 1})
    write(tmp_path, report)
    assert check.previous_report(str(tmp_path), '1@t') == json.loads(json.dumps(report))


@pytest.mark.parametrize('content', [
    None, 'not json', '[]', '{"run": {"id": "other@t", "batches": 1}, "nvrs": {}}', '{"run": {"id": "1@t"}, "nvrs": {}}',
    '{"run": {"id": "1@t", "batches": 1}, "nvrs": []}', '{"nvrs": {}}', '\xff\xfe',
], ids=['missing', 'not json', 'a list', 'another run', 'no batches', 'nvrs a list', 'no run', 'not utf-8'])
def test_a_report_of_another_run_or_not_a_report_is_replaced(tmp_path, content):
    if content is not None:
        (tmp_path / 'drift.json').write_bytes(content.encode('latin-1'))
    assert check.previous_report(str(tmp_path), '1@t') is None
    assert check.previous_report(None, '1@t') is None


def test_the_run_is_the_parent_process_by_its_id_and_start():
    first, second = check.run_identity(), check.run_identity()
    assert first == second
    assert first['id'].startswith('%d@' % os.getppid()) and first['batches'] == 1


@pytest.mark.skipif(not os.path.exists('/proc/self/stat'), reason='no /proc')
def test_a_process_start_is_a_utc_time_from_proc():
    started = check.process_start(os.getpid())
    assert re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ$', started), started
    when = datetime.datetime.strptime(started, '%Y-%m-%dT%H:%M:%S.%fZ').replace(tzinfo=datetime.timezone.utc)
    age = datetime.datetime.now(datetime.timezone.utc) - when
    assert datetime.timedelta(seconds=-2) < age < datetime.timedelta(hours=6)


def test_a_process_that_does_not_exist_has_no_start():
    assert check.process_start(2 ** 22 + 12345) == ''  # above the kernel's largest process id


def test_the_fleet_checks_own_refusals_say_their_kind():
    """Found before any request (FleetCheck.prepare): refused_baseline in the report, an internal error an error."""
    assert fleet.failed('Validation of arguments failed: x', [])['nvr_failure'] == 'options_refused'
    assert fleet.lost_result('nvr-1', 'killed')['nvr_failure'] == 'error'


# nvr_fleet_result: each NVR's task result from its status.

@pytest.mark.parametrize('result, status, outcome', [
    (IN_SYNC, 'in_sync', {}),
    (DRIFTED, 'drifted', {'changed': True}),
    ({'failed': True, 'unreachable': True, 'nvr_failure': 'unreachable', 'msg': 'down'}, 'unreachable', {'unreachable': True}),
    ({'failed': True, 'nvr_failure': 'login_refused', 'msg': 'no'}, 'login_refused', {'failed': True}),
    ({'failed': True, 'nvr_failure': 'options_refused', 'msg': 'bad'}, 'refused_baseline', {'failed': True}),
    ({'failed': True, 'msg': 'x', 'resources': {'email': {'failed': True, 'msg': 'expired'}, 'ddns': DRIFTED['resources']['email']}},
     'error', {'failed': True}),
    ({'changed': False, 'resources': {}}, 'not_managed', {'skipped': True}),
], ids=['in sync', 'drifted', 'unreachable', 'login refused', 'refused baseline', 'error', 'not managed'])
def test_each_status_has_its_ansible_outcome(result, status, outcome):
    own = per_host.host_result(result, False, False, 'nvr-1')
    assert own['nvr_status'] == status
    for key in ('failed', 'unreachable', 'skipped'):
        assert bool(own.get(key)) == bool(outcome.get(key)), key
    assert bool(own.get('changed')) == bool(outcome.get('changed'))
    if outcome.get('failed') or outcome.get('unreachable'):
        assert own['msg'] == result['msg']
    if outcome.get('skipped'):
        assert own['skip_reason'].startswith('not managed: no resource of the baseline is managed')


def test_the_status_of_the_report_wins_so_that_recap_and_report_agree():
    refused = {'failed': True, 'msg': 'Validation of arguments failed: x', 'managed': []}
    assert per_host.host_result(refused, False, False, 'a')['nvr_status'] == 'error'
    own = per_host.host_result(refused, False, False, 'a', {'status': 'refused_baseline', 'reason': 'r'})
    assert own['nvr_status'] == 'refused_baseline' and own['failed'] is True
    assert per_host.host_result(refused, False, False, 'a', {'status': 'nonsense'})['nvr_status'] == 'error'


def test_fail_on_drift_fails_a_drifted_nvr_naming_its_drifted_resources():
    own = per_host.host_result(DRIFTED, True, True, 'a')
    assert own['failed'] is True and own['msg'] == 'drifted from the baseline (move_nvr_fail_on_drift): email'
    assert not per_host.host_result(IN_SYNC, True, True, 'a').get('failed')


def test_an_nvr_outside_the_check_is_skipped():
    own = per_host.host_result(None, False, False, 'a')
    assert own['skipped'] is True and 'not part of the fleet check' in own['skip_reason']
