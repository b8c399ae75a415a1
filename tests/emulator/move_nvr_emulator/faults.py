"""Fault injection for the next N API requests of one NVR (side channel POST /_emulator/faults)."""

from __future__ import annotations

import threading

from .common import BadRequest

_COUNTS = ("http_503", "garbage", "drop", "hang_count")


class Faults:
    """Pending faults.  ``take`` is called once per API request and consumes one fault.

    When several are pending, the order is drop, http_503, garbage, then hang
    (a hung request is answered normally after the sleep).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.http_503 = 0
        self.garbage = 0
        self.drop = 0
        self.hang_s = 0.0
        self.hang_count = 0

    def clear(self) -> None:
        with self._lock:
            self.http_503 = self.garbage = self.drop = self.hang_count = 0
            self.hang_s = 0.0

    def pending(self) -> dict:
        with self._lock:
            return {"http_503": self.http_503, "garbage": self.garbage, "drop": self.drop,
                    "hang_s": self.hang_s, "hang_count": self.hang_count}

    def configure(self, body: dict) -> None:
        """Apply a faults request body (already a dict); BadRequest on a bad value."""
        allowed = set(_COUNTS) | {"hang_s", "clear", "expire_sessions"}
        unknown = sorted(set(body) - allowed)
        if unknown:
            raise BadRequest(f"unknown fault(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}")
        for key in _COUNTS:
            if key in body and (type(body[key]) is not int or body[key] < 0):  # pylint: disable=unidiomatic-typecheck
                raise BadRequest(f"{key}: must be an integer >= 0")
        if "hang_s" in body and (isinstance(body["hang_s"], bool) or not isinstance(body["hang_s"], (int, float))
                                 or not 0 <= body["hang_s"] <= 600):
            raise BadRequest("hang_s: must be a number of seconds in 0..600")
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
