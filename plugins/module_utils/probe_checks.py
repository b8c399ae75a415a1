# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The assumption list of nvr_probe (module_utils/probe.py) and the value helpers its checks share.

`Checks` collects each assumption of the code about a reply with the value seen and pass/differs; `seen_text`
renders a value for the report (a password only by its form, never its value); `collect_flags` counts the forms
the flags of the replies take. Pure: no request, no Ansible. probe_resources.py and probe_analysis.py build on it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import DEVICE_SECRET_KEYS
from ansible_collections.mobotix.move_nvr.plugins.module_utils.transport import device_text

PASS, DIFFERS = 'pass', 'differs'
SEEN_CHARS = 80

# The flags: every key whose value is a flag (or a list of flags) in some reply. The manual writes them %d (1/0),
# its examples true/false (api-notes.md); covert, use_24hr and evt_type are true/false in the schema too.
FLAG_KEYS = frozenset(('enabled', 'enable', 'enabled_ssl', 'send_email', 'event_trigger', 'take_snapshot', 'auto_add',
                       'auto_refresh', 'dhcp_status', 'alarm_out', 'channel_map', 'group_support'))
TRUE_FALSE_KEYS = frozenset(('covert', 'use_24hr', 'evt_type'))


def _kind(value):
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, int):
        return 'integer'
    if isinstance(value, float):
        return 'number'
    if isinstance(value, str):
        return 'string'
    if isinstance(value, list):
        return 'list'
    if isinstance(value, dict):
        return 'object'
    return 'null' if value is None else type(value).__name__


def seen_text(value, key=None):
    """A short, safe text of a value for the report; a password is never shown, only its form."""
    if key in DEVICE_SECRET_KEYS:
        if value in (None, ''):
            return 'empty'
        return 'set (%s, not shown)' % _kind(value)
    if isinstance(value, (dict, list)):
        return '%s of %d' % (_kind(value), len(value))
    return device_text(repr(value) if isinstance(value, str) else _json_text(value), SEEN_CHARS)


def _json_text(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if value is None:
        return 'null'
    return '%s' % (value,)


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_flag(value):
    return isinstance(value, bool) or (is_int(value) and value in (0, 1))


class Checks:
    """The assumption list of one probe."""

    def __init__(self):
        self.items = []

    def add(self, endpoint, field, assumption, ok, seen):
        self.items.append({'endpoint': endpoint, 'field': field, 'assumption': assumption, 'seen': seen,
                           'result': PASS if ok else DIFFERS})

    def field(self, endpoint, output, key, kind, where=None, allow_digits=False):
        """output[key] exists and is of kind ('integer', 'string', 'flag', 'list', 'object'); returns the value."""
        where = where or key
        if not isinstance(output, dict) or key not in output:
            self.add(endpoint, where, 'present, %s' % kind, False, 'missing')
            return None
        value = output[key]
        ok = {'integer': is_int, 'flag': is_flag, 'string': lambda v: isinstance(v, str),
              'list': lambda v: isinstance(v, list), 'object': lambda v: isinstance(v, dict)}[kind](value)
        self.add(endpoint, where, 'present, %s' % kind, ok, seen_text(value, key))
        return value

    def size(self, endpoint, where, value, expected, count_name):
        ok = isinstance(value, (list, dict)) and len(value) == expected
        self.add(endpoint, where, '%d entries (%s)' % (expected, count_name), ok,
                 '%d entries' % len(value) if isinstance(value, (list, dict)) else seen_text(value))

    def in_range(self, endpoint, where, value, low, high):
        self.add(endpoint, where, 'an integer in %s..%s' % (low, high), is_int(value) and low <= value <= high, seen_text(value))


def collect_flags(value, found, key=None):
    """found[form] += 1 for each flag value under a key of FLAG_KEYS (at any depth)."""
    if isinstance(value, dict):
        for k, v in value.items():
            collect_flags(v, found, k)
    elif isinstance(value, list):
        for v in value:
            collect_flags(v, found, key)
    elif key in FLAG_KEYS:
        if isinstance(value, bool):
            found['true/false'] = found.get('true/false', 0) + 1
        elif is_int(value) and value in (0, 1):
            found['1/0'] = found.get('1/0', 0) + 1
        else:
            found['other'] = found.get('other', 0) + 1


def output_of(observations, name):
    """The output of the successful read of the endpoint name (client.ENDPOINTS), else None."""
    record = observations['endpoints'].get(ENDPOINTS[name][1])
    return record.get('output') if record and record.get('ok') else None
