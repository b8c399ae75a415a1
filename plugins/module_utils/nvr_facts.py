# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.nvr_info: device facts and every managed resource, one session.

The resource subsets are each resource's own user form (its to_user, as the
_info modules return it); the device facts are the device's information
replies in a tidy form. Secrets (`password` fields) are left out or, by the
action plugin, vault-encrypted: `secrets` = omit | vault. Never masked: the
configuration subsets are options of the config modules, and given back, a
password left out keeps the NVR's while a mask would be refused.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import datetime

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import as_bool, as_int
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import (
    get_path, mask_user, omit_user, secret_variants, walk_path)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.offline import capture, strings_with
# The registry imports every resource module by name, so that AnsiballZ packs them when nvr_info runs as a
# module process.
from ansible_collections.mobotix.move_nvr.plugins.module_utils.registry import RESOURCE_MODULES, RESOURCE_ORDER
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources import account, camera

# default_connection is a config subset (the options of mobotix.move_nvr.default_connection), no device subset.
DEVICE_SUBSETS = ('version', 'time', 'network', 'storage', 'users', 'cameras')
# Every resource a config module manages, in the order nvr_config applies them.
RESOURCE_SUBSETS = RESOURCE_ORDER
RESOURCES = dict((name, RESOURCE_MODULES[name].RESOURCE) for name in RESOURCE_ORDER)
ALL_SUBSETS = DEVICE_SUBSETS + RESOURCE_SUBSETS
GROUPS = {'all': ALL_SUBSETS, 'device': DEVICE_SUBSETS, 'config': RESOURCE_SUBSETS}
# Read only when named (in no group, not in `all`): the NVR's replies to every GET the modules send, as a device
# replies document (module_utils/offline.py), returned as device_replies, for nvr_device_replies to render from.
REPLIES_SUBSET = 'replies'
EXTRA_SUBSETS = (REPLIES_SUBSET,)
SECRET_MODES = ('omit', 'vault')
# Where the device facts carry secrets (paths in the `nvr` dict, as engine.get_path reads them).
DEVICE_SECRET_PATHS = {
    'users': ('users[].password',),
    'cameras': ('cameras[].password',),
}
DST_RULES = {0: 'relative', 1: 'absolute'}
DST_FIELDS = ('month', 'week', 'weekday', 'day', 'hour', 'minute', 'second')


# -- gather_subset -------------------------------------------------------------
def allowed_subsets_text():
    return '%s (each may start with ! to leave it out)' % ', '.join(sorted(GROUPS) + list(ALL_SUBSETS + EXTRA_SUBSETS))


def select_subsets(names):
    """gather_subset -> (subset names in ALL_SUBSETS order, error or None).

    Like ansible.builtin.setup: names and groups (all, device, config) add,
    `!name` removes; with nothing but exclusions, everything else is read.
    A subset named on its own wins over a group left out: [!all, version]
    reads the version only. `replies` (EXTRA_SUBSETS) is read only when
    named: [replies] reads it alone, [all, replies] everything.
    """
    wanted, unwanted, named, unnamed, problems = set(), set(), set(), set(), []
    for raw in names if names is not None else ['all']:
        name = ('%s' % raw).strip()
        negate = name.startswith('!')
        key = name[1:].strip() if negate else name
        expansion = GROUPS.get(key, (key,) if key in ALL_SUBSETS + EXTRA_SUBSETS else None)
        if expansion is None:
            problems.append(repr(name))
            continue
        (unwanted if negate else wanted).update(expansion)
        if key not in GROUPS:
            (unnamed if negate else named).add(key)
    if problems:
        return None, 'gather_subset: unknown subset %s; allowed: %s' % (', '.join(problems), allowed_subsets_text())
    if not wanted:
        wanted = set(ALL_SUBSETS)
    chosen = (wanted - unwanted) | (named - unnamed)
    return [name for name in ALL_SUBSETS + EXTRA_SUBSETS if name in chosen], None


# -- device facts: the device's replies in a tidy form -------------------------
def version_facts(version):
    version = version or {}
    return {
        'model': version.get('model', ''),
        'project': version.get('proj', ''),
        'firmware_version': version.get('ap_version', ''),
        'remote_version': version.get('remote_version', ''),
        'channels': as_int(version.get('num_ch')),
        'alarm_inputs': as_int(version.get('num_alarm')),
        'alarm_outputs': as_int(version.get('num_relay')),
    }


def utc_text(seconds):
    """Seconds since 1970 as ISO 8601 in UTC, '' when the device gave none."""
    if seconds is None or seconds == '':
        return ''
    moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=as_int(seconds))
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def time_facts(local_time, config):
    config = config or {}
    dst = config.get('dst') or {}
    zones = config.get('timezone_list') or []
    index = as_int(config.get('timezone_index'), -1)
    timezone = config.get('iana_id') or (zones[index] if 0 <= index < len(zones) else '')
    rule = as_int(dst.get('rule'))
    seconds = (local_time or {}).get('local_time')
    return {
        'local_time': as_int(seconds),
        'local_time_utc': utc_text(seconds),
        'ntp_server': config.get('ntp_server', ''),
        'timezone': timezone,
        'timezone_offset': as_int(config.get('timezone_offset')),
        'date_format': config.get('date_format', ''),
        'use_24hr': as_bool(config.get('use_24hr')),
        'dst': {
            'enabled': as_bool(dst.get('enabled')),
            'offset': as_int(dst.get('offset')),
            'rule': DST_RULES.get(rule, rule),
            'start': dict((field, as_int(dst.get('start_' + field))) for field in DST_FIELDS),
            'end': dict((field, as_int(dst.get('end_' + field))) for field in DST_FIELDS),
        },
    }


def network_facts(info):
    info = info or {}
    interfaces = []
    for card in info.get('network_card_info') or []:
        interfaces.append({
            'name': card.get('name', ''),
            'ip': card.get('ip', ''),
            'mac': card.get('mac', ''),
            'dhcp': as_bool(card.get('dhcp_status')),
            'netmask': card.get('net_mask', ''),
            'gateway': card.get('gateway', ''),
            'dns': [card[key] for key in ('primary_dns', 'secondary_dns') if card.get(key)],
        })
    return {
        'http_port': as_int(info.get('http_port')),
        'https_port': as_int(info.get('https_port')),
        'rtsp_port': as_int(info.get('rtsp_port')),
        'interfaces': interfaces,
    }


def storage_facts(info):
    info = info or {}
    groups = []
    for group in info.get('record_info') or []:
        disks = [{
            'mount_path': disk.get('mount_path', ''),
            'export_path': disk.get('export_path', ''),
            'snapshot_path': disk.get('snap_path', ''),
            'total_mb': as_int(disk.get('total_size_mb')),
            'available_mb': as_int(disk.get('available_size_mb')),
        } for disk in group.get('path') or []]
        groups.append({
            'group_id': as_int(group.get('group_id')),
            'circular': as_bool(group.get('is_circular')),
            'max_disks': as_int(group.get('HDD_num_max')),
            'start_time': as_int(group.get('sys_start_time')),
            'start_time_utc': utc_text(group.get('sys_start_time')),
            'time_offset': as_int(group.get('sys_time_offset')),
            'total_mb': sum(disk['total_mb'] for disk in disks),
            'available_mb': sum(disk['available_mb'] for disk in disks),
            'disks': disks,
        })
    return {'group_support': as_bool(info.get('group_support')), 'groups': groups}


def users_facts(info):
    """The account list as the account module reads it, plus the device's authority number."""
    authority = dict((user.get('account', ''), as_int(user.get('authority'))) for user in (info or {}).get('user') or [])
    accounts = account.RESOURCE.to_user(info, None)['accounts']
    return [dict(item, authority=authority.get(item['name'], 0)) for item in accounts]


def cameras_facts(info, client=None):
    """The camera list as options of mobotix.move_nvr.camera, plus any field that module does not know."""
    known = set(field for dummy, field in camera.FIELDS) | set(['ch'])
    cameras = []
    for item in (info or {}).get('camera_list') or []:
        tidy = camera.RESOURCE.to_user({'camera_list': [item]}, client)['cameras'][0]
        tidy.update((key, copy.deepcopy(value)) for key, value in sorted(item.items()) if key not in known)
        cameras.append(tidy)
    return sorted(cameras, key=lambda item: item['channel'])


def read_device_subset(name, client):
    if name == 'version':
        return version_facts(client.version())
    if name == 'time':
        return time_facts(client.get('local_time'), client.get('time_config'))
    if name == 'network':
        return network_facts(client.get('network_info'))
    if name == 'storage':
        return storage_facts(client.get('record_info'))
    if name == 'users':
        return users_facts(client.get('user_management'))
    return cameras_facts(client.get('camera_list'), client)


# -- secrets -------------------------------------------------------------------
def secret_paths(names):
    """The secret paths, in the `nvr` dict, of these subsets."""
    paths = []
    for name in names:
        if name in DEVICE_SECRET_PATHS:
            paths.extend(DEVICE_SECRET_PATHS[name])
        elif name in RESOURCE_SUBSETS:
            paths.extend('%s.%s' % (name, path) for path in RESOURCES[name].secret_paths)
    return paths


def replace_secrets(shown, plain, paths, convert):
    """shown (a masked copy of plain, same shape) with each secret set to convert(its plain value)."""
    shown = copy.deepcopy(shown)
    for path in paths:
        values = iter(get_path(plain, path))

        def put(container, key):
            container[key] = convert(next(values))
        walk_path(shown, path, put)
    return shown


# -- the task --------------------------------------------------------------------
class NvrInfoTask:
    """Read the chosen subsets on one session.

    With keep_plain, the unmasked result stays on the task object (never in
    the result, which the runner scrubs) for the action plugin to vault:
    `plain` (the subsets) and `replies_secrets` ([(path in device_replies,
    password or None)] of each password the capture replaced by the marker).
    """

    def __init__(self, keep_plain=False):
        self.keep_plain = keep_plain
        self.plain = None
        self.replies_secrets = None

    def run(self, client, params, check_mode=False, diff_mode=False):
        names, error = select_subsets(params.get('gather_subset'))
        if error:
            raise NvrError(error)
        if params.get('secrets') == 'vault' and getattr(client, 'unknown_passwords', False):
            raise NvrError('secrets=vault: %s hold no passwords (captured with secrets=omit), so there are none to '
                           'vault-encrypt; use secrets=omit, or capture the NVR again with secrets=vault' % client.label)
        plain = {}
        for name in names:
            if name == REPLIES_SUBSET:
                continue
            if name in RESOURCE_SUBSETS:
                resource = RESOURCES[name]
                plain[name] = resource.to_user(resource.read(client), client)
            else:
                plain[name] = read_device_subset(name, client)
        paths = secret_paths(names)
        if self.keep_plain and params.get('secrets') == 'vault':
            # placeholders for the action plugin, which puts the vault texts in their places
            shown = mask_user(plain, paths)
        else:
            shown = omit_user(plain, paths)
        if self.keep_plain:
            self.plain = plain
        found = [secret for path in paths for secret in get_path(plain, path)]
        result = {'changed': False, 'nvr': shown}
        if REPLIES_SUBSET in names:
            result['device_replies'], replies_secrets = capture(client, getattr(client, 'username', None))
            found.extend(secret for dummy, secret in replies_secrets if secret)
            warning = replies_warning(result['device_replies'], secret_variants(
                [secret for dummy, secret in replies_secrets if secret] + [params.get('nvr_password')]))
            if warning:
                result['warnings'] = [warning]
            if self.keep_plain:
                self.replies_secrets = replies_secrets
        result['_secrets'] = secret_variants(found)
        return result


def replies_warning(document, secrets):
    """A warning when a text of the replies contains a password (every output masks it, so the file would
    not hold what the NVR said there and a render could differ from the NVR), or None; it names the places only."""
    places = strings_with(document, secrets)
    if not places:
        return None
    shown = ', '.join(places[:5]) + (' and %d more' % (len(places) - 5) if len(places) > 5 else '')
    return ('device_replies: the text of a password is part of %s; it is masked there as everywhere, so a render from '
            'these replies may differ from the NVR at those places (give the NVR, its cameras and accounts passwords '
            'that no other setting contains)' % shown)
