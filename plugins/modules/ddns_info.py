#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: ddns_info
short_description: Read the DDNS settings of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Returns the NVR's dynamic DNS (DDNS) settings in the form of the options of M(mobotix.move_nvr.ddns).
  - The read-only fields C(refresh_status) and C(server_list) are not returned.
  - RV(config), given back to M(mobotix.move_nvr.ddns) as its options, changes nothing, with either
    O(mobotix.move_nvr.ddns#module:state).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
notes:
  - The password is left out of RV(config), not shown as C(********) - given back to M(mobotix.move_nvr.ddns), a password
    that is not given keeps the NVR's, with every state, while C(********) is refused as a password.
  - For the password vault-encrypted, use M(mobotix.move_nvr.nvr_info) with
    O(mobotix.move_nvr.nvr_info#module:gather_subset=[ddns]) and O(mobotix.move_nvr.nvr_info#module:secrets=vault).
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.ddns
'''

EXAMPLES = r'''
- name: Read the DDNS settings
  mobotix.move_nvr.ddns_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr_ddns

- name: Fail when an NVR publishes its address on the internet
  ansible.builtin.assert:
    that: not nvr_ddns.config.enabled
    fail_msg: "DDNS is on ({{ nvr_ddns.config.server }}: {{ nvr_ddns.config.hostname }})"
'''

RETURN = r'''
config:
  description: The DDNS settings, as options of M(mobotix.move_nvr.ddns), without the password.
  returned: success
  type: dict
  sample:
    enabled: false
    server: DynDNS
    hostname: ""
    username: ""
    port: 80
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.ddns import RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = InfoTask(RESOURCE)
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
