"""The test-only side channel under /_emulator/ (no login, never counted in the stats).

GET  /_emulator/stats         counters of this NVR
GET  /_emulator/fleet_stats   sums over every NVR of the process, plus per-port counters
POST /_emulator/reset         factory state, no sessions/faults, zero counters ({"counters_only": true}: counters only)
GET  /_emulator/state         raw stored state (?section=NAME for one section)
POST /_emulator/state         {"section": {...}, ...} deep merge (null deletes a key); ?mode=replace swaps sections
GET  /_emulator/faults        pending faults
POST /_emulator/faults        {"http_503": N} {"garbage": N} {"drop": N} {"hang_s": S, "hang_count": N}
                              {"expire_sessions": true} {"clear": true}
                              {"hostile": [transport modes]} {"drip_s": S} {"redirect_port": P}
                              {"payload_strings": true or "/canary/path"}
GET  /_emulator/info          name, mac, port, url, options of this NVR
"""

from __future__ import annotations

import dataclasses
import json
import urllib.parse

from .common import BadRequest
from .dispatch import Response, dumps

JSON = "application/json"


def _reply(status: int, obj) -> Response:
    return Response(status, dumps(obj), JSON)


def _body(raw: bytes) -> dict:
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise BadRequest("body must be a JSON object")
    return body


def info(nvr) -> dict:
    options = dataclasses.asdict(nvr.opts)
    options.pop("admin_password", None)
    return {"index": nvr.index, "name": nvr.name, "mac": nvr.mac, "port": nvr.port, "url": nvr.url, "options": options}


def handle(fleet, nvr, method: str, target: str, raw: bytes) -> Response:
    url = urllib.parse.urlsplit(target)
    query = dict(urllib.parse.parse_qsl(url.query))
    action = (method, url.path)
    try:
        if action == ("GET", "/_emulator/stats"):
            return _reply(200, nvr.stats())
        if action == ("GET", "/_emulator/fleet_stats"):
            return _reply(200, fleet.fleet_stats() if fleet is not None else {"total": nvr.stats(), "per_port": {}})
        if action == ("GET", "/_emulator/info"):
            return _reply(200, info(nvr))
        if action == ("POST", "/_emulator/reset"):
            nvr.reset(counters_only=bool(_body(raw).get("counters_only")))
            return _reply(200, {"ok": True})
        if action == ("GET", "/_emulator/state"):
            try:
                return _reply(200, nvr.get_state(query.get("section")))
            except KeyError as exc:
                raise BadRequest(str(exc.args[0])) from None
        if action == ("POST", "/_emulator/state"):
            try:
                nvr.set_state(_body(raw), replace=query.get("mode") == "replace")
            except ValueError as exc:
                raise BadRequest(str(exc)) from None
            return _reply(200, {"ok": True})
        if action == ("GET", "/_emulator/faults"):
            return _reply(200, nvr.faults.pending())
        if action == ("POST", "/_emulator/faults"):
            try:
                return _reply(200, nvr.inject_faults(**_body(raw)))
            except ValueError as exc:
                raise BadRequest(f"payload_strings: {exc}") from None
    except BadRequest as err:
        return _reply(400, {"ok": False, "msg": err.msg})
    return _reply(404, {"ok": False, "msg": f"{method} {url.path}: no such side-channel endpoint"})
