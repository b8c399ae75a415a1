"""Reply shapes of every GET endpoint, as the manual's examples (with the api-notes.md corrections)."""

from move_nvr_emulator import encrypt


def test_version(client):
    body = client.ok(client.get("/information/version"))
    assert body["name"] == "version"
    assert body["output"] == {"remote_version": "2016.11.16.b162cbc", "ap_version": "A99999999999", "num_ch": 32,
                              "num_alarm": 4, "num_relay": 2, "model": "H100", "proj": "NVR"}


def test_local_time_network_time(client):
    assert isinstance(client.get_ok("/information/local_time")["local_time"], int)
    body = client.ok(client.get("/information/network_info"))
    assert body["name"] == "network_info"
    net = body["output"]
    assert net["http_port"] == client.nvr.port and net["rtsp_port"] == 554
    card = net["network_card_info"][0]
    assert set(card) == {"name", "ip", "mac", "dhcp_status", "net_mask", "gateway", "primary_dns", "secondary_dns"}
    assert card["mac"] == client.nvr.mac
    tc = client.get_ok("/information/time_config")
    assert tc["ntp_server"] == "time.nist.gov" and tc["dst"]["offset"] == 3600 and tc["use_24hr"] is False


def test_distinct_identity(fleet):
    assert fleet.nvrs[0].mac != fleet.nvrs[1].mac
    assert fleet.nvrs[0].name != fleet.nvrs[1].name
    assert fleet.ports[1] == fleet.ports[0] + 1


def test_user_management(client):
    body = client.ok(client.get("/information/user_management"))
    assert body["name"] == "/information/user_management"
    assert body["output"] == {"user": [{"account": "Admin", "password": encrypt("1234"), "authority": 31,
                                        "covert": [False] * 32}]}


def test_camera_list_empty(client):
    assert client.get_ok("/information/camera_list") == {"camera_list": []}


def test_default_connection(client):
    out = client.get_ok("/setup/default_connection_info")
    assert out == {"auto_add": False, "auto_refresh": False, "auto_refresh_time": 120,
                   "default_info": [{"account": "Admin", "password": "GtBcsw==", "type": 0},
                                    {"account": "Admin", "password": "GtBcs92K", "type": 2},
                                    {"account": "Admin", "password": "GtBcsw==", "type": 3}],
                   "support_cam": [0, 1, 3, 12]}


def test_system_monitor(client):
    out = client.get_ok("/setup/system_monitor_config")
    assert out["system_monitor_setting_list"] == ["cpu_fan", "cpu_temperature", "disk_failed", "disk_full", "disk_slow"]
    sms = out["system_monitor_setting"]
    assert sms["cpu_fan"] == {"alarm_out": [False, False], "send_email": True, "threshold": 200}
    assert sms["cpu_temperature"] == {"alarm_out": [True, False], "send_email": True, "threshold": 80}
    for name in ("disk_failed", "disk_full", "disk_slow"):
        assert sms[name] == {"alarm_out": [False, False], "send_email": True, "threshold": 0}


def test_event_action(client):
    out = client.get_ok("/setup/event_action_config")
    assert set(out) == {"camera", "camera_list", "default", "nvr", "nvr_list", "snapshot_size_list"}
    assert out["camera"] == {} and out["camera_list"] == []
    assert out["default"] == {"alarm_out": [False, False], "event_trigger": False, "send_email": False,
                              "snapshot_size": "CIF", "take_snapshot": False}
    assert out["nvr_list"] == ["nvr0"] and out["snapshot_size_list"] == ["CIF", "D1", "OriginalSize"]
    nvr0 = out["nvr"]["nvr0"]
    assert nvr0["indx"] == 0 and sorted(nvr0["event"]) == [f"alarm_in_{i}" for i in range(4)]
    assert nvr0["event"]["alarm_in_2"] == {"alarm_out": [False, False], "channel_map": [False] * 32,
                                           "event_trigger": False, "indx": 2, "send_email": False,
                                           "snapshot_size": "CIF", "take_snapshot": False}


def test_email(client):
    out = client.get_ok("/setup/email_config")
    assert out["account"] == "" and out["address"] == ["", "", ""] and out["password"] == ""
    assert out["current_provider"] == "gmail" and out["provider_list"] == ["gmail", "yahoo_mail", "custom"]
    assert out["provider_opt"]["gmail"] == {"enabled_ssl": True, "port": 465, "server_site": "smtp.gmail.com",
                                            "show_name": "Gmail"}
    assert out["provider_opt"]["custom"]["server_site"] == "smtp.mail.yahoo.com"


def test_ddns(client):
    assert client.get_ok("/setup/ddns_config") == {
        "enabled": False, "hostname": "", "password": "", "port": 80, "refresh_status": "Success.",
        "server_list": ["DynDNS", "ChangeIP", "NoIP"], "server_name": "DynDNS", "username": ""}


def test_record_template(client):
    out = client.get_ok("/record/template")
    assert out["rec_type_opts"] == {"0": "record", "1": "no_record", "2": "evt_only"}
    assert list(out["record_template"]) == ["Default"]
    week = out["record_template"]["Default"]
    assert sorted(week) == sorted(["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"])
    assert week["Mon"] == [0] * 9 + [2] + [0] * 14
    assert len(out["channel_setting"]) == 32
    assert out["channel_setting"]["ch5"] == {"edge": 0, "group_id": 0, "template_name": ""}
    assert out["group_num_max"] == 1 and out["group_rec_list"] == [0]


def test_record_config(client):
    assert client.get_ok("/record/config") == {
        "data_life_time": {"cur": 30, "max": 90, "min": 1}, "edge_archiver_interval": 15,
        "record_circular": {"enable": True, "percentage": 5, "size_mb": 1024, "type": "percentage",
                            "type_opt": ["percentage", "size"]},
        "record_post_alarm": {"cur": 15, "enable": True, "max": 120, "min": 15},
        "record_pre_alarm": {"cur": 0, "enable": True, "max": 120, "min": 0}}


def test_record_info(client):
    out = client.get_ok("/record/record_info")
    assert out["group_support"] is True
    group = out["record_info"][0]
    assert set(group) == {"path", "group_id", "sys_time_offset", "sys_start_time", "HDD_num_max", "is_circular"}
    assert set(group["path"][0]) == {"mount_path", "export_path", "snap_path", "total_size_mb", "available_size_mb"}


def test_devicesearch(client):
    body = client.ok(client.get("/camera/devicesearch", model=1))
    assert body["name"] == "/camera/devicesearch"
    out = body["output"]
    assert out["total"] == len(out["dev_list"]) == 4
    assert set(out["dev_list"][0]) == {"model", "proj", "title", "ip", "netmask", "gateway", "dns", "mac", "http_port",
                                       "type"}
    assert all(d["type"] == 1 for d in out["dev_list"])
    assert client.get("/camera/devicesearch").status_code == 400
    client.refused(client.get("/camera/devicesearch", model=7), "model", "0, 1, 3, 12")
