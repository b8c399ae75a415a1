#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: camera_discovery_info
short_description: Find the cameras a MOBOTIX MOVE NVR sees on its LAN
version_added: 1.0.0
description:
  - Runs the NVR's camera search (C(GET /camera/devicesearch), the manual's C(model) parameter) once for each camera
    type of O(types) and returns every camera found.
  - Each type is checked against the types the NVR supports (C(support_cam) of C(/setup/default_connection_info))
    before any search; an unsupported type fails the task naming O(types) and the allowed values.
  - Each camera found is compared with the connected cameras (C(/information/camera_list)) by address and HTTP port,
    and says whether it is connected and on which channel.
  - Reads only; never changes anything (also not in check mode).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  types:
    description:
      - The camera types to search for, as the NVR numbers them (the C(type) of M(mobotix.move_nvr.camera)).
      - Each must be one of the NVR's C(support_cam). Not given, every type of C(support_cam) is searched.
    type: list
    elements: int
notes:
  - The search runs on the NVR and can take a few seconds per type; O(nvr_timeout) bounds each search.
  - The strings the NVR reports (model, title, addresses) are returned as data, never templated.
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.camera
  - module: mobotix.move_nvr.camera_info
'''

EXAMPLES = r'''
- name: Find the type 1 cameras on the NVR's LAN
  mobotix.move_nvr.camera_discovery_info:
    types: [1]
  register: discovery

- name: Show the cameras that are not connected yet
  ansible.builtin.debug:
    msg: "{{ discovery.cameras | rejectattr('connected') | map(attribute='ip') | list }}"

# playbooks/connect_discovered.yml connects every camera found that is not connected yet
# to the free channels.
'''

RETURN = r'''
cameras:
  description: Every camera found, in the order of O(types) and of the NVR's answers.
  returned: success
  type: list
  elements: dict
  contains:
    model:
      description: Model name the camera reports.
      type: str
    project:
      description: Project name (C(proj)) the camera reports.
      type: str
    title:
      description: Title the camera reports.
      type: str
    ip:
      description: Address of the camera.
      type: str
    mac:
      description: MAC address of the camera.
      type: str
    http_port:
      description: HTTP port of the camera.
      type: int
    type:
      description: Camera type.
      type: int
    netmask:
      description: Netmask as the NVR reports it (may be empty).
      type: str
    gateway:
      description: Gateway as the NVR reports it (may be empty).
      type: str
    dns:
      description: DNS server as the NVR reports it (may be empty).
      type: str
    connected:
      description: Whether a camera with this address and HTTP port is connected to the NVR.
      type: bool
    channel:
      description: The channel (0-based) it is connected on, null when not connected.
      type: int
  sample:
    - model: R3V6-L0
      project: R3V6-L0
      title: Found0000
      ip: 192.0.2.10
      mac: "00:D0:89:60:00:00"
      http_port: 80
      type: 1
      netmask: 255.255.255.0
      gateway: 192.0.2.254
      dns: 192.0.2.253
      connected: false
      channel: null
types:
  description: The types searched.
  returned: success
  type: list
  elements: int
  sample: [1]
supported_types:
  description: The NVR's C(support_cam).
  returned: success
  type: list
  elements: int
  sample: [0, 1, 3, 12]
free_channels:
  description: The channels (0-based) no camera is connected on.
  returned: success
  type: list
  elements: int
  sample: [2, 3, 4]
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.discovery import DiscoveryTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = DiscoveryTask()
ARGUMENT_SPEC = dict(
    types=dict(type='list', elements='int'),
)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
