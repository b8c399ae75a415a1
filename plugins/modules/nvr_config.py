#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: nvr_config
short_description: Manage several resources of a MOBOTIX MOVE NVR in one task and one session
version_added: 1.0.0
description:
  - Runs the resource modules given as options on one NVR with one login, in the order that works
    (cameras before the record templates and event actions that name their channels).
  - Each option takes exactly the options of the module of the same name, with the same validation, states,
    check mode, diff and masking. Only the session is shared, which is what makes fleet runs fast.
  - The roles C(mobotix.move_nvr.baseline) and C(mobotix.move_nvr.drift_report) use this module.
  - A resource that fails does not stop the others; the task fails and names each failed resource.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  camera:
    description: Options of M(mobotix.move_nvr.camera), except the connection options.
    type: dict
  account:
    description: Options of M(mobotix.move_nvr.account), except the connection options.
    type: dict
  record_template:
    description: Options of M(mobotix.move_nvr.record_template), except the connection options.
    type: dict
  event_action:
    description: Options of M(mobotix.move_nvr.event_action), except the connection options.
    type: dict
  email:
    description: Options of M(mobotix.move_nvr.email), except the connection options.
    type: dict
  ddns:
    description: Options of M(mobotix.move_nvr.ddns), except the connection options.
    type: dict
  system_monitor:
    description: Options of M(mobotix.move_nvr.system_monitor), except the connection options.
    type: dict
  record_config:
    description: Options of M(mobotix.move_nvr.record_config), except the connection options.
    type: dict
extends_documentation_fragment:
  - mobotix.move_nvr.connection
attributes:
  check_mode:
    support: full
    description: No write request is sent; each resource's RV(resources) entry shows what a real run would do.
  diff_mode:
    support: full
    description: One diff per changed resource, headed with its name, secrets as C(********).
  action_group:
    support: full
    membership: [mobotix.move_nvr.all]
    description: Use C(group/mobotix.move_nvr.all) in the C(module_defaults) keyword to set the connection options once.
seealso:
  - module: mobotix.move_nvr.email
  - module: mobotix.move_nvr.camera
'''

EXAMPLES = r'''
- name: Site baseline in one session per NVR
  mobotix.move_nvr.nvr_config:
    nvr_host: "{{ ansible_host }}"
    nvr_username: admin
    nvr_password: "{{ vault_nvr_password }}"
    email:
      provider: custom
      server: smtp.example.com
      port: 587
      password: "{{ vault_smtp_password }}"
      recipients: [soc@example.com]
    record_config:
      retention_days: 30
    system_monitor:
      cpu_temperature: {threshold: 75, send_email: true}

- name: Drift check of what the inventory says, without failing the play
  mobotix.move_nvr.nvr_config:
    email: "{{ move_nvr_email | default(omit) }}"
    ddns: "{{ move_nvr_ddns | default(omit) }}"
  check_mode: true
  register: nvr_drift
  failed_when: false
'''

RETURN = r'''
resources:
  description:
    - One entry per resource given, with what its module returns (C(changed), C(config), C(requests), and with
      C(--diff) its C(diff)); a failed resource has C(failed) and C(msg) instead.
  returned: always
  type: dict
  sample:
    email:
      changed: true
      config: {provider: custom, server: smtp.example.com, port: 587, password: "********"}
      requests:
        - method: POST
          path: /setup/email_config
          body: {current_provider: custom, password: "********"}
    record_config:
      changed: false
      config: {retention_days: 30}
      requests: []
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import ARGUMENT_SPEC, NvrConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = NvrConfigTask()


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
