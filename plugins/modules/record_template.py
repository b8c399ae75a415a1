#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: record_template
short_description: Manage the record schedule templates of a MOBOTIX MOVE NVR and the template of each channel
version_added: 1.0.0
description:
  - A record schedule template says, for each hour of each day of the week, whether the NVR records continuously
    (V(record)), not at all (V(no_record)) or only around events (V(evt_only)). Every channel with a camera
    connected records by one template.
  - Reads the NVR's templates and the template of each channel, compares them with O(templates) by name and
    O(channels) by channel number, and changes only what differs. The order of both lists does not matter.
  - 'One run sends its requests in the one order in which each of them works: new templates are added, then the
    weeks of new and changed templates are set (one request for all of them, each template''s whole week), then
    channels are assigned their templates (one request), then templates are removed.'
  - The template C(Default) is never removed, whatever the state; the module warns instead.
  - Removing a template that a channel still uses is refused before any write, naming the channel, unless the same
    run moves that channel to another template (in O(channels)).
  - A channel with a camera always has a template, so removing a channel's assignment - O(state=deleted), or a
    channel left out with O(state=overridden) - moves it back to C(Default). This module never disconnects a
    camera (see M(mobotix.move_nvr.camera)).
  - A list not given, O(templates) or O(channels), is left as it is, with every state (also with
    O(state=overridden)). An empty list counts as given - it means no item.
  - 'Before any write, the module checks what the NVR would refuse: 24 values for each day, each one of the record
    types the NVR lists (C(rec_type_opts)), no empty template name, no template or channel listed twice, channels
    in O(channels) that have a camera connected, and templates in O(channels) that exist on the NVR or are given
    in O(templates).'
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  templates:
    description:
      - The record schedule templates, each identified by O(templates[].name).
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the template, case-sensitive. C(Default) is the NVR's own template.
        type: str
        required: true
      schedule:
        description:
          - The template's week. Each day is a list of 24 values, one per hour from 0:00 to 23:00, each V(record)
            (record continuously), V(no_record) (do not record) or V(evt_only) (record only around events).
          - O(templates[].schedule.all) applies to every day; a day given as well overrides it for that day.
          - A day not given keeps its value (O(state=merged)). For a new template, and with O(state=replaced) and
            O(state=overridden), it is V(record) all day - the week of a template newly added on the NVR -
            except for C(Default), which goes back to its factory week (V(record), with V(evt_only) from 9:00 to
            10:00).
          - Only O(templates[].name) matters with O(state=deleted).
        type: dict
        suboptions:
          all:
            description:
              - 24 values that apply to every day not given on its own.
            type: list
            elements: str
          sun:
            description:
              - Sunday, 24 values.
            type: list
            elements: str
          mon:
            description:
              - Monday, 24 values.
            type: list
            elements: str
          tue:
            description:
              - Tuesday, 24 values.
            type: list
            elements: str
          wed:
            description:
              - Wednesday, 24 values.
            type: list
            elements: str
          thu:
            description:
              - Thursday, 24 values.
            type: list
            elements: str
          fri:
            description:
              - Friday, 24 values.
            type: list
            elements: str
          sat:
            description:
              - Saturday, 24 values.
            type: list
            elements: str
  channels:
    description:
      - The template each channel records by, identified by O(channels[].channel).
      - Only channels with a camera connected have a template; listing another channel is refused.
    type: list
    elements: dict
    suboptions:
      channel:
        description:
          - Channel number, 0-based (V(0) is C(ch0), the GUI's first channel).
        type: int
        required: true
      template:
        description:
          - Name of the template, one on the NVR or one given in O(templates).
          - Not given, the channel keeps its template (O(state=merged)) or goes to C(Default) (other states).
          - Ignored with O(state=deleted), which moves the channel to C(Default).
        type: str
  state:
    description:
      - V(merged) adds the templates given, changes the days given of existing ones and assigns the templates
        given to the channels given. Nothing is removed.
      - V(replaced) sets each template given wholly - days not given become V(record) all day (C(Default) its
        factory week) - and each channel given. Templates and channels not given are left alone.
      - V(overridden) does what V(replaced) does, removes every template not given except C(Default) (list it to
        avoid the warning), and, when O(channels) is given, moves every channel not listed to C(Default).
      - V(deleted) removes the templates given and moves the channels given to C(Default).
    type: str
    choices: [merged, replaced, overridden, deleted]
    default: merged
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.config
notes:
  - The hours are the NVR's local time (see M(mobotix.move_nvr.nvr_info)).
  - Templates are changed with C(POST /record/record_template); the vendor manual's example line names
    C(/record/template), the path of the read.
seealso:
  - module: mobotix.move_nvr.record_template_info
  - module: mobotix.move_nvr.record_config
  - module: mobotix.move_nvr.camera
'''

EXAMPLES = r'''
- name: Office hours - record 8:00 to 18:00 on weekdays, events only at night and on weekends
  mobotix.move_nvr.record_template:
    nvr_host: "{{ ansible_host }}"
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    templates:
      - name: Business
        schedule:
          all: "{{ ['evt_only'] * 24 }}"
          mon: &office_day "{{ ['evt_only'] * 8 + ['record'] * 10 + ['evt_only'] * 6 }}"
          tue: *office_day
          wed: *office_day
          thu: *office_day
          fri: *office_day
    channels:
      - channel: 0
        template: Business
      - channel: 1
        template: Business

- name: Warehouse cameras record everything, the car park only around events at night
  mobotix.move_nvr.record_template:
    templates:
      - name: Continuous
        schedule:
          all: "{{ ['record'] * 24 }}"
      - name: NightEvents
        schedule:
          all: "{{ ['evt_only'] * 7 + ['no_record'] * 12 + ['evt_only'] * 5 }}"
    channels:
      - {channel: 2, template: Continuous}
      - {channel: 3, template: Continuous}
      - {channel: 4, template: NightEvents}

- name: Saturday is a working day at this site from now on, the rest of the week stays
  mobotix.move_nvr.record_template:
    templates:
      - name: Business
        schedule:
          sat: "{{ ['evt_only'] * 8 + ['record'] * 10 + ['evt_only'] * 6 }}"

- name: Exactly these templates; channels of removed ones move to Default in the same run
  mobotix.move_nvr.record_template:
    templates:
      - name: Default
      - name: Business
        schedule:
          all: "{{ ['evt_only'] * 24 }}"
          mon: "{{ ['evt_only'] * 8 + ['record'] * 10 + ['evt_only'] * 6 }}"
    channels:
      - {channel: 0, template: Business}
    state: overridden

- name: Retire the old template; its channels go back to Default first
  mobotix.move_nvr.record_template:
    templates:
      - name: Legacy
    channels:
      - channel: 5
      - channel: 6
    state: deleted
'''

RETURN = r'''
config:
  description:
    - The templates and channel assignments after the run (in check mode, as they would be).
    - C(templates) sorted by name, each with all seven days; C(channels) sorted by number, only the channels with a
      camera connected.
    - The sample shows one template and two of its days.
  returned: success
  type: dict
  sample:
    templates:
      - name: Business
        schedule:
          sun: [evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only,
                evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only,
                evt_only, evt_only, evt_only, evt_only]
          mon: [evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, evt_only, record, record,
                record, record, record, record, record, record, record, record, evt_only, evt_only, evt_only,
                evt_only, evt_only, evt_only]
    channels:
      - {channel: 0, template: Business}
      - {channel: 1, template: Default}
requests:
  description:
    - The write requests sent (in check mode, that would be sent), in the order sent.
    - Each body is one of C(add_template), C(record_template) (whole weeks, hours as the device's codes - V(0)
      record, V(1) no_record, V(2) evt_only), C(channel_setting) and C(remove_template).
  returned: success
  type: list
  elements: dict
  sample:
    - method: POST
      path: /record/record_template
      body: {add_template: [Business]}
    - method: POST
      path: /record/record_template
      body:
        record_template:
          Business:
            Sun: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
            Mon: [2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2]
    - method: POST
      path: /record/record_template
      body: {channel_setting: {ch0: {template_name: Business}}}
    - method: POST
      path: /record/record_template
      body: {remove_template: [Legacy]}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.record_template import ARGUMENT_SPEC, RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ConfigTask(RESOURCE)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
