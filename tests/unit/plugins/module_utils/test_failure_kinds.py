# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What failed: an NVR that could not be reached is told from one that answered and failed.

The client raises NvrUnreachable for transport failures (refused, no answer in time, dropped, TLS, name
resolution, budget), NvrLoginRefused and NvrRefused for the device's own no, NvrError for the rest, each
with its message unchanged. The runner turns them into `nvr_failure` on every failed result, and into
Ansible's `unreachable` only for an NVR that could not be reached at login.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.mobotix.move_nvr.plugins.module_utils import client, runner
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import (
    NvrClient, NvrError, NvrLoginRefused, NvrRefused, NvrUnreachable)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import (
    FAILURE_KINDS, execute, failure_kind, resources_failure_kind, task_result)

LABEL = 'NVR nvr.example.com:443'


# ------------------------------------------------------------------ the client, over a scripted session

class Reply:
    def __init__(self, status=200, body=None, cookie=None):
        self.status_code = status
        self.headers = {}
        self.encoding = 'utf-8'
        self.content = json.dumps(body if body is not None else {'code': 0, 'msg': 'ok', 'output': {}}).encode('utf-8')
        self.cookie = cookie


class ScriptedSession:
    """requests.Session without a network: each path answers from its script (a Reply or an exception), in turn."""

    scripts = {}

    def __init__(self):
        self.cookies = requests.cookies.RequestsCookieJar()
        self.verify = None
        self.trust_env = False
        self.sent = []

    def request(self, method, url, **kwargs):
        path = url.split(':443', 1)[1]
        self.sent.append(path)
        script = ScriptedSession.scripts.get(path, [Reply()])
        step = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(step, Exception):
            raise step
        if step.cookie:
            self.cookies.set(client.SESSION_COOKIE, step.cookie)
        return step

    def close(self):
        pass


LOGIN_OK = Reply(body={'code': '0', 'msg': 'Login success'}, cookie='session-1')
REFUSED = requests.exceptions.ConnectionError('HTTPSConnectionPool: Max retries exceeded (Caused by NewConnectionError: '
                                              '[Errno 111] Connection refused)')
DROPPED = requests.exceptions.ConnectionError(
    "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))")
NO_NAME = requests.exceptions.ConnectionError(
    "HTTPSConnectionPool: Max retries exceeded (Caused by NameResolutionError: Failed to resolve 'nvr.example.com')")


@pytest.fixture
def scripted(monkeypatch):
    ScriptedSession.scripts = {}
    monkeypatch.setattr(client.requests, 'Session', ScriptedSession)
    monkeypatch.setattr(client.time, 'sleep', lambda seconds: None)
    return ScriptedSession.scripts


def nvr_client(**kwargs):
    kwargs.setdefault('retries', 2)
    return NvrClient('nvr.example.com', 'admin', 'Secret-1', **kwargs)


def raised(call):
    with pytest.raises(NvrError) as caught:
        call()
    return caught.value


# (what the login meets, the class raised, the message)
AT_LOGIN = [
    ([REFUSED], NvrUnreachable, '%s: connection failed (connection refused) on POST /auth/login, still after 2 retries '
                                '(nvr_retries)' % LABEL),
    ([DROPPED], NvrUnreachable, '%s: connection failed (connection dropped by the NVR) on POST /auth/login' % LABEL),
    ([NO_NAME], NvrUnreachable, None),
    ([requests.exceptions.ReadTimeout('read timed out')], NvrUnreachable,
     '%s: no complete answer to POST /auth/login within 10 s (nvr_timeout)' % LABEL),
    ([requests.exceptions.ConnectTimeout('connect timed out')], NvrUnreachable, None),
    ([requests.exceptions.SSLError('[SSL: WRONG_VERSION_NUMBER] wrong version number')], NvrUnreachable,
     '%s: TLS failed on POST /auth/login ([SSL: WRONG_VERSION_NUMBER] wrong version number)' % LABEL),
    ([requests.exceptions.ChunkedEncodingError('Connection broken: IncompleteRead(3 bytes read)')], NvrUnreachable, None),
    ([Reply(503, {'code': 503})], NvrError,
     '%s: HTTP 503 (the NVR is overloaded) on POST /auth/login, still after 2 retries (nvr_retries)' % LABEL),
    ([REFUSED, REFUSED, Reply(503, {'code': 503})], NvrError, None),    # the NVR answered in the end
    ([Reply(503, {'code': 503}), Reply(503, {'code': 503}), REFUSED], NvrUnreachable, None),
    ([Reply(401, {'code': 401})], NvrLoginRefused,
     '%s: login refused (HTTP 401): check nvr_username and nvr_password' % LABEL),
    ([Reply(403, {'code': 403, 'msg': 'locked'})], NvrLoginRefused, '%s: POST /auth/login failed with HTTP 403: locked' % LABEL),
    ([Reply(body={'code': 7, 'msg': 'Login failed'})], NvrLoginRefused, '%s refused POST /auth/login: Login failed' % LABEL),
    ([Reply(500, {'code': 500})], NvrError, '%s: internal error (HTTP 500) on POST /auth/login' % LABEL),
    ([Reply(body={'code': 0, 'msg': 'ok'})], NvrError, None),         # no session cookie
    ([Reply(302, {'code': 0})], NvrError, None),                       # a redirect
]


@pytest.mark.parametrize('script, raised_class, msg', AT_LOGIN, ids=[str(i) for i in range(len(AT_LOGIN))])
def test_login_failures_are_classified_and_keep_their_message(scripted, script, raised_class, msg):
    scripted['/auth/login'] = list(script)
    error = raised(nvr_client().login)
    assert error.__class__ is raised_class, (error.__class__, str(error))
    if msg is not None:
        assert str(error) == msg


def test_a_budget_used_up_is_unreachable(scripted, monkeypatch):
    ticks = iter([0.0, 0.0, 5.0, 5.0, 5.0, 5.0])
    monkeypatch.setattr(client.time, 'monotonic', lambda: next(ticks, 5.0))
    scripted['/auth/login'] = [REFUSED]
    error = raised(nvr_client(budget=1).login)
    assert error.__class__ is NvrUnreachable and 'time budget of 1 s used up' in str(error), str(error)


# (what the request after login meets, the class raised)
AFTER_LOGIN = [
    (Reply(body={'code': 3, 'msg': 'port out of range'}), NvrRefused),
    (Reply(401, {'code': 401}), NvrRefused),
    (Reply(400, {'code': 400, 'msg': 'bad'}), NvrRefused),
    (Reply(404, {}), NvrError),
    (Reply(500, {}), NvrError),
    (requests.exceptions.ReadTimeout('read timed out'), NvrUnreachable),
]


@pytest.mark.parametrize('step, raised_class', AFTER_LOGIN, ids=[str(i) for i in range(len(AFTER_LOGIN))])
def test_failures_after_login_are_classified(scripted, step, raised_class):
    scripted['/auth/login'] = [LOGIN_OK]
    scripted['/setup/ddns_config'] = [step]
    nvr = nvr_client(retries=0)
    nvr.login()
    error = raised(lambda: nvr.get('ddns_get'))   # a 401 logs in again once, then is the account's lack of authority
    nvr.logout()
    assert error.__class__ is raised_class, (error.__class__, str(error))


def test_the_kinds_of_the_classes():
    assert [cls.kind for cls in (NvrError, NvrUnreachable, NvrLoginRefused, NvrRefused)] == [
        'error', 'unreachable', 'login_refused', 'device_refused']
    assert all(issubclass(cls, NvrError) for cls in (NvrUnreachable, NvrLoginRefused, NvrRefused))


# ------------------------------------------------------------------ the runner

class StubClient:
    def __init__(self, login_error=None):
        self.login_error = login_error
        self.calls = []
        self.secrets = []

    def login(self):
        self.calls.append('login')
        if self.login_error:
            raise self.login_error

    def logout(self):
        self.calls.append('logout')


class Task:
    def __init__(self, outcome=None, problem=None):
        self.outcome = outcome if outcome is not None else {'changed': False}
        self.problem = problem
        self.runs = 0

    def preflight(self, params):
        return self.problem

    def run(self, client, params, check_mode=False, diff_mode=False):
        self.runs += 1
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return dict(self.outcome)


PARAMS = {'nvr_host': 'nvr.example.com', 'nvr_username': 'admin', 'nvr_password': 'Adm1n-Secret'}


def test_an_nvr_unreachable_at_login_is_unreachable():
    stub = StubClient(NvrUnreachable('NVR x: connection failed (connection refused) on POST /auth/login'))
    task = Task()
    result = execute(task, PARAMS, client=stub)
    assert result == {'failed': True, 'changed': False, 'unreachable': True, 'nvr_failure': 'unreachable',
                      'msg': 'NVR x: connection failed (connection refused) on POST /auth/login'}
    assert task.runs == 0 and stub.calls == ['login', 'logout']


def test_a_timeout_after_login_is_the_error_of_what_was_being_done():
    result = execute(Task(NvrUnreachable('NVR x: no complete answer to GET /setup/email_config within 10 s (nvr_timeout)')),
                     PARAMS, client=StubClient())
    assert result['failed'] is True and result['nvr_failure'] == 'error'
    assert 'unreachable' not in result


@pytest.mark.parametrize('error, kind', [
    (NvrLoginRefused('NVR x: login refused (HTTP 401): check nvr_username and nvr_password'), 'login_refused'),
    (NvrError('NVR x: internal error (HTTP 500) on POST /auth/login'), 'error'),
    (NvrRefused('NVR x refused POST /auth/login: no'), 'device_refused'),
])
def test_other_login_failures(error, kind):
    result = execute(Task(), PARAMS, client=StubClient(error))
    assert result['nvr_failure'] == kind and 'unreachable' not in result


@pytest.mark.parametrize('outcome, kind', [
    (NvrRefused('NVR x refused POST /setup/ddns_config: port out of range'), 'device_refused'),
    (NvrValidationError('retention_days', '120 is outside the range this NVR accepts', '1-90'), 'options_refused'),
    (NvrError('NVR x: POST /setup/ddns_config answered HTTP 200 with a body that is not JSON'), 'error'),
    (KeyError('bug'), 'error'),
])
def test_failures_of_the_task(outcome, kind):
    result = execute(Task(outcome), PARAMS, client=StubClient())
    assert result['failed'] is True and result['nvr_failure'] == kind and 'unreachable' not in result


def test_a_refused_connection_option_is_options_refused_and_sends_nothing():
    stub = StubClient()
    result = execute(Task(), dict(PARAMS, nvr_port=0), client=stub)
    assert result['nvr_failure'] == 'options_refused' and result['msg'].startswith('nvr_port: ')
    assert stub.calls == []


def test_the_tasks_preflight_runs_before_the_login():
    stub = StubClient()
    task = Task(problem='password: ******** is a masked placeholder')
    result = execute(task, PARAMS, client=stub)
    assert result == {'failed': True, 'changed': False, 'nvr_failure': 'options_refused',
                      'msg': 'password: ******** is a masked placeholder'}
    assert stub.calls == [] and task.runs == 0


@pytest.mark.parametrize('resources, kind', [
    ({'email': {'failed': True, 'nvr_failure': 'options_refused'}, 'ddns': {'changed': True}}, 'options_refused'),
    ({'email': {'failed': True, 'nvr_failure': 'device_refused'}, 'ddns': {'failed': True, 'nvr_failure': 'device_refused'}},
     'device_refused'),
    ({'email': {'failed': True, 'nvr_failure': 'device_refused'}, 'ddns': {'failed': True, 'nvr_failure': 'options_refused'}},
     'error'),
    ({'email': {'failed': True}}, 'error'),
    (None, 'error'),
])
def test_a_task_that_failed_in_part(resources, kind):
    outcome = {'failed': True, 'changed': True, 'msg': 'email: ...'}
    if resources is not None:
        outcome['resources'] = resources
    assert resources_failure_kind(outcome) == kind
    result = execute(Task(outcome), PARAMS, client=StubClient())
    assert result['nvr_failure'] == kind and 'unreachable' not in result


def test_a_task_result_that_says_its_kind_keeps_it():
    result = execute(Task({'failed': True, 'changed': False, 'msg': 'x', 'nvr_failure': 'device_refused'}), PARAMS,
                     client=StubClient())
    assert result['nvr_failure'] == 'device_refused'


def test_success_has_no_nvr_failure():
    assert 'nvr_failure' not in execute(Task({'changed': True}), PARAMS, client=StubClient())


def test_failure_kind():
    assert failure_kind(NvrUnreachable('x'), at_login=True) == 'unreachable'
    assert failure_kind(NvrUnreachable('x')) == 'error'
    assert failure_kind(NvrValidationError('a', 'b')) == 'options_refused'
    assert failure_kind(ValueError('x')) == 'error'
    assert set(FAILURE_KINDS) == {'unreachable', 'login_refused', 'options_refused', 'device_refused', 'error'}


def test_task_result_gives_ansible_an_unreachable_without_failed():
    error = NvrUnreachable('NVR x: connection failed (connection refused) on POST /auth/login')
    unreachable = runner.error_result(error, at_login=True)
    shown = task_result(unreachable)
    assert shown == {'changed': False, 'unreachable': True, 'nvr_failure': 'unreachable',
                     'msg': 'NVR x: connection failed (connection refused) on POST /auth/login'}
    assert unreachable['failed'] is True, 'the runner result itself is unchanged'
    failed = runner.failure('NVR x refused it', 'device_refused')
    assert task_result(failed) is failed
    assert task_result({'changed': True}) == {'changed': True}
