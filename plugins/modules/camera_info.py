#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: camera_info
short_description: Read the camera connections of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Returns the cameras connected to the NVR in the form of the options of M(mobotix.move_nvr.camera).
  - RV(config), given back to M(mobotix.move_nvr.camera) as its options, changes nothing, with any
    O(mobotix.move_nvr.camera#module:state) but V(deleted).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
notes:
  - Passwords are left out of RV(config), not shown as C(********) - given back to M(mobotix.move_nvr.camera), a password
    that is not given keeps the NVR's, with every state, while C(********) is refused as a password.
  - For the passwords vault-encrypted, use M(mobotix.move_nvr.nvr_info) with
    O(mobotix.move_nvr.nvr_info#module:gather_subset=[camera]) and O(mobotix.move_nvr.nvr_info#module:secrets=vault).
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.camera
'''

EXAMPLES = r'''
- name: Read the connected cameras
  mobotix.move_nvr.camera_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr_cameras

- name: Show which channel records which camera
  ansible.builtin.debug:
    msg: "{{ nvr_cameras.config.cameras | items2dict(key_name='channel', value_name='ip') }}"
'''

RETURN = r'''
config:
  description:
    - The connected cameras, as options of M(mobotix.move_nvr.camera), sorted by channel, without
      passwords. A channel without a camera is not listed.
  returned: success
  type: dict
  sample:
    cameras:
      - channel: 0
        ip: 192.168.6.142
        http_port: 80
        rtsp_port: 554
        protocol: RTP+RTSP
        username: Admin
        model: ""
        title: NewDevice
        type: 1
        mac: ""
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.camera import RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = InfoTask(RESOURCE)
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
