#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: default_connection
short_description: Manage the default camera credentials of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Reads the NVR's default connection settings (C(/setup/default_connection_info)) - per camera type, the account
    and password the NVR connects a camera of that type with, and the automatic adding and refresh of cameras -,
    compares them with the options given and writes them only when they differ.
  - Rotating the password that a fleet's NVRs use for new cameras is one task with this module.
  - Passwords are compared by decrypting what the NVR returns, so a second run with the same passwords reports no
    change. They are encrypted in the request, as the NVR expects, and shown as C(********) in every output.
  - Before any write, each camera type that is added or changed is checked against the types the NVR supports
    (its C(support_cam)), and O(auto_refresh_time) must be at least 1 second.
  - The write is the complete object - every camera type the NVR has, changed or not, and the automatic adding and
    refresh settings -, each value the run does not change sent back as the NVR reported it, fields this module
    does not know included. So it works with an NVR that resets what a request leaves out and with one that keeps
    it. The reply is not used (the manual shows its passwords in clear); the settings are read again.
  - The manual's request carries C(device_default_list) only. An NVR that refuses the request for one of the
    C(auto_*) fields, in a run that changes none of them, is sent the list alone once more (RV(requests) of the
    apply then shows that request, check mode the first one); in a run that changes one, its refusal is the
    task's failure. An NVR that accepts the request but then reports a value other than the one sent (it ignored
    that field) fails the task, naming the option - never a change that did not happen.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  defaults:
    description:
      - The account per camera type, each identified by O(defaults[].type).
      - A camera type not listed is kept as the NVR has it, with every O(state) - the NVR has no request that
        removes one.
    type: list
    elements: dict
    suboptions:
      type:
        description:
          - The camera type (the manual's device type index), for example V(1).
          - A type the NVR does not have yet must be one it supports (C(support_cam), see
            RV(mobotix.move_nvr.default_connection_info#module:supported_types)); listing it adds it.
        type: int
        required: true
      username:
        description:
          - Account the NVR logs in to a camera of this type with.
          - Not given, a type the NVR has keeps its account (O(state=merged)) or gets V(Admin)
            (O(state=replaced), and for a type added).
        type: str
      password:
        description:
          - Password of O(defaults[].username). Shown as C(********) in every output.
          - Not given, the NVR's password of that type is kept, with every O(state), V(replaced) included; a type
            added without one has none.
          - An empty string removes the password.
          - The placeholders that outputs show in place of a password - V(********), V(******** (changed\)) and
            V(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER) - are refused before anything is read or written.
        type: str
  auto_add:
    description:
      - Add the cameras the NVR finds on its network automatically (the device's C(auto_add)).
      - V(false) on a new NVR.
    type: bool
  auto_refresh:
    description:
      - Refresh the NVR's list of cameras on its network periodically (the device's C(auto_refresh)).
      - V(false) on a new NVR.
    type: bool
  auto_refresh_time:
    description:
      - Seconds between two refreshes of that list, at least 1; the NVR may accept fewer values (the emulator takes
        10 to 86400) and refuses the others with its own message.
      - V(120) on a new NVR.
    type: int
  state:
    description:
      - V(merged) lays the options given over the NVR's settings; each type listed in O(defaults) is merged into
        the NVR's entry of that type.
      - V(replaced) returns O(auto_add), O(auto_refresh) and O(auto_refresh_time) to their factory values (V(false),
        V(false), V(120)) unless given, and sets each type listed wholly (O(defaults[].username) not given is
        V(Admin)). Passwords not given are kept; types not listed are kept.
    type: str
    choices: [merged, replaced]
    default: merged
notes:
  - The camera types are the device type indexes of the manual's camera API; which number is which camera family
    the manual does not say. M(mobotix.move_nvr.default_connection_info) returns the types the NVR supports.
  - M(mobotix.move_nvr.camera) always sends the account and password of the cameras it connects, so these defaults
    matter to cameras connected by other means (the NVR's own automatic adding, its web interface).
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.config
seealso:
  - module: mobotix.move_nvr.default_connection_info
  - module: mobotix.move_nvr.camera
'''

EXAMPLES = r'''
- name: Rotate the password the NVRs connect new cameras of type 1 with
  mobotix.move_nvr.default_connection:
    nvr_host: "{{ ansible_host }}"
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    defaults:
      - type: 1
        username: admin
        password: "{{ vault_camera_password_2026 }}"

- name: No automatic adding of cameras, every setting not given back to its factory value
  mobotix.move_nvr.default_connection:
    auto_add: false
    state: replaced

- name: Show what would change, without changing anything
  mobotix.move_nvr.default_connection:
    auto_refresh: true
    auto_refresh_time: 300
  check_mode: true
  diff: true
'''

RETURN = r'''
config:
  description: The settings after the run (in check mode, as they would be), passwords as C(********).
  returned: success
  type: dict
  sample:
    auto_add: false
    auto_refresh: true
    auto_refresh_time: 300
    defaults:
      - {type: 0, username: Admin, password: "********"}
      - {type: 1, username: admin, password: "********"}
requests:
  description: The write requests sent (in check mode, that would be sent), passwords as C(********).
  returned: success
  type: list
  elements: dict
  sample:
    - method: POST
      path: /setup/default_connection_info
      body:
        auto_add: false
        auto_refresh: true
        auto_refresh_time: 300
        device_default_list:
          - {account: Admin, password: "********", type: 0}
          - {account: admin, password: "********", type: 1}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.default_connection import ARGUMENT_SPEC, RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ConfigTask(RESOURCE)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
