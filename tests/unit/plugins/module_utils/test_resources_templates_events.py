# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""record_template and event_action through the engine, driven by YAML case tables.

Each table (record_template_cases.yml, event_action_cases.yml) holds the
device's replies (`version`, `device`) and the cases. A case lays `device:`
over the table's device and gives the module options (`params`). Expected:
  changed, sent (writes that reached the device), requests (the bodies, in
  order, exactly), body (subset of the single body), config (subset; lists
  element by element), error (text of the failure; nothing may be written),
  warnings (texts found in the warnings), diff_before / diff_after (exact).
Every successful case is also checked for: check mode plans exactly the
writes of a real run and sends none; the device accepts the writes in the
order sent; a second run reports no change.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import importlib
import json
import os

import pytest
import yaml

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask, InfoTask, deep_merge

HERE = os.path.dirname(__file__)
TABLES = {}
for _name in ('record_template', 'event_action'):
    with open(os.path.join(HERE, '%s_cases.yml' % _name)) as f:
        # through JSON: YAML aliases would share objects, device replies never do
        TABLES[_name] = json.loads(json.dumps(yaml.safe_load(f)))
WEEK = ('Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat')
CASES = [(name, case) for name, table in TABLES.items() for case in table['cases']]


class Refused(NvrError):
    """The fake device refused a request, as the client reports a non-zero code."""


class FakeClient:
    """Answers reads and applies writes the way the NVR does (docs/api-decisions.md).

    The record template POST takes exactly one of its four bodies and refuses
    what the device would: a week for a template that does not exist, a
    template for a channel without a camera or a template that does not
    exist, removing Default or a template a channel uses. Its reply carries
    no object, so the resource has to read again.
    """

    def __init__(self, version, device, resource, partial_replies=False):
        self.version_reply = version
        self.device = device
        self.resource = resource
        self.partial_replies = partial_replies
        self.writes = []
        self.reads = 0

    def version(self):
        return self.version_reply

    def get(self, name, params=None, cache=False):
        if name == 'version':
            return self.version_reply
        assert name == self.resource + '_get', name
        self.reads += 1
        return copy.deepcopy(self.device)

    def call(self, name, body=None, params=None):
        assert ENDPOINTS[name][0] == 'POST'
        assert name == self.resource + '_set', name
        self.writes.append(copy.deepcopy(body))
        if self.resource == 'record_template':
            self._record_template(body)
            return {'code': 0, 'msg': 'Success.', 'output': {}}
        self.device = copy.deepcopy(body)
        return {'code': 0, 'msg': 'Success.', 'output': {} if self.partial_replies else copy.deepcopy(body)}

    def _record_template(self, body):
        assert len(body) == 1, 'one of the four bodies per request: %r' % body
        (kind, value), = body.items()
        templates = self.device['record_template']
        channels = self.device['channel_setting']
        if kind == 'add_template':
            for name in value:
                if name in templates:
                    raise Refused('template %s exists' % name)
                templates[name] = dict((day, [0] * 24) for day in WEEK)
        elif kind == 'record_template':
            for name, week in value.items():
                if name not in templates:
                    raise Refused('no template %s' % name)
                for day in WEEK:
                    hours = week.get(day)
                    if not isinstance(hours, list) or len(hours) != 24 or any(h not in (0, 1, 2) for h in hours):
                        raise Refused('bad hours on %s: %r' % (day, hours))
                templates[name] = copy.deepcopy(week)
        elif kind == 'channel_setting':
            for key, setting in value.items():
                if not (channels.get(key) or {}).get('template_name'):
                    raise Refused('%s has no camera' % key)
                if setting['template_name'] not in templates:
                    raise Refused('no template %s' % setting['template_name'])
                channels[key]['template_name'] = setting['template_name']
        elif kind == 'remove_template':
            for name in value:
                users = [k for k, s in channels.items() if s.get('template_name') == name]
                if name == 'Default' or name not in templates or users:
                    raise Refused('cannot remove %s (used by %s)' % (name, users))
                del templates[name]
        else:
            raise Refused('unknown body %s' % kind)


def subset(expected, actual):
    """Dicts: every expected key, recursively. Lists: same length, element by element."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(subset(e, a) for e, a in zip(expected, actual))
    return expected == actual and type(expected) is type(actual)


def resource_of(name):
    return importlib.import_module('ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.' + name).RESOURCE


def client_for(name, case, **kwargs):
    table = TABLES[name]
    device = deep_merge(copy.deepcopy(table['device']), case.get('device') or {})
    return FakeClient(table['version'], device, name, **kwargs)


def run(name, case, client, check_mode=False, params=None):
    return ConfigTask(resource_of(name)).run(client, dict(params or case['params']), check_mode=check_mode, diff_mode=True)


@pytest.mark.parametrize('name,case', CASES, ids=['%s: %s' % (n, c['name']) for n, c in CASES])
def test_case(name, case):
    client = client_for(name, case)
    try:
        result = run(name, case, client, check_mode=case.get('check_mode', False))
    except NvrError as e:
        assert not isinstance(e, Refused), 'the device refused a write: %s' % e
        assert 'error' in case, 'unexpected failure: %s' % e
        assert case['error'] in str(e)
        assert client.writes == []
        return
    assert 'error' not in case, 'expected a failure, got %r' % result
    bodies = [request['body'] for request in result['requests']]
    if 'changed' in case:
        assert result['changed'] is case['changed']
    if 'sent' in case:
        assert len(client.writes) == case['sent']
    if 'requests' in case:
        assert bodies == case['requests']
    if 'body' in case:
        assert len(bodies) == 1 and subset(case['body'], bodies[0]), bodies
    if 'config' in case:
        assert subset(case['config'], result['config']), result['config']
    for text in case.get('warnings', []):
        assert any(text in w for w in result.get('warnings', [])), result.get('warnings')
    if 'warnings' not in case:
        assert 'warnings' not in result, result['warnings']
    if 'diff_before' in case:
        assert result['diff']['before'] == case['diff_before'], result['diff']
    if 'diff_after' in case:
        assert result['diff']['after'] == case['diff_after'], result['diff']


@pytest.mark.parametrize('name,case', [c for c in CASES if 'error' not in c[1]],
                         ids=['%s: %s' % (n, c['name']) for n, c in CASES if 'error' not in c])
def test_check_mode_real_run_and_second_run(name, case):
    """Check mode plans what a real run sends; the device accepts it; a second run changes nothing."""
    checked_client = client_for(name, case)
    checked = run(name, case, checked_client, check_mode=True)
    assert checked_client.writes == []
    client = client_for(name, case, partial_replies=True)
    real = run(name, case, client)
    assert real['changed'] is checked['changed']
    assert real['requests'] == checked['requests']
    assert [r['body'] for r in real['requests']] == client.writes
    assert len(client.writes) == len(real['requests']) and (real['changed'] or client.writes == [])
    # what the run reports is what the device now holds
    assert real['config'] == resource_of(name).to_user(client.device, client)
    assert real['config'] == checked['config']
    again = run(name, case, client)
    assert again['changed'] is False, again['diff']
    assert again['requests'] == []


@pytest.mark.parametrize('name', sorted(TABLES))
def test_info_reads_the_user_form(name):
    client = client_for(name, {})
    result = InfoTask(resource_of(name)).run(client, {})
    assert result['changed'] is False
    assert result['config'] == TABLES[name]['info']
    assert client.writes == []


class SessionFakeClient(FakeClient):
    """The runner's view of a client: a session with secrets."""

    secrets = ['1234']

    def login(self):
        pass

    def logout(self):
        pass


@pytest.mark.parametrize('name,args', [
    ('record_template', {'templates': [{'name': 'Night', 'schedule': {'all': ['record'] * 6 + ['no_record'] * 16 + ['record'] * 2}}],
                         'channels': [{'channel': 2, 'template': 'Night'}]}),
    ('event_action', {'alarm_inputs': [{'input': 0, 'enabled': True, 'channels': [2]}],
                      'cameras': [{'channel': 0, 'video_loss': {'send_email': True}}]}),
])
def test_module_options_through_the_runner(name, args):
    """The module's own argument spec (None for every option not given) drives the same run."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import execute, full_argument_spec
    module = importlib.import_module('ansible_collections.mobotix.move_nvr.plugins.modules.' + name)
    connection = {'nvr_host': 'nvr.example.com', 'nvr_username': 'Admin', 'nvr_password': '1234'}
    validated = ArgumentSpecValidator(full_argument_spec(module.ARGUMENT_SPEC)).validate(dict(args, **connection))
    assert not validated.error_messages
    table = TABLES[name]
    client = SessionFakeClient(table['version'], copy.deepcopy(table['device']), name)
    result = execute(module.TASK, validated.validated_parameters, client=client)
    assert not result.get('failed'), result
    assert result['changed'] is True and client.writes
    again = execute(module.TASK, validated.validated_parameters, client=client)
    assert again['changed'] is False
    info = importlib.import_module('ansible_collections.mobotix.move_nvr.plugins.modules.%s_info' % name)
    assert execute(info.TASK, connection, client=client)['config'] == again['config']
