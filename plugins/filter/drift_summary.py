# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: drift_summary
short_description: Turn the baseline's check-mode results of a fleet into one drift report
version_added: 1.0.0
description:
  - Takes, for each NVR, what the baseline's M(mobotix.move_nvr.nvr_config) task returned in check mode with
    diff mode on, and gives one report structure - a fleet summary, then each NVR and each of its resources
    as C(in_sync), C(drifted) (with a unified diff of the device against the baseline), C(errored) (the
    resource could not be checked, with its message) or C(unreachable) (the NVR could not be checked at
    all - no answer, login refused, options refused - with the reason).
  - The role C(mobotix.move_nvr.drift_report) renders this structure as C(drift.json), C(drift.html) and
    C(drift.junit.xml).
  - Secrets are never added; the module results it reads already show every secret as C(********).
author:
  - MOBOTIX MOVE NVR collection contributors
positional: generated
options:
  _input:
    description:
      - A dictionary of inventory host name to the registered result of the check on that NVR.
      - A result that is missing or C(null) makes the NVR C(unreachable) (the check did not run on it).
      - A result may carry C(managed), the names of the resources the NVR was to be checked for; an NVR that
        could not be checked lists them as C(unreachable) (without it, the resources seen on the other NVRs).
    type: dict
    required: true
  generated:
    description: When the check ran, shown in the report as given (for example an ISO 8601 time).
    type: str
    default: ''
'''

EXAMPLES = r'''
- name: One report structure for every NVR of the play
  ansible.builtin.set_fact:
    fleet_drift: >-
      {{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars)
         | map(attribute='nvr_check', default=None)))
         | mobotix.move_nvr.drift_summary(now(utc=true).isoformat()) }}
  run_once: true

- name: Show how many NVRs drifted
  ansible.builtin.debug:
    msg: "{{ fleet_drift.summary.drifted }} of {{ fleet_drift.summary.nvrs }} NVRs drifted"
  run_once: true
'''

RETURN = r'''
_value:
  description: The fleet report.
  type: dict
  contains:
    generated:
      description: The O(generated) value.
      type: str
    status:
      description:
        - C(in_sync) when every NVR is in sync; C(drifted) when at least one resource drifted; otherwise
          C(incomplete) (nothing drifted, but some NVR or resource could not be checked).
      type: str
    summary:
      description: >-
        Counts. C(nvrs), C(in_sync), C(drifted), C(errored), C(unreachable) count NVRs (each NVR in one of the
        four, in that order of precedence - unreachable, drifted, errored, in sync); C(resources),
        C(resources_in_sync), C(resources_drifted), C(resources_errored) count the resources checked.
      type: dict
    resources:
      description: The names of every resource seen, in the order the baseline runs them (the report's columns).
      type: list
      elements: str
    nvrs:
      description:
        - Inventory host name to C(status) (as above), C(reason) (why it is unreachable, else empty),
          C(drifted) (the names of its drifted resources) and C(resources).
        - C(resources) maps a resource name to C(status) (C(in_sync), C(drifted), C(errored), C(unreachable)),
          C(msg), and for a drifted resource C(diff) (unified diff text, device then baseline), C(before),
          C(after) (the resource in the module's options, secrets masked) and C(requests) (the writes an
          apply would send, secrets masked).
      type: dict
  sample:
    generated: '2026-01-31T12:00:00Z'
    status: drifted
    summary: {nvrs: 2, in_sync: 1, drifted: 1, errored: 0, unreachable: 0,
              resources: 4, resources_in_sync: 3, resources_drifted: 1, resources_errored: 0}
    resources: [email, record_config]
    nvrs:
      nvr-1:
        status: drifted
        reason: ''
        drifted: [email]
        resources:
          email:
            status: drifted
            msg: ''
            diff: "--- nvr-1 email (device)\n+++ nvr-1 email (baseline)\n@@ -1 +1 @@\n-port: 465\n+port: 587\n"
            before: {port: 465}
            after: {port: 587}
            requests: [{method: POST, path: /setup/email_config, body: {port: 587}}]
          record_config: {status: in_sync, msg: ''}
      nvr-2:
        status: in_sync
        reason: ''
        drifted: []
        resources:
          email: {status: in_sync, msg: ''}
          record_config: {status: in_sync, msg: ''}
'''

import difflib
import re

import yaml

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible.module_utils.six import binary_type, string_types, text_type

# The order the baseline (mobotix.move_nvr.nvr_config) runs the resources in.
RESOURCE_ORDER = ('camera', 'account', 'record_template', 'event_action', 'email', 'ddns', 'system_monitor', 'record_config')
IN_SYNC = 'in_sync'
DRIFTED = 'drifted'
ERRORED = 'errored'
UNREACHABLE = 'unreachable'
CONTROL = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
NO_RESULT = 'no result: the check did not run on this NVR (a failure before it, or the host was left out of the play)'


def clean_text(value):
    """Text without the control characters XML 1.0 cannot carry (tab and newline kept)."""
    return CONTROL.sub('', text_type(value))


def plain(value):
    """A copy made of plain dict/list/str/int/float/bool/None (no tagged or lazy Ansible types)."""
    if isinstance(value, dict):
        return dict((clean_text(k), plain(v)) for k, v in value.items())
    if isinstance(value, binary_type):
        return clean_text(value.decode('utf-8', 'replace'))
    if isinstance(value, string_types):
        return clean_text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if is_sequence(value):
        return [plain(v) for v in value]
    return clean_text(value)


def ordered(names):
    known = [name for name in RESOURCE_ORDER if name in names]
    return known + sorted(name for name in names if name not in RESOURCE_ORDER)


def as_yaml(value):
    if value is None:
        return []
    return yaml.safe_dump(value, default_flow_style=False, sort_keys=True, allow_unicode=True, width=4096).splitlines()


def unified_diff(host, name, diff):
    """Device (before) against baseline (after), as unified diff text over their YAML."""
    lines = difflib.unified_diff(as_yaml(diff.get('before')), as_yaml(diff.get('after')),
                                 '%s %s (device)' % (host, name), '%s %s (baseline)' % (host, name), lineterm='', n=3)
    return '\n'.join(lines) + '\n'


def message(result, default):
    msg = result.get('msg') or result.get('reason') or default
    return ' '.join(text_type(msg).split()) if isinstance(msg, string_types) else text_type(msg)


def expected_resources(result):
    """The resources an NVR that could not be checked was to be checked for (its result's `managed`)."""
    managed = result.get('managed')
    return [text_type(name) for name in managed] if is_sequence(managed) else []


def resource_entry(host, name, result):
    if not isinstance(result, dict):
        return {'status': ERRORED, 'msg': 'no result for this resource'}
    if result.get('failed'):
        return {'status': ERRORED, 'msg': message(result, 'the check failed')}
    if not result.get('changed'):
        return {'status': IN_SYNC, 'msg': ''}
    diff = result.get('diff') or {}
    return {
        'status': DRIFTED,
        'msg': '',
        'diff': unified_diff(host, name, diff) if diff else '',
        'before': diff.get('before'),
        'after': diff.get('after'),
        'requests': result.get('requests') or [],
    }


def nvr_entry(host, result):
    """(entry, resource names expected but unknown) for one NVR's registered result."""
    if not isinstance(result, dict) or not result:
        return {'status': UNREACHABLE, 'reason': NO_RESULT, 'drifted': [], 'resources': {}}, []
    resources = result.get('resources')
    if result.get('unreachable') or not isinstance(resources, dict) or result.get('skipped'):
        reason = message(result, 'skipped' if result.get('skipped') else 'the check failed without a message')
        entry = {'status': UNREACHABLE, 'reason': reason, 'drifted': [], 'resources': {}}
        return entry, expected_resources(result)
    checked = dict((name, resource_entry(host, name, resources[name])) for name in ordered(list(resources)))
    statuses = [r['status'] for r in checked.values()]
    status = DRIFTED if DRIFTED in statuses else ERRORED if ERRORED in statuses else IN_SYNC
    drifted = [name for name, r in checked.items() if r['status'] == DRIFTED]
    return {'status': status, 'reason': '', 'drifted': drifted, 'resources': checked}, None


def drift_summary(results, generated=''):
    """Registered check results per host -> the fleet drift report (see DOCUMENTATION)."""
    if not isinstance(results, dict):
        raise AnsibleFilterError('drift_summary: expected a dictionary of host name to result, got %s' % type(results).__name__)
    results = plain(results)
    nvrs, pending = {}, {}
    for host in sorted(results):
        entry, expected = nvr_entry(host, results[host])
        nvrs[host] = entry
        if expected is not None:
            pending[host] = expected
    columns = set()
    for entry in nvrs.values():
        columns.update(entry['resources'])
    # An unreachable NVR lists the resources it was to be checked for, or else those checked elsewhere.
    checked_elsewhere = list(columns)
    for host, expected in pending.items():
        reason = nvrs[host]['reason']
        for name in ordered(expected or checked_elsewhere):
            nvrs[host]['resources'][name] = {'status': UNREACHABLE, 'msg': reason}
        columns.update(nvrs[host]['resources'])
    cells = [r['status'] for entry in nvrs.values() for r in entry['resources'].values() if r['status'] != UNREACHABLE]
    counts = dict((status, sum(1 for entry in nvrs.values() if entry['status'] == status))
                  for status in (IN_SYNC, DRIFTED, ERRORED, UNREACHABLE))
    summary = {'nvrs': len(nvrs)}
    summary.update((status, counts[status]) for status in (IN_SYNC, DRIFTED, ERRORED, UNREACHABLE))
    summary.update([('resources', len(cells)), ('resources_in_sync', cells.count(IN_SYNC)),
                    ('resources_drifted', cells.count(DRIFTED)), ('resources_errored', cells.count(ERRORED))])
    if counts[DRIFTED]:
        status = DRIFTED
    elif counts[ERRORED] or counts[UNREACHABLE]:
        status = 'incomplete'
    else:
        status = IN_SYNC
    return {
        'generated': clean_text(generated or ''),
        'status': status,
        'summary': summary,
        'resources': ordered(list(columns)),
        'nvrs': nvrs,
    }


class FilterModule(object):
    """mobotix.move_nvr drift report filters."""

    def filters(self):
        return {'drift_summary': drift_summary}
