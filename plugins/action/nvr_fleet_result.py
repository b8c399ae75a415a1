# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.nvr_fleet_result: one NVR's part of the fleet check, as that NVR's own task result.

Why: the fleet check (nvr_fleet_check) is one run_once task, so Ansible's own channels (the recap,
`--diff` on the console, AWX's host summary and "relaunch on failed hosts") would see one host. This
task runs per host after it and hands each NVR its own result, from its status in the report
(`nvr_status`): drifted is `changed` (with its diff); unreachable is `unreachable`; login_refused,
refused_baseline and error (any resource errored) are `failed`; not_managed (the run manages no
resource on it) is `skipped`; in sync is `ok`.

How: it reads the registered fleet result from the host's variables (no templating of the whole
result per host); that result is compact (without each NVR's resources, plugin_utils/fleet_store.py says
why) and names a private store, of which this task reads its own NVR's file: its full result and its
entry of the report. With the fleet check's full_results, the NVR's entry of `results` is used as it is.
It costs about what a debug task costs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import NVR_STATUSES, nvr_entry, plain
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import ControllerAction
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet_store import StoreMissing, read_entry

ARGUMENT_SPEC = dict(
    results_from=dict(type='str', default='move_nvr_fleet_check'),
    fail_on_drift=dict(type='bool', default=False),
)
# What the per-host result keeps of the fleet check's result for this NVR.
KEPT = ('changed', 'msg', 'diff', 'resources', 'warnings')


# The report's NVR statuses that fail the NVR's task (unreachable makes it unreachable).
FAILED = ('error', 'login_refused', 'refused_baseline')


def host_result(result, diff_mode, fail_on_drift, host='', reported=None):
    """The task result of one NVR from its entry of the fleet check's `results`.

    Its status is the one the fleet check's report gives it (`reported`, its entry of the report's nvrs),
    so the recap and the report agree; without one, what drift_summary makes of the result.
    """
    if not isinstance(result, dict):
        return {'skipped': True, 'changed': False,
                'skip_reason': 'this NVR was not part of the fleet check (not in its batch or play)'}
    if isinstance(reported, dict) and reported.get('status') in NVR_STATUSES and isinstance(reported.get('drifted'), list):
        entry = {'status': reported['status'], 'reason': reported.get('reason') or '', 'drifted': reported['drifted']}
    else:
        entry = nvr_entry(host, plain(result))[0]
        entry['drifted'] = [name for name, cell in entry['resources'].items() if cell['status'] == 'drifted']
        if isinstance(reported, dict) and reported.get('status') in NVR_STATUSES:
            entry = dict(entry, status=reported['status'], reason=reported.get('reason') or entry['reason'])
    status = entry['status']
    own = dict((key, result[key]) for key in KEPT if key in result)
    own['nvr_status'] = status
    if not diff_mode:
        own.pop('diff', None)
    if status == 'unreachable' or status in FAILED:
        own['changed'] = False
        own['unreachable' if status == 'unreachable' else 'failed'] = True
        own['msg'] = result.get('msg') or entry['reason'] or 'the check of this NVR failed'
    elif status == 'not_managed':
        own.update(skipped=True, changed=False, skip_reason='not managed: %s' % entry['reason'])
    elif status == 'drifted' and fail_on_drift:
        own['failed'] = True
        own['msg'] = 'drifted from the baseline (move_nvr_fail_on_drift): %s' % ', '.join(entry['drifted'])
    return own


class ActionModule(ControllerAction):
    """Runs in the controller; reads the registered fleet result, sends nothing to any NVR."""

    ARGUMENT_SPEC = ARGUMENT_SPEC

    def act(self, options, task_vars):
        fleet = task_vars.get(options['results_from'])
        if not isinstance(fleet, dict) or not isinstance(fleet.get('results'), dict):
            return {'failed': True, 'msg': '%s is not the registered result of mobotix.move_nvr.nvr_fleet_check'
                    % options['results_from']}
        host = task_vars.get('inventory_hostname')
        report = fleet.get('report') if isinstance(fleet.get('report'), dict) else {}
        reported = (report.get('nvrs') or {}).get(host) if isinstance(report.get('nvrs'), dict) else None
        result = fleet['results'].get(host)
        if isinstance(result, dict) and fleet.get('results_store'):  # compact: the whole of it is in the store
            try:
                stored = read_entry(fleet['results_store'], host)
            except StoreMissing as e:
                return {'failed': True, 'msg': 'the result of %s from %s: %s' % (host, options['results_from'], e)}
            result, reported = stored.get('result'), stored.get('reported') or reported
        return host_result(result, bool(self._task.diff), options['fail_on_drift'], host, reported)
