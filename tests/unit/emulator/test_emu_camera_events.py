"""Camera connection and its side effects; event actions."""

import pytest

from move_nvr_emulator import Fleet, encrypt
from emu_helpers import Client, camera_item


def test_connect_side_effects(client):
    body = client.ok(client.post("/camera/camera_connection", {"list": [camera_item(2, ip="192.0.2.50")]}))
    assert body["name"] == "/camera/camera_connection"
    item = body["output"]["list"][0]
    assert item["password"] == encrypt("1234") and item["cmd"] == 0 and item["protocol"] == "RTP+RTSP"
    assert set(item) == {"account", "cmd", "dns", "gateway", "http_port", "ip", "mac", "model", "netmask", "password",
                         "proj", "protocol", "rtsp_port", "title", "type"}
    cams = client.get_ok("/information/camera_list")["camera_list"]
    assert cams == [{"account": "Admin", "ch": 2, "http_port": 80, "ip": "192.0.2.50", "mac": "00:D0:89:00:00:02",
                     "model": "R3V6-L", "password": encrypt("1234"), "protocol": "RTP+RTSP", "rtsp_port": 554,
                     "title": "Cam2", "type": 1}]
    events = client.get_ok("/setup/event_action_config")
    assert events["camera_list"] == ["ch2"]
    assert events["camera"]["ch2"] == {"ch": 2, "event": {"motion": events["default"], "vloss": events["default"]},
                                       "ip": "192.0.2.50"}
    setting = client.get_ok("/record/template")["channel_setting"]["ch2"]
    assert setting == {"edge": 0, "group_id": 0, "template_name": "Default", "ch_idx": 2, "mac": "00:D0:89:00:00:02",
                       "ip": "192.0.2.50", "title": "Cam2", "type": 1}


def test_events_copied_from_current_default(client):
    client.post_ok("/setup/event_action_config", {"default": {"event_trigger": True, "alarm_out": [1, 0]}})
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0)]})
    motion = client.get_ok("/setup/event_action_config")["camera"]["ch0"]["event"]["motion"]
    assert motion["event_trigger"] is True and motion["alarm_out"] == [True, False]


def test_disconnect_edit_clear_all(client):
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0), camera_item(1), camera_item(5)]})
    assert client.get_ok("/setup/event_action_config")["camera_list"] == ["ch0", "ch1", "ch5"]
    client.post_ok("/camera/camera_connection", {"list": [{"cmd": 1, "ch": 1}]})
    assert [c["ch"] for c in client.get_ok("/information/camera_list")["camera_list"]] == [0, 5]
    assert client.get_ok("/setup/event_action_config")["camera_list"] == ["ch0", "ch5"]
    assert client.get_ok("/record/template")["channel_setting"]["ch1"] == {"edge": 0, "group_id": 0, "template_name": ""}
    out = client.post_ok("/camera/camera_connection", {"list": [camera_item(5, ip="192.0.2.99", cmd=2, title="Gate")]})
    assert out["list"][0]["title"] == "Gate"
    assert client.get_ok("/setup/event_action_config")["camera"]["ch5"]["ip"] == "192.0.2.99"
    setting = client.get_ok("/record/template")["channel_setting"]["ch5"]
    assert setting["ip"] == "192.0.2.99" and setting["title"] == "Gate" and setting["template_name"] == "Default"
    # Edit replaces the whole entry: omitted fields go back to their defaults.
    client.post_ok("/camera/camera_connection", {"list": [{"cmd": 2, "ch": 5, "ip": "192.0.2.99"}]})
    cam = client.get_ok("/information/camera_list")["camera_list"][1]
    assert cam["title"] == "NewDevice" and cam["mac"] == "" and cam["account"] == "" and cam["password"] == ""
    assert client.ok(client.get("/camera/clear_all"))["msg"] == "/camera/clear_allSuccess."
    assert client.get_ok("/information/camera_list")["camera_list"] == []
    events = client.get_ok("/setup/event_action_config")
    assert events["camera"] == {} and events["camera_list"] == []
    assert all(s["template_name"] == "" for s in client.get_ok("/record/template")["channel_setting"].values())


@pytest.mark.parametrize("items,words", [
    ([camera_item(32)], ("list[0].ch", "0..31")),
    ([camera_item(0, cmd=3)], ("cmd", "0 (connect)")),
    ([{"cmd": 1, "ch": 4}], ("channel 4", "disconnect")),
    ([{"cmd": 2, "ch": 4, "ip": "192.0.2.1"}], ("channel 4", "edit")),
    ([camera_item(0), camera_item(0, ip="192.0.2.77")], ("list[1].ch", "already in use")),
    ([camera_item(0), camera_item(1, ip="192.0.2.100")], ("list[1].ip", "already connected")),
    ([camera_item(0, http_port=0)], ("http_port", "1..65535")),
    ([camera_item(0, protocol=0)], ("protocol", "RTP+RTSP")),
    ([camera_item(0, type=2)], ("type", "0, 1, 3, 12")),
    ([camera_item(0, mac="zz")], ("mac",)),
    ([camera_item(0, password="1234")], ("password", "encrypted")),
    ([camera_item(0, colour="red")], ("colour", "unknown")),
    ([{"cmd": 0, "ch": 0}], ("ip", "required")),
    ([], ("list", "non-empty")),
])
def test_camera_refusals(client, nvr, items, words):
    before = nvr.get_state()
    client.refused(client.post("/camera/camera_connection", {"list": items}), *words)
    assert nvr.get_state() == before


def test_connect_defaults_from_default_connection(client):
    client.post_ok("/camera/camera_connection", {"list": [{"cmd": 0, "ch": 0, "ip": "192.0.2.9", "type": 3}]})
    cam = client.get_ok("/information/camera_list")["camera_list"][0]
    assert cam["account"] == "Admin" and cam["password"] == "GtBcsw==" and cam["http_port"] == 80


def test_preconnected_cameras():
    with Fleet(count=1, cameras=3, num_ch=8, num_alarm=2, num_relay=1) as fleet:
        cli = Client(fleet.nvrs[0])
        cli.ok(cli.login())
        assert [c["ch"] for c in cli.get_ok("/information/camera_list")["camera_list"]] == [0, 1, 2]
        events = cli.get_ok("/setup/event_action_config")
        assert events["camera_list"] == ["ch0", "ch1", "ch2"]
        assert sorted(events["nvr"]["nvr0"]["event"]) == ["alarm_in_0", "alarm_in_1"]
        assert events["default"]["alarm_out"] == [False]
        assert len(cli.get_ok("/record/template")["channel_setting"]) == 8
        version = cli.get_ok("/information/version")
        assert (version["num_ch"], version["num_alarm"], version["num_relay"]) == (8, 2, 1)
        cli.ok(cli.get("/camera/clear_all"))
        cli.ok(cli.get("/setup/load_default"))
        assert len(cli.get_ok("/information/camera_list")["camera_list"]) == 3


# ---- event actions -------------------------------------------------------------
def test_event_action_round_trip_and_replace(client):
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0), camera_item(3)]})
    cfg = client.get_ok("/setup/event_action_config")
    cfg["camera"]["ch3"]["event"]["vloss"].update(send_email=1, snapshot_size="D1")
    cfg["nvr"]["nvr0"]["event"]["alarm_in_1"]["channel_map"][3] = True
    cfg["default"]["take_snapshot"] = True
    out = client.post_ok("/setup/event_action_config", cfg)
    assert out == client.get_ok("/setup/event_action_config")
    assert out["camera"]["ch3"]["event"]["vloss"]["send_email"] is True
    assert out["nvr"]["nvr0"]["event"]["alarm_in_1"]["channel_map"][3] is True
    # Whole-object replace: what is left out goes back to factory.
    out = client.post_ok("/setup/event_action_config", {"camera": {"ch0": {"event": {"motion": {"event_trigger": True}}}}})
    assert out["camera"]["ch0"]["event"]["motion"]["event_trigger"] is True
    assert out["camera"]["ch3"]["event"]["vloss"]["send_email"] is False
    assert out["camera"]["ch0"]["ip"] == "192.0.2.100"
    assert out["nvr"]["nvr0"]["event"]["alarm_in_1"]["channel_map"][3] is False
    assert out["default"]["take_snapshot"] is False and out["camera_list"] == ["ch0", "ch3"]


@pytest.mark.parametrize("body,words", [
    ({"camera": {"ch1": {}}}, ("camera.ch1", "no camera", "ch0")),
    ({"camera": {"ch99": {}}}, ("camera.ch99", "ch0..ch31")),
    ({"camera": {"ch0": {"event": {"motion": {"snapshot_size": "4K"}}}}}, ("snapshot_size", "CIF, D1, OriginalSize")),
    ({"camera": {"ch0": {"event": {"motion": {"alarm_out": [True]}}}}}, ("camera.ch0.event.motion.alarm_out", "exactly 2")),
    ({"camera": {"ch0": {"event": {"tamper": {}}}}}, ("tamper", "unknown")),
    ({"default": {"event_trigger": "yes"}}, ("default.event_trigger", "true/false")),
    ({"nvr": {"nvr0": {"event": {"alarm_in_4": {}}}}}, ("alarm_in_4", "num_alarm 4")),
    ({"nvr": {"nvr0": {"event": {"alarm_in_0": {"channel_map": [False] * 31}}}}}, ("channel_map", "exactly 32")),
    ({"nvr": {"nvr1": {}}}, ("nvr.nvr1", "unknown")),
    ({"camera": []}, ("camera", "object")),
])
def test_event_action_refusals(client, body, words):
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0)]})
    client.refused(client.post("/setup/event_action_config", body), *words)


def test_event_action_read_only_ignored(client):
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0)]})
    out = client.post_ok("/setup/event_action_config", {"camera_list": ["ch9"], "nvr_list": [], "snapshot_size_list": ["X"],
                                                        "camera": {"ch0": {"ip": "10.9.9.9", "ch": 0}},
                                                        "nvr": {"nvr0": {"indx": 5, "event": {"alarm_in_0": {"indx": 9}}}}})
    assert out["camera_list"] == ["ch0"] and out["camera"]["ch0"]["ip"] == "192.0.2.100"
    assert out["nvr"]["nvr0"]["indx"] == 0 and out["nvr"]["nvr0"]["event"]["alarm_in_0"]["indx"] == 0
    assert out["snapshot_size_list"] == ["CIF", "D1", "OriginalSize"]
