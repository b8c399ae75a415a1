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
    low, high = as_int(block.get('min')), as_int(block.get('max'))
    if not low <= value <= high:
        raise NvrValidationError(option, '%s is outside the range this NVR accepts' % value, '%d-%d' % (low, high))


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
        _check_range('retention_days', after['retention_days'], device.get('data_life_time') or {})
        _check_range('pre_alarm.seconds', after['pre_alarm']['seconds'], device.get('record_pre_alarm') or {})
        _check_range('post_alarm.seconds', after['post_alarm']['seconds'], device.get('record_post_alarm') or {})
        low, high = EDGE_ARCHIVER_RANGE
        if not low <= after['edge_archiver_interval'] <= high:
            raise NvrValidationError('edge_archiver_interval', '%s is out of range' % after['edge_archiver_interval'], '%d-%d' % (low, high))

    def to_device(self, user, device, client):
        body = copy.deepcopy(device)
        life = body.setdefault('data_life_time', {})
        life['cur'] = like(life.get('cur', 0), user['retention_days'])
        circular = body.setdefault('record_circular', {})
        circular['enable'] = like(circular.get('enable', False), user['circular'])
        for key, option in (('record_pre_alarm', 'pre_alarm'), ('record_post_alarm', 'post_alarm')):
            block = body.setdefault(key, {})
            block['enable'] = like(block.get('enable', False), user[option]['enabled'])
            block['cur'] = like(block.get('cur', 0), user[option]['seconds'])
        body['edge_archiver_interval'] = like(device.get('edge_archiver_interval', 0), user['edge_archiver_interval'])
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
