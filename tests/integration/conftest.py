# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulated NVRs for the integration tests, in this test process, on loopback."""

from __future__ import annotations

import pytest
import urllib3

from harness import ADMIN_PASSWORD, Nvr

urllib3.disable_warnings()
FLEET_SIZE = 4


@pytest.fixture(scope='session')
def fleet():
    from move_nvr_emulator import Fleet
    with Fleet(count=FLEET_SIZE, base_port=0, admin_password=ADMIN_PASSWORD) as running:
        yield [Nvr(port) for port in running.ports]


@pytest.fixture
def nvr(fleet):
    """A factory-fresh NVR with zeroed counters."""
    device = fleet[0]
    device.faults(clear=True)
    device.reset()
    return device
