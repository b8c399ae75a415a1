# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No false greens (issue 10, items 3 and 6): the pure parts.

The known role variables and the nearest name (plugin_utils/role_variables.py), nvr_config's messages
in the caller's words (relabel, for_caller), typos named where they are (unsupported_options),
resource selection and "no resource is managed" (module_utils/nvr_config.py), and the baseline
role's task that wires them (roles/baseline/tasks/main.yml).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest
import yaml

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.mobotix.move_nvr.plugins.module_utils import nvr_config
from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import (
    ARGUMENT_SPEC, RESOURCE_ORDER, NvrConfigTask, for_caller, nearest_name, relabel, unsupported_message,
    unsupported_options, validate_resources)
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources import camera, event_action
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import role_variables
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet import BASELINE_ROLE, FIRST_NAME, managed_resources
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.role_variables import (
    check_unknown_variables, known_variables, unknown_text, unknown_variables)

try:  # ansible-core 2.19+: template text must be trusted to be templated
    from ansible.template import trust_as_template
except ImportError:  # pragma: no cover - older ansible-core
    def trust_as_template(text):
        return text

ROLES = os.path.dirname(BASELINE_ROLE)
NVR_CONFIG = 'mobotix.move_nvr.nvr_config'


def load(*path):
    with open(os.path.join(ROLES, *path)) as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope='module')
def task():
    tasks = [t for t in load('baseline', 'tasks', 'main.yml') if NVR_CONFIG in t]
    assert len(tasks) == 1
    return tasks[0][NVR_CONFIG]


@pytest.fixture(scope='module')
def labels(task):
    return task['option_labels']


# ------------------------------------------------------------------ nearest_name

@pytest.mark.parametrize('name, expected', [
    ('move_nvr_camera', 'move_nvr_cameras'),
    ('move_nvr_emial', 'move_nvr_email'),
    ('move_nvr_record_template', 'move_nvr_record_templates'),
    ('move_nvr_acounts', 'move_nvr_accounts'),
    ('move_nvr_pasword', 'move_nvr_password'),
    ('move_nvr_site_code', None),
    ('move_nvr_x', None),
])
def test_nearest_name_compares_what_follows_the_shared_prefix(name, expected):
    known = known_variables()
    assert nearest_name(name, known, 'move_nvr_') == expected


def test_nearest_name_without_prefix_and_never_the_name_itself():
    assert nearest_name('titel', ['title', 'type', 'ip']) == 'title'
    assert nearest_name('title', ['title']) is None
    assert nearest_name('zzz', ['title']) is None
    # Without the prefix rule, the shared move_nvr_ makes an unrelated name look close.
    assert nearest_name('move_nvr_foo', ['move_nvr_host']) == 'move_nvr_host'
    assert nearest_name('move_nvr_foo', ['move_nvr_host'], 'move_nvr_') is None


# ------------------------------------------------------------------ known_variables

def test_known_variables_are_every_option_of_every_role_and_what_the_roles_set():
    known = known_variables()
    for role in ('baseline', 'drift_report', 'backup'):
        options = load(role, 'meta', 'argument_specs.yml')['argument_specs']['main']['options']
        assert set(options) <= known, role
        assert set(load(role, 'defaults', 'main.yml') or {}) <= known, role
    # registered results, set_fact, task vars, set_stats data; the execution switch of the action plugins
    assert {'move_nvr_baseline_result', 'move_nvr_fleet_check', 'move_nvr_backup_read', 'move_nvr_backup_file',
            'move_nvr_drift', 'move_nvr_drift_summary', 'move_nvr_execution'} <= known
    assert {'move_nvr_resources', 'move_nvr_unknown_variables'} <= known
    assert all(name.startswith('move_nvr_') for name in known)
    assert 'move_nvr_camera' not in known


def test_known_variables_are_read_from_the_files(tmp_path):
    (tmp_path / 'one' / 'meta').mkdir(parents=True)
    (tmp_path / 'one' / 'tasks').mkdir()
    (tmp_path / 'one' / 'meta' / 'argument_specs.yml').write_text(yaml.safe_dump({'argument_specs': {
        'main': {'options': {'move_nvr_alpha': {'type': 'str'}, 'other': {}}},
        'second': {'options': {'move_nvr_beta': {}}}}}))
    (tmp_path / 'one' / 'tasks' / 'main.yml').write_text(
        "- name: t\n  block:\n    - ansible.builtin.set_fact: {move_nvr_gamma: 1}\n      register: move_nvr_delta\n"
        "  rescue:\n    - set_stats: {data: {move_nvr_epsilon: 1}}\n      vars: {move_nvr_zeta: !unsafe '{{ x }}'}\n")
    (tmp_path / 'two').mkdir()  # a role without any of the files
    known = known_variables(str(tmp_path))
    assert known == {'move_nvr_alpha', 'move_nvr_beta', 'move_nvr_gamma', 'move_nvr_delta', 'move_nvr_epsilon',
                     'move_nvr_zeta', 'move_nvr_execution'}


# ------------------------------------------------------------------ unknown variables

def test_unknown_variables_are_the_move_nvr_names_not_known():
    assert unknown_variables(['move_nvr_camera', 'move_nvr_host', 'ansible_host', 'move_nvrx', 3], {'move_nvr_host'}) == [
        'move_nvr_camera']


def test_one_unknown_variable_with_its_suggestion(labels):
    problem, warnings = check_unknown_variables('fail', {'move_nvr_camera': {}, 'move_nvr_host': 'h'}, labels)
    assert problem == ('unknown variable move_nvr_camera; did you mean move_nvr_cameras? (no role of mobotix.move_nvr '
                       'knows it; move_nvr_unknown_variables: warn makes this a warning)')
    assert warnings == []


def test_several_unknown_variables_in_one_line_at_most_five_named():
    known = known_variables()
    names = ['move_nvr_camera', 'move_nvr_site_code', 'move_nvr_a1', 'move_nvr_a2', 'move_nvr_a3', 'move_nvr_a4',
             'move_nvr_a5']
    text = unknown_text(sorted(names), known)
    assert text.startswith('unknown variables move_nvr_a1, ') and text.endswith(' and 2 more')
    assert unknown_text(['move_nvr_camera', 'move_nvr_emial'], known) == (
        'unknown variables move_nvr_camera (did you mean move_nvr_cameras?), move_nvr_emial (did you mean move_nvr_email?)')
    assert unknown_text(['move_nvr_site_code'], known) == 'unknown variable move_nvr_site_code'


def test_warn_warns_and_ignore_or_another_value_does_not_check():
    variables = {'move_nvr_camera': {}}
    assert check_unknown_variables('warn', variables) == (None, [
        'unknown variable move_nvr_camera; did you mean move_nvr_cameras? (no role of mobotix.move_nvr knows it, '
        'so it is ignored)'])
    for mode in ('ignore', None, 'Fail', ['fail']):
        assert check_unknown_variables(mode, variables) == (None, []), mode
    assert check_unknown_variables('fail', {'move_nvr_host': 'h'}) == (None, [])
    # Without labels, the setting is named as nvr_config's option.
    assert check_unknown_variables('fail', variables)[0].endswith('; unknown_variables: warn makes this a warning)')


# ------------------------------------------------------------------ relabel

@pytest.mark.parametrize('text, expected', [
    ('camera: cameras[2].titel: unsupported parameter; did you mean title?',
     'move_nvr_cameras.cameras[2].titel: unsupported parameter; did you mean title?'),
    ("camera: argument 'channel' is of type str found in 'cameras'.",
     "move_nvr_cameras: argument 'channel' is of type str found in 'cameras'."),
    ("email: argument 'account' is of type list", "move_nvr_email: argument 'account' is of type list"),
    ('record_config: retention_days: 999 is outside; allowed: 1-90; email: NVR 1:2: time budget used up (nvr_time_budget)',
     'move_nvr_record_config.retention_days: 999 is outside; allowed: 1-90; move_nvr_email: NVR 1:2: time budget used '
     'up (move_nvr_time_budget)'),
    ('record_template: templates[name=Night shift].schedule: unknown key x',
     'move_nvr_record_templates.templates[name=Night shift].schedule: unknown key x'),
    ("nvr_timeout: 0 is out of range; allowed: 1-300", 'move_nvr_timeout: 0 is out of range; allowed: 1-300'),
    ("nvr_host: 'https://x' is a URL; use nvr_use_https to choose (nvr_port for the port)",
     "move_nvr_host: 'https://x' is a URL; use move_nvr_use_https to choose (move_nvr_port for the port)"),
    ("argument 'nvr_port' is of type str and we were unable to convert to int",
     "argument 'move_nvr_port' is of type str and we were unable to convert to int"),
    ("argument 'email' is of type str and we were unable to convert to dict",
     "argument 'move_nvr_email' is of type str and we were unable to convert to dict"),
    ('value of resources must be one or more of: camera, email. Got no match for: emial',
     'value of move_nvr_resources must be one or more of: camera, email. Got no match for: emial'),
    ('NVR 10.0.0.1:443: login refused (HTTP 401): check nvr_username and nvr_password',
     'NVR 10.0.0.1:443: login refused (HTTP 401): check move_nvr_username and move_nvr_password'),
    ('channel 2 has no camera connected; the email was not sent', 'channel 2 has no camera connected; the email was not sent'),
    ('move_nvr_timeout: 0 is out of range', 'move_nvr_timeout: 0 is out of range'),
], ids=['typo path', 'lead-in', 'a resource option named like a resource', 'two failures', 'keyed path',
        'connection', 'hints', 'Ansible type check', 'resource type check', 'choices', 'login', 'plain words',
        'already relabelled'])
def test_relabel(labels, text, expected):
    assert relabel(text, labels) == expected


def test_relabel_a_resource_entry_message_has_no_lead_in(labels):
    assert relabel("argument 'account' is of type list", labels, resource='email') == "argument 'account' is of type list"
    assert relabel('NVR x:1: time budget (nvr_time_budget)', labels, resource='email') == (
        'NVR x:1: time budget (move_nvr_time_budget)')


@pytest.mark.parametrize('labels', [None, {}, 'text', {'nvr_host': None, 5: 'x', 'camera': 'camera'}])
def test_relabel_without_usable_labels_changes_nothing(labels):
    assert relabel('camera: cameras[0].ip: bad; nvr_host: bad', labels) == 'camera: cameras[0].ip: bad; nvr_host: bad'
    assert relabel(None, {'nvr_host': 'h'}) is None


# ------------------------------------------------------------------ for_caller

FAILED = {
    'failed': True, 'changed': True, 'msg': 'record_config: retention_days: 999 is out\nof range',
    'warnings': ['email: nvr_timeout is long'],
    'resources': {
        'email': {'changed': True, 'config': {'server': 's'}, 'requests': [{'path': '/x'}], 'diff': {'before': {}, 'after': {}}},
        'ddns': {'changed': False, 'config': {'enabled': False}, 'requests': [], 'diff': {'before': {}, 'after': {}}},
        'record_config': {'changed': False, 'failed': True, 'msg': 'retention_days: 999 (nvr_retries)'},
    },
}


def test_a_failure_at_default_verbosity_keeps_what_changed_not_every_config(labels):
    shown = for_caller(FAILED, labels, verbose=False)
    assert shown['msg'] == 'move_nvr_record_config.retention_days: 999 is out of range'
    assert shown['warnings'] == ['move_nvr_email: move_nvr_timeout is long']
    assert shown['resources'] == {
        'email': {'changed': True, 'requests': [{'path': '/x'}], 'diff': {'before': {}, 'after': {}}},
        'ddns': {'changed': False},
        'record_config': {'changed': False, 'failed': True, 'msg': 'retention_days: 999 (move_nvr_retries)'},
    }
    assert FAILED['resources']['ddns']['config'] == {'enabled': False}, 'the result given is not changed'


def test_a_failure_with_v_and_a_success_keep_everything(labels):
    assert for_caller(FAILED, labels, verbose=True)['resources']['ddns'] == FAILED['resources']['ddns']
    ok = dict(FAILED, failed=False, msg='fine')
    assert for_caller(ok, labels, verbose=False)['resources']['ddns'] == FAILED['resources']['ddns']


# ------------------------------------------------------------------ typos named where they are

def test_a_typo_in_a_list_item_is_named_with_its_index():
    found = unsupported_options(camera.ARGUMENT_SPEC, {'cameras': [{'channel': 0}, {'channel': 1}, {'channel': 2, 'titel': 'x'}]})
    assert found == [('cameras[2].titel', 'titel', sorted(camera.ARGUMENT_SPEC['cameras']['options']))]
    assert unsupported_message(found) == 'cameras[2].titel: unsupported parameter; did you mean title?'


def test_typos_at_several_levels_in_one_line():
    options = {'stat': 'merged', 'cameras': [{'channel': 1, 'motion': {'enabld': True, 'qqq': 1}}]}
    found = unsupported_options(event_action.ARGUMENT_SPEC, options)
    assert [path for path, dummy, dummy2 in found] == ['stat', 'cameras[0].motion.enabld', 'cameras[0].motion.qqq']
    text = unsupported_message(found)
    assert text.startswith('unsupported parameters: stat (did you mean state?), cameras[0].motion.enabld (did you mean '
                           'enabled?), cameras[0].motion.qqq (supported: ')
    assert '\n' not in text


def test_a_typo_through_nvr_config_keeps_its_lead_in_and_its_place(labels):
    params = {'camera': {'cameras': [{'channel': 0}, {'channel': 2, 'titel': 'x'}]}, 'email': {'server': 's'}}
    dummy, dummy2, error = validate_resources(params)
    assert error == 'camera: cameras[1].titel: unsupported parameter; did you mean title?'
    assert relabel(error, labels) == 'move_nvr_cameras.cameras[1].titel: unsupported parameter; did you mean title?'


def test_the_secrets_of_every_resource_given_are_found_selected_or_not_and_after_an_error():
    params = {'camera': {'cameras': [{'channel': 0, 'titel': 'x'}]}, 'email': {'password': 'Sm7p-Secret'},
              'ddns': {'password': 'Ddn5-Secret'}, 'resources': ['camera', 'ddns']}
    validated, secrets, error = validate_resources(params)
    assert error.startswith('camera: ') and validated == {}
    assert {'Sm7p-Secret', 'Ddn5-Secret'} <= secrets


# ------------------------------------------------------------------ selection and "no resource is managed"

def test_resources_choices_are_the_resources():
    assert ARGUMENT_SPEC['resources']['choices'] == list(RESOURCE_ORDER)


@pytest.mark.parametrize('resources, expected', [
    (None, ['email', 'ddns']), (['email'], ['email']), ([], []), ('ddns', ['ddns']), ('email, ddns', ['email', 'ddns']),
    (['camera'], []), (5, ['email', 'ddns']),
])
def test_managed_names_are_selected_and_given(resources, expected):
    params = {'email': {}, 'ddns': {}, 'resources': resources}
    assert nvr_config.managed_names(params) == expected


def test_no_resource_says_so_in_the_callers_words_and_is_not_changed(labels):
    result = NvrConfigTask().run(None, {'option_labels': labels})
    message = ('no resource is managed on this NVR (no move_nvr_* resource variable is defined, '
               'or move_nvr_resources selects none)')
    assert result['msg'] == message and result['warnings'] == [message]
    assert result['changed'] is False and result['resources'] == {} and not result.get('failed')
    plain = NvrConfigTask().run(None, {'email': {'server': 's'}, 'resources': []})
    assert plain['msg'] == 'no resource is managed on this NVR (no resource option is given, or resources selects none)'


def test_a_selected_resource_not_given_is_a_warning(labels):
    result = NvrConfigTask().run(None, {'option_labels': labels, 'resources': ['email', 'ddns']})
    assert result['warnings'][:2] == [
        'move_nvr_resources selects email, but move_nvr_email is not set: email is not managed on this NVR',
        'move_nvr_resources selects ddns, but move_nvr_ddns is not set: ddns is not managed on this NVR']


# ------------------------------------------------------------------ the baseline role's task

def test_the_task_labels_every_option_with_the_variable_it_passes(task, labels):
    options = set(task) - {'option_labels'}
    assert set(labels) == options, 'an option without a label, or a label without an option'
    for option, expression in task.items():
        if option != 'option_labels':
            assert FIRST_NAME.search(expression).group(1) == labels[option], option


def test_the_role_variables_of_this_issue_are_declared_and_defaulted():
    for role in ('baseline', 'drift_report'):
        options = load(role, 'meta', 'argument_specs.yml')['argument_specs']['main']['options']
        defaults = load(role, 'defaults', 'main.yml')
        assert options['move_nvr_resources']['type'] == 'list' and defaults['move_nvr_resources'] is None, role
        assert options['move_nvr_unknown_variables']['choices'] == ['fail', 'warn'], role
        assert options['move_nvr_unknown_variables']['default'] == defaults['move_nvr_unknown_variables'] == 'fail', role
        text = ' '.join(options['move_nvr_resources']['description'])
        assert all(name in text for name in RESOURCE_ORDER), role


@pytest.mark.parametrize('selection, expected', [
    (None, ['email', 'ddns']), (['email'], ['email']), ([], []), (['camera', 'ddns'], ['ddns']),
])
def test_the_task_manages_a_resource_only_when_selected(task, selection, expected):
    """The role's task passes every defined resource and move_nvr_resources; nvr_config manages the selected ones."""
    variables = {'move_nvr_email': {'server': 's'}, 'move_nvr_ddns': {'enabled': False}, 'move_nvr_resources': selection}
    templar = Templar(loader=DataLoader(), variables=variables)
    params = {}
    for name in list(RESOURCE_ORDER) + ['resources']:
        # One-key dicts, as the fleet check templates them: an omitted value leaves the dict.
        value = templar.template({name: trust_as_template(task[name])})
        if name in value and not re.match(r'^__omit_place_holder__', str(value[name])):
            params[name] = value[name]
    assert ('resources' in params) == (selection is not None)
    assert nvr_config.managed_names(params) == expected


def test_the_fleet_names_the_selected_resources_of_a_host_it_could_not_template(task):
    variables = {'move_nvr_email': {}, 'move_nvr_ddns': {}, 'move_nvr_resources': ['ddns']}
    assert managed_resources(task, variables) == ['ddns']
    assert managed_resources(task, dict(variables, move_nvr_resources=None)) == ['email', 'ddns']


def test_known_variables_are_cached_per_roles_folder():
    assert role_variables.known_variables() is role_variables.known_variables()


@pytest.mark.parametrize('options', [{'pre_alarm': 4242}, {'post_alarm': 'on'}])
def test_a_number_where_a_dictionary_belongs_is_refused_in_one_line(options):
    """ansible-core's validator raises on it; nvr_config names the resource instead of failing with a traceback."""
    validated, dummy, error = nvr_config.validate_resources({'record_config': options})
    assert validated == {}
    assert error.startswith('record_config: ') and '\n' not in error and '4242' not in error
