"""A twin of a real NVR: one emulated NVR that answers as a saved device replies file says (docs/real-nvr.md).

``python3 tests/emulator/run.py --state FILE`` with FILE a device replies file (``mobotix.move_nvr.device_replies``,
version 1: what ``mobotix.move_nvr.nvr_probe`` or ``nvr_info`` with ``gather_subset: [replies]`` returns) starts one
NVR whose stored state is those replies: its values, its fields the emulator does not know (kept and returned, as a
device's own), its sizes (``num_ch``, ``num_alarm``, ``num_relay``), model and firmware, and its dialect.

- The dialect is ``--dialect`` when given on the command line, else the file's ``probe.dialect`` (the probe's
  finding; its ``closest_dialect`` when that is ``unknown``), else ``strict``. The success code style likewise:
  ``--code-style``, else ``probe.code_style``, else ``manual``.
- The file holds no password: each one is ``""`` (none) or the marker ``********`` (or a vault text, which the twin
  cannot read either). The twin gives them passwords of its own: the Admin account and the account the capture
  logged in with (the file's ``username``) get ``--admin-password`` (default ``1234``); every other marked password
  (other accounts, cameras, email, DDNS, default connection) is ``TWIN_PASSWORD``. A password in the NVR's own
  encrypted form is refused: with the device's fixed key it is the password, and no file may carry one.
- An endpoint the file has no reply for answers HTTP 404 (as a firmware without it), and one that the probe saw
  answer garbage (``probe.failed``) answers the same HTML; everything else is the emulator's, in that dialect.
- Not replayed: the clock (``/information/local_time`` is the emulator's), the web port (``network_info`` reports
  the twin's own) and fields of ``/information/version`` beyond the emulator's.

A file that is not such a document, or is malformed, is refused with one line naming the file and the field
(``TwinError``, a ValueError: the command line prints it and exits 2).

``answer_paths(nvr, {path: "missing" | "garbage"})`` gives any emulated NVR those answers (tests use it for an NVR
that lacks an endpoint or answers garbage on one).
"""

from __future__ import annotations

import copy
import json
import os
import sys
import urllib.parse

from . import cipher, dispatch, factory
from .dialect import DIALECTS

FORMAT = "mobotix.move_nvr.device_replies"
VERSION = 1
MARKER = "********"
VAULT_PREFIX = "$ANSIBLE_VAULT;"
TWIN_PASSWORD = "twin1234"
MAX_FILE_BYTES = 64 * 1024 * 1024
CODE_STYLES = ("manual", "int", "string")
ANSWERS = ("missing", "garbage")
# path -> (state section, the key of the reply that holds it or None for the whole output, its JSON type)
SECTIONS = {
    "/information/version": ("device", None, dict),
    "/information/network_info": ("network_info", None, dict),
    "/information/time_config": ("time_config", None, dict),
    "/information/user_management": ("accounts", "user", list),
    "/information/camera_list": ("cameras", "camera_list", list),
    "/setup/default_connection_info": ("default_connection", None, dict),
    "/setup/system_monitor_config": ("system_monitor", None, dict),
    "/setup/event_action_config": ("event_action", None, dict),
    "/setup/email_config": ("email", None, dict),
    "/setup/ddns_config": ("ddns", None, dict),
    "/record/template": ("record_template", None, dict),
    "/record/config": ("record_config", None, dict),
    "/record/record_info": ("record_info", None, dict),
}
COUNTS = {"num_ch": (1, 256), "num_alarm": (0, 32), "num_relay": (0, 32)}


class TwinError(ValueError):
    """A twin file that cannot be used: one line, naming the file and the field."""


def _flag_keys() -> frozenset:
    """Keys whose value is a flag (or a list of flags) in the emulator's own state (strict, one camera)."""
    keys = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            if value and all(isinstance(v, bool) for v in value) and key is not None:
                keys.add(key)
            for v in value:
                walk(v, key)
        elif isinstance(value, bool) and key is not None:
            keys.add(key)
    walk(factory.factory_state(factory.NvrOptions(num_ch=2, num_alarm=1, num_relay=1, cameras=1), 0, 0))
    return frozenset(keys - {"covert", "use_24hr", "evt_type"})


FLAG_KEYS = _flag_keys()


def _field(where: str, path, problem: str) -> TwinError:
    text = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))
    return TwinError(f"--state {where}: {text or '(top level)'}: {problem}")


class Twin:
    """A checked twin file: ``options(...)`` for the NVR, ``apply(nvr)`` to give it the state."""

    def __init__(self, document: dict, where: str):
        self.document = document
        self.where = where
        self.replies = document["replies"]
        self.probe = document.get("probe") or {}
        version = self.replies.get("/information/version") or {}
        self.version = version
        self.username = document.get("username") if isinstance(document.get("username"), str) else None
        self._sections = None

    # ---- options ------------------------------------------------------
    def dialect(self) -> str:
        name = self.probe.get("dialect")
        if name not in DIALECTS:
            name = self.probe.get("closest_dialect")
        return name if name in DIALECTS else "strict"

    def code_style(self) -> str:
        style = self.probe.get("code_style")
        return style if style in CODE_STYLES else "manual"

    def options(self) -> dict:
        """NvrOptions fields from the file: sizes, model, dialect, code style (no cameras made up at factory)."""
        out = {"num_ch": 32, "num_alarm": 4, "num_relay": 2, "cameras": 0, "dialect": self.dialect(),
               "code_style": self.code_style()}
        for key in COUNTS:
            if key in self.version:
                out[key] = int(self.version[key])
        if isinstance(self.version.get("model"), str) and self.version["model"]:
            out["model"] = self.version["model"]
        return out

    def adjust_args(self, args, argv=None) -> None:
        """The command line's options for the twin: one NVR, the file's sizes and model; its dialect and code style
        unless --dialect / --code-style were given."""
        given = list(sys.argv[1:] if argv is None else argv)

        def named(option):
            return any(a == option or a.startswith(option + "=") for a in given)
        options = self.options()
        args.count = 1
        args.dialect_nvr = []
        args.channels, args.alarm_inputs, args.relays = options["num_ch"], options["num_alarm"], options["num_relay"]
        args.cameras = 0
        args.model = options.get("model", args.model)
        if not named("--dialect"):
            args.dialect = options["dialect"]
        if not named("--code-style"):
            args.code_style = options["code_style"]
        self._sections = self.state(args.admin_password, options["num_ch"])  # refused here, before any server starts

    # ---- state --------------------------------------------------------
    def state(self, admin_password: str, num_ch: int) -> dict:
        """The state sections of the replies, in the emulator's own form, with the twin's passwords."""
        out = {}
        for path, (section, key, kind) in SECTIONS.items():
            if path not in self.replies:
                continue
            output = canonical(copy.deepcopy(self.replies[path]), path)
            value = output if key is None else output.get(key)
            if not isinstance(value, kind):
                raise _field(self.where, ["replies", path] + ([key] if key else []),
                             f"expected {'an object' if kind is dict else 'a list'}")
            out[section] = value
        admins = {factory.ADMIN, self.username}
        for user in out.get("accounts", []):
            if isinstance(user, dict):
                user["password"] = _password(user.get("password"), admin_password if user.get("account") in admins
                                             else TWIN_PASSWORD)
        for name, section in out.items():
            if name != "accounts":
                _passwords(section)
        if "device" in out:
            device = {k: out["device"][k] for k in ("remote_version", "ap_version", "model", "proj") if k in out["device"]}
            out["device"] = device
        if "cameras" in out:
            cameras = {}
            for camera in out["cameras"]:
                ch = camera.get("ch") if isinstance(camera, dict) else None
                if isinstance(ch, bool) or not isinstance(ch, int) or not 0 <= ch < num_ch:
                    raise _field(self.where, ["replies", "/information/camera_list", "camera_list"],
                                 f"a camera's ch must be 0..{num_ch - 1}, got {ch!r}")
                cameras[f"ch{ch}"] = camera
            out["cameras"] = cameras
            out["camera_net"] = {key: {"proj": cam.get("model", ""), "dev": "", "netmask": "255.255.255.0", "gateway": "",
                                       "dns": ""} for key, cam in cameras.items()}
        return out

    def answers(self) -> dict:
        """path -> "missing" | "garbage": the reads this device did not answer."""
        out = {path: "missing" for path in SECTIONS if path not in self.replies}
        for path, how in (self.probe.get("failed") or {}).items():
            out[path] = "garbage" if how == "garbage" else "missing"
        return out

    def apply(self, nvr) -> None:
        """Give an emulated NVR (started with options()) the twin's state and answers."""
        sections = self._sections if self._sections is not None else self.state(nvr.opts.admin_password, nvr.opts.num_ch)
        with nvr.lock:
            for section, value in sections.items():
                if section == "device":
                    nvr.state["device"].update(value)
                else:
                    nvr.state[section] = value
            nvr.persist()
        answer_paths(nvr, self.answers())


def canonical(output, path: str):
    """A reply in the emulator's stored form (the inverse of dialect.render): flags 1/0 as booleans, the schema's
    names as the emulator's (system_monitor_list, chidx), record_pre_alarm.cur as an integer."""
    def walk(value, key=None):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if key in FLAG_KEYS and type(value) is int and value in (0, 1):  # pylint: disable=unidiomatic-typecheck
            return bool(value)
        return value
    output = walk(output)
    if not isinstance(output, dict):
        return output
    if path == "/setup/system_monitor_config" and "system_monitor_list" in output and "system_monitor_setting_list" not in output:
        output = {("system_monitor_setting_list" if k == "system_monitor_list" else k): v for k, v in output.items()}
    if path == "/record/template":
        for key, setting in (output.get("channel_setting") or {}).items():
            if isinstance(setting, dict) and "chidx" in setting and "ch_idx" not in setting:
                output["channel_setting"][key] = {("ch_idx" if k == "chidx" else k): v for k, v in setting.items()}
    if path == "/record/config":
        pre = output.get("record_pre_alarm")
        if isinstance(pre, dict) and isinstance(pre.get("cur"), str) and pre["cur"].isdigit():
            pre["cur"] = int(pre["cur"])
    return output


def _password(value, plaintext: str):
    if value in (None, ""):
        return value
    return cipher.encrypt(plaintext)


def _passwords(value) -> None:
    """Every marked password (at any depth) as TWIN_PASSWORD, encrypted as the device stores it."""
    if isinstance(value, dict):
        for key in list(value):
            if key == "password":
                value[key] = _password(value[key], TWIN_PASSWORD)
            else:
                _passwords(value[key])
    elif isinstance(value, list):
        for item in value:
            _passwords(item)


# ---- loading -------------------------------------------------------------
def load(path: str) -> Twin:
    """The checked twin file at ``path``; TwinError naming the file and the field."""
    where = path
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with open(fd, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise TwinError(f"--state {where}: cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    if len(data) > MAX_FILE_BYTES:
        raise TwinError(f"--state {where}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise TwinError(f"--state {where}: not UTF-8 text; expected a device replies JSON file") from None
    except (ValueError, RecursionError) as exc:
        raise TwinError(f"--state {where}: not JSON ({str(exc).splitlines()[0][:80]})") from None
    check(document, where)
    return Twin(document, where)


def check(document, where: str) -> None:  # pylint: disable=too-many-branches
    """TwinError at the first problem of a device replies document."""
    if not isinstance(document, dict):
        raise _field(where, [], f"a {type(document).__name__}, not an object with format, version and replies")
    if document.get("format") != FORMAT:
        raise _field(where, ["format"], f"{document.get('format')!r:.60} is not known; expected {FORMAT}")
    version = document.get("version")
    if isinstance(version, bool) or version != VERSION:
        raise _field(where, ["version"], f"{version!r:.40} is not a version the twin reads; expected {VERSION}")
    replies = document.get("replies")
    if not isinstance(replies, dict):
        raise _field(where, ["replies"], "missing or not an object (GET path -> the output of its reply)")
    if document.get("username") is not None and not isinstance(document["username"], str):
        raise _field(where, ["username"], "not a text")
    probe = document.get("probe")
    if probe is not None:
        if not isinstance(probe, dict):
            raise _field(where, ["probe"], "not an object")
        for key, allowed in (("dialect", DIALECTS + ("unknown",)), ("closest_dialect", DIALECTS), ("code_style", CODE_STYLES)):
            if probe.get(key) is not None and probe[key] not in allowed:
                raise _field(where, ["probe", key], f"{probe[key]!r:.40} is not known; allowed: {', '.join(allowed)}")
        failed = probe.get("failed")
        if failed is not None and (not isinstance(failed, dict) or not all(isinstance(k, str) and k.startswith("/")
                                                                           for k in failed)):
            raise _field(where, ["probe", "failed"], "expected an object of GET paths")
    for path, output in replies.items():
        if not isinstance(path, str) or not path.startswith("/"):
            raise _field(where, ["replies"], f"the key {path!r:.60} is not a path")
        if path in SECTIONS:
            section, key, kind = SECTIONS[path]
            if not isinstance(output, dict) or (key is not None and not isinstance(output.get(key), kind)):
                raise _field(where, ["replies", path] + ([key] if key else []),
                             f"expected {'an object' if kind is dict or key is None else 'an object with a list ' + key}")
        _check_passwords(output, ["replies", path], where)
    version_reply = replies.get("/information/version")
    if isinstance(version_reply, dict):
        for key, (low, high) in COUNTS.items():
            if key in version_reply:
                value = version_reply[key]
                if isinstance(value, str) and value.isdigit():
                    value = version_reply[key] = int(value)
                if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                    raise _field(where, ["replies", "/information/version", key],
                                 f"{version_reply[key]!r:.20} is not an integer in {low}..{high}")


def _check_passwords(value, path: list, where: str) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "password":
                if child in (None, "", MARKER) or (isinstance(child, str) and child.startswith(VAULT_PREFIX)):
                    continue
                raise _field(where, path + [key], f'a password must be "" or {MARKER} (the file holds none); '
                                                  "a password in the NVR's encrypted form is refused")
            _check_passwords(child, path + [key], where)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _check_passwords(child, path + [index], where)


# ---- answers per path --------------------------------------------------------
_ORIGINAL_HANDLE_API = None


def answer_paths(nvr, answers: dict) -> None:
    """GETs of these paths on this NVR answer HTTP 404 ("missing") or garbage ("garbage"), before anything else
    (counted as requests); other NVRs are untouched. ``{}`` clears them."""
    global _ORIGINAL_HANDLE_API  # pylint: disable=global-statement
    for path, how in answers.items():
        if how not in ANSWERS:
            raise ValueError(f"answer for {path}: {how!r} is not one of {', '.join(ANSWERS)}")
    nvr.twin_answers = dict(answers)
    if _ORIGINAL_HANDLE_API is None:
        _ORIGINAL_HANDLE_API = dispatch.handle_api
        dispatch.handle_api = _handle_api


def _handle_api(nvr, method, target, headers, body, client):  # pylint: disable=too-many-positional-arguments
    answers = getattr(nvr, "twin_answers", None)
    if answers and method == "GET":
        path = urllib.parse.urlsplit(target).path
        how = answers.get(path)
        if how:
            with nvr.lock:
                nvr.counters.requests += 1
                key = f"{method} {path}"
                nvr.counters.by_endpoint[key] = nvr.counters.by_endpoint.get(key, 0) + 1
            if how == "garbage":
                return dispatch.Response(200, dispatch.GARBAGE, "text/html")
            return dispatch.json_response(404, {"code": -1, "msg": f"{method} {path}: this API is not supported", "name": path})
    return _ORIGINAL_HANDLE_API(nvr, method, target, headers, body, client)
