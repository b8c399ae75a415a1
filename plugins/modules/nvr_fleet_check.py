#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: nvr_fleet_check
short_description: Check every NVR of the play against the baseline in one task and write the drift report
version_added: 1.0.0
description:
  - Runs what the role C(mobotix.move_nvr.baseline) runs on each NVR, in check mode with diff on, for every host of
    the play from ONE task, NVRs in parallel, and returns each NVR's result as its M(mobotix.move_nvr.nvr_config)
    task would have returned it. Nothing is written to any NVR, whatever the task's check mode.
  - Each host's task arguments are the baseline role's own (its C(nvr_config) task and its defaults), templated with
    that host's variables with the same precedence as a task of this play on that host (inventory, play and role
    variables, facts, extra variables). Each NVR is validated and checked by the same code as
    M(mobotix.move_nvr.nvr_config), so C(changed), diffs, errors and masking are the same.
  - The role C(mobotix.move_nvr.drift_report) uses it; it is what makes a drift check of hundreds of NVRs take
    seconds, not minutes (Ansible's cost per host and task is paid once, not per NVR).
  - Runs in the controller only (it is an action plugin; it reads the variables of every host of the play). Use it
    with C(run_once).
  - A failure on one NVR (no answer, login refused, refused variables) is recorded in its result and in the
    report; the task itself fails only for its own options or when the report cannot be written.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  hosts:
    description:
      - The inventory hosts to check. Default is the hosts of the play's current batch (C(ansible_play_batch)).
    type: list
    elements: str
  workers:
    description:
      - How many NVRs are checked at the same time (threads of the controller). Default is the number of forks.
    type: int
  processes:
    description:
      - How many processes share the NVRs (this one and copies of it forked for the task), so that more than one
        core of the controller works on the check; the O(workers) threads are divided among them.
      - Default is one per core of the controller, but no more than one per 25 NVRs (a small fleet is checked in
        this process alone).
    type: int
  report_dir:
    description:
      - Directory on the controller to write C(drift.json), C(drift.html) and C(drift.junit.xml) to, created if
        missing; see the role C(mobotix.move_nvr.drift_report) for their content. No file is written without it.
      - A relative path is taken from the directory C(ansible-playbook) runs in.
      - With C(serial), each batch of the same run adds its NVRs to the report in this directory (a report of
        another run is replaced); NVRs of batches still to come are C(pending).
    type: path
  report_title:
    description: Title of C(drift.html) and name of the JUnit test suite.
    type: str
    default: NVR drift report
  baseline_label:
    description:
      - A label of the baseline (for example the commit of the inventory), written into the report with the fingerprint
        of the baseline role's task and the collection version (C(baseline) of the report); the merge of slice reports
        (M(mobotix.move_nvr.nvr_report_merge)) refuses reports whose baselines differ.
    type: str
    default: ''
  progress:
    description:
      - Show the progress of the check on the console as it goes (NVRs checked of the total, drifted and failed so
        far), at most one line every 5 seconds and none for a check shorter than that; counted over every process.
      - V(auto) when C(ansible-playbook) writes to a terminal and its stdout callback is not a machine format;
        V(always); V(never).
    type: str
    choices: [auto, always, never]
    default: auto
attributes:
  check_mode:
    support: full
    description: The NVRs are always checked in check mode; the task never writes to any NVR.
  diff_mode:
    support: full
    description:
      - The diffs of every drifted resource of each NVR are in that NVR's entry of RV(results), secrets as C(********).
      - The task itself returns no diff (it changes nothing); M(mobotix.move_nvr.nvr_fleet_result) shows each NVR's
        diffs on the console.
  platform:
    platforms: controller
    support: full
    description: Runs in the controller process; the NVRs are reached over HTTP(S) from there.
notes:
  - The report covers every host of the play (C(ansible_play_hosts_all)), or the hosts of C(--limit) (the report says
    so); a host that left the play before this task has no result and is reported as C(error).
  - Each NVR's status is one of C(in_sync), C(drifted), C(error), C(login_refused), C(refused_baseline),
    C(unreachable), C(not_managed) and C(pending); see the role C(mobotix.move_nvr.drift_report).
  - Run M(mobotix.move_nvr.nvr_fleet_result) after it on every host, so that the recap, C(--diff) and AWX show each
    NVR as it is.
seealso:
  - module: mobotix.move_nvr.nvr_config
  - module: mobotix.move_nvr.nvr_info
'''

EXAMPLES = r'''
- name: Check every NVR of the play against the baseline and write the report
  mobotix.move_nvr.nvr_fleet_check:
    report_dir: drift-report
  run_once: true
  register: fleet_check

- name: Show which NVRs drifted
  ansible.builtin.debug:
    msg: "{{ fleet_check.report.summary.drifted }} of {{ fleet_check.report.summary.nvrs }} drifted: {{ fleet_check.drifted | join(', ') }}"
  run_once: true
'''

RETURN = r'''
results:
  description:
    - Inventory host name to what its baseline task (M(mobotix.move_nvr.nvr_config)) returned in check mode with
      diff on; a host that could not be checked has C(failed), C(msg) and C(managed) (the resources it was to be
      checked for).
  returned: always
  type: dict
  sample:
    nvr-01:
      changed: true
      resources:
        email:
          changed: true
          diff: {before: {server: smtp-old.example.com}, after: {server: smtp.example.com}}
drifted:
  description: The hosts on which an apply of the baseline would change something.
  returned: always
  type: list
  elements: str
  sample: [nvr-01]
failed_hosts:
  description: The hosts that could not be checked, or had a resource that could not be checked.
  returned: always
  type: list
  elements: str
  sample: []
report:
  description: The fleet report, as the filter P(mobotix.move_nvr.drift_summary#filter) gives it.
  returned: always
  type: dict
  sample:
    status: drifted
    headline: 1 of 2 NVRs drifted
    summary: {nvrs: 2, in_sync: 1, drifted: 1, errored: 0, unreachable: 0, login_refused: 0, refused_baseline: 0,
              not_managed: 0, pending: 0}
report_files:
  description: The path of each file written, when O(report_dir) is given.
  returned: when O(report_dir) is given
  type: dict
  sample:
    drift.json: /srv/reports/drift.json
    drift.html: /srv/reports/drift.html
    drift.junit.xml: /srv/reports/drift.junit.xml
'''
