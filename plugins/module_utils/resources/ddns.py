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
        known = device.get('server_list') or list(SERVERS)
        if after['server'] not in known:
            raise NvrValidationError('server', 'unknown DDNS server %r' % after['server'], ', '.join(known))
        if not 1 <= as_int(after.get('port'), -1) <= 65535:
            raise NvrValidationError('port', '%r is out of range' % after.get('port'), '1-65535')

    def to_device(self, user, device, client):
        # refresh_status and server_list are read-only: sent back as read.
        body = copy.deepcopy(device)
        body['enabled'] = like(device.get('enabled', False), user['enabled'])
        body['server_name'] = user['server']
        body['hostname'] = user['hostname']
        body['username'] = user['username']
        body['password'] = encrypt_password(user['password'])
        body['port'] = like(device.get('port', 0), user['port'])
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
