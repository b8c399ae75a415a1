"""Dialects (docs/emulator.md "Dialects"): each switch of the manual and lenient readings, and how they are chosen."""

import copy
import json

import pytest
import requests

from move_nvr_emulator import Fleet, NvrOptions, encrypt
from move_nvr_emulator.cli import per_nvr_hostile
from move_nvr_emulator.state import Nvr
from emu_helpers import Client, camera_item
from test_emu_https_cli import _start, _stop

DIALECTS = ("strict", "manual", "lenient")


@pytest.fixture(scope="module")
def dialect_fleet():
    """One NVR per dialect in one process (per_nvr), two cameras connected at factory."""
    with Fleet(count=3, cameras=2, per_nvr=[{"dialect": d} for d in DIALECTS]) as fleet:
        yield dict(zip(DIALECTS, fleet.nvrs))


def _client(dialect_fleet, name):
    nvr = dialect_fleet[name]
    nvr.reset()
    cli = Client(nvr)
    cli.ok(cli.login())
    return cli


@pytest.fixture
def manual(dialect_fleet):
    cli = _client(dialect_fleet, "manual")
    yield cli
    cli.session.close()


@pytest.fixture
def lenient(dialect_fleet):
    cli = _client(dialect_fleet, "lenient")
    yield cli
    cli.session.close()


@pytest.fixture
def strict(dialect_fleet):
    cli = _client(dialect_fleet, "strict")
    yield cli
    cli.session.close()


def _refused_400(resp, *words):
    assert resp.status_code == 400, resp.text
    body = resp.json()
    assert body["code"] == -1, body
    for word in words:
        assert word in body["msg"], body["msg"]


def _ints_only(value, key=None):
    """No JSON boolean anywhere in value but under the keys the schema writes true/false (covert, use_24hr)."""
    if isinstance(value, bool):
        return key in ("covert", "use_24hr")
    if isinstance(value, dict):
        return all(_ints_only(v, k) for k, v in value.items())
    if isinstance(value, list):
        return all(_ints_only(v, key) for v in value)
    return True


# ---- choosing a dialect -----------------------------------------------------
def test_options_name_a_known_dialect():
    with pytest.raises(ValueError, match="unknown dialect 'literal'; known: strict, manual, lenient"):
        NvrOptions(dialect="literal").validate()
    with pytest.raises(ValueError):
        Fleet(count=1, dialect="")


def test_cli_dialect_and_per_nvr_dialects():
    assert per_nvr_hostile(["1=manual"], 2, [{}, {"hostile": "drip"}], "dialect") == [{}, {"hostile": "drip", "dialect": "manual"}]
    with pytest.raises(ValueError, match="--dialect-nvr"):
        per_nvr_hostile(["5=manual"], 2, None, "dialect")
    proc, ready = _start("--count", "2", "--dialect", "lenient", "--dialect-nvr", "1=manual")
    try:
        infos = [requests.get(f"http://127.0.0.1:{port}/_emulator/info", timeout=10).json() for port in ready["ports"]]
        assert [info["options"]["dialect"] for info in infos] == ["lenient", "manual"]
        code = requests.post(f"http://127.0.0.1:{ready['ports'][1]}/auth/login", timeout=10,
                             data={"account": "afdfd53c19b43825da4b297c203e4460"}).json()["code"]
        assert code == "0"
    finally:
        _stop(proc)


def test_state_files_record_the_dialect_except_strict(tmp_path):
    Nvr(0, NvrOptions(), str(tmp_path))
    assert "dialect" not in json.loads((tmp_path / "nvr000.json").read_text())["options"]
    manual = Nvr(1, NvrOptions(dialect="manual"), str(tmp_path))
    manual.set_state({"ddns": {"hostname": "kept.example.net"}})
    assert json.loads((tmp_path / "nvr001.json").read_text())["options"]["dialect"] == "manual"
    assert Nvr(1, NvrOptions(dialect="manual"), str(tmp_path)).get_state("ddns")["hostname"] == "kept.example.net"
    # a file written for another dialect is not loaded
    assert Nvr(1, NvrOptions(dialect="lenient"), str(tmp_path)).get_state("ddns")["hostname"] == ""


# ---- manual: replies -------------------------------------------------------
def test_manual_flags_are_1_0_and_code_the_string_0_everywhere(manual):
    for path in ("/setup/system_monitor_config", "/setup/event_action_config", "/setup/email_config", "/setup/ddns_config",
                 "/information/user_management", "/record/config", "/information/network_info", "/information/time_config",
                 "/setup/default_connection_info", "/record/record_info", "/information/version"):
        body = manual.ok(manual.get(path))
        assert body["code"] == "0", path
        assert _ints_only(body["output"]), path
    assert manual.get_ok("/setup/event_action_config")["default"]["alarm_out"] == [0, 0]
    # the few flags the schema writes true/false stay true/false (M:748, M:779)
    assert manual.get_ok("/information/user_management")["user"][0]["covert"][:2] == [False, False]
    assert manual.get_ok("/information/time_config")["use_24hr"] is False
    refused = manual.post("/setup/ddns_config", {"port": 0})
    assert refused.status_code == 200 and refused.json()["code"] == "-1"
    assert manual.logout().json()["code"] == "0"


def test_manual_flags_are_taken_only_as_1_0(manual):
    ddns = manual.get_ok("/setup/ddns_config")
    manual.refused(manual.post("/setup/ddns_config", dict(ddns, enabled=True)), "enabled", "1 or 0")
    assert manual.post_ok("/setup/ddns_config", dict(ddns, enabled=1))["enabled"] == 1
    assert manual.nvr.get_state("ddns")["enabled"] is True


def test_manual_string_numbers(manual):
    config = manual.get_ok("/record/config")
    assert config["record_pre_alarm"]["cur"] == "0" and config["record_post_alarm"]["cur"] == 15
    bad = copy.deepcopy(config)
    bad["record_pre_alarm"]["cur"] = 5
    manual.refused(manual.post("/record/config", bad), "record_pre_alarm.cur", "string of digits")
    config["record_pre_alarm"]["cur"] = "5"
    assert manual.post_ok("/record/config", config)["record_pre_alarm"]["cur"] == "5"
    assert manual.nvr.get_state("record_config")["record_pre_alarm"]["cur"] == 5


def test_manual_factory_values_from_the_examples(manual):
    assert manual.get_ok("/record/config")["data_life_time"] == {"cur": 60, "max": 60, "min": 0}
    monitors = manual.get_ok("/setup/system_monitor_config")
    assert "system_monitor_list" in monitors and "system_monitor_setting_list" not in monitors
    settings = monitors["system_monitor_setting"]
    assert [settings[m]["threshold"] for m in ("disk_failed", "disk_full", "disk_slow")] == [1, 95, 30]
    users = manual.get_ok("/information/user_management")["user"]
    assert [(u["account"], u["authority"]) for u in users] == [("Admin", 31), ("Guest", 8)]
    guest = Client(manual.nvr)
    guest.ok(guest.login("Guest", "1234"))
    assert guest.get("/setup/ddns_config").status_code == 401


def test_manual_schema_names_and_passwords_in_clear_in_post_replies(manual):
    assert manual.get_ok("/record/template")["channel_setting"]["ch0"]["chidx"] == 0
    assert "ch_idx" not in manual.get_ok("/record/template")["channel_setting"]["ch0"]
    item = camera_item(4, protocol=1, **{"mac": ""})
    for flag in ("proj", "dev"):
        item.pop(flag)
    out = manual.post_ok("/camera/camera_connection", {"list": [item]})["list"][0]
    assert out["password"] == "1234" and out["http_port"] == "80" and out["type"] == "1" and out["protocol"] == "RTP+RTSP+HTTP"
    assert manual.get_ok("/information/camera_list")["camera_list"][-1]["password"] == encrypt("1234")
    dflt = manual.get_ok("/setup/default_connection_info")
    assert dflt["default_info"][0]["password"] == encrypt("1234")
    entry = {"type": 0, "account": "root", "password": encrypt("Cam-pw-9")}
    out = manual.post_ok("/setup/default_connection_info", {"device_default_list": [entry]})
    assert out["default_info"][0] == {"account": "root", "password": "Cam-pw-9", "type": 0}
    assert [e["type"] for e in out["default_info"]] == [0, 2, 3], "types left out keep their entries"


# ---- manual: requests ------------------------------------------------------
def test_manual_unused_thresholds_take_any_integer(manual):
    monitors = manual.get_ok("/setup/system_monitor_config")
    monitors["system_monitor_setting"]["disk_slow"]["threshold"] = 12345
    assert manual.post_ok("/setup/system_monitor_config", monitors)["system_monitor_setting"]["disk_slow"]["threshold"] == 12345


@pytest.mark.parametrize("path,drop,words", [
    ("/setup/ddns_config", ("port",), ("port", "complete object")),
    ("/setup/email_config", ("provider_opt", "custom", "server_site"), ("provider_opt.custom.server_site", "missing")),
    ("/setup/system_monitor_config", ("system_monitor_setting", "disk_slow"), ("system_monitor_setting.disk_slow", "missing")),
    ("/record/config", ("record_circular", "percentage"), ("record_circular.percentage", "missing")),
    ("/setup/event_action_config", ("camera", "ch1"), ("camera.ch1", "every connected camera")),
    ("/setup/event_action_config", ("nvr", "nvr0", "event", "alarm_in_3", "channel_map"), ("alarm_in_3.channel_map", "missing")),
])
def test_manual_takes_only_the_complete_object(manual, path, drop, words):
    body = manual.get_ok(path)
    target = body
    for key in drop[:-1]:
        target = target[key]
    del target[drop[-1]]
    manual.refused(manual.post(path, body), *words)
    # read-only fields need not be sent
    whole = manual.get_ok(path)
    for key in ("server_list", "refresh_status", "provider_list", "system_monitor_list", "snapshot_size_list", "camera_list"):
        whole.pop(key, None)
    manual.post_ok(path, whole)


def test_manual_complete_account_authority_and_camera_entries(manual):
    manual.post_ok("/setup/account_add", {"account": "ops", "password": encrypt("Ops-pw-12")})
    manual.refused(manual.post("/setup/account_authority", {"account": "ops", "covert": [False] * 32}), "authority", "missing")
    manual.refused(manual.post("/setup/account_authority", {"account": "ops", "authority": 9}), "covert", "missing")
    manual.refused(manual.post("/setup/account_authority", {"account": "ops", "authority": 9, "covert": [1] + [0] * 31}),
                   "covert[0]", "true or false")
    manual.post_ok("/setup/account_authority", {"account": "ops", "authority": 9, "covert": [True] + [False] * 31})
    entry = camera_item(6, protocol=0)
    del entry["title"]
    manual.refused(manual.post("/camera/camera_connection", {"list": [entry]}), "list[0].title", "complete camera entry")
    manual.post_ok("/camera/camera_connection", {"list": [{"cmd": 1, "ch": 1}]})
    manual.refused(manual.post("/setup/default_connection_info", {"auto_add": 1}), "device_default_list")


def test_manual_protocol_only_as_its_index(manual):
    manual.refused(manual.post("/camera/camera_connection", {"list": [camera_item(6)]}),
                   "list[0].protocol", "index", "0 (RTP+RTSP), 1 (RTP+RTSP+HTTP), 2 (RTP+UDP)")
    manual.refused(manual.post("/camera/camera_connection", {"list": [camera_item(6, protocol=3)]}), "list[0].protocol")
    manual.post_ok("/camera/camera_connection", {"list": [camera_item(6, protocol=2)]})
    assert manual.get_ok("/information/camera_list")["camera_list"][-1]["protocol"] == "RTP+UDP"


def test_manual_camera_address_ipv4_only(manual):
    manual.refused(manual.post("/camera/camera_connection", {"list": [camera_item(6, ip="cam6.example.net", protocol=0)]}),
                   "list[0].ip", "IPv4")
    manual.post_ok("/camera/camera_connection", {"list": [camera_item(6, ip="192.0.2.66", protocol=0)]})


def test_manual_account_names_with_case(manual, strict):
    manual.post_ok("/setup/account_add", {"account": "admin", "password": encrypt("Adm1n-low")})
    manual.refused(manual.post("/setup/account_add", {"account": "admin", "password": encrypt("Adm1n-low")}), "already exists")
    strict.refused(strict.post("/setup/account_add", {"account": "admin", "password": encrypt("Adm1n-low")}), "without case")


def test_manual_load_default_brings_guest_back_and_keeps_admin(manual):
    manual.post_ok("/setup/account_delete", {"account": "Guest", "password": encrypt("1234")})
    manual.ok(manual.get("/setup/load_default"))
    assert [u["account"] for u in manual.nvr.get_state("accounts")] == ["Admin", "Guest"]


# ---- lenient ---------------------------------------------------------------
def test_lenient_merges_a_partial_post(lenient):
    lenient.post_ok("/setup/ddns_config", {"hostname": "site.example.net", "username": "u", "password": encrypt("Ddns-pw-1")})
    out = lenient.post_ok("/setup/ddns_config", {"enabled": True})
    assert out["hostname"] == "site.example.net" and out["username"] == "u" and out["password"] == encrypt("Ddns-pw-1")
    out = lenient.post_ok("/setup/system_monitor_config", {"system_monitor_setting": {"cpu_fan": {"threshold": 300}}})
    assert out["system_monitor_setting"]["cpu_fan"] == {"alarm_out": [False, False], "send_email": True, "threshold": 300}
    assert out["system_monitor_setting"]["cpu_temperature"]["alarm_out"] == [True, False]
    out = lenient.post_ok("/setup/event_action_config", {"camera": {"ch1": {"event": {"motion": {"event_trigger": True}}}}})
    assert out["camera"]["ch1"]["event"]["motion"]["event_trigger"] is True and "ch0" in out["camera"]
    out = lenient.post_ok("/setup/default_connection_info", {"auto_add": True})
    assert out["auto_add"] is True and out["auto_refresh_time"] == 120 and len(out["default_info"]) == 3


def test_lenient_merges_a_camera_edit_and_an_authority_change(lenient):
    before = lenient.get_ok("/information/camera_list")["camera_list"][0]
    lenient.post_ok("/camera/camera_connection", {"list": [{"cmd": 2, "ch": 0, "title": "Gate"}]})
    after = lenient.get_ok("/information/camera_list")["camera_list"][0]
    assert after == dict(before, title="Gate")
    assert lenient.nvr.get_state("camera_net")["ch0"]["netmask"] == "255.255.255.0"
    lenient.post_ok("/setup/account_add", {"account": "ops", "password": encrypt("Ops-pw-12")})
    lenient.post_ok("/setup/account_authority", {"account": "ops", "authority": 9, "covert": [True] + [False] * 31})
    users = lenient.post_ok("/setup/account_authority", {"account": "ops", "authority": 13})["user"]
    assert users[-1]["authority"] == 13 and users[-1]["covert"][0] is True


def test_lenient_takes_both_forms_of_protocol(lenient):
    lenient.post_ok("/camera/camera_connection", {"list": [camera_item(5, protocol=2), camera_item(6, protocol="RTP+RTSP+HTTP")]})
    assert [c["protocol"] for c in lenient.get_ok("/information/camera_list")["camera_list"][2:]] == ["RTP+UDP", "RTP+RTSP+HTTP"]


def test_lenient_refuses_with_http_400_and_changes_nothing(lenient):
    before = lenient.nvr.get_state()
    _refused_400(lenient.post("/setup/ddns_config", {"port": 70000}), "port", "1..65535")
    _refused_400(lenient.post("/camera/camera_connection", {"list": [camera_item(1)]}), "already in use")
    assert lenient.nvr.get_state() == before
    assert lenient.nvr.stats()["writes"] == 0


def test_lenient_search_without_model_and_any_unused_threshold(lenient, strict):
    assert lenient.get_ok("/camera/devicesearch")["total"] == 4
    assert strict.get("/camera/devicesearch").status_code == 400
    out = lenient.post_ok("/setup/system_monitor_config", {"system_monitor_setting": {"disk_full": {"threshold": 90}}})
    assert out["system_monitor_setting"]["disk_full"]["threshold"] == 90


# ---- strict is today's behaviour --------------------------------------------
def test_strict_is_unchanged(strict):
    assert strict.get_ok("/record/config")["data_life_time"] == {"cur": 30, "max": 90, "min": 1}
    assert strict.get_ok("/setup/ddns_config")["enabled"] is False
    assert strict.ok(strict.get("/setup/ddns_config"))["code"] == 0
    strict.refused(strict.post("/camera/camera_connection", {"list": [camera_item(6, protocol=0)]}), "list[0].protocol")
    out = strict.post_ok("/setup/ddns_config", {"enabled": True})
    assert out["port"] == 80 and out["hostname"] == ""
