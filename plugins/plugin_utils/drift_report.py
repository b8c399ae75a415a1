# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the fleet drift report (drift.json, drift.html, drift.junit.xml) on the controller.

Why here, in the controller process, instead of by file/copy/template tasks:
each of those runs a module process and templates the whole report again,
which cost more than the check itself at 200 NVRs (docs/benchmarks.md).

Why plain Jinja2 and not Ansible's templar: the report is text from the NVRs
(camera titles, messages, diffs). Before ansible-core 2.19 the templar
templates strings found inside variables, so a camera titled
"{{ lookup('pipe', ...) }}" ran a command on the controller; and the
templar's lazy containers and data tagging made rendering about half the
CPU of a 200-NVR drift check. Here the role's two templates are rendered by a
sandboxed Jinja2 environment with autoescape that gets the report as data:
nothing in it is ever evaluated, on any ansible-core version, and every value
is escaped for HTML and XML.

How: clean() makes every string of the report safe for HTML, XML 1.0 and
UTF-8, once; render() makes the three texts in memory; write_report()
encodes all three, and only then replaces each file in one rename. A failure
before the first rename leaves the previous report whole.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools
import hashlib
import json
import math
import os
import re
import tempfile

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet import COLLECTION_ROOT

TEMPLATES = os.path.join(COLLECTION_ROOT, 'roles', 'drift_report', 'templates')
REPORT_FILES = ('drift.json', 'drift.html', 'drift.junit.xml')
REPLACEMENT = u'\ufffd'


def _unsafe_characters():
    """A pattern of every character that HTML, XML 1.0 or UTF-8 cannot carry as text.

    Why: XML 1.0 forbids the C0 controls but tab, newline and CR (even as
    character references) and U+FFFE/U+FFFF; HTML calls controls and
    non-characters parse errors; a lone surrogate cannot be encoded as UTF-8
    at all. How: C0 controls but tab/LF/CR, DEL and the C1 controls, the
    surrogates, U+FDD0..U+FDEF and the last two code points of each of the
    17 planes.
    """
    ranges = [(0x00, 0x08), (0x0b, 0x0c), (0x0e, 0x1f), (0x7f, 0x9f), (0xd800, 0xdfff), (0xfdd0, 0xfdef)]
    ranges += [(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff) for plane in range(17)]
    return re.compile(u'[%s]' % u''.join(u'%s-%s' % (re.escape(chr(low)), re.escape(chr(high))) for low, high in ranges))


UNSAFE = _unsafe_characters()


def clean_text(text):
    """text as a plain str with every unsafe character replaced by U+FFFD (the visible "something was here")."""
    text = str.__str__(text) if isinstance(text, str) else str(text)  # a tagged or unsafe subclass: a plain str
    return UNSAFE.sub(REPLACEMENT, text)


def clean(value):
    """A copy of the report with every string, dictionary keys included, made safe by clean_text.

    Why one function, applied once to the report before any file is rendered:
    all three files then carry the same text, and none can fail to encode or
    parse for a character an NVR sent. How: dicts, lists and tuples are
    copied (tuples become lists, as in JSON), integers, booleans and None are
    kept, so are finite floats (NaN and the infinities, which JSON has no
    form for, become their text), bytes are decoded as UTF-8 (errors
    replaced), anything else becomes its text.
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return dict((clean(key), clean(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [clean(item) for item in value]
    if value is None or isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    if isinstance(value, bytes):
        return clean_text(value.decode('utf-8', 'replace'))
    return clean_text(value)


def sha1(text):
    """Hex SHA-1 of text in UTF-8: the page's anchor of an NVR (any host name gives a valid id)."""
    return hashlib.sha1(text.encode('utf-8')).hexdigest()


DIFF_LINE_CLASSES = (('+++', 'file'), ('---', 'file'), ('@@', 'hunk'), ('+', 'add'), ('-', 'del'))


def diff_lines(diff):
    """(CSS class or '', line) for each line of a unified diff: how the page colours it.

    Why a filter: five sandboxed method calls per line in the template were
    most of the rendering time of a large report.
    """
    return [(next((kind for prefix, kind in DIFF_LINE_CLASSES if line.startswith(prefix)), ''), line)
            for line in diff.splitlines()]


@functools.lru_cache(maxsize=None)
def environment():
    """The one Jinja2 environment of the report templates, made on first use.

    Why a sandbox with autoescape and StrictUndefined: the templates see only
    the report as data, every value is escaped for HTML and XML (markupsafe:
    & < > " '), and a name missing from the report is an error, not an empty
    cell. How: the role's templates from disk, compiled once per process;
    trim_blocks and the trailing newline kept as Ansible's template module
    does, so the files are byte for byte what the templar made of them.
    """
    env = ImmutableSandboxedEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                                        undefined=StrictUndefined, trim_blocks=True, keep_trailing_newline=True)
    env.filters.update(sha1=sha1, diff_lines=diff_lines)
    return env


def render(report, title):
    """{file name: text} of the three report files, rendered in memory from the report as data."""
    report, title = clean(report), clean_text(title)
    files = {'drift.json': json.dumps(report, indent=2, separators=(',', ': ')) + '\n'}
    variables = {'move_nvr_drift': report, 'move_nvr_report_title': title}
    for name in REPORT_FILES[1:]:
        files[name] = environment().get_template(name + '.j2').render(variables)
    return files


def write_atomically(path, data, mode=0o644):
    """Replace path with data (bytes) in one rename, so a reader never sees half a report."""
    directory = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=directory)
    try:
        with os.fdopen(handle, 'wb') as f:
            f.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def write_report(report, directory, title):
    """Write the three files under directory (created if missing); return their paths.

    All three are rendered and encoded before the first is written: a report
    that cannot be rendered leaves the previous files as they were.
    """
    data = dict((name, text.encode('utf-8')) for name, text in render(report, title).items())
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o755)
    paths = {}
    for name in REPORT_FILES:
        paths[name] = os.path.join(directory, name)
        write_atomically(paths[name], data[name])
    return paths
