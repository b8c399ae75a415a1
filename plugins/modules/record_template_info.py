#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: record_template_info
short_description: Read the record schedule templates of a MOBOTIX MOVE NVR and the template of each channel
version_added: 1.0.0
description:
  - Returns the NVR's record schedule templates and the template each channel with a camera records by, in the
    form of the options of M(mobotix.move_nvr.record_template).
  - RV(config), given back to M(mobotix.move_nvr.record_template) as its options, changes nothing, with any
    O(mobotix.move_nvr.record_template#module:state) but V(deleted).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.record_template
'''

EXAMPLES = r'''
- name: Read the record schedule templates
  mobotix.move_nvr.record_template_info:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: nvr_templates

- name: Show which channels record by which template
  ansible.builtin.debug:
    msg: "{{ nvr_templates.config.channels | items2dict(key_name='channel', value_name='template') }}"

- name: Fail when a camera still records by the factory template
  ansible.builtin.assert:
    that: nvr_templates.config.channels | selectattr('template', 'equalto', 'Default') | list | length == 0
    fail_msg: >-
      channels on Default:
      {{ nvr_templates.config.channels | selectattr('template', 'equalto', 'Default') | map(attribute='channel') | list }}
'''

RETURN = r'''
config:
  description:
    - The templates, sorted by name, each with its seven days of 24 values (V(record), V(no_record) or
      V(evt_only), one per hour from 0:00).
    - The sample shows one day of the factory template C(Default).
    - The channels with a camera connected, sorted by number, each with its template.
  returned: success
  type: dict
  sample:
    templates:
      - name: Default
        schedule:
          sun: [record, record, record, record, record, record, record, record, record, evt_only, record, record,
                record, record, record, record, record, record, record, record, record, record, record, record]
    channels:
      - {channel: 0, template: Default}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import InfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.record_template import RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = InfoTask(RESOURCE)
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
