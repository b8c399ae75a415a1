# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wall seconds per task of a play, for profiling `make bench` runs (not part of the collection).

    ANSIBLE_CALLBACK_PLUGINS=tests/bench/callback_plugins ANSIBLE_CALLBACKS_ENABLED=task_seconds ansible-playbook ...
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: task_seconds
type: aggregate
short_description: wall seconds per task, printed at the end of the run
description: Prints, at the end of the run, each task's wall time from its start to the next task's start.
requirements: [enable in configuration]
'''

import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_seconds'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.tasks = []

    def _mark(self, name):
        now = time.monotonic()
        if self.tasks:
            self.tasks[-1][1] = now - self.tasks[-1][2]
        self.tasks.append([name, None, now])

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._mark(task.get_name())

    def v2_playbook_on_handler_task_start(self, task):
        self._mark('handler: ' + task.get_name())

    def v2_playbook_on_stats(self, stats):
        self._mark('(end)')
        for name, seconds, dummy in self.tasks[:-1]:
            self._display.display('TASK SECONDS: %7.2f  %s' % (seconds or 0.0, name))
