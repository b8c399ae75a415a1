# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet workflow on NVRs of the other readings of the manual (docs/emulator.md, "Dialects").

One story per dialect other than strict (which test_backup.py and test_drift_report.py
tell): two NVRs of that dialect, two cameras each connected by hand, get the baseline
with playbooks/site.yml; playbooks/backup.yml writes each one's configuration (passwords
vaulted); then both are changed by hand. The drift report with the backup files as the
only variables names exactly the changed resources, with no write. One NVR is then reset
to factory; the baseline from the backup files restores both, and the drift report finds
every NVR in sync, again without a write.

Then the device's own refusals, on every dialect: what only the NVR can refuse comes
back in one line naming the field with nothing written, whether the NVR says so with
HTTP 200 and a code (strict, manual) or with HTTP 400 (lenient); the retention range
checked before any request is the NVR's own; a disk threshold the manual calls unused
is never written.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

from harness import ADMIN_PASSWORD, HERE, Nvr, run_playbook, write_inventory_dir

ROOT = HERE.parent.parent
HOSTS = ('nvr-a', 'nvr-b')
VAULT_PASSWORD = 'dialect-vault-pw'
SECRETS = {'smtp': 'Dia1ect-Smtp-pw', 'ddns': 'Dia1ect-Ddns-pw', 'operator': 'Dia1ectOper8', 'camera': 'Dia1ect-Cam-pw'}
OFFICE = ['evt_only'] * 8 + ['record'] * 10 + ['evt_only'] * 6
BASELINE = {
    'move_nvr_email': {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True,
                       'account': 'nvr-alarms@example.com', 'password': SECRETS['smtp'], 'recipients': ['soc@example.com']},
    'move_nvr_ddns': {'enabled': True, 'server': 'NoIP', 'hostname': 'site.example.net', 'username': 'fleet',
                      'password': SECRETS['ddns'], 'port': 8245},
    'move_nvr_system_monitor': {'cpu_temperature': {'threshold': 72, 'alarm_out': [1]},
                                'disk_full': {'send_email': False, 'alarm_out': [0, 1]}},
    'move_nvr_record_config': {'retention_days': 21, 'circular': False, 'pre_alarm': {'enabled': True, 'seconds': 5},
                               'post_alarm': {'seconds': 40}},
    'move_nvr_cameras': {'cameras': [{'channel': 0, 'ip': '192.0.2.20', 'title': 'Entrance', 'password': SECRETS['camera']},
                                     {'channel': 2, 'ip': '192.0.2.60', 'title': 'Yard', 'protocol': 'RTP+UDP'}]},
    'move_nvr_accounts': {'accounts': [{'name': 'operator', 'password': SECRETS['operator'], 'permissions': ['ptz'],
                                        'covert_channels': [2]}]},
    'move_nvr_record_templates': {'templates': [{'name': 'Business', 'schedule': {'all': OFFICE}}],
                                  'channels': [{'channel': 0, 'template': 'Business'}]},
    'move_nvr_event_action': {'cameras': [{'channel': 2, 'motion': {'enabled': True, 'send_email': True, 'alarm_out': [1]}}],
                              'alarm_inputs': [{'input': 1, 'enabled': True, 'channels': [0, 2]}]},
}


def playbook(tmp_path, name, inventory, *args):
    """ansible-playbook on a playbook of the collection; (rc, output)."""
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_DEPRECATION_WARNINGS='0')
    command = ['ansible-playbook', '-i', str(inventory), str(ROOT / 'playbooks' / name),
               '--vault-password-file', str(tmp_path / 'vault-pass')] + list(args)
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def drift_report(tmp_path, name, nvrs, files):
    """playbooks/drift.yml with ONLY the backup files as variables; the drift.json report."""
    for nvr in nvrs.values():
        nvr.zero_counters()
    inventory = write_inventory_dir(tmp_path / name, nvrs, host_vars=files)
    rc, output = playbook(tmp_path, 'drift.yml', inventory, '-e', json.dumps({'move_nvr_report_dir': str(tmp_path / name / 'report')}))
    assert rc == 0, output[-4000:]
    for host, nvr in nvrs.items():
        stats = nvr.stats()
        assert stats['write_attempts'] == 0 and stats['open_sessions'] == 0, (host, stats)
    return json.loads((tmp_path / name / 'report' / 'drift.json').read_text())


def drifted(report):
    return dict((host, sorted(name for name, resource in nvr['resources'].items() if resource['status'] == 'drifted'))
                for host, nvr in report['nvrs'].items())


@pytest.fixture(scope='module', params=['manual', 'lenient'])
def story(request, tmp_path_factory):
    """The whole story on two NVRs of one dialect; each step's outcome for the tests below."""
    from move_nvr_emulator import Fleet
    dialect = request.param
    tmp = tmp_path_factory.mktemp('dialect-%s' % dialect)
    (tmp / 'vault-pass').write_text(VAULT_PASSWORD + '\n')
    with Fleet(count=len(HOSTS), cameras=2, admin_password=ADMIN_PASSWORD, dialect=dialect) as running:
        nvrs = dict(zip(HOSTS, (Nvr(port) for port in running.ports)))
        outcome = {'dialect': dialect, 'nvrs': nvrs}
        rc, output = playbook(tmp, 'site.yml', write_inventory_dir(tmp / 'setup', nvrs, BASELINE))
        assert rc == 0, output[-4000:]
        outcome['configured'] = dict((host, nvr.state()) for host, nvr in nvrs.items())

        folder = tmp / 'backups'
        rc, output = playbook(tmp, 'backup.yml', write_inventory_dir(tmp / 'backup', nvrs), '-e',
                              json.dumps({'move_nvr_backup_dir': str(folder), 'move_nvr_backup_secrets': 'vault'}))
        assert rc == 0, output[-4000:]
        files = dict((host, folder / ('%s.yml' % host)) for host in HOSTS)
        outcome['files'] = dict((host, path.read_text()) for host, path in files.items())

        accounts = [a for a in nvrs['nvr-a'].state()['accounts'] if a['account'] != 'operator']
        nvrs['nvr-a'].set_state({'ddns': {'hostname': 'by-hand.example.net'}, 'accounts': accounts})
        nvrs['nvr-b'].set_state({'record_config': {'data_life_time': {'cur': 9}}})
        outcome['drift'] = drift_report(tmp, 'drift', nvrs, files)

        nvrs['nvr-a'].reset()
        rc, output = playbook(tmp, 'site.yml', write_inventory_dir(tmp / 'restore', nvrs, host_vars=files))
        assert rc == 0, output[-4000:]
        outcome['restored'] = dict((host, nvr.state()) for host, nvr in nvrs.items())
        outcome['after'] = drift_report(tmp, 'after', nvrs, files)
        yield outcome


def test_the_baseline_applies(story):
    """What the baseline says is on each NVR, as the dialect stores it."""
    for host, state in story['configured'].items():
        assert state['ddns']['port'] == 8245 and state['ddns']['enabled'] is True, host
        assert state['record_config']['data_life_time']['cur'] == 21, host
        assert sorted(state['cameras']) == ['ch0', 'ch1', 'ch2'], host
        assert state['cameras']['ch2']['protocol'] == 'RTP+UDP', host
        operator = [a for a in state['accounts'] if a['account'] == 'operator'][0]
        assert operator['authority'] == 8 | 4 and operator['covert'][:3] == [False, False, True], host
        monitors = state['system_monitor']['system_monitor_setting']
        assert monitors['cpu_temperature']['threshold'] == 72 and monitors['disk_full']['alarm_out'] == [True, True]
        if story['dialect'] == 'manual':
            # the manual's factory values the baseline does not set are as they were, the unused thresholds too
            assert [monitors[m]['threshold'] for m in ('disk_failed', 'disk_full', 'disk_slow')] == [1, 95, 30], host
            assert [a['account'] for a in state['accounts']] == ['Admin', 'Guest', 'operator'], host


def test_the_backup_holds_the_nvr_as_it_is(story):
    for host, text in story['files'].items():
        assert '!vault |' in text, host
        for secret in SECRETS.values():
            assert secret not in text, host
        data = yaml.safe_load(text.replace('!unsafe', '').replace('!vault', ''))
        assert data['move_nvr_record_config']['retention_days'] == 21
        names = [a['name'] for a in data['move_nvr_accounts']['accounts']]
        assert names == (['Admin', 'Guest', 'operator'] if story['dialect'] == 'manual' else ['Admin', 'operator'])


def test_the_drift_report_names_exactly_the_changes_by_hand(story):
    report = story['drift']
    assert report['status'] == 'drifted'
    assert drifted(report) == {'nvr-a': ['account', 'ddns'], 'nvr-b': ['record_config']}
    change = report['nvrs']['nvr-b']['resources']['record_config']
    assert '-retention_days: 9' in change['diff'] and '+retention_days: 21' in change['diff']


def test_the_backup_restores_both_nvrs_and_then_nothing_drifts(story):
    report = story['after']
    assert report['status'] == 'in_sync', drifted(report)
    assert report['summary']['in_sync'] == len(HOSTS) and report['summary']['resources_drifted'] == 0
    for host in HOSTS:
        restored, configured = story['restored'][host], story['configured'][host]
        for section in ('email', 'ddns', 'system_monitor', 'record_config', 'event_action', 'record_template', 'cameras'):
            assert restored[section] == configured[section], (host, section)
        assert [(a['account'], a['authority'], a['covert']) for a in restored['accounts']] == [
            (a['account'], a['authority'], a['covert']) for a in configured['accounts']], host


# -- what only the device can refuse, on every dialect ----------------------------------
REFUSALS = [
    # (task name, module, options)
    ('type the NVR does not support', 'camera', {'cameras': [{'channel': 5, 'ip': '192.0.2.5', 'type': 7}]}),
    # the manual gives no length for a title; the emulator takes 64 characters: only the device knows
    ('a title longer than the NVR takes', 'camera', {'cameras': [{'channel': 6, 'ip': '192.0.2.6', 'title': 'T' * 65}]}),
    ('retention beyond the NVR range', 'record_config', {'retention_days': 200}),
    ('an unused threshold', 'system_monitor', {'disk_failed': {'threshold': 3, 'send_email': False}}),
]


@pytest.mark.parametrize('dialect', ('strict', 'manual', 'lenient'), indirect=True)
def test_refusals_are_one_line_naming_the_field_and_write_nothing(tmp_path, nvr, dialect):
    tasks = [{'name': name, 'mobotix.move_nvr.%s' % module: options, 'ignore_errors': True} for name, module, options in REFUSALS]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]

    # a type the NVR reports it does not support (support_cam) is refused before the request
    unsupported = run.task('type the NVR does not support')
    assert unsupported['status'] == 'failed' and unsupported['changed'] is False
    assert unsupported['msg'] == 'cameras[5].type: device type 7 is not supported by this NVR; allowed: 0, 1, 3, 12 (support_cam)'

    device = run.task('a title longer than the NVR takes')
    assert device['status'] == 'failed' and device['changed'] is False
    # the NVR's own refusal: HTTP 200 and a code, or HTTP 400 on an NVR that reads the manual's status table so
    status = 'failed with HTTP 400' if dialect == 'lenient' else 'refused POST /camera/camera_connection'
    assert status in device['msg'] and 'list[0].title' in device['msg'] and '\n' not in device['msg'], device['msg']

    retention = run.task('retention beyond the NVR range')
    low, high = (0, 60) if dialect == 'manual' else (1, 90)
    assert retention['status'] == 'failed'
    assert retention['msg'] == 'retention_days: 200 is outside the range this NVR accepts; allowed: %d-%d' % (low, high)

    unused = run.task('an unused threshold')
    assert unused['status'] == 'ok' and unused['changed'] is True
    assert any('disk_failed.threshold: the NVR does not use this value' in w for w in unused['warnings']), unused
    held = nvr.state()['system_monitor']['system_monitor_setting']['disk_failed']
    assert held['threshold'] == (1 if dialect == 'manual' else 0) and held['send_email'] is False

    # the camera request went once (twice on the manual's NVR, which refuses protocol as a name first, then the
    # title: docs/api-decisions.md, "Camera protocol"); the unsupported type never
    stats = nvr.stats()
    assert stats['writes'] == 1 and stats['write_attempts'] == (3 if dialect == 'manual' else 2), stats['by_endpoint']
    assert 'ch5' not in nvr.state()['cameras'] and 'ch6' not in nvr.state()['cameras']
