# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One plan across the resources of a run (module_utils/config_plan.py), against emulated NVRs of each dialect.

nvr_config with the real NvrClient, in this process: a value refused in any resource means zero
writes; check mode on a fresh NVR plans the templates and event actions of the cameras the same run
connects, and the apply sends exactly that; camera swaps and moves; another camera on an occupied
channel; the administrator as the device spells it; a change made by someone else between the run's
read and its write is kept; the apply stops at the first refusal and says what was sent.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrClient, NvrRefused
from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import NvrConfigTask
from plan_helpers import AfterRead, Interposed, cameras, protocol_names

DIALECTS = ('strict', 'manual', 'lenient')
PASSWORD = 'Plan-admin1'
NIGHT = ['no_record'] * 6 + ['evt_only'] * 12 + ['no_record'] * 6
A, B, C, D = '192.0.2.71', '192.0.2.72', '192.0.2.73', '192.0.2.74'


@pytest.fixture(scope='module')
def emulated():
    """dialect -> an emulated NVR without cameras; 'admin' -> a strict NVR whose administrator is spelt admin."""
    from move_nvr_emulator import Fleet
    per_nvr = [{'dialect': d} for d in DIALECTS] + [{'admin_name': 'admin'}]
    with Fleet(count=len(per_nvr), cameras=0, admin_password=PASSWORD, per_nvr=per_nvr) as fleet:
        yield dict(zip(DIALECTS + ('admin',), fleet.nvrs))


@pytest.fixture
def nvr(request, emulated):
    device = emulated[request.param]
    device.reset()
    return device


def run(device, params, check_mode=False, username='Admin', before_post=None):
    client = NvrClient('127.0.0.1', username, PASSWORD, port=device.port, use_https=False, retries=0)
    client.login()
    try:
        used = Interposed(client, before_post) if before_post else client
        return NvrConfigTask().run(used, copy.deepcopy(params), check_mode=check_mode, diff_mode=True)
    finally:
        client.logout()


def written(device):
    return device.stats()['writes']


def connect(device, *addresses):
    """Cameras at these addresses on channels 0, 1, ... (each with its own login)."""
    result = run(device, {'camera': {'cameras': [
        {'channel': n, 'ip': ip, 'username': 'cam%d' % n, 'password': 'Cam-pw-%d' % n, 'model': 'M%d' % n,
         'mac': '00:D0:89:00:00:%02X' % n, 'title': 'Cam %d' % n} for n, ip in enumerate(addresses)]}})
    assert result['changed'] and not result.get('failed'), result.get('msg')
    device.reset(counters_only=True)


# -- 0: nothing written while anything is refused --------------------------------------------------
@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_refused_value_in_the_last_resource_means_nothing_is_written(nvr):
    params = {'email': {'recipients': ['ops@example.com']}, 'ddns': {'enabled': False},
              'record_config': {'retention_days': 9999}}
    result = run(nvr, params)
    assert result['failed'] and written(nvr) == 0
    assert result['msg'].startswith('record_config: retention_days: 9999') and result['msg'].endswith('; nothing was written')
    assert result['changed'] is False
    email = result['resources']['email']
    assert (email['changed'], email['msg']) == (False, 'not sent: nothing is written to this NVR while a resource is '
                                                       'refused (record_config)')
    # what it would send once the refused value is mended; the drift report shows it as drift
    assert [request['path'] for request in email['requests_not_sent']] == ['/setup/email_config']
    assert nvr.stats()['open_sessions'] == 0


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_every_refused_value_of_the_run_is_named_at_once(nvr):
    params = {'camera': {'cameras': [{'channel': 0, 'ip': 'cam0.example.com'}]},
              'record_config': {'retention_days': 9999}}
    result = run(nvr, params, check_mode=True)
    assert result['failed'] and written(nvr) == 0
    assert "camera: cameras[0].ip: 'cam0.example.com' is not an IPv4 address" in result['msg']
    assert '; and 1 more resource failed (see resources)' in result['msg']
    assert result['resources']['record_config']['failed'] is True


# -- 1: check mode exact on a fresh NVR ---------------------------------------------------------------
FRESH_SITE = {
    'camera': {'cameras': [{'channel': 0, 'ip': A, 'password': 'Cam-pw-0'}, {'channel': 1, 'ip': B}]},
    'record_template': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}],
                        'channels': [{'channel': 0, 'template': 'Night'}, {'channel': 1, 'template': 'Default'}]},
    'event_action': {'cameras': [{'channel': 1, 'motion': {'enabled': True, 'send_email': True}}]},
}


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_check_mode_on_a_fresh_nvr_is_the_plan_the_apply_sends(nvr):
    check = run(nvr, FRESH_SITE, check_mode=True)
    assert not check.get('failed'), check.get('msg')
    assert written(nvr) == 0
    assert dict((name, r['changed']) for name, r in check['resources'].items()) == {
        'camera': True, 'record_template': True, 'event_action': True}
    apply = run(nvr, FRESH_SITE)
    assert not apply.get('failed'), apply.get('msg')
    for name in FRESH_SITE:
        assert apply['resources'][name]['changed'] is True
        assert protocol_names(apply['resources'][name]['requests']) == check['resources'][name]['requests'], name
    assert apply['diff'] == check['diff']
    templates = nvr.get_state('record_template')['channel_setting']
    assert [templates['ch0']['template_name'], templates['ch1']['template_name']] == ['Night', 'Default']
    rerun = run(nvr, FRESH_SITE)
    assert rerun['changed'] is False and not rerun.get('failed')


@pytest.mark.parametrize('nvr', ['strict'], indirect=True)
def test_a_template_for_a_channel_the_run_disconnects_is_refused_before_any_write(nvr):
    connect(nvr, A, B)
    params = {'camera': {'state': 'overridden', 'cameras': [{'channel': 0, 'ip': A}]},
              'record_template': {'channels': [{'channel': 1, 'template': 'Default'}]}}
    result = run(nvr, params)
    assert result['failed'] and written(nvr) == 0
    assert 'record_template: channels: channel 1 has no camera connected; allowed: 0' in result['msg']


# -- 2: camera moves and swaps -----------------------------------------------------------------------
@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('order', [(B, A, C), (B, C, A), (C, A, B)], ids=['swap', 'rotate', 'rotate-back'])
def test_any_permutation_of_addresses_over_channels_is_applied(nvr, order):
    connect(nvr, A, B, C)
    logins = dict((camera['ip'], (camera['account'], camera['password'], camera['mac'])) for camera in cameras(nvr).values())
    params = {'camera': {'cameras': [{'channel': n, 'ip': ip} for n, ip in enumerate(order)]}}
    check = run(nvr, params, check_mode=True)
    assert check['changed'] and not check.get('failed') and written(nvr) == 0
    result = run(nvr, params)
    assert not result.get('failed'), result.get('msg')
    now = cameras(nvr)
    assert [now[n]['ip'] for n in range(3)] == list(order)
    # a moved camera takes its own login and MAC along, never the one of the camera it displaces
    assert all((now[n]['account'], now[n]['password'], now[n]['mac']) == logins[ip] for n, ip in enumerate(order))
    assert run(nvr, params)['changed'] is False


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_overridden_moves_a_camera_to_the_channel_another_one_leaves(nvr):
    connect(nvr, A, B)
    cameras_before = cameras(nvr)
    params = {'camera': {'state': 'overridden', 'cameras': [{'channel': 1, 'ip': A}, {'channel': 2, 'ip': D}]}}
    result = run(nvr, params)
    assert not result.get('failed'), result.get('msg')
    now = cameras(nvr)
    assert sorted((n, camera['ip']) for n, camera in now.items()) == [(1, A), (2, D)]
    # overridden sets each listed item wholly: the moved camera keeps its password, not its user name (not given)
    assert (now[1]['account'], now[1]['password'], now[2]['password']) == ('Admin', cameras_before[0]['password'], '')


# -- 5: another camera on an occupied channel --------------------------------------------------------
@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('state', ['merged', 'replaced'])
def test_another_camera_on_an_occupied_channel_starts_from_a_new_cameras_defaults(nvr, state):
    connect(nvr, A)
    result = run(nvr, {'camera': {'state': state, 'cameras': [{'channel': 0, 'ip': D, 'title': 'Yard'}]}})
    assert not result.get('failed'), result.get('msg')
    camera = cameras(nvr)[0]
    assert (camera['ip'], camera['mac'], camera['model'], camera['account'], camera['title']) == (D, '', '', 'Admin', 'Yard')
    assert camera['password'] == ''
    assert ('camera: cameras[0]: %s replaces the camera at %s; username, password, mac, model not given: a new camera\'s '
            'defaults, nothing of the camera it replaces' % (D, A)) in result['warnings']


# -- 5: the administrator as the device marks it -------------------------------------------------------
@pytest.mark.parametrize('nvr', ['admin'], indirect=True)
def test_an_administrator_spelt_admin_is_recognised(nvr):
    refused = run(nvr, {'account': {'accounts': [{'name': 'admin', 'covert_channels': [1]}]}}, username='admin')
    assert refused['failed'] and written(nvr) == 0
    assert refused['msg'].startswith('account: accounts[admin].covert_channels: the permissions and covert channels of '
                                     'the administrator admin cannot be changed')
    five = [{'name': 'user%d' % n, 'password': 'Us3r-pw-%d' % n} for n in range(5)]
    assert not run(nvr, {'account': {'accounts': five}}, username='admin').get('failed')
    sixth = run(nvr, {'account': {'accounts': [{'name': 'user5', 'password': 'Us3r-pw-5'}]}}, username='admin')
    assert sixth['changed'] and not sixth.get('failed'), sixth.get('msg')
    seventh = run(nvr, {'account': {'accounts': [{'name': 'user6', 'password': 'Us3r-pw-6'}]}}, username='admin')
    assert seventh['failed'] and 'accounts: 7 accounts besides the administrator admin' in seventh['msg']
    overridden = run(nvr, {'account': {'state': 'overridden', 'accounts': []}}, username='admin')
    assert not overridden.get('failed') and [a['account'] for a in nvr.get_state('accounts')] == ['admin']


# -- lost updates --------------------------------------------------------------------------------------
@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_change_made_after_the_runs_read_stops_it_before_any_write(nvr):
    """Another run enables alarm input 2 after this run read the event actions: nothing is written (a stale whole
    object would revert it), the message says to run again; the rerun keeps both changes."""
    connect(nvr, A)

    def someone_else():
        assert run(nvr, {'event_action': {'alarm_inputs': [{'input': 2, 'enabled': True}]}})['changed']
        nvr.reset(counters_only=True)
    params = {'camera': {'cameras': [{'channel': 0, 'title': 'Gate'}]},
              'event_action': {'alarm_inputs': [{'input': 1, 'enabled': True}]}}
    client = NvrClient('127.0.0.1', 'Admin', PASSWORD, port=nvr.port, use_https=False, retries=0)
    client.login()
    try:
        result = NvrConfigTask().run(AfterRead(client, 'event_action_get', someone_else), copy.deepcopy(params))
    finally:
        client.logout()
    assert result['failed'] and written(nvr) == 0
    assert result['msg'] == ('event_action: changed on the NVR since this run read it (another run or a person?); '
                             'run again to plan afresh; nothing was written')
    rerun = run(nvr, params)
    assert rerun['changed'] and not rerun.get('failed'), rerun.get('msg')
    events = run(nvr, {'event_action': {}}, check_mode=True)['resources']['event_action']['config']
    assert [item['input'] for item in events['alarm_inputs'] if item['enabled']] == [1, 2]


# -- the apply stops at the first refusal ---------------------------------------------------------------
@pytest.mark.parametrize('nvr', ['strict'], indirect=True)
def test_the_apply_stops_at_the_first_refusal_and_says_what_was_sent(nvr):
    def refuse_email(name):
        if name == 'email_set':
            raise NvrRefused('NVR 127.0.0.1 refused POST /setup/email_config: mail server unreachable')
    params = {'account': {'accounts': [{'name': 'guard', 'password': 'Gu4rd-pw'}]},
              'email': {'recipients': ['ops@example.com']}, 'ddns': {'enabled': True, 'hostname': 'x.example.net'},
              'record_config': {'retention_days': 20}}
    result = run(nvr, params, before_post=refuse_email)
    assert result['failed'] and result['changed'] is True
    assert result['msg'] == ('email: NVR 127.0.0.1 refused POST /setup/email_config: mail server unreachable; '
                             'written before it: account; not sent: ddns, record_config')
    assert result['resources']['ddns']['msg'] == 'not sent: email failed before it'
    assert [r['path'] for r in result['resources']['ddns']['requests_not_sent']] == ['/setup/ddns_config']
    assert result['resources']['email']['request_failed']['path'] == '/setup/email_config'
    assert result['resources']['email']['requests'] == [] and result['resources']['email']['changed'] is False
    assert nvr.get_state('record_config')['data_life_time']['cur'] != 20
    assert nvr.stats()['open_sessions'] == 0


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_camera_edit_of_the_same_run_is_no_one_elses_change(nvr):
    """A new address of a camera is copied into the event actions' JSON: planned again, without a warning."""
    connect(nvr, A)
    params = {'camera': {'cameras': [{'channel': 0, 'ip': D, 'username': 'cam0', 'password': 'Cam-pw-0'}]},
              'event_action': {'cameras': [{'channel': 0, 'motion': {'enabled': True}}]}}
    result = run(nvr, params)
    assert not result.get('failed'), result.get('msg')
    assert not any('changed between' in w for w in result.get('warnings', [])), result.get('warnings')
    assert nvr.get_state('event_action')['camera']['ch0']['event']['motion']['event_trigger'] in (True, 1)
    assert run(nvr, params)['changed'] is False
