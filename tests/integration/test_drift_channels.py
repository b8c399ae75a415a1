# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift check in Ansible's own channels: the recap, --diff, set_stats, the exit status.

Three emulated NVRs and one closed port through playbooks/drift.yml: nvr-1 in sync, nvr-2 drifted
(its e-mail server), nvr-3 in sync, nvr-4 unreachable. What a user and AWX see: each NVR in the recap
as it is, nvr-2's diff on the console with --diff, the summary in the custom stats, and with
move_nvr_fail_on_drift only the drifted NVR failed.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import socket
import subprocess

import pytest
import yaml

from harness import Nvr, nvr_group_vars, recap

COLLECTION = pathlib.Path(__file__).resolve().parents[2]
ADMIN = 'Chann3l-Admin'
BASELINE = {
    'move_nvr_email': {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True,
                       'recipients': ['soc@example.com']},
    'move_nvr_record_config': {'retention_days': 30},
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


def playbook(name, inventory, tmp, *options, **extra_vars):
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_DEPRECATION_WARNINGS='0', ANSIBLE_SHOW_CUSTOM_STATS='1')
    extra_vars.setdefault('move_nvr_report_dir', str(tmp / 'report'))
    command = ['ansible-playbook', '-i', str(inventory), str(COLLECTION / 'playbooks' / name),
               '-e', json.dumps(extra_vars)] + list(options)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('channels')
    with Fleet(count=3, admin_password=ADMIN) as running:
        nvrs = [Nvr(port) for port in running.ports]
        inventory = write_inventory(tmp / 'fleet.yml', running.ports + [closed_port()])
        applied = playbook('site.yml', inventory, tmp, '--limit', 'nvr-1,nvr-2,nvr-3')
        assert applied.returncode == 0, applied.stdout[-3000:]
        nvrs[1].set_state({'email': {'provider_opt': {'custom': {'server_site': 'smtp-old.example.com'}}}})
        for nvr in nvrs:
            nvr.zero_counters()
        found = {
            'plain': playbook('drift.yml', inventory, tmp, '--diff'),
            'gate': playbook('drift.yml', inventory, tmp, '--limit', 'nvr-1,nvr-2,nvr-3', move_nvr_fail_on_drift=True),
        }
        found['writes'] = sum(nvr.stats()['write_attempts'] for nvr in nvrs)
        yield found


def test_recap_shows_each_nvr_as_it_is(runs):
    hosts = recap(runs['plain'].stdout)
    assert hosts['nvr-1']['changed'] == 0 and hosts['nvr-1']['failed'] == 0, hosts
    assert hosts['nvr-2']['changed'] == 1 and hosts['nvr-2']['failed'] == 0, hosts
    assert hosts['nvr-3']['changed'] == 0 and hosts['nvr-3']['failed'] == 0, hosts
    assert hosts['nvr-4']['unreachable'] == 1, hosts
    assert runs['writes'] == 0


def test_diff_of_the_drifted_nvr_on_the_console(runs):
    output = runs['plain'].stdout
    per_host = output.split('TASK [mobotix.move_nvr.drift_report : Report each NVR as it is]', 1)[1].split('PLAY RECAP')[0]
    assert re.search(r'^-\s+"server": "smtp-old\.example\.com"', per_host, re.M), per_host[-4000:]
    assert re.search(r'^\+\s+"server": "smtp\.example\.com"', per_host, re.M), per_host[-4000:]
    assert re.search(r'^changed: \[nvr-2\]', per_host, re.M), per_host[-4000:]
    assert not re.search(r'^changed: \[nvr-[13]\]', per_host, re.M), per_host[-4000:]


def test_custom_stats_carry_the_summary(runs):
    output = runs['plain'].stdout
    assert 'CUSTOM STATS' in output
    stats = output.split('CUSTOM STATS', 1)[1]
    assert 'move_nvr_drift_summary' in stats
    assert re.search(r'"drifted":\s*1', stats) and re.search(r'"unreachable":\s*1', stats), stats


def test_fail_on_drift_fails_only_the_drifted_nvr(runs):
    gate = runs['gate']
    hosts = recap(gate.stdout)
    assert hosts['nvr-2']['failed'] == 1, hosts
    assert hosts['nvr-1']['failed'] == 0 and hosts['nvr-3']['failed'] == 0, hosts
    assert 'drifted from the baseline (move_nvr_fail_on_drift): email' in gate.stdout
    assert gate.returncode == 2, gate.stdout[-3000:]


def test_exit_status_with_an_unreachable_nvr(runs):
    # An unreachable NVR is never hidden behind exit 0: Ansible's exit 4 (hosts unreachable) wins over drift.
    assert runs['plain'].returncode == 4, runs['plain'].stdout[-3000:]
