"""One API request through one NVR: latency, counters, faults, routing, auth, Param parsing, reply
(shaped by the NVR's hostile transport modes, if any: hostile.py)."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
import traceback
import urllib.parse

from . import auth, hostile
from . import dialect as dialects
from .common import ApiError, BadRequest, Refused
from .routes import ROUTES

CONTENT_TYPE = "text/plain; charset=utf-8"  # what the manual's "Response Message" shows
GARBAGE = b"<html><body><h1>502 Bad Gateway</h1>lighttpd: upstream \x00\xff not JSON</body></html>"


@dataclasses.dataclass
class Request:  # pylint: disable=too-many-instance-attributes
    method: str
    path: str
    query: dict
    headers: object
    body: bytes
    client: str
    cookies: list = dataclasses.field(default_factory=list)
    param: dict | None = None
    account: str | None = None
    set_cookie: str | None = None


@dataclasses.dataclass
class Response:
    """A reply.  ``tail`` is (chunk, repeat) pairs sent after ``body`` (big hostile bodies are
    streamed, never built); ``drip_s`` sends headers and body one byte per that many seconds."""

    status: int
    body: bytes
    content_type: str = CONTENT_TYPE
    headers: list = dataclasses.field(default_factory=list)
    tail: list = dataclasses.field(default_factory=list)
    drip_s: float = 0.0

    def length(self) -> int:
        return len(self.body) + sum(len(chunk) * repeat for chunk, repeat in self.tail)

    def parts(self):
        yield self.body
        for chunk, repeat in self.tail:
            for dummy in range(repeat):
                yield chunk


def dumps(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode("utf-8")


def json_response(status: int, obj, headers=None) -> Response:
    return Response(status, dumps(obj), CONTENT_TYPE, list(headers or []))


def parse_query(query: str) -> dict:
    out = {}
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if name in out:
            raise BadRequest(f"query parameter {name} given more than once")
        out[name] = value
    return out


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def parse_param(req: Request) -> dict:
    form = auth.parse_form(req)
    if "Param" not in form:
        raise BadRequest("missing form field Param (the request's JSON document)")
    try:
        param = json.loads(form["Param"], parse_constant=_reject_constant)
    except ValueError as exc:
        raise BadRequest(f"Param is not valid JSON: {exc}") from None
    if not isinstance(param, dict):
        raise BadRequest("Param must be a JSON object")
    return param


def handle_api(nvr, method: str, target: str, headers, body: bytes, client: str) -> Response | None:  # pylint: disable=too-many-positional-arguments
    """The reply to one API request, or None to close the connection without one (drop fault)."""
    resp = _answer(nvr, method, target, headers, body, client)
    modes = nvr.faults.hostile
    if resp is None or not modes:
        return resp
    return hostile.transport(nvr, modes, resp)


# pylint: disable-next=too-many-positional-arguments,too-many-locals
def _answer(nvr, method: str, target: str, headers, body: bytes, client: str) -> Response | None:
    url = urllib.parse.urlsplit(target)
    path = url.path
    if nvr.latency_s:
        time.sleep(nvr.latency_s)
    route = ROUTES.get((method, path))
    with nvr.lock:
        stats = nvr.counters
        stats.requests += 1
        key = f"{method} {path}" if route else f"{method} (unknown path)"
        stats.by_endpoint[key] = stats.by_endpoint.get(key, 0) + 1
        if route is not None and route.write:
            stats.write_attempts += 1
    fault = nvr.faults.take()
    if fault == "drop":
        return None
    if fault == "503":
        return json_response(503, {"code": -1, "msg": "Service Unavailable: temporary overload", "name": path})
    if fault == "garbage":
        return Response(200, GARBAGE, "text/html")
    if isinstance(fault, tuple):
        time.sleep(fault[1])
    modes = nvr.faults.hostile
    if "redirect" in modes:
        location = hostile.redirect_location(nvr, target)
        return json_response(307, {"code": -1, "msg": f"moved to {location}", "name": path}, [("Location", location)])
    if route is None:
        return json_response(404, {"code": -1, "msg": f"{method} {path}: this API is not supported", "name": path})
    req = Request(method, path, {}, headers, body, client)
    try:
        req.query = parse_query(url.query)
        req.cookies = auth.cookie_tokens(headers)
        with nvr.lock:
            auth.authenticate(nvr, req, route.auth)
        if route.param:
            req.param = parse_param(req)
            if "echo_refusal" in modes:
                raise Refused(hostile.echo_message(req))
        with nvr.lock, dialects.use(nvr.dialect):
            msg, output = route.fn(nvr, req)
            output = dialects.render(nvr.dialect, method, path, output)
            if modes:
                output = hostile.reshape_output(modes, path, output)
            if route.write:
                nvr.counters.writes += 1
                nvr.log("Setup", f"{method} {path}", "Config", client)
                nvr.persist()
            reply = {"code": nvr.ok_code(route.str_code), "msg": msg, "name": route.name}
            if output is not None:
                reply["output"] = output
            data = dumps(reply)
        status = 200
    except ApiError as err:
        # A refused value: HTTP 200 and a non-zero code, or 400 in a dialect that reads M:125 so.
        status = nvr.dialect.refusal_status if isinstance(err, Refused) else err.status
        data = dumps({"code": nvr.fail_code(route.str_code), "msg": err.msg, "name": route.name})
    except Exception as exc:  # pylint: disable=broad-exception-caught
        print(f"move_nvr_emulator: port {nvr.port}: internal error in {method} {path}: {exc.__class__.__name__}",
              file=sys.stderr)
        if nvr.verbose:
            traceback.print_exc()
        status = 500
        data = dumps({"code": -1, "msg": "Internal Error", "name": route.name})
    headers_out = [("Set-Cookie", req.set_cookie)] if req.set_cookie else []
    return Response(status, data, CONTENT_TYPE, headers_out)
