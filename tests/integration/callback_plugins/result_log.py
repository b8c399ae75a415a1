# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: every task result as one JSON line, for the tests to read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: result_log
type: aggregate
short_description: Write each task result as a JSON line (integration tests only)
description:
  - Appends one JSON object per task result to the file named by the environment variable E(RESULT_LOG).
'''

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'result_log'
    CALLBACK_NEEDS_ENABLED = True

    def _log(self, result, status):
        path = os.environ.get('RESULT_LOG')
        if not path:
            return
        record = {'host': result._host.get_name(), 'task': result._task.get_name(), 'status': status,
                  'result': result._result}
        with open(path, 'a') as handle:
            handle.write(json.dumps(record, default=str) + '\n')

    def v2_runner_on_ok(self, result):
        self._log(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._log(result, 'failed')

    def v2_runner_on_unreachable(self, result):
        self._log(result, 'unreachable')
