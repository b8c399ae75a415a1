# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""write_report: the three report files, rendered from the drift_report role's templates, written whole or not at all."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat
import xml.etree.ElementTree as ET

import pytest

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import drift_summary
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import drift_report
# trust_as_template: ansible-core's own, or the stand-in for versions before 2.19, as the writer uses it
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.drift_report import REPORT_FILES, trust_as_template, write_report

ROLE_TEMPLATES = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'drift_report', 'templates')
TITLE = 'Site <A> & "B"'


def templar():
    return Templar(loader=DataLoader())


def fleet():
    return drift_summary({
        'nvr-ok': {'changed': False, 'resources': {'email': {'changed': False}, 'ddns': {'changed': False}}},
        'nvr-drift': {'changed': True, 'resources': {
            'email': {'changed': True, 'diff': {'before': {'server': 'old.example.com'}, 'after': {'server': 'smtp.example.com'}}},
            'ddns': {'failed': True, 'msg': 'refused & "quoted" <x>'}}},
        'nvr-down': {'failed': True, 'msg': 'NVR 127.0.0.1:9: connection failed (connection refused)', 'managed': ['email']},
    }, '2026-01-31T12:00:00Z')


def role_render(name, report, title):
    """What the role's template task would write."""
    with open(os.path.join(ROLE_TEMPLATES, name + '.j2')) as f:
        source = f.read()
    role_templar = Templar(loader=DataLoader(), variables={'move_nvr_drift': report, 'move_nvr_report_title': title})
    return role_templar.template(trust_as_template(source))


def read(path):
    with open(path) as f:
        return f.read()


def leftovers(directory):
    """Temporary files of write_atomically: '.<name>.<random>'."""
    return sorted(name for name in os.listdir(directory) if name.startswith('.'))


@pytest.fixture(scope='module')
def report():
    return fleet()


def test_writes_the_three_files_and_returns_their_paths(tmp_path, report):
    paths = write_report(report, str(tmp_path), TITLE, templar())
    assert paths == dict((name, os.path.join(str(tmp_path), name)) for name in REPORT_FILES)
    assert sorted(os.listdir(str(tmp_path))) == sorted(REPORT_FILES)


def test_drift_json_parses_back_to_the_report(tmp_path, report):
    paths = write_report(report, str(tmp_path), TITLE, templar())
    text = read(paths['drift.json'])
    assert json.loads(text) == report
    assert text.endswith('}\n')


def test_html_and_junit_are_the_role_templates_rendered(tmp_path, report):
    paths = write_report(report, str(tmp_path), TITLE, templar())
    for name in ('drift.html', 'drift.junit.xml'):
        assert read(paths[name]) == role_render(name, report, TITLE), name
    html = read(paths['drift.html'])
    assert '<title>1 of 3 NVRs drifted - Site &lt;A&gt; &amp; &#34;B&#34;</title>' in html
    suite = ET.parse(paths['drift.junit.xml']).getroot().find('testsuite')
    assert suite.get('name') == TITLE
    cases = sorted((c.get('classname'), c.get('name')) for c in suite.findall('testcase'))
    assert cases == [('nvr-down', 'email'), ('nvr-drift', 'ddns'), ('nvr-drift', 'email'), ('nvr-ok', 'ddns'), ('nvr-ok', 'email')]


def test_the_templar_of_the_task_is_not_changed(report, tmp_path):
    task_templar = Templar(loader=DataLoader(), variables={'inventory_hostname': 'localhost'})
    write_report(report, str(tmp_path), TITLE, task_templar)
    assert dict(task_templar.available_variables) == {'inventory_hostname': 'localhost'}


@pytest.mark.parametrize('depth', [1, 3])
def test_missing_directories_are_created(tmp_path, report, depth):
    directory = os.path.join(str(tmp_path), *['level%d' % i for i in range(depth)])
    paths = write_report(report, directory, TITLE, templar())
    assert sorted(os.listdir(directory)) == sorted(REPORT_FILES)
    assert all(os.path.isfile(path) for path in paths.values())


@pytest.mark.parametrize('umask', [0o022, 0o077, 0o002])
def test_files_are_mode_0644_whatever_the_umask(tmp_path, report, umask):
    old = os.umask(umask)
    try:
        paths = write_report(report, str(tmp_path), TITLE, templar())
    finally:
        os.umask(old)
    assert dict((name, stat.S_IMODE(os.stat(path).st_mode)) for name, path in paths.items()) == \
        dict((name, 0o644) for name in REPORT_FILES)


def test_no_temporary_file_is_left_behind(tmp_path, report):
    write_report(report, str(tmp_path), TITLE, templar())
    write_report(report, str(tmp_path), TITLE, templar())
    assert leftovers(str(tmp_path)) == []
    assert sorted(os.listdir(str(tmp_path))) == sorted(REPORT_FILES)


def test_an_older_report_is_replaced_whole(tmp_path, report):
    for name in REPORT_FILES:
        (tmp_path / name).write_text(u'old ' * 100000)
    paths = write_report(report, str(tmp_path), TITLE, templar())
    assert json.loads(read(paths['drift.json'])) == report
    assert 'old ' not in read(paths['drift.html'])


def test_a_directory_that_is_a_file_raises(tmp_path, report):
    blocker = tmp_path / 'report'
    blocker.write_text(u'not a directory')
    with pytest.raises(OSError):
        write_report(report, str(blocker), TITLE, templar())
    assert read(str(blocker)) == 'not a directory'
    assert sorted(os.listdir(str(tmp_path))) == ['report']


def test_a_failing_replace_raises_and_leaves_no_temporary_file(tmp_path, report):
    # drift.html cannot be replaced: a directory (not empty) holds its name
    (tmp_path / 'drift.html').mkdir()
    (tmp_path / 'drift.html' / 'keep').write_text(u'')
    with pytest.raises(OSError):
        write_report(report, str(tmp_path), TITLE, templar())
    assert leftovers(str(tmp_path)) == []
    assert sorted(os.listdir(str(tmp_path))) == ['drift.html', 'drift.json']


def test_a_failing_write_raises_and_leaves_no_temporary_file(tmp_path, report, monkeypatch):
    def full(path, mode):
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(drift_report.os, 'chmod', full)
    with pytest.raises(OSError, match='No space left'):
        write_report(report, str(tmp_path), TITLE, templar())
    assert os.listdir(str(tmp_path)) == []


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path, report, monkeypatch):
    (tmp_path / 'drift.json').write_text(u'{"old": true}\n')

    def interrupted(source, target):
        raise KeyboardInterrupt()

    monkeypatch.setattr(drift_report.os, 'replace', interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_report(report, str(tmp_path), TITLE, templar())
    assert os.listdir(str(tmp_path)) == ['drift.json']
    assert read(str(tmp_path / 'drift.json')) == '{"old": true}\n'


@pytest.mark.skipif(hasattr(os, 'geteuid') and os.geteuid() == 0, reason='root writes into a read-only directory')
def test_a_read_only_directory_raises(tmp_path, report):
    directory = tmp_path / 'ro'
    directory.mkdir()
    directory.chmod(0o555)
    try:
        with pytest.raises(OSError):
            write_report(report, str(directory), TITLE, templar())
        assert os.listdir(str(directory)) == []
    finally:
        directory.chmod(0o755)


def test_a_report_of_unreachable_nvrs_only_is_written(tmp_path):
    report = drift_summary({'nvr-1': None, 'nvr-2': None})
    paths = write_report(report, str(tmp_path), 'T', templar())
    assert json.loads(read(paths['drift.json']))['summary']['unreachable'] == 2
    suite = ET.parse(paths['drift.junit.xml']).getroot().find('testsuite')
    assert suite.get('failures') == '2'
