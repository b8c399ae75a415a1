"""Fault injection."""

import time

import pytest
import requests

from move_nvr_emulator import Fleet
from emu_helpers import Client


def test_http_503(client, nvr):
    client.side("POST", "faults", {"http_503": 2})
    assert client.get("/information/version").status_code == 503
    assert client.get("/information/version").status_code == 503
    assert client.get("/information/version").status_code == 200
    assert nvr.stats()["requests"] == 4


def test_garbage(client):
    client.side("POST", "faults", {"garbage": 1})
    resp = client.get("/information/version")
    assert resp.status_code == 200
    with pytest.raises(ValueError):
        resp.json()
    client.ok(client.get("/information/version"))


def test_drop(client):
    client.side("POST", "faults", {"drop": 1})
    with pytest.raises(requests.ConnectionError):
        client.get("/information/version")
    client.ok(client.get("/information/version"))


def test_hang(client):
    client.side("POST", "faults", {"hang_s": 0.4, "hang_count": 1})
    start = time.monotonic()
    client.ok(client.get("/information/version"))
    assert time.monotonic() - start >= 0.35
    with pytest.raises(requests.Timeout):
        client.side("POST", "faults", {"hang_s": 2, "hang_count": 1})
        client.session.get(client.base + "/information/version", timeout=0.3)


def test_clear_and_write_attempt_counting(client, nvr):
    client.side("POST", "faults", {"http_503": 5, "garbage": 5})
    assert client.side("GET", "faults")["http_503"] == 5
    assert client.post("/setup/ddns_config", {}).status_code == 503
    assert nvr.stats()["write_attempts"] == 1 and nvr.stats()["writes"] == 0
    client.side("POST", "faults", {"clear": True})
    assert client.side("GET", "faults") == {"http_503": 0, "garbage": 0, "drop": 0, "hang_s": 0.0, "hang_count": 0}
    client.ok(client.get("/information/version"))


def test_bad_fault_request(client):
    resp = client.session.post(client.base + "/_emulator/faults", json={"explode": 1}, timeout=5)
    assert resp.status_code == 400
    resp = client.session.post(client.base + "/_emulator/faults", json={"http_503": -1}, timeout=5)
    assert resp.status_code == 400


def test_faults_are_per_nvr():
    with Fleet(count=2) as fleet:
        first, second = Client(fleet.nvrs[0]), Client(fleet.nvrs[1])
        fleet.nvrs[0].inject_faults(http_503=1)
        assert second.login().status_code == 200
        assert first.login().status_code == 503
