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
    task would have returned it. Nothing is written to any NVR, whatever the task's check mode, unless O(remediate)
    is on.
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
  full_results:
    description:
      - Return every NVR's whole result in RV(results) and every NVR's resources in RV(report) (configs, diffs,
        requests).
      - V(false) (the default) returns them compact - each NVR's result and report entry without its C(resources) and
        C(diff) - and keeps the whole of them in a private directory (RV(results_store)) for
        M(mobotix.move_nvr.nvr_fleet_result), which gives each NVR its whole result; the report files always hold
        everything. Passing every NVR's whole result through Ansible's callbacks was about a third of the CPU of a
        drift check of 200 NVRs.
    type: bool
    default: false
    version_added: 1.1.0
  remediate:
    description:
      - Apply the baseline instead of only checking it - each NVR is read and, where it drifted, written in the same
        session, by the engine of M(mobotix.move_nvr.nvr_config) not in check mode, as a per-host apply of the role
        C(mobotix.move_nvr.baseline) writes it. An NVR in sync gets no write.
      - The report then says, per NVR, C(remediation) - C(remediated) (written, status C(remediated); each resource
        written has status C(remediated) with its diff and the requests sent), C(failed) (its check or apply failed)
        or C(none) (nothing to write) - and C(remediate) is C(true).
      - In check mode (C(--check)) nothing is written; the task is the drift check.
    type: bool
    default: false
    version_added: 1.1.0
attributes:
  check_mode:
    support: full
    description:
      - The NVRs are checked in check mode; the task writes to no NVR, unless O(remediate) is on and the task is not
        in check mode.
  diff_mode:
    support: full
    description:
      - The diffs of every drifted resource of each NVR are in that NVR's result (RV(results) with O(full_results),
        else M(mobotix.move_nvr.nvr_fleet_result) and the report files), secrets as C(********).
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
      diff on (with O(remediate), not in check mode); a host that could not be checked has C(failed), C(msg) and
      C(managed) (the resources it was to be checked for).
    - Without O(full_results) (the default) each result is compact, without its C(resources) and C(diff); the whole
      result is in RV(results_store), for M(mobotix.move_nvr.nvr_fleet_result), and in the report files.
  returned: always
  type: dict
  sample:
    nvr-01:
      changed: true
    nvr-02:
      changed: false
      failed: true
      msg: 'NVR 192.0.2.12:443: connection failed (connection refused)'
      nvr_failure: unreachable
      managed: [email]
drifted:
  description:
    - The hosts on which an apply of the baseline would change something (with O(remediate), on which it changed
      something).
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
results_store:
  description:
    - A private directory (under the temporary directory of the C(ansible-playbook) run, removed when it ends) with
      each NVR's whole result and report entry, which M(mobotix.move_nvr.nvr_fleet_result) reads for its NVR.
  returned: without O(full_results) (unless the directory could not be written; the task then warns)
  type: str
  version_added: 1.1.0
remediated:
  description: The hosts written to the baseline without a failure (status C(remediated) in the report).
  returned: when O(remediate) is on and the task is not in check mode
  type: list
  elements: str
  sample: [nvr-01]
  version_added: 1.1.0
report:
  description:
    - The fleet report, as the filter P(mobotix.move_nvr.drift_summary#filter) gives it.
    - Without O(full_results) (the default) each NVR's entry of C(nvrs) is without its C(resources) (status, reason,
      drifted and errored stay); the report files under O(report_dir) hold every cell.
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
