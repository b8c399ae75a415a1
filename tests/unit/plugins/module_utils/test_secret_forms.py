# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets in every form, registered before any request, masked on every path of execute().

The device's encrypted form of a password is the password (the key is fixed); a form body or a
URL carries it URL-encoded, a JSON body JSON-escaped. A failed run returns no `_secrets`, so the
runner must know them all before login: the password, its login hash, nvr_config's nested secrets
(extra_no_log_values), the task's own secret options, and what the caller knows is no_log.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

try:
    from urllib.parse import quote, quote_plus
except ImportError:  # pragma: no cover
    from urllib import quote, quote_plus

import pytest

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password, login_hash
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import MASK, scrub, secret_variants, text_forms
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import execute, task_secrets

ADMIN = 'Adm1n-Secret'
# A password with every character that changes between forms: quote, backslash, slash, plus, space, non-ASCII.
SMTP = u'Sm\u00e4p "pw"/+\\1'
PARAMS = {'nvr_host': '127.0.0.1', 'nvr_username': 'Admin', 'nvr_password': ADMIN, 'nvr_timeout': 10,
          'nvr_retries': 3, 'password': SMTP}


def all_forms(text):
    """Every form the brief names, of text and of its device-encrypted form."""
    found = set()
    for value in (text, encrypt_password(text)):
        for escaped in (value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]):
            found.update([escaped, quote(escaped, safe=''), quote(escaped), quote_plus(escaped)])
    return found


class Resource:
    secret_paths = ('password',)


class Task:
    """A ConfigTask's shape (a resource with secret_paths) whose run does what it is told."""

    resource = Resource()

    def __init__(self, outcome):
        self.outcome = outcome

    def run(self, client, params, check_mode=False, diff_mode=False):
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return dict(self.outcome)


class NestedSecretsTask(Task):
    """nvr_config's shape: the secrets inside its resources come from extra_no_log_values."""

    resource = None

    def extra_no_log_values(self, params):
        return set(['Gu4rd-Nested'])


class Client:
    def __init__(self, logout_problem=None):
        self.secrets = []
        self.label = 'NVR 127.0.0.1:80'
        self.logout_problem = logout_problem
        self.logged_out = False

    def login(self):
        pass

    def logout(self):
        self.logged_out = True


def leaks(result, secrets):
    text = json.dumps(result, ensure_ascii=False)
    return sorted(s for s in secrets if len(s) >= 3 and s in text)


# ------------------------------------------------------------------ the expansion

def test_secret_variants_has_every_form_of_plaintext_and_encrypted():
    variants = set(secret_variants([SMTP]))
    assert all_forms(SMTP) <= variants
    assert encrypt_password(SMTP) in variants and quote_plus(encrypt_password(SMTP)) in variants
    assert json.dumps(SMTP)[1:-1] == u'Sm\\u00e4p \\"pw\\"/+\\\\1'
    assert json.dumps(SMTP)[1:-1] in variants and json.dumps(SMTP, ensure_ascii=False)[1:-1] in variants


def test_a_plain_password_has_few_forms():
    assert text_forms('Adm1nSecret') == set(['Adm1nSecret'])
    assert len(secret_variants(['Adm1nSecret'])) <= 4, 'the encrypted form and its URL-encodings'


def test_nothing_to_expand():
    assert secret_variants([None, '', MASK, 5]) == []


def test_scrub_masks_a_longer_secret_whole_before_a_shorter_one_inside_it():
    assert scrub({'a': ['x Adm1n-Secret-2 y']}, ['Adm1n-Secret', 'Adm1n-Secret-2']) == {'a': ['x ******** y']}


def test_task_secrets_are_known_before_any_request():
    found = set(task_secrets(NestedSecretsTask({}), PARAMS, known=['No-Log-Value']))
    assert all_forms(ADMIN) <= found
    assert login_hash('Admin', ADMIN) in found
    assert all_forms('Gu4rd-Nested') <= found
    assert all_forms('No-Log-Value') <= found
    assert all_forms(SMTP) <= set(task_secrets(Task({}), PARAMS)), "the task's own secret option"


# ------------------------------------------------------------------ failures

@pytest.mark.parametrize('form', sorted(all_forms(SMTP)), ids=repr)
def test_a_device_refusal_quoting_any_form_of_a_secret_is_masked(form):
    error = NvrError('NVR 127.0.0.1:80 refused POST /setup/email_config: bad body {"password":"%s"} %s' % (form, form))
    result = execute(Task(error), PARAMS, client=Client())
    assert result['failed'] is True
    assert form not in result['msg']
    assert leaks(result, all_forms(SMTP)) == []


def test_the_refused_body_echoed_with_the_encrypted_password_is_masked():
    """The finding: "password":"eI8b97uPg0O7UuM=" in the message is the password with the fixed key."""
    echoed = json.dumps({'password': encrypt_password(SMTP), 'server': 'smtp.example.com'})
    result = execute(Task(NvrError('NVR x refused POST /setup/email_config: %s' % echoed)), PARAMS, client=Client())
    assert encrypt_password(SMTP) not in result['msg']
    assert '"server": "smtp.example.com"' in result['msg'], 'the rest of the message stays'


@pytest.mark.parametrize('echo', [
    '{"password":"%s"}', '{"password": "%s"}', "{'password': '%s'}", '{\\"password\\":\\"%s\\"}',
    'Param=%%7B%%22password%%22%%3A%%22%s%%22%%7D',
], ids=['json', 'json spaced', 'repr', 'json in json', 'url-encoded form'])
def test_a_password_only_the_device_holds_echoed_in_a_failure_is_masked(echo):
    """Another camera's password, say: not among the task's secrets, yet the quoted password field is masked."""
    device_only = encrypt_password('Other-Camera-Pw')
    value = quote_plus(device_only) if 'Param=' in echo else device_only
    result = execute(Task(NvrError('NVR x refused POST /camera/camera_connection: ' + echo % value)), PARAMS,
                     client=Client())
    assert value not in result['msg'] and MASK in result['msg']


def test_an_unexpected_exception_quoting_a_secret_is_masked_in_msg_and_exception():
    error = ValueError('cannot send %s (%s, %s, %s)' % (SMTP, encrypt_password(SMTP), quote_plus(SMTP), ADMIN))
    client = Client()
    result = execute(Task(error), PARAMS, client=client)
    assert result['msg'].startswith('internal error in mobotix.move_nvr (ValueError: cannot send ********')
    assert 'Traceback' in result['exception'] and 'cannot send ********' in result['exception']
    assert leaks(result, all_forms(SMTP) | all_forms(ADMIN)) == []
    assert client.logged_out


def test_nested_secrets_are_masked_when_the_run_fails():
    error = NvrError('account: refused %s / %s' % (encrypt_password('Gu4rd-Nested'), quote('Gu4rd-Nested')))
    result = execute(NestedSecretsTask(error), PARAMS, client=Client())
    assert result['msg'] == 'account: refused ******** / ********'


def test_the_login_hash_is_masked_in_a_failure():
    error = NvrError('NVR x: login form account=%s refused' % login_hash('Admin', ADMIN))
    result = execute(Task(error), PARAMS, client=Client())
    assert result['msg'] == 'NVR x: login form account=******** refused'


def test_no_log_values_given_by_the_caller_are_masked_in_every_form():
    error = NvrError('NVR x: %s' % encrypt_password('Caller-Only-Secret'))
    result = execute(Task(error), PARAMS, client=Client(), secrets=['Caller-Only-Secret'])
    assert result['msg'] == 'NVR x: ********'


def test_a_failure_inside_the_client_factory_is_one_line_and_masked(monkeypatch):
    from ansible_collections.mobotix.move_nvr.plugins.module_utils import runner

    def broken(**options):
        raise RuntimeError('no client for %s' % options['password'])
    monkeypatch.setattr(runner, 'NvrClient', broken)
    result = execute(Task({}), PARAMS)
    assert result['msg'] == 'internal error in mobotix.move_nvr (RuntimeError: no client for ********); please report it'
    assert ADMIN not in result['exception']


# ------------------------------------------------------------------ success and warnings

def test_every_form_is_masked_on_success_in_nested_results_and_warnings():
    outcome = {'changed': True, 'resources': {'email': {'config': {'note': quote_plus(SMTP)}}},
               'warnings': ['seen %s' % json.dumps(SMTP)[1:-1]], 'requests': [{'body': {'x': encrypt_password(SMTP)}}]}
    result = execute(Task(outcome), PARAMS, client=Client())
    assert result['resources']['email']['config']['note'] == MASK
    assert result['warnings'] == ['seen ********']
    assert result['requests'] == [{'body': {'x': MASK}}]


def test_a_session_the_client_could_not_close_is_a_warning():
    result = execute(Task({'changed': False, 'warnings': ['first']}), PARAMS,
                     client=Client(logout_problem='no answer to GET /logout within 10 s'))
    assert result['warnings'] == ['first', 'the session could not be closed: NVR 127.0.0.1:80: '
                                  'no answer to GET /logout within 10 s']
    assert 'failed' not in result
    named = Client(logout_problem='NVR 127.0.0.1:80: GET /logout answered HTTP 500')
    assert execute(Task({'changed': False}), PARAMS, client=named)['warnings'] == [
        'the session could not be closed: NVR 127.0.0.1:80: GET /logout answered HTTP 500'], 'the NVR named once'


def test_a_failed_run_also_warns_about_the_session():
    result = execute(Task(NvrError('NVR 127.0.0.1:80: no answer')), PARAMS, client=Client(logout_problem='timed out'))
    assert result['failed'] is True and result['msg'] == 'NVR 127.0.0.1:80: no answer'
    assert result['warnings'] == ['the session could not be closed: NVR 127.0.0.1:80: timed out']


def test_no_warning_when_the_client_says_nothing_about_the_logout():
    class OldClient(Client):
        def __init__(self):
            Client.__init__(self)
            del self.logout_problem
    assert 'warnings' not in execute(Task({'changed': False}), PARAMS, client=OldClient())
    assert 'warnings' not in execute(Task({'changed': False}), PARAMS, client=Client())
