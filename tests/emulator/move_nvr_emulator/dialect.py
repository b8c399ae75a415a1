"""Dialects: each a coherent reading of the manual where it allows more than one (docs/emulator.md "Dialects").

``strict``   the emulator's original reading, the strictest each time (the default).
``manual``   the manual's literal schema: flags 1/0 where it says %d, ``code`` "0", ``%s`` numbers as strings,
             its example values at factory (retention 60 in 0..60, a Guest account, non-zero unused
             disk thresholds), IPv4 camera addresses, ``protocol`` as its documented ``%d``, and
             every POST only as the complete object.
``lenient``  a device that merges a partial POST into what it holds, takes both forms of
             ``protocol`` and refuses bad values with HTTP 400 (M:125).

The switches are read by the endpoint code through ``current()``: the dialect of the NVR whose
request the running thread serves (several NVRs of different dialects run in one process).
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading

from . import cipher

DIALECTS = ("strict", "manual", "lenient")
PROTOCOL_FORMS = ("name", "index", "both")


@dataclasses.dataclass(frozen=True)
class Dialect:  # pylint: disable=too-many-instance-attributes
    """The switches of one dialect; docs/emulator.md gives the manual's line for each."""

    name: str
    # -- replies
    int_flags: bool = False             # every flag in the form its schema gives, both ways: %d as 1/0 (M:968, M:1899),
    #                                     the few written true/false as true/false (covert M:748, use_24hr M:779, evt_type M:369)
    string_code: bool = False           # success "0", refusal "-1" on every endpoint (M:138, M:143)
    string_numbers: bool = False        # the numbers documented as %s are strings, both ways (M:1902, M:1954, M:2183)
    schema_names: bool = False          # the schema's key names: system_monitor_list (M:968), chidx (M:1684)
    clear_reply_passwords: bool = False  # POST replies of default connection and camera connection in clear (M:922, M:2220)
    # -- requests
    complete_bodies: bool = False       # a POST must carry the complete object (M:884, M:1016, M:1328, M:1954, M:2236)
    merge_partial: bool = False         # a field left out keeps its stored value instead of its factory one
    protocol: str = "name"              # camera protocol in a request: "name", "index" (%d, M:2173) or "both"
    ipv4_camera: bool = False           # camera ip: an IPv4 address only ("The IP address of the camera", M:2192)
    names_with_case: bool = False       # account names compared with case
    any_unused_threshold: bool = False  # disk thresholds take any integer ("This value us unused", M:982)
    refusal_status: int = 200           # a refused value: HTTP 200 and code -1 (N:19-21), or 400 (M:125)
    search_without_model: bool = False  # devicesearch without model searches every type (M:2160 "Parameters NONE")
    default_connection_list_only: bool = False  # POST /setup/default_connection_info takes its schema's one field,
    #                                             device_default_list (M:884, M:932): auto_* refused, read-only
    # -- factory
    retention: tuple = (30, 1, 90)      # data_life_time cur, min, max; the manual's example: 60, 0, 60 (M:1936)
    disk_thresholds: tuple = (0, 0, 0)  # disk_failed, disk_full, disk_slow
    guest: bool = False                 # a Guest account, authority 8 (M:767, M:1624, M:1670)


STRICT = Dialect("strict")
MANUAL = Dialect("manual", int_flags=True, string_code=True, string_numbers=True, schema_names=True,
                 clear_reply_passwords=True, complete_bodies=True, protocol="index", ipv4_camera=True,
                 names_with_case=True, any_unused_threshold=True, retention=(60, 0, 60), disk_thresholds=(1, 95, 30),
                 guest=True)
LENIENT = Dialect("lenient", merge_partial=True, protocol="both", any_unused_threshold=True, refusal_status=400,
                  search_without_model=True)
BY_NAME = {d.name: d for d in (STRICT, MANUAL, LENIENT)}

GUEST = "Guest"
GUEST_PASSWORD = "1234"  # the factory password of the manual's examples (Admin's too)

_LOCAL = threading.local()


# Switches a dialect can be given on top, by name: ``manual+default_connection_list_only`` is ``manual``
# with that switch on (for a reading no named dialect has; docs/emulator.md, "Dialects").
EXTRA_SWITCHES = ("default_connection_list_only",)
_COMPOSED: dict = {}


def get(name: str) -> Dialect:
    """The dialect called ``name`` (``NAME+SWITCH+...``: with those switches of EXTRA_SWITCHES on); ValueError naming
    the known ones."""
    try:
        if name in BY_NAME:
            return BY_NAME[name]
        base, *switches = name.split("+")
        if not switches or base not in BY_NAME or any(switch not in EXTRA_SWITCHES for switch in switches):
            raise KeyError(name)
    except (KeyError, TypeError, AttributeError):
        raise ValueError(f"unknown dialect {name!r}; known: {', '.join(DIALECTS)}, each optionally with "
                         f"+{' or +'.join(EXTRA_SWITCHES)}") from None
    if name not in _COMPOSED:
        _COMPOSED[name] = dataclasses.replace(BY_NAME[base], name=name, **dict.fromkeys(switches, True))
    return _COMPOSED[name]


def current() -> Dialect:
    """The dialect of the request this thread serves (strict outside a request)."""
    return getattr(_LOCAL, "dialect", STRICT)


@contextlib.contextmanager
def use(dialect: Dialect):
    """Serve one request in ``dialect``."""
    previous = getattr(_LOCAL, "dialect", None)
    _LOCAL.dialect = dialect
    try:
        yield dialect
    finally:
        _LOCAL.dialect = previous


def guest_account(num_ch: int) -> dict:
    return {"account": GUEST, "password": cipher.encrypt(GUEST_PASSWORD), "authority": 8, "covert": [False] * num_ch}


# ---- replies ----------------------------------------------------------------
# The flags the schema writes true/false instead of %d: they stay booleans.
TRUE_FALSE_KEYS = frozenset(("covert", "use_24hr", "evt_type"))


def _ints(value, key=None):
    """A copy with every JSON boolean as 1/0, but under the keys of TRUE_FALSE_KEYS."""
    if isinstance(value, bool):
        return value if key in TRUE_FALSE_KEYS else int(value)
    if isinstance(value, dict):
        return {k: _ints(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_ints(v, key) for v in value]
    return value


def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def render(dialect: Dialect, method: str, path: str, output):
    """``output`` as this dialect shows it: a copy, never the stored state itself."""
    if dialect is STRICT or output is None:
        return output
    output = _ints(output) if dialect.int_flags else _copy(output)
    if not isinstance(output, dict):
        return output
    if dialect.string_numbers:
        pre = output.get("record_pre_alarm") if path == "/record/config" else None
        if isinstance(pre, dict) and isinstance(pre.get("cur"), int):
            pre["cur"] = str(pre["cur"])
        if path == "/camera/camera_connection":
            for item in output.get("list") or []:
                for key in ("http_port", "type"):
                    if isinstance(item.get(key), int):
                        item[key] = str(item[key])
    if dialect.schema_names:
        if path == "/setup/system_monitor_config" and "system_monitor_setting_list" in output:
            output = {("system_monitor_list" if k == "system_monitor_setting_list" else k): v for k, v in output.items()}
        if path in ("/record/template", "/record/record_template"):
            for key, setting in (output.get("channel_setting") or {}).items():
                if isinstance(setting, dict) and "ch_idx" in setting:
                    output["channel_setting"][key] = {("chidx" if k == "ch_idx" else k): v for k, v in setting.items()}
    if dialect.clear_reply_passwords and method == "POST":
        entries = []
        if path == "/setup/default_connection_info":
            entries = output.get("default_info") or []
        elif path == "/camera/camera_connection":
            entries = output.get("list") or []
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("password"), str) and entry["password"]:
                try:
                    entry["password"] = cipher.decrypt(entry["password"])
                except cipher.CipherError:
                    pass
    return output
