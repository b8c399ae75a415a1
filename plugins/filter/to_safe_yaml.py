# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: to_safe_yaml
short_description: YAML of data read from NVRs that stays data when Ansible loads it back
version_added: 1.1.0
description:
  - Use it instead of P(ansible.builtin.to_nice_yaml#filter) for anything an NVR returned (a registered result of
    M(mobotix.move_nvr.nvr_info) or an C(_info) module) that is written to a file Ansible may load again as
    variables (C(host_vars), C(group_vars), P(ansible.builtin.include_vars#module), C(vars_files)). Ansible evaluates
    the templates in such files; a camera title C({{ lookup('pipe', '...') }}) written with C(to_nice_yaml) would run
    on the controller when the file is loaded and used.
  - Every string is tagged C(!unsafe), so Ansible never evaluates it; strings YAML would read as another type
    (V(''), V(yes), V(12)) are quoted instead. Control characters and invisible characters are YAML escapes (the
    text reads back exactly); lone surrogates become U+FFFD.
  - Mapping keys must be identifiers (lower-case letters, digits, underscores), as the options of this collection's
    modules are; the filter fails on any other key rather than let data choose a key.
  - The text is read back with each YAML parser present before it is returned and must give the same data.
author:
  - MOBOTIX MOVE NVR collection contributors
options:
  _input:
    description: Data made of dictionaries, lists, strings, numbers, booleans and null.
    type: raw
    required: true
'''

EXAMPLES = r'''
- name: Keep what nvr_info read, for a later play to load as variables
  ansible.builtin.copy:
    content: "{{ nvr_read.nvr | mobotix.move_nvr.to_safe_yaml }}"
    dest: "{{ inventory_hostname }}-nvr.yml"
    mode: "0600"
  delegate_to: localhost
'''

RETURN = r'''
_value:
  description: The YAML document, starting with C(---), marked unsafe so that nothing templates it again.
  type: str
'''

from ansible.errors import AnsibleFilterError
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.safe_yaml import YamlEmitError, dump


def to_safe_yaml(data):
    try:
        return wrap_var(dump(data))
    except YamlEmitError as e:
        raise AnsibleFilterError('to_safe_yaml: %s' % e)


class FilterModule(object):
    """mobotix.move_nvr YAML filter for device data."""

    def filters(self):
        return {'to_safe_yaml': to_safe_yaml}
