# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's engine inside the controller instead of as a module process.

A module task costs about 0.25 s of wall and 0.5 s of CPU per host (Python
start-up and unpacking the module), while the HTTP work takes milliseconds;
an action plugin running in the controller's worker costs about 0.015 s.
The action plugin of each module validates the task's options with the
module's own argument spec and runs the module's own task object through
the same runner, so the result, errors and masking are the same.

Set the variable ``move_nvr_execution: module`` to run the real module
instead (for example to prove both paths give the same result).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import traceback

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase

from ansible_collections.mobotix.move_nvr.plugins.module_utils import cipher, client
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import secret_variants
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import execute, full_argument_spec, spec_validator, task_result

MODULE_PACKAGE = 'ansible_collections.mobotix.move_nvr.plugins.modules'
EXECUTION_VARIABLE = 'move_nvr_execution'


def load_module(resolved_action):
    """The module file behind an action name such as mobotix.move_nvr.email."""
    return importlib.import_module('%s.%s' % (MODULE_PACKAGE, resolved_action.split('.')[-1]))


def validate_args(module, resolved_action, args):
    """The module's options checked as AnsibleModule does: (params, no_log values, error)."""
    validated = spec_validator(module.__name__, full_argument_spec(module.ARGUMENT_SPEC),
                               **getattr(module, 'MODULE_KWARGS', {})).validate(args)
    no_log_values = validated._no_log_values  # pylint: disable=protected-access
    if validated.error_messages:
        return None, no_log_values, first_error(validated, resolved_action)
    return validated.validated_parameters, no_log_values, None


def first_error(validated, resolved_action):
    """The first error of a validation, worded as AnsibleModule words it, so both paths fail alike."""
    error = validated.errors[0]
    if isinstance(error, UnsupportedError):
        return 'Unsupported parameters for (%s) module: %s' % (resolved_action, error.msg)
    return error.msg


def missing_library():
    if not client.HAS_REQUESTS:
        return 'the Python library requests is missing on the controller: pip install requests'
    if not cipher.HAS_PYCRYPTODOME:
        return 'the Python library pycryptodome is missing on the controller: pip install pycryptodome'
    return None


class ControllerAction(ActionBase):
    """Base of the actions that work on the controller only (no module behind them): the fleet check, each NVR's
    result of it, the report merge. Options checked against ARGUMENT_SPEC (refused in one line, as AnsibleModule
    words it); act() gives the result; a bug of ours ends in one line, the traceback only at -vvv.
    """

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False
    ARGUMENT_SPEC = {}

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ControllerAction, self).run(tmp, task_vars)
        validated = ArgumentSpecValidator(self.ARGUMENT_SPEC).validate(self._task.args)
        if validated.error_messages:
            result.update(failed=True, msg=first_error(validated, self._task.resolved_action or self._task.action))
            return result
        try:
            result.update(self.act(validated.validated_parameters, task_vars))
        except Exception as e:  # pylint: disable=broad-except
            result.update(failed=True, exception=traceback.format_exc(),
                          msg='internal error in mobotix.move_nvr (%s: %s); please report it' % (type(e).__name__, e))
        return result

    def act(self, options, task_vars):
        """The task's result from its checked options."""
        raise NotImplementedError


class NvrAction(ActionBase):
    """Base of the collection's action plugins: one per module, same name."""

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(NvrAction, self).run(tmp, task_vars)
        resolved = self._task.resolved_action or self._task.action
        if self._templar.template(task_vars.get(EXECUTION_VARIABLE, 'controller')) == 'module':
            result.update(self._execute_module(module_name=resolved, module_args=self._task.args, task_vars=task_vars))
            return result
        module = load_module(resolved)
        params, no_log_values, error = validate_args(module, resolved, self._task.args)
        problem = error or missing_library()
        if problem:
            # A refused option may quote a secret, escaped as repr or JSON escapes it: every form is masked.
            result.update(failed=True, msg=problem)
            return remove_values(result, secret_variants(no_log_values))
        no_log_values = set(no_log_values) | set(getattr(module.TASK, 'extra_no_log_values', lambda p: [])(params))
        # The runner masks every form of these secrets in its result (and checks the connection options
        # first); remove_values then masks them in the options shown back (invocation), where they are as given.
        result.update(execute(module.TASK, params, check_mode=bool(self._task.check_mode), diff_mode=bool(self._task.diff),
                              secrets=no_log_values))
        result['invocation'] = {'module_args': params}
        return task_result(remove_values(result, no_log_values))
