# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs mobotix.move_nvr.nvr_info inside the controller (see plugin_utils/action.py).

Beyond the shared action: gather_subset is checked before any request, and
secrets=vault encrypts each password with the vault password the play runs
with (in `nvr` and in `device_replies`, gather_subset: [replies]). The clear text stays inside this process: the task keeps it on itself
(never in a result), and the vault text goes into the result only after the
runner's and no_log's masking, which would otherwise take apart any
ciphertext that happens to contain a secret's text.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.common.text.converters import to_text
from ansible.parsing.vault import VaultLib, match_encrypt_secret
from ansible.plugins.action import ActionBase

from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_facts import NvrInfoTask, replace_secrets, secret_paths
from ansible_collections.mobotix.move_nvr.plugins.module_utils.offline import set_at
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import execute, task_result
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import (
    EXECUTION_VARIABLE, NvrAction, load_module, missing_library, validate_args)

NO_VAULT_PASSWORD = ('secrets=vault needs the vault password to encrypt with: run the play with --ask-vault-pass, '
                     '--vault-password-file or --vault-id (or set ANSIBLE_VAULT_PASSWORD_FILE)')


def play_vault_secrets(loader):
    """The (vault id, secret) pairs the play runs with."""
    try:
        from ansible.parsing.vault import VaultSecretsContext  # ansible-core 2.19 and later
        context = VaultSecretsContext.current(optional=True)
        if context is not None and context.secrets:
            return list(context.secrets)
    except ImportError:
        pass
    # ansible-core 2.16 to 2.18: the secrets the command line loaded into the play's DataLoader
    vault = getattr(loader, '_vault', None)
    return list(getattr(vault, 'secrets', None) or [])


def vault_encrypter(loader):
    """(a function plaintext -> vault text, None) or (None, why not)."""
    secrets = play_vault_secrets(loader)
    if not secrets:
        return None, NO_VAULT_PASSWORD
    try:
        vault_id, secret = match_encrypt_secret(secrets, encrypt_vault_id=C.DEFAULT_VAULT_ENCRYPT_IDENTITY)
    except AnsibleError as e:
        return None, 'secrets=vault: %s' % to_text(e).splitlines()[0]
    vault = VaultLib()

    def encrypt(plaintext):
        if not plaintext:
            return plaintext
        return to_text(vault.encrypt(plaintext, secret, vault_id=vault_id))
    return encrypt, None


class ActionModule(NvrAction):
    """Runs mobotix.move_nvr.nvr_info inside the controller (see plugin_utils/action.py)."""

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        resolved = self._task.resolved_action or self._task.action
        module = load_module(resolved)
        params, no_log_values, error = validate_args(module, resolved, self._task.args)
        problem = error or module.preflight(params)
        if not problem and params['secrets'] != 'vault':
            return super(ActionModule, self).run(tmp, task_vars)
        result = ActionBase.run(self, tmp, task_vars)
        encrypt = None
        if not problem:
            as_module = self._templar.template(task_vars.get(EXECUTION_VARIABLE, 'controller')) == 'module'
            problem = module.VAULT_NEEDS_CONTROLLER if as_module else missing_library()
        if not problem:
            encrypt, problem = vault_encrypter(self._loader)
        if problem:
            result.update(failed=True, changed=False, msg=problem)
            return result
        task = NvrInfoTask(keep_plain=True)
        result.update(execute(task, params, check_mode=bool(self._task.check_mode)))
        result['invocation'] = {'module_args': params}
        result = remove_values(result, no_log_values)
        if not result.get('failed') and task.plain is not None:
            shown = result['nvr']
            for name in shown:
                paths = secret_paths([name])
                if paths:
                    shown[name] = replace_secrets({name: shown[name]}, {name: task.plain[name]}, paths, encrypt)[name]
        if not result.get('failed') and task.replies_secrets is not None and 'device_replies' in result:
            vault_replies(result['device_replies'], task.replies_secrets, encrypt)
        return task_result(result)


def vault_replies(document, found, encrypt):
    """Each password of the device replies that the capture marked, as its vault text (in place); one the NVR
    gave in a form that is no password of its own (None) stays the marker. The document says secrets: vault."""
    for path, plaintext in found:
        if plaintext:
            set_at(document, path, encrypt(plaintext))
    document['secrets'] = 'vault'
