# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet's pure helpers: the baseline task as the role writes it, the resources a host manages, lost and one-line errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import RESOURCE_ORDER, misplaced_value
from ansible_collections.mobotix.move_nvr.plugins.module_utils.registry import VARIABLES
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import fleet
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.fleet import (
    BASELINE_ROLE, FleetCheck, HostVariables, baseline_argument_spec, baseline_task, lost_result, managed_resources,
    one_line, unvalidated)

try:  # ansible-core 2.19+: template text must be trusted to be templated
    from ansible.template import trust_as_template
except ImportError:  # pragma: no cover - older ansible-core
    def trust_as_template(text):
        return text

# The baseline variable of each resource (roles/baseline/tasks/main.yml).
# resource -> its baseline variable (tests/unit/plugins/test_registry.py checks the role against the registry)
RESOURCE_VARIABLES = VARIABLES
CONNECTION = ['nvr_host', 'nvr_port', 'nvr_use_https', 'nvr_validate_certs', 'nvr_ca_path', 'nvr_username', 'nvr_password',
              'nvr_timeout', 'nvr_retries', 'nvr_time_budget']


@pytest.fixture(scope='module')
def baseline():
    return baseline_task(DataLoader())


# ------------------------------------------------------------------ baseline_task

def test_the_role_lives_in_this_collection():
    assert os.path.isfile(os.path.join(BASELINE_ROLE, 'tasks', 'main.yml'))
    assert os.path.isfile(os.path.join(BASELINE_ROLE, 'defaults', 'main.yml'))


def test_baseline_task_gives_the_connection_and_every_resource(baseline):
    args, defaults = baseline
    assert sorted(args) == sorted(CONNECTION + list(RESOURCE_ORDER) + ['resources', 'unknown_variables', 'option_labels'])
    for name in RESOURCE_ORDER:
        assert args[name] == '{{ %s | default(omit) }}' % RESOURCE_VARIABLES[name], name


def test_baseline_defaults_cover_each_connection_variable(baseline):
    args, defaults = baseline
    assert set('move_' + name for name in CONNECTION) <= set(defaults)
    assert all(args[name] == '{{ move_%s }}' % name for name in CONNECTION)
    assert not set(RESOURCE_VARIABLES.values()) & set(defaults), 'a resource is managed only when its variable is set'


def test_baseline_task_text_is_trusted_as_a_template(baseline):
    args, defaults = baseline
    templar = Templar(loader=DataLoader(), variables={'move_nvr_email': {'server': 'smtp.example.com'},
                                                      'inventory_hostname': 'nvr-1'})
    assert templar.template(args['email']) == {'server': 'smtp.example.com'}
    assert templar.template(defaults['move_nvr_host']) == 'nvr-1'


class FakeLoader:
    """DataLoader.load_from_file for the two role files; `trusting` False is the loader before 2.19."""

    def __init__(self, tasks, defaults, trusting=True):
        self.files = {'tasks': tasks, 'defaults': defaults}
        self.trusting = trusting
        self.trusted = []

    def load_from_file(self, name, **kwargs):
        if kwargs and not self.trusting:
            raise TypeError('load_from_file() got an unexpected keyword argument')
        self.trusted.append(kwargs.get('trusted_as_template', False))
        return self.files[os.path.basename(os.path.dirname(name))]


NVR_CONFIG_TASK = {'name': 'Apply', 'mobotix.move_nvr.nvr_config': {'email': '{{ move_nvr_email }}'}, 'register': 'r'}
OTHER_TASK = {'name': 'Debug', 'ansible.builtin.debug': {'msg': 'x'}}


@pytest.mark.parametrize('tasks', [
    [],
    [OTHER_TASK],
    [NVR_CONFIG_TASK, NVR_CONFIG_TASK],
    [{'name': 'short name', 'nvr_config': {'email': '{{ move_nvr_email }}'}}],
], ids=['no task', 'no nvr_config task', 'two nvr_config tasks', 'short module name'])
def test_baseline_task_needs_exactly_one_nvr_config_task(tasks):
    with pytest.raises(ValueError, match='exactly one mobotix.move_nvr.nvr_config task'):
        baseline_task(FakeLoader(tasks, {}))


@pytest.mark.parametrize('trusting', [True, False], ids=['2.19 loader', 'older loader'])
@pytest.mark.parametrize('defaults, expected', [({'move_nvr_timeout': 5}, {'move_nvr_timeout': 5}), (None, {})],
                         ids=['defaults', 'empty defaults file'])
def test_baseline_task_returns_the_one_task_and_the_defaults(trusting, defaults, expected):
    loader = FakeLoader([OTHER_TASK, NVR_CONFIG_TASK], defaults, trusting=trusting)
    args, found = baseline_task(loader)
    assert (args, found) == ({'email': '{{ move_nvr_email }}'}, expected)
    assert loader.trusted == [trusting, trusting]
    args['ddns'] = 'x'
    assert 'ddns' not in NVR_CONFIG_TASK['mobotix.move_nvr.nvr_config'], 'a copy, not the loaded task'


# ------------------------------------------------------------------ managed_resources

@pytest.mark.parametrize('resource', RESOURCE_ORDER)
def test_each_resource_is_managed_when_its_variable_is_defined(baseline, resource):
    args, dummy = baseline
    assert managed_resources(args, {RESOURCE_VARIABLES[resource]: {'x': 1}}) == [resource]


@pytest.mark.parametrize('variables, expected', [
    ({}, []),
    ({'move_nvr_host': 'h', 'move_nvr_username': 'u', 'move_nvr_timeout': 10}, []),
    ({'move_nvr_email': None}, ['email']),
    ({'move_nvr_email': '{{ undefined_thing }}'}, ['email']),
    ({'move_nvr_ddns': {}, 'move_nvr_cameras': [], 'move_nvr_record_config': {}}, ['camera', 'ddns', 'record_config']),
    ({'move_nvr_camera': [], 'move_nvr_account': [], 'move_nvr_record_template': []}, []),
    (dict((v, {}) for v in RESOURCE_VARIABLES.values()), list(RESOURCE_ORDER)),
], ids=['nothing', 'connection only', 'defined as None', 'defined as a broken template', 'in resource order',
        'near-miss names', 'everything'])
def test_managed_resources_follows_the_variables_defined(baseline, variables, expected):
    args, dummy = baseline
    assert managed_resources(args, variables) == expected


def test_managed_resources_of_an_args_template_without_resources():
    assert managed_resources({'nvr_host': '{{ move_nvr_host }}'}, {'move_nvr_email': {}}) == []


# ------------------------------------------------------------------ lost_result and one_line

def test_lost_result_is_a_failed_result_naming_the_host_and_why():
    assert lost_result('nvr-7', 'RuntimeError: boom') == {
        'failed': True, 'changed': False, 'managed': [], 'nvr_failure': 'error',
        'msg': 'internal error in mobotix.move_nvr: the check of nvr-7 was lost (RuntimeError: boom); please report it'}


@pytest.mark.parametrize('error, expected', [
    (ValueError('one line'), 'one line'),
    (ValueError('first\nsecond'), 'first'),
    (ValueError('\n\n   indented first  \nsecond'), 'indented first'),
    (ValueError('  \n\t\n'), 'ValueError'),
    (ValueError(), 'ValueError'),
    (KeyError('nvr_host'), "'nvr_host'"),
    ('a string\nas error', 'a string'),
])
def test_one_line(error, expected):
    assert one_line(error) == expected


# ------------------------------------------------------------------ HostVariables with the real templar

class FakeVariableManager:
    def __init__(self, hosts):
        self.hosts = hosts
        self.calls = []

    def get_vars(self, play, host, task, _hosts, _hosts_all):
        self.calls.append((play, host, task, _hosts, _hosts_all))
        return dict(self.hosts[host])


class FakeInventory:
    def __init__(self, hosts):
        self.hosts = hosts

    def get_host(self, name):
        return name if name in self.hosts else None


class FakeHostVars:
    def __init__(self, hosts):
        self._variable_manager = FakeVariableManager(hosts)
        self._inventory = FakeInventory(hosts)


class FakeTask:
    def get_play(self):
        return 'the play'


def test_host_variables_template_the_baseline_per_host(baseline):
    args_template, defaults = baseline
    # (the defaults' env lookups need Ansible's collection loader: the group gives the credentials here)
    group = {'move_nvr_username': 'admin', 'move_nvr_password': trust_as_template('{{ vault_password }}'),
             'vault_password': 'Secret-1', 'move_nvr_email': {'server': trust_as_template('{{ smtp_host }}'), 'port': 25}}
    hosts = {
        'nvr-1': dict(group, inventory_hostname='nvr-1', ansible_host='10.0.0.1', smtp_host='a.example.com'),
        'nvr-2': dict(group, inventory_hostname='nvr-2', smtp_host='b.example.com', move_nvr_port=8443),
        'nvr-3': dict((k, v) for k, v in dict(group, inventory_hostname='nvr-3').items() if k != 'move_nvr_email'),
    }
    hostvars = FakeHostVars(hosts)
    task_vars = {'hostvars': hostvars, 'ansible_play_hosts': ['nvr-1', 'nvr-2'], 'ansible_play_hosts_all': sorted(hosts)}
    variables = HostVariables(FakeTask(), task_vars, Templar(loader=DataLoader()), defaults)
    args = dict((host, variables.template(args_template, variables.variables(host))) for host in sorted(hosts))
    common = {'nvr_use_https': True, 'nvr_validate_certs': True, 'nvr_username': 'admin', 'nvr_password': 'Secret-1',
              'nvr_timeout': 10, 'nvr_retries': 3, 'nvr_time_budget': 300, 'unknown_variables': 'fail',
              'option_labels': dict(args_template['option_labels'])}
    assert args['nvr-1'] == dict(common, nvr_host='10.0.0.1', email={'server': 'a.example.com', 'port': 25})
    assert args['nvr-2'] == dict(common, nvr_host='nvr-2', nvr_port=8443, email={'server': 'b.example.com', 'port': 25})
    assert args['nvr-3'] == dict(common, nvr_host='nvr-3')
    templated, reused = variables.templating
    assert templated + reused == len(hosts) * len(args_template)
    assert reused >= 2 * len(common), 'the connection defaults are the same on every host'
    assert hostvars._variable_manager.calls[0] == ('the play', 'nvr-1', variables._task, ['nvr-1', 'nvr-2'], sorted(hosts))  # pylint: disable=protected-access
    with pytest.raises(KeyError):
        variables.variables('nvr-unknown')


# ------------------------------------------------------------------ a number where the role declares a dictionary

@pytest.fixture(scope='module')
def role_spec():
    return baseline_argument_spec(DataLoader())


@pytest.fixture(scope='module')
def full_role_spec():
    """Entry point validate: the resource variables with their options (main declares them as bare dictionaries)."""
    import yaml
    with open(os.path.join(BASELINE_ROLE, 'meta', 'argument_specs.yml')) as f:
        return yaml.safe_load(f)['argument_specs']['validate']['options']


# ansible-core's ArgumentSpecValidator raises TypeError on these (2.19) instead of refusing them.
MISPLACED = [
    ({'move_nvr_email': 4242}, ('move_nvr_email', 'int')),
    ({'move_nvr_email': [4242]}, ('move_nvr_email', 'list')),
    ({'move_nvr_ddns': True}, ('move_nvr_ddns', 'bool')),
    ({'move_nvr_record_config': {'retention_days': 30, 'pre_alarm': 4242}}, ('move_nvr_record_config.pre_alarm', 'int')),
    ({'move_nvr_record_config': {'post_alarm': 4.5}}, ('move_nvr_record_config.post_alarm', 'float')),
    ({'move_nvr_event_action': {'cameras': [{'channel': 0, 'motion': {'enabled': True}}, {'channel': 1, 'motion': 7}]}},
     ('move_nvr_event_action.cameras[1].motion', 'int')),
]
MISPLACED_IDS = ['resource', 'resource as a list', 'resource as a boolean', 'option', 'option as a float',
                 'option of a list element']


@pytest.mark.parametrize('arguments, expected', MISPLACED, ids=MISPLACED_IDS)
def test_misplaced_value_names_the_option_and_the_type(full_role_spec, arguments, expected):
    assert misplaced_value(full_role_spec, arguments) == expected


@pytest.mark.parametrize('arguments', [
    {},
    {'move_nvr_email': {'server': 'smtp.example.com', 'port': 25}, 'move_nvr_timeout': 10},
    {'move_nvr_email': None, 'move_nvr_record_config': {'pre_alarm': None}},
    {'move_nvr_email': 'text', 'move_nvr_record_config': {'pre_alarm': {'seconds': 4242}}},
    {'move_nvr_event_action': {'cameras': [4242]}},  # elements of a list: ansible-core refuses these itself
    {'move_nvr_unknown': 4242, 'move_nvr_cameras': {'cameras': [{'channel': 0, 'nothing': 1}]}},
], ids=['nothing', 'valid', 'null', 'text and a number inside', 'number as a list element', 'names not in the spec'])
def test_misplaced_value_finds_nothing_where_the_validator_copes(full_role_spec, arguments):
    assert misplaced_value(full_role_spec, arguments) is None


class RaisingValidator:
    """A validator that raises on some variables."""

    def __init__(self, raising):
        self.raising = raising

    def validate(self, arguments, **kwargs):
        if set(arguments) & set(self.raising):
            raise TypeError('boom %r' % arguments)
        return None


def test_unvalidated_names_the_variable_and_quotes_no_value(role_spec):
    arguments = {'move_nvr_password': 'Pw-4242', 'move_nvr_email': 4242}
    assert unvalidated(role_spec, arguments, RaisingValidator([]), TypeError('x')) == \
        'move_nvr_email is of type int, where the baseline role declares a dictionary'
    # Another reason to raise: each variable checked alone, the ones it raises on named, the error's type only.
    arguments = {'move_nvr_password': 'Pw-4242', 'move_nvr_ddns': {'x': 'Pw-4242'}, 'move_nvr_email': {'y': 1}}
    message = unvalidated(role_spec, arguments, RaisingValidator(['move_nvr_ddns', 'move_nvr_email']), ValueError('Pw-4242'))
    assert message == "move_nvr_ddns, move_nvr_email could not be checked by the baseline role's argument validation (ValueError)"
    assert unvalidated(role_spec, {'move_nvr_ddns': {}}, RaisingValidator([]), KeyError('k')) == \
        "the role's variables could not be checked by the baseline role's argument validation (KeyError)"


class FixedVariables:
    """HostVariables with each host's task arguments given."""

    def __init__(self, hosts):
        self.hosts = hosts

    def variables(self, host):
        return {'inventory_hostname': host}

    def template(self, args_template, variables):
        return dict(self.hosts[variables['inventory_hostname']])


SECRET = 'Unit-Secret-4242'


def fleet_args(**resources):
    args = {'nvr_host': '127.0.0.1', 'nvr_port': 1, 'nvr_use_https': False, 'nvr_username': 'Admin',
            'nvr_password': SECRET, 'nvr_retries': 0, 'nvr_timeout': 5,
            'account': {'accounts': [{'name': 'operator', 'password': SECRET}]}}
    args.update(resources)
    return args


@pytest.mark.parametrize('with_role_spec', [True, False], ids=['role spec', 'no role spec'])
@pytest.mark.parametrize('resources, variable', [
    ({'record_config': {'retention_days': 30, 'pre_alarm': 4242}}, 'move_nvr_record_config'),
    ({'email': 4242}, 'move_nvr_email'),
], ids=['option', 'resource'])
def test_a_number_where_a_dictionary_belongs_refuses_that_host_alone(baseline, role_spec, resources, variable,
                                                                     with_role_spec):
    """No TypeError out of the check: that host's refusal (options_refused), one line naming the role's variable."""
    args_template, dummy = baseline
    hosts = {'nvr-bad': fleet_args(**resources), 'nvr-ok': fleet_args(email={'server': 'smtp.example.com'})}
    hosts['nvr-ok']['option_labels'] = hosts['nvr-bad']['option_labels'] = dict(args_template['option_labels'])
    check = FleetCheck(FixedVariables(hosts), args_template, 1, 1, role_spec if with_role_spec else None)
    job, failure = check.prepare('nvr-bad')
    assert job is None
    assert failure['failed'] is True and failure['nvr_failure'] == 'options_refused', failure
    assert failure['managed'] == [name for name in RESOURCE_ORDER if name in ('account',) + tuple(resources)]
    assert variable in failure['msg'], failure['msg']
    if with_role_spec and variable == 'move_nvr_email':
        # The role declares the resource a dictionary: its own refusal, worded as the per-host role's.
        assert failure['msg'].startswith('Validation of arguments failed:'), failure['msg']
    elif variable == 'move_nvr_email':
        assert '\n' not in failure['msg'] and 'move_nvr_email' in failure['msg'], failure['msg']
    else:  # an option inside it: the module's own check names it (main declares the resources as bare dictionaries)
        assert failure['msg'] == '%s.pre_alarm: is of type int, where the module declares a dictionary' % variable
    assert SECRET not in repr(failure) and '4242' not in failure['msg']
    job, failure = check.prepare('nvr-ok')
    assert failure is None and job.managed == ['account', 'email'] and SECRET in job.secrets


def test_an_error_preparing_one_host_fails_that_host_alone(baseline, monkeypatch):
    args_template, dummy = baseline
    hosts = {'nvr-ok': fleet_args(email={'server': 'smtp.example.com'}), 'nvr-bug': fleet_args()}
    check = FleetCheck(FixedVariables(hosts), args_template, 2, 1)
    prepare = check.prepare

    def buggy(host):
        if host == 'nvr-bug':
            raise TypeError('a value %s' % SECRET)
        return prepare(host)
    monkeypatch.setattr(check, 'prepare', buggy)
    monkeypatch.setattr(fleet, 'check_nvr', lambda task, params, secrets, check_mode=True: {'changed': False, 'resources': {}})
    results = check.run_here(['nvr-bug', 'nvr-ok'], 2)
    assert results['nvr-bug'] == lost_result('nvr-bug', 'TypeError')
    assert results['nvr-ok'] == {'changed': False, 'resources': {}}


def test_fleet_module_reads_the_role_of_its_own_collection():
    assert fleet.COLLECTION_ROOT == os.path.dirname(os.path.dirname(BASELINE_ROLE))
