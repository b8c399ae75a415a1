# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""camera_discovery_info (and playbooks/connect_discovered.yml), nvr_log_info, recording_export(_info) and
factory_reset through real ansible-playbook runs against the emulator: what a user sees in the results, what
the NVR was sent (its counters and state), bad input refused before any write, the session always closed."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import subprocess
import time

import pytest

from harness import ADMIN_PASSWORD, recap, run_playbook, write_inventory_dir

REPO = pathlib.Path(__file__).resolve().parents[2]
DAY = 86400


def sent(nvr, endpoint):
    return nvr.stats()['by_endpoint'].get(endpoint, 0)


def closed(nvr):
    stats = nvr.stats()
    return stats['open_sessions'] == 0 and stats['logins'] == stats['logouts']


def task(name, module, params, **more):
    return dict({'name': name, 'mobotix.move_nvr.%s' % module: params}, **more)


def connect_camera(channel=0, ip='192.0.2.77'):
    return task('connect', 'camera', {'cameras': [{'channel': channel, 'ip': ip, 'password': 'Cam-Pa55'}]})


# -- camera_discovery_info and the example playbook --------------------------------------------------------------
def run_connect_discovered(tmp_path, nvr, *args):
    inventory = write_inventory_dir(tmp_path / 'inventory', {'nvr1': nvr})
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0')
    command = ['ansible-playbook', '-i', str(inventory), str(REPO / 'playbooks' / 'connect_discovered.yml')] + list(args)
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def test_connect_discovered_playbook_check_apply_rerun(tmp_path, nvr):
    types = ['-e', json.dumps({'connect_discovered_types': [1, 0]})]
    rc, output = run_connect_discovered(tmp_path, nvr, '--check', *types)
    assert rc == 0, output[-3000:]
    assert recap(output)['nvr1']['changed'] == 1
    assert nvr.stats()['write_attempts'] == 0 and nvr.state()['cameras'] == {}

    rc, output = run_connect_discovered(tmp_path, nvr, *types, '-e', 'connect_discovered_password=Cam-Pa55')
    assert rc == 0, output[-3000:]
    assert recap(output)['nvr1']['changed'] == 1
    cameras = nvr.state()['cameras']
    # the emulator finds 4 cameras of type 1 and 2 of type 0; channels 0.. were free
    assert sorted(cameras) == ['ch%d' % i for i in range(6)]
    assert sorted(c['type'] for c in cameras.values()) == [0, 0, 1, 1, 1, 1]
    assert 'Cam-Pa55' not in output

    rc, output = run_connect_discovered(tmp_path, nvr, *types)
    assert rc == 0, output[-3000:]
    assert recap(output)['nvr1']['changed'] == 0
    assert closed(nvr)

    run = run_playbook(tmp_path, [task('search', 'camera_discovery_info', {'types': [1]})], nvr=nvr)
    found = run.task('search')
    assert run.rc == 0 and found['changed'] is False
    channel_of = dict((c['ip'], c['ch']) for c in cameras.values())
    assert len(found['cameras']) == 4
    assert [(c['connected'], c['channel']) for c in found['cameras']] == [(True, channel_of[c['ip']]) for c in found['cameras']]
    assert found['free_channels'][0] == 6


def test_discovery_reports_connected_and_free(tmp_path, nvr):
    run = run_playbook(tmp_path, [connect_camera(channel=3, ip='198.18.3.10'),
                                  task('search', 'camera_discovery_info', {'types': [3, 12]})], nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    found = run.task('search')
    assert found['types'] == [3, 12] and found['supported_types'] == [0, 1, 3, 12]
    assert found['cameras'] == [{'model': 'M3-C0', 'project': 'M3-C0', 'title': 'Found3-0000', 'ip': '198.18.3.10',
                                 'mac': '00:D0:89:73:00:00', 'http_port': 80, 'type': 3, 'netmask': '255.255.255.0',
                                 'gateway': '192.0.2.254', 'dns': '192.0.2.253', 'connected': True, 'channel': 3}]
    assert 3 not in found['free_channels'] and 0 in found['free_channels']


def test_unsupported_type_is_refused_before_the_search(tmp_path, nvr):
    run = run_playbook(tmp_path, [task('search', 'camera_discovery_info', {'types': [1, 7]})], nvr=nvr)
    result = run.task('search')
    assert run.rc != 0 and result['status'] == 'failed'
    assert result['msg'] == 'types: 7 is not a camera type this NVR supports (support_cam); allowed: 0, 1, 3, 12'
    assert result['nvr_failure'] == 'options_refused'
    assert sent(nvr, 'GET /camera/devicesearch') == 0 and closed(nvr)


# -- nvr_log_info ------------------------------------------------------------------------------------------------
def test_log_pages_through_the_window(tmp_path, nvr):
    start = int(time.time()) - 11 * DAY
    run = run_playbook(tmp_path, [task('logs', 'nvr_log_info', {'start': start, 'page_size': 50})], nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    result = run.task('logs')
    log = result['system_log']
    assert len(log) == result['totals']['system_log'] >= 240 and result['truncated']['system_log'] is False
    assert log[0]['type'] == 'PowerOn' and log[0]['time'].endswith('+00:00') and 'T' in log[0]['time']
    assert [e['epoch'] for e in log] == sorted(e['epoch'] for e in log)
    pages = -(-len(log) // 50)
    assert sent(nvr, 'POST /datasearch/sys_log_page_get') == pages
    assert result['totals']['events'] == len(result['events']) > 0
    assert nvr.stats()['writes'] == 0 and closed(nvr)


def test_log_filters_limit_and_local_times(tmp_path, nvr):
    nvr.set_state({'time_config': {'timezone_offset': -3600}})   # UTC+1
    now = int(time.time())
    local_start = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(now - 9 * DAY + 3600))
    tasks = [
        task('local', 'nvr_log_info', {'start': local_start, 'sources': ['system_log'], 'categories': ['setup'],
                                       'limit': 5}),
        task('events', 'nvr_log_info', {'start': now - 8 * DAY, 'sources': ['events'], 'event_types': ['alarm'],
                                        'channel': 2, 'limit': 3, 'page_size': 2}),
    ]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    local = run.task('local')
    assert abs(local['window']['start_epoch'] - (now - 9 * DAY)) <= 1
    assert local['window']['start'].endswith('+01:00') and local['window']['time_zone']['name'] == 'UTC+01:00'
    assert len(local['system_log']) == 5 and set(e['category'] for e in local['system_log']) == {'Setup'}
    assert 'events' not in local
    events = run.task('events')
    assert 'system_log' not in events
    assert events['events'] and len(events['events']) <= 3
    assert set((e['type'], e['channel']) for e in events['events']) == {('alarm', 2)}


@pytest.mark.parametrize('params,message', [
    ({'start': 4102444800}, 'start: 2100-01-01T00:00:00+00:00 is in the future'),
    ({'start': 1767225600, 'end': 1767225000}, 'end: 2025-12-31T23:50:00+00:00 is not after start'),
    ({'start': 'last tuesday'}, "start: 'last tuesday' is not a moment; allowed: epoch seconds"),
    ({'start': 1767225600, 'limit': 0}, 'limit: 0 is out of range; allowed: 1 to 100000'),
    ({'start': 1767225600, 'sources': ['audit']}, 'sources'),
])
def test_log_bad_input_refused_before_login(tmp_path, nvr, params, message):
    run = run_playbook(tmp_path, [task('logs', 'nvr_log_info', params)], nvr=nvr)
    result = run.task('logs')
    assert result['status'] == 'failed' and message in result['msg'] and '\n' not in result['msg']
    assert nvr.stats()['logins'] == 0


def test_log_local_time_in_the_future_and_unknown_channel(tmp_path, nvr):
    tasks = [task('future', 'nvr_log_info', {'start': '2099-01-01 00:00:00'}, ignore_errors=True),
             task('channel', 'nvr_log_info', {'start': int(time.time()) - DAY, 'channel': 32}, ignore_errors=True)]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.task('future')['msg'].startswith('start: 2099-01-01T00:00:00+00:00 is in the future')
    assert run.task('channel')['msg'] == 'channel: 32 is not a channel of this NVR; allowed: 0 to 31'
    assert sent(nvr, 'POST /datasearch/evtlist_page_get') == 0 and closed(nvr)


def test_short_page_warns_and_returns_what_was_read(tmp_path, nvr, monkeypatch):
    from move_nvr_emulator import datasearch
    monkeypatch.setitem(datasearch.PAGE_CAP, nvr.port, 7)
    run = run_playbook(tmp_path, [task('logs', 'nvr_log_info', {'start': int(time.time()) - 11 * DAY})], nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    result = run.task('logs')
    assert len(result['system_log']) == 7 and result['truncated'] == {'system_log': True, 'events': True}
    assert any('returned 7 entries' in w for w in result['warnings'])
    assert sent(nvr, 'POST /datasearch/sys_log_page_get') == 1 and closed(nvr)


def test_device_strings_are_data(tmp_path, nvr):
    run = run_playbook(tmp_path, [connect_camera(channel=1)], nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    nvr.set_state({'cameras': {'ch1': {'ip': '{{ 7 * 7 }}', 'mac': "{{ lookup('env', 'HOME') }}"}}})
    tasks = [task('events', 'nvr_log_info', {'start': int(time.time()) - 8 * DAY, 'sources': ['events'], 'channel': 1},
                  register='found'),
             {'name': 'show', 'ansible.builtin.debug': {'msg': "{{ found.events | map(attribute='ip') | list }}"}}]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    assert set(e['ip'] for e in run.task('events')['events']) == {'{{ 7 * 7 }}'}
    assert set(run.task('show')['msg']) == {'{{ 7 * 7 }}'} and '49' not in run.output


# -- recording_export(_info) -------------------------------------------------------------------------------------
def export_params(**more):
    now = int(time.time())
    return dict({'channel': 0, 'start': now - 3600, 'end': now - 1800, 'poll_interval': 0.2, 'wait_timeout': 30}, **more)


def test_export_check_apply_info_and_remove(tmp_path, nvr):
    params = export_params()
    run = run_playbook(tmp_path, [connect_camera(), task('check', 'recording_export', params, check_mode=True)],
                       nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    check = run.task('check')
    assert check['changed'] is True and check['files'] == [] and len(check['requests']) == 1
    assert sent(nvr, 'POST /datasearch/remote_export_async') == 0

    run = run_playbook(tmp_path, [task('export', 'recording_export', params),
                                  task('info', 'recording_export_info', {})], nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    export = run.task('export')
    names = [f['name'] for f in export['files']]
    assert export['changed'] is True and len(names) == 2
    assert names[0].startswith('ch0001-') and names[0].endswith('-1800-D.mp4') and names[1].endswith('.srt')
    assert export['requests'] == check['requests']
    assert export['files'][0]['channel'] == 0 and export['files'][0]['size_mb'] == 45.0
    assert sent(nvr, 'GET /datasearch/remote_export_status') >= 2
    info = run.task('info')
    assert info['export_status'] == 'idle' and [f['name'] for f in info['files']] == names
    assert set(info['export_size']) == {'total_mb', 'available_mb'}
    assert not any('http' in json.dumps(f) for f in info['files']), 'no download URL is guessed'

    remove = {'state': 'absent', 'files': [names[0], 'missing.mp4']}
    run = run_playbook(tmp_path, [task('check', 'recording_export', remove, check_mode=True),
                                  task('apply', 'recording_export', remove),
                                  task('rerun', 'recording_export', remove)], nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    check, apply, rerun = run.task('check'), run.task('apply'), run.task('rerun')
    assert (check['changed'], apply['changed'], rerun['changed']) == (True, True, False)
    assert check['removed'] == apply['removed'] == [names[0]] and rerun['removed'] == []
    assert apply['missing'] == ['missing.mp4'] and rerun['missing'] == [names[0], 'missing.mp4']
    assert [f['name'] for f in apply['files']] == [names[1]]
    assert sent(nvr, 'POST /datasearch/remove_remote_export_list') == 1
    assert [f['file_name'] for f in nvr.state()['exports']['files']] == [names[1]]

    run = run_playbook(tmp_path, [task('young', 'recording_export', {'state': 'absent', 'older_than': '2h'}),
                                  task('old', 'recording_export', {'state': 'absent', 'older_than': '10m'})], nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    assert run.task('young')['changed'] is False and run.task('old')['removed'] == [names[1]]
    assert nvr.state()['exports']['files'] == [] and closed(nvr)


def test_export_refusals_before_the_write(tmp_path, nvr):
    now = int(time.time())
    tasks = [connect_camera(),
             task('no recording', 'recording_export', export_params(channel=5), ignore_errors=True),
             task('bad group', 'recording_export', export_params(disk_group=3), ignore_errors=True),
             task('before recordings', 'recording_export', export_params(start=now - 60 * DAY, end=now - 59 * DAY),
                  ignore_errors=True),
             task('no start', 'recording_export', {'channel': 0, 'end': now}, ignore_errors=True)]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.task('no recording')['msg'].startswith('channel: 5 has no recording from ')
    assert run.task('no recording')['msg'].endswith('(estimate_export_channel_list); allowed: 0')
    assert run.task('bad group')['msg'] == 'disk_group: 3 is not an active disk group of this NVR (group_rec_list); allowed: 0'
    assert 'allowed: no channel has one in this window' in run.task('before recordings')['msg']
    assert 'state is present but all of the following are missing: start' in run.task('no start')['msg']
    assert sent(nvr, 'POST /datasearch/remote_export_async') == 0 and closed(nvr)


def test_export_window_wider_than_a_day_refused_before_login(tmp_path, nvr):
    run = run_playbook(tmp_path, [task('wide', 'recording_export', export_params(start=int(time.time()) - 2 * DAY))],
                       nvr=nvr)
    result = run.task('wide')
    assert result['status'] == 'failed'
    assert 'wider than the NVR accepts; allowed: at most 86400 seconds after start' in result['msg']
    assert nvr.stats()['logins'] == 0


def test_export_that_never_goes_idle_fails_with_the_files_seen(tmp_path, nvr):
    nvr.set_state({'exports': {'polls_to_idle': -1}})
    run = run_playbook(tmp_path, [connect_camera(), task('export', 'recording_export', export_params(wait_timeout=2))],
                       nvr=nvr)
    result = run.task('export')
    assert result['status'] == 'failed' and result['changed'] is True
    assert result['msg'].startswith('the export did not finish within wait_timeout (2 s)')
    assert [f['name'].endswith('.mp4') for f in result['files']] == [True]
    assert result['files'][0]['name'] in result['msg']
    assert closed(nvr)


# -- factory_reset -----------------------------------------------------------------------------------------------
def test_factory_reset_confirm_check_apply(tmp_path, nvr):
    run = run_playbook(tmp_path, [task('unconfirmed', 'factory_reset', {})], nvr=nvr)
    result = run.task('unconfirmed')
    assert result['status'] == 'failed' and result['msg'].startswith('confirm: a factory reset erases')
    assert result['msg'].endswith('allowed: true, to reset the NVR') and nvr.stats()['logins'] == 0

    run = run_playbook(tmp_path, [connect_camera(), task('check', 'factory_reset', {'confirm': True}, check_mode=True)],
                       nvr=nvr, verbosity=4)
    assert run.rc == 0, run.output[-3000:]
    check = run.task('check')
    assert check['changed'] is True
    assert [(c['channel'], c['ip']) for c in check['lost']['cameras']] == [(0, '192.0.2.77')]
    assert [a['name'] for a in check['lost']['accounts']] == ['Admin']
    assert sent(nvr, 'POST /setup/load_default') == 0 and nvr.state()['cameras']
    login_hash = hashlib.md5(('Admin:%s' % ADMIN_PASSWORD).encode()).hexdigest()
    for secret in (ADMIN_PASSWORD, login_hash, 'Cam-Pa55', 'login-already'):
        assert secret not in run.output and secret not in json.dumps(run.results)

    run = run_playbook(tmp_path, [task('reset', 'factory_reset', {'confirm': True})], nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    reset = run.task('reset')
    assert reset['changed'] is True and reset['lost'] == check['lost']
    assert reset['requests'] == [{'method': 'POST', 'path': '/setup/load_default', 'body': {}}]
    assert nvr.state()['cameras'] == {} and sent(nvr, 'POST /setup/load_default') == 1 and closed(nvr)


# -- the module process gives the same results -------------------------------------------------------------------
def test_module_process_path(tmp_path, nvr):
    tasks = [connect_camera(),
             task('search', 'camera_discovery_info', {'types': [0]}),
             task('logs', 'nvr_log_info', {'start': int(time.time()) - DAY, 'sources': ['system_log']}),
             task('export', 'recording_export', export_params()),
             task('info', 'recording_export_info', {}),
             task('reset', 'factory_reset', {'confirm': True}, check_mode=True),
             task('unconfirmed', 'factory_reset', {}, ignore_errors=True)]
    run = run_playbook(tmp_path, tasks, nvr=nvr, extra_vars={'move_nvr_execution': 'module'})
    assert run.task('search')['cameras'][0]['ip'] == '198.18.0.10'
    assert run.task('logs')['system_log'][-1]['type'] in ('Login', 'Config', 'Logout')
    assert len(run.task('export')['files']) == 2 and run.task('info')['export_status'] == 'idle'
    assert run.task('reset')['changed'] is True and run.task('reset')['lost']['cameras'][0]['channel'] == 0
    assert run.task('unconfirmed')['msg'].startswith('confirm: ')
    assert nvr.state()['cameras'] and closed(nvr)


# -- the other readings of the manual ----------------------------------------------------------------------------
@pytest.mark.parametrize('dialect', ['manual', 'lenient'], indirect=True)
def test_other_dialects(tmp_path, nvr):
    tasks = [connect_camera(),
             task('search', 'camera_discovery_info', {'types': [1]}),
             task('logs', 'nvr_log_info', {'start': int(time.time()) - 8 * DAY, 'event_types': ['motion'], 'limit': 20}),
             task('export', 'recording_export', export_params()),
             task('remove', 'recording_export', {'state': 'absent', 'older_than': '10m'}),
             task('reset', 'factory_reset', {'confirm': True}, check_mode=True)]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    assert len(run.task('search')['cameras']) == 4
    logs = run.task('logs')
    assert len(logs['system_log']) == 20 and logs['events'] and set(e['type'] for e in logs['events']) == {'motion'}
    assert len(run.task('export')['files']) == 2 and len(run.task('remove')['removed']) == 2
    assert nvr.state()['exports']['files'] == [] and nvr.state()['cameras'] and closed(nvr)
