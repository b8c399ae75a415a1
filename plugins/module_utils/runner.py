# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a task against one NVR: the connection options, one session, one result.

Shared by the modules (run_module) and the action plugins that run the same
engine inside the controller (plugin_utils/action.py), so both paths give
the same result, errors and masking.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import traceback

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import login_hash
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrClient, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.connection import (
    DEFAULT_RETRIES, DEFAULT_TIMEOUT, DEVICE_REPLIES, connection_argument_spec, connection_problem, missing_problem, url_host)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import MASK, get_path, scrub, secret_variants
from ansible_collections.mobotix.move_nvr.plugins.module_utils.offline import OfflineClient

# The values of nvr_failure, the one key of every failed result of the runner that says what failed
# (documented in docs/getting-started.md, "Failures"): the NVR could not be reached at login; it refused
# the login; the options were refused before any write (connection options, masked placeholders, what
# the NVR's own capabilities do not allow); the NVR refused a request; anything else.
FAILURE_KINDS = ('unreachable', 'login_refused', 'options_refused', 'device_refused', 'error')


# Built once per process and key: building an ArgumentSpecValidator deep-copies its spec, which cost
# more than validating (a fleet check validates every NVR's options); validate() leaves it unchanged,
# so threads share them.
VALIDATORS = {}


def spec_validator(key, argument_spec, **kwargs):
    """The validator of argument_spec, built the first time key is asked for."""
    if key not in VALIDATORS:
        VALIDATORS[key] = ArgumentSpecValidator(argument_spec, **kwargs)
    return VALIDATORS[key]


def full_argument_spec(argument_spec):
    spec = connection_argument_spec()
    spec.update(argument_spec)
    return spec


def client_from_params(params):
    """The client of checked options (connection_problem and missing_problem found nothing).

    With nvr_device_replies an OfflineClient, which answers from those replies and connects to nothing
    (nvr_username, if given, is the account it assumes it logs in with); else an NvrClient.
    A bare IPv6 address goes into the URL in brackets. An unset timeout or retry count is the
    default; 0 is never turned into the default (connection_problem refuses a timeout of 0).
    nvr_time_budget and nvr_ca_path are passed only when set, so that a client without them still works.
    """
    if params.get(DEVICE_REPLIES) is not None:
        return OfflineClient(params[DEVICE_REPLIES], username=params.get('nvr_username'))
    timeout = params.get('nvr_timeout')
    retries = params.get('nvr_retries')
    options = dict(
        host=url_host(params['nvr_host']),
        port=params.get('nvr_port'),
        use_https=params.get('nvr_use_https', True),
        validate_certs=params.get('nvr_validate_certs', True),
        username=params['nvr_username'],
        password=params['nvr_password'],
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        retries=DEFAULT_RETRIES if retries is None else retries,
    )
    if params.get('nvr_time_budget') is not None:
        options['budget'] = params['nvr_time_budget']
    if params.get('nvr_ca_path'):
        options['ca_path'] = params['nvr_ca_path']
    return NvrClient(**options)


def task_secrets(task, params, known=()):
    """Every secret the task will handle, in every form (secret_variants), known before any request.

    The password and its login hash, the values the caller knows are secret (no_log values), the
    secrets inside nvr_config's resources (task.extra_no_log_values) and the secret options of the
    task's resource (resource.secret_paths, as ConfigTask finds them). Collected before login, so that
    a failure, which loses the secrets the task would have returned, still masks every one of them.
    """
    plaintexts = [params.get('nvr_password')]
    plaintexts.extend(known)
    extra = getattr(task, 'extra_no_log_values', None)
    if extra is not None:
        plaintexts.extend(extra(params))
    for path in getattr(getattr(task, 'resource', None), 'secret_paths', ()):
        plaintexts.extend(get_path(params, path))
    values = secret_variants(plaintexts)
    if params.get('nvr_username') is not None and params.get('nvr_password'):
        values.append(login_hash(params['nvr_username'], params['nvr_password']))
    return values


def failure(msg, kind='error', **more):
    result = {'failed': True, 'changed': False, 'msg': msg, 'nvr_failure': kind}
    result.update(more)
    return result


def internal_error(error):
    """A bug of ours still ends in one line (the traceback only at -vvv)."""
    return failure('internal error in mobotix.move_nvr (%s: %s); please report it' % (type(error).__name__, error),
                   exception=traceback.format_exc())


def failure_kind(error, at_login=False):
    """The nvr_failure of an NvrError: one of FAILURE_KINDS.

    An NVR that cannot be reached at login cannot be reached at all; one that was reached and then stopped
    answering (a timeout in the middle of a resource, the time budget used up after login) failed at what
    it was doing: an error, not unreachable.
    """
    if isinstance(error, NvrValidationError):
        return 'options_refused'
    kind = getattr(error, 'kind', 'error')
    if kind == 'unreachable' and not at_login:
        return 'error'
    return kind if kind in FAILURE_KINDS else 'error'


def error_result(error, at_login=False):
    """The failed result of an NvrError: its message, its nvr_failure, and for an NVR that could not be reached at
    login Ansible's own `unreachable` (task_result() makes the task count as unreachable in the recap)."""
    kind = failure_kind(error, at_login)
    if kind == 'unreachable':
        return failure(str(error), kind, unreachable=True)
    return failure(str(error), kind)


def resources_failure_kind(result):
    """The nvr_failure of a task that failed in part (nvr_config: some resources failed, the others ran): the kind
    its failed resources agree on, else error."""
    resources = result.get('resources')
    kinds = set(r.get('nvr_failure', 'error') for r in (resources.values() if isinstance(resources, dict) else ())
                if isinstance(r, dict) and r.get('failed'))
    return kinds.pop() if len(kinds) == 1 else 'error'


def task_result(result):
    """A result of execute() as an Ansible task returns it: an NVR that could not be reached is `unreachable`
    without `failed`, since Ansible counts a result with `failed` as failed whatever else it says.

    The runner's own result keeps `failed` (every failure of the runner is failed, for the fleet check and the
    report); the per-host task (module or action plugin) gives Ansible this form, as a connection plugin would.
    """
    if result.get('unreachable') and result.get('failed'):
        result = dict(result)
        del result['failed']
    return result


# A password field of a JSON body (or of its repr, or of its URL-encoded form) that an NVR echoed into an error:
# the device's encrypted form of a password, which the fixed key turns back into the password. The secrets the
# task knows are scrubbed anyway; this also covers one that is only on the device (another camera's, say).
ECHOED_PASSWORD = re.compile(r"""((?:\\?["']|%22)password(?:\\?["']|%22)\s*(?::|%3A)\s*(?:\\?["']|%22))"""
                             r"""((?:(?!%22)[^"'\\\s])+)""", re.IGNORECASE)


def mask_echoed_passwords(value):
    """The msg and exception texts of a failed result (at any depth) with every quoted password value masked."""
    if isinstance(value, dict):
        return dict((k, ECHOED_PASSWORD.sub(r'\1' + MASK, v) if k in ('msg', 'exception') and isinstance(v, str)
                     else mask_echoed_passwords(v)) for k, v in value.items())
    if isinstance(value, list):
        return [mask_echoed_passwords(v) for v in value]
    return value


def task_preflight(task, params):
    """The task's own check of its options before any request (ConfigTask.preflight: a masked placeholder given
    as a password), or None: refused before the login, as options_refused."""
    preflight = getattr(task, 'preflight', None)
    return preflight(params) if preflight is not None else None


def execute(task, params, check_mode=False, diff_mode=False, client=None, secrets=()):
    """Run one task on one session and return its result dict.

    Never raises for device or network trouble: a failure is a result with
    failed=True, a one-line msg and nvr_failure (FAILURE_KINDS); an NVR that
    could not be reached at login also has unreachable=True. The connection
    options, and the task's own preflight, are checked before anything else
    (connection_problem, task_preflight); a bad one sends no request. The session
    is always logged out. secrets: values the caller knows are secret (no_log
    values); with the ones task_secrets finds, every form of each is masked in
    the result, on success and on every failure.

    With nvr_device_replies (a client with `rendered`, module_utils/offline.py) nothing is sent: the run
    is in check mode whatever the caller asked, and every result says rendered: true.
    """
    known = [params.get('nvr_password')]
    rendering = params.get(DEVICE_REPLIES) is not None
    try:
        known = task_secrets(task, params, secrets)
        problem = (connection_problem(params) or (missing_problem(params) if client is None else None)
                   or task_preflight(task, params))
        if problem:
            return rendered(scrub(failure(problem, 'options_refused'), known), rendering)
        client = client or client_from_params(params)
    except Exception as e:  # pylint: disable=broad-except
        return rendered(finish(internal_error(e), known), rendering)
    rendering = rendering or bool(getattr(client, 'rendered', False))
    at_login = True
    try:
        client.login()
        at_login = False
        result = task.run(client, params, check_mode=check_mode or rendering, diff_mode=diff_mode)
        known.extend(result.pop('_secrets', []))
        if result.get('failed') and 'nvr_failure' not in result:
            result['nvr_failure'] = resources_failure_kind(result)
    except NvrError as e:
        result = error_result(e, at_login)
    except Exception as e:  # pylint: disable=broad-except
        result = internal_error(e)
    finally:
        known.extend(client.secrets)  # before the logout, which drops the session cookie
        client.logout()
    warning = logout_warning(client)
    if warning:
        result['warnings'] = list(result.get('warnings') or []) + [warning]
    return rendered(finish(result, known), rendering)


def rendered(result, rendering):
    """The result of a render (nvr_device_replies) says so: rendered: true, on success and on failure."""
    if rendering:
        result['rendered'] = True
    return result


def logout_warning(client):
    """A warning naming the session the client could not close (client.logout_problem), or None.

    Not a failure: the task's work is done (or its own failure says more); but the session may
    stay open on the NVR, and a device has few, so the user should know which one.
    """
    problem = getattr(client, 'logout_problem', None)
    if not problem:
        return None
    label = getattr(client, 'label', None)
    if label and label not in problem:
        problem = '%s: %s' % (label, problem)
    return 'the session could not be closed: %s' % problem


def finish(result, secrets):
    """The result as it leaves the runner: every secret form masked, and in a failure the passwords an NVR echoed."""
    if result.get('failed'):
        result = mask_echoed_passwords(result)
    return scrub(result, secrets)


def run_module(task, argument_spec, preflight=None, **module_kwargs):
    """The whole main() of a module: validate options, run the task, exit.

    preflight(params) may name a problem with the options (or None) before any request; the
    connection options are checked first (connection_problem, which execute repeats for the
    action plugins and the fleet check).
    """
    from ansible.module_utils.basic import AnsibleModule, missing_required_lib
    from ansible_collections.mobotix.move_nvr.plugins.module_utils import cipher, client

    module = AnsibleModule(argument_spec=full_argument_spec(argument_spec), supports_check_mode=True, **module_kwargs)
    problem = (connection_problem(module.params) or missing_problem(module.params)
               or (preflight(module.params) if preflight else None))
    if problem:
        module.fail_json(**rendered({'msg': problem, 'nvr_failure': 'options_refused'},
                                    module.params.get(DEVICE_REPLIES) is not None))
    if not client.HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=client.REQUESTS_IMPORT_ERROR)
    if not cipher.HAS_PYCRYPTODOME:
        module.fail_json(msg=missing_required_lib('pycryptodome'), exception=cipher.PYCRYPTODOME_IMPORT_ERROR)
    secrets = getattr(task, 'extra_no_log_values', lambda params: [])(module.params)
    module.no_log_values.update(secrets)
    result = execute(task, module.params, check_mode=module.check_mode, diff_mode=module._diff,
                     secrets=module.no_log_values)
    for warning in result.pop('warnings', []):
        module.warn(warning)
    result = task_result(result)
    if result.pop('failed', False):
        module.fail_json(**result)
    module.exit_json(**result)
