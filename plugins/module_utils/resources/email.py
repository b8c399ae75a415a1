# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SMTP email settings: /setup/email_config."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import (
    NvrValidationError, Resource, as_bool, as_int, deep_merge, like)

PROVIDERS = ('gmail', 'yahoo_mail', 'custom')
RECIPIENT_SLOTS = 3
ADDRESS = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')
# Factory server settings per provider (the manual's GET example).
FACTORY_PROVIDERS = {
    'gmail': {'server': 'smtp.gmail.com', 'port': 465, 'ssl': True},
    'yahoo_mail': {'server': 'smtp.mail.yahoo.com', 'port': 465, 'ssl': True},
    'custom': {'server': 'smtp.mail.yahoo.com', 'port': 465, 'ssl': True},
}


def _provider_settings(device, provider):
    opt = (device.get('provider_opt') or {}).get(provider)
    if not opt:
        return dict(FACTORY_PROVIDERS.get(provider, {}))
    return {'server': opt.get('server_site', ''), 'port': as_int(opt.get('port')), 'ssl': as_bool(opt.get('enabled_ssl'))}


class Email(Resource):
    name = 'email'
    read_endpoint = 'email_get'
    write_endpoint = 'email_set'
    secret_paths = ('password',)
    factory = dict(FACTORY_PROVIDERS['gmail'], provider='gmail', account='', password='', recipients=[])

    def to_user(self, device, client):
        provider = device.get('current_provider', '')
        user = {'provider': provider}
        user.update(_provider_settings(device, provider))
        user.update({
            'account': device.get('account', ''),
            'password': decrypt_password(device.get('password')),
            'recipients': [a for a in device.get('address') or [] if a],
        })
        return user

    def desired(self, before, wanted, state, device, client):
        base = copy.deepcopy(self.factory if state == 'replaced' else before)
        provider = wanted.get('provider', base['provider'])
        if provider != base['provider']:
            # server, port and ssl belong to the provider: switching shows the new one's.
            settings = FACTORY_PROVIDERS.get(provider, {}) if state == 'replaced' else _provider_settings(device, provider)
            base.update(settings, provider=provider)
        return deep_merge(base, wanted)

    def comparable(self, user):
        return dict(user, recipients=sorted(user.get('recipients') or []))

    def validate(self, after, device, client):
        """Only what the run changes: a value the NVR already holds is never refused."""
        before = self.to_user(device, client)
        known = device.get('provider_list') or list(PROVIDERS)
        if after['provider'] != before['provider'] and after['provider'] not in known:
            raise NvrValidationError('provider', 'unknown provider %r' % after['provider'], ', '.join(known))
        # the provider's settings are the NVR's own when the provider did not change; else they are new
        same = after['provider'] == before['provider']
        if not (same and after.get('port') == before['port']) and not 1 <= as_int(after.get('port'), -1) <= 65535:
            raise NvrValidationError('port', '%r is out of range' % after.get('port'), '1-65535')
        if not (same and after.get('server') == before['server']) and not after.get('server'):
            raise NvrValidationError('server', 'the SMTP server name is empty', 'a host name or address')
        recipients = after.get('recipients') or []
        if sorted(recipients) == sorted(before['recipients']):
            return
        if len(recipients) > RECIPIENT_SLOTS:
            raise NvrValidationError('recipients', '%d addresses given' % len(recipients), 'at most %d' % RECIPIENT_SLOTS)
        for address in recipients:
            if address not in before['recipients'] and not ADDRESS.match(address or ''):
                raise NvrValidationError('recipients', '%r is not an email address' % address, 'addresses like name@example.com')

    def to_device(self, user, device, client):
        """The device's object with the user's values, in the NVR's forms; what the user did not change goes
        back exactly as read (the other providers' entries, the recipients' slots, the password)."""
        body = copy.deepcopy(device)
        before = self.to_user(device, client)
        provider = user['provider']
        held = _provider_settings(device, provider)
        opt = body.setdefault('provider_opt', {}).setdefault(provider, {})
        if user['server'] != held.get('server') or 'server_site' not in opt:
            opt['server_site'] = user['server']
        if user['port'] != held.get('port') or 'port' not in opt:
            opt['port'] = like(opt.get('port', 0), user['port'])
        if user['ssl'] != held.get('ssl') or 'enabled_ssl' not in opt:
            opt['enabled_ssl'] = like(opt.get('enabled_ssl', True), user['ssl'])
        body['current_provider'] = provider
        body['account'] = user['account']
        if user['password'] != before['password'] or 'password' not in body:
            body['password'] = encrypt_password(user['password'])
        recipients = list(user['recipients'])
        if sorted(recipients) != sorted(before['recipients']) or len(body.get('address') or []) != RECIPIENT_SLOTS:
            body['address'] = recipients + [''] * (RECIPIENT_SLOTS - len(recipients))
        return body


RESOURCE = Email()


# The module's options (besides the connection), shared with mobotix.move_nvr.nvr_config.
ARGUMENT_SPEC = dict(
    provider=dict(type='str', choices=list(PROVIDERS)),
    server=dict(type='str'),
    port=dict(type='int'),
    ssl=dict(type='bool'),
    account=dict(type='str'),
    password=dict(type='str', no_log=True),
    recipients=dict(type='list', elements='str'),
    state=dict(type='str', choices=['merged', 'replaced'], default='merged'),
)
