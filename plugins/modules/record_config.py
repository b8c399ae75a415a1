#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: record_config
short_description: Manage the recording configuration of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Reads the NVR's recording configuration (retention, circular recording, pre- and post-alarm recording, edge
    archive interval), compares it with the options given and writes it only when it differs.
  - Fields of the device's settings that this module does not manage, such as the ranges the NVR reports and the
    other settings of circular recording, are sent back as the device reported them.
  - Before any write, O(retention_days), O(pre_alarm.seconds) and O(post_alarm.seconds) are checked against the
    range the NVR reports beside each of them (its C(min) and C(max)), and O(edge_archiver_interval) against the
    range 0 to 3600.
  - A suboption not given keeps its current value (O(state=merged)) or returns to the factory setting
    (O(state=replaced)).
  - Factory settings are 30 days of retention, circular recording on, pre-alarm recording on with 0 seconds,
    post-alarm recording on with 15 seconds, and an edge archive interval of 15 seconds.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  retention_days:
    description:
      - Days the NVR keeps recordings (the device's C(data_life_time)).
      - Checked against the range the NVR reports, for example 0 to 60.
    type: int
  circular:
    description:
      - Circular recording, in which the NVR overwrites its oldest recordings when the disks are full.
    type: bool
  pre_alarm:
    description:
      - Recording of the time before an event.
    type: dict
    suboptions:
      enabled:
        description:
          - Record before an event.
        type: bool
      seconds:
        description:
          - Seconds recorded before an event.
          - Checked against the range the NVR reports, for example 0 to 120.
        type: int
  post_alarm:
    description:
      - Recording of the time after an event.
    type: dict
    suboptions:
      enabled:
        description:
          - Record after an event.
        type: bool
      seconds:
        description:
          - Seconds recorded after an event.
          - Checked against the range the NVR reports, for example 15 to 120.
        type: int
  edge_archiver_interval:
    description:
      - Seconds between two checks of the cameras' edge archive, 0 to 3600.
    type: int
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.config
seealso:
  - module: mobotix.move_nvr.record_config_info
  - module: mobotix.move_nvr.record_template
'''

EXAMPLES = r'''
- name: Keep 31 days of video (retention policy SEC-07), with context around every event
  mobotix.move_nvr.record_config:
    nvr_host: "{{ ansible_host }}"
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    retention_days: 31
    circular: true
    pre_alarm:
      enabled: true
      seconds: 10
    post_alarm:
      enabled: true
      seconds: 30
    edge_archiver_interval: 300

- name: Lengthen the post-alarm recording only, keep everything else
  mobotix.move_nvr.record_config:
    post_alarm:
      seconds: 60

- name: Factory settings, except a retention of 14 days (data protection)
  mobotix.move_nvr.record_config:
    retention_days: 14
    state: replaced

- name: Report retention drift across the fleet without changing anything
  mobotix.move_nvr.record_config:
    retention_days: 31
    circular: true
  check_mode: true
  diff: true
  register: record_drift
'''

RETURN = r'''
config:
  description: The recording configuration after the run (in check mode, as it would be).
  returned: success
  type: dict
  sample:
    retention_days: 31
    circular: true
    pre_alarm: {enabled: true, seconds: 10}
    post_alarm: {enabled: true, seconds: 30}
    edge_archiver_interval: 300
requests:
  description:
    - The write requests sent (in check mode, that would be sent).
    - The body is the device's own form, with the ranges it reported sent back unchanged.
  returned: success
  type: list
  elements: dict
  sample:
    - method: POST
      path: /record/config
      body:
        data_life_time: {cur: 31, max: 60, min: 0}
        edge_archiver_interval: 300
        record_circular: {enable: true}
        record_post_alarm: {cur: 30, enable: true, max: 120, min: 15}
        record_pre_alarm: {cur: 10, enable: true, max: 120, min: 0}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.record_config import ARGUMENT_SPEC, RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ConfigTask(RESOURCE)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
