# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet check's progress on the console (move_nvr_progress), through playbooks/drift.yml.

Four emulated NVRs that each answer two requests 1.5 s late, checked one at a time (-f 1): about 12 s, so with
`always` the console shows a progress line from the controller's Display (the task runs in a forked worker;
ansible-core sends its display to ansible-playbook), at most one per 5 s. With `auto` and no terminal (the
test captures the output), none.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess

import pytest
import yaml

from harness import Nvr, nvr_group_vars

COLLECTION = pathlib.Path(__file__).resolve().parents[2]
ADMIN = 'Progress-Admin-Pw'
LINE = re.compile(r'nvr_fleet_check: (\d) of 4 NVRs checked, (\d) drifted, 0 failed \((\d+) s\)')


def drift(inventory, report_dir, *args, **extra_vars):
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_DEPRECATION_WARNINGS='0')
    extra_vars['move_nvr_report_dir'] = str(report_dir)
    command = ['ansible-playbook', '-i', str(inventory), str(COLLECTION / 'playbooks' / 'drift.yml'),
               '-e', json.dumps(extra_vars)] + list(args)
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope='module')
def slow_fleet(tmp_path_factory):
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('progress')
    with Fleet(count=4, cameras=1, admin_password=ADMIN) as running:
        hosts = dict(('nvr-%d' % (i + 1), {'move_nvr_port': port}) for i, port in enumerate(running.ports))
        group_vars = nvr_group_vars(ADMIN, move_nvr_retries=0, move_nvr_timeout=5, move_nvr_ddns={'enabled': False})
        inventory = tmp / 'fleet.yml'
        inventory.write_text(yaml.safe_dump({'nvrs': {'hosts': hosts, 'vars': group_vars}}, sort_keys=False))
        yield tmp, inventory, [Nvr(port) for port in running.ports]


def test_always_shows_throttled_progress_lines(slow_fleet):
    tmp, inventory, nvrs = slow_fleet
    for nvr in nvrs:
        nvr.faults(hang_s=1.5, hang_count=2)
    rc, output = drift(inventory, tmp / 'always', '-f', '1', move_nvr_progress='always')
    for nvr in nvrs:
        nvr.faults(clear=True)
    lines = LINE.findall(output)
    assert lines, output[-3000:]
    assert all(int(checked) < 4 for checked, _drifted, _s in lines)  # none once every NVR is checked
    seconds = [int(s) for _c, _d, s in lines]
    assert seconds[0] >= 5 and all(b - a >= 4 for a, b in zip(seconds, seconds[1:]))  # at most one per 5 s
    assert rc == 0, output[-3000:]
    assert json.loads((tmp / 'always' / 'drift.json').read_text())['summary']['in_sync'] == 4


def test_auto_without_a_terminal_and_never_show_nothing(slow_fleet):
    tmp, inventory, nvrs = slow_fleet
    for nvr in nvrs:
        nvr.faults(hang_s=1.5, hang_count=2)
    rc, output = drift(inventory, tmp / 'auto', '-f', '1')
    for nvr in nvrs:
        nvr.faults(clear=True)
    assert 'nvr_fleet_check:' not in output and rc in (0, 2), output[-3000:]
    rc, output = drift(inventory, tmp / 'never', move_nvr_progress='never')
    assert 'nvr_fleet_check:' not in output
