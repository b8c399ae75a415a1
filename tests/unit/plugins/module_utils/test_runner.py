# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""execute(): one task on one session; failures as results, always a logout, no secret out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrLoginRefused, NvrRefused
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import execute


class RecordingClient:
    def __init__(self, fail_login=False):
        self.fail_login = fail_login
        self.logged_out = False
        self.secrets = ['s3cret-login-hash']

    def login(self):
        if self.fail_login:
            raise NvrLoginRefused('NVR x: login refused (HTTP 401)')

    def logout(self):
        self.logged_out = True


class Task:
    def __init__(self, outcome):
        self.outcome = outcome

    def run(self, client, params, check_mode=False, diff_mode=False):
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return dict(self.outcome)


PARAMS = {'nvr_password': 'Adm1n-Secret'}


def test_a_bug_is_one_line_and_still_logs_out():
    client = RecordingClient()
    result = execute(Task(KeyError('psu_failed')), PARAMS, client=client)
    assert result['failed'] is True
    assert result['msg'] == "internal error in mobotix.move_nvr (KeyError: 'psu_failed'); please report it"
    assert 'Traceback' in result['exception']
    assert client.logged_out


def test_a_device_refusal_is_a_result_not_an_exception():
    client = RecordingClient()
    result = execute(Task(NvrRefused('NVR x refused POST /setup/ddns_config: port out of range')), PARAMS, client=client)
    assert result == {'failed': True, 'changed': False, 'msg': 'NVR x refused POST /setup/ddns_config: port out of range',
                      'nvr_failure': 'device_refused'}
    assert client.logged_out


def test_login_failure_is_the_result_and_the_task_does_not_run():
    client = RecordingClient(fail_login=True)
    result = execute(Task(KeyError('must not run')), PARAMS, client=client)
    assert result == {'failed': True, 'changed': False, 'msg': 'NVR x: login refused (HTTP 401)', 'nvr_failure': 'login_refused'}
    assert client.logged_out


def test_secrets_are_scrubbed_from_every_string():
    client = RecordingClient()
    leaky = {'changed': False, 'msg': 'saw Adm1n-Secret and s3cret-login-hash', 'nested': [{'x': 'Adm1n-Secret'}]}
    result = execute(Task(leaky), PARAMS, client=client)
    assert result['msg'] == 'saw ******** and ********'
    assert result['nested'] == [{'x': '********'}]
