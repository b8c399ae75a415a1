#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: default_connection_info
short_description: Read the default camera credentials of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Returns the NVR's default connection settings (C(/setup/default_connection_info)) in the form of the options of
    M(mobotix.move_nvr.default_connection) - per camera type, the account the NVR connects a camera of that type
    with, and the automatic adding and refresh of cameras -, and the camera types the NVR supports.
  - RV(config), given back to M(mobotix.move_nvr.default_connection) as its options, changes nothing, with either
    O(mobotix.move_nvr.default_connection#module:state).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
notes:
  - The passwords are left out of RV(config), not shown as C(********) - given back to
    M(mobotix.move_nvr.default_connection), a password that is not given keeps the NVR's, with every state, while
    C(********) is refused as a password.
  - For the passwords vault-encrypted, use M(mobotix.move_nvr.nvr_info) with
    O(mobotix.move_nvr.nvr_info#module:gather_subset=[default_connection]) and
    O(mobotix.move_nvr.nvr_info#module:secrets=vault).
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.default_connection
'''

EXAMPLES = r'''
- name: Read the default camera credentials
  mobotix.move_nvr.default_connection_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr_defaults

- name: Fail when an NVR adds the cameras it finds by itself
  ansible.builtin.assert:
    that: not nvr_defaults.config.auto_add
    fail_msg: "{{ inventory_hostname }} adds cameras automatically"
'''

RETURN = r'''
config:
  description:
    - The settings, as options of M(mobotix.move_nvr.default_connection), the camera types sorted, without
      passwords.
  returned: success
  type: dict
  sample:
    auto_add: false
    auto_refresh: false
    auto_refresh_time: 120
    defaults:
      - {type: 0, username: Admin}
      - {type: 2, username: Admin}
      - {type: 3, username: Admin}
supported_types:
  description: The camera types the NVR supports (its C(support_cam)), sorted; the types O(mobotix.move_nvr.default_connection#module:defaults[].type) may add.
  returned: success
  type: list
  elements: int
  sample: [0, 1, 3, 12]
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.default_connection import (
    RESOURCE, DefaultConnectionInfoTask)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = DefaultConnectionInfoTask(RESOURCE)
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
