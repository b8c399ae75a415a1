# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""EXPERIMENT for docs/benchmarks.md, not part of the collection: the baseline in check mode
for every NVR of the play from ONE task (run_once), NVRs in parallel on a thread pool.

It runs the collection's own nvr_config engine (validation, ConfigTask, check mode,
diff, masking) unchanged; only the shape differs: one Ansible task and one worker
process for the fleet instead of one per NVR. It reads the same inventory variables
as the baseline role (move_nvr_host, move_nvr_port, ..., move_nvr_email, ...).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible.plugins.action import ActionBase

from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import NvrConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import execute

RESOURCE_VARS = {
    'camera': 'move_nvr_cameras', 'account': 'move_nvr_accounts', 'record_template': 'move_nvr_record_templates',
    'event_action': 'move_nvr_event_action', 'email': 'move_nvr_email', 'ddns': 'move_nvr_ddns',
    'system_monitor': 'move_nvr_system_monitor', 'record_config': 'move_nvr_record_config',
}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        hosts = self._task.args['hosts']
        workers = int(self._task.args.get('workers', 50))
        hostvars = task_vars['hostvars']
        jobs = []
        for host in hosts:
            hv = hostvars[host]
            params = {
                'nvr_host': hv['move_nvr_host'] if 'move_nvr_host' in hv else host,
                'nvr_port': hv['move_nvr_port'] if 'move_nvr_port' in hv else None,
                'nvr_use_https': hv['move_nvr_use_https'] if 'move_nvr_use_https' in hv else True,
                'nvr_validate_certs': hv['move_nvr_validate_certs'] if 'move_nvr_validate_certs' in hv else True,
                'nvr_username': hv['move_nvr_username'],
                'nvr_password': hv['move_nvr_password'],
                'nvr_timeout': 10, 'nvr_retries': 3,
            }
            for name, var in RESOURCE_VARS.items():
                if var in hv:
                    params[name] = hv[var]
            jobs.append((host, params))

        def check(job):
            host, params = job
            return host, execute(NvrConfigTask(), params, check_mode=True, diff_mode=True)

        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = dict(pool.map(check, jobs))
        drifted = sorted(host for host, r in results.items() if r.get('changed'))
        failed = sorted(host for host, r in results.items() if r.get('failed'))
        result.update(changed=False, drifted=drifted, failed_hosts=failed, results=results)
        return result
