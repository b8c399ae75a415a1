#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: record_config_info
short_description: Read the recording configuration of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Returns the NVR's recording configuration in the form of the options of M(mobotix.move_nvr.record_config).
  - The ranges the NVR reports beside the values (its C(min) and C(max)) are not returned.
  - RV(config), given back to M(mobotix.move_nvr.record_config) as its options, changes nothing, with either
    O(mobotix.move_nvr.record_config#module:state).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.record_config
'''

EXAMPLES = r'''
- name: Read the recording configuration
  mobotix.move_nvr.record_config_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr_record

- name: Fail when the NVR keeps video longer than the 31 days the policy allows
  ansible.builtin.assert:
    that: nvr_record.config.retention_days <= 31
    fail_msg: "{{ inventory_hostname }} keeps video for {{ nvr_record.config.retention_days }} days"
'''

RETURN = r'''
config:
  description: The recording configuration, as options of M(mobotix.move_nvr.record_config).
  returned: success
  type: dict
  sample:
    retention_days: 60
    circular: true
    pre_alarm: {enabled: true, seconds: 0}
    post_alarm: {enabled: true, seconds: 15}
    edge_archiver_interval: 15
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.record_config import RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = InfoTask(RESOURCE)
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
