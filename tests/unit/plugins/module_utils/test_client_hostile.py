# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""NvrClient against a hostile NVR: small raw HTTP servers on loopback that drip, bomb, redirect and refuse.

Every reply is bounded: in time (one deadline per request, nvr_timeout, and the session's budget),
in size (after decompression), in shape (list length, nesting) and in the text it puts into errors.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib

import pytest

from ansible_collections.mobotix.move_nvr.plugins.module_utils import client, transport
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrClient, NvrError


# ------------------------------------------------------------------ a raw fake NVR

def reply(status=200, body=b'', headers=(), reason='X'):
    if not isinstance(body, bytes):
        body = json.dumps(body).encode('utf-8')
    head = ['HTTP/1.1 %d %s' % (status, reason), 'Content-Length: %d' % len(body), 'Connection: close']
    head.extend(headers)
    return ('\r\n'.join(head) + '\r\n\r\n').encode('latin-1') + body


OK = {'code': 0, 'msg': 'ok', 'output': {}}


def drip(data, every=0.2, limit=10):
    """A route that sends data one byte at a time, `every` seconds apart, for at most `limit` seconds."""
    def route(server, conn):
        ended = time.monotonic() + limit
        for i in range(len(data)):
            if time.monotonic() > ended:
                return
            conn.sendall(data[i:i + 1])
            time.sleep(every)
    return route


class FakeNvr:
    """One thread per connection, one request per connection. routes: path -> bytes, or a callable
    (server, conn) that writes the reply itself, or a list of those used in turn (the last one stays)."""

    def __init__(self, routes=None, host='127.0.0.1', family=socket.AF_INET, tls=None, delay=0):
        self.routes = {
            '/auth/login': self._login,
            '/logout': self._logout,
            '/information/version': reply(body={'code': 0, 'output': {'num_ch': 4, 'num_alarm': 4, 'num_relay': 2}}),
        }
        self.routes.update(routes or {})
        self.requests = []
        self.logins = self.logouts = 0
        self.tls = tls
        self.delay = delay
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, 0))
        self.listener.listen(32)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _login(self, server, conn):
        self.logins += 1
        conn.sendall(reply(body={'code': '0', 'msg': 'Login success'},
                           headers=['Set-Cookie: login-already=session-%d; Path=/' % self.logins]))

    def _logout(self, server, conn):
        self.logouts += 1
        conn.sendall(reply(body={'code': '0', 'msg': 'Logout success'}))

    def _accept(self):
        while True:
            try:
                conn = self.listener.accept()[0]
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            if self.tls:
                conn = self.tls.wrap_socket(conn, server_side=True)
            data = b''
            while b'\r\n\r\n' not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, body = data.split(b'\r\n\r\n', 1)
            lines = head.decode('latin-1').split('\r\n')
            method, target = lines[0].split(' ')[:2]
            length = [int(line.split(':')[1]) for line in lines if line.lower().startswith('content-length:')]
            while length and len(body) < length[0]:
                body += conn.recv(65536)
            path = target.split('?')[0]
            self.requests.append((method, path))
            if self.delay:
                time.sleep(self.delay)
            route = self.routes.get(path, reply(404, {'code': 404, 'msg': 'Not found'}))
            if isinstance(route, list):
                route = route.pop(0) if len(route) > 1 else route[0]
            if callable(route):
                route(self, conn)
            else:
                conn.sendall(route)
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()

    def client(self, **kwargs):
        kwargs.setdefault('use_https', bool(self.tls))
        kwargs.setdefault('validate_certs', False)
        kwargs.setdefault('timeout', 2)
        kwargs.setdefault('retries', 0)
        return NvrClient(kwargs.pop('host', '127.0.0.1'), 'admin', 'Secret-1', port=self.port, **kwargs)

    def close(self):
        self.listener.close()


@pytest.fixture
def nvrs():
    made = []

    def make(*args, **kwargs):
        made.append(FakeNvr(*args, **kwargs))
        return made[-1]
    yield make
    for server in made:
        server.close()


def one_line(text, limit=600):
    assert '\n' not in text and '\r' not in text, text
    assert len(text) <= limit, len(text)
    return text


def failure(call, *args, **kwargs):
    with pytest.raises(NvrError) as caught:
        call(*args, **kwargs)
    return one_line(str(caught.value))


# ------------------------------------------------------------------ time

def test_dripped_headers_end_within_the_timeout(nvrs):
    nvr = nvrs({'/information/version': drip(b'HTTP/1.1 200 OK\r\nX-Slow: ' + b'a' * 200)})
    with nvr.client(timeout=1) as nvr_client:
        started = time.monotonic()
        msg = failure(nvr_client.version)
        elapsed = time.monotonic() - started
    assert msg == 'NVR 127.0.0.1:%d: no complete answer to GET /information/version within 1 s (nvr_timeout)' % nvr.port
    assert elapsed < 2.0, elapsed
    assert nvr.logouts == 1


def test_a_dripped_body_ends_within_the_timeout(nvrs):
    head = b'HTTP/1.1 200 OK\r\nContent-Length: 500\r\nConnection: close\r\n\r\n'
    nvr = nvrs({'/setup/email_config': lambda server, conn: (conn.sendall(head), drip(b'{' + b' ' * 499, 0.1)(server, conn))})
    with nvr.client(timeout=1) as nvr_client:
        started = time.monotonic()
        msg = failure(nvr_client.get, 'email_get')
        elapsed = time.monotonic() - started
    assert 'no complete answer to GET /setup/email_config within 1 s (nvr_timeout)' in msg
    assert elapsed < 2.0, elapsed


def test_a_silent_nvr_is_named_with_the_timeout(nvrs):
    nvr = nvrs({'/auth/login': lambda server, conn: time.sleep(3)})
    started = time.monotonic()
    msg = failure(nvr.client(timeout=1).login)
    assert msg.endswith('no complete answer to POST /auth/login within 1 s (nvr_timeout)')
    assert time.monotonic() - started < 2.0


@pytest.fixture(scope='module')
def tls_context(tmp_path_factory):
    folder = tmp_path_factory.mktemp('tls')
    cert, key = str(folder / 'cert.pem'), str(folder / 'key.pem')
    made = subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
                           '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost'],
                          capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip('openssl cannot make a certificate here')
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def test_a_dripped_body_over_https_ends_within_the_timeout(nvrs, tls_context):
    head = b'HTTP/1.1 200 OK\r\nContent-Length: 500\r\nConnection: close\r\n\r\n'
    nvr = nvrs({'/setup/ddns_config': lambda server, conn: (conn.sendall(head), drip(b'{' + b' ' * 499, 0.1)(server, conn))},
               tls=tls_context)
    with nvr.client(timeout=1) as nvr_client:
        assert nvr_client.base_url.startswith('https://')
        started = time.monotonic()
        msg = failure(nvr_client.get, 'ddns_get')
        elapsed = time.monotonic() - started
    assert 'no complete answer to GET /setup/ddns_config within 1 s (nvr_timeout)' in msg
    assert elapsed < 2.0, elapsed
    assert nvr.logins == nvr.logouts == 1


def test_a_budget_that_ends_mid_run_stops_the_run_and_still_logs_out(nvrs):
    nvr = nvrs({'/setup/email_config': lambda server, conn: (time.sleep(0.5), conn.sendall(reply(body=OK)))}, delay=0.3)
    nvr.routes['/logout'] = lambda server, conn: (setattr(server, 'delay', 0), server._logout(server, conn))
    nvr_client = nvr.client(timeout=5, budget=1)
    started = time.monotonic()
    nvr_client.login()                     # 0.3 s
    nvr_client.version()                   # 0.6 s
    msg = failure(nvr_client.get, 'email_get')   # would end at 1.1 s
    assert msg == ('NVR 127.0.0.1:%d: time budget of 1 s used up before a complete answer to GET /setup/email_config'
                   ' (nvr_time_budget)' % nvr.port)
    assert 0.9 < time.monotonic() - started < 1.6
    assert failure(nvr_client.get, 'ddns_get').endswith('time budget of 1 s used up before GET /setup/ddns_config (nvr_time_budget)')
    nvr_client.logout()                    # within the grace after the budget
    assert nvr.logins == nvr.logouts == 1
    assert nvr_client.logout_problem is None
    assert nvr_client.budget == 1


def test_the_logout_after_a_used_up_budget_gets_a_short_grace(nvrs):
    nvr = nvrs({'/logout': reply(503, {'code': 503})})
    nvr_client = nvr.client(timeout=1, budget=0.3, retries=10, backoff=0.1)
    nvr_client.login()
    time.sleep(0.35)
    started = time.monotonic()
    nvr_client.logout()
    assert time.monotonic() - started < 1.2, 'the grace is min(timeout, 5 s) = 1 s'
    assert 2 <= len([r for r in nvr.requests if r[1] == '/logout']) <= 8
    assert 'nvr_time_budget' in one_line(nvr_client.logout_problem)


@pytest.mark.parametrize('budget', [None, 0])
def test_no_budget(budget):
    assert NvrClient('nvr', 'admin', 'x', budget=budget).budget is None


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize('retries, expected', [(10, 10), (50, 10), (-1, 0), (2, 2)])
def test_backoff_is_capped_and_retries_clamped(monkeypatch, retries, expected):
    sleeps = []
    monkeypatch.setattr(client.time, 'sleep', sleeps.append)
    nvr_client = NvrClient('127.0.0.1', 'admin', 'x', port=free_port(), use_https=False, retries=retries)
    msg = failure(nvr_client.login)
    assert 'connection refused' in msg and 'still after %d retries (nvr_retries)' % expected in msg
    assert sleeps == [0.5, 1, 2, 4, 4, 4, 4, 4, 4, 4][:expected]
    assert nvr_client.request_count == expected + 1


def test_a_backoff_never_sleeps_past_the_budget(monkeypatch):
    nvr_client = NvrClient('127.0.0.1', 'admin', 'x', port=free_port(), use_https=False, retries=10, budget=1.2)
    started = time.monotonic()
    msg = failure(nvr_client.login)
    assert msg.endswith('time budget of 1.2 s used up before a retry of POST /auth/login after connection failed'
                        ' (connection refused) (nvr_time_budget)')
    assert time.monotonic() - started < 1.0, 'slept 0.5 s, then 1 s more would end past the budget'


@pytest.mark.parametrize('timeout, expected', [(10000, 300), (0, 10), (None, 10), (1, 1), (2.5, 2.5)])
def test_the_timeout_is_clamped(timeout, expected):
    assert NvrClient('nvr', 'admin', 'x', timeout=timeout).timeout == expected


# ------------------------------------------------------------------ size

def gzip_bomb(expanded):
    """A gzip body of `expanded` zero bytes: one member of 1 MiB, repeated (gzip allows many members)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = packer.compress(b'\0' * (1024 * 1024)) + packer.flush()
    return member * (expanded // (1024 * 1024))


def test_a_gzip_bomb_is_refused_without_expanding_it(nvrs):
    bomb = gzip_bomb(256 * 1024 * 1024)   # fully expanded it would be far over the 100 MB asserted below
    assert len(bomb) < 512 * 1024
    nvr = nvrs({'/setup/email_config': reply(body=bomb, headers=['Content-Encoding: gzip', 'Content-Type: application/json'])})
    with nvr.client() as nvr_client:
        tracemalloc.start()
        try:
            msg = failure(nvr_client.get, 'email_get')
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert msg == 'NVR 127.0.0.1:%d: the answer to GET /setup/email_config is larger than 4 MiB; refused' % nvr.port
    assert peak < 100 * 1024 * 1024, peak


def test_an_oversized_plain_body_is_refused(nvrs):
    nvr = nvrs({'/information/version': reply(body=b'{"code": 0, "output": "' + b'a' * (5 * 1024 * 1024) + b'"}')})
    with nvr.client() as nvr_client:
        msg = failure(nvr_client.version)
    assert msg.endswith('the answer to GET /information/version is larger than 4 MiB; refused')
    assert nvr.logouts == 1


def test_a_body_at_the_cap_is_read(nvrs):
    body = b'{"code": 0, "output": "' + b'a' * (transport.MAX_REPLY_BYTES - 100) + b'"}'
    nvr = nvrs({'/setup/email_config': reply(body=body)})
    with nvr.client() as nvr_client:
        assert len(nvr_client.get('email_get')) == transport.MAX_REPLY_BYTES - 100


# ------------------------------------------------------------------ redirects

def test_a_redirect_is_not_followed(nvrs):
    target = nvrs()
    location = 'http://127.0.0.1:%d/auth/login' % target.port
    nvr = nvrs({'/auth/login': reply(307, b'', ['Location: %s' % location])})
    msg = failure(nvr.client().login)
    assert msg == 'NVR 127.0.0.1:%d: POST /auth/login answered HTTP 307 redirecting to %s; redirects are not followed' % (
        nvr.port, location)
    assert target.requests == []


def test_a_redirect_location_is_cleaned(nvrs):
    nvr = nvrs({'/information/version': reply(302, b'', ['Location: http://evil.example/\x1b[2J' + 'x' * 5000])})
    with nvr.client() as nvr_client:
        msg = failure(nvr_client.version)
    assert 'HTTP 302 redirecting to http://evil.example/\\x1b[2Jxxx' in msg and '\x1b' not in msg
    assert nvr.logouts == 1


# ------------------------------------------------------------------ sessions

UNAUTHORIZED = reply(401, {'code': 401, 'msg': 'Unauthorized'})


def test_an_account_without_setup_authority_leaves_no_session_open(nvrs):
    nvr = nvrs({'/setup/email_config': UNAUTHORIZED})
    with nvr.client() as nvr_client:
        msg = failure(nvr_client.get, 'email_get')
    assert msg == ("NVR 127.0.0.1:%d: GET /setup/email_config refused with HTTP 401: the account 'admin' is not logged in"
                   " or lacks the Setup authority: Unauthorized" % nvr.port)
    assert nvr.logins == nvr.logouts == 2
    assert [r[1] for r in nvr.requests] == ['/auth/login', '/setup/email_config', '/logout', '/auth/login',
                                            '/setup/email_config', '/logout']
    assert nvr_client.logout_problem is None


def test_an_expired_session_is_logged_out_then_in_again(nvrs):
    nvr = nvrs({'/setup/ddns_config': [UNAUTHORIZED, reply(body={'code': 0, 'output': {'enable': 1}})]})
    with nvr.client() as nvr_client:
        assert nvr_client.get('ddns_get') == {'enable': 1}
        assert 'session-2' in nvr_client.secrets
    assert nvr.logins == nvr.logouts == 2


@pytest.mark.parametrize('refusals, problem', [(1, False), (2, False), (3, True), (9, True)])
def test_a_503_on_logout_is_retried(nvrs, refusals, problem):
    nvr = nvrs({'/logout': [reply(503, {'code': 503})] * refusals + [reply(body={'code': '0'})]})
    nvr_client = nvr.client(retries=2, backoff=0.01)
    nvr_client.login()
    nvr_client.logout()
    assert len([r for r in nvr.requests if r[1] == '/logout']) == min(refusals + 1, 3)
    if problem:
        assert one_line(nvr_client.logout_problem) == (
            'NVR 127.0.0.1:%d: HTTP 503 (the NVR is overloaded) on GET /logout, still after 2 retries (nvr_retries);'
            ' the session may stay open on the NVR until it times out' % nvr.port)
    else:
        assert nvr_client.logout_problem is None


def test_a_logout_without_a_2xx_is_a_problem(nvrs):
    nvr = nvrs({'/logout': reply(404, {'code': 404})})
    nvr_client = nvr.client()
    nvr_client.login()
    nvr_client.logout()
    assert 'GET /logout answered HTTP 404' in one_line(nvr_client.logout_problem)


def test_a_dropped_logout_is_a_problem_and_a_new_session_starts_clean(nvrs):
    nvr = nvrs({'/logout': [lambda server, conn: None, reply(body={'code': '0'})]})
    nvr_client = nvr.client()
    nvr_client.login()
    nvr_client.logout()
    assert 'connection failed' in one_line(nvr_client.logout_problem)
    nvr_client.login()
    assert nvr_client.logout_problem is None
    nvr_client.logout()
    assert nvr_client.logout_problem is None


def test_a_login_that_fails_after_its_cookie_came_is_still_logged_out(nvrs):
    nvr = nvrs({'/auth/login': reply(body=b'<html>oops</html>', headers=['Set-Cookie: login-already=s1; Path=/'])})
    nvr_client = nvr.client()
    assert 'POST /auth/login answered HTTP 200 with a body that is not JSON' in failure(nvr_client.login)
    nvr_client.logout()
    assert nvr.logouts == 1 and nvr_client.logout_problem is None


def test_two_session_cookies_are_refused_in_one_line(nvrs):
    nvr = nvrs({'/auth/login': reply(body={'code': '0'}, headers=['Set-Cookie: login-already=s1; Path=/',
                                                                  'Set-Cookie: login-already=s2; Path=/setup'])})
    nvr_client = nvr.client()
    assert failure(nvr_client.login) == 'NVR 127.0.0.1:%d: login set more than one login-already cookie' % nvr.port
    assert {'s1', 's2'} <= set(nvr_client.secrets)
    nvr_client.logout()
    assert nvr.logouts == 1


# ------------------------------------------------------------------ device counts and JSON shape

def version_nvr(nvrs, **counts):
    output = dict({'num_ch': 4, 'num_alarm': 4, 'num_relay': 2}, **counts)
    return nvrs({'/information/version': reply(body={'code': 0, 'output': output})})


@pytest.mark.parametrize('field, value, allowed', [
    ('num_relay', 5000000, '0-64'), ('num_relay', True, '0-64'), ('num_relay', -1, '0-64'), ('num_relay', '65', '0-64'),
    ('num_relay', 2.0, '0-64'), ('num_relay', None, '0-64'), ('num_relay', ' 3', '0-64'), ('num_relay', '9' * 300, '0-64'),
    ('num_ch', 0, '1-256'), ('num_ch', 257, '1-256'), ('num_ch', [4], '1-256'), ('num_alarm', 65, '0-64'),
    ('num_alarm', '1e3', '0-64'), ('num_alarm', '3\n', '0-64'),
])
def test_device_counts_out_of_range_are_refused(nvrs, field, value, allowed):
    nvr = version_nvr(nvrs, **{field: value})
    with nvr.client() as nvr_client:
        msg = failure(nvr_client.version)
    assert msg.startswith('NVR 127.0.0.1:%d: GET /information/version reports %s ' % (nvr.port, field))
    assert msg.endswith('; allowed: %s (an integer)' % allowed)
    assert len(msg) < 160


@pytest.mark.parametrize('counts', [{'num_relay': '32'}, {'num_relay': 64, 'num_alarm': 0, 'num_ch': 256},
                                    {'num_ch': '1', 'num_alarm': '64', 'num_relay': '0'}, {}])
def test_device_counts_in_range_are_accepted(nvrs, counts):
    nvr = version_nvr(nvrs, **counts)
    with nvr.client() as nvr_client:
        version = nvr_client.version()
        assert nvr_client.version() is version
    for field, value in counts.items():
        assert version[field] == value


def test_a_long_list_is_refused_naming_its_path(nvrs):
    nvr = nvrs({'/setup/event_action_config': reply(body={'code': 0, 'output': {'rules': [{'ch': list(range(100000))}]}})})
    with nvr.client() as nvr_client:
        msg = failure(nvr_client.get, 'event_action_get')
    assert msg == ('NVR 127.0.0.1:%d: GET /setup/event_action_config answered JSON with a list of 100000 items (at most 4096)'
                   ' at output.rules[0].ch; refused' % nvr.port)


@pytest.mark.parametrize('depth, words', [(33, 'nesting deeper than 32 levels at output'), (100000, 'nested too deeply')])
def test_deep_nesting_is_refused(nvrs, depth, words):
    body = b'{"code": 0, "output": ' + b'[' * depth + b']' * depth + b'}'
    nvr = nvrs({'/setup/email_config': reply(body=body)})
    with nvr.client() as nvr_client:
        assert words in failure(nvr_client.get, 'email_get')


def test_the_shape_at_the_limits_is_accepted():
    value = {'a': [list(range(transport.MAX_LIST_ITEMS))]}
    for unused in range(transport.MAX_JSON_DEPTH - 3):   # a dict, a list and a list: 3 levels
        value = [value]
    assert transport.json_shape_problem(value) is None
    assert transport.json_shape_problem([value])[1] == 'nesting deeper than 32 levels'


def test_the_shape_walk_is_cheap():
    reply_value = {'output': [{'name': 'item %d' % i, 'flags': [True] * 16, 'sub': {'a': 1, 'b': [1, 2]}} for i in range(2000)]}
    started = time.monotonic()
    for unused in range(10):
        assert transport.json_shape_problem(reply_value) is None
    assert time.monotonic() - started < 0.5


# ------------------------------------------------------------------ device text

HOSTILE_TEXT = u'line one\nline two\r\x1b[31m\x00\u2028\u202eevil\ud800\ufdd0\uffff\U0010FFFF' + u'x' * 100000


def test_device_text_is_one_short_clean_line():
    text = transport.device_text(HOSTILE_TEXT)
    assert text.startswith(u'line one line two \\x1b[31m\\x00 \\u202eevil\\ud800\\ufdd0\\uffff\\U0010ffffxxx')
    assert text.endswith('...') and len(text) == transport.DEVICE_TEXT_CHARS + 3
    assert all(c.isprintable() for c in text)
    text.encode('utf-8')   # no lone surrogate left


@pytest.mark.parametrize('value, expected', [(b'caf\xc3\xa9\n', u'café'), (None, 'None'), ({'a': 1}, "{'a': 1}"), ('', '')])
def test_device_text_of_other_values(value, expected):
    assert transport.device_text(value) == expected


def test_a_hostile_refusal_message_stays_one_short_line(nvrs):
    nvr = nvrs({'/setup/email_config': reply(body={'code': 1, 'msg': HOSTILE_TEXT})})
    with nvr.client() as nvr_client:
        msg = failure(nvr_client.get, 'email_get', )
    assert msg.startswith('NVR 127.0.0.1:%d refused GET /setup/email_config: line one line two \\x1b' % nvr.port)
    assert len(msg) < 300


@pytest.mark.parametrize('charset', ['rot13', 'base64', 'no-such-codec', 'idna', 'utf-16'])
def test_a_body_in_an_odd_charset_is_named_as_not_json(nvrs, charset):
    headers = ['Content-Type: text/html; charset=%s' % charset]
    nvr = nvrs({'/setup/email_config': reply(body=b'\xff\xfe<html>' + b'a' * 100 + b'.' * 70, headers=headers)})
    with nvr.client() as nvr_client:
        assert 'with a body that is not JSON (178 bytes: ' in failure(nvr_client.get, 'email_get')


def test_a_json_body_with_a_bom_is_read(nvrs):
    nvr = nvrs({'/setup/email_config': reply(body=b'\xef\xbb\xbf{"code": 0, "output": {"a": "caf\xc3\xa9"}}')})
    with nvr.client() as nvr_client:
        assert nvr_client.get('email_get') == {'a': u'caf\xe9'}


def test_a_hostile_non_json_body_stays_one_short_line(nvrs):
    nvr = nvrs({'/setup/email_config': reply(body=b'<html>\n\x1b[2J' + b'\xff' * 100000)})
    with nvr.client() as nvr_client:
        msg = failure(nvr_client.get, 'email_get')
    assert 'GET /setup/email_config answered HTTP 200 with a body that is not JSON (100011 bytes: <html> \\x1b[2J\xff\xff' in msg
    assert len(msg) < 300


# ------------------------------------------------------------------ IPv6 and the URL

@pytest.mark.parametrize('host, https, port, url, label', [
    ('::1', False, None, 'http://[::1]:80', 'NVR [::1]:80'),
    ('[::1]', False, None, 'http://[::1]:80', 'NVR [::1]:80'),
    ('fd00::10', True, 8443, 'https://[fd00::10]:8443', 'NVR [fd00::10]:8443'),
    ('192.0.2.10', True, None, 'https://192.0.2.10:443', 'NVR 192.0.2.10:443'),
    ('nvr.example.com', False, 8080, 'http://nvr.example.com:8080', 'NVR nvr.example.com:8080'),
])
def test_the_base_url(host, https, port, url, label):
    nvr_client = NvrClient(host, 'admin', 'x', port=port, use_https=https)
    assert (nvr_client.base_url, nvr_client.label, nvr_client.host) == (url, label, host)


def ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(('::1', 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not ipv6_loopback(), reason='no IPv6 loopback here')
@pytest.mark.parametrize('host', ['::1', '[::1]'])
def test_an_ipv6_nvr_is_reached(nvrs, host):
    nvr = nvrs(host='::1', family=socket.AF_INET6)
    with nvr.client(host=host) as nvr_client:
        assert nvr_client.version()['num_ch'] == 4
    assert nvr.logins == nvr.logouts == 1


# ------------------------------------------------------------------ many clients on threads

def test_deadlines_are_per_thread(nvrs):
    """A slow NVR's deadline does not cut a fast NVR's request on another thread, nor the other way."""
    slow = nvrs({'/information/version': drip(b'HTTP/1.1 200 OK\r\nX-Slow: ' + b'a' * 200, 0.1)})
    fast = nvrs(delay=0.3)
    results = {}

    def run(name, server, timeout):
        try:
            with server.client(timeout=timeout) as nvr_client:
                results[name] = nvr_client.version()
        except NvrError as e:
            results[name] = str(e)
    threads = [threading.Thread(target=run, args=('slow', slow, 0.8)), threading.Thread(target=run, args=('fast', fast, 5))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert 'no complete answer to GET /information/version within 0.8 s' in results['slow']
    assert results['fast']['num_ch'] == 4
    assert time.monotonic() - started < 3
