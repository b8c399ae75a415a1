#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: event_action_info
short_description: Read what a MOBOTIX MOVE NVR does on motion, video loss and alarm inputs
version_added: 1.0.0
description:
  - Returns the NVR's event actions - the default for new cameras, motion and video loss of each camera connected,
    and each of the NVR's alarm inputs - in the form of the options of M(mobotix.move_nvr.event_action).
  - RV(config), given back to M(mobotix.move_nvr.event_action) as its options, changes nothing, with either
    O(mobotix.move_nvr.event_action#module:state).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.event_action
'''

EXAMPLES = r'''
- name: Read the event actions
  mobotix.move_nvr.event_action_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr_events

- name: List the alarm inputs that are switched on
  ansible.builtin.debug:
    msg: "{{ nvr_events.config.alarm_inputs | selectattr('enabled') | map(attribute='input') | list }}"

- name: Fail when a camera does not report video loss
  ansible.builtin.assert:
    that: item.video_loss.enabled
    fail_msg: "camera on channel {{ item.channel }} does not report video loss"
  loop: "{{ nvr_events.config.cameras }}"
  loop_control:
    label: "{{ item.channel }}"
'''

RETURN = r'''
config:
  description:
    - The event actions, as options of M(mobotix.move_nvr.event_action). C(cameras) lists every camera connected,
      sorted by channel, and C(alarm_inputs) every alarm input of the NVR, sorted by number.
    - C(alarm_out) and C(channels) list 0-based numbers.
  returned: success
  type: dict
  sample:
    default: {enabled: false, send_email: false, snapshot: false, snapshot_size: CIF, alarm_out: []}
    cameras:
      - channel: 0
        motion: {enabled: true, send_email: false, snapshot: true, snapshot_size: CIF, alarm_out: [0, 1]}
        video_loss: {enabled: true, send_email: false, snapshot: true, snapshot_size: CIF, alarm_out: [1]}
    alarm_inputs:
      - {input: 0, enabled: false, send_email: false, snapshot: false, snapshot_size: CIF, alarm_out: [], channels: []}
      - {input: 1, enabled: false, send_email: false, snapshot: false, snapshot_size: CIF, alarm_out: [], channels: []}
      - {input: 2, enabled: false, send_email: false, snapshot: false, snapshot_size: CIF, alarm_out: [], channels: []}
      - {input: 3, enabled: false, send_email: false, snapshot: false, snapshot_size: CIF, alarm_out: [], channels: []}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.event_action import RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = InfoTask(RESOURCE)
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
