# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nvr_info's action plugin: secrets=vault encrypts with the vault password the play runs with."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.parsing.vault import VaultLib, VaultSecret

from ansible_collections.mobotix.move_nvr.plugins.action import nvr_info as action


class Loader:
    """The part of ansible's DataLoader the plugin reads on ansible-core before 2.19."""

    def __init__(self, secrets):
        self._vault = VaultLib(secrets)


@pytest.fixture(autouse=True)
def no_vault_context(monkeypatch):
    """Tests run outside ansible-playbook: no VaultSecretsContext, the loader's secrets count."""
    try:
        from ansible.parsing.vault import VaultSecretsContext
    except ImportError:
        return
    monkeypatch.setattr(VaultSecretsContext, '_current', None)


def secret(text):
    return VaultSecret(text.encode())


def test_without_a_vault_password_it_says_how_to_give_one():
    encrypt, problem = action.vault_encrypter(Loader([]))
    assert encrypt is None
    assert '--ask-vault-pass' in problem and '--vault-password-file' in problem and '--vault-id' in problem


def test_encrypts_with_the_play_password_and_decrypts_back():
    encrypt, problem = action.vault_encrypter(Loader([('default', secret('pw-one'))]))
    assert problem is None
    text = encrypt('Smtp-pw1')
    assert text.startswith('$ANSIBLE_VAULT;1.1;AES256\n')
    assert VaultLib([('default', secret('pw-one'))]).decrypt(text) == b'Smtp-pw1'
    assert encrypt('') == '', 'an empty password stays empty'
    assert encrypt('Smtp-pw1') != text, 'a fresh salt each time'


def test_a_vault_id_is_named_in_the_header(monkeypatch):
    monkeypatch.setattr(action.C, 'DEFAULT_VAULT_ENCRYPT_IDENTITY', 'prod')
    encrypt, problem = action.vault_encrypter(Loader([('dev', secret('pw-dev')), ('prod', secret('pw-prod'))]))
    text = encrypt('x1')
    assert text.startswith('$ANSIBLE_VAULT;1.2;AES256;prod\n')
    assert VaultLib([('prod', secret('pw-prod'))]).decrypt(text) == b'x1'


def test_an_unknown_encrypt_identity_fails_clearly(monkeypatch):
    monkeypatch.setattr(action.C, 'DEFAULT_VAULT_ENCRYPT_IDENTITY', 'missing')
    encrypt, problem = action.vault_encrypter(Loader([('dev', secret('pw-dev'))]))
    assert encrypt is None and problem.startswith('secrets=vault: ') and 'missing' in problem
