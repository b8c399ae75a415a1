# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure logic of camera_discovery_info, nvr_log_info, recording_export and factory_reset:
time windows and zones, ages, paging, file names, type checks, and the option checks before login."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mobotix.move_nvr.plugins.module_utils import discovery, exports, factory_reset, logs
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.time_window import (
    NvrZone, WindowError, age_seconds, moment_syntax, to_epoch, window)

NOW = 1796000000          # 2026-11-30T00:53:20Z
UTC = NvrZone({'timezone_offset': 0})
PLUS_ONE = NvrZone({'timezone_offset': -3600})   # the manual: UTC+1.00 => -3600


# -- moments, zones, windows ---------------------------------------------------------------------
@pytest.mark.parametrize('value,expected', [
    (1767225600, ('epoch', 1767225600)), ('1767225600', ('epoch', 1767225600)), (1767225600.0, ('epoch', 1767225600)),
])
def test_epoch_forms(value, expected):
    assert moment_syntax(value, 'start') == expected


@pytest.mark.parametrize('value', ['2026-13-01 00:00:00', 'yesterday', '2026-11-30', True, None, -5, 2 ** 40, 1.5])
def test_bad_moments_name_the_option_and_the_forms(value):
    with pytest.raises(WindowError) as caught:
        moment_syntax(value, 'end')
    assert caught.value.option == 'end'
    assert 'YYYY-MM-DD HH:MM:SS' in caught.value.allowed or 'epoch seconds' in caught.value.allowed


def test_local_time_uses_the_nvr_offset_with_the_manual_sign():
    assert to_epoch('2026-01-01 01:00:00', 'start', PLUS_ONE) == to_epoch('2026-01-01 00:00:00', 'start', UTC)
    assert to_epoch('2026-01-01T00:00:00', 'start', UTC) == 1767225600
    assert PLUS_ONE.iso(1767225600) == '2026-01-01T01:00:00+01:00'
    assert UTC.iso(1767225600) == '2026-01-01T00:00:00+00:00'
    assert PLUS_ONE.describe() == {'name': 'UTC+01:00', 'source': 'timezone_offset'}


def test_iana_zone_follows_daylight_saving_time():
    zone = NvrZone({'iana_id': 'Europe/Berlin', 'timezone_offset': 0})
    if zone.describe()['source'] != 'iana_id':
        pytest.skip('no time zone data on this machine')
    assert zone.iso(to_epoch('2026-07-01 12:00:00', 'start', zone)) == '2026-07-01T12:00:00+02:00'
    assert zone.iso(to_epoch('2026-01-01 12:00:00', 'start', zone)) == '2026-01-01T12:00:00+01:00'


def test_unknown_iana_zone_falls_back_to_the_offset():
    assert NvrZone({'iana_id': 'Mars/Olympus', 'timezone_offset': -7200}).describe() == {
        'name': 'UTC+02:00', 'source': 'timezone_offset'}


def test_window_end_defaults_to_now():
    assert window(NOW - 60, None, UTC, now=NOW) == (NOW - 60, NOW)


@pytest.mark.parametrize('start,end,option,words', [
    (NOW - 10, NOW - 20, 'end', 'is not after start'),
    (NOW - 10, NOW - 10, 'end', 'is not after start'),
    (NOW + 10, None, 'start', 'in the future'),
    (NOW + 10, NOW + 20, 'start', 'in the future'),
])
def test_bad_windows(start, end, option, words):
    with pytest.raises(WindowError) as caught:
        window(start, end, UTC, now=NOW)
    assert caught.value.option == option and words in caught.value.problem


def test_window_wider_than_the_nvr_accepts():
    assert window(NOW - 86400, NOW, UTC, now=NOW, max_seconds=86400) == (NOW - 86400, NOW)
    with pytest.raises(WindowError) as caught:
        window(NOW - 86401, NOW, UTC, now=NOW, max_seconds=86400)
    assert caught.value.option == 'end' and caught.value.allowed == 'at most 86400 seconds after start'


@pytest.mark.parametrize('value,seconds', [(90, 90), ('90', 90), ('90s', 90), ('15m', 900), ('12h', 43200),
                                           ('7d', 604800), ('2w', 1209600), (' 3 d ', 259200)])
def test_ages(value, seconds):
    assert age_seconds(value) == seconds


@pytest.mark.parametrize('value', ['0', 0, '-1d', '7 days', '1y', '', True, None])
def test_bad_ages(value):
    with pytest.raises(WindowError) as caught:
        age_seconds(value)
    assert caught.value.option == 'older_than' and 'd' in caught.value.allowed


# -- paging ----------------------------------------------------------------------------------------
class Pages:
    """A device list of `count` entries paged as the NVR does; `cap` returns at most that many per page."""

    def __init__(self, count, cap=None, extra=0):
        self.items = [{'n': i, 'category': 'Setup' if i % 3 == 0 else 'System'} for i in range(count)]
        self.cap = cap
        self.extra = extra
        self.asked = []

    def fetch(self, first, last):
        self.asked.append((first, last))
        page = self.items[first:last + 1 + self.extra]
        return {'total': len(self.items), 'log_list': page[:self.cap] if self.cap else page}


def test_pages_until_total():
    device = Pages(250)
    kept, total, warnings = logs.read_pages(device.fetch, 'log_list', 1000, 100, 'sys_log')
    assert [e['n'] for e in kept] == list(range(250)) and total == 250 and warnings == []
    assert device.asked == [(0, 99), (100, 199), (200, 249)]


def test_limit_stops_early():
    device = Pages(250)
    kept, total, warnings = logs.read_pages(device.fetch, 'log_list', 120, 100, 'sys_log')
    assert len(kept) == 120 and total == 250 and not warnings
    assert device.asked == [(0, 99), (100, 199)]


def test_short_page_stops_with_a_warning_and_returns_what_was_read():
    device = Pages(250, cap=30)
    kept, total, warnings = logs.read_pages(device.fetch, 'log_list', 1000, 100, 'sys_log')
    assert len(kept) == 30 and total == 250 and len(device.asked) == 1
    assert len(warnings) == 1 and 'returned 30 entries' in warnings[0] and '250 in total' in warnings[0]


def test_device_returning_more_than_asked_is_cut_and_never_loops():
    device = Pages(7, extra=5)
    kept, total, warnings = logs.read_pages(device.fetch, 'log_list', 1000, 3, 'sys_log')
    assert [e['n'] for e in kept] == list(range(7)) and total == 7 and not warnings


def test_empty_window_is_one_request():
    device = Pages(0)
    assert logs.read_pages(device.fetch, 'log_list', 10, 100, 'sys_log') == ([], 0, [])
    assert device.asked == [(0, 99)]


def test_filter_counts_towards_the_limit():
    device = Pages(300)
    kept, dummy, dummy2 = logs.read_pages(device.fetch, 'log_list', 5, 100, 'sys_log',
                                          keep=lambda e: e['category'] == 'Setup')
    assert [e['n'] for e in kept] == [0, 3, 6, 9, 12]


@pytest.mark.parametrize('output,words', [({'log_list': []}, 'no total'), ({'total': 3}, 'no log_list'), ([], 'not an object')])
def test_malformed_pages_fail_in_one_line(output, words):
    with pytest.raises(NvrError) as caught:
        logs.read_pages(lambda first, last: output, 'log_list', 10, 10, 'POST /datasearch/sys_log_page_get')
    assert words in str(caught.value)


def test_entries_keep_device_strings_as_data():
    entry = logs.event_entry({'start_time': 1767225600, 'evt_type': 1, 'channel': '2', 'ip_addr': '{{ 7 * 7 }}'}, UTC)
    assert entry == {'time': '2026-01-01T00:00:00+00:00', 'epoch': 1767225600, 'type': 'video_loss', 'channel': 2,
                     'index': None, 'device_type': None, 'ip': '{{ 7 * 7 }}', 'mac': '', 'snapshot': ''}
    assert logs.event_entry({'evt_type': 9}, UTC)['type'] == '9'


@pytest.mark.parametrize('params,words', [
    ({'start': 'soon'}, 'start: '),
    ({'start': NOW, 'end': NOW - 1}, 'end: '),
    ({'start': 4000000000}, 'start: '),
    ({'start': NOW - 10, 'limit': 0}, 'limit: 0 is out of range'),
    ({'start': NOW - 10, 'page_size': 5000}, 'page_size: 5000 is out of range'),
    ({'start': NOW - 10, 'channel': -1}, 'channel: -1'),
])
def test_log_options_refused_before_login(params, words):
    assert words in logs.options_problem(params)


def test_local_times_are_checked_after_login():
    assert logs.options_problem({'start': '2099-01-01 00:00:00'}) is None


# -- discovery -------------------------------------------------------------------------------------
def test_unsupported_type_names_the_option_and_the_allowed_values():
    assert discovery.supported_types({'support_cam': [0, '1', 3, 12, 'x', 1]}) == [0, 1, 3, 12]
    with pytest.raises(NvrValidationError) as caught:
        discovery.check_types([1, 7], [0, 1, 3, 12])
    assert str(caught.value) == 'types: 7 is not a camera type this NVR supports (support_cam); allowed: 0, 1, 3, 12'


def test_found_camera_is_matched_by_ip_and_port():
    connected = discovery.connected_index({'camera_list': [{'ip': '192.0.2.10', 'http_port': '80', 'ch': 4},
                                                           {'ip': '192.0.2.11', 'http_port': 8080, 'ch': 5}]})
    one = discovery.found_camera({'ip': '192.0.2.10', 'http_port': 80, 'type': 1, 'proj': 'P'}, 1, connected)
    other_port = discovery.found_camera({'ip': '192.0.2.11', 'http_port': 80}, 3, connected)
    assert (one['connected'], one['channel'], one['project']) == (True, 4, 'P')
    assert (other_port['connected'], other_port['channel'], other_port['type']) == (False, None, 3)
    assert discovery.free_channels(8, connected) == [0, 1, 2, 3, 6, 7]


# -- exports ---------------------------------------------------------------------------------------
def test_file_names_give_channel_and_recording_window():
    assert exports.parse_name('ch0001-170620005913-103-D.mp4', UTC) == {
        'channel': 0, 'start': 1497920353, 'end': 1497920456}
    assert exports.parse_name('ch0001-170620005913-103-D.mp4', PLUS_ONE)['start'] == 1497920353 - 3600
    assert exports.parse_name('evidence.mp4', UTC) is None
    assert exports.parse_name('ch0001-171320005913-103-D.mp4', UTC) is None


@pytest.mark.parametrize('params,words', [
    ({'state': 'present', 'start': NOW - 90000, 'end': NOW - 1}, 'wider than the NVR accepts'),
    ({'state': 'present', 'start': 'x', 'end': NOW}, 'start: '),
    ({'state': 'absent', 'older_than': 'a week'}, 'older_than: '),
    ({'state': 'absent', 'files': ['../etc/passwd']}, 'files: '),
    ({'state': 'present', 'start': NOW - 9, 'end': NOW - 1, 'wait_timeout': 0}, 'wait_timeout: 0 is out of range'),
])
def test_export_options_refused_before_login(params, words):
    assert words in exports.options_problem(params)


class ExportDevice:
    """A fake client of the export endpoints: `files` listed, status always `status`."""

    def __init__(self, files, status='idle'):
        self.files = list(files)
        self.status = status
        self.sent = []

    def get(self, name, params=None, cache=False):
        if name == 'time_config':
            return {'timezone_offset': 0}
        if name == 'remote_export_status':
            return {'status': self.status}
        if name == 'remote_export_list':
            return {'list': [{'file_name': n, 'size_mb': '1.00'} for n in self.files],
                    'export_size': {'total_size_mb': 100, 'available_size_mb': 50}}
        raise AssertionError(name)

    def call(self, name, body=None, params=None):
        self.sent.append((name, body))
        if name == 'remove_remote_export_list':
            self.files.remove(body['name'])
        return {'code': 0}


OLD = 'ch0001-170620005913-103-D.mp4'
RECENT = 'ch0001-%s-60-D.mp4'


@pytest.mark.parametrize('params', [{'files': [OLD, 'gone.mp4']}, {'older_than': '30d'}])
def test_absent_check_mode_predicts_the_run(params):
    import time
    recent = RECENT % time.strftime('%y%m%d%H%M%S', time.gmtime(time.time() - 600))
    params = dict(params, state='absent')
    checked = ExportDevice([OLD, recent, 'other.mp4'])
    check = exports.ExportTask().run(checked, params, check_mode=True)
    applied = ExportDevice([OLD, recent, 'other.mp4'])
    run = exports.ExportTask().run(applied, params)
    assert checked.sent == [] and applied.sent == [('remove_remote_export_list', {'name': OLD})]
    assert check['changed'] is run['changed'] is True and check['removed'] == run['removed'] == [OLD]
    assert [f['name'] for f in check['files']] == [f['name'] for f in run['files']] == [recent, 'other.mp4']
    rerun = exports.ExportTask().run(applied, params)
    assert rerun['changed'] is False and rerun['removed'] == [] and applied.sent[1:] == []


def test_older_than_warns_about_names_without_an_age():
    run = exports.ExportTask().run(ExportDevice(['other.mp4']), {'state': 'absent', 'older_than': '1d'})
    assert run['changed'] is False and 'other.mp4' in run['warnings'][0]


def test_wait_ends_at_the_timeout_with_the_files_seen():
    device = ExportDevice(['before.mp4', 'new.mp4'], status='working')
    files, size, idle = exports.ExportTask.wait(device, [{'name': 'before.mp4'}], {'wait_timeout': 1, 'poll_interval': 0.1})
    assert idle is False and [f['name'] for f in files] == ['new.mp4'] and size['available_mb'] == 50


# -- factory reset ---------------------------------------------------------------------------------
@pytest.mark.parametrize('confirm', [False, None, 'yes'])
def test_factory_reset_needs_confirm(confirm):
    problem = factory_reset.FactoryResetTask().preflight({'confirm': confirm})
    assert problem.startswith('confirm: ') and 'allowed: true' in problem


def test_factory_reset_summary_has_no_password():
    summary = factory_reset.accounts({'user': [{'account': 'Admin', 'password': 'GtBcsw==', 'authority': 31}]})
    assert summary == [{'name': 'Admin', 'authority': 31}]
    assert factory_reset.default_connection({'default_info': [{'type': 0, 'account': 'Admin', 'password': 'x'}]}) == [
        {'type': 0, 'username': 'Admin'}]


def test_absent_with_an_empty_file_list_removes_nothing():
    device = ExportDevice([OLD])
    params = {'state': 'absent', 'files': []}
    assert exports.options_problem(params) is None
    run = exports.ExportTask().run(device, params)
    assert run['changed'] is False and run['removed'] == [] and device.sent == []
    assert exports.options_problem({'state': 'absent', 'files': None, 'older_than': None}).startswith('older_than: ')
