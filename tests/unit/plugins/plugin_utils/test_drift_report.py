# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""write_report: the three report files, rendered from the drift_report role's templates without Ansible's templar,
safe whatever text the NVRs sent, written whole or not at all."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import html.parser
import json
import os
import stat
import xml.etree.ElementTree as ET

import pytest

from ansible.template import Templar

from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import drift_summary
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import drift_report
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.drift_report import REPORT_FILES, clean, write_report

TITLE = 'Site <A> & "B"'


def fleet():
    return drift_summary({
        'nvr-ok': {'changed': False, 'resources': {'email': {'changed': False}, 'ddns': {'changed': False}}},
        'nvr-drift': {'changed': True, 'resources': {
            'email': {'changed': True, 'diff': {'before': {'server': 'old.example.com'}, 'after': {'server': 'smtp.example.com'}}},
            'ddns': {'failed': True, 'msg': 'refused & "quoted" <x>'}}},
        'nvr-down': {'failed': True, 'msg': 'NVR 127.0.0.1:9: connection failed (connection refused)', 'managed': ['email'],
                     'nvr_failure': 'unreachable', 'unreachable': True},
    }, '2026-01-31T12:00:00Z')


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def leftovers(directory):
    """Temporary files of write_atomically: '.<name>.<random>'."""
    return sorted(name for name in os.listdir(directory) if name.startswith('.'))


@pytest.fixture(scope='module')
def report():
    return fleet()


def test_writes_the_three_files_and_returns_their_paths(tmp_path, report):
    paths = write_report(report, str(tmp_path), TITLE)
    assert paths == dict((name, os.path.join(str(tmp_path), name)) for name in REPORT_FILES)
    assert sorted(os.listdir(str(tmp_path))) == sorted(REPORT_FILES)


def test_drift_json_parses_back_to_the_report(tmp_path, report):
    paths = write_report(report, str(tmp_path), TITLE)
    text = read(paths['drift.json'])
    assert json.loads(text) == report
    assert text.endswith('}\n')


def test_html_and_junit_are_the_role_templates_rendered(tmp_path, report):
    paths = write_report(report, str(tmp_path), TITLE)
    for name in ('drift.html', 'drift.junit.xml'):
        expected = drift_report.environment().get_template(name + '.j2').render(move_nvr_drift=report, move_nvr_report_title=TITLE)
        assert read(paths[name]) == expected, name
    html_text = read(paths['drift.html'])
    assert '<title>1 of 3 NVRs with errors, 1 unreachable; 1 resource(s) drifted - Site &lt;A&gt; &amp; &#34;B&#34;</title>' in html_text
    suite = ET.parse(paths['drift.junit.xml']).getroot().find('testsuite')
    assert suite.get('name') == TITLE
    cases = sorted((c.get('classname'), c.get('name')) for c in suite.findall('testcase'))
    assert cases == [('nvr-down', 'ddns'), ('nvr-down', 'email'), ('nvr-drift', 'ddns'), ('nvr-drift', 'email'), ('nvr-ok', 'ddns'),
                     ('nvr-ok', 'email')]


def test_rendering_needs_no_templar(tmp_path, report, monkeypatch):
    def no_templar(*args, **kwargs):
        raise AssertionError('the report was given to a templar')

    monkeypatch.setattr(Templar, '__init__', no_templar)
    paths = write_report(report, str(tmp_path), TITLE)
    assert json.loads(read(paths['drift.json'])) == report


@pytest.mark.parametrize('depth', [1, 3])
def test_missing_directories_are_created(tmp_path, report, depth):
    directory = os.path.join(str(tmp_path), *['level%d' % i for i in range(depth)])
    paths = write_report(report, directory, TITLE)
    assert sorted(os.listdir(directory)) == sorted(REPORT_FILES)
    assert all(os.path.isfile(path) for path in paths.values())


@pytest.mark.parametrize('umask', [0o022, 0o077, 0o002])
def test_files_are_mode_0644_whatever_the_umask(tmp_path, report, umask):
    old = os.umask(umask)
    try:
        paths = write_report(report, str(tmp_path), TITLE)
    finally:
        os.umask(old)
    assert dict((name, stat.S_IMODE(os.stat(path).st_mode)) for name, path in paths.items()) == \
        dict((name, 0o644) for name in REPORT_FILES)


def test_no_temporary_file_is_left_behind(tmp_path, report):
    write_report(report, str(tmp_path), TITLE)
    write_report(report, str(tmp_path), TITLE)
    assert leftovers(str(tmp_path)) == []
    assert sorted(os.listdir(str(tmp_path))) == sorted(REPORT_FILES)


def test_an_older_report_is_replaced_whole(tmp_path, report):
    for name in REPORT_FILES:
        (tmp_path / name).write_text(u'old ' * 100000)
    paths = write_report(report, str(tmp_path), TITLE)
    assert json.loads(read(paths['drift.json'])) == report
    assert 'old ' not in read(paths['drift.html'])


def test_a_directory_that_is_a_file_raises(tmp_path, report):
    blocker = tmp_path / 'report'
    blocker.write_text(u'not a directory')
    with pytest.raises(OSError):
        write_report(report, str(blocker), TITLE)
    assert read(str(blocker)) == 'not a directory'
    assert sorted(os.listdir(str(tmp_path))) == ['report']


def test_a_failing_replace_raises_and_leaves_no_temporary_file(tmp_path, report):
    # drift.html cannot be replaced: a directory (not empty) holds its name
    (tmp_path / 'drift.html').mkdir()
    (tmp_path / 'drift.html' / 'keep').write_text(u'')
    with pytest.raises(OSError):
        write_report(report, str(tmp_path), TITLE)
    assert leftovers(str(tmp_path)) == []
    assert sorted(os.listdir(str(tmp_path))) == ['drift.html', 'drift.json']


def test_a_failing_write_raises_and_leaves_no_temporary_file(tmp_path, report, monkeypatch):
    def full(path, mode):
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(drift_report.os, 'chmod', full)
    with pytest.raises(OSError, match='No space left'):
        write_report(report, str(tmp_path), TITLE)
    assert os.listdir(str(tmp_path)) == []


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path, report, monkeypatch):
    (tmp_path / 'drift.json').write_text(u'{"old": true}\n')

    def interrupted(source, target):
        raise KeyboardInterrupt()

    monkeypatch.setattr(drift_report.os, 'replace', interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_report(report, str(tmp_path), TITLE)
    assert os.listdir(str(tmp_path)) == ['drift.json']
    assert read(str(tmp_path / 'drift.json')) == '{"old": true}\n'


@pytest.mark.skipif(hasattr(os, 'geteuid') and os.geteuid() == 0, reason='root writes into a read-only directory')
def test_a_read_only_directory_raises(tmp_path, report):
    directory = tmp_path / 'ro'
    directory.mkdir()
    directory.chmod(0o555)
    try:
        with pytest.raises(OSError):
            write_report(report, str(directory), TITLE)
        assert os.listdir(str(directory)) == []
    finally:
        directory.chmod(0o755)


def test_a_report_of_nvrs_without_results_only_is_written(tmp_path):
    report = drift_summary({'nvr-1': None, 'nvr-2': {'unreachable': True, 'msg': 'down'}})
    paths = write_report(report, str(tmp_path), 'T')
    summary = json.loads(read(paths['drift.json']))['summary']
    assert (summary['errored'], summary['unreachable']) == (1, 1)
    suite = ET.parse(paths['drift.junit.xml']).getroot().find('testsuite')
    assert (suite.get('failures'), suite.get('errors')) == ('1', '1')


# Text an NVR may hold in a name or title, or send in a message: template code, markup, and characters that HTML,
# XML 1.0 or UTF-8 cannot carry. Each index marks where it goes in hostile_report (@0@, @1@, ...).
UNSAFE = {'\uffff': '\ufffd', '\x00': '\ufffd', '\ud800': '\ufffd'}


def device_text(canary):
    return ["{{ lookup('pipe','touch %s') }}" % canary, '{% for x in range(10**9) %}x{% endfor %}', '<script>alert(1)</script>',
            '"><img src=x onerror=alert(1)>', 'a]]>b', 'ffff \uffff', 'nul \x00', 'surrogate \ud800', 'cam \U0001F600']


def shown(text):
    """text as the report files carry it."""
    return ''.join(UNSAFE.get(char, char) for char in text)


def unmark(value, texts):
    if isinstance(value, dict):
        return dict((unmark(key, texts), unmark(item, texts)) for key, item in value.items())
    if isinstance(value, list):
        return [unmark(item, texts) for item in value]
    for i, text in enumerate(texts):
        value = value.replace('@%d@' % i, text) if isinstance(value, str) else value
    return value


def hostile_report(texts):
    """drift_summary's report with each text in host names, diffs, before/after, requests, messages and reasons, raw
    (drift_summary itself drops some control characters, so the texts go in after it)."""
    results = {}
    for i in range(len(texts)):
        mark = '@%d@' % i
        camera = {'changed': True, 'requests': [{'body': {'title': mark}}], 'diff': {'before': {'title': mark}, 'after': {'title': 'Door'}}}
        results['nvr ' + mark] = {'changed': True, 'resources': {'camera': camera, 'email': {'failed': True, 'msg': 'refused: ' + mark}}}
        results['down ' + mark] = {'failed': True, 'msg': 'no answer: ' + mark, 'managed': ['camera'], 'nvr_failure': 'unreachable'}
    return unmark(drift_summary(results, '@0@'), texts)


class Page(html.parser.HTMLParser):
    """The tags and the text of a page, as a browser's parser sees them."""

    def __init__(self, text):
        html.parser.HTMLParser.__init__(self)
        self.tags, self.parts = set(), []
        self.feed(text)
        self.text = ''.join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.parts.append(data)


@pytest.fixture
def hostile(tmp_path):
    canary = tmp_path / 'CANARY'
    texts = device_text(canary)
    paths = write_report(hostile_report(texts), str(tmp_path / 'report'), 'title ' + ' '.join(texts))
    data = dict((name, open(path, 'rb').read()) for name, path in paths.items())
    return texts, canary, data


def test_device_text_is_written_and_never_run(hostile):
    texts, canary, data = hostile
    assert sorted(data) == sorted(REPORT_FILES)
    assert not canary.exists()
    for name, raw in data.items():
        raw.decode('utf-8')  # strict: valid UTF-8


def test_drift_json_loads_with_the_device_text_made_safe(hostile):
    texts, canary, data = hostile
    report = json.loads(data['drift.json'].decode('utf-8'))
    assert sorted(report['nvrs']) == sorted(['nvr ' + shown(t) for t in texts] + ['down ' + shown(t) for t in texts])
    nvr = report['nvrs']['nvr ' + shown(texts[7])]
    assert nvr['resources']['camera']['before'] == {'title': 'surrogate \ufffd'}
    assert nvr['resources']['email']['msg'] == 'refused: surrogate \ufffd'
    assert report['generated'] == texts[0]


def test_drift_junit_xml_parses_with_the_device_text_as_text(hostile):
    texts, canary, data = hostile
    root = ET.fromstring(data['drift.junit.xml'])
    suite = root.find('testsuite')
    assert suite.get('name') == 'title ' + ' '.join(shown(t) for t in texts)
    cases = dict(((c.get('classname'), c.get('name')), c) for c in suite.findall('testcase'))
    for text in texts:
        nvr = 'nvr ' + shown(text)
        assert "-title: '%s'" % shown(text) in cases[(nvr, 'camera')].find('failure').text
        assert cases[(nvr, 'email')].find('error').text == 'refused: ' + shown(text)
        assert cases[('down ' + shown(text), 'camera')].find('failure').get('message').endswith('no answer: ' + shown(text))
    # Per NVR two cases: camera, and email (errored on the 'nvr' NVRs, not managed on the 'down' ones).
    assert (suite.get('tests'), suite.get('failures'), suite.get('errors'), suite.get('skipped')) == ('36', '18', '9', '9')


def test_drift_html_parses_with_the_device_text_as_text_never_markup(hostile):
    texts, canary, data = hostile
    page = Page(data['drift.html'].decode('utf-8'))
    assert {'table', 'details', 'pre', 'input', 'label'} <= page.tags <= {
        'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'p', 'code', 'main', 'input', 'div', 'label', 'b',
        'i', 'h2', 'table', 'thead', 'tr', 'th', 'tbody', 'td', 'a', 'span', 'details', 'summary', 'h4', 'pre', 'ul', 'li',
        'wbr'}
    for text in texts:
        for seen in ('nvr ' + shown(text), "-title: '%s'" % shown(text), 'refused: ' + shown(text), 'no answer: ' + shown(text)):
            assert seen in page.text, seen
    assert 'title ' + ' '.join(shown(t) for t in texts) in page.text
    for markup in ('<script', '<img', '"><img'):
        assert markup not in data['drift.html'].decode('utf-8'), markup


@pytest.mark.parametrize('bad', ['\x00', '\x08', '\x0b', '\x0c', '\x1b', '\x1f', '\x7f', '\x85', '\x9f', '\ud800', '\udfff',
                                 '\ufdd0', '\ufdef', '\ufffe', '\uffff', '\U0001fffe', '\U0010ffff'])
def test_clean_replaces_what_html_xml_or_utf8_cannot_carry(bad):
    assert clean({'key' + bad: ['value' + bad, ('item' + bad,)]}) == {'key\ufffd': ['value\ufffd', ['item\ufffd']]}


def test_clean_keeps_what_all_three_carry():
    text = 'tab\t lf\n cr\r \xa0 \xe9 \u20ac \ue000 \ufffc \ufffd \U0001F600 \U0010fffd \u2028 {{ x }} <b>'
    report = {text: [1, 2.5, True, None, text], 'nested': {'n': 0, 'l': []}}
    assert clean(text) == text and clean(report) == report
    assert clean(b'caf\xc3\xa9 \xff') == 'caf\xe9 \ufffd'
    assert clean([float('nan'), float('inf'), -float('inf'), 1e308]) == ['nan', 'inf', '-inf', 1e308]


def test_a_report_that_cannot_be_rendered_leaves_the_previous_one_whole(tmp_path, report):
    paths = write_report(report, str(tmp_path), TITLE)
    before = dict((name, read(path)) for name, path in paths.items())
    broken = json.loads(json.dumps(report))
    del broken['summary']
    with pytest.raises(Exception, match='summary'):
        write_report(broken, str(tmp_path), 'new title')
    assert dict((name, read(path)) for name, path in paths.items()) == before
    assert leftovers(str(tmp_path)) == []


def test_text_that_cannot_be_encoded_writes_no_file(tmp_path, report, monkeypatch):
    paths = write_report(report, str(tmp_path), TITLE)
    before = dict((name, read(path)) for name, path in paths.items())
    rendered = drift_report.render
    monkeypatch.setattr(drift_report, 'render', lambda *args: dict(rendered(*args), **{'drift.junit.xml': 'lone \ud800'}))
    with pytest.raises(UnicodeEncodeError):
        write_report(report, str(tmp_path), 'new title')
    assert dict((name, read(path)) for name, path in paths.items()) == before
