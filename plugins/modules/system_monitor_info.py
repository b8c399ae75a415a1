#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: system_monitor_info
short_description: Read the system monitor alarms of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Returns what the NVR does when one of its health monitors raises an alarm, in the form of the options of
    M(mobotix.move_nvr.system_monitor).
  - Alarm outputs are given as 0-based numbers; output V(0) is the GUI's C(Alarm 1).
  - RV(config), given back to M(mobotix.move_nvr.system_monitor) as its options, changes nothing, with either
    O(mobotix.move_nvr.system_monitor#module:state).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.system_monitor
'''

EXAMPLES = r'''
- name: Read the system monitor alarms
  mobotix.move_nvr.system_monitor_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr_monitor

- name: Fail when a failed disk would go unnoticed
  ansible.builtin.assert:
    that: >-
      nvr_monitor.config.disk_failed.send_email
      or nvr_monitor.config.disk_failed.alarm_out | length > 0
    fail_msg: "{{ inventory_hostname }} neither mails nor switches an alarm output on a failed disk"
'''

RETURN = r'''
config:
  description:
    - The system monitor settings, as options of M(mobotix.move_nvr.system_monitor), one entry per monitor of the NVR.
    - C(alarm_out) lists the 0-based numbers of the alarm outputs switched on.
  returned: success
  type: dict
  sample:
    cpu_fan: {threshold: 200, send_email: true, alarm_out: []}
    cpu_temperature: {threshold: 80, send_email: true, alarm_out: [0]}
    disk_failed: {threshold: 0, send_email: true, alarm_out: []}
    disk_full: {threshold: 0, send_email: true, alarm_out: []}
    disk_slow: {threshold: 0, send_email: true, alarm_out: []}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.system_monitor import RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = InfoTask(RESOURCE)
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
