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
    diff mode on, and gives one report structure - a fleet summary, then each NVR with its status and each of its
    resources.
  - "An NVR is C(in_sync); C(drifted) (an apply would change at least one resource, each with a unified diff of
    the device against the baseline); C(error) (at least one resource could not be checked, with its message -
    also when others drifted, whose drift is still listed; or the check failed for another reason);
    C(not_managed) (the run manages no resource on it: no resource variable of the baseline is defined for it);
    C(login_refused) (the NVR refused the login); C(refused_baseline) (its variables or connection options were
    refused before any request, the message names the variable); C(unreachable) (no answer, connection refused,
    TLS failure, no complete answer to the login); or C(pending) (not checked yet: its batch of a C(serial) play
    has not run). In a report of a remediation (O(remediate)) an NVR written to the baseline is C(remediated)."
  - "A resource of an NVR is C(in_sync), C(drifted), C(errored), C(not_managed) (managed on other NVRs of the
    report, not on this one) or C(unreachable) (not reached: the whole NVR could not be checked, its status says
    why); in a report of a remediation, C(remediated) (written to the baseline)."
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
      - A result that is missing or C(null) makes the NVR C(error) (the check did not run on it); a skipped
        result makes it C(not_managed).
      - A failed result without resources gets its status from C(nvr_failure) (C(unreachable), C(login_refused),
        C(options_refused) - which is C(refused_baseline) -, C(device_refused) or C(error) - both C(error)); a
        result with C(argument_errors) (the role's argument validation) is C(refused_baseline); without either,
        C(unreachable=true) is C(unreachable) and any other failure C(error).
      - A result may carry C(managed), the names of the resources the NVR was to be checked for; an NVR that
        could not be checked lists them as C(unreachable) (without it, the resources seen on the other NVRs).
    type: dict
    required: true
  generated:
    description: When the check ran, shown in the report as given (for example an ISO 8601 time).
    type: str
    default: ''
  previous:
    description:
      - A report of the same run given by this filter before (for example C(drift.json) of an earlier batch of a
        C(serial) play); its NVRs that are not in the input are kept, those in the input are replaced, its
        C(pending) NVRs are left out. What is not an NVR's entry in it is ignored.
    type: dict
  pending:
    description: Host names not checked yet (the later batches of a C(serial) play), listed as C(pending) unless
      they are in the input or in O(previous).
    type: list
    elements: str
  limit:
    description: The C(--limit) of the run, if any; the report then says that it covers the limited hosts only.
    type: str
  run:
    description: What identifies the run that made the report (the action M(mobotix.move_nvr.nvr_fleet_check)
      gives C(id), C(started) and C(batches)); copied into the report as given.
    type: dict
  baseline:
    description:
      - What identifies the baseline the NVRs were checked against (the action M(mobotix.move_nvr.nvr_fleet_check)
        gives C(fingerprint), a SHA-256 of the baseline role's task arguments and defaults, C(collection_version)
        and C(label), the role variable C(move_nvr_baseline_label)); copied into the report as given.
      - The merge of the reports of the slices of a fleet (C(playbooks/drift_merge.yml)) refuses reports whose
        baselines differ.
    type: dict
  remediate:
    description:
      - The results are those of an apply (the drift check with C(move_nvr_remediate)), not of a check - a changed
        resource was written - C(remediated) - and so was a changed NVR without a failure.
      - The report then has C(remediate) (true), the summary C(remediated) and C(resources_remediated), and each NVR
        C(remediation) - C(remediated), C(failed) (its status is C(error), C(login_refused), C(refused_baseline) or
        C(unreachable)) or C(none).
    type: bool
    default: false
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
    msg: "{{ fleet_drift.headline }} ({{ fleet_drift.summary.resources_drifted }} resources drifted)"
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
        - C(drifted) when at least one resource of any NVR drifted (also on an NVR of status C(error));
          otherwise C(incomplete) when some NVR is C(error), C(login_refused), C(refused_baseline),
          C(unreachable) or C(pending); otherwise C(not_managed) when some NVR manages no resource (or the report
          has no NVR); otherwise C(in_sync).
      type: str
    headline:
      description: The summary in one line, for example C(3 of 51 NVRs drifted, 2 with errors, 1 login refused).
      type: str
    summary:
      description: >-
        Counts. C(nvrs) counts every NVR of the report; C(in_sync), C(drifted), C(errored) (status C(error)),
        C(login_refused), C(refused_baseline), C(unreachable), C(not_managed) and C(pending) count the NVRs of
        each status (each NVR in one). C(resources) counts the resources checked (in sync, drifted or errored),
        C(resources_in_sync), C(resources_drifted), C(resources_errored) each of those, C(resources_unreachable)
        the resources not reached (their NVR could not be checked) and C(resources_not_managed) the cells of a
        resource managed on other NVRs but not on that one.
      type: dict
    resources:
      description: The names of every resource seen, in the order the baseline runs them (the report's columns).
      type: list
      elements: str
    nvrs:
      description:
        - Inventory host name to C(status) (see the description), C(reason) (why it is not in sync or drifted -
          the failure's message, how many resources could not be checked, why nothing is managed -, else empty),
          C(drifted) and C(errored) (the names of its drifted and errored resources) and C(resources).
        - C(resources) maps every resource of the report (a C(pending) NVR has none) to C(status) (C(in_sync),
          C(drifted), C(errored), C(not_managed), C(unreachable)), C(msg), and for a drifted resource C(diff)
          (unified diff text, device then baseline), C(before), C(after) (the resource in the module's options,
          secrets masked) and C(requests) (the writes an apply would send, secrets masked).
      type: dict
    hosts_limited:
      description: Whether the run was limited (O(limit)); the report then lists the limited hosts only.
      type: bool
    limit:
      description: The O(limit), or empty.
      type: str
    run:
      description: The O(run), or an empty dictionary. A merged report (C(playbooks/drift_merge.yml)) adds
        C(slices), one entry per slice report merged (C(path), C(run), C(generated), C(nvrs)), and C(duplicates),
        each NVR found in more than one slice with the slice kept (the newest) and those dropped.
      type: dict
    baseline:
      description: The O(baseline), or an empty dictionary.
      type: dict
    remediate:
      description:
        - True in the report of a remediation (O(remediate)); absent otherwise. Each NVR of C(nvrs) then has
          C(remediation) - C(remediated), C(failed) or C(none) - and C(summary) has C(remediated) and
          C(resources_remediated).
      type: bool
  sample:
    generated: '2026-01-31T12:00:00Z'
    status: drifted
    headline: 1 of 2 NVRs drifted
    summary: {nvrs: 2, in_sync: 1, drifted: 1, errored: 0, login_refused: 0, refused_baseline: 0, unreachable: 0,
              not_managed: 0, pending: 0, resources: 4, resources_in_sync: 3, resources_drifted: 1,
              resources_errored: 0, resources_unreachable: 0, resources_not_managed: 0}
    resources: [email, record_config]
    nvrs:
      nvr-1:
        status: drifted
        reason: ''
        drifted: [email]
        errored: []
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
        errored: []
        resources:
          email: {status: in_sync, msg: ''}
          record_config: {status: in_sync, msg: ''}
    hosts_limited: false
    limit: ''
    run: {id: '4242@2026-01-31T11:59:58.31Z', started: '2026-01-31T11:59:58.31Z', batches: 1}
'''

import calendar
import difflib
import re
import time

import yaml

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible.module_utils.six import binary_type, string_types, text_type

# The order the baseline (mobotix.move_nvr.nvr_config) runs the resources in: the registry's.
from ansible_collections.mobotix.move_nvr.plugins.module_utils.registry import RESOURCE_ORDER

# The statuses of an NVR, problems first and the most serious first (the order of the report's page).
ERROR = 'error'
LOGIN_REFUSED = 'login_refused'
REFUSED_BASELINE = 'refused_baseline'
UNREACHABLE = 'unreachable'
DRIFTED = 'drifted'
NOT_MANAGED = 'not_managed'
PENDING = 'pending'
IN_SYNC = 'in_sync'
# Only in a report of a remediation (the drift check with move_nvr_remediate): the NVR, or the resource, was
# written to the baseline.
REMEDIATED = 'remediated'
NVR_STATUSES = (ERROR, LOGIN_REFUSED, REFUSED_BASELINE, UNREACHABLE, DRIFTED, REMEDIATED, NOT_MANAGED, PENDING, IN_SYNC)
# The statuses of a resource of an NVR (a cell of the report).
ERRORED = 'errored'
CELL_STATUSES = (IN_SYNC, DRIFTED, REMEDIATED, ERRORED, NOT_MANAGED, UNREACHABLE)
# An NVR's `remediation` in a report of a remediation: written, nothing to write, or its check or apply failed.
REMEDIATION_FAILED = 'failed'
REMEDIATION_NONE = 'none'
FAILED_STATUSES = (ERROR, LOGIN_REFUSED, REFUSED_BASELINE, UNREACHABLE)
# The summary's count of each NVR status ('errored' counts the NVRs of status 'error', as it always has).
SUMMARY_KEYS = ((IN_SYNC, IN_SYNC), (DRIFTED, DRIFTED), ('errored', ERROR), (LOGIN_REFUSED, LOGIN_REFUSED),
                (REFUSED_BASELINE, REFUSED_BASELINE), (UNREACHABLE, UNREACHABLE), (NOT_MANAGED, NOT_MANAGED),
                (PENDING, PENDING))
# NVR statuses that leave the fleet's check incomplete.
INCOMPLETE = (ERROR, LOGIN_REFUSED, REFUSED_BASELINE, UNREACHABLE, PENDING)
# The headline's words for each count, in its order.
HEADLINE = (('drifted', 'drifted'), ('remediated', 'remediated'), ('errored', 'with errors'), ('login_refused', 'login refused'),
            ('refused_baseline', 'baseline refused'), ('unreachable', 'unreachable'), ('not_managed', 'not managed'),
            ('pending', 'pending'))
# A failed result's nvr_failure (set by the runner; options_refused also by the fleet check before any request)
# -> the NVR's status.
FAILURE_STATUS = {
    'unreachable': UNREACHABLE,
    'login_refused': LOGIN_REFUSED,
    'options_refused': REFUSED_BASELINE,
    'refused_baseline': REFUSED_BASELINE,
    'device_refused': ERROR,
    'error': ERROR,
}
CONTROL = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
NO_RESULT = 'no result: the check did not run on this NVR (a failure before it, or the host was left out of the play)'
NOTHING_MANAGED = ('no resource of the baseline is managed on this NVR: none of its resource variables '
                   '(move_nvr_email, move_nvr_cameras, ...) is defined for it')
NO_RESOURCES = 'the check returned no result per resource'
PENDING_REASON = 'not checked yet: its batch of the play (serial) had not run when this report was written'


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


# libyaml's emitter when PyYAML has it, about four times faster than the pure-Python SafeDumper (the diffs of a
# fleet that drifted everywhere were most of the report's CPU); for values whose text is printable ASCII, tab and
# newline only: there both give the same text. Beyond that they differ (libyaml escapes characters outside the
# BMP, NEL, CR in keys, and refuses lone surrogates), so the pure-Python one dumps those, as it always did.
FAST_DUMPER = getattr(yaml, 'CSafeDumper', None)
PLAIN_TEXT = re.compile(r'[\x20-\x7e\n\t]*')


def plain_text_only(value):
    """Whether every string of value (keys too) is printable ASCII, tab and newline."""
    if isinstance(value, dict):
        return all(plain_text_only(key) and plain_text_only(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return all(plain_text_only(item) for item in value)
    if isinstance(value, string_types):
        return PLAIN_TEXT.fullmatch(value) is not None
    return value is None or isinstance(value, (bool, int, float))


def as_yaml(value):
    if value is None:
        return []
    dumper = FAST_DUMPER if FAST_DUMPER is not None and plain_text_only(value) else yaml.SafeDumper
    return yaml.dump(value, Dumper=dumper, default_flow_style=False, sort_keys=True, allow_unicode=True,
                     width=4096).splitlines()


def unified_diff(host, name, diff):
    """Device (before) against baseline (after), as unified diff text over their YAML."""
    lines = difflib.unified_diff(as_yaml(diff.get('before')), as_yaml(diff.get('after')),
                                 '%s %s (device)' % (host, name), '%s %s (baseline)' % (host, name), lineterm='', n=3)
    return '\n'.join(lines) + '\n'


def message(result, default):
    msg = result.get('msg') or result.get('reason') or default
    return ' '.join(text_type(msg).split()) if isinstance(msg, string_types) else text_type(msg)


def expected_resources(result):
    """The resources an NVR that could not be checked was to be checked for (its result's `managed`), or None."""
    managed = result.get('managed')
    return [text_type(name) for name in managed] if is_sequence(managed) else None


def failure_status(result):
    """The status of an NVR whose check failed as a whole (no resource was checked)."""
    kind = result.get('nvr_failure')
    if isinstance(kind, string_types) and kind in FAILURE_STATUS:
        return FAILURE_STATUS[kind]
    if result.get('argument_errors'):
        return REFUSED_BASELINE
    if result.get('unreachable'):
        return UNREACHABLE
    return ERROR


def resource_entry(host, name, result, remediate=False):
    """A cell of the report; with `remediate` (the results of an apply) a changed resource was written: remediated."""
    if not isinstance(result, dict):
        return {'status': ERRORED, 'msg': 'no result for this resource'}
    if result.get('failed'):
        return {'status': ERRORED, 'msg': message(result, 'the check failed')}
    # requests_not_sent: drifted, but not written because another resource of the NVR was refused (one plan)
    if not result.get('changed') and not result.get('requests_not_sent'):
        return {'status': IN_SYNC, 'msg': ''}
    diff = result.get('diff') or {}
    return {
        'status': REMEDIATED if remediate and result.get('changed') else DRIFTED,
        'msg': '',
        'diff': unified_diff(host, name, diff) if diff else '',
        'before': diff.get('before'),
        'after': diff.get('after'),
        'requests': result.get('requests') or result.get('requests_not_sent') or [],
    }


def entry(status, reason='', resources=None):
    return {'status': status, 'reason': reason, 'drifted': [], 'errored': [], 'resources': resources or {}}


def nvr_entry(host, result, remediate=False):
    """(the report's entry of one NVR, the resources it was to be checked for) from its registered result.

    The second is None when its resources were checked (they are in the entry) or are not known, else the
    names its unreached resources are listed under (possibly none). With `remediate` the result is an apply's:
    its changed resources were written (remediated).
    """
    if not isinstance(result, dict) or not result:
        return entry(ERROR, NO_RESULT), None
    if result.get('skipped'):
        return entry(NOT_MANAGED, message({'msg': result.get('skip_reason')}, 'skipped')), []
    resources = result.get('resources')
    failed = result.get('failed') or result.get('unreachable')
    if isinstance(resources, dict) and resources:
        checked = dict((name, resource_entry(host, name, resources[name], remediate)) for name in ordered(list(resources)))
        statuses = [cell['status'] for cell in checked.values()]
        if ERRORED in statuses:
            reason = '%d of %d resources could not be checked' % (statuses.count(ERRORED), len(statuses))
            if result.get('msg'):
                reason += ': %s' % message(result, '')
            return entry(ERROR, reason, checked), None
        if failed:
            return entry(ERROR, message(result, 'the check failed without a message'), checked), None
        status = DRIFTED if DRIFTED in statuses else REMEDIATED if REMEDIATED in statuses else IN_SYNC
        return entry(status, '', checked), None
    if failed:
        return entry(failure_status(result), message(result, 'the check failed without a message')), expected_resources(result)
    if isinstance(resources, dict) or result.get('managed') == []:
        return entry(NOT_MANAGED, message(result, NOTHING_MANAGED)), []
    return entry(ERROR, message(result, NO_RESOURCES)), expected_resources(result)


def previous_entries(previous):
    """{host: entry} of the NVRs of a report made before by this filter, checked (not pending) and well formed.

    The cells of resources the NVR does not manage are left out: the columns are the merged report's.
    """
    if not isinstance(previous, dict) or not isinstance(previous.get('nvrs'), dict):
        return {}
    found = {}
    for host, nvr in plain(previous['nvrs']).items():
        if not isinstance(nvr, dict) or nvr.get('status') not in NVR_STATUSES or nvr['status'] == PENDING:
            continue
        cells = nvr.get('resources')
        if not isinstance(cells, dict) or not all(isinstance(cell, dict) and cell.get('status') in CELL_STATUSES
                                                  and isinstance(cell.get('msg', ''), string_types)
                                                  for cell in cells.values()):
            continue
        kept = dict((name, cell) for name, cell in cells.items() if cell['status'] != NOT_MANAGED)
        reason = nvr.get('reason')
        found[host] = entry(nvr['status'], reason if isinstance(reason, string_types) else '', kept)
    return found


def headline(summary, status):
    """The report in one line: the counts that are not in sync, the most telling first."""
    total = summary['nvrs']
    if not total:
        return 'No NVR was checked'
    if status == IN_SYNC:
        return 'The NVR is in sync' if total == 1 else 'All %d NVRs in sync' % total
    parts = [(summary[key], words) for key, words in HEADLINE if summary[key]]
    text = '%d of %d NVRs %s' % (parts[0][0], total, parts[0][1]) if parts else '%d NVRs' % total
    text += ''.join(', %d %s' % part for part in parts[1:])
    if summary['resources_drifted'] and not summary['drifted']:
        text += '; %d resource(s) drifted' % summary['resources_drifted']
    return text


def build(nvrs, unknown, generated, limit, run, baseline=None, remediate=False):
    """The report from each NVR's entry; `unknown`: the NVRs not checked whose resources are not known.

    With `remediate` (a remediation's report) each NVR gets `remediation` (remediated, failed or none), the
    summary counts the remediated NVRs and resources, and the report says `remediate: true`; without it the
    report has none of these keys.
    """
    columns = set()
    for host, nvr in nvrs.items():
        if host not in unknown:
            columns.update(nvr['resources'])
    for host in unknown:
        # An NVR not checked and whose resources are not known: those checked elsewhere, not reached.
        nvrs[host]['resources'] = dict((name, {'status': UNREACHABLE, 'msg': nvrs[host]['reason']}) for name in columns)
    columns = ordered(list(columns))
    for nvr in nvrs.values():
        if nvr['status'] == PENDING:
            continue
        cells = nvr['resources']
        nvr['resources'] = dict((name, cells.get(name) or {'status': NOT_MANAGED, 'msg': ''}) for name in columns)
        nvr['drifted'] = [name for name in columns if nvr['resources'][name]['status'] == DRIFTED]
        nvr['errored'] = [name for name in columns if nvr['resources'][name]['status'] == ERRORED]
    statuses = [nvr['status'] for nvr in nvrs.values()]
    cells = [cell['status'] for nvr in nvrs.values() for cell in nvr['resources'].values()]
    summary = {'nvrs': len(nvrs)}
    summary.update((key, statuses.count(status)) for key, status in SUMMARY_KEYS)
    summary.update([('resources', sum(cells.count(status) for status in (IN_SYNC, DRIFTED, REMEDIATED, ERRORED))),
                    ('resources_in_sync', cells.count(IN_SYNC)), ('resources_drifted', cells.count(DRIFTED)),
                    ('resources_errored', cells.count(ERRORED)), ('resources_unreachable', cells.count(UNREACHABLE)),
                    ('resources_not_managed', cells.count(NOT_MANAGED))])
    remediate = remediate or REMEDIATED in statuses or REMEDIATED in cells
    if remediate:
        summary.update(remediated=statuses.count(REMEDIATED), resources_remediated=cells.count(REMEDIATED))
        for nvr in nvrs.values():
            nvr['remediation'] = (REMEDIATED if nvr['status'] == REMEDIATED else REMEDIATION_FAILED
                                  if nvr['status'] in FAILED_STATUSES else REMEDIATION_NONE)
    else:
        summary['remediated'] = 0  # (for the headline only: removed below)
    if summary['resources_drifted']:
        status = DRIFTED
    elif any(status in statuses for status in INCOMPLETE):
        status = 'incomplete'
    elif REMEDIATED in statuses:
        status = REMEDIATED
    elif NOT_MANAGED in statuses or not nvrs:
        status = NOT_MANAGED
    else:
        status = IN_SYNC
    text = headline(summary, status)
    if not remediate:
        del summary['remediated']
    report = {
        'generated': clean_text(generated or ''),
        'status': status,
        'headline': text,
        'summary': summary,
        'resources': columns,
        'nvrs': dict((host, nvrs[host]) for host in sorted(nvrs)),
        'hosts_limited': bool(limit),
        'limit': clean_text(limit or ''),
        'run': plain(run) if isinstance(run, dict) else {},
        'baseline': plain(baseline) if isinstance(baseline, dict) else {},
    }
    if remediate:
        report['remediate'] = True
    return report


def drift_summary(results, generated='', previous=None, pending=None, limit=None, run=None, baseline=None,
                  remediate=False):
    """Registered check results per host -> the fleet drift report (see DOCUMENTATION)."""
    if not isinstance(results, dict):
        raise AnsibleFilterError('drift_summary: expected a dictionary of host name to result, got %s' % type(results).__name__)
    if pending is not None and not is_sequence(pending):
        raise AnsibleFilterError('drift_summary: pending must be a list of host names, got %s' % type(pending).__name__)
    results = plain(results)
    nvrs = previous_entries(previous)
    unknown = set()
    for host in sorted(results):
        nvrs[host], expected = nvr_entry(host, results[host], remediate)
        if expected is not None:
            nvrs[host]['resources'] = dict((name, {'status': UNREACHABLE, 'msg': nvrs[host]['reason']})
                                           for name in expected if nvrs[host]['status'] != NOT_MANAGED)
        elif nvrs[host]['status'] in (ERROR, LOGIN_REFUSED, REFUSED_BASELINE, UNREACHABLE) and not nvrs[host]['resources']:
            unknown.add(host)
    for host in plain(pending or []):
        if host not in nvrs:
            nvrs[host] = entry(PENDING, PENDING_REASON)
    return build(nvrs, unknown, generated, limit, run, baseline, remediate)


class MergeRefused(ValueError):
    """Slice reports that cannot be merged into one fleet report; the message is one line naming the slice."""


REPORT_KEYS = ('status', 'summary', 'nvrs', 'generated')


def slice_problem(report):
    """Why a slice's drift.json is not a report this filter wrote (one phrase), or None."""
    if not isinstance(report, dict) or any(key not in report for key in REPORT_KEYS):
        missing = [key for key in REPORT_KEYS if not isinstance(report, dict) or key not in report]
        return 'not a drift report (no %s)' % ', '.join(missing)
    if not isinstance(report['nvrs'], dict):
        return 'not a drift report (nvrs is not a dictionary)'
    kept = previous_entries(report)
    for host, nvr in report['nvrs'].items():
        if host not in kept and not (isinstance(nvr, dict) and nvr.get('status') == PENDING):
            return 'the entry of NVR %s is damaged' % host
    if not isinstance(report.get('baseline'), dict) or not report['baseline'].get('fingerprint'):
        return 'it names no baseline (written by an older version of mobotix.move_nvr?)'
    return None


def parse_time(text):
    """A report's `generated` (UTC ISO 8601, 'YYYY-MM-DDTHH:MM:SSZ') as seconds since the epoch, or None."""
    try:
        return calendar.timegm(time.strptime(text_type(text)[:19], '%Y-%m-%dT%H:%M:%S'))
    except (TypeError, ValueError):
        return None


def baseline_text(baseline):
    label = ' %s' % baseline.get('label') if baseline.get('label') else ''
    fingerprint = text_type(baseline.get('fingerprint'))[:12]
    return 'fingerprint %s%s, collection %s' % (fingerprint, label, baseline.get('collection_version') or '?')


def drift_merge(slices, generated='', max_spread=None):
    """One fleet report from the reports of the slices of a fleet: [(name, report)] -> report.

    Refuses (MergeRefused, one line naming the slice): a report that is not sound; reports of different baselines
    (`baseline`: fingerprint, collection version, label); reports generated more than `max_spread` seconds apart.
    An NVR checked in two slices: the newest slice's entry is kept, noted in run.duplicates; a slice's `pending`
    NVR is taken only when no slice checked it.
    """
    if not slices:
        raise MergeRefused('no slice report to merge')
    first_name, first = None, None
    times = []
    for name, report in slices:
        problem = slice_problem(report)
        if problem:
            raise MergeRefused('slice %s: %s' % (name, problem))
        if first is None:
            first_name, first = name, report
        elif plain(report['baseline']) != plain(first['baseline']):
            raise MergeRefused('slice %s was checked against another baseline than slice %s (%s; %s)' % (
                name, first_name, baseline_text(report['baseline']), baseline_text(first['baseline'])))
        when = parse_time(report['generated'])
        if when is None:
            raise MergeRefused('slice %s: its time (generated) is not a UTC ISO 8601 time: %s'
                               % (name, clean_text(report['generated'])[:40]))
        times.append((when, name))
    oldest, newest = min(times), max(times)
    if max_spread is not None and newest[0] - oldest[0] > max_spread:
        raise MergeRefused('slice %s was written %d min before slice %s, more than the %d min allowed '
                           '(move_nvr_slice_max_spread): a slice of another run?' % (
                               oldest[1], (newest[0] - oldest[0]) // 60, newest[1], max_spread // 60))
    order = sorted(range(len(slices)), key=lambda i: (times[i][0], i))  # oldest first: the newest wins
    nvrs, origin, duplicates, pending = {}, {}, {}, set()
    for index in order:
        name, report = slices[index]
        for host, nvr in previous_entries(report).items():
            if host in nvrs:
                duplicates.setdefault(host, {'dropped': []})['dropped'].append(origin[host])
            nvrs[host], origin[host] = nvr, name
        pending.update(host for host, nvr in plain(report['nvrs']).items() if nvr.get('status') == PENDING)
    for host in sorted(duplicates):
        duplicates[host]['kept'] = origin[host]
    for host in sorted(pending - set(nvrs)):
        nvrs[host] = entry(PENDING, PENDING_REASON)
    unknown = set(host for host, nvr in nvrs.items() if nvr['status'] in (ERROR, LOGIN_REFUSED, REFUSED_BASELINE, UNREACHABLE)
                  and not nvr['resources'])
    limits = [plain(report.get('limit') or '') for _name, report in slices]
    limit = ','.join(limits) if all(limits) else None
    run = {
        'id': 'merge of %d slices' % len(slices),
        'started': min(text_type(plain(report.get('run') or {}).get('started') or '') for _name, report in slices),
        'batches': sum(int(plain(report.get('run') or {}).get('batches') or 1) for _name, report in slices),
        'slices': [{'path': plain(name), 'run': plain(report.get('run') or {}), 'generated': plain(report['generated']),
                    'nvrs': len(report['nvrs'])} for name, report in slices],
        'duplicates': duplicates,
    }
    remediate = any(isinstance(report, dict) and report.get('remediate') is True for _name, report in slices)
    return build(nvrs, unknown, generated, limit, run, first['baseline'], remediate)


class FilterModule(object):
    """mobotix.move_nvr drift report filters."""

    def filters(self):
        return {'drift_summary': drift_summary}
