#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: recording_export
short_description: Export recordings of a MOBOTIX MOVE NVR to files on the NVR, or remove export files
version_added: 1.0.0
description:
  - With O(state=present), exports the recording of one channel between O(start) and O(end) to files on the NVR's
    export disk (C(/datasearch/remote_export_async)), waits until the NVR's export status
    (C(/datasearch/remote_export_status)) is idle again, and returns the files that appeared in its export list
    (C(/datasearch/remote_export_list)).
  - Before it starts, it checks the window (not reversed, not in the future, at most 86400 seconds), the channel
    against the NVR's number of channels, O(disk_group) against the NVR's active disk groups, that the channel has
    a recording in the window (C(/datasearch/estimate_export_channel_list)), and that no export is running. Any of
    these fails the task before the export starts.
  - O(state=present) always starts an export and reports a change (an export is an action, not a setting); guard
    the task with C(when) to export once.
  - With O(state=absent), removes the files named in O(files), or every file whose recording ended more than
    O(older_than) ago (C(/datasearch/remove_remote_export_list)). A named file that does not exist is reported in
    RV(missing) and is not a failure; a run that removes nothing reports no change.
  - In check mode nothing is written; RV(requests) shows what would be sent and C(changed) is what the run would
    report.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  state:
    description:
      - V(present) exports, V(absent) removes export files.
    type: str
    choices: [present, absent]
    default: present
  channel:
    description:
      - The channel (0-based) to export. Required with O(state=present).
    type: int
  start:
    description:
      - Start of the window - epoch seconds, or the NVR's local date and time V(YYYY-MM-DD HH:MM:SS). Required with
        O(state=present); must not be in the future.
    type: raw
  end:
    description:
      - End of the window, in the same forms as O(start); after O(start), at most 86400 seconds after it. Required
        with O(state=present).
    type: raw
  stream_type:
    description:
      - Stream type of the export (the manual's C(stream_type)). The manual lists no values; the NVR's refusal of a
        value is shown with its message.
    type: str
    default: main
  media_format:
    description:
      - Media format of the export (the manual's C(media_fmt)). The manual lists no values; its file names end in
        C(.mp4).
    type: str
    default: mp4
  disk_group:
    description:
      - The disk group (C(group_id)) to export from; must be one of the NVR's active groups (C(group_rec_list)).
    type: int
    default: 0
  wait_timeout:
    description:
      - Seconds to wait for the export to finish, V(1) to V(86400). When the NVR still says C(working) after it, the
        task fails with the files seen so far in RV(files).
    type: int
    default: 300
  poll_interval:
    description:
      - Seconds between two looks at the export status, V(0.1) to V(60).
    type: float
    default: 2
  files:
    description:
      - With O(state=absent), the names of the files to remove, as RV(files) or
        M(mobotix.move_nvr.recording_export_info) returns them.
    type: list
    elements: str
  older_than:
    description:
      - With O(state=absent), remove every file whose recording ended more than this long ago - seconds, or a number
        with a unit V(s), V(m), V(h), V(d) or V(w) (V(7d)).
      - The list of the NVR gives no file dates; the age is read from the file's name (C(chNNNN-YYMMDDhhmmss-SECONDS-...),
        the recording's start in the NVR's local time and its length). Files named otherwise are kept, with a warning.
    type: str
notes:
  - The manual does not say how an export file is downloaded from the NVR. The module returns the file names only and
    does not guess a download URL.
attributes:
  check_mode:
    support: full
    description: In check mode no write request is sent; C(changed) and RV(requests) show what a real run would do.
  diff_mode:
    support: none
    description: Export files are not configuration; RV(requests), RV(removed) and RV(files) say what changes.
  action_group:
    support: full
    membership: [mobotix.move_nvr.all]
    description: Use C(group/mobotix.move_nvr.all) in the C(module_defaults) keyword to set the connection options once.
extends_documentation_fragment:
  - mobotix.move_nvr.connection
seealso:
  - module: mobotix.move_nvr.recording_export_info
'''

EXAMPLES = r'''
- name: Export an hour of channel 3 for an evidence request
  mobotix.move_nvr.recording_export:
    channel: 3
    start: "2026-11-30 07:00:00"
    end: "2026-11-30 08:00:00"
    wait_timeout: 900
  register: evidence

- name: Show the files created
  ansible.builtin.debug:
    msg: "{{ evidence.files | map(attribute='name') | list }}"

- name: Remove export files older than a week
  mobotix.move_nvr.recording_export:
    state: absent
    older_than: 7d
'''

RETURN = r'''
files:
  description:
    - With O(state=present), the files the export created (on a timeout, those seen so far); with O(state=absent),
      the files left on the export disk.
    - C(channel), C(recording_start) and C(recording_end) are read from the name, null when it is not in the
      manual's pattern.
  returned: success, and when the export did not finish within O(wait_timeout)
  type: list
  elements: dict
  sample:
    - {name: ch0004-261130070000-3600-D.mp4, size_mb: 90.0, channel: 3, recording_start: "2026-11-30T07:00:00+00:00",
       recording_end: "2026-11-30T08:00:00+00:00"}
export_size:
  description: The export disk's size and free space in MB, as the NVR reports them.
  returned: success (not in check mode with O(state=present))
  type: dict
  sample: {total_mb: 4833, available_mb: 4257}
export:
  description: The export started (or in check mode, that would be started).
  returned: O(state=present)
  type: dict
  sample: {channel: 3, start: "2026-11-30T07:00:00+00:00", end: "2026-11-30T08:00:00+00:00"}
removed:
  description: The files removed (in check mode, that would be removed).
  returned: O(state=absent)
  type: list
  elements: str
missing:
  description: The files of O(files) that do not exist on the NVR (nothing to remove).
  returned: O(state=absent)
  type: list
  elements: str
requests:
  description: The writes sent, or in check mode that would be sent - method, path and body.
  returned: always
  type: list
  elements: dict
  sample:
    - {method: POST, path: /datasearch/remote_export_async,
       body: {ch: 3, start_time: 1796022000, end_time: 1796025600, stream_type: main, media_fmt: mp4, group_id: 0}}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.exports import ExportTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ExportTask()
ARGUMENT_SPEC = dict(
    state=dict(type='str', choices=['present', 'absent'], default='present'),
    channel=dict(type='int'),
    start=dict(type='raw'),
    end=dict(type='raw'),
    stream_type=dict(type='str', default='main'),
    media_format=dict(type='str', default='mp4'),
    disk_group=dict(type='int', default=0),
    wait_timeout=dict(type='int', default=300),
    poll_interval=dict(type='float', default=2),
    files=dict(type='list', elements='str'),
    older_than=dict(type='str'),
)
MODULE_KWARGS = dict(
    required_if=[('state', 'present', ('channel', 'start', 'end')), ('state', 'absent', ('files', 'older_than'), True)],
    mutually_exclusive=[('files', 'older_than')],
)


def main():
    run_module(TASK, ARGUMENT_SPEC, **MODULE_KWARGS)


if __name__ == '__main__':
    main()
