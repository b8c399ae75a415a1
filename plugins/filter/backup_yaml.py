# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: backup_yaml
short_description: Write what nvr_info read from one NVR as the baseline's variables, in YAML that stays data
version_added: 1.0.0
description:
  - Takes the C(nvr) that M(mobotix.move_nvr.nvr_info) returned (O(mobotix.move_nvr.nvr_info#module:gather_subset)
    with C(version) and C(config)) and gives the file name and the text of the NVR's backup file, the variables of the
    role C(mobotix.move_nvr.baseline) (C(move_nvr_email), ..., C(move_nvr_cameras)), each with the C(state) that makes
    the round trip exact. The role C(mobotix.move_nvr.backup) writes it.
  - The text is written by a YAML emitter. Every string that came from the NVR is tagged C(!unsafe), so that Ansible
    never evaluates it when the file is used as C(host_vars); strings YAML would read as another type (V(''), V(yes),
    V(12)) are quoted instead, as C(!unsafe) would not keep them strings. Keys are option names of the resource's
    module only; a key that is not one is left out where the module keeps it as the NVR has it (a system monitor of a
    newer firmware, named in the header), anywhere else the filter fails.
  - Control characters, line breaks and invisible characters in NVR text are written as YAML escapes (the text
    reads back exactly); lone surrogates, which are not text, become U+FFFD. Header comments are one line each.
  - The text is read back with each YAML parser present before it is returned and must give the same data.
  - Fails with one line naming the cause when the host name is not a plain file name (empty, starting with a dot,
    containing a slash, a backslash, NUL or a control character), when a password is not vault-encrypted (or present at all
    with O(secrets=omit)), or when a key the NVR reported cannot be written.
author:
  - MOBOTIX MOVE NVR collection contributors
positional: host, username
options:
  _input:
    description: The C(nvr) of M(mobotix.move_nvr.nvr_info)'s result, with C(version) and every resource.
    type: dict
    required: true
  host:
    description: The inventory host name; the file is named after it and the header shows it.
    type: str
    required: true
  username:
    description:
      - The account the baseline logs in with. Its password is never written (the role's C(move_nvr_password) stays
        the one place for it).
    type: str
    required: true
  secrets:
    description:
      - How nvr_info was asked to return the passwords. V(omit) - there are none, and the file says that the NVR keeps
        its own. V(vault) - each is vault text and is written as an inline C(!vault) value.
    type: str
    choices: [omit, vault]
    default: omit
  url:
    description: Where the NVR was read, shown in the header.
    type: str
    default: ''
  read_at:
    description: When the NVR was read (UTC), shown in the header; default now.
    type: str
'''

EXAMPLES = r'''
- name: Build the backup file of this NVR
  ansible.builtin.set_fact:
    nvr_backup: "{{ nvr_read.nvr | mobotix.move_nvr.backup_yaml(inventory_hostname, 'Admin', secrets='omit') }}"

- name: Write it
  ansible.builtin.copy:
    content: "{{ nvr_backup.content }}"
    dest: "backup/{{ nvr_backup.file_name }}"
    mode: "0600"
  delegate_to: localhost
'''

RETURN = r'''
_value:
  description: The backup file, marked unsafe so that nothing templates it again.
  type: dict
  contains:
    file_name:
      description: O(host) followed by C(.yml).
      type: str
    content:
      description: The YAML text.
      type: str
  sample:
    file_name: nvr-lobby.yml
    content: "# Configuration of the NVR nvr-lobby (https://192.0.2.21, H100, firmware A99999999999),\n..."
'''

from ansible.errors import AnsibleFilterError
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.backup_file import BackupRefused, file_name, render


def backup_yaml(nvr, host, username, secrets='omit', url='', read_at=None):
    """The backup file of one NVR (see DOCUMENTATION): {'file_name', 'content'}, both unsafe."""
    try:
        name = file_name(host)
        content = render(nvr, host, username, secrets=secrets, url=url, read_at=read_at)
    except BackupRefused as e:
        raise AnsibleFilterError('backup_yaml: %s' % e)
    return wrap_var({'file_name': name, 'content': content})


class FilterModule(object):
    """mobotix.move_nvr backup filters."""

    def filters(self):
        return {'backup_yaml': backup_yaml}
