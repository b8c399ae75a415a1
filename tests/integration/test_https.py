# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTPS (the default) against an NVR with a self-signed certificate."""

from __future__ import annotations

import pytest

from harness import ADMIN_PASSWORD, Nvr, connection_vars, run_playbook


@pytest.fixture(scope='module')
def tls_nvr():
    from move_nvr_emulator import Fleet
    with Fleet(count=1, base_port=0, https=True, admin_password=ADMIN_PASSWORD) as running:
        yield Nvr(running.ports[0], scheme='https')


def test_self_signed_certificate_is_refused_by_default(tmp_path, tls_nvr):
    conn = dict(connection_vars(tls_nvr), nvr_use_https=True)
    run = run_playbook(tmp_path, [{'name': 'read', 'mobotix.move_nvr.ddns_info': conn}], module_defaults=False)
    result = run.task('read')
    assert result['status'] == 'unreachable' and result['nvr_failure'] == 'unreachable'
    assert 'TLS failed' in result['msg'] and 'nvr_ca_path' in result['msg']
    assert tls_nvr.stats()['open_sessions'] == 0


def test_https_with_certificate_checks_off_works(tmp_path, tls_nvr):
    conn = dict(connection_vars(tls_nvr), nvr_use_https=True, nvr_validate_certs=False)
    run = run_playbook(tmp_path, [{'name': 'apply', 'mobotix.move_nvr.ddns': dict(conn, enabled=True)}], module_defaults=False)
    assert run.rc == 0, run.output[-2000:]
    assert run.task('apply')['changed'] is True
    assert tls_nvr.stats()['open_sessions'] == 0
