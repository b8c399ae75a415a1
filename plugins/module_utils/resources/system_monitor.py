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
# docs/api-decisions.md: the threshold only means something for these two.
THRESHOLD_RANGES = {'cpu_fan': (0, 10000), 'cpu_temperature': (0, 100)}


def _settings(device):
    return device.get('system_monitor_setting') or {}


class SystemMonitor(Resource):
    name = 'system_monitor'
    read_endpoint = 'system_monitor_get'
    write_endpoint = 'system_monitor_set'
    factory = {
        'cpu_fan': {'threshold': 200, 'send_email': True, 'alarm_out': []},
        'cpu_temperature': {'threshold': 80, 'send_email': True, 'alarm_out': [0]},
        'disk_failed': {'threshold': 0, 'send_email': True, 'alarm_out': []},
        'disk_full': {'threshold': 0, 'send_email': True, 'alarm_out': []},
        'disk_slow': {'threshold': 0, 'send_email': True, 'alarm_out': []},
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
            return super(SystemMonitor, self).desired(before, wanted, state, device, client)
        relays = as_int(client.version().get('num_relay'))
        # Monitors of newer firmware have no factory value known here: kept as they are.
        base = copy.deepcopy(before)
        for monitor, setting in self.factory.items():
            if monitor in base:
                base[monitor] = dict(setting, alarm_out=[o for o in setting['alarm_out'] if o < relays])
        return deep_merge(base, wanted)

    def comparable(self, user):
        # One flag per output on the device: [0, 0] is [0].
        return dict((k, dict(v, alarm_out=sorted(set(v.get('alarm_out') or [])))) for k, v in user.items())

    def validate(self, after, device, client):
        relays = as_int(client.version().get('num_relay'))
        for monitor, setting in after.items():
            if monitor not in _settings(device):
                raise NvrValidationError(monitor, 'this NVR has no such monitor', ', '.join(sorted(_settings(device))))
            for output in setting.get('alarm_out') or []:
                if not 0 <= output < relays:
                    allowed = ', '.join(str(i) for i in range(relays)) or 'none (this NVR has no alarm outputs)'
                    raise NvrValidationError('%s.alarm_out' % monitor, 'alarm output %s does not exist on this NVR' % output, allowed)
            threshold = setting.get('threshold', 0)
            low, high = THRESHOLD_RANGES.get(monitor, (0, 0))
            if not low <= threshold <= high:
                allowed = '%d-%d' % (low, high) if high else '0 (%s has no threshold)' % monitor
                raise NvrValidationError('%s.threshold' % monitor, '%s is out of range' % threshold, allowed)

    def to_device(self, user, device, client):
        body = copy.deepcopy(device)
        relays = as_int(client.version().get('num_relay'))
        for monitor, setting in body.get('system_monitor_setting', {}).items():
            wanted = user[monitor]
            setting['threshold'] = like(setting.get('threshold', 0), wanted['threshold'])
            setting['send_email'] = like(setting.get('send_email', False), wanted['send_email'])
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
