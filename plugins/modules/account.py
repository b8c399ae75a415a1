#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: account
short_description: Manage the user accounts of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Reads the NVR's user accounts, compares them with O(accounts) by name and adds, changes or deletes only the
    accounts that differ. The order of O(accounts), of O(accounts[].permissions) and of
    O(accounts[].covert_channels) does not matter.
  - Passwords are compared by decrypting what the NVR returns, so a second run with the same passwords reports no
    change.
  - A new account is added with its password, then given its permissions and covert channels if it needs any
    others than live view only. For an existing account the permissions and covert channels, and the password,
    are changed with one request each. Deleting an account sends its password as the NVR lists it.
  - One run sends its requests in this order - additions, changes, deletions - so that a failure half-way never
    leaves fewer accounts than before. When the additions would pass the NVR's limit of six accounts, the deletions
    go first. A new password for the account the module logs in with (O(nvr_username)) is always sent last.
  - The administrator is the account named C(Admin) as the NVR compares names (C(admin) on some firmware) that has
    every permission; the documentation calls it C(Admin) below.
  - The administrator account C(Admin) and the account named in O(nvr_username) are never deleted, whatever the
    state; the module warns instead. The permissions and covert channels of C(Admin) cannot be changed, its
    password can.
  - 'Before any write, the module checks what the NVR would refuse: names of new accounts (2 to 32 characters of
    C(A-Z a-z 0-9 _), not starting with C(_)), every password it sends (6 to 20 characters, letters and digits
    with at least one of each, plus any of C(!#$%&''-.@^_~)), a password for every new account, at most six
    accounts besides C(Admin), covert channel numbers below the number of channels of the NVR (C(num_ch) of
    C(/information/version)), and that the account the module logs in with keeps V(setup).'
  - The requests that change the password (C(/setup/account_edit)) and the permissions (C(/setup/account_authority))
    of an existing account are B(inferred) - the vendor manual's pages for them are missing. Adding and deleting
    accounts use the documented C(/setup/account_add) and C(/setup/account_delete).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  accounts:
    description:
      - The user accounts, each identified by O(accounts[].name).
      - With O(state=overridden), not giving this option, or an empty list, deletes every account except the
        protected ones.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - User name, case-sensitive. For a new account 2 to 32 characters of C(A-Z a-z 0-9 _), not starting with
            C(_).
        type: str
        required: true
      password:
        description:
          - Password of the account. Required for a new account.
          - 6 to 20 characters, letters and digits with at least one of each, plus any of C(!#$%&'-.@^_~).
          - Not given, the current password is kept, with every state.
          - With O(update_password=on_create), only a new account gets it.
          - Shown as C(********) in every output.
          - The placeholders that outputs show in place of a password - V(********), V(******** (changed\)) and
            V(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER) - are refused before anything is read or written.
        type: str
      permissions:
        description:
          - What the account may do besides watching live video, which every account may.
          - The NVR's authorities Setup, PTZ, Device and Playback. V(setup) lets the account change the
            configuration and is needed to use this collection; V(ptz) lets it move PTZ cameras and V(playback) play
            recordings back.
          - Not given, a new account gets none (live view only); under O(state=replaced) and
            O(state=overridden) an existing account loses them. An empty list removes every permission.
          - The permissions of C(Admin) are all four and cannot be changed.
        type: list
        elements: str
        choices: [setup, ptz, device, playback]
      covert_channels:
        description:
          - Channels, 0-based, hidden from this account. Each must be below the number of channels of the NVR.
          - Not given, a new account gets none; under O(state=replaced) and O(state=overridden) an existing
            account's become visible again. An empty list hides no channel.
        type: list
        elements: int
  update_password:
    description:
      - V(always) sets O(accounts[].password) whenever it differs from the NVR's.
      - V(on_create) sets it only for a new account; the password of an existing account is never compared nor
        changed, so that users may change their own passwords.
    type: str
    choices: [always, on_create]
    default: always
  state:
    description:
      - V(merged) adds the accounts given and changes the options given of existing ones.
      - V(replaced) sets each account given wholly - options not given return to their default (no permissions,
        no covert channel), except the password, which is kept when not given. Accounts not given are left alone.
      - V(overridden) does what V(replaced) does, and deletes every account not given, except C(Admin) and the
        account of O(nvr_username) (list them, with their name only, to avoid the warning).
      - V(deleted) deletes the accounts given; only O(accounts[].name) matters.
    type: str
    choices: [merged, replaced, overridden, deleted]
    default: merged
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.config
notes:
  - The NVR allows at most six accounts besides C(Admin).
seealso:
  - module: mobotix.move_nvr.account_info
'''

EXAMPLES = r'''
- name: Operators and a guard account, passwords from the vault
  mobotix.move_nvr.account:
    nvr_host: "{{ ansible_host }}"
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    accounts:
      - name: operator
        password: "{{ vault_nvr_operator_password }}"
        permissions: [ptz, playback]
      - name: guard
        password: "{{ vault_nvr_guard_password }}"
        covert_channels: [6, 7]

- name: Give the installer the setup permission, keep everything else
  mobotix.move_nvr.account:
    accounts:
      - name: installer
        permissions: [setup, ptz, device, playback]

- name: Create accounts with an initial password that their users change later
  mobotix.move_nvr.account:
    accounts:
      - name: shift_a
        password: "{{ vault_nvr_initial_password }}"
    update_password: on_create

- name: Exactly these accounts on the NVR, every other one deleted (Admin is always kept)
  mobotix.move_nvr.account:
    accounts:
      - name: Admin
      - name: operator
        permissions: [ptz, playback]
      - name: guard
    state: overridden

- name: Remove the contractor's account
  mobotix.move_nvr.account:
    accounts:
      - name: contractor
    state: deleted
'''

RETURN = r'''
config:
  description:
    - The accounts after the run (in check mode, as they would be), sorted by name, passwords as C(********).
  returned: success
  type: dict
  sample:
    accounts:
      - {name: Admin, password: "********", permissions: [device, playback, ptz, setup], covert_channels: []}
      - {name: guard, password: "********", permissions: [], covert_channels: [6, 7]}
      - {name: operator, password: "********", permissions: [playback, ptz], covert_channels: []}
requests:
  description:
    - The write requests sent (in check mode, that would be sent), in order, passwords as C(********).
    - C(authority) is the device's 5-bit number - Setup 16, Live 8 (always set), PTZ 4, Device 2, Playback 1 - and
      C(covert) one flag per channel.
  returned: success
  type: list
  elements: dict
  sample:
    - method: POST
      path: /setup/account_add
      body: {account: guard, password: "********"}
    - method: POST
      path: /setup/account_authority
      body: {account: guard, authority: 8, covert: [false, false, false, false, false, false, true, true]}
    - method: POST
      path: /setup/account_delete
      body: {account: contractor, password: "********"}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.account import ARGUMENT_SPEC, RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ConfigTask(RESOURCE)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
