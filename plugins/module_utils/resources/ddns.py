# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DDNS settings: /setup/ddns_config."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import (
    NvrValidationError, Resource, as_bool, as_int, like)

SERVERS = ('DynDNS', 'ChangeIP', 'NoIP')


class Ddns(Resource):
    name = 'ddns'
    read_endpoint = 'ddns_get'
    write_endpoint = 'ddns_set'
    secret_paths = ('password',)
    factory = {'enabled': False, 'server': 'DynDNS', 'hostname': '', 'username': '', 'password': '', 'port': 80}

    def to_user(self, device, client):
        return {
            'enabled': as_bool(device.get('enabled')),
            'server': device.get('server_name', ''),
            'hostname': device.get('hostname', ''),
            'username': device.get('username', ''),
            'password': decrypt_password(device.get('password')),
            'port': as_int(device.get('port')),
        }

    def validate(self, after, device, client):
        """Only what the run changes: a value the NVR already holds is never refused."""
        before = self.to_user(device, client)
        known = device.get('server_list') or list(SERVERS)
        if after['server'] != before['server'] and after['server'] not in known:
            raise NvrValidationError('server', 'unknown DDNS server %r' % after['server'], ', '.join(known))
        if after.get('port') != before['port'] and not 1 <= as_int(after.get('port'), -1) <= 65535:
            raise NvrValidationError('port', '%r is out of range' % after.get('port'), '1-65535')

    def to_device(self, user, device, client):
        """The device's object with the user's values; refresh_status and server_list (read-only) and every value
        the user did not change go back exactly as read."""
        body = copy.deepcopy(device)
        before = self.to_user(device, client)
        for option, field in (('enabled', 'enabled'), ('server', 'server_name'), ('hostname', 'hostname'),
                              ('username', 'username'), ('port', 'port')):
            if user[option] != before[option] or field not in body:
                body[field] = like(device.get(field, False if option == 'enabled' else 0 if option == 'port' else ''),
                                   user[option])
        if user['password'] != before['password'] or 'password' not in body:
            body['password'] = encrypt_password(user['password'])
        return body


RESOURCE = Ddns()


# The module's options (besides the connection), shared with mobotix.move_nvr.nvr_config.
ARGUMENT_SPEC = dict(
    enabled=dict(type='bool'),
    server=dict(type='str', choices=list(SERVERS)),
    hostname=dict(type='str'),
    username=dict(type='str'),
    password=dict(type='str', no_log=True),
    port=dict(type='int'),
    state=dict(type='str', choices=['merged', 'replaced'], default='merged'),
)
