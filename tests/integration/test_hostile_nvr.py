# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fleet with hostile NVRs among healthy ones, through the repository's playbooks (docs/security.md).

One story, run once per module with real ansible-playbook at -vvvv: playbooks/backup.yml,
the backups as host_vars, a few changes made by hand, playbooks/drift.yml, playbooks/site.yml.
The fleet: two healthy NVRs; one whose every settable string is a template payload or a YAML
breaker (model and firmware with a line break, monitors named like templates); one NVR per
hostile transport (a reply dripped a byte at a time, 50 MB, a gzip bomb, a redirect to the next
port, absurd device counts, a list of 100000 names, a refusal that echoes the request); and, on
the port the redirect names, a trap NVR that is in no inventory. The tests then read what
happened: nothing was evaluated (the canary file the payloads would create never appears),
the healthy NVRs are reported exactly, each hostile one is a one-line error naming what went
wrong, every run is bounded in time and memory, and no secret is anywhere, in any form.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
import yaml

from ansible_collections.mobotix.move_nvr.plugins.module_utils.registry import REGISTRY, RESOURCE_ORDER
from harness import HERE, nvr_group_vars

ROOT = HERE.parent.parent
ADMIN = 'H0stile-Adm1n-Pw'
TIMEOUT, RETRIES, BUDGET = 2, 0, 30       # move_nvr_timeout, move_nvr_retries, move_nvr_time_budget
# Per playbook: start-up, role and 10 hosts on 2 busy cores (measured 10-25 s), plus what one hostile
# NVR may cost: its failing request and its logout, each up to (1 + retries) attempts of one deadline.
BOUND_S = 60 + 4 * (1 + RETRIES) * TIMEOUT
KILL_S = BOUND_S + 30                      # a run past this is stopped, so that the other stages still run
MAX_RSS_MB = 500
FLEET = (                                  # (inventory host, emulator options); the order matters for the trap
    ('healthy-1', {}), ('healthy-2', {}), ('payload', {'hostile': ['payload_strings'], 'cameras': 12}),
    ('drip', {'hostile': ['drip']}), ('oversized', {'hostile': ['oversized']}), ('gzip-bomb', {'hostile': ['gzip_bomb']}),
    ('absurd-counts', {'hostile': ['absurd_counts']}), ('long-list', {'hostile': ['long_list']}),
    ('echo-refusal', {'hostile': ['echo_refusal']}), ('redirect', {'hostile': ['redirect']}),
    ('trap', {}),                          # the redirect's Location names its own port + 1: this one
)
HOSTS = [name for name, dummy in FLEET if name != 'trap']
TOO_BIG = r'MiB|too (large|big)|larger than|exceed|limit'
REASONS = {                                # what the one-line error of each hostile NVR must name
    'drip': r'nvr_timeout|time ?budget|deadline|timed? ?out|within \d',
    'oversized': TOO_BIG, 'gzip-bomb': TOO_BIG,
    'redirect': r'redirect|HTTP 30[12378]|Location',
    'absurd-counts': r'num_(relay|ch|alarm)',
    'long-list': r'4096|too (many|long)|more than \d|longer than',
    'echo-refusal': r'refus.*/setup/email_config',
}
UNREADABLE = [name for name in REASONS if name != 'echo-refusal']     # no backup, no check, no apply
# host_vars of an NVR whose backup (rightly) failed: enough for every stage to have to read it.
FALLBACK = {'move_nvr_ddns': {'enabled': False}, 'move_nvr_system_monitor': {'cpu_fan': {'threshold': 200}}}
RESOURCE_VARS = [entry.variable for entry in REGISTRY]
RESOURCES = list(RESOURCE_ORDER)
SURROGATE = re.compile('[\ud800-\udfff]')
EVIL = '<script>alert(1)</script>'        # set by hand on the payload NVR: the report must escape it

# Runs ansible-playbook, stops its whole process group past the limit, and records the peak RSS of
# the largest process of its tree (ansible-playbook reaps its workers, so RUSAGE_CHILDREN sees them).
WRAPPER = r'''
import json, os, resource, signal, subprocess, sys, time
usage, limit, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
start = time.monotonic()
proc = subprocess.Popen(command, start_new_session=True)
try:
    rc, timed_out = proc.wait(timeout=limit), False
except subprocess.TimeoutExpired:
    os.killpg(proc.pid, signal.SIGKILL)
    rc, timed_out = proc.wait(), True
with open(usage, "w") as handle:
    json.dump({"rc": rc, "seconds": time.monotonic() - start, "timed_out": timed_out,
               "maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}, handle)
'''


class Unsafe(str):
    """A string the file tagged !unsafe."""


class BackupLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """Safe loading, with Ansible's two tags as plain data (never an evaluating loader here)."""


BackupLoader.add_constructor('!unsafe', lambda loader, node: Unsafe(loader.construct_scalar(node)))
BackupLoader.add_constructor('!vault', lambda loader, node: loader.construct_scalar(node))


class CanaryWatch(threading.Thread):
    """Looks for the canary file every 50 ms for the whole story, and removes it if it ever appears."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.seen, self.done = path, [], threading.Event()

    def run(self):
        while not self.done.wait(0.05):
            if os.path.lexists(self.path):
                self.seen.append(time.strftime('%H:%M:%S'))
                os.unlink(self.path)


class Run:
    def __init__(self, name, usage, output, results):
        self.name, self.output, self.results = name, output, results
        self.rc, self.seconds, self.timed_out, self.maxrss_mb = (usage[k] for k in ('rc', 'seconds', 'timed_out', 'maxrss_mb'))

    def results_of(self, task_suffix):
        return dict((r['host'], dict(r['result'], status=r['status'])) for r in self.results if r['task'].endswith(task_suffix))


def run_playbook(tmp, name, playbook, inventory, *args):
    log, usage = tmp / ('%s.jsonl' % name), tmp / ('%s.usage.json' % name)
    env = dict(os.environ, RESULT_LOG=str(log), ANSIBLE_CALLBACK_PLUGINS=str(HERE / 'callback_plugins'),
               ANSIBLE_CALLBACKS_ENABLED='result_log', ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0',
               ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_DEPRECATION_WARNINGS='0')
    command = [sys.executable, '-c', WRAPPER, str(usage), str(KILL_S), 'ansible-playbook', '-i', str(inventory),
               str(ROOT / 'playbooks' / playbook), '-f', str(len(HOSTS)), '-vvvv'] + list(args)
    proc = subprocess.run(command, env=env, capture_output=True, timeout=KILL_S + 60, check=False)
    results = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    output = (proc.stdout + proc.stderr).decode('utf-8', 'replace')
    assert usage.exists(), '%s: the run wrapper ended without a record:\n%s' % (name, output[-3000:])
    return Run(name, json.loads(usage.read_text()), output, results)


def write_inventory(folder, nvrs, host_vars=None):
    folder.mkdir(parents=True, exist_ok=True)
    hosts = {'nvrs': {
        'hosts': dict((host, {'move_nvr_port': nvrs[host].port}) for host in HOSTS),
        'vars': nvr_group_vars(ADMIN, move_nvr_timeout=TIMEOUT, move_nvr_retries=RETRIES, move_nvr_time_budget=BUDGET),
    }}
    (folder / 'hosts.yml').write_text(yaml.safe_dump(hosts, sort_keys=False))
    if host_vars:
        (folder / 'host_vars').mkdir(exist_ok=True)
        for host, text in host_vars.items():
            (folder / 'host_vars' / ('%s.yml' % host)).write_text(text)
    return folder / 'hosts.yml'


@pytest.fixture(scope='module')
def story(tmp_path_factory):
    from move_nvr_emulator import Fleet, encrypt
    tmp = tmp_path_factory.mktemp('hostile')
    canary = '/tmp/mnc-%s' % secrets.token_hex(4)
    with Fleet(count=len(FLEET), per_nvr=[options for dummy, options in FLEET], cameras=2, admin_password=ADMIN,
               canary=canary, drip_s=0.05) as fleet:
        nvrs = dict(zip([name for name, dummy in FLEET], fleet.nvrs))
        assert nvrs['trap'].port == nvrs['redirect'].port + 1
        watch = CanaryWatch(canary)
        watch.start()
        try:
            # Before the backup: a little configuration of their own; the SMTP password of the echoing
            # NVR is the admin password (so its echo carries the admin password's encrypted form).
            nvrs['healthy-2'].set_state({'ddns': {'username': 'site-two', 'hostname': 'two.example.net'}})
            nvrs['echo-refusal'].set_state({'email': {'account': 'alarms@example.com', 'password': encrypt(ADMIN)}})
            runs, stats = {}, {}
            backups = tmp / 'backups'
            runs['backup'] = run_playbook(tmp, 'backup', 'backup.yml', write_inventory(tmp / 'backup', nvrs),
                                          '-e', 'move_nvr_backup_dir=%s' % backups)
            files = dict((host, (backups / ('%s.yml' % host)).read_text()) for host in HOSTS
                         if (backups / ('%s.yml' % host)).exists())
            # Changes by hand after the backup: the drift the check must find, and the apply undo.
            nvrs['healthy-2'].set_state({'ddns': {'username': 'changed-by-hand'}})
            nvrs['payload'].set_state({'ddns': {'username': 'changed-by-hand'}, 'email': {'account': EVIL}})
            nvrs['echo-refusal'].set_state({'email': {'provider_opt': {'gmail': {'server_site': 'smtp.changed.example.com'}}}})
            host_vars = dict((host, files.get(host) or yaml.safe_dump(FALLBACK)) for host in HOSTS)
            inventory = write_inventory(tmp / 'fleet', nvrs, host_vars)
            checked = dict((host, nvr.get_state()) for host, nvr in nvrs.items())
            for nvr in fleet.nvrs:
                nvr.reset(counters_only=True)
            runs['drift'] = run_playbook(tmp, 'drift', 'drift.yml', inventory, '-e', 'move_nvr_report_dir=%s' % (tmp / 'report'))
            stats['drift'] = dict((host, nvr.stats()) for host, nvr in nvrs.items())
            runs['apply'] = run_playbook(tmp, 'apply', 'site.yml', inventory)
            stats['apply'] = dict((host, nvr.stats()) for host, nvr in nvrs.items())
            report = tmp / 'report'
            yield {
                'runs': runs, 'stats': stats, 'files': files, 'nvrs': nvrs, 'canary': canary, 'watch': watch,
                'reports': dict((p.name, p.read_text()) for p in report.iterdir()) if report.is_dir() else {},
                'checked': checked, 'state': dict((host, nvr.get_state()) for host, nvr in nvrs.items()),
                'secrets': secret_forms(encrypt, [t for nvr in fleet.nvrs for t in nvr.issued_tokens()]),
            }
        finally:
            watch.done.set()
            watch.join()


def secret_forms(encrypt, cookies):
    """Every form of a secret that must never be shown: clear, encrypted (and encoded), login hash, cookies."""
    encrypted = encrypt(ADMIN)
    digest = hashlib.md5(('Admin:%s' % ADMIN).encode()).hexdigest()
    forms = {'admin password': ADMIN, 'encrypted admin password': encrypted,
             'URL-encoded encrypted admin password': urllib.parse.quote_plus(encrypted),
             'JSON-escaped encrypted admin password': json.dumps(encrypted)[1:-1].replace('/', '\\/'),
             'login hash': digest, 'login hash (upper case)': digest.upper()}
    forms.update(('session cookie %d' % i, cookie) for i, cookie in enumerate(sorted(set(cookies))))
    assert any(name.startswith('session cookie') for name in forms), 'the story logged in somewhere'
    return forms


def load_backup(text):
    return yaml.load(text, Loader=BackupLoader)  # noqa: S506 - a SafeLoader subclass


def assert_one_line_error(stage, host, msg, story):
    assert isinstance(msg, str) and msg, '%s: %s should have failed with a message, got %r' % (stage, host, msg)
    assert '\n' not in msg and '\r' not in msg, '%s: %s: the error is not one line: %r' % (stage, host, msg[:400])
    assert len(msg) < 300, '%s: %s: the error has %d characters: %r...' % (stage, host, len(msg), msg[:300])
    assert re.search(REASONS[host], msg, re.I), '%s: %s: the error does not say what went wrong: %r' % (stage, host, msg)
    if host == 'redirect':
        assert 'http://127.0.0.1:%d' % story['nvrs']['trap'].port in msg, '%s: the Location is not named: %r' % (stage, msg)


def drift_report(story):
    assert 'drift.json' in story['reports'], 'playbooks/drift.yml wrote no drift.json'
    return json.loads(story['reports']['drift.json'])['nvrs']


def expected_status(host):
    """The per-host task's status: the dripping NVR gives no complete answer to the login within move_nvr_timeout, so
    it is unreachable (as Ansible's hosts it cannot reach); every other hostile NVR answered, and failed."""
    return 'unreachable' if host == 'drip' else 'failed'


CHECKED = ('in_sync', 'drifted')           # the drift.json statuses of what could be checked


def drift_messages(entry):
    """The messages of an NVR of drift.json that could not be checked: its reason, its resources' messages."""
    msgs = [entry['reason']] if entry.get('reason') else []
    return msgs + [r.get('msg') for r in entry.get('resources', {}).values() if r.get('status') not in CHECKED + ('not_managed',)]


# -- nothing evaluated ---------------------------------------------------------------
def test_nothing_was_evaluated(story):
    assert not story['watch'].seen, 'the canary %s appeared at %s: a device string was evaluated' % (
        story['canary'], story['watch'].seen)
    assert not os.path.lexists(story['canary'])
    assert story['state']['payload']['cameras']['ch0']['title'] == story['checked']['payload']['cameras']['ch0']['title'] \
        == "{{ lookup('pipe','touch %s') }}" % story['canary'], 'the payload camera title is kept as it is'


def test_backups_keep_device_strings_as_tagged_data(story):
    files = story['files']
    assert sorted(files) == sorted(['healthy-1', 'healthy-2', 'payload', 'echo-refusal']), \
        'a backup for each readable NVR, none for the others: %s' % sorted(files)
    for host, text in files.items():
        assert not re.search(r'^move_nvr_(host|port|password)\b', text, re.M), '%s: the file sets a connection variable' % host
        data = load_backup(text)
        assert sorted(data) == sorted(RESOURCE_VARS), '%s: variables %s' % (host, sorted(data))
    data = load_backup(files['payload'])
    untagged = [value for value in strings(data) if '{' in value and not isinstance(value, Unsafe)]
    assert not untagged, 'payload: strings with a template that are not tagged !unsafe: %r' % untagged
    assert data['move_nvr_email']['account'] == "{{ lookup('pipe','touch %s') }}" % story['canary']
    assert data['move_nvr_ddns']['username'] == '!!python/object/apply:os.system ["touch %s"]' % story['canary']
    cameras = dict((c['channel'], c) for c in data['move_nvr_cameras']['cameras'])
    for key, camera in story['checked']['payload']['cameras'].items():
        if not SURROGATE.search(camera['title']):  # a lone surrogate is not text: U+FFFD in the file
            assert cameras[int(key[2:])]['title'] == camera['title'], 'payload %s: title %r' % (key, camera['title'])
    assert 'move_nvr_host: 127.0.0.9' not in [line.strip() for line in files['payload'].splitlines()]


def strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


# -- the healthy NVRs, exactly ---------------------------------------------------------
def test_drift_report_is_exact_for_every_readable_nvr(story):
    nvrs = drift_report(story)
    assert sorted(nvrs) == sorted(HOSTS)
    assert nvrs['healthy-1']['status'] == 'in_sync', nvrs['healthy-1']
    assert sorted(nvrs['healthy-1']['resources']) == sorted(RESOURCES)
    assert nvrs['healthy-2']['drifted'] == ['ddns'], nvrs['healthy-2']
    assert '-username: changed-by-hand' in nvrs['healthy-2']['resources']['ddns']['diff']
    assert nvrs['echo-refusal']['drifted'] == ['email'], nvrs['echo-refusal']
    payload = nvrs['payload']
    assert all(r['status'] in CHECKED for r in payload['resources'].values()), payload
    assert set(payload['drifted']) - {'camera'} == {'email', 'ddns'}, payload['drifted']
    assert payload['resources']['ddns']['requests'][0]['body']['username'] == \
        '!!python/object/apply:os.system ["touch %s"]' % story['canary']
    if 'camera' in payload['drifted']:  # only where the device holds a lone surrogate, which no file can
        touched = set(item['ch'] for request in payload['resources']['camera']['requests'] for item in request['body']['list'])
        holding = set(c['ch'] for c in story['checked']['payload']['cameras'].values()
                      if any(SURROGATE.search(str(v)) for v in c.values()))
        assert touched <= holding, 'camera drift beyond the unrepresentable text: %s' % sorted(touched - holding)
    assert payload['resources']['email']['after']['account'] == "{{ lookup('pipe','touch %s') }}" % story['canary']
    page = html.unescape(story['reports']['drift.html'])
    assert re.search(r"\{\{ lookup\('+pipe'+,'+touch %s'+\) \}\}" % story['canary'], page), 'the payload is shown as text'
    assert EVIL in page and EVIL not in story['reports']['drift.html'], 'the device text is shown, escaped'


def test_apply_changes_exactly_what_drifted(story):
    applied = story['runs']['apply'].results_of('Apply the NVR baseline')
    assert applied.get('healthy-1', {}).get('changed') is False, applied.get('healthy-1')
    two = applied.get('healthy-2', {})
    assert two.get('status') == 'ok' and [n for n, r in two['resources'].items() if r['changed']] == ['ddns'], two
    assert story['state']['healthy-2']['ddns']['username'] == 'site-two'
    payload = applied.get('payload', {})
    assert payload.get('status') == 'ok', payload.get('msg')
    assert story['state']['payload']['ddns']['username'] == '!!python/object/apply:os.system ["touch %s"]' % story['canary'], \
        'the payload was written back exactly, as text'
    assert story['state']['payload']['email']['account'] == "{{ lookup('pipe','touch %s') }}" % story['canary']
    for host in ('healthy-1', 'healthy-2', 'payload', 'echo-refusal', 'absurd-counts', 'long-list'):
        for stage in ('drift', 'apply'):
            assert story['stats'][stage][host]['open_sessions'] == 0, '%s: %s left a session open' % (stage, host)
    assert story['stats']['drift']['healthy-1']['write_attempts'] == 0


# -- the hostile NVRs: one line each ---------------------------------------------------
def test_backup_fails_in_one_line_on_each_unreadable_nvr(story):
    read = story['runs']['backup'].results_of('Read the configuration of the NVR')
    for host in UNREADABLE:
        assert read.get(host, {}).get('status') == expected_status(host), '%s: %s' % (host, read.get(host))
        assert_one_line_error('backup', host, read[host].get('msg'), story)


def test_drift_check_reports_each_unreadable_nvr_in_one_line(story):
    nvrs = drift_report(story)
    for host in UNREADABLE:
        assert nvrs[host]['status'] not in CHECKED, '%s reported as %s' % (host, nvrs[host]['status'])
        msgs = drift_messages(nvrs[host])
        for msg in msgs:
            assert '\n' not in msg and len(msg) < 300, '%s: %r' % (host, msg[:400])
        assert any(re.search(REASONS[host], msg, re.I) for msg in msgs), '%s: %r' % (host, msgs)


def test_apply_fails_in_one_line_on_each_hostile_nvr(story):
    applied = story['runs']['apply'].results_of('Apply the NVR baseline')
    for host in REASONS:
        assert applied.get(host, {}).get('status') == expected_status(host), '%s: %s' % (host, applied.get(host))
        assert_one_line_error('apply', host, applied[host].get('msg'), story)
    assert story['state']['echo-refusal']['email']['provider_opt']['gmail']['server_site'] == 'smtp.changed.example.com'
    echo = story['stats']['apply']['echo-refusal']
    assert (echo['write_attempts'], echo['writes']) == (1, 0), 'the echoing NVR got the one POST (password included)'


def test_the_redirect_was_never_followed(story):
    assert story['nvrs']['trap'].stats()['requests'] == 0, 'a client followed the redirect to the trap NVR'
    assert story['nvrs']['trap'].issued_tokens() == []


# -- bounded ---------------------------------------------------------------------------
@pytest.mark.parametrize('stage', ['backup', 'drift', 'apply'])
def test_each_run_is_bounded_in_time_and_memory(story, stage):
    run = story['runs'][stage]
    assert not run.timed_out, '%s: still running after %d s, stopped' % (stage, KILL_S)
    assert run.seconds < BOUND_S, '%s took %.0f s; bound %d s' % (stage, run.seconds, BOUND_S)
    assert run.maxrss_mb < MAX_RSS_MB, '%s: a process of ansible-playbook reached %.0f MB' % (stage, run.maxrss_mb)
    assert 'Traceback' not in run.output, '%s: a traceback in the output' % stage


# -- no secret -------------------------------------------------------------------------
def test_no_secret_in_any_output_report_or_backup(story):
    places = dict(('console output of %s (-vvvv)' % name, run.output) for name, run in story['runs'].items())
    places.update(('report %s' % name, text) for name, text in story['reports'].items())
    places.update(('backup %s.yml' % host, text) for host, text in story['files'].items())
    places.update(('result log of %s' % name, json.dumps(run.results)) for name, run in story['runs'].items())
    assert story['reports'] and story['files'], 'nothing to look into'
    found = ['%s in the %s' % (what, where) for where, text in places.items()
             for what, secret in story['secrets'].items() if secret in text]
    assert not found, 'secrets shown: %s' % '; '.join(found)
