"""The NVR's password "encryption": AES-128 in CTR mode with a fixed key.

Written from the manual's appendix and api-notes.md: key bytes
[0,1,2,3,4,5,6,7,8,22,33,55,120,12,76,87], first counter block 16 zero bytes
(a 128-bit big-endian counter), result in base64.  The CTR mode is done here
by hand over the AES block function (ECB on counter blocks) so that this
implementation does not share a code path with a client that uses
pycryptodome's own CTR mode.
"""

from __future__ import annotations

import base64
import binascii

from Crypto.Cipher import AES

KEY = bytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 22, 33, 55, 120, 12, 76, 87])
_BLOCK = 16


class CipherError(ValueError):
    """The value is not a well-formed encrypted password."""


def _keystream(length: int) -> bytes:
    blocks = (length + _BLOCK - 1) // _BLOCK
    counters = b"".join(i.to_bytes(_BLOCK, "big") for i in range(blocks))
    return AES.new(KEY, AES.MODE_ECB).encrypt(counters)[:length]


def _xor(data: bytes) -> bytes:
    stream = _keystream(len(data))
    return bytes(a ^ b for a, b in zip(data, stream))


def encrypt(plaintext: str) -> str:
    """Plain text to the wire form (base64 of the CTR cipher text)."""
    if plaintext == "":
        return ""
    return base64.b64encode(_xor(plaintext.encode("utf-8"))).decode("ascii")


def decrypt(token: str) -> str:
    """Wire form back to plain text; CipherError if it is not one."""
    if not isinstance(token, str):
        raise CipherError("not a string")
    if token == "":
        return ""
    try:
        raw = base64.b64decode(token.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise CipherError("not base64") from exc
    try:
        text = _xor(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CipherError("does not decrypt to text") from exc
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        raise CipherError("does not decrypt to printable text")
    return text
