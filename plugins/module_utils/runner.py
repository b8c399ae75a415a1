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

import traceback

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrClient, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.connection import connection_argument_spec
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import scrub


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
    return NvrClient(
        host=params['nvr_host'],
        port=params.get('nvr_port'),
        use_https=params.get('nvr_use_https', True),
        validate_certs=params.get('nvr_validate_certs', True),
        username=params['nvr_username'],
        password=params['nvr_password'],
        timeout=params.get('nvr_timeout') or 10,
        retries=params.get('nvr_retries', 3),
    )


def execute(task, params, check_mode=False, diff_mode=False, client=None):
    """Run one task on one session and return its result dict.

    Never raises for device or network trouble: a failure is a result with
    failed=True and a one-line msg. The session is always logged out.
    """
    client = client or client_from_params(params)
    secrets = []
    try:
        client.login()
        result = task.run(client, params, check_mode=check_mode, diff_mode=diff_mode)
        secrets.extend(result.pop('_secrets', []))
    except NvrError as e:
        result = {'failed': True, 'changed': False, 'msg': str(e)}
    except Exception as e:  # pylint: disable=broad-except
        # A bug of ours must still end in one line (the traceback only at -vvv) and a logout.
        result = {'failed': True, 'changed': False, 'exception': traceback.format_exc(),
                  'msg': 'internal error in mobotix.move_nvr (%s: %s); please report it' % (type(e).__name__, e)}
    finally:
        client.logout()
        secrets.extend(client.secrets)
    secrets.append(params.get('nvr_password'))
    return scrub(result, secrets)


def run_module(task, argument_spec, preflight=None, **module_kwargs):
    """The whole main() of a module: validate options, run the task, exit.

    preflight(params) may name a problem with the options (or None) before any request.
    """
    from ansible.module_utils.basic import AnsibleModule, missing_required_lib
    from ansible_collections.mobotix.move_nvr.plugins.module_utils import cipher, client

    module = AnsibleModule(argument_spec=full_argument_spec(argument_spec), supports_check_mode=True, **module_kwargs)
    problem = preflight(module.params) if preflight else None
    if problem:
        module.fail_json(msg=problem)
    if not client.HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=client.REQUESTS_IMPORT_ERROR)
    if not cipher.HAS_PYCRYPTODOME:
        module.fail_json(msg=missing_required_lib('pycryptodome'), exception=cipher.PYCRYPTODOME_IMPORT_ERROR)
    secrets = getattr(task, 'extra_no_log_values', lambda params: [])(module.params)
    module.no_log_values.update(secrets)
    result = execute(task, module.params, check_mode=module.check_mode, diff_mode=module._diff)
    for warning in result.pop('warnings', []):
        module.warn(warning)
    if result.pop('failed', False):
        module.fail_json(**result)
    module.exit_json(**result)
