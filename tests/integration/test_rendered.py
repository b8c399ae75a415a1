# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review a change offline (docs/getting-started.md, "Review a change offline"): real ansible-playbook runs.

An emulated NVR with passwords on its email, DDNS, accounts and cameras is captured with nvr_info
(gather_subset: [replies]) into JSON files, once with secrets=omit and once with secrets=vault. From then on
the tasks are rendered from those files, and the NVR sees no request at all (its counters): email, camera
(overridden) and nvr_config with several resources give exactly what a real --check --diff against the NVR
gives, request for request, changed and diff alike. After the same change is applied to the NVR for real and
captured again, a render says changed: false (with the vault file; with the omit file only the passwords given
show as changed, as documented). No password reaches a file or any output, in any form.
"""

from __future__ import annotations

import json

import pytest

from harness import ADMIN_PASSWORD, run_playbook

from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import MASK, MASK_CHANGED, secret_variants

SECRETS = {'smtp': 'Smtp-RD-5ecret', 'smtp_new': 'Smtp-RD-n3w-pw', 'ddns': 'Ddns-RD-5ecret', 'operator': 'Oper8tor-RD',
           'auditor': 'Aud1tor-RD-pw', 'cam0': 'Cam0-RD-pw', 'cam1': 'Cam1-RD-pw', 'cam3': 'Cam3-RD-pw',
           'cam2': 'Cam2-RD-new'}
VAULT_PASSWORD = 'rendered-vault-pw'
EMAIL = {'provider': 'custom', 'server': 'smtp.review.example.com', 'port': 465, 'ssl': True,
         'account': 'nvr-alarms@example.com', 'password': SECRETS['smtp_new'], 'recipients': ['soc@example.com']}
CAMERAS = {'state': 'overridden', 'cameras': [
    {'channel': 0, 'ip': '198.51.100.10', 'title': 'Main gate'},
    {'channel': 2, 'ip': '198.51.100.12', 'http_port': 80, 'rtsp_port': 554, 'protocol': 'RTP+RTSP', 'type': 1,
     'username': 'Admin', 'password': SECRETS['cam2'], 'title': 'Loading bay'},
]}
TASKS = [
    {'name': 'email', 'mobotix.move_nvr.email': EMAIL},
    {'name': 'camera', 'mobotix.move_nvr.camera': CAMERAS},
    {'name': 'nvr_config', 'mobotix.move_nvr.nvr_config': {
        'email': EMAIL,
        'camera': CAMERAS,
        'account': {'accounts': [{'name': 'auditor', 'password': SECRETS['auditor'], 'permissions': ['playback']}]},
        'record_config': {'retention_days': 45},
        'ddns': {'hostname': 'review.example.net'},
    }},
]
NAMES = [task['name'] for task in TASKS]
# what a task result holds besides what the NVR decides (how Ansible ran it)
RUN_KEYS = ('invocation', 'rendered', 'status', '_ansible_no_log', '_ansible_verbose_always', '_ansible_verbose_override',
            'ansible_facts', 'deprecations')


def configure(nvr):
    """Passwords everywhere they can be and something besides the factory values; no write request."""
    from move_nvr_emulator import encrypt, factory
    state = nvr.state()
    for ch, title in ((0, 'Entrance'), (1, 'Yard'), (3, 'Dock')):
        camera = {'account': 'Admin', 'ch': ch, 'http_port': 80, 'ip': '198.51.100.%d' % (10 + ch),
                  'mac': '00:D0:89:00:03:%02X' % ch, 'model': 'R3V6-L', 'password': encrypt(SECRETS['cam%d' % ch]),
                  'protocol': 'RTP+RTSP', 'rtsp_port': 554, 'title': title, 'type': 1}
        factory.attach_camera(state, camera, {'proj': 'R3V6-L', 'dev': '', 'netmask': '255.255.255.0', 'gateway': '', 'dns': ''})
    num_ch = len(state['record_template']['channel_setting'])
    state['accounts'] += [{'account': 'operator', 'password': encrypt(SECRETS['operator']), 'authority': 13,
                           'covert': [False] * num_ch}]
    state['email'].update(account='nvr-alarms@example.com', password=encrypt(SECRETS['smtp']), current_provider='custom',
                          address=['soc@example.com', '', ''])
    state['email']['provider_opt']['custom'].update(server_site='smtp.example.com', port=587)
    state['ddns'].update(enabled=True, server_name='NoIP', hostname='site.example.net', username='site', port=8245,
                         password=encrypt(SECRETS['ddns']))
    state['record_config']['data_life_time']['cur'] = 21
    sections = ('cameras', 'camera_net', 'event_action', 'record_template', 'accounts', 'email', 'ddns', 'record_config')
    nvr.set_state(dict((section, state[section]) for section in sections))
    nvr.zero_counters()


def every_form():
    """Each secret of the test as it is, device-encrypted, URL-encoded and JSON-escaped (engine.secret_variants)."""
    return secret_variants(list(SECRETS.values()) + [ADMIN_PASSWORD])


def assert_no_secret(text, where):
    for form in every_form():
        assert form not in text, '%s holds a secret (%r...)' % (where, form[:3])


@pytest.fixture
def vault_env(tmp_path, monkeypatch):
    password_file = tmp_path / 'vault-password'
    password_file.write_text(VAULT_PASSWORD + '\n')
    monkeypatch.setenv('ANSIBLE_VAULT_PASSWORD_FILE', str(password_file))


def play_dir(tmp_path, name):
    path = tmp_path / name
    path.mkdir()
    return path


def capture(tmp_path, nvr, name, secrets='omit'):
    """nvr_info -> device_replies -> a JSON file, as docs/getting-started.md shows it; (path, its text)."""
    path = tmp_path / ('%s.json' % name)
    tasks = [
        {'name': 'capture', 'mobotix.move_nvr.nvr_info': {'gather_subset': ['replies'], 'secrets': secrets},
         'register': 'captured'},
        {'name': 'save', 'ansible.builtin.copy': {'content': '{{ captured.device_replies | to_nice_json }}',
                                                  'dest': str(path), 'mode': '0600'}},
    ]
    run = run_playbook(play_dir(tmp_path, 'capture-' + name), tasks, nvr=nvr)
    assert run.rc == 0, run.output[-3000:]
    assert run.task('capture')['status'] == 'ok' and 'warnings' not in run.task('capture')
    assert_no_secret(run.output, 'the capture output')
    assert_no_secret(json.dumps(run.results), 'the capture results')
    text = path.read_text()
    assert_no_secret(text, 'the file %s' % name)
    return str(path), text


# docs/getting-started.md: the play's module_defaults, rendering when a variable asks for it
DOCUMENTED = ("{{ (inventory_dir ~ '/replies/' ~ inventory_hostname ~ '.json') if render_offline | default(false) | bool "
              "else omit }}")


def render(tmp_path, name, replies, tasks=None, nvr=None, diff=True, documented=False, **play):
    """The tasks rendered from replies (a path); with nvr, the play also has that NVR's connection options (not used).

    documented: the file is copied where the DOCUMENTED expression finds it (replies/localhost.json beside the
    inventory), and the play is run with -e render_offline=true."""
    directory = play_dir(tmp_path, 'render-' + name)
    extra_vars = None
    if documented:
        (directory / 'replies').mkdir()
        (directory / 'replies' / 'localhost.json').write_text(open(replies).read())
        replies, extra_vars = DOCUMENTED, {'render_offline': 'true'}
    block = [{'name': 'render', 'module_defaults': {'group/mobotix.move_nvr.all': {'nvr_device_replies': replies}},
              'block': TASKS if tasks is None else tasks, **play}]
    run = run_playbook(directory, block, nvr=nvr, diff=diff, extra_vars=extra_vars)
    assert_no_secret(run.output, 'the render output')
    assert_no_secret(json.dumps(run.results), 'the render results')
    return run


def decided(result):
    """What the NVR's state decides in a result: everything but how Ansible ran the task."""
    return dict((key, value) for key, value in result.items() if key not in RUN_KEYS)


def test_render_from_captured_replies_is_a_check_against_the_nvr_with_no_connection(nvr, tmp_path, vault_env):
    configure(nvr)
    before = nvr.state()
    omit, omit_text = capture(tmp_path, nvr, 'omit')
    vault, vault_text = capture(tmp_path, nvr, 'vault', secrets='vault')
    document = json.loads(omit_text)
    assert document['format'] == 'mobotix.move_nvr.device_replies' and document['version'] == 1
    assert document['secrets'] == 'omit' and document['replies']['/setup/email_config']['password'] == MASK
    assert json.loads(vault_text)['secrets'] == 'vault'
    assert json.loads(vault_text)['replies']['/setup/email_config']['password'].startswith('$ANSIBLE_VAULT;')

    # from here on the NVR is not touched
    nvr.zero_counters()
    offline = render(tmp_path, 'omit', omit)
    with_connection = render(tmp_path, 'vault', vault, nvr=nvr)
    stats = nvr.stats()
    assert stats['requests'] == 0 and stats['logins'] == 0, stats
    assert offline.rc == 0 and with_connection.rc == 0, offline.output[-3000:] + with_connection.output[-3000:]

    # the same tasks as a real --check --diff against the NVR
    check = run_playbook(play_dir(tmp_path, 'check'), TASKS, nvr=nvr, check=True, diff=True)
    assert check.rc == 0, check.output[-3000:]
    assert nvr.stats()['write_attempts'] == 0 and nvr.state() == before
    for name in NAMES:
        real = check.task(name)
        for run in (offline, with_connection):
            got = run.task(name)
            assert got['rendered'] is True and 'rendered' not in real
            assert decided(got) == decided(real), name
            assert got['changed'] is True
    email, camera, config = (check.task(name) for name in NAMES)
    assert email['diff']['after']['password'] == MASK_CHANGED
    assert [r['path'] for r in camera['requests']] == ['/camera/camera_connection']
    assert len(camera['requests'][0]['body']['list']) == 4, 'ch1 and ch3 disconnected, ch0 edited, ch2 connected'
    assert sorted(config['resources']) == ['account', 'camera', 'ddns', 'email', 'record_config']
    assert all(config['resources'][name]['changed'] for name in config['resources'])

    # the change for real, captured again: the render finds nothing left to do
    applied = run_playbook(play_dir(tmp_path, 'apply'), TASKS, nvr=nvr)
    assert applied.rc == 0 and applied.task('email')['changed'] and applied.task('nvr_config')['changed'], \
        applied.output[-3000:]
    omit_after, dummy = capture(tmp_path, nvr, 'omit-after')
    vault_after, dummy = capture(tmp_path, nvr, 'vault-after', secrets='vault')
    nvr.zero_counters()
    again = render(tmp_path, 'vault-after', vault_after)
    omitted = render(tmp_path, 'omit-after', omit_after)
    assert nvr.stats()['requests'] == 0
    for name in ('email', 'camera'):
        assert again.task(name)['changed'] is False and again.task(name)['requests'] == [], name
    resources = again.task('nvr_config')['resources']
    assert again.task('nvr_config')['changed'] is False and all(r['requests'] == [] for r in resources.values())
    # without the passwords in the file, a password given shows as a change, and only that
    assert omitted.task('email')['changed'] is True
    diff = omitted.task('email')['diff']
    assert diff['after']['password'] == MASK_CHANGED and diff['before'] == dict(diff['after'], password=MASK)
    assert omitted.task('email')['requests'][0]['body']['password'] == MASK
    config = omitted.task('nvr_config')['resources']
    assert {name for name in config if config[name]['changed']} == {'email', 'camera', 'account'}
    assert not config['record_config']['changed'] and not config['ddns']['changed']


def test_a_render_without_passwords_given_is_exact_from_the_omit_file_on_both_paths(nvr, tmp_path):
    configure(nvr)
    omit, dummy = capture(tmp_path, nvr, 'omit')
    tasks = [{'name': 'email', 'mobotix.move_nvr.email': {'server': 'smtp.example.com', 'port': 587}},
             {'name': 'camera', 'mobotix.move_nvr.camera': {'cameras': [{'channel': 3, 'title': 'Dock'}]}},
             {'name': 'account', 'mobotix.move_nvr.account': {'accounts': [{'name': 'operator'}]}}]
    nvr.zero_counters()
    controller = render(tmp_path, 'controller', omit, tasks=tasks, nvr=nvr, documented=True)
    module = render(tmp_path, 'module', omit, tasks=tasks, vars={'move_nvr_execution': 'module'})
    assert nvr.stats()['requests'] == 0
    for name in ('email', 'camera', 'account'):
        for run in (controller, module):
            assert run.task(name)['status'] == 'ok' and run.task(name)['changed'] is False, run.output[-3000:]
            assert run.task(name)['requests'] == [] and run.task(name)['rendered'] is True


def test_a_render_that_cannot_be_made_fails_in_one_line_and_touches_nothing(nvr, tmp_path):
    omit, text = capture(tmp_path, nvr, 'omit')
    document = json.loads(text)
    del document['replies']['/setup/ddns_config']
    lacking = tmp_path / 'lacking.json'
    lacking.write_text(json.dumps(document))
    newer = tmp_path / 'newer.json'
    newer.write_text(json.dumps(dict(document, version=2)))
    vault = tmp_path / 'vault.json'
    document['replies']['/setup/email_config']['password'] = '$ANSIBLE_VAULT;1.1;AES256\n3132'
    vault.write_text(json.dumps(document))
    tasks = [
        {'name': 'lacking', 'mobotix.move_nvr.ddns': {'enabled': False, 'nvr_device_replies': str(lacking)},
         'ignore_errors': True},
        {'name': 'newer', 'mobotix.move_nvr.email': {'server': 'x.example.com', 'nvr_device_replies': str(newer)},
         'ignore_errors': True},
        {'name': 'no vault password', 'mobotix.move_nvr.email': {'nvr_device_replies': str(vault)}, 'ignore_errors': True},
        {'name': 'no host', 'mobotix.move_nvr.email': {'server': 'x.example.com'}, 'ignore_errors': True},
    ]
    nvr.zero_counters()
    run = run_playbook(play_dir(tmp_path, 'bad'), tasks)
    assert nvr.stats()['requests'] == 0
    assert run.task('lacking')['msg'] == (
        'nvr_device_replies %s has no reply to GET /setup/ddns_config (ddns_get); capture the NVR again with '
        'mobotix.move_nvr.nvr_info, gather_subset: [replies]' % lacking)
    assert run.task('newer')['msg'].startswith('nvr_device_replies %s: version: 2 is not supported' % newer)
    assert run.task('no vault password')['msg'].startswith(
        'nvr_device_replies %s: replies./setup/email_config.password: the passwords are vault-encrypted; they need the '
        'vault password' % vault)
    assert run.task('no host')['msg'].startswith('missing required arguments: nvr_host, nvr_password, nvr_username')
    for name in ('lacking', 'newer', 'no vault password', 'no host'):
        result = run.task(name)
        assert result['status'] == 'failed' and result['nvr_failure'] == 'options_refused' and '\n' not in result['msg']
        assert result.get('rendered') is (None if name == 'no host' else True)
