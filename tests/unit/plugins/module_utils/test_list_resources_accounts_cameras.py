# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account and camera list resources through the engine, driven by account_cases.yml and camera_cases.yml.

Each case's options go through the module's own argument spec (as Ansible
would pass them), then through ConfigTask against a FakeNvr that answers the
reads and applies the writes the way docs/api-decisions.md describes the
device. Every successful case is also run in check mode (same `changed`,
`requests` and diff, no write) and a second time (no change).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import importlib
import json
import os

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask, InfoTask
from case_tables import expand, matches

HERE = os.path.dirname(__file__)
PACKAGE = 'ansible_collections.mobotix.move_nvr.plugins'
CAMERA_FIELDS = ('account', 'ch', 'http_port', 'ip', 'mac', 'model', 'password', 'protocol', 'rtsp_port', 'title', 'type')


def load(name):
    with open(os.path.join(HERE, name)) as f:
        return yaml.safe_load(f)


TABLES = {'account': load('account_cases.yml'), 'camera': load('camera_cases.yml')}
CASES = [(resource, case) for resource, table in sorted(TABLES.items()) for case in table['cases']]


class FakeNvr:
    """Answers user_management and camera_list; applies account_* and camera_connection like the device."""

    def __init__(self, device, num_ch, username):
        self.users = copy.deepcopy(device.get('user') or [])
        self.cameras = copy.deepcopy(device.get('camera_list') or [])
        self.num_ch = num_ch
        self.username = username
        self.writes = []

    def version(self):
        return {'num_ch': self.num_ch, 'num_alarm': 4, 'num_relay': 2, 'model': 'H100'}

    def get(self, name, params=None, cache=False):
        if name == 'user_management':
            return {'user': copy.deepcopy(self.users)}
        if name == 'camera_list':
            return {'camera_list': copy.deepcopy(sorted(self.cameras, key=lambda c: c['ch']))}
        if name == 'default_connection_get':
            # the manual's example (M:869): the camera types this NVR supports
            return {'support_cam': [0, 1, 3, 12]}
        raise AssertionError('unexpected read %s' % name)

    def call(self, name, body=None, params=None):
        assert ENDPOINTS[name][0] == 'POST'
        self.writes.append((name, copy.deepcopy(body)))
        return {'code': 0, 'output': getattr(self, '_' + name)(copy.deepcopy(body))}

    # -- accounts -----------------------------------------------------------
    def _user(self, name):
        found = [user for user in self.users if user['account'] == name]
        return found[0] if found else None

    def _user_list(self):
        return {'user': copy.deepcopy(self.users)}

    def _account_add(self, body):
        assert sorted(body) == ['account', 'password'], body
        assert self._user(body['account']) is None, 'account %s exists' % body['account']
        assert len([u for u in self.users if u['account'] != 'Admin']) < 6, 'more than six accounts'
        assert decrypt_password(body['password'])
        self.users.append({'account': body['account'], 'password': body['password'], 'authority': 8,
                           'covert': [False] * self.num_ch})
        return self._user_list()

    def _account_edit(self, body):
        assert sorted(body) == ['account', 'password'], body
        self._user(body['account'])['password'] = body['password']
        return self._user_list()

    def _account_authority(self, body):
        assert sorted(body) == ['account', 'authority', 'covert'], body
        assert body['account'] != 'Admin', 'the authority of Admin cannot be changed'
        assert body['authority'] & 8 and 0 < body['authority'] < 32
        assert len(body['covert']) == self.num_ch
        self._user(body['account']).update(authority=body['authority'], covert=body['covert'])
        return self._user_list()

    def _account_delete(self, body):
        user = self._user(body['account'])
        assert user is not None and body['account'] != 'Admin'
        assert body['password'] == user['password'], 'password mismatch'
        self.users.remove(user)
        return self._user_list()

    # -- cameras ------------------------------------------------------------
    def _camera_connection(self, body):
        assert list(body) == ['list'], body
        by_channel = dict((c['ch'], c) for c in self.cameras)
        for entry in body['list']:
            ch, cmd = entry['ch'], entry['cmd']
            assert 0 <= ch < self.num_ch
            camera = dict((k, v) for k, v in entry.items() if k != 'cmd')
            if cmd == 0:
                assert ch not in by_channel, 'channel %s is connected' % ch
                assert set(CAMERA_FIELDS) <= set(camera), camera
                by_channel[ch] = camera
            elif cmd == 2:
                assert ch in by_channel
                by_channel[ch] = camera
            else:
                assert cmd == 1 and ch in by_channel
                del by_channel[ch]
        self.cameras = list(by_channel.values())
        # like the manual's example, the reply echoes the entries with clear-text passwords
        return {'list': [dict(e, password=decrypt_password(e.get('password'))) for e in body['list']]}


def module_of(resource):
    return importlib.import_module('%s.modules.%s' % (PACKAGE, resource))


def validated(resource, params):
    result = ArgumentSpecValidator(module_of(resource).ARGUMENT_SPEC).validate(params)
    return result.validated_parameters, result.error_messages


def device_of(table, case):
    device = copy.deepcopy(case.get('device', table['device']))
    for item in device.get('user', []) + device.get('camera_list', []):
        if 'plain' in item:
            item['password'] = encrypt_password(item.pop('plain'))
    return device


def run(resource, case, check_mode=False, nvr=None):
    table = TABLES[resource]
    nvr = nvr or FakeNvr(device_of(table, case), table['num_ch'], case.get('username', 'Admin'))
    params, errors = validated(resource, case['params'])
    assert not errors, errors
    task = ConfigTask(module_of(resource).TASK.resource)
    return nvr, task.run(nvr, params, check_mode=check_mode, diff_mode=True)


def secrets_of(resource, case):
    """Every password of the case, as plaintext and as the device stores it."""
    table = TABLES[resource]
    device = device_of(table, case)
    plain = [decrypt_password(item.get('password')) for item in device.get('user', []) + device.get('camera_list', [])]
    plain += [item.get('password') for item in case['params'].get(table['list'], []) if item.get('password')]
    found = set()
    for text in plain:
        if text:
            found.update([text, encrypt_password(text), table['stored'].get(text, text)])
    return found


@pytest.mark.parametrize('resource,case', CASES, ids=['%s: %s' % (r, c['name']) for r, c in CASES])
def test_list_case(resource, case):
    if 'argspec_error' in case:
        dummy, errors = validated(resource, case['params'])
        assert any(case['argspec_error'] in e for e in errors), errors
        return
    if 'error' in case:
        nvr = FakeNvr(device_of(TABLES[resource], case), TABLES[resource]['num_ch'], case.get('username', 'Admin'))
        with pytest.raises(NvrError) as failure:
            run(resource, case, nvr=nvr)
        assert case['error'] in str(failure.value)
        assert nvr.writes == [], 'a refused run must not write'
        return
    nvr, result = run(resource, case)
    secrets = result.pop('_secrets')
    assert result['changed'] is case['changed']
    # the requests reported are the writes sent, in order
    assert [ENDPOINTS[name][1] for name, body in nvr.writes] == [r['path'] for r in result['requests']]
    if 'requests' in case:
        assert matches(case['requests'], result['requests']), json.dumps(result['requests'], indent=1)
    if 'sent' in case:
        assert matches(expand(case['sent']), [[name, body] for name, body in nvr.writes]), nvr.writes
    if 'config' in case:
        assert matches(case['config'], result['config']), result['config']
    if 'diff' in case:
        assert result['diff'] == case['diff'], json.dumps(result['diff'], indent=1)
    assert list(result.get('warnings', [])) == case.get('warnings', [])
    # no secret anywhere in what the user sees, and each one is scrubbed by the runner
    shown = json.dumps(result, sort_keys=True)
    for secret in secrets_of(resource, case):
        assert secret not in shown, 'secret %r leaked' % secret
    assert secrets_of(resource, case) - set(TABLES[resource]['stored'].values()) <= set(secrets)
    # check mode predicts the same, sends nothing; the config read back is the one predicted
    checked_nvr, checked = run(resource, case, check_mode=True)
    assert checked_nvr.writes == []
    for key in ('changed', 'requests', 'diff', 'config'):
        assert checked[key] == result[key], key
    # idempotence: the same options again change nothing
    again_nvr, again = run(resource, case, nvr=nvr)
    assert again['changed'] is False
    assert again['requests'] == []


@pytest.mark.parametrize('resource', sorted(TABLES))
def test_info_reads_and_leaves_passwords_out(resource):
    table = TABLES[resource]
    nvr = FakeNvr(device_of(table, {}), table['num_ch'], 'Admin')
    result = InfoTask(importlib.import_module('%s.modules.%s_info' % (PACKAGE, resource)).TASK.resource).run(nvr, {})
    assert result['changed'] is False
    assert matches(table['info'], result['config']), result['config']
    assert all('password' not in item for item in result['config'][table['list']]), 'left out, not masked'
    assert nvr.writes == []
