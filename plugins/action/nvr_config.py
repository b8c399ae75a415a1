# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import for_caller
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import NvrAction
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.role_variables import check_unknown_variables


class ActionModule(NvrAction):
    """Runs mobotix.move_nvr.nvr_config inside the controller (see plugin_utils/action.py).

    Two things only the controller can do, for the role that passes its variables as the options:
    check the host's move_nvr_* variables (unknown_variables: a misspelt role variable fails that NVR
    before any request), and word the result as the caller knows its options (option_labels), at
    default verbosity without every resource's config in a failure. Both on either execution path
    (move_nvr_execution). This is what the baseline role's one task costs beyond nvr_config itself:
    no task more per host.
    """

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        labels = self._task.args.get('option_labels')
        # A value the options' check refuses (not fail, warn or ignore) is not acted on here: the run below refuses it.
        problem, warnings = check_unknown_variables(self._task.args.get('unknown_variables'), task_vars, labels)
        if problem:
            result = ActionBase.run(self, tmp, task_vars)
            result.update(failed=True, changed=False, msg=problem)
            return result
        result = super(ActionModule, self).run(tmp, task_vars)
        if warnings:
            result['warnings'] = warnings + list(result.get('warnings') or [])
        return for_caller(result, labels, self._display.verbosity > 0)
