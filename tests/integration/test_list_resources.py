# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""account, camera, record_template and event_action through real ansible-playbook runs.

Every step of a test is a check run, the apply and a rerun: the check writes
nothing (the NVR's counters, read in the same play) and predicts the apply's
`changed`, `requests`, `config` and diff exactly, the apply converges (read
back with the `_info` module and from the NVR's stored state), the rerun is
unchanged, and the same items in another order are unchanged.

Each module's test runs on both execution paths. In the controller (the
action plugin) it walks the module through its states: `merged`, `replaced`
(each listed item set wholly), `overridden` (exactly the listed items, plus
the protected ones with a warning) and `deleted` (only the listed ones). As a
module process, where every task costs a Python start-up, it runs the first
step, which must give the same results. Passwords are idempotent, masked in
every result and absent, plain or encrypted, from -vvvv output. Bad input is
in test_list_resources_bad_input.py.

The walks in the controller also run on an NVR of each other dialect
(docs/development.md, "Dialects in the suite"): the manual's has a Guest account at
factory, and takes a camera's protocol only as its index, so the camera module
sends such a request a second time with the index (docs/api-decisions.md,
"Camera protocol"), which the expectations below count.
"""

from __future__ import annotations

import copy
import hashlib

import pytest

from harness import ADMIN_PASSWORD, run_playbook

PATHS = ['controller', 'module']
DIALECTS = ('strict', 'manual', 'lenient')
# (path, dialect): both paths on strict, the controller on the others
RUNS = [(path, 'strict') for path in PATHS] + [('controller', dialect) for dialect in DIALECTS[1:]]
PROTOCOLS = ('RTP+RTSP', 'RTP+RTSP+HTTP', 'RTP+UDP')
# The accounts besides Admin each dialect has at factory.
FACTORY_ACCOUNTS = {'strict': [], 'manual': ['Guest'], 'lenient': []}
MASK = '********'
OFFICE_DAY = ['evt_only'] * 8 + ['record'] * 10 + ['evt_only'] * 6
NIGHT_DAY = ['evt_only'] * 7 + ['no_record'] * 12 + ['evt_only'] * 5
DAYS = ('sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat')


def stats_task(nvr, name):
    """The NVR's counters at this point of the play, read from the side channel in the controller (a url
    lookup: no module process, which costs more than the step it measures)."""
    stats = "{{ lookup('ansible.builtin.url', '%s/stats', split_lines=False) | from_json }}" % nvr.base
    return {'name': name, 'ansible.builtin.set_fact': {'nvr_stats': stats}}


def stats_of(run, name):
    return run.task(name)['ansible_facts']['nvr_stats']


def step(nvr, module, name, params, then=()):
    """check, apply and rerun of one change, the NVR's counters after the check, the _info read after the rerun."""
    task = {'mobotix.move_nvr.%s' % module: params}
    return [
        dict(task, name='%s check' % name, check_mode=True, diff=True),
        stats_task(nvr, '%s after check' % name),
        dict(task, name='%s apply' % name, diff=True),
        dict(task, name='%s rerun' % name, diff=True),
        {'name': '%s info' % name, 'mobotix.move_nvr.%s_info' % module: {}},
    ] + [dict({'mobotix.move_nvr.%s' % module: extra_params}, name='%s %s' % (name, extra), diff=True)
         for extra, extra_params in then]


def steps(nvr, module, plan):
    tasks = []
    for name, params, then in plan:
        tasks += step(nvr, module, name, params, then)
    return tasks + [stats_task(nvr, 'end')]


def retried(request):
    """Whether the NVR took this request only the second time, with protocol as its index (the manual dialect)."""
    return request['path'] == '/camera/camera_connection' and any(
        isinstance(entry.get('protocol'), int) for entry in request['body']['list'])


def as_taken(requests, dialect):
    """The requests check mode plans, as the NVR of this dialect takes them: the manual dialect takes a camera
    connect or edit only with protocol as its index, so the apply sends that request again so."""
    requests = copy.deepcopy(requests)
    for request in requests:
        entries = request['body'].get('list', []) if request['path'] == '/camera/camera_connection' else []
        if dialect == 'manual' and any(entry['cmd'] in (0, 2) for entry in entries):
            for entry in entries:
                entry['protocol'] = PROTOCOLS.index(entry['protocol'])
    return requests


def assert_steps(run, plan, dialect='strict'):
    """Every step: check writes nothing and predicts the apply exactly, the apply converges, the rerun is unchanged.

    Returns the apply result of each step by name. The writes counted on the
    NVR are exactly the requests the applies report: nothing else wrote (and
    nothing else was tried but the first form of each request the NVR took
    only the second time).
    """
    assert run.rc == 0, run.output[-3000:]
    applies = {}
    written = attempted = 0
    for name, dummy, then in plan:
        check, apply, rerun = run.task(name + ' check'), run.task(name + ' apply'), run.task(name + ' rerun')
        assert stats_of(run, name + ' after check')['write_attempts'] == attempted, '%s: check mode wrote' % name
        assert check['changed'] is True and apply['changed'] is True, name
        assert apply['requests'] == as_taken(check['requests'], dialect), \
            '%s: check mode must plan exactly the writes the apply sends' % name
        assert apply['config'] == check['config'], '%s: check mode must predict the result' % name
        assert apply['diff'] == check['diff'], name
        assert apply['diff']['before'] != apply['diff']['after'], name
        info = run.task(name + ' info')['config']
        assert info == without_passwords(apply['config']), '%s: the NVR does not have what the apply reported' % name
        assert rerun['changed'] is False and rerun['requests'] == [], '%s: the rerun is not idempotent' % name
        assert rerun['config'] == apply['config'], name
        for extra, dummy in then:
            result = run.task('%s %s' % (name, extra))
            assert result['changed'] is False and result['requests'] == [], '%s %s: %r' % (name, extra, result['requests'])
        written += len(apply['requests'])
        attempted += len(apply['requests']) + sum(1 for request in apply['requests'] if retried(request))
        applies[name] = apply
    end = stats_of(run, 'end')
    assert end['writes'] == written and end['write_attempts'] == attempted
    assert end['open_sessions'] == 0
    return applies


def without_passwords(config):
    """config as the _info module returns it: the same options, passwords left out (a config module masks them)."""
    return dict((name, [dict((k, v) for k, v in item.items() if k != 'password') for item in items] if isinstance(items, list)
                 else items) for name, items in config.items())


def walk(tmp_path, nvr, module, plan, path):
    """The whole plan in the controller; its first step as a module process (which must give the same results)."""
    plan = plan if path == 'controller' else plan[:1]
    run = run_playbook(tmp_path, steps(nvr, module, plan), nvr=nvr, extra_vars={'move_nvr_execution': path})
    return run, assert_steps(run, plan, nvr.dialect), plan


def paths_of(requests):
    return [request['path'].rsplit('/', 1)[-1] for request in requests]


def by_key(items, key):
    return dict((item[key], item) for item in items)


def connect_cameras(nvr, channels):
    """Cameras on these channels, as a connection through the API leaves them, set through the side channel."""
    from move_nvr_emulator import encrypt, factory
    state = nvr.state()
    for channel in channels:
        camera = {'account': 'Admin', 'ch': channel, 'http_port': 80, 'ip': '198.51.100.%d' % (10 + channel),
                  'mac': '00:D0:89:00:01:%02X' % channel, 'model': 'R3V6-L', 'password': encrypt('1234'),
                  'protocol': 'RTP+RTSP', 'rtsp_port': 554, 'title': 'Camera%02d' % channel, 'type': 1}
        factory.attach_camera(state, camera, {'proj': 'R3V6-L', 'dev': '', 'netmask': '255.255.255.0', 'gateway': '', 'dns': ''})
    nvr.set_state(dict((section, state[section]) for section in ('cameras', 'camera_net', 'event_action', 'record_template')))
    assert nvr.stats()['write_attempts'] == 0


def assert_secrets_hidden(run, plan, secrets):
    for name, dummy, dummy in plan:
        for task in ('check', 'apply', 'rerun'):
            assert_masked(run.task('%s %s' % (name, task)), secrets)
    for secret in secrets + [ADMIN_PASSWORD]:
        assert secret not in run.output


def assert_masked(result, secrets):
    """Passwords only as ******** in config, requests and diff, neither plain nor encrypted."""
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
    text = repr({key: result.get(key) for key in ('config', 'requests', 'diff')})
    for secret in secrets:
        assert secret not in text and encrypt_password(secret) not in text
    shown = []
    for part in (result['config'], result['diff']['before'], result['diff']['after']):
        shown.extend(part.get('accounts', part.get('cameras', [])))
    for item in shown:
        assert item['password'] in (MASK, MASK + ' (changed)', '')
    for request in result['requests']:
        for value in [request['body']] + request['body'].get('list', []):
            if 'password' in value:
                assert value['password'] == MASK


# -- account ----------------------------------------------------------------
SHIFTS = ['shift_%d' % i for i in range(1, 6)]
ACCOUNT_SECRETS = ['Oper4tor-pass', 'Oper4tor-new1', 'Gu4rd-pass', 'Oth3r-pass'] + ['Sh1ft-pass-%d' % i for i in range(1, 6)]
ACCOUNT_PLAN = [
    ('add', {'accounts': [
        {'name': 'operator', 'password': 'Oper4tor-pass', 'permissions': ['ptz', 'playback']},
        {'name': 'guard', 'password': 'Gu4rd-pass', 'covert_channels': [7, 6]},
    ]}, [('reordered', {'accounts': [
        {'name': 'guard', 'password': 'Gu4rd-pass', 'covert_channels': [6, 7], 'permissions': []},
        {'name': 'operator', 'password': 'Oper4tor-pass', 'permissions': ['playback', 'ptz']},
        {'name': 'Admin'},
    ]}), ('overridden', {'accounts': [  # Admin not listed: kept, with a warning
        {'name': 'operator', 'password': 'Oper4tor-pass', 'permissions': ['ptz', 'playback']},
        {'name': 'guard', 'password': 'Gu4rd-pass', 'covert_channels': [7, 6]},
    ], 'state': 'overridden'})]),
    ('new password', {'accounts': [{'name': 'operator', 'password': 'Oper4tor-new1'}]},
     [('on_create', {'accounts': [{'name': 'operator', 'password': 'Oth3r-pass'}], 'update_password': 'on_create'})]),
    ('replaced', {'accounts': [{'name': 'guard', 'permissions': ['playback']}], 'state': 'replaced'}, []),
    # 2 accounts besides Admin, 5 to add: the deletion must go first to stay within six
    ('overridden', {'accounts': [{'name': 'operator'}] + [{'name': n, 'password': 'Sh1ft-pass-%s' % n[-1]} for n in SHIFTS],
                    'state': 'overridden'}, []),
    ('deleted', {'accounts': [{'name': n} for n in reversed(SHIFTS)] + [{'name': 'Admin'}], 'state': 'deleted'}, []),
]


def account_plan(dialect):
    """ACCOUNT_PLAN on an NVR of this dialect: its factory accounts besides Admin listed where the plan says
    that the NVR ends with exactly the listed accounts and they are meant to stay (they go at the step overridden)."""
    plan = copy.deepcopy(ACCOUNT_PLAN)
    plan[0][2][1][1]['accounts'] += [{'name': name} for name in FACTORY_ACCOUNTS[dialect]]
    return plan


@pytest.mark.parametrize('path,dialect', RUNS, indirect=['dialect'])
def test_account(tmp_path, nvr, path):
    """Add, change a password (on_create leaves it), replaced, overridden past the six-account limit, deleted."""
    factory_accounts = FACTORY_ACCOUNTS[nvr.dialect]
    run, applies, plan = walk(tmp_path, nvr, 'account', account_plan(nvr.dialect), path)
    assert_secrets_hidden(run, plan, ACCOUNT_SECRETS)
    add = applies['add']
    assert paths_of(add['requests']) == ['account_add', 'account_authority', 'account_add', 'account_authority']
    assert [r['body']['account'] for r in add['requests']] == ['guard', 'guard', 'operator', 'operator']
    assert add['requests'][1]['body']['covert'] == [i in (6, 7) for i in range(32)]
    assert add['requests'][3]['body']['authority'] == 8 | 4 | 1
    accounts = by_key(add['config']['accounts'], 'name')
    assert sorted(accounts) == sorted(['Admin', 'guard', 'operator'] + factory_accounts)
    assert accounts['operator']['permissions'] == ['playback', 'ptz']
    assert accounts['guard'] == {'name': 'guard', 'password': MASK, 'permissions': [], 'covert_channels': [6, 7]}
    warnings = run.task('add overridden').get('warnings', [])
    assert warnings == ["accounts name 'Admin' is kept: the administrator account cannot be deleted"], warnings
    if path == 'module':
        return

    new_password = applies['new password']
    assert paths_of(new_password['requests']) == ['account_edit']
    assert new_password['requests'][0]['body'] == {'account': 'operator', 'password': MASK}
    assert new_password['diff']['after']['accounts'][0]['password'].startswith(MASK)

    replaced = by_key(applies['replaced']['config']['accounts'], 'name')
    assert replaced['guard']['permissions'] == ['playback'] and replaced['guard']['covert_channels'] == []
    assert replaced['operator']['permissions'] == ['playback', 'ptz'], 'replaced must leave accounts not given alone'

    overridden = applies['overridden']
    deleted_first = sorted(factory_accounts + ['guard'])
    assert paths_of(overridden['requests']) == ['account_delete'] * len(deleted_first) + ['account_add'] * 5 + ['account_authority']
    assert [r['body'] for r in overridden['requests'][:len(deleted_first)]] == [
        {'account': name, 'password': MASK} for name in deleted_first]
    assert [a['name'] for a in overridden['config']['accounts']] == ['Admin', 'operator'] + SHIFTS
    assert by_key(overridden['config']['accounts'], 'name')['operator']['permissions'] == []
    assert any("'Admin' is kept" in w for w in overridden.get('warnings', [])), overridden.get('warnings')

    deleted = applies['deleted']
    assert paths_of(deleted['requests']) == ['account_delete'] * 5
    assert [a['name'] for a in deleted['config']['accounts']] == ['Admin', 'operator']
    assert any("'Admin' is kept" in w for w in deleted.get('warnings', [])), deleted.get('warnings')

    from move_nvr_emulator import decrypt
    device = by_key(nvr.state()['accounts'], 'account')
    assert sorted(device) == ['Admin', 'operator']
    # the new password stuck: on_create, replaced and overridden never touched it
    assert decrypt(device['operator']['password']) == 'Oper4tor-new1'
    assert device['operator']['authority'] == 8 and device['Admin']['authority'] == 31


# -- camera -----------------------------------------------------------------
CAMERA_SECRETS = ['Cam-Pa55word', 'Cam-New-pa55', 'Cam-Car-pa55']
CAMERA_PLAN = [
    ('connect', {'cameras': [
        {'channel': 3, 'ip': '192.0.2.13', 'rtsp_port': 8554, 'title': 'Loading dock', 'username': 'viewer',
         'password': 'Cam-Pa55word', 'model': 'M16', 'protocol': 'RTP+UDP'},
        {'channel': 0, 'ip': '192.0.2.10', 'title': 'Entrance', 'password': 'Cam-Pa55word'},
    ]}, [('reordered', {'cameras': [
        {'channel': 0, 'ip': '192.0.2.10', 'title': 'Entrance', 'password': 'Cam-Pa55word', 'http_port': 80},
        {'channel': 3, 'ip': '192.0.2.13', 'rtsp_port': 8554, 'title': 'Loading dock', 'username': 'viewer',
         'password': 'Cam-Pa55word', 'model': 'M16', 'protocol': 'RTP+UDP'},
    ]})]),
    ('edit', {'cameras': [{'channel': 3, 'title': 'Loading dock east', 'password': 'Cam-New-pa55'}]}, []),
    ('replaced', {'cameras': [{'channel': 3, 'ip': '192.0.2.13'}], 'state': 'replaced'}, []),
    # the camera of channel 0 moves to channel 5: disconnected first, so that its address is free
    ('overridden', {'cameras': [{'channel': 5, 'ip': '192.0.2.10', 'title': 'Car park', 'password': 'Cam-Car-pa55'},
                                {'channel': 3, 'ip': '192.0.2.13'}], 'state': 'overridden'}, []),
    ('deleted', {'cameras': [{'channel': 5}, {'channel': 9}], 'state': 'deleted'}, []),
]


@pytest.mark.parametrize('path,dialect', RUNS, indirect=['dialect'])
def test_camera(tmp_path, nvr, path):
    """Connect, edit, replaced, overridden moving a camera to another channel, deleted."""
    run, applies, plan = walk(tmp_path, nvr, 'camera', CAMERA_PLAN, path)
    assert_secrets_hidden(run, plan, CAMERA_SECRETS)
    for name, apply in applies.items():
        assert paths_of(apply['requests']) == ['camera_connection'], name
    connect = applies['connect']
    assert [(e['cmd'], e['ch']) for e in connect['requests'][0]['body']['list']] == [(0, 0), (0, 3)]
    # the form the NVR took: the name, or on an NVR that takes only the documented %d, the index
    assert [e['protocol'] for e in connect['requests'][0]['body']['list']] == (
        [0, 2] if nvr.dialect == 'manual' else ['RTP+RTSP', 'RTP+UDP'])
    cameras = by_key(connect['config']['cameras'], 'channel')
    assert cameras[3] == {'channel': 3, 'ip': '192.0.2.13', 'http_port': 80, 'rtsp_port': 8554, 'protocol': 'RTP+UDP',
                          'username': 'viewer', 'password': MASK, 'model': 'M16', 'title': 'Loading dock', 'type': 1, 'mac': ''}
    assert cameras[0]['username'] == 'Admin' and cameras[0]['rtsp_port'] == 554
    if path == 'module':
        return

    edit = applies['edit']
    entries = edit['requests'][0]['body']['list']
    assert [(e['cmd'], e['ch'], e['title'], e['password']) for e in entries] == [(2, 3, 'Loading dock east', MASK)]
    assert entries[0]['rtsp_port'] == 8554, 'an edit keeps the fields not given'
    assert edit['diff']['after']['cameras'][0]['password'].startswith(MASK)

    replaced = by_key(applies['replaced']['config']['cameras'], 'channel')
    assert replaced[3] == {'channel': 3, 'ip': '192.0.2.13', 'http_port': 80, 'rtsp_port': 554, 'protocol': 'RTP+RTSP',
                           'username': 'Admin', 'password': MASK, 'model': '', 'title': '', 'type': 1, 'mac': ''}
    assert replaced[0]['title'] == 'Entrance', 'replaced must leave channels not given alone'

    overridden = applies['overridden']
    assert [(e['cmd'], e['ch']) for e in overridden['requests'][0]['body']['list']] == [(1, 0), (0, 5)]
    assert sorted(by_key(overridden['config']['cameras'], 'channel')) == [3, 5]

    deleted = applies['deleted']
    assert [(e['cmd'], e['ch']) for e in deleted['requests'][0]['body']['list']] == [(1, 5)]
    assert [c['channel'] for c in deleted['config']['cameras']] == [3]

    from move_nvr_emulator import decrypt
    state = nvr.state()
    assert sorted(state['cameras']) == ['ch3']
    # the edit's password survived replaced and overridden, which did not give one
    assert decrypt(state['cameras']['ch3']['password']) == 'Cam-New-pa55'
    assert state['cameras']['ch3']['account'] == 'Admin'


# -- record_template --------------------------------------------------------
RECORD_TEMPLATE_PLAN = [
    ('add', {
        'templates': [{'name': 'Business', 'schedule': {'all': ['evt_only'] * 24, 'mon': OFFICE_DAY}},
                      {'name': 'Night', 'schedule': {'all': NIGHT_DAY}}],
        'channels': [{'channel': 1, 'template': 'Night'}, {'channel': 0, 'template': 'Business'}],
    }, [('reordered', {
        'templates': [{'name': 'Night', 'schedule': dict((day, NIGHT_DAY) for day in DAYS)},
                      {'name': 'Business', 'schedule': {'mon': OFFICE_DAY, 'all': ['evt_only'] * 24}}],
        'channels': [{'channel': 0, 'template': 'Business'}, {'channel': 1, 'template': 'Night'}],
    }), ('overridden channels only', {  # templates not given are left alone, also with overridden
        'channels': [{'channel': 2}, {'channel': 1, 'template': 'Night'}, {'channel': 0, 'template': 'Business'}],
        'state': 'overridden',
    })]),
    ('saturday', {'templates': [{'name': 'Business', 'schedule': {'sat': OFFICE_DAY}}]}, []),
    ('replaced', {'templates': [{'name': 'Business', 'schedule': {'mon': OFFICE_DAY}}],
                  'channels': [{'channel': 2, 'template': 'Business'}], 'state': 'replaced'}, []),
    # Night is removed while channel 1 still records by it: the same run moves channel 1 to Default first
    ('overridden', {'templates': [{'name': 'Business', 'schedule': {'mon': OFFICE_DAY}}, {'name': 'Default'}],
                    'channels': [{'channel': 0, 'template': 'Business'}], 'state': 'overridden'}, []),
    ('deleted', {'templates': [{'name': 'Business'}, {'name': 'Default'}], 'channels': [{'channel': 0}],
                 'state': 'deleted'}, []),
]


@pytest.mark.parametrize('path,dialect', RUNS, indirect=['dialect'])
def test_record_template(tmp_path, nvr, path):
    """Add templates and assign them, change a day, replaced, overridden and deleted while channels use them."""
    connect_cameras(nvr, [0, 1, 2])
    run, applies, plan = walk(tmp_path, nvr, 'record_template', RECORD_TEMPLATE_PLAN, path)

    def ops(name):
        return [next(iter(request['body'])) for request in applies[name]['requests']]

    add = applies['add']
    assert ops('add') == ['add_template', 'record_template', 'channel_setting']
    assert add['requests'][0]['body'] == {'add_template': ['Business', 'Night']}
    assert add['requests'][2]['body'] == {'channel_setting': {'ch0': {'template_name': 'Business'}, 'ch1': {'template_name': 'Night'}}}
    templates = by_key(add['config']['templates'], 'name')
    assert templates['Business']['schedule'] == dict((day, OFFICE_DAY if day == 'mon' else ['evt_only'] * 24) for day in DAYS)
    assert templates['Night']['schedule'] == dict((day, NIGHT_DAY) for day in DAYS)
    assert add['config']['channels'] == [{'channel': 0, 'template': 'Business'}, {'channel': 1, 'template': 'Night'},
                                         {'channel': 2, 'template': 'Default'}]
    if path == 'module':
        return

    assert ops('saturday') == ['record_template']
    assert list(applies['saturday']['requests'][0]['body']['record_template']) == ['Business']
    assert by_key(applies['saturday']['config']['templates'], 'name')['Business']['schedule']['sat'] == OFFICE_DAY

    replaced = applies['replaced']
    assert ops('replaced') == ['record_template', 'channel_setting']
    assert by_key(replaced['config']['templates'], 'name')['Business']['schedule'] == dict(
        (day, OFFICE_DAY if day == 'mon' else ['record'] * 24) for day in DAYS)
    assert replaced['config']['channels'][1:] == [{'channel': 1, 'template': 'Night'}, {'channel': 2, 'template': 'Business'}]

    overridden = applies['overridden']
    assert ops('overridden') == ['channel_setting', 'remove_template']
    assert overridden['requests'][1]['body'] == {'remove_template': ['Night']}
    assert [t['name'] for t in overridden['config']['templates']] == ['Business', 'Default']
    assert overridden['config']['channels'] == [{'channel': 0, 'template': 'Business'}, {'channel': 1, 'template': 'Default'},
                                                {'channel': 2, 'template': 'Default'}]
    assert not overridden.get('warnings'), 'Default is listed: no warning'

    deleted = applies['deleted']
    assert ops('deleted') == ['channel_setting', 'remove_template']
    assert deleted['requests'][1]['body'] == {'remove_template': ['Business']}
    assert any("'Default' is kept" in w for w in deleted.get('warnings', [])), deleted.get('warnings')

    state = nvr.state()['record_template']
    assert sorted(state['record_template']) == ['Default']
    assert state['record_template']['Default']['Mon'] == [0] * 9 + [2] + [0] * 14
    assert [(ch, state['channel_setting']['ch%d' % ch]['template_name']) for ch in range(4)] == [
        (0, 'Default'), (1, 'Default'), (2, 'Default'), (3, '')]
    assert sorted(nvr.state()['cameras']) == ['ch0', 'ch1', 'ch2'], 'record_template never disconnects a camera'


# -- event_action -----------------------------------------------------------
NOTHING = {'enabled': False, 'send_email': False, 'snapshot': False, 'snapshot_size': 'CIF', 'alarm_out': []}
EVENT_ACTION_PLAN = [
    ('merged', {
        'default': {'enabled': True, 'send_email': True},
        'cameras': [{'channel': 1, 'motion': {'enabled': True, 'snapshot': True, 'snapshot_size': 'D1', 'alarm_out': [1, 0]},
                     'video_loss': {'enabled': True, 'send_email': True}}],
        'alarm_inputs': [{'input': 2, 'enabled': True, 'send_email': True, 'alarm_out': [0], 'channels': [5, 1]}],
    }, [('reordered', {
        'cameras': [{'channel': 0, 'motion': {'enabled': False}},
                    {'channel': 1, 'motion': {'alarm_out': [0, 1], 'snapshot_size': 'D1'}}],
        'alarm_inputs': [{'input': 2, 'channels': [1, 5]}, {'input': 0, 'channels': []}],
    })]),
    ('replaced', {'cameras': [{'channel': 0, 'motion': {'enabled': True, 'send_email': True}}], 'state': 'replaced'}, []),
]


@pytest.mark.parametrize('path,dialect', RUNS, indirect=['dialect'])
def test_event_action(tmp_path, nvr, path):
    """merged changes only what is given; replaced returns everything not given to the factory setting."""
    connect_cameras(nvr, [0, 1])
    run, applies, plan = walk(tmp_path, nvr, 'event_action', EVENT_ACTION_PLAN, path)
    for name, apply in applies.items():
        assert paths_of(apply['requests']) == ['event_action_config'], name
    merged = applies['merged']['config']
    assert merged['default'] == dict(NOTHING, enabled=True, send_email=True)
    cameras = by_key(merged['cameras'], 'channel')
    assert cameras[1]['motion'] == {'enabled': True, 'send_email': False, 'snapshot': True, 'snapshot_size': 'D1', 'alarm_out': [0, 1]}
    assert cameras[1]['video_loss'] == dict(NOTHING, enabled=True, send_email=True)
    assert cameras[0] == {'channel': 0, 'motion': NOTHING, 'video_loss': NOTHING}, 'merged must leave cameras not given alone'
    inputs = by_key(merged['alarm_inputs'], 'input')
    assert inputs[2] == {'input': 2, 'enabled': True, 'send_email': True, 'snapshot': False, 'snapshot_size': 'CIF',
                         'alarm_out': [0], 'channels': [1, 5]}
    assert sorted(inputs) == [0, 1, 2, 3] and inputs[0] == dict(NOTHING, input=0, channels=[])
    if path == 'module':
        return

    replaced = applies['replaced']
    assert set(replaced['diff']['after']) == {'default', 'cameras', 'alarm_inputs'}
    config = replaced['config']
    assert config['default'] == NOTHING
    assert by_key(config['cameras'], 'channel') == {
        0: {'channel': 0, 'motion': dict(NOTHING, enabled=True, send_email=True), 'video_loss': NOTHING},
        1: {'channel': 1, 'motion': NOTHING, 'video_loss': NOTHING}}
    assert all(item == dict(NOTHING, input=item['input'], channels=[]) for item in config['alarm_inputs'])

    device = nvr.state()['event_action']
    assert device['camera']['ch0']['event']['motion']['event_trigger'] is True
    assert device['camera']['ch1']['event']['motion'] == {'alarm_out': [False, False], 'event_trigger': False, 'send_email': False,
                                                          'snapshot_size': 'CIF', 'take_snapshot': False}
    assert device['nvr']['nvr0']['event']['alarm_in_2']['channel_map'] == [False] * 32
    assert device['default']['event_trigger'] is False


# -- together ---------------------------------------------------------------
@pytest.mark.parametrize('dialect', DIALECTS, indirect=True)
def test_cameras_then_their_templates_and_event_actions(tmp_path, nvr):
    """Connect cameras, give their channels templates and motion actions, in one playbook; the rerun is unchanged."""
    round_tasks = [
        ('camera', {'cameras': [{'channel': ch, 'ip': '192.0.2.%d' % (30 + ch), 'title': 'Aisle %d' % ch,
                                 'password': 'Cam-Pa55word'} for ch in (0, 1, 2)], 'state': 'overridden'}),
        ('record_template', {'templates': [{'name': 'Business', 'schedule': {'all': OFFICE_DAY}}],
                             'channels': [{'channel': 0, 'template': 'Business'}, {'channel': 2, 'template': 'Business'}]}),
        ('event_action', {'cameras': [{'channel': ch, 'motion': {'enabled': True, 'send_email': True, 'alarm_out': [ch % 2]}}
                                      for ch in (2, 1, 0)]}),
    ]
    tasks = [{'name': '%s %s' % (label, module), 'mobotix.move_nvr.%s' % module: params}
             for label in ('first', 'again') for module, params in round_tasks]
    run = run_playbook(tmp_path, tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    for module, dummy in round_tasks:
        assert run.task('first ' + module)['changed'] is True, module
        again = run.task('again ' + module)
        assert again['changed'] is False and again['requests'] == [], module

    state = nvr.state()
    assert sorted(state['cameras']) == ['ch0', 'ch1', 'ch2']
    assert [state['record_template']['channel_setting']['ch%d' % ch]['template_name'] for ch in range(3)] == [
        'Business', 'Default', 'Business']
    for ch in range(3):
        motion = state['event_action']['camera']['ch%d' % ch]['event']['motion']
        assert motion['event_trigger'] is True and motion['send_email'] is True
        assert motion['alarm_out'] == [ch % 2 == 0, ch % 2 == 1]
    requests = [request for module, dummy in round_tasks for request in run.task('first ' + module)['requests']]
    stats = nvr.stats()
    assert stats['writes'] == len(requests)
    assert stats['write_attempts'] == len(requests) + sum(1 for request in requests if retried(request))
    assert stats['open_sessions'] == 0


# -- secrets in -vvvv -------------------------------------------------------
# also on the manual dialect, whose camera_connection replies carry the camera's password in clear (M:2220)
@pytest.mark.parametrize('dialect', ('strict', 'manual'), indirect=True)
def test_no_password_in_very_verbose_output(tmp_path, nvr):
    """Accounts and cameras with passwords added, changed and deleted: no password in any form in -vvvv output."""
    from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
    plan = [
        ('add', {'accounts': [{'name': 'operator', 'password': 'Oper4tor-pass', 'permissions': ['setup']}]}, []),
        ('change', {'accounts': [{'name': 'operator', 'password': 'Oper4tor-new1'}]}, []),
        ('delete', {'accounts': [{'name': 'operator'}], 'state': 'deleted'}, []),
    ]
    camera_plan = [
        ('connect', {'cameras': [{'channel': 0, 'ip': '192.0.2.10', 'password': 'Cam-Pa55word'}]}, []),
        ('camera password', {'cameras': [{'channel': 0, 'password': 'Cam-New-pa55'}]}, []),
    ]
    tasks = steps(nvr, 'account', plan)[:-1] + steps(nvr, 'camera', camera_plan)
    for path in ('controller', 'module'):
        tasks += [dict(task, name='%s %s' % (path, task['name']), vars={'move_nvr_execution': path})
                  for task in step(nvr, 'account', 'readd', plan[0][1])[2:3] + step(nvr, 'account', 'redelete', plan[2][1])[2:3]]
    run = run_playbook(tmp_path, tasks, nvr=nvr, diff=True, verbosity=4)
    assert_steps(run, plan + camera_plan, nvr.dialect)
    for path in ('controller', 'module'):
        assert run.task('%s readd apply' % path)['changed'] is True
        assert run.task('%s redelete apply' % path)['changed'] is True

    secrets = ['Oper4tor-pass', 'Oper4tor-new1', 'Cam-Pa55word', 'Cam-New-pa55', ADMIN_PASSWORD]
    forbidden = secrets + [encrypt_password(s) for s in secrets]
    forbidden += [hashlib.md5(('Admin:%s' % ADMIN_PASSWORD).encode()).hexdigest(), 'login-already']
    log = (tmp_path / 'results.jsonl').read_text()
    for text in forbidden:
        assert text not in run.output, 'secret form %r leaked into -vvvv output' % text
        assert text not in log, 'secret form %r leaked into a task result' % text
