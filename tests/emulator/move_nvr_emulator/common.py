"""Errors, value validators and the whole-object builder shared by all API areas.

Refusal messages name the field (as a dotted path such as
``provider_opt.gmail.port`` or ``address[1]``) and the allowed values.  They
never echo a secret: password validators say what is wrong without the value.
"""

from __future__ import annotations

import copy
import re

from . import cipher
from . import dialect as dialects


class ApiError(Exception):
    """Base of the errors an endpoint raises; ``status`` is the HTTP status."""

    status = 200

    def __init__(self, msg: str):
        super().__init__(msg)
        self.msg = msg


class Refused(ApiError):
    """A well-formed request the device refuses: HTTP 200, non-zero code."""

    status = 200


class BadRequest(ApiError):
    """A malformed request (no Param, bad JSON, bad query): HTTP 400."""

    status = 400


class Unauthorized(ApiError):
    """No valid session, or the account lacks the authority: HTTP 401."""

    status = 401


def join(path: str, key) -> str:
    """Dotted path for messages: join('a', 'b') -> 'a.b'; join('a', 1) -> 'a[1]'."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def show(value) -> str:
    """Short repr of a (non-secret) value for a message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def type_name(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    return type(value).__name__


class Spec:
    """A leaf value validator: ``check`` returns the normalised value or raises Refused."""

    def check(self, value, path: str):
        raise NotImplementedError


class Bool(Spec):
    """true/false; 1/0 are accepted too and stored as true/false.

    The manual dialect (``int_flags``) takes a flag only in the form its schema documents:
    1/0 for a ``%d`` flag (most), true/false for the few the schema writes ``true/false``
    (``documented_bool``: covert M:748, evt_type M:369).
    """

    def __init__(self, documented_bool: bool = False):
        self.documented_bool = documented_bool

    def check(self, value, path):
        literal = dialects.current().int_flags
        if value is True or value is False:
            if literal and not self.documented_bool:
                raise Refused(f"{path}: must be 1 or 0 (the flag's %d), got {type_name(value)} {show(value)}")
            return value
        if type(value) is int and value in (0, 1):  # pylint: disable=unidiomatic-typecheck
            if literal and self.documented_bool:
                raise Refused(f"{path}: must be true or false (as documented), got {type_name(value)} {show(value)}")
            return bool(value)
        raise Refused(f"{path}: must be true/false (or 1/0), got {type_name(value)} {show(value)}")


class Int(Spec):
    """An integer in lo..hi; with ``numeric_str`` a string of digits is accepted too."""

    def __init__(self, lo: int, hi: int, numeric_str: bool = False):
        self.lo = lo
        self.hi = hi
        self.numeric_str = numeric_str

    def check(self, value, path):
        if self.numeric_str and dialects.current().string_numbers and not isinstance(value, str):
            raise Refused(f"{path}: must be a string of digits (the field's %s), got {type_name(value)} {show(value)}")
        if self.numeric_str and isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value.strip()):
            value = int(value.strip())
        if type(value) is not int:  # pylint: disable=unidiomatic-typecheck
            kind = "an integer or a numeric string" if self.numeric_str else "an integer"
            raise Refused(f"{path}: must be {kind} in {self.lo}..{self.hi}, got {type_name(value)} {show(value)}")
        if not self.lo <= value <= self.hi:
            raise Refused(f"{path}: {value} is out of range; allowed {self.lo}..{self.hi}")
        return value


PORT = Int(1, 65535)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Str(Spec):
    """A string of at most ``max_len`` characters, no control characters.

    ``pattern`` (a full-match regex) and ``what`` (its description for the
    message) restrict it further; ``empty`` says whether "" is allowed (the
    pattern is not applied to "").
    """

    def __init__(self, max_len: int = 64, pattern: str | None = None, what: str = "", empty: bool = True):
        self.max_len = max_len
        self.pattern = re.compile(pattern) if pattern else None
        self.what = what
        self.empty = empty

    def check(self, value, path):
        if not isinstance(value, str):
            raise Refused(f"{path}: must be a string, got {type_name(value)} {show(value)}")
        if value == "":
            if not self.empty:
                raise Refused(f"{path}: must not be empty")
            return value
        if len(value) > self.max_len:
            raise Refused(f"{path}: too long ({len(value)} characters); allowed at most {self.max_len}")
        if _CONTROL.search(value):
            raise Refused(f"{path}: must not contain control characters")
        if self.pattern and not self.pattern.fullmatch(value):
            raise Refused(f"{path}: {show(value)} is not valid; allowed: {self.what}")
        return value


class Choice(Spec):
    """One string out of a fixed list."""

    def __init__(self, choices):
        self.choices = list(choices)

    def check(self, value, path):
        if value not in self.choices or not isinstance(value, str):
            raise Refused(f"{path}: {show(value)} is not allowed; allowed values: {', '.join(self.choices)}")
        return value


class Enc(Spec):
    """A password in the device's encrypted (base64 AES-CTR) form; "" means none.

    Stored as given.  It must decode and decrypt to printable text, which
    also catches a client that sends the password in clear.
    """

    def check(self, value, path):
        if not isinstance(value, str):
            raise Refused(f"{path}: must be a string (the encrypted password), got {type_name(value)}")
        try:
            plain = cipher.decrypt(value)
        except cipher.CipherError as exc:
            raise Refused(f"{path}: must be the encrypted form of the password (base64 of AES-128-CTR): {exc}") from None
        if len(plain) > 64:
            raise Refused(f"{path}: password too long; allowed at most 64 characters")
        return value


class BoolList(Spec):
    """A list of exactly ``size`` booleans (1/0 accepted); ``what`` names the size; ``documented_bool`` as for Bool."""

    def __init__(self, size: int, what: str, documented_bool: bool = False):
        self.size = size
        self.what = what
        self.item = Bool(documented_bool)

    def check(self, value, path):
        if not isinstance(value, list):
            raise Refused(f"{path}: must be a list of {self.size} true/false values ({self.what}), got {type_name(value)}")
        if len(value) != self.size:
            raise Refused(f"{path}: must have exactly {self.size} entries ({self.what}), got {len(value)}")
        return [self.item.check(item, join(path, i)) for i, item in enumerate(value)]


BOOL = Bool()


class Obj:
    """An object replaced as a whole by a POST.

    ``fields`` maps each writable key to a Spec or a nested Obj; ``readonly``
    lists keys that are ignored in a body (the stored value is kept).  Keys
    come out in the factory object's order.  A key the client leaves out
    returns to its factory value.  A key that is neither known nor present in
    the stored object is refused; one the stored object carries (a firmware
    extension) is kept as sent, and vanishes when left out.

    The dialect changes the key left out: with ``merge_partial`` it keeps its stored
    value (a firmware extension too); with ``complete_bodies`` it is refused (every
    writable key the device holds, at every depth, must be sent; read-only ones need not).
    """

    def __init__(self, fields: dict, readonly=(), required=()):
        self.fields = fields
        self.readonly = frozenset(readonly)
        self.required = tuple(required)

    def build(self, body, current, factory, path: str = ""):
        if not isinstance(body, dict):
            raise Refused(f"{path or 'Param'}: must be an object, got {type_name(body)}")
        current = current if isinstance(current, dict) else {}
        dialect = dialects.current()
        for key in self.required:
            if key not in body:
                raise Refused(f"{join(path, key)}: missing; it is required")
        if dialect.complete_bodies:
            for key in list(factory) + [k for k in current if k not in factory]:
                if key not in body and key not in self.readonly:
                    raise Refused(f"{join(path, key)}: missing; this NVR takes only the complete object "
                                  "(every field its GET reply shows)")
        out = {}
        for key, fvalue in factory.items():
            if key in self.readonly:
                out[key] = copy.deepcopy(current.get(key, fvalue))
            elif key in body:
                spec = self.fields.get(key)
                if spec is None:  # a factory key of a firmware extension (hostile payloads): stored as sent
                    out[key] = body[key]
                elif isinstance(spec, Obj):
                    out[key] = spec.build(body[key], current.get(key), fvalue, join(path, key))
                else:
                    out[key] = spec.check(body[key], join(path, key))
            else:
                out[key] = copy.deepcopy(current.get(key, fvalue) if dialect.merge_partial else fvalue)
        for key, value in body.items():
            if key in out or key in self.readonly:
                continue
            if key in current:
                out[key] = value
                continue
            known = sorted(set(self.fields) | set(self.readonly))
            raise Refused(f"{join(path, key)}: unknown field; known fields: {', '.join(known)}")
        if dialect.merge_partial:
            for key, value in current.items():
                if key not in out and key not in self.readonly:
                    out[key] = copy.deepcopy(value)
        return out


def check_keys(body: dict, allowed, path: str = "") -> None:
    """Refuse any key of ``body`` outside ``allowed``."""
    for key in body:
        if key not in allowed:
            raise Refused(f"{join(path, key)}: unknown field; known fields: {', '.join(sorted(allowed))}")


def require(body: dict, key: str, path: str = ""):
    if key not in body:
        raise Refused(f"{join(path, key)}: missing; it is required")
    return body[key]


def channel_key(key: str, num_ch: int, path: str) -> int:
    """'ch5' -> 5, refusing other names and channels >= num_ch."""
    match = re.fullmatch(r"ch([0-9]{1,4})", key) if isinstance(key, str) else None
    if not match:
        raise Refused(f"{join(path, key)}: not a channel name; allowed ch0..ch{num_ch - 1}")
    ch = int(match.group(1))
    if ch >= num_ch:
        raise Refused(f"{join(path, key)}: channel {ch} does not exist; allowed ch0..ch{num_ch - 1} (num_ch {num_ch})")
    return ch
