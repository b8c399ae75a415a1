# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""email, ddns, system_monitor and record_config through real ansible-playbook runs.

For each module and each execution path (the action plugin in the controller,
and the module as a module process): check mode writes nothing and predicts
the change, the apply changes, the rerun is unchanged, --diff shows before and
after with secrets masked, -vvvv shows no secret in any form, and the session
is always logged out.

The contract (check, apply, rerun, diff; unknown fields surviving a write) also
runs on an NVR of each other dialect, in the controller (docs/development.md,
"Dialects in the suite"); -vvvv and the module process, which do not depend on
the device's reading of the manual, on strict only.
"""

from __future__ import annotations

import hashlib

import pytest

from harness import ADMIN_PASSWORD, run_playbook, three_runs

CHANGES = {
    'email': {
        'params': {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True,
                   'account': 'alarms@example.com', 'password': 'Smtp-Pa55word',
                   'recipients': ['soc@example.com', 'facilities@example.com']},
        'secret': 'Smtp-Pa55word',
        'expect': {'server': 'smtp.example.com', 'port': 587, 'password': '********'},
    },
    'ddns': {
        'params': {'enabled': True, 'server': 'NoIP', 'hostname': 'site1.example.net', 'username': 'site1',
                   'password': 'Ddns-Pa55word', 'port': 8080},
        'secret': 'Ddns-Pa55word',
        'expect': {'enabled': True, 'server': 'NoIP', 'password': '********'},
    },
    'system_monitor': {
        'params': {'cpu_temperature': {'threshold': 70, 'send_email': True, 'alarm_out': [1]},
                   'disk_full': {'alarm_out': [1, 0]}},
        'secret': None,
        'expect': {'cpu_temperature': {'threshold': 70, 'send_email': True, 'alarm_out': [1]}},
    },
    'record_config': {
        'params': {'retention_days': 14, 'circular': False, 'pre_alarm': {'enabled': True, 'seconds': 5},
                   'post_alarm': {'enabled': True, 'seconds': 30}, 'edge_archiver_interval': 60},
        'secret': None,
        'expect': {'retention_days': 14, 'circular': False},
    },
}
PATHS = ['controller', 'module']
DIALECTS = ('strict', 'manual', 'lenient')
# (path, dialect): both paths on strict, the controller on the others
RUNS = [(path, 'strict') for path in PATHS] + [('controller', dialect) for dialect in DIALECTS[1:]]


@pytest.mark.parametrize('path,dialect', RUNS, indirect=['dialect'])
@pytest.mark.parametrize('module', sorted(CHANGES))
def test_check_apply_rerun(tmp_path, nvr, module, path):
    case = CHANGES[module]
    run = run_playbook(tmp_path, three_runs(nvr, module, case['params']), nvr=nvr,
                       extra_vars={'move_nvr_execution': path})
    assert run.rc == 0, run.output[-3000:]

    check = run.task('check')
    assert check['changed'] is True
    assert run.task('after check')['json']['write_attempts'] == 0
    assert check['diff']['before'] != check['diff']['after']
    assert len(check['requests']) >= 1

    apply = run.task('apply')
    assert apply['changed'] is True
    assert run.task('after apply')['json']['writes'] >= 1
    assert apply['requests'] == check['requests'], 'check mode must plan exactly the writes the apply sends'
    for key, value in case['expect'].items():
        assert apply['config'][key] == value

    rerun = run.task('rerun')
    assert rerun['changed'] is False
    assert rerun['requests'] == []
    assert run.task('after rerun')['json']['write_attempts'] == run.task('after apply')['json']['write_attempts']
    assert nvr.stats()['open_sessions'] == 0

    if case['secret']:
        assert check['diff']['after']['password'].startswith('********')
        assert case['secret'] not in run.output


@pytest.mark.parametrize('module', sorted(CHANGES))
def test_no_secret_in_very_verbose_output(tmp_path, nvr, module):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
    case = CHANGES[module]
    run = run_playbook(tmp_path, three_runs(nvr, module, case['params']), nvr=nvr, diff=True, verbosity=4)
    assert run.rc == 0, run.output[-3000:]
    login_hash = hashlib.md5(('Admin:%s' % ADMIN_PASSWORD).encode()).hexdigest()
    forbidden = [ADMIN_PASSWORD, encrypt_password(ADMIN_PASSWORD), login_hash, 'login-already']
    if case['secret']:
        forbidden += [case['secret'], encrypt_password(case['secret'])]
    for text in forbidden:
        assert text not in run.output, 'secret form %r leaked into -vvvv output' % text
    log = (tmp_path / 'results.jsonl').read_text()
    for text in forbidden:
        assert text not in log


@pytest.mark.parametrize('dialect', DIALECTS, indirect=True)
@pytest.mark.parametrize('module', sorted(CHANGES))
def test_unknown_device_fields_survive_a_write(tmp_path, nvr, module):
    """A firmware field the module does not know goes back untouched, also on a
    device that resets fields left out of a POST (the emulator does)."""
    section = nvr.state()[module]
    section['vendor_extra'] = {'kept': 7}
    nvr.set_state({module: section})
    run = run_playbook(tmp_path, [{'name': 'apply', 'mobotix.move_nvr.%s' % module: CHANGES[module]['params']}], nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    assert run.task('apply')['changed'] is True
    assert nvr.state()[module]['vendor_extra'] == {'kept': 7}
    if module == 'record_config':
        assert nvr.state()[module]['record_circular']['type_opt'] == section['record_circular']['type_opt']
