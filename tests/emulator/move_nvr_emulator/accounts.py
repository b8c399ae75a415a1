"""POST /setup/account_add, account_delete, account_edit (inferred), account_authority (inferred).

Rules from api-notes.md (the vendor's user manual) and api-decisions.md.
All four reply with the user list, like GET /information/user_management.
"""

from __future__ import annotations

import re

from . import cipher
from .common import BoolList, Enc, Int, Refused, Str, check_keys, require

MAX_USERS = 6  # besides the administrator
NAME = Str(32, r"[A-Za-z0-9][A-Za-z0-9_]{1,31}",
           "2 to 32 characters of A-Z a-z 0-9 _, not starting with _", empty=False)
_PASS_CHARS = re.compile(r"[A-Za-z0-9!#$%&'\-.@^_~]{6,20}")
PASS_RULE = "6 to 20 characters: letters and digits, at least one of each, plus any of !#$%&'-.@^_~"
_ENC = Enc()


def _reply(nvr, msg: str):
    return msg, {"user": nvr.state["accounts"]}


def _existing(nvr, body) -> dict:
    name = require(body, "account")
    if not isinstance(name, str):
        raise Refused("account: must be a string (the user name)")
    entry = nvr.account(name)
    if entry is None:
        names = ", ".join(a["account"] for a in nvr.state["accounts"])
        raise Refused(f"account: no account named {name!r}; accounts: {names}")
    return entry


def _new_password(body) -> str:
    """The encrypted password of the body, checked against the password rules."""
    value = _ENC.check(require(body, "password"), "password")
    plain = cipher.decrypt(value)
    if not (_PASS_CHARS.fullmatch(plain) and re.search(r"[A-Za-z]", plain) and re.search(r"[0-9]", plain)):
        raise Refused(f"password: does not meet the password rules; allowed: {PASS_RULE}")
    return value


def account_add(nvr, req):
    body = req.param
    check_keys(body, ("account", "password"))
    name = NAME.check(require(body, "account"), "account")
    accounts = nvr.state["accounts"]
    if nvr.dialect.names_with_case:
        if any(a["account"] == name for a in accounts):
            raise Refused(f"account: {name!r} already exists")
    elif any(a["account"].lower() == name.lower() for a in accounts):
        raise Refused(f"account: {name!r} already exists (user names are compared without case)")
    admin = nvr.opts.admin_name
    if sum(1 for a in accounts if a["account"] != admin) >= MAX_USERS:
        raise Refused(f"account: too many accounts; at most {MAX_USERS} besides {admin}")
    password = _new_password(body)
    accounts.append({"account": name, "password": password, "authority": 8, "covert": [False] * nvr.opts.num_ch})
    return _reply(nvr, "/setup/account_addSuccess!")


def account_delete(nvr, req):
    body = req.param
    check_keys(body, ("account", "password"))
    entry = _existing(nvr, body)
    if entry["account"] == nvr.opts.admin_name:
        raise Refused(f"account: the administrator account {nvr.opts.admin_name} cannot be deleted")
    password = require(body, "password")
    if not isinstance(password, str) or password != entry["password"]:
        raise Refused("password: does not match the account's current password (send it encrypted, as the user list shows it)")
    nvr.state["accounts"] = [a for a in nvr.state["accounts"] if a is not entry]
    nvr.drop_sessions_without_account()
    return _reply(nvr, "/setup/account_deleteSuccess!")


def account_edit(nvr, req):
    body = req.param
    check_keys(body, ("account", "password"))
    entry = _existing(nvr, body)
    entry["password"] = _new_password(body)
    return _reply(nvr, "/setup/account_editSuccess!")


def account_authority(nvr, req):
    body = req.param
    check_keys(body, ("account", "authority", "covert"))
    entry = _existing(nvr, body)
    if entry["account"] == nvr.opts.admin_name:
        raise Refused(f"account: the authority of the administrator account {nvr.opts.admin_name} cannot be changed")
    dialect = nvr.dialect
    if dialect.complete_bodies:  # N:88-89: the body is {account, authority, covert}
        require(body, "authority")
        require(body, "covert")
    # Left out: factory (Live only, nothing covert), or what the account has (merge_partial).
    authority = Int(8, 31).check(body.get("authority", entry["authority"] if dialect.merge_partial else 8), "authority")
    if not authority & 8:
        raise Refused(f"authority: {authority} lacks Live (8), which is always set; allowed: 8..31 with bit 8 set "
                      "(Setup 16, Live 8, PTZ 4, Device 2, Playback 1)")
    covert_spec = BoolList(nvr.opts.num_ch, "one per channel, num_ch", documented_bool=True)  # [true/false, ...] (M:748)
    covert = body["covert"] if "covert" in body else entry["covert"] if dialect.merge_partial else [False] * nvr.opts.num_ch
    covert = covert_spec.check(covert, "covert") if "covert" in body else [bool(flag) for flag in covert]
    entry["authority"] = authority
    entry["covert"] = covert
    return _reply(nvr, "/setup/account_authoritySuccess!")
