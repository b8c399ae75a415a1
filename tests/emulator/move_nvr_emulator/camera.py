"""/camera/* endpoints: device search, connection setup (connect/disconnect/edit), clear all.

Camera addresses are only data: the emulator never contacts them.
"""

from __future__ import annotations

import ipaddress

from . import factory
from .common import PORT, BadRequest, Choice, Enc, Int, Refused, Spec, Str, check_keys, join, require, show, type_name
from .setup_api import HOST_RE, HOST_WHAT

ITEM_KEYS = ("model", "proj", "title", "ip", "mac", "dev", "http_port", "type", "rtsp_port", "protocol", "account",
             "password", "cmd", "ch", "netmask", "gateway", "dns")
NET_KEYS = ("proj", "dev", "netmask", "gateway", "dns")
MAC = Str(17, r"[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}", "\"\" or a MAC address like 00:D0:89:12:34:56")
IP = Str(64, HOST_RE, HOST_WHAT, empty=False)
TEXT = Str(64)
CMDS = {0: "connect", 1: "disconnect", 2: "edit"}
# What a connect or edit must carry in a dialect with complete_bodies: every field the camera list
# shows (M:2070) plus cmd and ch.  proj and dev (M:2236) no reply shows, so no client could send them back.
COMPLETE_KEYS = ("account", "http_port", "ip", "mac", "model", "password", "protocol", "rtsp_port", "title", "type")
_PROTOCOL_NAME = Choice(factory.PROTOCOLS)


class Protocol(Spec):
    """The camera's protocol: its name (strict), its index, the manual's %d (manual: 0 RTP+RTSP,
    1 RTP+RTSP+HTTP, 2 RTP+UDP, the order of the names; the manual gives none), or either (lenient).
    Stored and answered as the name (M:2070, M:2222)."""

    def __init__(self, form: str):
        self.form = form

    def check(self, value, path):
        by_index = ", ".join(f"{i} ({name})" for i, name in enumerate(factory.PROTOCOLS))
        if type(value) is int and self.form in ("index", "both"):  # pylint: disable=unidiomatic-typecheck
            if 0 <= value < len(factory.PROTOCOLS):
                return factory.PROTOCOLS[value]
            raise Refused(f"{path}: {value} is not a protocol index; allowed values: {by_index}")
        if self.form == "index":
            raise Refused(f"{path}: must be the protocol's index (the documented %d); allowed values: {by_index}; "
                          f"got {type_name(value)} {show(value)}")
        return _PROTOCOL_NAME.check(value, path)


class Ipv4(Spec):
    """A camera address in a dialect that reads "The IP address of the camera" (M:2192) literally."""

    def check(self, value, path):
        value = IP.check(value, path)
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            raise Refused(f"{path}: {show(value)} is not an IPv4 address; allowed: an IPv4 address such as 192.0.2.10") from None
        return value


def devicesearch(nvr, req):
    raw = req.query.get("model")
    support = nvr.state["default_connection"]["support_cam"]
    if raw is None and nvr.dialect.search_without_model:  # M:2160 "Parameters NONE": every type
        raw = str(1 if 1 in support else support[0])
    if raw is None or not raw.strip().lstrip("-").isdigit():
        raise BadRequest("query parameter model (the device type, an integer) is required")
    model = int(raw)
    if model not in support:
        raise Refused(f"model: device type {model} is not supported; allowed: {', '.join(map(str, support))}")
    found = search_results(nvr, model)
    return "device_searchSuccess!", {"total": len(found), "dev_list": found}


# How many cameras of each type a search finds (a type not named: none).
SEARCH_COUNTS = {1: 4, 0: 2, 3: 1}


def search_results(nvr, model: int) -> list:
    """The cameras a search for type ``model`` finds on this NVR's LAN: the same ones every time, other
    ones for each type and each NVR (type 1: 192.0.2.x/198.51.100.x, the others 198.18.<type>.x)."""
    found = []
    for i in range(SEARCH_COUNTS.get(model, 0)):
        n = nvr.index * 4 + i
        if model == 1:
            ip, name, mac4 = factory.fake_camera_ip(200 + n % 400), f"R3V6-L{i}", 0x60 + i
        else:
            ip, name, mac4 = f"198.18.{model % 256}.{n % 240 + 10}", f"M{model}-C{i}", 0x70 + model % 16
        found.append({"model": name, "proj": name, "title": f"Found{model}-{n:04d}" if model != 1 else f"Found{n:04d}",
                      "ip": ip, "netmask": "255.255.255.0", "gateway": "192.0.2.254",
                      "dns": "192.0.2.253", "mac": f"00:D0:89:{mac4:02X}:{(n >> 8) & 0xFF:02X}:{n & 0xFF:02X}",
                      "http_port": 80, "type": model})
    return found


def _default_login(nvr, cam_type: int) -> tuple[str, str]:
    for entry in nvr.state["default_connection"]["default_info"]:
        if entry.get("type") == cam_type:
            return entry.get("account", ""), entry.get("password", "")
    return "", ""


def _build(nvr, item: dict, ch: int, path: str, current: dict | None,  # pylint: disable=too-many-arguments,too-many-positional-arguments
           current_net: dict | None = None) -> tuple[dict, dict]:
    """The camera record and its network extras from a connect/edit item.

    Omitted fields: defaults; in an edit with merge_partial, the camera's current values.
    With complete_bodies a connect or edit must carry every field of COMPLETE_KEYS.
    """
    current = current or {}
    dialect = nvr.dialect
    for key in item:
        if key not in ITEM_KEYS and key not in current:
            raise Refused(f"{join(path, key)}: unknown field; known fields: {', '.join(sorted(ITEM_KEYS))}")
    if dialect.complete_bodies:
        for key in COMPLETE_KEYS:
            if key not in item:
                raise Refused(f"{join(path, key)}: missing; this NVR takes only the complete camera entry "
                              f"({', '.join(COMPLETE_KEYS)}, cmd, ch)")
    kept = current if dialect.merge_partial else {}
    support = nvr.state["default_connection"]["support_cam"]
    cam_type = Int(0, 255).check(item.get("type", kept.get("type", 1)), join(path, "type"))
    if cam_type not in support:
        raise Refused(f"{join(path, 'type')}: device type {cam_type} is not supported; allowed: {', '.join(map(str, support))}")
    account, password = _default_login(nvr, cam_type)
    ip_spec = Ipv4() if dialect.ipv4_camera else IP
    ip = item["ip"] if "ip" in item else kept["ip"] if "ip" in kept else require(item, "ip", path)
    protocol = Protocol(dialect.protocol).check(item["protocol"], join(path, "protocol")) if "protocol" in item \
        else kept.get("protocol", "RTP+RTSP")
    camera = {
        "account": Str(32).check(item.get("account", kept.get("account", account)), join(path, "account")),
        "ch": ch,
        "http_port": PORT.check(item.get("http_port", kept.get("http_port", 80)), join(path, "http_port")),
        "ip": ip_spec.check(ip, join(path, "ip")),
        "mac": MAC.check(item.get("mac", kept.get("mac", "")), join(path, "mac")),
        "model": TEXT.check(item.get("model", kept.get("model", "")), join(path, "model")),
        "password": Enc().check(item.get("password", kept.get("password", password)), join(path, "password")),
        "protocol": protocol,
        "rtsp_port": PORT.check(item.get("rtsp_port", kept.get("rtsp_port", 554)), join(path, "rtsp_port")),
        "title": TEXT.check(item.get("title", kept.get("title", "NewDevice")), join(path, "title")),
        "type": cam_type,
    }
    for key, value in (kept.items() if dialect.merge_partial else ()):
        if key not in camera:
            camera[key] = value
    for key, value in item.items():
        if key not in ITEM_KEYS:
            camera[key] = value
    kept_net = (current_net or {}) if dialect.merge_partial else {}
    net = {key: TEXT.check(item.get(key, kept_net.get(key, "")), join(path, key)) for key in NET_KEYS}
    return camera, net


def _reply_item(cmd: int, camera: dict, net: dict) -> dict:
    """Reply entry; unlike the manual's example, the password stays encrypted."""
    return {"account": camera["account"], "cmd": cmd, "dns": net.get("dns", ""), "gateway": net.get("gateway", ""),
            "http_port": camera["http_port"], "ip": camera["ip"], "mac": camera["mac"], "model": camera["model"],
            "netmask": net.get("netmask", ""), "password": camera["password"], "proj": net.get("proj", ""),
            "protocol": camera["protocol"], "rtsp_port": camera["rtsp_port"], "title": camera["title"],
            "type": camera["type"]}


def _check_duplicate(cameras: dict, camera: dict, path: str) -> None:
    for key, other in cameras.items():
        if other["ip"] == camera["ip"] and other["http_port"] == camera["http_port"] and other["ch"] != camera["ch"]:
            raise Refused(f"{join(path, 'ip')}: {camera['ip']}:{camera['http_port']} is already connected on {key}")


def camera_connection(nvr, req):
    body = req.param
    check_keys(body, ("list",))
    items = require(body, "list")
    if not isinstance(items, list) or not items:
        raise Refused(f"list: must be a non-empty list of camera entries with cmd and ch, got {type_name(items)}")
    num_ch = nvr.opts.num_ch
    cameras = dict(nvr.state["cameras"])
    nets = dict(nvr.state["camera_net"])
    ops = []
    for i, item in enumerate(items):
        path = join("list", i)
        if not isinstance(item, dict):
            raise Refused(f"{path}: must be an object, got {type_name(item)}")
        cmd = require(item, "cmd", path)
        if type(cmd) is not int or cmd not in CMDS:  # pylint: disable=unidiomatic-typecheck
            raise Refused(f"{join(path, 'cmd')}: {cmd!r} is not allowed; allowed values: 0 (connect), 1 (disconnect), 2 (edit)")
        ch = Int(0, num_ch - 1).check(require(item, "ch", path), join(path, "ch"))
        key = f"ch{ch}"
        if cmd == 0:
            if key in cameras:
                raise Refused(f"{join(path, 'ch')}: channel {ch} is already in use (by {cameras[key]['ip']}); "
                              "disconnect it first or use cmd 2 to edit")
            camera, net = _build(nvr, item, ch, path, None)
        else:
            if key not in cameras:
                raise Refused(f"{join(path, 'ch')}: no camera is connected on channel {ch}; cannot {CMDS[cmd]} it")
            if cmd == 1:
                check_keys(item, set(ITEM_KEYS) | set(cameras[key]), path)
                camera, net = cameras.pop(key), nets.pop(key, {})
                ops.append((cmd, camera, net))
                continue
            camera, net = _build(nvr, item, ch, path, cameras[key], nets.get(key))
        _check_duplicate(cameras, camera, path)
        cameras[key] = camera
        nets[key] = net
        ops.append((cmd, camera, net))
    for cmd, camera, net in ops:
        if cmd == 0:
            factory.attach_camera(nvr.state, camera, net)
        elif cmd == 1:
            factory.detach_camera(nvr.state, camera["ch"])
        else:
            factory.update_camera(nvr.state, camera, net)
    return "", {"list": [_reply_item(cmd, camera, net) for cmd, camera, net in ops]}


def clear_all(nvr, _req):
    for key in list(nvr.state["cameras"]):
        factory.detach_camera(nvr.state, int(key[2:]))
    return "/camera/clear_allSuccess.", None
