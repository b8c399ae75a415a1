# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every hand-checked vector of api-notes.md."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password, login_hash

VECTORS = [('1234', 'GtBcsw=='), ('123456', 'GtBcs92K'), ('123qwe', 'GtBc9p/Z'), ('dynacolor620', 'T5sB5ovTjF6sEPCj')]


@pytest.mark.parametrize('plaintext, wire', VECTORS)
def test_encrypt_matches_vector(plaintext, wire):
    assert encrypt_password(plaintext) == wire


@pytest.mark.parametrize('plaintext, wire', VECTORS)
def test_decrypt_matches_vector(plaintext, wire):
    assert decrypt_password(wire) == plaintext


def test_decrypt_ignores_the_stray_space_of_the_extract():
    assert decrypt_password('T5sB5o vTjF6sEPCj') == 'dynacolor620'


def test_empty_stays_empty():
    assert encrypt_password('') == '' and decrypt_password('') == '' and decrypt_password(None) == ''


def test_login_hash_is_the_corrected_vector():
    # The manual prints afd53c19..., two characters short (api-notes.md).
    assert login_hash('Admin', '1234') == 'afdfd53c19b43825da4b297c203e4460'
