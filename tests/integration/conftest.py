# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulated NVRs for the integration tests, in this test process, on loopback.

`fleet` is four NVRs of the `strict` dialect. `nvr` is a factory-fresh NVR with zeroed counters: the
first of `fleet`, or, for a test parametrized over `dialect` (indirect, see DIALECTS), one NVR of that
dialect, started the first time a test of this process asks for it and kept for the session
(docs/development.md, "Dialects in the suite").
"""

from __future__ import annotations

import pytest
import urllib3

from harness import ADMIN_PASSWORD, Nvr

urllib3.disable_warnings()
FLEET_SIZE = 4
# The readings of the manual the emulator knows (tests/emulator/move_nvr_emulator/dialect.py).
DIALECTS = ('strict', 'manual', 'lenient')


def with_dialect(device, dialect):
    """device (a harness.Nvr) with its dialect's name as `dialect`, for the tests' expectations."""
    device.dialect = dialect
    return device


@pytest.fixture(scope='session')
def fleet():
    from move_nvr_emulator import Fleet
    with Fleet(count=FLEET_SIZE, base_port=0, admin_password=ADMIN_PASSWORD) as running:
        yield [with_dialect(Nvr(port), 'strict') for port in running.ports]


@pytest.fixture(scope='session')
def dialect_nvrs():
    """dialect -> its NVR (an Nvr), each NVR started on first use and stopped at the end of the session."""
    from move_nvr_emulator import Fleet
    running, nvrs = [], {}

    def get(dialect):
        if dialect not in nvrs:
            started = Fleet(count=1, base_port=0, admin_password=ADMIN_PASSWORD, dialect=dialect).start()
            running.append(started)
            nvrs[dialect] = with_dialect(Nvr(started.ports[0]), dialect)
        return nvrs[dialect]
    yield get
    for started in running:
        started.stop()


@pytest.fixture
def dialect(request):
    """The dialect of the test's NVR: the test's parameter (indirect), else strict."""
    return getattr(request, 'param', 'strict')


@pytest.fixture
def nvr(fleet, dialect, dialect_nvrs):
    """A factory-fresh NVR with zeroed counters, of the test's dialect."""
    device = fleet[0] if dialect == 'strict' else dialect_nvrs(dialect)
    device.faults(clear=True)
    device.reset()
    return device
