# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The baseline's entry point `validate` declares each resource variable's option names and structure; the module
checks values; entry point `main` declares the resource variables as bare dictionaries.

tests/ci/role_specs.py writes those blocks of roles/*/meta/argument_specs.yml
from the modules: with their options in the entry point `validate`
(playbooks/validate.yml, the lint stage, which contacts no NVR), as bare
dictionaries in `main` (playbooks/site.yml: there the module refuses a
misspelt option in one line naming the role variable, where ansible-core's
role validation would print the whole argument spec). ansible-core's role argument validation quotes a value it
refuses (a type or a choice) without masking no_log values, so the role spec
says only what it can check without quoting a value - names, dictionaries and
lists of dictionaries, required, no_log, constraints - and every other option
is `raw` (a list of values a `list` without elements), its type and choices
in its description; the module's own validation, which masks secrets, checks
the values. These tests fail when a module changed and the role spec was not
regenerated, when the role and the module disagree on names, structure,
required or no_log (read independently of the generator), when the role
would quote a value, and when the generator would drop or alter a
hand-written line.
"""

from __future__ import annotations

import copy
import importlib.util
import pathlib
import shutil
import subprocess
import sys

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

ROOT = pathlib.Path(__file__).resolve().parents[3]
SCRIPT = ROOT / 'tests' / 'ci' / 'role_specs.py'
BASELINE_SPEC = ROOT / 'roles' / 'baseline' / 'meta' / 'argument_specs.yml'
CONSTRAINTS = ('mutually_exclusive', 'required_together', 'required_one_of', 'required_if', 'required_by')
SECRET = 'S3cret-Leaf-Pw'  # no comma, no '=', not starting with '{': see test_what_ansible_core_still_reads_into_a_text


def load_script():
    spec = importlib.util.spec_from_file_location('role_specs', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def generator():
    return load_script()


@pytest.fixture(scope='module')
def entry_points():
    return yaml.safe_load(BASELINE_SPEC.read_text())['argument_specs']


@pytest.fixture(scope='module')
def role_options(entry_points):
    """The options of the entry point `validate`: the resource variables with their modules' options."""
    return entry_points['validate']['options']


@pytest.fixture(scope='module')
def resources(generator):
    generator.import_collection(str(ROOT))
    return generator.resource_variables(str(ROOT))


@pytest.fixture(scope='module')
def role(role_options):
    return ArgumentSpecValidator(role_options)


def module_spec(name):
    return importlib.import_module('ansible_collections.mobotix.move_nvr.plugins.modules.%s' % name).ARGUMENT_SPEC


def run_script(*args):
    return subprocess.run([sys.executable, str(SCRIPT)] + list(args), capture_output=True, text=True, check=False, timeout=120)


def role_errors(role, variable, options):
    return role.validate({variable: copy.deepcopy(options)}, validate_role_argument_spec=True).error_messages


def module_errors(module, options):
    return ArgumentSpecValidator(module_spec(module)).validate(copy.deepcopy(options)).error_messages


def test_the_role_specs_are_what_the_modules_give():
    """The generator's --check, in a fresh interpreter: fails when a module changed and --write was not run."""
    proc = run_script('--check', str(ROOT))
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr


def test_every_resource_of_the_baseline_is_declared_with_its_options_in_validate_and_bare_in_main(resources, entry_points):
    registry = importlib.import_module('ansible_collections.mobotix.move_nvr.plugins.module_utils.registry')
    assert resources == [(entry.variable, entry.name) for entry in registry.REGISTRY]
    assert sorted(entry_points) == ['main', 'validate']
    main, validate = entry_points['main']['options'], entry_points['validate']['options']
    for variable, module in resources:
        assert validate[variable]['type'] == 'dict', variable
        assert validate[variable]['options'], '%s is a bare dict in validate' % variable
        # main: a dictionary only; the module refuses a misspelt option in one line naming the variable.
        assert sorted(main[variable]) == ['description', 'type'] and main[variable]['type'] == 'dict', (variable, main[variable])
        assert any('M(mobotix.move_nvr.%s)' % module in line for line in main[variable]['description']), variable
        assert any('C(validate)' in line for line in main[variable]['description']), variable


def test_the_other_variables_are_the_same_in_both_entry_points(resources, entry_points):
    """The connection and control variables are written by hand in both: validate checks what main checks."""
    variables = set(v for v, dummy in resources)
    main, validate = entry_points['main']['options'], entry_points['validate']['options']
    others = dict((name, option) for name, option in main.items() if name not in variables)
    assert 'move_nvr_password' in others and 'move_nvr_unknown_variables' in others
    assert dict((name, option) for name, option in validate.items() if name not in variables) == others


def test_the_validate_entry_point_contacts_no_nvr_and_its_playbook_runs_it_on_every_nvr():
    """Its tasks are debug messages only; playbooks/validate.yml applies the role with tasks_from validate (ansible-core
    runs the argument validation of the entry point named by tasks_from)."""
    tasks = yaml.safe_load((ROOT / 'roles' / 'baseline' / 'tasks' / 'validate.yml').read_text())
    assert tasks and all(set(task) == {'name', 'ansible.builtin.debug'} for task in tasks), tasks
    plays = yaml.safe_load((ROOT / 'playbooks' / 'validate.yml').read_text())
    assert len(plays) == 1 and plays[0]['hosts'] == 'nvrs' and plays[0]['gather_facts'] is False
    assert plays[0]['tasks'] == [{'name': plays[0]['tasks'][0]['name'], 'ansible.builtin.import_role': {
        'name': 'mobotix.move_nvr.baseline', 'tasks_from': 'validate'}}]


def test_main_lets_a_misspelt_option_through_for_the_module_to_refuse(resources, entry_points):
    """Bare dictionaries in main: the module refuses the typo (in one line, tests/integration/test_role_specs.py)."""
    main = ArgumentSpecValidator(entry_points['main']['options'])
    for module, cases in REFUSED_BY_ROLE.items():
        variable = dict((m, v) for v, m in resources)[module]
        for options, dummy in cases:
            if isinstance(options, dict):
                assert role_errors(main, variable, options) == [], (variable, options)
                assert module_errors(module, options), ('the module accepts', module, options)


# ------------------------------------------------------------------ role and module agree (read independently)

def module_kind(option):
    kind = option.get('type', 'str')
    if kind == 'dict':
        return 'dict'
    if kind == 'list':
        return 'list of dicts' if option.get('elements') == 'dict' else 'list of values'
    return 'value'


def role_kind(option):
    """What a role option is; a value option that says more than `raw` (or `list` without elements) is refused here:
    a type, elements or choices checked by the role's validation would quote the value it refuses."""
    kind, elements = option.get('type', 'str'), option.get('elements')
    if kind == 'dict' and elements is None:
        return 'dict'
    if kind == 'list' and elements == 'dict':
        return 'list of dicts'
    if 'choices' in option:
        return 'value with choices: %s' % option['choices']
    if kind == 'list' and elements is None:
        return 'list of values'
    if kind == 'raw' and elements is None:
        return 'value'
    return 'type %s, elements %s' % (kind, elements)


def shape(spec, kind):
    """{option: (kind, required, no_log, default, constraints, suboptions)} of a module spec or a role spec's options."""
    return dict((name, (kind(option), bool(option.get('required')), bool(option.get('no_log')), option.get('default'),
                        dict((key, option[key]) for key in CONSTRAINTS if option.get(key)),
                        shape(option.get('options') or {}, kind)))
                for name, option in spec.items())


def test_each_role_variable_has_its_module_names_structure_required_no_log_and_defaults(resources, role_options):
    for variable, module in resources:
        assert shape(role_options[variable]['options'], role_kind) == shape(module_spec(module), module_kind), variable


def value_options(spec, path=''):
    """(path, option) of every option of a module spec that is neither a dict nor a list of dicts."""
    for name, option in spec.items():
        if option.get('options'):
            yield from value_options(option['options'], '%s%s%s.' % (path, name, '[]' if option.get('type') == 'list' else ''))
        elif module_kind(option) not in ('dict', 'list of dicts'):
            yield path + name, option


def role_option(options, path):
    for name in path.replace('[]', '').split('.'):
        option = options[name]
        options = option.get('options')
    return option


TYPE_WORDS = {'int': 'integer', 'str': 'string', 'bool': 'boolean'}


def test_the_description_of_each_value_option_states_the_module_type_and_choices(resources, role_options):
    """ansible-doc -t role shows `raw`: the description's last line says what the module takes."""
    seen = 0
    for variable, module in resources:
        for path, option in value_options(module_spec(module)):
            last = role_option(role_options[variable]['options'], path)['description'][-1]
            where = (variable, path, last)
            if option.get('choices'):
                assert all('V(%s)' % choice in last for choice in option['choices']), where
            if option.get('type', 'str') == 'list':
                assert last.startswith('A list'), where
                if option.get('elements'):
                    assert TYPE_WORDS[option['elements']] in last, where
            elif not option.get('choices'):
                assert TYPE_WORDS[option.get('type', 'str')] in last, where
            seen += 1
    assert seen >= 80, seen


# ------------------------------------------------------------------ what the role refuses, and what it never quotes

REFUSED_BY_ROLE = {
    'record_config': [({'retention_day': 30}, 'move_nvr_record_config.retention_day. Supported parameters include'),
                      ({'pre_alarm': {'second': 5}}, 'move_nvr_record_config.pre_alarm.second. Supported parameters')],
    'email': [({'provder': 'custom'}, 'move_nvr_email.provder. Supported parameters include')],
    'ddns': [({'server': 'NoIP', 'user': 'nvr'}, 'move_nvr_ddns.user. Supported parameters include')],
    'system_monitor': [({'cpu_fan': 'on'}, "argument 'cpu_fan' is of type str found in 'move_nvr_system_monitor'"),
                       ({'gpu_fan': {}}, 'move_nvr_system_monitor.gpu_fan. Supported parameters include')],
    'event_action': [({'cameras': [{'motion': {'enabled': True}}]},
                      'missing required arguments: channel found in move_nvr_event_action -> cameras'),
                     ({'cameras': [{'channel': 0, 'motion': {'enable': True}}]},
                      'move_nvr_event_action.cameras.motion.enable. Supported parameters include')],
    'record_template': [({'templates': [{'schedule': {}}]}, 'missing required arguments: name found in '
                                                            'move_nvr_record_templates -> templates'),
                        ({'templates': [{'name': 'T', 'schedule': {'monday': []}}]},
                         'move_nvr_record_templates.templates.schedule.monday. Supported parameters include'),
                        ({'channels': [{'channel': 0, 'templates': 'T'}]},
                         'move_nvr_record_templates.channels.templates. Supported parameters include')],
    'account': [({'accounts': [{'password': 'Secr3t-Pw'}]}, 'missing required arguments: name found in move_nvr_accounts'),
                ({'accounts': 'operator'}, "Elements value for option 'accounts' found in 'move_nvr_accounts'")],
    'camera': [({'camera': [{'channel': 1}]}, 'move_nvr_cameras.camera. Supported parameters include'),
               ({'cameras': [{'ip': '192.0.2.1'}]}, 'missing required arguments: channel found in move_nvr_cameras')],
}


@pytest.mark.parametrize('module', sorted(REFUSED_BY_ROLE))
def test_the_role_refuses_misspelt_names_and_wrong_structure_naming_where(resources, role, module):
    variable = dict((m, v) for v, m in resources)[module]
    for options, expected in REFUSED_BY_ROLE[module]:
        assert module_errors(module, options), ('the module accepts', module, options)
        errors = role_errors(role, variable, options)
        assert any(expected in error for error in errors), (variable, options, errors)


def options_at(spec, path):
    """The smallest options of a module spec that reach `path` (a.b[].c); each list of dicts has one item, with
    its required options given. ({options}, setter): setter(value) puts value at path into a copy."""
    def required(level, but):
        return dict((n, {'int': 0, 'bool': True}.get(o.get('type', 'str'), 'x'))
                    for n, o in level.items() if o.get('required') and n != but)

    names = path.split('.')

    def build(level, depth, value):
        name = names[depth].replace('[]', '')
        if depth == len(names) - 1:
            return dict(required(level, name), **{name: value})
        inner = build(level[name]['options'], depth + 1, value)
        return dict(required(level, name), **{name: [inner] if names[depth].endswith('[]') else inner})
    return lambda value: build(spec, 0, value)


def test_the_role_quotes_no_value_put_in_any_value_option_and_the_module_refuses_the_wrong_ones(resources, role):
    """A secret in every value option of every resource: the text, and in a list. A type or a choice it does not
    fit is the module's to refuse (masked: tests/integration/test_role_specs.py); the role lets it through."""
    refused_by_module = 0
    for variable, module in resources:
        spec = module_spec(module)
        for path, option in value_options(spec):
            at = options_at(spec, path)
            for value in (SECRET, [SECRET]):
                errors = role_errors(role, variable, at(value))
                assert not [error for error in errors if SECRET in error], (variable, path, errors)
                assert errors == [], (variable, path, value, errors)
            kind, elements = option.get('type', 'str'), option.get('elements')
            if option.get('choices') or kind in ('int', 'bool') or (kind == 'list' and elements in ('int', 'bool')):
                wrong = [SECRET] if kind == 'list' else SECRET
                assert module_errors(module, at(wrong)), ('the module accepts', module, path, wrong)
                refused_by_module += 1
    assert refused_by_module >= 50, refused_by_module


def structure_options(spec, path=''):
    for name, option in spec.items():
        if module_kind(option) in ('dict', 'list of dicts'):
            yield path + name, option
            if option.get('options'):
                yield from structure_options(option['options'], '%s%s%s.' % (path, name, '[]' if option['type'] == 'list' else ''))


def test_a_secret_where_a_dictionary_belongs_is_refused_naming_the_option_not_the_secret(resources, role):
    seen = 0
    for variable, module in resources:
        errors = role_errors(role, variable, SECRET)
        assert errors and any("'%s'" % variable in error for error in errors), (variable, errors)
        assert not [error for error in errors if SECRET in error], (variable, errors)
        spec = module_spec(module)
        for path, dummy in structure_options(spec):
            name = path.rsplit('.', 1)[-1].replace('[]', '')
            errors = role_errors(role, variable, options_at(spec, path)(SECRET))
            assert errors and any("'%s'" % name in error for error in errors), (variable, path, errors)
            assert not [error for error in errors if SECRET in error], (variable, path, errors)
            seen += 1
    assert seen >= 15, seen


def test_what_ansible_core_still_reads_into_a_text_or_number_where_a_dictionary_belongs(role):
    """What docs/fleet-workflow.md says the role's validation still shows (ansible-core 2.19; no role spec that
    declares a dictionary's options avoids it): fails when ansible-core changes, so that the page is updated."""
    # A text with '=' is read as key=value pairs: the text before '=' is named as an unknown option.
    assert role_errors(role, 'move_nvr_ddns', 'ab=cd') == [
        'move_nvr_ddns.ab. Supported parameters include: enabled, hostname, password, port, server, state, username.']
    assert role_errors(role, 'move_nvr_record_config', {'pre_alarm': 'Ab=' + SECRET}) == [
        'move_nvr_record_config.pre_alarm.Ab. Supported parameters include: enabled, seconds.']
    # A number in a list of dictionaries is quoted.
    errors = role_errors(role, 'move_nvr_cameras', {'cameras': [4242]})
    assert "Value '4242' in the sub parameter field 'cameras' must be a list, not 'int'" in errors
    # A number where a dictionary belongs stops the validation itself (TypeError, a message without the value).
    with pytest.raises(TypeError, match="argument of type 'int' is not iterable"):
        role_errors(role, 'move_nvr_record_config', {'pre_alarm': 4242})


# (options, the option the module's refusal names)
REFUSED_BY_MODULE = {
    'email': [({'provider': 'outlook'}, 'value of provider must be one of: gmail, yahoo_mail, custom'),
              ({'port': 'smtp'}, "argument 'port' is of type str"), ({'ssl': 'maybe'}, "argument 'ssl'")],
    'ddns': [({'server': 'DuckDNS'}, 'value of server must be one of'), ({'enabled': 'sometimes'}, "argument 'enabled'")],
    'system_monitor': [({'cpu_fan': {'threshold': 'high'}}, "argument 'threshold' is of type str found in 'cpu_fan'")],
    'event_action': [({'alarm_inputs': [{'input': 0, 'alarm_out': ['one']}]}, "Elements value for option 'alarm_out'")],
    'record_config': [({'retention_days': 'thirty'}, "argument 'retention_days'"),
                      ({'state': 'overridden'}, 'value of state must be one of: merged, replaced')],
    'record_template': [({'state': 'absent'}, 'value of state must be one of')],
    'account': [({'accounts': [{'name': 'op', 'permissions': ['admin']}]}, 'value of permissions must be one or more of'),
                ({'update_password': 'never'}, 'value of update_password must be one of: always, on_create')],
    'camera': [({'cameras': [{'channel': 0, 'protocol': 'HTTP'}]}, 'value of protocol must be one of'),
               ({'allow_disconnect_all': 'perhaps'}, "argument 'allow_disconnect_all'")],
}


@pytest.mark.parametrize('module', sorted(REFUSED_BY_MODULE))
def test_a_wrong_value_passes_the_role_and_the_module_refuses_it_naming_the_option(resources, role, module):
    variable = dict((m, v) for v, m in resources)[module]
    for options, expected in REFUSED_BY_MODULE[module]:
        assert role_errors(role, variable, options) == [], (variable, options)
        errors = module_errors(module, options)
        assert any(expected in error for error in errors), (module, options, errors)


def test_the_role_accepts_the_demo_baseline_and_marks_every_password_no_log(generator, role_options):
    args = generator.demo_arguments(str(ROOT), role_options)
    assert len(args) >= 16
    checked = ArgumentSpecValidator(role_options).validate(args, validate_role_argument_spec=True)
    assert checked.error_messages == []
    passwords = set([args['move_nvr_email']['password'], args['move_nvr_password']])
    passwords.update(item['password'] for item in args['move_nvr_cameras']['cameras'] + args['move_nvr_accounts']['accounts'])
    assert passwords <= checked._no_log_values  # pylint: disable=protected-access


# ------------------------------------------------------------------ the generator

@pytest.mark.parametrize('entry', ['main', 'validate'])
def test_references_in_the_generated_descriptions_name_options_of_the_role(generator, resources, entry_points, entry):
    """O(move_nvr_email.password) must exist in the entry point's spec; antsibull-docs would otherwise refuse the docs."""
    def walk(options, prefix):
        for name, option in options.items():
            yield prefix + name, option
            yield from walk(option.get('options') or {}, prefix + name + '.')

    options = entry_points[entry]['options']
    known = set(path for path, dummy in walk(options, ''))
    for variable, dummy in resources:
        for path, option in walk({variable: options[variable]}, ''):
            for text in option['description']:
                for kind, body in generator.MARKUP.findall(text):
                    if kind == 'O' and '#' not in body:
                        assert body.split('=')[0].replace('[]', '') in known, (path, text)


@pytest.mark.parametrize('option, line', [
    ({'type': 'int'}, 'An integer.'),
    ({}, 'A string.'),
    ({'type': 'bool', 'default': False}, 'A boolean.'),
    ({'type': 'str', 'choices': ['gmail', 'yahoo_mail', 'custom']}, 'One of V(gmail), V(yahoo_mail), V(custom).'),
    ({'type': 'str', 'choices': ['a)b', 'c\\d']}, 'One of V(a\\)b), V(c\\\\d).'),
    ({'type': 'int', 'choices': [1, 2]}, 'One of V(1), V(2).'),
    ({'type': 'list', 'elements': 'int'}, 'A list of integers.'),
    ({'type': 'list', 'elements': 'str', 'choices': ['ptz', 'playback']}, 'A list of strings, each one of V(ptz), V(playback).'),
    ({'type': 'list'}, 'A list.'),
])
def test_the_last_line_of_a_value_option(generator, option, line):
    assert generator.value_line(option, 'x') == line


def test_a_module_type_without_wording_is_refused(generator):
    with pytest.raises(generator.SpecError, match='type bits has no wording'):
        generator.value_line({'type': 'bits'}, 'x')


HAND_WRITTEN = '''---
# a comment that stays
argument_specs:
  main:
    short_description: test
    options:
      move_nvr_host:
        description: Kept as it is.
        type: str

      move_nvr_record_config:
        description: Replaced.
        type: dict
      # a comment between two options, kept
      move_nvr_something_new:
        description:
          - Another developer's variable, kept.
        type: list
        elements: str
  validate:
    options:
      move_nvr_record_config:
        type: dict
      move_nvr_host:
        description: Kept as it is.
  other:
    options:
      move_nvr_record_config:
        type: dict
'''


def test_only_the_generated_blocks_are_rewritten_with_options_in_validate_only(generator):
    full = ['      move_nvr_record_config:', '        type: dict', '        options: {}']
    bare = ['      move_nvr_record_config:', '        type: dict', '        description: bare']
    generated = {'move_nvr_record_config': (full, bare), 'move_nvr_email': (['      x: 1'], ['      y: 1'])}
    text = generator.regenerate(HAND_WRITTEN, generated)
    lines = HAND_WRITTEN.splitlines()
    first = lines.index('        description: Replaced.')
    in_validate = lines.index('  validate:') + 2
    expected = (lines[:first] + bare[1:] + lines[first + 2:in_validate] + full + lines[in_validate + 2:]
                + ['        description: bare'])
    assert text == '\n'.join(expected) + '\n'
    assert generator.regenerate(text, generated) == text
    assert generator.declared_in(text, 'validate') == {'move_nvr_record_config', 'move_nvr_host'}


def copy_collection(tmp_path):
    """The files the generator reads, in an ansible_collections tree of their own."""
    root = tmp_path / 'ansible_collections' / 'mobotix' / 'move_nvr'
    for folder in ('plugins', 'roles', 'playbooks', 'tests/ci'):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns('__pycache__'))
    return root


def test_check_fails_when_a_module_changes_and_write_brings_the_role_back_in_line(tmp_path):
    root = copy_collection(tmp_path)
    resource = root / 'plugins' / 'module_utils' / 'resources' / 'email.py'
    source = resource.read_text()
    assert "PROVIDERS = " in source
    resource.write_text(source.replace("ARGUMENT_SPEC = dict(\n", "PROVIDERS = list(PROVIDERS) + ['outlook']\nARGUMENT_SPEC = dict(\n", 1))
    spec = root / 'roles' / 'baseline' / 'meta' / 'argument_specs.yml'
    before = spec.read_text()
    proc = run_script('--check', str(root))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    line = '              - One of V(gmail), V(yahoo_mail), V(custom), V(outlook).'
    assert '+' + line in proc.stdout
    assert 'roles/baseline/meta/argument_specs.yml differ from the modules' in proc.stderr
    assert spec.read_text() == before, '--check writes nothing'
    proc = run_script('--write', str(root))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert run_script('--check', str(root)).returncode == 0
    changed = [text for text in spec.read_text().splitlines() if text not in before.splitlines()]
    assert changed == [line]


def test_a_resource_variable_missing_from_an_entry_point_is_refused(tmp_path):
    root = copy_collection(tmp_path)
    spec = root / 'roles' / 'baseline' / 'meta' / 'argument_specs.yml'
    text = spec.read_text()
    validate = text.index('\n  validate:\n')
    start = text.index('\n      move_nvr_ddns:\n', validate)
    end = text.index('\n      move_nvr_system_monitor:\n', start)
    spec.write_text(text[:start] + text[end:])
    proc = run_script('--check', str(root))
    assert proc.returncode == 1
    assert 'the entry point validate of roles/baseline/meta/argument_specs.yml does not declare move_nvr_ddns' in proc.stderr


def test_an_option_without_documentation_is_refused(tmp_path):
    root = copy_collection(tmp_path)
    resource = root / 'plugins' / 'module_utils' / 'resources' / 'record_config.py'
    resource.write_text(resource.read_text().replace("    retention_days=dict(type='int'),\n",
                                                     "    retention_days=dict(type='int'),\n    retention_hours=dict(type='int'),\n", 1))
    proc = run_script('--check', str(root))
    assert proc.returncode == 1
    assert 'record_config retention_hours has no description in the module DOCUMENTATION' in proc.stderr
