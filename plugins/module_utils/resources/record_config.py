# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record configuration: /record/config."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import (
    NvrValidationError, Resource, as_bool, as_int, like)

EDGE_ARCHIVER_RANGE = (0, 3600)  # docs/api-decisions.md


def _alarm(device, key):
    block = device.get(key) or {}
    return {'enabled': as_bool(block.get('enable')), 'seconds': as_int(block.get('cur'))}


def _check_range(option, value, block):
    """value against the min/max the NVR reports beside it; a bound it does not report is not checked
    (the manual gives no other), but nothing below 0."""
    low, high = as_int(block.get('min'), None), as_int(block.get('max'), None)
    if low is None and high is None:
        if value < 0:
            raise NvrValidationError(option, '%s is negative' % value, '0 or more')
        return
    if (low is not None and value < low) or (high is not None and value > high):
        allowed = '%d-%d' % (low, high) if low is not None and high is not None else \
            ('%d or more' % low if low is not None else '%d or less' % high)
        raise NvrValidationError(option, '%s is outside the range this NVR accepts' % value, allowed)


class RecordConfig(Resource):
    name = 'record_config'
    read_endpoint = 'record_config_get'
    write_endpoint = 'record_config_set'
    factory = {
        'retention_days': 30,
        'circular': True,
        'pre_alarm': {'enabled': True, 'seconds': 0},
        'post_alarm': {'enabled': True, 'seconds': 15},
        'edge_archiver_interval': 15,
    }

    def to_user(self, device, client):
        return {
            'retention_days': as_int((device.get('data_life_time') or {}).get('cur')),
            'circular': as_bool((device.get('record_circular') or {}).get('enable')),
            'pre_alarm': _alarm(device, 'record_pre_alarm'),
            'post_alarm': _alarm(device, 'record_post_alarm'),
            'edge_archiver_interval': as_int(device.get('edge_archiver_interval')),
        }

    def validate(self, after, device, client):
        """Only what the run changes, against the min/max the NVR reports: a value it already holds is never refused."""
        before = self.to_user(device, client)
        if after['retention_days'] != before['retention_days']:
            _check_range('retention_days', after['retention_days'], device.get('data_life_time') or {})
        for option, key in (('pre_alarm', 'record_pre_alarm'), ('post_alarm', 'record_post_alarm')):
            if after[option]['seconds'] != before[option]['seconds']:
                _check_range('%s.seconds' % option, after[option]['seconds'], device.get(key) or {})
        low, high = EDGE_ARCHIVER_RANGE
        interval = after['edge_archiver_interval']
        if interval != before['edge_archiver_interval'] and not low <= interval <= high:
            raise NvrValidationError('edge_archiver_interval', '%s is out of range' % interval, '%d-%d' % (low, high))

    def to_device(self, user, device, client):
        """The device's object with the user's values, each in the form the NVR used for it; a value the
        user did not change goes back exactly as the NVR sent it."""
        body = copy.deepcopy(device)
        before = self.to_user(device, client)

        def put(key, field, old, new, missing=0):
            if old == new:
                return
            block = body.setdefault(key, {}) if key else body
            block[field] = like(block.get(field, missing), new)
        put('data_life_time', 'cur', before['retention_days'], user['retention_days'])
        put('record_circular', 'enable', before['circular'], user['circular'], False)
        for key, option in (('record_pre_alarm', 'pre_alarm'), ('record_post_alarm', 'post_alarm')):
            put(key, 'enable', before[option]['enabled'], user[option]['enabled'], False)
            put(key, 'cur', before[option]['seconds'], user[option]['seconds'])
        put(None, 'edge_archiver_interval', before['edge_archiver_interval'], user['edge_archiver_interval'])
        return body


RESOURCE = RecordConfig()


def alarm_spec():
    """Pre- or post-alarm options; no defaults, so that not given (None) keeps the current value."""
    return dict(type='dict', options=dict(
        enabled=dict(type='bool'),
        seconds=dict(type='int'),
    ))


# The module's options (besides the connection), shared with mobotix.move_nvr.nvr_config.
ARGUMENT_SPEC = dict(
    retention_days=dict(type='int'),
    circular=dict(type='bool'),
    pre_alarm=alarm_spec(),
    post_alarm=alarm_spec(),
    edge_archiver_interval=dict(type='int'),
    state=dict(type='str', choices=['merged', 'replaced'], default='merged'),
)
