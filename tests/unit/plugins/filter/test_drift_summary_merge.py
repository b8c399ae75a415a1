# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""drift_merge: slice reports into one fleet report; refusals name the slice."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import MergeRefused, drift_merge, drift_summary

BASE = {'fingerprint': 'f' * 64, 'collection_version': '1.0.0', 'label': ''}
IN_SYNC = {'changed': False, 'resources': {'email': {'changed': False}}}
DRIFTED = {'changed': True, 'resources': {'email': {'changed': True, 'diff': {'before': {'port': 465}, 'after': {'port': 587}}}}}


NO_BASELINE = object()


def report(results, generated='2026-11-30T10:00:00Z', baseline=NO_BASELINE, **kwargs):
    """A slice report, checked against BASE unless another baseline (or None: none named) is given."""
    return drift_summary(results, generated, baseline=BASE if baseline is NO_BASELINE else baseline, **kwargs)


def test_slices_merge_as_one_report_of_all():
    whole = report({'a': IN_SYNC, 'b': DRIFTED, 'c': None})
    merged = drift_merge([('s1', report({'a': IN_SYNC})), ('s2', report({'b': DRIFTED, 'c': None}))], 'now')
    assert merged['summary'] == whole['summary'] and merged['nvrs'] == whole['nvrs']
    assert merged['baseline'] == BASE and merged['run']['duplicates'] == {}


def test_the_newest_slice_wins_a_duplicate_and_pending_yields_to_checked():
    old = report({'a': IN_SYNC}, '2026-11-30T10:00:00Z', pending=['b'])
    new = report({'a': DRIFTED, 'b': IN_SYNC}, '2026-11-30T10:05:00Z')
    merged = drift_merge([('new', new), ('old', old)])
    assert merged['nvrs']['a']['status'] == 'drifted' and merged['nvrs']['b']['status'] == 'in_sync'
    assert merged['run']['duplicates'] == {'a': {'kept': 'new', 'dropped': ['old']}}


@pytest.mark.parametrize('second, words', [
    (report({'b': IN_SYNC}, baseline=dict(BASE, label='v2')), 'slice s2 was checked against another baseline than slice s1'),
    (report({'b': IN_SYNC}, baseline=None), 'slice s2: it names no baseline'),
    (report({'b': IN_SYNC}, '2026-12-01T10:00:00Z'), 'slice s1 was written 1440 min before slice s2'),
    ({'status': 'x'}, 'slice s2: not a drift report'),
    (dict(report({'b': IN_SYNC}), nvrs={'b': {'status': 'bogus'}}), 'slice s2: the entry of NVR b is damaged'),
], ids=['baseline', 'no baseline', 'too far apart', 'not a report', 'damaged'])
def test_refusals_name_the_slice(second, words):
    with pytest.raises(MergeRefused, match=words):
        drift_merge([('s1', report({'a': IN_SYNC})), ('s2', second)], max_spread=360 * 60)
