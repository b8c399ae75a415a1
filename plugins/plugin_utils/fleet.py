# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The baseline in check mode on every NVR of a play, from ONE controller task.

Why: Ansible pays about the same per host and task (a forked worker, the host's
variables, the result sent back) as a whole drift check costs per NVR over HTTP,
so a drift check that runs tasks per host cannot come near the cost of the HTTP
work (docs/benchmarks.md). This runs what the baseline role runs, per NVR, in
one task: the same task arguments (read from roles/baseline/tasks/main.yml), the
same defaults (roles/baseline/defaults/main.yml), templated with each host's own
variables, validated with nvr_config's own argument spec and run by the same
NvrConfigTask, in check mode with diff, on a thread pool.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import re
import threading
import time
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.utils.display import Display
from ansible.utils.vars import combine_vars

from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import secret_variants
from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import (
    RESOURCE_ORDER, NvrConfigTask, for_caller, managed_names, misplaced_value)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import execute
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import load_module, missing_library, validate_args
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.process_split import run_split, shares
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.role_variables import check_unknown_variables
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.shared_templates import SharedTemplates

NVR_CONFIG = 'mobotix.move_nvr.nvr_config'
FIRST_NAME = re.compile(r'\{\{\s*([A-Za-z_]\w*)')
COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASELINE_ROLE = os.path.join(COLLECTION_ROOT, 'roles', 'baseline')


def load_role_file(loader, *path):
    """A YAML file of the baseline role, its templates trusted as a role's own files are."""
    name = os.path.join(BASELINE_ROLE, *path)
    try:
        return loader.load_from_file(name, trusted_as_template=True)
    except TypeError:  # ansible-core before 2.19 templates any string
        return loader.load_from_file(name)


def baseline_task(loader):
    """(task arguments, defaults) of the baseline role's nvr_config task, as written in the role."""
    tasks = load_role_file(loader, 'tasks', 'main.yml')
    args = [task[NVR_CONFIG] for task in tasks if NVR_CONFIG in task]
    if len(args) != 1:
        raise ValueError('roles/baseline/tasks/main.yml must hold exactly one %s task' % NVR_CONFIG)
    defaults = load_role_file(loader, 'defaults', 'main.yml') or {}
    return dict(args[0]), dict(defaults)


def collection_version():
    """The version of this collection (MANIFEST.json of an installed one, else galaxy.yml), or ''."""
    try:
        with open(os.path.join(COLLECTION_ROOT, 'MANIFEST.json')) as f:
            return str(json.load(f)['collection_info']['version'])
    except (IOError, OSError, ValueError, KeyError, TypeError):
        pass
    try:
        with open(os.path.join(COLLECTION_ROOT, 'galaxy.yml')) as f:
            return str(yaml.safe_load(f)['version'])
    except (IOError, OSError, ValueError, KeyError, TypeError, yaml.YAMLError):
        return ''


def baseline_identity(args_template, defaults, label=''):
    """{fingerprint, collection_version, label}: what a report says about the baseline it was checked against.

    Why: the reports of the slices of a fleet are merged only when they were checked against the same baseline
    (playbooks/drift_merge.yml). How: a SHA-256 of the baseline role's task arguments and defaults as written
    (the templates, not their values: no secret goes into it), with the collection's version (the engine that
    checked) and the user's label (move_nvr_baseline_label, e.g. the commit of the inventory).
    """
    text = json.dumps([args_template, defaults], sort_keys=True, default=str, separators=(',', ':'))
    return {'fingerprint': hashlib.sha256(text.encode('utf-8')).hexdigest(), 'collection_version': collection_version(),
            'label': label or ''}


def baseline_argument_spec(loader):
    """The options of the baseline role's argument specification (entry point main), as the role checks them."""
    specs = load_role_file(loader, 'meta', 'argument_specs.yml') or {}
    return dict(specs['argument_specs']['main'].get('options') or {})


def role_arguments(args_template, args):
    """The baseline role's variables behind the templated task arguments ({move_nvr_email: ..., ...}).

    Each argument of the baseline task is one variable, `{{ move_nvr_<name> ... }}`.
    """
    found = {}
    for name, expression in args_template.items():
        first = FIRST_NAME.search(str(expression))
        if first and name in args:
            found[first.group(1)] = args[name]
    return found


def unvalidated(spec, arguments, validator, error):
    """Why ansible-core's validator raised `error` on these role arguments, in one line naming the variable (and its
    option) and quoting no value."""
    found = misplaced_value(spec, arguments)
    if found:
        return '%s is of type %s, where the baseline role declares a dictionary' % found
    names = []
    for name in sorted(arguments):  # which variable the validator cannot take, checked alone
        try:
            validator.validate({name: arguments[name]}, validate_role_argument_spec=True)
        except Exception:  # pylint: disable=broad-except
            names.append(name)
    return '%s could not be checked by the baseline role\'s argument validation (%s)' % (
        ', '.join(names) or 'the role\'s variables', type(error).__name__)


def managed_resources(args_template, variables):
    """The resources whose baseline variable is defined on a host, when its arguments could not be templated.

    Each resource's argument in the baseline task starts with its variable, `{{ move_nvr_<variable> ...`;
    the argument `resources` names the variable that selects some of them (move_nvr_resources).
    """
    selector = FIRST_NAME.search(str(args_template.get('resources', '')))
    selected = variables.get(selector.group(1)) if selector else None
    managed = []
    for name in RESOURCE_ORDER:
        first = FIRST_NAME.search(str(args_template.get(name, '')))
        if first and first.group(1) in variables and (not isinstance(selected, list) or name in selected):
            managed.append(name)
    return managed


class HostVariables:
    """Each host's variables as its own task in this play would see them.

    The variables come from Ansible's VariableManager with the play and this
    task (so play vars, vars_files, role defaults, host and group vars, facts,
    set_fact and extra vars keep their precedence), with the baseline role's
    defaults under all of them, as include_role would put them.
    """

    def __init__(self, task, task_vars, templar, defaults):
        hostvars = task_vars['hostvars']
        # Private attributes of ansible-core's HostVars (stable since 2.0): the controller's
        # VariableManager and inventory are what the strategy uses to build each host's task_vars.
        self._manager = hostvars._variable_manager  # pylint: disable=protected-access
        self._inventory = hostvars._inventory  # pylint: disable=protected-access
        self._task = task
        self._play = task.get_play()
        self._templar = templar
        self._defaults = defaults
        self._play_hosts = task_vars.get('ansible_play_hosts')
        self._play_hosts_all = task_vars.get('ansible_play_hosts_all')
        self._shared = SharedTemplates()

    @property
    def templating(self):
        """(arguments templated, arguments reused from another host)."""
        return self._shared.templated, self._shared.reused

    def variables(self, host_name):
        host = self._inventory.get_host(host_name)
        if host is None:
            raise KeyError(host_name)
        found = self._manager.get_vars(play=self._play, host=host, task=self._task,
                                       _hosts=self._play_hosts, _hosts_all=self._play_hosts_all)
        return combine_vars(self._defaults, found)

    def template(self, args_template, variables):
        """The task arguments for one host; `omit` drops an option, as in a task."""
        templar = self._templar.copy_with_new_env(available_variables=variables)
        omit = variables.get('omit')
        args = {}
        for name, expression in args_template.items():
            # One-key dicts: ansible-core 2.19 drops an omitted value from a dict (a bare omit is an error);
            # older versions leave the omit token in place.
            value = self._shared.template(templar, name, {name: expression}, variables)
            if name in value and not (isinstance(omit, str) and value[name] == omit):
                args[name] = value[name]
        return args


def check_nvr(task, params, no_log_values, check_mode=True):
    """nvr_config in check mode with diff for one NVR (without check_mode: applied, as the baseline's task applies it
    on that host, writes and all: a remediation); never raises.

    The runner checks the connection options first (a bad one is this NVR's one-line failure, no
    request sent) and masks every form of the secrets it is given, on every path; remove_values then
    does what the per-host task's does, so both paths give the same result.
    """
    result = execute(task, params, check_mode=check_mode, diff_mode=True, secrets=no_log_values)
    return remove_values(result, no_log_values)


class FleetCheck:
    """Check each host; hosts are templated one after the other, checked in parallel."""

    def __init__(self, variables, args_template, workers, processes=1, role_spec=None, progress=None, apply=False):
        self._progress = progress  # a Progress, or None
        self._check_mode = not apply  # apply: the baseline written where it drifted (remediation), not checked
        self._variables = variables
        self._args_template = args_template
        self._workers = max(1, workers)
        self._processes = max(1, processes)
        self._module = load_module(NVR_CONFIG)
        # As the per-host task: a failed NVR's resources without their config at default verbosity.
        self._verbose = Display().verbosity > 0
        # The baseline role's own check of its variables, which including the role ran first.
        self._role_spec = role_spec
        self._role_validator = ArgumentSpecValidator(role_spec) if role_spec else None

    def role_problem(self, args):
        """(The baseline role's argument validation failure for these arguments, as the role gives it, or None;
        the secrets among them)."""
        if self._role_validator is None:
            return None, set()
        arguments = role_arguments(self._args_template, args)
        try:
            checked = self._role_validator.validate(arguments, validate_role_argument_spec=True)
        except Exception as e:  # pylint: disable=broad-except
            # ansible-core's validator raises on a number where a dictionary belongs: that NVR's refusal alone.
            problem = unvalidated(self._role_spec, arguments, self._role_validator, e)
            return {'msg': 'Validation of arguments failed: %s' % problem, 'argument_errors': [problem]}, set()
        secrets = set(checked._no_log_values)  # pylint: disable=protected-access
        if checked.error_messages:
            return {'msg': 'Validation of arguments failed:\n%s' % '\n'.join(checked.error_messages),
                    'argument_errors': list(checked.error_messages)}, secrets
        return None, secrets

    def prepare(self, host):
        """(a CheckJob for one host, None), or (None, the failed result of that host)."""
        try:
            variables = self._variables.variables(host)
        except Exception as e:  # pylint: disable=broad-except
            return None, failed('variables of %s: %s' % (host, e), [], 'error')
        try:
            args = self._variables.template(self._args_template, variables)
        except Exception as e:  # pylint: disable=broad-except
            # The same wording in every version: the error of the variable that could not be templated.
            return None, failed(one_line(e), managed_resources(self._args_template, variables))
        role_problem, role_secrets = self.role_problem(args)
        # As the baseline's task does on its host (plugins/action/nvr_config.py): the host's variables
        # checked for a misspelt role variable, messages in the role's words (option_labels).
        labels = args.get('option_labels')
        unknown_problem, warnings = check_unknown_variables(args.get('unknown_variables'), variables, labels)
        params, no_log_values, error = validate_args(self._module, NVR_CONFIG, args)
        task = NvrConfigTask()
        # Secrets inside the resources too (nvr_config's spec cannot mark them): the task validates each
        # resource here once and keeps the result for its run.
        if params is None:  # refused options: still find the secrets of the resources that are dictionaries
            params_seen = dict((k, v) for k, v in args.items() if k not in RESOURCE_ORDER or isinstance(v, dict))
        else:
            params_seen = params
        try:
            resource_secrets = set(task.extra_no_log_values(params_seen))
        except Exception as e:  # pylint: disable=broad-except
            # The resources' own validation raises where the role's did (a number where a dictionary belongs):
            # refused, naming the resources, quoting no value.
            resource_secrets = set()
            error = error or '; '.join('%s: could not be checked (%s)' % (name, type(e).__name__)
                                       for name in unchecked_resources(task, params_seen) or ['resources'])
        secrets = set(no_log_values) | role_secrets | resource_secrets
        managed = managed_names(args)
        # nvr_config's own check of each resource (and of placeholders as passwords), which its run would make
        # before the login: refused here, the NVR is not even queued.
        problem = unknown_problem or error or (task.preflight(params) if params is not None else None)
        if role_problem or problem or missing_library():
            failure = for_caller(failed(problem or missing_library(), managed, 'options_refused' if role_problem or problem
                                        else 'error'), labels, self._verbose)
            failure.update(role_problem or {})
            # The refusal may quote a secret, escaped as repr or JSON escapes it: every form is masked.
            return None, remove_values(failure, secret_variants(secrets))
        return CheckJob(task, params, secrets, managed, warnings, labels), None

    def run(self, hosts):
        """{host: result}: what the baseline's task would have returned in check mode, per host.

        The hosts are shared out over `processes` processes, the `workers` threads over those.
        """
        parts = shares(list(hosts), self._processes)
        threads = max(1, -(-self._workers // len(parts)))
        if self._progress is None:
            results = run_split(lambda share: self.run_here(share, threads), hosts, len(parts), lost_result)
        else:
            results = run_split(lambda share, done: self.run_here(share, threads, done), hosts, len(parts), lost_result,
                                progress=self._progress.done)
        return dict((host, results[host]) for host in hosts)

    def run_here(self, hosts, threads, done=None):
        """{host: result} for these hosts, in this process, on `threads` threads; done(kind) as each ends."""
        def finished(result):
            if done is not None:
                try:
                    done(result_kind(result))
                except Exception:  # pylint: disable=broad-except
                    pass  # progress is a courtesy, never a failure of the check
        results, futures = {}, {}
        with ThreadPoolExecutor(max_workers=min(threads, max(1, len(hosts)))) as pool:
            for host in hosts:
                try:
                    job, failure = self.prepare(host)
                except Exception as e:  # pylint: disable=broad-except
                    # A bug of ours (or ansible-core's) fails that NVR alone, not the report of all; the error's type
                    # only, since its text may quote a value of the host's variables.
                    job, failure = None, lost_result(host, type(e).__name__)
                if job is None:
                    results[host] = failure
                    finished(failure)
                else:
                    futures[host] = (pool.submit(check_nvr, job.task, job.params, job.secrets, self._check_mode), job)
                    futures[host][0].add_done_callback(lambda future: finished(future.result()))
            for host, (future, job) in futures.items():
                result = for_caller(future.result(), job.labels, self._verbose)
                if job.warnings:
                    result['warnings'] = job.warnings + list(result.get('warnings') or [])
                # A failed NVR names the resources it was to be checked for; `managed: []` marks an NVR on
                # which nothing is managed (its result says so in msg): not "in sync".
                if result.get('failed') or not job.managed:
                    result['managed'] = job.managed
                results[host] = result
        return dict((host, results[host]) for host in hosts)


def result_kind(result):
    """A result as one progress letter: F failed (or unreachable), D drifted, C checked otherwise."""
    if not isinstance(result, dict) or result.get('failed') or result.get('unreachable'):
        return FAILED_KIND
    return DRIFTED_KIND if result.get('changed') else CHECKED_KIND


FAILED_KIND, DRIFTED_KIND, CHECKED_KIND = 'F', 'D', 'C'


class Progress:
    """Counts the NVRs checked and emits a line about them at most every `interval` seconds.

    Why: a fleet check of many NVRs is one task; without it the console is silent for minutes. How: done(kind)
    for each NVR as its check ends (from any thread; the letters of forked shares are relayed by
    process_split); the first line comes `interval` seconds after the start, so a short check shows nothing,
    the next at least `interval` seconds after the one before; none once every NVR is checked.
    """

    def __init__(self, total, emit, interval=5.0, clock=time.monotonic):
        self.total = total
        self.checked = self.drifted = self.failed = 0
        self._emit = emit
        self._interval = interval
        self._clock = clock
        self._start = self._last = clock()
        self._lock = threading.Lock()

    def done(self, kind):
        with self._lock:
            self.checked += 1
            self.drifted += kind == DRIFTED_KIND
            self.failed += kind == FAILED_KIND
            now = self._clock()
            if now - self._last < self._interval or self.checked >= self.total:
                return
            self._last = now
            line = self.line(now)
        self._emit(line)

    def line(self, now):
        return 'nvr_fleet_check: %d of %d NVRs checked, %d drifted, %d failed (%d s)' % (
            self.checked, self.total, self.drifted, self.failed, int(now - self._start))


# What one host's check needs: the nvr_config task (it keeps its validation), its options, the values to
# mask in its result, the resources it manages (`managed` of its result), the warnings of its variables'
# check, and the names its messages use (option_labels).
CheckJob = namedtuple('CheckJob', 'task params secrets managed warnings labels')


def unchecked_resources(task, params):
    """The resources whose options the task's validation raises on, each checked alone."""
    names = []
    for name in RESOURCE_ORDER:
        if isinstance(params, dict) and params.get(name) is not None:
            try:
                task.extra_no_log_values({name: params[name]})
            except Exception:  # pylint: disable=broad-except
                names.append(name)
    return names


def failed(msg, managed, kind='options_refused'):
    """A host that failed before any request: its baseline refused (options_refused), or `kind`."""
    return {'failed': True, 'changed': False, 'msg': msg, 'managed': managed, 'nvr_failure': kind}


def lost_result(host, why):
    return failed('internal error in mobotix.move_nvr: the check of %s was lost (%s); please report it' % (host, why), [], 'error')


def one_line(error):
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
