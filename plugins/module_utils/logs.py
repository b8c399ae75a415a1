# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.nvr_log_info: the NVR's system log and event list of a time window.

POST /datasearch/sys_log_page_get and /datasearch/evtlist_page_get, paged with start_idx/end_idx
until the `total` the NVR reports, a `limit` or a page that comes back short (then a warning, and
what was read is returned: the loop always ends, every page either adds entries or stops it).
Times go to the NVR as epoch seconds and come back as ISO 8601 in the NVR's zone (time_window.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError, as_int
from ansible_collections.mobotix.move_nvr.plugins.module_utils.time_window import (
    NvrZone, WindowError, moment_syntax, window)

SOURCES = ('system_log', 'events')
EVENT_TYPES = ('motion', 'video_loss', 'alarm')   # evt_type 0, 1, 2 (the manual's order)
LIMIT_RANGE = (1, 100000)
PAGE_SIZE_RANGE = (1, 1000)


def text(value):
    if value is None:
        return ''
    return value if isinstance(value, str) else '%s' % (value,)


def read_pages(fetch, list_key, limit, page_size, what, keep=None):
    """Page through a list: (entries kept, the NVR's total, warnings).

    fetch(start_idx, end_idx) returns a page's output ({total, <list_key>: [...]}). Pages are asked for until
    `limit` entries are kept (keep(entry) says which count; all without it), the index reaches the first
    page's total, or a page comes back with fewer entries than asked for although the total promised more:
    then a warning, and what was read so far. Every round either moves the index on or ends the loop.
    """
    kept, warnings = [], []
    total = None
    start = 0
    while len(kept) < limit:
        want = page_size if total is None else min(page_size, total - start)
        if want <= 0:
            break
        output = fetch(start, start + want - 1)
        if not isinstance(output, dict):
            raise NvrError('%s answered an output that is not an object' % what)
        items = output.get(list_key)
        if not isinstance(items, list):
            raise NvrError('%s answered no %s list' % (what, list_key))
        if total is None:
            total = as_int(output.get('total'), None)
            if total is None or total < 0:
                raise NvrError('%s answered no total (a count of entries)' % what)
            want = min(want, total)
        got = items[:want]
        for item in got:
            if isinstance(item, dict) and (keep is None or keep(item)):
                kept.append(item)
                if len(kept) >= limit:
                    break
        if len(got) < want:
            warnings.append('%s: the page from index %d to %d returned %d entries, but the NVR reported %d in total; '
                            'stopped after %d entries, the rest is not returned'
                            % (what, start, start + want - 1, len(got), total, start + len(got)))
            break
        start += len(got)
    return kept, (total or 0), warnings


def log_entry(item, zone):
    seconds = as_int(item.get('time'), None)
    return {'time': zone.iso(seconds) if seconds is not None else '', 'epoch': seconds,
            'category': text(item.get('category')), 'type': text(item.get('type')),
            'description': text(item.get('description')), 'host': text(item.get('host'))}


def event_entry(item, zone):
    seconds = as_int(item.get('start_time'), None)
    kind = as_int(item.get('evt_type'), None)
    return {'time': zone.iso(seconds) if seconds is not None else '', 'epoch': seconds,
            'type': EVENT_TYPES[kind] if kind is not None and 0 <= kind < len(EVENT_TYPES) else text(item.get('evt_type')),
            'channel': as_int(item.get('channel'), None), 'index': as_int(item.get('evt_indx'), None),
            'device_type': as_int(item.get('dev_type'), None), 'ip': text(item.get('ip_addr')),
            'mac': text(item.get('mac')), 'snapshot': text(item.get('snap_path'))}


def matcher(values):
    """A test of a device string against a filter list (case-insensitive); None when there is no filter."""
    wanted = set(v.strip().lower() for v in values or [])
    return (lambda value: text(value).strip().lower() in wanted) if wanted else None


def range_problem(params, option, bounds):
    value = params.get(option)
    if value is not None and not bounds[0] <= value <= bounds[1]:
        return '%s: %s is out of range; allowed: %d to %d' % (option, value, bounds[0], bounds[1])
    return None


def options_problem(params):
    """What is wrong with the options before any request, or None (the window's syntax, ranges)."""
    try:
        kinds = [moment_syntax(params.get('start'), 'start')]
        if params.get('end') is not None:
            kinds.append(moment_syntax(params['end'], 'end'))
        if all(kind == 'epoch' for kind, dummy in kinds):
            window(params.get('start'), params.get('end'), NvrZone())
    except WindowError as e:
        return '%s; allowed: %s' % (e, e.allowed) if e.allowed else str(e)
    channel = params.get('channel')
    if channel is not None and channel < 0:
        return 'channel: %s is not a channel; allowed: 0 to the number of channels - 1' % channel
    return range_problem(params, 'limit', LIMIT_RANGE) or range_problem(params, 'page_size', PAGE_SIZE_RANGE)


def nvr_window(client, params, max_seconds=None):
    """(zone, start, end) of the options, in the NVR's zone; NvrValidationError naming the option."""
    zone = NvrZone(client.get('time_config'))
    try:
        start, end = window(params.get('start'), params.get('end'), zone, max_seconds=max_seconds)
    except WindowError as e:
        raise NvrValidationError(e.option, e.problem, e.allowed)
    return zone, start, end


class LogTask:
    """Read the system log and/or the event list of the window; changed is always false."""

    def preflight(self, params):
        return options_problem(params)

    def run(self, client, params, check_mode=False, diff_mode=False):
        zone, start, end = nvr_window(client, params)
        sources = params.get('sources') or list(SOURCES)
        event_body = self.event_filter(client, params, start, end) if 'events' in sources else None
        limit = params.get('limit') or 1000
        page_size = params.get('page_size') or 100
        result = {'changed': False, 'totals': {}, 'truncated': {},
                  'window': {'start': zone.iso(start), 'end': zone.iso(end), 'start_epoch': start, 'end_epoch': end,
                             'time_zone': zone.describe()}}
        warnings = []
        if 'system_log' in sources:
            categories, types = matcher(params.get('categories')), matcher(params.get('log_types'))

            def keep(item):
                return (categories is None or categories(item.get('category'))) and (types is None or types(item.get('type')))

            def fetch_log(first, last):
                body = {'start_idx': first, 'end_idx': last, 'start_time': start, 'end_time': end}
                return client.call('sys_log_page_get', body=body).get('output')
            items, total, problems = read_pages(fetch_log, 'log_list', limit, page_size, 'POST /datasearch/sys_log_page_get',
                                                keep if (categories or types) else None)
            result['system_log'] = [log_entry(i, zone) for i in items]
            result['totals']['system_log'] = total
            filtered = bool(categories or types)
            result['truncated']['system_log'] = bool(problems) or (len(items) >= limit if filtered else len(items) < total)
            warnings.extend(problems)
        if 'events' in sources:
            def fetch_events(first, last):
                return client.call('evtlist_page_get', body=dict(event_body, start_idx=first, end_idx=last)).get('output')
            items, total, problems = read_pages(fetch_events, 'evt_list', limit, page_size, 'POST /datasearch/evtlist_page_get')
            result['events'] = [event_entry(i, zone) for i in items]
            result['totals']['events'] = total
            result['truncated']['events'] = bool(problems) or len(items) < total
            warnings.extend(problems)
        if warnings:
            result['warnings'] = warnings
        return result

    @staticmethod
    def event_filter(client, params, start, end):
        """The evtlist_page_get body without the indexes; the channel checked against the NVR's num_ch."""
        channel = params.get('channel')
        if channel is not None:
            num_ch = as_int(client.version().get('num_ch'), 0)
            if channel >= num_ch:
                raise NvrValidationError('channel', '%d is not a channel of this NVR' % channel, '0 to %d' % (num_ch - 1))
        kinds = params.get('event_types') or list(EVENT_TYPES)
        return {'group_id': params.get('disk_group') or 0, 'evt_type': [kind in kinds for kind in EVENT_TYPES],
                'evt_indx': -1, 'channel': -1 if channel is None else channel, 'start_time': start, 'end_time': end}
