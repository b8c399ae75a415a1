# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift report under real play shapes, with statuses that tell the truth.

One play with `serial: 3` over seven NVRs, each in another state: in sync, drifted, a wrong password
(login_refused), a baseline variable of the wrong type (refused_baseline), a closed port (unreachable), no
resource variable at all (not_managed), and one whose sessions expire in the middle of its check (error,
with its errored resources counted and its drift still listed). The three batches make ONE report that
covers all seven; the report after the first batch calls the NVRs of later batches pending, never
unreachable. Then a run limited with --limit into the same directory replaces that report (another run)
and lists the limited NVRs only. Then a run from another directory without move_nvr_report_dir writes the
report under that directory, not next to the playbook. Last, a report of 1,000 NVRs: its size, and its
page in headless Chromium at 1,300 px wide (no horizontal overflow, the filters work without script).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import socket
import subprocess
import xml.etree.ElementTree as ET

import pytest
import yaml

from harness import Nvr, nvr_group_vars

COLLECTION = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = '/usr/bin/chromium'
ADMIN = 'Sh4pes-Admin-Pw'
BASELINE = {  # in sync on a factory NVR
    'move_nvr_ddns': {'enabled': False},
    'move_nvr_record_config': {'retention_days': 30, 'circular': True},
}
HOSTS = ['nvr-%d' % i for i in range(1, 8)]
EXPECTED = {'nvr-1': 'in_sync', 'nvr-2': 'drifted', 'nvr-3': 'login_refused', 'nvr-4': 'refused_baseline',
            'nvr-5': 'unreachable', 'nvr-6': 'not_managed', 'nvr-7': 'error'}
SERIAL_PLAY = '''
- name: Drift check in batches
  hosts: nvrs
  gather_facts: false
  serial: 3
  order: sorted
  pre_tasks:
    - name: Keep the report as the batch before left it
      ansible.builtin.shell: 'if [ -f drift.json ]; then cp drift.json "before-{{ ansible_play_batch | first }}.json"; fi'
      args:
        chdir: "{{ move_nvr_report_dir }}"
      run_once: true
      changed_when: false
  roles:
    - role: mobotix.move_nvr.drift_report
      run_once: true
'''


def closed_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


class SessionsExpireAfter:
    """The emulated NVR's session check, made to refuse every session after `after` requests were let through:
    its sessions expire in the middle of a check, and a new login does not help (the client logs in again once
    per request, and that session expires as well)."""

    def __init__(self, nvr, after):
        self.check, self.after, self.allowed = nvr.session, after, 0

    def __call__(self, tokens):
        account = self.check(tokens)
        if account is None or self.allowed >= self.after:
            return None
        self.allowed += 1
        return account


def write_inventory(path, ports):
    """nvr-1..7 as EXPECTED says (ports: the six emulated NVRs for nvr-1..4, 6, 7)."""
    port = dict(zip(['nvr-1', 'nvr-2', 'nvr-3', 'nvr-4', 'nvr-6', 'nvr-7'], ports))
    managed = dict((host, {'move_nvr_port': port[host]}) for host in ('nvr-1', 'nvr-2', 'nvr-3', 'nvr-4', 'nvr-7'))
    managed['nvr-3']['move_nvr_password'] = 'Wr0ng-Password'
    managed['nvr-4']['move_nvr_ddns'] = 'yes please'
    managed['nvr-5'] = {'move_nvr_port': closed_port()}
    inventory = {'nvrs': {
        'vars': nvr_group_vars(ADMIN, move_nvr_retries=0, move_nvr_timeout=5),
        'hosts': {'nvr-6': {'move_nvr_port': port['nvr-6']}},  # no resource variable: manages nothing
        'children': {'managed': {'vars': BASELINE, 'hosts': managed}},
    }}
    path.write_text(yaml.safe_dump(inventory, sort_keys=False))
    return path


def ansible_playbook(playbook, inventory, cwd, *args, **extra_vars):
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_DEPRECATION_WARNINGS='0')
    command = ['ansible-playbook', '-i', str(inventory), str(playbook)] + list(args)
    if extra_vars:
        command += ['-e', json.dumps(extra_vars)]
    proc = subprocess.run(command, env=env, cwd=str(cwd), capture_output=True, text=True, timeout=300, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def read_json(path):
    return json.loads(path.read_text())


def statuses(report):
    return dict((host, nvr['status']) for host, nvr in report['nvrs'].items())


@pytest.fixture(scope='module')
def shapes(tmp_path_factory):
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('shapes')
    with Fleet(count=6, admin_password=ADMIN) as running:
        nvrs = [Nvr(port) for port in running.ports]
        nvrs[1].set_state({'ddns': {'enabled': True}})  # nvr-2 drifted
        nvrs[5].set_state({'ddns': {'enabled': True}})  # nvr-7 drifted before its sessions expire
        expiring = running.nvrs[5]
        expiring.session = SessionsExpireAfter(expiring, after=1)  # the DDNS read, then no more
        inventory = write_inventory(tmp / 'fleet.yml', running.ports)
        report_dir = tmp / 'report'
        report_dir.mkdir()
        playbook = tmp / 'serial.yml'
        playbook.write_text(SERIAL_PLAY)
        runs = {'serial': ansible_playbook(playbook, inventory, tmp, move_nvr_report_dir=str(report_dir))}
        files = {'serial': dict((name, (report_dir / name).read_text()) for name in ('drift.json', 'drift.html', 'drift.junit.xml'))}
        batches = dict((name, read_json(report_dir / name)) for name in ('before-nvr-4.json', 'before-nvr-7.json'))
        stats = [nvr.stats() for nvr in nvrs]

        runs['limited'] = ansible_playbook(COLLECTION / 'playbooks' / 'drift.yml', inventory, tmp, '--limit', 'nvr-1,nvr-2',
                                           move_nvr_report_dir=str(report_dir))
        files['limited'] = dict((name, (report_dir / name).read_text()) for name in ('drift.json', 'drift.html', 'drift.junit.xml'))

        elsewhere = tmp / 'elsewhere'
        elsewhere.mkdir()
        runs['elsewhere'] = ansible_playbook(COLLECTION / 'playbooks' / 'drift.yml', inventory, elsewhere, '--limit', 'nvr-1')
        yield {'runs': runs, 'files': files, 'batches': batches, 'stats': stats, 'tmp': tmp, 'elsewhere': elsewhere}


def test_serial_batches_make_one_report_of_every_nvr_with_the_right_status(shapes):
    rc, output = shapes['runs']['serial']
    assert rc != 0, 'the NVRs that failed fail the run'
    report = json.loads(shapes['files']['serial']['drift.json'])
    assert statuses(report) == EXPECTED, output[-3000:]
    assert report['run']['batches'] == 3
    assert report['hosts_limited'] is False
    assert report['summary'] == {'nvrs': 7, 'in_sync': 1, 'drifted': 1, 'errored': 1, 'login_refused': 1, 'refused_baseline': 1,
                                 'unreachable': 1, 'not_managed': 1, 'pending': 0,
                                 'resources': 6, 'resources_in_sync': 3, 'resources_drifted': 2, 'resources_errored': 1,
                                 'resources_unreachable': 6, 'resources_not_managed': 2}
    assert report['status'] == 'drifted'
    assert report['headline'] == ('1 of 7 NVRs drifted, 1 with errors, 1 login refused, 1 baseline refused, 1 unreachable, '
                                  '1 not managed')
    assert '<h2>Pending</h2>' not in shapes['files']['serial']['drift.html']


def test_each_batch_updated_the_same_report_and_later_batches_were_pending_not_unreachable(shapes):
    first, second = shapes['batches']['before-nvr-4.json'], shapes['batches']['before-nvr-7.json']
    final = json.loads(shapes['files']['serial']['drift.json'])
    assert first['run']['id'] == second['run']['id'] == final['run']['id']
    assert (first['run']['batches'], second['run']['batches']) == (1, 2)
    assert statuses(first) == dict(EXPECTED, **dict((host, 'pending') for host in ('nvr-4', 'nvr-5', 'nvr-6', 'nvr-7')))
    assert statuses(second) == dict(EXPECTED, **{'nvr-7': 'pending'})
    assert first['summary']['unreachable'] == 0 and first['summary']['pending'] == 4
    assert first['status'] == 'drifted' and first['headline'].endswith('4 pending')
    # What a batch found is kept as found: nvr-2's diff from the first batch is in the final report.
    assert final['nvrs']['nvr-2'] == first['nvrs']['nvr-2']
    assert '-enabled: true' in final['nvrs']['nvr-2']['resources']['ddns']['diff']


def test_a_wrong_password_is_login_refused(shapes):
    nvr = json.loads(shapes['files']['serial']['drift.json'])['nvrs']['nvr-3']
    assert nvr['status'] == 'login_refused'
    assert 'login refused' in nvr['reason'] and 'nvr_password' in nvr['reason']
    assert dict((name, cell['status']) for name, cell in nvr['resources'].items()) == \
        {'ddns': 'unreachable', 'record_config': 'unreachable'}
    assert shapes['stats'][2]['login_failures'] >= 1 and shapes['stats'][2]['logins'] == 0


def test_a_bad_variable_is_refused_baseline_naming_it_before_any_request(shapes):
    nvr = json.loads(shapes['files']['serial']['drift.json'])['nvrs']['nvr-4']
    assert nvr['status'] == 'refused_baseline'
    assert 'move_nvr_ddns' in nvr['reason'], nvr['reason']
    assert shapes['stats'][3]['requests'] == 0, 'refused before any request'


def test_a_closed_port_is_unreachable_and_an_nvr_managing_nothing_is_not_in_sync(shapes):
    report = json.loads(shapes['files']['serial']['drift.json'])
    assert 'connection refused' in report['nvrs']['nvr-5']['reason']
    six = report['nvrs']['nvr-6']
    assert six['status'] == 'not_managed' and six['reason']
    assert dict((name, cell['status']) for name, cell in six['resources'].items()) == \
        {'ddns': 'not_managed', 'record_config': 'not_managed'}


def test_sessions_expiring_mid_run_are_an_error_with_the_errored_resources_counted_and_the_drift_listed(shapes):
    report = json.loads(shapes['files']['serial']['drift.json'])
    nvr = report['nvrs']['nvr-7']
    assert nvr['status'] == 'error'
    assert nvr['drifted'] == ['ddns'] and nvr['errored'] == ['record_config']
    assert nvr['reason'].startswith('1 of 2 resources could not be checked: move_nvr_record_config: ') and '401' in nvr['reason']
    assert '401' in nvr['resources']['record_config']['msg'], nvr['resources']['record_config']['msg']
    assert report['summary']['errored'] == 1 and report['summary']['resources_errored'] == 1


def test_the_recap_gives_each_nvr_its_status(shapes):
    rc, output = shapes['runs']['serial']
    recap = dict((m.group(1), m.group(2)) for m in re.finditer(r'^(nvr-\d)\s+: (.*)$', output, re.M))
    assert set(recap) == set(HOSTS), output[-3000:]

    def count(host, key):
        return int(re.search(r'\b%s=(\d+)' % key, recap[host]).group(1))

    assert [host for host in HOSTS if count(host, 'failed')] == ['nvr-3', 'nvr-4', 'nvr-7']
    assert [host for host in HOSTS if count(host, 'unreachable')] == ['nvr-5']
    assert count('nvr-6', 'skipped') >= 1 and count('nvr-2', 'changed') == 1
    assert re.search(r'^skipping: \[nvr-6\]', output, re.M), output[-3000:]


def test_junit_gives_each_status_its_own_kind(shapes):
    suite = ET.fromstring(shapes['files']['serial']['drift.junit.xml'].encode()).find('testsuite')
    kinds = {}
    for case in suite.findall('testcase'):
        for child in case:
            kinds.setdefault(case.get('classname'), set()).add((child.tag, child.get('type')))
    assert kinds == {
        'nvr-2': {('failure', 'drift')},
        'nvr-3': {('failure', 'login_refused')},
        'nvr-4': {('failure', 'refused_baseline')},
        'nvr-5': {('failure', 'unreachable')},
        'nvr-6': {('skipped', None)},
        'nvr-7': {('failure', 'drift'), ('error', 'error')},
    }
    assert (suite.get('tests'), suite.get('failures'), suite.get('errors'), suite.get('skipped')) == ('14', '8', '1', '2')


def test_a_limited_run_replaces_the_report_of_another_run_and_lists_the_limit_only(shapes):
    rc, output = shapes['runs']['limited']
    assert rc == 0, output[-3000:]
    report = json.loads(shapes['files']['limited']['drift.json'])
    serial = json.loads(shapes['files']['serial']['drift.json'])
    assert statuses(report) == {'nvr-1': 'in_sync', 'nvr-2': 'drifted'}
    assert report['run']['id'] != serial['run']['id'] and report['run']['batches'] == 1
    assert report['hosts_limited'] is True and report['limit'] == 'nvr-1,nvr-2'
    assert report['summary']['unreachable'] == 0 and report['summary']['nvrs'] == 2
    assert 'Limited run (<code>--limit nvr-1,nvr-2</code>)' in shapes['files']['limited']['drift.html']


def test_the_default_report_directory_is_under_the_directory_ansible_playbook_runs_in(shapes):
    rc, output = shapes['runs']['elsewhere']
    assert rc == 0, output[-3000:]
    report = read_json(shapes['elsewhere'] / 'drift-report' / 'drift.json')
    assert statuses(report) == {'nvr-1': 'in_sync'}
    assert '%s/drift.html' % (shapes['elsewhere'] / 'drift-report') in output
    assert not (COLLECTION / 'playbooks' / 'drift-report').exists(), 'nothing is written next to the playbook'


# A report of 1,000 NVRs: the size of its page, and the page in headless Chromium at 1,300 px wide.

def thousand():
    from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import RESOURCE_ORDER, drift_summary

    def drifted(i):
        return {'changed': True, 'requests': [{'method': 'POST', 'path': '/setup/email_config'}],
                'diff': {'before': {'server': 'old-%d.example.com' % i, 'port': 465, 'recipients': ['a@example.com']},
                         'after': {'server': 'smtp.example.com', 'port': 587, 'recipients': ['soc@example.com']}}}

    results = {}
    for i in range(1000):
        resources = dict((name, {'changed': False}) for name in RESOURCE_ORDER)
        if i % 10 == 0:
            resources.update(email=drifted(i), camera=drifted(i))
        result = {'changed': i % 10 == 0, 'resources': resources}
        if i % 97 == 5:
            resources['ddns'] = {'failed': True, 'msg': 'NVR 10.0.%d.%d: GET /setup/ddns_config refused with HTTP 401' % (i // 250, i % 250)}
            result['failed'] = True
        if i % 113 == 7:
            result = {'failed': True, 'unreachable': True, 'nvr_failure': 'unreachable', 'managed': list(RESOURCE_ORDER),
                      'msg': 'NVR 10.0.0.%d:443: connection failed (timed out after 10 s)' % (i % 250)}
        if i % 211 == 9:
            result = {'failed': True, 'nvr_failure': 'login_refused', 'managed': list(RESOURCE_ORDER),
                      'msg': 'NVR 10.0.0.%d:443: login refused (HTTP 401): check nvr_username and nvr_password' % (i % 250)}
        if i % 331 == 11:
            result = {'failed': True, 'argument_errors': ['x'], 'managed': ['email'],
                      'msg': 'Validation of arguments failed:\nmove_nvr_email: dictionary requested, could not parse JSON or key=value'}
        if i % 401 == 13:
            result = {'changed': False, 'resources': {}, 'managed': []}
        results['nvr-site%02d-%04d.example.net' % (i % 37, i)] = result
    return drift_summary(results, '2026-01-31T12:00:00Z', run={'id': '1@t', 'started': 't', 'batches': 1})


@pytest.fixture(scope='module')
def big_report():
    return thousand()


@pytest.fixture(scope='module')
def big_page(tmp_path_factory, big_report):
    from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.drift_report import write_report
    directory = tmp_path_factory.mktemp('thousand')
    paths = write_report(big_report, str(directory), 'NVR drift report, 1,000 NVRs')
    return pathlib.Path(paths['drift.html'])


def test_the_page_of_1000_nvrs_is_small(big_page, big_report):
    size = big_page.stat().st_size
    print('drift.html of 1,000 NVRs: %d bytes' % size)
    assert size < 3 * 1024 * 1024
    assert big_report['summary']['in_sync'] == 872 and big_report['summary']['drifted'] == 97
    text = big_page.read_text()
    assert text.count('<tr class="nvr st-in_sync') == 872, 'the NVRs in sync are in the grid, hidden until asked for'
    assert '<summary>872 NVR(s) in sync</summary>' in text


def chromium(page, *flags):
    """Headless Chromium on page at 1,300 x 1,000 px; its stdout."""
    profile = page.parent / ('chromium-profile-%d' % len(list(page.parent.glob('chromium-profile-*'))))
    command = [CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
               '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--user-data-dir=%s' % profile,
               '--window-size=1300,1000'] + list(flags) + [page.as_uri()]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def probe(page, script):
    """What script (run at the end of a copy of page) writes into <body data-probe>, read with --dump-dom.

    The report itself has no script: the probe runs in a copy made for the test.
    """
    copy = page.with_name('probe-%d.html' % len(list(page.parent.glob('probe-*.html'))))
    copy.write_text(page.read_text().replace('</body>', '<script>%s</script></body>' % script))
    found = re.search(r'data-probe="([^"]*)"', chromium(copy, '--dump-dom'))
    assert found, 'the probe did not run'
    return found.group(1)


WIDTHS = ("var d = document.documentElement; document.body.setAttribute('data-probe', "
          "[d.scrollWidth, d.clientWidth, window.innerWidth].join(' '));")


@pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason='%s is missing: run tests/ci/install-browser.sh' % CHROMIUM)
def test_the_page_of_1000_nvrs_does_not_overflow_1300_px(big_page):
    scroll, client, inner = [int(x) for x in probe(big_page, WIDTHS).split()]
    assert inner == 1300, 'the window is 1,300 px wide'
    assert scroll <= client, 'the page scrolls sideways: %d px of content in %d px' % (scroll, client)
    # The probe sees an overflow when there is one.
    wide = big_page.with_name('wide.html')
    wide.write_text(big_page.read_text().replace('<main>', '<main><div style="width: 1600px">wide</div>'))
    scroll, client, inner = [int(x) for x in probe(wide, WIDTHS).split()]
    assert scroll > client
    shot = big_page.with_name('drift-1300.png')
    chromium(big_page, '--screenshot=%s' % shot)
    print('screenshot: %s' % shot)
    assert shot.stat().st_size > 10000


VISIBLE = ("%s var v = [].slice.call(document.querySelectorAll('.view .nvr')).filter(function (e) {"
           " return getComputedStyle(e).display != 'none'; });"
           " document.body.setAttribute('data-probe', v.map(function (e) { return e.className; }).join('|'));")


def shown_by(report, status=None, resource=None):
    """{status: how many rows and sections} a filter should show: a grid row and a section per NVR that is a problem,
    a row only per NVR in sync (hidden unless asked for); `resource`: only NVRs on which it drifted, errored or
    was not reached."""
    found = {}
    for nvr in report['nvrs'].values():
        if nvr['status'] == 'pending' or (status is None and nvr['status'] == 'in_sync'):
            continue
        if status is not None and nvr['status'] != status:
            continue
        if resource and nvr['resources'][resource]['status'] not in ('drifted', 'errored', 'unreachable'):
            continue
        found[nvr['status']] = found.get(nvr['status'], 0) + (1 if nvr['status'] == 'in_sync' else 2)
    return found


@pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason='%s is missing: run tests/ci/install-browser.sh' % CHROMIUM)
@pytest.mark.parametrize('pick, status, resource', [
    ([], None, None),
    (['st-in_sync'], 'in_sync', None),
    (['st-login_refused'], 'login_refused', None),
    (['rs-6'], None, 'ddns'),
    (['st-drifted', 'rs-5'], 'drifted', 'email'),
], ids=['default', 'in sync', 'login refused', 'ddns', 'drifted email'])
def test_the_filters_work_without_script_in_the_page(big_page, big_report, pick, status, resource):
    """Rows and sections shown when the radio inputs `pick` are checked (as a click on their label does)."""
    assert big_report['resources'][4:6] == ['email', 'ddns']
    checks = ''.join("document.getElementById('%s').checked = true;" % name for name in pick)
    found = {}
    for classes in probe(big_page, VISIBLE % checks).split('|'):
        found[re.search(r'\bst-(\w+)', classes).group(1)] = found.get(re.search(r'\bst-(\w+)', classes).group(1), 0) + 1
    expected = shown_by(big_report, status, resource)
    assert found == expected
    assert sum(expected.values()) > 0
