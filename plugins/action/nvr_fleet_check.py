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
import json
import os
import subprocess

from ansible import constants as C
from ansible import context
from ansible.utils.display import Display

from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import drift_summary
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import ControllerAction
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.drift_report import write_report
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet import (
    FleetCheck, HostVariables, Progress, baseline_argument_spec, baseline_identity, baseline_task)
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet_store import write_store

HOSTS_PER_PROCESS = 25
ARGUMENT_SPEC = dict(
    hosts=dict(type='list', elements='str'),
    workers=dict(type='int'),
    processes=dict(type='int'),
    report_dir=dict(type='path'),
    report_title=dict(type='str', default='NVR drift report'),
    baseline_label=dict(type='str', default=''),
    progress=dict(type='str', default='auto', choices=['auto', 'always', 'never']),
    full_results=dict(type='bool', default=False),
    remediate=dict(type='bool', default=False),
)
# What the compact result keeps of each NVR's result (the rest is in results_store, the report files and the
# NVR's own task, nvr_fleet_result) and of each NVR's entry of the report.
COMPACT_DROPPED = ('resources', 'diff')
TERMINALS = ('/dev/pts/', '/dev/tty', '/dev/console')


def default_processes(host_count):
    """One process per core, but none for fewer than HOSTS_PER_PROCESS hosts (a fork costs more than it saves)."""
    return max(1, min(usable_cores(), host_count // HOSTS_PER_PROCESS))


def usable_cores():
    """The cores this process may run on (a container's or taskset's limit), else all of them."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


class ActionModule(ControllerAction):
    """Runs in the controller only: it reads every host's variables, which a module cannot."""

    ARGUMENT_SPEC = ARGUMENT_SPEC

    def act(self, options, task_vars):
        """The fleet check and its report: the task's result."""
        result = {}
        hosts = options['hosts'] if options['hosts'] is not None else list(task_vars.get('ansible_play_batch') or [])
        workers = options['workers'] or context.CLIARGS.get('forks') or C.DEFAULT_FORKS

        args_template, defaults = baseline_task(self._loader)
        variables = HostVariables(self._task, task_vars, self._templar, defaults)
        processes = options['processes'] or default_processes(len(hosts))
        progress = Progress(len(hosts), Display().display) if show_progress(options['progress']) else None
        # Remediation writes; in check mode (--check) it is the drift check it always was: nothing is written.
        apply = options['remediate'] and not self._task.check_mode
        fleet = FleetCheck(variables, args_template, workers, processes, baseline_argument_spec(self._loader), progress,
                           apply=apply)
        results = fleet.run(hosts)

        directory = os.path.abspath(options['report_dir']) if options['report_dir'] else None
        run = run_identity()
        previous = previous_report(directory, run['id'])
        if previous is not None:
            run['batches'] = previous['run'].get('batches', 1) + 1
        if options['hosts'] is not None:  # the hosts asked for, and only them
            report_input, pending = dict((host, results.get(host)) for host in hosts), []
        else:
            report_input, pending = report_scope(hosts, results, task_vars, previous, in_batches(self._task),
                                                 directory is not None)
        generated = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        report = drift_summary(report_input, generated, previous=previous, pending=pending,
                               limit=task_vars.get('ansible_limit') or None, run=run,
                               baseline=baseline_identity(args_template, defaults, options['baseline_label']),
                               remediate=apply)
        changed_hosts = sorted(h for h, r in results.items() if r.get('changed'))
        # (changed: false even when NVRs were written: this one task runs on one host; each NVR's own task,
        # nvr_fleet_result, is changed where its NVR drifted or was written.)
        result.update(changed=False, drifted=changed_hosts,
                      failed_hosts=sorted(h for h, r in results.items() if r.get('failed')))
        if apply:  # the NVRs written to the baseline, without a failure
            result['remediated'] = sorted(h for h in results if (report['nvrs'].get(h) or {}).get('status') == 'remediated')
        elif options['remediate']:
            result['warnings'] = ['remediate is on, but the task is in check mode: nothing was written, the NVRs were checked']
        if directory:
            try:
                result['report_files'] = write_report(report, directory, options['report_title'])
            except (IOError, OSError) as e:
                result.update(failed=True, msg='could not write the drift report under %s: %s' % (directory, e))
        slim = slim_results(results, report, options['full_results'])
        result['warnings'] = result.get('warnings', []) + slim.pop('warnings', [])
        if not result['warnings']:
            del result['warnings']
        result.update(slim)
        return result


def slim_results(results, report, full):
    """{results, report[, results_store]}: every NVR's whole result and the whole report (full), else each NVR's
    result and report entry without its resources and diffs, the whole of them in a private store that each NVR's
    own task (nvr_fleet_result) reads (plugin_utils/fleet_store.py says why).

    A store that cannot be written: the whole results, as with full, and a warning.
    """
    if not full:
        nvrs = report.get('nvrs') or {}
        try:
            store = write_store(dict((host, {'result': result, 'reported': compact(nvrs.get(host))})
                                     for host, result in results.items()))
        except (IOError, OSError, TypeError, ValueError) as e:
            return {'results': results, 'report': report,
                    'warnings': ['each NVR\'s result is in this task\'s result: no private store (%s)' % e]}
        return {'results': dict((host, compact(result)) for host, result in results.items()),
                'report': dict(report, nvrs=dict((host, compact(nvr)) for host, nvr in nvrs.items())),
                'results_store': store}
    return {'results': results, 'report': report}


def compact(value):
    """A result or a report entry without its bulk (COMPACT_DROPPED)."""
    if not isinstance(value, dict):
        return value
    return dict((key, item) for key, item in value.items() if key not in COMPACT_DROPPED)


def show_progress(mode):
    """Whether the check shows its progress on the console: always, never, or auto - when the console of
    ansible-playbook is a terminal and its stdout callback is not a machine format (json, yaml...).

    How: this task runs in a worker process whose stdout is /dev/null (ansible-core detaches it; its Display
    calls are sent to the ansible-playbook process), so the terminal asked about is ansible-playbook's, the
    worker's parent: its standard output as /proc shows it (auto is never on where /proc is missing).
    """
    if mode != 'auto':
        return mode == 'always'
    callback = str(getattr(C, 'DEFAULT_STDOUT_CALLBACK', 'default') or 'default')
    if callback.rsplit('.', 1)[-1] not in ('default', 'minimal', 'dense', 'debug', 'unixy', 'yaml_default'):
        return False
    return is_terminal(os.getppid())


def is_terminal(pid):
    """Whether process pid writes its standard output to a terminal (Linux /proc; False where unknown)."""
    try:
        return os.readlink('/proc/%d/fd/1' % pid).startswith(TERMINALS)
    except OSError:
        return False


def in_batches(task):
    """Whether the task's play runs its hosts in batches (`serial`)."""
    play = task.get_play()
    return bool(getattr(play, 'serial', None))


def report_scope(hosts, results, task_vars, previous, batches, merging):
    """({host: result or None} for the report, [hosts pending]) of this task in its play.

    Why: the report covers the play, one report per run, also with `serial` (then this task runs once per
    batch and checks that batch). How: the hosts checked now; then the play's hosts (ansible_play_hosts_all)
    that are neither checked now nor in the report of an earlier batch of this run (`previous`): in a play
    with batches, those still in the play (ansible_play_hosts) are pending (a later batch); the others left
    the play before their check (a failure before this task): no result. With batches but no report file to
    merge with (`merging`: no report_dir), which other hosts were checked is not known: the report is this
    batch's.
    """
    report_input = dict((host, results.get(host)) for host in hosts)
    if batches and not merging:
        return report_input, []
    active = set(task_vars.get('ansible_play_hosts') or [])
    checked_before = set(previous_checked(previous))
    pending = []
    for host in task_vars.get('ansible_play_hosts_all') or []:
        if host in report_input or host in checked_before:
            continue
        if batches and host in active:
            pending.append(host)
        else:
            report_input[host] = None
    return report_input, pending


def previous_checked(previous):
    """The hosts a report lists as checked (not pending)."""
    nvrs = (previous or {}).get('nvrs') or {}
    return [host for host, nvr in nvrs.items() if isinstance(nvr, dict) and nvr.get('status') != 'pending']


def previous_report(directory, run_id):
    """drift.json in directory when an earlier batch of this run wrote it, else None (another run's is replaced)."""
    if not directory:
        return None
    try:
        with open(os.path.join(directory, 'drift.json'), 'rb') as f:
            report = json.loads(f.read().decode('utf-8'))
    except (IOError, OSError, ValueError):
        return None
    if not isinstance(report, dict) or not isinstance(report.get('run'), dict) or report['run'].get('id') != run_id:
        return None
    if not isinstance(report['run'].get('batches'), int) or not isinstance(report.get('nvrs'), dict):
        return None
    return report


def run_identity():
    """{id, started, batches}: what tells this ansible-playbook run from any other.

    Why: with `serial` this task runs once per batch, each time in a new worker process; the batches of one
    run make one report, a report of another run is replaced. How: the strategy forks a worker process for
    each task from the ansible-playbook process, so the worker's parent is that process, the same for every
    batch; its process id and start time (so that a reused process id is another run) are the id.
    """
    pid = os.getppid()
    started = process_start(pid)
    return {'id': '%d@%s' % (pid, started or 'unknown start'), 'started': started, 'batches': 1}


def process_start(pid):
    """When process pid started, as UTC ISO 8601 text ('' when the system does not say)."""
    try:  # Linux: the start in clock ticks since boot (field 22 of /proc/PID/stat, after the name in parentheses)
        with open('/proc/%d/stat' % pid) as f:
            ticks = int(f.read().rsplit(')', 1)[1].split()[19])
        with open('/proc/stat') as f:
            boot = int(next(line.split()[1] for line in f if line.startswith('btime ')))
        when = datetime.datetime.fromtimestamp(boot + ticks / float(os.sysconf('SC_CLK_TCK')), datetime.timezone.utc)
        return when.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-4] + 'Z'
    except (IOError, OSError, ValueError, IndexError, StopIteration):
        pass
    try:  # macOS and the BSDs
        started = subprocess.run(['ps', '-o', 'lstart=', '-p', str(pid)], capture_output=True, text=True,
                                 timeout=10, check=True, env=dict(os.environ, LC_ALL='C')).stdout.strip()
        return ' '.join(started.split())
    except (OSError, subprocess.SubprocessError):
        return ''
