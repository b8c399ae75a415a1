# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""First contact with a real NVR (docs/real-nvr.md): the probe and the twin, with real ansible-playbook runs.

playbooks/probe.yml runs once against one NVR of each dialect the emulator has and one strict NVR that lacks
an endpoint (HTTP 404) and answers garbage on another: each report names its dialect and the differences from
the others, the broken endpoints are named and the probe went on, no NVR saw a write attempt, every session
was closed, and no password is in any file, in any form.

Then the twin: the replies the probe saved start `run.py --state FILE`, and a small baseline runs against the
original and against its twin - --check --diff, the apply, the rerun - with the same `changed` and the same
requests on both. A malformed twin file is refused in one line naming the file and the field.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from harness import ADMIN_PASSWORD, HERE, Nvr, nvr_group_vars, run_playbook

from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import secret_variants

ROOT = HERE.parent.parent
RUN = ROOT / 'tests' / 'emulator' / 'run.py'
SECRETS = {'smtp': 'Pr0be-Smtp-pw', 'ddns': 'Pr0be-Ddns-pw', 'operator': 'Pr0beOper8', 'camera': 'Pr0be-Cam-pw'}
BROKEN = {'/setup/ddns_config': 'missing', '/record/record_info': 'garbage'}
EMULATOR_DIALECTS = ('strict', 'manual', 'lenient')


def configure(fleet, index):
    """Passwords and settings besides the factory ones on NVR `index` of `fleet` (no API request)."""
    from move_nvr_emulator import encrypt
    nvr = fleet.nvrs[index]
    num_ch = nvr.opts.num_ch
    nvr.set_state({
        'email': {'account': 'nvr-alarms@example.com', 'password': encrypt(SECRETS['smtp']), 'current_provider': 'custom',
                  'address': ['soc@example.com', '', ''], 'vendor_extra': {'kept': 7}},
        'ddns': {'enabled': True, 'server_name': 'NoIP', 'hostname': 'site.example.net', 'username': 'site',
                 'password': encrypt(SECRETS['ddns'])},
    })
    state = nvr.get_state()
    state['accounts'].append({'account': 'operator', 'password': encrypt(SECRETS['operator']), 'authority': 13,
                              'covert': [False] * num_ch})
    for camera in state['cameras'].values():
        camera['password'] = encrypt(SECRETS['camera'])
    nvr.set_state({'accounts': state['accounts'], 'cameras': state['cameras']}, replace=True)
    nvr.reset(counters_only=True)


def inventory(folder, hosts):
    """hosts: name -> port."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {'nvrs': {
        'hosts': dict((name, {'move_nvr_port': port}) for name, port in hosts.items()),
        'vars': nvr_group_vars(ADMIN_PASSWORD, move_nvr_retries=1),
    }}
    path = folder / 'hosts.yml'
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def probe_playbook(folder, hosts):
    """playbooks/probe.yml on these hosts; (rc, output, report dir)."""
    out = folder / 'probe'
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_DEPRECATION_WARNINGS='0')
    command = ['ansible-playbook', '-i', str(inventory(folder, hosts)), str(ROOT / 'playbooks' / 'probe.yml'),
               '-e', json.dumps({'move_nvr_probe_dir': str(out)})]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    return proc.returncode, proc.stdout + proc.stderr, out


def every_secret():
    """Each password of the test (and the factory ones of the emulator) in every form output could show."""
    return [s for s in secret_variants(list(SECRETS.values()) + [ADMIN_PASSWORD, '123456']) if len(s) >= 6]


@pytest.fixture(scope='module')
def probed(tmp_path_factory):
    """One probe run over an NVR of each dialect and a broken strict one; the files and the NVRs' stats."""
    from move_nvr_emulator import Fleet, twin
    tmp = tmp_path_factory.mktemp('probe')
    names = list(EMULATOR_DIALECTS) + ['broken']
    per_nvr = [{'dialect': d} for d in EMULATOR_DIALECTS] + [{'dialect': 'strict'}]
    with Fleet(count=len(names), cameras=2, num_ch=8, admin_password=ADMIN_PASSWORD, per_nvr=per_nvr) as running:
        for index in range(len(names)):
            configure(running, index)
        twin.answer_paths(running.nvrs[-1], BROKEN)
        rc, output, out = probe_playbook(tmp, dict(zip(names, running.ports)))
        stats = dict((name, nvr.stats()) for name, nvr in zip(names, running.nvrs))
    files = {}
    for name in names:
        files[name] = dict((suffix, (out / ('%s.%s' % (name, suffix))).read_text())
                           for suffix in ('report.json', 'report.md', 'replies.json'))
    return {'rc': rc, 'output': output, 'stats': stats, 'files': files, 'names': names}


def report(probed, name):
    return json.loads(probed['files'][name]['report.json'])


def test_probe_runs_on_every_nvr(probed):
    assert probed['rc'] == 0, probed['output'][-4000:]


@pytest.mark.parametrize('dialect', EMULATOR_DIALECTS)
def test_report_names_the_dialect_and_its_differences(probed, dialect):
    found = report(probed, dialect)
    assert found['dialect']['name'] == dialect, found['dialect']
    assert found['dialect']['differences'][dialect] == []
    for other in EMULATOR_DIALECTS:
        if other != dialect:
            assert found['dialect']['differences'][other], (other, found['dialect'])
    assert found['summary']['differs'] == 0, [c for c in found['checks'] if c['result'] != 'pass']
    assert found['summary']['endpoints_failed'] == []
    assert found['nvr']['firmware_version'] == 'A99999999999' and found['nvr']['num_ch'] == 8
    markdown = probed['files'][dialect]['report.md']
    assert markdown.splitlines()[2] == '- firmware (ap_version): A99999999999'
    assert '- dialect: **%s**' % dialect in markdown


def test_probe_never_writes_and_logs_out(probed):
    for name, stats in probed['stats'].items():
        assert stats['write_attempts'] == 0, (name, stats)
        assert stats['writes'] == 0 and stats['open_sessions'] == 0, (name, stats)
        assert stats['logins'] == 2, (name, stats)   # the task's, and the one the probe observes


def test_broken_endpoints_are_named_and_the_probe_goes_on(probed):
    found = report(probed, 'broken')
    status = dict((e['path'], e['status']) for e in found['endpoints'])
    assert status['/setup/ddns_config'] == 'missing'
    assert status['/record/record_info'] == 'garbage'
    assert sorted(found['summary']['endpoints_failed']) == sorted(BROKEN)
    assert all(s in ('ok', 'refused') for p, s in status.items() if p not in BROKEN), status
    assert found['dialect']['name'] == 'strict'
    replies = json.loads(probed['files']['broken']['replies.json'])
    assert not set(BROKEN) & set(replies['replies'])
    assert replies['probe']['failed'] == BROKEN
    markdown = probed['files']['broken']['report.md']
    assert '| GET /setup/ddns_config | missing | 404 |' in markdown


def test_no_password_in_any_file_or_output(probed):
    texts = [probed['output']] + [text for files in probed['files'].values() for text in files.values()]
    for secret in every_secret():
        for text in texts:
            assert secret not in text
    replies = json.loads(probed['files']['strict']['replies.json'])
    assert replies['format'] == 'mobotix.move_nvr.device_replies' and replies['secrets'] == 'omit'
    assert replies['replies']['/setup/email_config']['password'] == '********'
    assert replies['replies']['/setup/email_config']['vendor_extra'] == {'kept': 7}


# -- the twin ------------------------------------------------------------------
class Twin:
    """run.py --state FILE as a process, until stop()."""

    def __init__(self, path, *args):
        self.proc = subprocess.Popen([sys.executable, str(RUN), '--state', str(path), '--admin-password', ADMIN_PASSWORD]
                                     + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read()
        self.port = json.loads(line)['ports'][0]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


BASELINE = [
    {'name': 'email', 'mobotix.move_nvr.email': {'server': 'smtp.example.com', 'port': 587, 'password': 'Tw1n-New-Smtp',
                                                 'recipients': ['soc@example.com', 'noc@example.com']}},
    {'name': 'record_config', 'mobotix.move_nvr.record_config': {'retention_days': 21, 'pre_alarm': {'seconds': 5}}},
    {'name': 'camera', 'mobotix.move_nvr.camera': {'cameras': [{'channel': 1, 'title': 'Loading bay'}]}},
    {'name': 'account', 'mobotix.move_nvr.account': {'accounts': [{'name': 'auditor', 'password': 'Aud1tor-Tw1n',
                                                                   'permissions': ['playback']}]}},
    {'name': 'system_monitor', 'mobotix.move_nvr.system_monitor': {'cpu_temperature': {'threshold': 70}}},
    {'name': 'event_action', 'mobotix.move_nvr.event_action': {
        'cameras': [{'channel': 0, 'motion': {'enabled': True, 'send_email': True}}]}},
]
NAMES = [task['name'] for task in BASELINE]


def outcome(run):
    return dict((name, (run.task(name)['status'], run.task(name).get('changed'), run.task(name).get('requests')))
                for name in NAMES)


@pytest.mark.parametrize('dialect', ['strict', 'manual'])
def test_twin_answers_as_the_original(tmp_path, dialect):
    from move_nvr_emulator import Fleet
    with Fleet(count=1, cameras=2, num_ch=8, admin_password=ADMIN_PASSWORD, dialect=dialect) as running:
        configure(running, 0)
        rc, output, out = probe_playbook(tmp_path / 'capture', {'site': running.ports[0]})
        assert rc == 0, output[-4000:]
        replies = out / 'site.replies.json'
        assert json.loads(replies.read_text())['probe']['dialect'] == dialect
        original = Nvr(running.ports[0])
        twin = Twin(replies)
        try:
            copy = Nvr(twin.port)
            runs = {}
            for label, nvr in (('original', original), ('twin', copy)):
                nvr.zero_counters()
                steps = []
                for step, options in (('check', dict(check=True, diff=True)), ('apply', {}), ('rerun', {})):
                    folder = tmp_path / label / step
                    folder.mkdir(parents=True)
                    run = run_playbook(folder, BASELINE, nvr=nvr, **options)
                    assert run.rc == 0, run.output[-4000:]
                    steps.append(outcome(run))
                runs[label] = steps
                if label == 'original':
                    assert nvr.stats()['open_sessions'] == 0
            assert runs['twin'] == runs['original']
            check, apply, rerun = runs['original']
            assert [check[n][1] for n in NAMES] == [True] * len(NAMES)
            assert [apply[n][1] for n in NAMES] == [True] * len(NAMES)
            assert [rerun[n][1] for n in NAMES] == [False] * len(NAMES)
            # the twin kept the original's field it does not know, and answers in the original's dialect
            rc, output, out = probe_playbook(tmp_path / 'twin-probe', {'twin': twin.port})
            assert rc == 0, output[-4000:]
            again = json.loads((out / 'twin.report.json').read_text())
            assert again['dialect']['name'] == dialect
            assert json.loads((out / 'twin.replies.json').read_text())['replies']['/setup/email_config']['vendor_extra'] == {'kept': 7}
        finally:
            twin.stop()


@pytest.mark.parametrize('content, field', [
    ('{not json', 'not JSON'),
    ('[]', '(top level)'),
    ('{"format": "something.else", "version": 1, "replies": {}}', ': format:'),
    ('{"format": "mobotix.move_nvr.device_replies", "version": 2, "replies": {}}', ': version:'),
    ('{"format": "mobotix.move_nvr.device_replies", "version": 1}', ': replies:'),
    ('{"format": "mobotix.move_nvr.device_replies", "version": 1, "replies": {"/setup/email_config": {"password": "GtBcsw=="}}}',
     ': replies./setup/email_config.password:'),
    ('{"format": "mobotix.move_nvr.device_replies", "version": 1, "replies": {"/information/version": {"num_ch": 0}}}',
     ': replies./information/version.num_ch:'),
    ('{"format": "mobotix.move_nvr.device_replies", "version": 1, "replies": {}, "probe": {"dialect": "fancy"}}',
     ': probe.dialect:'),
])
def test_twin_refuses_a_malformed_file(tmp_path, content, field):
    path = tmp_path / 'twin.json'
    path.write_text(content)
    proc = subprocess.run([sys.executable, str(RUN), '--state', str(path)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0] and field in lines[0], lines[0]
    assert 'GtBcsw==' not in lines[0]
