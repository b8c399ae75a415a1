# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.nvr_probe: first contact with an NVR, read only (docs/real-nvr.md).

The probe reads every GET the modules send (offline.CAPTURED), and optionally GET /camera/devicesearch
without a model (the manual's "Parameters NONE"), one request each; an endpoint that fails (HTTP 404, a
body that is not JSON, a refusal, a timeout) is named in the report and the probe goes on. It never sends a
write. Before the reads it ends the runner's session and logs in once more with the same account, so that
the login and logout replies and the session cookie are observed as they come (never their values).

Two pure parts, unit-tested on their own:

- `analyse(observations)`: the compatibility report from what was seen, each assumption of the code with
  the value seen and pass/differs, and the dialect the NVR matches (DIALECTS: the readings of the manual the
  project's emulator knows, docs/emulator.md "Dialects"), by the switches a read can observe.
- `markdown(report)`: the same report as Markdown, firmware first, to attach to a bug report.

This file observes the NVR (`observe`), saves its replies (`device_replies`), renders the Markdown and holds
the task (`ProbeTask`); the analysis is in three files below it, each importing only the ones after it:
probe_analysis.py (`analyse`, `match_dialect`, the dialect table), probe_resources.py (the checks of each
resource's read) and probe_checks.py (the `Checks` list and the value helpers).

No value of a password field ever enters the report: checks on passwords say what form they had. The saved
replies are a device replies document (offline.py) with every password as the marker, plus a `probe` object
(the dialect, the code style and the endpoints that failed) that the twin emulator reads.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import secret_variants
from ansible_collections.mobotix.move_nvr.plugins.module_utils.offline import CAPTURED, replies_document
from ansible_collections.mobotix.move_nvr.plugins.module_utils.probe_analysis import DIALECT_ORDER, DIALECTS, SEARCH, SWITCHES, analyse
from ansible_collections.mobotix.move_nvr.plugins.module_utils.probe_checks import PASS
from ansible_collections.mobotix.move_nvr.plugins.module_utils.transport import device_text

# The code style of the emulator (--code-style) that gives each observed code form.
CODE_STYLES = {'examples': 'manual', 'string': 'string', 'integer': 'int'}


# -- observing -------------------------------------------------------------------
def cookie_facts(headers):
    """What the Set-Cookie headers of a reply say, without any value: [{name, value_form, attributes}]."""
    facts = []
    for header in headers or []:
        parts = [p.strip() for p in header.split(';')]
        name, dummy, value = parts[0].partition('=')
        if re.match(r'[0-9a-fA-F]{32}\Z', value):
            form = '32 hex characters'
        else:
            form = '%d characters' % len(value)
        attributes = sorted(set(p.split('=')[0].strip().lower() for p in parts[1:] if p))
        facts.append({'name': device_text(name.strip(), 40), 'value_form': form, 'attributes': attributes})
    return facts


def _set_cookie_headers(response):
    raw = getattr(response, 'raw', None)
    headers = getattr(raw, 'headers', None)
    if headers is not None and hasattr(headers, 'getlist'):
        return list(headers.getlist('Set-Cookie'))
    value = response.headers.get('Set-Cookie')
    return [value] if value else []


class Recorder:
    """Wraps a live NvrClient's requests: the HTTP status, body and cookies of each, by path."""

    def __init__(self, client):
        self.seen = []
        original = client._request_with_retries  # pylint: disable=protected-access

        def recording(method, path, what, form, params, logout=False):
            response, body = original(method, path, what, form, params, logout=logout)
            self.seen.append({'method': method, 'path': path, 'status': response.status_code, 'body': body,
                              'cookies': cookie_facts(_set_cookie_headers(response)),
                              'content_type': response.headers.get('Content-Type', '')})
            return response, body
        client._request_with_retries = recording  # pylint: disable=protected-access

    def last(self, path):
        for entry in reversed(self.seen):
            if entry['path'] == path:
                return entry
        return None


def _reply_of(entry):
    try:
        reply = json.loads(entry['body'].decode('utf-8-sig'))
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None
    return reply if isinstance(reply, dict) else None


def failure_class(error, entry):
    """'missing' (HTTP 404), 'garbage' (a body that is not JSON), 'refused', 'unreachable' or 'error'."""
    text = str(error)
    if entry is not None and entry['status'] == 404 or 'HTTP 404' in text:
        return 'missing'
    if 'not JSON' in text or 'nested too deeply' in text:
        return 'garbage'
    if getattr(error, 'kind', '') == 'device_refused':
        return 'refused'
    if getattr(error, 'kind', '') == 'unreachable':
        return 'unreachable'
    return 'error'


def observe(client, search_cameras=True):
    """(observations, [plaintexts of the passwords seen]) of a logged-in client; only GETs, one per endpoint.

    A live client (NvrClient) is logged out and in again under a recorder first, to see login and logout;
    device replies (OfflineClient) give the reads only.
    """
    observations = {'live': hasattr(client, '_request_with_retries'), 'username': getattr(client, 'username', None),
                    'endpoints': {}}
    recorder = None
    if observations['live']:
        recorder = Recorder(client)
        client.logout()
        client.login()
        for name in ('logout', 'login'):
            entry = recorder.last(ENDPOINTS[name][1])
            if entry is not None:
                reply = _reply_of(entry) or {}
                observations[name] = {'status': entry['status'], 'code': reply.get('code'), 'has_code': 'code' in reply,
                                      'cookies': entry['cookies'], 'content_type': entry['content_type']}
    names = list(CAPTURED) + ([SEARCH] if search_cameras and observations['live'] else [])
    for name in names:
        method, path = ENDPOINTS[name]
        record = {'name': name, 'method': method, 'path': path}
        try:
            reply = client.call(name)
            record.update(ok=True, code=reply.get('code'), output=reply.get('output'), has_output='output' in reply,
                          reply_name=reply.get('name'))
        except NvrError as e:
            entry = recorder.last(path) if recorder else None
            record.update(ok=False, failure=failure_class(e, entry), error=device_text(str(e), 300),
                          http_status=entry['status'] if entry else None)
        if recorder:
            entry = recorder.last(path)
            record['http_status'] = entry['status'] if entry else None
        observations['endpoints'][path] = record
    return observations


# -- the saved replies ---------------------------------------------------------------
def device_replies(observations, report):
    """(a device replies document of the reads that succeeded, [plaintexts]): passwords as the marker, plus
    `probe` (dialect, code_style, failed endpoints) for the twin."""
    outputs = {}
    for name in CAPTURED:
        path = ENDPOINTS[name][1]
        record = observations['endpoints'].get(path)
        if record and record.get('ok'):
            outputs[path] = record.get('output')
    document, secrets = replies_document(outputs, observations.get('username'))
    document['probe'] = {
        'dialect': report['dialect']['name'],
        'closest_dialect': report['dialect']['closest'],
        'code_style': CODE_STYLES.get(report['dialect']['observed'].get('code')),
        'failed': dict((e['path'], e['status']) for e in report['endpoints'] if e['failed'] and e['name'] in CAPTURED),
    }
    return document, [plain for dummy, plain in secrets if plain]


# -- Markdown ------------------------------------------------------------------------
def _cell(text):
    text = device_text('%s' % (text,), 200)
    return text.replace('\\', '\\\\').replace('|', '\\|').replace('`', "'").replace('<', '&lt;').replace('>', '&gt;')


def markdown(report):
    """The report as Markdown: firmware first, the dialect, the endpoints, the checks (differences first)."""
    nvr = report['nvr']
    dialect = report['dialect']
    summary = report['summary']
    also = '; also matches %s' % ', '.join(dialect['also_matches']) if dialect['also_matches'] else ''
    lines = [
        '# MOVE NVR compatibility report',
        '',
        '- firmware (ap_version): %s' % _cell(nvr.get('firmware_version')),
        '- remote_version: %s' % _cell(nvr.get('remote_version')),
        '- model: %s; num_ch %s, num_alarm %s, num_relay %s' % (_cell(nvr.get('model')), nvr.get('num_ch'),
                                                                nvr.get('num_alarm'), nvr.get('num_relay')),
        '- dialect: **%s** (closest: %s%s)' % (dialect['name'], dialect['closest'], also),
        '- checks: %d, passed %d, differ %d; endpoints %d, failed %d' % (
            summary['checks'], summary['passed'], summary['differs'], summary['endpoints'],
            len(summary['endpoints_failed'])),
        '',
        '## Dialect',
        '',
        '| switch | seen | strict | manual | lenient |',
        '| --- | --- | --- | --- | --- |',
    ]
    for switch, dummy in SWITCHES:
        lines.append('| %s | %s | %s |' % (switch, _cell(dialect['observed'].get(switch, 'not observed')),
                                           ' | '.join(DIALECTS[n][switch] for n in DIALECT_ORDER)))
    lines.append('')
    for name in DIALECT_ORDER:
        lines.append('- %s: %s' % (name, '; '.join(_cell(d) for d in dialect['differences'][name]) or 'no difference'))
    lines += ['', '## Endpoints', '', '| endpoint | status | HTTP | detail |', '| --- | --- | --- | --- |']
    for entry in report['endpoints']:
        lines.append('| %s %s | %s | %s | %s |' % (entry['method'], _cell(entry['path']), entry['status'],
                                                   entry.get('http_status') or '', _cell(entry.get('detail') or '')))
    lines += ['', '## Assumptions', '', '| result | endpoint | field | assumption | seen |', '| --- | --- | --- | --- | --- |']
    for check in sorted(report['checks'], key=lambda c: c['result'] == PASS):
        lines.append('| %s | %s | %s | %s | %s |' % (check['result'], _cell(check['endpoint']), _cell(check['field']),
                                                     _cell(check['assumption']), _cell(check['seen'])))
    return '\n'.join(lines) + '\n'


# -- the task --------------------------------------------------------------------------
class ProbeTask:
    """runner.execute's task: observe, analyse, render; returns report, report_markdown, device_replies."""

    def run(self, client, params, check_mode=False, diff_mode=False):
        observations = observe(client, search_cameras=params.get('search_cameras', True))
        report = analyse(observations)
        document, found = device_replies(observations, report)
        result = {'changed': False, 'report': report, 'report_markdown': markdown(report), 'device_replies': document,
                  '_secrets': secret_variants(found)}
        if report['summary']['endpoints_failed']:
            result['warnings'] = ['%s: these endpoints failed: %s (see the report)' % (
                getattr(client, 'label', 'NVR'), ', '.join(report['summary']['endpoints_failed']))]
        return result
