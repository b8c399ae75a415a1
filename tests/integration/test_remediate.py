# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Remediation at scale (drift_report with move_nvr_remediate) equals a per-host apply (playbooks/site.yml).

Two twin fleets on the emulator (the same devices), the same host names in two inventories: NVRs in sync, drifted
behind the collection's back, factory-fresh (drifted everywhere), one whose baseline a resource refuses,
one that refuses the login and one that cannot be reached. Copy A gets playbooks/site.yml (the baseline
role on each host); copy B playbooks/drift.yml with move_nvr_remediate (one controller task for all).
Per NVR, both must send the same requests (the emulator's counts per endpoint, the writes each result
lists), end in the same state, and show the same outcome in the recap (changed, failed, unreachable).
Before that, the remediation in check mode (--check) writes nothing. The report says per NVR remediated
or failed, in drift.json, drift.html and drift.junit.xml.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import xml.etree.ElementTree as ET

import pytest

from harness import ADMIN_PASSWORD, HERE, Nvr, PlaybookRun, recap, write_inventory_dir

ROOT = HERE.parent.parent
SMTP = 'Smtp-Remed-5ecret'
OPERATOR = 'Oper8tor-remed'
BASELINE = {
    'move_nvr_email': {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True,
                       'account': 'nvr-alarms@example.com', 'password': SMTP, 'recipients': ['soc@example.com']},
    'move_nvr_ddns': {'enabled': False},
    'move_nvr_system_monitor': {'cpu_temperature': {'threshold': 72, 'send_email': True, 'alarm_out': [1]}},
    'move_nvr_record_config': {'retention_days': 21, 'circular': False, 'pre_alarm': {'enabled': True, 'seconds': 5}},
    'move_nvr_cameras': {'cameras': [{'channel': 0, 'ip': '192.0.2.10', 'title': '{{ inventory_hostname }}',
                                      'password': 'Cam-Remed-pw9'}]},
    'move_nvr_accounts': {'accounts': [{'name': 'operator', 'password': OPERATOR, 'permissions': ['ptz', 'playback']}]},
}
SYNC, DRIFT, FACTORY, BAD, REFUSED, DEAD = ('nvr-sync', 'nvr-drift', 'nvr-factory', 'nvr-bad', 'nvr-refused', 'nvr-dead')
EMULATED = (SYNC, DRIFT, FACTORY, BAD, REFUSED)
HOSTS = EMULATED + (DEAD,)
HOST_VARS = {
    BAD: {'move_nvr_record_config': {'retention_days': 999}},   # outside what the NVR accepts: refused
    REFUSED: {'move_nvr_password': 'not-the-password'},
}
# The sections of the emulator's state that the baseline manages.
SECTIONS = ('cameras', 'camera_net', 'accounts', 'email', 'ddns', 'system_monitor', 'record_config')
WRITE_METHODS = ('POST', 'PUT', 'DELETE', 'PATCH')


class Closed:
    """An NVR that is not there: a port nothing listens on."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(('127.0.0.1', 0))
            self.port = probe.getsockname()[1]


def ansible_playbook(tmp, playbook, inventory, *args):
    tmp.mkdir(parents=True, exist_ok=True)
    log = tmp / 'results.jsonl'
    env = dict(os.environ, RESULT_LOG=str(log), ANSIBLE_CALLBACK_PLUGINS=str(HERE / 'callback_plugins'),
               ANSIBLE_CALLBACKS_ENABLED='result_log', ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_DEPRECATION_WARNINGS='0')
    command = ['ansible-playbook', '-i', str(inventory), str(ROOT / 'playbooks' / playbook)] + list(args)
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    results = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return PlaybookRun(proc.returncode, proc.stdout + proc.stderr, results)


def per_host(run, task_suffix):
    """{host: result} of the role task whose name ends with task_suffix."""
    return dict((r['host'], dict(r['result'], status=r['status'])) for r in run.results if r['task'].endswith(task_suffix))


def writes(stats):
    """The requests an NVR got that write (the emulator's count per endpoint), login and logout aside."""
    return dict((endpoint, count) for endpoint, count in stats['by_endpoint'].items()
                if endpoint.split(' ', 1)[0] in WRITE_METHODS and 'login' not in endpoint and 'logout' not in endpoint)


def sent(result):
    """{resource: the requests its result lists} of one NVR's result."""
    return dict((name, entry.get('requests')) for name, entry in (result.get('resources') or {}).items())


def same_port(msg):
    """A message with the NVR's port (one copy's or the other's) as PORT."""
    return re.sub(r'127\.0\.0\.1:\d+', '127.0.0.1:PORT', msg) if isinstance(msg, str) else msg


def outcome(line):
    """An NVR's line of the recap as what happened to it: changed, failed, unreachable."""
    return {'changed': line.get('changed', 0) > 0, 'failed': line.get('failed', 0) > 0,
            'unreachable': line.get('unreachable', 0) > 0}


@pytest.fixture(scope='module')
def story(tmp_path_factory):
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('remediate')
    # Two twin fleets (the same first index: the same names, MACs and cameras), on other ports.
    with Fleet(count=len(EMULATED), cameras=2, admin_password=ADMIN_PASSWORD) as first, \
            Fleet(count=len(EMULATED), cameras=2, admin_password=ADMIN_PASSWORD) as second:
        dead = Closed()
        copies = {}
        for name, running in (('apply', first), ('remediate', second)):
            nvrs = dict(zip(EMULATED, (Nvr(port) for port in running.ports)))
            inventory = write_inventory_dir(tmp / name / 'inventory', dict(nvrs, **{DEAD: dead}), BASELINE, HOST_VARS)
            copies[name] = {'nvrs': nvrs, 'inventory': inventory}
        # The same starting point on both copies: the baseline applied on two NVRs, then one of them changed behind
        # the collection's back; the others factory-fresh.
        for name, copy in copies.items():
            for nvr in copy['nvrs'].values():
                nvr.reset()
            ready = ansible_playbook(tmp / name / 'ready', 'site.yml', copy['inventory'], '--limit', '%s,%s' % (SYNC, DRIFT))
            assert ready.rc == 0, ready.output[-3000:]
            copy['nvrs'][DRIFT].set_state({'email': {'address': ['intruder@example.com', '', '']},
                                           'record_config': {'data_life_time': {'cur': 7}}})
            for nvr in copy['nvrs'].values():
                nvr.zero_counters()
        apply_copy, remediate_copy = copies['apply'], copies['remediate']
        before = dict((host, nvr.state()) for host, nvr in remediate_copy['nvrs'].items())

        report_dir = tmp / 'remediate' / 'report'
        options = ['-e', json.dumps({'move_nvr_remediate': True, 'move_nvr_report_dir': str(report_dir)})]
        check = ansible_playbook(tmp / 'remediate' / 'check', 'drift.yml', remediate_copy['inventory'], '--check', *options)
        check_report = json.loads((report_dir / 'drift.json').read_text())
        check_stats = dict((host, nvr.stats()) for host, nvr in remediate_copy['nvrs'].items())
        check_states = dict((host, nvr.state()) for host, nvr in remediate_copy['nvrs'].items())
        for nvr in remediate_copy['nvrs'].values():
            nvr.zero_counters()

        applied = ansible_playbook(tmp / 'apply' / 'run', 'site.yml', apply_copy['inventory'], '--diff')
        remediated = ansible_playbook(tmp / 'remediate' / 'run', 'drift.yml', remediate_copy['inventory'], '--diff', *options)
        stats = dict((name, dict((host, nvr.stats()) for host, nvr in copy['nvrs'].items())) for name, copy in copies.items())
        states = dict((name, dict((host, nvr.state()) for host, nvr in copy['nvrs'].items())) for name, copy in copies.items())
        for nvr in remediate_copy['nvrs'].values():
            nvr.zero_counters()
        # The drift check afterwards: what was remediated is in sync.
        recheck_dir = tmp / 'remediate' / 'recheck'
        recheck = ansible_playbook(recheck_dir, 'drift.yml', remediate_copy['inventory'],
                                   '-e', json.dumps({'move_nvr_report_dir': str(recheck_dir / 'report')}))
        yield {
            'applied': applied, 'remediated': remediated, 'check': check, 'check_report': check_report,
            'check_stats': check_stats, 'check_states': check_states, 'before': before, 'report_dir': report_dir,
            'stats': stats, 'states': states, 'recheck': recheck,
            'recheck_report': json.loads((recheck_dir / 'report' / 'drift.json').read_text()),
            'recheck_stats': dict((host, nvr.stats()) for host, nvr in remediate_copy['nvrs'].items()),
        }


def test_in_check_mode_the_remediation_writes_nothing(story):
    run = story['check']
    for host, stats in story['check_stats'].items():
        assert stats['write_attempts'] == 0 and stats['writes'] == 0, (host, stats)
        assert stats['open_sessions'] == 0, (host, stats)
    assert story['check_states'] == story['before']
    report = story['check_report']
    assert 'remediate' not in report, 'a drift check, not a remediation'
    statuses = dict((host, nvr['status']) for host, nvr in report['nvrs'].items())
    assert statuses[SYNC] == 'in_sync' and statuses[DRIFT] == 'drifted' and statuses[FACTORY] == 'drifted'
    assert statuses[REFUSED] == 'login_refused' and statuses[DEAD] == 'unreachable'
    lines = recap(run.output)
    assert lines[DRIFT]['changed'] and lines[FACTORY]['changed'] and not lines[SYNC]['changed']
    assert 'remediate is on, but the task is in check mode: nothing was written' in run.output


def test_the_remediation_sends_the_same_requests_as_a_per_host_apply(story):
    applied, remediated = story['stats']['apply'], story['stats']['remediate']
    for host in EMULATED:
        assert writes(remediated[host]) == writes(applied[host]), host
        assert remediated[host]['by_endpoint'] == applied[host]['by_endpoint'], host
        for key in ('requests', 'logins', 'login_failures', 'write_attempts', 'writes'):
            assert remediated[host][key] == applied[host][key], (host, key)
        assert remediated[host]['open_sessions'] == applied[host]['open_sessions'] == 0, host
    assert writes(applied[DRIFT]) and writes(applied[FACTORY]), 'the story writes something'
    assert not writes(applied[SYNC]) and not writes(applied[REFUSED]), 'and nothing where nothing is to write'
    # What each NVR's own result says it sent: the same lists of requests.
    per_host_apply = per_host(story['applied'], 'Apply the NVR baseline')
    per_host_remediation = per_host(story['remediated'], 'Report each NVR as it is')
    for host in HOSTS:
        assert sent(per_host_remediation[host]) == sent(per_host_apply[host]), host
        if per_host_apply[host]['status'] == 'ok':  # (a failed task's changed counts nowhere)
            assert per_host_remediation[host].get('changed') == per_host_apply[host].get('changed'), host
        assert same_port(per_host_remediation[host].get('msg')) == same_port(per_host_apply[host].get('msg')), host


def test_the_remediation_ends_in_the_same_state_as_a_per_host_apply(story):
    applied, remediated = story['states']['apply'], story['states']['remediate']
    for host in EMULATED:
        for section in SECTIONS:
            assert remediated[host].get(section) == applied[host].get(section), (host, section)
    assert remediated[DRIFT]['email'] != story['before'][DRIFT]['email'], 'the drifted NVR was written'
    assert remediated[FACTORY] != story['before'][FACTORY]


def test_the_recap_and_the_run_fail_alike(story):
    applied, remediated = recap(story['applied'].output), recap(story['remediated'].output)
    assert sorted(applied) == sorted(remediated) == sorted(HOSTS)
    for host in HOSTS:
        assert outcome(remediated[host]) == outcome(applied[host]), host
    assert outcome(remediated[DRIFT]) == {'changed': True, 'failed': False, 'unreachable': False}
    assert outcome(remediated[SYNC]) == {'changed': False, 'failed': False, 'unreachable': False}
    assert outcome(remediated[REFUSED])['failed'] and outcome(remediated[DEAD])['unreachable']
    assert story['remediated'].rc == story['applied'].rc != 0, 'the play fails when an NVR failed'


def test_the_report_says_remediated_or_failed_per_nvr(story):
    report = json.loads((story['report_dir'] / 'drift.json').read_text())
    assert report['remediate'] is True
    nvrs = report['nvrs']
    assert dict((host, nvr['remediation']) for host, nvr in nvrs.items()) == {
        SYNC: 'none', DRIFT: 'remediated', FACTORY: 'remediated', BAD: 'failed', REFUSED: 'failed', DEAD: 'failed'}
    assert nvrs[DRIFT]['status'] == 'remediated' and nvrs[SYNC]['status'] == 'in_sync'
    assert nvrs[REFUSED]['status'] == 'login_refused' and nvrs[DEAD]['status'] == 'unreachable'
    email = nvrs[DRIFT]['resources']['email']
    assert email['status'] == 'remediated' and email['requests'] and 'intruder@example.com' in email['diff']
    assert nvrs[DRIFT]['resources']['ddns']['status'] == 'in_sync'
    assert report['summary']['remediated'] == 2 and report['summary']['drifted'] == 0
    assert report['summary']['resources_remediated'] == sum(
        1 for nvr in nvrs.values() for cell in nvr['resources'].values() if cell['status'] == 'remediated')
    assert report['headline'].startswith('2 of 6 NVRs remediated'), report['headline']
    html = (story['report_dir'] / 'drift.html').read_text()
    assert 'remediation: the baseline applied where an NVR drifted' in html and 'remediation failed' in html
    assert '<span class="badge remediated">remediated</span>' in html
    suite = ET.parse(str(story['report_dir'] / 'drift.junit.xml')).getroot()
    properties = dict((p.get('name'), p.get('value')) for p in suite.iter('property'))
    assert properties['remediate'] == 'true' and properties['remediated'] == '2'
    written = [case for case in suite.iter('testcase') if case.get('classname') == DRIFT and case.get('name') == 'email']
    assert len(written) == 1 and written[0].find('failure') is None
    assert written[0].find('system-out').text.startswith('remediated: email on %s' % DRIFT)
    refused = [case for case in suite.iter('testcase') if case.get('classname') == REFUSED]
    assert refused and all(case.find('failure') is not None for case in refused)


def test_no_secret_in_the_output_or_the_report(story):
    """Each NVR's requests (the writes sent) are in the report and, with --diff, on the console: masked."""
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
    texts = [story['remediated'].output] + [(story['report_dir'] / name).read_text()
                                            for name in ('drift.json', 'drift.html', 'drift.junit.xml')]
    for secret in (SMTP, OPERATOR, 'Cam-Remed-pw9', ADMIN_PASSWORD):
        for form in (secret, encrypt_password(secret)):
            assert not [text for text in texts if form in text], secret


def test_a_drift_check_after_the_remediation_finds_the_remediated_nvrs_in_sync(story):
    nvrs = story['recheck_report']['nvrs']
    for host in (SYNC, DRIFT, FACTORY):
        assert nvrs[host]['status'] == 'in_sync', (host, nvrs[host])
    assert nvrs[REFUSED]['status'] == 'login_refused' and nvrs[DEAD]['status'] == 'unreachable'
    assert 'remediate' not in story['recheck_report']
    assert all(stats['write_attempts'] == 0 for stats in story['recheck_stats'].values())
