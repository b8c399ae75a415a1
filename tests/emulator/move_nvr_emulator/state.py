"""One emulated NVR: its stored state, sessions, counters, faults and persistence."""

from __future__ import annotations

import collections
import copy
import dataclasses
import hashlib
import json
import os
import secrets
import sys
import tempfile
import threading
import time

from . import cipher, factory, hostile
from . import dialect as dialects
from .faults import Faults

ISSUED_TOKENS_KEPT = 10000


class Stats:
    """Request counters of one NVR (the side channel itself is never counted)."""

    def __init__(self):
        self.requests = 0
        self.logins = 0
        self.login_failures = 0
        self.logouts = 0
        self.write_attempts = 0
        self.writes = 0
        self.by_endpoint: dict[str, int] = {}

    def snapshot(self, open_sessions: int) -> dict:
        return {"requests": self.requests, "logins": self.logins, "login_failures": self.login_failures,
                "logouts": self.logouts, "open_sessions": open_sessions, "write_attempts": self.write_attempts,
                "writes": self.writes, "by_endpoint": dict(self.by_endpoint)}


class Nvr:  # pylint: disable=too-many-instance-attributes
    """The model of one NVR.  Endpoint code runs with ``self.lock`` held."""

    def __init__(self, index: int, opts: factory.NvrOptions, state_dir: str | None = None, latency_ms: float = 0.0,
                 verbose: bool = False):
        opts.validate()
        self.index = index
        self.opts = opts
        self.dialect = dialects.get(opts.dialect)
        self.name, self.mac = factory.nvr_identity(index)
        self.latency_s = max(0.0, latency_ms) / 1000.0
        self.verbose = verbose
        self.port = 0
        self.scheme = "http"
        self.lock = threading.RLock()
        self.boot_time = int(time.time())
        self.factory = factory.factory_state(opts, index, self.boot_time)
        if hostile.PAYLOAD_STRINGS in opts.hostile:
            hostile.apply_payloads(self.factory, opts.canary)
        self.state = copy.deepcopy(self.factory)
        self.sessions: dict[str, list] = {}
        # Every session cookie value handed out since the last reset, so that a test can look
        # for them in its output (they are secrets).  Test-only, like the side channel.
        self.issued: collections.deque = collections.deque(maxlen=ISSUED_TOKENS_KEPT)
        self.counters = Stats()
        self.faults = Faults(opts.hostile, opts.drip_s, opts.redirect_port)
        self.logs: collections.deque = collections.deque(maxlen=2000)
        self.pbkeys: dict[str, dict] = {}
        self.state_file = os.path.join(state_dir, f"nvr{index:03d}.json") if state_dir else None
        self._boot_log()
        if self.state_file:
            self._load()

    # ---- persistence -------------------------------------------------
    def _load(self) -> None:
        try:
            # O_NOFOLLOW: a symlink planted at the state file's path is not read through (it is
            # reported unreadable, and replaced by the next write).
            fd = os.open(self.state_file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with open(fd, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            self.persist()
            return
        except (OSError, ValueError) as exc:
            print(f"move_nvr_emulator: {self.state_file}: unreadable ({exc.__class__.__name__}); starting from factory",
                  file=sys.stderr)
            self.persist()
            return
        if data.get("options") != self._persisted_options() or not isinstance(data.get("state"), dict):
            print(f"move_nvr_emulator: {self.state_file}: written for other NVR options; starting from factory",
                  file=sys.stderr)
            self.persist()
            return
        for section in factory.SECTIONS:
            if section in data["state"]:
                self.state[section] = data["state"][section]

    def _persisted_options(self) -> dict:
        """The options the stored state depends on (a file written for others is not loaded).

        The hostile options count only when they change the state (payload_strings and its
        canary), so that the files of healthy NVRs are as they always were.
        """
        options = dataclasses.asdict(self.opts)
        for key in ("admin_password", "session_timeout_s", "code_style", "hostile", "canary", "drip_s", "redirect_port"):
            options.pop(key, None)
        if self.opts.dialect == "strict":  # the files of strict NVRs are as they were before dialects existed
            options.pop("dialect", None)
        if self.opts.admin_name == factory.ADMIN:
            options.pop("admin_name", None)
        if hostile.PAYLOAD_STRINGS in self.opts.hostile:
            options.update(payload_strings=True, canary=self.opts.canary)
        return options

    def persist(self) -> None:
        """Write the state file (after every change), atomically and privately.

        It holds passwords in the device's reversible encryption, so: a new file made by
        ``mkstemp`` in the state folder (mode 0600, a name nobody can guess or plant in
        advance), then ``os.replace`` onto the state file's name.  A rename replaces whatever
        is at that name, a symlink included: the state is never written through a link.
        """
        if not self.state_file:
            return
        text = json.dumps({"format": 1, "index": self.index, "options": self._persisted_options(), "state": self.state},
                          separators=(",", ":"))
        folder, name = os.path.split(self.state_file)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
        try:
            os.fchmod(fd, 0o600)
            with open(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, self.state_file)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    # ---- state changes -----------------------------------------------
    def reset(self, counters_only: bool = False) -> None:
        """Side channel reset: factory state, no sessions, no faults, zero counters."""
        with self.lock:
            self.counters = Stats()
            if counters_only:
                return
            self.state = copy.deepcopy(self.factory)
            self.sessions.clear()
            self.issued.clear()
            self.pbkeys.clear()
            self.faults.clear()
            self.logs.clear()
            self._boot_log()
            self.persist()

    def load_default(self) -> None:
        """The device's factory reset: all configuration back to factory except the Admin account.

        Kept: the Admin account (with its password), the device identity and
        firmware (``device``), the disks (``record_info``) and export files.  The other
        factory accounts (the manual dialect's Guest) come back as at factory.
        """
        admin = next(a for a in self.state["accounts"] if a["account"] == self.opts.admin_name)
        kept = {name: self.state[name] for name in ("device", "record_info", "exports")}
        self.state = copy.deepcopy(self.factory)
        self.state.update(kept)
        self.state["accounts"] = [admin] + [a for a in self.state["accounts"] if a["account"] != self.opts.admin_name]
        circular = self.state["record_config"]["record_circular"].get("enable")
        for group in self.state["record_info"].get("record_info", []):
            group["is_circular"] = 1 if circular else 0
        self.drop_sessions_without_account()

    def drop_sessions_without_account(self) -> None:
        names = {a["account"] for a in self.state["accounts"]}
        for token in [t for t, s in self.sessions.items() if s[0] not in names]:
            del self.sessions[token]

    # ---- accounts and sessions ---------------------------------------
    def account(self, name: str) -> dict | None:
        for entry in self.state["accounts"]:
            if entry.get("account") == name:
                return entry
        return None

    def login(self, digest: str) -> str | None:
        """New session token for the account whose md5("user:password") is ``digest``."""
        for entry in self.state["accounts"]:
            try:
                plain = cipher.decrypt(entry.get("password", ""))
            except cipher.CipherError:
                continue
            expected = hashlib.md5(f"{entry.get('account')}:{plain}".encode("utf-8")).hexdigest()
            if secrets.compare_digest(expected, digest.lower()):
                token = secrets.token_hex(16)
                self.sessions[token] = [entry["account"], time.monotonic()]
                self.issued.append(token)
                return token
        return None

    def session(self, tokens) -> str | None:
        """Account name of the first valid session among ``tokens`` (refreshing it), else None."""
        now = time.monotonic()
        for token in tokens:
            entry = self.sessions.get(token)
            if entry is None:
                continue
            if now - entry[1] > self.opts.session_timeout_s:
                del self.sessions[token]
                continue
            entry[1] = now
            return entry[0]
        return None

    def open_sessions(self) -> int:
        now = time.monotonic()
        for token in [t for t, s in self.sessions.items() if now - s[1] > self.opts.session_timeout_s]:
            del self.sessions[token]
        return len(self.sessions)

    def expire_sessions(self) -> None:
        with self.lock:
            self.sessions.clear()

    # ---- Python API (also behind the side channel) ------------------
    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def stats(self) -> dict:
        """Counters: requests, logins, login_failures, logouts, open_sessions, write_attempts, writes, by_endpoint."""
        with self.lock:
            snap = self.counters.snapshot(self.open_sessions())
        snap["port"] = self.port
        snap["name"] = self.name
        return snap

    def get_state(self, section: str | None = None):
        """A deep copy of the raw stored state (passwords encrypted as stored), or of one section."""
        with self.lock:
            if section is None:
                return copy.deepcopy(self.state)
            if section not in self.state:
                raise KeyError(f"unknown section {section!r}; sections: {', '.join(factory.SECTIONS)}")
            return copy.deepcopy(self.state[section])

    def set_state(self, sections: dict, replace: bool = False) -> None:
        """Change stored sections behind the API's back.

        Merge (default): dicts merge recursively, other values replace, a
        ``None`` value deletes the key.  ``replace=True`` swaps whole sections.
        No side effect is applied (a camera added here is not added to event
        actions or templates).  ValueError on an unknown section or a type change.
        """
        if not isinstance(sections, dict):
            raise ValueError("the body must be an object {section: value}")
        with self.lock:
            for name, value in sections.items():
                if name not in self.state:
                    raise ValueError(f"unknown section {name!r}; sections: {', '.join(factory.SECTIONS)}")
                if type(value) is not type(self.state[name]):  # pylint: disable=unidiomatic-typecheck
                    raise ValueError(f"section {name!r} must be a JSON {type(self.state[name]).__name__}")
            for name, value in sections.items():
                if replace or not isinstance(value, dict):
                    self.state[name] = copy.deepcopy(value)
                else:
                    _merge(self.state[name], value)
            self.persist()

    def inject_faults(self, **faults) -> dict:
        """Same keys as POST /_emulator/faults; returns what is pending.

        ValueError on a bad canary, BadRequest on a bad fault; either way nothing has changed.
        """
        payload = faults.pop("payload_strings", False)
        canary = hostile.check_canary(self.opts.canary if payload is True else payload) if payload else None
        expire = faults.pop("expire_sessions", False)
        self.faults.configure(faults)
        if canary:
            self.write_payloads(canary)
        if expire:
            self.expire_sessions()
        return self.faults.pending()

    def write_payloads(self, canary: str) -> None:
        """The payload strings written into the current state (hostile.apply_payloads); ValueError on a bad canary."""
        hostile.check_canary(canary)
        with self.lock:
            hostile.apply_payloads(self.state, canary)
            self.persist()

    def issued_tokens(self) -> list:
        """Every session cookie value handed out since the last reset (test-only: they are secrets)."""
        with self.lock:
            return list(self.issued)

    # ---- logs --------------------------------------------------------

    def _boot_log(self) -> None:
        for desc in ("PowerLossBoot", "SystemPowerOn"):
            self.logs.append({"category": "System", "description": desc, "host": "Local", "time": self.boot_time,
                              "type": "PowerOn"})

    def log(self, category: str, description: str, log_type: str, host: str) -> None:
        self.logs.append({"category": category, "description": description, "host": host, "time": int(time.time()),
                          "type": log_type})

    def ok_code(self, string_in_manual: bool):
        """Success code as the manual's example for that endpoint shows it (or per code_style; "0" in the manual dialect)."""
        style = self.opts.code_style
        if style == "string" or self.dialect.string_code or (style == "manual" and string_in_manual):
            return "0"
        return 0

    def fail_code(self, string_in_manual: bool):
        return "-1" if self.ok_code(string_in_manual) == "0" else -1


def _merge(dst: dict, src: dict) -> None:
    for key, value in src.items():
        if value is None:
            dst.pop(key, None)
        elif isinstance(value, dict) and isinstance(dst.get(key), dict):
            _merge(dst[key], value)
        else:
            dst[key] = copy.deepcopy(value)
