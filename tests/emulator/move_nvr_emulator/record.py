"""/record/* endpoints: templates, record config, record (disk group) info."""

from __future__ import annotations

from .common import BOOL, Int, Obj, Refused, Str, channel_key, check_keys, join, require, show, type_name
from .factory import DAYS, new_template_week

TEMPLATE_OPS = ("channel_setting", "add_template", "remove_template", "record_template")
TEMPLATE_NAME = Str(32, r"[A-Za-z0-9_-]{1,32}", "1 to 32 characters of A-Z a-z 0-9 _ -", empty=False)
DEFAULT_TEMPLATE = "Default"
_CHANNEL_KEYS = ("template_name", "ch_idx", "chidx", "edge", "group_id", "mac", "ip", "title", "type")
_STORED_DAY_ORDER = ("Fri", "Mon", "Sat", "Sun", "Thu", "Tue", "Wed")
_ANY_INT = Int(-2 ** 31, 2 ** 31 - 1)


def get_template(nvr, _req):
    return "record_templategetsucess", nvr.state["record_template"]


def _names(value, op: str) -> list:
    if not isinstance(value, list) or not value:
        raise Refused(f"{op}: must be a non-empty list of template names, got {type_name(value)} {show(value)}")
    names = [TEMPLATE_NAME.check(name, join(op, i)) for i, name in enumerate(value)]
    if len(set(names)) != len(names):
        raise Refused(f"{op}: a template name is listed twice")
    return names


def _week(value, path: str) -> dict:
    if not isinstance(value, dict):
        raise Refused(f"{path}: must be an object with the keys {', '.join(DAYS)}, got {type_name(value)}")
    check_keys(value, DAYS, path)
    week = {}
    for day in DAYS:
        hours = require(value, day, path)
        dpath = join(path, day)
        if not isinstance(hours, list) or len(hours) != 24:
            size = len(hours) if isinstance(hours, list) else type_name(hours)
            raise Refused(f"{dpath}: must be a list of exactly 24 hourly values (0 record, 1 no_record, 2 evt_only), got {size}")
        for hour, item in enumerate(hours):
            if type(item) is not int or item not in (0, 1, 2):  # pylint: disable=unidiomatic-typecheck
                raise Refused(f"{join(dpath, hour)}: {show(item)} is not allowed; allowed values: 0 (record), 1 (no_record), "
                              "2 (evt_only)")
        week[day] = list(hours)
    return {day: week[day] for day in _STORED_DAY_ORDER}


def _op_channel_setting(nvr, value, data) -> None:
    if not isinstance(value, dict) or not value:
        raise Refused("channel_setting: must be a non-empty object {\"chN\": {\"template_name\": ...}}")
    changes = []
    for key, entry in value.items():
        ch = channel_key(key, nvr.opts.num_ch, "channel_setting")
        path = join("channel_setting", key)
        if not isinstance(entry, dict):
            raise Refused(f"{path}: must be an object with template_name, got {type_name(entry)}")
        check_keys(entry, _CHANNEL_KEYS, path)
        for idx_key in ("ch_idx", "chidx"):
            if idx_key in entry and (type(entry[idx_key]) is not int or entry[idx_key] != ch):  # pylint: disable=unidiomatic-typecheck
                raise Refused(f"{join(path, idx_key)}: {show(entry[idx_key])} does not match the channel {key} (expected {ch})")
        name = require(entry, "template_name", path)
        if not isinstance(name, str):
            raise Refused(f"{join(path, 'template_name')}: must be a string, got {type_name(name)}")
        if key not in nvr.state["cameras"]:
            if name == "":
                continue
            raise Refused(f"{path}: no camera is connected on channel {ch}; a template can only be assigned to a connected channel")
        if name not in data["record_template"]:
            raise Refused(f"{join(path, 'template_name')}: unknown template {show(name)}; "
                          f"allowed values: {', '.join(data['record_template'])}")
        changes.append((key, name))
    for key, name in changes:
        data["channel_setting"][key]["template_name"] = name


def _op_add(value, data) -> None:
    names = _names(value, "add_template")
    for name in names:
        if name in data["record_template"]:
            raise Refused(f"add_template: template {name!r} already exists")
    for name in names:
        data["record_template"][name] = new_template_week()


def _op_remove(value, data) -> None:
    names = _names(value, "remove_template")
    for name in names:
        if name == DEFAULT_TEMPLATE:
            raise Refused(f"remove_template: the template {DEFAULT_TEMPLATE} cannot be removed")
        if name not in data["record_template"]:
            raise Refused(f"remove_template: unknown template {name!r}; templates: {', '.join(data['record_template'])}")
        users = [k for k, s in data["channel_setting"].items() if s.get("template_name") == name]
        if users:
            raise Refused(f"remove_template: template {name!r} is used by channel {', '.join(users)}; assign another template first")
    for name in names:
        del data["record_template"][name]


def _op_weeks(value, data) -> None:
    if not isinstance(value, dict) or not value:
        raise Refused("record_template: must be a non-empty object {\"TemplateName\": {\"Sun\": [24 values], ...}}")
    weeks = {}
    for name, week in value.items():
        if name not in data["record_template"]:
            raise Refused(f"record_template: unknown template {show(name)}; templates: {', '.join(data['record_template'])} "
                          "(add it first with add_template)")
        weeks[name] = _week(week, join("record_template", name))
    data["record_template"].update(weeks)


def set_record_template(nvr, req):
    body = req.param
    check_keys(body, TEMPLATE_OPS)
    if len(body) != 1:
        raise Refused(f"send exactly one of {', '.join(TEMPLATE_OPS)} per request")
    op, value = next(iter(body.items()))
    data = nvr.state["record_template"]
    if op == "channel_setting":
        _op_channel_setting(nvr, value, data)
    elif op == "add_template":
        _op_add(value, data)
    elif op == "remove_template":
        _op_remove(value, data)
    else:
        _op_weeks(value, data)
    return "Success.", data


# ---- record config ------------------------------------------------------
RECORD_CONFIG = Obj({
    "data_life_time": Obj({"cur": _ANY_INT}, readonly=("max", "min")),
    "edge_archiver_interval": Int(0, 3600),
    "record_circular": Obj({"enable": BOOL, "percentage": Int(1, 100), "size_mb": Int(1, 16777216), "type": Str(32)},
                           readonly=("type_opt",)),
    "record_post_alarm": Obj({"cur": _ANY_INT, "enable": BOOL}, readonly=("max", "min")),
    "record_pre_alarm": Obj({"cur": Int(-2 ** 31, 2 ** 31 - 1, numeric_str=True), "enable": BOOL}, readonly=("max", "min")),
})


def get_record_config(nvr, _req):
    return "record_configgetsuccess", nvr.state["record_config"]


def set_record_config(nvr, req):
    new = RECORD_CONFIG.build(req.param, nvr.state["record_config"], nvr.factory["record_config"])
    for key in ("data_life_time", "record_pre_alarm", "record_post_alarm"):
        block = new[key]
        if isinstance(block.get("min"), int) and isinstance(block.get("max"), int) and not block["min"] <= block["cur"] <= block["max"]:
            raise Refused(f"{key}.cur: {block['cur']} is out of range; allowed {block['min']}..{block['max']} "
                          "(the min/max the device reports)")
    circular = new["record_circular"]
    if "type" in circular and circular["type"] not in circular.get("type_opt", []):
        raise Refused(f"record_circular.type: {show(circular['type'])} is not allowed; "
                      f"allowed values: {', '.join(circular.get('type_opt', []))}")
    nvr.state["record_config"] = new
    for group in nvr.state["record_info"].get("record_info", []):
        group["is_circular"] = 1 if circular.get("enable") else 0
    return "Success.", new


def get_record_info(nvr, _req):
    return "record_infoSuccess", nvr.state["record_info"]
