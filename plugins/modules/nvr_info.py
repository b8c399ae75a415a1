#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: nvr_info
short_description: Read the device facts and the configuration of a MOBOTIX MOVE NVR in one session
version_added: 1.0.0
description:
  - Reads the chosen subsets of an NVR with one login and returns them in RV(nvr), keyed by subset name.
  - With V(replies) in O(gather_subset) it also returns the NVR's replies themselves, RV(device_replies), which
    every module of the collection can render a task from without the NVR (O(nvr_device_replies)).
  - The configuration subsets (V(email), V(ddns), V(system_monitor), V(event_action), V(record_template),
    V(record_config), V(account), V(camera), V(default_connection)) are exactly what the C(_info) module of that
    resource returns, in the form of the options of its config module, so they can be fed back to it.
  - The device facts (V(version), V(time), V(network), V(storage), V(users), V(cameras))
    are the NVR's information replies in a tidy form, described under RV(nvr).
  - The role C(mobotix.move_nvr.backup) uses this module to write the configuration as baseline variables.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  gather_subset:
    description:
      - What to read. V(all) reads everything, V(device) the device facts, V(config) every configuration subset.
      - A name prefixed with C(!) is left out, for example V(!storage). With only such exclusions, everything
        else is read. A subset named on its own wins over a group left out, so V([!all, version]) reads the
        version only.
      - An unknown name fails the task before any request is sent, naming the allowed values.
      - Reading V(users), V(account) or any configuration subset needs the Setup permission for O(nvr_username).
      - V(replies) is read only when named (it is in no group, not in V(all)) - the NVR's replies to every read
        the modules of this collection send, returned as RV(device_replies), to save in a file and render tasks
        from it without the NVR (O(nvr_device_replies)). V([replies]) reads it alone, V([all, replies]) everything.
    type: list
    elements: str
    default: [all]
  secrets:
    description:
      - How passwords (of accounts, cameras, default connections, email and DDNS) are returned.
      - V(omit) leaves the C(password) keys out. A configuration subset read this way and given to its config
        module means the same, with every state but V(deleted) - a password not given is never changed, so the
        NVR keeps its own (C(changed=false), no write).
      - V(vault) returns each non-empty password as an Ansible Vault encrypted text (C($ANSIBLE_VAULT;...)),
        encrypted on the controller with the vault password the play runs with (the vault ID of
        C(vault_encrypt_identity) if set, else the first one given), like C(ansible-vault encrypt_string).
        It needs the action plugin, so it fails with C(move_nvr_execution=module) and when the play has no vault password.
        The clear text never appears in any task result. Given back to a config module, with the same vault
        password, each password is compared and set like one written in the playbook.
      - Passwords are never returned as C(********) - the config modules refuse that placeholder as a password.
      - In RV(device_replies), V(omit) puts the marker C(********) in each non-empty password field (the NVR has
        one, the file does not), and V(vault) the password's vault text. The NVR's encrypted form of a password is
        never returned - with the device's fixed key it is the password.
    type: str
    choices: [omit, vault]
    default: omit
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.nvr_config
  - module: mobotix.move_nvr.email_info
  - module: mobotix.move_nvr.camera_info
'''

EXAMPLES = r'''
- name: Everything, passwords left out
  mobotix.move_nvr.nvr_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr01

- name: Show the firmware and the free disk space
  ansible.builtin.debug:
    msg: "{{ nvr01.nvr.version.firmware_version }}, {{ nvr01.nvr.storage.groups | map(attribute='available_mb') | sum }} MB free"

- name: Device facts only, without the disks
  mobotix.move_nvr.nvr_info:
    gather_subset: [device, '!storage']

- name: The configuration of nvr01, without passwords
  mobotix.move_nvr.nvr_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    gather_subset: [config]
  register: nvr01_config

- name: Give the cameras of nvr01 back to nvr01 - no change, the NVR keeps its camera passwords
  mobotix.move_nvr.camera:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    cameras: "{{ nvr01_config.nvr.camera.cameras }}"
    state: overridden

- name: The email settings of nvr01 with the password vault-encrypted (run the play with a vault password)
  mobotix.move_nvr.nvr_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    gather_subset: [email]
    secrets: vault
  register: nvr01_email

- name: Save what nvr01 answers, to review changes to it offline (no password in the file)
  mobotix.move_nvr.nvr_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    gather_subset: [replies]
  register: nvr01_replies

- name: Write the device replies file
  ansible.builtin.copy:
    content: "{{ nvr01_replies.device_replies | to_nice_json }}"
    dest: "{{ inventory_dir }}/replies/nvr01.json"
    mode: "0644"
  delegate_to: localhost

- name: What the email task would send to nvr01, rendered from the file - no connection at all
  mobotix.move_nvr.email:
    nvr_device_replies: "{{ inventory_dir }}/replies/nvr01.json"
    server: smtp.example.com
    recipients: [soc@example.com]

- name: Give nvr02 the recording settings of nvr01
  mobotix.move_nvr.record_config:
    nvr_host: nvr02.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    retention_days: "{{ nvr01_config.nvr.record_config.retention_days }}"
    pre_alarm: "{{ nvr01_config.nvr.record_config.pre_alarm }}"
    post_alarm: "{{ nvr01_config.nvr.record_config.post_alarm }}"
'''

RETURN = r'''
device_replies:
  description:
    - The NVR's replies to every read the modules send, a device replies document (version 1) to save as a JSON
      file and give to O(nvr_device_replies) of any module of the collection, which then renders its task from it
      in check mode, with no connection at all.
    - C(format) (always V(mobotix.move_nvr.device_replies)) and C(version) (V(1)) say what it is; C(nvr) the model
      and firmware of the NVR; C(username) the account the capture logged in with; C(secrets) how the passwords are
      kept (V(omit) or V(vault), see O(secrets)); C(replies) the path of each GET to the C(output) of the NVR's reply.
    - Every non-empty password field is the marker C(********) or, with O(secrets=vault), the password's vault text.
  returned: when V(replies) is in O(gather_subset)
  type: dict
  sample:
    format: mobotix.move_nvr.device_replies
    version: 1
    nvr: {model: H100, firmware_version: A99999999999}
    username: Admin
    secrets: omit
    replies:
      /setup/ddns_config: {enabled: false, hostname: "", password: "", port: 80, server_name: DynDNS, username: ""}
      /setup/email_config: {account: nvr-alarms@example.com, current_provider: custom, password: "********"}
nvr:
  description:
    - One key per subset read. Passwords as O(secrets) says, left out by default.
  returned: success
  type: dict
  contains:
    version:
      description: Model, firmware and the sizes of the device (C(/information/version)).
      returned: when V(version) is read
      type: dict
      sample: {model: H100, project: NVR, firmware_version: A99999999999, remote_version: 2016.11.16.b162cbc,
               channels: 32, alarm_inputs: 4, alarm_outputs: 2}
    time:
      description:
        - The NVR's clock (C(/information/local_time)) and time settings (C(/information/time_config)).
        - C(local_time) is seconds since 1970 as the NVR reports it, C(local_time_utc) the same as ISO 8601.
        - C(timezone) is the IANA name, else the entry of the NVR's time zone list, else empty.
          C(timezone_offset) is in seconds as the NVR gives it (UTC+1 is -3600).
        - C(dst.rule) is V(relative) (month, week and weekday) or V(absolute) (C(day) of the year).
      returned: when V(time) is read
      type: dict
      sample:
        local_time: 1795646684
        local_time_utc: "2026-11-25T21:24:44Z"
        ntp_server: time.nist.gov
        timezone: ""
        timezone_offset: 0
        date_format: YYYY/MM/DD
        use_24hr: false
        dst:
          enabled: true
          offset: 3600
          rule: relative
          start: {month: 2, week: 4, weekday: 0, day: 0, hour: 1, minute: 0, second: 0}
          end: {month: 9, week: 4, weekday: 0, day: 0, hour: 2, minute: 0, second: 0}
    network:
      description: The service ports and each network interface (C(/information/network_info)); C(dns) lists the
        servers that are set.
      returned: when V(network) is read
      type: dict
      sample:
        http_port: 80
        https_port: 443
        rtsp_port: 554
        interfaces:
          - {name: eth0, ip: 192.0.2.5, mac: "00:D0:89:12:40:43", dhcp: false, netmask: 255.255.255.0,
             gateway: 192.0.2.1, dns: [192.0.2.53]}
    storage:
      description:
        - The disk groups (C(/record/record_info)); sizes in MB, C(total_mb) and C(available_mb) of a group
          summed over its disks, C(start_time) seconds since 1970 (C(start_time_utc) as ISO 8601).
      returned: when V(storage) is read
      type: dict
      sample:
        group_support: true
        groups:
          - group_id: 0
            circular: true
            max_disks: 1
            start_time: 1795646684
            start_time_utc: "2026-11-25T21:24:44Z"
            time_offset: 0
            total_mb: 917196
            available_mb: 774171
            disks:
              - {mount_path: /ext_000, export_path: /ext_export_000, snapshot_path: /ext_snap_000,
                 total_mb: 917196, available_mb: 774171}
    users:
      description:
        - The user accounts (C(/information/user_management)), sorted by name, with the raw C(authority) bits
          beside the C(permissions) of M(mobotix.move_nvr.account).
      returned: when V(users) is read
      type: list
      elements: dict
      sample:
        - {name: Admin, authority: 31, permissions: [device, playback, ptz, setup], covert_channels: []}
    cameras:
      description:
        - The connected cameras (C(/information/camera_list)), sorted by channel, as options of
          M(mobotix.move_nvr.camera), plus any other field the NVR reports for a camera, as it reports it.
      returned: when V(cameras) is read
      type: list
      elements: dict
      sample:
        - {channel: 0, ip: 192.0.2.10, http_port: 80, rtsp_port: 554, protocol: RTP+RTSP, username: Admin,
           model: R3V6-L, title: Camera01, type: 1, mac: "00:D0:89:10:00:00"}
    email:
      description: As RV(mobotix.move_nvr.email_info#module:config) returns it, the options of M(mobotix.move_nvr.email).
      returned: when V(email) is read
      type: dict
    ddns:
      description: As RV(mobotix.move_nvr.ddns_info#module:config) returns it, the options of M(mobotix.move_nvr.ddns).
      returned: when V(ddns) is read
      type: dict
    system_monitor:
      description: As RV(mobotix.move_nvr.system_monitor_info#module:config) returns it, the options of
        M(mobotix.move_nvr.system_monitor).
      returned: when V(system_monitor) is read
      type: dict
    event_action:
      description: As RV(mobotix.move_nvr.event_action_info#module:config) returns it, the options of
        M(mobotix.move_nvr.event_action).
      returned: when V(event_action) is read
      type: dict
    record_template:
      description: As RV(mobotix.move_nvr.record_template_info#module:config) returns it, the options of
        M(mobotix.move_nvr.record_template).
      returned: when V(record_template) is read
      type: dict
    record_config:
      description: As RV(mobotix.move_nvr.record_config_info#module:config) returns it, the options of
        M(mobotix.move_nvr.record_config).
      returned: when V(record_config) is read
      type: dict
    account:
      description: As RV(mobotix.move_nvr.account_info#module:config) returns it, the options of M(mobotix.move_nvr.account).
      returned: when V(account) is read
      type: dict
    camera:
      description: As RV(mobotix.move_nvr.camera_info#module:config) returns it, the options of M(mobotix.move_nvr.camera).
      returned: when V(camera) is read
      type: dict
    default_connection:
      description:
        - As RV(mobotix.move_nvr.default_connection_info#module:config) returns it, the options of
          M(mobotix.move_nvr.default_connection) - the account per camera type the NVR connects cameras with,
          automatic adding and refresh.
        - The camera types the NVR supports are returned by M(mobotix.move_nvr.default_connection_info)
          (RV(mobotix.move_nvr.default_connection_info#module:supported_types)).
      returned: when V(default_connection) is read
      type: dict
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_facts import SECRET_MODES, NvrInfoTask, select_subsets
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = NvrInfoTask()
ARGUMENT_SPEC = dict(
    gather_subset=dict(type='list', elements='str', default=['all']),
    secrets=dict(type='str', choices=list(SECRET_MODES), default='omit', no_log=False),
)
VAULT_NEEDS_CONTROLLER = ('secrets=vault: the passwords are vault-encrypted by the action plugin on the controller, '
                          'with the vault password the play runs with; it cannot run as a module process '
                          '(unset move_nvr_execution, or use secrets=omit)')


def preflight(params):
    """What is wrong with the options before any request, or None."""
    return select_subsets(params.get('gather_subset'))[1]


def module_preflight(params):
    """As a module process, vault mode cannot work: the vault secret lives in the controller."""
    return preflight(params) or (VAULT_NEEDS_CONTROLLER if params['secrets'] == 'vault' else None)


def main():
    run_module(TASK, ARGUMENT_SPEC, preflight=module_preflight)


if __name__ == '__main__':
    main()
