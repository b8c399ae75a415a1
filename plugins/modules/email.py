#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: email
short_description: Manage the SMTP email settings of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Reads the NVR's SMTP settings, compares them with the options given and writes them only when they differ.
  - Fields of the device's settings that this module does not manage are sent back as the device reported them.
  - The password is compared by decrypting what the NVR returns, so a second run with the same password reports no change.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  provider:
    description:
      - SMTP provider the NVR uses. O(server), O(port) and O(ssl) are the settings of this provider.
    type: str
    choices: [gmail, yahoo_mail, custom]
  server:
    description:
      - SMTP server name or address of O(provider).
    type: str
  port:
    description:
      - SMTP port of O(provider), 1 to 65535.
    type: int
  ssl:
    description:
      - Use SSL/TLS to talk to the SMTP server of O(provider).
    type: bool
  account:
    description:
      - Account on the SMTP server.
    type: str
  password:
    description:
      - Password of O(account). Shown as C(********) in every output.
      - Not given, the NVR's password is kept, with every O(state), V(replaced) included.
      - An empty string removes the password.
      - The placeholders that outputs show in place of a password - V(********), V(******** (changed\)) and
        V(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER) - are refused before anything is read or written.
    type: str
  recipients:
    description:
      - Addresses the NVR sends alarm emails to, at most three. Their order does not matter.
      - An empty list removes every recipient.
    type: list
    elements: str
notes:
  - O(state=replaced) returns every option not given to its factory value except O(password) - a password is
    only changed when given, so the RV(mobotix.move_nvr.email_info#module:config) of M(mobotix.move_nvr.email_info),
    which leaves it out, given back to this module changes nothing.
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.config
seealso:
  - module: mobotix.move_nvr.email_info
'''

EXAMPLES = r'''
- name: Send alarm emails through the site's relay
  mobotix.move_nvr.email:
    nvr_host: "{{ ansible_host }}"
    nvr_username: admin
    nvr_password: "{{ vault_nvr_password }}"
    provider: custom
    server: smtp.example.com
    port: 587
    ssl: true
    account: nvr-alarms@example.com
    password: "{{ vault_smtp_password }}"
    recipients:
      - security@example.com
      - facilities@example.com

- name: Only change the recipients, keep everything else
  mobotix.move_nvr.email:
    recipients: [soc@example.com]

- name: Back to factory settings except the provider
  mobotix.move_nvr.email:
    provider: gmail
    state: replaced
'''

RETURN = r'''
config:
  description: The email settings after the run (in check mode, as they would be), the password as C(********).
  returned: success
  type: dict
  sample:
    provider: custom
    server: smtp.example.com
    port: 587
    ssl: true
    account: nvr-alarms@example.com
    password: "********"
    recipients: [security@example.com]
requests:
  description: The write requests sent (in check mode, that would be sent), passwords as C(********).
  returned: success
  type: list
  elements: dict
  sample:
    - method: POST
      path: /setup/email_config
      body: {current_provider: custom, password: "********"}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.email import ARGUMENT_SPEC, RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ConfigTask(RESOURCE)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
