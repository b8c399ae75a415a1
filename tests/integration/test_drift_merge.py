# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sliced drift checks merged by playbooks/drift_merge.yml, on an emulated fleet.

Nine NVRs (four drifted, four in sync, one on a closed port) checked in four slices (`--limit`, each slice its
own report directory under one slices directory, as AWX job slicing would), then merged: the merged report
lists every NVR as one run over the whole fleet does, in all three files. Then what the merge refuses, each in
one line naming the slice: a missing slice, a damaged one, another baseline, a slice of another run; and an NVR
in two slices, whose newest result is kept with a warning.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import socket
import subprocess
import xml.etree.ElementTree as ET

import pytest
import yaml

from harness import nvr_group_vars


COLLECTION = pathlib.Path(__file__).resolve().parents[2]
ADMIN = 'Merge-Admin-Pw'
SLICES = [['nvr-1', 'nvr-5', 'nvr-9'], ['nvr-2', 'nvr-6'], ['nvr-3', 'nvr-7'], ['nvr-4', 'nvr-8']]


def closed_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def write_inventory(path, ports):
    hosts = {}
    for i, port in enumerate(ports):
        host = {'move_nvr_port': port}
        if i < 4:  # a factory NVR has another email: drifted
            host['move_nvr_email'] = {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True,
                                      'account': 'alarms@example.com', 'recipients': ['soc@example.com']}
        hosts['nvr-%d' % (i + 1)] = host
    group_vars = nvr_group_vars(ADMIN, move_nvr_retries=0, move_nvr_timeout=5, move_nvr_ddns={'enabled': False})  # as on a factory NVR: in sync
    path.write_text(yaml.safe_dump({'nvrs': {'hosts': hosts, 'vars': group_vars}}, sort_keys=False))
    return path


def playbook(name, *args, **extra_vars):
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_DEPRECATION_WARNINGS='0', ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    command = ['ansible-playbook', str(COLLECTION / 'playbooks' / name)] + list(args)
    if extra_vars:
        command += ['-e', json.dumps(extra_vars)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def read(directory):
    return json.loads((directory / 'drift.json').read_text())


def merge(tmp, name, **extra_vars):
    out = tmp / name
    rc, output = playbook('drift_merge.yml', **dict({'move_nvr_report_dir': str(out)}, **extra_vars))
    return rc, output, out


@pytest.fixture(scope='module')
def sliced(tmp_path_factory):
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('merge')
    with Fleet(count=8, cameras=1, admin_password=ADMIN) as running:
        inventory = write_inventory(tmp / 'fleet.yml', running.ports + [closed_port()])
        runs = {}
        for index, hosts in enumerate(SLICES):
            runs['slice-%d' % (index + 1)] = playbook('drift.yml', '-i', str(inventory), '--limit', ','.join(hosts),
                                                      move_nvr_report_dir=str(tmp / 'slices' / ('slice-%d' % (index + 1))))
        runs['whole'] = playbook('drift.yml', '-i', str(inventory), move_nvr_report_dir=str(tmp / 'whole'))
        # nvr-2 checked again later, and nvr-1 against another baseline (its label).
        runs['again'] = playbook('drift.yml', '-i', str(inventory), '--limit', 'nvr-2',
                                 move_nvr_report_dir=str(tmp / 'again'))
        runs['other'] = playbook('drift.yml', '-i', str(inventory), '--limit', 'nvr-1',
                                 move_nvr_report_dir=str(tmp / 'other'), move_nvr_baseline_label='v2')
        yield {'tmp': tmp, 'runs': runs}


def test_each_slice_writes_its_own_report_of_its_nvrs(sliced):
    for index, hosts in enumerate(SLICES):
        rc, output = sliced['runs']['slice-%d' % (index + 1)]
        report = read(sliced['tmp'] / 'slices' / ('slice-%d' % (index + 1)))
        assert sorted(report['nvrs']) == sorted(hosts), output[-2000:]
        assert report['baseline']['fingerprint'] and report['baseline']['collection_version']
        assert report['baseline']['label'] == ''


def test_four_slices_merge_into_the_report_of_the_whole_fleet(sliced):
    tmp = sliced['tmp']
    rc, output, out = merge(tmp, 'merged', move_nvr_slices_dir=str(tmp / 'slices'), move_nvr_slices_expected=4)
    assert rc == 0, output[-3000:]
    merged, whole = read(out), read(tmp / 'whole')
    assert merged['summary'] == whole['summary']
    assert merged['summary']['nvrs'] == 9 and merged['summary']['drifted'] == 4
    assert merged['summary']['in_sync'] == 4 and merged['summary']['unreachable'] == 1
    assert merged['status'] == whole['status'] == 'drifted' and merged['headline'] == whole['headline']
    assert merged['resources'] == whole['resources']
    for host, nvr in whole['nvrs'].items():
        assert merged['nvrs'][host]['status'] == nvr['status'], host
        assert merged['nvrs'][host]['drifted'] == nvr['drifted'], host
        for name, cell in nvr['resources'].items():
            assert merged['nvrs'][host]['resources'][name].get('diff') == cell.get('diff'), (host, name)
    assert merged['baseline'] == whole['baseline']
    assert [s['path'] for s in merged['run']['slices']] == [str(tmp / 'slices' / ('slice-%d' % i)) for i in range(1, 5)]
    assert merged['run']['duplicates'] == {} and merged['hosts_limited'] is True
    assert '4 of 9 NVRs drifted, 1 unreachable (4 slices)' in output
    junit = ET.parse(str(out / 'drift.junit.xml')).getroot()
    assert junit.get('failures') == ET.parse(str(tmp / 'whole' / 'drift.junit.xml')).getroot().get('failures')
    assert 'nvr-9' in (out / 'drift.html').read_text()


def test_a_missing_slice_is_named(sliced):
    tmp = sliced['tmp']
    reports = [str(tmp / 'slices' / 'slice-1'), str(tmp / 'slices' / 'slice-7')]
    rc, output, out = merge(tmp, 'missing', move_nvr_slice_reports=reports)
    assert rc != 0 and not out.exists()
    assert 'cannot merge the slice reports: slice %s: no report (' % reports[1] in output
    rc, output, out = merge(tmp, 'count', move_nvr_slices_dir=str(tmp / 'slices'), move_nvr_slices_expected=5)
    assert rc != 0 and '4 slice reports found' in output and '5 expected (move_nvr_slices_expected)' in output


@pytest.mark.parametrize('content, why', [
    (b'{"status": "drifted", "summ', 'is not a JSON drift report'),
    (b'[1, 2]', 'not a drift report'),
    (json.dumps({'status': 'x', 'summary': {}, 'generated': '2026-01-01T00:00:00Z',
                 'nvrs': {'nvr-x': {'status': 'drifted', 'resources': {'email': {'status': 'nonsense'}}}}}).encode(),
     'the entry of NVR nvr-x is damaged'),
], ids=['truncated', 'not a report', 'damaged nvr'])
def test_a_corrupt_slice_is_named_in_one_line(sliced, content, why):
    tmp = sliced['tmp']
    bad = tmp / ('bad-%d' % len(content))
    bad.mkdir(exist_ok=True)
    (bad / 'drift.json').write_bytes(content)
    rc, output, out = merge(tmp, 'corrupt-%d' % len(content),
                            move_nvr_slice_reports=[str(tmp / 'slices' / 'slice-1'), str(bad)])
    assert rc != 0 and not out.exists()
    line = next(line for line in output.splitlines() if 'cannot merge' in line)
    assert ('slice %s: ' % bad) in line and why in line


def test_another_baseline_is_refused(sliced):
    tmp = sliced['tmp']
    rc, output, out = merge(tmp, 'baselines', move_nvr_slice_reports=[str(tmp / 'slices' / 'slice-2'), str(tmp / 'other')])
    assert rc != 0 and not out.exists()
    assert 'slice %s was checked against another baseline than slice %s' % (tmp / 'other', tmp / 'slices' / 'slice-2') in output
    assert ' v2, collection ' in output


def test_slices_too_far_apart_are_refused(sliced):
    tmp = sliced['tmp']
    old = tmp / 'old'
    shutil.copytree(tmp / 'slices' / 'slice-3', old)
    report = read(old)
    report['generated'] = '2020-01-01T00:00:00Z'
    (old / 'drift.json').write_text(json.dumps(report))
    reports = [str(tmp / 'slices' / 'slice-2'), str(old)]
    rc, output, out = merge(tmp, 'apart', move_nvr_slice_reports=reports)
    assert rc != 0 and 'slice %s was written' % old in output and 'a slice of another run?' in output
    rc, output, out = merge(tmp, 'apart-allowed', move_nvr_slice_reports=reports, move_nvr_slice_max_spread=0)
    assert rc == 0, output[-2000:]


def test_an_nvr_in_two_slices_keeps_the_newest_result_with_a_warning(sliced):
    tmp = sliced['tmp']
    reports = [str(tmp / 'again'), str(tmp / 'slices' / 'slice-2')]
    older = read(tmp / 'slices' / 'slice-2')
    again = read(tmp / 'again')
    rc, output, out = merge(tmp, 'twice', move_nvr_slice_reports=reports)
    assert rc == 0, output[-2000:]
    merged = read(out)
    assert again['generated'] > older['generated']  # the whole fleet was checked in between
    assert merged['run']['duplicates'] == {'nvr-2': {'kept': str(tmp / 'again'), 'dropped': [str(tmp / 'slices' / 'slice-2')]}}
    assert sorted(merged['nvrs']) == ['nvr-2', 'nvr-6']
    assert '1 NVR(s) in more than one slice' in output
