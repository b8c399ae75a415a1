"""The /_emulator/ side channel."""

from move_nvr_emulator import encrypt
from emu_helpers import Client


def test_stats_counting(client, nvr):
    client.get("/setup/email_config")
    client.get("/setup/email_config")
    client.post("/setup/email_config", {"port": 1})
    client.post("/setup/ddns_config", raw={"x": "1"})
    client.side("GET", "stats")
    client.side("GET", "state")
    stats = client.side("GET", "stats")
    assert stats["requests"] == 5  # login + 4; side channel not counted
    assert stats["logins"] == 1 and stats["open_sessions"] == 1
    assert stats["write_attempts"] == 2 and stats["writes"] == 0
    assert stats["by_endpoint"] == {"POST /auth/login": 1, "GET /setup/email_config": 2, "POST /setup/email_config": 1,
                                    "POST /setup/ddns_config": 1}
    assert stats == {**nvr.stats(), "port": nvr.port}


def test_reads_are_not_write_attempts(client, nvr):
    for path in ("/setup/email_config", "/setup/ddns_config", "/setup/event_action_config", "/record/template",
                 "/record/config", "/information/user_management", "/information/camera_list"):
        client.get_ok(path)
    assert nvr.stats()["write_attempts"] == 0


def test_reset(client, nvr):
    client.post_ok("/setup/ddns_config", {"enabled": True})
    client.side("POST", "reset", {"counters_only": True})
    assert nvr.stats()["requests"] == 0
    assert client.get_ok("/setup/ddns_config")["enabled"] is True
    client.side("POST", "reset")
    assert nvr.stats()["requests"] == 0 and nvr.stats()["open_sessions"] == 0
    client.ok(client.login())
    assert client.get_ok("/setup/ddns_config")["enabled"] is False


def test_state_get_and_merge(client):
    state = client.side("GET", "state")
    assert set(state) >= {"email", "ddns", "accounts", "event_action", "record_template", "record_config", "cameras"}
    assert state["accounts"][0]["password"] == encrypt("1234")
    client.side("POST", "state", {"email": {"vendor_extra": 7, "account": "changed@example.com"}})
    email = client.get_ok("/setup/email_config")
    assert email["vendor_extra"] == 7 and email["account"] == "changed@example.com"
    assert client.side("GET", "state?section=email")["vendor_extra"] == 7
    client.side("POST", "state", {"email": {"vendor_extra": None}})
    assert "vendor_extra" not in client.get_ok("/setup/email_config")


def test_state_replace_and_errors(client, nvr):
    ddns = nvr.get_state("ddns")
    ddns["hostname"] = "x.example.com"
    client.side("POST", "state?mode=replace", {"ddns": ddns})
    assert client.get_ok("/setup/ddns_config")["hostname"] == "x.example.com"
    resp = client.session.post(client.base + "/_emulator/state", json={"nope": {}}, timeout=5)
    assert resp.status_code == 400
    resp = client.session.post(client.base + "/_emulator/state", json={"email": []}, timeout=5)
    assert resp.status_code == 400
    assert client.session.get(client.base + "/_emulator/nothing", timeout=5).status_code == 404


def test_fleet_stats(fleet, client):
    other = Client(fleet.nvrs[1])
    other.ok(other.login())
    data = client.side("GET", "fleet_stats")
    assert set(data["per_port"]) == {str(p) for p in fleet.ports}
    assert data["total"]["logins"] == sum(s["logins"] for s in data["per_port"].values())
    assert data["total"]["nvrs"] == 2
    other.logout()


def test_side_channel_needs_no_login(anon):
    assert anon.side("GET", "stats")["requests"] == 0
    assert anon.side("GET", "info")["name"] == "NVR-001"
