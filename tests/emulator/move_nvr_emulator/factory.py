"""Per-NVR options and the factory state, plus the side effects of (dis)connecting a camera.

The state of one NVR is a dict of sections (see SECTIONS); each section is
JSON and is what the matching GET endpoint returns as ``output`` (except
``device``, ``cameras``, ``camera_net`` and ``exports``, which feed several
replies).  Values come from the manual's reply examples where there is one.
"""

from __future__ import annotations

import copy
import dataclasses
import re

from . import cipher
from . import dialect as dialects
from . import hostile as hostile_mode

SECTIONS = (
    "device", "network_info", "time_config", "default_connection", "system_monitor",
    "event_action", "email", "ddns", "accounts", "record_template", "record_config",
    "record_info", "cameras", "camera_net", "exports",
)
MONITORS = ("cpu_fan", "cpu_temperature", "disk_failed", "disk_full", "disk_slow")
SNAPSHOT_SIZES = ["CIF", "D1", "OriginalSize"]
DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
SUPPORT_CAM = [0, 1, 3, 12]
PROTOCOLS = ["RTP+RTSP", "RTP+RTSP+HTTP", "RTP+UDP"]
ADMIN = "Admin"


@dataclasses.dataclass
class NvrOptions:  # pylint: disable=too-many-instance-attributes
    """What one emulated NVR looks like (see docs/emulator.md)."""

    num_ch: int = 32
    num_alarm: int = 4
    num_relay: int = 2
    admin_password: str = "1234"
    # The administrator's user name: the manual writes Admin (M:161); a device may spell it otherwise.
    admin_name: str = ADMIN
    model: str = "H100"
    cameras: int = 0
    session_timeout_s: float = 1800.0
    code_style: str = "manual"
    # Hostile mode (hostile.py): names out of hostile_mode.HOSTILE, and their parameters.
    hostile: tuple = ()
    canary: str = hostile_mode.DEFAULT_CANARY
    drip_s: float = hostile_mode.DEFAULT_DRIP_S
    redirect_port: int = 0
    # The reading of the manual this NVR follows (dialect.py, docs/emulator.md "Dialects").
    dialect: str = "strict"

    def validate(self) -> None:
        if not 1 <= self.num_ch <= 256:
            raise ValueError("num_ch must be 1..256")
        if not 0 <= self.num_alarm <= 32:
            raise ValueError("num_alarm must be 0..32")
        if not 0 <= self.num_relay <= 32:
            raise ValueError("num_relay must be 0..32")
        if not 0 <= self.cameras <= self.num_ch:
            raise ValueError("cameras must be 0..num_ch")
        if self.code_style not in ("manual", "int", "string"):
            raise ValueError("code_style must be manual, int or string")
        if not self.admin_password:
            raise ValueError("admin_password must not be empty")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_]{1,31}", self.admin_name or ""):
            raise ValueError("admin_name must be 2 to 32 characters of A-Z a-z 0-9 _, not starting with _")
        try:
            self.hostile = hostile_mode.check_modes(self.hostile)
        except ValueError as exc:
            raise ValueError(f"hostile: {exc}") from None
        hostile_mode.check_canary(self.canary)
        if isinstance(self.drip_s, bool) or not isinstance(self.drip_s, (int, float)) or not 0.001 <= self.drip_s <= 10:
            raise ValueError("drip_s must be 0.001..10 seconds")
        if type(self.redirect_port) is not int or not 0 <= self.redirect_port <= 65535:  # pylint: disable=unidiomatic-typecheck
            raise ValueError("redirect_port must be 0..65535 (0: the NVR's own port + 1)")
        dialects.get(self.dialect)


def nvr_identity(index: int) -> tuple[str, str]:
    """Distinct name and MAC address of NVR number ``index`` in a fleet."""
    return f"NVR-{index + 1:03d}", f"00:D0:89:{0xA0 + (index >> 16) % 16:02X}:{(index >> 8) & 0xFF:02X}:{index & 0xFF:02X}"


def fake_camera_ip(i: int) -> str:
    """Documentation-range (TEST-NET) addresses: data only, never contacted."""
    nets = ("192.0.2", "198.51.100", "203.0.113")
    return f"{nets[(i // 200) % 3]}.{i % 200 + 10}"


def evt_block(opts: NvrOptions) -> dict:
    return {"alarm_out": [False] * opts.num_relay, "event_trigger": False, "send_email": False,
            "snapshot_size": "CIF", "take_snapshot": False}


def alarm_in_block(opts: NvrOptions, indx: int) -> dict:
    return {"alarm_out": [False] * opts.num_relay, "channel_map": [False] * opts.num_ch, "event_trigger": False,
            "indx": indx, "send_email": False, "snapshot_size": "CIF", "take_snapshot": False}


def monitor_block(opts: NvrOptions, name: str) -> dict:
    alarm_out = [False] * opts.num_relay
    disks = dict(zip(("disk_failed", "disk_full", "disk_slow"), dialects.get(opts.dialect).disk_thresholds))
    threshold = {"cpu_fan": 200, "cpu_temperature": 80}.get(name, disks.get(name, 0))
    if name == "cpu_temperature" and alarm_out:
        alarm_out[0] = True
    return {"alarm_out": alarm_out, "send_email": True, "threshold": threshold}


def empty_channel_setting() -> dict:
    return {"edge": 0, "group_id": 0, "template_name": ""}


def default_week() -> dict:
    day = [0] * 9 + [2] + [0] * 14
    return {d: list(day) for d in ("Fri", "Mon", "Sat", "Sun", "Thu", "Tue", "Wed")}


def new_template_week() -> dict:
    return {d: [0] * 24 for d in ("Fri", "Mon", "Sat", "Sun", "Thu", "Tue", "Wed")}


def admin_account(opts: NvrOptions, password_enc: str | None = None) -> dict:
    return {"account": opts.admin_name, "password": password_enc or cipher.encrypt(opts.admin_password),
            "authority": 31, "covert": [False] * opts.num_ch}


def _email() -> dict:
    return {
        "account": "", "address": ["", "", ""], "current_provider": "gmail", "password": "",
        "provider_list": ["gmail", "yahoo_mail", "custom"],
        "provider_opt": {
            "custom": {"enabled_ssl": True, "port": 465, "server_site": "smtp.mail.yahoo.com", "show_name": "Custom"},
            "gmail": {"enabled_ssl": True, "port": 465, "server_site": "smtp.gmail.com", "show_name": "Gmail"},
            "yahoo_mail": {"enabled_ssl": True, "port": 465, "server_site": "smtp.mail.yahoo.com", "show_name": "YahooMail"},
        },
    }


def _time_config() -> dict:
    return {
        "date_format": "YYYY/MM/DD",
        "dst": {"enabled": True, "end_day": 0, "end_hour": 2, "end_minute": 0, "end_month": 9, "end_second": 0,
                "end_week": 4, "end_weekday": 0, "offset": 3600, "rule": 0, "start_day": 0, "start_hour": 1,
                "start_minute": 0, "start_month": 2, "start_second": 0, "start_week": 4, "start_weekday": 0},
        "iana_id": "", "ntp_server": "time.nist.gov", "timezone_index": -1, "timezone_list": [],
        "timezone_offset": 0, "use_24hr": False,
    }


def factory_state(opts: NvrOptions, index: int, boot_time: int) -> dict:
    """The whole factory state of NVR ``index`` (pre-connected cameras included), in the NVR's dialect."""
    dialect = dialects.get(opts.dialect)
    name, mac = nvr_identity(index)
    mac_last = int(mac.replace(":", ""), 16) + 1
    mac2 = ":".join(f"{(mac_last >> s) & 0xFF:02X}" for s in range(40, -1, -8))
    state = {
        "device": {"name": name, "mac": mac, "remote_version": "2016.11.16.b162cbc", "ap_version": "A99999999999",
                   "model": opts.model, "proj": "NVR"},
        "network_info": {
            "http_port": 80, "https_port": 443, "rtsp_port": 554,
            "network_card_info": [
                {"name": "eth0", "ip": "127.0.0.1", "mac": mac, "dhcp_status": False, "net_mask": "255.0.0.0",
                 "gateway": "", "primary_dns": "", "secondary_dns": ""},
                {"name": "eth1", "ip": "", "mac": mac2, "dhcp_status": False, "net_mask": "",
                 "gateway": "", "primary_dns": "", "secondary_dns": ""},
            ],
        },
        "time_config": _time_config(),
        "default_connection": {
            "auto_add": False, "auto_refresh": False, "auto_refresh_time": 120,
            "default_info": [{"account": "Admin", "password": cipher.encrypt("1234"), "type": 0},
                             {"account": "Admin", "password": cipher.encrypt("123456"), "type": 2},
                             {"account": "Admin", "password": cipher.encrypt("1234"), "type": 3}],
            "support_cam": list(SUPPORT_CAM),
        },
        "system_monitor": {
            "system_monitor_setting": {m: monitor_block(opts, m) for m in MONITORS},
            "system_monitor_setting_list": list(MONITORS),
        },
        "event_action": {
            "camera": {}, "camera_list": [], "default": evt_block(opts),
            "nvr": {"nvr0": {"event": {f"alarm_in_{i}": alarm_in_block(opts, i) for i in range(opts.num_alarm)}, "indx": 0}},
            "nvr_list": ["nvr0"], "snapshot_size_list": list(SNAPSHOT_SIZES),
        },
        "email": _email(),
        "ddns": {"enabled": False, "hostname": "", "password": "", "port": 80, "refresh_status": "Success.",
                 "server_list": ["DynDNS", "ChangeIP", "NoIP"], "server_name": "DynDNS", "username": ""},
        "accounts": [admin_account(opts)] + ([dialects.guest_account(opts.num_ch)] if dialect.guest else []),
        "record_template": {
            "channel_setting": {f"ch{i}": empty_channel_setting() for i in range(opts.num_ch)},
            "rec_type_opts": {"0": "record", "1": "no_record", "2": "evt_only"},
            "record_template": {"Default": default_week()},
            "group_num_max": 1, "group_rec_list": [0],
        },
        "record_config": {
            "data_life_time": {"cur": dialect.retention[0], "max": dialect.retention[2], "min": dialect.retention[1]},
            "edge_archiver_interval": 15,
            "record_circular": {"enable": True, "percentage": 5, "size_mb": 1024, "type": "percentage",
                                "type_opt": ["percentage", "size"]},
            "record_post_alarm": {"cur": 15, "enable": True, "max": 120, "min": 15},
            "record_pre_alarm": {"cur": 0, "enable": True, "max": 120, "min": 0},
        },
        "record_info": {
            "record_info": [{"path": [{"mount_path": "/ext_000", "export_path": "/ext_export_000", "snap_path": "/ext_snap_000",
                                       "total_size_mb": 917196, "available_size_mb": 774171}],
                             "group_id": 0, "sys_time_offset": 0, "sys_start_time": boot_time, "HDD_num_max": 1,
                             "is_circular": 1}],
            "group_support": True,
        },
        "cameras": {},
        "camera_net": {},
        "exports": {"files": [], "pending": [], "total_size_mb": 4833, "available_size_mb": 4347},
    }
    for ch in range(opts.cameras):
        camera = {"account": "Admin", "ch": ch, "http_port": 80, "ip": fake_camera_ip(ch),
                  "mac": f"00:D0:89:{0x10 + index % 200:02X}:{index // 200 % 256:02X}:{ch % 256:02X}",
                  "model": "R3V6-L", "password": cipher.encrypt("1234"), "protocol": "RTP+RTSP", "rtsp_port": 554,
                  "title": f"Camera{ch + 1:02d}", "type": 1}
        net = {"proj": "R3V6-L", "dev": "", "netmask": "255.255.255.0", "gateway": "", "dns": ""}
        attach_camera(state, camera, net)
    return state


def attach_camera(state: dict, camera: dict, net: dict) -> None:
    """Connect ``camera`` on its channel: camera list, event actions, record channel."""
    ch = camera["ch"]
    key = f"ch{ch}"
    state["cameras"][key] = camera
    state["camera_net"][key] = net
    events = state["event_action"]
    default = events["default"]
    events["camera"][key] = {"ch": ch, "event": {"motion": copy.deepcopy(default), "vloss": copy.deepcopy(default)},
                             "ip": camera["ip"]}
    events["camera"] = dict(sorted(events["camera"].items(), key=lambda kv: int(kv[0][2:])))
    events["camera_list"] = list(events["camera"])
    state["record_template"]["channel_setting"][key] = {
        "edge": 0, "group_id": 0, "template_name": "Default", "ch_idx": ch,
        "mac": camera["mac"], "ip": camera["ip"], "title": camera["title"], "type": camera["type"]}


def update_camera(state: dict, camera: dict, net: dict) -> None:
    """An edited camera: keep its event actions and template, refresh the copies of its data."""
    key = f"ch{camera['ch']}"
    state["cameras"][key] = camera
    state["camera_net"][key] = net
    entry = state["event_action"]["camera"].get(key)
    if entry is not None:
        entry["ip"] = camera["ip"]
    setting = state["record_template"]["channel_setting"].get(key)
    if setting is not None:
        setting.update({"ch_idx": camera["ch"], "mac": camera["mac"], "ip": camera["ip"],
                        "title": camera["title"], "type": camera["type"]})


def detach_camera(state: dict, ch: int) -> None:
    """Disconnect the camera on channel ``ch`` and undo attach_camera."""
    key = f"ch{ch}"
    state["cameras"].pop(key, None)
    state["camera_net"].pop(key, None)
    events = state["event_action"]
    events["camera"].pop(key, None)
    events["camera_list"] = list(events["camera"])
    state["record_template"]["channel_setting"][key] = empty_channel_setting()


def sorted_cameras(state: dict) -> list:
    return [state["cameras"][k] for k in sorted(state["cameras"], key=lambda k: int(k[2:]))]
