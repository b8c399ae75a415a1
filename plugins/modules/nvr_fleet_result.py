#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: nvr_fleet_result
short_description: Give each NVR its own result of the fleet drift check
version_added: 1.1.0
description:
  - M(mobotix.move_nvr.nvr_fleet_check) checks every NVR of the play from one C(run_once) task, so Ansible's recap,
    C(--diff) output and AWX's host summary would see one host. Run this task on every host after it (without
    C(run_once)), and each NVR gets its own result of that check.
  - Each NVR's result follows its status in the drift report (RV(nvr_status)). A drifted NVR is C(changed), with
    the diff of each drifted resource when diff mode is on; an NVR that could not be reached is C(unreachable);
    one that refused the login (C(login_refused)), whose variables were refused before any request
    (C(refused_baseline)) or with any resource that could not be checked (C(error)) is C(failed); one on which the
    run manages no resource (C(not_managed)) is C(skipped); an NVR in sync is C(ok). With O(fail_on_drift), a
    drifted NVR is C(failed) too, and only the drifted NVRs are. An NVR the fleet check wrote to the baseline
    (C(remediated), with its option O(mobotix.move_nvr.nvr_fleet_check#module:remediate)) is C(changed), not failed.
  - It reads the registered result of the fleet check and sends nothing to any NVR. The fleet check's result is
    compact by default; the whole result of this NVR is then read from the private store it names
    (RV(mobotix.move_nvr.nvr_fleet_check#module:results_store)), which lives as long as the C(ansible-playbook) run.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  results_from:
    description: The name of the variable the fleet check was registered as.
    type: str
    default: move_nvr_fleet_check
  fail_on_drift:
    description: Fail the NVRs that drifted from the baseline (not only those whose check failed).
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Reads a registered result only; the same in check mode.
  diff_mode:
    support: full
    description: The NVR's diffs as the fleet check found them, secrets as C(********).
  platform:
    platforms: controller
    support: full
    description: Runs in the controller process.
notes:
  - A host that was not part of the fleet check (another batch, or left out) is C(skipped).
  - Run it in the same C(ansible-playbook) run as the fleet check (its private store is removed when the run ends).
seealso:
  - module: mobotix.move_nvr.nvr_fleet_check
'''

EXAMPLES = r'''
- name: Check every NVR of the play against the baseline
  mobotix.move_nvr.nvr_fleet_check:
    report_dir: drift-report  # under the directory ansible-playbook runs in
  run_once: true
  register: move_nvr_fleet_check

- name: Each NVR as it is, in the recap and with --diff
  mobotix.move_nvr.nvr_fleet_result:
    fail_on_drift: true
'''

RETURN = r'''
changed:
  description: Whether an apply of the baseline would change this NVR.
  returned: always
  type: bool
resources:
  description: Each resource of this NVR as the fleet check returned it (C(changed), C(config), C(requests), C(msg)).
  returned: when the NVR was checked
  type: dict
msg:
  description: Why the NVR failed (its check failed, or it drifted and O(fail_on_drift) is on).
  returned: on failure
  type: str
nvr_status:
  description:
    - The NVR's status in the drift report - C(in_sync), C(drifted), C(remediated), C(error), C(login_refused),
      C(refused_baseline), C(unreachable) or C(not_managed); see the filter P(mobotix.move_nvr.drift_summary#filter).
  returned: when the NVR was part of the fleet check
  type: str
  sample: drifted
'''
