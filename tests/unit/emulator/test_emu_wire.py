"""Wire format: Param parsing, HTTP statuses, keep-alive, success codes."""

import http.client
import json

import pytest

from move_nvr_emulator import Fleet
from emu_helpers import Client


def test_missing_param_400(client):
    resp = client.post("/setup/email_config", raw={"Other": "{}"})
    assert resp.status_code == 400
    body = resp.json()
    assert str(body["code"]) != "0" and "Param" in body["msg"]


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", "\"text\"", "5", "NaN", ""])
def test_bad_param_400(client, raw):
    resp = client.post("/setup/ddns_config", raw={"Param": raw})
    assert resp.status_code == 400
    assert str(resp.json()["code"]) != "0"
    assert resp.json()["msg"]


def test_json_body_instead_of_form_400(client):
    resp = client.session.post(client.base + "/setup/ddns_config", json={"enabled": True}, timeout=5)
    assert resp.status_code == 400
    assert "Content-Type" in resp.json()["msg"]


def test_auth_checked_before_param(anon):
    assert anon.post("/setup/ddns_config", raw={"Param": "{bad"}).status_code == 401


@pytest.mark.parametrize("method,path", [
    ("GET", "/nope"), ("GET", "/setup/nothing"), ("POST", "/record/template"), ("GET", "/record/record_template"),
    ("POST", "/information/version"), ("PUT", "/setup/email_config"), ("GET", "/login"),
])
def test_unknown_is_404(client, method, path):
    resp = client.session.request(method, client.base + path, data={"Param": "{}"}, timeout=5)
    assert resp.status_code == 404
    assert str(resp.json()["code"]) != "0"


def test_codes_int_and_string(client):
    assert client.get("/information/version").json()["code"] == 0
    assert client.get("/setup/email_config").json()["code"] == 0
    assert client.logout().json()["code"] == "0"


def test_code_style_string():
    with Fleet(count=1, code_style="string") as fleet:
        cli = Client(fleet.nvrs[0])
        cli.ok(cli.login())
        assert cli.get("/information/version").json()["code"] == "0"
        assert cli.post("/setup/ddns_config", {"port": 0}).json()["code"] == "-1"


def test_keep_alive_one_connection(client):
    conn = http.client.HTTPConnection("127.0.0.1", client.nvr.port, timeout=5)
    cookie = "login-already=" + client.session.cookies.get("login-already")
    sockets = set()
    for dummy in range(5):
        conn.request("GET", "/information/local_time", headers={"Cookie": cookie})
        resp = conn.getresponse()
        body = json.loads(resp.read())
        assert resp.status == 200 and body["output"]["local_time"] > 0
        assert int(resp.getheader("Content-Length")) > 0
        sockets.add(id(conn.sock))
    body = "Param=" + json.dumps({"port": 99999})
    conn.request("POST", "/setup/ddns_config", body=body,
                 headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    resp = conn.getresponse()
    assert json.loads(resp.read())["code"] != 0
    conn.request("GET", "/nope", headers={"Cookie": cookie})
    resp = conn.getresponse()
    resp.read()
    assert resp.status == 404
    conn.request("GET", "/information/version", headers={"Cookie": cookie})
    assert conn.getresponse().status == 200
    assert len(sockets) == 1
    conn.close()


def test_latency_option():
    import time  # pylint: disable=import-outside-toplevel
    with Fleet(count=1, latency_ms=400) as fleet:
        cli = Client(fleet.nvrs[0])
        start = time.monotonic()
        cli.login()
        cli.get("/information/version")
        assert time.monotonic() - start >= 0.8
        start = time.monotonic()
        cli.side("GET", "stats")
        assert time.monotonic() - start < 0.35
