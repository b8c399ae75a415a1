# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Role drift_report through playbooks/drift.yml over four emulated NVRs.

One story, run once per module (the tests read its outcome): drift report on
the factory fleet (every NVR drifted, nothing written), apply with
playbooks/site.yml, report again (no drift; the gate passes, also under
--check), then one NVR changed behind the collection's back plus one NVR on a
closed port (drifted on exactly that NVR and resource, unreachable with the
reason, the gate fails). Then: JUnit, secrets, HTML escaping, and the page
in headless Chromium. Last, one NVR whose camera titles and email addresses
are template code, markup and characters that HTML, XML or UTF-8 cannot
carry: the three files are written, valid, show them as text, run nothing.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import os
import pathlib
import re
import socket
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest
import yaml

from harness import Nvr, nvr_group_vars

COLLECTION = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = '/usr/bin/chromium'
ADMIN = 'Dr1ft-Admin-Pw'
SECRETS = {'smtp': 'Dr1ft-Smtp-Pw', 'camera': 'Dr1ft-Cam-Pw', 'operator': 'Dr1ftOper8'}
RESOURCES = ['camera', 'account', 'record_template', 'event_action', 'email', 'ddns', 'system_monitor', 'record_config']
EVIL = '<script>alert(1)</script>@example.com'
BASELINE = {
    'move_nvr_email': {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True,
                       'account': 'alarms@example.com', 'password': SECRETS['smtp'],
                       'recipients': ['soc@example.com', 'facilities@example.com']},
    'move_nvr_ddns': {'enabled': False},
    'move_nvr_system_monitor': {'cpu_temperature': {'threshold': 75, 'send_email': True, 'alarm_out': [0]}},
    'move_nvr_record_config': {'retention_days': 30, 'circular': True, 'pre_alarm': {'enabled': True, 'seconds': 5}},
    'move_nvr_cameras': {'cameras': [{'channel': ch, 'ip': '192.0.2.%d' % (10 + ch), 'title': 'Door %d' % ch,
                                      'password': SECRETS['camera']} for ch in range(3)]},
    'move_nvr_accounts': {'accounts': [{'name': 'operator', 'password': SECRETS['operator'], 'permissions': ['ptz', 'playback']}]},
    'move_nvr_record_templates': {'templates': [{'name': 'Business', 'schedule': {'all': ['evt_only'] * 24}}],
                                  'channels': [{'channel': 0, 'template': 'Business'}]},
    'move_nvr_event_action': {'cameras': [{'channel': 1, 'motion': {'enabled': True, 'send_email': True}}]},
}


def closed_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def write_inventory(path, ports):
    hosts = dict(('nvr-%d' % (i + 1), {'move_nvr_port': port}) for i, port in enumerate(ports))
    group_vars = nvr_group_vars(ADMIN, move_nvr_retries=0, move_nvr_timeout=5)
    group_vars.update(BASELINE)
    path.write_text(yaml.safe_dump({'nvrs': {'hosts': hosts, 'vars': group_vars}}, sort_keys=False))
    return path


class Run:
    def __init__(self, proc, report_dir, seconds):
        self.seconds = seconds
        self.rc = proc.returncode
        self.output = proc.stdout + proc.stderr
        self.dir = report_dir

    def json(self):
        return json.loads((self.dir / 'drift.json').read_text())

    def files(self):
        return dict((name, (self.dir / name).read_text()) for name in ('drift.json', 'drift.html', 'drift.junit.xml'))


def ansible_playbook(playbook, inventory, report_dir=None, check=False, **extra_vars):
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_DEPRECATION_WARNINGS='0')
    command = ['ansible-playbook', '-i', str(inventory), str(COLLECTION / 'playbooks' / playbook)]
    if report_dir is not None:
        extra_vars['move_nvr_report_dir'] = str(report_dir)
    if extra_vars:
        command += ['-e', json.dumps(extra_vars)]
    if check:
        command.append('--check')
    start = time.monotonic()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    return Run(proc, report_dir, time.monotonic() - start)


@pytest.fixture(scope='module')
def story(tmp_path_factory):
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('drift')
    with Fleet(count=4, cameras=3, admin_password=ADMIN) as running:
        nvrs = [Nvr(port) for port in running.ports]
        inventory = write_inventory(tmp / 'fleet.yml', running.ports)
        runs, stats = {}, {}

        runs['before'] = ansible_playbook('drift.yml', inventory, tmp / 'before')
        stats['before'] = [nvr.stats() for nvr in nvrs]
        runs['apply'] = ansible_playbook('site.yml', inventory)
        for nvr in nvrs:
            nvr.zero_counters()
        runs['after'] = ansible_playbook('drift.yml', inventory, tmp / 'after', check=True, move_nvr_fail_on_drift=True)
        stats['after'] = [nvr.stats() for nvr in nvrs]

        nvrs[2].set_state({'email': {'address': [EVIL, '', '']}})
        for nvr in nvrs:
            nvr.zero_counters()
        with_dead = write_inventory(tmp / 'with-dead.yml', running.ports + [closed_port()])
        runs['changed'] = ansible_playbook('drift.yml', with_dead, tmp / 'changed', move_nvr_fail_on_drift=True)
        stats['changed'] = [nvr.stats() for nvr in nvrs]
        print('ansible-playbook seconds: %s' % ', '.join('%s %.1f' % (k, r.seconds) for k, r in runs.items()))
        yield {'runs': runs, 'stats': stats, 'tmp': tmp}


def assert_nothing_written(stats):
    for nvr_stats in stats:
        assert nvr_stats['write_attempts'] == 0, nvr_stats
        assert nvr_stats['open_sessions'] == 0, nvr_stats
        assert nvr_stats['logins'] >= 1


def test_before_apply_every_nvr_drifted_and_nothing_written(story):
    run = story['runs']['before']
    assert run.rc == 0, run.output[-3000:]
    report = run.json()
    assert report['status'] == 'drifted'
    assert report['summary']['nvrs'] == 4 and report['summary']['drifted'] == 4
    assert report['resources'] == RESOURCES
    for name, nvr in report['nvrs'].items():
        assert nvr['status'] == 'drifted', name
        email = nvr['resources']['email']
        assert email['status'] == 'drifted'
        assert '+port: 587' in email['diff'] and '-port: 465' in email['diff']
        assert email['after']['password'] == '******** (changed)'
        assert email['requests'][0]['path'] == '/setup/email_config'
        assert nvr['resources']['ddns']['status'] == 'in_sync'  # factory DDNS is disabled, as the baseline says
    assert_nothing_written(story['stats']['before'])
    assert '4 of 4 NVRs drifted. Report: ' in run.output


def test_after_apply_no_drift_and_the_gate_passes_also_under_check(story):
    assert story['runs']['apply'].rc == 0, story['runs']['apply'].output[-3000:]
    run = story['runs']['after']
    assert run.rc == 0, run.output[-3000:]
    report = run.json()
    assert report['status'] == 'in_sync'
    assert report['summary'] == {'nvrs': 4, 'in_sync': 4, 'drifted': 0, 'errored': 0, 'login_refused': 0, 'refused_baseline': 0,
                                 'unreachable': 0, 'not_managed': 0, 'pending': 0,
                                 'resources': 32, 'resources_in_sync': 32, 'resources_drifted': 0, 'resources_errored': 0,
                                 'resources_unreachable': 0, 'resources_not_managed': 0}
    assert_nothing_written(story['stats']['after'])
    assert 'All 4 NVRs in sync' in run.files()['drift.html']


def test_a_change_behind_the_back_is_drift_on_exactly_that_nvr_and_resource(story):
    run = story['runs']['changed']
    report = run.json()
    drifted = [(host, name) for host, nvr in report['nvrs'].items()
               for name, resource in nvr['resources'].items() if resource['status'] == 'drifted']
    assert drifted == [('nvr-3', 'email')]
    email = report['nvrs']['nvr-3']['resources']['email']
    assert '-- ' + EVIL in email['diff'] and '+- soc@example.com' in email['diff']
    assert email['before']['recipients'] == [EVIL]
    for host in ('nvr-1', 'nvr-2', 'nvr-4'):
        assert report['nvrs'][host]['status'] == 'in_sync'
    assert_nothing_written(story['stats']['changed'])


def test_a_closed_port_is_unreachable_with_the_reason_while_the_others_are_reported(story):
    report = story['runs']['changed'].json()
    dead = report['nvrs']['nvr-5']
    assert dead['status'] == 'unreachable'
    assert 'connection refused' in dead['reason'] and 'NVR 127.0.0.1:' in dead['reason']
    assert sorted(dead['resources']) == sorted(RESOURCES)
    assert all(r['status'] == 'unreachable' for r in dead['resources'].values())
    assert report['summary'] == {'nvrs': 5, 'in_sync': 3, 'drifted': 1, 'errored': 0, 'login_refused': 0, 'refused_baseline': 0,
                                 'unreachable': 1, 'not_managed': 0, 'pending': 0,
                                 'resources': 32, 'resources_in_sync': 31, 'resources_drifted': 1, 'resources_errored': 0,
                                 'resources_unreachable': 8, 'resources_not_managed': 0}


def test_fail_on_drift_fails_the_play_only_when_drift_exists(story):
    runs = story['runs']
    assert runs['before'].rc == 0, 'drift without move_nvr_fail_on_drift must not fail the play'
    assert runs['after'].rc == 0, 'no drift: the gate passes'
    changed = runs['changed']
    # The drifted NVR fails (and only it); the NVR on a closed port is unreachable, which wins Ansible's exit status.
    assert changed.rc == 4, changed.output[-3000:]
    assert re.search(r'^fatal: \[nvr-3\]: FAILED!.*drifted from the baseline \(move_nvr_fail_on_drift\): email', changed.output, re.M)
    assert re.search(r'^nvr-5\s+: .*unreachable=1', changed.output, re.M), changed.output[-3000:]
    assert not re.search(r'^nvr-[124]\s+: .*failed=[1-9]', changed.output, re.M), changed.output[-3000:]
    assert '%s/drift.html' % changed.dir in changed.output
    assert set(changed.files()) == {'drift.json', 'drift.html', 'drift.junit.xml'}, 'the reports come before the failure'


def test_junit_has_one_case_per_nvr_and_resource_with_drift_and_unreachable_as_failures(story):
    suite = ET.fromstring(story['runs']['changed'].files()['drift.junit.xml'].encode()).find('testsuite')
    cases = suite.findall('testcase')
    assert sorted((c.get('classname'), c.get('name')) for c in cases) == sorted(
        ('nvr-%d' % i, name) for i in range(1, 6) for name in RESOURCES)
    failures = dict(((c.get('classname'), c.get('name')), c.find('failure')) for c in cases if c.find('failure') is not None)
    assert failures[('nvr-3', 'email')].get('type') == 'drift'
    assert EVIL in failures[('nvr-3', 'email')].text
    assert sorted(k for k, f in failures.items() if f.get('type') == 'unreachable') == [('nvr-5', r) for r in sorted(RESOURCES)]
    assert (suite.get('tests'), suite.get('failures'), suite.get('errors')) == ('40', '9', '0')
    after = ET.fromstring(story['runs']['after'].files()['drift.junit.xml'].encode()).find('testsuite')
    assert (after.get('tests'), after.get('failures'), after.get('errors')) == ('32', '0', '0')


def test_no_secret_in_any_report_file_or_output(story):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
    plain = [ADMIN] + list(SECRETS.values())
    forbidden = plain + [encrypt_password(text) for text in plain]
    forbidden.append(hashlib.md5(('Admin:%s' % ADMIN).encode()).hexdigest())
    for key in ('before', 'after', 'changed'):
        run = story['runs'][key]
        for name, text in run.files().items():
            for secret in forbidden:
                assert secret not in text, '%r in %s/%s' % (secret, key, name)
        for secret in forbidden:
            assert secret not in run.output, '%r in the output of the %s run' % (secret, key)
    assert '******** (changed)' in story['runs']['before'].files()['drift.html']


def test_the_html_escapes_what_the_nvr_reports(story):
    page = story['runs']['changed'].files()['drift.html']
    assert '<script' not in page
    assert '&lt;script&gt;alert(1)&lt;/script&gt;@example.com' in page


class TextOf(html.parser.HTMLParser):
    """The text a person sees (style content left out)."""

    def __init__(self):
        html.parser.HTMLParser.__init__(self)
        self.parts, self.skip = [], False

    def handle_starttag(self, tag, attrs):
        self.skip = tag in ('style', 'script', 'title')

    def handle_endtag(self, tag):
        self.skip = False

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def chromium_text(page, profile):
    """The text headless Chromium shows of page (whitespace collapsed), after checking no script got in."""
    profile.mkdir()
    flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync',
             '--user-data-dir=%s' % profile]
    proc = subprocess.run([CHROMIUM] + flags + ['--dump-dom', page.as_uri()], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert '<script' not in dom and '<img' not in dom, 'a value from the NVR became markup'
    parser = TextOf()
    parser.feed(dom)
    return ' '.join(' '.join(parser.parts).split())


@pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason='%s is missing: run tests/ci/install-browser.sh' % CHROMIUM)
def test_the_page_renders_in_headless_chromium(story):
    text = chromium_text(story['runs']['changed'].dir / 'drift.html', story['tmp'] / 'chromium-profile')
    assert text.startswith('1 of 5 NVRs drifted'), text[:300]
    summary = text[:text.index('NVRs and resources')]
    for count, label in ((5, 'NVRs checked'), (3, 'in sync'), (1, 'drifted'), (1, 'unreachable'), (1, 'resources drifted')):
        assert '%d %s' % (count, label) in summary, summary
    for host in ('nvr-1', 'nvr-2', 'nvr-3', 'nvr-4', 'nvr-5'):
        assert host in text
    assert EVIL in text, 'the escaped value renders as the text the NVR holds'
    assert 'connection refused' in text


def device_text(canary):
    """What an NVR can hold in a camera title or an email address, and the report must only show."""
    return ["{{ lookup('pipe', 'touch %s') }}" % canary, '{% for x in range(10**9) %}x{% endfor %}',
            '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'a]]>b', 'ffff \uffff', 'nul \x00',
            'surrogate \ud800', 'cam \U0001F600']


def shown(text):
    """text as the report files carry it: the filter drift_summary drops NUL (as every C0 control but tab, LF
    and CR), the report writer puts U+FFFD for the rest of what HTML, XML 1.0 or UTF-8 cannot carry."""
    return ''.join('\ufffd' if char in '\uffff\ud800' else char for char in text if char != '\x00')


@pytest.fixture(scope='module')
def hostile(tmp_path_factory):
    """playbooks/drift.yml over one NVR whose camera titles and email addresses are device_text."""
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('hostile')
    texts = device_text(tmp / 'CANARY')
    with Fleet(count=1, cameras=3, admin_password=ADMIN) as running:
        nvr = Nvr(running.ports[0])
        nvr.set_state({'cameras': dict(('ch%d' % ch, {'title': texts[ch]}) for ch in range(3)),
                       'email': {'address': texts[3:6], 'account': ' '.join(texts[6:])}})
        run = ansible_playbook('drift.yml', write_inventory(tmp / 'fleet.yml', running.ports), tmp / 'report')
        stats = nvr.stats()
    files = dict((name, (tmp / 'report' / name).read_bytes()) for name in ('drift.json', 'drift.html', 'drift.junit.xml'))
    return {'run': run, 'stats': stats, 'files': files, 'texts': texts, 'canary': tmp / 'CANARY', 'tmp': tmp}


def test_device_text_is_reported_never_run(hostile):
    run = hostile['run']
    assert run.rc == 0, run.output[-3000:]
    assert not hostile['canary'].exists()
    assert_nothing_written([hostile['stats']])
    for name, data in hostile['files'].items():
        data.decode('utf-8')  # strict: each file is valid UTF-8
    report = json.loads(hostile['files']['drift.json'])
    texts = hostile['texts']
    nvr = report['nvrs']['nvr-1']
    assert nvr['status'] == 'drifted'
    cameras = nvr['resources']['camera']['before']['cameras']
    assert [c['title'] for c in sorted(cameras, key=lambda c: c['channel'])] == [shown(t) for t in texts[:3]]
    email = nvr['resources']['email']['before']
    assert (email['recipients'], email['account']) == ([shown(t) for t in texts[3:6]], ' '.join(shown(t) for t in texts[6:]))


def test_device_text_keeps_junit_and_html_valid_and_shows_it_as_text(hostile):
    report = json.loads(hostile['files']['drift.json'])
    diffs = dict((name, r['diff']) for name, r in report['nvrs']['nvr-1']['resources'].items() if r['status'] == 'drifted')
    assert sorted(diffs) == sorted(set(RESOURCES) - {'ddns'})
    suite = ET.fromstring(hostile['files']['drift.junit.xml']).find('testsuite')
    failures = dict((c.get('name'), c.find('failure')) for c in suite.findall('testcase') if c.find('failure') is not None)
    assert dict((name, f.text) for name, f in failures.items()) == diffs
    parser = TextOf()
    parser.feed(hostile['files']['drift.html'].decode('utf-8'))
    text = ''.join(parser.parts)
    for name, diff in diffs.items():
        for line in diff.splitlines():
            assert line in text, (name, line)
    for literal in ('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'a]]>b', '{% for x in range(10**9) %}'):
        assert literal in text, literal
    source = hostile['files']['drift.html'].decode('utf-8')
    assert '<script' not in source and '<img' not in source and ']]>' not in source


@pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason='%s is missing: run tests/ci/install-browser.sh' % CHROMIUM)
def test_the_page_with_device_text_renders_in_headless_chromium(hostile):
    text = chromium_text(hostile['tmp'] / 'report' / 'drift.html', hostile['tmp'] / 'chromium-profile')
    assert text.startswith('1 of 1 NVRs drifted'), text[:300]
    assert '<script>alert(1)</script>' in text and '"><img src=x onerror=alert(1)>' in text
