# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift_report role's templates over drift_summary's output, rendered as the report writer renders them
(plugin_utils/drift_report.py: a sandboxed Jinja2 environment with autoescape, no Ansible templar):
every value escaped, valid XML, nothing external, no Ansible filter, nothing from a device evaluated."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
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
                     'nvr_failure': 'unreachable', 'unreachable': True, 'managed': ['email', 'ddns']},
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
    assert '<title>1 of 3 NVRs with errors, 1 unreachable; 1 resource(s) drifted - Site &lt;A&gt; &amp; &#34;B&#34;</title>' in html


def test_html_is_self_contained(html):
    assert html.lstrip().startswith('<!DOCTYPE html>')
    for external in ('<script', '<link', '<img', '<iframe', 'src=', 'url(', '@import', 'http://', 'https://'):
        assert external not in html, external


def test_html_has_the_summary_first_then_the_table_then_the_diffs(html):
    parts = ('<h1>1 of 3 NVRs with errors, 1 unreachable; 1 resource(s) drifted</h1>', '<b>3</b>NVRs checked',
             '<b>1</b>with errors', '<b>1</b>resources drifted', '<h2>NVRs and resources</h2>',
             '<h2>Drift and problems</h2>', '<h2>In sync</h2>')
    order = [html.index(part) for part in parts]
    assert order == sorted(order)
    # Header + one row per NVR, problems first (error, then unreachable), the NVR in sync last (hidden by the CSS).
    rows = re.findall(r'<tr class="nvr st-(\w+)[^"]*">\s*<th>(?:<a href="#nvr-\w+">)?([^<]*)<', html)
    assert rows == [('error', 'nvr-&lt;b&gt;drift&lt;/b&gt;'), ('unreachable', 'nvr-down'), ('in_sync', 'nvr-ok')]
    assert html.count('<tr>') == 1
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
    assert (suite.get('tests'), suite.get('failures'), suite.get('errors'), suite.get('skipped')) == ('6', '3', '1', '0')
    drift = cases[('nvr-<b>drift</b>', 'email')].find('failure')
    assert drift.get('type') == 'drift'
    assert '-- ' + EVIL + '@example.com' in drift.text
    assert cases[('nvr-<b>drift</b>', 'ddns')].find('error').text == 'refused & "quoted" ' + EVIL
    down = cases[('nvr-down', 'ddns')].find('failure')
    assert down.get('type') == 'unreachable' and 'connection refused' in down.get('message')
    assert list(cases[('nvr-ok', 'email')]) == []


@pytest.mark.parametrize('result, element, kind', [
    ({'unreachable': True, 'msg': 'down'}, 'failure', 'unreachable'),
    ({'failed': True, 'msg': 'no', 'nvr_failure': 'login_refused'}, 'failure', 'login_refused'),
    ({'failed': True, 'msg': 'bad', 'nvr_failure': 'options_refused'}, 'failure', 'refused_baseline'),
    (None, 'error', 'error'),
    ({'changed': False, 'resources': {}}, 'skipped', None),
], ids=['unreachable', 'login_refused', 'refused_baseline', 'no result', 'not managed'])
def test_junit_for_an_nvr_without_resources_has_one_case(result, element, kind):
    junit = render('drift.junit.xml', drift_summary({'nvr-1': result}))
    suite = ET.fromstring(junit.encode('utf-8')).find('testsuite')
    (case,) = suite.findall('testcase')
    assert (case.get('classname'), case.get('name')) == ('nvr-1', 'check')
    (found,) = list(case)
    assert found.tag == element and found.get('type') == kind
    counts = dict((key, suite.get(key)) for key in ('tests', 'failures', 'errors', 'skipped'))
    assert counts == {'tests': '1', 'failures': '1' if element == 'failure' else '0', 'errors': '1' if element == 'error' else '0',
                      'skipped': '1' if element == 'skipped' else '0'}


def test_junit_gives_each_status_its_own_kind_and_not_managed_is_skipped():
    report = drift_summary({
        'a': {'changed': True, 'resources': {'email': {'changed': True, 'diff': {'before': {}, 'after': {'x': 1}}}}},
        'b': {'failed': True, 'msg': 'no', 'nvr_failure': 'login_refused', 'managed': ['email']},
        'c': {'failed': True, 'msg': 'bad', 'nvr_failure': 'options_refused', 'managed': ['email']},
        'd': {'failed': True, 'msg': 'down', 'nvr_failure': 'unreachable', 'managed': ['email']},
        'e': {'failed': True, 'msg': 'x', 'resources': {'email': {'failed': True, 'msg': 'expired'}, 'ddns': {'changed': False}}},
        'f': {'changed': False, 'resources': {'ddns': {'changed': False}}},
    }, pending=['g'])
    suite = ET.fromstring(render('drift.junit.xml', report).encode('utf-8')).find('testsuite')
    found = dict(((c.get('classname'), c.get('name')), (list(c)[0].tag, list(c)[0].get('type')) if list(c) else None)
                 for c in suite.findall('testcase'))
    assert found == {
        ('a', 'email'): ('failure', 'drift'), ('a', 'ddns'): ('skipped', None),
        ('b', 'email'): ('failure', 'login_refused'), ('b', 'ddns'): ('skipped', None),
        ('c', 'email'): ('failure', 'refused_baseline'), ('c', 'ddns'): ('skipped', None),
        ('d', 'email'): ('failure', 'unreachable'), ('d', 'ddns'): ('skipped', None),
        ('e', 'email'): ('error', 'error'), ('e', 'ddns'): None,
        ('f', 'email'): ('skipped', None), ('f', 'ddns'): None,
        ('g', 'check'): ('skipped', None),
    }
    counts = tuple(suite.get(key) for key in ('tests', 'failures', 'errors', 'skipped'))
    assert counts == ('13', '4', '1', '6')


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
    messages = [failure.text for failure in junit.iter('error')]
    assert sorted(m for m in messages if m in texts) == sorted(texts)
    assert junit.get('name') == texts[1]
    assert not (tmp_path / 'CANARY').exists()


def test_the_junit_file_is_exactly_this():
    """The whole JUnit file of fleet(), to see any change of the format in review."""
    assert render('drift.junit.xml', fleet(), title='Site <A> & "B"') == JUNIT


def shapes():
    """A report with every NVR status, a limit, batches and a resource no NVR but one manages."""
    return drift_summary({
        'nvr-ok': {'changed': False, 'resources': {'email': {'changed': False}, 'ddns': {'changed': False}}},
        'nvr-drift': {'changed': True, 'resources': {'email': {'changed': True, 'diff': {'before': {'a': 1}, 'after': {'a': 2}}},
                                                     'ddns': {'changed': False}}},
        'nvr-error': {'failed': True, 'msg': 'x', 'resources': {'email': {'failed': True, 'msg': 'session expired'},
                                                                'ddns': {'changed': True, 'diff': {'before': {}, 'after': {'b': 1}}}}},
        'nvr-login': {'failed': True, 'msg': 'login refused (HTTP 401)', 'nvr_failure': 'login_refused', 'managed': ['email', 'ddns']},
        'nvr-refused': {'failed': True, 'msg': 'Validation of arguments failed: move_nvr_emial is not a variable',
                        'argument_errors': ['x'], 'managed': []},
        'nvr-down': {'failed': True, 'unreachable': True, 'msg': 'connection refused', 'nvr_failure': 'unreachable',
                     'managed': ['email', 'ddns']},
        'nvr-none': {'changed': False, 'resources': {}, 'managed': []},
        'nvr-camera': {'changed': False, 'resources': {'camera': {'changed': False}}},
    }, '2026-01-31T12:00:00Z', pending=['nvr-later'], limit='site_a', run={'id': '1@t', 'started': 't', 'batches': 3})


@pytest.fixture(scope='module')
def shapes_html():
    return render('drift.html', shapes())


def test_problems_come_first_the_most_serious_first(shapes_html):
    rows = re.findall(r'<tr class="nvr st-(\w+)', shapes_html)
    assert rows == ['error', 'login_refused', 'refused_baseline', 'unreachable', 'drifted', 'not_managed', 'in_sync', 'in_sync']
    sections = re.findall(r'<details class="nvr st-(\w+)', shapes_html)
    assert sections == ['error', 'login_refused', 'refused_baseline', 'unreachable', 'drifted', 'not_managed']


def test_nvrs_in_sync_and_pending_are_collapsed_lists(shapes_html):
    in_sync = shapes_html[shapes_html.index('<h2>In sync</h2>'):]
    assert '<summary>2 NVR(s) in sync</summary>' in in_sync
    assert '<ul class="names"><li>nvr-camera</li><li>nvr-ok</li></ul>' in in_sync
    assert '<summary>1 NVR(s) not checked yet' in in_sync and '<li>nvr-later</li>' in in_sync
    assert '.view tr.st-in_sync { display: none; }' in shapes_html


def test_the_page_says_what_the_run_covered(shapes_html):
    assert 'Limited run (<code>--limit site_a</code>): only the NVRs of the limit were checked' in shapes_html
    assert 'One run in 3 batches (serial)' in shapes_html
    assert '<b>8</b>NVRs checked' in shapes_html and '<b>1</b>pending' in shapes_html
    plain = render('drift.html', drift_summary({'nvr-1': {'changed': False, 'resources': {'email': {'changed': False}}}}))
    assert 'Limited run' not in plain and 'batches' not in plain and 'Pending' not in plain


def test_an_nvr_checked_for_nothing_is_never_shown_in_sync():
    html = render('drift.html', drift_summary({'nvr-1': {'changed': False, 'resources': {}}}))
    assert '<h1>1 of 1 NVRs not managed</h1>' in html and 'in sync</h1>' not in html
    assert '<header class="banner fleet-not_managed">' in html


def test_a_whole_nvr_that_was_not_checked_is_one_cell_with_its_reason(shapes_html):
    row = re.search(r'<tr class="nvr st-login_refused[^"]*">.*?</tr>', shapes_html, re.S).group(0)
    assert '<td class="why" colspan="3"><div>login refused (HTTP 401)</div></td>' in row
    row = re.search(r'<tr class="nvr st-refused_baseline[^"]*">.*?</tr>', shapes_html, re.S).group(0)
    assert 'move_nvr_emial is not a variable' in row


def test_filters_by_status_and_resource_need_no_script_and_the_style_holds_no_report_value(shapes_html):
    style = shapes_html[shapes_html.index('<style>'):shapes_html.index('</style>')]
    for status in ('error', 'login_refused', 'refused_baseline', 'unreachable', 'drifted', 'not_managed', 'pending', 'in_sync'):
        assert '#st-%s:checked ~ .view .nvr:not(.st-%s) { display: none; }' % (status, status) in style
        assert '<input class="flt" type="radio" name="st" id="st-%s"' % status in shapes_html
    # Resources are named by their index: camera is 1, email 2, ddns 3.
    for index in (1, 2, 3):
        assert '#rs-%d:checked ~ .view .nvr:not(.x%d) { display: none; }' % (index, index) in style
    for name in ('camera', 'email', 'ddns', 'nvr-', 'site_a', 'session expired'):
        assert name not in style, name
    assert '<tr class="nvr st-error x2 x3">' in shapes_html  # email errored, ddns drifted
    assert re.search(r'<tr class="nvr st-unreachable x2 x3">', shapes_html)
    assert '<script' not in shapes_html


def test_links_from_the_grid_lead_to_each_problem(shapes_html):
    for target in re.findall(r'href="#([\w-]+)"', shapes_html):
        assert 'id="%s"' % target in shapes_html, target


JUNIT = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="Site &lt;A&gt; &amp; &#34;B&#34;" tests="6" failures="3" errors="1" skipped="0">
  <testsuite name="Site &lt;A&gt; &amp; &#34;B&#34;" tests="6" failures="3" errors="1" skipped="0" time="0"\
 timestamp="2026-01-31T12:00:00">
    <properties>
      <property name="status" value="drifted"/>
      <property name="headline" value="1 of 3 NVRs with errors, 1 unreachable; 1 resource(s) drifted"/>
      <property name="nvrs" value="3"/>
      <property name="in_sync" value="1"/>
      <property name="drifted" value="0"/>
      <property name="errored" value="1"/>
      <property name="login_refused" value="0"/>
      <property name="refused_baseline" value="0"/>
      <property name="unreachable" value="1"/>
      <property name="not_managed" value="0"/>
      <property name="pending" value="0"/>
      <property name="resources" value="4"/>
      <property name="resources_in_sync" value="2"/>
      <property name="resources_drifted" value="1"/>
      <property name="resources_errored" value="1"/>
      <property name="resources_unreachable" value="2"/>
      <property name="resources_not_managed" value="0"/>
      <property name="hosts_limited" value="false"/>
    </properties>
    <testcase classname="nvr-&lt;b&gt;drift&lt;/b&gt;" name="email" time="0">
      <failure type="drift" message="email on nvr-&lt;b&gt;drift&lt;/b&gt; differs from the baseline">---\
 nvr-&lt;b&gt;drift&lt;/b&gt; email (device)
+++ nvr-&lt;b&gt;drift&lt;/b&gt; email (baseline)
@@ -1,2 +1,2 @@
 recipients:
-- &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;@example.com
+- soc@example.com
</failure>
    </testcase>
    <testcase classname="nvr-&lt;b&gt;drift&lt;/b&gt;" name="ddns" time="0">
      <error type="error" message="ddns on nvr-&lt;b&gt;drift&lt;/b&gt; could not be checked: refused &amp;\
 &#34;quoted&#34; &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;">refused &amp; &#34;quoted&#34;\
 &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</error>
    </testcase>
    <testcase classname="nvr-down" name="email" time="0">
      <failure type="unreachable" message="nvr-down could not be checked (the NVR could not be reached): NVR\
 127.0.0.1:9: connection failed (connection refused) &lt;&#39;&amp;&#39;&gt;">NVR 127.0.0.1:9: connection failed\
 (connection refused) &lt;&#39;&amp;&#39;&gt;</failure>
    </testcase>
    <testcase classname="nvr-down" name="ddns" time="0">
      <failure type="unreachable" message="nvr-down could not be checked (the NVR could not be reached): NVR\
 127.0.0.1:9: connection failed (connection refused) &lt;&#39;&amp;&#39;&gt;">NVR 127.0.0.1:9: connection failed\
 (connection refused) &lt;&#39;&amp;&#39;&gt;</failure>
    </testcase>
    <testcase classname="nvr-ok" name="email" time="0">
    </testcase>
    <testcase classname="nvr-ok" name="ddns" time="0">
    </testcase>
  </testsuite>
</testsuites>
"""
