#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: email_info
short_description: Read the SMTP email settings of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Returns the NVR's SMTP settings in the form of the options of M(mobotix.move_nvr.email).
  - RV(config), given back to M(mobotix.move_nvr.email) as its options, changes nothing, with either
    O(mobotix.move_nvr.email#module:state).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
notes:
  - The password is left out of RV(config), not shown as C(********) - given back to M(mobotix.move_nvr.email), a password
    that is not given keeps the NVR's, with every state, while C(********) is refused as a password.
  - For the password vault-encrypted, use M(mobotix.move_nvr.nvr_info) with
    O(mobotix.move_nvr.nvr_info#module:gather_subset=[email]) and O(mobotix.move_nvr.nvr_info#module:secrets=vault).
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.email
'''

EXAMPLES = r'''
- name: Read the email settings
  mobotix.move_nvr.email_info:
    nvr_host: nvr01.example.com
    nvr_username: admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr_email

- name: Show the recipients
  ansible.builtin.debug:
    var: nvr_email.config.recipients
'''

RETURN = r'''
config:
  description: The email settings, as options of M(mobotix.move_nvr.email), without the password.
  returned: success
  type: dict
  sample:
    provider: gmail
    server: smtp.gmail.com
    port: 465
    ssl: true
    account: ""
    recipients: []
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.email import RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = InfoTask(RESOURCE)
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
