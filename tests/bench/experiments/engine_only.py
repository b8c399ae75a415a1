#!/usr/bin/env python
"""EXPERIMENT for docs/benchmarks.md: the collection's nvr_config engine for a fleet from plain
Python, without Ansible, NVRs on a thread pool: what the engine itself costs per NVR.

    engine_only.py BASELINE_JSON FIRST_PORT COUNT check|apply [--password P] [--workers 50]

BASELINE_JSON from dump_baseline.yml; the collection copy must be at build/collections.
"""

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, 'build', 'collections'))

from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import NvrConfigTask  # noqa: E402
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import execute  # noqa: E402

VARS = dict(camera='move_nvr_cameras', account='move_nvr_accounts', record_template='move_nvr_record_templates',
            event_action='move_nvr_event_action', email='move_nvr_email', ddns='move_nvr_ddns',
            system_monitor='move_nvr_system_monitor', record_config='move_nvr_record_config')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('baseline')
    parser.add_argument('first_port', type=int)
    parser.add_argument('count', type=int)
    parser.add_argument('mode', choices=['check', 'apply'])
    parser.add_argument('--password', default='Demo-Admin-2026')
    parser.add_argument('--workers', type=int, default=50)
    args = parser.parse_args()
    with open(args.baseline) as f:
        baseline = json.load(f)
    started, cpu = time.monotonic(), time.process_time()

    def one(port):
        params = dict(nvr_host='127.0.0.1', nvr_port=port, nvr_use_https=False, nvr_validate_certs=True,
                      nvr_username='Admin', nvr_password=args.password, nvr_timeout=10, nvr_retries=3)
        params.update((name, baseline[var]) for name, var in VARS.items() if var in baseline)
        return execute(NvrConfigTask(), params, check_mode=args.mode == 'check', diff_mode=True)

    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(one, range(args.first_port, args.first_port + args.count)))
    print('%s: %d NVRs, %d changed, %d failed: %.1f s wall, %.1f CPU-s' % (
        args.mode, len(results), sum(1 for r in results if r.get('changed')), sum(1 for r in results if r.get('failed')),
        time.monotonic() - started, time.process_time() - cpu))


if __name__ == '__main__':
    main()
