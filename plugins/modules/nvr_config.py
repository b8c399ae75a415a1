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
  - One plan across the resources - every resource is read, validated and planned before the first write, against
    the NVR as the writes planned before it would leave it (a camera the task connects counts as connected for the
    record templates and event actions of the same task; check mode shows that plan on a fresh NVR).
  - A value refused in any resource means nothing is written to the NVR; the task fails naming every refused
    value, and the message ends with C(nothing was written).
  - Just before the first write, every resource to be written is read again; if what it manages changed on the NVR
    since the plan read it (another run, a person), the task fails and writes nothing; the rerun plans afresh.
  - The apply sends the plan in order and stops at the first failure; the message says what was written before it
    and what was not sent.
  - A masked placeholder given as a password (V(********) and the like, see the password options of the modules)
    fails the whole task before any resource is read or written, with one line that starts with the resource and
    the option, for example C(camera) and C(cameras[0].password).
  - The configuration subsets of M(mobotix.move_nvr.nvr_info), given back as the options of the same names,
    change nothing - passwords are left out there, and a password not given is never changed.
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
  default_connection:
    description: Options of M(mobotix.move_nvr.default_connection), except the connection options.
    type: dict
  resources:
    description:
      - Manage only these of the resources given; the others given are left alone. Not set, every resource given
        is managed.
      - A resource named here but not given is a warning (its variable is not set).
      - When no resource is managed, the result says so in RV(msg) and in a warning, and is not C(changed).
    type: list
    elements: str
    choices: [camera, account, record_template, event_action, email, ddns, system_monitor, record_config, default_connection]
  option_labels:
    description:
      - Names that messages use instead of this module's option names (option name to name), for a role that
        passes its own variables as the options. The role C(mobotix.move_nvr.baseline) passes its variables, so
        that a message says C(move_nvr_password) where it would say O(nvr_password), and
        C(move_nvr_cameras.cameras[2].titel) where it would name C(cameras[2].titel) of the resource C(camera).
      - Applied on the controller by the action plugin of this module, to RV(msg), the warnings and each
        resource's C(msg); the options' checks are the same.
    type: dict
  unknown_variables:
    description:
      - What to do with a variable of the host whose name starts with C(move_nvr_) and that none of this
        collection's roles knows (their argument specifications, defaults and registered results) - most likely
        a misspelt role variable, which would otherwise leave its resource silently unmanaged.
      - V(fail) fails the task for that NVR before any request, naming the nearest known name
        (C(unknown variable move_nvr_camera; did you mean move_nvr_cameras?)); V(warn) warns and goes on;
        V(ignore) does not check.
      - Checked on the controller by the action plugin of this module, which has the host's variables.
    type: str
    choices: [fail, warn, ignore]
    default: ignore
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
msg:
  description:
    - Why the task failed, one line, each failed resource named, and what was written (C(nothing was written), or
      C(written before it) and C(not sent)); or, when no resource is managed,
      C(no resource is managed on this NVR (...)).
  returned: on failure, or when no resource is managed
  type: str
  sample: 'record_config: retention_days: 999 is outside the range this NVR accepts; allowed: 1-365'
resources:
  description:
    - One entry per resource given, with what its module returns (C(changed), C(config), C(requests), and with
      C(--diff) its C(diff)); a failed resource has C(failed) and C(msg) instead; a resource not sent because
      another failed has C(changed=false) and a C(msg) starting with C(not sent), and a resource that depends on a
      refused one (record templates and event actions on a refused camera list), or that was not read because
      reading another failed, has C(failed=true) and a C(msg) starting with C(not checked).
    - After a failure in the middle of the apply, the failed resource has the requests it sent (C(requests)), the
      one that failed (C(request_failed)) and those not sent (C(requests_not_sent)); each resource after it has
      C(requests_not_sent).
    - When the task failed, at default verbosity each entry keeps only C(changed), C(failed), C(msg), and for a
      changed resource its C(diff) and C(requests), so that the failure is a short line; with C(-v) or more,
      everything.
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
