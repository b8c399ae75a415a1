# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift_report role's templates over drift_summary's output, rendered by Ansible's own templar:
every value escaped, valid XML, nothing external."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import xml.etree.ElementTree as ET

import pytest

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import drift_summary

try:  # ansible-core 2.19+: template text must be trusted to be templated
    from ansible.template import trust_as_template
except ImportError:  # pragma: no cover - older ansible-core
    def trust_as_template(text):
        return text

TEMPLATES = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'drift_report', 'templates')
EVIL = '<script>alert("x")</script>'


def render(name, report, title='NVR drift report'):
    with open(os.path.join(TEMPLATES, name + '.j2')) as f:
        source = f.read()
    templar = Templar(loader=DataLoader(), variables={'move_nvr_drift': report, 'move_nvr_report_title': title})
    return templar.template(trust_as_template(source))


def fleet():
    return drift_summary({
        'nvr-ok': {'changed': False, 'resources': {'email': {'changed': False}, 'ddns': {'changed': False}}},
        'nvr-<b>drift</b>': {'changed': True, 'resources': {
            'email': {'changed': True, 'requests': [{}],
                      'diff': {'before': {'recipients': [EVIL + '@example.com']}, 'after': {'recipients': ['soc@example.com']}}},
            'ddns': {'failed': True, 'msg': 'refused & "quoted" ' + EVIL}}},
        'nvr-down': {'failed': True, 'msg': "NVR 127.0.0.1:9: connection failed (connection refused) <'&'>",
                     'managed': ['email', 'ddns']},
    }, '2026-01-31T12:00:00Z')


@pytest.fixture(scope='module')
def html():
    return render('drift.html', fleet(), title='Site <A> & "B"')


def test_html_escapes_every_value(html):
    assert EVIL not in html and '<b>drift</b>' not in html
    assert '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;@example.com' in html
    assert 'nvr-&lt;b&gt;drift&lt;/b&gt;' in html
    assert 'refused &amp; &#34;quoted&#34;' in html
    assert '(connection refused) &lt;&#39;&amp;&#39;&gt;' in html
    assert '<title>1 of 3 NVRs drifted - Site &lt;A&gt; &amp; &#34;B&#34;</title>' in html


def test_html_is_self_contained(html):
    assert html.lstrip().startswith('<!DOCTYPE html>')
    for external in ('<script', '<link', '<img', '<iframe', 'src=', 'url(', '@import', 'http://', 'https://'):
        assert external not in html, external


def test_html_has_the_summary_first_then_the_table_then_the_diffs(html):
    parts = ('<h1>1 of 3 NVRs drifted</h1>', '<b>1</b>drifted', '<h2>NVRs and resources</h2>',
             '<h2>Drift and problems</h2>', '<h2>In sync</h2>')
    order = [html.index(part) for part in parts]
    assert order == sorted(order)
    assert html.count('<tr>') == 4  # header + one row per NVR
    assert '<span class="del">-- &lt;script&gt;' in html
    assert '<span class="add">+- soc@example.com</span>' in html


def test_junit_is_valid_xml_with_one_case_per_nvr_and_resource():
    junit = render('drift.junit.xml', fleet(), title='Site <A> & "B"')
    assert junit.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(junit.encode('utf-8'))
    suite = root.find('testsuite')
    assert suite.get('name') == 'Site <A> & "B"'
    cases = dict(((c.get('classname'), c.get('name')), c) for c in suite.findall('testcase'))
    assert sorted(cases) == sorted((h, r) for h in ('nvr-ok', 'nvr-<b>drift</b>', 'nvr-down') for r in ('email', 'ddns'))
    assert (suite.get('tests'), suite.get('failures'), suite.get('errors')) == ('6', '3', '1')
    drift = cases[('nvr-<b>drift</b>', 'email')].find('failure')
    assert drift.get('type') == 'drift'
    assert '-- ' + EVIL + '@example.com' in drift.text
    assert cases[('nvr-<b>drift</b>', 'ddns')].find('error').text == 'refused & "quoted" ' + EVIL
    down = cases[('nvr-down', 'ddns')].find('failure')
    assert down.get('type') == 'unreachable' and 'connection refused' in down.get('message')
    assert list(cases[('nvr-ok', 'email')]) == []


def test_junit_for_an_nvr_known_only_as_unreachable_has_one_case():
    junit = render('drift.junit.xml', drift_summary({'nvr-1': None}))
    suite = ET.fromstring(junit.encode('utf-8')).find('testsuite')
    (case,) = suite.findall('testcase')
    assert (case.get('classname'), case.get('name')) == ('nvr-1', 'reachable')
    assert case.find('failure').get('type') == 'unreachable'
    assert suite.get('failures') == '1'


def test_a_fleet_in_sync_says_so():
    report = drift_summary({'nvr-1': {'changed': False, 'resources': {'email': {'changed': False}}}})
    html = render('drift.html', report)
    assert 'The NVR is in sync' in html and 'None: every resource of every NVR is as the baseline says.' in html
    junit = ET.fromstring(render('drift.junit.xml', report).encode('utf-8')).find('testsuite')
    assert (junit.get('tests'), junit.get('failures'), junit.get('errors')) == ('1', '0', '0')
