# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No false greens, resource selection, and messages in the caller's words (issue 10, items 3 and 6).

playbooks/site.yml and playbooks/drift.yml, real ansible-playbook, against six emulated NVRs:

- nvr-typo has `move_nvr_camera` (for move_nvr_cameras) and a valid email: site.yml fails that NVR with
  the suggestion and sends it nothing; with move_nvr_unknown_variables=warn it warns and applies the
  email; drift.yml reports it as not checked, with the same message.
- nvr-ok has a valid email; nvr-none has no resource variable: "no resource is managed on this NVR",
  not changed, with a warning; in the fleet check `managed: []`.
- nvr-badopt has a typo in a camera's option, nvr-badconn a timeout of 0: one line of under 300
  characters at default verbosity, naming the role variable, never nvr_config's option. (The role's entry
  point main declares the resource variables as dictionaries, so the module refuses the typo, not
  Ansible's role argument check, whose failure would carry the whole specification; the entry point
  validate, playbooks/validate.yml, is the one with the resources' options.)
- nvr-partial has a valid email and DDNS and a retention the NVR refuses: its failure does not carry
  the resources' config at default verbosity (it does with -v); with move_nvr_resources [email] only the
  email endpoint is requested and the run succeeds.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess

import pytest
import yaml

from harness import HERE, Nvr, nvr_group_vars

COLLECTION = pathlib.Path(__file__).resolve().parents[2]
ADMIN = 'Gr33n-Admin-Pw'
SMTP = 'Gr33n-Smtp-Pw'
EMAIL = {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True,
         'account': 'alarms@example.com', 'password': SMTP, 'recipients': ['soc@example.com']}
CAMERAS = {'cameras': [{'channel': ch, 'ip': '192.0.2.%d' % (10 + ch), 'title': 'Door %d' % ch} for ch in range(3)]}
HOSTS = {
    'nvr-typo': {'move_nvr_camera': CAMERAS, 'move_nvr_email': EMAIL},
    'nvr-ok': {'move_nvr_email': EMAIL},
    'nvr-none': {},
    'nvr-badopt': {'move_nvr_cameras': {'cameras': CAMERAS['cameras'][:2] + [
        {'channel': 2, 'ip': '192.0.2.12', 'titel': 'Door 2'}]}},
    'nvr-badconn': {'move_nvr_timeout': 0, 'move_nvr_email': EMAIL},
    'nvr-partial': {'move_nvr_email': EMAIL, 'move_nvr_ddns': {'enabled': False},
                    'move_nvr_system_monitor': {'cpu_temperature': {'threshold': 75, 'send_email': True}},
                    'move_nvr_record_config': {'retention_days': 999}},
}
NO_RESOURCE = ('no resource is managed on this NVR (no move_nvr_* resource variable is defined, '
               'or move_nvr_resources selects none)')
SUGGESTION = 'unknown variable move_nvr_camera; did you mean move_nvr_cameras?'
ALWAYS = ('POST /auth/login', 'GET /information/version', 'GET /logout')


class Run:
    def __init__(self, proc, log):
        self.rc = proc.returncode
        self.output = proc.stdout + proc.stderr
        self.results = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    def result(self, task, host):
        # Role tasks are named `<role> : <task>`.
        found = [r for r in self.results if r['task'].split(' : ')[-1] == task and r['host'] == host]
        assert found, 'no result of %r on %s:\n%s' % (task, host, self.output[-3000:])
        return dict(found[-1]['result'], status=found[-1]['status'])

    def fleet_results(self):
        """Each NVR's result of the fleet check (one task, run once)."""
        found = [r['result'] for r in self.results if r['task'].split(' : ')[-1] == FLEET]
        assert len(found) == 1, self.output[-3000:]
        return found[0]['results']

    def fatal_line(self, host):
        lines = [line for line in self.output.splitlines() if line.startswith('fatal: [%s]' % host)]
        assert len(lines) == 1, (host, self.output[-3000:])
        return lines[0]


def ansible_playbook(directory, playbook, inventory, *options, **extra_vars):
    directory.mkdir(parents=True, exist_ok=True)
    log = directory / 'results.jsonl'
    env = dict(os.environ, RESULT_LOG=str(log), ANSIBLE_CALLBACK_PLUGINS=str(HERE / 'callback_plugins'),
               ANSIBLE_CALLBACKS_ENABLED='result_log', ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0',
               ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_DEPRECATION_WARNINGS='0')
    command = ['ansible-playbook', '-i', str(inventory), str(COLLECTION / 'playbooks' / playbook)] + list(options)
    if extra_vars:
        command += ['-e', json.dumps(extra_vars)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    return Run(proc, log)


@pytest.fixture(scope='module')
def story(tmp_path_factory):
    """Every run once (module scope); the tests read what happened."""
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('false_greens')
    with Fleet(count=len(HOSTS), cameras=3, admin_password=ADMIN) as running:
        nvrs = dict(zip(HOSTS, (Nvr(port) for port in running.ports)))
        hosts = dict((host, dict(variables, move_nvr_port=nvrs[host].port)) for host, variables in HOSTS.items())
        group = nvr_group_vars(ADMIN, move_nvr_retries=0, move_nvr_timeout=5)
        inventory = tmp / 'inventory.yml'
        inventory.write_text(yaml.safe_dump({'nvrs': {'hosts': hosts, 'vars': group}}, sort_keys=False))
        runs, stats = {}, {}

        def run(name, playbook, *options, **extra_vars):
            for nvr in nvrs.values():
                nvr.zero_counters()
            runs[name] = ansible_playbook(tmp / name, playbook, inventory, *options, **extra_vars)
            stats[name] = dict((host, nvr.stats()) for host, nvr in nvrs.items())

        run('site', 'site.yml')
        run('drift', 'drift.yml', move_nvr_report_dir=str(tmp / 'report'))
        run('warn', 'site.yml', '-v', move_nvr_unknown_variables='warn')
        for nvr in nvrs.values():
            nvr.reset()
        run('email_only', 'site.yml', move_nvr_resources=['email'])
        run('none_selected', 'site.yml', '--limit', 'nvr-ok', move_nvr_resources=[])
        run('not_a_resource', 'site.yml', '--limit', 'nvr-ok', move_nvr_resources=['email', 'emial'])
        yield {'runs': runs, 'stats': stats, 'report': tmp / 'report'}


APPLY = 'Apply the NVR baseline'
FLEET = 'Check every NVR against the baseline and write the fleet report'


def bare_options(text):
    """nvr_config's option names in a text that names the role's variables (move_nvr_...) instead."""
    return re.findall(r'(?<![\w])(nvr_[a-z_]+|camera|account|record_template|event_action|email|ddns|'
                      r'system_monitor|record_config)(?=: )', text.replace('move_nvr_', 'MOVE.'))


# ------------------------------------------------------------------ unknown variables

def test_a_misspelt_variable_fails_that_nvr_with_the_suggestion_and_sends_nothing(story):
    run, stats = story['runs']['site'], story['stats']['site']
    assert run.rc != 0
    typo = run.result(APPLY, 'nvr-typo')
    assert typo['status'] == 'failed' and typo['changed'] is False
    assert typo['msg'].startswith(SUGGESTION), typo['msg']
    assert 'move_nvr_unknown_variables: warn' in typo['msg']
    assert stats['nvr-typo']['requests'] == 0, stats['nvr-typo']
    line = run.fatal_line('nvr-typo')
    assert SUGGESTION in line and len(line) < 300, line
    # The other NVRs go on.
    assert run.result(APPLY, 'nvr-ok')['status'] == 'ok' and stats['nvr-ok']['writes'] > 0


def test_with_warn_the_misspelt_variable_is_a_warning_and_the_rest_is_applied(story):
    run, stats = story['runs']['warn'], story['stats']['warn']
    typo = run.result(APPLY, 'nvr-typo')
    assert typo['status'] == 'ok' and typo['changed'] is True, typo
    assert sorted(typo['resources']) == ['email']
    assert '[WARNING]: %s' % SUGGESTION in run.output
    assert stats['nvr-typo']['writes'] > 0


def test_the_drift_check_reports_the_misspelt_variable_not_green(story):
    run, stats = story['runs']['drift'], story['stats']['drift']
    fleet = run.fleet_results()
    assert fleet['nvr-typo']['failed'] is True and fleet['nvr-typo']['msg'] == story['runs']['site'].result(
        APPLY, 'nvr-typo')['msg']
    assert fleet['nvr-typo']['managed'] == ['email']
    report = json.loads((story['report'] / 'drift.json').read_text())
    assert report['nvrs']['nvr-typo']['status'] != 'in_sync'
    assert SUGGESTION in report['nvrs']['nvr-typo']['reason']
    assert report['status'] != 'in_sync'
    assert stats['nvr-typo']['requests'] == 0
    assert all(s['write_attempts'] == 0 for s in stats.values()), stats


# ------------------------------------------------------------------ no green on nothing

def test_an_nvr_without_resources_says_so_and_is_not_changed(story):
    run = story['runs']['site']
    none = run.result(APPLY, 'nvr-none')
    assert none['status'] == 'ok' and none['changed'] is False
    assert none['msg'] == NO_RESOURCE and none['resources'] == {}
    assert '[WARNING]: %s' % NO_RESOURCE in run.output
    assert story['stats']['site']['nvr-none']['write_attempts'] == 0


def test_the_fleet_check_marks_an_nvr_without_resources_managed_empty(story):
    run = story['runs']['drift']
    results = run.fleet_results()
    assert results['nvr-none']['managed'] == [] and results['nvr-none']['msg'] == NO_RESOURCE
    assert results['nvr-none']['changed'] is False and not results['nvr-none'].get('failed')
    # `managed` is on the NVRs that failed (what they were to be checked for) and on those that manage nothing.
    assert 'managed' not in results['nvr-ok'] and results['nvr-ok']['changed'] is False
    assert results['nvr-partial']['managed'] == ['email', 'ddns', 'system_monitor', 'record_config']
    report = json.loads((story['report'] / 'drift.json').read_text())
    assert report['nvrs']['nvr-none']['status'] != 'in_sync' and report['status'] != 'in_sync'


def test_selecting_no_resource_is_no_resource(story):
    run = story['runs']['none_selected']
    assert run.rc == 0, run.output[-3000:]
    result = run.result(APPLY, 'nvr-ok')
    assert result['changed'] is False and result['msg'] == NO_RESOURCE and result['resources'] == {}
    assert story['stats']['none_selected']['nvr-ok']['write_attempts'] == 0


# ------------------------------------------------------------------ resource selection

def test_move_nvr_resources_email_manages_only_email(story):
    run, stats = story['runs']['email_only'], story['stats']['email_only']
    partial = run.result(APPLY, 'nvr-partial')
    # The refused retention is not even looked at: record_config is not selected.
    assert partial['status'] == 'ok' and sorted(partial['resources']) == ['email'], partial
    assert partial['changed'] is True
    for host in ('nvr-ok', 'nvr-partial'):
        endpoints = set(stats[host]['by_endpoint'])
        assert endpoints - set(ALWAYS) == {'GET /setup/email_config', 'POST /setup/email_config'}, (host, endpoints)
    # A selected resource whose variable is not set: a warning.
    assert ('[WARNING]: move_nvr_resources selects email, but move_nvr_email is not set: email is not managed '
            'on this NVR') in run.output
    none = run.result(APPLY, 'nvr-none')
    assert none['msg'] == NO_RESOURCE
    assert stats['nvr-badopt']['write_attempts'] == 0


def test_a_name_that_is_not_a_resource_is_refused_naming_the_allowed_ones(story):
    run = story['runs']['not_a_resource']
    assert run.rc != 0
    assert 'move_nvr_resources' in run.output and 'emial' in run.output
    assert 'camera, account, record_template, event_action, email, ddns, system_monitor, record_config' in run.output
    assert story['stats']['not_a_resource']['nvr-ok']['requests'] == 0


# ------------------------------------------------------------------ messages in the caller's words

def test_a_typo_in_an_option_names_the_role_variable_in_one_short_line(story):
    run = story['runs']['site']
    assert story['stats']['site']['nvr-badopt']['write_attempts'] == 0
    line = run.fatal_line('nvr-badopt')
    result = run.result(APPLY, 'nvr-badopt')
    assert result['msg'] == 'move_nvr_cameras.cameras[2].titel: unsupported parameter; did you mean title?'
    assert len(line) < 300 and result['msg'] in line, line


def test_a_bad_connection_value_names_the_role_variable_in_one_short_line(story):
    run = story['runs']['site']
    result = run.result(APPLY, 'nvr-badconn')
    assert result['msg'].startswith('move_nvr_timeout: 0 is out of range'), result['msg']
    line = run.fatal_line('nvr-badconn')
    assert len(line) < 300 and not bare_options(line), line
    assert story['stats']['site']['nvr-badconn']['requests'] == 0


def test_the_fleet_check_words_its_messages_as_the_role_does(story):
    site, drift = story['runs']['site'], story['runs']['drift']
    results = drift.fleet_results()
    for host in ('nvr-badconn', 'nvr-partial'):
        assert results[host]['msg'] == site.result(APPLY, host)['msg'], host
        assert not bare_options(results[host]['msg']), results[host]['msg']


def test_a_failed_nvr_does_not_carry_every_config_at_default_verbosity(story):
    quiet, verbose = story['runs']['site'], story['runs']['warn']
    result = quiet.result(APPLY, 'nvr-partial')
    assert result['status'] == 'failed'
    assert result['msg'].startswith('move_nvr_record_config.retention_days: 999 '), result['msg']
    resources = result['resources']
    assert sorted(resources) == ['ddns', 'email', 'record_config', 'system_monitor']
    assert all('config' not in entry for entry in resources.values()), resources
    assert resources['record_config'] == {'changed': False, 'failed': True, 'msg': resources['record_config']['msg']}
    # one refused value: nothing written (issue 11), each other resource says so in one line
    not_sent = {'changed': False, 'msg': 'not sent: nothing is written to this NVR while a resource is refused (record_config)'}
    assert resources['ddns'] == not_sent, 'in sync: nothing but changed and why not sent'
    # what the email would have sent stays (the drift report shows it), its config does not
    assert dict(resources['email'], requests_not_sent=[]) == dict(not_sent, requests_not_sent=[])
    assert [r['path'] for r in resources['email']['requests_not_sent']] == ['/setup/email_config']
    assert result['msg'].endswith('; nothing was written') and story['stats']['site']['nvr-partial']['write_attempts'] == 0
    assert '"config"' not in quiet.fatal_line('nvr-partial')
    # With -v, the same (a resource not sent has no config to show).
    # With -v also the config: the NVR's, unchanged.
    ddns = verbose.result(APPLY, 'nvr-partial')['resources']['ddns']
    assert ddns['config']['enabled'] is False and dict(ddns, config=None) == dict(not_sent, config=None)
