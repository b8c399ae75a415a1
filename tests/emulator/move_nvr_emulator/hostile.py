"""Hostile NVRs: a device is not trusted, so the emulator can play one that attacks its client.

Two kinds of behaviour, both per NVR (option ``hostile``, docs/emulator.md "Hostile mode"):

- ``payload_strings`` puts template payloads and YAML breakers into every string a user of
  the NVR can set, as the device's own rules allow them (so that a client can write them
  back), and newlines into the model and firmware strings, which only the device sets.  A
  client that evaluates any of them runs ``touch <canary>``: the canary file appearing is
  the proof.
- the transport modes shape the replies: ``drip``, ``oversized``, ``gzip_bomb``,
  ``redirect``, ``absurd_counts``, ``long_list``, ``echo_refusal``.  They can also be
  switched on and off at run time through the side channel (POST /_emulator/faults).

Everything here is cheap for the emulator: big bodies are streamed from a few cached
chunks, never built in memory.
"""

from __future__ import annotations

import threading
import urllib.parse
import zlib

PAYLOAD_STRINGS = "payload_strings"
TRANSPORT = ("drip", "oversized", "gzip_bomb", "redirect", "absurd_counts", "long_list", "echo_refusal")
HOSTILE = (PAYLOAD_STRINGS,) + TRANSPORT
DEFAULT_CANARY = "/tmp/move-nvr-canary"
CANARY_MAX = 20  # so that every payload fits the device's own length rules
DEFAULT_DRIP_S = 0.05

OVERSIZED_CHUNK = b" " * 1_000_000
OVERSIZED_CHUNKS = 50  # 50 MB of whitespace after the JSON reply: still valid JSON
BOMB_BLOCK_BYTES = 1 << 20
BOMB_BLOCKS = 1024  # 1 GiB of whitespace before the JSON reply, about 1 MB compressed
ABSURD_COUNTS = {"num_ch": 100000, "num_alarm": 5000000, "num_relay": 5000000}
LONG_LIST_ITEMS = 100000
# The list of names in each reply that long_list makes long (short items: the reply stays
# about 1.5 MB, under any sane size cap, so that only a list-length check catches it).
LONG_LISTS = {
    "/setup/ddns_config": "server_list",
    "/setup/email_config": "provider_list",
    "/setup/system_monitor_config": "system_monitor_setting_list",
    "/setup/event_action_config": "snapshot_size_list",
    "/record/template": "group_rec_list",
}


def check_modes(modes, allowed=HOSTILE) -> tuple:
    """The modes as a sorted tuple; ValueError naming an unknown one.  A string is comma separated."""
    if isinstance(modes, str):
        modes = [m.strip() for m in modes.split(",") if m.strip()]
    if not isinstance(modes, (list, tuple, set, frozenset)) or not all(isinstance(m, str) for m in modes):
        raise ValueError(f"must be a list of names out of {', '.join(allowed)}")
    unknown = sorted(set(modes) - set(allowed))
    if unknown:
        raise ValueError(f"unknown mode(s) {', '.join(unknown)}; known: {', '.join(allowed)}")
    return tuple(sorted(set(modes)))


def check_canary(canary) -> str:
    if not isinstance(canary, str) or not canary.startswith("/") or len(canary) > CANARY_MAX \
            or any(c.isspace() or c in "'\"\\@" or not c.isprintable() for c in canary):
        raise ValueError(f"canary must be an absolute path of at most {CANARY_MAX} characters without spaces, "
                         "quotes, backslashes or @ (it goes into payloads that must fit the device's rules)")
    return canary


# ---- payload strings ----------------------------------------------------
def payloads(canary: str) -> dict:
    """Name -> payload text.  No payload has a control character: each fits the device's string rules."""
    return {
        "jinja_pipe": f"{{{{ lookup('pipe','touch {canary}') }}}}",
        "jinja_raw": "{% raw %}",
        "yaml_python_tag": f'!!python/object/apply:os.system ["touch {canary}"]',
        "yaml_alias": "*a",
        "yaml_anchor": "&a",
        "yaml_mapping": "key: value",
        "jinja_expression": "{{ 7 * 7 }}",
        "html": "<script>alert(1)</script>",
        "emoji": "\U0001f4f9 Kamera \U0001f6a8",
        "lone_surrogate": "lone \ud800 surrogate",
        "noncharacter": "U+FFFF \uffff",
    }


def device_payloads(canary: str) -> dict:
    """The device's own strings (read-only to users, so not bound by the API's rules): newlines."""
    return {
        "model": "H100\nmove_nvr_host: 127.0.0.9",
        "remote_version": f"2016.11.16.b162cbc\n{{{{ lookup('pipe','touch {canary}') }}}}",
        "ap_version": f'!!python/object/apply:os.system ["touch {canary}"]',
    }


def _fitting(texts: list, max_len: int, start: int) -> str:
    fit = [t for t in texts if len(t) <= max_len]
    return fit[start % len(fit)]


def apply_payloads(state: dict, canary: str) -> None:
    """Put the payloads into ``state`` (the factory state of an NVR, or its current one).

    Every string a user can set that the device's rules let hold a payload gets one:
    email account and recipients, DDNS user name, each connected camera's title, model and
    user name; each system monitor gets a sibling with a payload as its name.  Host names,
    account names and template names have character rules no payload passes: a real device
    could not hold one there, so neither does this one.
    """
    # Imported here: factory imports this module at its top.
    from . import factory  # pylint: disable=import-outside-toplevel

    texts = list(payloads(canary).values())
    state["device"].update(device_payloads(canary))
    email = state["email"]
    email["account"] = payloads(canary)["jinja_pipe"]
    # Recipients: no whitespace allowed, so a template that spells its space as \x20.
    email["address"] = [f"{{{{lookup('pipe','touch\\x20{canary}')}}}}@example.com", "*a@example.com", "&a@example.com"]
    state["ddns"]["username"] = payloads(canary)["yaml_python_tag"]
    for i, key in enumerate(sorted(state["cameras"], key=lambda k: int(k[2:]))):
        camera = dict(state["cameras"][key])
        camera["title"] = _fitting(texts, 64, i)
        camera["model"] = _fitting(texts, 64, i + 3)
        camera["account"] = _fitting(texts, 32, i + 5)
        factory.update_camera(state, camera, state["camera_net"][key])
    monitors = state["system_monitor"]
    settings = monitors["system_monitor_setting"]
    relays = len(settings["cpu_fan"]["alarm_out"])
    for name in (payloads(canary)["jinja_pipe"], "key: value\nmove_nvr_host: 127.0.0.9"):
        settings[name] = {"alarm_out": [False] * relays, "send_email": False, "threshold": 0}
        if name not in monitors["system_monitor_setting_list"]:
            monitors["system_monitor_setting_list"] = monitors["system_monitor_setting_list"] + [name]


# ---- replies ------------------------------------------------------------
def reshape_output(modes, path: str, output):
    """absurd_counts and long_list: a copy of ``output`` (never the stored state itself)."""
    if "absurd_counts" in modes and path == "/information/version" and isinstance(output, dict):
        output = dict(output, **ABSURD_COUNTS)
    key = LONG_LISTS.get(path)
    if "long_list" in modes and key and isinstance(output, dict) and isinstance(output.get(key), list):
        items = list(output[key])
        if all(isinstance(item, int) for item in items):
            items += range(len(items), LONG_LIST_ITEMS)
        else:
            items += [f"{key}-{i:06d}" for i in range(len(items), LONG_LIST_ITEMS)]
        output = dict(output, **{key: items})
    return output


def echo_message(req) -> str:
    """What an echoing firmware answers to a POST it refuses: the whole request body (form-decoded,
    so its encrypted passwords appear exactly as the client wrote them), after a line break."""
    return "Param error, the request was:\n" + urllib.parse.unquote_plus(req.body.decode("utf-8", "replace"))


def redirect_location(nvr, target: str) -> str:
    port = nvr.faults.redirect_port or (nvr.port % 65535) + 1
    return f"{nvr.scheme}://127.0.0.1:{port}{target}"


_BOMB_LOCK = threading.Lock()
_BOMB: dict = {}


def _bomb_parts() -> tuple[bytes, int]:
    """(one deflate block of 1 MiB of spaces ending in a full flush, CRC-32 of all BOMB_BLOCKS of them).

    A full flush leaves no back reference across it, so the block can simply be repeated:
    computed once per process (some milliseconds, plus a CRC over 1 GiB, about 0.3 s).
    """
    with _BOMB_LOCK:
        if not _BOMB:
            spaces = b" " * BOMB_BLOCK_BYTES
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
            _BOMB["block"] = compressor.compress(spaces) + compressor.flush(zlib.Z_FULL_FLUSH)
            crc = 0
            for dummy in range(BOMB_BLOCKS):
                crc = zlib.crc32(spaces, crc)
            _BOMB["crc"] = crc
        return _BOMB["block"], _BOMB["crc"]


def gzip_bomb(resp) -> None:
    """Make ``resp`` a single gzip member: 1 GiB of spaces, then the real JSON reply (valid JSON)."""
    block, crc = _bomb_parts()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = compressor.compress(resp.body) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(resp.body, crc)
    size = (BOMB_BLOCK_BYTES * BOMB_BLOCKS + len(resp.body)) % (1 << 32)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    resp.body = header
    resp.tail = [(block, BOMB_BLOCKS), (last + crc.to_bytes(4, "little") + size.to_bytes(4, "little"), 1)]
    resp.headers = list(resp.headers) + [("Content-Encoding", "gzip")]


def transport(nvr, modes, resp):
    """Shape an API reply for the transport modes: gzip_bomb or oversized, then drip."""
    if "gzip_bomb" in modes:
        gzip_bomb(resp)
    elif "oversized" in modes:
        resp.tail = [(OVERSIZED_CHUNK, OVERSIZED_CHUNKS)]
    if "drip" in modes:
        resp.drip_s = nvr.faults.drip_s
    return resp
