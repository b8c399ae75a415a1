"""Fixtures for the emulator's own tests: an in-process Fleet on free loopback ports."""

from __future__ import annotations

import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
for _path in (HERE.parents[1] / "emulator", HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from move_nvr_emulator import Fleet  # noqa: E402  pylint: disable=wrong-import-position
from emu_helpers import Client  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope="session")
def fleet():
    with Fleet(count=2) as running:
        yield running


@pytest.fixture
def nvr(fleet):  # pylint: disable=redefined-outer-name
    fleet.nvrs[0].reset()
    return fleet.nvrs[0]


@pytest.fixture
def client(nvr):  # pylint: disable=redefined-outer-name
    cli = Client(nvr)
    cli.ok(cli.login())
    yield cli
    cli.session.close()


@pytest.fixture
def anon(nvr):  # pylint: disable=redefined-outer-name
    cli = Client(nvr)
    yield cli
    cli.session.close()
