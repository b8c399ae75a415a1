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


ZERO = {'nvrs': 0, 'in_sync': 0, 'drifted': 0, 'errored': 0, 'login_refused': 0, 'refused_baseline': 0, 'unreachable': 0,
        'not_managed': 0, 'pending': 0, 'resources': 0, 'resources_in_sync': 0, 'resources_drifted': 0,
        'resources_errored': 0, 'resources_unreachable': 0, 'resources_not_managed': 0}


def counts(**values):
    return dict(ZERO, **values)


def test_a_fleet_in_sync():
    report = drift_summary({'nvr-2': check(email=in_sync(), record_config=in_sync()),
                            'nvr-1': check(email=in_sync(), record_config=in_sync())}, '2026-01-31T12:00:00Z')
    assert report['status'] == 'in_sync'
    assert report['headline'] == 'All 2 NVRs in sync'
    assert report['generated'] == '2026-01-31T12:00:00Z'
    assert list(report['nvrs']) == ['nvr-1', 'nvr-2']
    assert report['resources'] == ['email', 'record_config']
    assert report['summary'] == counts(nvrs=2, in_sync=2, resources=4, resources_in_sync=4)
    assert report['nvrs']['nvr-1'] == {'status': 'in_sync', 'reason': '', 'drifted': [], 'errored': [],
                                       'resources': {'email': {'status': 'in_sync', 'msg': ''},
                                                     'record_config': {'status': 'in_sync', 'msg': ''}}}
    assert (report['hosts_limited'], report['limit'], report['run']) == (False, '', {})


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


LOGIN_REFUSED = 'NVR 127.0.0.1:9: login refused (HTTP 401): check nvr_username and nvr_password'


def failure(kind, msg, managed=None, **more):
    """A failed result of the runner (nvr_failure) as the fleet check returns it (managed)."""
    result = {'failed': True, 'changed': False, 'msg': msg, 'nvr_failure': kind}
    if managed is not None:
        result['managed'] = managed
    result.update(more)
    return result


def test_a_refused_login_is_login_refused_with_the_reason_and_the_resources_it_was_to_have():
    report = drift_summary({
        'nvr-1': check(email=in_sync()),
        'nvr-2': failure('login_refused', LOGIN_REFUSED, ['record_config', 'email']),
    })
    nvr = report['nvrs']['nvr-2']
    assert nvr['status'] == 'login_refused' and nvr['reason'] == LOGIN_REFUSED
    assert nvr['resources'] == {'email': {'status': 'unreachable', 'msg': LOGIN_REFUSED},
                                'record_config': {'status': 'unreachable', 'msg': LOGIN_REFUSED}}
    assert report['resources'] == ['email', 'record_config']
    assert report['status'] == 'incomplete'
    assert report['headline'] == '1 of 2 NVRs login refused'
    # Cells not reached are not counted as checked resources; nvr-1 does not manage record_config.
    assert report['summary'] == counts(nvrs=2, in_sync=1, login_refused=1, resources=1, resources_in_sync=1,
                                       resources_unreachable=2, resources_not_managed=1)
    assert report['nvrs']['nvr-1']['resources']['record_config'] == {'status': 'not_managed', 'msg': ''}


@pytest.mark.parametrize('result, status', [
    (failure('unreachable', 'NVR x: connection failed (connection refused)', unreachable=True), 'unreachable'),
    (failure('login_refused', LOGIN_REFUSED), 'login_refused'),
    (failure('options_refused', 'nvr_timeout: must be 1-300'), 'refused_baseline'),
    (failure('device_refused', 'NVR x refused GET /information/version: busy'), 'error'),
    (failure('error', 'internal error in mobotix.move_nvr (KeyError: x); please report it'), 'error'),
    # The role's argument validation, found by the fleet check before any request.
    ({'failed': True, 'msg': 'Validation of arguments failed:\nmove_nvr_email: bad', 'argument_errors': ['x'],
      'managed': ['email']}, 'refused_baseline'),
    # Without nvr_failure (a result from before the runner gave it): Ansible's own keys.
    ({'unreachable': True, 'msg': 'Failed to connect to the host'}, 'unreachable'),
    ({'failed': True, 'msg': 'something failed'}, 'error'),
    ({'failed': True, 'msg': 'x', 'nvr_failure': 'no such kind'}, 'error'),
    ({'failed': True, 'msg': 'x', 'nvr_failure': ['not', 'text']}, 'error'),
], ids=['unreachable', 'login_refused', 'options_refused', 'device_refused', 'error', 'argument_errors',
        'ansible unreachable', 'failed', 'unknown kind', 'kind not text'])
def test_a_check_that_failed_as_a_whole_tells_why(result, status):
    report = drift_summary({'nvr-1': check(email=in_sync()), 'nvr-2': result})
    nvr = report['nvrs']['nvr-2']
    assert nvr['status'] == status
    assert nvr['reason'] == ' '.join(result['msg'].split())
    assert report['summary']['errored' if status == 'error' else status] == 1
    assert report['status'] == 'incomplete'


def test_an_nvr_not_checked_without_managed_takes_the_resources_checked_elsewhere():
    report = drift_summary({'nvr-1': check(email=in_sync(), ddns=in_sync()),
                            'nvr-2': {'unreachable': True, 'msg': 'Failed to connect\n  to the host'},
                            'nvr-3': {'failed': True, 'msg': 'refused', 'managed': ['camera']}})
    assert report['nvrs']['nvr-2']['resources'] == {
        'camera': {'status': 'unreachable', 'msg': 'Failed to connect to the host'},
        'email': {'status': 'unreachable', 'msg': 'Failed to connect to the host'},
        'ddns': {'status': 'unreachable', 'msg': 'Failed to connect to the host'}}
    assert report['nvrs']['nvr-2']['reason'] == 'Failed to connect to the host'
    assert dict((n, c['status']) for n, c in report['nvrs']['nvr-3']['resources'].items()) == \
        {'camera': 'unreachable', 'email': 'not_managed', 'ddns': 'not_managed'}


@pytest.mark.parametrize('result', [None, {}, 'garbage'])
def test_no_result_is_an_error(result):
    report = drift_summary({'nvr-1': result})
    nvr = report['nvrs']['nvr-1']
    assert nvr['status'] == 'error'
    assert nvr['reason'].startswith('no result')
    assert nvr['resources'] == {}
    assert report['resources'] == []
    assert report['summary'] == counts(nvrs=1, errored=1)


def test_a_skipped_check_is_not_managed():
    report = drift_summary({'nvr-1': {'skipped': True, 'changed': False, 'skip_reason': 'Conditional result was False'},
                            'nvr-2': check(email=in_sync())})
    assert report['nvrs']['nvr-1']['status'] == 'not_managed'
    assert report['nvrs']['nvr-1']['reason'] == 'Conditional result was False'
    assert report['nvrs']['nvr-1']['resources'] == {'email': {'status': 'not_managed', 'msg': ''}}


@pytest.mark.parametrize('result', [
    check(),
    {'changed': False, 'resources': {}, 'managed': [], 'msg': 'no resource is managed: move_nvr_resources is []'},
    {'changed': False, 'managed': []},
], ids=['no resource', 'managed none with a msg', 'managed none'])
def test_an_nvr_on_which_the_run_manages_nothing_is_not_managed_never_in_sync(result):
    report = drift_summary({'nvr-1': result})
    nvr = report['nvrs']['nvr-1']
    assert nvr['status'] == 'not_managed'
    assert nvr['reason'] == result.get('msg', 'no resource of the baseline is managed on this NVR: none of its resource '
                                              'variables (move_nvr_email, move_nvr_cameras, ...) is defined for it')
    assert report['status'] == 'not_managed' and report['headline'] == '1 of 1 NVRs not managed'
    assert report['summary'] == counts(nvrs=1, not_managed=1)
    # Beside NVRs in sync: not in sync itself, and the fleet is not either.
    report = drift_summary({'nvr-1': result, 'nvr-2': check(email=in_sync())})
    assert report['status'] == 'not_managed' and report['headline'] == '1 of 2 NVRs not managed'
    assert report['nvrs']['nvr-1']['resources'] == {'email': {'status': 'not_managed', 'msg': ''}}
    assert report['summary']['resources_not_managed'] == 1


def test_a_result_without_resources_that_did_not_fail_is_an_error():
    report = drift_summary({'nvr-1': {'changed': False, 'managed': ['email']}})
    assert report['nvrs']['nvr-1']['status'] == 'error'
    assert report['nvrs']['nvr-1']['reason'] == 'the check returned no result per resource'
    assert report['nvrs']['nvr-1']['resources'] == {'email': {'status': 'unreachable', 'msg': 'the check returned no result per resource'}}


def test_any_errored_resource_makes_the_nvr_error_and_its_drift_is_still_listed():
    result = check(camera={'failed': True, 'changed': False, 'msg': 'NVR x refused POST /camera/camera_connection: ch'},
                   email=EMAIL_DRIFT, ddns=in_sync())
    result.update(failed=True, msg='camera: NVR x refused ...', nvr_failure='device_refused')
    report = drift_summary({'nvr-1': result, 'nvr-2': check(camera={'failed': True, 'msg': 'boom'}, ddns=in_sync()),
                            'nvr-3': check(email=in_sync())})
    one, two = report['nvrs']['nvr-1'], report['nvrs']['nvr-2']
    assert one['status'] == 'error'  # never merely drifted
    # the count, then the NVR's own message (which names its NVR and what failed)
    assert one['reason'].startswith('1 of 3 resources could not be checked: camera: NVR x refused')
    assert one['drifted'] == ['email'] and one['errored'] == ['camera']
    assert one['resources']['camera'] == {'status': 'errored', 'msg': 'NVR x refused POST /camera/camera_connection: ch'}
    assert one['resources']['email']['status'] == 'drifted' and '+port: 587' in one['resources']['email']['diff']
    assert two['status'] == 'error' and two['errored'] == ['camera']
    assert report['summary'] == counts(nvrs=3, in_sync=1, errored=2, resources=6, resources_in_sync=3,
                                       resources_drifted=1, resources_errored=2, resources_not_managed=3)
    # The fleet drifted (drift was found), and the headline says so although no NVR is merely drifted.
    assert report['status'] == 'drifted'
    assert report['headline'] == '2 of 3 NVRs with errors; 1 resource(s) drifted'


def test_sessions_that_expire_mid_run_make_the_nvr_error_with_every_errored_resource_counted():
    expired = 'NVR 127.0.0.1:1: GET /setup/email_config refused with HTTP 401: the account \'Admin\' is not logged in'
    resources = dict((name, {'failed': True, 'changed': False, 'msg': expired})
                     for name in ('account', 'record_template', 'event_action', 'email', 'ddns', 'system_monitor'))
    resources.update(camera=EMAIL_DRIFT, record_config=in_sync())
    result = check(**resources)
    result.update(failed=True, msg='; '.join('%s: %s' % (name, expired) for name in resources), nvr_failure='device_refused')
    report = drift_summary({'nvr-1': result})
    nvr = report['nvrs']['nvr-1']
    assert nvr['status'] == 'error' and nvr['reason'].startswith('6 of 8 resources could not be checked: account: NVR 127.0.0.1:1: ')
    assert nvr['drifted'] == ['camera'] and len(nvr['errored']) == 6
    assert report['summary'] == counts(nvrs=1, errored=1, resources=8, resources_in_sync=1, resources_drifted=1,
                                       resources_errored=6)


def test_a_failed_check_whose_resources_all_ran_is_an_error_with_its_message():
    result = check(email=in_sync())
    result.update(failed=True, msg='the session could not be closed')
    nvr = drift_summary({'nvr-1': result})['nvrs']['nvr-1']
    assert (nvr['status'], nvr['reason'], nvr['errored']) == ('error', 'the session could not be closed', [])


def test_statuses_count_each_nvr_once_and_the_headline_names_every_count():
    report = drift_summary({
        'a': check(email=EMAIL_DRIFT), 'b': check(email=in_sync()), 'c': failure('unreachable', 'down', ['email']),
        'd': failure('login_refused', LOGIN_REFUSED, ['email']), 'e': failure('options_refused', 'bad', ['email']),
        'f': check(email={'failed': True, 'msg': 'x'}), 'g': check(),
    }, pending=['h', 'a'])
    assert dict((host, nvr['status']) for host, nvr in report['nvrs'].items()) == {
        'a': 'drifted', 'b': 'in_sync', 'c': 'unreachable', 'd': 'login_refused', 'e': 'refused_baseline', 'f': 'error',
        'g': 'not_managed', 'h': 'pending'}
    summary = report['summary']
    assert sum(summary[key] for key in ('in_sync', 'drifted', 'errored', 'login_refused', 'refused_baseline', 'unreachable',
                                        'not_managed', 'pending')) == summary['nvrs'] == 8
    assert report['headline'] == ('1 of 8 NVRs drifted, 1 with errors, 1 login refused, 1 baseline refused, 1 unreachable, '
                                  '1 not managed, 1 pending')


def test_a_changed_resource_without_diff_mode_is_drifted_without_a_diff():
    report = drift_summary({'nvr-1': check(email={'changed': True, 'requests': []})})
    email = report['nvrs']['nvr-1']['resources']['email']
    assert email['status'] == 'drifted' and email['diff'] == ''


def test_the_status_is_drifted_when_anything_drifted_even_with_nvrs_not_checked():
    report = drift_summary({'nvr-1': check(email=EMAIL_DRIFT), 'nvr-2': None})
    assert report['status'] == 'drifted'
    assert report['headline'] == '1 of 2 NVRs drifted, 1 with errors'


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
    assert report['nvrs']['nvr-1']['status'] == 'error'
    assert '-title: "ab\\tc"' in report['nvrs']['nvr-2']['resources']['email']['diff']


def test_html_is_left_to_the_templates_to_escape():
    report = drift_summary({'<b>nvr</b>': {'failed': True, 'msg': '<script>alert(1)</script>'}})
    assert report['nvrs']['<b>nvr</b>']['reason'] == '<script>alert(1)</script>'


@pytest.mark.parametrize('bad', [None, ['nvr-1'], 'nvr-1'])
def test_input_that_is_not_a_mapping_is_refused(bad):
    with pytest.raises(AnsibleFilterError, match='expected a dictionary of host name to result'):
        drift_summary(bad)


def test_an_empty_report_claims_no_sync():
    report = drift_summary({})
    assert report['status'] == 'not_managed' and report['headline'] == 'No NVR was checked'
    assert report['summary'] == ZERO and report['nvrs'] == {} and report['resources'] == []


# Merging: the report of an earlier batch of the same run (serial), and NVRs of later batches.

def batch_report(results, pending=(), previous=None):
    """The report as drift.json carries it (through JSON), as the next batch reads it."""
    return json.loads(json.dumps(drift_summary(results, 'then', previous=previous, pending=list(pending),
                                               run={'id': 'r', 'batches': 1})))


def test_pending_nvrs_are_listed_without_resources_and_leave_the_report_incomplete():
    report = drift_summary({'nvr-1': check(email=in_sync())}, pending=['nvr-2', 'nvr-3'])
    assert report['nvrs']['nvr-2'] == {'status': 'pending', 'drifted': [], 'errored': [], 'resources': {},
                                       'reason': 'not checked yet: its batch of the play (serial) had not run when this '
                                                 'report was written'}
    assert report['summary'] == counts(nvrs=3, in_sync=1, pending=2, resources=1, resources_in_sync=1)
    assert report['status'] == 'incomplete' and report['headline'] == '2 of 3 NVRs pending'


def test_batches_merge_into_one_report_that_covers_every_batch():
    first = batch_report({'nvr-1': check(email=EMAIL_DRIFT), 'nvr-2': failure('login_refused', LOGIN_REFUSED, ['email'])},
                         pending=['nvr-3', 'nvr-4', 'nvr-5'])
    assert first['summary']['pending'] == 3
    second = batch_report({'nvr-3': check(email=in_sync(), ddns=in_sync()), 'nvr-4': None}, pending=['nvr-5'],
                          previous=first)
    third = drift_summary({'nvr-5': check(ddns={'failed': True, 'msg': 'boom'})}, 'now', previous=second,
                          run={'id': 'r', 'batches': 3})
    statuses = dict((host, nvr['status']) for host, nvr in third['nvrs'].items())
    assert statuses == {'nvr-1': 'drifted', 'nvr-2': 'login_refused', 'nvr-3': 'in_sync', 'nvr-4': 'error',
                        'nvr-5': 'error'}
    assert third['resources'] == ['email', 'ddns']
    # The first batch's NVRs keep their cells and diffs, and get the columns seen later as not managed.
    assert third['nvrs']['nvr-1']['resources']['email'] == first['nvrs']['nvr-1']['resources']['email']
    assert third['nvrs']['nvr-1']['resources']['ddns'] == {'status': 'not_managed', 'msg': ''}
    assert third['nvrs']['nvr-1']['drifted'] == ['email']
    assert third['nvrs']['nvr-2']['resources'] == {'email': {'status': 'unreachable', 'msg': LOGIN_REFUSED},
                                                   'ddns': {'status': 'not_managed', 'msg': ''}}
    assert third['summary'] == counts(nvrs=5, in_sync=1, drifted=1, errored=2, login_refused=1, resources=4,
                                      resources_in_sync=2, resources_drifted=1, resources_errored=1,
                                      resources_unreachable=3, resources_not_managed=3)
    assert third['generated'] == 'now' and third['run'] == {'id': 'r', 'batches': 3}


def test_a_batch_replaces_what_an_earlier_one_said_of_the_same_nvr():
    first = batch_report({'nvr-1': failure('unreachable', 'down', ['email'], unreachable=True)})
    second = drift_summary({'nvr-1': check(email=in_sync())}, previous=first)
    assert second['nvrs']['nvr-1']['status'] == 'in_sync'
    assert second['summary'] == counts(nvrs=1, in_sync=1, resources=1, resources_in_sync=1)


def test_a_pending_nvr_of_an_earlier_batch_is_pending_only_while_it_is_still_to_come():
    first = batch_report({'nvr-1': check(email=in_sync())}, pending=['nvr-2', 'nvr-3'])
    assert set(drift_summary({'nvr-2': check(email=in_sync())}, previous=first)['nvrs']) == {'nvr-1', 'nvr-2'}
    report = drift_summary({'nvr-2': check(email=in_sync())}, previous=first, pending=['nvr-3'])
    assert report['nvrs']['nvr-3']['status'] == 'pending'


@pytest.mark.parametrize('previous', [
    None, [], 'drift', {}, {'nvrs': []}, {'nvrs': {'nvr-9': 'x'}}, {'nvrs': {'nvr-9': {'status': 'weird', 'resources': {}}}},
    {'nvrs': {'nvr-9': {'status': 'in_sync', 'resources': {'email': {'status': 'weird'}}}}},
    {'nvrs': {'nvr-9': {'status': 'in_sync', 'resources': {'email': {'status': 'in_sync', 'msg': 7}}}}},
    {'nvrs': {'nvr-9': {'status': 'in_sync', 'resources': []}}},
], ids=['none', 'list', 'text', 'empty', 'nvrs a list', 'entry text', 'unknown status', 'unknown cell status',
        'msg not text', 'resources a list'])
def test_what_is_not_an_nvr_entry_in_the_previous_report_is_ignored(previous):
    report = drift_summary({'nvr-1': check(email=in_sync())}, previous=previous)
    assert list(report['nvrs']) == ['nvr-1']
    assert report['summary'] == counts(nvrs=1, in_sync=1, resources=1, resources_in_sync=1)


def test_the_previous_report_is_data_never_markup_or_a_crash():
    previous = {'nvrs': {'<b>x</b>': {'status': 'drifted', 'reason': 5, 'drifted': 'all', 'resources': {
        'email': {'status': 'drifted', 'msg': '<script>', 'diff': '-a\n+b\n', 'before': {}, 'after': {}, 'requests': []}}}}}
    nvr = drift_summary({}, previous=previous)['nvrs']['<b>x</b>']
    assert nvr['status'] == 'drifted' and nvr['reason'] == '' and nvr['drifted'] == ['email']
    assert nvr['resources']['email']['msg'] == '<script>'


def test_a_limited_run_says_so():
    report = drift_summary({'nvr-1': check(email=in_sync())}, limit='nvr-1,nvr-2')
    assert report['hosts_limited'] is True and report['limit'] == 'nvr-1,nvr-2'
    assert drift_summary({}, limit='')['hosts_limited'] is False


def test_pending_that_is_not_a_list_is_refused():
    with pytest.raises(AnsibleFilterError, match='pending must be a list'):
        drift_summary({}, pending='nvr-1')
