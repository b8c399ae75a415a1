"""State files hold decryptable passwords: written privately, atomically, never through a symlink.
And the command line's hostile switches."""

import json
import os
import stat
import subprocess
import sys

import requests

from move_nvr_emulator import Fleet, encrypt
from move_nvr_emulator.factory import NvrOptions
from move_nvr_emulator.state import Nvr
from emu_helpers import Client
from test_emu_https_cli import RUN, _start, _stop


def _mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_state_file_is_private_and_leaves_no_temporary_file(tmp_path):
    old = os.umask(0o022)
    try:
        nvr = Nvr(0, NvrOptions(), str(tmp_path))
        nvr.set_state({"ddns": {"password": encrypt("Ddns-pw-1")}})
    finally:
        os.umask(old)
    assert sorted(os.listdir(tmp_path)) == ["nvr000.json"]
    assert _mode(tmp_path / "nvr000.json") == 0o600
    assert json.loads((tmp_path / "nvr000.json").read_text())["state"]["ddns"]["password"] == encrypt("Ddns-pw-1")


def test_a_symlink_at_the_state_path_is_replaced_not_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.chmod(victim, 0o644)
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    link = state_dir / "nvr000.json"
    link.symlink_to(victim)
    nvr = Nvr(0, NvrOptions(), str(state_dir))  # loading does not read through the link either
    assert nvr.get_state("ddns")["username"] == ""
    nvr.set_state({"ddns": {"username": "after"}})
    assert victim.read_text() == "precious\n" and _mode(victim) == 0o644
    assert not link.is_symlink() and _mode(link) == 0o600
    assert json.loads(link.read_text())["state"]["ddns"]["username"] == "after"
    assert sorted(os.listdir(state_dir)) == ["nvr000.json"]


def test_a_planted_temporary_name_is_not_used(tmp_path):
    """The old fixed name nvr000.json.tmp, planted as a link, is neither followed nor needed."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "nvr000.json.tmp").symlink_to(victim)
    nvr = Nvr(0, NvrOptions(), str(tmp_path))
    nvr.set_state({"ddns": {"username": "x"}})
    assert victim.read_text() == "precious\n"
    assert json.loads((tmp_path / "nvr000.json").read_text())["state"]["ddns"]["username"] == "x"


def test_state_persists_across_restarts_and_healthy_files_are_unchanged(tmp_path):
    with Fleet(count=2, state_dir=str(tmp_path), per_nvr=[{}, {"hostile": ["payload_strings"], "canary": "/tmp/mnc-st"}]) as fleet:
        cli = Client(fleet.nvrs[0])
        cli.ok(cli.login())
        cli.post_ok("/setup/ddns_config", {"enabled": True, "username": "kept"})
    healthy = json.loads((tmp_path / "nvr000.json").read_text())["options"]
    assert sorted(healthy) == ["cameras", "model", "num_alarm", "num_ch", "num_relay"], "as before hostile mode existed"
    payload = json.loads((tmp_path / "nvr001.json").read_text())["options"]
    assert payload["payload_strings"] is True and payload["canary"] == "/tmp/mnc-st"
    with Fleet(count=2, state_dir=str(tmp_path), per_nvr=[{}, {"hostile": ["payload_strings"], "canary": "/tmp/mnc-st"}]) as fleet:
        assert fleet.nvrs[0].get_state("ddns")["username"] == "kept"
        assert "/tmp/mnc-st" in fleet.nvrs[1].get_state("email")["account"]
    with Fleet(count=2, state_dir=str(tmp_path)) as fleet:  # written for other options: factory
        assert fleet.nvrs[1].get_state("email")["account"] == ""


def test_cli_hostile_per_nvr(tmp_path):
    ready = tmp_path / "ready.json"
    proc, info = _start("--count", "3", "--hostile-nvr", "1=absurd_counts,long_list", "--hostile-nvr", "2=redirect",
                        "--redirect-port", "1", "--canary", "/tmp/mnc-cli", "--ready-file", str(ready))
    try:
        ports = info["ports"]
        assert json.loads(ready.read_text()) == info and sorted(os.listdir(tmp_path)) == ["ready.json"]
        options = [requests.get(f"http://127.0.0.1:{p}/_emulator/info", timeout=5).json()["options"] for p in ports]
        assert [o["hostile"] for o in options] == [[], ["absurd_counts", "long_list"], ["redirect"]]
        assert options[0]["canary"] == "/tmp/mnc-cli" and options[2]["redirect_port"] == 1
        reply = requests.get(f"http://127.0.0.1:{ports[2]}/logout", timeout=5, allow_redirects=False)
        assert reply.status_code == 307 and reply.headers["Location"] == "http://127.0.0.1:1/logout"
        assert requests.get(f"http://127.0.0.1:{ports[0]}/logout", timeout=5).status_code == 200
    finally:
        _stop(proc)


def test_cli_refuses_bad_hostile_switches():
    for args in (["--hostile", "explode"], ["--hostile-nvr", "5=drip"], ["--hostile-nvr", "drip"], ["--canary", "x"]):
        proc = subprocess.run([sys.executable, str(RUN), "--count", "2", *args], capture_output=True, text=True,
                              timeout=30, check=False)
        assert proc.returncode == 2 and "cannot start" in proc.stderr, (args, proc.stderr)
