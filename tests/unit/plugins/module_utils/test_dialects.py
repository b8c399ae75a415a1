# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine and every resource on each reading of the manual the emulator knows (docs/emulator.md, "Dialects").

Each test drives ConfigTask with the real NvrClient against an emulated NVR of each
dialect in this process (no ansible-playbook): check mode predicts the change and
writes nothing, the apply changes, the rerun is unchanged. Then what each dialect
makes the collection prove: every value written back in the form the NVR used
(1/0 flags and "%s" numbers on the manual's NVR), values the NVR holds and the user
does not touch never refused (non-zero unused disk thresholds, the manual's retention
range, a monitor of newer firmware), a camera's protocol taken as a name or as the
documented index, a Guest account at factory, partial POSTs merged (lenient).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import importlib
import json

import pytest

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrClient, NvrError, NvrRefused
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask

PACKAGE = 'ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.'
DIALECTS = ('strict', 'manual', 'lenient')
PASSWORD = 'Dia1ect-admin'
NIGHT = ['no_record'] * 6 + ['evt_only'] * 12 + ['no_record'] * 6
# One change per resource, with some of everything (flags, numbers, lists, passwords).
CHANGES = {
    'email': {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': False, 'account': 'a@example.com',
              'password': 'Smtp-pw-1', 'recipients': ['soc@example.com']},
    'ddns': {'enabled': True, 'server': 'NoIP', 'hostname': 'site.example.net', 'username': 'u', 'password': 'Ddns-pw-1',
             'port': 8245},
    'system_monitor': {'cpu_temperature': {'threshold': 70, 'send_email': False, 'alarm_out': [1]},
                       'disk_full': {'alarm_out': [0, 1]}},
    'record_config': {'retention_days': 14, 'circular': False, 'pre_alarm': {'enabled': False, 'seconds': 5},
                      'post_alarm': {'seconds': 30}, 'edge_archiver_interval': 60},
    'event_action': {'default': {'enabled': True}, 'cameras': [{'channel': 1, 'motion': {'enabled': True, 'alarm_out': [1]}}],
                     'alarm_inputs': [{'input': 2, 'enabled': True, 'channels': [0, 1]}]},
    'record_template': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}], 'channels': [{'channel': 1, 'template': 'Night'}]},
    'account': {'accounts': [{'name': 'operator', 'password': 'Oper4tor-pw', 'permissions': ['ptz'], 'covert_channels': [1]}]},
    'camera': {'cameras': [{'channel': 0, 'title': 'Gate'}, {'channel': 3, 'ip': '192.0.2.33', 'protocol': 'RTP+UDP'}]},
}


@pytest.fixture(scope='module')
def emulated():
    """dialect -> its emulated NVR (two cameras connected at factory)."""
    from move_nvr_emulator import Fleet
    with Fleet(count=len(DIALECTS), cameras=2, admin_password=PASSWORD, per_nvr=[{'dialect': d} for d in DIALECTS]) as fleet:
        yield dict(zip(DIALECTS, fleet.nvrs))


@pytest.fixture
def device(request, emulated):
    nvr = emulated[request.param]
    nvr.reset()
    return nvr


def resource(name):
    return importlib.import_module(PACKAGE + name).RESOURCE


def run(nvr, name, params, check_mode=False):
    """One ConfigTask run against nvr, logged in and out like the runner does."""
    client = NvrClient('127.0.0.1', 'Admin', PASSWORD, port=nvr.port, use_https=False, retries=0)
    client.login()
    try:
        return ConfigTask(resource(name)).run(client, copy.deepcopy(params), check_mode=check_mode, diff_mode=True)
    finally:
        client.logout()


def writes(nvr):
    stats = nvr.stats()
    return stats['write_attempts'], stats['writes']


@pytest.mark.parametrize('device', DIALECTS, indirect=True)
@pytest.mark.parametrize('name', sorted(CHANGES))
def test_check_apply_rerun_on_every_dialect(device, name):
    check = run(device, name, CHANGES[name], check_mode=True)
    assert check['changed'] is True and writes(device) == (0, 0)
    apply = run(device, name, CHANGES[name])
    assert apply['changed'] is True and apply['config'] == check['config']
    attempts, written = writes(device)
    assert written == len(apply['requests'])
    # the manual's NVR takes a camera connect or edit only with protocol as its index: the request goes twice
    assert attempts == written + (1 if device.dialect.name == 'manual' and name == 'camera' else 0)
    rerun = run(device, name, CHANGES[name])
    assert rerun['changed'] is False and rerun['requests'] == [], rerun['requests']
    assert writes(device) == (attempts, written)
    assert device.stats()['open_sessions'] == 0


# -- forms: every value written back as the NVR sent it ------------------------------
def test_manual_flags_and_string_numbers_are_written_back_in_the_manual_form(emulated):
    nvr = emulated['manual']
    nvr.reset()
    result = run(nvr, 'record_config', CHANGES['record_config'])
    body = result['requests'][0]['body']
    # compared as JSON: 1 == True in Python, not on the wire
    assert json.dumps(body['record_pre_alarm'], sort_keys=True) == '{"cur": "5", "enable": 0, "max": 120, "min": 0}'
    assert json.dumps([body['record_circular']['enable'], body['record_post_alarm']['enable']]) == '[0, 1]'
    result = run(nvr, 'system_monitor', CHANGES['system_monitor'])
    monitors = result['requests'][0]['body']['system_monitor_setting']
    assert json.dumps(monitors['cpu_temperature'], sort_keys=True) == '{"alarm_out": [0, 1], "send_email": 0, "threshold": 70}'
    assert [monitors[m]['threshold'] for m in ('disk_failed', 'disk_full', 'disk_slow')] == [1, 95, 30]
    # the list beside it goes back under the name the NVR used (the schema's, M:968)
    assert 'system_monitor_list' in result['requests'][0]['body']
    # covert is documented [true/false, ...] (M:748): a new account's flags take the form of the others'
    result = run(nvr, 'account', CHANGES['account'])
    authority = [r['body'] for r in result['requests'] if r['path'] == '/setup/account_authority'][0]
    assert json.dumps([authority['authority']] + authority['covert'][:3]) == '[12, false, true, false]'


# -- values the NVR holds and the user does not touch ---------------------------------
@pytest.mark.parametrize('device', DIALECTS, indirect=True)
def test_values_the_nvr_holds_are_never_refused(device):
    """A retention outside the range the NVR reports, an out-of-range edge archiver interval, unused disk thresholds
    and a monitor of newer firmware with its own threshold: other changes go through, those stay."""
    state = device.get_state()
    monitors = state['system_monitor']
    # (an unused threshold only where the NVR can hold one: the strict reading stores 0 and refuses any other)
    unused = 77 if device.dialect.any_unused_threshold else 0
    monitors['system_monitor_setting']['disk_slow']['threshold'] = unused
    monitors['system_monitor_setting']['psu_fan'] = {'alarm_out': [False, False], 'send_email': False, 'threshold': 12345}
    state['record_config']['data_life_time']['cur'] = state['record_config']['data_life_time']['max'] + 30
    state['record_config']['edge_archiver_interval'] = 7200
    device.set_state(dict((section, state[section]) for section in ('system_monitor', 'record_config')))

    result = run(device, 'system_monitor', {'cpu_fan': {'send_email': False}})
    held = device.get_state('system_monitor')['system_monitor_setting']
    assert result['changed'] is True and held['cpu_fan']['send_email'] is False
    assert held['disk_slow']['threshold'] == unused and held['psu_fan']['threshold'] == 12345
    assert run(device, 'system_monitor', {'state': 'replaced'})['changed'] is True
    held = device.get_state('system_monitor')['system_monitor_setting']
    assert held['disk_slow']['threshold'] == unused and held['psu_fan']['threshold'] == 12345
    assert held['cpu_fan']['send_email'] is True

    # the NVR itself refuses what it holds out of range, so only the check run can show the module does not
    result = run(device, 'record_config', {'circular': False}, check_mode=True)
    assert result['changed'] is True and result['requests'][0]['body']['edge_archiver_interval'] == 7200


def test_an_unused_threshold_given_is_kept_with_a_warning(emulated):
    nvr = emulated['manual']
    nvr.reset()
    result = run(nvr, 'system_monitor', {'disk_full': {'threshold': 0, 'send_email': False}})
    assert result['changed'] is True
    assert result['warnings'] == ['disk_full.threshold: the NVR does not use this value (the manual: "This value us unused"); '
                                  'its value 95 is kept, 0 is not written']
    assert nvr.get_state('system_monitor')['system_monitor_setting']['disk_full']['threshold'] == 95


@pytest.mark.parametrize('device', DIALECTS, indirect=True)
def test_the_retention_range_is_the_nvr_s_own(device):
    low, high = (0, 60) if device.dialect.name == 'manual' else (1, 90)
    with pytest.raises(NvrError) as refused:
        run(device, 'record_config', {'retention_days': high + 1})
    assert str(refused.value) == 'retention_days: %d is outside the range this NVR accepts; allowed: %d-%d' % (high + 1, low, high)
    assert run(device, 'record_config', {'retention_days': low})['changed'] is True
    assert writes(device) == (1, 1)


# -- the camera's protocol -------------------------------------------------------------
@pytest.mark.parametrize('device', DIALECTS, indirect=True)
def test_protocol_goes_in_the_form_the_nvr_takes(device):
    result = run(device, 'camera', {'cameras': [{'channel': 5, 'ip': '192.0.2.55', 'protocol': 'RTP+RTSP+HTTP'}]})
    entry = result['requests'][0]['body']['list'][0]
    manual = device.dialect.name == 'manual'
    assert entry['protocol'] == (1 if manual else 'RTP+RTSP+HTTP')
    assert writes(device) == (2 if manual else 1, 1)
    assert device.get_state('cameras')['ch5']['protocol'] == 'RTP+RTSP+HTTP'
    assert result['config']['cameras'][-1]['protocol'] == 'RTP+RTSP+HTTP'
    # a disconnect alone carries the device's own entry, protocol as a name: every dialect takes it at once
    result = run(device, 'camera', {'cameras': [{'channel': 5}], 'state': 'deleted'})
    assert [e['cmd'] for e in result['requests'][0]['body']['list']] == [1]
    assert writes(device) == (3 if manual else 2, 2)


class RefusingClient:
    """A fake NVR that refuses camera_connection as `answers` say, and shows `lists` on each camera_list read."""

    label = 'NVR fake:80'
    username = 'Admin'

    def __init__(self, answers, lists):
        self.answers = list(answers)
        self.lists = list(lists)
        self.calls = []

    def version(self):
        return {'num_ch': 8, 'num_alarm': 4, 'num_relay': 2}

    def get(self, name, params=None, cache=False):
        if name == 'default_connection_get':
            return {'support_cam': [0, 1, 3, 12]}
        assert name == 'camera_list'
        return {'camera_list': copy.deepcopy(self.lists.pop(0) if len(self.lists) > 1 else self.lists[0])}

    def call(self, name, body=None, params=None):
        self.calls.append(copy.deepcopy(body))
        answer = self.answers.pop(0)
        if answer != 'ok':
            raise NvrRefused('NVR fake:80 refused POST /camera/camera_connection: %s' % answer)
        return {'code': 0, 'output': {}}


CAMERA = {'account': 'Admin', 'ch': 0, 'http_port': 80, 'ip': '192.0.2.10', 'mac': '', 'model': '', 'password': '',
          'protocol': 'RTP+RTSP', 'rtsp_port': 554, 'title': 'Door', 'type': 1}
NEW = {'cameras': [{'channel': 1, 'ip': '192.0.2.11', 'protocol': 'RTP+UDP'}]}


def test_protocol_refused_as_a_name_is_sent_again_as_its_index():
    client = RefusingClient(['list[0].protocol: must be the index', 'ok'], [[CAMERA], [CAMERA], [CAMERA, dict(CAMERA, ch=1)]])
    result = ConfigTask(resource('camera')).run(client, copy.deepcopy(NEW))
    assert [c['list'][0]['protocol'] for c in client.calls] == ['RTP+UDP', 2]
    assert result['requests'][0]['body']['list'][0]['protocol'] == 2


def test_protocol_is_not_sent_again_when_the_list_changed_meanwhile():
    client = RefusingClient(['list[0].protocol: must be the index'], [[CAMERA], [CAMERA, dict(CAMERA, ch=1)]])
    with pytest.raises(NvrRefused) as refused:
        ConfigTask(resource('camera')).run(client, copy.deepcopy(NEW))
    assert len(client.calls) == 1
    assert str(refused.value) == ('NVR fake:80 refused POST /camera/camera_connection: list[0].protocol: must be the index; '
                                  'the camera list changed meanwhile, so it is not sent again with protocol as its index')


def test_protocol_refused_in_both_forms_says_both_in_one_line():
    client = RefusingClient(['protocol: unknown', 'protocol: 2 is not allowed'], [[CAMERA]])
    with pytest.raises(NvrRefused) as refused:
        ConfigTask(resource('camera')).run(client, copy.deepcopy(NEW))
    assert str(refused.value) == ('NVR fake:80 refused POST /camera/camera_connection: protocol: unknown; sent again with '
                                  'protocol as its index (the documented %d): protocol: 2 is not allowed')


def test_a_refusal_naming_another_field_is_not_sent_again():
    client = RefusingClient(['list[0].ip: not an IPv4 address'], [[CAMERA]])
    with pytest.raises(NvrRefused):
        ConfigTask(resource('camera')).run(client, copy.deepcopy(NEW))
    assert len(client.calls) == 1


def test_protocol_read_as_its_index_is_the_name():
    camera = resource('camera')
    device = {'camera_list': [dict(CAMERA, protocol=2), dict(CAMERA, ch=1, protocol='1'), dict(CAMERA, ch=2, protocol='RTP+RTSP')]}
    assert [c['protocol'] for c in camera.to_user(device, None)['cameras']] == ['RTP+UDP', 'RTP+RTSP+HTTP', 'RTP+RTSP']


# -- accounts ---------------------------------------------------------------------------
def test_the_manual_guest_account_is_an_account_like_any_other(emulated):
    nvr = emulated['manual']
    nvr.reset()
    result = run(nvr, 'account', {'accounts': [{'name': 'Admin'}], 'state': 'overridden'})
    assert [r['body']['account'] for r in result['requests']] == ['Guest']
    assert [a['account'] for a in nvr.get_state('accounts')] == ['Admin']


@pytest.mark.parametrize('device', DIALECTS, indirect=True)
def test_a_name_only_differing_in_case_is_refused_before_any_write(device):
    """Refused on every NVR: where names are compared without case the NVR would refuse it after other writes."""
    with pytest.raises(NvrError) as refused:
        run(device, 'account', {'accounts': [{'name': 'operator', 'password': 'Oper4tor-pw'},
                                             {'name': 'admin', 'password': 'Adm1n-pw-2'}]})
    assert 'compared without case' in str(refused.value)
    assert writes(device) == (0, 0)


# -- why the manual dialect is there: a body missing a field -------------------------
class DroppingDdns(type(resource('ddns'))):
    """A regression: the DDNS body loses its port."""

    def to_device(self, user, device, client):
        body = super(DroppingDdns, self).to_device(user, device, client)
        body.pop('port')
        return body


def test_a_body_missing_a_field_passes_strict_silently_and_fails_on_the_manual_nvr(emulated):
    """On strict the port left out silently returns to factory; the manual's NVR takes only the complete object."""
    for name in DIALECTS:
        emulated[name].reset()
        emulated[name].set_state({'ddns': {'port': 8245}})
    task = ConfigTask(DroppingDdns())
    outcome = {}
    for name in DIALECTS:
        client = NvrClient('127.0.0.1', 'Admin', PASSWORD, port=emulated[name].port, use_https=False, retries=0)
        client.login()
        try:
            task.run(client, {'hostname': 'site.example.net'})
            outcome[name] = emulated[name].get_state('ddns')['port']
        except NvrRefused as refused:
            outcome[name] = str(refused).split(': ', 1)[1]
        finally:
            client.logout()
    assert outcome == {'strict': 80, 'lenient': 8245,
                       'manual': 'port: missing; this NVR takes only the complete object (every field its GET reply shows)'}
