# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event actions: /setup/event_action_config.

The device's true shape (api-notes.md, the manual's schema braces are
broken): camera.chN.{ch, ip, event.{motion, vloss}}, camera_list, a
top-level default, nvr.nvr0.{indx, event.alarm_in_N}, nvr_list and
snapshot_size_list. The POST takes the whole object back.

In user form every action block is {enabled, send_email, snapshot,
snapshot_size, alarm_out}; `cameras` (by channel) and `alarm_inputs` (by
input) are keyed lists, compared order-free and merged item by item.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import (
    NvrValidationError, Resource, as_bool, as_int, deep_merge, flags_to_indexes, indexes_to_flags, like)

# user option -> device field of an action block
BLOCK_FIELDS = (('enabled', 'event_trigger'), ('send_email', 'send_email'), ('snapshot', 'take_snapshot'))
# user option -> device key of a camera's events
CAMERA_EVENTS = (('motion', 'motion'), ('video_loss', 'vloss'))
FACTORY_SNAPSHOT_SIZE = 'CIF'


def number_of(key, prefix, entry, index_field):
    """ch3 -> 3, alarm_in_2 -> 2; the entry's own index field when the key says nothing."""
    if key.startswith(prefix) and key[len(prefix):].isdigit():
        return int(key[len(prefix):])
    return as_int(entry.get(index_field), -1)


def cameras_of(device):
    """{channel: (device key, entry)} of the cameras the device lists."""
    return dict((number_of(key, 'ch', entry or {}, 'ch'), (key, entry or {}))
                for key, entry in (device.get('camera') or {}).items())


def nvr_key(device):
    return (device.get('nvr_list') or ['nvr0'])[0]


def inputs_of(device):
    """{alarm input: (device key, entry)} of the NVR's own alarm inputs."""
    events = ((device.get('nvr') or {}).get(nvr_key(device)) or {}).get('event') or {}
    return dict((number_of(key, 'alarm_in_', entry or {}, 'indx'), (key, entry or {})) for key, entry in events.items())


def connected_channels(device):
    listed = device.get('camera_list')
    cameras = cameras_of(device)
    if listed is None:
        return sorted(cameras)
    return sorted(number for number, (key, dummy) in cameras.items() if key in listed)


def block_to_user(block):
    user = dict((option, as_bool(block.get(field))) for option, field in BLOCK_FIELDS)
    user['snapshot_size'] = block.get('snapshot_size', '')
    user['alarm_out'] = flags_to_indexes(block.get('alarm_out'))
    return user


def block_to_device(block, user, relays):
    """Lay the user's block over the device's, typed like the device's values; a value the user did not
    change stays exactly as the NVR sent it."""
    for option, field in BLOCK_FIELDS:
        if field not in block or as_bool(block[field]) != user[option]:
            block[field] = like(block.get(field, False), user[option])
    if block.get('snapshot_size') != user['snapshot_size']:
        block['snapshot_size'] = user['snapshot_size']
    block['alarm_out'] = flags_like(block.get('alarm_out'), user['alarm_out'], relays)


def flags_like(old, indexes, size):
    """The device's flag array old if it already says indexes (and has size entries), else the new one, typed like it."""
    if isinstance(old, list) and len(old) == size and flags_to_indexes(old) == sorted(set(indexes)):
        return old
    return indexes_to_flags(indexes, old, size)


def sorted_block(block):
    return dict(block, **dict((k, sorted(block[k])) for k in ('alarm_out', 'channels') if isinstance(block.get(k), list)))


class EventAction(Resource):
    name = 'event_action'
    read_endpoint = 'event_action_get'
    write_endpoint = 'event_action_set'

    def factory_block(self, device):
        """An action that does nothing: the factory setting of every block."""
        sizes = device.get('snapshot_size_list') or [FACTORY_SNAPSHOT_SIZE]
        return {'enabled': False, 'send_email': False, 'snapshot': False, 'snapshot_size': sizes[0], 'alarm_out': []}

    def factory_camera(self, channel, device):
        block = self.factory_block(device)
        return {'channel': channel, 'motion': dict(block), 'video_loss': dict(block)}

    def factory_input(self, number, device):
        return dict(self.factory_block(device), input=number, channels=[])

    # -- reading ----------------------------------------------------------
    def to_user(self, device, client):
        cameras = []
        for channel, (dummy, entry) in sorted(cameras_of(device).items()):
            events = entry.get('event') or {}
            camera = {'channel': channel}
            for option, key in CAMERA_EVENTS:
                camera[option] = block_to_user(events.get(key) or {})
            cameras.append(camera)
        inputs = []
        for number, (dummy, entry) in sorted(inputs_of(device).items()):
            item = {'input': number}
            item.update(block_to_user(entry))
            item['channels'] = flags_to_indexes(entry.get('channel_map'))
            inputs.append(item)
        return {'default': block_to_user(device.get('default') or {}), 'cameras': cameras, 'alarm_inputs': inputs}

    def read_after(self, replies, client):
        output = replies[-1].get('output') if replies else None
        if isinstance(output, dict) and all(key in output for key in ('camera', 'default', 'nvr')):
            return self.to_user(output, client)
        return self.to_user(self.read(client), client)

    # -- the wanted state -------------------------------------------------
    def desired(self, before, wanted, state, device, client):
        replaced = state == 'replaced'
        base_default = self.factory_block(device) if replaced else before['default']
        after = {'default': deep_merge(base_default, wanted.get('default') or {})}
        lists = (('cameras', 'channel', self.factory_camera), ('alarm_inputs', 'input', self.factory_input))
        for list_name, key, factory in lists:
            current = dict((item[key], item) for item in before[list_name])
            if replaced:
                current = dict((number, factory(number, device)) for number in current)
            seen = set()
            for item in wanted.get(list_name) or []:
                number = item.get(key)
                if number is None:
                    raise NvrValidationError('%s[].%s' % (list_name, key), 'an item has no %s' % key, 'every item needs one')
                if number in seen:
                    raise NvrValidationError(list_name, '%s %s is listed twice' % (key, number), 'each %s once' % key)
                seen.add(number)
                current[number] = deep_merge(current.get(number) or factory(number, device), item)
            after[list_name] = [self.normal(current[number]) for number in sorted(current)]
        after['default'] = sorted_block(after['default'])
        return after

    @staticmethod
    def normal(item):
        """Number lists sorted, so that the result reads like the device's own order."""
        return dict((k, sorted_block(v) if isinstance(v, dict) else v) for k, v in sorted_block(item).items())

    def comparable(self, user):
        return {
            'default': sorted_block(user.get('default') or {}),
            'cameras': dict((item['channel'], self.normal(item)) for item in user.get('cameras') or []),
            'alarm_inputs': dict((item['input'], self.normal(item)) for item in user.get('alarm_inputs') or []),
        }

    def diff_view(self, before, after):
        """Only what changes: the default block if it does, and the cameras and inputs that do."""
        old, new = self.comparable(before), self.comparable(after)
        shown_before, shown_after = {}, {}
        if old['default'] != new['default']:
            shown_before['default'], shown_after['default'] = before['default'], after['default']
        for list_name, key in (('cameras', 'channel'), ('alarm_inputs', 'input')):
            differs = set(n for n in set(old[list_name]) | set(new[list_name]) if old[list_name].get(n) != new[list_name].get(n))
            if differs:
                shown_before[list_name] = [item for item in before[list_name] if item[key] in differs]
                shown_after[list_name] = [item for item in after[list_name] if item[key] in differs]
        return shown_before, shown_after

    def with_channel_changes(self, device, connected, disconnected, edited):
        """A channel disconnected has no events; one connected has motion and video loss as the NVR's default
        block, as the NVR gives every camera it connects; an edited camera's address is copied here too."""
        device = copy.deepcopy(device)
        cameras = device.setdefault('camera', {})
        for channel, (key, dummy) in cameras_of(device).items():
            if channel in disconnected:
                cameras.pop(key)
            elif channel in edited and 'ip' in edited[channel] and 'ip' in (cameras[key] or {}):
                cameras[key]['ip'] = edited[channel]['ip']
        for channel, entry in connected.items():
            default = device.get('default') or {}
            cameras['ch%d' % channel] = {'ch': channel, 'ip': entry.get('ip', ''),
                                         'event': dict((key, copy.deepcopy(default)) for dummy, key in CAMERA_EVENTS)}
        if 'camera_list' in device:
            device['camera_list'] = sorted(cameras, key=lambda key: number_of(key, 'ch', cameras[key] or {}, 'ch'))
        return device

    def validate(self, after, device, client):
        version = client.version()
        limits = {'relays': as_int(version.get('num_relay')), 'channels': as_int(version.get('num_ch')),
                  'sizes': list(device.get('snapshot_size_list') or [FACTORY_SNAPSHOT_SIZE])}
        before = self.comparable(self.to_user(device, client))
        now = self.comparable(after)
        if now['default'] != before['default']:
            self._check_block('default', after['default'], limits, before['default'])
        # Only what the run changes: a camera or alarm input the NVR lists and the run leaves alone is never refused.
        connected = connected_channels(device)
        for camera in after['cameras']:
            channel = camera['channel']
            if now['cameras'][channel] == before['cameras'].get(channel):
                continue
            if channel not in connected:
                allowed = ', '.join(str(n) for n in connected) or 'none (no camera is connected)'
                raise NvrValidationError('cameras', 'channel %s has no camera connected' % channel, allowed)
            for option, dummy in CAMERA_EVENTS:
                self._check_block('cameras[channel=%s].%s' % (channel, option), camera[option], limits,
                                  (before['cameras'].get(channel) or {}).get(option))
        alarms = as_int(version.get('num_alarm'))
        for item in after['alarm_inputs']:
            number = item['input']
            if now['alarm_inputs'][number] == before['alarm_inputs'].get(number):
                continue
            if not 0 <= number < alarms:
                allowed = '0-%d' % (alarms - 1) if alarms else 'none (this NVR has no alarm inputs)'
                raise NvrValidationError('alarm_inputs', 'alarm input %s does not exist on this NVR' % number, allowed)
            option = 'alarm_inputs[input=%s]' % number
            held = before['alarm_inputs'].get(number) or {}
            self._check_block(option, item, limits, held)
            for channel in item['channels']:
                if sorted(set(item['channels'])) != sorted(set(held.get('channels') or [])) and not 0 <= channel < limits['channels']:
                    raise NvrValidationError('%s.channels' % option, 'channel %s does not exist on this NVR' % channel,
                                             '0-%d' % (limits['channels'] - 1))

    def _check_block(self, option, block, limits, old=None):
        """A block the run changes; each of its values only when it changes (old: the NVR's block, in user form)."""
        old = old or {}
        relays = limits['relays']
        for output in block['alarm_out']:
            if sorted(set(block['alarm_out'])) != sorted(set(old.get('alarm_out') or [])) and not 0 <= output < relays:
                allowed = ', '.join(str(i) for i in range(relays)) or 'none (this NVR has no alarm outputs)'
                raise NvrValidationError('%s.alarm_out' % option, 'alarm output %s does not exist on this NVR' % output, allowed)
        if block['snapshot_size'] != old.get('snapshot_size') and block['snapshot_size'] not in limits['sizes']:
            raise NvrValidationError('%s.snapshot_size' % option, 'unknown snapshot size %r' % (block['snapshot_size'],),
                                     ', '.join(limits['sizes']))

    # -- writing ----------------------------------------------------------
    def to_device(self, user, device, client):
        version = client.version()
        relays, channels = as_int(version.get('num_relay')), as_int(version.get('num_ch'))
        body = copy.deepcopy(device)
        block_to_device(body.setdefault('default', {}), user['default'], relays)
        keys = dict((number, key) for number, (key, dummy) in cameras_of(device).items())
        cameras = body.setdefault('camera', {})
        for camera in user['cameras']:
            entry = cameras.setdefault(keys.get(camera['channel'], 'ch%d' % camera['channel']), {'ch': camera['channel']})
            events = entry.setdefault('event', {})
            for option, key in CAMERA_EVENTS:
                block_to_device(events.setdefault(key, {}), camera[option], relays)
        keys = dict((number, key) for number, (key, dummy) in inputs_of(device).items())
        nvr = body.setdefault('nvr', {}).setdefault(nvr_key(device), {'indx': 0})
        events = nvr.setdefault('event', {})
        for item in user['alarm_inputs']:
            block = events.setdefault(keys.get(item['input'], 'alarm_in_%d' % item['input']), {'indx': item['input']})
            block_to_device(block, item, relays)
            block['channel_map'] = flags_like(block.get('channel_map'), item['channels'], channels)
        return body


RESOURCE = EventAction()


def action_options():
    """One event's actions; no defaults, so that not given (None) keeps the current value."""
    return dict(
        enabled=dict(type='bool'),
        send_email=dict(type='bool'),
        snapshot=dict(type='bool'),
        snapshot_size=dict(type='str'),
        alarm_out=dict(type='list', elements='int'),
    )


# The module's options (besides the connection), shared with mobotix.move_nvr.nvr_config.
ARGUMENT_SPEC = dict(
    default=dict(type='dict', options=action_options()),
    cameras=dict(type='list', elements='dict', options=dict(
        channel=dict(type='int', required=True),
        motion=dict(type='dict', options=action_options()),
        video_loss=dict(type='dict', options=action_options()),
    )),
    alarm_inputs=dict(type='list', elements='dict', options=dict(
        input=dict(type='int', required=True),
        channels=dict(type='list', elements='int'),
        **action_options()
    )),
    state=dict(type='str', choices=['merged', 'replaced'], default='merged'),
)
