# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nvr_fleet_check (one controller task) returns what the baseline role returns per host.

One emulated fleet of six NVRs, one inventory directory with the baseline in
group_vars (the shape of the demo's, secrets in plain text, from the
environment and from Ansible Vault), host variables that template into it,
override a whole resource, make one resource invalid, and three hosts that
cannot be checked (a closed port, an undefined variable, a variable of the
wrong type). Four NVRs get the baseline applied for real, then two of them
are changed behind the collection's back.

Then ONE playbook: play A includes the role mobotix.move_nvr.baseline on each
host in check mode with diff, keeping failures with block/rescue (what
drift_report did before nvr_fleet_check); play B runs nvr_fleet_check once,
with processes 1 and with processes 3. Both plays have the same vars, -e and
set_fact. Each host's result must be the same on both paths and nothing may
be written. The same two plays again at -v (where a failed NVR's resources
keep their config on both paths) must agree too. A run at -vvv with --diff
on the task writes the report files, which, like its output, must hold no
secret.
"""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys

import pytest
import yaml

from harness import HERE, Nvr

ADMIN = 'Fl33t-Admin-Pw'
ENV_SECRETS = {'FLEET_SMTP_PASSWORD': 'Fl33t-Smtp-Pw', 'FLEET_OPERATOR_PASSWORD': 'Fl33tOper8r'}
CAMERA_PASSWORD = 'Fl33t-Cam-Pw'
GUARD_PASSWORD = 'Fl33tGuard9'             # vaulted in group_vars
GUARD_PASSWORD_NVR3 = 'Fl33tGuard3'        # vaulted in host_vars/nvr-3.yml
DDNS_PASSWORD = 'Fl33t-Ddns-Pw'
OTHER_SMTP_PASSWORD = 'Fl33t-Smtp-Other'
BEHIND_THE_BACK = 'Sneaky-Smtp-Pw'         # set on nvr-3 through the emulator, never given to Ansible
VAULT_PASSWORD = 'fleet-vault-pw'
PLAINTEXT_SECRETS = [ADMIN, CAMERA_PASSWORD, GUARD_PASSWORD, GUARD_PASSWORD_NVR3, DDNS_PASSWORD,
                     OTHER_SMTP_PASSWORD, BEHIND_THE_BACK] + list(ENV_SECRETS.values())

RESOURCES = ['camera', 'account', 'record_template', 'event_action', 'email', 'ddns', 'system_monitor', 'record_config']
NVRS = ['nvr-%d' % i for i in range(1, 7)]
DEAD = 'nvr-dead'             # closed port
BAD_TEMPLATE = 'nvr-badvar'   # a resource reads an undefined variable (closed port too: it must fail before any request)
BAD_TYPE = 'nvr-badtype'      # a resource variable that is not a dict
HOSTS = NVRS + [DEAD, BAD_TEMPLATE, BAD_TYPE]
APPLIED = ['nvr-2', 'nvr-3', 'nvr-4', 'nvr-6']  # get the baseline for real first; nvr-1 and nvr-5 stay factory-fresh

# The site baseline, in the shape of playbooks/inventory/demo/group_vars/nvrs.yml.
GROUP_VARS = {
    'ansible_connection': 'local',
    'ansible_python_interpreter': sys.executable,
    'move_nvr_host': '127.0.0.1',
    'move_nvr_use_https': False,
    'move_nvr_username': 'Admin',
    'move_nvr_password': ADMIN,
    'move_nvr_retries': 0,
    'move_nvr_timeout': 5,
    'site_code': 'hq',
    'temp_limit': 72,
    'move_nvr_email': {
        'provider': 'custom',
        'server': 'smtp-{{ site_code }}.example.com',
        'port': 587, 'ssl': True,
        'account': 'nvr-alarms@example.com',
        'password': "{{ lookup('ansible.builtin.env', 'FLEET_SMTP_PASSWORD') }}",
        'recipients': ['soc@example.com', 'facilities@example.com'],
    },
    'move_nvr_ddns': {'enabled': False},
    # Both overridden with a higher precedence (PLAY_VARS, EXTRA_VARS): these values must never be used.
    'move_nvr_system_monitor': {'cpu_temperature': {'threshold': 90, 'send_email': False}},
    'move_nvr_event_action': {'cameras': [{'channel': 0, 'motion': {'enabled': True}}]},
    'move_nvr_record_config': {
        'retention_days': 30, 'circular': True,
        'pre_alarm': {'enabled': True, 'seconds': 5}, 'post_alarm': {'enabled': True, 'seconds': 30},
    },
    'move_nvr_cameras': {
        'cameras': [
            {'channel': 0, 'ip': '192.0.2.10', 'title': '{{ inventory_hostname }} entrance', 'password': CAMERA_PASSWORD},
            {'channel': 1, 'ip': '192.0.2.11', 'title': 'Loading dock', 'password': CAMERA_PASSWORD},
            {'channel': 2, 'ip': '192.0.2.12', 'title': 'Car park', 'password': CAMERA_PASSWORD},
        ],
        'state': 'merged',
    },
    'move_nvr_accounts': {
        'accounts': [
            {'name': 'operator', 'password': "{{ lookup('ansible.builtin.env', 'FLEET_OPERATOR_PASSWORD') }}",
             'permissions': ['ptz', 'playback']},
            {'name': 'guard', 'password': '{{ guard_password }}', 'covert_channels': [2]},
        ],
    },
    'move_nvr_record_templates': {
        'templates': [{'name': 'Business', 'schedule': {
            'all': "{{ ['evt_only'] * 24 }}",
            'mon': "{{ ['evt_only'] * 8 + ['record'] * 10 + ['evt_only'] * 6 }}",
            'fri': "{{ ['evt_only'] * 8 + ['record'] * 10 + ['evt_only'] * 6 }}"}}],
        'channels': [{'channel': 0, 'template': 'Business'}, {'channel': 1, 'template': 'Business'}],
    },
}
GROUP_VAULTED = {'guard_password': GUARD_PASSWORD}
# Host variables: the site code templated into the e-mail server (the same on nvr-1 and nvr-2, else
# different), the temperature limit templated into the play's system_monitor, whole resources
# overridden (two of them below a higher precedence: those must lose), one resource invalid.
HOST_VARS = {
    'nvr-1': {'site_code': 'ber'},
    'nvr-2': {'site_code': 'ber', 'temp_limit': 65},
    'nvr-3': {'site_code': 'muc',
              'move_nvr_event_action': {'cameras': [{'channel': 2, 'motion': {'enabled': True}}]}},  # below -e
    'nvr-4': {'move_nvr_ddns': {'enabled': True, 'server': 'NoIP', 'hostname': 'nvr-4.example.net',
                                'username': 'nvr4', 'password': DDNS_PASSWORD}},
    'nvr-5': {'move_nvr_record_config': {'retention_days': 999}},
    'nvr-6': {'site_code': 'ham',
              'move_nvr_email': {'provider': 'custom', 'server': 'mail.{{ site_code }}.example.org', 'port': 25,
                                 'ssl': False, 'account': 'nvr6@example.org', 'password': OTHER_SMTP_PASSWORD,
                                 'recipients': ['ops@example.org']},
              'move_nvr_system_monitor': {'disk_full': {'send_email': False}}},  # below the play's vars
    # A resource set to null is not managed: this host is to be checked for the seven others.
    DEAD: {'move_nvr_ddns': None},
    BAD_TEMPLATE: {'move_nvr_ddns': {'enabled': True, 'server': 'NoIP', 'hostname': '{{ ddns_name_not_set }}'}},
    BAD_TYPE: {'move_nvr_record_config': 'retention_days'},
}
HOST_VAULTED = {'nvr-3': {'guard_password': GUARD_PASSWORD_NVR3}}
PLAY_VARS = {'move_nvr_system_monitor': {'cpu_temperature': {'threshold': '{{ temp_limit }}', 'send_email': True,
                                                             'alarm_out': [0]},
                                         'disk_full': {'send_email': True}}}
EXTRA_VARS = {'move_nvr_event_action': {
    'cameras': [{'channel': 1, 'motion': {'enabled': True, 'send_email': True, 'snapshot': True},
                 'video_loss': {'enabled': True, 'send_email': True, 'alarm_out': [1]}}],
    'alarm_inputs': [{'input': 0, 'enabled': True, 'send_email': True, 'alarm_out': [0], 'channels': [0, 1]}]}}

# Keys one path has and the other cannot: `invocation` (the options of the per-host task), `managed`
# (the fleet's resources of a failed host, asserted on its own), and what Ansible adds to a task result.
# The role's argument validation also returns its spec and context (argument_spec_data, validate_args_context).
IGNORED = ('invocation', 'managed', 'skipped', 'argument_spec_data', 'validate_args_context')
ANSIBLE_ADDED = (('failed', False), ('exception', '(traceback unavailable)'))
# Hosts whose per-host failure is ansible-core's own (a variable that cannot be templated, the role's argument
# validation): it has no nvr_failure; the fleet check's refusal of them says options_refused.
CORE_REFUSED = (BAD_TEMPLATE, BAD_TYPE)
# What a failed result keeps of each resource below -v (both paths): of a changed one, or one that would have
# changed had another not been refused (requests_not_sent), also what it changed or would have.
BRIEF_KEYS = ('changed', 'failed', 'msg', 'warnings')
BRIEF_CHANGED_KEYS = ('diff', 'requests', 'request_failed', 'requests_not_sent')


def closed_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def vaulted(values):
    """YAML lines `name: !vault |` for these values, encrypted with VAULT_PASSWORD."""
    from ansible.parsing.vault import VaultLib, VaultSecret
    vault = VaultLib([('default', VaultSecret(VAULT_PASSWORD.encode()))])
    lines = []
    for name, value in values.items():
        lines.append('%s: !vault |' % name)
        lines.extend('  ' + line for line in vault.encrypt(value).decode().splitlines())
    return '\n'.join(lines) + '\n'


def write_inventory(directory, ports):
    """An inventory directory as users keep it: hosts.yml, group_vars/nvrs.yml, host_vars/<host>.yml."""
    (directory / 'group_vars').mkdir(parents=True)
    (directory / 'host_vars').mkdir()
    hosts = dict((host, {'move_nvr_port': port}) for host, port in zip(HOSTS, ports))
    (directory / 'hosts.yml').write_text(yaml.safe_dump({'nvrs': {'hosts': hosts}}, sort_keys=False))
    (directory / 'group_vars' / 'nvrs.yml').write_text(yaml.safe_dump(GROUP_VARS, sort_keys=False) + vaulted(GROUP_VAULTED))
    for host, variables in HOST_VARS.items():
        text = yaml.safe_dump(variables, sort_keys=False) + vaulted(HOST_VAULTED.get(host, {}))
        (directory / 'host_vars' / ('%s.yml' % host)).write_text(text)
    (directory.parent / 'vault-password').write_text(VAULT_PASSWORD + '\n')
    return directory


def set_fact():
    """A fact set on nvr-5 during the play (above the play's and the inventory's variables)."""
    return {'name': 'Move nvr-5 to another site', 'ansible.builtin.set_fact': {'site_code': 'fra'},
            'when': "inventory_hostname == 'nvr-5'"}


def baseline_play(hosts='nvrs', check=True):
    """Play A: the role baseline on each host, in check mode with diff, failures kept (the old drift check).

    An NVR that cannot be reached is Ansible's unreachable, which rescue does not catch: ignore_unreachable
    keeps its result (unreachable, without failed) and the host in the play.
    """
    include = {'name': 'Run the baseline', 'ansible.builtin.include_role': {'name': 'mobotix.move_nvr.baseline'}}
    if check:
        include['ansible.builtin.include_role']['apply'] = {'check_mode': True, 'diff': True}
    return {'name': 'per host', 'hosts': hosts, 'gather_facts': False, 'vars': copy.deepcopy(PLAY_VARS), 'tasks': [set_fact(), {
        'name': 'Check each NVR against the baseline', 'ignore_unreachable': True,
        'block': [include, {'name': 'Keep the result', 'ansible.builtin.set_fact': {
            'per_host_check': '{{ move_nvr_baseline_result }}'}}],
        'rescue': [{'name': 'Keep the failure', 'ansible.builtin.set_fact': {
            'per_host_check': '{{ ansible_failed_result }}'}}]}]}


def fleet_task(name, **options):
    """The fleet check with every NVR's whole result in its own (full_results), to compare with the per-host path."""
    options.setdefault('full_results', True)
    return {'name': name, 'mobotix.move_nvr.nvr_fleet_check': options, 'run_once': True}


def each_nvr(name, results_from):
    """nvr_fleet_result on every host, from the fleet check registered as results_from, with --diff."""
    return {'name': name, 'mobotix.move_nvr.nvr_fleet_result': {'results_from': results_from}, 'diff': True,
            'ignore_errors': True, 'ignore_unreachable': True}


def fleet_play(tasks):
    """Play B: nvr_fleet_check once for the whole play, with the same play vars and fact."""
    return {'name': 'fleet', 'hosts': 'nvrs', 'gather_facts': False, 'vars': copy.deepcopy(PLAY_VARS),
            'tasks': [set_fact()] + tasks}


class Run:
    """One ansible-playbook run: rc, output and every task result (the result_log callback of harness)."""

    def __init__(self, proc, log):
        self.rc = proc.returncode
        self.output = proc.stdout + proc.stderr
        self.results = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    def once(self, task):
        found = [r['result'] for r in self.results if r['task'] == task]
        assert len(found) == 1, 'expected one result of %r, got %d:\n%s' % (task, len(found), self.output[-3000:])
        return found[0]

    def invocations(self):
        """{host: the options of its baseline task}, from the task's own result: a registered result has no
        `invocation` (Ansible drops it), nor has an unreachable NVR's a rescue's ansible_failed_result."""
        return dict((r['host'], r['result']['invocation']['module_args']) for r in self.results
                    if r['task'].endswith(' : Apply the NVR baseline'))

    def per_host_checks(self, hosts=tuple(HOSTS)):
        """Each host's baseline result as play A kept it (set_fact in block or rescue)."""
        kept = dict((r['host'], r['result']['ansible_facts']['per_host_check']) for r in self.results
                    if r['task'] in ('Keep the result', 'Keep the failure'))
        assert sorted(kept) == sorted(hosts), self.output[-3000:]
        return kept


def ansible_playbook(directory, plays, inventory, verbosity=0, extra_vars=None):
    directory.mkdir(parents=True, exist_ok=True)
    playbook = directory / 'play.yml'
    playbook.write_text(yaml.safe_dump(plays, sort_keys=False))
    log = directory / 'results.jsonl'
    env = dict(os.environ, RESULT_LOG=str(log), ANSIBLE_CALLBACK_PLUGINS=str(HERE / 'callback_plugins'),
               ANSIBLE_CALLBACKS_ENABLED='result_log', ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0',
               ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_DEPRECATION_WARNINGS='0',
               ANSIBLE_VAULT_PASSWORD_FILE=str(inventory.parent / 'vault-password'), **ENV_SECRETS)
    command = ['ansible-playbook', '-i', str(inventory), str(playbook)]
    if verbosity:
        command.append('-' + 'v' * verbosity)
    if extra_vars:
        command += ['-e', json.dumps(extra_vars)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    return Run(proc, log)


def comparable(result):
    """A host's result without the keys of IGNORED and what Ansible adds to a registered result: _ansible_*,
    `failed: false` on success, and its stand-in for a missing traceback."""
    if isinstance(result, dict):
        return dict((k, comparable(v)) for k, v in result.items()
                    if k not in IGNORED and not k.startswith('_ansible') and (k, v) not in ANSIBLE_ADDED)
    if isinstance(result, list):
        return [comparable(v) for v in result]
    return result


@pytest.fixture(scope='module')
def fleet(tmp_path_factory):
    """The whole story, once; the tests read its outcome."""
    from move_nvr_emulator import Fleet, encrypt
    tmp = tmp_path_factory.mktemp('fleet_check')
    with Fleet(count=len(NVRS), cameras=3, admin_password=ADMIN) as running:
        nvrs = dict(zip(NVRS, (Nvr(port) for port in running.ports)))
        dead_port = closed_port()
        inventory = write_inventory(tmp / 'inventory', list(running.ports) + [dead_port] * 3)

        apply = ansible_playbook(tmp / 'apply', [baseline_play(':'.join(APPLIED), check=False)], inventory,
                                 extra_vars=EXTRA_VARS)
        assert apply.rc == 0, apply.output[-3000:]
        assert [r['host'] for r in apply.results if r['task'] == 'Keep the failure'] == [], apply.output[-3000:]
        # Behind the collection's back: nvr-2 gets another mail recipient, nvr-3 another SMTP password,
        # camera title and retention.
        nvrs['nvr-2'].set_state({'email': {'address': ['intruder@example.com', '', '']}})
        nvrs['nvr-3'].set_state({'email': {'password': encrypt(BEHIND_THE_BACK)},
                                 'cameras': {'ch1': {'title': 'Renamed'}},
                                 'record_config': {'data_life_time': {'cur': 7}}})
        for nvr in nvrs.values():
            nvr.zero_counters()

        check = ansible_playbook(tmp / 'check', [baseline_play(), fleet_play([
            fleet_task('fleet, one process', processes=1),
            fleet_task('fleet, three processes', processes=3)])], inventory, extra_vars=EXTRA_VARS)
        stats = {'check': dict((host, nvr.stats()) for host, nvr in nvrs.items())}
        for nvr in nvrs.values():
            nvr.zero_counters()

        # Both paths again at -v: a failed NVR's resources keep their config there.
        check_v = ansible_playbook(tmp / 'check-v', [baseline_play(), fleet_play([
            fleet_task('fleet, -v, one process', processes=1)])], inventory, verbosity=1, extra_vars=EXTRA_VARS)
        stats['check -v'] = dict((host, nvr.stats()) for host, nvr in nvrs.items())
        for nvr in nvrs.values():
            nvr.zero_counters()

        report_dir = tmp / 'report'
        task = dict(fleet_task('fleet, verbose', report_dir=str(report_dir)), diff=True)
        verbose = ansible_playbook(tmp / 'verbose', [fleet_play([task])], inventory, verbosity=3, extra_vars=EXTRA_VARS)
        stats['verbose'] = dict((host, nvr.stats()) for host, nvr in nvrs.items())
        for nvr in nvrs.values():
            nvr.zero_counters()

        # The compact result (the default: each NVR's whole result in a private store) and the full one, each
        # handed to every NVR by nvr_fleet_result: the same per-host results.
        compact = ansible_playbook(tmp / 'compact', [fleet_play([
            dict(fleet_task('fleet, compact', full_results=False), register='compact_check'),
            each_nvr('each, compact', 'compact_check'),
            dict(fleet_task('fleet, full'), register='full_check'),
            each_nvr('each, full', 'full_check')])], inventory, verbosity=1, extra_vars=EXTRA_VARS)
        stats['compact'] = dict((host, nvr.stats()) for host, nvr in nvrs.items())
        states = dict((host, nvr.state()) for host, nvr in nvrs.items())
        yield {'check': check, 'check -v': check_v, 'verbose': verbose, 'compact': compact, 'stats': stats, 'states': states,
               'report_dir': report_dir, 'dead_port': dead_port, 'tmp': tmp, 'nvrs': nvrs}


@pytest.fixture(scope='module')
def paths(fleet):
    """(per-host results of play A, the fleet task's result with processes 1, with processes 3)."""
    run = fleet['check']
    assert run.rc == 0, run.output[-3000:]
    return run.per_host_checks(), run.once('fleet, one process'), run.once('fleet, three processes')


@pytest.fixture(scope='module')
def paths_v(fleet):
    """(per-host results of play A, the fleet task's result), both at -v."""
    run = fleet['check -v']
    assert run.rc == 0, run.output[-3000:]
    return run.per_host_checks(), run.once('fleet, -v, one process')


def as_task(result):
    """A fleet result as the per-host task gives it to Ansible: an unreachable NVR without `failed` (runner.task_result)."""
    if result.get('unreachable'):
        result = dict((k, v) for k, v in result.items() if k != 'failed')
    return result


def differences(old, new):
    """Where the fleet's result of one host differs from the per-host task's: [(key, per host, fleet)]."""
    new = as_task(new)
    if 'nvr_failure' not in old and new.get('nvr_failure') == 'options_refused' and old.get('failed') and (
            'argument_errors' in old or old.get('msg', '').startswith('Task failed: ')):
        # ansible-core's own refusal (argument validation, templating) cannot say nvr_failure; the fleet's does.
        new = dict((k, v) for k, v in new.items() if k != 'nvr_failure')
    found = []
    if bool(old.get('failed')) != bool(new.get('failed')):
        found.append(('failed', old.get('failed'), new.get('failed')))
    for key in ('changed', 'diff'):
        if old.get(key) != new.get(key):
            found.append((key, old.get(key), new.get(key)))
    # ansible-core 2.19 puts "Task failed: " before the error of a task (here: a variable that cannot be
    # templated); nvr_fleet_check gives the error alone, the same in every version (plugin_utils/fleet.py).
    if old.get('msg') != new.get('msg') and old.get('msg') != 'Task failed: %s' % new.get('msg'):
        found.append(('msg', old.get('msg'), new.get('msg')))
    if sorted(old.get('resources', {})) != sorted(new.get('resources', {})):
        found.append(('resources', sorted(old.get('resources', {})), sorted(new.get('resources', {}))))
    for name, resource in old.get('resources', {}).items():
        for key in ('changed', 'diff', 'requests', 'config', 'msg', 'failed'):
            if resource.get(key) != new.get('resources', {}).get(name, {}).get(key):
                found.append(('%s.%s' % (name, key), resource.get(key), new.get('resources', {}).get(name, {}).get(key)))
    rest = dict((key, comparable(result)) for key, result in (('old', old), ('new', new)))
    if not found and dict(rest['old'], msg=None) != dict(rest['new'], msg=None):
        found.append(('the rest', rest['old'], rest['new']))
    return found


@pytest.mark.parametrize('verbosity', ['default', '-v'])
def test_the_fleet_check_returns_what_the_baseline_returns_on_each_host(paths, paths_v, verbosity):
    per_host, one = paths[:2] if verbosity == 'default' else paths_v
    assert sorted(one['results']) == sorted(HOSTS)
    found = dict((host, differences(per_host[host], one['results'][host])) for host in HOSTS)
    assert dict((host, d) for host, d in found.items() if d) == {}
    assert one['drifted'] == sorted(h for h in HOSTS if per_host[h].get('changed'))
    assert one['failed_hosts'] == sorted(h for h in HOSTS if per_host[h].get('failed') or per_host[h].get('unreachable'))
    # Every failed result says its kind; ansible-core's refusals on the per-host path cannot (differences()).
    for host in one['failed_hosts']:
        assert one['results'][host]['nvr_failure'] == per_host[host].get('nvr_failure', 'options_refused'), host
    assert [h for h in one['failed_hosts'] if 'nvr_failure' not in per_host[h]] == sorted(CORE_REFUSED)


def test_the_story_covers_drift_sync_invalid_and_unreachable(paths, fleet):
    """What the equality above is worth: each kind of host is there, as a user would see it."""
    per_host, one, dummy = paths
    results = one['results']
    # nvr-5 differs too, but with a refused value nothing would be written to it (one plan): failed, not drifted
    assert one['drifted'] == ['nvr-1', 'nvr-2', 'nvr-3']
    assert one['failed_hosts'] == sorted(['nvr-5', DEAD, BAD_TEMPLATE, BAD_TYPE])
    assert sorted(results['nvr-1']['resources']) == sorted(RESOURCES)
    assert [n for n in RESOURCES if results['nvr-1']['resources'][n]['changed']] == [
        n for n in RESOURCES if n != 'ddns'], 'a factory NVR differs in all but DDNS (disabled at the factory)'
    assert [n for n in RESOURCES if results['nvr-2']['resources'][n]['changed']] == ['email']
    assert results['nvr-2']['resources']['email']['diff']['before']['recipients'] == ['intruder@example.com']
    assert [n for n in RESOURCES if results['nvr-3']['resources'][n]['changed']] == ['camera', 'email', 'record_config']
    assert results['nvr-3']['resources']['email']['diff']['after']['password'] == '******** (changed)'
    for host in ('nvr-4', 'nvr-6'):
        assert results[host]['changed'] is False and not results[host].get('failed'), host
        assert results[host]['diff'] == []
    five = results['nvr-5']
    assert five['failed'] is True and five['changed'] is False and five['nvr_failure'] == 'options_refused'
    # Messages through the role name its variables (option_labels).
    assert five['msg'] == ('move_nvr_record_config.retention_days: 999 is outside the range this NVR accepts; allowed: 1-90; '
                           'nothing was written')
    assert five['resources']['record_config']['failed'] is True
    # the other resources of an NVR with an invalid one are checked: not written, what they would send is shown
    assert five['resources']['email']['changed'] is False and five['resources']['email']['requests_not_sent']
    dead = results[DEAD]
    assert dead['failed'] is True and dead['changed'] is False and 'resources' not in dead
    assert dead['unreachable'] is True and dead['nvr_failure'] == 'unreachable'
    assert dead['msg'].startswith('NVR 127.0.0.1:%d: connection failed (connection refused)' % fleet['dead_port'])
    # Per host the same NVR is Ansible's unreachable, not failed: rescue does not catch it, ignore_unreachable does.
    assert per_host[DEAD]['unreachable'] is True and not per_host[DEAD].get('failed')
    assert [r['status'] for r in fleet['check'].results if r['host'] == DEAD and r['task'].endswith(
        ' : Apply the NVR baseline')] == ['unreachable']
    assert [r['task'] for r in fleet['check'].results if r['host'] == DEAD and r['task'].startswith('Keep the')] == [
        'Keep the result']
    assert 'ddns_name_not_set' in results[BAD_TEMPLATE]['msg']
    assert 'record_config' in results[BAD_TYPE]['msg']


def test_a_failed_host_lists_the_resources_it_was_to_be_checked_for(paths, fleet):
    dummy, one, dummy = paths
    results = one['results']
    invocations = fleet['check'].invocations()
    assert sorted(invocations) == sorted(h for h in HOSTS if h not in CORE_REFUSED), 'refused before the task'
    for host in ('nvr-5', DEAD):
        args = invocations[host]
        expected = [name for name in RESOURCES if args.get(name) is not None]
        assert results[host]['managed'] == expected, host
    assert results['nvr-5']['managed'] == RESOURCES
    assert results[DEAD]['managed'] == [name for name in RESOURCES if name != 'ddns'], 'ddns is null on this host'
    assert results[BAD_TEMPLATE]['managed'] == RESOURCES
    assert results[BAD_TYPE]['managed'] == RESOURCES
    for host in HOSTS:
        assert ('managed' in results[host]) == bool(results[host].get('failed')), host


@pytest.mark.parametrize('verbosity', ['default', '-v'])
def test_each_host_gets_its_own_templated_values(paths, paths_v, verbosity):
    """The shared templating must not hand one host's value to another."""
    per_host, one = paths[:2] if verbosity == 'default' else paths_v
    results = one['results']
    servers = {'nvr-1': 'smtp-ber.example.com', 'nvr-2': 'smtp-ber.example.com', 'nvr-3': 'smtp-muc.example.com',
               'nvr-4': 'smtp-hq.example.com', 'nvr-5': 'smtp-fra.example.com', 'nvr-6': 'mail.ham.example.org'}
    for host, server in servers.items():
        for result in (results[host], per_host[host]):
            email = result['resources']['email']
            assert email['diff']['after']['server'] == server, host
            if result.get('failed'):  # refused, nothing written: config is the NVR's; what it would set is in the diff
                assert host == 'nvr-5'
                assert result['resources']['camera']['diff']['after']['cameras'][0]['title'] == '%s entrance' % host
                continue
            assert email['config']['server'] == server, host
            assert result['resources']['camera']['config']['cameras'][0]['title'] == '%s entrance' % host
    assert results['nvr-6']['resources']['email']['config']['recipients'] == ['ops@example.org']
    assert results['nvr-1']['resources']['email']['config']['recipients'] == ['soc@example.com', 'facilities@example.com']
    shown = NVRS if verbosity == '-v' else [host for host in NVRS if host != 'nvr-5']  # failed: no config below -v
    ddns = dict((host, results[host]['resources']['ddns']['config']) for host in shown)
    assert ddns['nvr-4']['enabled'] is True and ddns['nvr-4']['hostname'] == 'nvr-4.example.net'
    assert all(ddns[host]['enabled'] is False for host in shown if host != 'nvr-4')
    # The vaulted guard password of nvr-3 differs from the group's: had the group's been used there,
    # its account would have drifted (it got its own on apply).
    assert results['nvr-3']['resources']['account']['changed'] is False
    assert results['nvr-2']['resources']['account']['changed'] is False


@pytest.mark.parametrize('verbosity', ['default', '-v'])
def test_play_vars_extra_vars_and_facts_take_precedence_as_in_a_task(paths, paths_v, verbosity):
    """The play's vars over host vars, -e over host vars, a fact (set_fact, nvr-5) over the inventory."""
    per_host, one = paths[:2] if verbosity == 'default' else paths_v
    results = one['results']
    limits = {'nvr-1': 72, 'nvr-2': 65, 'nvr-3': 72, 'nvr-4': 72, 'nvr-5': 72, 'nvr-6': 72}
    for host, limit in limits.items():
        for result in (results[host], per_host[host]):
            if result.get('failed'):  # refused, nothing written: what it would set is in the diff
                assert host == 'nvr-5'
                monitor = result['resources']['system_monitor']['diff']['after']
                assert monitor['cpu_temperature'] == {'threshold': limit, 'send_email': True, 'alarm_out': [0]}, host
                continue
            monitor = result['resources']['system_monitor']['config']
            assert monitor['cpu_temperature'] == {'threshold': limit, 'send_email': True, 'alarm_out': [0]}, host
            assert monitor['disk_full']['send_email'] is True, host  # the play's, not nvr-6's host var
            cameras = dict((c['channel'], c) for c in result['resources']['event_action']['config']['cameras'])
            assert cameras[1]['motion']['enabled'] and cameras[1]['video_loss']['alarm_out'] == [1], host
            # The group's (camera 0) and nvr-3's host var (camera 2) are below the extra variable.
            assert not cameras[0]['motion']['enabled'] and not cameras[2]['motion']['enabled'], host
    assert results['nvr-5']['resources']['email']['diff']['after']['server'] == 'smtp-fra.example.com'
    assert per_host['nvr-5']['resources']['email']['diff']['after']['server'] == 'smtp-fra.example.com'
    for host in APPLIED:  # applied with the same precedence: in sync there
        assert results[host]['resources']['system_monitor']['changed'] is False, host
        assert results[host]['resources']['event_action']['changed'] is False, host


def test_processes_one_and_three_give_the_same_results(paths, paths_v, fleet):
    dummy, one, three = paths
    assert one['results'] == three['results']
    for key in ('drifted', 'failed_hosts', 'diff'):
        assert one.get(key) == three.get(key), key
    assert dict(one['report'], generated=None) == dict(three['report'], generated=None)
    # At the same verbosity (-vvv and -v both keep a failed NVR's configs): processes 1 and the default.
    verbose = fleet['verbose'].once('fleet, verbose')
    assert verbose['results'] == paths_v[1]['results'], 'the default (one process for a small fleet) differs'


def brief(result):
    """A failed result as it is below -v: each resource with BRIEF_KEYS only, a changed one also BRIEF_CHANGED_KEYS."""
    if not result.get('failed') or not isinstance(result.get('resources'), dict):
        return result

    def brief_entry(entry):
        changes = entry.get('changed') or entry.get('requests_not_sent') or entry.get('request_failed')
        return dict((k, v) for k, v in entry.items() if k in BRIEF_KEYS or (changes and k in BRIEF_CHANGED_KEYS))
    return dict(result, resources=dict((name, brief_entry(entry)) for name, entry in result['resources'].items()))


def test_a_failed_nvr_shows_no_config_below_v(paths, paths_v):
    """A failed result keeps each resource's changed, failed and msg (diff and requests of a changed one), not its
    config, below -v; at -v all of it. The same rule on both paths."""
    per_host, one, dummy = paths
    per_host_v, one_v = paths_v
    for default, verbose in ((one['results'], one_v['results']), (per_host, per_host_v)):
        five = default['nvr-5']['resources']
        assert not [name for name, entry in five.items() if 'config' in entry]
        assert five['email']['diff'] and five['email']['requests_not_sent'] and five['record_config']['msg']
        assert sorted(name for name, entry in verbose['nvr-5']['resources'].items() if 'config' in entry) == sorted(
            name for name in RESOURCES if name != 'record_config'), 'the invalid one was not read to the end'
        for host in HOSTS:
            assert comparable(default[host]) == comparable(brief(verbose[host])), host


def test_nothing_is_written_to_any_nvr(fleet):
    for run, stats in fleet['stats'].items():
        for host, nvr_stats in stats.items():
            assert nvr_stats['write_attempts'] == 0, (run, host, nvr_stats)
            assert nvr_stats['open_sessions'] == 0, (run, host, nvr_stats)
            assert nvr_stats['logins'] >= 1, (run, host, nvr_stats)
    assert [fleet['stats']['check'][h]['logins'] for h in NVRS] == [3] * len(NVRS), 'play A and two fleet tasks'
    assert [fleet['stats']['check -v'][h]['logins'] for h in NVRS] == [2] * len(NVRS), 'play A and one fleet task'
    assert [fleet['stats']['compact'][h]['logins'] for h in NVRS] == [2] * len(NVRS), 'two fleet tasks'


def test_the_compact_result_hands_each_nvr_the_same_result_as_the_full_one(fleet):
    """The default result leaves each NVR's resources and diffs out (and the report's cells): nvr_fleet_result
    reads them from the private store it names, and gives every NVR the same result, status and diff as from the
    full result; the compact result is the full one without those keys."""
    run = fleet['compact']
    compact, full = run.once('fleet, compact'), run.once('fleet, full')
    assert 'results_store' in compact and 'results_store' not in full
    assert sorted(compact['results']) == sorted(full['results']) == sorted(HOSTS)
    for host in HOSTS:
        assert compact['results'][host] == dict((k, v) for k, v in full['results'][host].items()
                                                if k not in ('resources', 'diff')), host
        assert compact['report']['nvrs'][host] == dict((k, v) for k, v in full['report']['nvrs'][host].items()
                                                       if k != 'resources'), host
    assert dict(compact['report'], nvrs=None, generated=None) == dict(full['report'], nvrs=None, generated=None)
    assert compact['drifted'] == full['drifted'] and compact['failed_hosts'] == full['failed_hosts']
    per_host = dict((name, dict((r['host'], (r['status'], r['result'])) for r in run.results if r['task'] == name))
                    for name in ('each, compact', 'each, full'))
    assert sorted(per_host['each, compact']) == sorted(HOSTS)
    assert per_host['each, compact'] == per_host['each, full']
    assert per_host['each, compact']['nvr-1'][1]['diff'], 'with --diff, the diffs of a drifted NVR'
    assert per_host['each, compact']['nvr-2'][1]['resources']['email']['diff']['before']['recipients'] == [
        'intruder@example.com']
    assert sorted(host for host, (dummy, result) in per_host['each, compact'].items() if result.get('changed')) == [
        'nvr-1', 'nvr-2', 'nvr-3']


def test_no_secret_in_the_verbose_output_or_the_report_files(fleet):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password, login_hash
    run = fleet['verbose']
    assert run.rc == 0, run.output[-3000:]
    files = dict((name, (fleet['report_dir'] / name).read_text()) for name in ('drift.json', 'drift.html', 'drift.junit.xml'))
    stored = set()  # every password the NVRs hold, in the device's encrypted form
    for state in fleet['states'].values():
        stored.update(a['password'] for a in state['accounts'])
        stored.update(c['password'] for c in state['cameras'].values())
        stored.update([state['email']['password'], state['ddns']['password']])
    forbidden = set(PLAINTEXT_SECRETS) | set(encrypt_password(s) for s in PLAINTEXT_SECRETS) | (stored - {''})
    forbidden.add(login_hash('Admin', ADMIN))
    assert encrypt_password(BEHIND_THE_BACK) in stored and encrypt_password(DDNS_PASSWORD) in stored
    assert '"drifted": [' in run.output and '"results": {' in run.output, 'the -vvv output shows the result'
    assert '"after": {' in run.output and '******** (changed)' in run.output, 'and the diffs (in each NVR\'s result)'
    for secret in sorted(forbidden):
        assert secret not in run.output, '%r in the -vvv output' % secret
        for name, text in files.items():
            assert secret not in text, '%r in %s' % (secret, name)
    report = json.loads(files['drift.json'])
    assert report['nvrs']['nvr-3']['resources']['email']['after']['password'] == '******** (changed)'


def test_a_variable_of_the_wrong_type_is_named_as_the_role_names_it(paths):
    """A text where the role declares a dictionary: refused by the role's argument validation, naming the
    variable, never quoting the value (ansible-core's first line, from its no_log scan, names nothing)."""
    per_host, one, dummy = paths
    msg = per_host[BAD_TYPE]['msg']
    assert msg.startswith('Validation of arguments failed:\n'), msg
    assert "argument 'move_nvr_record_config' is of type str and we were unable to convert to dict" in msg, msg
    assert 'retention_days' not in msg, 'the value is not quoted'
    assert one['results'][BAD_TYPE]['msg'] == msg


def test_a_secret_quoted_in_a_refused_option_is_masked_as_in_the_task(fleet):
    """A password copied into the wrong option: the refusal quotes it; it is a no_log value of that resource."""
    tmp = fleet['tmp'] / 'mixup'
    inventory = tmp / 'inventory'
    inventory.mkdir(parents=True)
    email = dict(GROUP_VARS['move_nvr_email'], port=GROUP_VARS['move_nvr_email']['password'])
    connection = dict((k, v) for k, v in GROUP_VARS.items() if not k.startswith('move_nvr_') or k in (
        'move_nvr_host', 'move_nvr_use_https', 'move_nvr_username', 'move_nvr_password', 'move_nvr_retries', 'move_nvr_timeout'))
    host = {'move_nvr_port': fleet['nvrs']['nvr-1'].port, 'move_nvr_email': email}
    (inventory / 'hosts.yml').write_text(yaml.safe_dump({'nvrs': {'hosts': {'nvr-mixup': host}, 'vars': connection}}))
    (tmp / 'vault-password').write_text(VAULT_PASSWORD + '\n')
    fleet['nvrs']['nvr-1'].zero_counters()
    report_dir = tmp / 'report'
    run = ansible_playbook(tmp, [baseline_play(), fleet_play([fleet_task('fleet', report_dir=str(report_dir))])],
                           inventory, verbosity=3)
    assert run.rc == 0, run.output[-3000:]
    assert fleet['nvrs']['nvr-1'].stats()['write_attempts'] == 0
    old = run.per_host_checks(['nvr-mixup'])['nvr-mixup']
    new = run.once('fleet')['results']['nvr-mixup']
    secret = ENV_SECRETS['FLEET_SMTP_PASSWORD']
    # The role's spec declares port `raw` (its validation would quote the value unmasked): the module refuses
    # it, naming the role's variable, with the secret masked.
    assert old['msg'] == 'move_nvr_email: argument \'port\' is of type str and we were unable to convert to int: ' \
                         '"\'********\'" cannot be converted to an int'
    assert new['failed'] is True and new['managed'] == ['email', 'system_monitor']  # the second from the play's vars
    reports = [(report_dir / name).read_text() for name in ('drift.json', 'drift.html', 'drift.junit.xml')]
    assert new['msg'] == old['msg']
    assert secret not in run.output
    assert not [text for text in reports if secret in text]


def test_a_number_where_the_role_declares_a_dictionary_fails_that_nvr_alone(fleet):
    """ansible-core's argument validator raises (TypeError) on a number where a spec declares a dictionary. In the
    fleet check that NVR alone is refused (refused_baseline, one line naming the variable, no secret quoted); the
    others are checked. Per host, ansible-core's validation of the role's arguments fails that host's task."""
    tmp = fleet['tmp'] / 'number'
    inventory = tmp / 'inventory'
    inventory.mkdir(parents=True)
    connection = dict((k, v) for k, v in GROUP_VARS.items() if not k.startswith('move_nvr_') or k in (
        'move_nvr_host', 'move_nvr_use_https', 'move_nvr_username', 'move_nvr_password', 'move_nvr_retries', 'move_nvr_timeout'))
    port = fleet['nvrs']['nvr-1'].port  # the same NVR for all three: the refused ones must never log in
    accounts = {'accounts': [{'name': 'operator', 'password': ENV_SECRETS['FLEET_OPERATOR_PASSWORD']}]}
    hosts = {
        'nvr-fine': {'move_nvr_port': port, 'move_nvr_email': GROUP_VARS['move_nvr_email']},
        'nvr-number-option': {'move_nvr_port': port, 'move_nvr_accounts': accounts,
                              'move_nvr_record_config': {'retention_days': 30, 'pre_alarm': 4242}},
        'nvr-number': {'move_nvr_port': port, 'move_nvr_accounts': accounts, 'move_nvr_email': 4242},
    }
    (inventory / 'hosts.yml').write_text(yaml.safe_dump({'nvrs': {'hosts': hosts, 'vars': connection}}))
    (tmp / 'vault-password').write_text(VAULT_PASSWORD + '\n')
    fleet['nvrs']['nvr-1'].zero_counters()
    report_dir = tmp / 'report'
    run = ansible_playbook(tmp, [baseline_play(), fleet_play([fleet_task('fleet', report_dir=str(report_dir))])],
                           inventory, verbosity=3)
    assert run.rc == 0, run.output[-3000:]
    assert 'internal error' not in run.output, run.output[-3000:]
    assert fleet['nvrs']['nvr-1'].stats()['write_attempts'] == 0
    assert fleet['nvrs']['nvr-1'].stats()['logins'] == 2, 'nvr-fine on both paths, the refused ones never'
    task = run.once('fleet')
    results = task['results']
    assert task['failed_hosts'] == ['nvr-number', 'nvr-number-option']
    fine = results['nvr-fine']
    assert not fine.get('failed') and sorted(fine['resources']) == ['email', 'system_monitor'], fine
    assert fine['resources']['email']['config']['server'] == 'smtp-hq.example.com'
    # The resource itself a number: the baseline role's argument validation refuses it (main declares each resource a
    # dictionary); an option inside it: nvr_config's own check names it, before any request, in one line.
    expected = {
        'nvr-number-option': 'move_nvr_record_config.pre_alarm: is of type int, where the module declares a dictionary',
        'nvr-number': "Validation of arguments failed:\nargument 'move_nvr_email' is of type int and we were unable to "
                      "convert to dict: <class 'int'> cannot be converted to a dict",
    }
    for host, msg in expected.items():
        result = results[host]
        assert result['msg'] == msg, host
        assert result['failed'] is True and result['nvr_failure'] == 'options_refused' and 'resources' not in result, host
        assert task['report']['nvrs'][host]['status'] == 'refused_baseline', host
    assert results['nvr-number-option']['managed'] == ['account', 'system_monitor', 'record_config']
    assert results['nvr-number']['managed'] == ['account', 'email', 'system_monitor']
    assert task['report']['nvrs']['nvr-fine']['status'] in ('drifted', 'in_sync')
    # Per host, the same refusals, before any request.
    per_host = run.per_host_checks(sorted(hosts))
    assert not per_host['nvr-fine'].get('failed')
    for host, msg in expected.items():
        assert per_host[host]['failed'] is True and 'resources' not in per_host[host], host
        # (ansible-core names the int's class: the per-host value is a tagged int, the fleet's a plain one)
        shown = per_host[host]['msg']
        assert shown.split(' <class', maxsplit=1)[0] == msg.split(' <class', maxsplit=1)[0], (host, shown)
    files = [(report_dir / name).read_text() for name in ('drift.json', 'drift.html', 'drift.junit.xml')]
    for secret in [ADMIN] + list(ENV_SECRETS.values()):
        assert secret not in run.output
        assert not [text for text in files if secret in text]
