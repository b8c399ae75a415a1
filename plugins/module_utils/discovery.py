# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.camera_discovery_info: the cameras the NVR finds on its LAN, per camera type.

GET /camera/devicesearch?model=<type> for each type asked for, each type first checked against
the NVR's support_cam (GET /setup/default_connection_info); each camera found is compared with
the connected ones (GET /information/camera_list) by ip and http_port. Reads only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError, as_int

TEXT_FIELDS = ('model', 'proj', 'title', 'ip', 'mac', 'netmask', 'gateway', 'dns')


def text(value):
    """A device string as data: a string, never anything else ('' for null)."""
    if value is None:
        return ''
    return value if isinstance(value, str) else '%s' % (value,)


def supported_types(default_connection):
    """The camera types of support_cam, as integers, in the NVR's order."""
    found = []
    for value in (default_connection or {}).get('support_cam') or []:
        number = as_int(value, None)
        if number is not None and number not in found:
            found.append(number)
    return found


def check_types(types, supported):
    """types, each checked against supported (NvrValidationError naming `types` and the allowed values)."""
    allowed = ', '.join(str(t) for t in supported) or 'none (the NVR reports no support_cam)'
    for value in types:
        if value not in supported:
            raise NvrValidationError('types', '%s is not a camera type this NVR supports (support_cam)' % value, allowed)
    return types


def connected_index(camera_list):
    """{(ip, http_port): channel} of the connected cameras."""
    index = {}
    for item in (camera_list or {}).get('camera_list') or []:
        if isinstance(item, dict):
            index[(text(item.get('ip')).strip(), as_int(item.get('http_port'), 80))] = as_int(item.get('ch'), None)
    return index


def found_camera(item, searched_type, connected):
    """One dev_list entry in the module's form, with whether (and where) it is connected."""
    camera = dict((field, text(item.get(field))) for field in TEXT_FIELDS)
    camera['project'] = camera.pop('proj')
    camera['http_port'] = as_int(item.get('http_port'), 80)
    camera['type'] = as_int(item.get('type'), searched_type)
    channel = connected.get((camera['ip'].strip(), camera['http_port']))
    camera['connected'] = channel is not None
    camera['channel'] = channel
    return camera


def free_channels(num_ch, connected):
    used = set(ch for ch in connected.values() if ch is not None)
    return [ch for ch in range(num_ch) if ch not in used]


class DiscoveryTask:
    """Search each type, compare with the connected cameras; changed is always false."""

    def run(self, client, params, check_mode=False, diff_mode=False):
        supported = supported_types(client.get('default_connection_get'))
        types = check_types(list(params.get('types') or supported), supported)
        connected = connected_index(client.get('camera_list'))
        num_ch = as_int(client.version().get('num_ch'), 0)
        cameras, warnings = [], []
        for camera_type in types:
            output = client.get('camera_search', params={'model': camera_type}) or {}
            items = output.get('dev_list') if isinstance(output, dict) else None
            if not isinstance(items, list):
                raise NvrError('GET /camera/devicesearch?model=%s answered no dev_list list' % camera_type)
            skipped = len([i for i in items if not isinstance(i, dict)])
            if skipped:
                warnings.append('type %s: %d entries of dev_list are not objects; left out' % (camera_type, skipped))
            cameras.extend(found_camera(i, camera_type, connected) for i in items if isinstance(i, dict))
        result = {'changed': False, 'cameras': cameras, 'types': types, 'supported_types': supported,
                  'free_channels': free_channels(num_ch, connected)}
        if warnings:
            result['warnings'] = warnings
        return result
