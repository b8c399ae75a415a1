"""Account add/delete/edit/authority and their rules."""

import pytest

from move_nvr_emulator import encrypt
from emu_helpers import Client


def _users(client):
    return {u["account"]: u for u in client.get_ok("/information/user_management")["user"]}


def test_add_edit_authority_delete(client, nvr):
    body = client.ok(client.post("/setup/account_add", {"account": "Guest", "password": encrypt("guest123")}))
    assert body["name"] == "/setup/account_add"
    guest = {u["account"]: u for u in body["output"]["user"]}["Guest"]
    assert guest == {"account": "Guest", "password": encrypt("guest123"), "authority": 8, "covert": [False] * 32}
    client.post_ok("/setup/account_edit", {"account": "Guest", "password": encrypt("other456")})
    assert _users(client)["Guest"]["password"] == encrypt("other456")
    covert = [False] * 32
    covert[3] = 1
    client.post_ok("/setup/account_authority", {"account": "Guest", "authority": 9, "covert": covert})
    assert _users(client)["Guest"]["authority"] == 9 and _users(client)["Guest"]["covert"][3] is True
    # Whole-object replace: covert left out goes back to all false.
    client.post_ok("/setup/account_authority", {"account": "Guest", "authority": 31})
    assert _users(client)["Guest"]["covert"] == [False] * 32
    other = Client(nvr)
    other.ok(other.login("Guest", "other456"))
    client.post_ok("/setup/account_delete", {"account": "Guest", "password": encrypt("other456")})
    assert "Guest" not in _users(client)


@pytest.mark.parametrize("name", ["a", "_abc", "x" * 33, "bad name", "bad-name", "ümlaut", ""])
def test_add_bad_names(client, name):
    client.refused(client.post("/setup/account_add", {"account": name, "password": encrypt("abc123")}), "account")


@pytest.mark.parametrize("name", ["ab", "a_", "A1_b", "x" * 32, "9lives"])
def test_add_good_names(client, name):
    client.post_ok("/setup/account_add", {"account": name, "password": encrypt("abc123")})


@pytest.mark.parametrize("password", ["abc12", "a" * 21, "abcdef", "123456", "abc 123", "abc123*", "abc\u00e9123"])
def test_add_bad_passwords(client, password):
    msg = client.refused(client.post("/setup/account_add", {"account": "user1", "password": encrypt(password)}),
                         "password", "6 to 20")
    assert password not in msg


@pytest.mark.parametrize("password", ["abc123", "A1!#$%&'-.@^_~", "x" * 19 + "1"])
def test_add_good_passwords(client, password):
    client.post_ok("/setup/account_add", {"account": "user1", "password": encrypt(password)})


def test_add_plaintext_password_refused(client):
    client.refused(client.post("/setup/account_add", {"account": "user1", "password": "abc123"}), "password", "encrypted")


def test_add_duplicate_and_limit(client):
    client.post_ok("/setup/account_add", {"account": "user1", "password": encrypt("abc123")})
    client.refused(client.post("/setup/account_add", {"account": "user1", "password": encrypt("abc123")}), "already exists")
    client.refused(client.post("/setup/account_add", {"account": "ADMIN", "password": encrypt("abc123")}), "already exists")
    for i in range(2, 7):
        client.post_ok("/setup/account_add", {"account": f"user{i}", "password": encrypt("abc123")})
    client.refused(client.post("/setup/account_add", {"account": "user7", "password": encrypt("abc123")}), "at most 6")
    assert len(_users(client)) == 7


def test_add_unknown_or_missing_field(client):
    client.refused(client.post("/setup/account_add", {"account": "user1", "password": encrypt("abc123"), "authority": 31}),
                   "authority", "unknown")
    client.refused(client.post("/setup/account_add", {"account": "user1"}), "password", "required")


def test_delete_rules(client):
    client.post_ok("/setup/account_add", {"account": "user1", "password": encrypt("abc123")})
    client.refused(client.post("/setup/account_delete", {"account": "user1", "password": encrypt("wrong123")}),
                   "password", "does not match")
    client.refused(client.post("/setup/account_delete", {"account": "user1", "password": "abc123"}), "password")
    client.refused(client.post("/setup/account_delete", {"account": "Admin", "password": encrypt("1234")}),
                   "cannot be deleted")
    client.refused(client.post("/setup/account_delete", {"account": "nobody", "password": encrypt("abc123")}),
                   "no account named")
    assert "user1" in _users(client)


def test_admin_rules(client):
    client.refused(client.post("/setup/account_authority", {"account": "Admin", "authority": 31}), "cannot be changed")
    client.post_ok("/setup/account_edit", {"account": "Admin", "password": encrypt("admin99")})
    fresh = Client(client.nvr)
    assert fresh.login().status_code == 401
    fresh.ok(fresh.login(password="admin99"))
    client.refused(client.post("/setup/account_edit", {"account": "Admin", "password": encrypt("1234")}), "password")


@pytest.mark.parametrize("authority,words", [(7, ("8..31",)), (32, ("8..31",)), (16, ("Live",)), (23, ("Live",)),
                                             ("31", ("integer",)), (True, ("integer",))])
def test_authority_rules(client, authority, words):
    client.post_ok("/setup/account_add", {"account": "user1", "password": encrypt("abc123")})
    client.refused(client.post("/setup/account_authority", {"account": "user1", "authority": authority}), "authority", *words)


def test_covert_size(client):
    client.post_ok("/setup/account_add", {"account": "user1", "password": encrypt("abc123")})
    client.refused(client.post("/setup/account_authority", {"account": "user1", "authority": 8, "covert": [False] * 31}),
                   "covert", "exactly 32")
