# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nvr_ca_path: trust a private CA or a self-signed NVR without turning certificate checks off.

The option is checked before any request (exists, readable, holds a PEM certificate, or is a directory
prepared with openssl rehash; refused together with nvr_validate_certs: false), wins over
REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE, and a certificate that does not verify is reported with
nvr_ca_path as the first remedy. The last tests talk TLS to a small HTTPS server on loopback.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import pathlib
import shutil
import ssl
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.mobotix.move_nvr.plugins.module_utils import connection, runner
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrClient, NvrUnreachable, ca_bundle, trust_source
from ansible_collections.mobotix.move_nvr.plugins.module_utils.connection import (
    ca_path_problem, connection_argument_spec, connection_problem)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import client_from_params, execute

CERT_CONFIG = """[req]
distinguished_name = dn
x509_extensions = v3
prompt = no
[dn]
CN = %(cn)s
[v3]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,keyEncipherment,keyCertSign
extendedKeyUsage = serverAuth
subjectAltName = %(san)s
"""


def make_certificate(folder, name, san='IP:127.0.0.1,DNS:localhost'):
    """(cert.pem, key.pem) of a self-signed certificate, or skip where openssl is missing."""
    if not shutil.which('openssl'):
        pytest.skip('openssl is not installed')
    config, cert, key = (str(folder / ('%s.%s' % (name, ext))) for ext in ('cnf', 'pem', 'key'))
    with open(config, 'w') as handle:
        handle.write(CERT_CONFIG % {'cn': name, 'san': san})
    made = subprocess.run(['openssl', 'req', '-x509', '-config', config, '-newkey', 'ec', '-pkeyopt',
                           'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2'],
                          capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip('openssl cannot make a certificate here: %s' % made.stderr)
    return cert, key


@pytest.fixture(scope='module')
def certs(tmp_path_factory):
    folder = tmp_path_factory.mktemp('certs')
    return {'nvr': make_certificate(folder, 'nvr'), 'other': make_certificate(folder, 'other'),
            'misnamed': make_certificate(folder, 'misnamed', san='DNS:nvr.example.com'), 'folder': folder}


@pytest.fixture
def clean(monkeypatch):
    for name in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'MOVE_NVR_CA_PATH'):
        monkeypatch.delenv(name, raising=False)


GOOD = {'nvr_host': '127.0.0.1', 'nvr_port': 8443, 'nvr_use_https': True, 'nvr_validate_certs': True,
        'nvr_username': 'Admin', 'nvr_password': 'Adm1n-Secret', 'nvr_timeout': 10, 'nvr_retries': 0}


# ------------------------------------------------------------------ the option and its check

def test_the_option_is_a_path_with_an_environment_fallback(clean, monkeypatch, tmp_path):
    spec = connection_argument_spec()
    assert spec['nvr_ca_path']['type'] == 'path' and 'default' not in spec['nvr_ca_path']
    monkeypatch.setenv('MOVE_NVR_CA_PATH', str(tmp_path / 'ca.pem'))
    params = ArgumentSpecValidator(spec).validate(dict(GOOD)).validated_parameters
    assert params['nvr_ca_path'] == str(tmp_path / 'ca.pem')
    monkeypatch.setenv('HOME', str(tmp_path))
    given = ArgumentSpecValidator(spec).validate(dict(GOOD, nvr_ca_path='~/own.pem')).validated_parameters
    assert given['nvr_ca_path'] == str(tmp_path / 'own.pem'), 'given wins over the environment, ~ expanded'


def test_a_bundle_file_and_a_rehashed_directory_pass(certs, tmp_path):
    assert ca_path_problem(certs['nvr'][0]) is None
    bundle = tmp_path / 'bundle.pem'
    bundle.write_bytes(b'# comment\n' * 20000 + open(certs['nvr'][0], 'rb').read())   # the marker past the first read
    assert ca_path_problem(str(bundle)) is None
    rehashed = tmp_path / 'cas'
    rehashed.mkdir()
    (rehashed / '1a2b3c4d.0').write_bytes(open(certs['nvr'][0], 'rb').read())
    assert ca_path_problem(str(rehashed)) is None
    assert connection_problem(dict(GOOD, nvr_ca_path=str(rehashed))) is None


@pytest.fixture
def short_tmp():
    """A folder whose paths are short enough to be quoted whole (messages cut what they quote at 60 characters)."""
    folder = tempfile.mkdtemp(prefix='ca-', dir='/tmp')
    yield pathlib.Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize('making, words', [
    (lambda folder: str(folder / 'missing.pem'), ['does not exist', 'PEM', 'openssl rehash']),
    (str, ['directory without certificates named by their hash', 'openssl rehash']),
    (lambda folder: (folder / 'key.pem').write_text(u'-----BEGIN PRIVATE KEY-----\nabc\n') and str(folder / 'key.pem'),
     ['holds no certificate in PEM form']),
    (lambda folder: (folder / 'empty.pem').write_text(u'') or str(folder / 'empty.pem'), ['holds no certificate in PEM form']),
    (lambda folder: '/dev/null', ['neither a file nor a directory']),
], ids=['missing file', 'directory without hashes', 'a key', 'empty', 'a device'])
def test_a_bad_ca_path_is_one_line_naming_the_option(short_tmp, making, words):
    path = making(short_tmp)
    problem = connection_problem(dict(GOOD, nvr_ca_path=path))
    assert problem.startswith('nvr_ca_path: %r' % path), problem
    assert '\n' not in problem
    for word in words:
        assert word in problem, problem


def test_an_unreadable_file_is_refused(certs, monkeypatch):
    # Tried, not asked of os.access (which says yes to root, as in CI containers).
    def denied(path, mode='r'):
        raise PermissionError(13, 'Permission denied', path)
    monkeypatch.setattr(connection, 'open', denied, raising=False)
    problem = connection_problem(dict(GOOD, nvr_ca_path=certs['nvr'][0]))
    assert problem == 'nvr_ca_path: %r cannot be read (Permission denied)' % certs['nvr'][0]


def test_an_unreadable_directory_is_refused(short_tmp, monkeypatch):
    def denied(path):
        raise PermissionError(13, 'Permission denied', path)
    monkeypatch.setattr(connection.os, 'listdir', denied)
    problem = connection_problem(dict(GOOD, nvr_ca_path=str(short_tmp)))
    assert problem == 'nvr_ca_path: %r is a directory that cannot be read (Permission denied)' % str(short_tmp)


@pytest.mark.skipif(os.geteuid() == 0, reason='root reads any file')
def test_an_unreadable_file_is_refused_for_real(certs, tmp_path):
    locked = tmp_path / 'locked.pem'
    shutil.copy(certs['nvr'][0], str(locked))
    locked.chmod(0)
    assert 'cannot be read' in connection_problem(dict(GOOD, nvr_ca_path=str(locked)))


def test_with_certificate_checks_off_it_is_refused(certs):
    problem = connection_problem(dict(GOOD, nvr_ca_path=certs['nvr'][0], nvr_validate_certs=False))
    assert problem.startswith('nvr_ca_path: ') and 'nvr_validate_certs: false' in problem and '\n' not in problem


@pytest.mark.parametrize('value', [None, ''])
def test_unset_or_empty_is_no_ca_path(value):
    assert connection_problem(dict(GOOD, nvr_ca_path=value, nvr_validate_certs=False)) is None


def test_execute_refuses_a_bad_ca_path_before_any_request(tmp_path):
    class NoClient:
        secrets = []

        def login(self):
            raise AssertionError('no request')

        def logout(self):
            raise AssertionError('no request')

    result = execute(object(), dict(GOOD, nvr_ca_path=str(tmp_path / 'nope.pem')), client=NoClient())
    assert result['failed'] is True and result['nvr_failure'] == 'options_refused'
    assert result['msg'].startswith('nvr_ca_path: ')


# ------------------------------------------------------------------ what the requests verify against

@pytest.mark.parametrize('environment, validate_certs, ca_path, verify, source', [
    ({}, True, '/ca/private.pem', '/ca/private.pem', 'nvr_ca_path'),
    ({'REQUESTS_CA_BUNDLE': '/etc/ssl/a.pem'}, True, '/ca/private.pem', '/ca/private.pem', 'nvr_ca_path'),
    ({'CURL_CA_BUNDLE': '/etc/ssl/c.pem'}, True, '/ca/dir', '/ca/dir', 'nvr_ca_path'),
    ({'REQUESTS_CA_BUNDLE': '/etc/ssl/a.pem'}, True, None, '/etc/ssl/a.pem', 'REQUESTS_CA_BUNDLE'),
    ({}, True, None, True, None),
    ({}, False, '/ca/private.pem', False, None),
])
def test_ca_path_wins_over_the_environment(clean, monkeypatch, environment, validate_certs, ca_path, verify, source):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert ca_bundle(validate_certs, ca_path) == verify
    assert trust_source(validate_certs, ca_path) == source


class FakeNvrClient:
    made = []

    def __init__(self, **options):
        FakeNvrClient.made.append(options)


def test_client_from_params_gives_the_ca_path_only_when_set(monkeypatch):
    FakeNvrClient.made = []
    monkeypatch.setattr(runner, 'NvrClient', FakeNvrClient)
    client_from_params(dict(GOOD, nvr_ca_path='/ca/private.pem'))
    client_from_params(dict(GOOD, nvr_ca_path=''))
    client_from_params(GOOD)
    assert FakeNvrClient.made[0]['ca_path'] == '/ca/private.pem'
    assert 'ca_path' not in FakeNvrClient.made[1] and 'ca_path' not in FakeNvrClient.made[2]


# ------------------------------------------------------------------ against an HTTPS NVR

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, cookie=None):
        body = json.dumps({'code': 0, 'msg': 'ok', 'output': {}}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        if cookie:
            self.send_header('Set-Cookie', 'login-already=%s; Path=/' % cookie)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length') or 0))
        self._answer(cookie='session-1')

    def do_GET(self):
        self._answer()


@pytest.fixture(scope='module')
def https_nvr(certs):
    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certs['nvr'])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def login(port, host='127.0.0.1', **kwargs):
    with NvrClient(host, 'admin', 'Secret-1', port=port, timeout=5, retries=0, **kwargs):
        pass


def login_failure(port, **kwargs):
    with pytest.raises(NvrUnreachable) as caught:
        login(port, **kwargs)
    return str(caught.value)


def test_a_self_signed_nvr_fails_naming_nvr_ca_path_first(clean, https_nvr):
    msg = login_failure(https_nvr)
    assert msg.startswith('NVR 127.0.0.1:%d: TLS failed on POST /auth/login ([SSL: CERTIFICATE_VERIFY_FAILED]' % https_nvr)
    assert 'nvr_ca_path' in msg and msg.index('nvr_ca_path') < msg.index('nvr_validate_certs'), msg
    assert '\n' not in msg


def test_its_certificate_as_ca_path_is_trusted(clean, https_nvr, certs):
    login(https_nvr, ca_path=certs['nvr'][0])


def test_a_rehashed_directory_is_trusted(clean, https_nvr, certs, tmp_path):
    if subprocess.run(['openssl', 'rehash', str(tmp_path)], capture_output=True, check=False).returncode != 0:
        pytest.skip('openssl rehash is not available')
    shutil.copy(certs['nvr'][0], str(tmp_path / 'nvr.pem'))
    subprocess.run(['openssl', 'rehash', str(tmp_path)], capture_output=True, check=True)
    assert ca_path_problem(str(tmp_path)) is None
    login(https_nvr, ca_path=str(tmp_path))


def test_requests_ca_bundle_is_trusted_and_nvr_ca_path_wins_over_it(clean, monkeypatch, https_nvr, certs):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', certs['nvr'][0])
    login(https_nvr)
    msg = login_failure(https_nvr, ca_path=certs['other'][0])
    assert 'not signed by a CA of nvr_ca_path (%s)' % certs['other'][0] in msg, msg


def test_a_bundle_of_the_environment_that_does_not_trust_the_nvr_is_named(clean, monkeypatch, https_nvr, certs):
    monkeypatch.setenv('CURL_CA_BUNDLE', certs['other'][0])
    msg = login_failure(https_nvr)
    assert 'not signed by a CA of CURL_CA_BUNDLE (%s)' % certs['other'][0] in msg, msg


def test_a_certificate_for_another_name_says_so(clean, tmp_path, certs):
    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certs['misnamed'])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        msg = login_failure(server.server_address[1], ca_path=certs['misnamed'][0])
    finally:
        server.shutdown()
        server.server_close()
    assert 'the certificate is not issued for 127.0.0.1' in msg and 'nvr_host' in msg, msg
