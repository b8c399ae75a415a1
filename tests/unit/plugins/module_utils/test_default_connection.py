# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The default_connection resource through the engine, driven by default_connection_cases.yml.

Each case's options go through the module's own argument spec, then through ConfigTask against a FakeNvr
of each reading the manual allows (DIALECTS): one that resets what a POST leaves out to factory and
replies with encrypted passwords (the emulator's strict reading), and one that takes the manual's body
(device_default_list required, the rest kept when left out), writes its flags as 1/0 and replies with
the passwords in clear (M:922-924). Every successful case is also run in check mode (same result, no
write) and a second time (no change, passwords included).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError, NvrRefused
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.default_connection import (
    ARGUMENT_SPEC, RESOURCE, DefaultConnectionInfoTask)
from ansible_collections.mobotix.move_nvr.plugins.modules import default_connection, default_connection_info
from case_tables import expand, matches

HERE = os.path.dirname(__file__)
with open(os.path.join(HERE, 'default_connection_cases.yml')) as stream:
    TABLE = yaml.safe_load(stream)
CASES = TABLE['cases']
DIALECTS = ('strict', 'manual')
FACTORY = {'auto_add': False, 'auto_refresh': False, 'auto_refresh_time': 120,
           'default_info': [{'account': 'Admin', 'password': encrypt_password('1234'), 'type': 0}]}
READ_ONLY = ('default_info', 'support_cam')
FLAGS = ('auto_add', 'auto_refresh')


class FakeNvr:
    """GET and POST /setup/default_connection_info in one of DIALECTS."""

    def __init__(self, device, dialect):
        self.state = copy.deepcopy(device)
        self.dialect = dialect
        self.writes = []

    def version(self):
        return {'num_ch': 4, 'model': 'H100'}

    def _shown(self):
        shown = copy.deepcopy(self.state)
        if self.dialect == 'manual':
            shown.update((flag, int(shown[flag])) for flag in FLAGS if flag in shown)
        return shown

    def get(self, name, params=None, cache=False):
        assert name == 'default_connection_get', name
        return self._shown()

    def call(self, name, body=None, params=None):
        assert name == 'default_connection_set' and ENDPOINTS[name] == ('POST', '/setup/default_connection_info')
        self.writes.append(copy.deepcopy(body))
        body = copy.deepcopy(body)
        if self.dialect == 'list_only' and set(body) - {'device_default_list'}:
            raise NvrRefused('NVR nvr-1 refused POST /setup/default_connection_info: %s: unknown field'
                             % sorted(set(body) - {'device_default_list'})[0])
        if self.dialect in ('list_only', 'ignores'):
            body = {'device_default_list': body['device_default_list']}
        assert 'device_default_list' in body, 'the manual requires the list'
        items = body.pop('device_default_list')
        for key in READ_ONLY:
            body.pop(key, None)
        assert set(body) <= set(self.state) | set(FACTORY), 'unknown fields: %s' % sorted(set(body) - set(self.state))
        if self.dialect == 'strict':  # what a body leaves out goes back to factory
            new = dict((k, v) for k, v in FACTORY.items() if k != 'default_info')
            entries = dict((e['type'], e) for e in FACTORY['default_info'])
            for flag in FLAGS:
                assert not isinstance(body.get(flag), int) or isinstance(body.get(flag), bool), 'flags as true/false'
        else:
            new = dict((k, v) for k, v in self.state.items() if k not in READ_ONLY)
            entries = dict((e['type'], e) for e in self.state['default_info'])
            for flag in FLAGS:
                as_read = flag not in body or (isinstance(body[flag], int) and not isinstance(body[flag], bool))
                assert as_read, 'flags in the form the NVR wrote them (1/0)'
        new.update(body)
        for item in items:
            assert set(item) >= {'type', 'account', 'password'}, item
            held = [e['type'] for e in self.state['default_info']]
            assert item['type'] in self.state['support_cam'] or item['type'] in held, item
            if item['password']:
                assert decrypt_password(item['password']), 'sent encrypted'
            entries[item['type']] = item
        new['default_info'] = [entries[k] for k in sorted(entries)]
        new['support_cam'] = self.state['support_cam']
        self.state = dict((k, (bool(v) if k in FLAGS else v)) for k, v in new.items())
        reply = self._shown()
        if self.dialect == 'manual':  # M:922-924: the reply's passwords in clear
            for entry in reply['default_info']:
                entry['password'] = decrypt_password(entry['password'])
        return {'code': 0, 'output': reply}


def device_of(case):
    device = copy.deepcopy(case.get('device', TABLE['device']))
    for entry in device['default_info']:
        if 'plain' in entry:
            entry['password'] = encrypt_password(entry.pop('plain'))
    return device


def validated(params):
    result = ArgumentSpecValidator(ARGUMENT_SPEC).validate(copy.deepcopy(params))
    return result.validated_parameters, result.error_messages


def run(case, dialect, check_mode=False, nvr=None):
    nvr = nvr or FakeNvr(device_of(case), dialect)
    params, errors = validated(case['params'])
    assert not errors, errors
    return nvr, ConfigTask(RESOURCE).run(nvr, params, check_mode=check_mode, diff_mode=True)


def secrets_of(case):
    plain = [decrypt_password(e['password']) for e in device_of(case)['default_info']]
    plain += [item.get('password') for item in case['params'].get('defaults') or []]
    return set(form for text in plain if text for form in (text, encrypt_password(text)))


@pytest.mark.parametrize('dialect', DIALECTS)
@pytest.mark.parametrize('case', CASES, ids=[c['name'] for c in CASES])
def test_case(case, dialect):
    if 'argspec_error' in case:
        dummy, errors = validated(case['params'])
        assert any(case['argspec_error'] in e for e in errors), errors
        return
    if 'error' in case:
        nvr = FakeNvr(device_of(case), dialect)
        with pytest.raises(NvrError) as failure:
            run(case, dialect, nvr=nvr)
        assert case['error'] in str(failure.value)
        assert nvr.writes == [], 'a refused run must not write'
        return
    nvr, result = run(case, dialect)
    secrets = result.pop('_secrets')
    assert result['changed'] is case['changed']
    assert len(nvr.writes) == len(result['requests']) == (1 if case['changed'] else 0)
    if 'requests' in case:
        expected = copy.deepcopy(case['requests'])
        if dialect == 'manual':  # the flags in the NVR's own form
            for request in expected:
                request.get('body', {}).update((flag, int(value)) for flag, value in request.get('body', {}).items()
                                               if flag in FLAGS)
        assert matches(expected, result['requests']), json.dumps(result['requests'], indent=1)
    if 'sent' in case and dialect == 'strict':
        assert matches(expand(case['sent']), nvr.writes[0]), nvr.writes
    if 'config' in case:
        assert matches(case['config'], result['config']), result['config']
    if 'diff' in case:
        assert result['diff'] == case['diff'], json.dumps(result['diff'], indent=1)
    shown = json.dumps(result, sort_keys=True)
    for secret in secrets_of(case):
        assert secret not in shown, 'secret %r leaked' % secret
        assert secret in secrets, 'secret %r is not scrubbed' % secret
    # check mode predicts the same and sends nothing
    checked_nvr, checked = run(case, dialect, check_mode=True)
    assert checked_nvr.writes == []
    for key in ('changed', 'requests', 'diff', 'config'):
        assert checked[key] == result[key], key
    # idempotence, passwords included
    dummy, again = run(case, dialect, nvr=nvr)
    assert again['changed'] is False and again['requests'] == [], again['diff']


@pytest.mark.parametrize('dialect', DIALECTS)
def test_info_reads_the_options_and_the_supported_types_without_passwords(dialect):
    nvr = FakeNvr(device_of({}), dialect)
    result = DefaultConnectionInfoTask(RESOURCE).run(nvr, {})
    assert result['config'] == TABLE['info']
    assert result['supported_types'] == [0, 1, 3, 12]
    assert '"password"' not in json.dumps(result['config'])
    assert '1234' in result['_secrets'] and '123456' in result['_secrets']
    assert nvr.writes == []
    # given back to the config module, it changes nothing with either state
    for state in ('merged', 'replaced'):
        params, errors = validated(dict(result['config'], state=state))
        assert not errors
        assert ConfigTask(RESOURCE).run(nvr, params)['changed'] is False, state


def test_a_password_the_nvr_returns_in_clear_fails_in_one_line_naming_it():
    device = device_of({})
    device['default_info'][0]['password'] = 'not base64 at all!'
    with pytest.raises(NvrError) as failure:
        ConfigTask(RESOURCE).run(FakeNvr(device, 'strict'), validated({'auto_add': True})[0])
    assert str(failure.value).startswith('defaults[0].password: the NVR returned a password that is not in its encrypted form')


def test_the_modules_use_the_resource():
    assert default_connection.TASK.resource is RESOURCE and default_connection.ARGUMENT_SPEC is ARGUMENT_SPEC
    assert default_connection_info.TASK.resource is RESOURCE and default_connection_info.ARGUMENT_SPEC == {}


# -- an NVR that takes the manual's body only (device_default_list), and one that ignores the rest ------------
def test_an_nvr_that_refuses_the_settings_gets_the_list_alone_when_the_run_changes_none():
    case = CASES[0]  # a password change
    nvr, result = run(case, 'list_only')
    assert result['changed'] is True
    assert [sorted(body) for body in nvr.writes] == [
        ['auto_add', 'auto_refresh', 'auto_refresh_time', 'device_default_list', 'firmware_extra'], ['device_default_list']]
    assert result['requests'][0]['body'] == {'device_default_list': [
        {'account': 'Admin', 'password': '********', 'type': 0},
        {'account': 'Admin', 'password': '********', 'type': 2, 'vendor_hint': 'x'},
        {'account': 'Admin', 'password': '********', 'type': 3}]}, 'the request the NVR took'
    assert decrypt_password(nvr.state['default_info'][0]['password']) == 'Cam-2026!'
    dummy, again = run(case, 'list_only', nvr=nvr)
    assert again['changed'] is False


def test_an_nvr_that_refuses_the_settings_refuses_a_change_of_them_with_its_own_message():
    nvr = FakeNvr(device_of({}), 'list_only')
    with pytest.raises(NvrRefused) as refusal:
        run({'params': {'auto_add': True}}, 'list_only', nvr=nvr)
    assert str(refusal.value) == 'NVR nvr-1 refused POST /setup/default_connection_info: auto_add: unknown field'
    assert len(nvr.writes) == 1 and nvr.state == device_of({}), 'refused: nothing written, not sent again'


def test_an_nvr_that_ignores_a_setting_fails_the_run_naming_it_instead_of_a_false_change():
    nvr = FakeNvr(device_of({}), 'ignores')
    with pytest.raises(NvrError) as failure:
        run({'params': {'auto_add': True, 'defaults': [{'type': 0, 'password': 'Cam-2026!'}]}}, 'ignores', nvr=nvr)
    assert str(failure.value) == ('POST /setup/default_connection_info was accepted, but the NVR then reports auto_add false '
                                  'where true was sent; it does not take that in this request (what else the request changed '
                                  'is written)')
    assert 'Cam-2026!' not in str(failure.value)
    assert decrypt_password(nvr.state['default_info'][0]['password']) == 'Cam-2026!'
