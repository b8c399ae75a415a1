# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""User accounts: /information/user_management and /setup/account_*.

The device has no "set the user list" request: an account is added
(`account_add`, which gives it Live only), its authority and covert channels
are set (`account_authority`), its password changed (`account_edit`) or it is
deleted (`account_delete`, which wants the encrypted password as the user
list shows it). `account_edit` and `account_authority` are inferred, see
docs/api-decisions.md; their paths live in client.ENDPOINTS.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import (
    NvrValidationError, Write, as_int, flags_to_indexes, indexes_to_flags, like)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.list_resource import LIST_STATES, ListResource

ADMIN = 'Admin'  # as the manual writes it; a device may spell it otherwise (administrator())
# authority bits; Live (8) is always set and not an option
PERMISSION_BITS = (('setup', 16), ('ptz', 4), ('device', 2), ('playback', 1))
PERMISSIONS = tuple(name for name, bit in PERMISSION_BITS)
LIVE = 8
MAX_ACCOUNTS = 6  # besides the administrator
UPDATE_PASSWORD = ('always', 'on_create')
NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_]{1,31}$')
PASSWORD_CHARS = re.compile(r"^[A-Za-z0-9!#$%&'\-.@^_~]{6,20}$")
NAME_RULE = '2 to 32 characters of A-Z a-z 0-9 _, not starting with _'
PASSWORD_RULE = "6 to 20 characters, letters and digits with at least one of each, plus any of !#$%&'-.@^_~"


def authority_to_permissions(authority):
    authority = as_int(authority)
    return sorted(name for name, bit in PERMISSION_BITS if authority & bit)


def permissions_to_authority(permissions):
    return LIVE | sum(bit for name, bit in PERMISSION_BITS if name in (permissions or []))


def administrator(accounts):
    """The name of the NVR's administrator among its accounts (user form), or None: the account named Admin as the
    device compares names (without case: `admin` on some firmware) that has every authority, the exact spelling
    first (a device that compares names with case may hold an ordinary `admin` with every authority beside `Admin`).

    Why not the name alone, nor the authority alone: any account may be given every authority, and the
    manual's administrator is `Admin` (docs/api-decisions.md).
    """
    found = [item['name'] for item in accounts or [] if isinstance(item.get('name'), str)
             and item['name'].lower() == ADMIN.lower() and sorted(item.get('permissions') or []) == sorted(PERMISSIONS)]
    return ADMIN if ADMIN in found else (found[0] if found else None)


def password_problem(password):
    """Why the device would refuse this password, or None."""
    if not 6 <= len(password) <= 20:
        return 'the password has %d characters' % len(password)
    if not PASSWORD_CHARS.match(password):
        return 'the password has a character that is not allowed'
    if not re.search(r'[A-Za-z]', password) or not re.search(r'[0-9]', password):
        return 'the password needs at least one letter and one digit'
    return None


def _where(name, field):
    return 'accounts[%s].%s' % (name, field)


def _sorted_unique(values):
    return sorted(set(values or []))


class Account(ListResource):
    name = 'account'
    read_endpoint = 'user_management'
    lists = {'accounts': 'name'}
    unordered = {'accounts': ('permissions', 'covert_channels')}
    item_secrets = {'accounts': ('password',)}
    control_options = ('state',)

    # -- reading -----------------------------------------------------------
    def to_user(self, device, client):
        accounts = []
        for user in (device or {}).get('user') or []:
            accounts.append({
                'name': user.get('account', ''),
                'password': decrypt_password(user.get('password')),
                'permissions': authority_to_permissions(user.get('authority')),
                'covert_channels': flags_to_indexes(user.get('covert')),
            })
        return {'accounts': sorted(accounts, key=lambda item: item['name'])}

    def read_after(self, replies, client):
        # every account_* request replies with the whole user list
        output = replies[-1].get('output') if replies else None
        if not isinstance(output, dict) or 'user' not in output:
            output = self.read(client)
        return self.to_user(output, client)

    # -- the wanted state --------------------------------------------------
    def item_defaults(self, list_name, key, device, client):
        return {'permissions': [], 'covert_channels': []}

    def keep_fields(self, list_name, before_item, wanted_item, state, items):
        # The administrator's authority cannot change, so it is kept unless given
        # (passwords not given are kept for every account by ListResource).
        if before_item['name'] != administrator(items):
            return {}
        return {'permissions': before_item.get('permissions', []), 'covert_channels': before_item.get('covert_channels', [])}

    def protected(self, list_name, item, client, items):
        if item.get('name') == administrator(items):
            return 'the administrator account cannot be deleted'
        if item.get('name') == getattr(client, 'username', None):
            return 'it is the account this module logs in with (nvr_username)'
        return None

    def desired(self, before, wanted, state, device, client):
        wanted = copy.deepcopy(wanted)
        update_password = wanted.pop('update_password', None) or 'always'
        if update_password not in UPDATE_PASSWORD:
            raise NvrValidationError('update_password', 'unknown value %r' % update_password, ', '.join(UPDATE_PASSWORD))
        if update_password == 'on_create' and state != 'deleted':
            existing = set(item['name'] for item in before.get('accounts') or [])
            for item in wanted.get('accounts') or []:
                if item.get('name') in existing:
                    item.pop('password', None)
        after = super(Account, self).desired(before, wanted, state, device, client)
        for item in after.get('accounts') or []:
            item['permissions'] = _sorted_unique(item.get('permissions'))
            item['covert_channels'] = _sorted_unique(item.get('covert_channels'))
        return after

    # -- validation --------------------------------------------------------
    def validate(self, after, device, client):
        num_ch = as_int(client.version().get('num_ch'))
        old = dict((item['name'], item) for item in self.to_user(device, client)['accounts'])
        accounts = after.get('accounts') or []
        admin = administrator(old.values())
        others = [item['name'] for item in accounts if item['name'] != admin]
        # more than the limit only refused when the run adds to it: an NVR that already holds more keeps them
        if len(others) > MAX_ACCOUNTS and len(others) > len([name for name in old if name != admin]):
            raise NvrValidationError('accounts', '%d accounts besides the administrator %s (%s)'
                                     % (len(others), admin or ADMIN, ', '.join(others)),
                                     'at most %d besides the administrator' % MAX_ACCOUNTS)
        for item in accounts:
            if item['name'] not in old:
                twins = [other for other in old if other.lower() == item['name'].lower()]
                if twins:
                    raise NvrValidationError(_where(item['name'], 'name'), 'the NVR already has the account %r '
                                             '(names are compared without case)' % twins[0], 'a new name, or %r' % twins[0])
        for item in accounts:
            before_item = old.get(item['name'])
            if before_item is None or item != before_item:
                self._validate_item(item, before_item, num_ch, client, admin)

    def _validate_item(self, item, before_item, num_ch, client, admin):  # pylint: disable=too-many-arguments,too-many-positional-arguments
        name = item['name']
        if before_item is None and not NAME.match(name or ''):
            raise NvrValidationError(_where(name, 'name'), 'the name %r is not allowed' % name, NAME_RULE)
        password = item.get('password')
        if before_item is None and not password:
            raise NvrValidationError(_where(name, 'password'), 'a new account needs a password', PASSWORD_RULE)
        if password is not None and (before_item is None or password != before_item.get('password')):
            problem = password_problem(password)
            if problem:
                raise NvrValidationError(_where(name, 'password'), problem, PASSWORD_RULE)
        for permission in item['permissions']:
            if permission not in PERMISSIONS:
                raise NvrValidationError(_where(name, 'permissions'), 'unknown permission %r' % permission, ', '.join(PERMISSIONS))
        for channel in item['covert_channels']:
            if not isinstance(channel, int) or not 0 <= channel < num_ch:
                raise NvrValidationError(_where(name, 'covert_channels'), 'channel %r does not exist on this NVR' % channel,
                                         '0-%d (num_ch %d)' % (num_ch - 1, num_ch))
        if before_item is None:
            return
        if name == admin and (item['permissions'] != before_item['permissions']
                              or item['covert_channels'] != before_item['covert_channels']):
            # name the option the user changed
            field = 'permissions' if item['permissions'] != before_item['permissions'] else 'covert_channels'
            raise NvrValidationError(_where(name, field),
                                     'the permissions and covert channels of the administrator %s cannot be changed' % name,
                                     'leave out permissions and covert_channels for %s (it has %s, no covert channel)'
                                     % (name, ', '.join(PERMISSIONS)))
        if name == getattr(client, 'username', None) and 'setup' in before_item['permissions'] \
                and 'setup' not in item['permissions']:
            raise NvrValidationError(_where(name, 'permissions'),
                                     'the account this module logs in with (nvr_username) would lose setup, '
                                     'and with it every later request', 'keep setup for %s' % name)

    # -- writes ------------------------------------------------------------
    def plan(self, before, after, device, client):
        num_ch = as_int(client.version().get('num_ch'))
        listed = dict((user.get('account'), user) for user in (device or {}).get('user') or [])
        # a new account's flags and authority take the form of the NVR's other accounts (1/0 or true/false)
        sample = dict((key, value) for user in listed.values() for key, value in
                      (('authority', user.get('authority')), ('covert', (user.get('covert') or [None])[0])) if value is not None)
        added, changed, removed = self.changes(before, after, 'accounts')
        adds, edits, own_edits, deletes = [], [], [], []
        for item in added:
            adds.append(Write('account_add', {'account': item['name'], 'password': encrypt_password(item['password'])}))
            if item['permissions'] or item['covert_channels']:
                adds.append(self._authority(item, None, num_ch, sample))
        for old, new in changed:
            user = listed.get(new['name'])
            if old['permissions'] != new['permissions'] or old['covert_channels'] != new['covert_channels']:
                edits.append(self._authority(new, user, num_ch, sample))
            if old['password'] != new['password']:
                write = Write('account_edit', {'account': new['name'], 'password': encrypt_password(new['password'])})
                # a new password for the session's own account goes last: the device may end that session
                (own_edits if new['name'] == getattr(client, 'username', None) else edits).append(write)
        for item in removed:
            user = listed.get(item['name']) or {}
            deletes.append(Write('account_delete', {'account': item['name'], 'password': user.get('password', '')}))
        admin = administrator(before.get('accounts'))
        others = len([item for item in before.get('accounts') or [] if item['name'] != admin])
        if deletes and others + len(added) > MAX_ACCOUNTS:
            # adding first would pass the device's limit: make room first
            return deletes + adds + edits + own_edits
        return adds + edits + deletes + own_edits

    def ends_session(self, writes, client):
        """A new password for the account the run logs in with: the NVR may end that session."""
        return any(write.endpoint == 'account_edit' and write.body.get('account') == getattr(client, 'username', None)
                   for write in writes)

    @staticmethod
    def _authority(item, user, num_ch, sample):
        """account_authority with the whole body, {account, authority, covert} (api-notes.md), typed like the
        account's own values, or for a new account like another account's."""
        old_flags = (user or {}).get('covert')
        size = num_ch or len(old_flags or [])
        body = {
            'account': item['name'],
            'authority': like((user or {}).get('authority', sample.get('authority', 0)),
                              permissions_to_authority(item['permissions'])),
            'covert': indexes_to_flags(item['covert_channels'], old_flags, size, sample.get('covert', False)),
        }
        return Write('account_authority', body)


RESOURCE = Account()


# The module's options (besides the connection), shared with mobotix.move_nvr.nvr_config.
ARGUMENT_SPEC = dict(
    accounts=dict(type='list', elements='dict', options=dict(
        name=dict(type='str', required=True),
        password=dict(type='str', no_log=True),
        permissions=dict(type='list', elements='str', choices=list(PERMISSIONS)),
        covert_channels=dict(type='list', elements='int'),
    )),
    update_password=dict(type='str', choices=list(UPDATE_PASSWORD), default='always', no_log=False),
    state=dict(type='str', choices=list(LIST_STATES), default='merged'),
)
