#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: camera
short_description: Manage the camera connections of a MOBOTIX MOVE NVR
version_added: 1.0.0
description:
  - Reads the cameras connected to the NVR, compares them with O(cameras) by channel and connects, edits or
    disconnects only the channels that differ. The order of O(cameras) does not matter.
  - Every change of a run goes to the NVR in one request (C(/camera/camera_connection)), disconnections first,
    then edits, then new connections, so that a camera moved to another channel is free before it connects again.
  - Camera passwords are compared by decrypting what the NVR returns, so a second run with the same passwords
    reports no change.
  - Fields of a connected camera that this module does not know are sent back as the device reported them.
  - Before any write, the module checks every channel connected or changed against the number of channels of the
    NVR (C(num_ch) of C(/information/version)), both ports against the range 1 to 65535, and that each camera has
    an O(cameras[].ip).
  - A run that would leave no camera connected (O(state=overridden) with an empty or no O(cameras), or
    O(state=deleted) listing every connected channel) is refused unless O(allow_disconnect_all=true), so that an
    empty variable cannot disconnect a whole site.
  - Connecting, editing or disconnecting a camera also changes what depends on its channel on the NVR (its event
    actions and the template of M(mobotix.move_nvr.record_template)).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  cameras:
    description:
      - The camera connections, each identified by O(cameras[].channel).
    type: list
    elements: dict
    suboptions:
      channel:
        description:
          - Channel of the NVR, 0-based (channel V(0) is C(ch0)). Must be below the number of channels of the NVR.
        type: int
        required: true
      ip:
        description:
          - IPv4 address of the camera (the manual's "The IP address of the camera"). Required for a camera that is
            not connected yet. A host name or an IPv6 address given is refused before any write; one the NVR already
            holds and the task does not change is kept.
          - An address other than the one of the camera the channel holds means another camera arrives there. If
            another channel gives that address up in the same task, the camera moves (with V(merged) its login, MAC
            and model go with it; with V(replaced) and V(overridden) its password); otherwise it starts from a new
            camera's defaults (no MAC, model, login or password of the camera it replaces) for what is not given,
            and the result warns.
          - Cameras may swap or rotate addresses between channels in one task; the request orders its entries
            (disconnections, edits, connections) so that no address is taken while another channel holds it.
        type: str
      http_port:
        description:
          - HTTP port of the camera, 1 to 65535. V(80) for a new camera when not given.
        type: int
      rtsp_port:
        description:
          - RTSP port of the camera, 1 to 65535. V(554) for a new camera when not given.
        type: int
      protocol:
        description:
          - Streaming protocol, as the NVR names it. V(RTP+RTSP) for a new camera when not given.
          - Sent by name; an NVR that refuses the name (the manual also documents an index) is sent the index once
            more, so the RV(requests) of the apply may show the index where check mode showed the name.
        type: str
        choices: [RTP+RTSP, RTP+RTSP+HTTP, RTP+UDP]
      username:
        description:
          - Account the NVR logs in to the camera with. V(Admin), the factory account of MOBOTIX MOVE cameras, for a
            new camera when not given.
        type: str
      password:
        description:
          - Password of O(cameras[].username).
          - Not given, a connected camera keeps its password with every state, and a new camera is connected with
            an empty password, so give it for every new camera.
          - Shown as C(********) in every output.
          - The placeholders that outputs show in place of a password - V(********), V(******** (changed\)) and
            V(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER) - are refused before anything is read or written.
        type: str
      model:
        description:
          - Model name of the camera. Empty for a new camera when not given.
        type: str
      title:
        description:
          - Title of the channel, shown in the NVR's views. Empty for a new camera when not given.
        type: str
      type:
        description:
          - Device type of the camera, the number the NVR's camera search reports. V(1) for a new camera when not
            given.
          - A new or changed type must be one the NVR supports (C(support_cam) of C(/setup/default_connection_info));
            another is refused before any write.
        type: int
      mac:
        description:
          - MAC address of the camera. Empty for a new camera when not given.
        type: str
  allow_disconnect_all:
    description:
      - Allow a run to leave no camera connected. Without it such a run fails before any write.
    type: bool
    default: false
  state:
    description:
      - V(merged) connects the cameras given on free channels and changes the options given of connected ones.
      - V(replaced) sets each camera given wholly - options not given return to the defaults of a new camera,
        except the password, which is kept when not given. Channels not given are left alone.
      - V(overridden) does what V(replaced) does, and disconnects every channel not given.
      - V(deleted) disconnects the channels given; only O(cameras[].channel) matters.
    type: str
    choices: [merged, replaced, overridden, deleted]
    default: merged
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.config
seealso:
  - module: mobotix.move_nvr.camera_info
  - module: mobotix.move_nvr.record_template
  - module: mobotix.move_nvr.event_action
'''

EXAMPLES = r'''
- name: Connect the entrance cameras
  mobotix.move_nvr.camera:
    nvr_host: "{{ ansible_host }}"
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
    cameras:
      - channel: 0
        ip: 10.20.1.11
        title: Entrance north
        password: "{{ vault_camera_password }}"
      - channel: 1
        ip: 10.20.1.12
        title: Entrance south
        rtsp_port: 8554
        password: "{{ vault_camera_password }}"

- name: Rename a channel, keep everything else
  mobotix.move_nvr.camera:
    cameras:
      - channel: 1
        title: Entrance south (gate)

- name: Exactly the cameras of the site inventory, every other channel disconnected
  mobotix.move_nvr.camera:
    cameras: "{{ site_cameras }}"
    state: overridden

- name: Disconnect the camera of the demolished car park
  mobotix.move_nvr.camera:
    cameras:
      - channel: 7
    state: deleted

- name: Decommission the NVR - disconnect every camera
  mobotix.move_nvr.camera:
    cameras: []
    allow_disconnect_all: true
    state: overridden
'''

RETURN = r'''
config:
  description:
    - The connected cameras after the run (in check mode, as they would be), sorted by channel, passwords as
      C(********).
  returned: success
  type: dict
  sample:
    cameras:
      - channel: 0
        ip: 10.20.1.11
        http_port: 80
        rtsp_port: 554
        protocol: RTP+RTSP
        username: Admin
        password: "********"
        model: R3V6-L
        title: Entrance north
        type: 1
        mac: "00:D0:89:13:7C:68"
requests:
  description:
    - The write requests sent (in check mode, that would be sent), passwords as C(********).
    - At most one request, in the device's own form - C(cmd) is V(0) to connect, V(1) to disconnect and V(2) to
      edit, C(ch) the channel and C(account) the camera's user name.
  returned: success
  type: list
  elements: dict
  sample:
    - method: POST
      path: /camera/camera_connection
      body:
        list:
          - account: Admin
            ch: 7
            cmd: 1
            http_port: 80
            ip: 10.20.1.17
            mac: ""
            model: ""
            password: "********"
            protocol: RTP+RTSP
            rtsp_port: 554
            title: Car park
            type: 1
          - account: Admin
            ch: 1
            cmd: 2
            http_port: 80
            ip: 10.20.1.12
            mac: ""
            model: ""
            password: "********"
            protocol: RTP+RTSP
            rtsp_port: 8554
            title: Entrance south (gate)
            type: 1
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.camera import ARGUMENT_SPEC, RESOURCE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ConfigTask(RESOURCE)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
