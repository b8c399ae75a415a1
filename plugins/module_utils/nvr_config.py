# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Several resources of one NVR in one task and one session (the fleet path).

Each resource is validated with its own module's options and run by the same
ConfigTask as its module, so `changed`, diffs, check mode, errors and masking
are those of the per-resource modules; only the session is shared: one login,
one version read, one logout per NVR instead of one per resource.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import spec_validator
# Imported by name, not by importlib: AnsiballZ packs only what a module imports visibly.
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources import (
    account, camera, ddns, email, event_action, record_config, record_template, system_monitor)

# The order that works: cameras before the event actions and record templates
# that name their channels.
RESOURCE_ORDER = ('camera', 'account', 'record_template', 'event_action', 'email', 'ddns', 'system_monitor', 'record_config')
RESOURCE_MODULES = {
    'camera': camera, 'account': account, 'record_template': record_template, 'event_action': event_action,
    'email': email, 'ddns': ddns, 'system_monitor': system_monitor, 'record_config': record_config,
}


def resource_module(name):
    return RESOURCE_MODULES[name]


ARGUMENT_SPEC = dict((name, dict(type='dict')) for name in RESOURCE_ORDER)


def validate_resources(params):
    """Each given resource's options checked with its module's spec.

    Returns ({name: validated options}, secret values, first error or None).
    """
    validated, secrets = {}, set()
    for name in RESOURCE_ORDER:
        if params.get(name) is None:
            continue
        result = spec_validator(name, resource_module(name).ARGUMENT_SPEC).validate(params[name])
        secrets.update(result._no_log_values)  # pylint: disable=protected-access
        if result.error_messages:
            return validated, secrets, '%s: %s' % (name, result.errors[0].msg)
        validated[name] = result.validated_parameters
    return validated, secrets, None


class NvrConfigTask:
    """Run every given resource on one session; report each on its own."""

    def __init__(self):
        self._last = (None, None)

    def _validated(self, params):
        # The runner asks for the secrets first, then runs: validate each params object once.
        if self._last[0] is not params:
            self._last = (params, validate_resources(params))
        return self._last[1]

    def extra_no_log_values(self, params):
        """Secrets inside the resource options, which the top-level spec cannot mark no_log."""
        return self._validated(params)[1]

    def run(self, client, params, check_mode=False, diff_mode=False):
        validated, secrets, error = self._validated(params)
        if error:
            raise NvrError(error)
        resources, diffs, warnings, failures = {}, [], [], []
        all_secrets = list(secrets)
        for name in RESOURCE_ORDER:
            if name not in validated:
                continue
            try:
                result = ConfigTask(resource_module(name).RESOURCE).run(client, validated[name], check_mode, diff_mode)
            except NvrError as e:
                result = {'failed': True, 'changed': False, 'msg': str(e)}
                failures.append('%s: %s' % (name, e))
            all_secrets.extend(result.pop('_secrets', []))
            warnings.extend('%s: %s' % (name, w) for w in result.pop('warnings', []))
            if 'diff' in result and result.get('changed'):
                diffs.append(dict(result['diff'], before_header='%s (before)' % name, after_header='%s (after)' % name))
            resources[name] = result
        outcome = {'changed': any(r.get('changed') for r in resources.values()), 'resources': resources, '_secrets': all_secrets}
        if diff_mode:
            outcome['diff'] = diffs
        if warnings:
            outcome['warnings'] = warnings
        if failures:
            outcome.update(failed=True, msg='; '.join(failures))
        return outcome
