# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One plan across the resources of an NVR (issue 11), through playbooks/site.yml and drift.yml, real ansible-playbook.

- nvr-half: a valid email and DDNS beside a retention the NVR refuses: the baseline fails that NVR
  saying nothing was written, and the NVR received zero writes.
- nvr-fresh: a new site reviewed with --check --diff before the apply: cameras connected, a template
  and event actions for their channels in one baseline; check mode shows the plan (changed, no
  failure, zero writes) and the apply then changes exactly what it showed; the drift check after it
  finds the NVR in sync.
- nvr-swap: two cameras swap addresses between their channels: applied, each camera keeps its own
  login; the rerun is unchanged.
"""

from __future__ import annotations

import pytest
import yaml

from harness import Nvr, nvr_group_vars, recap, shipped_playbook

ADMIN = 'One-Plan-Pw1'
NIGHT = ['no_record'] * 6 + ['evt_only'] * 12 + ['no_record'] * 6
HOSTS = {
    'nvr-half': {'move_nvr_email': {'recipients': ['soc@example.com']}, 'move_nvr_ddns': {'enabled': False},
                 'move_nvr_record_config': {'retention_days': 999}},
    'nvr-fresh': {
        'move_nvr_cameras': {'cameras': [{'channel': 0, 'ip': '192.0.2.81', 'title': 'Gate'},
                                         {'channel': 1, 'ip': '192.0.2.82', 'title': 'Yard'}]},
        'move_nvr_record_templates': {'templates': [{'name': 'Night', 'schedule': {'all': NIGHT}}],
                                      'channels': [{'channel': 0, 'template': 'Night'}]},
        'move_nvr_event_action': {'cameras': [{'channel': 1, 'motion': {'enabled': True, 'send_email': True}}]},
    },
    'nvr-swap': {'move_nvr_cameras': {'cameras': [{'channel': 0, 'ip': '192.0.2.92'}, {'channel': 1, 'ip': '192.0.2.91'}]}},
}
APPLY = 'Apply the NVR baseline'


def result_of(run, host, task=APPLY):
    found = [r for r in run.results if r['host'] == host and r['task'].split(' : ')[-1] == task]
    assert found, (host, task)
    return found[-1]['result']


@pytest.fixture(scope='module')
def story(tmp_path_factory):
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('one_plan')
    per_nvr = [{}, {}, {'cameras': 2}]
    with Fleet(count=len(HOSTS), admin_password=ADMIN, per_nvr=per_nvr) as running:
        nvrs = dict(zip(HOSTS, (Nvr(port) for port in running.ports)))
        swap = nvrs['nvr-swap'].state()['cameras']
        # the swap NVR's two cameras, each with its own login
        nvrs['nvr-swap'].set_state({'cameras': {
            'ch0': dict(swap['ch0'], ip='192.0.2.91', account='gate'), 'ch1': dict(swap['ch1'], ip='192.0.2.92', account='yard')}})
        hosts = dict((host, dict(variables, move_nvr_port=nvrs[host].port)) for host, variables in HOSTS.items())
        inventory = tmp / 'inventory.yml'
        inventory.write_text(yaml.safe_dump({'nvrs': {'hosts': hosts, 'vars': nvr_group_vars(ADMIN, move_nvr_retries=0)}},
                                            sort_keys=False))
        runs, stats = {}, {}
        for name, book, options in (('check', 'site.yml', ('--check', '--diff')), ('apply', 'site.yml', ('--diff',)),
                                    ('rerun', 'site.yml', ()), ('drift', 'drift.yml', ('-e', 'move_nvr_report_dir=%s' % (tmp / 'report'),))):
            for nvr in nvrs.values():
                nvr.zero_counters()
            runs[name] = shipped_playbook(tmp / name, book, inventory, *options)
            stats[name] = dict((host, nvr.stats()) for host, nvr in nvrs.items())
        yield {'runs': runs, 'stats': stats, 'state': dict((host, nvr.state()) for host, nvr in nvrs.items())}


def test_a_refused_value_anywhere_means_zero_writes_on_that_nvr(story):
    for name in ('check', 'apply'):
        result = result_of(story['runs'][name], 'nvr-half')
        assert result['changed'] is False
        assert result['msg'].startswith('move_nvr_record_config.retention_days: 999')
        assert result['msg'].endswith('; nothing was written')
        assert story['stats'][name]['nvr-half']['write_attempts'] == 0
        assert recap(story['runs'][name].output)['nvr-half']['failed'] == 1


def test_check_mode_on_a_fresh_site_shows_the_plan_the_apply_sends(story):
    check = result_of(story['runs']['check'], 'nvr-fresh')
    apply = result_of(story['runs']['apply'], 'nvr-fresh')
    assert not check.get('failed'), check.get('msg')
    assert story['stats']['check']['nvr-fresh']['write_attempts'] == 0
    for name in ('camera', 'record_template', 'event_action'):
        assert check['resources'][name]['changed'] is True and apply['resources'][name]['changed'] is True
        assert check['resources'][name]['requests'] == apply['resources'][name]['requests'], name
    assert check['diff'] == apply['diff']
    assert story['state']['nvr-fresh']['record_template']['channel_setting']['ch0']['template_name'] == 'Night'
    rerun = result_of(story['runs']['rerun'], 'nvr-fresh')
    assert rerun['changed'] is False and story['stats']['rerun']['nvr-fresh']['write_attempts'] == 0
    output = story['runs']['drift'].output
    assert recap(output)['nvr-fresh']['changed'] == 0 and recap(output)['nvr-fresh']['failed'] == 0


def test_two_cameras_swap_channels_each_with_its_own_login(story):
    apply = result_of(story['runs']['apply'], 'nvr-swap')
    assert apply['changed'] and not apply.get('failed'), apply.get('msg')
    cameras = story['state']['nvr-swap']['cameras']
    swapped = [(cameras[key]['ip'], cameras[key]['account']) for key in ('ch0', 'ch1')]
    assert swapped == [('192.0.2.92', 'yard'), ('192.0.2.91', 'gate')]
    assert result_of(story['runs']['rerun'], 'nvr-swap')['changed'] is False
