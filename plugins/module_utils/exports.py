# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.recording_export and recording_export_info: export files on the NVR.

present: checks the window (estimate_export_channel_list), starts remote_export_async, polls
remote_export_status until idle (bounded by wait_timeout) and returns the files that appeared in
remote_export_list. absent: remove_remote_export_list for each named file that exists, or for each
file whose recording ended more than older_than ago (its age read from its name). The manual does not
say how a file is downloaded: names are returned, never a URL.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
import time

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError, as_int
from ansible_collections.mobotix.move_nvr.plugins.module_utils.logs import nvr_window, text
from ansible_collections.mobotix.move_nvr.plugins.module_utils.time_window import (
    NvrZone, WindowError, age_seconds, moment_syntax, window)

# The widest window the collection exports in one file (the emulator's limit; the manual names none).
MAX_WINDOW_SECONDS = 86400
WAIT_RANGE = (1, 86400)
POLL_RANGE = (0.1, 60)
# ch0001-170620005913-103-D.mp4: channel + 1, the recording's start (yymmddHHMMSS, NVR local time), seconds.
FILE_NAME = re.compile(r'^ch(\d{1,4})-(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})-(\d{1,7})-')


def listing(client):
    """(files [{name, size_mb}], export_size {total_mb, available_mb}) of remote_export_list."""
    output = client.get('remote_export_list') or {}
    if not isinstance(output, dict):
        raise NvrError('GET /datasearch/remote_export_list answered an output that is not an object')
    items = output.get('list') if isinstance(output.get('list'), list) else []
    files = []
    for item in items:
        if isinstance(item, dict) and text(item.get('file_name')):
            files.append({'name': text(item.get('file_name')), 'size_mb': size_mb(item.get('size_mb'))})
    size = output.get('export_size') if isinstance(output.get('export_size'), dict) else {}
    return files, {'total_mb': as_int(size.get('total_size_mb'), None), 'available_mb': as_int(size.get('available_size_mb'), None)}


def size_mb(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def parse_name(name, zone):
    """{channel, start, end (epoch)} of an export file's name, or None when it is not in the manual's pattern."""
    found = FILE_NAME.match(name)
    if not found:
        return None
    numbers = [int(g) for g in found.groups()]
    try:
        local = datetime.datetime(2000 + numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6])
    except ValueError:
        return None
    start = zone.to_epoch(local)
    return {'channel': numbers[0] - 1, 'start': start, 'end': start + numbers[7]}


def described(files, zone):
    """The files with what their names say: channel, recording start and end (ISO), where they follow the pattern."""
    out = []
    for item in files:
        entry = dict(item)
        parsed = parse_name(item['name'], zone)
        entry.update({'channel': parsed['channel'], 'recording_start': zone.iso(parsed['start']),
                      'recording_end': zone.iso(parsed['end'])} if parsed else
                     {'channel': None, 'recording_start': None, 'recording_end': None})
        out.append(entry)
    return out


def status(client):
    output = client.get('remote_export_status') or {}
    value = text(output.get('status') if isinstance(output, dict) else '').strip().lower()
    if value not in ('idle', 'working'):
        raise NvrError('GET /datasearch/remote_export_status answered status %r; known: idle, working' % value[:40])
    return value


def request(endpoint, body):
    method, path = ENDPOINTS[endpoint]
    return {'method': method, 'path': path, 'body': body}


def options_problem(params):
    """What is wrong with the options before any request, or None."""
    try:
        if params.get('state', 'present') == 'present':
            kinds = [moment_syntax(params.get('start'), 'start'), moment_syntax(params.get('end'), 'end')]
            if all(kind == 'epoch' for kind, dummy in kinds):
                window(params['start'], params['end'], NvrZone(), max_seconds=MAX_WINDOW_SECONDS)
        elif params.get('files') is None:
            age_seconds(params.get('older_than'))
    except WindowError as e:
        return '%s; allowed: %s' % (e, e.allowed) if e.allowed else str(e)
    if params.get('channel') is not None and params['channel'] < 0:
        return 'channel: %s is not a channel; allowed: 0 to the number of channels - 1' % params['channel']
    for option, (low, high) in (('wait_timeout', WAIT_RANGE), ('poll_interval', POLL_RANGE)):
        if params.get(option) is not None and not low <= params[option] <= high:
            return '%s: %s is out of range; allowed: %s to %s' % (option, params[option], low, high)
    if any(not (name or '').strip() or '/' in name for name in params.get('files') or []):
        return 'files: a name is empty or has a /; allowed: file names as recording_export_info returns them'
    return None


def estimate_channels(client, start, end, group):
    """The channels with recordings in the window: estimate_export_channel_list, or the manual's example spelling
    estime_export_channel_list on a firmware that does not know the Syntax line's (HTTP 404)."""
    query = {'start_time': start, 'end_time': end, 'group_id': group}
    try:
        output = client.get('estimate_export_channel_list', params=query)
    except NvrError as e:
        if '(HTTP 404)' not in str(e):
            raise
        output = client.get('estime_export_channel_list', params=query)
    channels = (output or {}).get('channel_list') if isinstance(output, dict) else None
    if not isinstance(channels, list):
        raise NvrError('GET /datasearch/estimate_export_channel_list answered no channel_list list')
    return [as_int(c, None) for c in channels]


class ExportTask:
    """state present: export a channel's window; state absent: remove files."""

    def preflight(self, params):
        return options_problem(params)

    def run(self, client, params, check_mode=False, diff_mode=False):
        if params.get('state', 'present') == 'absent':
            return self.remove(client, params, check_mode)
        return self.export(client, params, check_mode)

    # -- present ---------------------------------------------------------
    def export(self, client, params, check_mode):
        zone, start, end = nvr_window(client, params, max_seconds=MAX_WINDOW_SECONDS)
        channel, group = params['channel'], params.get('disk_group') or 0
        num_ch = as_int(client.version().get('num_ch'), 0)
        if channel >= num_ch:
            raise NvrValidationError('channel', '%d is not a channel of this NVR' % channel, '0 to %d' % (num_ch - 1))
        groups = [as_int(g, None) for g in (client.get('record_template_get') or {}).get('group_rec_list') or [0]]
        if group not in groups:
            raise NvrValidationError('disk_group', '%d is not an active disk group of this NVR (group_rec_list)' % group,
                                     ', '.join(str(g) for g in groups))
        recorded = estimate_channels(client, start, end, group)
        if channel not in recorded:
            raise NvrValidationError('channel', '%d has no recording from %s to %s (estimate_export_channel_list)'
                                     % (channel, zone.iso(start), zone.iso(end)),
                                     ', '.join(str(c) for c in recorded) or 'no channel has one in this window')
        if status(client) != 'idle':
            raise NvrError('an export is already running on the NVR (remote_export_status: working); nothing was '
                           'started - run again when it is idle')
        before, dummy = listing(client)
        body = {'ch': channel, 'start_time': start, 'end_time': end, 'stream_type': params.get('stream_type') or 'main',
                'media_fmt': params.get('media_format') or 'mp4', 'group_id': group}
        result = {'changed': True, 'requests': [request('remote_export_async', body)],
                  'export': {'channel': channel, 'start': zone.iso(start), 'end': zone.iso(end)}}
        if check_mode:
            result['files'] = []
            return result
        client.call('remote_export_async', body=body)
        files, size, idle = self.wait(client, before, params)
        result.update(files=described(files, zone), export_size=size)
        if not idle:
            result.update(failed=True, msg='the export did not finish within wait_timeout (%s s): remote_export_status '
                          'still says working; files seen so far: %s'
                          % (params.get('wait_timeout'), ', '.join(f['name'] for f in files) or 'none'))
        return result

    @staticmethod
    def wait(client, before, params):
        """Poll status and list until idle or wait_timeout: (files new or rewritten, export_size, idle)."""
        old = set(f['name'] for f in before)
        vanished, seen = set(), {}
        deadline = time.monotonic() + (params.get('wait_timeout') or 300)
        interval = params.get('poll_interval') or 2
        while True:
            idle = status(client) == 'idle'
            files, size = listing(client)
            names = set(f['name'] for f in files)
            vanished.update(old - names)
            for item in files:
                if item['name'] not in old or item['name'] in vanished:
                    seen[item['name']] = item
            if idle or time.monotonic() + interval > deadline:
                return [seen[n] for n in sorted(seen) if n in names], size, idle
            time.sleep(interval)

    # -- absent ----------------------------------------------------------
    def remove(self, client, params, check_mode):
        zone = NvrZone(client.get('time_config'))
        files, size = listing(client)
        names = [f['name'] for f in files]
        missing, unknown_age = [], []
        if params.get('files') is not None:
            wanted = []
            for name in params['files']:
                (wanted if name in names else missing).append(name)
            wanted = sorted(set(wanted), key=wanted.index)
        else:
            cutoff = int(time.time()) - age_seconds(params['older_than'])
            wanted = []
            for name in names:
                parsed = parse_name(name, zone)
                if parsed is None:
                    unknown_age.append(name)
                elif parsed['end'] < cutoff:
                    wanted.append(name)
        result = {'changed': bool(wanted), 'removed': wanted, 'missing': missing,
                  'requests': [request('remove_remote_export_list', {'name': n}) for n in wanted]}
        if unknown_age:
            result['warnings'] = ['older_than: the age of %d files cannot be read from their names, kept: %s'
                                  % (len(unknown_age), ', '.join(unknown_age[:10]))]
        if check_mode:
            left = [f for f in files if f['name'] not in wanted]
        else:
            for name in wanted:
                client.call('remove_remote_export_list', body={'name': name})
            left, size = listing(client)
        result.update(files=described(left, zone), export_size=size)
        return result


class ExportInfoTask:
    """The export files, the export disk's space and whether an export is running."""

    def run(self, client, params, check_mode=False, diff_mode=False):
        zone = NvrZone(client.get('time_config'))
        files, size = listing(client)
        return {'changed': False, 'files': described(files, zone), 'export_size': size, 'export_status': status(client)}
