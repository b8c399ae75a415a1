"""Hostile mode: each switch makes the replies carry what it should, per NVR, and healthy NVRs stay healthy."""

import json
import socket
import time
import zlib

import pytest
import requests

from move_nvr_emulator import Fleet, NvrOptions, encrypt
from move_nvr_emulator import hostile
from emu_helpers import Client

CANARY = "/tmp/mnc-unit"


@pytest.fixture(scope="module")
def hostile_fleet():
    """One NVR per transport mode, one with payload strings, one healthy (last)."""
    per_nvr = [{"hostile": [mode]} for mode in hostile.TRANSPORT] + [{"hostile": "payload_strings", "cameras": 12}, {}]
    with Fleet(count=len(per_nvr), per_nvr=per_nvr, canary=CANARY, drip_s=0.005, cameras=2) as fleet:
        yield dict(zip(list(hostile.TRANSPORT) + ["payload_strings", "healthy"], fleet.nvrs))


def _client(nvr, login=True):
    nvr.reset()
    cli = Client(nvr)
    if login:
        cli.ok(cli.login())
    return cli


def _raw_exchange(nvr, request: bytes, timeout=30):
    """(seconds to the first byte, seconds to the end, bytes) of one request on a fresh connection."""
    with socket.create_connection(("127.0.0.1", nvr.port), timeout=timeout) as sock:
        start = time.monotonic()
        sock.sendall(request)
        data = sock.recv(1)
        first = time.monotonic() - start
        while b"\r\n\r\n" not in data or len(data) < data.index(b"\r\n\r\n") + 4 + int(
                data.split(b"Content-Length: ")[1].split(b"\r\n")[0]):
            more = sock.recv(65536)
            if not more:
                break
            data += more
        return first, time.monotonic() - start, data


# ---- options ------------------------------------------------------------
def test_options_are_checked():
    assert NvrOptions(hostile="drip, oversized").validate() is None
    opts = NvrOptions(hostile=["oversized", "drip", "drip"])
    opts.validate()
    assert opts.hostile == ("drip", "oversized")
    for bad in (dict(hostile=["explode"]), dict(hostile=[1]), dict(canary="relative"), dict(canary="/tmp/" + "x" * 30),
                dict(canary="/tmp/a b"), dict(drip_s=0), dict(redirect_port=70000)):
        with pytest.raises(ValueError):
            NvrOptions(**bad).validate()
    with pytest.raises(ValueError, match="unknown mode"):
        Fleet(count=2, per_nvr=[{}, {"hostile": ["nope"]}])


def test_healthy_neighbour_is_untouched(hostile_fleet):
    cli = _client(hostile_fleet["healthy"])
    version = cli.get_ok("/information/version")
    assert version["num_relay"] == 2 and version["model"] == "H100" and "\n" not in version["remote_version"]
    resp = cli.get("/setup/ddns_config")
    assert "Content-Encoding" not in resp.headers and len(resp.content) < 1000
    assert cli.get_ok("/setup/email_config")["account"] == ""
    assert cli.side("GET", "faults") == {"http_503": 0, "garbage": 0, "drop": 0, "hang_s": 0.0, "hang_count": 0}


# ---- payload strings ----------------------------------------------------
def test_payload_strings_in_every_settable_string(hostile_fleet):
    nvr = hostile_fleet["payload_strings"]
    cli = _client(nvr)
    texts = hostile.payloads(CANARY)
    email = cli.get_ok("/setup/email_config")
    assert email["account"] == f"{{{{ lookup('pipe','touch {CANARY}') }}}}"
    assert email["address"][0] == f"{{{{lookup('pipe','touch\\x20{CANARY}')}}}}@example.com"
    assert cli.get_ok("/setup/ddns_config")["username"] == f'!!python/object/apply:os.system ["touch {CANARY}"]'
    cameras = cli.get_ok("/information/camera_list")["camera_list"]
    titles = [c["title"] for c in cameras]
    assert set(texts.values()) <= set(titles), "every payload is some camera's title"
    assert {c["account"] for c in cameras} >= {"*a", "&a", "{% raw %}"}
    channels = cli.get_ok("/record/template")["channel_setting"]
    assert [channels[f"ch{c['ch']}"]["title"] for c in cameras] == titles
    monitors = cli.get_ok("/setup/system_monitor_config")
    assert texts["jinja_pipe"] in monitors["system_monitor_setting"]
    assert "key: value\nmove_nvr_host: 127.0.0.9" in monitors["system_monitor_setting_list"]
    version = cli.get_ok("/information/version")
    assert version["model"] == "H100\nmove_nvr_host: 127.0.0.9"
    assert version["remote_version"].startswith("2016.11.16.b162cbc\n{{ lookup('pipe'")
    raw = cli.get("/information/camera_list").content
    assert b"\\ud800" in raw and b"\\uffff" in raw, "the lone surrogate travels as its JSON escape"


def test_payload_strings_are_what_the_device_itself_accepts(hostile_fleet):
    """A client can write every payload back: they obey the device's own string rules."""
    cli = _client(hostile_fleet["payload_strings"])
    email = cli.get_ok("/setup/email_config")
    assert cli.post_ok("/setup/email_config", email)["account"] == email["account"]
    ddns = cli.get_ok("/setup/ddns_config")
    assert cli.post_ok("/setup/ddns_config", ddns)["username"] == ddns["username"]
    monitors = cli.get_ok("/setup/system_monitor_config")
    assert cli.post_ok("/setup/system_monitor_config", monitors) == monitors
    camera = cli.get_ok("/information/camera_list")["camera_list"][8]
    edit = dict(camera, cmd=2)
    assert cli.post_ok("/camera/camera_connection", {"list": [edit]})["list"][0]["title"] == camera["title"]
    stats = hostile_fleet["payload_strings"].stats()
    assert stats["writes"] == stats["write_attempts"] == 4


def test_payload_strings_through_the_side_channel(fleet):
    nvr = fleet.nvrs[1]
    nvr.reset()
    cli = Client(nvr)
    assert cli.side("POST", "faults", {"payload_strings": "/tmp/mnc-side"})["http_503"] == 0
    assert nvr.get_state("email")["account"] == "{{ lookup('pipe','touch /tmp/mnc-side') }}"
    resp = cli.session.post(nvr.url + "/_emulator/faults", json={"payload_strings": "relative/path"}, timeout=5)
    assert resp.status_code == 400 and "canary" in resp.json()["msg"]
    resp = cli.session.post(nvr.url + "/_emulator/faults", json={"hostile": ["payload_strings"]}, timeout=5)
    assert resp.status_code == 400 and "payload_strings" in resp.json()["msg"]
    nvr.reset()
    assert nvr.get_state("email")["account"] == ""


# ---- transport modes ----------------------------------------------------
def test_drip_sends_headers_and_body_byte_by_byte(hostile_fleet):
    nvr = hostile_fleet["drip"]
    nvr.reset()
    first, total, data = _raw_exchange(nvr, b"GET /information/version HTTP/1.1\r\nHost: x\r\n\r\n")
    assert data.startswith(b"HTTP/1.1 401 ") and data.endswith(b"}")
    assert first < 0.5
    assert total >= len(data) * 0.005 * 0.9, "each byte waits drip_s"
    # A read timeout never fires: only a deadline on the whole reply would end it.
    start = time.monotonic()
    resp = requests.post(nvr.url + "/auth/login", data={"account": "0" * 32}, timeout=0.3)
    assert resp.status_code == 401 and time.monotonic() - start > 0.6


def test_oversized_body_is_50_mb_of_valid_json(hostile_fleet):
    cli = _client(hostile_fleet["oversized"], login=False)
    resp = cli.login()
    assert int(resp.headers["Content-Length"]) == len(resp.content) >= 50_000_000
    assert resp.json() == {"code": "0", "msg": "Loginsuccess.", "name": "/login"}, "whitespace after JSON is JSON"


def test_gzip_bomb_is_a_megabyte_that_claims_a_gibibyte(hostile_fleet):
    nvr = hostile_fleet["gzip_bomb"]
    nvr.reset()
    resp = requests.get(nvr.url + "/information/version", timeout=30, stream=True)
    assert resp.headers["Content-Encoding"] == "gzip"
    compressed = resp.raw.read(decode_content=False)
    assert len(compressed) == int(resp.headers["Content-Length"]) < 1_200_000
    assert (1 << 30) < int.from_bytes(compressed[-4:], "little") < (1 << 30) + 1000, "ISIZE: 1 GiB and the reply"
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    first = inflate.decompress(compressed[:70_000], 64 << 20)
    assert len(first) > 60 << 20 and first.strip() == b"", "over 1000:1, whitespace first"


def test_gzip_bomb_is_one_valid_gzip_member_with_the_reply_last(monkeypatch):
    """The same construction with 4 blocks instead of 1024, inflated whole: CRC, size and JSON check out."""
    from move_nvr_emulator.dispatch import Response
    monkeypatch.setattr(hostile, "BOMB_BLOCKS", 4)
    monkeypatch.setattr(hostile, "_BOMB", {})
    resp = Response(200, b'{"code":0,"msg":"x"}')
    hostile.gzip_bomb(resp)
    data = b"".join(resp.parts())
    assert len(data) == resp.length() and ("Content-Encoding", "gzip") in resp.headers
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    plain = inflate.decompress(data)
    assert inflate.eof and not inflate.unused_data, "one gzip member; zlib checked its CRC and size"
    assert len(plain) == 4 * hostile.BOMB_BLOCK_BYTES + 20 and json.loads(plain) == {"code": 0, "msg": "x"}


def test_redirect_names_another_loopback_port(hostile_fleet):
    nvr = hostile_fleet["redirect"]
    nvr.reset()
    resp = requests.post(nvr.url + "/auth/login?x=1", data={"account": "0" * 32}, timeout=5, allow_redirects=False)
    assert resp.status_code == 307 and resp.headers["Location"] == f"http://127.0.0.1:{nvr.port + 1}/auth/login?x=1"
    assert nvr.stats()["requests"] == 1 and nvr.stats()["login_failures"] == 0, "counted, not processed"
    nvr.inject_faults(redirect_port=nvr.port - 3)
    resp = requests.get(nvr.url + "/logout", timeout=5, allow_redirects=False)
    assert resp.headers["Location"] == f"http://127.0.0.1:{nvr.port - 3}/logout"


def test_absurd_counts_only_in_the_version(hostile_fleet):
    cli = _client(hostile_fleet["absurd_counts"])
    version = cli.get_ok("/information/version")
    assert (version["num_ch"], version["num_alarm"], version["num_relay"]) == (100000, 5000000, 5000000)
    assert len(cli.get_ok("/setup/system_monitor_config")["system_monitor_setting"]["cpu_fan"]["alarm_out"]) == 2


def test_long_list_in_each_list_of_names(hostile_fleet):
    nvr = hostile_fleet["long_list"]
    cli = _client(nvr)
    for path, key in hostile.LONG_LISTS.items():
        resp = cli.get(path)
        items = resp.json()["output"][key]
        assert len(items) == 100000 and len(resp.content) < 4 << 20, path
    assert cli.get_ok("/setup/ddns_config")["server_list"][:3] == ["DynDNS", "ChangeIP", "NoIP"]
    assert nvr.get_state("ddns")["server_list"] == ["DynDNS", "ChangeIP", "NoIP"], "the stored state is not changed"


def test_echo_refusal_echoes_the_request_with_its_passwords(hostile_fleet):
    nvr = hostile_fleet["echo_refusal"]
    cli = _client(nvr)
    email = cli.get_ok("/setup/email_config")
    secret = encrypt("Smtp-Secret-1")
    body = dict(email, password=secret, account="alarms@example.com")
    msg = cli.refused(cli.post("/setup/email_config", body), secret)
    assert msg.endswith("\nParam=" + json.dumps(body)), "the whole body, after a line break"
    assert nvr.get_state("email")["password"] == "", "refused: nothing changed"
    assert nvr.stats()["write_attempts"] == 1 and nvr.stats()["writes"] == 0
    assert cli.get_ok("/setup/email_config") == email, "reads are normal"


# ---- the side channel ---------------------------------------------------
def test_transport_modes_switch_at_run_time_and_clear_back_to_the_options(fleet, hostile_fleet):
    nvr = fleet.nvrs[1]
    nvr.reset()
    cli = Client(nvr)
    cli.ok(cli.login())
    pending = cli.side("POST", "faults", {"hostile": ["absurd_counts", "long_list"], "drip_s": 0.01})
    assert pending["hostile"] == ["absurd_counts", "long_list"] and pending["drip_s"] == 0.01
    assert cli.get_ok("/information/version")["num_ch"] == 100000
    other = Client(fleet.nvrs[0])
    fleet.nvrs[0].reset()
    other.ok(other.login())
    assert other.get_ok("/information/version")["num_ch"] == 32
    cli.side("POST", "faults", {"clear": True})
    assert "hostile" not in cli.side("GET", "faults")
    assert cli.get_ok("/information/version")["num_ch"] == 32
    for body in ({"hostile": ["explode"]}, {"hostile": "drip"}, {"drip_s": 0}, {"redirect_port": -1}):
        assert cli.session.post(nvr.url + "/_emulator/faults", json=body, timeout=5).status_code == 400, body
    # An NVR hostile by its options stays so after clear and reset.
    absurd = hostile_fleet["absurd_counts"]
    absurd.inject_faults(hostile=[])
    assert "hostile" not in absurd.faults.pending()
    absurd.inject_faults(clear=True)
    assert absurd.faults.pending()["hostile"] == ["absurd_counts"]
    absurd.inject_faults(hostile=[])
    absurd.reset()
    assert absurd.faults.pending()["hostile"] == ["absurd_counts"]


def test_issued_session_tokens_are_recorded_for_tests(hostile_fleet):
    nvr = hostile_fleet["healthy"]
    cli = _client(nvr)
    token = cli.session.cookies.get("login-already")
    assert nvr.issued_tokens() == [token]
    cli.logout()
    assert nvr.issued_tokens() == [token], "kept after the logout"
    nvr.reset()
    assert nvr.issued_tokens() == []
