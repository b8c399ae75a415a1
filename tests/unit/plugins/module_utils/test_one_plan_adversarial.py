# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One plan across resources (issue 11), tried as an adversarial user would, against emulated NVRs of each dialect.

nvr_config (NvrConfigTask) and the camera module's ConfigTask with the real NvrClient, in this process:
permutations of camera addresses over channels (swaps, rotations, moves to free channels, moves with
deletes, a swap with a port change), duplicates in the final state, a fresh NVR whose run connects cameras
and sets their templates and events (check mode against the apply, request for request), a channel the
run disconnects named by a template or an event action, a refused value in every resource beside valid
changes (nothing written), the administrator as the device spells it, accounts at the limit, `deleted`
with fields that do not match. After every apply: the rerun is unchanged, the session is logged out and
no password given appears in the result.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import itertools
import json

import pytest

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrClient
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import NvrConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources import camera as camera_resource
from plan_helpers import AfterRead, cameras, protocol_names

DIALECTS = ('strict', 'manual', 'lenient')
PASSWORD = 'Adv-admin1'
A, B, C, D, E = '192.0.2.81', '192.0.2.82', '192.0.2.83', '192.0.2.84', '192.0.2.85'
NIGHT = ['no_record'] * 6 + ['evt_only'] * 12 + ['no_record'] * 6
CAMERA_PASSWORDS = ['Cam-secret-%d' % n for n in range(6)]


@pytest.fixture(scope='module')
def emulated():
    """dialect -> an NVR without cameras; 'admin' a strict one and 'manual-admin' a manual one whose administrator is admin."""
    from move_nvr_emulator import Fleet
    per_nvr = [{'dialect': d} for d in DIALECTS] + [{'admin_name': 'admin'}, {'dialect': 'manual', 'admin_name': 'admin'}]
    with Fleet(count=len(per_nvr), cameras=0, admin_password=PASSWORD, per_nvr=per_nvr) as fleet:
        yield dict(zip(DIALECTS + ('admin', 'manual-admin'), fleet.nvrs))


@pytest.fixture
def nvr(request, emulated):
    device = emulated[request.param]
    device.reset()
    return device


# -- helpers -------------------------------------------------------------------------------------------
def client_for(device, username='Admin'):
    client = NvrClient('127.0.0.1', username, PASSWORD, port=device.port, use_https=False, retries=0)
    client.login()
    return client


def run(device, params, check_mode=False, username='Admin'):
    """nvr_config's task on one session, as the module runs it: the result without the runner's _secrets."""
    client = client_for(device, username)
    try:
        result = NvrConfigTask().run(client, copy.deepcopy(params), check_mode=check_mode, diff_mode=True)
    finally:
        client.logout()
    result.pop('_secrets', None)
    return result


def run_camera(device, params, check_mode=False):
    """The camera module's task (ConfigTask) alone."""
    client = client_for(device)
    try:
        params = dict({'state': 'merged', 'allow_disconnect_all': False}, **copy.deepcopy(params))
        result = ConfigTask(camera_resource.RESOURCE).run(client, params, check_mode=check_mode, diff_mode=True)
    finally:
        client.logout()
    result.pop('_secrets', None)
    return result


def nothing_written(device):
    s = device.stats()
    return s['writes'] == 0 and s['write_attempts'] == 0


def connect(device, *addresses, **extra):
    """Cameras at these addresses on channels 0, 1, ... each with its own login, MAC and model; counters zeroed."""
    params = {'camera': {'cameras': [
        {'channel': n, 'ip': ip, 'username': 'cam%d' % n, 'password': CAMERA_PASSWORDS[n], 'model': 'M%d' % n,
         'mac': '00:D0:89:00:00:%02X' % n, 'title': 'Cam %d' % n} for n, ip in enumerate(addresses)]}}
    params.update(extra)
    result = run(device, params)
    assert result['changed'] and not result.get('failed'), result.get('msg')
    device.reset(counters_only=True)


def moved_login(login, state):
    """What a camera moved with `state` takes along: everything with merged; with replaced and overridden (each item
    set wholly) only its password, the rest a new camera's (docs/states.md)."""
    return login if state == 'merged' else ('Admin', login[1], '', '')


def logins(device):
    """ip -> (account, password, mac, model) of each connected camera."""
    return dict((camera['ip'], (camera['account'], camera['password'], camera['mac'], camera['model']))
                for camera in cameras(device).values())


def leaked_secrets(result, *plaintexts):
    """The passwords given that the result shows, as given or in the encrypted form the NVR stores (that is the password too)."""
    text = json.dumps(result)
    return [secret for secret in plaintexts if secret in text or encrypt_password(secret) in text]


def assert_clean_failure_before_writes(device, result):
    assert result.get('failed') is True, result
    assert result['changed'] is False
    assert nothing_written(device), device.stats()
    assert result['msg'].endswith('; nothing was written'), result['msg']
    assert device.stats()['open_sessions'] == 0


def event_ips_dropped(requests):
    """requests without the `ip` of each camera entry of an event action body (a field the NVR ignores in a POST)."""
    shown = copy.deepcopy(requests)
    for request in shown:
        for entry in (request['body'].get('camera') or {}).values() if request['path'] == '/setup/event_action_config' else ():
            entry.pop('ip', None)
    return shown


def assert_check_then_apply(device, params, expect_changed=True, rerun_unchanged=True, exact_event_ips=True):
    """Check mode writes nothing; the apply sends request for request what check mode showed; the rerun is unchanged."""
    shown = (lambda requests: requests) if exact_event_ips else event_ips_dropped
    check = run(device, params, check_mode=True)
    assert not check.get('failed'), check.get('msg')
    assert nothing_written(device), device.stats()
    assert check['changed'] is expect_changed
    apply = run(device, params)
    assert not apply.get('failed'), apply.get('msg')
    assert apply['changed'] is expect_changed
    for name in params:
        assert apply['resources'][name]['changed'] == check['resources'][name]['changed'], name
        assert shown(protocol_names(apply['resources'][name]['requests'])) == shown(check['resources'][name]['requests']), name
    assert apply['diff'] == check['diff']
    assert device.stats()['open_sessions'] == 0
    if not rerun_unchanged:
        return check, apply
    device.reset(counters_only=True)
    rerun = run(device, params)
    assert rerun['changed'] is False and not rerun.get('failed'), rerun.get('msg')
    assert all(not r['requests'] for r in rerun['resources'].values())
    assert nothing_written(device)
    assert device.stats()['open_sessions'] == 0
    return check, apply


# -- 2: permutations of camera addresses over channels -------------------------------------------------------
THREE = [p for p in itertools.permutations((A, B, C)) if p != (A, B, C)]
FOUR = [(B, A, D, C), (B, C, D, A), (D, C, B, A), (C, D, A, B)]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('order', THREE + FOUR, ids=['-'.join(ip[-2:] for ip in p) for p in THREE + FOUR])
def test_every_permutation_is_planned_in_check_mode_and_applied_as_planned(nvr, order):
    start = (A, B, C, D)[:len(order)]
    connect(nvr, *start)
    held = logins(nvr)
    params = {'camera': {'cameras': [{'channel': n, 'ip': ip} for n, ip in enumerate(order)]}}
    check, apply = assert_check_then_apply(nvr, params)
    now = cameras(nvr)
    assert [now[n]['ip'] for n in range(len(order))] == list(order)
    # each camera took its own login, MAC and model along
    assert all((now[n]['account'], now[n]['password'], now[n]['mac'], now[n]['model']) == held[ip]
               for n, ip in enumerate(order))
    assert not [w for w in apply.get('warnings', []) if 'replaces the camera' in w]
    assert not leaked_secrets(check, *CAMERA_PASSWORDS) and not leaked_secrets(apply, *CAMERA_PASSWORDS)


CAMERA_MODULE_CASES = [
    ({'cameras': [{'channel': 0, 'ip': B}, {'channel': 1, 'ip': A}]}, {0: B, 1: A, 2: C, 3: D}),
    ({'cameras': [{'channel': 0, 'ip': B}, {'channel': 1, 'ip': C}, {'channel': 2, 'ip': A}]}, {0: B, 1: C, 2: A, 3: D}),
    ({'cameras': [{'channel': n, 'ip': ip} for n, ip in enumerate((B, C, D, A))]}, {0: B, 1: C, 2: D, 3: A}),
    ({'cameras': [{'channel': 0, 'ip': B, 'password': 'Swap-secret-0'}, {'channel': 1, 'ip': A, 'type': 3, 'http_port': 81}]},
     {0: B, 1: A, 2: C, 3: D}),
    ({'state': 'deleted', 'cameras': [{'channel': 2}, {'channel': 3, 'ip': D}]}, {0: A, 1: B}),
    ({'state': 'overridden', 'cameras': [{'channel': 1, 'ip': A}, {'channel': 3, 'ip': B}]}, {1: A, 3: B}),
    ({'state': 'replaced', 'cameras': [{'channel': 0, 'ip': D}, {'channel': 3, 'ip': A}]}, {0: D, 1: B, 2: C, 3: A}),
]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('params, expected', CAMERA_MODULE_CASES,
                         ids=['swap', 'rotate3', 'rotate4', 'swap-with-changes', 'deleted', 'overridden-moves', 'replaced-swap-in'])
def test_the_camera_module_alone_check_mode_equals_the_apply(nvr, params, expected):
    connect(nvr, A, B, C, D)
    check = run_camera(nvr, params, check_mode=True)
    assert check['changed'] is True and nothing_written(nvr)
    apply = run_camera(nvr, params)
    assert apply['changed'] is True
    assert protocol_names(apply['requests']) == check['requests']
    assert apply['diff'] == check['diff']
    assert dict((n, camera['ip']) for n, camera in cameras(nvr).items()) == expected
    assert nvr.stats()['open_sessions'] == 0
    assert not leaked_secrets(check, 'Swap-secret-0', *CAMERA_PASSWORDS)
    assert not leaked_secrets(apply, 'Swap-secret-0', *CAMERA_PASSWORDS)
    if params.get('state', 'merged') in ('merged', 'deleted'):
        nvr.reset(counters_only=True)
        assert run_camera(nvr, params)['changed'] is False and nothing_written(nvr)


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_overridden_moves_cameras_to_free_channels_and_connects_a_new_one_where_one_left(nvr):
    connect(nvr, A, B, C)
    # A and B to free channels 5 and 6, C stays, D new on 0 (where A was), channel 1 disconnected
    params = {'camera': {'state': 'overridden', 'cameras': [
        {'channel': 5, 'ip': A}, {'channel': 6, 'ip': B}, {'channel': 2, 'ip': C}, {'channel': 0, 'ip': D}]}}
    assert_check_then_apply(nvr, params, rerun_unchanged=False)
    now = cameras(nvr)
    assert sorted((n, camera['ip']) for n, camera in now.items()) == [(0, D), (2, C), (5, A), (6, B)]
    assert (now[0]['mac'], now[0]['account'], now[0]['model']) == ('', 'Admin', '')


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('state', ['merged', 'overridden'])
def test_a_camera_moved_to_a_free_channel_takes_its_login_along(nvr, state):
    connect(nvr, A, B)
    held = logins(nvr)
    if state == 'merged':
        listed = [{'channel': 0, 'ip': C}, {'channel': 5, 'ip': A}]
    else:
        listed = [{'channel': 1, 'ip': B}, {'channel': 5, 'ip': A}]
    result = run(nvr, {'camera': {'state': state, 'cameras': listed}})
    assert not result.get('failed'), result.get('msg')
    now = cameras(nvr)
    assert now[5]['ip'] == A and all(camera['ip'] != A for n, camera in now.items() if n != 5)
    assert (now[5]['account'], now[5]['password'], now[5]['mac'], now[5]['model']) == moved_login(held[A], state)


def swap_params(state):
    return {'camera': {'state': state, 'cameras': [{'channel': 0, 'ip': B}, {'channel': 1, 'ip': A}]}}


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('state', ['merged', 'replaced', 'overridden'])
def test_a_swap_moves_the_logins_with_every_state(nvr, state):
    connect(nvr, A, B)
    held = logins(nvr)
    assert_check_then_apply(nvr, swap_params(state), rerun_unchanged=False)
    now = cameras(nvr)
    assert [(now[n]['account'], now[n]['password'], now[n]['mac'], now[n]['model']) for n in (0, 1)] == [
        moved_login(held[B], state), moved_login(held[A], state)]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('state', ['merged', 'replaced', 'overridden'])
def test_the_rerun_of_a_swap_is_unchanged_and_the_logins_stay(nvr, state):
    connect(nvr, A, B)
    held = logins(nvr)
    first = run(nvr, swap_params(state))
    assert first['changed'] and not first.get('failed'), first.get('msg')
    rerun = run(nvr, swap_params(state))
    now = cameras(nvr)
    assert [(now[n]['account'], now[n]['password'], now[n]['mac'], now[n]['model']) for n in (0, 1)] == [
        moved_login(held[B], state), moved_login(held[A], state)]
    assert rerun['changed'] is False and rerun['resources']['camera']['requests'] == []


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_overridden_swap_with_a_delete_and_a_new_camera_on_the_freed_channel(nvr):
    connect(nvr, A, B, C, D)
    held = logins(nvr)
    # swap A and B, delete C (channel 2), D moves onto channel 2, E new on channel 3
    params = {'camera': {'state': 'overridden', 'cameras': [
        {'channel': 0, 'ip': B}, {'channel': 1, 'ip': A}, {'channel': 2, 'ip': D}, {'channel': 3, 'ip': E}]}}
    dummy, apply = assert_check_then_apply(nvr, params, rerun_unchanged=False)
    now = cameras(nvr)
    assert [now[n]['ip'] for n in range(4)] == [B, A, D, E]
    # overridden sets items wholly: D keeps its password on channel 2, not its MAC; E is a new camera
    assert (now[2]['mac'], now[2]['password']) == ('', held[D][1]) and now[3]['mac'] == '' and now[3]['password'] == ''
    warnings = apply.get('warnings', [])
    assert any('cameras[3]: %s replaces the camera at %s' % (E, D) in w for w in warnings), warnings


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_overridden_moves_a_camera_onto_the_channel_of_the_one_it_disconnects(nvr):
    connect(nvr, A, B)
    logins_before = logins(nvr)
    params = {'camera': {'state': 'overridden', 'cameras': [{'channel': 0, 'ip': B}]}}
    assert_check_then_apply(nvr, params, rerun_unchanged=False)
    now = cameras(nvr)
    # overridden sets each listed item wholly: the moved camera keeps its password, the rest is a new camera's
    assert list(now) == [0] and now[0]['ip'] == B and now[0]['account'] == 'Admin'
    assert now[0]['password'] == logins_before[B][1]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_swap_combined_with_a_port_change(nvr):
    connect(nvr, A, B)
    params = {'camera': {'cameras': [{'channel': 0, 'ip': B}, {'channel': 1, 'ip': A, 'http_port': 8080}]}}
    assert_check_then_apply(nvr, params)
    now = cameras(nvr)
    assert (now[0]['ip'], int(now[0]['http_port'])) == (B, 80)
    assert (now[1]['ip'], int(now[1]['http_port'])) == (A, 8080)
    assert now[1]['account'] == 'cam0' and now[0]['account'] == 'cam1'


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_port_change_that_only_makes_room_for_a_move(nvr):
    # A:80 on 0 goes to A:8080 on 0; B's channel 1 takes ... the old address A:80 is free, nobody takes it
    # and C is connected on a free channel with A's old port 80 but its own address
    connect(nvr, A, B)
    params = {'camera': {'cameras': [{'channel': 0, 'ip': A, 'http_port': 8080}, {'channel': 1, 'ip': B, 'http_port': 8081},
                                     {'channel': 2, 'ip': C}]}}
    assert_check_then_apply(nvr, params)
    assert sorted((n, c['ip'], int(c['http_port'])) for n, c in cameras(nvr).items()) == [(0, A, 8080), (1, B, 8081), (2, C, 80)]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('params, text', [
    ({'cameras': [{'channel': 1, 'ip': A}]}, 'cameras[1].ip: %s port 80 is also the camera of channel 0' % A),
    ({'state': 'overridden', 'cameras': [{'channel': 4, 'ip': C}, {'channel': 5, 'ip': C}]},
     'cameras[4].ip: %s port 80 is also the camera of channel 5' % C),
    ({'cameras': [{'channel': 2, 'ip': B}]}, 'cameras[2].ip: %s port 80 is also the camera of channel 1' % B),
    ({'cameras': [{'channel': 0, 'ip': B}]}, 'cameras[0].ip: %s port 80 is also the camera of channel 1' % B),
    ({'cameras': [{'channel': 0, 'ip': B}, {'channel': 0, 'ip': C}]}, 'cameras: channel 0 is listed twice'),
    ({'state': 'replaced', 'cameras': [{'channel': 3, 'ip': A, 'http_port': 80}]}, 'cameras[3].ip: %s port 80 is also' % A),
], ids=['merged-onto-held', 'two-new-same', 'new-onto-held', 'half-swap', 'channel-twice', 'replaced-copy'])
def test_two_cameras_on_one_address_at_the_end_is_refused_before_any_write(nvr, params, text):
    connect(nvr, A, B)
    result = run(nvr, {'camera': params, 'email': {'recipients': ['ops@example.com']}})
    assert_clean_failure_before_writes(nvr, result)
    assert result['msg'].startswith('camera: %s' % text), result['msg']
    assert [cameras(nvr)[n]['ip'] for n in (0, 1)] == [A, B]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_another_port_of_an_address_another_channel_keeps_is_not_a_move(nvr):
    """ch1 gets A on port 8080 while ch0 keeps A on port 80 (an encoder with two ports): nothing moved, so ch1 must
    not copy ch0's login and MAC, and the user is told that a new camera starts from defaults."""
    connect(nvr, A, B)
    result = run(nvr, {'camera': {'cameras': [{'channel': 1, 'ip': A, 'http_port': 8080}]}})
    assert not result.get('failed'), result.get('msg')
    now = cameras(nvr)
    assert now[0]['ip'] == A and now[1]['ip'] == A
    assert (now[1]['account'], now[1]['mac'], now[1]['model']) != (now[0]['account'], now[0]['mac'], now[0]['model'])
    assert now[1]['mac'] != now[0]['mac']


# -- 1: a fresh NVR: connect, then templates and events for the cameras the run connects ---------------------
def fresh_site(with_accounts=True):
    site = {
        'camera': {'cameras': [{'channel': 0, 'ip': A, 'password': CAMERA_PASSWORDS[0]},
                               {'channel': 1, 'ip': B, 'username': 'root', 'password': CAMERA_PASSWORDS[1]},
                               {'channel': 7, 'ip': C, 'type': 3}]},
        'record_template': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}, {'name': 'Day-1'}],
                            'channels': [{'channel': 0, 'template': 'Night'}, {'channel': 7, 'template': 'Day-1'}]},
        'event_action': {'cameras': [{'channel': 1, 'motion': {'enabled': True, 'send_email': True, 'alarm_out': [1]}},
                                     {'channel': 7, 'video_loss': {'enabled': True, 'snapshot': True}}],
                         'alarm_inputs': [{'input': 0, 'enabled': True, 'channels': [0, 7]}]},
        'email': {'recipients': ['ops@example.com'], 'password': 'Mail-secret-9'},
        'record_config': {'retention_days': 20},
    }
    if with_accounts:
        site['account'] = {'accounts': [{'name': 'guard', 'password': 'Guard-secret-1', 'permissions': ['playback'],
                                         'covert_channels': [7]}]}
    return site


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_fresh_site_in_check_mode_is_exactly_what_the_apply_sends(nvr):
    site = fresh_site()
    check, apply = assert_check_then_apply(nvr, site)
    assert all(check['resources'][name]['changed'] for name in site)
    settings = nvr.get_state('record_template')['channel_setting']
    assert (settings['ch0']['template_name'], settings['ch1']['template_name'], settings['ch7']['template_name']) == (
        'Night', 'Default', 'Day-1')
    events = nvr.get_state('event_action')
    assert events['camera']['ch1']['event']['motion']['event_trigger'] in (True, 1)
    assert events['camera']['ch7']['event']['vloss']['take_snapshot'] in (True, 1)
    leaked = leaked_secrets(check, *(CAMERA_PASSWORDS[:2] + ['Mail-secret-9', 'Guard-secret-1']))
    leaked += leaked_secrets(apply, *(CAMERA_PASSWORDS[:2] + ['Mail-secret-9', 'Guard-secret-1']))
    assert not leaked
    assert not any('changed between this run' in w for w in apply.get('warnings', []))


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_fresh_site_with_a_refused_template_value_writes_nothing_and_names_it(nvr):
    site = fresh_site()
    site['record_template']['templates'][0]['schedule'] = {'all': NIGHT[:23]}
    result = run(nvr, site)
    assert_clean_failure_before_writes(nvr, result)
    assert result['msg'].startswith('record_template: templates[name=Night].schedule.sun: 23 values given')
    assert result['resources']['camera']['msg'].startswith('not sent: nothing is written')
    assert cameras(nvr) == {}


# -- a channel the run disconnects, named by a template or an event action ------------------------------------
@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('camera_params', [
    {'state': 'overridden', 'cameras': [{'channel': 0, 'ip': A}]},
    {'state': 'deleted', 'cameras': [{'channel': 1}]},
    {'state': 'overridden', 'cameras': [{'channel': 0, 'ip': A}, {'channel': 2, 'ip': B}]},
], ids=['overridden', 'deleted', 'moved-away'])
@pytest.mark.parametrize('other', ['record_template', 'event_action'])
def test_a_setting_for_a_channel_the_run_disconnects_is_refused_before_any_write(nvr, camera_params, other):
    connect(nvr, A, B)
    others = {'record_template': {'channels': [{'channel': 1, 'template': 'Default'}]},
              'event_action': {'cameras': [{'channel': 1, 'motion': {'enabled': True}}]}}
    result = run(nvr, {'camera': camera_params, other: others[other]})
    assert_clean_failure_before_writes(nvr, result)
    assert result['msg'].startswith('%s: ' % other) and 'channel 1 has no camera connected' in result['msg'], result['msg']
    assert [cameras(nvr)[n]['ip'] for n in (0, 1)] == [A, B]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_template_on_a_channel_a_camera_moves_to_is_planned(nvr):
    connect(nvr, A, B)
    params = {'camera': {'state': 'overridden', 'cameras': [{'channel': 0, 'ip': A}, {'channel': 4, 'ip': B}]},
              'record_template': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}],
                                  'channels': [{'channel': 4, 'template': 'Night'}]},
              'event_action': {'cameras': [{'channel': 4, 'motion': {'enabled': True}}]}}
    assert_check_then_apply(nvr, params)
    assert nvr.get_state('record_template')['channel_setting']['ch4']['template_name'] == 'Night'


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_swap_keeps_the_templates_the_run_names_for_both_channels(nvr):
    connect(nvr, A, B)
    setup = {'record_template': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}],
                                 'channels': [{'channel': 0, 'template': 'Night'}, {'channel': 1, 'template': 'Night'}]},
             'event_action': {'cameras': [{'channel': 0, 'motion': {'enabled': True}}, {'channel': 1, 'motion': {'enabled': True}}]}}
    assert run(nvr, setup)['changed']
    nvr.reset(counters_only=True)
    params = dict(setup, camera={'cameras': [{'channel': 0, 'ip': B}, {'channel': 1, 'ip': A}]})
    assert_check_then_apply(nvr, params, exact_event_ips=False)
    settings = nvr.get_state('record_template')['channel_setting']
    assert [settings['ch0']['template_name'], settings['ch1']['template_name']] == ['Night', 'Night']


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_camera_only_swap_does_not_silently_reset_one_channels_template_and_events(nvr):
    """A swap run by the camera module alone: the channel whose camera is disconnected and connected again gets
    Default and the default event actions on the NVR. The other channel keeps its own: one of the two is lost,
    with neither a warning nor a diff that says so."""
    connect(nvr, A, B)
    setup = {'record_template': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}],
                                 'channels': [{'channel': 0, 'template': 'Night'}, {'channel': 1, 'template': 'Night'}]}}
    assert run(nvr, setup)['changed']
    result = run(nvr, {'camera': {'cameras': [{'channel': 0, 'ip': B}, {'channel': 1, 'ip': A}]}})
    assert not result.get('failed'), result.get('msg')
    settings = nvr.get_state('record_template')['channel_setting']
    lost = [n for n in (0, 1) if settings['ch%d' % n]['template_name'] != 'Night']
    assert not lost or any('template' in w for w in result.get('warnings', [])), (lost, result.get('warnings'))


# -- a camera edit in the same run as event actions of that channel -------------------------------------------
@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_an_address_change_and_event_actions_of_that_channel_in_one_run(nvr):
    connect(nvr, A, B)
    params = {'camera': {'cameras': [{'channel': 0, 'ip': D, 'username': 'cam0', 'password': 'Cam-new-0'}]},
              'event_action': {'cameras': [{'channel': 0, 'motion': {'enabled': True}}]}}
    check, apply = assert_check_then_apply(nvr, params, exact_event_ips=False)
    # this run's own camera write is not "another run or user"
    assert not any('changed between this run' in w for w in apply.get('warnings', [])), apply.get('warnings')
    assert not leaked_secrets(apply, 'Cam-new-0') and not leaked_secrets(check, 'Cam-new-0')


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('cameras_given', [[{'channel': 0, 'ip': D}], [{'channel': 0, 'ip': B}, {'channel': 1, 'ip': A}]],
                         ids=['edit', 'swap'])
def test_check_mode_event_action_requests_equal_the_apply_when_the_run_edits_an_address(nvr, cameras_given):
    connect(nvr, A, B)
    params = {'camera': {'cameras': cameras_given},
              'event_action': {'cameras': [{'channel': 0, 'motion': {'enabled': True}}, {'channel': 1, 'motion': {'enabled': True}}]}}
    assert_check_then_apply(nvr, params)


# -- 0: a refused value in any resource beside valid changes: nothing written ---------------------------------
VALID = {
    'camera': {'cameras': [{'channel': 3, 'ip': D}]},
    'account': {'accounts': [{'name': 'guard', 'password': 'Guard-secret-1'}]},
    'record_template': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}]},
    'event_action': {'alarm_inputs': [{'input': 1, 'enabled': True}]},
    'email': {'recipients': ['ops@example.com']},
    'ddns': {'enabled': True, 'hostname': 'nvr.example.net', 'password': 'Ddns-secret-1'},
    'system_monitor': {'cpu_fan': {'send_email': False, 'alarm_out': [1]}},
    'record_config': {'retention_days': 20},
    'default_connection': {'defaults': [{'type': 0, 'username': 'root', 'password': 'Dc-secret-1'}]},
}
REFUSED = [
    ('camera', {'cameras': [{'channel': 3, 'ip': 'cam3.example.com'}]}, "cameras[3].ip: 'cam3.example.com' is not an IPv4"),
    ('camera', {'cameras': [{'channel': 3, 'ip': '2001:db8::61'}]}, 'cameras[3].ip: '),
    ('camera', {'cameras': [{'channel': 3, 'ip': ' 192.0.2.63 '}]}, 'cameras[3].ip: '),
    ('camera', {'cameras': [{'channel': 3, 'ip': D, 'type': 7}]}, 'cameras[3].type: device type 7 is not supported'),
    ('camera', {'cameras': [{'channel': 32, 'ip': D}]}, 'cameras[32].channel: '),
    ('camera', {'cameras': [{'channel': -1, 'ip': D}]}, 'cameras[-1].channel: '),
    ('camera', {'cameras': [{'channel': 3, 'ip': '192.0.2.256'}]}, "cameras[3].ip: '192.0.2.256' is not an IPv4"),
    ('camera', {'cameras': [{'channel': 3, 'ip': D, 'type': 2}]}, 'cameras[3].type: device type 2 is not supported'),
    ('camera', {'cameras': [{'channel': 0, 'ip': D}, {'channel': 3, 'ip': D}]}, 'is also the camera of channel'),
    ('camera', {'cameras': [{'channel': 3, 'ip': D, 'http_port': 0}]}, 'cameras[3].http_port: '),
    ('account', {'accounts': [{'name': 'guard', 'password': 'short'}]}, 'accounts[guard].password: '),
    ('account', {'accounts': [{'name': '_guard', 'password': 'Guard-secret-1'}]}, 'accounts[_guard].name: '),
    ('account', {'accounts': [{'name': 'ADMIN', 'password': 'Guard-secret-1'}]}, 'accounts[ADMIN].'),
    ('account', {'accounts': [{'name': 'guard', 'password': 'Guard-secret-1', 'covert_channels': [32]}]},
     'accounts[guard].covert_channels: '),
    ('record_template', {'channels': [{'channel': 5, 'template': 'Default'}]}, 'channels: channel 5 has no camera'),
    ('record_template', {'templates': [{'name': 'bad name'}]}, "templates[].name: 'bad name' is not a template name"),
    ('record_template', {'templates': [{'name': 'Night', 'schedule': {'mon': ['often'] * 24}}]}, "is not a record type"),
    ('event_action', {'alarm_inputs': [{'input': 9, 'enabled': True}]}, 'alarm_inputs: alarm input 9 does not exist'),
    ('event_action', {'default': {'snapshot_size': 'HUGE'}}, "default.snapshot_size: unknown snapshot size 'HUGE'"),
    ('event_action', {'default': {'alarm_out': [5]}}, 'default.alarm_out: alarm output 5 does not exist'),
    ('email', {'recipients': ['not-an-address']}, "recipients: 'not-an-address' is not an email address"),
    ('email', {'recipients': ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']}, 'recipients: 4 addresses'),
    ('ddns', {'port': 70000}, 'port: 70000 is out of range'),
    ('system_monitor', {'cpu_fan': {'alarm_out': [9]}}, 'cpu_fan.alarm_out: alarm output 9 does not exist'),
    ('record_config', {'retention_days': 9999}, 'retention_days: 9999'),
    ('default_connection', {'defaults': [{'type': 7, 'username': 'x'}]}, 'defaults[7].type: '),
    ('default_connection', {'auto_refresh_time': 0}, 'auto_refresh_time: 0 is not a number of seconds'),
]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('name, bad, text', REFUSED, ids=['%s-%d' % (r[0], i) for i, r in enumerate(REFUSED)])
def test_a_refused_value_beside_valid_changes_in_every_other_resource_writes_nothing(nvr, name, bad, text):
    connect(nvr, A)
    params = copy.deepcopy(VALID)
    params[name] = bad
    for mode in (True, False):
        result = run(nvr, params, check_mode=mode)
        assert_clean_failure_before_writes(nvr, result)
        assert result['msg'].startswith('%s: ' % name), result['msg']
        assert text in result['msg'], result['msg']
        assert result['resources'][name]['failed'] is True
        for other in VALID:
            if other != name and name == 'camera' and other in ('record_template', 'event_action'):
                # their channels depend on the refused camera list: not checked, rather than refused for a wrong reason
                assert result['resources'][other] == {'changed': False, 'failed': True, 'msg': 'not checked: it depends on camera, which was refused'}
            elif other != name:
                entry = dict(result['resources'][other])
                assert entry.pop('requests_not_sent'), other  # what it would send, had nothing been refused
                assert set(entry.pop('diff', {'before': None, 'after': None})) == {'before', 'after'}, other
                assert isinstance(entry.pop('config'), dict), other  # the NVR's, unchanged
                assert entry == {
                    'changed': False, 'msg': 'not sent: nothing is written to this NVR while a resource is refused (%s)' % name}
        assert not leaked_secrets(result, 'Guard-secret-1', 'Ddns-secret-1', 'Dc-secret-1', 'short')
    assert list(cameras(nvr)) == [0]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_refused_value_in_every_resource_names_the_first_and_counts_the_others(nvr):
    connect(nvr, A)
    params, firsts = {}, {}
    for name, bad, text in REFUSED:
        if name not in params:
            params[name], firsts[name] = bad, text
    result = run(nvr, params)
    assert_clean_failure_before_writes(nvr, result)
    assert result['msg'].startswith('camera: ') and firsts['camera'] in result['msg']
    dependents = ('record_template', 'event_action')  # not checked: the camera list they depend on was refused
    assert '; and %d more resources failed (see resources); nothing was written' % (len(params) - 1 - len(dependents)) in result['msg']
    for name, text in firsts.items():
        if name in dependents:
            assert result['resources'][name] == {'changed': False, 'failed': True, 'msg': 'not checked: it depends on camera, which was refused'}
        else:
            assert result['resources'][name]['failed'] is True and text in result['resources'][name]['msg'], (name, result['resources'][name])


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('bad, text', [
    ({'record_config': {'retention_days': 'many'}}, 'record_config: '),
    ({'camera': {'cameras': [{'channel': 3, 'ip': D, 'titel': 'Gate'}]}}, 'camera: cameras[0].titel: unsupported parameter; did you mean title?'),
    ({'account': {'accounts': [{'name': 'guard', 'password': '********'}]}}, 'account: accounts[guard].password: the masked placeholder'),
    ({'ddns': {'password': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'}}, 'ddns: password: the masked placeholder'),
    ({'camera': {'cameras': [{'channel': 3, 'ip': D, 'protocol': 'HTTP'}]}}, 'camera: '),
], ids=['type', 'typo', 'mask', 'no-log-placeholder', 'choice'])
def test_a_refused_option_beside_valid_changes_fails_before_any_write(nvr, bad, text):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
    params = copy.deepcopy(VALID)
    params.update(bad)
    with pytest.raises(NvrError) as refused:
        run(nvr, params)
    assert str(refused.value).startswith(text), str(refused.value)
    assert nothing_written(nvr) and nvr.stats()['open_sessions'] == 0
    assert not leaked_secrets(str(refused.value), 'Guard-secret-1', 'Ddns-secret-1', 'Dc-secret-1')


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_every_valid_change_together_is_check_mode_exact_and_converges(nvr):
    connect(nvr, A)
    check, apply = assert_check_then_apply(nvr, copy.deepcopy(VALID))
    assert all(apply['resources'][name]['changed'] for name in VALID), dict(
        (name, r['changed']) for name, r in apply['resources'].items())
    assert not leaked_secrets(apply, 'Guard-secret-1', 'Ddns-secret-1', 'Dc-secret-1')
    assert not leaked_secrets(check, 'Guard-secret-1', 'Ddns-secret-1', 'Dc-secret-1')


# -- 5: the administrator as the device spells it; accounts at the limit -------------------------------------
@pytest.mark.parametrize('nvr', ['admin', 'manual-admin'], indirect=True)
def test_the_administrator_spelt_admin_is_protected_and_not_counted(nvr):
    refused = run(nvr, {'account': {'accounts': [{'name': 'admin', 'permissions': ['ptz']}]},
                        'email': {'recipients': ['ops@example.com']}}, username='admin')
    assert_clean_failure_before_writes(nvr, refused)
    assert refused['msg'].startswith('account: accounts[admin].permissions: the permissions and covert channels of the '
                                     'administrator admin cannot be changed')
    # its password can be changed, and a deleted/overridden run keeps it with a warning
    deleted = run(nvr, {'account': {'state': 'deleted', 'accounts': [{'name': 'admin'}]}}, username='admin')
    assert not deleted.get('failed') and deleted['changed'] is False
    assert "account: accounts name 'admin' is kept: the administrator account cannot be deleted" in deleted['warnings']
    existing = [a['account'] for a in nvr.get_state('accounts') if a['account'] != 'admin']
    room = 6 - len(existing)
    fill = [{'name': 'user%d' % n, 'password': 'Us3r-pw-%d' % n} for n in range(room)]
    nvr.reset(counters_only=True)
    filled = run(nvr, {'account': {'accounts': fill}}, username='admin')
    assert filled['changed'] and not filled.get('failed'), filled.get('msg')
    nvr.reset(counters_only=True)
    over = run(nvr, {'account': {'accounts': [{'name': 'extra1', 'password': 'Extra-pw-1'}]},
                     'email': {'recipients': ['ops@example.com']}}, username='admin')
    assert_clean_failure_before_writes(nvr, over)
    assert 'accounts: 7 accounts besides the administrator admin' in over['msg']


@pytest.mark.parametrize('nvr', ['admin', 'manual-admin'], indirect=True)
@pytest.mark.parametrize('item', [
    {'name': 'Admin', 'password': 'Other-admin1'},
    {'name': 'Admin', 'covert_channels': [1]},
], ids=['with-password', 'without-password'])
def test_an_account_Admin_beside_the_administrator_admin_is_refused_naming_admin(nvr, item):
    """The collection cannot know whether the device compares names with case: Admin beside admin is refused up front,
    and the message names the administrator as the NVR spells it."""
    result = run(nvr, {'account': {'accounts': [item]}, 'email': {'recipients': ['ops@example.com']}}, username='admin')
    assert_clean_failure_before_writes(nvr, result)
    assert result['msg'].startswith('account: accounts[Admin].'), result['msg']
    assert "'admin'" in result['msg'], result['msg']
    assert not leaked_secrets(result, 'Other-admin1', PASSWORD)


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_accounts_at_the_limit_overridden_with_six_others_swaps_them_all(nvr):
    existing = [a['account'] for a in nvr.get_state('accounts') if a['account'] != 'Admin']
    first = [{'name': 'old%d' % n, 'password': 'Old-pw-%d' % n} for n in range(6 - len(existing))]
    assert run(nvr, {'account': {'accounts': first}})['changed']
    nvr.reset(counters_only=True)
    # six new accounts in place of the six there: deletes must come before the adds
    new = [{'name': 'new%d' % n, 'password': 'New-pw-%d' % n, 'permissions': ['playback']} for n in range(6)]
    params = {'account': {'state': 'overridden', 'accounts': new}}
    dummy, apply = assert_check_then_apply(nvr, params)
    names = sorted(a['account'] for a in nvr.get_state('accounts'))
    assert names == sorted(['Admin'] + ['new%d' % n for n in range(6)])
    assert not leaked_secrets(apply, *(['New-pw-%d' % n for n in range(6)] + ['Old-pw-%d' % n for n in range(6)]))


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_seventh_account_is_refused_before_any_write_of_the_run(nvr):
    existing = [a['account'] for a in nvr.get_state('accounts') if a['account'] != 'Admin']
    first = [{'name': 'old%d' % n, 'password': 'Old-pw-%d' % n} for n in range(6 - len(existing))]
    assert run(nvr, {'account': {'accounts': first}})['changed']
    nvr.reset(counters_only=True)
    result = run(nvr, {'camera': {'cameras': [{'channel': 0, 'ip': A}]},
                       'account': {'accounts': [{'name': 'seventh', 'password': 'Seven-pw-7'}]}})
    assert_clean_failure_before_writes(nvr, result)
    assert result['msg'].startswith('account: accounts: 7 accounts besides the administrator Admin')


@pytest.mark.parametrize('nvr', ['manual'], indirect=True)
def test_an_ordinary_admin_beside_Admin_on_a_device_that_compares_names_with_case(nvr):
    """The manual's NVR compares names with case: it holds Admin (the administrator), Guest and an ordinary `admin` to
    which someone gave every authority. That `admin` is one of the six accounts the device counts; adding four more
    must be refused before any write (the device refuses the fourth add), and `admin` may be deleted."""
    from move_nvr_emulator import encrypt
    accounts = nvr.get_state('accounts')
    accounts.append({'account': 'admin', 'password': encrypt('Plain-admin1'), 'authority': 31, 'covert': [False] * 32})
    nvr.set_state({'accounts': accounts})
    nvr.reset(counters_only=True)
    adds = [{'name': 'user%d' % n, 'password': 'Us3r-pw-%d' % n} for n in range(5)]
    result = run(nvr, {'account': {'accounts': adds}})
    assert result.get('failed') and nothing_written(nvr), (result.get('msg'), nvr.stats())


@pytest.mark.parametrize('nvr', ['manual'], indirect=True)
def test_an_ordinary_admin_with_every_authority_can_be_deleted_on_a_device_that_compares_names_with_case(nvr):
    from move_nvr_emulator import encrypt
    accounts = nvr.get_state('accounts')
    accounts.append({'account': 'admin', 'password': encrypt('Plain-admin1'), 'authority': 31, 'covert': [False] * 32})
    nvr.set_state({'accounts': accounts})
    result = run(nvr, {'account': {'state': 'deleted', 'accounts': [{'name': 'admin'}]}})
    assert not result.get('failed'), result.get('msg')
    assert 'admin' not in [a['account'] for a in nvr.get_state('accounts')]


# -- deleted with fields that do not match the NVR's ----------------------------------------------------------
@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_deleted_camera_with_another_address_warns_and_deletes(nvr):
    connect(nvr, A, B)
    params = {'camera': {'state': 'deleted', 'cameras': [{'channel': 1, 'ip': C, 'title': 'Cam 1'}]}}
    check = run(nvr, params, check_mode=True)
    apply = run(nvr, params)
    assert not apply.get('failed') and apply['changed']
    assert list(cameras(nvr)) == [0]
    expected = "camera: cameras[1]: deleted by its channel, although ip given differs from the NVR's"
    assert expected in check.get('warnings', []) and expected in apply.get('warnings', [])
    assert run(nvr, params)['changed'] is False


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_deleted_camera_with_matching_fields_does_not_warn(nvr):
    connect(nvr, A, B)
    params = {'camera': {'state': 'deleted', 'cameras': [{'channel': 1, 'ip': B, 'username': 'cam1', 'title': 'Cam 1',
                                                          'password': 'whatever-1'}]}}
    apply = run(nvr, params)
    assert apply['changed'] and not any('deleted by its' in w for w in apply.get('warnings', []))
    assert not leaked_secrets(apply, 'whatever-1')


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_deleted_account_with_other_permissions_warns(nvr):
    assert run(nvr, {'account': {'accounts': [{'name': 'guard', 'password': 'Guard-secret-1', 'permissions': ['ptz']}]}})['changed']
    params = {'account': {'state': 'deleted', 'accounts': [{'name': 'guard', 'permissions': ['setup', 'playback']}]}}
    apply = run(nvr, params)
    assert apply['changed']
    assert "account: accounts[guard]: deleted by its name, although permissions given differs from the NVR's" in apply['warnings']


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_deleted_template_given_with_its_own_week_does_not_warn(nvr):
    assert run(nvr, {'record_template': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}]}})['changed']
    params = {'record_template': {'state': 'deleted', 'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}]}}
    apply = run(nvr, params)
    assert apply['changed'] and not apply.get('failed')
    assert not any('deleted by its' in w for w in apply.get('warnings', [])), apply.get('warnings')


# -- secrets of cameras that move -------------------------------------------------------------------------------
@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_new_passwords_given_in_a_rotation_never_show(nvr):
    connect(nvr, A, B, C)
    params = {'camera': {'cameras': [{'channel': 0, 'ip': C, 'password': 'Rot-secret-0'},
                                     {'channel': 1, 'ip': A, 'password': 'Rot-secret-1'},
                                     {'channel': 2, 'ip': B}]}}
    check, apply = assert_check_then_apply(nvr, params)
    assert not leaked_secrets(check, 'Rot-secret-0', 'Rot-secret-1', *CAMERA_PASSWORDS)
    assert not leaked_secrets(apply, 'Rot-secret-0', 'Rot-secret-1', *CAMERA_PASSWORDS)
    from move_nvr_emulator import decrypt
    now = cameras(nvr)
    assert [decrypt(now[n]['password']) for n in range(3)] == ['Rot-secret-0', 'Rot-secret-1', CAMERA_PASSWORDS[1]]


# -- the apply stops at a refusal inside a resource -------------------------------------------------------------
class RefuseNth:
    """An NvrClient whose n-th POST to endpoint is refused by the NVR (as a device would, after taking the others)."""

    def __init__(self, client, endpoint, nth):
        self._client, self._endpoint, self._nth, self._seen = client, endpoint, nth, 0

    def __getattr__(self, name):
        return getattr(self._client, name)

    def call(self, name, body=None, params=None):
        from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrRefused
        if name == self._endpoint:
            self._seen += 1
            if self._seen == self._nth:
                raise NvrRefused('NVR 127.0.0.1 refused POST /setup/account_add: account: storage full')
        return self._client.call(name, body=body, params=params)


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_resource_refused_halfway_reports_what_it_changed(nvr):
    client = client_for(nvr)
    try:
        params = {'account': {'accounts': [{'name': 'user1', 'password': 'Us3r-pw-1'}, {'name': 'user2', 'password': 'Us3r-pw-2'}]},
                  'email': {'recipients': ['ops@example.com']}}
        result = NvrConfigTask().run(RefuseNth(client, 'account_add', 2), params, diff_mode=True)
    finally:
        client.logout()
    result.pop('_secrets', None)
    assert 'user1' in [a['account'] for a in nvr.get_state('accounts')]
    assert result['failed'] is True
    assert result['msg'].endswith('written before it: account (1 of its 2 requests); not sent: email'), result['msg']
    assert result['resources']['account']['changed'] is True
    assert result['changed'] is True
    assert not leaked_secrets(result, 'Us3r-pw-1', 'Us3r-pw-2')


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_refused_camera_does_not_make_the_templates_of_its_other_cameras_fail_too(nvr):
    params = {'camera': {'cameras': [{'channel': 0, 'ip': A}, {'channel': 1, 'ip': 'cam1.example.com'}]},
              'record_template': {'channels': [{'channel': 0, 'template': 'Default'}]}}
    result = run(nvr, params, check_mode=True)
    assert_clean_failure_before_writes(nvr, result)
    assert result['msg'].startswith("camera: cameras[1].ip: 'cam1.example.com' is not an IPv4 address")
    assert 'no camera connected' not in json.dumps(result['resources']['record_template'])


@pytest.mark.parametrize('nvr', ['admin', 'manual-admin'], indirect=True)
def test_the_administrators_own_password_changed_with_other_resources_goes_last(nvr):
    params = {'account': {'accounts': [{'name': 'admin', 'password': 'New-admin-9'},
                                       {'name': 'guard', 'password': 'Guard-secret-1'}]},
              'email': {'recipients': ['ops@example.com']}}
    check = run(nvr, params, check_mode=True, username='admin')
    assert check['changed'] and nothing_written(nvr)
    result = run(nvr, params, username='admin')
    assert not result.get('failed'), result.get('msg')
    paths = [r['path'] for r in result['resources']['account']['requests']]
    assert paths[-1] == '/setup/account_edit'
    assert result['resources']['account']['requests'] == check['resources']['account']['requests']
    assert not leaked_secrets(result, 'New-admin-9', 'Guard-secret-1', PASSWORD)
    assert not leaked_secrets(check, 'New-admin-9', 'Guard-secret-1', PASSWORD)
    from move_nvr_emulator import decrypt
    assert decrypt(next(a for a in nvr.get_state('accounts') if a['account'] == 'admin')['password']) == 'New-admin-9'
    assert nvr.stats()['open_sessions'] == 0


# -- a change by someone else between the plan's read and the run's first write -----------------------------------
@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_change_made_between_the_plan_and_the_first_write_is_not_reverted(nvr):
    def someone_else():
        events = nvr.get_state('event_action')
        events['nvr']['nvr0']['event']['alarm_in_2']['event_trigger'] = True
        nvr.set_state({'event_action': events}, replace=True)
    client = client_for(nvr)
    try:
        params = {'event_action': {'alarm_inputs': [{'input': 1, 'enabled': True}]}, 'email': {'recipients': ['ops@example.com']}}
        result = NvrConfigTask().run(AfterRead(client, 'event_action_get', someone_else), params, diff_mode=True)
    finally:
        client.logout()
    alarm_in_2 = nvr.get_state('event_action')['nvr']['nvr0']['event']['alarm_in_2']['event_trigger']
    # the run stops before writing and says so (issue 11, item 6); the rerun plans afresh and keeps the change
    assert alarm_in_2 in (True, 1) and result.get('failed') and nothing_written(nvr), (result.get('msg'), alarm_in_2)
    assert result['msg'] == ('event_action: changed on the NVR since this run read it (another run or a person?); run '
                             'again to plan afresh; nothing was written')
    rerun = run(nvr, params)
    assert rerun['changed'] and not rerun.get('failed')
    inputs = nvr.get_state('event_action')['nvr']['nvr0']['event']
    assert [inputs['alarm_in_1']['event_trigger'], inputs['alarm_in_2']['event_trigger']] in ([True, True], [1, 1])


class EndsSessionOnOwnPassword:
    """An NvrClient on an NVR that ends the session when the session's own account gets a new password."""

    def __init__(self, client, device):
        self._client, self._device = client, device

    def __getattr__(self, name):
        return getattr(self._client, name)

    def call(self, name, body=None, params=None):
        reply = self._client.call(name, body=body, params=params)
        if name == 'account_edit' and (body or {}).get('account') == self._client.username:
            self._device.expire_sessions()
        return reply


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_the_sessions_own_new_password_is_the_last_request_of_the_run(nvr):
    client = client_for(nvr)
    try:
        params = {'account': {'accounts': [{'name': 'Admin', 'password': 'New-admin-9'}]},
                  'email': {'recipients': ['ops@example.com']}, 'record_config': {'retention_days': 20}}
        result = NvrConfigTask().run(EndsSessionOnOwnPassword(client, nvr), params, diff_mode=True)
    finally:
        client.logout()
    result.pop('_secrets', None)
    assert not result.get('failed'), result.get('msg')
    assert nvr.get_state('record_config')['data_life_time']['cur'] in (20, '20')
    assert not leaked_secrets(result, 'New-admin-9', PASSWORD)


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_a_template_only_a_channel_the_run_disconnects_uses_can_be_removed_in_the_same_run(nvr):
    connect(nvr, A, B)
    assert run(nvr, {'record_template': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}],
                                         'channels': [{'channel': 1, 'template': 'Night'}]}})['changed']
    nvr.reset(counters_only=True)
    params = {'camera': {'state': 'deleted', 'cameras': [{'channel': 1}]},
              'record_template': {'state': 'overridden', 'templates': [{'name': 'Default'}]}}
    assert_check_then_apply(nvr, params)
    assert sorted(nvr.get_state('record_template')['record_template']) == ['Default']
    assert list(cameras(nvr)) == [0]


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
@pytest.mark.parametrize('resource, given', [
    ('account', {'name': 'guard', 'permissions': ['playback', 'ptz'], 'covert_channels': [7, 1], 'password': 'Other-pw-1'}),
    ('camera', {'channel': 1, 'ip': B, 'http_port': 80, 'username': 'cam1', 'mac': '00:D0:89:00:00:01', 'password': 'x-1'}),
], ids=['account', 'camera'])
def test_deleted_with_fields_that_match_in_another_order_does_not_warn(nvr, resource, given):
    connect(nvr, A, B)
    assert run(nvr, {'account': {'accounts': [{'name': 'guard', 'password': 'Guard-secret-1', 'permissions': ['ptz', 'playback'],
                                               'covert_channels': [1, 7]}]}})['changed']
    key = 'accounts' if resource == 'account' else 'cameras'
    result = run(nvr, {resource: {'state': 'deleted', key: [given]}})
    assert result['changed'] and not result.get('failed'), result.get('msg')
    assert not [w for w in result.get('warnings', []) if 'deleted by its' in w], result['warnings']
    assert not leaked_secrets(result, 'Other-pw-1', 'Guard-secret-1')


@pytest.mark.parametrize('nvr', DIALECTS, indirect=True)
def test_sixteen_cameras_rotated_by_one_channel_in_one_request(nvr):
    addresses = ['198.51.100.%d' % (10 + n) for n in range(16)]
    params = {'camera': {'cameras': [{'channel': n, 'ip': ip, 'username': 'u%d' % n, 'mac': '00:D0:89:00:01:%02X' % n}
                                     for n, ip in enumerate(addresses)]}}
    assert run(nvr, params)['changed']
    nvr.reset(counters_only=True)
    rotated = addresses[1:] + addresses[:1]
    params = {'camera': {'cameras': [{'channel': n, 'ip': ip} for n, ip in enumerate(rotated)]},
              'record_template': {'channels': [{'channel': n, 'template': 'Default'} for n in range(16)]}}
    dummy, apply = assert_check_then_apply(nvr, params)
    assert len(apply['resources']['camera']['requests']) == 1
    now = cameras(nvr)
    assert [now[n]['ip'] for n in range(16)] == rotated
    assert [now[n]['account'] for n in range(16)] == ['u%d' % ((n + 1) % 16) for n in range(16)]
    settings = nvr.get_state('record_template')['channel_setting']
    assert all(settings['ch%d' % n]['template_name'] == 'Default' for n in range(16))
