# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet path (nvr_config, one session) gives what the per-resource modules give.

Two identical NVRs: one is changed by the resource's own module, the other by
nvr_config with the same options, in check mode and for real, for merged,
replaced and overridden. `changed`, the diff, the planned requests, the config
and failures must be the same, and so must the devices afterwards.
"""

from __future__ import annotations

import pytest

from harness import ADMIN_PASSWORD, Nvr, connection_vars, run_playbook

CASES = {
    'email': ('merged', {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587,
                         'password': 'Smtp-Pa55word', 'recipients': ['soc@example.com']}),
    'ddns': ('replaced', {'enabled': True, 'server': 'NoIP', 'hostname': 'site.example.net', 'password': 'Ddns-Pa55word'}),
    'system_monitor': ('replaced', {'cpu_temperature': {'threshold': 70, 'alarm_out': [1]}}),
    'record_config': ('merged', {'retention_days': 14, 'pre_alarm': {'enabled': True, 'seconds': 5}}),
    'account': ('overridden', {'accounts': [{'name': 'Admin'}, {'name': 'operator', 'password': 'Operat0r-pass',
                                                                'permissions': ['ptz', 'playback']}]}),
    'camera': ('overridden', {'cameras': [{'channel': 0, 'ip': '192.0.2.10', 'title': 'Entrance', 'password': 'Cam-Pa55word'},
                                          {'channel': 1, 'ip': '192.0.2.11', 'title': 'Dock', 'password': 'Cam-Pa55word'}]}),
    'record_template': ('overridden', {'templates': [{'name': 'Default'},
                                                     {'name': 'Nights', 'schedule': {'all': ['evt_only'] * 24}}],
                                       'channels': [{'channel': 0, 'template': 'Nights'}]}),
    'event_action': ('replaced', {'cameras': [{'channel': 1, 'motion': {'enabled': True, 'send_email': True}}],
                                  'alarm_inputs': [{'input': 0, 'enabled': True, 'channels': [0, 1]}]}),
}
BAD = {'system_monitor': {'cpu_fan': {'alarm_out': [7]}}, 'record_config': {'retention_days': 999}}
COMPARED = ('changed', 'diff', 'requests', 'config', 'msg', 'warnings')


@pytest.fixture(scope='module')
def device():
    from move_nvr_emulator import Fleet
    with Fleet(count=1, base_port=0, cameras=3, admin_password=ADMIN_PASSWORD) as running:
        yield Nvr(running.ports[0])


def three_steps(device, module, params, fleet_path):
    """check, apply and rerun of one resource, by its module or by nvr_config."""
    if fleet_path:
        task = {'mobotix.move_nvr.nvr_config': dict(connection_vars(device), **{module: params})}
    else:
        task = {'mobotix.move_nvr.%s' % module: dict(connection_vars(device), **params)}
    steps = [('check', True), ('apply', False), ('rerun', False)]
    return [dict(task, name=name, check_mode=check, diff=True, ignore_errors=True) for name, check in steps]


def run_path(tmp_path, device, module, params, fleet_path):
    device.reset()
    run = run_playbook(tmp_path, three_steps(device, module, params, fleet_path))
    results = {}
    for step in ('check', 'apply', 'rerun'):
        result = run.task(step)
        results[step] = result['resources'][module] if fleet_path else result
    return results, device.state(), device.stats()


@pytest.mark.parametrize('module', sorted(CASES))
def test_nvr_config_equals_the_module(tmp_path, device, module):
    state, options = CASES[module]
    params = dict(options, state=state)
    single, single_state, single_stats = run_path(tmp_path, device, module, params, fleet_path=False)
    combined, combined_state, combined_stats = run_path(tmp_path, device, module, params, fleet_path=True)
    for step in ('check', 'apply', 'rerun'):
        for key in COMPARED:
            assert single[step].get(key) == combined[step].get(key), '%s of the %s step differs' % (key, step)
    assert [single['check']['changed'], single['apply']['changed'], single['rerun']['changed']] == [True, True, False]
    section = {'account': 'accounts', 'camera': 'cameras'}.get(module, module)
    assert single_state[section] == combined_state[section], 'the device differs after the two paths'
    assert single_stats['write_attempts'] == combined_stats['write_attempts']
    assert single_stats['open_sessions'] == combined_stats['open_sessions'] == 0


@pytest.mark.parametrize('module', sorted(BAD))
def test_nvr_config_fails_like_the_module(tmp_path, device, module):
    device.reset()
    single = three_steps(device, module, BAD[module], fleet_path=False)[1]
    combined = three_steps(device, module, BAD[module], fleet_path=True)[1]
    run = run_playbook(tmp_path, [dict(single, name='module'), dict(combined, name='nvr_config')])
    assert run.task('module')['status'] == 'failed'
    assert run.task('nvr_config')['status'] == 'failed'
    assert run.task('nvr_config')['resources'][module]['msg'] == run.task('module')['msg']
    assert device.stats()['write_attempts'] == 0


def test_nvr_config_as_a_module_process_equals_the_action(tmp_path, device):
    """move_nvr_execution=module runs nvr_config as a real module (AnsiballZ) with all eight resources."""
    options = dict((module, dict(params, state=state)) for module, (state, params) in CASES.items())
    task = {'name': 'all', 'check_mode': True, 'diff': True,
            'mobotix.move_nvr.nvr_config': dict(connection_vars(device), **options)}
    results = {}
    for path in ('controller', 'module'):
        device.reset()
        run = run_playbook(tmp_path, [task], extra_vars={'move_nvr_execution': path})
        assert run.rc == 0, run.output[-3000:]
        results[path] = run.task('all')
        assert device.stats()['write_attempts'] == 0
    assert set(results['module']['resources']) == set(CASES)
    assert results['module']['resources'] == results['controller']['resources']
    assert results['module']['diff'] == results['controller']['diff']
