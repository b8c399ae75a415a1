# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device replies (module_utils/offline.py): the capture, the file and its checks, the offline client, secrets,
and a render through the runner that equals a check-mode run against the same NVR."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest
import yaml

from ansible_collections.mobotix.move_nvr.plugins.module_utils import offline, runner
from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.connection import (
    connection_argument_spec, connection_problem, missing_problem)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import MASK, MASK_CHANGED, secret_variants
from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import NvrConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_facts import (
    ALL_SUBSETS, DEVICE_SUBSETS, RESOURCES, NvrInfoTask, select_subsets)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.offline import (
    CAPTURED, FORMAT, NOT_CAPTURED, SECRET_MARKER, DeviceRepliesError, OfflineClient, capture, load, mark_secrets)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources import camera, email

HERE = os.path.dirname(__file__)
with open(os.path.join(HERE, 'nvr_info_device.yml')) as f:
    DEVICE = yaml.safe_load(f)
LOGIN = {'nvr_host': '192.0.2.10', 'nvr_username': 'Admin', 'nvr_password': 'Adm1n-Login-pw'}


def device_passwords(value):
    """Every non-empty `password` value at any depth of the device's JSON."""
    found = []
    if isinstance(value, dict):
        for key, child in value.items():
            if key == 'password' and child:
                found.append(child)
            else:
                found.extend(device_passwords(child))
    elif isinstance(value, list):
        for child in value:
            found.extend(device_passwords(child))
    return found


PASSWORDS = [decrypt_password(value) for value in device_passwords(DEVICE)]


class LiveClient:
    """A live NVR as the engine sees it: answers reads from DEVICE, records what would be written."""

    username = 'Admin'
    label = 'NVR 192.0.2.10:443'
    logout_problem = None
    secrets = []

    def __init__(self, objects=None):
        self.objects = copy.deepcopy(objects or DEVICE)
        self.reads, self.writes = [], []

    def login(self):
        pass

    def logout(self):
        pass

    def get(self, name, params=None, cache=False):
        self.reads.append(name)
        return copy.deepcopy(self.objects[name])

    def version(self):
        return self.get('version')

    def call(self, name, body=None, params=None):
        self.writes.append((name, body))
        return {'code': 0, 'output': None}


def captured(**changes):
    document, found = capture(LiveClient(), 'Admin')
    document.update(changes)
    return document


def write_json(tmp_path, document, name='nvr01.json'):
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2))
    return str(path)


# -- what is captured -----------------------------------------------------------------
def test_every_get_is_captured_or_left_out_with_a_reason():
    gets = set(name for name, (method, dummy) in ENDPOINTS.items() if method == 'GET')
    assert set(CAPTURED) | set(NOT_CAPTURED) == gets
    assert not set(CAPTURED) & set(NOT_CAPTURED)
    assert 'camera_clear_all' in NOT_CAPTURED, 'a GET that disconnects every camera is never sent by a capture'


def test_every_read_of_the_modules_is_captured():
    reads = set(resource.read_endpoint for resource in RESOURCES.values()) | set(['version'])
    assert reads <= set(CAPTURED)
    live = LiveClient()
    NvrInfoTask().run(live, {'gather_subset': list(DEVICE_SUBSETS)})
    assert set(live.reads) <= set(CAPTURED), 'the device facts of nvr_info'


def test_the_capture_reads_each_path_once_and_writes_nothing():
    live = LiveClient()
    document, found = capture(live, 'Admin')
    assert sorted(live.reads) == sorted(CAPTURED) and live.writes == []
    assert document['format'] == FORMAT and document['version'] == 1 and document['secrets'] == 'omit'
    assert document['nvr'] == {'model': 'H100', 'firmware_version': 'A99999999999'}
    assert document['username'] == 'Admin'
    assert sorted(document['replies']) == sorted(ENDPOINTS[name][1] for name in CAPTURED)
    assert document['replies']['/information/version'] == DEVICE['version']


def test_the_capture_holds_no_password_in_any_form():
    document, found = capture(LiveClient(), 'Admin')
    text = json.dumps(document)
    for secret in secret_variants(PASSWORDS):
        assert secret not in text
    assert len(found) == len(PASSWORDS) and sorted(p for dummy, p in found) == sorted(PASSWORDS)
    email_path = ('replies', '/setup/email_config', 'password')
    assert (email_path, decrypt_password(DEVICE['email_get']['password'])) in found
    assert document['replies']['/setup/email_config']['password'] == SECRET_MARKER
    # everything else is the NVR's reply as it was
    unmarked, dummy = mark_secrets(DEVICE['camera_list'])
    assert document['replies']['/information/camera_list'] == unmarked


def test_an_empty_password_stays_empty_and_one_that_is_no_password_is_marked_without_plaintext():
    value, found = mark_secrets({'a': {'password': ''}, 'b': [{'password': 'not base64 at all!'}], 'c': {'password': None}})
    assert value == {'a': {'password': ''}, 'b': [{'password': SECRET_MARKER}], 'c': {'password': None}}
    assert found == [(('b', 0, 'password'), None)]


# -- the file and its checks ---------------------------------------------------------
def test_a_file_and_a_dict_load_alike(tmp_path):
    document = captured()
    path = write_json(tmp_path, document)
    assert load(path) == (document, path)
    assert load(document) == (document, '(given as data)')


@pytest.mark.parametrize('change, field', [
    ({'format': 'something.else'}, "format: 'something.else' is not a device replies file; allowed: " + FORMAT),
    ({'format': None}, 'format: None is not a device replies file'),
    ({'version': 2}, 'version: 2 is not supported by this collection; allowed: 1'),
    ({'version': '1'}, "version: '1' is not a whole number; allowed: 1"),
    ({'version': True}, 'version: True is not a whole number'),
    ({'replies': []}, 'replies: not an object'),
    ({'replies': {'email_get': {}}}, "replies: the key 'email_get' is not a path; allowed: the paths of the GETs"),
    ({'secrets': 'plain'}, "secrets: 'plain' is not known; allowed: omit, vault"),
    ({'nvr': 'H100'}, 'nvr: not an object'),
    ({'username': 7}, 'username: 7 is not a text'),
], ids=repr)
def test_a_bad_field_is_one_line_naming_the_file_and_the_field(tmp_path, change, field):
    path = write_json(tmp_path, captured(**change))
    with pytest.raises(DeviceRepliesError) as raised:
        OfflineClient(path).login()
    assert str(raised.value).startswith('nvr_device_replies %s: %s' % (path, field))
    assert '\n' not in str(raised.value) and raised.value.kind == 'options_refused'


@pytest.mark.parametrize('missing', ['format', 'version', 'replies'])
def test_a_missing_field_is_named(tmp_path, missing):
    document = captured()
    del document[missing]
    with pytest.raises(DeviceRepliesError, match='^nvr_device_replies .*nvr01.json: %s: ' % missing):
        OfflineClient(write_json(tmp_path, document)).login()


@pytest.mark.parametrize('content, problem', [
    (None, 'does not exist'),
    (b'{"format": ', 'is not JSON'),
    (b'\xff\xfe not text', 'is not UTF-8 text'),
    (b'[1, 2]', 'the top level is list'),
])
def test_a_file_that_is_no_device_replies_file_is_refused_in_one_line(tmp_path, content, problem):
    path = tmp_path / 'replies.json'
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DeviceRepliesError) as raised:
        OfflineClient(str(path)).login()
    assert str(path) in str(raised.value) and problem in str(raised.value) and '\n' not in str(raised.value)


def test_a_file_too_large_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(offline, 'MAX_FILE_BYTES', 100)
    path = write_json(tmp_path, captured())
    with pytest.raises(DeviceRepliesError, match='is larger than'):
        OfflineClient(path).login()


def test_a_password_in_the_nvrs_form_is_refused_naming_where_never_showing_it(tmp_path):
    document = captured()
    document['replies']['/information/camera_list']['camera_list'][0]['password'] = DEVICE['camera_list']['camera_list'][0]['password']
    path = write_json(tmp_path, document)
    with pytest.raises(DeviceRepliesError) as raised:
        OfflineClient(path).login()
    message = str(raised.value)
    assert message.startswith('nvr_device_replies %s: replies./information/camera_list.camera_list[0].password: ' % path)
    assert "the NVR's encrypted form" in message
    assert DEVICE['camera_list']['camera_list'][0]['password'] not in message


def test_too_deep_json_is_refused(tmp_path):
    document = captured()
    deep = {}
    for dummy in range(40):
        deep = {'x': deep}
    document['replies']['/setup/email_config'] = deep
    with pytest.raises(DeviceRepliesError, match='nesting deeper than'):
        OfflineClient(document).login()


# -- the offline client ---------------------------------------------------------------
def test_the_client_answers_every_captured_read_and_sends_nothing():
    client = OfflineClient(captured())
    client.login()
    for name in CAPTURED:
        assert client.get(name) is not None
    assert client.version() == DEVICE['version']
    assert client.request_count == 0 and client.logout_problem is None and client.rendered
    assert client.username == 'Admin', "the capture's account when nvr_username is not given"
    assert client.call('email_get')['output'] == client.get('email_get')
    client.logout()


def test_a_reply_is_a_copy():
    client = OfflineClient(captured())
    client.get('email_get')['account'] = 'changed'
    assert client.get('email_get')['account'] == DEVICE['email_get']['account']


def test_a_read_the_file_lacks_names_the_path_the_endpoint_and_the_file(tmp_path):
    document = captured()
    del document['replies']['/setup/ddns_config']
    path = write_json(tmp_path, document)
    client = OfflineClient(path)
    client.login()
    with pytest.raises(DeviceRepliesError) as raised:
        client.get('ddns_get')
    assert str(raised.value) == ('nvr_device_replies %s has no reply to GET /setup/ddns_config (ddns_get); capture the NVR '
                                 'again with mobotix.move_nvr.nvr_info, gather_subset: [replies]' % path)


@pytest.mark.parametrize('name', ['email_set', 'camera_connection', 'account_add', 'camera_clear_all', 'logout'])
def test_a_write_is_never_answered(name):
    client = OfflineClient(captured())
    client.login()
    with pytest.raises(NvrError, match='nothing is sent when rendering'):
        client.call(name, body={})


def test_the_version_counts_are_checked_as_a_live_client_checks_them():
    document = captured()
    document['replies']['/information/version']['num_ch'] = 100000
    client = OfflineClient(document)
    with pytest.raises(NvrError, match='num_ch'):
        client.version()


def test_a_marked_password_becomes_an_unknown_one_that_is_a_secret():
    client = OfflineClient(captured())
    client.login()
    stored = client.get('email_get')['password']
    unknown = decrypt_password(stored)
    assert unknown not in PASSWORDS and unknown.startswith('not-in-the-device-replies-')
    assert client.unknown_passwords
    assert stored in client.secrets and unknown in client.secrets
    assert client.get('user_management')['user'][0]['password'] == stored, 'one unknown password per client'
    other = OfflineClient(captured())
    other.login()
    assert other.get('email_get')['password'] != stored, 'random, not guessable from the file'


def test_vault_texts_are_decrypted_into_the_nvrs_form():
    document = captured(secrets='vault')
    document['replies']['/setup/email_config']['password'] = '$ANSIBLE_VAULT;1.1;AES256\n6162'
    client = OfflineClient(document, decrypt=lambda text: 'Smtp-From-Vault')
    client.login()
    assert client.get('email_get')['password'] == encrypt_password('Smtp-From-Vault')
    assert 'Smtp-From-Vault' in client.secrets


def test_vault_texts_without_the_plays_vault_password_fail_in_one_line(monkeypatch):
    monkeypatch.setattr(offline, 'vault_decrypter', lambda: (None, 'they need the vault password they were encrypted with'))
    document = captured(secrets='vault')
    document['replies']['/setup/email_config']['password'] = '$ANSIBLE_VAULT;1.1;AES256\n6162'
    with pytest.raises(DeviceRepliesError) as raised:
        OfflineClient(document).login()
    assert str(raised.value) == ('nvr_device_replies (given as data): replies./setup/email_config.password: the passwords '
                                 'are vault-encrypted; they need the vault password they were encrypted with')


def test_a_vault_text_that_does_not_decrypt_is_named():
    def refuse(text):
        raise ValueError('Decryption failed (no vault secrets were found that could decrypt)')
    document = captured()
    document['replies']['/setup/ddns_config']['password'] = '$ANSIBLE_VAULT;1.1;AES256\n6162'
    with pytest.raises(DeviceRepliesError, match=r"replies\./setup/ddns_config\.password: cannot be decrypted with the "
                                                 r"play's vault password \(Decryption failed"):
        OfflineClient(document, decrypt=refuse).login()


def test_the_real_vault_decrypter_reads_the_plays_vault_secrets(monkeypatch):
    vault = pytest.importorskip('ansible.parsing.vault')
    if not hasattr(vault, 'VaultSecretsContext'):
        pytest.skip('ansible-core before 2.19')
    secret = vault.VaultSecret(b'the-vault-pw')
    text = vault.VaultLib([('default', secret)]).encrypt('Smtp-pw-9').decode()
    monkeypatch.setattr(vault.VaultSecretsContext, '_current', None)
    decrypt, why = offline.vault_decrypter()
    assert decrypt is None and '--vault-password-file' in why
    vault.VaultSecretsContext.initialize(vault.VaultSecretsContext([('default', secret)]))
    try:
        decrypt, why = offline.vault_decrypter()
        assert why is None and decrypt(text) == 'Smtp-pw-9'
    finally:
        monkeypatch.setattr(vault.VaultSecretsContext, '_current', None)


# -- the connection options --------------------------------------------------------------
def test_the_option_is_raw_and_the_login_options_are_required_only_without_it():
    spec = connection_argument_spec()
    assert spec['nvr_device_replies'] == {'type': 'raw'}
    assert not any(spec[name].get('required') for name in ('nvr_host', 'nvr_username', 'nvr_password'))
    assert missing_problem({}) == ('missing required arguments: nvr_host, nvr_password, nvr_username (or the environment '
                                   'variables MOVE_NVR_HOST, MOVE_NVR_PASSWORD, MOVE_NVR_USERNAME; nvr_device_replies '
                                   'instead renders offline, without them)')
    assert missing_problem({'nvr_username': 'Admin', 'nvr_password': 'x'}).startswith(
        'missing required arguments: nvr_host (or the environment variable MOVE_NVR_HOST;')
    assert missing_problem(LOGIN) is None
    assert missing_problem({'nvr_device_replies': 'x.json'}) is None


def test_rendering_checks_only_the_type_of_the_option():
    assert connection_problem({'nvr_device_replies': 'x.json', 'nvr_port': 0, 'nvr_ca_path': '/nowhere'}) is None
    assert connection_problem({'nvr_device_replies': {'format': FORMAT}}) is None
    for bad in ('', '  ', 7, ['x.json']):
        assert connection_problem({'nvr_device_replies': bad}).startswith('nvr_device_replies: ')


# -- through the runner: a render is a check-mode run, with no connection -------------------
@pytest.fixture
def no_live_client(monkeypatch):
    def refuse(**options):
        raise AssertionError('a render built a live client')
    monkeypatch.setattr(runner, 'NvrClient', refuse)


def check_against_the_nvr(task, params, diff=True):
    live = LiveClient()
    result = runner.execute(task, dict(LOGIN, **params), check_mode=True, diff_mode=diff, client=live)
    assert live.writes == []
    return result


def render(task, params, source=None, diff=True, check_mode=False):
    return runner.execute(task, dict(params, nvr_device_replies=source or captured()), check_mode=check_mode,
                          diff_mode=diff)


EMAIL_CHANGE = {'server': 'smtp.example.com', 'port': 587, 'recipients': ['soc@example.com'], 'provider': 'custom'}
CAMERAS_OVERRIDDEN = {'state': 'overridden', 'cameras': [
    {'channel': 0, 'ip': '198.51.100.20', 'title': 'Gate'},
    {'channel': 2, 'ip': '198.51.100.22', 'http_port': 80, 'rtsp_port': 554, 'protocol': 'RTP+RTSP', 'type': 1}]}


@pytest.mark.parametrize('module, params', [
    (email, EMAIL_CHANGE), (email, {}), (camera, CAMERAS_OVERRIDDEN)], ids=['email', 'email unchanged', 'camera'])
def test_a_render_is_what_a_check_against_the_nvr_gives(no_live_client, module, params):
    task = ConfigTask(module.RESOURCE)
    expected = check_against_the_nvr(task, params)
    got = render(task, params)
    assert got.pop('rendered') is True
    assert got == expected


def test_a_render_runs_in_check_mode_whatever_the_caller_says(no_live_client):
    seen = []

    class Task:
        def run(self, client, params, check_mode=False, diff_mode=False):
            seen.append((check_mode, type(client).__name__))
            return {'changed': False}
    result = runner.execute(Task(), {'nvr_device_replies': captured()}, check_mode=False)
    assert seen == [(True, 'OfflineClient')] and result == {'changed': False, 'rendered': True}


def test_nvr_config_renders_several_resources(no_live_client):
    params = {'email': EMAIL_CHANGE, 'camera': CAMERAS_OVERRIDDEN, 'record_config': {'retention_days': 14}}
    expected = check_against_the_nvr(NvrConfigTask(), params)
    got = render(NvrConfigTask(), params)
    assert got.pop('rendered') is True
    assert got == expected and got['changed']


def test_a_password_the_file_does_not_hold_shows_as_changed(no_live_client):
    current = decrypt_password(DEVICE['email_get']['password'])
    params = dict(EMAIL_CHANGE, password=current)
    assert check_against_the_nvr(ConfigTask(email.RESOURCE), {'password': current})['changed'] is False
    got = render(ConfigTask(email.RESOURCE), params)
    assert got['changed'] and got['diff']['after']['password'] == MASK_CHANGED
    assert [r['body']['password'] for r in got['requests']] == [MASK]
    text = json.dumps(got)
    for secret in secret_variants([current]):
        assert secret not in text
    assert 'not-in-the-device-replies' not in text


def test_with_vault_texts_a_password_is_compared_exactly(no_live_client):
    current = decrypt_password(DEVICE['email_get']['password'])
    document = captured(secrets='vault')
    document['replies']['/setup/email_config']['password'] = '$ANSIBLE_VAULT;1.1;AES256\n6162'
    task = ConfigTask(email.RESOURCE)
    client = OfflineClient(document, decrypt=lambda text: current)
    got = runner.execute(task, {'password': current, 'nvr_device_replies': document}, diff_mode=True, client=client)
    assert got['changed'] is False and got['requests'] == [] and got['rendered'] is True
    assert current not in json.dumps(got)


def test_a_bad_file_fails_the_task_as_options_refused_without_a_connection(no_live_client, tmp_path):
    result = render(ConfigTask(email.RESOURCE), {}, source=str(tmp_path / 'nope.json'))
    assert result['failed'] and result['nvr_failure'] == 'options_refused' and result['rendered'] is True
    assert result['msg'].startswith('nvr_device_replies: %s does not exist' % (tmp_path / 'nope.json'))
    assert 'unreachable' not in result


def test_a_read_the_file_lacks_fails_that_resource_of_nvr_config_only(no_live_client):
    document = captured()
    del document['replies']['/setup/ddns_config']
    result = render(NvrConfigTask(), {'email': EMAIL_CHANGE, 'ddns': {'enabled': False}}, source=document)
    # as the live run would: a resource that cannot be read means nothing is written, email included
    assert result['failed'] and result['resources']['email']['changed'] is False
    assert result['resources']['email']['msg'] == 'not sent: nothing is written to this NVR after ddns failed'
    assert 'has no reply to GET /setup/ddns_config (ddns_get)' in result['resources']['ddns']['msg']
    assert result['msg'].endswith('; nothing was written')


def test_without_device_replies_the_login_options_are_required(no_live_client):
    result = runner.execute(ConfigTask(email.RESOURCE), {'nvr_username': 'Admin'})
    assert result['failed'] and result['nvr_failure'] == 'options_refused' and 'rendered' not in result
    assert result['msg'].startswith('missing required arguments: nvr_host, nvr_password (or the environment variables')


def test_the_username_given_is_the_account_the_render_assumes(no_live_client):
    document = captured()
    assert runner.client_from_params({'nvr_device_replies': document, 'nvr_username': 'guard'}).username == 'guard'
    client = runner.client_from_params({'nvr_device_replies': document})
    client.login()
    assert client.username == 'Admin'


# -- nvr_info: the replies subset -------------------------------------------------------------
def test_replies_is_read_only_when_named():
    assert 'replies' not in select_subsets(['all'])[0] and 'replies' not in select_subsets(['!storage'])[0]
    assert select_subsets(['replies']) == (['replies'], None)
    assert select_subsets(['all', 'replies'])[0] == list(ALL_SUBSETS) + ['replies']
    assert select_subsets(['!all', 'replies']) == (['replies'], None)
    assert 'replies' in select_subsets(['nope'])[1]


def test_nvr_info_returns_the_replies_scrubbed_of_every_password(no_live_client):
    live = LiveClient()
    result = runner.execute(NvrInfoTask(), dict(LOGIN, gather_subset=['replies']), client=live)
    assert live.writes == [] and result['nvr'] == {} and 'warnings' not in result
    assert result['device_replies']['format'] == FORMAT
    assert load(result['device_replies'])[0] == result['device_replies']
    text = json.dumps(result)
    for secret in secret_variants(PASSWORDS + [LOGIN['nvr_password']]):
        assert secret not in text


def test_a_password_inside_another_text_is_warned_about_by_place_only():
    objects = copy.deepcopy(DEVICE)
    guard = decrypt_password(objects['user_management']['user'][1]['password'])
    objects['email_get']['account'] = 'x-%s@example.com' % guard
    result = runner.execute(NvrInfoTask(), dict(LOGIN, gather_subset=['replies']), client=LiveClient(objects))
    assert result['warnings'] == [
        'device_replies: the text of a password is part of replies./setup/email_config.account; it is masked there as '
        'everywhere, so a render from these replies may differ from the NVR at those places (give the NVR, its cameras '
        'and accounts passwords that no other setting contains)']
    assert guard not in json.dumps(result)


def test_nvr_info_renders_from_the_replies_too(no_live_client):
    result = render(NvrInfoTask(), {'gather_subset': ['version', 'email', 'cameras']})
    expected = runner.execute(NvrInfoTask(), dict(LOGIN, gather_subset=['version', 'email', 'cameras']), client=LiveClient())
    assert result.pop('rendered') is True
    assert result == expected


def test_nvr_info_will_not_vault_passwords_the_file_does_not_hold(no_live_client):
    result = render(NvrInfoTask(keep_plain=True), {'gather_subset': ['email'], 'secrets': 'vault'})
    assert result['failed'] and result['msg'].startswith('secrets=vault: device replies (given as data) hold no passwords')


def test_the_action_plugin_puts_vault_texts_at_the_marked_places():
    from ansible_collections.mobotix.move_nvr.plugins.action.nvr_info import vault_replies
    document, found = capture(LiveClient(), 'Admin')
    vault_replies(document, found + [(('replies', '/setup/ddns_config', 'password'), None)], lambda text: 'VAULT(%s)' % len(text))
    assert document['secrets'] == 'vault'
    assert document['replies']['/setup/email_config']['password'] == 'VAULT(%d)' % len(
        decrypt_password(DEVICE['email_get']['password']))
