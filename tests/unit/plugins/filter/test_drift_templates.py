# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift_report role's templates over drift_summary's output, rendered as the report writer renders them
(plugin_utils/drift_report.py: a sandboxed Jinja2 environment with autoescape, no Ansible templar):
every value escaped, valid XML, nothing external, no Ansible filter, nothing from a device evaluated."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import xml.etree.ElementTree as ET

import jinja2
import pytest
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from ansible_collections.mobotix.move_nvr.plugins.filter.drift_summary import drift_summary
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import drift_report

TEMPLATES = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'drift_report', 'templates')
EVIL = '<script>alert("x")</script>'


def render(name, report, title='NVR drift report'):
    template = drift_report.environment().get_template(name + '.j2')
    return template.render(move_nvr_drift=report, move_nvr_report_title=title)


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


def test_the_environment_is_a_sandbox_that_escapes_and_refuses_missing_names():
    env = drift_report.environment()
    assert isinstance(env, SandboxedEnvironment)
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined


def test_the_templates_use_only_plain_jinja2_and_the_writers_own_filters():
    plain = jinja2.Environment()
    used_filters, used_tests = set(), set()
    for name in ('drift.html.j2', 'drift.junit.xml.j2'):
        with open(os.path.join(TEMPLATES, name)) as f:
            tree = plain.parse(f.read())
        used_filters.update(node.name for node in tree.find_all(nodes.Filter))
        used_tests.update(node.name for node in tree.find_all(nodes.Test))
    assert used_filters - set(plain.filters) == {'sha1', 'diff_lines'}
    assert used_tests <= set(plain.tests)
    assert set(drift_report.environment().filters) == set(plain.filters) | {'sha1', 'diff_lines'}


def test_a_name_missing_from_the_report_is_an_error_not_an_empty_cell():
    report = fleet()
    del report['nvrs']['nvr-ok']['resources']['email']['status']
    for name in ('drift.html', 'drift.junit.xml'):
        with pytest.raises(jinja2.UndefinedError):
            render(name, report)


def device_text(canary):
    """Template code and markup an NVR could hold in a title or a message."""
    return ["{{ lookup('pipe', 'touch %s') }}" % canary, '{% for x in range(10**9) %}x{% endfor %}',
            '{{ 7 * 7 }}', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']


def test_drift_summary_never_evaluates_device_text(tmp_path):
    texts = device_text(tmp_path / 'CANARY')
    report = drift_summary({
        texts[0]: {'changed': True, 'resources': {'camera': {'changed': True, 'requests': [{'body': {'title': texts[1]}}],
                                                             'diff': {'before': {'title': texts[2]}, 'after': {'title': texts[3]}}},
                                                  'email': {'failed': True, 'msg': texts[4]}}},
        texts[1]: {'failed': True, 'msg': texts[2]},
    }, texts[3])
    assert sorted(report['nvrs']) == sorted(texts[:2])
    camera = report['nvrs'][texts[0]]['resources']['camera']
    assert (camera['before'], camera['after'], camera['requests']) == \
        ({'title': texts[2]}, {'title': texts[3]}, [{'body': {'title': texts[1]}}])
    assert "-title: '%s'" % texts[2] in camera['diff'] and '+title: ' + texts[3] in camera['diff']
    assert report['nvrs'][texts[0]]['resources']['email']['msg'] == texts[4]
    assert report['nvrs'][texts[1]]['reason'] == texts[2] and report['generated'] == texts[3]
    assert not (tmp_path / 'CANARY').exists()


def test_the_templates_print_device_text_and_run_none_of_it(tmp_path):
    texts = device_text(tmp_path / 'CANARY')
    results = dict((text, {'failed': True, 'msg': text}) for text in texts)
    results['nvr-1'] = {'changed': True, 'resources': {'camera': {'changed': True, 'requests': [],
                                                                  'diff': {'before': {'title': texts}, 'after': {}}}}}
    report = drift_summary(results, texts[0])
    page = render('drift.html', report, title=texts[1])
    for text in texts:
        escaped = text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&#34;').replace("'", '&#39;')
        assert escaped in page, text
    assert '<script' not in page and '<img' not in page and '>49<' not in page
    junit = ET.fromstring(render('drift.junit.xml', report, title=texts[1]).encode('utf-8'))
    messages = [failure.text for failure in junit.iter('failure')]
    assert sorted(m for m in messages if m in texts) == sorted(texts)
    assert junit.get('name') == texts[1]
    assert not (tmp_path / 'CANARY').exists()


def test_the_files_are_what_ansibles_templar_made_of_the_templates():
    """Rendering without the templar changed nothing: the texts below are what ansible-core's templar wrote."""
    html = render('drift.html', fleet(), title='Site <A> & "B"')
    assert html[html.index('<main>'):] == HTML_MAIN
    assert render('drift.junit.xml', fleet(), title='Site <A> & "B"') == JUNIT


# What the templates gave for fleet() through ansible-core 2.19's templar, before drift_report rendered them
# with its own Jinja2 environment. A backslash at the end of a line continues the line.
HTML_MAIN = '''\
<main>
<div class="tiles">
  <div class="tile"><b>3</b>NVRs checked</div>
  <div class="tile in_sync"><b>1</b>in sync</div>
  <div class="tile drifted"><b>1</b>drifted</div>
  <div class="tile unreachable"><b>1</b>unreachable</div>
  <div class="tile drifted"><b>1</b>resources drifted</div>
</div>

<h2>NVRs and resources</h2>
<table>
  <thead>
    <tr><th>NVR</th><th>status</th><th>email</th><th>ddns</th></tr>
  </thead>
  <tbody>
    <tr>
      <td><a href="#nvr-fded34a12dace3f8b50ad32e8023b070da1d6219">nvr-&lt;b&gt;drift&lt;/b&gt;</a></td>
      <td><span class="badge drifted">drifted</span></td>
      <td><span class="badge drifted">drifted</span></td>
      <td><span class="badge errored">error</span></td>
    </tr>
    <tr>
      <td><a href="#nvr-54f0eb9aea86528da3be3d53dec877e7c501dc11">nvr-down</a></td>
      <td><span class="badge unreachable">unreachable</span></td>
      <td><span class="badge unreachable">unreachable</span></td>
      <td><span class="badge unreachable">unreachable</span></td>
    </tr>
    <tr>
      <td>nvr-ok</td>
      <td><span class="badge in_sync">in sync</span></td>
      <td><span class="badge in_sync">in sync</span></td>
      <td><span class="badge in_sync">in sync</span></td>
    </tr>
  </tbody>
</table>

<h2>Drift and problems</h2>
<section class="nvr" id="nvr-fded34a12dace3f8b50ad32e8023b070da1d6219">
  <h3>nvr-&lt;b&gt;drift&lt;/b&gt; <span class="badge drifted">drifted</span></h3>
  <p class="note">In sync: none.</p>
  <h4>email <span class="badge drifted">drifted</span></h4>
  <p class="note">Lines with - are the NVR now, + the baseline; an apply would send 1 request(s).</p>
  <pre class="diff"><span class="file">--- nvr-&lt;b&gt;drift&lt;/b&gt; email (device)</span><span class="file">\
+++ nvr-&lt;b&gt;drift&lt;/b&gt; email (baseline)</span><span class="hunk">@@ -1,2 +1,2 @@</span><span> recipients:</span>\
<span class="del">-- &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;@example.com</span><span class="add">+- soc@example.com</span>\
</pre>
  <h4>ddns <span class="badge errored">error</span></h4>
  <div class="reason errored">refused &amp; &#34;quoted&#34; &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</div>
</section>
<section class="nvr" id="nvr-54f0eb9aea86528da3be3d53dec877e7c501dc11">
  <h3>nvr-down <span class="badge unreachable">unreachable</span></h3>
  <div class="reason">NVR 127.0.0.1:9: connection failed (connection refused) &lt;&#39;&amp;&#39;&gt;</div>
</section>

<h2>In sync</h2>
<p>nvr-ok</p>
</main>
</body>
</html>
'''

JUNIT = '''\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="Site &lt;A&gt; &amp; &#34;B&#34;" tests="6" failures="3" errors="1">
  <testsuite name="Site &lt;A&gt; &amp; &#34;B&#34;" tests="6" failures="3" errors="1" skipped="0" time="0"\
 timestamp="2026-01-31T12:00:00">
    <properties>
      <property name="status" value="drifted"/>
      <property name="nvrs" value="3"/>
      <property name="in_sync" value="1"/>
      <property name="drifted" value="1"/>
      <property name="errored" value="0"/>
      <property name="unreachable" value="1"/>
      <property name="resources" value="4"/>
      <property name="resources_in_sync" value="2"/>
      <property name="resources_drifted" value="1"/>
      <property name="resources_errored" value="1"/>
    </properties>
    <testcase classname="nvr-&lt;b&gt;drift&lt;/b&gt;" name="email" time="0">
      <failure type="drift" message="email on nvr-&lt;b&gt;drift&lt;/b&gt; differs from the baseline">\
--- nvr-&lt;b&gt;drift&lt;/b&gt; email (device)
+++ nvr-&lt;b&gt;drift&lt;/b&gt; email (baseline)
@@ -1,2 +1,2 @@
 recipients:
-- &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;@example.com
+- soc@example.com
</failure>
    </testcase>
    <testcase classname="nvr-&lt;b&gt;drift&lt;/b&gt;" name="ddns" time="0">
      <error type="error" message="ddns on nvr-&lt;b&gt;drift&lt;/b&gt; could not be checked: refused &amp; &#34;quoted&#34;\
 &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;">\
refused &amp; &#34;quoted&#34; &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</error>
    </testcase>
    <testcase classname="nvr-down" name="email" time="0">
      <failure type="unreachable" message="nvr-down could not be checked: NVR 127.0.0.1:9: connection failed (connection refused)\
 &lt;&#39;&amp;&#39;&gt;">NVR 127.0.0.1:9: connection failed (connection refused) &lt;&#39;&amp;&#39;&gt;</failure>
    </testcase>
    <testcase classname="nvr-down" name="ddns" time="0">
      <failure type="unreachable" message="nvr-down could not be checked: NVR 127.0.0.1:9: connection failed (connection refused)\
 &lt;&#39;&amp;&#39;&gt;">NVR 127.0.0.1:9: connection failed (connection refused) &lt;&#39;&amp;&#39;&gt;</failure>
    </testcase>
    <testcase classname="nvr-ok" name="email" time="0">
    </testcase>
    <testcase classname="nvr-ok" name="ddns" time="0">
    </testcase>
  </testsuite>
</testsuites>
'''
