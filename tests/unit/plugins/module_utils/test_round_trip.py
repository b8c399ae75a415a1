# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Round trips from _info to config, and the rule behind them: a secret not given is never changed.

For every resource and every state but `deleted`: what the _info module
returns, given back to the config module (through the module's own argument
spec, as Ansible passes it), changes nothing and sends nothing. For every
resource with passwords and every such state: a run that changes something
else writes the NVR's own password back, or none. A masked placeholder given
as a password is refused before the first request, naming the option.

The NVR is a fake that answers reads from the case tables' devices (with
passwords on every resource that has them) and records every request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import importlib
import os

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask, InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import (
    MASK, PLACEHOLDERS, named_values, placeholder_problem)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import NvrConfigTask

HERE = os.path.dirname(__file__)
PACKAGE = 'ansible_collections.mobotix.move_nvr.plugins'
RESOURCES = ('email', 'ddns', 'system_monitor', 'event_action', 'record_template', 'record_config', 'account', 'camera')
SMTP, DDNS = 'Smtp-pw1', 'Ddns-pw2'
# the plaintexts of the passwords of account_cases.yml and camera_cases.yml
STORED = {'Admin': '1234', 'ops': 'dynacolor620', 'guest': '123456', 0: 'dynacolor620', 2: '1234'}


def load(name):
    with open(os.path.join(HERE, name)) as f:
        return yaml.safe_load(f)


DEVICES = load('devices.yml')
TABLES = dict((name, load('%s_cases.yml' % name)) for name in ('event_action', 'record_template', 'account', 'camera'))


def module_of(name):
    return importlib.import_module('%s.modules.%s' % (PACKAGE, name))


def resource_of(name):
    return module_of(name).TASK.resource


class Nvr:
    """Answers each read with the resource's device reply; records every request, answers writes with no object."""

    def __init__(self, name):
        self.name = name
        self.reply, self.version_reply = device_of(name)
        self.username = 'Admin'
        self.reads, self.writes = [], []

    def version(self):
        return self.version_reply

    def get(self, endpoint, params=None, cache=False):
        self.reads.append(endpoint)
        return copy.deepcopy(self.reply)

    def call(self, endpoint, body=None, params=None):
        self.writes.append((endpoint, copy.deepcopy(body)))
        return {'code': 0, 'output': {}}


def device_of(name):
    """(the device's reply for the resource, with passwords wherever it has them; the version reply)."""
    if name in ('event_action', 'record_template'):
        return copy.deepcopy(TABLES[name]['device']), TABLES[name]['version']
    if name in ('account', 'camera'):
        return copy.deepcopy(TABLES[name]['device']), dict(DEVICES['version'], num_ch=TABLES[name]['num_ch'])
    reply = copy.deepcopy(DEVICES[name])
    if name == 'email':
        reply.update(account='alarms@example.com', password=encrypt_password(SMTP), address=['soc@example.com', '', ''])
    if name == 'ddns':
        reply.update(enabled=True, username='site1', hostname='site1.example.net', password=encrypt_password(DDNS))
    return reply, DEVICES['version']


def options(name, config, state):
    """config as the module's options, the way Ansible passes them (every option, None where not given)."""
    result = ArgumentSpecValidator(module_of(name).ARGUMENT_SPEC).validate(dict(config, state=state))
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


def info_of(name):
    nvr = Nvr(name)
    return InfoTask(resource_of(name)).run(nvr, {})['config']


def states_but_deleted(names):
    return [(name, state) for name in names for state in resource_of(name).states if state != 'deleted']


# -- info -> config ----------------------------------------------------------------
@pytest.mark.parametrize('check_mode', [True, False], ids=['check', 'apply'])
@pytest.mark.parametrize('name,state', states_but_deleted(RESOURCES))
def test_info_given_back_changes_nothing(name, state, check_mode):
    config = info_of(name)
    assert MASK not in repr(config), 'passwords are left out, not masked'
    nvr = Nvr(name)
    result = ConfigTask(resource_of(name)).run(nvr, options(name, config, state), check_mode=check_mode, diff_mode=True)
    assert result['changed'] is False, result.get('diff')
    assert result['requests'] == [] and nvr.writes == []
    assert result['config'] == ConfigTask(resource_of(name)).run(Nvr(name), options(name, config, 'merged'))['config']


# -- a secret not given is never changed ------------------------------------------------
# One change besides the password, in as few options as the state allows.
CHANGES = {
    'email': {'recipients': ['noc@example.com']},
    'ddns': {'hostname': 'site2.example.net'},
    'account': {'accounts': [{'name': 'guest', 'permissions': ['playback']}]},
    'camera': {'cameras': [{'channel': 2, 'ip': '192.168.6.105', 'title': 'Lobby east'}]},
}


def written_passwords(name, writes):
    """{key: plaintext} of every password the writes would set (account: only account_edit sets one)."""
    found = {}
    for endpoint, body in writes:
        if name in ('email', 'ddns'):
            found[name] = decrypt_password(body['password'])
        elif endpoint == 'account_edit':
            found[body['account']] = decrypt_password(body['password'])
        elif endpoint == 'camera_connection':
            found.update((entry['ch'], decrypt_password(entry['password'])) for entry in body['list'] if entry['cmd'] != 1)
    return found


@pytest.mark.parametrize('name,state', states_but_deleted(CHANGES))
def test_a_password_not_given_is_kept(name, state):
    nvr = Nvr(name)
    result = ConfigTask(resource_of(name)).run(nvr, options(name, CHANGES[name], state))
    assert result['changed'] is True and nvr.writes
    expected = {'email': {'email': SMTP}, 'ddns': {'ddns': DDNS}, 'account': {}, 'camera': {2: STORED[2]}}[name]
    assert written_passwords(name, nvr.writes) == expected


@pytest.mark.parametrize('name,state', states_but_deleted(('email', 'ddns', 'camera')))
def test_a_password_given_as_empty_clears_it(name, state):
    """The way to clear a password where the NVR allows an empty one (an account always needs one)."""
    given = copy.deepcopy(CHANGES[name])
    if name == 'camera':
        given['cameras'][0]['password'] = ''
    else:
        given['password'] = ''
    nvr = Nvr(name)
    result = ConfigTask(resource_of(name)).run(nvr, options(name, given, state), diff_mode=True)
    assert result['changed'] is True
    assert list(written_passwords(name, nvr.writes).values()) == ['']


def test_a_password_given_is_set_under_replaced():
    nvr = Nvr('email')
    ConfigTask(resource_of('email')).run(nvr, options('email', {'password': 'New-pw3'}, 'replaced'))
    assert written_passwords('email', nvr.writes) == {'email': 'New-pw3'}


# -- masked placeholders -------------------------------------------------------------------
PLACED = {
    'email': ({'password': None}, 'password'),
    'ddns': ({'password': None}, 'password'),
    'account': ({'accounts': [{'name': 'ops'}, {'name': 'guest', 'password': None}]}, 'accounts[guest].password'),
    'camera': ({'cameras': [{'channel': 0}, {'channel': 2, 'password': None}]}, 'cameras[2].password'),
}


def with_placeholder(name, placeholder):
    given, where = copy.deepcopy(PLACED[name])
    item = given if name in ('email', 'ddns') else given[list(given)[0]][1]
    item['password'] = placeholder
    return given, where


@pytest.mark.parametrize('placeholder', PLACEHOLDERS)
@pytest.mark.parametrize('name,state', states_but_deleted(PLACED))
def test_a_placeholder_as_password_is_refused_before_any_request(name, state, placeholder):
    given, where = with_placeholder(name, placeholder)
    nvr = Nvr(name)
    task = ConfigTask(resource_of(name))
    expected = ("%s: the masked placeholder %s is not a password; leave the option out to keep the NVR's password"
                % (where, placeholder))
    with pytest.raises(NvrError) as failure:
        task.run(nvr, options(name, given, state))
    assert str(failure.value) == expected
    assert nvr.reads == [] and nvr.writes == []
    assert task.preflight(options(name, given, state)) == expected


def test_nvr_config_refuses_a_placeholder_before_any_resource_runs():
    """The email is applied after the cameras: its refusal must still come before the cameras' writes."""
    nvr = Nvr('camera')
    params = {'camera': {'cameras': [{'channel': 2, 'title': 'changed'}]}, 'email': {'password': MASK}}
    task = NvrConfigTask()
    problem = "email: password: the masked placeholder ******** is not a password; leave the option out to keep the NVR's password"
    assert task.preflight(params) == problem
    with pytest.raises(NvrError, match='^email: password: the masked placeholder'):
        task.run(nvr, params)
    assert nvr.reads == [] and nvr.writes == []
    assert NvrConfigTask().preflight({'camera': {'cameras': [{'channel': 2, 'title': 'changed'}]}}) is None


def test_placeholders_are_found_where_the_paths_name_them_and_nowhere_else():
    wanted = {'a': [{'p': 'x'}, {'q': MASK}, {'p': MASK, 'k': 'seven'}], 'b': {'p': MASK}, 'p': '******** and more'}
    assert named_values(wanted, 'a[].p') == [('a[0].p', 'x'), ('a[2].p', MASK)]
    assert named_values(wanted, 'a[].p', {'a': 'k'}) == [('a[0].p', 'x'), ('a[seven].p', MASK)], 'by key where it has one'
    assert named_values(wanted, 'b.p') == [('b.p', MASK)] and named_values(wanted, 'c.p') == []
    assert placeholder_problem(wanted, ('p', 'a[].p')).startswith('a[2].p: the masked placeholder ******** ')
    assert placeholder_problem(wanted, ('p', 'a[].q[].p')) is None, 'a longer text is a password like any other'
