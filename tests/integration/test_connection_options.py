# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options are checked before any request, on every path, in one line naming the option.

One playbook holds a task per bad option (errors ignored), on the controller path and as a module
process, at -vvv: each fails in one line that names its option, with no traceback, and the NVR sees
no request at all. Good values reach the NVR (a bare IPv6 address is put in brackets, the extreme
ends of the ranges work). Then the fleet: the baseline per host and nvr_fleet_check on the same
inventory, one host with move_nvr_timeout -1, one with move_nvr_time_budget 0, one whose budget is
not a number, one without a budget: only the bad hosts fail, each in the same words on both paths,
and their NVRs get no request.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess

import pytest
import yaml

from harness import ADMIN_PASSWORD, HERE, connection_vars, nvr_group_vars, run_playbook

LONG_HOST = 'n' * 10000
# (task name, overrides of the connection, the message's start, words it must hold)
BAD = [
    ('timeout -1', {'nvr_timeout': -1}, 'nvr_timeout: -1 ', ['1-300']),
    ('timeout 0', {'nvr_timeout': 0}, 'nvr_timeout: 0 ', ['1-300']),
    ('timeout 10**12', {'nvr_timeout': 10 ** 12}, 'nvr_timeout: 1000000000000 ', ['1-300']),
    ('port 0', {'nvr_port': 0}, 'nvr_port: 0 ', ['1-65535']),
    ('port 70000', {'nvr_port': 70000}, 'nvr_port: 70000 ', ['1-65535']),
    ('retries 11', {'nvr_retries': 11}, 'nvr_retries: 11 ', ['0-10']),
    ('retries -1', {'nvr_retries': -1}, 'nvr_retries: -1 ', ['0-10']),
    ('budget 0', {'nvr_time_budget': 0}, 'nvr_time_budget: 0 ', ['1-86400']),
    ('budget 86401', {'nvr_time_budget': 86401}, 'nvr_time_budget: 86401 ', ['1-86400']),
    ('host with a scheme', {'nvr_host': 'http://127.0.0.1'}, "nvr_host: 'http://127.0.0.1' ", ['nvr_use_https']),
    ('host with a path', {'nvr_host': '127.0.0.1/nvr'}, "nvr_host: '127.0.0.1/nvr' ", ['path']),
    ('host with a port', {'nvr_host': '127.0.0.1:8443'}, "nvr_host: '127.0.0.1:8443' ", ['nvr_port']),
    ('host with a space', {'nvr_host': '127.0.0.1 '}, "nvr_host: '127.0.0.1 ' ", ['whitespace']),
    ('host with a zone id', {'nvr_host': 'fe80::1%eth0'}, "nvr_host: 'fe80::1%eth0' ", ['zone id']),
    ('host of 10000 characters', {'nvr_host': LONG_HOST}, "nvr_host: 'nnnn", ['10000 characters', 'at most 253']),
]
# Run as a module process too (move_nvr_execution: module): run_module checks them the same way.
AS_MODULE = ['timeout -1', 'port 0', 'budget 0', 'host with a scheme', 'host of 10000 characters']


def no_traceback(result):
    """No traceback in a failed result: ansible-core 2.19 puts its stand-in where the result has none."""
    return result.get('exception') in (None, '(traceback unavailable)')


def read_task(name, overrides, nvr, as_module=False):
    task = {'name': name, 'mobotix.move_nvr.email_info': dict(connection_vars(nvr), **overrides), 'ignore_errors': True}
    if as_module:
        task['vars'] = {'move_nvr_execution': 'module'}
    return task


@pytest.fixture(scope='module')
def bad_run(fleet, tmp_path_factory):
    """Every bad option, as the controller runs it and as a module process, in one -vvv run."""
    nvr = fleet[1]
    nvr.faults(clear=True)
    nvr.reset()
    nvr.zero_counters()
    tasks = [read_task(name, overrides, nvr) for name, overrides, start, words in BAD]
    tasks += [read_task('module: ' + name, overrides, nvr, as_module=True)
              for name, overrides, start, words in BAD if name in AS_MODULE]
    run = run_playbook(tmp_path_factory.mktemp('bad_options'), tasks, verbosity=3)
    return run, nvr.stats()


@pytest.mark.parametrize('name, overrides, start, words', BAD, ids=[b[0] for b in BAD])
def test_a_bad_option_fails_in_one_line_naming_it(bad_run, name, overrides, start, words):
    run, dummy = bad_run
    for task in [name] + (['module: ' + name] if name in AS_MODULE else []):
        result = run.task(task)
        assert result['status'] == 'failed', (task, result)
        msg = result['msg']
        assert msg.startswith(start), (task, msg)
        assert '\n' not in msg, (task, msg)
        for word in words:
            assert word in msg, (task, msg)
        assert 'internal error' not in msg and no_traceback(result), (task, result)
        assert len(msg) < 500, 'a long value is not echoed back whole'


def test_no_bad_option_reaches_the_nvr_or_shows_a_traceback(bad_run):
    run, stats = bad_run
    assert len([r for r in run.results if r['status'] == 'failed']) == len(BAD) + len(AS_MODULE)
    assert stats['requests'] == 0 and stats['logins'] == 0, stats
    assert 'Traceback' not in run.output


def test_the_password_stays_out_of_a_refusal_quoting_it(fleet, tmp_path):
    """A password pasted into nvr_host: the refusal quotes the host, the password is masked."""
    nvr = fleet[1]
    nvr.zero_counters()
    run = run_playbook(tmp_path, [read_task('pasted', {'nvr_host': ADMIN_PASSWORD + '/x'}, nvr),
                                  read_task('pasted as module', {'nvr_host': ADMIN_PASSWORD + '/x'}, nvr, as_module=True)],
                       verbosity=3)
    for name in ('pasted', 'pasted as module'):
        assert run.task(name)['msg'].startswith("nvr_host: '********/x' has a path"), run.task(name)['msg']
    assert ADMIN_PASSWORD not in run.output
    assert nvr.stats()['requests'] == 0


def closed_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def test_good_values_at_the_ends_of_the_ranges_reach_the_nvr(fleet, tmp_path):
    nvr = fleet[1]
    nvr.faults(clear=True)
    nvr.zero_counters()
    tasks = [
        read_task('widest', {'nvr_timeout': 300, 'nvr_retries': 10, 'nvr_time_budget': 86400}, nvr),
        read_task('narrowest', {'nvr_timeout': 1, 'nvr_retries': 0, 'nvr_time_budget': 1}, nvr),
        read_task('as module', {'nvr_time_budget': 60}, nvr, as_module=True),
        # The emulator listens on 127.0.0.1 only: a bare IPv6 address gets as far as connecting, in brackets
        # (the NVR is then unreachable: ignore_unreachable keeps the host in the play for the next task).
        dict(read_task('bare IPv6', {'nvr_host': '::1', 'nvr_port': closed_port(), 'nvr_retries': 0}, nvr),
             ignore_unreachable=True),
        dict(read_task('bracketed IPv6', {'nvr_host': '[::1]', 'nvr_port': closed_port(), 'nvr_retries': 0}, nvr),
             ignore_unreachable=True),
    ]
    run = run_playbook(tmp_path, tasks)
    for name in ('widest', 'narrowest', 'as module'):
        assert run.task(name)['status'] == 'ok', run.task(name)
    for name in ('bare IPv6', 'bracketed IPv6'):
        result = run.task(name)
        assert result['status'] == 'unreachable' and result['msg'].startswith('NVR [::1]:'), result
        assert 'internal error' not in result['msg'] and '\n' not in result['msg'], result
    stats = nvr.stats()
    assert stats['logins'] == 3 and stats['open_sessions'] == 0, stats


# ------------------------------------------------------------------ the fleet

RESULT = 'Keep the result'
FAILURE = 'Keep the failure'


def fleet_inventory(directory, fleet, dead_port):
    group = nvr_group_vars(ADMIN_PASSWORD, move_nvr_retries=0, move_nvr_timeout=5, move_nvr_ddns={'enabled': False})
    hosts = {
        'nvr-ok': {'move_nvr_port': fleet[0].port},
        # No budget: omitted (null is refused by the role's argument validation, as for any int).
        'nvr-nobudget': {'move_nvr_port': fleet[1].port, 'move_nvr_time_budget': '{{ omit }}'},
        'nvr-timeout': {'move_nvr_port': fleet[2].port, 'move_nvr_timeout': -1},
        'nvr-budget': {'move_nvr_port': fleet[3].port, 'move_nvr_time_budget': 0},
        'nvr-budget-text': {'move_nvr_port': dead_port, 'move_nvr_time_budget': 'soon'},
    }
    directory.mkdir(parents=True, exist_ok=True)
    inventory = directory / 'hosts.yml'
    inventory.write_text(yaml.safe_dump({'nvrs': {'hosts': hosts, 'vars': group}}))
    return inventory


def per_host_play():
    """The baseline role on each host in check mode, failures kept (what drift_report did per host)."""
    include = {'name': 'Run the baseline', 'ansible.builtin.include_role': {
        'name': 'mobotix.move_nvr.baseline', 'apply': {'check_mode': True, 'diff': True}}}
    return {'name': 'per host', 'hosts': 'nvrs', 'gather_facts': False, 'tasks': [{
        'name': 'Check', 'block': [include, {'name': RESULT, 'ansible.builtin.set_fact': {
            'kept': '{{ move_nvr_baseline_result }}'}}],
        'rescue': [{'name': FAILURE, 'ansible.builtin.set_fact': {'kept': '{{ ansible_failed_result }}'}}]}]}


def fleet_play():
    return {'name': 'fleet', 'hosts': 'nvrs', 'gather_facts': False, 'tasks': [
        {'name': 'fleet', 'mobotix.move_nvr.nvr_fleet_check': {}, 'run_once': True}]}


def ansible_playbook(directory, plays, inventory):
    """ansible-playbook -vvv of several plays on an inventory: (process, every task result)."""
    playbook = directory / 'play.yml'
    playbook.write_text(yaml.safe_dump(plays, sort_keys=False))
    log = directory / 'results.jsonl'
    env = dict(os.environ, RESULT_LOG=str(log), ANSIBLE_CALLBACK_PLUGINS=str(HERE / 'callback_plugins'),
               ANSIBLE_CALLBACKS_ENABLED='result_log', ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0',
               ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_DEPRECATION_WARNINGS='0')
    proc = subprocess.run(['ansible-playbook', '-vvv', '-i', str(inventory), str(playbook)], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    results = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return proc, results


@pytest.fixture(scope='module')
def fleet_run(fleet, tmp_path_factory):
    """(process, results, stats of each NVR): the per-host baseline and the fleet check on one inventory."""
    for nvr in fleet:
        nvr.faults(clear=True)
        nvr.reset()
    tmp = tmp_path_factory.mktemp('fleet_options')
    inventory = fleet_inventory(tmp / 'inventory', fleet, closed_port())
    proc, results = ansible_playbook(tmp, [per_host_play(), fleet_play()], inventory)
    stats = dict((name, nvr.stats()) for name, nvr in zip(['nvr-ok', 'nvr-nobudget', 'nvr-timeout', 'nvr-budget'], fleet))
    return proc, results, stats


def outcomes(fleet_run):
    proc, results, stats = fleet_run
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    per_host = dict((r['host'], r['result']['ansible_facts']['kept']) for r in results if r['task'] in (RESULT, FAILURE))
    checked = [r['result'] for r in results if r['task'] == 'fleet']
    assert len(checked) == 1, (proc.stdout + proc.stderr)[-3000:]
    return per_host, checked[0]['results'], stats


def test_a_bad_connection_variable_fails_that_host_only_in_one_line(fleet_run):
    per_host, fleet_results, stats = outcomes(fleet_run)
    expected = {
        'nvr-timeout': 'move_nvr_timeout: -1 is out of range; allowed: 1-300 seconds for each answer',
        'nvr-budget': 'move_nvr_time_budget: 0 is out of range; allowed: 1-86400 seconds for all the work with one NVR, '
                      'or unset for no budget',
    }
    for host, msg in expected.items():
        for path, result in (('per host', per_host[host]), ('fleet', fleet_results[host])):
            assert result['failed'] is True and result['msg'] == msg, (path, host, result)
            assert no_traceback(result), (path, host, 'no traceback, even at -vvv')
        assert fleet_results[host]['managed'] == ['ddns']
        assert stats[host]['requests'] == 0, (host, stats[host])
    for host in ('nvr-ok', 'nvr-nobudget'):
        for path, result in (('per host', per_host[host]), ('fleet', fleet_results[host])):
            assert not result.get('failed') and result['changed'] is False, (path, host, result)
        assert stats[host]['logins'] == 2 and stats[host]['open_sessions'] == 0, (host, stats[host])
    assert sorted(fleet_results) == ['nvr-budget', 'nvr-budget-text', 'nvr-nobudget', 'nvr-ok', 'nvr-timeout']
    proc = fleet_run[0]
    assert 'Traceback' not in proc.stdout + proc.stderr


def test_a_budget_that_is_not_a_number_is_the_role_variables_error(fleet_run):
    per_host, fleet_results, dummy = outcomes(fleet_run)
    result = fleet_results['nvr-budget-text']
    assert result['failed'] is True and "argument 'move_nvr_time_budget'" in result['msg'], result
    assert result['msg'] == per_host['nvr-budget-text']['msg']
    assert no_traceback(result)
