"""GET/POST /setup/event_action_config.

True shape (api-notes.md): ``camera.chN.{ch, ip, event.{motion, vloss}}``,
``camera_list``, ``default``, ``nvr.nvr0.{indx, event.alarm_in_N}``,
``nvr_list``, ``snapshot_size_list``.
"""

from __future__ import annotations

import copy
import functools
import re

from .common import BOOL, BoolList, Obj, Refused, Str, channel_key, join, show, type_name
from .factory import evt_block

_ALARM_KEY = re.compile(r"alarm_in_([0-9]+)")


@functools.lru_cache(maxsize=64)
def specs(num_ch: int, num_alarm: int, num_relay: int) -> tuple[Obj, Obj]:
    """(top-level spec, per-camera spec) for an NVR of that size."""
    evt_fields = {"alarm_out": BoolList(num_relay, "num_relay alarm outputs"), "event_trigger": BOOL, "send_email": BOOL,
                  "snapshot_size": Str(32), "take_snapshot": BOOL}
    evt = Obj(evt_fields)
    alarm = Obj(dict(evt_fields, channel_map=BoolList(num_ch, "num_ch channels")), readonly=("indx",))
    nvr0 = Obj({"event": Obj({f"alarm_in_{i}": alarm for i in range(num_alarm)})}, readonly=("indx",))
    top = Obj({"default": evt, "nvr": Obj({"nvr0": nvr0})},
              readonly=("camera", "camera_list", "nvr_list", "snapshot_size_list"))
    camera = Obj({"event": Obj({"motion": evt, "vloss": evt})}, readonly=("ch", "ip"))
    return top, camera


def get_event_action(nvr, _req):
    return "getevt_actionsuccess.", nvr.state["event_action"]


def _check_alarm_inputs(body, num_alarm: int) -> None:
    nvr_body = body.get("nvr")
    nvr0 = nvr_body.get("nvr0") if isinstance(nvr_body, dict) else None
    events = nvr0.get("event") if isinstance(nvr0, dict) else None
    if not isinstance(events, dict):
        return
    for key in events:
        match = _ALARM_KEY.fullmatch(key) if isinstance(key, str) else None
        if match and int(match.group(1)) >= num_alarm:
            last = f"alarm_in_0..alarm_in_{num_alarm - 1}" if num_alarm else "none"
            raise Refused(f"nvr.nvr0.event.{key}: alarm input {int(match.group(1))} does not exist; "
                          f"this NVR has num_alarm {num_alarm} ({last})")


def _build_cameras(nvr, cam_body) -> dict:
    if not isinstance(cam_body, dict):
        raise Refused(f"camera: must be an object keyed by channel name (chN), got {type_name(cam_body)}")
    opts = nvr.opts
    cameras = nvr.state["cameras"]
    connected = sorted(cameras, key=lambda k: int(k[2:]))
    for key in cam_body:
        channel_key(key, opts.num_ch, "camera")
        if key not in cameras:
            raise Refused(f"camera.{key}: no camera is connected on that channel; connected: {', '.join(connected) or 'none'}")
    cam_spec = specs(opts.num_ch, opts.num_alarm, opts.num_relay)[1]
    current = nvr.state["event_action"]["camera"]
    new = {}
    dialect = nvr.dialect
    for key in connected:
        ch = int(key[2:])
        fac = {"ch": ch, "event": {"motion": evt_block(opts), "vloss": evt_block(opts)}, "ip": cameras[key]["ip"]}
        if key in cam_body:
            entry = cam_spec.build(cam_body[key], current.get(key), fac, join("camera", key))
        elif dialect.complete_bodies:
            raise Refused(f"camera.{key}: missing; this NVR takes only the complete object (every connected camera)")
        elif dialect.merge_partial and key in current:
            entry = copy.deepcopy(current[key])
        else:
            entry = fac
        entry["ch"] = ch
        entry["ip"] = cameras[key]["ip"]
        new[key] = entry
    return new


def _check_snapshot_sizes(new: dict) -> None:
    allowed = new["snapshot_size_list"]
    blocks = [("default", new["default"])]
    for key, entry in new["camera"].items():
        for evt in ("motion", "vloss"):
            blocks.append((f"camera.{key}.event.{evt}", entry["event"][evt]))
    for key, entry in new["nvr"]["nvr0"]["event"].items():
        blocks.append((f"nvr.nvr0.event.{key}", entry))
    for path, block in blocks:
        if isinstance(block, dict) and "snapshot_size" in block and block["snapshot_size"] not in allowed:
            raise Refused(f"{path}.snapshot_size: {show(block['snapshot_size'])} is not allowed; "
                          f"allowed values: {', '.join(allowed)}")


def set_event_action(nvr, req):
    body = dict(req.param)
    opts = nvr.opts
    if nvr.dialect.complete_bodies and "camera" not in body:
        raise Refused("camera: missing; this NVR takes only the complete object (every field its GET reply shows)")
    cam_body = body.pop("camera", {})
    _check_alarm_inputs(body, opts.num_alarm)
    top = specs(opts.num_ch, opts.num_alarm, opts.num_relay)[0]
    current = nvr.state["event_action"]
    new = top.build(body, {k: v for k, v in current.items() if k != "camera"}, nvr.factory["event_action"])
    new["camera"] = _build_cameras(nvr, cam_body)
    new["camera_list"] = list(new["camera"])
    for key, entry in new["nvr"]["nvr0"]["event"].items():
        match = _ALARM_KEY.fullmatch(key)
        if match and isinstance(entry, dict):
            entry["indx"] = int(match.group(1))
    new["nvr"]["nvr0"]["indx"] = 0
    _check_snapshot_sizes(new)
    nvr.state["event_action"] = new
    return "Success.", new
