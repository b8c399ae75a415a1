#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: event_action
short_description: Manage what a MOBOTIX MOVE NVR does on motion, video loss and alarm inputs
version_added: 1.0.0
description:
  - Reads what the NVR does when an event happens - motion or video loss on a camera, a contact closing on one of
    its own alarm inputs - compares it with the options given and writes it only when it differs.
  - Each event can be switched on or off (C(enabled)) and, when on, make the NVR send an alarm email (the SMTP
    settings are those of M(mobotix.move_nvr.email)), take a snapshot of a given size and switch on any of its
    alarm outputs. An alarm input also marks the channels given with the alarm-in icon.
  - O(cameras) and O(alarm_inputs) are lists identified by O(cameras[].channel) and O(alarm_inputs[].input); their
    order, and the order of the numbers in them, do not matter.
  - With O(state=merged) only the cameras and alarm inputs given change, and of them only the options given.
  - With O(state=replaced) the cameras and alarm inputs not given, the options not given, and O(default) when not
    given, go back to the factory setting - an event that does nothing - trigger off, no email, no snapshot, the
    first snapshot size the NVR lists (V(CIF) on a new NVR), no alarm output and, for an alarm input, no channel.
  - Fields of the device's settings that this module does not manage are sent back as the device reported them,
    and booleans are sent the way the NVR reported them (V(true)/V(false) or V(1)/V(0)).
  - 'Before any write, the module checks what the NVR would refuse: each channel in O(cameras) has a camera
    connected, each alarm input is below the number of alarm inputs of the NVR (C(num_alarm) of
    C(/information/version)), each alarm output below the number of alarm outputs (C(num_relay)), each channel in
    O(alarm_inputs[].channels) below the number of channels (C(num_ch)), and each snapshot size is one the NVR lists
    (C(snapshot_size_list)).'
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  default:
    description:
      - The event actions a camera gets when it is connected to the NVR. Changing them does not change the cameras
        already connected.
    type: dict
    suboptions:
      enabled:
        description:
          - Trigger the event, so that it is recorded and its actions run.
        type: bool
      send_email:
        description:
          - Send an alarm email when the event happens.
        type: bool
      snapshot:
        description:
          - Take a snapshot when the event happens.
        type: bool
      snapshot_size:
        description:
          - Size of the snapshot, one the NVR lists, V(CIF), V(D1) or V(OriginalSize) on the NVRs known so far.
        type: str
      alarm_out:
        description:
          - Alarm outputs to switch on when the event happens, 0-based. Output V(0) is the GUI's C(Alarm 1).
          - Each must be below the number of alarm outputs the NVR reports (C(num_relay)). An empty list switches no
            output.
        type: list
        elements: int
  cameras:
    description:
      - The event actions of the cameras, each identified by O(cameras[].channel). Only channels with a camera
        connected have them.
    type: list
    elements: dict
    suboptions:
      channel:
        description:
          - Channel number of the camera, 0-based (V(0) is C(ch0), the GUI's first channel).
        type: int
        required: true
      motion:
        description:
          - What to do when the camera detects motion.
        type: dict
        suboptions:
          enabled:
            description:
              - Trigger the event, so that it is recorded and its actions run.
            type: bool
          send_email:
            description:
              - Send an alarm email when the event happens.
            type: bool
          snapshot:
            description:
              - Take a snapshot when the event happens.
            type: bool
          snapshot_size:
            description:
              - Size of the snapshot, one the NVR lists, V(CIF), V(D1) or V(OriginalSize) on the NVRs known so far.
            type: str
          alarm_out:
            description:
              - Alarm outputs to switch on when the event happens, 0-based. Output V(0) is the GUI's C(Alarm 1).
              - Each must be below the number of alarm outputs the NVR reports (C(num_relay)). An empty list switches no
                output.
            type: list
            elements: int
      video_loss:
        description:
          - What to do when the NVR loses the camera's video.
        type: dict
        suboptions:
          enabled:
            description:
              - Trigger the event, so that it is recorded and its actions run.
            type: bool
          send_email:
            description:
              - Send an alarm email when the event happens.
            type: bool
          snapshot:
            description:
              - Take a snapshot when the event happens.
            type: bool
          snapshot_size:
            description:
              - Size of the snapshot, one the NVR lists, V(CIF), V(D1) or V(OriginalSize) on the NVRs known so far.
            type: str
          alarm_out:
            description:
              - Alarm outputs to switch on when the event happens, 0-based. Output V(0) is the GUI's C(Alarm 1).
              - Each must be below the number of alarm outputs the NVR reports (C(num_relay)). An empty list switches no
                output.
            type: list
            elements: int
  alarm_inputs:
    description:
      - The event actions of the NVR's own alarm inputs (door contacts, PIR sensors, ...), each identified by
        O(alarm_inputs[].input).
    type: list
    elements: dict
    suboptions:
      input:
        description:
          - Alarm input number, 0-based (V(0) is C(alarm_in_0), the GUI's first alarm input). It must be below the
            number of alarm inputs the NVR reports (C(num_alarm)).
        type: int
        required: true
      enabled:
        description:
          - Trigger the event when the input's contact changes, so that it is recorded and its actions run.
        type: bool
      send_email:
        description:
          - Send an alarm email when the event happens.
        type: bool
      snapshot:
        description:
          - Take a snapshot when the event happens.
        type: bool
      snapshot_size:
        description:
          - Size of the snapshot, one the NVR lists, V(CIF), V(D1) or V(OriginalSize) on the NVRs known so far.
        type: str
      alarm_out:
        description:
          - Alarm outputs to switch on when the event happens, 0-based. Output V(0) is the GUI's C(Alarm 1).
          - Each must be below the number of alarm outputs the NVR reports (C(num_relay)). An empty list switches no
            output.
        type: list
        elements: int
      channels:
        description:
          - Channels, 0-based, that show the alarm-in icon when the event happens (the NVR's C(channel_map)).
          - Each must be below the number of channels the NVR reports (C(num_ch)). An empty list marks no channel.
        type: list
        elements: int
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.config
seealso:
  - module: mobotix.move_nvr.event_action_info
  - module: mobotix.move_nvr.email
  - module: mobotix.move_nvr.record_config
'''

EXAMPLES = r'''
- name: The back door's contact on alarm input 0 mails the SOC, snaps the door camera and sounds the siren
  mobotix.move_nvr.event_action:
    nvr_host: "{{ ansible_host }}"
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    alarm_inputs:
      - input: 0
        enabled: true
        send_email: true
        snapshot: true
        snapshot_size: D1
        alarm_out: [0]
        channels: [3]

- name: Motion on the loading dock cameras is recorded and mailed; a lost camera switches "Alarm 2"
  mobotix.move_nvr.event_action:
    cameras:
      - channel: 1
        motion: {enabled: true, send_email: true, snapshot: true, snapshot_size: OriginalSize}
        video_loss: {enabled: true, send_email: true, alarm_out: [1]}
      - channel: 2
        motion: {enabled: true, send_email: true, snapshot: true, snapshot_size: OriginalSize}
        video_loss: {enabled: true, send_email: true, alarm_out: [1]}

- name: Cameras connected from now on report motion and video loss by email
  mobotix.move_nvr.event_action:
    default:
      enabled: true
      send_email: true

- name: Site baseline - everything not listed does nothing
  mobotix.move_nvr.event_action:
    default: {enabled: true, send_email: true}
    cameras:
      - channel: 0
        motion: {enabled: true}
        video_loss: {enabled: true, send_email: true}
    alarm_inputs:
      - {input: 0, enabled: true, send_email: true, channels: [0]}
    state: replaced
'''

RETURN = r'''
config:
  description:
    - The event actions after the run (in check mode, as they would be). C(cameras) lists every camera connected,
      sorted by channel, and C(alarm_inputs) every alarm input of the NVR, sorted by number.
    - C(alarm_out) and C(channels) list 0-based numbers.
  returned: success
  type: dict
  sample:
    default: {enabled: true, send_email: true, snapshot: false, snapshot_size: CIF, alarm_out: []}
    cameras:
      - channel: 0
        motion: {enabled: true, send_email: false, snapshot: false, snapshot_size: CIF, alarm_out: []}
        video_loss: {enabled: true, send_email: true, snapshot: false, snapshot_size: CIF, alarm_out: []}
    alarm_inputs:
      - {input: 0, enabled: true, send_email: true, snapshot: true, snapshot_size: D1, alarm_out: [0], channels: [3]}
      - {input: 1, enabled: false, send_email: false, snapshot: false, snapshot_size: CIF, alarm_out: [], channels: []}
requests:
  description:
    - The write requests sent (in check mode, that would be sent).
    - The body is the device's whole object, with C(alarm_out) one flag per alarm output and C(channel_map) one
      flag per channel.
  returned: success
  type: list
  elements: dict
  sample:
    - method: POST
      path: /setup/event_action_config
      body:
        camera:
          ch0:
            ch: 0
            ip: 192.0.2.10
            event:
              motion: {alarm_out: [false, false], event_trigger: true, send_email: false, snapshot_size: CIF, take_snapshot: false}
              vloss: {alarm_out: [false, false], event_trigger: true, send_email: true, snapshot_size: CIF, take_snapshot: false}
        camera_list: [ch0]
        default: {alarm_out: [false, false], event_trigger: true, send_email: true, snapshot_size: CIF, take_snapshot: false}
        nvr:
          nvr0:
            indx: 0
            event:
              alarm_in_0:
                alarm_out: [true, false]
                channel_map: [false, false, false, true, false, false, false, false]
                event_trigger: true
                indx: 0
                send_email: true
                snapshot_size: D1
                take_snapshot: true
        nvr_list: [nvr0]
        snapshot_size_list: [CIF, D1, OriginalSize]
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.event_action import ARGUMENT_SPEC, RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ConfigTask(RESOURCE)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
