# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run real ansible-playbook against emulated NVRs and read back what happened."""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import requests
import yaml

HERE = pathlib.Path(__file__).resolve().parent
COLLECTION = HERE.parents[1]
ADMIN_PASSWORD = 'Adm1n-Secret'


class Nvr:
    """One emulated NVR seen through its test-only side channel."""

    def __init__(self, port, scheme='http'):
        self.port = port
        self.base = '%s://127.0.0.1:%d/_emulator' % (scheme, port)

    def _side(self, method, path, body=None):
        reply = requests.request(method, self.base + path, json=body, timeout=10, verify=False)
        reply.raise_for_status()
        return reply.json() if reply.content else {}

    def stats(self):
        return self._side('GET', '/stats')

    def reset(self):
        return self._side('POST', '/reset')

    def zero_counters(self):
        return self._side('POST', '/reset', {'counters_only': True})

    def state(self):
        return self._side('GET', '/state')

    def set_state(self, sections):
        return self._side('POST', '/state', sections)

    def faults(self, **faults):
        return self._side('POST', '/faults', faults)


class PlaybookRun:
    def __init__(self, rc, output, results):
        self.rc = rc
        self.output = output
        self.results = results

    def task(self, name, host=None):
        found = [r for r in self.results if r['task'] == name and (host is None or r['host'] == host)]
        assert found, 'no result for task %r in:\n%s' % (name, self.output[-3000:])
        return found[-1]['result'] | {'status': found[-1]['status']}


def connection_vars(nvr):
    return {
        'nvr_host': '127.0.0.1', 'nvr_port': nvr.port, 'nvr_use_https': False,
        'nvr_username': 'Admin', 'nvr_password': ADMIN_PASSWORD, 'nvr_retries': 1,
    }


def run_playbook(tmp_path, tasks, nvr=None, check=False, diff=False, verbosity=0, extra_vars=None,
                 module_defaults=True, hosts='localhost', inventory=None):
    """Write a play with `tasks`, run ansible-playbook, return a PlaybookRun.

    With module_defaults the connection to `nvr` is set once for the whole
    collection through the action group, as users are told to do.
    """
    play = {'name': 'integration', 'hosts': hosts, 'gather_facts': False, 'tasks': tasks}
    if nvr is not None and module_defaults:
        play['module_defaults'] = {'group/mobotix.move_nvr.all': connection_vars(nvr)}
    playbook = tmp_path / 'play.yml'
    playbook.write_text(yaml.safe_dump([play], sort_keys=False))
    log = tmp_path / 'results.jsonl'
    if log.exists():
        log.unlink()
    if inventory is None:
        inventory = tmp_path / 'inventory.ini'
        inventory.write_text('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    env = result_log_env(log)
    command = ['ansible-playbook', '-i', str(inventory), str(playbook)]
    if check:
        command.append('--check')
    if diff:
        command.append('--diff')
    if verbosity:
        command.append('-' + 'v' * verbosity)
    for key, value in (extra_vars or {}).items():
        command.extend(['-e', json.dumps({key: value})])
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    results = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return PlaybookRun(proc.returncode, proc.stdout + proc.stderr, results)


def result_log_env(log):
    """The environment of an ansible-playbook run whose every task result goes to `log` (callback_plugins/result_log)."""
    env = dict(os.environ)
    env.update({
        'RESULT_LOG': str(log),
        'ANSIBLE_CALLBACK_PLUGINS': str(HERE / 'callback_plugins'),
        'ANSIBLE_CALLBACKS_ENABLED': 'result_log',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_HOST_KEY_CHECKING': '0',
        'ANSIBLE_DEPRECATION_WARNINGS': '0',
    })
    return env


def shipped_playbook(directory, playbook, inventory, *options, timeout=300):
    """ansible-playbook on the collection's own playbooks/<playbook> with `inventory` and `options`; a PlaybookRun
    whose results are every task result, in directory/results.jsonl."""
    directory.mkdir(parents=True, exist_ok=True)
    log = directory / 'results.jsonl'
    command = ['ansible-playbook', '-i', str(inventory), str(COLLECTION / 'playbooks' / playbook)] + list(options)
    proc = subprocess.run(command, env=result_log_env(log), capture_output=True, text=True, timeout=timeout, check=False)
    results = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return PlaybookRun(proc.returncode, proc.stdout + proc.stderr, results)


def stats_task(nvr, name):
    """A task that reads the NVR's counters (writes, sessions, ...) from its side channel at this point of a play."""
    return {'name': name, 'ansible.builtin.uri': {'url': nvr.base + '/stats', 'return_content': True}}


def three_runs(nvr, module, params):
    """The same task of `module` in check mode, applied and run again, each with --diff and followed by the NVR's
    counters (tasks 'check', 'apply', 'rerun', 'after check', 'after apply', 'after rerun')."""
    task = {'mobotix.move_nvr.%s' % module: params}
    return [
        dict(task, name='check', check_mode=True, diff=True),
        stats_task(nvr, 'after check'),
        dict(task, name='apply', diff=True),
        stats_task(nvr, 'after apply'),
        dict(task, name='rerun', diff=True),
        stats_task(nvr, 'after rerun'),
    ]


def nvr_group_vars(password, **overrides):
    """The group variables every inventory of the suite starts from: the roles run on the controller (connection
    local, this Python), each NVR is an emulated one on 127.0.0.1 over HTTP, logged in as Admin."""
    variables = {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                 'move_nvr_host': '127.0.0.1', 'move_nvr_use_https': False, 'move_nvr_username': 'Admin',
                 'move_nvr_password': password}
    variables.update(overrides)
    return variables


def write_inventory_dir(folder, nvrs, group_vars=None, host_vars=None, password=ADMIN_PASSWORD):
    """folder/hosts.yml with the connection of each NVR ({host: Nvr}), plus group_vars/nvrs.yml and
    host_vars/<host>.yml (a file to copy, or variables to write)."""
    folder.mkdir(parents=True, exist_ok=True)
    hosts = {'nvrs': {
        'hosts': dict((name, {'move_nvr_port': nvr.port}) for name, nvr in nvrs.items()),
        'vars': nvr_group_vars(password, move_nvr_retries=1),
    }}
    (folder / 'hosts.yml').write_text(yaml.safe_dump(hosts, sort_keys=False))
    if group_vars:
        (folder / 'group_vars').mkdir(exist_ok=True)
        (folder / 'group_vars' / 'nvrs.yml').write_text(yaml.safe_dump(group_vars, sort_keys=False))
    for host, variables in (host_vars or {}).items():
        (folder / 'host_vars').mkdir(exist_ok=True)
        target = folder / 'host_vars' / ('%s.yml' % host)
        if isinstance(variables, (str, os.PathLike)):
            shutil.copy(variables, target)
        else:
            target.write_text(yaml.safe_dump(variables, sort_keys=False))
    return folder / 'hosts.yml'


def recap(output):
    """{host: {ok: n, changed: n, unreachable: n, failed: n, ...}} from ansible-playbook's PLAY RECAP."""
    found = {}
    for line in output.split('PLAY RECAP', 1)[-1].splitlines():
        match = re.match(r'^(\S+)\s+:\s+(.*)$', line.strip())
        if match:
            found[match.group(1)] = dict((k, int(v)) for k, v in re.findall(r'(\w+)=(\d+)', match.group(2)))
    return found
