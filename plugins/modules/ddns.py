#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: ddns
short_description: Manage the DDNS settings of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Reads the NVR's dynamic DNS (DDNS) settings, compares them with the options given and writes them only when they differ.
  - Fields of the device's settings that this module does not manage, such as the read-only C(refresh_status) and
    C(server_list), are sent back as the device reported them.
  - The password is compared by decrypting what the NVR returns, so a second run with the same password reports no change.
  - Before any write, O(server) is checked against the DDNS services the NVR reports (its C(server_list)), and
    O(port) against the range 1 to 65535.
  - With O(state=replaced), every option not given returns to the factory setting, which is DDNS off, V(DynDNS),
    an empty O(hostname), O(username) and O(password), and O(port=80).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  enabled:
    description:
      - Register the NVR's address with the DDNS service.
    type: bool
  server:
    description:
      - DDNS service the NVR registers with.
      - Checked against the services the NVR reports it supports.
    type: str
    choices: [DynDNS, ChangeIP, NoIP]
  hostname:
    description:
      - Host name registered at the DDNS service, for example V(nvr-lobby.dyndns.org).
    type: str
  username:
    description:
      - Account at the DDNS service.
    type: str
  password:
    description:
      - Password of O(username). Shown as C(********) in every output.
      - Not given, the NVR's password is kept, with every O(state), V(replaced) included.
      - An empty string removes the password.
      - The placeholders that outputs show in place of a password - V(********), V(******** (changed\)) and
        V(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER) - are refused before anything is read or written.
    type: str
  port:
    description:
      - Port of the DDNS setting (the device's C(port) field), 1 to 65535. V(80) on a new NVR.
    type: int
notes:
  - O(state=replaced) returns every option not given to its factory value except O(password) - a password is
    only changed when given, so the RV(mobotix.move_nvr.ddns_info#module:config) of M(mobotix.move_nvr.ddns_info),
    which leaves it out, given back to this module changes nothing.
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.config
seealso:
  - module: mobotix.move_nvr.ddns_info
'''

EXAMPLES = r'''
- name: Publish the NVR's address through the company's DynDNS account
  mobotix.move_nvr.ddns:
    nvr_host: "{{ ansible_host }}"
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    enabled: true
    server: DynDNS
    hostname: "{{ inventory_hostname_short }}.acme-security.dyndns.org"
    username: acme-security
    password: "{{ vault_dyndns_password }}"
    port: 80

- name: Rotate the DDNS password only, keep everything else
  mobotix.move_nvr.ddns:
    password: "{{ vault_dyndns_password_2026 }}"

- name: Security baseline - no DDNS on NVRs that are reached through the VPN
  mobotix.move_nvr.ddns:
    enabled: false
    state: replaced

- name: Report DDNS drift without changing anything
  mobotix.move_nvr.ddns:
    enabled: true
    server: NoIP
    hostname: branch-07.example.ddns.net
  check_mode: true
  diff: true
  register: ddns_drift
'''

RETURN = r'''
config:
  description: The DDNS settings after the run (in check mode, as they would be), the password as C(********).
  returned: success
  type: dict
  sample:
    enabled: true
    server: DynDNS
    hostname: nvr-lobby.acme-security.dyndns.org
    username: acme-security
    password: "********"
    port: 80
requests:
  description: The write requests sent (in check mode, that would be sent), passwords as C(********).
  returned: success
  type: list
  elements: dict
  sample:
    - method: POST
      path: /setup/ddns_config
      body:
        enabled: true
        hostname: nvr-lobby.acme-security.dyndns.org
        password: "********"
        port: 80
        refresh_status: Success.
        server_list: [DynDNS, ChangeIP, NoIP]
        server_name: DynDNS
        username: acme-security
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.ddns import ARGUMENT_SPEC, RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ConfigTask(RESOURCE)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
