"""Login, logout, the session cookie and the authority check."""

from __future__ import annotations

import re
import urllib.parse

from .common import BadRequest, Unauthorized

COOKIE = "login-already"
SETUP_BIT = 16
_MD5_HEX = re.compile(r"[0-9a-fA-F]{32}")


def cookie_tokens(headers) -> list[str]:
    """Every login-already value in the request's Cookie header(s)."""
    tokens = []
    for header in headers.get_all("Cookie") or []:
        for part in header.split(";"):
            name, dummy, value = part.strip().partition("=")
            if name.strip() == COOKIE:
                tokens.append(value.strip().strip("'\""))
    return tokens


def authenticate(nvr, req, level: str) -> None:
    """Raise Unauthorized unless the request's session may use an endpoint of ``level``."""
    if level == "none":
        return
    account = nvr.session(req.cookies)
    if account is None:
        raise Unauthorized("not logged in (no valid login-already cookie): log in with POST /auth/login")
    req.account = account
    if level == "setup":
        entry = nvr.account(account)
        authority = entry.get("authority", 0) if entry else 0
        if not isinstance(authority, int) or not authority & SETUP_BIT:
            raise Unauthorized(f"account {account} lacks the Setup authority (16) this request needs")


def parse_form(req) -> dict:
    """The form-encoded body as a dict; BadRequest on a bad content type, encoding or a repeated field."""
    ctype = (req.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        raise BadRequest("Content-Type must be application/x-www-form-urlencoded")
    try:
        text = req.body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("body is not UTF-8") from None
    fields = {}
    for name, value in urllib.parse.parse_qsl(text, keep_blank_values=True):
        if name in fields:
            raise BadRequest(f"field {name} given more than once")
        fields[name] = value
    return fields


def login(nvr, req):
    """POST /auth/login with account=md5hex("user:password")."""
    form = parse_form(req)
    if "account" not in form:
        raise BadRequest("missing form field account (md5 hex of \"username:password\")")
    digest = form["account"].strip()
    token = nvr.login(digest) if _MD5_HEX.fullmatch(digest) else None
    if token is None:
        nvr.counters.login_failures += 1
        nvr.log("Account", "LoginFailed", "Login", req.client)
        raise Unauthorized("Login failed: wrong user name or password.")
    nvr.counters.logins += 1
    nvr.log("Account", f"Login {nvr.sessions[token][0]}", "Login", req.client)
    secure = "; Secure" if nvr.scheme == "https" else ""
    req.set_cookie = f"{COOKIE}={token}; Path=/; HttpOnly{secure}"
    return "Loginsuccess.", None


def logout(nvr, req):
    """GET /logout: ends the session named by the cookie (the manual exempts it from needing one)."""
    ended = False
    for token in req.cookies:
        entry = nvr.sessions.pop(token, None)
        if entry is not None:
            ended = True
            nvr.log("Account", f"Logout {entry[0]}", "Logout", req.client)
    if ended:
        nvr.counters.logouts += 1
    req.set_cookie = f"{COOKIE}=; Path=/; Max-Age=0"
    return "Logout success", None
