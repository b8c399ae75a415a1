#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: account_info
short_description: Read the user accounts of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Returns the NVR's user accounts in the form of the options of M(mobotix.move_nvr.account).
  - Reading the accounts needs the Setup permission (O(nvr_username) must have V(setup)).
  - RV(config), given back to M(mobotix.move_nvr.account) as its options, changes nothing, with any
    O(mobotix.move_nvr.account#module:state) but V(deleted).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
notes:
  - Passwords are left out of RV(config), not shown as C(********) - given back to M(mobotix.move_nvr.account), a password
    that is not given keeps the NVR's, with every state, while C(********) is refused as a password.
  - For the passwords vault-encrypted, use M(mobotix.move_nvr.nvr_info) with
    O(mobotix.move_nvr.nvr_info#module:gather_subset=[account]) and O(mobotix.move_nvr.nvr_info#module:secrets=vault).
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.account
'''

EXAMPLES = r'''
- name: Read the user accounts
  mobotix.move_nvr.account_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr_accounts

- name: List the accounts that may change the configuration
  ansible.builtin.debug:
    msg: "{{ nvr_accounts.config.accounts | selectattr('permissions', 'contains', 'setup') | map(attribute='name') | list }}"
'''

RETURN = r'''
config:
  description:
    - The accounts, as options of M(mobotix.move_nvr.account), sorted by name, without passwords.
    - C(permissions) lists what the account may do besides live view; C(covert_channels) the 0-based channels
      hidden from it.
  returned: success
  type: dict
  sample:
    accounts:
      - {name: Admin, permissions: [device, playback, ptz, setup], covert_channels: []}
      - {name: guard, permissions: [], covert_channels: [6, 7]}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.account import RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = InfoTask(RESOURCE)
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
