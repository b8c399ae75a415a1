# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nvr_info's logic: gather_subset, the tidy device facts, secrets left out / replaced (never masked)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest
import yaml

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import omit_user, walk_path
from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_facts import (
    ALL_SUBSETS, DEVICE_SUBSETS, RESOURCE_SUBSETS, RESOURCES, NvrInfoTask, cameras_facts,
    replace_secrets, secret_paths, select_subsets, storage_facts, time_facts, utc_text)

HERE = os.path.dirname(__file__)
with open(os.path.join(HERE, 'nvr_info_device.yml')) as f:
    DEVICE = yaml.safe_load(f)
MASK = '********'


class FakeClient:
    """Answers reads from the recorded replies; any write is a test failure."""

    username = 'Admin'

    def __init__(self, objects=None):
        self.objects = copy.deepcopy(objects or DEVICE)
        self.reads = []

    def get(self, name, params=None, cache=False):
        self.reads.append(name)
        return copy.deepcopy(self.objects[name])

    def version(self):
        return self.objects['version']

    def call(self, name, body=None, params=None):
        raise AssertionError('nvr_info wrote %s' % name)


# -- gather_subset -------------------------------------------------------------
@pytest.mark.parametrize('given, expected', [
    (None, ALL_SUBSETS),
    (['all'], ALL_SUBSETS),
    ([], ALL_SUBSETS),
    (['device'], DEVICE_SUBSETS),
    (['config'], RESOURCE_SUBSETS),
    (['version', 'email'], ('version', 'email')),
    (['email', 'version', 'email'], ('version', 'email')),  # always in one order, each once
    (['!storage'], tuple(n for n in ALL_SUBSETS if n != 'storage')),
    (['!device'], RESOURCE_SUBSETS),
    (['all', '!config', '!time'], tuple(n for n in DEVICE_SUBSETS if n != 'time')),
    (['!all', 'version'], ('version',)),  # a subset named on its own wins over a group left out
    (['!all'], ()),
    (['version', '!version'], ()),
    ([' version ', '! storage'], ('version',)),
], ids=repr)
def test_select_subsets(given, expected):
    assert select_subsets(given) == (list(expected), None)


def test_unknown_subsets_are_named_with_every_allowed_value():
    chosen, error = select_subsets(['version', 'firmware', '!disks', 'Email'])
    assert chosen is None
    assert error.startswith("gather_subset: unknown subset 'firmware', '!disks', 'Email'; allowed: all, config, device, ")
    for name in ALL_SUBSETS:
        assert name in error
    assert '!' in error.split('allowed:')[1]


# -- device facts ------------------------------------------------------------------
def run(names, secrets='omit', keep_plain=False, objects=None):
    client = FakeClient(objects)
    task = NvrInfoTask(keep_plain=keep_plain)
    result = task.run(client, {'gather_subset': names, 'secrets': secrets})
    return result, task, client


def test_device_facts_are_tidy():
    nvr = run(['device'])[0]['nvr']
    assert nvr['version'] == {'model': 'H100', 'project': 'NVR', 'firmware_version': 'A99999999999',
                              'remote_version': '2016.11.16.b162cbc', 'channels': 4, 'alarm_inputs': 2, 'alarm_outputs': 2}
    assert nvr['time']['local_time'] == 1700000000 and nvr['time']['local_time_utc'] == '2023-11-14T22:13:20Z'
    assert nvr['time']['dst'] == {'enabled': True, 'offset': 3600, 'rule': 'relative',
                                  'start': {'month': 2, 'week': 4, 'weekday': 0, 'day': 0, 'hour': 1, 'minute': 0, 'second': 0},
                                  'end': {'month': 9, 'week': 4, 'weekday': 0, 'day': 0, 'hour': 2, 'minute': 0, 'second': 0}}
    assert nvr['network']['interfaces'][0] == {'name': 'eth0', 'ip': '127.0.0.1', 'mac': '00:D0:89:A0:00:00', 'dhcp': False,
                                               'netmask': '255.0.0.0', 'gateway': '', 'dns': []}
    group = nvr['storage']['groups'][0]
    assert group['circular'] is True and group['total_mb'] == 917196 and group['available_mb'] == 774171
    assert group['disks'][0]['snapshot_path'] == '/ext_snap_000'
    assert nvr['users'] == [
        {'name': 'Admin', 'authority': 31, 'permissions': ['device', 'playback', 'ptz', 'setup'], 'covert_channels': []},
        {'name': 'guard', 'authority': 8, 'permissions': [], 'covert_channels': []}]
    assert nvr['cameras'] == [{'channel': 0, 'ip': '192.0.2.10', 'http_port': 80, 'rtsp_port': 554, 'protocol': 'RTP+RTSP',
                               'username': 'Admin', 'model': 'R3V6-L', 'title': 'Camera01', 'type': 1,
                               'mac': '00:D0:89:10:00:00'}]
    assert 'default_connection' not in nvr, 'a config subset (the options of default_connection), not a device fact'


def test_time_zone_from_the_list_and_absolute_dst():
    config = {'iana_id': '', 'timezone_list': ['UTC', 'Europe/Berlin'], 'timezone_index': 1, 'timezone_offset': -3600,
              'use_24hr': 1, 'dst': {'enabled': 0, 'rule': 1, 'start_day': 88}}
    facts = time_facts({}, config)
    assert facts['timezone'] == 'Europe/Berlin' and facts['timezone_offset'] == -3600 and facts['use_24hr'] is True
    assert facts['dst']['rule'] == 'absolute' and facts['dst']['start']['day'] == 88 and facts['dst']['enabled'] is False
    assert facts['local_time_utc'] == '' and facts['local_time'] == 0
    assert time_facts({'local_time': 0}, dict(config, iana_id='Europe/Paris', timezone_index=7))['timezone'] == 'Europe/Paris'
    assert time_facts(None, {'timezone_list': ['UTC'], 'timezone_index': 3})['timezone'] == ''
    assert utc_text('86400') == '1970-01-02T00:00:00Z'


def test_storage_sums_the_disks_of_a_group():
    info = {'group_support': 1, 'record_info': [{'group_id': 2, 'is_circular': 0, 'path': [
        {'mount_path': '/a', 'total_size_mb': 100, 'available_size_mb': 10},
        {'mount_path': '/b', 'total_size_mb': 50, 'available_size_mb': 5}]}]}
    group = storage_facts(info)['groups'][0]
    assert (group['group_id'], group['circular'], group['total_mb'], group['available_mb']) == (2, False, 150, 15)
    assert storage_facts({}) == {'group_support': False, 'groups': []}


def test_cameras_keep_the_fields_the_camera_module_does_not_know():
    listed = {'camera_list': [dict(DEVICE['camera_list']['camera_list'][0], ch=3, dev='IPCAM', netmask='255.255.255.0')]}
    camera = cameras_facts(listed)[0]
    assert camera['channel'] == 3 and camera['username'] == 'Admin' and camera['password'] == '1234'
    assert camera['dev'] == 'IPCAM' and camera['netmask'] == '255.255.255.0'
    assert 'ch' not in camera and 'account' not in camera


# -- resources, secrets, one session -------------------------------------------
def test_resource_subsets_are_what_the_info_modules_return():
    result, dummy, client = run(['config'])
    for name in RESOURCE_SUBSETS:
        info = InfoTask(RESOURCES[name]).run(FakeClient(), {})
        assert result['nvr'][name] == info['config'], name
    assert 'password' not in result['nvr']['email']
    assert [sorted(a) for a in result['nvr']['account']['accounts']] == [['covert_channels', 'name', 'permissions']] * 2
    assert result['changed'] is False


def test_only_the_chosen_subsets_are_read():
    dummy, dummy, client = run(['version', 'email'])
    assert client.reads == ['email_get']  # the version comes from client.version()
    dummy, dummy, client = run(['!config', '!time', '!storage'])
    assert sorted(client.reads) == ['camera_list', 'network_info', 'user_management']
    dummy, dummy, client = run(['default_connection'])
    assert client.reads == ['default_connection_get']


def test_every_secret_is_reported_for_scrubbing():
    result = run(['all'])[0]
    for text in ('Smtp-pw1', 'Gu4rd-pw', '1234', '123456'):
        assert text in result['_secrets'] and encrypt_password(text) in result['_secrets']
    shown = json.dumps(result['nvr'])
    for text in ('Smtp-pw1', 'Gu4rd-pw', encrypt_password('Smtp-pw1'), 'GtBcsw==', 'GtBcs92K'):
        assert text not in shown


def test_omit_by_default_leaves_every_password_key_out_and_nothing_else():
    result, task, dummy = run(['all'], keep_plain=True)
    omitted, plain = result['nvr'], task.plain
    assert '"password"' not in json.dumps(omitted) and MASK not in json.dumps(omitted)
    assert omitted == omit_user(plain, secret_paths(ALL_SUBSETS))
    assert omitted['email'] == dict((k, v) for k, v in plain['email'].items() if k != 'password')
    assert omitted['record_config'] == plain['record_config']
    assert run(['all'], secrets='omit')[0]['nvr'] == omitted


def test_vault_without_the_action_plugin_leaves_passwords_out_never_masks():
    """Only the action plugin (keep_plain) puts vault texts in the masks' places; anything else gets no mask."""
    shown = json.dumps(run(['all'], secrets='vault')[0]['nvr'])
    assert '"password"' not in shown and MASK not in shown


def test_keep_plain_lets_the_action_replace_each_secret():
    result, task, dummy = run(['email', 'account', 'default_connection', 'ddns'], secrets='vault', keep_plain=True)
    assert result['nvr']['email']['password'] == MASK, 'vault is done by the action plugin: the task masks'
    assert task.plain['email']['password'] == 'Smtp-pw1'
    paths = secret_paths(['email', 'account', 'default_connection', 'ddns'])
    shown = replace_secrets(result['nvr'], task.plain, paths, lambda text: '<%s>' % text if text else text)
    assert shown['email']['password'] == '<Smtp-pw1>'
    assert [a['password'] for a in shown['account']['accounts']] == ['<1234>', '<Gu4rd-pw>']
    assert [c['password'] for c in shown['default_connection']['defaults']] == ['<1234>', '<123456>', '<1234>']
    assert [c['type'] for c in shown['default_connection']['defaults']] == [0, 2, 3]
    assert shown['ddns']['password'] == ''
    assert result['nvr']['email']['password'] == MASK, 'the shown copy is not changed in place'
    assert run(['email'])[1].plain is None


def test_walk_path_skips_what_is_not_there():
    seen = []
    value = {'a': [{'b': 1}, {'c': 2}, 'x'], 'd': 'not a list', 'e': {'f': 3}}
    for path in ('a[].b', 'd[].b', 'e.f', 'e.g', 'z.y', 'a[].b.c'):
        walk_path(value, path, lambda container, key: seen.append(container[key]))
    assert seen == [1, 3]


def test_unknown_subset_in_the_task_is_an_error_not_a_read():
    client = FakeClient()
    with pytest.raises(NvrError, match='unknown subset'):
        NvrInfoTask().run(client, {'gather_subset': ['nope']})
    assert client.reads == []
