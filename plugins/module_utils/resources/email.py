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
        known = device.get('provider_list') or list(PROVIDERS)
        if after['provider'] not in known:
            raise NvrValidationError('provider', 'unknown provider %r' % after['provider'], ', '.join(known))
        if not 1 <= as_int(after.get('port'), -1) <= 65535:
            raise NvrValidationError('port', '%r is out of range' % after.get('port'), '1-65535')
        if not after.get('server'):
            raise NvrValidationError('server', 'the SMTP server name is empty', 'a host name or address')
        recipients = after.get('recipients') or []
        if len(recipients) > RECIPIENT_SLOTS:
            raise NvrValidationError('recipients', '%d addresses given' % len(recipients), 'at most %d' % RECIPIENT_SLOTS)
        for address in recipients:
            if not ADDRESS.match(address or ''):
                raise NvrValidationError('recipients', '%r is not an email address' % address, 'addresses like name@example.com')

    def to_device(self, user, device, client):
        body = copy.deepcopy(device)
        provider = user['provider']
        opt = body.setdefault('provider_opt', {}).setdefault(provider, {})
        opt['server_site'] = user['server']
        opt['port'] = like(opt.get('port', 0), user['port'])
        opt['enabled_ssl'] = like(opt.get('enabled_ssl', True), user['ssl'])
        body['current_provider'] = provider
        body['account'] = user['account']
        body['password'] = encrypt_password(user['password'])
        recipients = list(user['recipients'])
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
