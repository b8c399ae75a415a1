# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input fails before any write; faults fail cleanly with the session closed."""

from __future__ import annotations

import pytest

from harness import connection_vars, run_playbook

BAD_INPUT = [
    ('email', {'provider': 'hotmail'}, ['provider', 'gmail, yahoo_mail, custom']),
    ('email', {'port': 0}, ['port', '1-65535']),
    ('email', {'recipients': ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']}, ['recipients', 'at most 3']),
    ('email', {'recipients': ['not an address']}, ['recipients', 'not an email address']),
    ('ddns', {'server': 'FreeDNS'}, ['server', 'DynDNS, ChangeIP, NoIP']),
    ('ddns', {'port': 65536}, ['port', '1-65535']),
    ('system_monitor', {'cpu_fan': {'alarm_out': [5]}}, ['cpu_fan.alarm_out', 'alarm output 5', '0, 1']),
    ('system_monitor', {'cpu_temperature': {'threshold': 250}}, ['cpu_temperature.threshold', '0-100']),
    ('record_config', {'retention_days': 400}, ['retention_days', 'outside the range']),
    ('record_config', {'pre_alarm': {'seconds': 500}}, ['pre_alarm.seconds']),
]


@pytest.mark.parametrize('module, params, words', BAD_INPUT, ids=['%s-%s' % (m, '-'.join(p)) for m, p, w in BAD_INPUT])
def test_bad_input_fails_before_any_write(tmp_path, nvr, module, params, words):
    run = run_playbook(tmp_path, [{'name': 'bad', 'mobotix.move_nvr.%s' % module: params}], nvr=nvr)
    result = run.task('bad')
    assert run.rc != 0 and result['status'] == 'failed'
    for word in words:
        assert word in result['msg'], result['msg']
    assert 'Traceback' not in run.output
    stats = nvr.stats()
    assert stats['write_attempts'] == 0
    assert stats['open_sessions'] == 0


def fail_with(tmp_path, nvr, kind, **overrides):
    """The message of a read that fails with nvr_failure `kind`; an NVR not reached at login is Ansible's unreachable."""
    conn = dict(connection_vars(nvr), **overrides)
    task = {'name': 'read', 'mobotix.move_nvr.email_info': conn}
    run = run_playbook(tmp_path, [task], nvr=nvr, module_defaults=False)
    result = run.task('read')
    status = 'unreachable' if kind == 'unreachable' else 'failed'
    assert run.rc != 0 and result['status'] == status and result['nvr_failure'] == kind, run.output[-2000:]
    assert 'Traceback' not in run.output
    assert '\n' not in result['msg'].strip(), 'errors are one line: %r' % result['msg']
    return result['msg']


def test_wrong_password_is_a_clear_401(tmp_path, nvr):
    msg = fail_with(tmp_path, nvr, 'login_refused', nvr_password='wrong-one')
    assert 'login refused (HTTP 401)' in msg and 'nvr_password' in msg
    assert 'wrong-one' not in msg


def test_503_storm_gives_up_naming_503(tmp_path, nvr):
    nvr.faults(http_503=50)
    msg = fail_with(tmp_path, nvr, 'error', nvr_retries=2)
    assert 'HTTP 503' in msg and 'retries' in msg
    nvr.faults(clear=True)
    assert nvr.stats()['open_sessions'] == 0


def test_503_burst_shorter_than_retries_succeeds(tmp_path, nvr):
    nvr.faults(http_503=2)
    run = run_playbook(tmp_path, [{'name': 'read', 'mobotix.move_nvr.email_info': dict(connection_vars(nvr), nvr_retries=3)}],
                       nvr=nvr, module_defaults=False)
    assert run.rc == 0, run.output[-2000:]
    assert nvr.stats()['open_sessions'] == 0


def test_timeout_is_named(tmp_path, nvr):
    nvr.faults(hang_s=3, hang_count=10)
    msg = fail_with(tmp_path, nvr, 'unreachable', nvr_timeout=1, nvr_retries=0)
    assert 'within 1 s' in msg and 'nvr_timeout' in msg
    nvr.faults(clear=True)


def test_refused_connection_is_named(tmp_path, nvr):
    import socket
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        free_port = probe.getsockname()[1]
    msg = fail_with(tmp_path, nvr, 'unreachable', nvr_port=free_port, nvr_retries=1)
    assert 'connection refused' in msg


def test_garbage_reply_is_named(tmp_path, nvr):
    nvr.faults(garbage=1)
    msg = fail_with(tmp_path, nvr, 'error')
    assert 'not JSON' in msg


def test_session_expiry_logs_in_again(tmp_path, nvr):
    nvr.faults(expire_sessions=True)
    tasks = [{'name': 'apply', 'mobotix.move_nvr.ddns': {'enabled': True}}]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-2000:]
    assert nvr.stats()['open_sessions'] == 0


def test_no_setup_authority_is_a_clear_401(tmp_path, nvr):
    """An account without the Setup bit is refused with a message saying so."""
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrClient
    with NvrClient('127.0.0.1', 'Admin', connection_vars(nvr)['nvr_password'], port=nvr.port, use_https=False) as admin:
        admin.call('account_add', body={'account': 'viewer', 'password': _enc('View3r-pass')})
    msg = fail_with(tmp_path, nvr, 'device_refused', nvr_username='viewer', nvr_password='View3r-pass')
    assert 'HTTP 401' in msg and 'Setup authority' in msg


def test_firmware_without_an_endpoint_is_a_clear_404(nvr, monkeypatch):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils import client
    monkeypatch.setitem(client.ENDPOINTS, 'ddns_get', ('GET', '/setup/ddns_config_v9'))
    conn = connection_vars(nvr)
    nvr_client = client.NvrClient('127.0.0.1', 'Admin', conn['nvr_password'], port=nvr.port, use_https=False, retries=0)
    with pytest.raises(client.NvrError, match='not supported by this firmware .HTTP 404.'):
        with nvr_client:
            nvr_client.get('ddns_get')
    assert nvr.stats()['open_sessions'] == 0


def _enc(text):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
    return encrypt_password(text)
