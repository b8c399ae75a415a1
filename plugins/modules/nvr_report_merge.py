#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: nvr_report_merge
short_description: Merge the drift reports of the slices of a fleet into one fleet report
version_added: 1.0.0
description:
  - Reads the C(drift.json) of each slice of a fleet checked in slices (AWX job slicing, C(--limit) batches of a
    scheduler; each slice written by M(mobotix.move_nvr.nvr_fleet_check) into its own directory) and writes one
    fleet report, C(drift.json), C(drift.html) and C(drift.junit.xml), with the same writer as the fleet check.
  - Refuses, naming the slice in one line, a slice report that is missing, not JSON or not a drift report, reports
    checked against different baselines (their C(baseline) - the fingerprint of the baseline role's task, the
    collection version, the label C(move_nvr_baseline_label) - differ), and reports written more than
    O(max_spread) minutes apart (a slice of another run). Nothing is written then.
  - An NVR found in more than one slice keeps the result of the newest slice; the merged report lists it under
    C(run.duplicates) and the task warns. An NVR C(pending) in a slice is taken only when no slice checked it.
  - Contacts no NVR. Used by the role C(mobotix.move_nvr.drift_report), entry point C(merge)
    (C(playbooks/drift_merge.yml)).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  reports:
    description:
      - The slice reports, each a directory holding C(drift.json) or the path of a C(drift.json) file.
      - Give either O(reports) or O(slices_dir).
    type: list
    elements: path
  slices_dir:
    description:
      - A directory whose every subdirectory is the report directory of one slice.
      - Give either O(reports) or O(slices_dir).
    type: path
  slice_count:
    description: The number of slices expected; a different number found is refused (a slice that wrote nothing).
    type: int
  max_spread:
    description:
      - The most minutes allowed between the oldest and the newest slice report (their C(generated) times);
        V(0) does not check.
    type: int
    default: 360
  report_dir:
    description: Directory on the controller for the merged report's three files, created if missing.
    type: path
    required: true
  report_title:
    description: Title of C(drift.html) and name of the JUnit test suite.
    type: str
    default: NVR drift report
attributes:
  check_mode:
    support: full
    description: The merged report is written also in check mode; no NVR is contacted.
  diff_mode:
    support: none
    description: Writes report files on the controller only; there is no NVR setting to show a diff of.
  platform:
    platforms: controller
    support: full
    description: Runs in the controller process and reads and writes files there.
seealso:
  - module: mobotix.move_nvr.nvr_fleet_check
'''

EXAMPLES = r'''
- name: Merge the reports of four slices
  mobotix.move_nvr.nvr_report_merge:
    slices_dir: /shared/drift/2026-11-30
    slice_count: 4
    report_dir: /shared/drift/2026-11-30-fleet
'''

RETURN = r'''
report:
  description:
    - The merged fleet report, as the filter P(mobotix.move_nvr.drift_summary#filter) gives it; C(run.slices) lists
      the slices merged, C(run.duplicates) the NVRs found in more than one.
  returned: success
  type: dict
  sample:
    status: drifted
    headline: 1 of 8 NVRs drifted
report_files:
  description: The path of each file written.
  returned: success
  type: dict
  sample:
    drift.json: /shared/drift/fleet/drift.json
    drift.html: /shared/drift/fleet/drift.html
    drift.junit.xml: /shared/drift/fleet/drift.junit.xml
'''
