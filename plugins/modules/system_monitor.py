#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: system_monitor
short_description: Manage the system monitor alarms of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Reads what the NVR does when one of its health monitors raises an alarm (CPU fan, CPU temperature, a failed,
    full or slow disk), compares it with the options given and writes it only when it differs.
  - For each monitor the NVR can send an alarm email (the SMTP settings are those of M(mobotix.move_nvr.email)) and
    switch on any of its alarm outputs.
  - A monitor not given, and a suboption not given, keep their current value (O(state=merged)) or return to the
    factory setting (O(state=replaced)).
  - Factory settings are CPU fan V(200) RPM, CPU temperature V(80) C with alarm output V(0), and for every monitor
    an alarm email and no other alarm output.
  - Fields of the device's settings that this module does not manage are sent back as the device reported them.
  - Before any write, each monitor given is checked against the monitors the NVR has, each alarm output number
    against the number of alarm outputs the NVR reports (C(num_relay) of C(/information/version)), and each
    threshold against the range of its monitor.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  cpu_fan:
    description:
      - Alarm on the speed of the CPU fan.
    type: dict
    suboptions:
      threshold:
        description:
          - Fan speed threshold, in RPM, 0 to 10000. V(200) on a new NVR.
        type: int
      send_email:
        description:
          - Send an alarm email when this alarm is raised.
        type: bool
      alarm_out:
        description:
          - Alarm outputs to switch on when this alarm is raised, 0-based. Output V(0) is the GUI's C(Alarm 1).
          - Each must be below the number of alarm outputs the NVR reports (C(num_relay)).
          - The order does not matter. An empty list switches no output.
        type: list
        elements: int
  cpu_temperature:
    description:
      - Alarm on the temperature of the CPU.
    type: dict
    suboptions:
      threshold:
        description:
          - Temperature threshold, in degrees Celsius, 0 to 100. V(80) on a new NVR.
        type: int
      send_email:
        description:
          - Send an alarm email when this alarm is raised.
        type: bool
      alarm_out:
        description:
          - Alarm outputs to switch on when this alarm is raised, 0-based. Output V(0) is the GUI's C(Alarm 1).
          - Each must be below the number of alarm outputs the NVR reports (C(num_relay)).
          - The order does not matter. An empty list switches no output.
        type: list
        elements: int
  disk_failed:
    description:
      - Alarm when a disk has failed.
    type: dict
    suboptions:
      threshold:
        description:
          - Unused by the NVR (the manual says so of the disk thresholds). The module keeps the NVR's value whatever is
            given, and warns when another value is given.
        type: int
      send_email:
        description:
          - Send an alarm email when this alarm is raised.
        type: bool
      alarm_out:
        description:
          - Alarm outputs to switch on when this alarm is raised, 0-based. Output V(0) is the GUI's C(Alarm 1).
          - Each must be below the number of alarm outputs the NVR reports (C(num_relay)).
          - The order does not matter. An empty list switches no output.
        type: list
        elements: int
  disk_full:
    description:
      - Alarm when a disk is full.
    type: dict
    suboptions:
      threshold:
        description:
          - Unused by the NVR (the manual says so of the disk thresholds). The module keeps the NVR's value whatever is
            given, and warns when another value is given.
        type: int
      send_email:
        description:
          - Send an alarm email when this alarm is raised.
        type: bool
      alarm_out:
        description:
          - Alarm outputs to switch on when this alarm is raised, 0-based. Output V(0) is the GUI's C(Alarm 1).
          - Each must be below the number of alarm outputs the NVR reports (C(num_relay)).
          - The order does not matter. An empty list switches no output.
        type: list
        elements: int
  disk_slow:
    description:
      - Alarm when a disk is slow.
    type: dict
    suboptions:
      threshold:
        description:
          - Unused by the NVR (the manual says so of the disk thresholds). The module keeps the NVR's value whatever is
            given, and warns when another value is given.
        type: int
      send_email:
        description:
          - Send an alarm email when this alarm is raised.
        type: bool
      alarm_out:
        description:
          - Alarm outputs to switch on when this alarm is raised, 0-based. Output V(0) is the GUI's C(Alarm 1).
          - Each must be below the number of alarm outputs the NVR reports (C(num_relay)).
          - The order does not matter. An empty list switches no output.
        type: list
        elements: int
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.config
seealso:
  - module: mobotix.move_nvr.system_monitor_info
  - module: mobotix.move_nvr.email
  - module: mobotix.move_nvr.event_action
'''

EXAMPLES = r'''
- name: Health alarms to the SOC mailbox, disk failures also ring the control room siren
  mobotix.move_nvr.system_monitor:
    nvr_host: "{{ ansible_host }}"
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    cpu_temperature:
      threshold: 70
      send_email: true
      alarm_out: [0]
    cpu_fan:
      threshold: 500
      send_email: true
      alarm_out: []
    disk_failed:
      send_email: true
      alarm_out: [0, 1]
    disk_full:
      send_email: true
    disk_slow:
      send_email: true

- name: Only lower the temperature threshold in the hot server room, keep everything else
  mobotix.move_nvr.system_monitor:
    cpu_temperature:
      threshold: 65

- name: Factory settings, except that a failed disk also switches on "Alarm 2" (output 1)
  mobotix.move_nvr.system_monitor:
    disk_failed:
      alarm_out: [1]
    state: replaced

- name: Audit the whole fleet against the baseline without changing anything
  mobotix.move_nvr.system_monitor:
    cpu_temperature: {threshold: 70, send_email: true, alarm_out: [0]}
    disk_failed: {send_email: true, alarm_out: [0, 1]}
  check_mode: true
  diff: true
  register: monitor_drift
'''

RETURN = r'''
config:
  description:
    - The system monitor settings after the run (in check mode, as they would be), one entry per monitor of the NVR.
    - C(alarm_out) lists the 0-based numbers of the alarm outputs switched on.
  returned: success
  type: dict
  sample:
    cpu_fan: {threshold: 500, send_email: true, alarm_out: []}
    cpu_temperature: {threshold: 70, send_email: true, alarm_out: [0]}
    disk_failed: {threshold: 0, send_email: true, alarm_out: [0, 1]}
    disk_full: {threshold: 0, send_email: true, alarm_out: []}
    disk_slow: {threshold: 0, send_email: true, alarm_out: []}
requests:
  description:
    - The write requests sent (in check mode, that would be sent).
    - The body is the device's own form, with C(alarm_out) as one flag per alarm output.
  returned: success
  type: list
  elements: dict
  sample:
    - method: POST
      path: /setup/system_monitor_config
      body:
        system_monitor_setting:
          cpu_fan: {alarm_out: [false, false], send_email: true, threshold: 500}
          cpu_temperature: {alarm_out: [true, false], send_email: true, threshold: 70}
          disk_failed: {alarm_out: [true, true], send_email: true, threshold: 0}
          disk_full: {alarm_out: [false, false], send_email: true, threshold: 0}
          disk_slow: {alarm_out: [false, false], send_email: true, threshold: 0}
        system_monitor_setting_list: [cpu_fan, cpu_temperature, disk_failed, disk_full, disk_slow]
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.system_monitor import ARGUMENT_SPEC, RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ConfigTask(RESOURCE)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
