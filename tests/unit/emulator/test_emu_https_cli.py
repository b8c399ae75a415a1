"""HTTPS, the command line (ready line, ready file, SIGTERM) and --state-dir persistence."""

import json
import pathlib
import signal
import socket
import ssl
import subprocess
import sys

import pytest
import requests

from move_nvr_emulator import Fleet, encrypt
from emu_helpers import Client

RUN = pathlib.Path(__file__).resolve().parents[2] / "emulator" / "run.py"


def test_https_fleet_verifies_with_its_cert():
    with Fleet(count=2, https=True) as fleet:
        assert fleet.scheme == "https" and fleet.nvrs[0].url.startswith("https://127.0.0.1:")
        cli = Client(fleet.nvrs[1], verify=fleet.cert_file)
        resp = cli.login()
        cli.ok(resp)
        assert "Secure" in resp.headers["Set-Cookie"]
        assert cli.get_ok("/information/network_info")["https_port"] == fleet.ports[1]
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(fleet.nvrs[0].url + "/information/version", timeout=5)
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(f"http://127.0.0.1:{fleet.ports[0]}/information/version", timeout=5)
        context = ssl.create_default_context(cafile=fleet.cert_file)
        context.verify_flags |= getattr(ssl, "VERIFY_X509_STRICT", 0)
        with context.wrap_socket(socket.create_connection(("127.0.0.1", fleet.ports[0])),
                                 server_hostname="127.0.0.1") as tls:
            assert tls.version()
        cert_file = fleet.cert_file
    assert not pathlib.Path(cert_file).exists()


def _start(*args):
    proc = subprocess.Popen([sys.executable, str(RUN), *args],  # pylint: disable=consider-using-with
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line, proc.stderr.read()
    return proc, json.loads(line)


def _stop(proc):
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0


def test_cli_ready_line_file_and_sigterm(tmp_path):
    ready = tmp_path / "ready.json"
    proc, info = _start("--count", "3", "--base-port", "0", "--ready-file", str(ready), "--channels", "8",
                        "--cameras", "2", "--relays", "3")
    try:
        assert info["scheme"] == "http" and info["pid"] == proc.pid and len(info["ports"]) == 3
        assert info["ports"] == list(range(info["ports"][0], info["ports"][0] + 3))
        assert json.loads(ready.read_text()) == info
        base = f"http://127.0.0.1:{info['ports'][2]}"
        session = requests.Session()
        session.post(base + "/auth/login", data={"account": "afdfd53c19b43825da4b297c203e4460"}, timeout=5)
        version = session.get(base + "/information/version", timeout=5).json()["output"]
        assert (version["num_ch"], version["num_relay"]) == (8, 3)
        assert len(session.get(base + "/information/camera_list", timeout=5).json()["output"]["camera_list"]) == 2
        stats = requests.get(base + "/_emulator/fleet_stats", timeout=5).json()
        assert stats["total"]["logins"] == 1 and len(stats["per_port"]) == 3
    finally:
        _stop(proc)
    assert proc.stderr.read() == ""


def test_cli_bad_port_fails_cleanly():
    with Fleet(count=1) as fleet:
        proc = subprocess.run([sys.executable, str(RUN), "--base-port", str(fleet.ports[0])], capture_output=True, text=True,
                              timeout=20, check=False)
        assert proc.returncode == 2 and "cannot start" in proc.stderr


def test_state_dir_persists(tmp_path):
    with Fleet(count=2, state_dir=str(tmp_path)) as fleet:
        cli = Client(fleet.nvrs[1])
        cli.ok(cli.login())
        cli.post_ok("/setup/ddns_config", {"enabled": True, "hostname": "a.example.com", "password": encrypt("p1")})
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["nvr000.json", "nvr001.json"]
    assert "a.example.com" in (tmp_path / "nvr001.json").read_text()
    with Fleet(count=2, state_dir=str(tmp_path)) as fleet:
        cli = Client(fleet.nvrs[1])
        cli.ok(cli.login())
        ddns = cli.get_ok("/setup/ddns_config")
        assert ddns["hostname"] == "a.example.com" and ddns["password"] == encrypt("p1")
        assert Client(fleet.nvrs[0]).login().status_code == 200
    with Fleet(count=2, state_dir=str(tmp_path), num_ch=4) as fleet:
        cli = Client(fleet.nvrs[1])
        cli.ok(cli.login())
        assert cli.get_ok("/setup/ddns_config")["hostname"] == ""
