# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Round trips from _info to config through real ansible-playbook runs (docs/states.md, "From _info to config").

The NVR has passwords on its email, DDNS, accounts and cameras, and something
other than the factory on every other resource, set through the emulator's
side channel. For every resource and every state but `deleted`: the _info
module, then the config module given that `config` in check mode and for
real. Each run is `changed: false` with no request, no write attempt reaches
the NVR, and its stored state, passwords included, is exactly as before. The
same through nvr_info -> nvr_config, on both execution paths. A masked
placeholder given as a password is refused in one line that names the
option, with no write, on both paths.

The round trips also run on an NVR of each other dialect (nvr_info ->
nvr_config in the controller); the refusal of a placeholder, which happens
before any request, on strict only (docs/development.md, "Dialects in the suite").
"""

from __future__ import annotations

import importlib

import pytest

from harness import run_playbook

from ansible_collections.mobotix.move_nvr.plugins.module_utils.registry import RESOURCE_MODULES, RESOURCE_ORDER

PATHS = ['controller', 'module']
DIALECTS = ('strict', 'manual', 'lenient')
# (path, dialect): both paths on strict, the controller on the others
RUNS = [(path, 'strict') for path in PATHS] + [('controller', dialect) for dialect in DIALECTS[1:]]
# Every resource of the registry (plugins/module_utils/registry.py); the lists are those with `overridden`.
RESOURCES = RESOURCE_ORDER
LISTS = tuple(name for name in RESOURCE_ORDER if 'overridden' in RESOURCE_MODULES[name].RESOURCE.states)
SECRETS = {'smtp': 'Smtp-RT-5ecret', 'ddns': 'Ddns-RT-5ecret', 'operator': 'Oper8tor-RT', 'guard': 'Gu4rd-RT-pw',
           'cam0': 'Cam0-RT-pw', 'cam1': 'Cam1-RT-pw', 'cam3': 'Cam3-RT-pw'}
REFUSAL_END = "is not a password; leave the option out to keep the NVR's password"


def states_of(resource):
    return ['merged', 'replaced', 'overridden'] if resource in LISTS else ['merged', 'replaced']


def options_of(resource):
    """The module's resource options (not state, update_password, allow_disconnect_all)."""
    spec = importlib.import_module('ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.%s' % resource).ARGUMENT_SPEC
    return [name for name in spec if name not in ('state', 'update_password', 'allow_disconnect_all')]


def configure(nvr):
    """Passwords everywhere they can be, and no resource at its factory values; no write request."""
    from move_nvr_emulator import encrypt, factory
    state = nvr.state()
    for ch, title in ((0, 'Entrance'), (1, 'Yard'), (3, 'Dock')):
        camera = {'account': 'viewer' if ch == 1 else 'Admin', 'ch': ch, 'http_port': 80, 'ip': '198.51.100.%d' % (10 + ch),
                  'mac': '00:D0:89:00:02:%02X' % ch, 'model': 'R3V6-L', 'password': encrypt(SECRETS['cam%d' % ch]),
                  'protocol': 'RTP+RTSP', 'rtsp_port': 554, 'title': title, 'type': 1}
        factory.attach_camera(state, camera, {'proj': 'R3V6-L', 'dev': '', 'netmask': '255.255.255.0', 'gateway': '', 'dns': ''})
    num_ch = len(state['record_template']['channel_setting'])
    covert = [ch in (1, 3) for ch in range(num_ch)]
    state['accounts'] += [{'account': 'operator', 'password': encrypt(SECRETS['operator']), 'authority': 13, 'covert': covert},
                          {'account': 'guard', 'password': encrypt(SECRETS['guard']), 'authority': 8, 'covert': [False] * num_ch}]
    state['email'].update(account='nvr-alarms@example.com', password=encrypt(SECRETS['smtp']), current_provider='custom',
                          address=['soc@example.com', 'facilities@example.com', ''])
    state['email']['provider_opt']['custom'].update(server_site='smtp.example.com', port=587)
    state['ddns'].update(enabled=True, server_name='NoIP', hostname='site.example.net', username='site', port=8245,
                         password=encrypt(SECRETS['ddns']))
    state['system_monitor']['system_monitor_setting']['cpu_temperature']['threshold'] = 72
    state['system_monitor']['system_monitor_setting']['disk_full']['alarm_out'] = [True, True]
    motion = state['event_action']['camera']['ch1']['event']['motion']
    motion.update(event_trigger=True, send_email=True, take_snapshot=True, alarm_out=[False, True])
    state['event_action']['nvr']['nvr0']['event']['alarm_in_1'].update(event_trigger=True, channel_map=[ch in (0, 3) for ch in range(num_ch)])
    night = [1] * 7 + [2] * 12 + [1] * 5
    state['record_template']['record_template']['Night'] = dict((day, list(night)) for day in ('Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'))
    state['record_template']['channel_setting']['ch3']['template_name'] = 'Night'
    state['record_config']['data_life_time']['cur'] = 21
    state['record_config']['record_post_alarm']['cur'] = 40
    sections = ('cameras', 'camera_net', 'event_action', 'record_template', 'accounts', 'email', 'ddns', 'system_monitor', 'record_config')
    nvr.set_state(dict((section, state[section]) for section in sections))
    nvr.zero_counters()
    return nvr.state()


@pytest.fixture
def configured(nvr):
    """(the NVR, its stored state) with configure() applied."""
    return nvr, configure(nvr)


def assert_nothing_written(nvr, before):
    stats = nvr.stats()
    assert stats['write_attempts'] == 0 and stats['writes'] == 0, stats['by_endpoint']
    assert nvr.state() == before, 'the stored state, passwords included, changed'
    assert stats['open_sessions'] == 0


def assert_no_password_shown(config):
    text = repr(config)
    assert "'password'" not in text and '********' not in text, 'passwords are left out, not masked: %s' % text


def assert_unchanged(result, name):
    assert result['status'] == 'ok', (name, result.get('msg'))
    assert result['changed'] is False, (name, result.get('diff'))
    assert result['requests'] == [], name


# -- each _info module -> its config module ------------------------------------------
def module_round_trip(resource):
    module = 'mobotix.move_nvr.%s' % resource
    given = dict((name, '{{ gathered.config.%s | default(omit) }}' % name) for name in options_of(resource))
    tasks = [{'name': 'info', '%s_info' % module: {}, 'register': 'gathered'}]
    for state in states_of(resource):
        task = {module: dict(given, state=state)}
        tasks += [dict(task, name='%s check' % state, check_mode=True, diff=True), dict(task, name='%s apply' % state, diff=True)]
    return tasks


@pytest.mark.parametrize('dialect', DIALECTS, indirect=True)
@pytest.mark.parametrize('resource', RESOURCES)
def test_info_given_back_to_its_module_changes_nothing(tmp_path, configured, resource):
    nvr, before = configured
    run = run_playbook(tmp_path, module_round_trip(resource), nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    assert_no_password_shown(run.task('info')['config'])
    for state in states_of(resource):
        for mode in ('check', 'apply'):
            name = '%s %s' % (state, mode)
            result = run.task(name)
            assert_unchanged(result, name)
            assert result['diff']['before'] == result['diff']['after'], name
    assert_nothing_written(nvr, before)


# -- nvr_info -> nvr_config ------------------------------------------------------------
STATE_SETS = {
    'merged': dict((name, 'merged') for name in RESOURCES),
    'widest': dict((name, 'overridden' if name in LISTS else 'replaced') for name in RESOURCES),
    'replaced': dict((name, 'replaced') for name in RESOURCES),
}


@pytest.mark.parametrize('path,dialect', RUNS, indirect=['dialect'])
def test_nvr_info_given_back_to_nvr_config_changes_nothing(tmp_path, configured, path):
    nvr, before = configured
    tasks = [{'name': 'info', 'mobotix.move_nvr.nvr_info': {'gather_subset': ['config']}, 'register': 'facts'}]
    for label, states in STATE_SETS.items():
        given = dict((name, "{{ facts.nvr.%s | combine({'state': '%s'}) }}" % (name, state)) for name, state in states.items())
        task = {'mobotix.move_nvr.nvr_config': given}
        tasks += [dict(task, name='%s check' % label, check_mode=True, diff=True), dict(task, name='%s apply' % label)]
    run = run_playbook(tmp_path, tasks, nvr=nvr, extra_vars={'move_nvr_execution': path})
    assert run.rc == 0, run.output[-3000:]
    facts = run.task('info')['nvr']
    assert sorted(facts) == sorted(RESOURCES)
    assert_no_password_shown(facts)
    for label in STATE_SETS:
        for mode in ('check', 'apply'):
            result = run.task('%s %s' % (label, mode))
            assert result['status'] == 'ok' and result['changed'] is False, (label, mode, result.get('msg'))
            assert sorted(result['resources']) == sorted(RESOURCES)
            for name, outcome in result['resources'].items():
                assert_unchanged(dict(outcome, status='ok'), '%s %s %s' % (label, mode, name))
    assert_nothing_written(nvr, before)


# -- a placeholder given as a password -------------------------------------------------
REFUSALS = [
    # (task, what it is given, the option the message names)
    ('camera', {'cameras': "{{ gathered.config.cameras | map('combine', {'password': '********'}) }}", 'state': 'overridden'},
     'cameras[0].password'),
    ('email', {'recipients': ['noc@example.com'], 'password': '********'}, 'password'),
    ('ddns', {'hostname': 'other.example.net', 'password': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER', 'state': 'replaced'},
     'password'),
    ('account', {'accounts': [{'name': 'guard', 'permissions': ['playback']}, {'name': 'operator', 'password': '******** (changed)'}]},
     'accounts[operator].password'),
    ('nvr_config', {'camera': {'cameras': [{'channel': 1, 'title': 'Renamed'}]}, 'email': {'password': '********'}},
     'email: password'),
]


@pytest.mark.parametrize('path', PATHS)
def test_a_placeholder_as_password_is_refused_in_one_line_with_no_write(tmp_path, configured, path):
    nvr, before = configured
    tasks = [{'name': 'info', 'mobotix.move_nvr.camera_info': {}, 'register': 'gathered'}]
    tasks += [{'name': module, 'mobotix.move_nvr.%s' % module: given, 'ignore_errors': True} for module, given, dummy in REFUSALS]
    run = run_playbook(tmp_path, tasks, nvr=nvr, extra_vars={'move_nvr_execution': path})
    assert run.rc == 0, run.output[-3000:]
    for module, dummy, option in REFUSALS:
        result = run.task(module)
        msg = result.get('msg', '')
        assert result['status'] == 'failed' and result['changed'] is False, (module, result)
        assert msg.startswith('%s: the masked placeholder ' % option) and msg.endswith(REFUSAL_END), (module, msg)
        assert '\n' not in msg and 'Traceback' not in msg, msg
    for secret in SECRETS.values():
        assert secret not in run.output
    assert_nothing_written(nvr, before)
