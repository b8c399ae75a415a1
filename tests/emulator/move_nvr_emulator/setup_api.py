"""/setup/* endpoints except accounts and event actions: default connection, load default,
system monitor, email and DDNS."""

from __future__ import annotations

import dataclasses
import functools

from . import dialect as dialects
from .common import BOOL, PORT, BoolList, Enc, Int, Obj, Refused, Spec, Str, join, show, type_name
from .factory import MONITORS

HOST_RE = r"[A-Za-z0-9]([A-Za-z0-9.-]{0,126}[A-Za-z0-9])?"
HOST_WHAT = "a host name or IPv4 address (letters, digits, '.', '-'; no spaces)"
EMAIL_RE = r"[^@\s]+@[^@\s]+\.[^@\s.]+"


class ZeroOnly(Spec):
    """A threshold the device does not use: it stores 0 and refuses anything else.

    In a dialect with ``any_unused_threshold`` ("This value us unused", M:982) any integer is stored.
    """

    _any = Int(-2 ** 31, 2 ** 31 - 1)

    def check(self, value, path):
        if dialects.current().any_unused_threshold:
            return self._any.check(value, path)
        if type(value) is not int or value != 0:  # pylint: disable=unidiomatic-typecheck
            raise Refused(f"{path}: this monitor has no threshold; the only allowed value is 0, got {show(value)}")
        return value


class AddressList(Spec):
    """Email recipients: exactly 3 strings, each "" or one address local@domain.tld."""

    _addr = Str(128, EMAIL_RE, "\"\" or one address local@domain.tld without spaces")

    def check(self, value, path):
        if not isinstance(value, list):
            raise Refused(f"{path}: must be a list of exactly 3 strings (unused slots \"\"), got {type_name(value)}")
        if len(value) != 3:
            raise Refused(f"{path}: must have exactly 3 entries (unused slots \"\"), got {len(value)}")
        return [self._addr.check(item, join(path, i)) for i, item in enumerate(value)]


# ---- default connection -------------------------------------------------
DEFAULT_CONN = Obj({"auto_add": BOOL, "auto_refresh": BOOL, "auto_refresh_time": Int(10, 86400)},
                   readonly=("default_info", "support_cam"))
DEVICE_DEFAULT = Obj({"type": Int(0, 255), "account": Str(32), "password": Enc()}, required=("type", "account", "password"))


def get_default_connection(nvr, _req):
    return "device_default_accountgetsucess", nvr.state["default_connection"]


def set_default_connection(nvr, req):
    """The strict reading: auto_* and types left out go back to factory.  The manual's body is
    device_default_list alone (M:884, M:932): in the other dialects auto_* and the types it does
    not name keep their stored values, and the manual dialect requires the list.  With the switch
    default_connection_list_only (``manual+default_connection_list_only``) the list is the only field taken:
    auto_* are refused, so they can only be read."""
    body = dict(req.param)
    dialect = nvr.dialect
    extra = sorted(set(body) - {"device_default_list"}) if dialect.default_connection_list_only else []
    if extra:
        raise Refused(f"{extra[0]}: not a field of this request; it takes {{\"device_default_list\": [...]}} only")
    if dialect.complete_bodies and "device_default_list" not in body:
        raise Refused("device_default_list: missing; this NVR takes the complete object {\"device_default_list\": [...]}")
    items = body.pop("device_default_list", [])
    current = nvr.state["default_connection"]
    fac = nvr.factory["default_connection"]
    if dialect is dialects.STRICT:
        new = DEFAULT_CONN.build(body, current, fac)
        entries = {e["type"]: dict(e) for e in fac["default_info"]}
    else:
        # auto_* are optional extras here: what is left out is kept
        with dialects.use(dataclasses.replace(dialect, merge_partial=True, complete_bodies=False)):
            new = DEFAULT_CONN.build(body, current, fac)
        entries = {e["type"]: dict(e) for e in current.get("default_info", [])}
    allowed = sorted(set(current.get("support_cam", [])) | {e["type"] for e in fac["default_info"]})
    if not isinstance(items, list):
        raise Refused(f"device_default_list: must be a list of {{type, account, password}}, got {type_name(items)}")
    seen = set()
    for i, item in enumerate(items):
        entry = DEVICE_DEFAULT.build(item, {}, {"account": "", "password": "", "type": 0}, join("device_default_list", i))
        if entry["type"] not in allowed:
            raise Refused(f"device_default_list[{i}].type: {entry['type']} is not a supported device type; "
                          f"allowed: {', '.join(map(str, allowed))}")
        if entry["type"] in seen:
            raise Refused(f"device_default_list[{i}].type: type {entry['type']} given twice")
        seen.add(entry["type"])
        entries[entry["type"]] = entry
    new["default_info"] = [entries[t] for t in sorted(entries)]
    nvr.state["default_connection"] = new
    return "Success.", new


def load_default(nvr, _req):
    nvr.load_default()
    return "/setup/load_defaultSuccess!", None


# ---- system monitor -----------------------------------------------------
_MONITOR_RO = ("system_monitor_setting_list", "system_monitor_list")


@functools.lru_cache(maxsize=64)
def monitor_spec(num_relay: int) -> Obj:
    thresholds = {"cpu_fan": Int(0, 10000), "cpu_temperature": Int(0, 100)}
    items = {m: Obj({"alarm_out": BoolList(num_relay, "num_relay alarm outputs"), "send_email": BOOL,
                     "threshold": thresholds.get(m, ZeroOnly())}) for m in MONITORS}
    return Obj({"system_monitor_setting": Obj(items, readonly=_MONITOR_RO)}, readonly=_MONITOR_RO)


def get_system_monitor(nvr, _req):
    return "getsys_evt_configsuccess.", nvr.state["system_monitor"]


def set_system_monitor(nvr, req):
    new = monitor_spec(nvr.opts.num_relay).build(req.param, nvr.state["system_monitor"], nvr.factory["system_monitor"])
    nvr.state["system_monitor"] = new
    return "Success.", new


# ---- email --------------------------------------------------------------
_PROVIDER = Obj({"enabled_ssl": BOOL, "port": PORT, "server_site": Str(128, HOST_RE, HOST_WHAT, empty=False)},
                readonly=("show_name",))
EMAIL = Obj({"account": Str(128), "address": AddressList(), "current_provider": Str(32), "password": Enc(),
             "provider_opt": Obj({"custom": _PROVIDER, "gmail": _PROVIDER, "yahoo_mail": _PROVIDER})},
            readonly=("provider_list",))


def get_email(nvr, _req):
    return "getemail_configs success.", nvr.state["email"]


def set_email(nvr, req):
    new = EMAIL.build(req.param, nvr.state["email"], nvr.factory["email"])
    if new["current_provider"] not in new["provider_list"]:
        raise Refused(f"current_provider: {show(new['current_provider'])} is not allowed; "
                      f"allowed values: {', '.join(new['provider_list'])}")
    nvr.state["email"] = new
    return "Success.", new


# ---- DDNS ---------------------------------------------------------------
DDNS = Obj({"enabled": BOOL, "hostname": Str(128, HOST_RE, HOST_WHAT), "password": Enc(), "port": PORT,
            "server_name": Str(32), "username": Str(64)},
           readonly=("refresh_status", "server_list"))


def get_ddns(nvr, _req):
    return "getddns_configs success.", nvr.state["ddns"]


def set_ddns(nvr, req):
    new = DDNS.build(req.param, nvr.state["ddns"], nvr.factory["ddns"])
    if new["server_name"] not in new["server_list"]:
        raise Refused(f"server_name: {show(new['server_name'])} is not allowed; allowed values: {', '.join(new['server_list'])}")
    # No DNS service is ever contacted: an enabled DDNS "fails" without a host name and user name.
    new["refresh_status"] = "Failed." if new["enabled"] and not (new["hostname"] and new["username"]) else "Success."
    nvr.state["ddns"] = new
    return "Success.", new
