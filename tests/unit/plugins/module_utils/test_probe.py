# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure parts of nvr_probe (module_utils/probe*.py): the report from observations, the dialect match, Markdown."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.mobotix.move_nvr.plugins.module_utils import probe, probe_analysis, probe_resources
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS


def emulator_expectations(dialect):
    """What each switch of SWITCHES shows on the emulator's dialect (tests/emulator/move_nvr_emulator/dialect.py)."""
    return {
        'code': 'string' if dialect.string_code else 'examples',
        'flags': '1/0' if dialect.int_flags else 'true/false',
        'numbers': 'string' if dialect.string_numbers else 'integer',
        'monitor_list_key': 'system_monitor_list' if dialect.schema_names else 'system_monitor_setting_list',
        'channel_index_key': 'chidx' if dialect.schema_names else 'ch_idx',
        'retention_range': '%d..%d' % (dialect.retention[1], dialect.retention[2]),
        'search_without_model': 'answered' if dialect.search_without_model else 'refused',
        'protocol': 'name',
    }


def test_dialect_table_is_the_emulators():
    from move_nvr_emulator import dialect
    assert sorted(probe_analysis.DIALECTS) == sorted(dialect.DIALECTS)
    for name in dialect.DIALECTS:
        assert probe_analysis.DIALECTS[name] == emulator_expectations(dialect.get(name)), name
    assert [s for s, dummy in probe_analysis.SWITCHES] == list(probe_analysis.DIALECTS['strict'])


def observations(**changes):
    """A strict NVR with one camera, as observe() records it."""
    outputs = {
        'version': {'model': 'H100', 'ap_version': 'A1', 'remote_version': 'r1', 'num_ch': 2, 'num_alarm': 1, 'num_relay': 1,
                    'proj': 'NVR'},
        'local_time': {'local_time': 1},
        'user_management': {'user': [{'account': 'Admin', 'authority': 31, 'password': 'GtBcsw==', 'covert': [False, False]}]},
        'camera_list': {'camera_list': [{'ch': 0, 'ip': '192.0.2.1', 'http_port': 80, 'rtsp_port': 554, 'type': 1,
                                         'account': 'Admin', 'password': 'GtBcs92K', 'protocol': 'RTP+RTSP'}]},
        'system_monitor_get': {'system_monitor_setting': dict((m, {'alarm_out': [True], 'send_email': True, 'threshold': 0})
                                                              for m in probe_resources.MONITORS),
                               'system_monitor_setting_list': list(probe_resources.MONITORS)},
        'record_template_get': {'channel_setting': {'ch0': {'template_name': 'Default', 'ch_idx': 0}, 'ch1': {'template_name': ''}},
                                'rec_type_opts': {'0': 'record', '1': 'no_record', '2': 'evt_only'},
                                'record_template': {'Default': dict((d, [0] * 24) for d in probe_resources.DAYS)}},
        'record_config_get': {'data_life_time': {'cur': 30, 'min': 1, 'max': 90},
                              'record_pre_alarm': {'cur': 0, 'enable': True}, 'record_post_alarm': {'cur': 15, 'enable': True},
                              'record_circular': {'enable': True}},
    }
    outputs.update(changes)
    endpoints = {}
    for name, output in outputs.items():
        method, path = ENDPOINTS[name]
        endpoints[path] = {'name': name, 'method': method, 'path': path, 'ok': True, 'code': 0, 'output': output,
                           'http_status': 200}
    endpoints['/camera/devicesearch'] = {'name': 'camera_search', 'method': 'GET', 'path': '/camera/devicesearch', 'ok': False,
                                         'failure': 'refused', 'http_status': 400, 'error': 'HTTP 400'}
    cookie = [{'name': 'login-already', 'value_form': '32 hex characters', 'attributes': ['httponly', 'path']}]
    return {'live': True, 'username': 'Admin', 'endpoints': endpoints,
            'login': {'status': 200, 'code': '0', 'has_code': True, 'cookies': cookie},
            'logout': {'status': 200, 'code': '0', 'has_code': True, 'cookies': []}}


def test_a_strict_nvr_passes_and_is_named():
    report = probe.analyse(observations())
    assert report['dialect']['name'] == 'strict' and report['dialect']['also_matches'] == []
    assert report['summary']['differs'] == 0, [c for c in report['checks'] if c['result'] != 'pass']
    assert report['nvr']['firmware_version'] == 'A1'
    assert report['dialect']['differences']['lenient'] == ['search_without_model: answered expected, refused seen']


def test_no_password_value_in_the_report():
    text = repr(probe.analyse(observations())) + probe.markdown(probe.analyse(observations()))
    assert 'GtBcsw==' not in text and 'GtBcs92K' not in text
    assert 'set (string, not shown)' in text


def test_an_nvr_of_no_known_dialect_is_unknown_with_the_closest():
    obs = observations()
    obs['endpoints']['/record/config']['output']['data_life_time'] = {'cur': 10, 'min': 1, 'max': 365}
    for record in obs['endpoints'].values():
        record['code'] = '0'
    report = probe.analyse(obs)
    assert report['dialect']['name'] == 'unknown'
    assert report['dialect']['closest'] == 'strict'
    assert sorted(report['dialect']['differences']['strict']) == [
        'code: examples expected, string seen', 'retention_range: 1..90 expected, 1..365 seen']


def test_wrong_sizes_and_types_differ():
    obs = observations(user_management={'user': [{'account': 'Admin', 'authority': '31', 'password': '', 'covert': [False]}]})
    failed = dict(((c['endpoint'], c['field']), c) for c in probe.analyse(obs)['checks'] if c['result'] == 'differs')
    assert ('GET /information/user_management', 'user[0].authority') in failed
    assert failed[('GET /information/user_management', 'user[0].covert')]['seen'] == '1 entries'


def test_a_failed_endpoint_is_named_and_the_rest_checked():
    obs = observations()
    obs['endpoints']['/record/config'] = {'name': 'record_config_get', 'method': 'GET', 'path': '/record/config', 'ok': False,
                                          'failure': 'missing', 'http_status': 404, 'error': 'HTTP 404'}
    report = probe.analyse(obs)
    assert report['summary']['endpoints_failed'] == ['/record/config']
    assert 'retention_range' in report['dialect']['not_observed']
    assert report['dialect']['name'] == 'strict'
    assert '| GET /record/config | missing | 404 | HTTP 404 |' in probe.markdown(report)


@pytest.mark.parametrize('form, expected', [(True, 'true/false'), (1, '1/0')])
def test_flag_forms(form, expected):
    obs = observations()
    block = obs['endpoints']['/record/config']['output']['record_circular']
    block['enable'] = form
    for name in ('record_pre_alarm', 'record_post_alarm'):
        obs['endpoints']['/record/config']['output'][name]['enable'] = form
    obs['endpoints']['/setup/system_monitor_config']['output'] = copy.deepcopy(
        obs['endpoints']['/setup/system_monitor_config']['output'])
    for monitor in obs['endpoints']['/setup/system_monitor_config']['output']['system_monitor_setting'].values():
        monitor['alarm_out'] = [form]
        monitor['send_email'] = form
    assert probe.analyse(obs)['dialect']['observed']['flags'] == expected


def test_markdown_escapes_device_text():
    obs = observations(version={'model': 'H|1<script>', 'ap_version': 'A1\n# injected', 'remote_version': 'r', 'num_ch': 2,
                                'num_alarm': 1, 'num_relay': 1})
    text = probe.markdown(probe.analyse(obs))
    assert '\n# injected' not in text
    assert 'H\\|1&lt;script&gt;' in text


def test_cookie_facts_never_hold_the_value():
    facts = probe.cookie_facts(['login-already=0123456789abcdef0123456789abcdef; Path=/; HttpOnly'])
    assert facts == [{'name': 'login-already', 'value_form': '32 hex characters', 'attributes': ['httponly', 'path']}]
    assert '0123456789abcdef' not in repr(probe.cookie_facts(['x=0123456789abcdef']))
