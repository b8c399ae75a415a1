# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup file of one NVR (plugin_utils/backup_file.py) and the filter backup_yaml.

From what nvr_info returns to the text: which variables, which state, what
is left out (the login account's password, keys that are no option), what
is refused (host names that are no file name, passwords in clear, keys the
module does not know), and that the result read as host_vars is the data.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible.errors import AnsibleFilterError
from ansible.parsing.dataloader import DataLoader
from ansible.parsing.vault import VaultLib, VaultSecret
from ansible.template import is_trusted_as_template

from ansible_collections.mobotix.move_nvr.plugins.filter.backup_yaml import FilterModule, backup_yaml
from ansible_collections.mobotix.move_nvr.plugins.module_utils.registry import REGISTRY
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.backup_file import BackupRefused, file_name, render

EVT, REC = 'evt_only', 'record'
OFFICE = [EVT] * 8 + [REC] * 10 + [EVT] * 6
PAYLOAD = "{{ lookup('pipe','touch CANARY') }}"
FLAGS = {'send_email': False, 'snapshot': False, 'snapshot_size': 'CIF', 'alarm_out': []}
# nvr_info's `nvr` (gather_subset version + config, secrets=omit), as an emulated NVR returns it.
NVR = {
    'version': {'model': 'H100', 'firmware_version': 'A99999999999', 'channels': 32},
    'camera': {'cameras': [{'channel': 0, 'ip': '192.0.2.10', 'http_port': 80, 'rtsp_port': 554, 'protocol': 'RTP+RTSP',
                            'username': 'Admin', 'model': 'R3V6-L', 'title': PAYLOAD, 'type': 1, 'mac': '00:D0:89:10:00:00'}]},
    'account': {'accounts': [{'name': 'Admin', 'permissions': ['device', 'setup'], 'covert_channels': []},
                             {'name': 'guard', 'permissions': [], 'covert_channels': [2, 5]}]},
    'record_template': {'templates': [{'name': 'Business', 'schedule': dict(sun=[EVT] * 24, mon=OFFICE, tue=OFFICE, wed=OFFICE,
                                                                            thu=OFFICE, fri=OFFICE, sat=[EVT] * 24)},
                                      {'name': 'Odd', 'schedule': dict((d, [REC] * i + [EVT] * (24 - i)) for i, d in
                                                                       enumerate(('sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat')))}],
                        'channels': [{'channel': 0, 'template': 'Business'}]},
    'event_action': {'default': dict(FLAGS, enabled=False), 'cameras': [{'channel': 0, 'motion': dict(FLAGS, enabled=True),
                                                                         'video_loss': dict(FLAGS, enabled=False)}],
                     'alarm_inputs': [dict(FLAGS, input=0, enabled=False, channels=[0])]},
    'email': {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True, 'account': 'a@example.com',
              'recipients': ['soc@example.com']},
    'ddns': {'enabled': False, 'server': 'DynDNS', 'hostname': '', 'username': 'yes', 'port': 80},
    'system_monitor': {'cpu_fan': {'threshold': 200, 'send_email': True, 'alarm_out': []},
                       'disk_full': {'threshold': 0, 'send_email': True, 'alarm_out': [0]}},
    'record_config': {'retention_days': 30, 'circular': True, 'pre_alarm': {'enabled': True, 'seconds': 0},
                      'post_alarm': {'enabled': True, 'seconds': 15}, 'edge_archiver_interval': 15},
    'default_connection': {'auto_add': False, 'auto_refresh': True, 'auto_refresh_time': 300,
                           'defaults': [{'type': 0, 'username': 'Admin'}, {'type': 1, 'username': 'root'}]},
}
# The variables in the order of the file: the registry's (the order the baseline applies them).
VARIABLES = [entry.variable for entry in REGISTRY]
SECRET = [('default', VaultSecret(b'unit-vault-pw'))]


def nvr(**changes):
    data = copy.deepcopy(NVR)
    for name, value in changes.items():
        data[name] = value
    return data


def as_host_vars(tmp_path, text):
    path = tmp_path / 'host.yml'
    path.write_text(text, encoding='utf-8')
    return DataLoader().load_from_file(str(path), cache='none', unsafe=True, trusted_as_template=True)


def vault(text):
    return VaultLib(SECRET).encrypt(text).decode()


def test_the_variables_and_their_states(tmp_path):
    text = render(nvr(), 'nvr-a', 'Admin', url='https://192.0.2.1', read_at='2026-05-10 09:14:02')
    assert text.startswith('# Configuration of the NVR nvr-a (https://192.0.2.1, H100, firmware A99999999999),\n'
                           '# read 2026-05-10 09:14:02 UTC by the role mobotix.move_nvr.backup.\n')
    data = as_host_vars(tmp_path, text)
    assert list(data) == VARIABLES
    assert dict((name, data[name]['state']) for name in VARIABLES) == {
        'move_nvr_email': 'replaced', 'move_nvr_ddns': 'replaced', 'move_nvr_system_monitor': 'replaced',
        'move_nvr_event_action': 'replaced', 'move_nvr_record_templates': 'overridden', 'move_nvr_record_config': 'replaced',
        'move_nvr_accounts': 'overridden', 'move_nvr_cameras': 'overridden', 'move_nvr_default_connection': 'replaced'}
    for name, resource in ((entry.variable, entry.name) for entry in REGISTRY):
        if resource != 'record_template':
            assert dict((k, v) for k, v in data[name].items() if k != 'state') == NVR[resource], name
    assert data['move_nvr_ddns']['username'] == 'yes' and data['move_nvr_ddns']['hostname'] == ''
    assert data['move_nvr_cameras']['cameras'][0]['title'] == PAYLOAD
    assert not is_trusted_as_template(data['move_nvr_cameras']['cameras'][0]['title'])
    assert '# User accounts (mobotix.move_nvr.account)\nmove_nvr_accounts:\n' in text


def test_a_week_is_its_most_frequent_day_and_the_days_that_differ(tmp_path):
    data = as_host_vars(tmp_path, render(nvr(), 'nvr-a', 'Admin'))
    business, odd = data['move_nvr_record_templates']['templates']
    assert business == {'name': 'Business', 'schedule': {'all': OFFICE, 'sun': [EVT] * 24, 'sat': [EVT] * 24}}
    assert odd == NVR['record_template']['templates'][1], 'seven different days stay seven days'
    assert data['move_nvr_record_templates']['channels'] == NVR['record_template']['channels']


def test_vault_mode_writes_each_password_as_vault_except_the_login_accounts(tmp_path):
    read = nvr()
    read['email']['password'] = vault('Smtp-pw1')
    read['ddns']['password'] = ''
    read['account']['accounts'][0]['password'] = vault('Adm1n-pw')
    read['account']['accounts'][1]['password'] = vault('Gu4rd-pw')
    read['camera']['cameras'][0]['password'] = vault('Cam-pw')
    text = render(read, 'nvr-a', 'admin', secrets='vault')
    assert text.count('!vault |') == 3 and 'Passwords: each one vault-encrypted' in text and 'except that of admin,' in text
    data = as_host_vars(tmp_path, text)
    assert data['move_nvr_email']['state'] == 'replaced' and data['move_nvr_ddns']['state'] == 'replaced'
    assert data['move_nvr_ddns']['password'] == ''
    accounts = data['move_nvr_accounts']['accounts']
    assert 'password' not in accounts[0], 'the login account (names compared without case) keeps its password out'
    assert 'password: !vault |' in text.split('- name: !unsafe \'guard\'')[1]


@pytest.mark.parametrize('secrets, where, value', [
    ('omit', 'email', 'in-clear'),
    ('vault', 'email', 'in-clear'),
    ('vault', 'camera', '$ANSIBLE_VAULT;1.1;AES256\nnot hex\n'),
    ('omit', 'camera', vault('x')),
])
def test_a_password_that_is_not_vault_text_refuses_the_backup(secrets, where, value):
    read = nvr()
    target = read['email'] if where == 'email' else read['camera']['cameras'][0]
    target['password'] = value
    with pytest.raises(BackupRefused) as refused:
        render(read, 'nvr-a', 'Admin', secrets=secrets)
    assert 'a password is written vault-encrypted or not at all' in str(refused.value)
    assert value not in str(refused.value)


def test_a_vault_looking_string_elsewhere_is_text(tmp_path):
    read = nvr()
    read['camera']['cameras'][0]['title'] = vault('x')
    data = as_host_vars(tmp_path, render(read, 'nvr-a', 'Admin', secrets='vault'))
    assert data['move_nvr_cameras']['cameras'][0]['title'] == read['camera']['cameras'][0]['title']


def test_a_monitor_the_baseline_does_not_know_is_left_out_and_named(tmp_path):
    monitors = dict(NVR['system_monitor'])
    hostile = 'x\nmove_nvr_host: evil.example.com\nansible_python_interpreter: /tmp/evil'
    monitors.update({'disk_hot': {'threshold': 0, 'send_email': True, 'alarm_out': []}, hostile: dict(monitors['cpu_fan'])})
    text = render(nvr(system_monitor=monitors), 'nvr-a', 'Admin')
    data = as_host_vars(tmp_path, text)
    assert list(data) == VARIABLES
    assert sorted(data['move_nvr_system_monitor']) == ['cpu_fan', 'disk_full', 'state']
    left_out = [line for line in text.splitlines() if line.startswith('# Left out')]
    assert left_out == ["# Left out, not options of the baseline (the NVR keeps them as they are): system_monitor 'disk_hot', "
                        "system_monitor %s..." % ascii(hostile)[:57]]
    assert len(left_out[0]) < 200, 'a key is shown escaped and cut short'


@pytest.mark.parametrize('resource, change', [
    ('email', lambda r: r.update({'x\nmove_nvr_host: evil': 1})),
    ('camera', lambda r: r['cameras'][0].update({'ansible_python_interpreter': '/tmp/evil'})),
    ('record_template', lambda r: r['templates'][0]['schedule'].update({'holiday': [EVT] * 24})),
    ('event_action', lambda r: r['cameras'][0]['motion'].update({'state': 'x'})),
])
def test_an_unknown_key_anywhere_else_refuses_the_backup(resource, change):
    read = nvr()
    change(read[resource])
    with pytest.raises(BackupRefused, match='which is not an option of mobotix.move_nvr.%s' % resource) as refused:
        render(read, 'nvr-a', 'Admin')
    assert '\n' not in str(refused.value)


def test_the_header_stays_comments(tmp_path):
    read = nvr(version={'model': 'H100\n---\nmove_nvr_host: evil', 'firmware_version': u'1\u2028move_nvr_port: 1\x00'})
    text = render(read, 'nvr-a', 'Admin\nmove_nvr_x: 1', url='http://x\n---\ny: 1', secrets='vault')
    head = text.partition('\n---\n')[0].splitlines()
    assert all(line.startswith('# ') for line in head)
    assert list(as_host_vars(tmp_path, text)) == VARIABLES


@pytest.mark.parametrize('host', ['nvr-a', 'NVR_01.example.com', u'caf\u00e9', 'a..b', 'a b'])
def test_a_plain_host_name_is_the_file_name(host):
    assert file_name(host) == host + '.yml'


@pytest.mark.parametrize('host, why', [
    ('', 'is empty'), ('.', 'starts with a dot'), ('..', 'starts with a dot'), ('.hidden', 'starts with a dot'),
    ('../x', 'starts with a dot'), ('../../x', 'starts with a dot'), ('a/../../x', 'contains /'), ('/etc/x', 'contains /'),
    ('a\\b', 'contains /'), ('a\x00b', 'contains /'), ('a\nb', 'control'), (u'a\u202eb', 'invisible'), ('x' * 260, 'longer'),
])
def test_a_host_name_that_is_no_plain_file_name_is_refused(host, why):
    with pytest.raises(BackupRefused) as refused:
        file_name(host)
    message = str(refused.value)
    assert why in message and message.startswith('the inventory host name ')
    assert message.isprintable() and ascii(host)[:20] in message


def test_the_filter_returns_unsafe_text_and_a_file_name():
    assert FilterModule().filters()['backup_yaml'] is backup_yaml
    result = backup_yaml(nvr(), 'nvr-a', 'Admin', read_at='2026-05-10 09:14:02')
    assert result['file_name'] == 'nvr-a.yml'
    assert result['content'] == render(nvr(), 'nvr-a', 'Admin', read_at='2026-05-10 09:14:02')
    assert not is_trusted_as_template(result['content'])


@pytest.mark.parametrize('host, read, match', [
    ('../x', NVR, "host name '../x'"),
    ('nvr-a', nvr(email=None), 'returned no email'),
    ('nvr-a', 'text', 'expected the `nvr`'),
])
def test_the_filter_fails_in_one_line(host, read, match):
    with pytest.raises(AnsibleFilterError, match=match) as failed:
        backup_yaml(read, host, 'Admin')
    assert str(failed.value).startswith('backup_yaml: ') and '\n' not in str(failed.value)


def test_the_filter_takes_only_known_secrets_modes():
    with pytest.raises(AnsibleFilterError, match='secrets must be one of omit, vault'):
        backup_yaml(nvr(), 'nvr-a', 'Admin', secrets='mask')
