#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: recording_export_info
short_description: List the export files of a MOBOTIX MOVE NVR and its export disk's space
version_added: 1.0.0
description:
  - Returns the files on the NVR's export disk (C(/datasearch/remote_export_list)), the disk's size and free space,
    and whether an export is running (C(/datasearch/remote_export_status)).
  - Reads only; never changes anything (also not in check mode).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
notes:
  - The manual does not say how an export file is downloaded from the NVR. The module returns the file names only and
    does not guess a download URL.
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.recording_export
'''

EXAMPLES = r'''
- name: List the export files
  mobotix.move_nvr.recording_export_info:
  register: exports

- name: Warn when the export disk is nearly full
  ansible.builtin.debug:
    msg: "Only {{ exports.export_size.available_mb }} MB left for exports"
  when: exports.export_size.available_mb < 500
'''

RETURN = r'''
files:
  description:
    - The export files. C(channel), C(recording_start) and C(recording_end) are read from the name
      (C(chNNNN-YYMMDDhhmmss-SECONDS-...), channel NNNN - 1), null when it is not in that pattern.
  returned: success
  type: list
  elements: dict
  sample:
    - {name: ch0001-170620005913-103-D.mp4, size_mb: 2.5, channel: 0, recording_start: "2017-06-20T00:59:13+00:00",
       recording_end: "2017-06-20T01:00:56+00:00"}
export_size:
  description: The export disk's size and free space in MB, as the NVR reports them (null if it does not).
  returned: success
  type: dict
  sample: {total_mb: 4833, available_mb: 4347}
export_status:
  description: V(working) while the NVR exports, else V(idle) (C(remote_export_status)).
  returned: success
  type: str
  sample: idle
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.exports import ExportInfoTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ExportInfoTask()
ARGUMENT_SPEC = {}


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
