# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.nvr_fleet_check: the baseline in check mode on every NVR of the play, in one task.

The documentation is in plugins/modules/nvr_fleet_check.py; the work in
plugin_utils/fleet.py (the check) and plugin_utils/drift_report.py (the files).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import os
import traceback

from ansible import constants as C
from ansible import context
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase

from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import drift_summary
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import first_error
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.drift_report import write_report
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet import (
    FleetCheck, HostVariables, baseline_argument_spec, baseline_task)

HOSTS_PER_PROCESS = 25
ARGUMENT_SPEC = dict(
    hosts=dict(type='list', elements='str'),
    workers=dict(type='int'),
    processes=dict(type='int'),
    report_dir=dict(type='path'),
    report_title=dict(type='str', default='NVR drift report'),
)


def default_processes(host_count):
    """One process per core, but none for fewer than HOSTS_PER_PROCESS hosts (a fork costs more than it saves)."""
    return max(1, min(usable_cores(), host_count // HOSTS_PER_PROCESS))


def usable_cores():
    """The cores this process may run on (a container's or taskset's limit), else all of them."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def fleet_diff(results):
    """Every NVR's diffs as one task's diff, each header naming the NVR."""
    diffs = []
    for host, result in results.items():
        for diff in result.get('diff') or []:
            diffs.append(dict(diff, before_header='%s: %s' % (host, diff.get('before_header', '')),
                              after_header='%s: %s' % (host, diff.get('after_header', ''))))
    return diffs


class ActionModule(ActionBase):
    """Runs in the controller only: it reads every host's variables, which a module cannot."""

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
        try:
            result.update(self.check(validated.validated_parameters, task_vars))
        except Exception as e:  # pylint: disable=broad-except
            # A bug of ours ends in one line (the traceback only at -vvv), as in the modules.
            result.update(failed=True, exception=traceback.format_exc(),
                          msg='internal error in mobotix.move_nvr (%s: %s); please report it' % (type(e).__name__, e))
        return result

    def check(self, options, task_vars):
        """The fleet check and its report: the task's result."""
        result = {}
        hosts = options['hosts'] if options['hosts'] is not None else list(task_vars.get('ansible_play_batch') or [])
        workers = options['workers'] or context.CLIARGS.get('forks') or C.DEFAULT_FORKS

        args_template, defaults = baseline_task(self._loader)
        variables = HostVariables(self._task, task_vars, self._templar, defaults)
        processes = options['processes'] or default_processes(len(hosts))
        fleet = FleetCheck(variables, args_template, workers, processes, baseline_argument_spec(self._loader))
        results = fleet.run(hosts)

        # The report covers the whole play: an NVR that left the play before this task is unreachable.
        play_hosts = list(task_vars.get('ansible_play_hosts_all') or [])
        everyone = play_hosts + [host for host in hosts if host not in play_hosts]
        report_input = dict((host, results.get(host)) for host in everyone)
        generated = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        report = drift_summary(report_input, generated)
        result.update(changed=False, results=results, report=report,
                      drifted=sorted(h for h, r in results.items() if r.get('changed')),
                      failed_hosts=sorted(h for h, r in results.items() if r.get('failed')))
        if self._task.diff:
            result['diff'] = fleet_diff(results)
        if options['report_dir']:
            directory = os.path.abspath(options['report_dir'])
            try:
                result['report_files'] = write_report(report, directory, options['report_title'])
            except (IOError, OSError) as e:
                result.update(failed=True, msg='could not write the drift report under %s: %s' % (directory, e))
        return result
