"""Email, DDNS, system monitor, default connection, load default: whole-object replace and refusals."""

import pytest

from move_nvr_emulator import encrypt


def _email(client):
    return client.get_ok("/setup/email_config")


# ---- email ------------------------------------------------------------------
def test_email_round_trip_and_password_encrypted(client):
    cfg = _email(client)
    cfg.update(account="ops@example.com", address=["a@example.com", "", "c@example.org"], current_provider="custom",
               password=encrypt("mail-pass1"))
    cfg["provider_opt"]["custom"].update(server_site="smtp.example.com", port=587, enabled_ssl=0)
    out = client.post_ok("/setup/email_config", cfg)
    assert out["password"] == encrypt("mail-pass1")
    assert out["provider_opt"]["custom"] == {"enabled_ssl": False, "port": 587, "server_site": "smtp.example.com",
                                             "show_name": "Custom"}
    assert _email(client) == out
    assert client.nvr.get_state("email")["password"] == encrypt("mail-pass1")


def test_email_whole_object_replace(client):
    cfg = _email(client)
    cfg.update(account="ops@example.com", password=encrypt("mail-pass1"), address=["a@example.com", "", ""])
    client.post_ok("/setup/email_config", cfg)
    out = client.post_ok("/setup/email_config", {"current_provider": "yahoo_mail"})
    assert out["current_provider"] == "yahoo_mail"
    assert out["account"] == "" and out["password"] == "" and out["address"] == ["", "", ""]
    out = client.post_ok("/setup/email_config", {"provider_opt": {"gmail": {"port": 25}}})
    assert out["provider_opt"]["gmail"] == {"enabled_ssl": True, "port": 25, "server_site": "smtp.gmail.com",
                                            "show_name": "Gmail"}
    assert out["current_provider"] == "gmail"


def test_email_read_only_fields_ignored(client):
    cfg = _email(client)
    cfg["provider_list"] = ["evil"]
    cfg["provider_opt"]["gmail"]["show_name"] = "Changed"
    out = client.post_ok("/setup/email_config", cfg)
    assert out["provider_list"] == ["gmail", "yahoo_mail", "custom"]
    assert out["provider_opt"]["gmail"]["show_name"] == "Gmail"


@pytest.mark.parametrize("change,words", [
    ({"address": ["a@example.com", ""]}, ("address", "exactly 3")),
    ({"address": ["a@example.com", "", "", ""]}, ("address", "exactly 3")),
    ({"address": ["not-an-address", "", ""]}, ("address[0]", "local@domain.tld")),
    ({"address": ["a b@example.com", "", ""]}, ("address[0]",)),
    ({"address": [1, "", ""]}, ("address[0]", "string")),
    ({"current_provider": "hotmail"}, ("current_provider", "gmail, yahoo_mail, custom")),
    ({"provider_opt": {"gmail": {"port": 0}}}, ("provider_opt.gmail.port", "1..65535")),
    ({"provider_opt": {"gmail": {"port": "465"}}}, ("provider_opt.gmail.port", "integer")),
    ({"provider_opt": {"gmail": {"enabled_ssl": "yes"}}}, ("provider_opt.gmail.enabled_ssl", "true/false")),
    ({"provider_opt": {"gmail": {"enabled_ssl": 2}}}, ("provider_opt.gmail.enabled_ssl",)),
    ({"provider_opt": {"hotmail": {}}}, ("provider_opt.hotmail", "unknown field")),
    ({"password": "plain-text-pw"}, ("password", "encrypted")),
    ({"password": 1234}, ("password",)),
    ({"account": 5}, ("account", "string")),
    ({"vendor_extra": 7}, ("vendor_extra", "unknown field")),
])
def test_email_refusals(client, nvr, change, words):
    before = nvr.get_state("email")
    msg = client.refused(client.post("/setup/email_config", change), *words)
    assert "plain-text-pw" not in msg
    assert nvr.get_state("email") == before


def test_email_booleans_accept_1_0(client):
    out = client.post_ok("/setup/email_config", {"provider_opt": {"gmail": {"enabled_ssl": 0}, "custom": {"enabled_ssl": True}}})
    assert out["provider_opt"]["gmail"]["enabled_ssl"] is False
    assert out["provider_opt"]["custom"]["enabled_ssl"] is True


def test_email_extension_field_kept_only_if_sent(client, nvr):
    nvr.set_state({"email": {"vendor_extra": 7}})
    cfg = _email(client)
    assert cfg["vendor_extra"] == 7
    out = client.post_ok("/setup/email_config", cfg)
    assert out["vendor_extra"] == 7
    out = client.post_ok("/setup/email_config", {k: v for k, v in cfg.items() if k != "vendor_extra"})
    assert "vendor_extra" not in out
    client.refused(client.post("/setup/email_config", cfg), "vendor_extra", "unknown field")


# ---- DDNS -------------------------------------------------------------------
def test_ddns_set_and_replace(client):
    out = client.post_ok("/setup/ddns_config", {"enabled": True, "hostname": "nvr.example.net", "username": "u1",
                                                "password": encrypt("123qwe"), "port": 8080, "server_name": "NoIP",
                                                "refresh_status": "whatever", "server_list": []})
    assert out == {"enabled": True, "hostname": "nvr.example.net", "password": "GtBc9p/Z", "port": 8080,
                   "refresh_status": "Success.", "server_list": ["DynDNS", "ChangeIP", "NoIP"], "server_name": "NoIP",
                   "username": "u1"}
    out = client.post_ok("/setup/ddns_config", {"enabled": 1})
    assert out["hostname"] == "" and out["port"] == 80 and out["server_name"] == "DynDNS" and out["password"] == ""
    assert out["refresh_status"] == "Failed."


@pytest.mark.parametrize("change,words", [
    ({"server_name": "dyndns"}, ("server_name", "DynDNS, ChangeIP, NoIP")),
    ({"port": 70000}, ("port", "1..65535")),
    ({"port": True}, ("port", "integer")),
    ({"enabled": "true"}, ("enabled", "true/false")),
    ({"hostname": "bad host"}, ("hostname",)),
    ({"mystery": 1}, ("mystery", "unknown field")),
])
def test_ddns_refusals(client, change, words):
    client.refused(client.post("/setup/ddns_config", change), *words)


# ---- system monitor -----------------------------------------------------------
def test_system_monitor_replace(client):
    body = {"system_monitor_setting": {"cpu_temperature": {"alarm_out": [0, 1], "send_email": 0, "threshold": 70}},
            "system_monitor_setting_list": ["ignored"]}
    out = client.post_ok("/setup/system_monitor_config", body)
    sms = out["system_monitor_setting"]
    assert sms["cpu_temperature"] == {"alarm_out": [False, True], "send_email": False, "threshold": 70}
    assert sms["cpu_fan"] == {"alarm_out": [False, False], "send_email": True, "threshold": 200}
    assert out["system_monitor_setting_list"] == ["cpu_fan", "cpu_temperature", "disk_failed", "disk_full", "disk_slow"]
    out = client.post_ok("/setup/system_monitor_config", {"system_monitor_setting": {"cpu_fan": {"threshold": 3000}}})
    assert out["system_monitor_setting"]["cpu_temperature"]["threshold"] == 80
    assert out["system_monitor_setting"]["cpu_fan"] == {"alarm_out": [False, False], "send_email": True, "threshold": 3000}


@pytest.mark.parametrize("item,words", [
    ({"cpu_fan": {"alarm_out": [True]}}, ("cpu_fan.alarm_out", "exactly 2")),
    ({"cpu_fan": {"alarm_out": [True, False, False]}}, ("alarm_out", "exactly 2")),
    ({"cpu_fan": {"alarm_out": ["yes", False]}}, ("alarm_out[0]", "true/false")),
    ({"cpu_fan": {"threshold": 10001}}, ("cpu_fan.threshold", "0..10000")),
    ({"cpu_temperature": {"threshold": 101}}, ("cpu_temperature.threshold", "0..100")),
    ({"cpu_temperature": {"threshold": 50.5}}, ("threshold", "integer")),
    ({"disk_full": {"threshold": 5}}, ("disk_full.threshold", "0")),
    ({"psu": {"threshold": 5}}, ("psu", "unknown field")),
    ({"disk_slow": {"send_email": "no"}}, ("disk_slow.send_email",)),
])
def test_system_monitor_refusals(client, item, words):
    client.refused(client.post("/setup/system_monitor_config", {"system_monitor_setting": item}), *words)


# ---- default connection -------------------------------------------------------
def test_default_connection_set(client):
    body = {"device_default_list": [{"type": 2, "account": "root", "password": encrypt("pass1234")},
                                    {"type": 1, "account": "admin", "password": encrypt("x1")}]}
    out = client.post_ok("/setup/default_connection_info", body)
    assert out["default_info"] == [{"account": "Admin", "password": "GtBcsw==", "type": 0},
                                   {"account": "admin", "password": encrypt("x1"), "type": 1},
                                   {"account": "root", "password": encrypt("pass1234"), "type": 2},
                                   {"account": "Admin", "password": "GtBcsw==", "type": 3}]
    out = client.post_ok("/setup/default_connection_info", {"device_default_list": []})
    assert [e["type"] for e in out["default_info"]] == [0, 2, 3]
    assert out["default_info"][1]["account"] == "Admin"


@pytest.mark.parametrize("body,words", [
    ({"device_default_list": [{"type": 7, "account": "a", "password": ""}]}, ("type", "0, 1, 2, 3, 12")),
    ({"device_default_list": [{"type": 0, "account": "a"}]}, ("password", "required")),
    ({"device_default_list": [{"type": 0, "account": "a", "password": "", "x": 1}]}, ("x", "unknown")),
    ({"device_default_list": [{"type": 0, "account": "a", "password": ""}] * 2}, ("given twice",)),
    ({"device_default_list": {"type": 0}}, ("device_default_list", "list")),
    ({"auto_refresh_time": 1}, ("auto_refresh_time", "10..86400")),
])
def test_default_connection_refusals(client, body, words):
    client.refused(client.post("/setup/default_connection_info", body), *words)


# ---- load default -------------------------------------------------------------
def test_load_default_resets_all_but_admin(client, nvr):
    client.post_ok("/setup/ddns_config", {"enabled": True})
    client.post_ok("/setup/account_add", {"account": "bob", "password": encrypt("abc123")})
    client.post_ok("/setup/account_edit", {"account": "Admin", "password": encrypt("newpass9")})
    client.ok(client.post("/setup/load_default", raw={}))
    assert client.get_ok("/setup/ddns_config")["enabled"] is False
    users = client.get_ok("/information/user_management")["user"]
    assert [u["account"] for u in users] == ["Admin"] and users[0]["password"] == encrypt("newpass9")
    assert client.ok(client.get("/setup/load_default"))["name"] == "/setup/load_default"
    stats = nvr.stats()
    assert stats["write_attempts"] == 5 and stats["writes"] == 5
