# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.nvr_fleet_result: one NVR's part of the fleet check, as that NVR's own task result.

Why: the fleet check (nvr_fleet_check) is one run_once task, so Ansible's own channels (the recap,
`--diff` on the console, AWX's host summary and "relaunch on failed hosts") would see one host. This
task runs per host after it and hands each NVR its own result: drifted is `changed` (with its diff),
a check that failed is `failed` (or `unreachable` when the NVR could not be reached), in sync is `ok`.

How: it reads the registered fleet result from the host's variables (no templating of the whole
result per host; only this host's entry is copied), so it costs about what a debug task costs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase

from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import first_error

ARGUMENT_SPEC = dict(
    results_from=dict(type='str', default='move_nvr_fleet_check'),
    fail_on_drift=dict(type='bool', default=False),
)
# What the per-host result keeps of the fleet check's result for this NVR.
KEPT = ('changed', 'msg', 'diff', 'resources', 'warnings')


def host_result(result, diff_mode, fail_on_drift):
    """The task result of one NVR from its entry of the fleet check's `results`."""
    if not isinstance(result, dict):
        return {'skipped': True, 'changed': False,
                'skip_reason': 'this NVR was not part of the fleet check (not in its batch or play)'}
    own = dict((key, result[key]) for key in KEPT if key in result)
    if not diff_mode:
        own.pop('diff', None)
    if result.get('failed'):
        own['changed'] = False
        own['unreachable' if result.get('unreachable') else 'failed'] = True
        own['msg'] = result.get('msg') or 'the check of this NVR failed'
    elif result.get('changed') and fail_on_drift:
        own['failed'] = True
        own['msg'] = 'drifted from the baseline (move_nvr_fail_on_drift): %s' % ', '.join(
            name for name, res in sorted((result.get('resources') or {}).items()) if res.get('changed'))
    return own


class ActionModule(ActionBase):
    """Runs in the controller; reads the registered fleet result, sends nothing to any NVR."""

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        validated = ArgumentSpecValidator(ARGUMENT_SPEC).validate(self._task.args)
        if validated.error_messages:
            result.update(failed=True, msg=first_error(validated, self._task.resolved_action or self._task.action))
            return result
        options = validated.validated_parameters
        fleet = task_vars.get(options['results_from'])
        if not isinstance(fleet, dict) or not isinstance(fleet.get('results'), dict):
            result.update(failed=True, msg='%s is not the registered result of mobotix.move_nvr.nvr_fleet_check'
                          % options['results_from'])
            return result
        host = task_vars.get('inventory_hostname')
        result.update(host_result(fleet['results'].get(host), bool(self._task.diff), options['fail_on_drift']))
        return result
