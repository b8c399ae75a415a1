"""/datasearch/* (playback and export) endpoints with plausible, stateful fake data.

Recordings exist from 30 days before the emulator started until now, on the
channels that have a camera connected.  Events are generated from the NVR's
index; the system log is a generated history of the ten days before boot (LOG_HISTORY entries)
followed by what happened since: boot, logins, logouts and accepted writes.

An export runs until remote_export_status has been asked ``polls_to_idle`` times (the
``exports`` section's key, default 2; -1: never idle) and at least EXPORT_SECONDS have passed;
its .mp4 appears in the list, growing, after the first poll, the .srt when it is done.
PAGE_CAP (port -> n) makes the log and event pages of that NVR return at most n entries while
``total`` promises more: a test's way to play a device that loses entries between pages.
"""

from __future__ import annotations

import secrets
import time

from .common import BadRequest, BoolList, Int, Refused, Str, check_keys, require, type_name

SPEEDS = (0.25, 0.5, 1.0, 2.0)
_TIME = Int(0, 2 ** 32)
_IDX = Int(0, 10 ** 7)
EXPORT_SECONDS = 0.5
POLLS_TO_IDLE = 2
LOG_HISTORY = 240
PAGE_CAP: dict = {}


def _q_num(req, name: str, default=None, kind=int):
    raw = req.query.get(name)
    if raw is None:
        if default is None:
            raise BadRequest(f"query parameter {name} is required")
        return default
    try:
        return kind(raw.strip())
    except ValueError:
        raise BadRequest(f"query parameter {name}: {raw!r} is not {'an integer' if kind is int else 'a number'}") from None


def _db_range(nvr) -> tuple[int, int]:
    return nvr.boot_time - 30 * 86400, int(time.time())


def _channels(nvr) -> list:
    return sorted(int(k[2:]) for k in nvr.state["cameras"])


def _check_common(nvr, group_id, direction=0, speed=1.0) -> None:
    groups = nvr.state["record_template"].get("group_rec_list", [0])
    if group_id not in groups:
        raise Refused(f"group_id: {group_id} is not an active disk group; allowed: {', '.join(map(str, groups))}")
    if direction not in (0, -1):
        raise Refused(f"dir: {direction} is not allowed; allowed values: 0 (forward), -1 (backward)")
    if isinstance(speed, bool) or not isinstance(speed, (int, float)) or float(speed) not in SPEEDS:
        raise Refused(f"speed: {speed!r} is not allowed; allowed values: 1.0, 2.0, 0.5, 0.25")


def _recorded(nvr, when: int) -> list:
    start, end = _db_range(nvr)
    return _channels(nvr) if start <= when <= end else []


def gen_pbkey(nvr, req):
    start_time = _q_num(req, "start_time")
    group_id = _q_num(req, "group_id", 0)
    direction = _q_num(req, "dir", 0)
    speed = _q_num(req, "speed", 1.0, float)
    _check_common(nvr, group_id, direction, speed)
    key = secrets.token_hex(16)
    nvr.pbkeys[key] = {"start_time": start_time, "dir": direction, "speed": speed, "group_id": group_id}
    while len(nvr.pbkeys) > 64:
        del nvr.pbkeys[next(iter(nvr.pbkeys))]
    return "Success", {"pbkey": key, "pb_ch": _recorded(nvr, start_time)}


def set_pbspeed(nvr, req):
    body = req.param
    check_keys(body, ("pbkey", "start_time", "dir", "speed", "group_id"))
    key = require(body, "pbkey")
    if not isinstance(key, str) or key not in nvr.pbkeys:
        raise Refused("pbkey: unknown or expired playback key; get one with GET /datasearch/gen_pbkey")
    saved = nvr.pbkeys[key]
    start_time = _TIME.check(body.get("start_time", saved["start_time"]), "start_time")
    direction = Int(-1, 0).check(body.get("dir", saved["dir"]), "dir")
    group_id = Int(0, 64).check(body.get("group_id", saved["group_id"]), "group_id")
    speed = body.get("speed", saved["speed"])
    _check_common(nvr, group_id, direction, speed)
    saved.update(start_time=start_time, dir=direction, speed=speed, group_id=group_id)
    out_speed = int(speed) if float(speed).is_integer() else float(speed)
    return "Success", {"pbtime": start_time, "group_id": group_id, "dir": direction, "speed": out_speed,
                       "pb_ch": _recorded(nvr, start_time)}


def get_pbbar(nvr, req):
    start_time = _q_num(req, "start_time")
    end_time = _q_num(req, "end_time")
    section_num = _q_num(req, "section_num")
    group_id = _q_num(req, "group_id", 0)
    _check_common(nvr, group_id)
    if end_time <= start_time:
        raise Refused("end_time: must be after start_time")
    if not 1 <= section_num <= 10000:
        raise Refused(f"section_num: {section_num} is out of range; allowed 1..10000")
    db_start, db_end = _db_range(nvr)
    has_cameras = bool(nvr.state["cameras"])
    step = (end_time - start_time) / section_num
    sections = []
    for i in range(section_num):
        mid = int(start_time + step * (i + 0.5))
        sections.append(1 if has_cameras and db_start <= mid <= db_end and (mid // 3600) % 7 != 3 else 0)
    return "Success", {"group_id": group_id, "database_start_t": db_start, "database_end_t": db_end,
                       "section_num": section_num, "pb_bar": sections}


def _events(nvr) -> list:
    chans = _channels(nvr) or list(range(min(4, nvr.opts.num_ch)))
    events = []
    for k in range(60):
        ch = chans[k % len(chans)]
        cam = nvr.state["cameras"].get(f"ch{ch}", {})
        evt_type = k % 3
        events.append({"start_time": nvr.boot_time - ((k * 5437 + nvr.index * 131) % (7 * 86400)), "channel": ch,
                       "dev_type": cam.get("type", 0), "evt_type": evt_type,
                       "evt_indx": k % max(1, nvr.opts.num_alarm) if evt_type == 2 else 0,
                       "ip_addr": cam.get("ip", ""), "mac": cam.get("mac", ""), "snap_path": ""})
    events.sort(key=lambda e: e["start_time"])
    return events


def _page(nvr, items: list, start_idx: int, end_idx: int) -> tuple[list, int]:
    if end_idx < start_idx:
        raise Refused(f"end_idx: must be >= start_idx ({start_idx})")
    page = items[start_idx:end_idx + 1]
    cap = PAGE_CAP.get(nvr.port)
    if cap is not None:
        page = page[:cap]
    return page, start_idx + len(page) - 1


def _log_history(nvr) -> list:
    """LOG_HISTORY entries, one an hour, over the ten days before boot; the oldest a power-on."""
    first = nvr.boot_time - 10 * 86400
    kinds = (("System", "SystemPowerOn", "PowerOn", "Local"), ("Account", "Login Admin", "Login", "192.0.2.50"),
             ("Setup", "POST /setup/email_config", "Config", "192.0.2.50"), ("Account", "Logout Admin", "Logout", "192.0.2.50"),
             ("Account", "LoginFailed", "Login", "198.51.100.7"), ("Setup", "POST /record/config", "Config", "192.0.2.50"))
    history = []
    for k in range(LOG_HISTORY):
        category, description, log_type, host = kinds[0] if k == 0 else kinds[1 + (k + nvr.index) % (len(kinds) - 1)]
        history.append({"category": category, "description": description, "host": host, "time": first + k * 3600,
                        "type": log_type})
    return history


def evtlist_page_get(nvr, req):
    body = req.param
    check_keys(body, ("group_id", "evt_type", "start_idx", "end_idx", "evt_indx", "channel", "start_time", "end_time"))
    start_idx = _IDX.check(require(body, "start_idx"), "start_idx")
    end_idx = _IDX.check(require(body, "end_idx"), "end_idx")
    evt_types = BoolList(3, "motion, video loss, alarm", documented_bool=True)  # [true/false, ...] (M:369)
    types = evt_types.check(body.get("evt_type", [True, True, True]), "evt_type")
    channel = Int(-1, nvr.opts.num_ch - 1).check(body.get("channel", -1), "channel")
    evt_indx = Int(-1, 255).check(body.get("evt_indx", -1), "evt_indx")
    start_time = _TIME.check(body.get("start_time", 0), "start_time")
    end_time = _TIME.check(body.get("end_time", 2 ** 32), "end_time")
    _check_common(nvr, Int(0, 64).check(body.get("group_id", 0), "group_id"))
    found = [e for e in _events(nvr) if types[e["evt_type"]] and start_time <= e["start_time"] <= end_time
             and channel in (-1, e["channel"]) and evt_indx in (-1, e["evt_indx"])]
    page, last = _page(nvr, found, start_idx, end_idx)
    return "evtlist_page_get Success!", {"total": len(found), "start_idx": start_idx, "end_idx": last, "evt_list": page}


def sys_log_page_get(nvr, req):
    body = req.param
    check_keys(body, ("start_idx", "end_idx", "start_time", "end_time"))
    start_idx = _IDX.check(require(body, "start_idx"), "start_idx")
    end_idx = _IDX.check(require(body, "end_idx"), "end_idx")
    start_time = _TIME.check(body.get("start_time", 0), "start_time")
    end_time = _TIME.check(body.get("end_time", 2 ** 32), "end_time")
    if end_time < start_time:
        raise Refused(f"end_time: must not be before start_time ({start_time})")
    found = [dict(e) for e in _log_history(nvr) + list(nvr.logs) if start_time <= e["time"] <= end_time]
    page, dummy = _page(nvr, found, start_idx, end_idx)
    return "getlogsuccess.", {"log_list": page, "total": len(found)}


def estimate_export_channel_list(nvr, req):
    start_time = _q_num(req, "start_time")
    end_time = _q_num(req, "end_time")
    _check_common(nvr, _q_num(req, "group_id", 0))
    if end_time <= start_time:
        raise Refused("end_time: must be after start_time")
    db_start, db_end = _db_range(nvr)
    overlap = start_time <= db_end and end_time >= db_start
    return "Success", {"channel_list": _channels(nvr) if overlap else []}


def _settle(nvr, poll: bool = False) -> dict:
    """The exports section with each job that is done moved to the files; a status poll (``poll``) counts.

    A job is done once it was polled ``polls_to_idle`` times (-1: never) and EXPORT_SECONDS have passed.
    While it runs, its .mp4 is in the list after the first poll, growing; the .srt comes when it is done.
    """
    exports = nvr.state["exports"]
    polls_to_idle = exports.get("polls_to_idle", POLLS_TO_IDLE)
    now = time.time()
    for job in list(exports["pending"]):
        if poll:
            job["polls"] = job.get("polls", 0) + 1
        done = polls_to_idle >= 0 and job.get("polls", 0) >= polls_to_idle and job["done_at"] <= now
        names = {f["file_name"] for f in job["files"]}
        if done:
            exports["pending"].remove(job)
            exports["files"] = [f for f in exports["files"] if f["file_name"] not in names] + job["files"]
        elif poll:
            video = job["files"][0]
            partial = {"file_name": video["file_name"],
                       "size_mb": f"{float(video['size_mb']) * min(0.9, job['polls'] / 10):.2f}"}
            exports["files"] = [f for f in exports["files"] if f["file_name"] != video["file_name"]] + [partial]
    return exports


def _listing(exports: dict) -> dict:
    return {"list": exports["files"], "export_size": {"total_size_mb": exports["total_size_mb"],
                                                      "available_size_mb": exports["available_size_mb"]}}


def remote_export_async(nvr, req):
    body = req.param
    check_keys(body, ("ch", "start_time", "end_time", "stream_type", "media_fmt", "group_id"))
    ch = Int(0, nvr.opts.num_ch - 1).check(require(body, "ch"), "ch")
    start_time = _TIME.check(require(body, "start_time"), "start_time")
    end_time = _TIME.check(require(body, "end_time"), "end_time")
    Str(32).check(body.get("stream_type", ""), "stream_type")
    Str(32).check(body.get("media_fmt", ""), "media_fmt")
    _check_common(nvr, Int(0, 64).check(body.get("group_id", 0), "group_id"))
    if not 0 < end_time - start_time <= 86400:
        raise Refused("end_time: must be after start_time, at most 86400 seconds later")
    if ch not in _channels(nvr):
        raise Refused(f"ch: channel {ch} has no recording (no camera connected)")
    exports = _settle(nvr)
    if exports["pending"]:
        raise Refused("an export is already running; wait until remote_export_status says idle")
    offset = nvr.state["time_config"].get("timezone_offset", 0)
    offset = offset if isinstance(offset, int) and not isinstance(offset, bool) else 0
    stamp = time.strftime("%y%m%d%H%M%S", time.gmtime(start_time - offset))  # the NVR's local time
    duration = end_time - start_time
    base = f"ch{ch + 1:04d}-{stamp}-{duration}-D"
    size = max(0.01, duration * 0.025)
    files = [{"file_name": f"{base}.mp4", "size_mb": f"{size:.2f}"}, {"file_name": f"{base}.srt", "size_mb": "0.01"}]
    exports["files"] = [f for f in exports["files"] if f["file_name"] not in (files[0]["file_name"], files[1]["file_name"])]
    exports["pending"].append({"done_at": time.time() + EXPORT_SECONDS, "files": files, "polls": 0})
    exports["available_size_mb"] = max(0, exports["available_size_mb"] - int(size + 0.99))
    return "Success", None


def remote_export_status(nvr, _req):
    exports = _settle(nvr, poll=True)
    return "Success", {"status": "working" if exports["pending"] else "idle"}


def remote_export_list(nvr, _req):
    return "Success", _listing(_settle(nvr))


def remove_remote_export_list(nvr, req):
    body = req.param
    check_keys(body, ("name",))
    name = require(body, "name")
    if not isinstance(name, str):
        raise Refused(f"name: must be a file name string, got {type_name(name)}")
    exports = _settle(nvr)
    if any(name == f["file_name"] for job in exports["pending"] for f in job["files"]):
        raise Refused(f"name: {name!r} is being written by the running export; remove it when remote_export_status says idle")
    match = [f for f in exports["files"] if f["file_name"] == name]
    if not match:
        names = ", ".join(f["file_name"] for f in exports["files"]) or "none"
        raise Refused(f"name: no export file named {name!r}; files: {names}")
    exports["files"].remove(match[0])
    exports["available_size_mb"] = min(exports["total_size_mb"],
                                       exports["available_size_mb"] + int(float(match[0]["size_mb"]) + 0.99))
    return "Success", _listing(exports)
