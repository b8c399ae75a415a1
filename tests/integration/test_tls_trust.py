# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nvr_ca_path against emulated NVRs over HTTPS with a self-signed certificate, certificate checks on.

Without a CA that trusts the certificate the NVR is unreachable, and the message names the certificate
problem and nvr_ca_path; with the certificate as nvr_ca_path, MOVE_NVR_CA_PATH, the roles' move_nvr_ca_path
(drift check, backup) or REQUESTS_CA_BUNDLE, everything works; a bad nvr_ca_path sends nothing.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess

import pytest
import yaml

from harness import ADMIN_PASSWORD, Nvr, connection_vars, nvr_group_vars, recap, run_playbook

COLLECTION = pathlib.Path(__file__).resolve().parents[2]
BUNDLE_VARIABLES = ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'MOVE_NVR_CA_PATH')


@pytest.fixture(scope='module')
def tls_fleet():
    """Two emulated NVRs over HTTPS, one self-signed certificate (SAN IP:127.0.0.1), and its file."""
    from move_nvr_emulator import Fleet
    with Fleet(count=2, base_port=0, https=True, admin_password=ADMIN_PASSWORD) as running:
        yield {'nvrs': [Nvr(port, scheme='https') for port in running.ports], 'cert': running.cert_file}


@pytest.fixture
def nvr(tls_fleet):
    device = tls_fleet['nvrs'][0]
    device.faults(clear=True)
    device.reset()
    return device


@pytest.fixture
def no_bundle(monkeypatch):
    """The controller trusts only the default CAs (this machine may set REQUESTS_CA_BUNDLE for everything)."""
    for name in BUNDLE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def https(nvr, **more):
    return dict(dict(connection_vars(nvr), nvr_use_https=True, nvr_validate_certs=True), **more)


def read(name, conn, as_module=False):
    task = {'name': name, 'mobotix.move_nvr.ddns_info': conn, 'ignore_unreachable': True}
    if as_module:
        task['vars'] = {'move_nvr_execution': 'module'}
    return task


def test_an_untrusted_certificate_is_unreachable_naming_the_problem_and_nvr_ca_path(tmp_path, nvr, no_bundle):
    run = run_playbook(tmp_path, [read('action', https(nvr)), read('module', https(nvr), as_module=True)],
                       module_defaults=False)
    for name in ('action', 'module'):
        result = run.task(name)
        assert result['status'] == 'unreachable', (name, result)
        assert result['unreachable'] is True and result['nvr_failure'] == 'unreachable' and not result.get('failed')
        msg = result['msg']
        assert msg.startswith('NVR 127.0.0.1:%d: TLS failed on POST /auth/login ([SSL: CERTIFICATE_VERIFY_FAILED]'
                              % nvr.port), msg
        assert 'self-signed certificate' in msg and 'nvr_ca_path' in msg and '\n' not in msg, msg
        assert msg.index('nvr_ca_path') < msg.index('nvr_validate_certs'), 'nvr_ca_path is the first remedy'
    assert run.rc == 0, 'ignore_unreachable: true lets the play go on (without it, the host leaves the play, exit 4)'
    stats = nvr.stats()
    assert stats['logins'] == 0 and stats['open_sessions'] == 0, stats


def test_the_certificate_as_nvr_ca_path_is_trusted(tmp_path, nvr, tls_fleet, no_bundle):
    cert = tls_fleet['cert']
    tasks = [read('action', https(nvr, nvr_ca_path=cert)), read('module', https(nvr, nvr_ca_path=cert), as_module=True),
             {'name': 'apply', 'mobotix.move_nvr.ddns': dict(https(nvr, nvr_ca_path=cert), enabled=True)}]
    run = run_playbook(tmp_path, tasks, module_defaults=False)
    assert run.rc == 0, run.output[-3000:]
    assert run.task('action')['status'] == run.task('module')['status'] == 'ok'
    assert run.task('apply')['changed'] is True
    assert nvr.state()['ddns']['enabled'] is True, 'the write went through the checked connection'
    assert nvr.stats()['open_sessions'] == 0


def test_move_nvr_ca_path_in_the_environment_is_trusted(tmp_path, nvr, tls_fleet, no_bundle, monkeypatch):
    monkeypatch.setenv('MOVE_NVR_CA_PATH', tls_fleet['cert'])
    run = run_playbook(tmp_path, [read('action', https(nvr)), read('module', https(nvr), as_module=True)],
                       module_defaults=False)
    assert run.rc == 0, run.output[-3000:]
    assert run.task('action')['status'] == run.task('module')['status'] == 'ok'


def test_a_bad_nvr_ca_path_is_refused_before_any_request(tmp_path, nvr, tls_fleet, no_bundle):
    key = tmp_path / 'a-key.pem'
    key.write_text('-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----\n')
    cases = {
        'missing': (https(nvr, nvr_ca_path=str(tmp_path / 'missing.pem')), 'does not exist'),
        'a key': (https(nvr, nvr_ca_path=str(key)), 'holds no certificate in PEM form'),
        'checks off': (https(nvr, nvr_ca_path=tls_fleet['cert'], nvr_validate_certs=False), 'nvr_validate_certs: false'),
    }
    nvr.zero_counters()
    tasks = [dict(read(name, conn), ignore_errors=True) for name, (conn, words) in cases.items()]
    tasks += [dict(read('module, %s' % name, conn, as_module=True), ignore_errors=True) for name, (conn, words) in cases.items()]
    run = run_playbook(tmp_path, tasks, module_defaults=False)
    for name, (conn, words) in cases.items():
        for task in (name, 'module, %s' % name):
            result = run.task(task)
            assert result['status'] == 'failed' and result['nvr_failure'] == 'options_refused', (task, result)
            assert result['msg'].startswith('nvr_ca_path: ') and words in result['msg'], (task, result['msg'])
    assert nvr.stats()['requests'] == 0, 'nothing was sent'


# ------------------------------------------------------------------ the roles: drift check and backup

def write_inventory(path, ports, **group_vars):
    hosts = dict(('nvr-%d' % (i + 1), {'move_nvr_port': port}) for i, port in enumerate(ports))
    variables = nvr_group_vars(ADMIN_PASSWORD, move_nvr_use_https=True, move_nvr_retries=0, move_nvr_timeout=5,
                               move_nvr_ddns={'enabled': False}, move_nvr_record_config={'retention_days': 45})
    variables.update(group_vars)
    path.write_text(yaml.safe_dump({'nvrs': {'hosts': hosts, 'vars': variables}}, sort_keys=False))
    return path


def playbook(name, inventory, **extra_vars):
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_DEPRECATION_WARNINGS='0')
    command = ['ansible-playbook', '-i', str(inventory), str(COLLECTION / 'playbooks' / name), '-e', json.dumps(extra_vars)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


def drift(tmp_path, inventory):
    report_dir = tmp_path / 'report'
    run = playbook('drift.yml', inventory, move_nvr_report_dir=str(report_dir))
    report = json.loads((report_dir / 'drift.json').read_text()) if (report_dir / 'drift.json').exists() else None
    return run, recap(run.stdout), report


def test_the_drift_check_trusts_move_nvr_ca_path(tmp_path, tls_fleet, no_bundle):
    nvrs = tls_fleet['nvrs']
    for nvr in nvrs:
        nvr.reset()
    inventory = write_inventory(tmp_path / 'fleet.yml', [n.port for n in nvrs], move_nvr_ca_path=tls_fleet['cert'])
    run, hosts, report = drift(tmp_path, inventory)
    assert run.returncode == 0, run.stdout[-3000:]
    assert all(hosts[h]['unreachable'] == 0 and hosts[h]['failed'] == 0 for h in ('nvr-1', 'nvr-2')), hosts
    assert sorted(h for h, entry in report['nvrs'].items() if entry['status'] == 'drifted') == ['nvr-1', 'nvr-2'], report
    assert sum(n.stats()['write_attempts'] for n in nvrs) == 0 and all(n.stats()['logins'] >= 1 for n in nvrs)


def test_the_drift_check_without_a_ca_reports_the_nvrs_unreachable(tmp_path, tls_fleet, no_bundle):
    inventory = write_inventory(tmp_path / 'fleet.yml', [n.port for n in tls_fleet['nvrs']])
    run, hosts, report = drift(tmp_path, inventory)
    assert run.returncode == 4, run.stdout[-3000:]
    assert hosts['nvr-1']['unreachable'] == 1 and hosts['nvr-2']['unreachable'] == 1, hosts
    for host in ('nvr-1', 'nvr-2'):
        entry = report['nvrs'][host]
        assert entry['status'] == 'unreachable', entry
        assert 'CERTIFICATE_VERIFY_FAILED' in entry['reason'] and 'nvr_ca_path' in entry['reason'], entry['reason']


def test_the_drift_check_trusts_requests_ca_bundle(tmp_path, tls_fleet, no_bundle, monkeypatch):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', tls_fleet['cert'])
    inventory = write_inventory(tmp_path / 'fleet.yml', [n.port for n in tls_fleet['nvrs']])
    run, hosts, report = drift(tmp_path, inventory)
    assert run.returncode == 0, run.stdout[-3000:]
    assert all(entry['status'] != 'unreachable' for entry in report['nvrs'].values()), report['nvrs']


def test_move_nvr_ca_path_wins_over_requests_ca_bundle(tmp_path, tls_fleet, no_bundle, monkeypatch):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', tls_fleet['cert'])
    wrong = tmp_path / 'wrong.pem'    # another self-signed certificate: trusts nothing the NVR has
    wrong.write_text(_another_certificate(tmp_path))
    inventory = write_inventory(tmp_path / 'fleet.yml', [tls_fleet['nvrs'][0].port], move_nvr_ca_path=str(wrong))
    run, hosts, report = drift(tmp_path, inventory)
    assert hosts['nvr-1']['unreachable'] == 1, hosts
    # The role's messages name its variables (move_nvr_ca_path), the modules' their options (nvr_ca_path).
    assert re.search(r'not signed by a CA of (move_)?nvr_ca_path \(%s\)' % re.escape(str(wrong)),
                     report['nvrs']['nvr-1']['reason']), report['nvrs']['nvr-1']['reason']


def _another_certificate(folder):
    from move_nvr_emulator import tls
    own = folder / 'another'
    own.mkdir()
    cert, dummy = tls.make_certificate(str(own))
    return pathlib.Path(cert).read_text()


def test_the_backup_role_trusts_move_nvr_ca_path(tmp_path, tls_fleet, no_bundle):
    inventory = write_inventory(tmp_path / 'fleet.yml', [tls_fleet['nvrs'][0].port], move_nvr_ca_path=tls_fleet['cert'])
    run = playbook('backup.yml', inventory, move_nvr_backup_dir=str(tmp_path / 'backup'))
    assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / 'backup' / 'nvr-1.yml').exists()
