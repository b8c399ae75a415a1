# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A registered nvr_info result written to a file and loaded back as variables (docs/security.md).

The control: written with to_nice_yaml and loaded with include_vars, a camera title that is a template
runs on the controller (this is Ansible's behaviour for variable files, which this test pins). Written
with mobotix.move_nvr.to_safe_yaml, the same title comes back as the exact text and nothing runs.
"""

from __future__ import annotations

from harness import run_playbook


def read_write_load(tmp_path, nvr, to_yaml):
    out = tmp_path / 'nvr.yml'
    tasks = [
        {'name': 'read', 'mobotix.move_nvr.nvr_info': {'gather_subset': ['config']}, 'register': 'nvr_read'},
        {'name': 'write', 'ansible.builtin.copy': {'content': '{{ nvr_read.nvr | %s }}' % to_yaml, 'dest': str(out),
                                                   'mode': '0600'}},
        {'name': 'load', 'ansible.builtin.include_vars': {'file': str(out), 'name': 'kept'}},
        {'name': 'use', 'ansible.builtin.debug': {'msg': '{{ kept.camera.cameras[0].title }}'}},
    ]
    return run_playbook(tmp_path, tasks, nvr=nvr), out


def hostile_title(tmp_path, nvr):
    canary = tmp_path / 'CANARY'
    title = "{{ lookup('pipe', 'touch %s') }}" % canary
    nvr.set_state({'cameras': {'ch0': {'title': title}}})
    return canary, title


def test_to_nice_yaml_of_device_data_is_evaluated_when_loaded_back(tmp_path, nvr):
    canary, dummy = hostile_title(tmp_path, nvr)
    run, dummy = read_write_load(tmp_path, nvr, 'ansible.builtin.to_nice_yaml')
    assert run.rc == 0, run.output[-3000:]
    assert canary.exists(), 'the hazard docs/security.md warns about is real: this control must see it'


def test_to_safe_yaml_keeps_device_data_as_data(tmp_path, nvr):
    canary, title = hostile_title(tmp_path, nvr)
    run, out = read_write_load(tmp_path, nvr, 'mobotix.move_nvr.to_safe_yaml')
    assert run.rc == 0, run.output[-3000:]
    assert not canary.exists()
    assert run.task('use')['msg'] == title
    assert '!unsafe' in out.read_text()
