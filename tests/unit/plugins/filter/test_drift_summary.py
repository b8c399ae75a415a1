# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.drift_summary: registered check results of a fleet -> one report."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import FilterModule, drift_summary


def in_sync(config=None):
    return {'changed': False, 'config': config or {}, 'requests': []}


def drifted(before, after):
    return {'changed': True, 'config': after, 'diff': {'before': before, 'after': after},
            'requests': [{'method': 'POST', 'path': '/setup/email_config', 'body': {'password': '********'}}]}


EMAIL_DRIFT = drifted({'port': 465, 'password': '', 'recipients': ['old@example.com']},
                      {'port': 587, 'password': '******** (changed)', 'recipients': ['soc@example.com']})


def check(**resources):
    """A successful nvr_config result in check mode."""
    return {'changed': any(r.get('changed') for r in resources.values()), 'resources': resources, 'diff': []}


def test_the_filter_is_registered():
    assert FilterModule().filters()['drift_summary'] is drift_summary


def test_a_fleet_in_sync():
    report = drift_summary({'nvr-2': check(email=in_sync(), record_config=in_sync()),
                            'nvr-1': check(email=in_sync(), record_config=in_sync())}, '2026-01-31T12:00:00Z')
    assert report['status'] == 'in_sync'
    assert report['generated'] == '2026-01-31T12:00:00Z'
    assert list(report['nvrs']) == ['nvr-1', 'nvr-2']
    assert report['resources'] == ['email', 'record_config']
    assert report['summary'] == {'nvrs': 2, 'in_sync': 2, 'drifted': 0, 'errored': 0, 'unreachable': 0, 'resources': 4,
                                 'resources_in_sync': 4, 'resources_drifted': 0, 'resources_errored': 0}
    assert report['nvrs']['nvr-1'] == {'status': 'in_sync', 'reason': '', 'drifted': [],
                                       'resources': {'email': {'status': 'in_sync', 'msg': ''},
                                                     'record_config': {'status': 'in_sync', 'msg': ''}}}


def test_a_drifted_resource_carries_a_unified_diff_device_then_baseline():
    report = drift_summary({'nvr-1': check(email=EMAIL_DRIFT, ddns=in_sync())})
    nvr = report['nvrs']['nvr-1']
    assert report['status'] == 'drifted'
    assert nvr['status'] == 'drifted' and nvr['drifted'] == ['email']
    email = nvr['resources']['email']
    assert email['status'] == 'drifted'
    assert email['before']['port'] == 465 and email['after']['port'] == 587
    assert email['requests'][0]['path'] == '/setup/email_config'
    lines = email['diff'].splitlines()
    assert lines[0] == '--- nvr-1 email (device)'
    assert lines[1] == '+++ nvr-1 email (baseline)'
    assert '-port: 465' in lines and '+port: 587' in lines
    assert "+password: '******** (changed)'" in lines
    assert '-- old@example.com' in lines and '+- soc@example.com' in lines
    assert report['summary']['resources_drifted'] == 1 and report['summary']['resources_in_sync'] == 1


def test_resources_follow_the_baseline_order_then_unknown_ones_by_name():
    report = drift_summary({'nvr-1': check(record_config=in_sync(), zz_new=in_sync(), email=in_sync(),
                                           camera=in_sync(), aa_new=in_sync())})
    assert report['resources'] == ['camera', 'email', 'record_config', 'aa_new', 'zz_new']
    assert list(report['nvrs']['nvr-1']['resources']) == report['resources']


def test_a_failed_login_is_unreachable_with_the_reason_and_the_resources_it_was_to_have():
    reason = 'NVR 127.0.0.1:9: login refused (HTTP 401): check nvr_username and nvr_password'
    report = drift_summary({
        'nvr-1': check(email=in_sync()),
        'nvr-2': {'failed': True, 'changed': False, 'msg': reason, 'managed': ['record_config', 'email']},
    })
    nvr = report['nvrs']['nvr-2']
    assert nvr['status'] == 'unreachable' and nvr['reason'] == reason
    assert nvr['resources'] == {'email': {'status': 'unreachable', 'msg': reason},
                                'record_config': {'status': 'unreachable', 'msg': reason}}
    assert report['resources'] == ['email', 'record_config']
    assert report['status'] == 'incomplete'
    assert report['summary']['unreachable'] == 1 and report['summary']['in_sync'] == 1
    # Unreachable cells are not counted as checked resources.
    assert report['summary']['resources'] == 1


def test_an_unreachable_nvr_without_managed_takes_the_resources_checked_elsewhere():
    report = drift_summary({'nvr-1': check(email=in_sync(), ddns=in_sync()),
                            'nvr-2': {'unreachable': True, 'msg': 'Failed to connect\n  to the host'},
                            'nvr-3': {'failed': True, 'msg': 'refused', 'managed': ['camera']}})
    assert list(report['nvrs']['nvr-2']['resources']) == ['email', 'ddns']
    assert report['nvrs']['nvr-2']['reason'] == 'Failed to connect to the host'
    assert list(report['nvrs']['nvr-3']['resources']) == ['camera']


@pytest.mark.parametrize('result', [None, {}, 'garbage'])
def test_no_result_is_unreachable(result):
    report = drift_summary({'nvr-1': result})
    nvr = report['nvrs']['nvr-1']
    assert nvr['status'] == 'unreachable'
    assert nvr['reason'].startswith('no result')
    assert nvr['resources'] == {}
    assert report['resources'] == []


def test_a_skipped_check_is_reported_as_not_checked():
    report = drift_summary({'nvr-1': {'skipped': True, 'changed': False, 'skip_reason': 'Conditional result was False'}})
    assert report['nvrs']['nvr-1']['status'] == 'unreachable'
    assert report['nvrs']['nvr-1']['reason'] == 'skipped'


def test_a_failed_resource_is_errored_and_the_others_are_still_reported():
    result = check(camera={'failed': True, 'changed': False, 'msg': 'NVR x refused POST /camera/camera_connection: ch'},
                   email=EMAIL_DRIFT, ddns=in_sync())
    result.update(failed=True, msg='camera: NVR x refused ...')
    report = drift_summary({'nvr-1': result, 'nvr-2': check(camera={'failed': True, 'msg': 'boom'}, ddns=in_sync())})
    one, two = report['nvrs']['nvr-1'], report['nvrs']['nvr-2']
    assert one['status'] == 'drifted'  # drift wins over an error on the same NVR
    assert one['resources']['camera'] == {'status': 'errored', 'msg': 'NVR x refused POST /camera/camera_connection: ch'}
    assert one['resources']['email']['status'] == 'drifted'
    assert two['status'] == 'errored' and two['reason'] == ''
    assert report['summary']['errored'] == 1 and report['summary']['drifted'] == 1
    assert report['summary']['resources_errored'] == 2


def test_a_changed_resource_without_diff_mode_is_drifted_without_a_diff():
    report = drift_summary({'nvr-1': check(email={'changed': True, 'requests': []})})
    email = report['nvrs']['nvr-1']['resources']['email']
    assert email['status'] == 'drifted' and email['diff'] == ''


def test_the_status_is_drifted_when_anything_drifted_even_with_unreachable_nvrs():
    report = drift_summary({'nvr-1': check(email=EMAIL_DRIFT), 'nvr-2': None})
    assert report['status'] == 'drifted'


def test_the_result_is_plain_data_that_json_and_yaml_take():
    class Tagged(str):
        """Like the tagged strings of ansible-core 2.19."""

    class Number(int):
        pass

    result = check(email=drifted({Tagged('port'): Number(465), 'list': (Tagged('a'), 1.5)}, {'port': 587, 'list': []}))
    report = drift_summary({Tagged('nvr-1'): result}, Tagged('now'))
    text = json.dumps(report)
    # Exactly the plain types, not subclasses (which yaml.safe_dump refuses).
    assert report['generated'].__class__ is str
    assert list(report['nvrs'])[0].__class__ is str
    assert report['nvrs']['nvr-1']['resources']['email']['before']['port'].__class__ is int
    assert '-port: 465' in report['nvrs']['nvr-1']['resources']['email']['diff']
    assert '"list": ["a", 1.5]' in text


def test_control_characters_that_xml_cannot_carry_are_dropped():
    report = drift_summary({'nvr-1': {'failed': True, 'msg': 'bad\x00\x1bbyte'},
                            'nvr-2': check(email=drifted({'title': 'a\x07b\tc'}, {'title': 'x'}))})
    assert report['nvrs']['nvr-1']['reason'] == 'badbyte'
    assert '-title: "ab\\tc"' in report['nvrs']['nvr-2']['resources']['email']['diff']


def test_html_is_left_to_the_templates_to_escape():
    report = drift_summary({'<b>nvr</b>': {'failed': True, 'msg': '<script>alert(1)</script>'}})
    assert report['nvrs']['<b>nvr</b>']['reason'] == '<script>alert(1)</script>'


@pytest.mark.parametrize('bad', [None, ['nvr-1'], 'nvr-1'])
def test_input_that_is_not_a_mapping_is_refused(bad):
    with pytest.raises(AnsibleFilterError, match='expected a dictionary of host name to result'):
        drift_summary(bad)


def test_an_empty_play_is_in_sync_with_nothing_counted():
    report = drift_summary({})
    assert report['status'] == 'in_sync'
    assert report['summary']['nvrs'] == 0 and report['nvrs'] == {} and report['resources'] == []
