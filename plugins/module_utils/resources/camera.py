# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Camera connections: /information/camera_list and /camera/camera_connection.

Every change of a run goes in ONE camera_connection request, a list of
entries each with `cmd` (0 connect, 1 disconnect, 2 edit) and `ch`. An edited
or disconnected camera's entry starts from the device's own item, so fields
this module does not know go back untouched.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import ipaddress
import re

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrRefused
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError, Write, as_int, like
from ansible_collections.mobotix.move_nvr.plugins.module_utils.list_resource import LIST_STATES, ListResource

CMD_CONNECT, CMD_DISCONNECT, CMD_EDIT = 0, 1, 2
# user option -> device field (channel -> ch is the key and handled apart)
FIELDS = (('ip', 'ip'), ('http_port', 'http_port'), ('rtsp_port', 'rtsp_port'), ('protocol', 'protocol'),
          ('username', 'account'), ('password', 'password'), ('model', 'model'), ('title', 'title'),
          ('type', 'type'), ('mac', 'mac'))
INT_FIELDS = ('http_port', 'rtsp_port', 'type')
PORTS = ('http_port', 'rtsp_port')
# What a newly connected camera has for options not given (the manual's
# examples: a MOBOTIX MOVE camera's factory account is Admin).
# The values the device answers with ("RTP+RTSP" in every reply); docs/api-decisions.md. The request's
# documented %d is taken to be the index in this list (the manual gives no mapping).
PROTOCOLS = ('RTP+RTSP', 'RTP+RTSP+HTTP', 'RTP+UDP')
PROTOCOL_REFUSED = re.compile(r'\bprotocol\b', re.IGNORECASE)
NEW_CAMERA = {'http_port': 80, 'rtsp_port': 554, 'protocol': 'RTP+RTSP', 'username': 'Admin', 'password': '',
              'model': '', 'title': '', 'type': 1, 'mac': ''}


IPV4_RULE = 'an IPv4 address such as 192.0.2.10 (the manual: "The IP address of the camera")'


def ipv4_check(value, option):
    """Refuse what is not an IPv4 address: a device that reads the manual's "The IP address of the camera" takes
    nothing else, and would refuse it only after other writes of the run (docs/api-decisions.md)."""
    try:
        ipaddress.IPv4Address(value if isinstance(value, str) else '')
    except ValueError:
        raise NvrValidationError(option, '%r is not an IPv4 address' % (value,), IPV4_RULE)


def supported_types(client):
    """The camera types the NVR supports (support_cam of /setup/default_connection_info), or None if it does not say."""
    try:
        reply = client.get('default_connection_get', cache=True) or {}
    except NvrRefused:
        return None
    types = reply.get('support_cam') if isinstance(reply, dict) else None
    if not isinstance(types, list):
        return None
    return sorted(set(as_int(value, -1) for value in types))


CYCLE_WARNING = ('cameras[%s]: disconnected and connected again, to swap addresses with another channel: the NVR gives '
                 'the channel its Default record template and default event actions, unless the same run sets them '
                 '(nvr_config, the baseline role)')


def _where(channel, field):
    return 'cameras[%s].%s' % (channel, field)


def protocol_name(value):
    """The protocol's name, also from the documented %d (an index, as a number or a string of digits)."""
    if value is None:
        return ''
    if not isinstance(value, bool) and isinstance(value, (int, str)) and re.match(r'[0-9]+\Z', '%s' % value) \
            and int(value) < len(PROTOCOLS):
        return PROTOCOLS[int(value)]
    return '%s' % value


def protocols_as_index(body):
    """A copy of a camera_connection body with every protocol name as its index, or None when it has none."""
    entries = []
    found = False
    for entry in body.get('list') or []:
        entry = dict(entry)
        if entry.get('protocol') in PROTOCOLS:
            entry['protocol'] = PROTOCOLS.index(entry['protocol'])
            found = True
        entries.append(entry)
    return dict(body, list=entries) if found else None


def _reason(error, endpoint):
    """What an NvrRefused says after the request it names ('refused POST /x: why' -> 'why')."""
    text = str(error)
    path = ENDPOINTS[endpoint][1]
    return text[text.index(path) + len(path):].lstrip(':').strip() if path in text else text


def address(item):
    return (item.get('ip'), item.get('http_port'))


def arrivals(before, wanted, state):
    """[(item given, the camera moving to its channel or None, the camera its channel holds or None)] for each item
    that brings another camera to its channel: an address other than the one the channel holds, or, on a free
    channel, the address of a camera another channel gives up in the same run (a move)."""
    if state == 'deleted':
        return []
    held = dict((item['channel'], item) for item in before.get('cameras') or [])
    given = dict((item.get('channel'), item) for item in wanted.get('cameras') or [])

    def released(channel, ip):
        """Whether the channel no longer holds ip after the run: given another address, or left out by overridden."""
        if channel in given:
            return bool(given[channel].get('ip')) and given[channel]['ip'] != ip
        return state == 'overridden'
    found = []
    for item in wanted.get('cameras') or []:
        channel, occupant = item.get('channel'), held.get(item.get('channel'))
        if not item.get('ip') or (occupant and occupant['ip'] == item['ip']):
            continue
        source = next((camera for camera in held.values() if camera['ip'] == item['ip'] and camera['channel'] != channel
                       and released(camera['channel'], item['ip'])), None)
        if occupant or source:
            found.append((item, source, occupant))
    return found


def edit_order(before, removed, changed):
    """(edits in an order in which no edit takes an address another camera still holds, the edits of a cycle
    (two cameras swapping addresses) each made a disconnect and a connect).

    The NVR handles a camera_connection list entry by entry and refuses an address another channel holds
    at that moment (the disconnects, sent first, have freed theirs).
    """
    gone = set(item['channel'] for item in removed)
    holder = dict((address(item), item['channel']) for item in before.get('cameras') or [] if item['channel'] not in gone)
    pending, ordered, cycles = list(changed), [], []
    while pending:
        ready = [pair for pair in pending if holder.get(address(pair[1]), pair[1]['channel']) == pair[1]['channel']]
        step = ready[0] if ready else pending[0]
        pending.remove(step)
        old, new = step
        holder.pop(address(old), None)
        if ready:
            holder[address(new)] = new['channel']
            ordered.append(step)
        else:
            cycles.append(step)
    return ordered, cycles


class ConnectionWrite(Write):
    """The one camera_connection request of a run, with the camera list it was planned from."""

    def __init__(self, body, listed):
        super(ConnectionWrite, self).__init__('camera_connection', body)
        self.listed = listed


class Camera(ListResource):
    name = 'camera'
    read_endpoint = 'camera_list'
    lists = {'cameras': 'channel'}
    item_secrets = {'cameras': ('password',)}

    # -- reading -----------------------------------------------------------
    def to_user(self, device, client):
        cameras = []
        for camera in (device or {}).get('camera_list') or []:
            item = {'channel': as_int(camera.get('ch'), -1)}
            for option, field in FIELDS:
                value = camera.get(field)
                if option == 'password':
                    item[option] = decrypt_password(value)
                elif option == 'protocol':
                    item[option] = protocol_name(value)
                elif option in INT_FIELDS:
                    item[option] = as_int(value)
                else:
                    item[option] = '' if value is None else '%s' % value
            cameras.append(item)
        return {'cameras': sorted(cameras, key=lambda item: item['channel'])}

    def read_after(self, replies, client):
        # camera_connection replies with the entries it handled (the manual's
        # example even with a clear-text password): read the list again.
        return self.to_user(self.read(client), client)

    # -- the wanted state --------------------------------------------------
    def item_defaults(self, list_name, key, device, client):
        return copy.deepcopy(NEW_CAMERA)

    def desired(self, before, wanted, state, device, client):
        wanted = dict(wanted)
        allow_disconnect_all = bool(wanted.pop('allow_disconnect_all', False))
        after = super(Camera, self).desired(before, wanted, state, device, client)
        for item, source, dummy in arrivals(before, wanted, state):
            # A camera moving here brings its own settings (with `merged`; with `replaced` and `overridden` only its
            # password, as for an item set wholly); another camera starts from a new camera's: nothing of the one it
            # replaces (MAC, model, login) carries over.
            if source and state == 'merged':
                base = dict(source)
            else:
                base = dict(NEW_CAMERA, **({'password': source['password']} if source else {}))
            after['cameras'] = [dict(base, **dict(item, channel=current['channel'])) if current['channel'] == item['channel']
                                else current for current in after.get('cameras') or []]
        if before.get('cameras') and not after.get('cameras') and not allow_disconnect_all:
            raise NvrValidationError('cameras', 'state=%s would disconnect every camera (%d connected)'
                                     % (state, len(before['cameras'])),
                                     'at least one camera left connected, or allow_disconnect_all=true')
        return after

    def warnings(self, before, wanted, state, client):
        found = super(Camera, self).warnings(before, wanted, state, client)
        for item, source, occupant in arrivals(before, wanted, state):
            if occupant and not source:
                missing = [option for option in ('username', 'password', 'mac', 'model') if option not in item]
                found.append('cameras[%s]: %s replaces the camera at %s; %s not given: a new camera\'s defaults, nothing '
                             'of the camera it replaces' % (item['channel'], item['ip'], occupant['ip'],
                                                            ', '.join(missing) or 'every option given'))
        return found

    # -- validation --------------------------------------------------------
    def validate(self, after, device, client):
        num_ch = as_int(client.version().get('num_ch'))
        old = dict((item['channel'], item) for item in self.to_user(device, client)['cameras'])
        channels_at = {}
        for item in after.get('cameras') or []:
            channels_at.setdefault(address(item), []).append(item)
        for items in channels_at.values():
            changed = [item for item in items if old.get(item['channel']) != item]
            if len(items) > 1 and changed:
                others = ', '.join(str(item['channel']) for item in items if item is not changed[0])
                raise NvrValidationError(_where(changed[0]['channel'], 'ip'), '%s port %s is also the camera of channel %s'
                                         % (changed[0]['ip'], changed[0].get('http_port'), others),
                                         'one channel per camera address')
        for item in after.get('cameras') or []:
            channel = item['channel']
            before_item = old.get(channel)
            if before_item is not None and item == before_item:
                continue
            if isinstance(channel, bool) or not isinstance(channel, int) or not 0 <= channel < num_ch:
                raise NvrValidationError(_where(channel, 'channel'), 'channel %r does not exist on this NVR' % (channel,),
                                         '0-%d (num_ch %d)' % (num_ch - 1, num_ch))
            if not item.get('ip'):
                raise NvrValidationError(_where(channel, 'ip'), 'a camera needs the address to connect to', IPV4_RULE)
            if before_item is None or item['ip'] != before_item['ip']:
                ipv4_check(item['ip'], _where(channel, 'ip'))
            for port in PORTS:
                value = item.get(port)
                if isinstance(value, bool) or not 1 <= as_int(value, -1) <= 65535:
                    raise NvrValidationError(_where(channel, port), '%r is out of range' % (value,), '1-65535')
            if isinstance(item.get('type'), bool) or as_int(item.get('type'), -1) < 0:
                raise NvrValidationError(_where(channel, 'type'), '%r is not a device type' % (item.get('type'),),
                                         'a number such as 1')
            if before_item is None or item.get('type') != before_item.get('type'):
                supported = supported_types(client)
                if supported is not None and item['type'] not in supported:
                    raise NvrValidationError(_where(channel, 'type'), 'device type %s is not supported by this NVR'
                                             % item['type'], '%s (support_cam)' % ', '.join(str(n) for n in supported))

    # -- writes ------------------------------------------------------------
    def plan(self, before, after, device, client):
        listed = dict((as_int(camera.get('ch'), -1), camera) for camera in (device or {}).get('camera_list') or [])
        added, changed, removed = self.changes(before, after, 'cameras')
        edits, cycles = edit_order(before, removed, changed)
        entries = []
        # disconnects first, then edits, then connects: each frees an address or a channel before another takes it
        # a new camera's values take the form of the NVR's other cameras (a port as 80 or "80")
        sample = dict((field, value) for camera in listed.values() for field, value in camera.items())
        for item in removed + [old for old, dummy in cycles]:
            entries.append(self._entry(copy.deepcopy(listed[item['channel']]), None, item['channel'], CMD_DISCONNECT))
        for old, new in edits:
            entries.append(self._entry(copy.deepcopy(listed[new['channel']]), new, new['channel'], CMD_EDIT, old))
        for new in added + [new for dummy, new in cycles]:
            entries.append(self._entry({}, new, new['channel'], CMD_CONNECT, sample=sample))
        write = ConnectionWrite({'list': entries}, (device or {}).get('camera_list') or [])
        write.warnings = [CYCLE_WARNING % new['channel'] for dummy, new in cycles]
        return [write]

    def send(self, client, write):
        """The request with `protocol` as the name the NVR answers with; refused for `protocol`, the same
        request once more with its index, the manual's documented %d (docs/api-decisions.md, "Camera protocol").

        Sent again only when the camera list is still as it was planned from: a refused request changed
        nothing, and a device that applied part of it is not written again.
        """
        try:
            return client.call(write.endpoint, body=write.body)
        except NvrRefused as refusal:
            indexed = protocols_as_index(write.body)
            if indexed is None or not PROTOCOL_REFUSED.search(str(refusal)):
                raise
            now = self.read(client)
            if (now or {}).get('camera_list') != getattr(write, 'listed', None):
                raise NvrRefused('%s; the camera list changed meanwhile, so it is not sent again with protocol as '
                                 'its index' % refusal)
            try:
                reply = client.call(write.endpoint, body=indexed)
            except NvrRefused as second:
                raise NvrRefused('%s; sent again with protocol as its index (the documented %%d): %s'
                                 % (refusal, _reason(second, write.endpoint)))
            write.body = indexed
            return reply

    def channel_changes(self, writes):
        """The channels these writes connect ({channel: entry}), disconnect and edit ({channel: entry}); a camera
        disconnected and connected again (a swap that breaks a cycle) is in the first two."""
        connected, disconnected, edited = {}, set(), {}
        for write in writes:
            for entry in (write.body or {}).get('list') or []:
                cmd, channel = as_int(entry.get('cmd'), -1), as_int(entry.get('ch'), -1)
                if cmd == CMD_CONNECT:
                    connected[channel] = entry
                elif cmd == CMD_DISCONNECT:
                    disconnected.add(channel)
                elif cmd == CMD_EDIT:
                    edited[channel] = entry
        return connected, disconnected, edited

    @staticmethod
    def _entry(entry, item, channel, cmd, old=None, sample=None):  # pylint: disable=too-many-arguments,too-many-positional-arguments
        """entry (the device's item, or {} for a new camera) with item's options laid over it, each in the form
        of the device's value (or of sample's, another camera of the NVR); a value the user did not change
        (old: the camera in user form) stays exactly as the device sent it."""
        sample = sample or {}
        for option, field in FIELDS if item is not None else ():
            value = item.get(option)
            if old is not None and field in entry and value == old.get(option):
                continue
            if option == 'password':
                value = encrypt_password(value)
            form = entry[field] if field in entry else sample.get(field, value)
            entry[field] = like(form, value) if option != 'protocol' else value
        entry['ch'] = like(entry.get('ch', sample.get('ch', 0)), channel)
        entry['cmd'] = cmd
        return dict(sorted(entry.items()))


RESOURCE = Camera()


# The module's options (besides the connection), shared with mobotix.move_nvr.nvr_config.
ARGUMENT_SPEC = dict(
    cameras=dict(type='list', elements='dict', options=dict(
        channel=dict(type='int', required=True),
        ip=dict(type='str'),
        http_port=dict(type='int'),
        rtsp_port=dict(type='int'),
        protocol=dict(type='str', choices=list(PROTOCOLS)),
        username=dict(type='str'),
        password=dict(type='str', no_log=True),
        model=dict(type='str'),
        title=dict(type='str'),
        type=dict(type='int'),
        mac=dict(type='str'),
    )),
    allow_disconnect_all=dict(type='bool', default=False),
    state=dict(type='str', choices=list(LIST_STATES), default='merged'),
)
