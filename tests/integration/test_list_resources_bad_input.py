# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input to account, camera, record_template and event_action fails before any write.

Every check the modules document, one task each, all tasks of a module in one
playbook (ignore_errors): each fails with a one-line message naming the
option and what is allowed, and the NVR sees no write attempt at all and
keeps its state. The protections that warn instead of failing (Default,
Admin and the login account are never removed) or that need an explicit
option (allow_disconnect_all) are here too.
"""

from __future__ import annotations

import pytest

from harness import run_playbook
from test_list_resources import connect_cameras

GOOD = 'G00d-pass'
INSTALLER_PASSWORD = 'Inst4ll-pass'
AS_INSTALLER = {'nvr_username': 'installer', 'nvr_password': INSTALLER_PASSWORD}
DAY = ['record'] * 24


def installer_account(nvr):
    """Besides Admin, the account installer (Setup and Live), which some tasks log in with."""
    from move_nvr_emulator import encrypt
    installer = {'account': 'installer', 'password': encrypt(INSTALLER_PASSWORD), 'authority': 16 | 8, 'covert': [False] * 32}
    nvr.set_state({'accounts': nvr.state()['accounts'] + [installer]})


def night_on_channel_1(nvr):
    """Cameras on channels 0 and 1; channel 1 records by the template Night."""
    connect_cameras(nvr, [0, 1])
    nvr.set_state({'record_template': {'record_template': {'Night': dict((day, [1] * 24) for day in (
        'Fri', 'Mon', 'Sat', 'Sun', 'Thu', 'Tue', 'Wed'))}, 'channel_setting': {'ch1': {'template_name': 'Night'}}}})


# module: (set-up, [(task name, options, words the failure message must hold)])
BAD_INPUT = {
    'account': (installer_account, [
        ('seven accounts', {'accounts': [{'name': 'user_%d' % i, 'password': GOOD} for i in range(6)]},
         ['accounts: 7 accounts besides the administrator Admin', 'at most 6 besides the administrator']),
        ('six accounts', {'accounts': [{'name': 'user_%d' % i, 'password': GOOD} for i in range(5)] + [{'name': 'Admin'}]},
         None),  # the limit itself: passes (in check mode)
        ('name starts with _', {'accounts': [{'name': '_hidden', 'password': GOOD}]},
         ['accounts[_hidden].name', "'_hidden' is not allowed", '2 to 32 characters of A-Z a-z 0-9 _']),
        ('name with a dash', {'accounts': [{'name': 'night-shift', 'password': GOOD}]}, ['accounts[night-shift].name']),
        ('name of one character', {'accounts': [{'name': 'x', 'password': GOOD}]}, ['accounts[x].name']),
        ('name like Admin', {'accounts': [{'name': 'admin', 'password': GOOD}]},
         ['accounts[admin].name', "already has the account 'Admin'"]),
        ('name twice', {'accounts': [{'name': 'guard', 'password': GOOD}, {'name': 'guard'}]}, ['accounts', "'guard' is listed twice"]),
        ('no password', {'accounts': [{'name': 'nopass'}]}, ['accounts[nopass].password', 'a new account needs a password']),
        ('short password', {'accounts': [{'name': 'shorty', 'password': 'Ab1'}]},
         ['accounts[shorty].password', 'has 3 characters', '6 to 20 characters']),
        ('long password', {'accounts': [{'name': 'longy', 'password': 'Ab1' * 7}]}, ['accounts[longy].password', 'has 21 characters']),
        ('password without a digit', {'accounts': [{'name': 'nodigit', 'password': 'abcdefgh'}]},
         ['accounts[nodigit].password', 'at least one letter and one digit']),
        ('password with a space', {'accounts': [{'name': 'spacey', 'password': 'abc 1234'}]},
         ['accounts[spacey].password', 'character that is not allowed', "!#$%&'-.@^_~"]),
        ('covert channel beyond num_ch', {'accounts': [{'name': 'guard', 'password': GOOD, 'covert_channels': [31, 32]}]},
         ['accounts[guard].covert_channels', 'channel 32 does not exist', '0-31 (num_ch 32)']),
        ('negative covert channel', {'accounts': [{'name': 'guard', 'password': GOOD, 'covert_channels': [-1]}]},
         ['accounts[guard].covert_channels', '0-31']),
        ('Admin permissions', {'accounts': [{'name': 'Admin', 'permissions': ['ptz']}]},
         ['accounts[Admin].permissions', 'cannot be changed']),
        ('Admin covert channels', {'accounts': [{'name': 'Admin', 'covert_channels': [0]}], 'state': 'merged'},
         ['accounts[Admin].covert_channels', 'cannot be changed']),
        ('login account loses setup', dict(AS_INSTALLER, accounts=[{'name': 'installer', 'permissions': ['ptz']}]),
         ['accounts[installer].permissions', 'would lose setup', 'keep setup for installer']),
        ('login account replaced without setup', dict(AS_INSTALLER, accounts=[{'name': 'installer'}], state='replaced'),
         ['accounts[installer].permissions', 'would lose setup']),
        ('unknown permission', {'accounts': [{'name': 'guard', 'password': GOOD, 'permissions': ['live']}]},
         ['permissions', 'setup, ptz, device, playback', 'live']),
        ('bad password of Admin', {'accounts': [{'name': 'Admin', 'password': 'short'}]}, ['accounts[Admin].password']),
    ]),
    'camera': (lambda nvr: connect_cameras(nvr, [0]), [
        ('channel beyond num_ch', {'cameras': [{'channel': 32, 'ip': '192.0.2.50'}]},
         ['cameras[32].channel', 'channel 32 does not exist', '0-31 (num_ch 32)']),
        ('negative channel', {'cameras': [{'channel': -1, 'ip': '192.0.2.50'}]}, ['cameras[-1].channel', '0-31']),
        ('overridden with an empty list', {'cameras': [], 'state': 'overridden'},
         ['cameras', 'would disconnect every camera', 'allow_disconnect_all=true']),
        ('overridden without cameras', {'state': 'overridden'}, ['cameras', 'allow_disconnect_all']),
        ('deleted every camera', {'cameras': [{'channel': 0}], 'state': 'deleted'}, ['cameras', 'allow_disconnect_all']),
        ('new camera without ip', {'cameras': [{'channel': 4, 'title': 'Gate', 'password': GOOD}]},
         ['cameras[4].ip', 'needs the address']),
        ('rtsp_port out of range', {'cameras': [{'channel': 4, 'ip': '192.0.2.54', 'rtsp_port': 70000}]},
         ['cameras[4].rtsp_port', '70000', '1-65535']),
        ('http_port 0 on a connected camera', {'cameras': [{'channel': 0, 'http_port': 0}]}, ['cameras[0].http_port', '1-65535']),
        ('negative type', {'cameras': [{'channel': 4, 'ip': '192.0.2.54', 'type': -1}]}, ['cameras[4].type']),
        ('channel twice', {'cameras': [{'channel': 4, 'ip': '192.0.2.54'}, {'channel': 4, 'ip': '192.0.2.55'}]},
         ['cameras', 'channel 4 is listed twice']),
    ]),
    'record_template': (night_on_channel_1, [
        ('deleting a template in use', {'templates': [{'name': 'Night'}], 'state': 'deleted'},
         ['templates', "template 'Night' would be removed but channel 1 still uses it", 'move channel 1']),
        ('overriding a template in use away', {'templates': [{'name': 'Default'}], 'state': 'overridden'},
         ['templates', "'Night'", 'channel 1']),
        ('23 hours', {'templates': [{'name': 'Short', 'schedule': {'all': ['record'] * 23}}]},
         ['templates[name=Short].schedule.sun', '23 values given', 'exactly 24']),
        ('unknown record type',
         {'templates': [{'name': 'Odd', 'schedule': {'all': DAY, 'mon': ['record'] * 3 + ['sometimes'] + ['record'] * 20}}]},
         ['templates[name=Odd].schedule.mon[3]', "'sometimes' is not a record type", 'record, no_record, evt_only']),
        ('empty template name', {'templates': [{'name': '', 'schedule': {'all': DAY}}]}, ['templates[].name', '1 to 32 characters']),
        ('template name with a space', {'templates': [{'name': 'Office hours', 'schedule': {'all': DAY}}]},
         ['templates[].name', "'Office hours'", 'A-Z a-z 0-9 _ -']),
        ('template twice', {'templates': [{'name': 'Dup', 'schedule': {'all': DAY}}, {'name': 'Dup'}]},
         ['templates', "'Dup' is listed twice"]),
        ('channel without a camera', {'channels': [{'channel': 5, 'template': 'Default'}]},
         ['channels', 'channel 5 has no camera connected', '0, 1']),
        ('unknown template', {'channels': [{'channel': 0, 'template': 'Nope'}]},
         ['channels[channel=0].template', "'Nope'", 'Default, Night']),
    ]),
    'event_action': (lambda nvr: connect_cameras(nvr, [0]), [
        ('channel without a camera', {'cameras': [{'channel': 3, 'motion': {'enabled': True}}]},
         ['cameras', 'channel 3 has no camera connected', 'allowed: 0']),
        ('alarm input the NVR lacks', {'alarm_inputs': [{'input': 4, 'enabled': True}]},
         ['alarm_inputs', 'alarm input 4 does not exist', '0-3']),
        ('alarm output on motion', {'cameras': [{'channel': 0, 'motion': {'alarm_out': [2]}}]},
         ['cameras[channel=0].motion.alarm_out', 'alarm output 2 does not exist', '0, 1']),
        ('alarm output on an alarm input', {'alarm_inputs': [{'input': 0, 'alarm_out': [0, 7]}]},
         ['alarm_inputs[input=0].alarm_out', 'alarm output 7']),
        ('alarm output of the default', {'default': {'alarm_out': [5]}}, ['default.alarm_out', 'alarm output 5', '0, 1']),
        ('snapshot size of video loss', {'cameras': [{'channel': 0, 'video_loss': {'snapshot': True, 'snapshot_size': 'HD'}}]},
         ['cameras[channel=0].video_loss.snapshot_size', "'HD'", 'CIF, D1, OriginalSize']),
        ('snapshot size of the default', {'default': {'snapshot_size': 'cif'}}, ['default.snapshot_size', 'CIF, D1, OriginalSize']),
        ('snapshot size of an alarm input', {'alarm_inputs': [{'input': 3, 'snapshot_size': '4K'}], 'state': 'replaced'},
         ['alarm_inputs[input=3].snapshot_size', "'4K'"]),
        ('alarm input channel beyond num_ch', {'alarm_inputs': [{'input': 1, 'channels': [0, 32]}]},
         ['alarm_inputs[input=1].channels', 'channel 32 does not exist', '0-31']),
        ('camera twice', {'cameras': [{'channel': 0}, {'channel': 0}]}, ['cameras', 'channel 0 is listed twice']),
    ]),
}


@pytest.mark.parametrize('module', sorted(BAD_INPUT))
def test_bad_input_fails_before_any_write(tmp_path, nvr, module):
    setup, cases = BAD_INPUT[module]
    if setup:
        setup(nvr)
    before = nvr.state()
    # a case without words must pass; it runs in check mode, so that nothing writes either way
    tasks = [{'name': name, 'mobotix.move_nvr.%s' % module: params, 'ignore_errors': True, 'check_mode': words is None}
             for name, params, words in cases]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    problems = []
    for name, params, words in cases:
        result = run.task(name)
        msg = result.get('msg', '')
        if words is None:
            if result['status'] != 'ok' or result['changed'] is not True:
                problems.append('%s: should pass, got %s %r' % (name, result['status'], msg))
            continue
        if result['status'] != 'failed':
            problems.append('%s: did not fail' % name)
        missing = [word for word in words if word not in msg]
        if missing:
            problems.append('%s: %r lacks %r' % (name, msg, missing))
        if '\n' in msg.strip():
            problems.append('%s: not one line: %r' % (name, msg))
        for item in params.get('accounts', []):
            if item.get('password') and item['password'] in msg:
                problems.append('%s: the password is in the message' % name)
    assert not problems, '\n'.join(problems)
    assert 'Traceback' not in run.output
    stats = nvr.stats()
    assert stats['write_attempts'] == 0, stats['by_endpoint']
    assert stats['open_sessions'] == 0
    assert nvr.state() == before


def test_protected_items_warn_or_need_to_be_allowed(tmp_path, nvr):
    """Default, Admin and the login account are kept with a warning; disconnecting every camera needs allow_disconnect_all."""
    night_on_channel_1(nvr)
    installer_account(nvr)
    tasks = [
        {'name': 'Default', 'mobotix.move_nvr.record_template': {'templates': [{'name': 'Default'}], 'state': 'deleted'}},
        {'name': 'Admin', 'mobotix.move_nvr.account': {'accounts': [{'name': 'Admin'}], 'state': 'deleted'}},
        {'name': 'login account', 'mobotix.move_nvr.account': dict(AS_INSTALLER, accounts=[{'name': 'installer'}], state='deleted')},
        {'name': 'overridden to none', 'mobotix.move_nvr.account': dict(AS_INSTALLER, accounts=[], state='overridden')},
        {'name': 'disconnect all', 'check_mode': True,
         'mobotix.move_nvr.camera': {'cameras': [], 'state': 'overridden', 'allow_disconnect_all': True}},
        {'name': 'disconnect all, listed', 'check_mode': True,
         'mobotix.move_nvr.camera': {'cameras': [{'channel': 1}, {'channel': 0}], 'state': 'deleted', 'allow_disconnect_all': True}},
    ]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    for name, kept in (('Default', ["templates name 'Default' is kept: the NVR's built-in template is never removed"]),
                       ('Admin', ["accounts name 'Admin' is kept: the administrator account cannot be deleted"]),
                       ('login account', ["accounts name 'installer' is kept: it is the account this module logs in with "
                                          "(nvr_username)"]),
                       ('overridden to none', ["accounts name 'Admin' is kept", "accounts name 'installer' is kept"])):
        result = run.task(name)
        assert result['changed'] is False and result['requests'] == []
        warnings = result.get('warnings', [])
        assert len(warnings) == len(kept) and all(w.startswith(k) for w, k in zip(warnings, kept)), warnings
    for name in ('disconnect all', 'disconnect all, listed'):
        result = run.task(name)
        assert result['changed'] is True and result['config'] == {'cameras': []}
        assert [(e['cmd'], e['ch']) for e in result['requests'][0]['body']['list']] == [(1, 0), (1, 1)]
    assert nvr.stats()['write_attempts'] == 0
