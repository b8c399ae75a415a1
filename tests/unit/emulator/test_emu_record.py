"""Record templates and record config."""

import pytest

from emu_helpers import camera_item

WEEK = {d: [1] * 24 for d in ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")}


def _tpl(client):
    return client.get_ok("/record/template")


def test_add_set_assign_remove(client):
    out = client.post_ok("/record/record_template", {"add_template": ["Night", "Week-end_2"]})
    assert out["record_template"]["Night"]["Mon"] == [0] * 24
    week = dict(WEEK, Sun=[2] * 24)
    client.post_ok("/record/record_template", {"record_template": {"Night": week}})
    assert _tpl(client)["record_template"]["Night"]["Sun"] == [2] * 24
    client.post_ok("/camera/camera_connection", {"list": [camera_item(3)]})
    client.post_ok("/record/record_template", {"channel_setting": {"ch3": {"template_name": "Night", "chidx": 3}}})
    client.post_ok("/record/record_template", {"channel_setting": {"ch3": {"template_name": "Night", "ch_idx": 3}}})
    assert _tpl(client)["channel_setting"]["ch3"]["template_name"] == "Night"
    client.refused(client.post("/record/record_template", {"remove_template": ["Night"]}), "Night", "ch3")
    client.post_ok("/record/record_template", {"channel_setting": {"ch3": {"template_name": "Default"}}})
    out = client.post_ok("/record/record_template", {"remove_template": ["Night", "Week-end_2"]})
    assert list(out["record_template"]) == ["Default"]


@pytest.mark.parametrize("body,words", [
    ({"add_template": ["Default"]}, ("already exists",)),
    ({"add_template": ["bad name"]}, ("add_template[0]", "A-Z a-z 0-9 _ -")),
    ({"add_template": ["x" * 33]}, ("add_template[0]",)),
    ({"add_template": [""]}, ("add_template[0]",)),
    ({"add_template": []}, ("add_template", "non-empty")),
    ({"add_template": "Night"}, ("add_template", "list")),
    ({"add_template": ["A", "A"]}, ("twice",)),
    ({"remove_template": ["Default"]}, ("Default", "cannot be removed")),
    ({"remove_template": ["Ghost"]}, ("unknown template",)),
    ({"record_template": {"Ghost": WEEK}}, ("unknown template",)),
    ({"record_template": {"Default": {k: v for k, v in WEEK.items() if k != "Sat"}}}, ("Sat", "required")),
    ({"record_template": {"Default": dict(WEEK, Mon=[0] * 23)}}, ("Default.Mon", "24")),
    ({"record_template": {"Default": dict(WEEK, Mon=[3] + [0] * 23)}}, ("Default.Mon[0]", "0 (record)")),
    ({"record_template": {"Default": dict(WEEK, Mon=["0"] * 24)}}, ("Default.Mon[0]",)),
    ({"record_template": {"Default": dict(WEEK, Holiday=[0] * 24)}}, ("Holiday", "unknown")),
    ({"channel_setting": {"ch0": {"template_name": "Default"}}}, ("ch0", "no camera")),
    ({"channel_setting": {"ch32": {"template_name": "Default"}}}, ("ch32", "ch0..ch31")),
    ({"channel_setting": {"chX": {"template_name": "Default"}}}, ("chX",)),
    ({"add_template": ["A"], "remove_template": ["B"]}, ("exactly one",)),
    ({"templates": []}, ("templates", "unknown")),
])
def test_template_refusals(client, nvr, body, words):
    before = nvr.get_state("record_template")
    client.refused(client.post("/record/record_template", body), *words)
    assert nvr.get_state("record_template") == before


def test_channel_setting_refusals_with_camera(client):
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0)]})
    client.refused(client.post("/record/record_template", {"channel_setting": {"ch0": {"template_name": "Nope"}}}),
                   "unknown template", "Default")
    mismatch = {"channel_setting": {"ch0": {"template_name": "Default", "ch_idx": 1}}}
    client.refused(client.post("/record/record_template", mismatch), "ch_idx")
    client.refused(client.post("/record/record_template", {"channel_setting": {"ch0": {}}}), "template_name", "required")


def test_empty_channel_echo_is_accepted(client):
    client.post_ok("/record/record_template", {"channel_setting": {"ch4": {"edge": 0, "group_id": 0, "template_name": ""}}})


def test_record_config_replace_and_types(client):
    out = client.post_ok("/record/config", {"data_life_time": {"cur": 60, "min": 0, "max": 999},
                                            "record_pre_alarm": {"cur": "10", "enable": 1},
                                            "record_circular": {"enable": False}})
    assert out["data_life_time"] == {"cur": 60, "max": 90, "min": 1}
    assert out["record_pre_alarm"] == {"cur": 10, "enable": True, "max": 120, "min": 0}
    assert out["record_post_alarm"] == {"cur": 15, "enable": True, "max": 120, "min": 15}
    assert out["record_circular"] == {"enable": False, "percentage": 5, "size_mb": 1024, "type": "percentage",
                                      "type_opt": ["percentage", "size"]}
    assert out["edge_archiver_interval"] == 15
    assert client.get_ok("/record/record_info")["record_info"][0]["is_circular"] == 0
    out = client.post_ok("/record/config", {})
    assert out["data_life_time"]["cur"] == 30 and out["record_pre_alarm"]["cur"] == 0


@pytest.mark.parametrize("body,words", [
    ({"data_life_time": {"cur": 91}}, ("data_life_time.cur", "1..90")),
    ({"data_life_time": {"cur": 0}}, ("data_life_time.cur", "1..90")),
    ({"data_life_time": {"cur": "30"}}, ("data_life_time.cur", "integer")),
    ({"record_pre_alarm": {"cur": 121}}, ("record_pre_alarm.cur", "0..120")),
    ({"record_pre_alarm": {"cur": "abc"}}, ("record_pre_alarm.cur",)),
    ({"record_post_alarm": {"cur": 14}}, ("record_post_alarm.cur", "15..120")),
    ({"record_post_alarm": {"enable": "on"}}, ("record_post_alarm.enable", "true/false")),
    ({"edge_archiver_interval": 3601}, ("edge_archiver_interval", "0..3600")),
    ({"record_circular": {"type": "time"}}, ("record_circular.type", "percentage, size")),
    ({"record_circular": {"speed": 1}}, ("record_circular.speed", "unknown")),
])
def test_record_config_refusals(client, body, words):
    client.refused(client.post("/record/config", body), *words)


def test_record_config_uses_device_min_max(client, nvr):
    nvr.set_state({"record_config": {"data_life_time": {"max": 365}}})
    out = client.post_ok("/record/config", {"data_life_time": {"cur": 200}})
    assert out["data_life_time"] == {"cur": 200, "max": 365, "min": 1}
