#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: factory_reset
short_description: Reset a MOBOTIX MOVE NVR to its factory defaults (destructive)
version_added: 1.0.0
description:
  - B(Destructive.) Sends C(/setup/load_default), which returns the NVR's configuration to its factory defaults -
    connected cameras, accounts, recording templates and settings, event actions, e-mail, DDNS, default camera
    credentials, time settings. It cannot be undone by this collection unless you have a backup (see
    C(playbooks/backup.yml)).
  - Refused before any request unless O(confirm=true).
  - Reads a summary of the current configuration first and returns it as RV(lost), so the task's result says what
    the NVR had before the reset.
  - Always reports a change. In check mode it reads the summary, reports C(changed=true) and writes nothing.
  - The manual does not say what the reset keeps. The emulator keeps the C(Admin) account and its password, the
    export files and the disks; a real NVR may also reset the administrator's password or its network settings, so
    plan to reach it at its factory address and password.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  confirm:
    description:
      - Must be V(true) for the reset to run; any other value fails the task before any request.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: In check mode the summary is read, C(changed) is true and nothing is written.
  diff_mode:
    support: none
    description: RV(lost) says what the reset erases.
  action_group:
    support: full
    membership: [mobotix.move_nvr.all]
    description: Use C(group/mobotix.move_nvr.all) in the C(module_defaults) keyword to set the connection options once.
extends_documentation_fragment:
  - mobotix.move_nvr.connection
seealso:
  - module: mobotix.move_nvr.nvr_info
'''

EXAMPLES = r'''
- name: Back up the NVR before it is decommissioned
  mobotix.move_nvr.nvr_info:
    secrets: vault
  register: before_reset

- name: Reset the NVR to its factory defaults
  mobotix.move_nvr.factory_reset:
    confirm: true
  register: reset

- name: Show what it had
  ansible.builtin.debug:
    var: reset.lost
'''

RETURN = r'''
lost:
  description: Summary of the configuration the NVR had before the reset (in check mode, has now). No passwords.
  returned: success
  type: dict
  contains:
    cameras:
      description: The connected cameras - channel, ip, title, model.
      type: list
      elements: dict
    accounts:
      description: The accounts - name and authority.
      type: list
      elements: dict
    record_templates:
      description: The recording templates' names and the channels a template was assigned to.
      type: dict
    email:
      description: The e-mail account, provider and recipients.
      type: dict
    ddns:
      description: Whether DDNS was on, its server, host name and user name.
      type: dict
    default_connection:
      description: The default camera account per camera type (no passwords).
      type: list
      elements: dict
    time:
      description: The NTP server and the time zone.
      type: dict
  sample:
    cameras: [{channel: 0, ip: 192.0.2.10, title: Camera01, model: R3V6-L}]
    accounts: [{name: Admin, authority: 31}, {name: operator, authority: 9}]
    record_templates: {templates: [Default, Night], channels_with_template: [ch0]}
    email: {account: alarms@example.com, provider: custom, recipients: [soc@example.com]}
    ddns: {enabled: false, server: DynDNS, hostname: "", username: ""}
    default_connection: [{type: 0, username: Admin}]
    time: {ntp_server: time.nist.gov, iana_id: "", timezone_offset: 0}
requests:
  description: The write sent, or in check mode that would be sent.
  returned: success
  type: list
  elements: dict
  sample: [{method: POST, path: /setup/load_default, body: {}}]
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.factory_reset import FactoryResetTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = FactoryResetTask()
ARGUMENT_SPEC = dict(
    confirm=dict(type='bool', default=False),
)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
