# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The per-resource checks of nvr_probe (module_utils/probe.py): what the code assumes of each read's output.

`check_resources` runs one `_check_*` function per endpoint the modules read (users, cameras, the default
connection, the system monitor, event actions, e-mail, DDNS, the record template and config, and the
information reads), each adding its assumptions to a Checks list (probe_checks.py) and noting in `observed`
the dialect switches its output shows. Pure: no request, no Ansible.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.mobotix.move_nvr.plugins.module_utils.probe_checks import is_int, output_of, seen_text
from ansible_collections.mobotix.move_nvr.plugins.module_utils.transport import device_text

PROTOCOL_NAMES = ('RTP+RTSP', 'RTP+RTSP+HTTP', 'RTP+UDP')
MONITORS = ('cpu_fan', 'cpu_temperature', 'disk_failed', 'disk_full', 'disk_slow')
DAYS = ('Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat')


def check_resources(checks, observations, num_ch, num_alarm, num_relay, observed):
    """Adds the assumptions on each resource's read to checks; notes the dialect switches seen in observed."""
    _check_users(checks, output_of(observations, 'user_management'), num_ch)
    _check_cameras(checks, output_of(observations, 'camera_list'), num_ch, observed)
    _check_default_connection(checks, output_of(observations, 'default_connection_get'))
    _check_system_monitor(checks, output_of(observations, 'system_monitor_get'), num_relay, observed)
    _check_event_action(checks, output_of(observations, 'event_action_get'), num_ch, num_alarm, num_relay)
    _check_email(checks, output_of(observations, 'email_get'))
    _check_ddns(checks, output_of(observations, 'ddns_get'))
    _check_record_template(checks, output_of(observations, 'record_template_get'), num_ch, observed)
    _check_record_config(checks, output_of(observations, 'record_config_get'), observed)
    _check_misc(checks, observations)


def _check_users(checks, output, num_ch):
    where = 'GET /information/user_management'
    if not isinstance(output, dict):
        return
    users = checks.field(where, output, 'user', 'list')
    for index, user in enumerate(users or []):
        at = 'user[%d]' % index
        if not isinstance(user, dict):
            checks.add(where, at, 'an object', False, seen_text(user))
            continue
        checks.field(where, user, 'account', 'string', at + '.account')
        authority = checks.field(where, user, 'authority', 'integer', at + '.authority')
        if is_int(authority):
            checks.in_range(where, at + '.authority', authority, 8, 31)
        checks.field(where, user, 'password', 'string', at + '.password')
        covert = checks.field(where, user, 'covert', 'list', at + '.covert')
        if isinstance(covert, list) and num_ch:
            checks.size(where, at + '.covert', covert, num_ch, 'num_ch')


def _check_cameras(checks, output, num_ch, observed):
    where = 'GET /information/camera_list'
    if not isinstance(output, dict):
        return
    cameras = checks.field(where, output, 'camera_list', 'list')
    protocols = set()
    for index, camera in enumerate(cameras or []):
        at = 'camera_list[%d]' % index
        if not isinstance(camera, dict):
            checks.add(where, at, 'an object', False, seen_text(camera))
            continue
        ch = checks.field(where, camera, 'ch', 'integer', at + '.ch')
        if is_int(ch) and num_ch:
            checks.in_range(where, at + '.ch', ch, 0, num_ch - 1)
        checks.field(where, camera, 'ip', 'string', at + '.ip')
        for key in ('http_port', 'rtsp_port'):
            port = checks.field(where, camera, key, 'integer', '%s.%s' % (at, key))
            if is_int(port):
                checks.in_range(where, '%s.%s' % (at, key), port, 1, 65535)
        checks.field(where, camera, 'type', 'integer', at + '.type')
        checks.field(where, camera, 'account', 'string', at + '.account')
        checks.field(where, camera, 'password', 'string', at + '.password')
        protocol = camera.get('protocol')
        if isinstance(protocol, str) and protocol in PROTOCOL_NAMES:
            protocols.add('name')
        elif is_int(protocol) or (isinstance(protocol, str) and protocol.isdigit()):
            protocols.add('index')
        else:
            protocols.add('other')
        checks.add(where, at + '.protocol', 'one of %s' % ', '.join(PROTOCOL_NAMES), protocol in PROTOCOL_NAMES,
                   seen_text(protocol))
    if protocols:
        observed['protocol'] = protocols.pop() if len(protocols) == 1 else 'mixed'


def _check_default_connection(checks, output):
    where = 'GET /setup/default_connection_info'
    if not isinstance(output, dict):
        return
    for key in ('auto_add', 'auto_refresh'):
        checks.field(where, output, key, 'flag')
    checks.field(where, output, 'auto_refresh_time', 'integer')
    support = checks.field(where, output, 'support_cam', 'list')
    if isinstance(support, list):
        checks.add(where, 'support_cam', 'a list of integers', all(is_int(t) for t in support), seen_text(support))
    entries = checks.field(where, output, 'default_info', 'list')
    for index, entry in enumerate(entries or []):
        at = 'default_info[%d]' % index
        if not isinstance(entry, dict):
            checks.add(where, at, 'an object', False, seen_text(entry))
            continue
        checks.field(where, entry, 'type', 'integer', at + '.type')
        checks.field(where, entry, 'account', 'string', at + '.account')
        checks.field(where, entry, 'password', 'string', at + '.password')


def _check_system_monitor(checks, output, num_relay, observed):
    where = 'GET /setup/system_monitor_config'
    if not isinstance(output, dict):
        return
    keys = [k for k in ('system_monitor_setting_list', 'system_monitor_list') if k in output]
    checks.add(where, 'system_monitor_setting_list', 'the list of monitors beside the settings (either name)', bool(keys),
               ', '.join(keys) or 'missing')
    if len(keys) == 1:
        observed['monitor_list_key'] = keys[0]
    setting = checks.field(where, output, 'system_monitor_setting', 'object')
    for name in MONITORS:
        block = (setting or {}).get(name) if isinstance(setting, dict) else None
        at = 'system_monitor_setting.%s' % name
        if not isinstance(block, dict):
            checks.add(where, at, 'an object', False, seen_text(block) if isinstance(setting, dict) and name in setting else 'missing')
            continue
        alarm_out = checks.field(where, block, 'alarm_out', 'list', at + '.alarm_out')
        if isinstance(alarm_out, list) and num_relay is not None:
            checks.size(where, at + '.alarm_out', alarm_out, num_relay, 'num_relay')
        checks.field(where, block, 'send_email', 'flag', at + '.send_email')
        threshold = checks.field(where, block, 'threshold', 'integer', at + '.threshold')
        if name == 'cpu_temperature' and is_int(threshold):
            checks.in_range(where, at + '.threshold', threshold, 0, 100)
        elif name == 'cpu_fan' and is_int(threshold):
            checks.in_range(where, at + '.threshold', threshold, 0, 10000)


def _check_block(checks, where, at, block, num_relay):
    if not isinstance(block, dict):
        checks.add(where, at, 'an object', False, seen_text(block))
        return
    alarm_out = checks.field(where, block, 'alarm_out', 'list', at + '.alarm_out')
    if isinstance(alarm_out, list) and num_relay is not None:
        checks.size(where, at + '.alarm_out', alarm_out, num_relay, 'num_relay')
    for key in ('event_trigger', 'send_email', 'take_snapshot'):
        checks.field(where, block, key, 'flag', '%s.%s' % (at, key))
    checks.field(where, block, 'snapshot_size', 'string', at + '.snapshot_size')


def _check_event_action(checks, output, num_ch, num_alarm, num_relay):
    where = 'GET /setup/event_action_config'
    if not isinstance(output, dict):
        return
    _check_block(checks, where, 'default', output.get('default'), num_relay)
    checks.field(where, output, 'snapshot_size_list', 'list')
    cameras = checks.field(where, output, 'camera', 'object')
    for key, entry in sorted((cameras or {}).items()):
        event = entry.get('event') if isinstance(entry, dict) else None
        for kind in ('motion', 'vloss'):
            _check_block(checks, where, 'camera.%s.event.%s' % (device_text(key, 20), kind),
                         event.get(kind) if isinstance(event, dict) else None, num_relay)
    nvr_list = output.get('nvr_list') or ['nvr0']
    nvr_key = nvr_list[0] if isinstance(nvr_list, list) and nvr_list and isinstance(nvr_list[0], str) else 'nvr0'
    nvr = output.get('nvr')
    events = ((nvr or {}).get(nvr_key) or {}).get('event') if isinstance(nvr, dict) and isinstance(nvr.get(nvr_key), dict) else None
    at = 'nvr.%s.event' % device_text(nvr_key, 20)
    if not isinstance(events, dict):
        checks.add(where, at, 'an object of alarm inputs', False, 'missing')
        return
    inputs = [k for k in events if re.match(r'alarm_in_[0-9]+\Z', k)]
    if num_alarm is not None:
        checks.add(where, at, 'alarm_in_0..alarm_in_%d (num_alarm %d)' % (num_alarm - 1, num_alarm),
                   sorted(inputs) == sorted('alarm_in_%d' % i for i in range(num_alarm)), '%d inputs' % len(inputs))
    for key in sorted(inputs, key=lambda k: int(k[9:]))[:64]:
        block = events[key]
        _check_block(checks, where, '%s.%s' % (at, key), block, num_relay)
        if isinstance(block, dict) and num_ch:
            channel_map = checks.field(where, block, 'channel_map', 'list', '%s.%s.channel_map' % (at, key))
            if isinstance(channel_map, list):
                checks.size(where, '%s.%s.channel_map' % (at, key), channel_map, num_ch, 'num_ch')


def _check_email(checks, output):
    where = 'GET /setup/email_config'
    if not isinstance(output, dict):
        return
    checks.field(where, output, 'account', 'string')
    checks.field(where, output, 'password', 'string')
    address = checks.field(where, output, 'address', 'list')
    if isinstance(address, list):
        checks.size(where, 'address', address, 3, 'three recipient slots')
    providers = checks.field(where, output, 'provider_list', 'list')
    current = checks.field(where, output, 'current_provider', 'string')
    if isinstance(providers, list) and current is not None:
        checks.add(where, 'current_provider', 'one of provider_list', current in providers, seen_text(current))
    options = checks.field(where, output, 'provider_opt', 'object')
    for name, opt in sorted((options or {}).items()):
        at = 'provider_opt.%s' % device_text(name, 30)
        if not isinstance(opt, dict):
            checks.add(where, at, 'an object', False, seen_text(opt))
            continue
        checks.field(where, opt, 'server_site', 'string', at + '.server_site')
        port = checks.field(where, opt, 'port', 'integer', at + '.port')
        if is_int(port):
            checks.in_range(where, at + '.port', port, 1, 65535)
        checks.field(where, opt, 'enabled_ssl', 'flag', at + '.enabled_ssl')


def _check_ddns(checks, output):
    where = 'GET /setup/ddns_config'
    if not isinstance(output, dict):
        return
    checks.field(where, output, 'enabled', 'flag')
    for key in ('hostname', 'username', 'password'):
        checks.field(where, output, key, 'string')
    port = checks.field(where, output, 'port', 'integer')
    if is_int(port):
        checks.in_range(where, 'port', port, 1, 65535)
    servers = checks.field(where, output, 'server_list', 'list')
    server = checks.field(where, output, 'server_name', 'string')
    if isinstance(servers, list) and server is not None:
        checks.add(where, 'server_name', 'one of server_list', server in servers, seen_text(server))


def _check_record_template(checks, output, num_ch, observed):
    where = 'GET /record/template'
    if not isinstance(output, dict):
        return
    settings = checks.field(where, output, 'channel_setting', 'object')
    if isinstance(settings, dict) and num_ch:
        checks.add(where, 'channel_setting', 'ch0..ch%d (num_ch %d)' % (num_ch - 1, num_ch),
                   sorted(settings) == sorted('ch%d' % i for i in range(num_ch)), '%d channels' % len(settings))
    index_keys = set()
    for key, setting in sorted((settings or {}).items()):
        if not isinstance(setting, dict):
            checks.add(where, 'channel_setting.%s' % device_text(key, 20), 'an object', False, seen_text(setting))
            continue
        if not isinstance(setting.get('template_name'), str):
            checks.add(where, 'channel_setting.%s.template_name' % device_text(key, 20), 'present, string', False,
                       seen_text(setting.get('template_name')))
        if setting.get('template_name'):
            index_keys.update(k for k in ('ch_idx', 'chidx') if k in setting)
    if len(index_keys) == 1:
        observed['channel_index_key'] = index_keys.pop()
    types = checks.field(where, output, 'rec_type_opts', 'object')
    allowed = set()
    for key in (types or {}):
        if isinstance(key, str) and key.isdigit():
            allowed.add(int(key))
    templates = checks.field(where, output, 'record_template', 'object')
    for name, week in sorted((templates or {}).items()):
        at = 'record_template.%s' % device_text(name, 32)
        ok = isinstance(week, dict) and all(isinstance(week.get(d), list) and len(week[d]) == 24 for d in DAYS)
        checks.add(where, at, 'the seven days Sun..Sat, 24 hours each', ok, seen_text(week))
        if ok and allowed:
            values = set(v for d in DAYS for v in week[d])
            checks.add(where, at, 'hours in rec_type_opts (%s)' % ', '.join(str(v) for v in sorted(allowed)),
                       values <= allowed, ', '.join(seen_text(v) for v in sorted(values, key=repr)))


def _check_record_config(checks, output, observed):
    where = 'GET /record/config'
    if not isinstance(output, dict):
        return
    life = checks.field(where, output, 'data_life_time', 'object')
    if isinstance(life, dict):
        values = [checks.field(where, life, key, 'integer', 'data_life_time.' + key) for key in ('cur', 'min', 'max')]
        if all(is_int(v) for v in values):
            cur, low, high = values
            checks.in_range(where, 'data_life_time.cur', cur, low, high)
            observed['retention_range'] = '%d..%d' % (low, high)
    for name in ('record_pre_alarm', 'record_post_alarm'):
        block = checks.field(where, output, name, 'object')
        if not isinstance(block, dict):
            continue
        checks.field(where, block, 'enable', 'flag', name + '.enable')
        cur = block.get('cur')
        if name == 'record_pre_alarm':
            if isinstance(cur, str):
                observed['numbers'] = 'string'
            elif is_int(cur):
                observed['numbers'] = 'integer'
            checks.add(where, name + '.cur', 'an integer, or a string of digits (%s in the manual)',
                       is_int(cur) or (isinstance(cur, str) and cur.isdigit()), seen_text(cur))
        else:
            checks.field(where, block, 'cur', 'integer', name + '.cur')
    circular = checks.field(where, output, 'record_circular', 'object')
    if isinstance(circular, dict):
        checks.field(where, circular, 'enable', 'flag', 'record_circular.enable')


def _check_misc(checks, observations):
    local = output_of(observations, 'local_time')
    if isinstance(local, dict):
        checks.field('GET /information/local_time', local, 'local_time', 'integer')
    network = output_of(observations, 'network_info')
    if isinstance(network, dict):
        cards = checks.field('GET /information/network_info', network, 'network_card_info', 'list')
        for index, card in enumerate(cards or []):
            if isinstance(card, dict):
                for key in ('name', 'ip', 'mac'):
                    checks.field('GET /information/network_info', card, key, 'string', 'network_card_info[%d].%s' % (index, key))
    time_config = output_of(observations, 'time_config')
    if isinstance(time_config, dict):
        checks.field('GET /information/time_config', time_config, 'dst', 'object')
        checks.field('GET /information/time_config', time_config, 'timezone_offset', 'integer')
    info = output_of(observations, 'record_info')
    if isinstance(info, dict):
        checks.field('GET /record/record_info', info, 'record_info', 'list')
