"""Fault injection for the next N API requests of one NVR, and its hostile transport modes
(side channel POST /_emulator/faults)."""

from __future__ import annotations

import threading

from . import hostile
from .common import BadRequest

_COUNTS = ("http_503", "garbage", "drop", "hang_count")


class Faults:
    """Pending faults.  ``take`` is called once per API request and consumes one fault.

    When several are pending, the order is drop, http_503, garbage, then hang
    (a hung request is answered normally after the sleep).

    ``hostile`` holds the transport modes in force (hostile.TRANSPORT): not counted, they
    shape every API reply until changed.  They start as the NVR's options say, and
    ``clear`` (and a reset) returns them there, so an NVR made hostile by its options stays so.
    """

    def __init__(self, hostile_modes=(), drip_s: float = hostile.DEFAULT_DRIP_S, redirect_port: int = 0):
        self._lock = threading.Lock()
        self._base = (frozenset(m for m in hostile_modes if m in hostile.TRANSPORT), float(drip_s), int(redirect_port))
        self.http_503 = 0
        self.garbage = 0
        self.drop = 0
        self.hang_s = 0.0
        self.hang_count = 0
        self.hostile, self.drip_s, self.redirect_port = self._base

    def clear(self) -> None:
        with self._lock:
            self.http_503 = self.garbage = self.drop = self.hang_count = 0
            self.hang_s = 0.0
            self.hostile, self.drip_s, self.redirect_port = self._base

    def pending(self) -> dict:
        """Pending faults; with a transport mode in force also ``hostile``, ``drip_s`` and ``redirect_port``."""
        with self._lock:
            out = {"http_503": self.http_503, "garbage": self.garbage, "drop": self.drop,
                   "hang_s": self.hang_s, "hang_count": self.hang_count}
            if self.hostile:
                out.update(hostile=sorted(self.hostile), drip_s=self.drip_s, redirect_port=self.redirect_port)
            return out

    def configure(self, body: dict) -> None:
        """Apply a faults request body (already a dict); BadRequest on a bad value."""
        allowed = set(_COUNTS) | {"hang_s", "clear", "expire_sessions", "hostile", "drip_s", "redirect_port"}
        unknown = sorted(set(body) - allowed)
        if unknown:
            raise BadRequest(f"unknown fault(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}")
        for key in _COUNTS:
            if key in body and (type(body[key]) is not int or body[key] < 0):  # pylint: disable=unidiomatic-typecheck
                raise BadRequest(f"{key}: must be an integer >= 0")
        if "hang_s" in body and (isinstance(body["hang_s"], bool) or not isinstance(body["hang_s"], (int, float))
                                 or not 0 <= body["hang_s"] <= 600):
            raise BadRequest("hang_s: must be a number of seconds in 0..600")
        modes = self._check_hostile(body)
        if body.get("clear"):
            self.clear()
        with self._lock:
            for key in _COUNTS:
                if key in body:
                    setattr(self, key, body[key])
            if "hang_s" in body:
                self.hang_s = float(body["hang_s"])
            if "hang_s" in body and "hang_count" not in body and self.hang_count == 0:
                self.hang_count = 1
            if modes is not None:
                self.hostile = frozenset(modes)
            if "drip_s" in body:
                self.drip_s = float(body["drip_s"])
            if "redirect_port" in body:
                self.redirect_port = body["redirect_port"]

    @staticmethod
    def _check_hostile(body: dict):
        """The transport modes a faults body sets (None: unchanged); BadRequest on a bad value."""
        if "drip_s" in body and (isinstance(body["drip_s"], bool) or not isinstance(body["drip_s"], (int, float))
                                 or not 0.001 <= body["drip_s"] <= 10):
            raise BadRequest("drip_s: must be a number of seconds in 0.001..10")
        if "redirect_port" in body and (type(body["redirect_port"]) is not int  # pylint: disable=unidiomatic-typecheck
                                        or not 0 <= body["redirect_port"] <= 65535):
            raise BadRequest("redirect_port: must be a port 1..65535, or 0 for the NVR's own port + 1")
        if "hostile" not in body:
            return None
        if isinstance(body["hostile"], list) and hostile.PAYLOAD_STRINGS in body["hostile"]:
            raise BadRequest("hostile: payload_strings is state, not transport: send {\"payload_strings\": true} "
                             "(or the canary path) to write the payloads into the stored state")
        try:
            return hostile.check_modes(body["hostile"] if isinstance(body["hostile"], list) else None,
                                       hostile.TRANSPORT)
        except ValueError as exc:
            raise BadRequest(f"hostile: {exc}") from None

    def take(self):
        """The fault for this request: None, 'drop', '503', 'garbage' or ('hang', seconds)."""
        with self._lock:
            if self.drop:
                self.drop -= 1
                return "drop"
            if self.http_503:
                self.http_503 -= 1
                return "503"
            if self.garbage:
                self.garbage -= 1
                return "garbage"
            if self.hang_count:
                self.hang_count -= 1
                return ("hang", self.hang_s)
        return None
