# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine over each single-object resource, driven by engine_cases.yml."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import importlib
import os

import pytest
import yaml

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask, deep_merge

HERE = os.path.dirname(__file__)
with open(os.path.join(HERE, 'devices.yml')) as f:
    DEVICES = yaml.safe_load(f)
with open(os.path.join(HERE, 'engine_cases.yml')) as f:
    CASES = yaml.safe_load(f)


class FakeClient:
    """Answers reads from a dict and records writes, replying with the body."""

    def __init__(self, objects):
        self.objects = objects
        self.writes = []

    def get(self, name, params=None, cache=False):
        return copy.deepcopy(self.objects[name.rsplit('_get', 1)[0]])

    def version(self):
        return self.objects['version']

    def call(self, name, body=None, params=None):
        assert ENDPOINTS[name][0] == 'POST'
        self.writes.append((name, copy.deepcopy(body)))
        self.objects[name.rsplit('_set', 1)[0]] = copy.deepcopy(body)
        return {'code': 0, 'output': body}


def subset(expected, actual):
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


@pytest.mark.parametrize('case', CASES, ids=[c['name'] for c in CASES])
def test_engine_case(case):
    resource = importlib.import_module('ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.' + case['resource']).RESOURCE
    objects = copy.deepcopy(DEVICES)
    objects[case['resource']] = deep_merge(objects[case['resource']], case.get('device', {}))
    client = FakeClient(objects)
    task = ConfigTask(resource)
    try:
        result = task.run(client, dict(case['params']), check_mode=case.get('check_mode', False), diff_mode=case.get('diff', False))
    except NvrError as e:
        assert 'error' in case, 'unexpected failure: %s' % e
        assert case['error'] in str(e)
        assert client.writes == []
        return
    assert 'error' not in case, 'expected a failure, got %r' % result
    if 'changed' in case:
        assert result['changed'] is case['changed']
    if 'sent' in case:
        assert len(client.writes) == case['sent']
    if 'config' in case:
        assert subset(case['config'], result['config']), result['config']
    if 'body' in case:
        assert len(result['requests']) == 1
        assert subset(case['body'], result['requests'][0]['body']), result['requests'][0]['body']
    if 'diff_after' in case:
        assert subset(case['diff_after'], result['diff']['after']), result['diff']
    for text in case.get('warnings', []):
        assert any(text in warning for warning in result.get('warnings', [])), result.get('warnings')
    # check mode and a real run plan the same writes
    if not case.get('check_mode'):
        assert len(result['requests']) == (1 if result['changed'] else 0)


@pytest.mark.parametrize('name', ['email', 'ddns', 'system_monitor', 'record_config'])
def test_second_run_is_unchanged(name):
    """Whatever a run writes, reading it back gives no change (idempotence)."""
    resource = importlib.import_module('ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.' + name).RESOURCE
    # the first case that changes this resource from the plain device (a `device:` laid over it may hold what the module refuses)
    params = [c['params'] for c in CASES if c.get('changed') and 'error' not in c and 'device' not in c and c['resource'] == name][0]
    client = FakeClient(copy.deepcopy(DEVICES))
    assert ConfigTask(resource).run(client, dict(params))['changed'] is True
    again = ConfigTask(resource).run(client, dict(params))
    assert again['changed'] is False
    assert again['requests'] == []
