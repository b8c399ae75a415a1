# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the fleet drift report (drift.json, drift.html, drift.junit.xml) on the controller.

Written here, in the controller process, instead of by file/copy/template tasks:
each of those runs a module process and templates the whole report again, which
cost more than the check itself at 200 NVRs (docs/benchmarks.md). The HTML and
JUnit files are the drift_report role's Jinja templates, rendered by Ansible's
templar as the template module would.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile

from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet import COLLECTION_ROOT

try:  # ansible-core 2.19+: text read from a file must be trusted to be templated
    from ansible.template import trust_as_template
except ImportError:  # older ansible-core templates any string
    def trust_as_template(text):
        return text

TEMPLATES = os.path.join(COLLECTION_ROOT, 'roles', 'drift_report', 'templates')
REPORT_FILES = ('drift.json', 'drift.html', 'drift.junit.xml')


def render(report, title, templar):
    """{file name: text} of the three report files."""
    files = {'drift.json': json.dumps(report, indent=2, separators=(',', ': ')) + '\n'}
    variables = {'move_nvr_drift': report, 'move_nvr_report_title': title}
    report_templar = templar.copy_with_new_env(available_variables=variables)
    for name in REPORT_FILES[1:]:
        with open(os.path.join(TEMPLATES, name + '.j2')) as source:
            files[name] = report_templar.template(trust_as_template(source.read()))
    return files


def write_atomically(path, text, mode=0o644):
    """Replace path with text in one rename, so a reader never sees half a report."""
    directory = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=directory)
    try:
        with os.fdopen(handle, 'w') as f:
            f.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def write_report(report, directory, title, templar):
    """Write the three files under directory (created if missing); return their paths."""
    files = render(report, title, templar)
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o755)
    paths = {}
    for name in REPORT_FILES:
        paths[name] = os.path.join(directory, name)
        write_atomically(paths[name], files[name])
    return paths
