# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.factory_reset: /setup/load_default, after a summary of what it will erase.

Refused before any request unless confirm is true. The configuration is read first (every read
before the one write), so the result says what the NVR had; check mode reads, reports changed and
writes nothing. Passwords are never read into the summary.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError, as_bool, as_int
from ansible_collections.mobotix.move_nvr.plugins.module_utils.exports import request
from ansible_collections.mobotix.move_nvr.plugins.module_utils.logs import text

CONFIRM_TEXT = ('a factory reset erases the configuration of the NVR (cameras, accounts, recording and event settings) '
                'and is refused without it', 'true, to reset the NVR')
CONFIRM_PROBLEM = 'confirm: %s; allowed: %s' % CONFIRM_TEXT


def as_dict(value):
    return value if isinstance(value, dict) else {}


def cameras(output):
    found = []
    for item in as_dict(output).get('camera_list') or []:
        if isinstance(item, dict):
            found.append({'channel': as_int(item.get('ch'), None), 'ip': text(item.get('ip')),
                          'title': text(item.get('title')), 'model': text(item.get('model'))})
    return found


def accounts(output):
    return [{'name': text(u.get('account')), 'authority': as_int(u.get('authority'), None)}
            for u in as_dict(output).get('user') or [] if isinstance(u, dict)]


def templates(output):
    output = as_dict(output)
    assigned = sorted(key for key, value in as_dict(output.get('channel_setting')).items()
                      if isinstance(value, dict) and text(value.get('template_name')))
    return {'templates': sorted(as_dict(output.get('record_template'))), 'channels_with_template': assigned}


def email(output):
    output = as_dict(output)
    return {'account': text(output.get('account')), 'provider': text(output.get('current_provider')),
            'recipients': [text(a) for a in output.get('address') or [] if text(a)]}


def ddns(output):
    output = as_dict(output)
    return {'enabled': as_bool(output.get('enabled')), 'server': text(output.get('server_name')),
            'hostname': text(output.get('hostname')), 'username': text(output.get('username'))}


def default_connection(output):
    return [{'type': as_int(e.get('type'), None), 'username': text(e.get('account'))}
            for e in as_dict(output).get('default_info') or [] if isinstance(e, dict)]


def time_settings(output):
    output = as_dict(output)
    return {'ntp_server': text(output.get('ntp_server')), 'iana_id': text(output.get('iana_id')),
            'timezone_offset': as_int(output.get('timezone_offset'), 0)}


# (key of `lost`, ENDPOINTS name, summary of its output)
SUMMARY = (
    ('cameras', 'camera_list', cameras),
    ('accounts', 'user_management', accounts),
    ('record_templates', 'record_template_get', templates),
    ('email', 'email_get', email),
    ('ddns', 'ddns_get', ddns),
    ('default_connection', 'default_connection_get', default_connection),
    ('time', 'time_config', time_settings),
)


class FactoryResetTask:
    """Read the summary, then (unless in check mode) POST /setup/load_default."""

    def preflight(self, params):
        return None if params.get('confirm') is True else CONFIRM_PROBLEM

    def run(self, client, params, check_mode=False, diff_mode=False):
        problem = self.preflight(params)
        if problem:  # the runner refuses it before login; this is the last line of defence
            raise NvrValidationError('confirm', *CONFIRM_TEXT)
        lost = dict((key, summary(client.get(endpoint))) for key, endpoint, summary in SUMMARY)
        result = {'changed': True, 'lost': lost, 'requests': [request('load_default', {})]}
        if not check_mode:
            client.call('load_default', body={})
            result['msg'] = 'the NVR was reset to its factory defaults; `lost` is the configuration it had'
        else:
            result['msg'] = 'check mode: the NVR would be reset to its factory defaults; `lost` is what it would lose'
        return result
