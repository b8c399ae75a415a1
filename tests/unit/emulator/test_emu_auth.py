"""Login, cookie, logout, sessions and authority."""

import time

import requests

from move_nvr_emulator import Fleet, encrypt
from emu_helpers import Client


def test_login_sets_cookie_and_string_code(anon):
    resp = anon.login()
    assert resp.status_code == 200
    body = resp.json()
    assert body == {"code": "0", "msg": "Loginsuccess.", "name": "/login"}
    cookie = anon.session.cookies.get("login-already")
    assert cookie and len(cookie) == 32 and int(cookie, 16) >= 0
    assert "HttpOnly" in resp.headers["Set-Cookie"]
    assert anon.get("/information/version").status_code == 200


def test_manual_md5_example_is_wrong_and_refused(anon):
    resp = anon.session.post(anon.base + "/auth/login", data={"account": "afd53c19b43825da4b297c203e4460"})
    assert resp.status_code == 401
    assert str(resp.json()["code"]) != "0"
    resp = anon.session.post(anon.base + "/auth/login", data={"account": "afdfd53c19b43825da4b297c203e4460"})
    assert resp.status_code == 200


def test_bad_password_401(anon, nvr):
    resp = anon.login(password="wrong")
    assert resp.status_code == 401
    assert str(resp.json()["code"]) != "0"
    assert "login-already" not in anon.session.cookies
    assert nvr.stats()["login_failures"] == 1
    assert nvr.stats()["logins"] == 0


def test_login_needs_account_field(anon):
    resp = anon.session.post(anon.base + "/auth/login", data={"user": "x"})
    assert resp.status_code == 400


def test_old_login_path_is_404(anon):
    assert anon.session.post(anon.base + "/login", data={"account": "x"}).status_code == 404


def test_no_cookie_401(anon):
    resp = anon.get("/information/version")
    assert resp.status_code == 401
    assert str(resp.json()["code"]) != "0"
    assert anon.post("/setup/email_config", {}).status_code == 401


def test_unknown_cookie_401(anon):
    anon.session.cookies.set("login-already", "0" * 32)
    assert anon.get("/information/version").status_code == 401


def test_logout_ends_session(client, nvr):
    assert nvr.stats()["open_sessions"] == 1
    cookie = client.session.cookies.get("login-already")
    resp = client.logout()
    assert resp.json() == {"code": "0", "msg": "Logout success", "name": "/logout"}
    stats = nvr.stats()
    assert stats["open_sessions"] == 0 and stats["logouts"] == 1
    raw = requests.get(client.base + "/information/version", cookies={"login-already": cookie}, timeout=5)
    assert raw.status_code == 401


def test_logout_without_session_is_harmless(anon, nvr):
    assert anon.logout().status_code == 200
    assert nvr.stats()["logouts"] == 0


def test_expire_sessions_side_channel(client, nvr):
    client.side("POST", "faults", {"expire_sessions": True})
    assert nvr.stats()["open_sessions"] == 0
    assert client.get("/information/version").status_code == 401
    client.ok(client.login())
    assert client.get("/information/version").status_code == 200


def test_idle_session_timeout():
    with Fleet(count=1, session_timeout_s=1.0) as fleet:
        cli = Client(fleet.nvrs[0])
        cli.ok(cli.login())
        assert cli.get("/information/version").status_code == 200
        time.sleep(1.3)
        assert cli.get("/information/version").status_code == 401
        assert fleet.nvrs[0].stats()["open_sessions"] == 0


def test_setup_authority_rules(client, nvr):
    client.post_ok("/setup/account_add", {"account": "guest1", "password": encrypt("abc123")})
    guest = Client(nvr)
    guest.ok(guest.login("guest1", "abc123"))
    assert guest.get("/information/version").status_code == 200
    assert guest.get("/information/camera_list").status_code == 200
    assert guest.get("/datasearch/remote_export_status").status_code == 200
    for path in ("/information/user_management", "/setup/email_config", "/record/config", "/record/template",
                 "/camera/devicesearch"):
        assert guest.get(path, model=1).status_code == 401, path
    assert guest.post("/setup/email_config", {}).status_code == 401
    # Give Setup: now allowed (the session sees the new authority at once).
    client.post_ok("/setup/account_authority", {"account": "guest1", "authority": 24, "covert": [False] * 32})
    assert guest.get("/setup/email_config").status_code == 200


def test_deleted_account_loses_session(client, nvr):
    client.post_ok("/setup/account_add", {"account": "temp_user", "password": encrypt("abc123")})
    other = Client(nvr)
    other.ok(other.login("temp_user", "abc123"))
    client.post_ok("/setup/account_delete", {"account": "temp_user", "password": encrypt("abc123")})
    assert other.get("/information/version").status_code == 401


def test_admin_password_option():
    with Fleet(count=1, admin_password="s3cret99") as fleet:
        cli = Client(fleet.nvrs[0])
        assert cli.login().status_code == 401
        cli.ok(cli.login(password="s3cret99"))
        users = cli.get_ok("/information/user_management")["user"]
        assert users[0]["password"] == encrypt("s3cret99")
