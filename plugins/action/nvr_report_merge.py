# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobotix.move_nvr.nvr_report_merge: the drift reports of the slices of a fleet merged into one fleet report.

Why: a fleet checked in slices (AWX job slicing, --limit batches of a scheduler) gets one report per slice;
people and CI want one. How: each slice's drift.json is read and checked (drift_summary.slice_problem), the
reports are merged by drift_summary.drift_merge (refusing other baselines and runs too far apart) and the
merged report is written by the same writer as the fleet check's (plugin_utils/drift_report.py).
The documentation is in plugins/modules/nvr_report_merge.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import os


from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import MergeRefused, drift_merge
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import ControllerAction
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.drift_report import write_report

ARGUMENT_SPEC = dict(
    reports=dict(type='list', elements='path'),
    slices_dir=dict(type='path'),
    slice_count=dict(type='int'),
    max_spread=dict(type='int', default=360),
    report_dir=dict(type='path', required=True),
    report_title=dict(type='str', default='NVR drift report'),
)


def slice_paths(reports, slices_dir):
    """[(name, path of its drift.json)]: each report given (a directory or a drift.json file), else each
    subdirectory of slices_dir (sorted by name)."""
    if reports:
        return [(path, path if path.endswith('.json') or os.path.isfile(path) else os.path.join(path, 'drift.json'))
                for path in reports]
    try:
        names = sorted(name for name in os.listdir(slices_dir) if os.path.isdir(os.path.join(slices_dir, name)))
    except OSError as e:
        raise MergeRefused('cannot read the slices directory %s: %s' % (slices_dir, e.strerror or e))
    return [(os.path.join(slices_dir, name), os.path.join(slices_dir, name, 'drift.json')) for name in names]


def read_slice(name, path):
    """The report of one slice, or MergeRefused naming it (missing, unreadable, not JSON)."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except (IOError, OSError) as e:
        raise MergeRefused('slice %s: no report (%s: %s)' % (name, path, e.strerror or e))
    try:
        return json.loads(data.decode('utf-8'))
    except ValueError as e:
        raise MergeRefused('slice %s: %s is not a JSON drift report (%s)' % (name, path, str(e).splitlines()[0]))


def merge(options):
    """(the merged report, the slices' names)."""
    if bool(options['reports']) == bool(options['slices_dir']):
        raise MergeRefused('give either reports or slices_dir')
    paths = slice_paths(options['reports'], options['slices_dir'])
    if options['slice_count'] is not None and len(paths) != options['slice_count']:
        raise MergeRefused('%d slice reports found (%s), %d expected (move_nvr_slices_expected)' % (
            len(paths), ', '.join(name for name, _path in paths) or 'none', options['slice_count']))
    slices = [(name, read_slice(name, path)) for name, path in paths]
    generated = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    spread = options['max_spread'] * 60 if options['max_spread'] and options['max_spread'] > 0 else None
    return drift_merge(slices, generated, spread)


class ActionModule(ControllerAction):
    """Runs in the controller; reads and writes files there, contacts no NVR."""

    ARGUMENT_SPEC = ARGUMENT_SPEC

    def act(self, options, task_vars):
        try:
            report = merge(options)
        except MergeRefused as e:
            return {'failed': True, 'changed': False, 'msg': 'cannot merge the slice reports: %s' % e}
        result = {'changed': False, 'report': report}
        duplicates = report['run'].get('duplicates') or {}
        if duplicates:
            result['warnings'] = ['%d NVR(s) in more than one slice, the newest slice\'s result kept: %s' % (
                len(duplicates), ', '.join('%s (from %s)' % (host, d['kept']) for host, d in sorted(duplicates.items())))]
        directory = os.path.abspath(options['report_dir'])
        try:
            result['report_files'] = write_report(report, directory, options['report_title'])
        except (IOError, OSError) as e:
            result.update(failed=True, msg='could not write the merged drift report under %s: %s' % (directory, e))
        return result
