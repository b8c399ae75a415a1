# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""System monitor alarms: /setup/system_monitor_config."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import (
    NvrValidationError, Resource, as_bool, as_int, deep_merge, flags_to_indexes, indexes_to_flags, like)

MONITORS = ('cpu_fan', 'cpu_temperature', 'disk_failed', 'disk_full', 'disk_slow')
# docs/api-decisions.md: the threshold only means something for these two. Every other monitor's
# threshold is unused (the manual: "This value us unused"): the NVR may hold anything there, so the
# module never changes it, never checks it, and keeps it under `replaced` too.
THRESHOLD_RANGES = {'cpu_fan': (0, 10000), 'cpu_temperature': (0, 100)}


def has_threshold(monitor):
    return monitor in THRESHOLD_RANGES


def _settings(device):
    return device.get('system_monitor_setting') or {}


class SystemMonitor(Resource):
    name = 'system_monitor'
    read_endpoint = 'system_monitor_get'
    write_endpoint = 'system_monitor_set'
    factory = {
        'cpu_fan': {'threshold': 200, 'send_email': True, 'alarm_out': []},
        'cpu_temperature': {'threshold': 80, 'send_email': True, 'alarm_out': [0]},
        'disk_failed': {'send_email': True, 'alarm_out': []},
        'disk_full': {'send_email': True, 'alarm_out': []},
        'disk_slow': {'send_email': True, 'alarm_out': []},
    }

    def to_user(self, device, client):
        user = {}
        for monitor, setting in _settings(device).items():
            user[monitor] = {
                'threshold': as_int(setting.get('threshold')),
                'send_email': as_bool(setting.get('send_email')),
                'alarm_out': flags_to_indexes(setting.get('alarm_out')),
            }
        return user

    def desired(self, before, wanted, state, device, client):
        if state != 'replaced':
            after = super(SystemMonitor, self).desired(before, wanted, state, device, client)
        else:
            relays = as_int(client.version().get('num_relay'))
            # Monitors of newer firmware have no factory value known here: kept as they are.
            base = copy.deepcopy(before)
            for monitor, setting in self.factory.items():
                if monitor in base:
                    base[monitor] = dict(base[monitor], **dict(setting, alarm_out=[o for o in setting['alarm_out'] if o < relays]))
            after = deep_merge(base, wanted)
        # An unused threshold stays as the NVR has it, whatever is given (warnings() says so).
        for monitor, setting in after.items():
            if not has_threshold(monitor) and monitor in before:
                setting['threshold'] = before[monitor].get('threshold', 0)
        return after

    def warnings(self, before, wanted, state, client):
        found = []
        for monitor in sorted(wanted):
            given = (wanted.get(monitor) or {}).get('threshold')
            held = (before.get(monitor) or {}).get('threshold')
            if not has_threshold(monitor) and monitor in before and given is not None and given != held:
                found.append('%s.threshold: the NVR does not use this value (the manual: "This value us unused"); '
                             'its value %s is kept, %s is not written' % (monitor, held, given))
        return found

    def comparable(self, user):
        # One flag per output on the device: [0, 0] is [0].
        return dict((k, dict(v, alarm_out=sorted(set(v.get('alarm_out') or [])))) for k, v in user.items())

    def validate(self, after, device, client):
        """Only what the run changes: a value the NVR already holds is never refused."""
        relays = as_int(client.version().get('num_relay'))
        before = self.to_user(device, client)
        for monitor, setting in after.items():
            if monitor not in _settings(device):
                raise NvrValidationError(monitor, 'this NVR has no such monitor', ', '.join(sorted(_settings(device))))
            held = before[monitor]
            if sorted(set(setting.get('alarm_out') or [])) != sorted(set(held.get('alarm_out') or [])):
                for output in setting.get('alarm_out') or []:
                    if not 0 <= output < relays:
                        allowed = ', '.join(str(i) for i in range(relays)) or 'none (this NVR has no alarm outputs)'
                        raise NvrValidationError('%s.alarm_out' % monitor, 'alarm output %s does not exist on this NVR' % output,
                                                 allowed)
            threshold = setting.get('threshold', 0)
            if has_threshold(monitor) and threshold != held.get('threshold'):
                low, high = THRESHOLD_RANGES[monitor]
                if not low <= threshold <= high:
                    raise NvrValidationError('%s.threshold' % monitor, '%s is out of range' % threshold, '%d-%d' % (low, high))

    def to_device(self, user, device, client):
        """The device's object with the user's values; a value the user did not change goes back exactly as
        the NVR sent it (an unused threshold always does)."""
        body = copy.deepcopy(device)
        relays = as_int(client.version().get('num_relay'))
        before = self.to_user(device, client)
        for monitor, setting in body.get('system_monitor_setting', {}).items():
            wanted, held = user[monitor], before[monitor]
            if has_threshold(monitor) and wanted['threshold'] != held['threshold']:
                setting['threshold'] = like(setting.get('threshold', 0), wanted['threshold'])
            if wanted['send_email'] != held['send_email']:
                setting['send_email'] = like(setting.get('send_email', False), wanted['send_email'])
            if sorted(set(wanted['alarm_out'])) != held['alarm_out'] or len(setting.get('alarm_out') or []) != relays:
                setting['alarm_out'] = indexes_to_flags(wanted['alarm_out'], setting.get('alarm_out'), relays)
        return body


RESOURCE = SystemMonitor()


def monitor_spec():
    """One monitor's options; no defaults, so that not given (None) keeps the current value."""
    return dict(type='dict', options=dict(
        threshold=dict(type='int'),
        send_email=dict(type='bool'),
        alarm_out=dict(type='list', elements='int'),
    ))


# The module's options (besides the connection), shared with mobotix.move_nvr.nvr_config.
ARGUMENT_SPEC = dict(
    cpu_fan=monitor_spec(),
    cpu_temperature=monitor_spec(),
    disk_failed=monitor_spec(),
    disk_full=monitor_spec(),
    disk_slow=monitor_spec(),
    state=dict(type='str', choices=['merged', 'replaced'], default='merged'),
)
