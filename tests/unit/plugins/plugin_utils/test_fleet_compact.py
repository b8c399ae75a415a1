# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet check's compact result and private store, each NVR's result from it (nvr_fleet_result), and the report
of a remediation (drift_summary with remediate, the role's templates)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat
import xml.etree.ElementTree as ET

import pytest
import yaml

from ansible_collections.mobotix.move_nvr.plugins.action import nvr_fleet_check as check_action
from ansible_collections.mobotix.move_nvr.plugins.action import nvr_fleet_result as result_action
from ansible_collections.mobotix.move_nvr.plugins.filter import drift_summary as summary_module
from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import drift_merge, drift_summary
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import drift_report, fleet_store

DRIFTED = {'changed': True, 'diff': [{'before': 'x'}], 'resources': {
    'email': {'changed': True, 'requests': [{'method': 'POST', 'path': '/setup/email_config', 'body': {'port': 587}}],
              'config': {'port': 587}, 'diff': {'before': {'port': 465}, 'after': {'port': 587}}},
    'ddns': {'changed': False, 'config': {'enabled': False}, 'requests': []}}}
IN_SYNC = {'changed': False, 'resources': {'email': {'changed': False, 'config': {'port': 587}, 'requests': []},
                                           'ddns': {'changed': False, 'config': {'enabled': False}, 'requests': []}}}
DOWN = {'failed': True, 'unreachable': True, 'changed': False, 'msg': 'NVR 127.0.0.1:9: connection failed',
        'nvr_failure': 'unreachable', 'managed': ['email', 'ddns']}
PARTIAL = {'changed': True, 'failed': True, 'msg': 'ddns: refused', 'nvr_failure': 'device_refused', 'resources': {
    'email': dict(DRIFTED['resources']['email']), 'ddns': {'changed': False, 'failed': True, 'msg': 'refused'}}}
RESULTS = {'nvr-drift': DRIFTED, 'nvr-sync': IN_SYNC, 'nvr-down': DOWN, 'nvr-partial': PARTIAL}


@pytest.fixture
def store_parent(tmp_path, monkeypatch):
    monkeypatch.setattr(fleet_store, 'local_tmp', lambda: str(tmp_path))
    return tmp_path


def test_the_compact_result_keeps_everything_but_the_resources_and_stores_the_whole(store_parent):
    report = drift_summary(RESULTS, 'now')
    slim = check_action.slim_results(RESULTS, report, full=False)
    assert slim['results']['nvr-drift'] == {'changed': True}
    assert slim['results']['nvr-down'] == DOWN, 'a failure keeps its message, kind and managed resources'
    assert slim['report']['summary'] == report['summary'] and slim['report']['headline'] == report['headline']
    assert slim['report']['nvrs']['nvr-drift'] == {'status': 'drifted', 'reason': '', 'drifted': ['email'], 'errored': []}
    directory = slim['results_store']
    assert os.path.dirname(directory) == str(store_parent)
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    for host, result in RESULTS.items():
        path = fleet_store.entry_path(directory, host)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        stored = fleet_store.read_entry(directory, host)
        assert stored['result'] == result and stored['reported']['status'] == report['nvrs'][host]['status']
    assert check_action.slim_results(RESULTS, report, full=True) == {'results': RESULTS, 'report': report}


def test_a_store_that_cannot_be_written_gives_the_whole_result_and_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(fleet_store, 'local_tmp', lambda: str(tmp_path / 'missing' / 'dir'))
    report = drift_summary(RESULTS, 'now')
    slim = check_action.slim_results(RESULTS, report, full=False)
    assert slim['results'] == RESULTS and slim['report'] == report and 'results_store' not in slim
    assert 'no private store' in slim['warnings'][0]


@pytest.mark.parametrize('diff', [False, True])
@pytest.mark.parametrize('fail_on_drift', [False, True])
def test_each_nvr_gets_the_same_result_from_the_store_as_from_the_full_result(store_parent, diff, fail_on_drift):
    report = drift_summary(RESULTS, 'now')
    slim = check_action.slim_results(RESULTS, report, full=False)
    for host, result in RESULTS.items():
        full = result_action.host_result(result, diff, fail_on_drift, host, report['nvrs'][host])
        stored = fleet_store.read_entry(slim['results_store'], host)
        compact = result_action.host_result(stored['result'], diff, fail_on_drift, host, stored['reported'])
        assert compact == full, host
    drifted = result_action.host_result(RESULTS['nvr-drift'], diff, fail_on_drift, 'nvr-drift', report['nvrs']['nvr-drift'])
    assert drifted.get('failed', False) is fail_on_drift and ('diff' in drifted) is diff


def test_a_missing_store_or_host_is_said_in_one_line(tmp_path):
    with pytest.raises(fleet_store.StoreMissing, match='are gone'):
        fleet_store.read_entry(str(tmp_path / 'gone'), 'nvr-1')
    directory = fleet_store.write_store({'nvr-1': {'result': {}}}, parent=str(tmp_path))
    with pytest.raises(fleet_store.StoreMissing, match='no stored result of nvr-2'):
        fleet_store.read_entry(directory, 'nvr-2')
    with open(fleet_store.entry_path(directory, 'nvr-1'), 'w') as f:
        f.write('{')
    with pytest.raises(fleet_store.StoreMissing, match='damaged'):
        fleet_store.read_entry(directory, 'nvr-1')


def test_the_options_and_returns_are_documented():
    from ansible_collections.mobotix.move_nvr.plugins.modules import nvr_fleet_check as module
    options = yaml.safe_load(module.DOCUMENTATION)['options']
    returns = yaml.safe_load(module.RETURN)
    assert options['full_results']['default'] is False and options['remediate']['default'] is False
    assert 'results_store' in returns and 'remediated' in returns


@pytest.mark.parametrize('text', ['soc@example.com', u'b\u00fcro@example.com', '{{ x }}: y', '', 'yes', 'a\nb\tc',
                                  u'cam \U0001F600', u'\x85', u'a\rb', u'lone \ud800', u'\u2028', u'\ufeff'])
def test_the_diffs_are_the_text_the_pure_python_dumper_gives(text):
    """libyaml (fast) for printable ASCII; the pure-Python dumper for the rest, where libyaml differs or refuses."""
    value = {'title': text, text or 'e': [text, {'n': [1, 2.5, None, True]}]}
    pure = summary_module.yaml.dump(value, Dumper=summary_module.yaml.SafeDumper, default_flow_style=False,
                                    sort_keys=True, allow_unicode=True, width=4096)
    assert summary_module.as_yaml(value) == pure.splitlines()


def remediation():
    return drift_summary(RESULTS, '2026-01-31T12:00:00Z', remediate=True)


def test_a_remediation_report_says_remediated_or_failed_per_nvr():
    report = remediation()
    assert report['remediate'] is True
    nvrs = report['nvrs']
    assert dict((host, (nvr['status'], nvr['remediation'])) for host, nvr in nvrs.items()) == {
        'nvr-drift': ('remediated', 'remediated'), 'nvr-sync': ('in_sync', 'none'),
        'nvr-down': ('unreachable', 'failed'), 'nvr-partial': ('error', 'failed')}
    assert nvrs['nvr-drift']['resources']['email']['status'] == 'remediated'
    assert nvrs['nvr-drift']['resources']['email']['requests'] == DRIFTED['resources']['email']['requests']
    assert nvrs['nvr-partial']['resources']['email']['status'] == 'remediated', 'written before its NVR failed'
    assert nvrs['nvr-drift']['drifted'] == [] and report['summary']['drifted'] == 0
    assert report['summary']['remediated'] == 1 and report['summary']['resources_remediated'] == 2
    assert report['status'] == 'incomplete'
    assert report['headline'] == '1 of 4 NVRs remediated, 1 with errors, 1 unreachable'
    assert drift_summary({'nvr-drift': DRIFTED}, remediate=True)['status'] == 'remediated'


def test_a_check_report_has_no_remediation_keys():
    report = drift_summary(RESULTS, 'now')
    assert 'remediate' not in report and 'remediated' not in report['summary']
    assert 'resources_remediated' not in report['summary']
    assert not [nvr for nvr in report['nvrs'].values() if 'remediation' in nvr]


def test_a_remediation_report_merges_and_keeps_its_batches():
    report = dict(remediation(), baseline={'fingerprint': 'f'})
    merged = drift_merge([('a', report)], '2026-01-31T12:00:00Z')
    assert merged['nvrs'] == report['nvrs'] and merged['summary'] == report['summary'] and merged['remediate'] is True
    later = drift_summary({'nvr-new': IN_SYNC}, 'now', previous=report, remediate=True)
    assert later['nvrs']['nvr-drift']['status'] == 'remediated' and later['nvrs']['nvr-new']['remediation'] == 'none'


def test_the_templates_show_the_remediation():
    report = remediation()
    html = drift_report.render(report, 'NVR drift report')['drift.html']
    assert 'remediation: the baseline applied where an NVR drifted' in html and 'remediation failed' in html
    assert '<span class="badge remediated">remediated</span>' in html and 'request(s) sent' in html
    junit = drift_report.render(report, 'NVR drift report')['drift.junit.xml']
    suite = ET.fromstring(junit.encode('utf-8'))
    cases = dict(((case.get('classname'), case.get('name')), case) for case in suite.iter('testcase'))
    assert cases[('nvr-drift', 'email')].find('failure') is None
    assert cases[('nvr-drift', 'email')].find('system-out').text.startswith('remediated: email on nvr-drift')
    assert 'could not be remediated' in cases[('nvr-down', 'email')].find('failure').get('message')
    check = drift_report.render(drift_summary(RESULTS, 'now'), 'NVR drift report')
    assert 'remediation' not in check['drift.html'] and 'badge remediated' not in check['drift.html']
    assert 'remediat' not in check['drift.junit.xml']


@pytest.mark.parametrize('apply', [False, True])
def test_the_fleet_runs_the_engine_in_check_mode_unless_it_remediates(monkeypatch, apply):
    from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import fleet
    seen = []

    def engine(task, params, secrets, check_mode=True):
        seen.append(check_mode)
        return {'changed': True, 'resources': {}}
    check = fleet.FleetCheck(None, {}, 2, 1, apply=apply)
    monkeypatch.setattr(check, 'prepare', lambda host: (fleet.CheckJob(None, {}, set(), ['email'], [], None), None))
    monkeypatch.setattr(fleet, 'check_nvr', engine)
    assert check.run_here(['nvr-1', 'nvr-2'], 2) == {'nvr-1': {'changed': True, 'resources': {}},
                                                     'nvr-2': {'changed': True, 'resources': {}}}
    assert seen == [not apply, not apply]
