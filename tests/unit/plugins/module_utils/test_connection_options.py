# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""connection_problem(): every connection option checked before any request, in one line naming it.

A table of bad values (each with the words its message must hold) and good ones; then what
execute() and client_from_params() do with them: a bad option sends nothing, a good one reaches
the client unchanged (0 never turned into a default, a bare IPv6 address in brackets for the URL).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mobotix.move_nvr.plugins.module_utils import runner
from ansible_collections.mobotix.move_nvr.plugins.module_utils.connection import (
    QUOTE_MAX_LENGTH, connection_argument_spec, connection_problem, url_host)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import client_from_params, execute

LONG_HOST = 'a' * 10000
GOOD = {'nvr_host': '127.0.0.1', 'nvr_port': 8080, 'nvr_use_https': False, 'nvr_validate_certs': True,
        'nvr_username': 'Admin', 'nvr_password': 'Adm1n-Secret', 'nvr_timeout': 10, 'nvr_retries': 3,
        'nvr_time_budget': None}

# (option, value, words the one-line message must hold besides the option's name)
BAD = [
    ('nvr_timeout', -1, ['-1', '1-300']),
    ('nvr_timeout', 0, ['0', '1-300']),
    ('nvr_timeout', 10 ** 12, ['1000000000000', '1-300']),
    ('nvr_timeout', 301, ['301', '1-300']),
    ('nvr_timeout', True, ['whole number']),
    ('nvr_timeout', '10', ['whole number']),
    ('nvr_port', 0, ['0', '1-65535', 'unset']),
    ('nvr_port', 70000, ['70000', '1-65535']),
    ('nvr_port', -443, ['-443', '1-65535']),
    ('nvr_retries', 11, ['11', '0-10']),
    ('nvr_retries', -1, ['-1', '0-10']),
    ('nvr_time_budget', 0, ['0', '1-86400', 'unset for no budget']),
    ('nvr_time_budget', 86401, ['86401', '1-86400']),
    ('nvr_time_budget', -5, ['-5', '1-86400']),
    ('nvr_host', 'http://127.0.0.1', ['URL', 'nvr_use_https']),
    ('nvr_host', 'https://nvr.example.com:8443/', ['URL', 'nvr_use_https']),
    ('nvr_host', '127.0.0.1/nvr', ['has a path']),
    ('nvr_host', 'nvr.example.com/api?x=1', ['has a path']),
    ('nvr_host', 'nvr.example.com:8443', ['has a port', 'nvr_port']),
    ('nvr_host', '127.0.0.1:8443', ['has a port', 'nvr_port']),
    ('nvr_host', '[::1]:8443', ['has a port', 'nvr_port']),
    ('nvr_host', ' 127.0.0.1', ['whitespace']),
    ('nvr_host', 'nvr 1.example.com', ['whitespace']),
    ('nvr_host', '127.0.0.1\n', ['whitespace']),
    ('nvr_host', LONG_HOST, ['10000 characters', 'at most 253']),
    ('nvr_host', 'a' * 64 + '.example.com', ['label of 64 characters', 'at most 63']),
    ('nvr_host', '', ['empty']),
    ('nvr_host', 'nvr_1.example.com', ["label 'nvr_1'", 'DNS name']),
    ('nvr_host', '-nvr.example.com', ['DNS name']),
    ('nvr_host', 'nvr..example.com', ['DNS name']),
    ('nvr_host', 'user@nvr.example.com', ['DNS name']),
    ('nvr_host', '999.1.2.3', ['not an IPv4 address']),
    ('nvr_host', '10.0.0', ['not an IPv4 address']),
    ('nvr_host', '::g', ['not an IPv6 address']),
    ('nvr_host', '[::1', ['IPv6 address in brackets']),
    ('nvr_host', '[nvr.example.com]', ['IPv6 address in brackets']),
    # Decided: IPv6 zone ids are refused (the URL form of a zone differs between libraries and Python
    # versions; an NVR is managed over a routable address or its name). The message says what to use.
    ('nvr_host', 'fe80::1%eth0', ['zone id', 'global or unique local address']),
    ('nvr_host', '[fe80::1%25eth0]', ['zone id']),
]

GOOD_VALUES = [
    ('nvr_host', 'nvr-1.example.com'),
    ('nvr_host', 'nvr-1.example.com.'),
    ('nvr_host', 'NVR1'),
    ('nvr_host', '127.0.0.1'),
    ('nvr_host', '::1'),
    ('nvr_host', '[::1]'),
    ('nvr_host', '2001:db8::10'),
    ('nvr_host', '[2001:db8::10]'),
    ('nvr_host', '::ffff:192.0.2.1'),
    ('nvr_host', 'a' * 63 + '.example.com'),
    ('nvr_host', '.'.join(['a' * 63] * 3) + '.' + 'b' * 61),  # 253 characters
    ('nvr_port', 1), ('nvr_port', 65535), ('nvr_port', None),
    ('nvr_timeout', 1), ('nvr_timeout', 300),
    ('nvr_retries', 0), ('nvr_retries', 10),
    ('nvr_time_budget', 1), ('nvr_time_budget', 86400), ('nvr_time_budget', None),
]


@pytest.mark.parametrize('option, value, words', BAD, ids=['%s=%.20r' % (o, v) for o, v, w in BAD])
def test_a_bad_option_is_one_line_naming_it_and_what_is_allowed(option, value, words):
    problem = connection_problem(dict(GOOD, **{option: value}))
    assert problem is not None
    assert problem.startswith('%s: ' % option)
    assert '\n' not in problem
    for word in words:
        assert word in problem
    assert len(problem) < 400, 'a long value is not echoed back whole'


@pytest.mark.parametrize('option, value', GOOD_VALUES, ids=['%s=%.20r' % (o, v) for o, v in GOOD_VALUES])
def test_a_good_option_passes(option, value):
    assert connection_problem(dict(GOOD, **{option: value})) is None


def test_the_253_character_host_is_the_limit():
    host = '.'.join(['a' * 63] * 3) + '.' + 'b' * 61
    assert len(host) == 253
    assert connection_problem({'nvr_host': host + 'b'}).startswith("nvr_host: 'aaaa")


def test_a_long_host_is_quoted_cut_short():
    problem = connection_problem({'nvr_host': LONG_HOST})
    assert problem.count('a') < QUOTE_MAX_LENGTH + 20
    assert "'%s..." % ('a' * (QUOTE_MAX_LENGTH - 1)) in problem


def test_missing_options_are_the_argument_specs_error_not_this_one():
    assert connection_problem({}) is None
    assert connection_problem({'nvr_host': None, 'nvr_port': None, 'nvr_time_budget': None}) is None


def test_every_option_of_the_spec_is_known():
    spec = connection_argument_spec()
    assert spec['nvr_time_budget'] == {'type': 'int'}
    assert 'default' not in spec['nvr_time_budget'], 'no budget unless one is set'


@pytest.mark.parametrize('host, shown', [('::1', '[::1]'), ('[::1]', '[::1]'), ('2001:db8::10', '[2001:db8::10]'),
                                         ('127.0.0.1', '127.0.0.1'), ('nvr.example.com', 'nvr.example.com')])
def test_url_host_brackets_a_bare_ipv6_address(host, shown):
    assert url_host(host) == shown


class FakeNvrClient:
    made = []

    def __init__(self, **options):
        self.options = options
        FakeNvrClient.made.append(options)


@pytest.fixture
def made(monkeypatch):
    FakeNvrClient.made = []
    monkeypatch.setattr(runner, 'NvrClient', FakeNvrClient)
    return FakeNvrClient.made


def test_client_from_params_passes_the_values_as_given(made):
    client_from_params(dict(GOOD, nvr_timeout=1, nvr_retries=0, nvr_host='::1'))
    assert made == [{'host': '[::1]', 'port': 8080, 'use_https': False, 'validate_certs': True, 'username': 'Admin',
                     'password': 'Adm1n-Secret', 'timeout': 1, 'retries': 0}]


def test_client_from_params_gives_the_budget_only_when_set(made):
    client_from_params(dict(GOOD, nvr_time_budget=120))
    client_from_params(GOOD)
    assert made[0]['budget'] == 120
    assert 'budget' not in made[1], 'a client without budgets keeps working'


def test_unset_timeout_and_retries_are_the_defaults(made):
    client_from_params(dict(GOOD, nvr_timeout=None, nvr_retries=None))
    assert (made[0]['timeout'], made[0]['retries']) == (10, 3)


class CountingClient:
    def __init__(self):
        self.calls = []
        self.secrets = []

    def login(self):
        self.calls.append('login')

    def logout(self):
        self.calls.append('logout')


class NeverRun:
    def run(self, client, params, check_mode=False, diff_mode=False):
        raise AssertionError('the task must not run')


@pytest.mark.parametrize('option, value, words', BAD, ids=['%s=%.20r' % (o, v) for o, v, w in BAD])
def test_execute_refuses_a_bad_option_before_any_request(made, option, value, words):
    client = CountingClient()
    result = execute(NeverRun(), dict(GOOD, **{option: value}), client=client)
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'].startswith('%s: ' % option) and '\n' not in result['msg']
    assert 'exception' not in result, 'no traceback, even at -vvv'
    assert client.calls == [], 'not even a login'
    assert made == [], 'no client is made'


def test_execute_masks_a_secret_quoted_in_a_refused_option(made):
    result = execute(NeverRun(), dict(GOOD, nvr_host='Adm1n-Secret:1'))
    assert 'Adm1n-Secret' not in result['msg'] and '********' in result['msg']
