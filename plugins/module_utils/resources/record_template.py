# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record schedule templates and the template of each channel: /record/template.

The device reads everything with one GET but changes it with four kinds of
POST to /record/record_template: add_template, record_template (set weeks),
channel_setting (assign templates) and remove_template. One run sends them
in that order, so that a template exists before its week is set or a channel
uses it, and no channel uses a template any more when it is removed.

Decisions (see the module documentation):
- A connected channel always has a template. Under `deleted`, a listed
  channel goes back to `Default`; under `overridden`, so does every
  connected channel not listed. Nothing is ever disconnected.
- A list not given (`templates` or `channels`) is left as it is, with every
  state, `overridden` included.
- Days not given of a new template, or of a template under `replaced`, are
  `record` all day (a new template's week on the NVR); `Default` under
  `replaced` goes back to its factory week.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError, Write, as_int, like
from ansible_collections.mobotix.move_nvr.plugins.module_utils.list_resource import LIST_STATES, ListResource

DAYS = ('sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat')
HOURS = 24
TEMPLATE_NAME = re.compile(r'^[A-Za-z0-9_-]{1,32}$')
DEFAULT = 'Default'
# The device's record types when it does not say (the manual's rec_type_opts).
REC_TYPES = {'0': 'record', '1': 'no_record', '2': 'evt_only'}
# The factory week of Default (the manual's example) and the week of a new template.
FACTORY_DEFAULT_DAY = ['record'] * 9 + ['evt_only'] + ['record'] * 14
NEW_TEMPLATE_DAY = ['record'] * HOURS


def device_day(day):
    """'sun' -> 'Sun', the device's key of a day."""
    return day.capitalize()


def rec_types(device):
    """The device's record types, code (as a string) -> name, in code order."""
    opts = device.get('rec_type_opts') or REC_TYPES
    return dict((str(code), name) for code, name in opts.items())


def type_names(device):
    opts = rec_types(device)
    return [opts[code] for code in sorted(opts, key=lambda c: as_int(c, 99))]


def channel_number(key, setting):
    if key.startswith('ch') and key[2:].isdigit():
        return int(key[2:])
    return as_int(setting.get('ch_idx', setting.get('chidx')), -1)


def assigned_channels(device):
    """{channel number: (device key, template name)} of the channels with a camera connected."""
    found = {}
    for key, setting in (device.get('channel_setting') or {}).items():
        setting = setting or {}
        if setting.get('template_name'):
            found[channel_number(key, setting)] = (key, setting['template_name'])
    return found


def expand_schedule(schedule):
    """`all` laid under the days given: {'all': X, 'mon': Y} -> every day X, Monday Y."""
    if not isinstance(schedule, dict) or 'all' not in schedule:
        return schedule
    every = schedule['all']
    expanded = dict((day, list(every) if isinstance(every, list) else every) for day in DAYS)
    expanded.update((day, hours) for day, hours in schedule.items() if day != 'all')
    return expanded


class RecordTemplate(ListResource):
    name = 'record_template'
    read_endpoint = 'record_template_get'
    write_endpoint = 'record_template_set'
    lists = {'templates': 'name', 'channels': 'channel'}

    # -- reading ----------------------------------------------------------
    def to_user(self, device, client):
        opts = rec_types(device)
        templates = []
        for name, week in sorted((device.get('record_template') or {}).items()):
            week = week or {}
            schedule = dict((day, [opts.get(str(v), str(v)) for v in week.get(device_day(day)) or []]) for day in DAYS)
            templates.append({'name': name, 'schedule': schedule})
        channels = [{'channel': number, 'template': template}
                    for number, (dummy, template) in sorted(assigned_channels(device).items())]
        return {'templates': templates, 'channels': channels}

    def read_after(self, replies, client):
        # The POST replies do not carry the whole object: read it again.
        return self.to_user(self.read(client), client)

    # -- the list hooks ---------------------------------------------------
    def item_defaults(self, list_name, key, device, client):
        if list_name == 'channels':
            return {'template': DEFAULT}
        day = FACTORY_DEFAULT_DAY if key == DEFAULT else NEW_TEMPLATE_DAY
        return {'schedule': dict((d, list(day)) for d in DAYS)}

    def protected(self, list_name, item, client, items):
        if list_name == 'templates' and item.get('name') == DEFAULT:
            return "the NVR's built-in template is never removed"
        return None

    # -- the wanted state -------------------------------------------------
    def desired(self, before, wanted, state, device, client):
        wanted = copy.deepcopy(wanted)
        for item in wanted.get('templates') or []:
            if 'schedule' in item:
                item['schedule'] = expand_schedule(item['schedule'])
        after = super(RecordTemplate, self).desired(before, wanted, state, device, client)
        for list_name in self.lists:
            if list_name not in wanted:
                after[list_name] = copy.deepcopy(before.get(list_name) or [])
        # A connected channel cannot lose its template: one the state removed goes back to Default.
        kept = set(item['channel'] for item in after['channels'])
        for item in before.get('channels') or []:
            if item['channel'] not in kept:
                after['channels'].append({'channel': item['channel'], 'template': DEFAULT})
        after['channels'].sort(key=lambda item: item['channel'])
        return after

    def warnings(self, before, wanted, state, client):
        managed = dict((name, value) for name, value in before.items() if name in wanted)
        if wanted.get('templates'):
            wanted = dict(wanted, templates=[dict(item, schedule=expand_schedule(item['schedule'])) if 'schedule' in item
                                             else item for item in wanted['templates']])
        return super(RecordTemplate, self).warnings(managed, wanted, state, client)

    def validate(self, after, device, client):
        before = self.to_user(device, client)
        old = dict((item['name'], item) for item in before['templates'])
        names = [item['name'] for item in after['templates']]
        allowed = type_names(device)
        for item in after['templates']:
            if old.get(item['name']) != item:
                self._check_template(item, allowed)
        removed = set(old) - set(names)
        connected = assigned_channels(device)
        for item in after['channels']:
            channel, template = item['channel'], item.get('template')
            if channel not in connected:
                choices = ', '.join(str(n) for n in sorted(connected)) or 'none (no camera is connected)'
                raise NvrValidationError('channels', 'channel %s has no camera connected' % channel, choices)
            if template in removed:
                raise NvrValidationError('templates', 'template %r would be removed but channel %s still uses it' % (template, channel),
                                         'move channel %s to another template under channels in the same run, or keep %r'
                                         % (channel, template))
            if template not in names:
                raise NvrValidationError('channels[channel=%s].template' % channel,
                                         'template %r neither exists on the NVR nor is listed in templates' % (template,),
                                         ', '.join(sorted(names)))

    def _check_template(self, item, allowed):
        name = item.get('name')
        if not isinstance(name, str) or not TEMPLATE_NAME.match(name):
            raise NvrValidationError('templates[].name', '%r is not a template name' % (name,),
                                     '1 to 32 characters of A-Z a-z 0-9 _ - (docs/api-decisions.md)')
        schedule = item.get('schedule') or {}
        unknown = sorted(set(schedule) - set(DAYS))
        if unknown:
            raise NvrValidationError('templates[name=%s].schedule' % name, 'unknown key %s' % ', '.join(unknown),
                                     '%s, all' % ', '.join(DAYS))
        for day in DAYS:
            option = 'templates[name=%s].schedule.%s' % (name, day)
            hours = schedule.get(day)
            if not isinstance(hours, list) or len(hours) != HOURS:
                given = '%d values given' % len(hours) if isinstance(hours, list) else 'no list of values given'
                raise NvrValidationError(option, given, 'exactly %d, one per hour from 0:00' % HOURS)
            for hour, value in enumerate(hours):
                if value not in allowed:
                    raise NvrValidationError('%s[%d]' % (option, hour), '%r is not a record type' % (value,), ', '.join(allowed))

    def with_channel_changes(self, device, connected, disconnected, edited):
        """A channel disconnected has no template; one connected has Default, as the NVR gives every camera it connects."""
        if not connected and not disconnected:
            return device
        device = copy.deepcopy(device)
        settings = device.setdefault('channel_setting', {})
        keys = dict((channel_number(key, setting or {}), key) for key, setting in settings.items())
        for channel in disconnected:
            if channel in keys:
                settings[keys[channel]] = dict(settings[keys[channel]] or {}, template_name='')
        for channel in connected:
            key = keys.get(channel, 'ch%d' % channel)
            settings[key] = dict(settings.get(key) or {}, template_name=DEFAULT)
        return device

    # -- writing ----------------------------------------------------------
    def plan(self, before, after, device, client):
        """add, set weeks, assign channels, remove: the one order in which every request works."""
        writes = []
        added, changed, removed = self.changes(before, after, 'templates')
        if added:
            writes.append(Write(self.write_endpoint, {'add_template': [item['name'] for item in added]}))
        weeks = dict((item['name'], self.device_week(item, device))
                     for item in added + [new for dummy, new in changed])
        if weeks:
            writes.append(Write(self.write_endpoint, {'record_template': weeks}))
        ch_added, ch_changed, dummy = self.changes(before, after, 'channels')
        keys = assigned_channels(device)
        settings = dict((keys.get(item['channel'], ('ch%d' % item['channel'],))[0], {'template_name': item['template']})
                        for item in ch_added + [new for dummy, new in ch_changed])
        if settings:
            writes.append(Write(self.write_endpoint, {'channel_setting': settings}))
        if removed:
            writes.append(Write(self.write_endpoint, {'remove_template': [item['name'] for item in removed]}))
        return writes

    def device_week(self, item, device):
        """A template's whole week in the device's form; its unknown fields as the device has them."""
        codes = dict((name, int(code)) for code, name in rec_types(device).items())
        templates = device.get('record_template') or {}
        week = copy.deepcopy(templates.get(item['name']) or {})
        sample = next((day[0] for tpl in templates.values() for day in (tpl or {}).values()
                       if isinstance(day, list) and day), 0)
        for day in DAYS:
            week[device_day(day)] = [like(sample, codes[value]) for value in item['schedule'][day]]
        return week


RESOURCE = RecordTemplate()


def schedule_spec():
    """`all` and one option per day, each 24 record types; no defaults, so not given (None) keeps the current day."""
    return dict(type='dict', options=dict((day, dict(type='list', elements='str')) for day in ('all',) + DAYS))


# The module's options (besides the connection), shared with mobotix.move_nvr.nvr_config.
ARGUMENT_SPEC = dict(
    templates=dict(type='list', elements='dict', options=dict(
        name=dict(type='str', required=True),
        schedule=schedule_spec(),
    )),
    channels=dict(type='list', elements='dict', options=dict(
        channel=dict(type='int', required=True),
        template=dict(type='str'),
    )),
    state=dict(type='str', choices=list(LIST_STATES), default='merged'),
)
