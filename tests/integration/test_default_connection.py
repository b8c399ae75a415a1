# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""default_connection and default_connection_info through real ansible-playbook runs.

On an NVR of each reading of the manual (docs/emulator.md, "Dialects": strict resets what a POST leaves
out and replies with encrypted passwords; manual wants `device_default_list`, keeps the auto_* fields
left out, writes flags as 1/0 and replies with the passwords in clear; lenient merges), and on both
execution paths on strict: check mode writes nothing and predicts the change, the apply changes what
was asked and nothing else, the rerun is unchanged (passwords compared by decryption), --diff masks the
passwords, -vvvv shows no secret in any form, bad input is refused before any write naming the option
and the allowed values, the NVR's own refusal comes back as its message, and the session is always
logged out. Then the resource in the baseline's task (nvr_config) and the drift check of it.
"""

from __future__ import annotations

import hashlib

import pytest

from harness import ADMIN_PASSWORD, run_playbook, stats_task, three_runs

NEW_PASSWORD = 'Cam-Default-2026'
ADDED_PASSWORD = 'Type1-Pa55'
PARAMS = {'defaults': [{'type': 0, 'password': NEW_PASSWORD}, {'type': 1, 'username': 'root', 'password': ADDED_PASSWORD}],
          'auto_refresh': True, 'auto_refresh_time': 300}
RUNS = [('controller', 'strict'), ('module', 'strict'), ('controller', 'manual'), ('controller', 'lenient')]


def decrypt(text):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password
    return decrypt_password(text)


def encrypt(text):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
    return encrypt_password(text)


def entries(nvr):
    """{type: (account, password in clear)} of the NVR's stored default connection."""
    return dict((entry['type'], (entry['account'], decrypt(entry['password'])))
                for entry in nvr.state()['default_connection']['default_info'])


@pytest.mark.parametrize('path,dialect', RUNS, indirect=['dialect'])
def test_check_apply_rerun(tmp_path, nvr, path):
    before = entries(nvr)
    run = run_playbook(tmp_path, three_runs(nvr, 'default_connection', PARAMS), nvr=nvr, extra_vars={'move_nvr_execution': path})
    assert run.rc == 0, run.output[-3000:]

    check = run.task('check')
    assert check['changed'] is True
    assert run.task('after check')['json']['write_attempts'] == 0
    assert check['diff']['before']['defaults'] == [{'type': 0, 'username': 'Admin', 'password': '********'}]
    assert check['diff']['after']['defaults'] == [{'type': 0, 'username': 'Admin', 'password': '******** (changed)'},
                                                  {'type': 1, 'username': 'root', 'password': '********'}]
    assert (check['diff']['before']['auto_refresh'], check['diff']['after']['auto_refresh']) == (False, True)
    body = check['requests'][0]['body']
    assert [entry['type'] for entry in body['device_default_list']] == [0, 1, 2, 3], 'every type, in one request'
    assert all(entry['password'] == '********' for entry in body['device_default_list'])

    apply = run.task('apply')
    assert apply['changed'] is True
    assert apply['requests'] == check['requests'], 'check mode must plan exactly the write the apply sends'
    assert run.task('after apply')['json']['writes'] == 1
    assert apply['config']['auto_refresh'] is True and apply['config']['auto_refresh_time'] == 300
    assert apply['config']['auto_add'] is False
    assert apply['config']['defaults'][1] == {'type': 1, 'username': 'root', 'password': '********'}

    rerun = run.task('rerun')
    assert rerun['changed'] is False and rerun['requests'] == []
    assert run.task('after rerun')['json']['write_attempts'] == run.task('after apply')['json']['write_attempts']
    assert nvr.stats()['open_sessions'] == 0

    after = entries(nvr)
    assert after[0] == ('Admin', NEW_PASSWORD) and after[1] == ('root', ADDED_PASSWORD)
    assert after[2] == before[2] and after[3] == before[3], 'the types not given are kept'
    stored = nvr.state()['default_connection']
    assert (stored['auto_add'], stored['auto_refresh'], stored['auto_refresh_time']) == (False, True, 300)
    for secret in (NEW_PASSWORD, ADDED_PASSWORD, encrypt(NEW_PASSWORD), encrypt(ADDED_PASSWORD)):
        assert secret not in run.output


@pytest.mark.parametrize('dialect', ('strict', 'manual'), indirect=True)
def test_replaced_and_the_info_module_given_back(tmp_path, nvr):
    tasks = [
        {'name': 'set', 'mobotix.move_nvr.default_connection': {
            'auto_add': True, 'auto_refresh_time': 600, 'defaults': [{'type': 3, 'username': 'svc'}]}},
        {'name': 'info', 'mobotix.move_nvr.default_connection_info': {}, 'register': 'read'},
        {'name': 'given back merged', 'mobotix.move_nvr.default_connection': '{{ read.config }}'},
        {'name': 'given back replaced', 'mobotix.move_nvr.default_connection': "{{ read.config | combine({'state': 'replaced'}) }}"},
        {'name': 'replaced', 'mobotix.move_nvr.default_connection': {'defaults': [{'type': 3}], 'state': 'replaced'},
         'diff': True},
    ]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    info = run.task('info')
    assert info['changed'] is False
    assert info['config'] == {'auto_add': True, 'auto_refresh': False, 'auto_refresh_time': 600,
                              'defaults': [{'type': 0, 'username': 'Admin'}, {'type': 2, 'username': 'Admin'},
                                           {'type': 3, 'username': 'svc'}]}
    assert info['supported_types'] == [0, 1, 3, 12]
    assert run.task('given back merged')['changed'] is False
    assert run.task('given back replaced')['changed'] is False
    replaced = run.task('replaced')
    assert replaced['changed'] is True
    assert replaced['diff']['before'] == {'auto_add': True, 'auto_refresh_time': 600,
                                          'defaults': [{'type': 3, 'username': 'svc', 'password': '********'}]}
    assert replaced['diff']['after'] == {'auto_add': False, 'auto_refresh_time': 120,
                                         'defaults': [{'type': 3, 'username': 'Admin', 'password': '********'}]}
    assert entries(nvr)[3] == ('Admin', '1234'), 'the password is kept by replaced'


# The manual's body taken literally: device_default_list alone, auto_* refused (docs/emulator.md, "Dialects").
LIST_ONLY = 'manual+default_connection_list_only'


@pytest.mark.parametrize('dialect', [LIST_ONLY], indirect=True)
def test_an_nvr_that_takes_the_list_alone(tmp_path, nvr):
    """The complete object is refused for auto_add; a run that changes no auto_* field sends the list alone once more,
    and is idempotent; a run that changes one fails with the NVR's own message, nothing written."""
    tasks = three_runs(nvr, 'default_connection', {'defaults': [{'type': 0, 'password': NEW_PASSWORD}]}) + [
        {'name': 'settings', 'mobotix.move_nvr.default_connection': {'auto_add': True}, 'ignore_errors': True},
        stats_task(nvr, 'after settings')]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    check, apply = run.task('check'), run.task('apply')
    assert check['changed'] is True and 'auto_add' in check['requests'][0]['body'], 'check mode plans the complete object'
    assert apply['changed'] is True
    assert apply['requests'][0]['body'] == {'device_default_list': [
        {'account': 'Admin', 'password': '********', 'type': 0}, {'account': 'Admin', 'password': '********', 'type': 2},
        {'account': 'Admin', 'password': '********', 'type': 3}]}, 'the apply shows the request the NVR took'
    stats = run.task('after apply')['json']
    assert (stats['write_attempts'], stats['writes']) == (2, 1)
    assert run.task('rerun')['changed'] is False
    assert entries(nvr)[0] == ('Admin', NEW_PASSWORD)
    settings = run.task('settings')
    assert settings['status'] == 'failed'
    assert settings['msg'].endswith('refused POST /setup/default_connection_info: auto_add: not a field of this request; '
                                    'it takes {"device_default_list": [...]} only'), settings['msg']
    assert run.task('after settings')['json']['writes'] == 1 and nvr.state()['default_connection']['auto_add'] is False
    assert NEW_PASSWORD not in run.output and nvr.stats()['open_sessions'] == 0


def test_no_secret_in_very_verbose_output(tmp_path, nvr):
    run = run_playbook(tmp_path, three_runs(nvr, 'default_connection', PARAMS) + [{'name': 'info', 'mobotix.move_nvr.default_connection_info': {}}],
                       nvr=nvr, diff=True, verbosity=4)
    assert run.rc == 0, run.output[-3000:]
    login_hash = hashlib.md5(('Admin:%s' % ADMIN_PASSWORD).encode()).hexdigest()
    forbidden = [ADMIN_PASSWORD, encrypt(ADMIN_PASSWORD), login_hash, NEW_PASSWORD, encrypt(NEW_PASSWORD),
                 ADDED_PASSWORD, encrypt(ADDED_PASSWORD), '123456', encrypt('123456')]
    log = (tmp_path / 'results.jsonl').read_text()
    for text in forbidden:
        assert text not in run.output, 'secret form %r leaked into -vvvv output' % text
        assert text not in log


BAD_INPUT = [
    ({'defaults': [{'type': 7, 'username': 'x'}]},
     "defaults[7].type: camera type 7 is not one this NVR supports; allowed: 0, 1, 3, 12 (the NVR's support_cam)"),
    ({'defaults': [{'type': 0}, {'type': 0, 'password': NEW_PASSWORD}]}, 'defaults: type 0 is listed twice'),
    ({'auto_refresh_time': -5}, 'auto_refresh_time: -5 is not a number of seconds; allowed: an integer of at least 1'),
    ({'defaults': [{'type': 0, 'password': '******** (changed)'}]},
     'defaults[0].password: the masked placeholder ******** is not a password'),  # the value itself masked, as every secret
    ({'defaults': [{'type': 0}], 'state': 'overridden'}, 'value of state must be one of: merged, replaced'),
    ({'defaults': [{'type': 0, 'usrname': 'x'}]}, 'usrname'),
]


@pytest.mark.parametrize('params,message', BAD_INPUT, ids=[m.split(':')[0] for dummy, m in BAD_INPUT])
def test_bad_input_is_refused_before_any_write(tmp_path, nvr, params, message):
    run = run_playbook(tmp_path, [{'name': 'bad', 'mobotix.move_nvr.default_connection': params}], nvr=nvr)
    assert run.rc != 0
    bad = run.task('bad')
    assert bad['status'] == 'failed' and message in bad['msg'], bad['msg']
    assert '\n' not in bad['msg'] and 'Traceback' not in run.output
    assert NEW_PASSWORD not in run.output
    stats = nvr.stats()
    assert stats['write_attempts'] == 0 and stats['open_sessions'] == 0


@pytest.mark.parametrize('dialect', ('strict', 'lenient'), indirect=True)
def test_the_nvrs_own_refusal_is_its_message_and_nothing_changes(tmp_path, nvr):
    """The emulator takes 10 to 86400 seconds (a range the manual does not give, so the module leaves it to the NVR)."""
    before = nvr.state()['default_connection']
    run = run_playbook(tmp_path, [{'name': 'refused', 'mobotix.move_nvr.default_connection': {
        'auto_refresh_time': 5, 'defaults': [{'type': 0, 'password': NEW_PASSWORD}]}}], nvr=nvr)
    assert run.rc != 0
    refused = run.task('refused')
    assert 'auto_refresh_time' in refused['msg'] and '/setup/default_connection_info' in refused['msg'], refused['msg']
    assert 'Traceback' not in run.output and NEW_PASSWORD not in run.output
    assert nvr.state()['default_connection'] == before
    assert nvr.stats()['writes'] == 0 and nvr.stats()['open_sessions'] == 0


def test_in_the_baseline_task_and_its_drift_check(tmp_path, nvr):
    """nvr_config takes default_connection beside the other resources; in check mode it is drift, masked."""
    config = {'default_connection': {'defaults': [{'type': 0, 'password': NEW_PASSWORD}], 'auto_add': True},
              'ddns': {'enabled': False}}
    tasks = [
        {'name': 'drift', 'mobotix.move_nvr.nvr_config': config, 'check_mode': True, 'diff': True},
        {'name': 'apply', 'mobotix.move_nvr.nvr_config': config},
        {'name': 'again', 'mobotix.move_nvr.nvr_config': dict(config, resources=['default_connection'])},
        {'name': 'unknown', 'mobotix.move_nvr.nvr_config': {'default_connection': {'defaults': [{'type': 0, 'pasword': 'x'}]}},
         'ignore_errors': True},
    ]
    run = run_playbook(tmp_path, tasks, nvr=nvr, diff=True)
    assert run.rc == 0, run.output[-3000:]
    drift = run.task('drift')
    assert drift['changed'] is True and drift['resources']['default_connection']['changed'] is True
    headers = [d['before_header'] for d in drift['diff']]
    assert 'default_connection (before)' in headers
    assert run.task('apply')['resources']['default_connection']['changed'] is True
    again = run.task('again')
    assert again['changed'] is False and list(again['resources']) == ['default_connection']
    unknown = run.task('unknown')
    assert unknown['status'] == 'failed'
    assert unknown['msg'].startswith('default_connection: defaults[0].pasword: unsupported parameter; did you mean password?'), \
        unknown['msg']
    assert entries(nvr)[0] == ('Admin', NEW_PASSWORD)
    assert NEW_PASSWORD not in run.output and encrypt(NEW_PASSWORD) not in run.output
    assert nvr.stats()['open_sessions'] == 0
