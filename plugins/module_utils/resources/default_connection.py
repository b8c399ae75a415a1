# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Default camera credentials: GET and POST /setup/default_connection_info.

The NVR keeps, per camera type, the account and password it connects a camera of that type with,
plus automatic adding and refresh of the device list. The GET reply carries the entries as
`default_info` and the supported types as `support_cam` (read-only); the POST body carries the
entries as `device_default_list` (M:884, M:932).

Where the manual allows two readings, the body works on both (docs/api-decisions.md, "Default
connection"):
- The manual's body is `device_default_list` alone; a device may also take the `auto_*` fields, and
  one (the emulator's strict dialect) resets what a body leaves out. So the body is the complete
  object: every entry the NVR has, changed or not, and every field of the reply but the two lists
  that are only read (`default_info`, `support_cam`), each as the NVR wrote it.
  An NVR that refuses the complete object for an auto_* field, in a run that changes none, is sent
  the list alone once more (send).
- The POST reply's passwords may be encrypted or in clear (M:922-924): the reply is never read, the
  settings are read again after a write and compared with what was sent (read_after), so that an NVR
  that ignores a field fails the run instead of reporting a change it did not make.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import binascii
import copy
import re

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError, NvrRefused
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import (
    InfoTask, NvrValidationError, Write, as_bool, as_int, like)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import get_path, omit_user, secret_variants
from ansible_collections.mobotix.move_nvr.plugins.module_utils.list_resource import ListResource

STATES = ('merged', 'replaced')
# option -> the device's field, for the settings beside the list
SETTINGS = (('auto_add', 'auto_add'), ('auto_refresh', 'auto_refresh'), ('auto_refresh_time', 'auto_refresh_time'))
# What `replaced` returns the settings to: the manual's example (M:869), the emulator's factory state.
FACTORY = {'auto_add': False, 'auto_refresh': False, 'auto_refresh_time': 120}
# A type added, or set wholly by `replaced`, has for a field not given (the manual's examples: Admin).
NEW_ENTRY = {'username': 'Admin', 'password': ''}
READ_ONLY = ('default_info', 'support_cam')
LIST_FIELD = 'device_default_list'
# A refusal that names one of the settings: the NVR may take the manual's body only (device_default_list).
SETTING_REFUSED = re.compile(r'\b(%s)\b' % '|'.join(field for dummy, field in SETTINGS))


def _where(kind, field):
    return 'defaults[%s].%s' % (kind, field)


def device_password(value, kind):
    """The clear text of a password as the NVR returns it (encrypted), or NvrError naming the entry."""
    try:
        return decrypt_password(value)
    except (binascii.Error, ValueError, TypeError, AttributeError):
        raise NvrError('%s: the NVR returned a password that is not in its encrypted form (appendix of the manual); '
                       'it cannot be compared' % _where(kind, 'password'))


def supported_types(device):
    return sorted(set(as_int(kind, -1) for kind in (device or {}).get('support_cam') or []))


class DefaultConnection(ListResource):
    name = 'default_connection'
    read_endpoint = 'default_connection_get'
    write_endpoint = 'default_connection_set'
    states = STATES
    lists = {'defaults': 'type'}
    item_secrets = {'defaults': ('password',)}
    factory = FACTORY

    # -- reading -----------------------------------------------------------
    def to_user(self, device, client):
        device = device or {}
        defaults = []
        for entry in device.get('default_info') or []:
            kind = as_int(entry.get('type'), -1)
            defaults.append({
                'type': kind,
                'username': '' if entry.get('account') is None else '%s' % entry.get('account'),
                'password': device_password(entry.get('password'), kind),
            })
        return {
            'auto_add': as_bool(device.get('auto_add')),
            'auto_refresh': as_bool(device.get('auto_refresh')),
            'auto_refresh_time': as_int(device.get('auto_refresh_time')),
            'defaults': sorted(defaults, key=lambda item: item['type']),
        }

    def read_after(self, replies, client):
        """The settings read again (the reply's passwords may be in clear, M:922-924, or encrypted), checked against
        what was sent: an NVR that accepts the request but ignores part of it fails the run, naming what it kept,
        rather than report a change it did not make (and the same change on every rerun)."""
        now = self.to_user(self.read(client), client)
        expected = (replies[-1] or {}).get(EXPECTED) if replies and isinstance(replies[-1], dict) else None
        if expected is not None and self.comparable(now) != self.comparable(expected):
            raise NvrError('POST /setup/default_connection_info was accepted, but the NVR then reports %s; it does not '
                           'take that in this request (what else the request changed is written)'
                           % first_difference(expected, now))
        return now

    # -- the wanted state --------------------------------------------------
    def item_defaults(self, list_name, key, device, client):
        return copy.deepcopy(NEW_ENTRY)

    def desired(self, before, wanted, state, device, client):
        """The list by type (ListResource: merged lays each listed type over the NVR's, replaced sets it wholly,
        types not listed are kept), the settings as every single object: merged over the NVR's, replaced over
        FACTORY."""
        wanted = dict(wanted)
        given = dict((option, wanted.pop(option)) for option, dummy in SETTINGS if option in wanted)
        after = super(DefaultConnection, self).desired(before, wanted, state, device, client)
        settings = dict(FACTORY) if state == 'replaced' else dict((option, before.get(option)) for option, dummy in SETTINGS)
        settings.update(given)
        after.update(settings)
        return after

    # -- validation --------------------------------------------------------
    def validate(self, after, device, client):
        """Only what the run changes: a value the NVR already holds is never refused."""
        before = self.to_user(device, client)
        if after.get('auto_refresh_time') != before.get('auto_refresh_time'):
            value = after.get('auto_refresh_time')
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise NvrValidationError('auto_refresh_time', '%r is not a number of seconds' % (value,),
                                         'an integer of at least 1 (seconds between two refreshes)')
        old = dict((item['type'], item) for item in before.get('defaults') or [])
        supported = supported_types(device)
        for item in after.get('defaults') or []:
            kind = item['type']
            if old.get(kind) == item:
                continue
            if kind not in old and kind not in supported:
                raise NvrValidationError(_where(kind, 'type'), 'camera type %r is not one this NVR supports' % (kind,),
                                         '%s (the NVR\'s support_cam)' % (', '.join('%d' % k for k in supported) or 'none'))

    # -- writes ------------------------------------------------------------
    def plan(self, before, after, device, client):
        body = self.to_device(after, device, client)
        changes_settings = any(after[option] != before[option] for option, dummy in SETTINGS)
        return [DefaultConnectionWrite(self.write_endpoint, body, after, changes_settings)]

    def send(self, client, write):
        """The complete object. Refused for one of the settings although the run changes none (their values are the
        NVR's own: an NVR that takes the manual's body only, `device_default_list`), the list alone once more; a
        run that changes a setting gets the NVR's refusal as it is. The reply carries what was to be written, for
        read_after to check."""
        try:
            reply = client.call(write.endpoint, body=write.body)
        except NvrRefused as refusal:
            if write.changes_settings or not SETTING_REFUSED.search(str(refusal)) or set(write.body) == {LIST_FIELD}:
                raise
            listed = {LIST_FIELD: write.body[LIST_FIELD]}
            try:
                reply = client.call(write.endpoint, body=listed)
            except NvrRefused as second:
                raise NvrRefused('%s; sent again as device_default_list alone (the manual\'s body): %s' % (refusal, second))
            write.body = listed
        return dict(reply if isinstance(reply, dict) else {}, **{EXPECTED: write.expected})

    def to_device(self, user, device, client):
        """The complete object: every field the NVR reported but the read-only lists, the user's settings in the form
        the NVR wrote them, and device_default_list with every type, each entry the NVR's own (its unknown fields
        too) with the user's values laid over it; a value the user did not change goes back exactly as read."""
        device = device or {}
        before = self.to_user(device, client)
        body = dict((key, copy.deepcopy(value)) for key, value in device.items() if key not in READ_ONLY)
        for option, field in SETTINGS:
            if user[option] != before[option] or field not in body:
                form = device.get(field, False if option != 'auto_refresh_time' else 0)
                body[field] = like(form, user[option])
        listed = dict((as_int(entry.get('type'), -1), entry) for entry in device.get('default_info') or [])
        sample = dict((key, value) for entry in listed.values() for key, value in entry.items())
        old_items = dict((item['type'], item) for item in before.get('defaults') or [])
        entries = []
        for item in sorted(user.get('defaults') or [], key=lambda item: item['type']):
            kind = item['type']
            old_item = old_items.get(kind)
            entry = copy.deepcopy(listed.get(kind, {}))
            if old_item is None or item['username'] != old_item['username'] or 'account' not in entry:
                entry['account'] = like(entry.get('account', sample.get('account', '')), item['username'])
            if old_item is None or item['password'] != old_item['password'] or 'password' not in entry:
                entry['password'] = encrypt_password(item['password'])
            if 'type' not in entry:
                entry['type'] = like(sample.get('type', 0), kind)
            entries.append(dict(sorted(entry.items())))
        body[LIST_FIELD] = entries
        return body


EXPECTED = '_expected'


class DefaultConnectionWrite(Write):
    """The one POST of a run, with the settings it is to leave (user form) and whether it changes auto_*."""

    def __init__(self, endpoint, body, expected, changes_settings):
        super(DefaultConnectionWrite, self).__init__(endpoint, body)
        self.expected = expected
        self.changes_settings = changes_settings


def first_difference(expected, now):
    """The first setting or type whose value the NVR reports other than sent, passwords named, never shown."""
    for option, dummy in SETTINGS:
        if expected.get(option) != now.get(option):
            return '%s %s where %s was sent' % (option, _shown(now.get(option)), _shown(expected.get(option)))
    reported = dict((item['type'], item) for item in now.get('defaults') or [])
    for item in expected.get('defaults') or []:
        other = reported.get(item['type'])
        if other is None:
            return 'no camera type %s where it was sent' % item['type']
        for field in ('username', 'password'):
            if item.get(field) != other.get(field):
                return '%s other than sent' % _where(item['type'], field) if field == 'password' else \
                    '%s %s where %s was sent' % (_where(item['type'], field), _shown(other.get(field)), _shown(item.get(field)))
    return 'camera types that were not sent'


def _shown(value):
    return str(value).lower() if isinstance(value, bool) else repr(value) if isinstance(value, str) else str(value)


RESOURCE = DefaultConnection()


class DefaultConnectionInfoTask(InfoTask):
    """InfoTask, plus the camera types the NVR supports (its support_cam), read with the settings."""

    def run(self, client, params, check_mode=False, diff_mode=False):
        device = self.resource.read(client)
        config = self.resource.to_user(device, client)
        paths = self.resource.secret_paths
        return {
            'changed': False,
            'config': omit_user(config, paths),
            'supported_types': supported_types(device),
            '_secrets': secret_variants(value for path in paths for value in get_path(config, path)),
        }


# The module's options (besides the connection), shared with mobotix.move_nvr.nvr_config.
ARGUMENT_SPEC = dict(
    defaults=dict(type='list', elements='dict', options=dict(
        type=dict(type='int', required=True),
        username=dict(type='str'),
        password=dict(type='str', no_log=True),
    )),
    auto_add=dict(type='bool'),
    auto_refresh=dict(type='bool'),
    auto_refresh_time=dict(type='int'),
    state=dict(type='str', choices=list(STATES), default='merged'),
)
