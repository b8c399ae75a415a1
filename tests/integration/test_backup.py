# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Adopting a fleet: playbooks/backup.yml, then the baseline from the backup files shows no drift.

A fleet of three emulated NVRs (two cameras each, connected "by hand") gets a
baseline with some of everything through playbooks/site.yml, each NVR a bit
different. playbooks/backup.yml writes one file per NVR; fed to the baseline
as the only host_vars (no group_vars), a check run reports changed=0 on every
NVR and sends no write. By default no password is in the files in any form;
with move_nvr_backup_secrets=vault each one is a !vault value and the round
trip still holds, passwords compared. nvr_info returns every subset, masks
secrets and refuses unknown subsets before any request.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

from harness import ADMIN_PASSWORD, HERE, Nvr, PlaybookRun, run_playbook, write_inventory_dir

from ansible_collections.mobotix.move_nvr.plugins.module_utils.registry import REGISTRY, RESOURCE_ORDER

ROOT = HERE.parent.parent
HOSTS = ('nvr-north', 'nvr-south', 'nvr-west')
SECRETS = {
    'smtp': 'Smtp-Backup-5ecret', 'ddns': 'Ddns-Backup-5ecret', 'operator': 'Oper8tor-pw',
    'guard': 'Gu4rd-pw-x', 'camera': 'Cam-Backup-pw9', 'camera2': 'Cam-Other-pw7', 'camera_default': 'Cam-Default-pw3',
}
VAULT_PASSWORD = 'backup-vault-pw'
MASK = '********'
OFFICE = ['evt_only'] * 8 + ['record'] * 10 + ['evt_only'] * 6
NIGHT = ['no_record'] * 6 + ['evt_only'] * 12 + ['no_record'] * 6
RESOURCE_SUBSETS = RESOURCE_ORDER
DEVICE_SUBSETS = ('version', 'time', 'network', 'storage', 'users', 'cameras')

# Some of everything, for every NVR (group_vars of the set-up inventory).
BASELINE = {
    'move_nvr_email': {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True,
                       'account': 'nvr-alarms@example.com', 'password': SECRETS['smtp'],
                       'recipients': ['soc@example.com', 'facilities@example.com']},
    'move_nvr_ddns': {'enabled': True, 'server': 'NoIP', 'username': 'fleet', 'password': SECRETS['ddns'], 'port': 8245},
    'move_nvr_system_monitor': {'cpu_temperature': {'threshold': 72, 'send_email': True, 'alarm_out': [1]},
                                'cpu_fan': {'threshold': 1800}, 'disk_full': {'send_email': False, 'alarm_out': [0, 1]}},
    'move_nvr_record_config': {'retention_days': 21, 'circular': False, 'pre_alarm': {'enabled': True, 'seconds': 5},
                               'post_alarm': {'enabled': True, 'seconds': 40}, 'edge_archiver_interval': 120},
    'move_nvr_cameras': {'cameras': [{'channel': 0, 'ip': '192.0.2.10', 'title': 'Entrance', 'password': SECRETS['camera']},
                                     {'channel': 2, 'ip': '192.0.2.60', 'title': 'Yard', 'rtsp_port': 8554,
                                      'protocol': 'RTP+UDP', 'username': 'viewer', 'password': SECRETS['camera2']}]},
    'move_nvr_accounts': {'accounts': [{'name': 'operator', 'password': SECRETS['operator'], 'permissions': ['ptz', 'playback']},
                                       {'name': 'guard', 'password': SECRETS['guard'], 'covert_channels': [2, 5]}]},
    'move_nvr_record_templates': {
        'templates': [{'name': 'Business', 'schedule': {'all': ['evt_only'] * 24, 'mon': OFFICE, 'tue': OFFICE,
                                                        'wed': OFFICE, 'thu': OFFICE, 'fri': OFFICE}},
                      {'name': 'Night', 'schedule': {'all': NIGHT}}],
        'channels': [{'channel': 0, 'template': 'Business'}, {'channel': 2, 'template': 'Night'}]},
    'move_nvr_default_connection': {'auto_refresh': True, 'auto_refresh_time': 300,
                                    'defaults': [{'type': 1, 'username': 'svc', 'password': SECRETS['camera_default']}]},
    'move_nvr_event_action': {
        'default': {'snapshot_size': 'D1'},
        'cameras': [{'channel': 2, 'motion': {'enabled': True, 'send_email': True, 'snapshot': True, 'alarm_out': [1]},
                     'video_loss': {'enabled': True, 'alarm_out': [0, 1]}}],
        'alarm_inputs': [{'input': 1, 'enabled': True, 'send_email': True, 'alarm_out': [0], 'channels': [0, 2]}]},
}
# ... and each NVR a little different (host_vars), as hand-configured NVRs are.
HOST_VARS = {
    'nvr-north': {'move_nvr_ddns': dict(BASELINE['move_nvr_ddns'], hostname='north.example.net')},
    'nvr-south': {'move_nvr_ddns': dict(BASELINE['move_nvr_ddns'], hostname='south.example.net'),
                  'move_nvr_record_config': dict(BASELINE['move_nvr_record_config'], retention_days=60)},
    'nvr-west': {'move_nvr_ddns': dict(BASELINE['move_nvr_ddns'], hostname='west.example.net', enabled=False),
                 'move_nvr_email': dict(BASELINE['move_nvr_email'], recipients=['west-desk@example.com'])},
}


def load_backup(text, vault=None):
    """A backup file's data: !unsafe strings as they are, !vault values decrypted (or refused without vault)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))
    if vault is not None:
        Loader.add_constructor('!vault', lambda loader, node: vault.decrypt(loader.construct_scalar(node)).decode())
    return yaml.load(text, Loader=Loader)  # noqa: S506 - SafeLoader plus !unsafe and !vault


def encrypted(text):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
    return encrypt_password(text)


@pytest.fixture(scope='module')
def fleet():
    from move_nvr_emulator import Fleet
    with Fleet(count=len(HOSTS), cameras=2, admin_password=ADMIN_PASSWORD) as running:
        yield dict(zip(HOSTS, (Nvr(port) for port in running.ports)))


def ansible_playbook(tmp_path, playbook, inventory, *args, env=None):
    """Run a playbook file of the collection with the result_log callback; a PlaybookRun."""
    log = tmp_path / 'results.jsonl'
    if log.exists():
        log.unlink()
    environment = dict(os.environ, RESULT_LOG=str(log), ANSIBLE_CALLBACK_PLUGINS=str(HERE / 'callback_plugins'),
                       ANSIBLE_CALLBACKS_ENABLED='result_log', ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0',
                       ANSIBLE_DEPRECATION_WARNINGS='0', **(env or {}))
    command = ['ansible-playbook', '-i', str(inventory), str(ROOT / 'playbooks' / playbook)] + list(args)
    proc = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=600, check=False)
    results = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return PlaybookRun(proc.returncode, proc.stdout + proc.stderr, results)


def results_of(run, task_suffix):
    """{host: result} of the task whose name ends with task_suffix (role tasks carry the role's name)."""
    found = dict((r['host'], dict(r['result'], status=r['status'])) for r in run.results if r['task'].endswith(task_suffix))
    assert found, 'no result for %r in:\n%s' % (task_suffix, run.output[-3000:])
    return found


def zero_counters(fleet):
    for nvr in fleet.values():
        nvr.zero_counters()


@pytest.fixture(scope='module')
def configured(fleet, tmp_path_factory):
    """The fleet with the baseline applied by playbooks/site.yml (each NVR a little different)."""
    for nvr in fleet.values():
        nvr.reset()
    tmp = tmp_path_factory.mktemp('setup')
    inventory = write_inventory_dir(tmp / 'inventory', fleet, BASELINE, HOST_VARS)
    run = ansible_playbook(tmp, 'site.yml', inventory)
    assert run.rc == 0, run.output[-4000:]
    applied = results_of(run, 'Apply the NVR baseline')
    assert sorted(applied) == sorted(HOSTS)
    for host, result in applied.items():
        assert result['changed'] is True, host
        assert all(not r.get('failed') for r in result['resources'].values()), (host, result)
    return fleet


def backup(tmp_path, fleet, *args, env=None):
    """playbooks/backup.yml over an inventory with the connection only; (run, {host: backup file})."""
    inventory = write_inventory_dir(tmp_path / 'backup-inventory', fleet)
    folder = tmp_path / 'backups'
    run = ansible_playbook(tmp_path, 'backup.yml', inventory, '-e', 'move_nvr_backup_dir=%s' % folder, *args, env=env)
    return run, dict((host, folder / ('%s.yml' % host)) for host in HOSTS)


def drift_check(tmp_path, fleet, files, *args, env=None):
    """The baseline in check mode with ONLY the backup files as variables (host_vars, no group_vars)."""
    inventory = write_inventory_dir(tmp_path / 'check-inventory', fleet, host_vars=files)
    zero_counters(fleet)
    run = ansible_playbook(tmp_path, 'site.yml', inventory, '--check', '--diff', *args, env=env)
    assert run.rc == 0, run.output[-4000:]
    return results_of(run, 'Apply the NVR baseline')


def assert_no_drift(checked, fleet):
    for host, result in checked.items():
        changed = dict((name, r['requests']) for name, r in result['resources'].items() if r.get('changed'))
        assert result['changed'] is False and not changed, '%s drifts: %s\n%s' % (host, changed, result.get('diff'))
        assert sorted(result['resources']) == sorted(RESOURCE_SUBSETS), host
    for host, nvr in fleet.items():
        stats = nvr.stats()
        assert stats['write_attempts'] == 0, '%s: the check run wrote' % host
        assert stats['open_sessions'] == 0, host


# -- backup, default (secrets omitted) ------------------------------------------
def test_backup_then_baseline_check_shows_no_drift(configured, tmp_path):
    fleet = configured
    zero_counters(fleet)
    run, files = backup(tmp_path, fleet)
    assert run.rc == 0, run.output[-4000:]
    for host, nvr in fleet.items():
        assert nvr.stats()['write_attempts'] == 0, '%s: the backup wrote' % host
    written = results_of(run, 'Write the backup file')
    assert all(result['changed'] for result in written.values())

    for host, path in files.items():
        text = path.read_text()
        assert oct(path.stat().st_mode & 0o777) == '0o600'
        assert text.startswith('# Configuration of the NVR %s (http://127.0.0.1:%d, H100, firmware ' % (host, fleet[host].port))
        assert 'mobotix.move_nvr.backup' in text and ' UTC ' in text
        data = load_backup(text)
        assert list(data) == [entry.variable for entry in REGISTRY], 'every resource, in the order the baseline applies them'
        assert data['move_nvr_email']['state'] == 'replaced' and 'password' not in data['move_nvr_email']
        assert data['move_nvr_ddns']['state'] == 'replaced' and 'password' not in data['move_nvr_ddns']
        assert data['move_nvr_record_config']['state'] == 'replaced'
        assert data['move_nvr_cameras']['state'] == 'overridden'
        assert sorted(c['channel'] for c in data['move_nvr_cameras']['cameras']) == [0, 1, 2]
        assert all('password' not in item for item in data['move_nvr_cameras']['cameras'] + data['move_nvr_accounts']['accounts'])
        assert sorted(a['name'] for a in data['move_nvr_accounts']['accounts']) == ['Admin', 'guard', 'operator']
        business = [t for t in data['move_nvr_record_templates']['templates'] if t['name'] == 'Business'][0]
        # a week is written as its most frequent day (all) and the days that differ
        assert business['schedule'] == {'all': OFFICE, 'sun': ['evt_only'] * 24, 'sat': ['evt_only'] * 24}
        night = [t for t in data['move_nvr_record_templates']['templates'] if t['name'] == 'Night'][0]
        assert night['schedule'] == {'all': NIGHT}
        # no secret in any form: clear, as the NVR stores it, the login
        for secret in list(SECRETS.values()) + [ADMIN_PASSWORD, '1234']:
            assert encrypted(secret) not in text, '%s: a password (encrypted) is in the backup' % host
            if secret != '1234':
                assert secret not in text, '%s: a password is in the backup' % host
        assert MASK not in text
    assert load_backup(files['nvr-south'].read_text())['move_nvr_record_config']['retention_days'] == 60
    assert load_backup(files['nvr-west'].read_text())['move_nvr_email']['recipients'] == ['west-desk@example.com']

    assert_no_drift(drift_check(tmp_path, fleet, files), fleet)

    # The check is not blind: a change made by hand after the backup is drift, on that NVR only.
    fleet['nvr-west'].set_state({'ddns': {'hostname': 'changed-by-hand.example.net'}})
    checked = drift_check(tmp_path, fleet, files)
    assert [host for host, result in checked.items() if result['changed']] == ['nvr-west']
    assert [name for name, r in checked['nvr-west']['resources'].items() if r['changed']] == ['ddns']
    assert checked['nvr-west']['resources']['ddns']['requests'][0]['body']['hostname'] == 'west.example.net'
    assert all(nvr.stats()['write_attempts'] == 0 for nvr in fleet.values())


def test_backup_vault_keeps_passwords_encrypted_and_exact(configured, tmp_path):
    fleet = configured
    password_file = tmp_path / 'vault-pass'
    password_file.write_text(VAULT_PASSWORD + '\n')
    run, files = backup(tmp_path, fleet, '-e', 'move_nvr_backup_secrets=vault', '--vault-password-file', str(password_file))
    assert run.rc == 0, run.output[-4000:]
    for secret in list(SECRETS.values()) + [ADMIN_PASSWORD]:
        assert secret not in run.output and encrypted(secret) not in run.output

    from ansible.parsing.vault import VaultLib, VaultSecret
    vault = VaultLib([('default', VaultSecret(VAULT_PASSWORD.encode()))])
    for host, path in files.items():
        text = path.read_text()
        assert '!vault |' in text and 'Passwords: each one vault-encrypted' in text
        for secret in list(SECRETS.values()) + [ADMIN_PASSWORD]:
            assert secret not in text and encrypted(secret) not in text
        data = load_backup(text, vault)
        assert data['move_nvr_email']['state'] == 'replaced' and data['move_nvr_email']['password'] == SECRETS['smtp']
        assert data['move_nvr_ddns']['password'] == SECRETS['ddns']
        accounts = dict((a['name'], a) for a in data['move_nvr_accounts']['accounts'])
        assert 'password' not in accounts['Admin'], 'the login account password is never written'
        assert accounts['guard']['password'] == SECRETS['guard']
        cameras = dict((c['channel'], c) for c in data['move_nvr_cameras']['cameras'])
        assert cameras[0]['password'] == SECRETS['camera'] and cameras[1]['password'] == '1234'
        defaults = dict((d['type'], d) for d in data['move_nvr_default_connection']['defaults'])
        assert data['move_nvr_default_connection']['state'] == 'replaced'
        assert defaults[1] == {'type': 1, 'username': 'svc', 'password': SECRETS['camera_default']}
        assert defaults[0]['password'] == '1234'

    assert_no_drift(drift_check(tmp_path, fleet, files, '--vault-password-file', str(password_file)), fleet)

    # With the passwords in it, the file restores an NVR reset to factory (cameras connected by hand again).
    fleet['nvr-south'].reset()
    inventory = write_inventory_dir(tmp_path / 'restore-inventory', {'nvr-south': fleet['nvr-south']},
                                    host_vars={'nvr-south': files['nvr-south']})
    run = ansible_playbook(tmp_path, 'site.yml', inventory, '--vault-password-file', str(password_file))
    assert run.rc == 0, run.output[-4000:]
    assert results_of(run, 'Apply the NVR baseline')['nvr-south']['changed'] is True
    assert_no_drift(drift_check(tmp_path, fleet, files, '--vault-password-file', str(password_file)), fleet)


def test_backup_vault_without_a_vault_password_fails_before_any_request(configured, tmp_path):
    zero_counters(configured)
    run, files = backup(tmp_path, configured, '-e', 'move_nvr_backup_secrets=vault')
    assert run.rc != 0
    read = results_of(run, 'Read the configuration of the NVR')
    assert all('needs the vault password' in result['msg'] for result in read.values())
    assert not any(path.exists() for path in files.values())
    assert all(nvr.stats()['requests'] == 0 for nvr in configured.values())


def test_backup_refuses_a_setting_masked_as_a_secret(configured, tmp_path):
    """A setting that contains a password's text comes back masked; written as is, it would not be exact."""
    west = configured['nvr-west']
    username = west.state()['ddns']['username']
    west.set_state({'ddns': {'username': 'x' + SECRETS['ddns']}})
    try:
        run, files = backup(tmp_path, configured)
    finally:
        west.set_state({'ddns': {'username': username}})
    assert run.rc != 0
    checked = results_of(run, 'Check that no setting was masked')
    assert checked['nvr-west']['status'] == 'failed' and 'masked it' in checked['nvr-west']['msg']
    assert [host for host, path in files.items() if path.exists()] == ['nvr-north', 'nvr-south']
    assert MASK not in files['nvr-north'].read_text()


def test_backup_needs_a_folder(configured, tmp_path):
    inventory = write_inventory_dir(tmp_path / 'inventory', configured)
    run = ansible_playbook(tmp_path, 'backup.yml', inventory)
    assert run.rc != 0 and 'move_nvr_backup_dir' in run.output


# -- device text is data (issue 9) ----------------------------------------------
HOSTILE_HOST = 'nvr-hostile'
VARIABLES = [entry.variable for entry in REGISTRY]
INJECTED_KEY = 'x\nmove_nvr_host: evil.example.com\nansible_python_interpreter: /tmp/evil'


def hostile_state(canary):
    """Settings an NVR account (or a compromised NVR) can set, each a way to make a backup file run code."""
    from move_nvr_emulator import cipher
    run = "{{ lookup('pipe', 'touch %s') }}" % canary
    week = dict((day, [2] * 24) for day in ('Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'))
    return {
        'device': {'ap_version': 'A9\n---\nmove_nvr_host: evil.example.com', 'model': 'H100\x85# \u2028x: 1'},
        'cameras': {'ch0': {'title': run}, 'ch1': {'title': 'Lobby \U0001F600 {%% raw %%}\n\x00\x1b[2J\u202e%s' % run}},
        'email': {'account': "{{ hostvars['%s'].move_nvr_password }}" % HOSTILE_HOST,
                  # addresses the email module accepts (no white space): ${IFS} is the shell's space
                  'address': ['*alias@example.com', '&anchor:key@example.com',
                              "{{lookup('pipe','touch${IFS}%s')}}@example.com" % canary]},
        'ddns': {'hostname': 'key: value\n- item\n# comment\n...', 'username': 'yes'},
        'system_monitor': {'system_monitor_setting': {
            INJECTED_KEY: {'alarm_out': [False, False], 'send_email': True, 'threshold': 0}}},
        'record_template': {'record_template': {run: week, '&a *a': week}},
        'accounts': [{'account': 'Admin', 'password': cipher.encrypt(ADMIN_PASSWORD), 'authority': 31, 'covert': [False] * 32},
                     {'account': run, 'password': cipher.encrypt('Hostile-pw1'), 'authority': 0, 'covert': [False] * 32}],
    }


@pytest.fixture(scope='module')
def hostile(tmp_path_factory):
    """One NVR whose settings are hostile_state, its backup file, and the canary any evaluation would touch."""
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('hostile')
    canary = tmp / 'CANARY'
    with Fleet(count=1, cameras=2, admin_password=ADMIN_PASSWORD) as running:
        fleet = {HOSTILE_HOST: Nvr(running.ports[0])}
        fleet[HOSTILE_HOST].set_state(hostile_state(canary))
        inventory = write_inventory_dir(tmp / 'backup-inventory', fleet)
        run = ansible_playbook(tmp, 'backup.yml', inventory, '-e', 'move_nvr_backup_dir=%s' % (tmp / 'backups'))
        yield {'fleet': fleet, 'canary': canary, 'run': run, 'file': tmp / 'backups' / ('%s.yml' % HOSTILE_HOST),
               'device': fleet[HOSTILE_HOST].state()}


def test_hostile_device_text_is_written_as_data(hostile, tmp_path):
    assert hostile['run'].rc == 0, hostile['run'].output[-4000:]
    text = hostile['file'].read_text(encoding='utf-8')
    assert oct(hostile['file'].stat().st_mode & 0o777) == '0o600'
    head, dummy, body = text.partition('\n---\n')
    assert all(line.startswith('# ') for line in head.splitlines()), head
    assert not any(char in text for char in '\x00\x1b\x85\u2028\u202e'), 'no raw control or invisible character'
    assert "!unsafe '{{ lookup(''pipe'', ''touch " in body
    assert "system_monitor 'x\\nmove_nvr_host: evil.example.com" in head, 'the left-out monitor is named, escaped'

    from ansible.parsing.dataloader import DataLoader
    from ansible.template import is_trusted_as_template
    path = tmp_path / 'host_vars.yml'
    path.write_text(text, encoding='utf-8')
    data = DataLoader().load_from_file(str(path), cache='none', unsafe=True, trusted_as_template=True)
    assert list(data) == VARIABLES, 'no key from the NVR became a variable'
    device = hostile['device']
    titles = [camera['title'] for camera in data['move_nvr_cameras']['cameras']]
    assert titles == [device['cameras']['ch0']['title'], device['cameras']['ch1']['title']]
    assert not any(is_trusted_as_template(title) for title in titles)
    assert data['move_nvr_email']['recipients'] == device['email']['address']
    assert data['move_nvr_ddns']['username'] == 'yes' and data['move_nvr_ddns']['hostname'] == device['ddns']['hostname']
    assert sorted(data['move_nvr_system_monitor']) == ['cpu_fan', 'cpu_temperature', 'disk_failed', 'disk_full', 'disk_slow', 'state']
    assert not hostile['canary'].exists()


def test_hostile_device_text_round_trips_without_drift_and_runs_nothing(hostile, tmp_path):
    assert hostile['run'].rc == 0, hostile['run'].output[-4000:]
    fleet = hostile['fleet']
    files = {HOSTILE_HOST: hostile['file']}
    assert_no_drift(drift_check(tmp_path, fleet, files), fleet)
    assert not hostile['canary'].exists(), 'site.yml --check evaluated device text'

    report = tmp_path / 'report'
    inventory = write_inventory_dir(tmp_path / 'drift-inventory', fleet, host_vars=files)
    run = ansible_playbook(tmp_path, 'drift.yml', inventory, '-e', 'move_nvr_report_dir=%s' % report)
    assert run.rc == 0, run.output[-4000:]
    drift = json.loads((report / 'drift.json').read_text())
    assert drift['status'] == 'in_sync', drift['nvrs'][HOSTILE_HOST]
    assert not hostile['canary'].exists(), 'drift.yml evaluated device text'
    assert ADMIN_PASSWORD not in run.output and ADMIN_PASSWORD not in (report / 'drift.json').read_text()
    assert fleet[HOSTILE_HOST].stats()['write_attempts'] == 0


def test_control_the_canary_catches_an_evaluation(hostile, tmp_path):
    """The two tests above can fail: the same file without its !unsafe tags makes site.yml --check run the payload."""
    untagged = tmp_path / 'untagged.yml'
    untagged.write_text(hostile['file'].read_text(encoding='utf-8').replace('!unsafe ', ''), encoding='utf-8')
    inventory = write_inventory_dir(tmp_path / 'inventory', hostile['fleet'], host_vars={HOSTILE_HOST: untagged})
    try:
        ansible_playbook(tmp_path, 'site.yml', inventory, '--check')
        assert hostile['canary'].exists()
    finally:
        if hostile['canary'].exists():
            hostile['canary'].unlink()


def test_backup_refuses_a_host_name_that_is_no_file_name(configured, tmp_path):
    nvr = configured['nvr-north']
    inventory = write_inventory_dir(tmp_path / 'inventory', {'../x': nvr, '../../y': nvr, 'nvr-ok': nvr})
    folder = tmp_path / 'deep' / 'backups'
    folder.mkdir(parents=True)
    outside = tmp_path / 'outside.yml'
    outside.write_text('kept\n')
    (folder / 'nvr-ok.yml').symlink_to(outside)
    run = ansible_playbook(tmp_path, 'backup.yml', inventory, '-e', 'move_nvr_backup_dir=%s' % folder)
    assert run.rc != 0
    built = results_of(run, 'Build the backup file')
    for host in ('../x', '../../y'):
        assert built[host]['status'] == 'failed'
        assert "the inventory host name '%s' cannot be the name of its backup file" % host in built[host]['msg']
        assert '\n' not in built[host]['msg']
    assert built['nvr-ok']['status'] == 'ok'
    assert sorted(p.name for p in folder.iterdir()) == ['nvr-ok.yml']
    assert not (tmp_path / 'deep' / 'x.yml').exists() and not (tmp_path / 'y.yml').exists()
    assert not (folder / 'nvr-ok.yml').is_symlink() and outside.read_text() == 'kept\n', 'a link there is replaced, not followed'


# -- nvr_info ---------------------------------------------------------------------
def info_task(name, **params):
    return {'name': name, 'mobotix.move_nvr.nvr_info': params, 'ignore_errors': True}


def test_nvr_info_every_subset_masked_as_the_info_modules(configured, tmp_path):
    nvr = configured['nvr-north']
    as_module = {'move_nvr_execution': 'module'}
    tasks = [info_task('all')] + [{'name': name, 'mobotix.move_nvr.%s_info' % name: {}} for name in RESOURCE_SUBSETS]
    tasks += [info_task('omit', gather_subset=['config', 'users', 'cameras', 'default_connection'], secrets='omit'),
              info_task('some', gather_subset=['!all', 'version']), info_task('but', gather_subset=['!storage', '!config']),
              info_task('controller', gather_subset=['!time', '!storage']),
              dict(info_task('module', gather_subset=['!time', '!storage']), vars=as_module),
              dict(info_task('vault as module', secrets='vault'), vars=as_module)]
    run = run_playbook(tmp_path, tasks, nvr=nvr, verbosity=3)
    assert run.rc == 0, run.output[-3000:]
    facts = run.task('all')['nvr']
    assert sorted(facts) == sorted(DEVICE_SUBSETS + RESOURCE_SUBSETS)
    for name in RESOURCE_SUBSETS:
        assert facts[name] == run.task(name)['config'], '%s differs from %s_info' % (name, name)
    assert facts['version']['model'] == 'H100' and facts['version']['channels'] == 32
    assert facts['network']['interfaces'][0]['ip'] == '127.0.0.1'
    assert facts['storage']['groups'][0]['disks'][0]['mount_path'] == '/ext_000'
    assert facts['time']['local_time'] > 0 and facts['time']['local_time_utc'].endswith('Z')
    assert dict((u['name'], u['permissions']) for u in facts['users'])['operator'] == ['playback', 'ptz']
    assert [c['channel'] for c in facts['cameras']] == [0, 1, 2]
    for secret_holder in (facts['users'], facts['cameras'], facts['default_connection']['defaults'],
                          [facts['email'], facts['ddns']], facts['account']['accounts'], facts['camera']['cameras']):
        # passwords are left out (never a placeholder that could be fed back to a config module)
        assert all('password' not in item for item in secret_holder), secret_holder
    for secret in list(SECRETS.values()) + [ADMIN_PASSWORD]:
        assert secret not in run.output and encrypted(secret) not in run.output
    assert encrypted('1234') not in run.output

    omitted = run.task('omit')['nvr']
    assert 'password' not in json.dumps(omitted)
    assert omitted['email'] == dict((k, v) for k, v in facts['email'].items() if k != 'password')
    assert list(run.task('some')['nvr']) == ['version']
    assert sorted(run.task('but')['nvr']) == sorted(set(DEVICE_SUBSETS) - {'storage'})
    assert run.task('module')['nvr'] == run.task('controller')['nvr'], 'both execution paths give the same result'
    assert run.task('vault as module')['status'] == 'failed' and 'secrets=vault' in run.task('vault as module')['msg']
    assert nvr.stats()['open_sessions'] == 0


def test_nvr_info_refuses_unknown_subsets_before_any_request(configured, tmp_path):
    nvr = configured['nvr-north']
    nvr.zero_counters()
    tasks = [info_task('unknown', gather_subset=['version', 'firmware', '!disks']),
             dict(info_task('unknown as module', gather_subset=['cameraz']), vars={'move_nvr_execution': 'module'}),
             info_task('vault without a vault password', secrets='vault')]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    for result in (run.task('unknown'), run.task('unknown as module')):
        assert result['status'] == 'failed'
        assert result['msg'].startswith('gather_subset: unknown subset ')
        for allowed in ('all', 'config', 'device') + DEVICE_SUBSETS + RESOURCE_SUBSETS:
            assert allowed in result['msg']
    assert "'firmware', '!disks'" in run.task('unknown')['msg']
    assert 'needs the vault password' in run.task('vault without a vault password')['msg']
    assert nvr.stats()['requests'] == 0
