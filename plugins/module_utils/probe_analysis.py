# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The compatibility report of nvr_probe (module_utils/probe.py) from what it observed, and the dialect match.

- `analyse(observations)`: the report (a dict): the endpoints and how each answered, every assumption of the
  code with the value seen and pass/differs (probe_checks.py, probe_resources.py), the NVR's counts and
  firmware, and the dialect it matches.
- `match_dialect(observed)`: the dialect all of whose observed switches match (DIALECTS: the readings of the
  manual the project's emulator knows, docs/emulator.md "Dialects"), the closest one, and the differences.

Pure: no request, no Ansible.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import DEVICE_COUNTS, SESSION_COOKIE
from ansible_collections.mobotix.move_nvr.plugins.module_utils.probe_checks import DIFFERS, PASS, Checks, collect_flags, is_int, output_of, seen_text
from ansible_collections.mobotix.move_nvr.plugins.module_utils.probe_resources import check_resources

REPORT_FORMAT = 'mobotix.move_nvr.probe_report'
REPORT_VERSION = 1
SEARCH = 'camera_search'
UNKNOWN = 'unknown'

# The switches a read-only probe can observe, and what each dialect of the emulator shows
# (tests/unit checks this table against tests/emulator/move_nvr_emulator/dialect.py).
SWITCHES = (
    ('code', 'the success code: "0" for login and logout, 0 elsewhere (as the manual\'s examples), or always "0", or always 0'),
    ('flags', 'flags as JSON true/false or as 1/0 (%d)'),
    ('numbers', 'record_pre_alarm.cur as an integer or as a string (%s)'),
    ('monitor_list_key', 'the name of the system monitor list: system_monitor_setting_list or system_monitor_list'),
    ('channel_index_key', 'the channel index of a record template channel: ch_idx or chidx'),
    ('retention_range', 'the retention range the NVR reports (data_life_time min..max)'),
    ('search_without_model', 'GET /camera/devicesearch without model: refused or answered'),
    ('protocol', 'a camera\'s protocol in replies: its name or an index'),
)
DIALECTS = {
    'strict': {'code': 'examples', 'flags': 'true/false', 'numbers': 'integer', 'monitor_list_key': 'system_monitor_setting_list',
               'channel_index_key': 'ch_idx', 'retention_range': '1..90', 'search_without_model': 'refused', 'protocol': 'name'},
    'manual': {'code': 'string', 'flags': '1/0', 'numbers': 'string', 'monitor_list_key': 'system_monitor_list',
               'channel_index_key': 'chidx', 'retention_range': '0..60', 'search_without_model': 'refused', 'protocol': 'name'},
    'lenient': {'code': 'examples', 'flags': 'true/false', 'numbers': 'integer', 'monitor_list_key': 'system_monitor_setting_list',
                'channel_index_key': 'ch_idx', 'retention_range': '1..90', 'search_without_model': 'answered', 'protocol': 'name'},
}
DIALECT_ORDER = ('strict', 'manual', 'lenient')


def analyse(observations):
    """The compatibility report (a dict) of the observations of observe()."""
    checks = Checks()
    observed = {}
    endpoints = []
    live = observations.get('live')

    # -- login, logout, cookie
    login = observations.get('login')
    if login:
        checks.add('POST /auth/login', 'HTTP status', 'HTTP 200', login['status'] == 200, '%s' % login['status'])
        checks.add('POST /auth/login', 'code', 'a result code 0 or "0"', login['code'] in (0, '0'), seen_text(login['code']))
        names = [c['name'] for c in login['cookies']]
        checks.add('POST /auth/login', 'Set-Cookie', 'sets the cookie %s, once' % SESSION_COOKIE,
                   names.count(SESSION_COOKIE) == 1, ', '.join(names) or 'no cookie')
        cookie = next((c for c in login['cookies'] if c['name'] == SESSION_COOKIE), None)
        if cookie:
            checks.add('POST /auth/login', 'cookie value', '32 hex characters (value not shown)',
                       cookie['value_form'] == '32 hex characters', cookie['value_form'])
            checks.add('POST /auth/login', 'cookie attributes', 'httponly (and path)', 'httponly' in cookie['attributes'],
                       ', '.join(cookie['attributes']) or 'none')
    elif live:
        checks.add('POST /auth/login', 'reply', 'observed', False, 'not observed')
    logout = observations.get('logout')
    if logout:
        checks.add('GET /logout', 'HTTP status', 'HTTP 2xx', 200 <= logout['status'] < 300, '%s' % logout['status'])
        checks.add('GET /logout', 'code', 'a result code 0 or "0"', logout['code'] in (0, '0'), seen_text(logout['code']))

    # -- each endpoint
    codes = {}
    for path, record in observations['endpoints'].items():
        where = '%s %s' % (record['method'], path)
        if record['name'] == SEARCH:
            if record.get('ok'):
                status, observed['search_without_model'] = 'answered', 'answered'
            elif record.get('http_status') == 400 or record.get('failure') == 'refused':
                status, observed['search_without_model'] = 'refused', 'refused'
            else:
                status = record.get('failure', 'error')
            endpoints.append({'name': record['name'], 'method': record['method'], 'path': path, 'status': status,
                              'failed': status not in ('answered', 'refused'), 'http_status': record.get('http_status'),
                              'detail': record.get('error', '')})
            continue
        if not record.get('ok'):
            endpoints.append({'name': record['name'], 'method': record['method'], 'path': path,
                              'status': record.get('failure', 'error'), 'failed': True, 'http_status': record.get('http_status'),
                              'detail': record.get('error', '')})
            checks.add(where, 'reply', 'answers with a result code 0 and an output', False,
                       '%s%s' % (record.get('failure', 'error'),
                                 ' (HTTP %s)' % record['http_status'] if record.get('http_status') else ''))
            continue
        endpoints.append({'name': record['name'], 'method': record['method'], 'path': path, 'status': 'ok', 'failed': False,
                          'http_status': record.get('http_status'), 'detail': ''})
        codes[path] = record.get('code')
        checks.add(where, 'output', 'an object', isinstance(record.get('output'), dict), seen_text(record.get('output')))

    # -- the code form
    forms = set()
    for path, code in codes.items():
        forms.add('string' if isinstance(code, str) else 'integer')
    session_forms = set(('string' if isinstance(o['code'], str) else 'integer') for o in (login, logout) if o and o.get('has_code'))
    if forms:
        if forms == set(['integer']) and session_forms in (set(['string']), set()):
            observed['code'] = 'examples' if session_forms else 'integer'
        elif forms == set(['string']) and session_forms in (set(['string']), set()):
            observed['code'] = 'string'
        elif forms == set(['integer']) and session_forms == set(['integer']):
            observed['code'] = 'integer'
        else:
            observed['code'] = 'mixed'
        checks.add('(every read)', 'code', 'the integer 0 or the string "0" on success',
                   all(c in (0, '0') for c in codes.values()), observed['code'])

    version = output_of(observations, 'version')
    counts = {}
    if isinstance(version, dict):
        for key in ('model', 'ap_version', 'remote_version'):
            checks.field('GET /information/version', version, key, 'string')
        for key, (low, high) in sorted(DEVICE_COUNTS.items()):
            value = checks.field('GET /information/version', version, key, 'integer')
            if value is not None:
                checks.in_range('GET /information/version', key, value, low, high)
                if is_int(value) and low <= value <= high:
                    counts[key] = value
    num_ch, num_alarm, num_relay = counts.get('num_ch'), counts.get('num_alarm'), counts.get('num_relay')

    check_resources(checks, observations, num_ch, num_alarm, num_relay, observed)

    flags = {}
    for path, record in observations['endpoints'].items():
        if record.get('ok'):
            collect_flags(record.get('output'), flags)
    if flags:
        known = [form for form in ('true/false', '1/0') if flags.get(form)]
        observed['flags'] = known[0] if len(known) == 1 and not flags.get('other') else 'mixed'
        checks.add('(every read)', 'flags', 'true/false or 1/0, one form throughout', observed['flags'] != 'mixed',
                   ', '.join('%s: %d' % (k, v) for k, v in sorted(flags.items())))

    dialect = match_dialect(observed)
    items = checks.items
    report = {
        'format': REPORT_FORMAT,
        'version': REPORT_VERSION,
        'nvr': {'firmware_version': (version or {}).get('ap_version') if isinstance(version, dict) else None,
                'remote_version': (version or {}).get('remote_version') if isinstance(version, dict) else None,
                'model': (version or {}).get('model') if isinstance(version, dict) else None,
                'num_ch': num_ch, 'num_alarm': num_alarm, 'num_relay': num_relay},
        'username': observations.get('username'),
        'live': bool(live),
        'summary': {'checks': len(items), 'passed': sum(1 for c in items if c['result'] == PASS),
                    'differs': sum(1 for c in items if c['result'] == DIFFERS),
                    'endpoints': len(endpoints),
                    'endpoints_failed': sorted(e['path'] for e in endpoints if e['failed'])},
        'dialect': dialect,
        'endpoints': endpoints,
        'checks': items,
    }
    return report


def match_dialect(observed):
    """{name, closest, also_matches, observed, differences: {dialect: [text]}, not_observed}.

    name is the dialect all of whose observed switches match (the first in DIALECT_ORDER), else unknown.
    """
    differences = {}
    for name in DIALECT_ORDER:
        expected = DIALECTS[name]
        differences[name] = ['%s: %s expected, %s seen' % (switch, expected[switch], observed[switch])
                             for switch, dummy in SWITCHES if switch in observed and observed[switch] != expected[switch]]
    ranked = sorted(DIALECT_ORDER, key=lambda n: (len(differences[n]), DIALECT_ORDER.index(n)))
    exact = [n for n in ranked if not differences[n]]
    return {
        'name': exact[0] if exact else UNKNOWN,
        'closest': ranked[0],
        'also_matches': exact[1:],
        'observed': dict(observed),
        'not_observed': [switch for switch, dummy in SWITCHES if switch not in observed],
        'differences': differences,
    }
