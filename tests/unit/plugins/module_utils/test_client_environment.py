# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client reads the environment once: proxies and netrc decide trust_env, the CA bundle is read at login."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import requests

from ansible_collections.mobotix.move_nvr.plugins.module_utils import client
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrClient, ca_bundle, environment_matters

PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY',
                   'NETRC']
BUNDLE_VARIABLES = ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE']


@pytest.fixture
def clean(monkeypatch, tmp_path):
    """No proxy, netrc or CA bundle variable; a home folder without a netrc file."""
    for name in list(os.environ):
        if name.lower() in ('http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'netrc') or name in BUNDLE_VARIABLES:
            monkeypatch.delenv(name)
    monkeypatch.setenv('HOME', str(tmp_path))
    return tmp_path


def test_a_clean_environment_does_not_matter(clean):
    assert environment_matters() is False


@pytest.mark.parametrize('name', PROXY_VARIABLES + ['Https_Proxy'])
def test_a_proxy_or_netrc_variable_matters(clean, monkeypatch, name):
    monkeypatch.setenv(name, 'http://proxy.example.com:3128')
    assert environment_matters() is True


@pytest.mark.parametrize('name', ['ftp_proxy', 'PROXY', 'MY_HTTP_PROXY_NOTE', 'NETRC_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'])
def test_other_variables_do_not_matter(clean, monkeypatch, name):
    monkeypatch.setenv(name, 'x')
    assert environment_matters() is False


@pytest.mark.parametrize('name', ['.netrc', '_netrc'])
def test_a_netrc_file_matters(clean, name):
    (clean / name).write_text(u'machine nvr.example.com login admin password secret\n')
    assert environment_matters() is True


def test_a_netrc_elsewhere_does_not_matter(clean):
    (clean / 'sub').mkdir()
    (clean / 'sub' / '.netrc').write_text(u'machine nvr.example.com login admin password secret\n')
    assert environment_matters() is False


# (environment, validate_certs, expected verify)
BUNDLE_CASES = [
    ({}, True, True),
    ({'REQUESTS_CA_BUNDLE': '/etc/ssl/a.pem'}, True, '/etc/ssl/a.pem'),
    ({'CURL_CA_BUNDLE': '/etc/ssl/c.pem'}, True, '/etc/ssl/c.pem'),
    ({'REQUESTS_CA_BUNDLE': '/etc/ssl/a.pem', 'CURL_CA_BUNDLE': '/etc/ssl/c.pem'}, True, '/etc/ssl/a.pem'),
    ({'REQUESTS_CA_BUNDLE': '', 'CURL_CA_BUNDLE': '/etc/ssl/c.pem'}, True, '/etc/ssl/c.pem'),
    ({'REQUESTS_CA_BUNDLE': '', 'CURL_CA_BUNDLE': ''}, True, True),
    ({}, False, False),
    ({'REQUESTS_CA_BUNDLE': '/etc/ssl/a.pem'}, False, False),
    ({'CURL_CA_BUNDLE': '/etc/ssl/c.pem'}, False, False),
]


@pytest.mark.parametrize('environment, validate_certs, expected', BUNDLE_CASES)
def test_ca_bundle(clean, monkeypatch, environment, validate_certs, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert ca_bundle(validate_certs) == expected


@pytest.mark.parametrize('environment, validate_certs, expected', BUNDLE_CASES)
def test_ca_bundle_is_what_requests_itself_would_use(clean, monkeypatch, environment, validate_certs, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    session = requests.Session()
    try:
        settings = session.merge_environment_settings('https://nvr.example.com/auth/login', {}, None, validate_certs, None)
    finally:
        session.close()
    assert settings['verify'] == ca_bundle(validate_certs)


# ------------------------------------------------------------------ login with a fake session

class FakeResponse:
    status_code = 200
    content = b'{"code": 0}'
    text = '{"code": 0}'

    def json(self):
        return {'code': 0, 'msg': 'ok'}


class FakeSession:
    """requests.Session without a network: every request succeeds, the login sets the session cookie."""

    made = []

    def __init__(self):
        self.verify = None
        self.trust_env = True
        self.cookies = {}
        self.requests = []
        self.closed = False
        FakeSession.made.append(self)

    def request(self, method, url, **kwargs):
        self.requests.append((method, url, kwargs))
        if url.endswith('/auth/login'):
            self.cookies[client.SESSION_COOKIE] = 'cookie-1'
        return FakeResponse()

    def close(self):
        self.closed = True


@pytest.fixture
def fake_session(monkeypatch):
    FakeSession.made = []
    monkeypatch.setattr(client.requests, 'Session', FakeSession)
    return FakeSession.made


@pytest.mark.parametrize('environment, netrc, validate_certs, trust_env, verify', [
    ({}, False, True, False, True),
    ({}, False, False, False, False),
    ({'HTTPS_PROXY': 'http://proxy:3128'}, False, True, True, True),
    ({'no_proxy': 'nvr.example.com'}, False, True, True, True),
    ({}, True, True, True, True),
    ({'REQUESTS_CA_BUNDLE': '/etc/ssl/a.pem'}, False, True, False, '/etc/ssl/a.pem'),
    ({'REQUESTS_CA_BUNDLE': '/etc/ssl/a.pem'}, False, False, False, False),
    ({'CURL_CA_BUNDLE': '/etc/ssl/c.pem', 'http_proxy': 'http://proxy:3128'}, False, True, True, '/etc/ssl/c.pem'),
])
def test_login_sets_trust_env_and_verify_from_the_environment(clean, monkeypatch, fake_session,
                                                              environment, netrc, validate_certs, trust_env, verify):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if netrc:
        (clean / '.netrc').write_text(u'machine nvr.example.com login admin password secret\n')
    nvr = NvrClient('nvr.example.com', 'admin', 'Secret-1', validate_certs=validate_certs, retries=0)
    with nvr:
        (session,) = fake_session
        assert session.trust_env is trust_env
        assert session.verify is validate_certs
        method, url, kwargs = session.requests[0]
        assert (method, url, kwargs['verify']) == ('POST', 'https://nvr.example.com:443/auth/login', verify)
    assert session.closed
    assert [r[2]['verify'] for r in session.requests] == [verify, verify], 'login and logout'


def test_the_environment_is_read_once_per_session(clean, monkeypatch, fake_session):
    nvr = NvrClient('nvr.example.com', 'admin', 'Secret-1')
    nvr.login()
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy:3128')
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/ssl/a.pem')
    nvr.login()  # the same session: logs in again, reads nothing again
    assert len(fake_session) == 1
    assert fake_session[0].trust_env is False
    assert [r[2]['verify'] for r in fake_session[0].requests] == [True, True]
    nvr.logout()
    nvr.login()  # a new session reads the environment again
    assert len(fake_session) == 2
    assert fake_session[1].trust_env is True
    assert fake_session[1].requests[-1][2]['verify'] == '/etc/ssl/a.pem'
    nvr.logout()
