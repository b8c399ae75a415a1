# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The NVR's password "encryption" (manual, appendix) and the login hash.

AES-128 in CTR mode with a key fixed in every device and a zero initial
counter block, then base64. It is obfuscation, not protection: what the
device returns can be decrypted, which is what makes passwords comparable
and the modules idempotent. Encrypted values are still secrets.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib
import traceback

try:
    from Crypto.Cipher import AES
    from Crypto.Util import Counter
    HAS_PYCRYPTODOME = True
    PYCRYPTODOME_IMPORT_ERROR = None
except ImportError:
    HAS_PYCRYPTODOME = False
    PYCRYPTODOME_IMPORT_ERROR = traceback.format_exc()

AES_KEY = bytes(bytearray([0, 1, 2, 3, 4, 5, 6, 7, 8, 22, 33, 55, 120, 12, 76, 87]))


def _ctr_cipher():
    return AES.new(AES_KEY, AES.MODE_CTR, counter=Counter.new(128, initial_value=0))


def encrypt_password(plaintext):
    """Plaintext to the device's base64 form. '' stays ''."""
    if not plaintext:
        return ''
    return base64.b64encode(_ctr_cipher().encrypt(plaintext.encode('utf-8'))).decode('ascii')


def decrypt_password(encrypted):
    """The device's base64 form to plaintext. '' and None give ''.

    The manual's extract shows stray spaces inside encoded values; whitespace
    is not part of base64, so it is dropped before decoding.
    """
    if not encrypted:
        return ''
    raw = base64.b64decode(''.join(encrypted.split()))
    return _ctr_cipher().decrypt(raw).decode('utf-8')


def login_hash(username, password):
    """The login form's `account` value: md5 hex of "username:password"."""
    return hashlib.md5(('%s:%s' % (username, password)).encode('utf-8')).hexdigest()
