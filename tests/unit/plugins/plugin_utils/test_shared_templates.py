# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SharedTemplates: a value is templated once per distinct input; what cannot be known is templated per host."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import shared_templates
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.shared_templates import (
    VARIABLE_FREE_LOOKUPS, SharedTemplates, Unknowable, plain)

try:  # ansible-core 2.19+: template text must be trusted to be templated; a plain str is untrusted
    from ansible.template import trust_as_template

    def untrusted(text):
        return str(text)
except ImportError:  # pragma: no cover - older ansible-core templates any str but AnsibleUnsafeText
    from ansible.utils.unsafe_proxy import wrap_var as untrusted

    def trust_as_template(text):
        return text


class Vaulted:
    """Stands in for a vaulted value (EncryptedString / AnsibleVaultEncryptedUnicode): known by its ciphertext."""

    def __init__(self, ciphertext):
        self._ciphertext = ciphertext


class FakeTemplar:
    """Counts calls; returns what `answer(value)` returns, or raises it when it is an exception."""

    def __init__(self, answer):
        self.answer = answer
        self.calls = []

    def template(self, value):
        self.calls.append(value)
        outcome = self.answer(value)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


@pytest.fixture(autouse=True)
def strings_trusted_unless_real_trust(request, monkeypatch):
    """The tables write templates as plain strings: trust every string, as ansible-core before 2.19 did.

    Tests about trust itself (and the real templar's) ask for the fixture `real_trust` instead.
    """
    if 'real_trust' not in request.fixturenames:
        monkeypatch.setattr(shared_templates, 'is_trusted_as_template', lambda value: True)


@pytest.fixture
def real_trust():
    """ansible-core's own notion of a trusted template (2.19+: only strings marked by trust_as_template)."""


def host_templar(variables):
    return Templar(loader=DataLoader()).copy_with_new_env(available_variables=variables)


def fp(value, variables):
    return SharedTemplates().fingerprint(value, variables)


# ------------------------------------------------------------------ fingerprints

# (id, value, variables of host A, variables of host B, same fingerprint?)
FINGERPRINT_CASES = [
    ('equal inputs', '{{ a }}', {'a': 1}, {'a': 1}, True),
    ('direct variable differs', '{{ a }}', {'a': 1}, {'a': 2}, False),
    ('unread variable differs', '{{ a }}', {'a': 1, 'c': 1}, {'a': 1, 'c': 2}, True),
    ('variable read through another variable', '{{ a }}', {'a': '{{ b }}', 'b': 'x'}, {'a': '{{ b }}', 'b': 'y'}, False),
    ('two levels down, inside a dict and a list', '{{ a }}',
     {'a': {'k': ['{{ b }}']}, 'b': '{{ c }}', 'c': 1}, {'a': {'k': ['{{ b }}']}, 'b': '{{ c }}', 'c': 2}, False),
    ('same text of the read variable, different variable below', '{{ a }}',
     {'a': '{{ b | default(c) }}', 'b': 1, 'c': 1}, {'a': '{{ b | default(c) }}', 'b': 1, 'c': 2}, False),
    ('filter argument', '{{ a | default(b) }}', {'b': 1}, {'b': 2}, False),
    ('if condition', '{% if flag %}on{% endif %}', {'flag': True}, {'flag': False}, False),
    ('loop', '{% for i in items %}{{ i }}{% endfor %}', {'items': [1, 2]}, {'items': [1, 3]}, False),
    ('int against str', '{{ a }}', {'a': 1}, {'a': '1'}, False),
    ('int against bool', '{{ a }}', {'a': 1}, {'a': True}, False),
    ('int against float', '{{ a }}', {'a': 1}, {'a': 1.0}, False),
    ('None against the string None', '{{ a }}', {'a': None}, {'a': 'None'}, False),
    ('list against dict', '{{ a }}', {'a': []}, {'a': {}}, False),
    ('list order', '{{ a }}', {'a': [1, 2]}, {'a': [2, 1]}, False),
    ('dict order does not matter', '{{ a }}', {'a': {'x': 1, 'y': 2}}, {'a': {'y': 2, 'x': 1}}, True),
    ('dict value differs', '{{ a }}', {'a': {'x': 1}}, {'a': {'x': 2}}, False),
    ('dict key differs', '{{ a }}', {'a': {'x': 1}}, {'a': {'y': 1}}, False),
    ('undefined on both', '{{ a | default("d") }}', {}, {'b': 1}, True),
    ('undefined against defined as None', '{{ a | default("d") }}', {}, {'a': None}, False),
    ('undefined against defined as empty string', '{{ a | default("d") }}', {}, {'a': ''}, False),
    ('omit is a run constant', '{{ a | default(omit) }}', {'omit': '__omit_place_holder__1'},
     {'omit': '__omit_place_holder__2'}, True),
    ('omit is a run constant also when missing', '{{ a | default(omit) }}', {}, {'omit': '__omit_place_holder__2'}, True),
    ('env lookup argument', "{{ lookup('env', name) }}", {'name': 'HOME'}, {'name': 'USER'}, False),
    ('no template: variables do not matter', 'plain text', {'a': 1}, {'a': 2}, True),
    ('comment only', '{# a #}', {'a': 1}, {'a': 2}, True),
    ('template in a nested argument', {'k': ['x', '{{ a }}']}, {'a': 1}, {'a': 2}, False),
    ('vault: same ciphertext', '{{ a }}', {'a': Vaulted('$ANSIBLE_VAULT;1.1;AES256\n01')},
     {'a': Vaulted('$ANSIBLE_VAULT;1.1;AES256\n01')}, True),
    ('vault: different ciphertext', '{{ a }}', {'a': Vaulted('$ANSIBLE_VAULT;1.1;AES256\n01')},
     {'a': Vaulted('$ANSIBLE_VAULT;1.1;AES256\n02')}, False),
    ('vault against its ciphertext as text', '{{ a }}', {'a': Vaulted('c1')}, {'a': 'c1'}, False),
]


@pytest.mark.parametrize('value, one, other, same', [case[1:] for case in FINGERPRINT_CASES],
                         ids=[case[0] for case in FINGERPRINT_CASES])
def test_fingerprint_differs_exactly_when_an_input_differs(value, one, other, same):
    assert (fp(value, one) == fp(value, other)) is same
    hash(fp(value, one))  # usable as a cache key


def test_fingerprint_is_stable_for_the_same_inputs():
    shared = SharedTemplates()
    variables = {'a': {'k': ['{{ b }}', 1, 2.5, None, True]}, 'b': Vaulted('c')}
    assert shared.fingerprint('{{ a }}', variables) == shared.fingerprint('{{ a }}', dict(variables))
    assert shared.fingerprint('{{ a }}', variables) == SharedTemplates().fingerprint('{{ a }}', variables)


@pytest.mark.parametrize('value', ['', 'text', 'a { b } c', '{ {a} }', '%}'])
def test_a_string_without_a_template_is_its_own_fingerprint(value):
    assert fp(value, {'a': 1}) == value


@pytest.mark.parametrize('value', [1, 2.5, True, None])
def test_scalars_fingerprint_by_type_and_value(value):
    assert fp(value, {}) == (type(value).__name__, value)


def test_a_vaulted_value_fingerprints_by_its_ciphertext():
    assert fp(Vaulted('c1'), {}) == ('vault', 'c1')
    assert fp({'password': Vaulted('c1')}, {}) != fp({'password': Vaulted('c2')}, {})


def test_different_template_texts_reading_the_same_inputs_differ():
    variables = {'a': 1}
    assert fp('{{ a }}', variables) != fp('{{ a + 1 }}', variables)


UNKNOWABLE_CASES = [
    ('vars', '{{ vars["a"] }}', {'a': 1}),
    ('vars attribute', '{{ vars.a }}', {'a': 1}),
    ('hostvars', '{{ hostvars[inventory_hostname].a }}', {'inventory_hostname': 'h'}),
    ('extract over hostvars', "{{ groups['all'] | map('extract', hostvars, 'a') | list }}", {'groups': {'all': []}}),
    ('template lookup', "{{ lookup('template', 'x.j2') }}", {}),
    ('vars lookup', "{{ lookup('vars', 'a') }}", {'a': 1}),
    ('builtin vars lookup', "{{ lookup('ansible.builtin.vars', 'a') }}", {'a': 1}),
    ('vars query', "{{ query('vars', 'a') }}", {'a': 1}),
    ('varnames via q', "{{ q('varnames', '^a') }}", {}),
    ('lookup with double quotes', '{{ lookup("template", "x.j2") }}', {}),
    ('lookup with a space before the parenthesis', "{{ lookup ('vars', 'a') }}", {}),
    ('lookup named by a variable', "{{ lookup(kind, 'a') }}", {'kind': 'env'}),
    ('lookup named by an expression', "{{ lookup(('vars'), 'a') }}", {}),
    ('lookup of another collection', "{{ lookup('community.general.dig', 'example.com') }}", {}),
    ('legacy-named env lookup', "{{ lookup('ansible.legacy.env', 'HOME') }}", {}),
    ('a variable-free lookup next to one that is not', "{{ lookup('env', 'HOME') ~ lookup('vars', 'a') }}", {}),
    ('syntax error', '{{ a ', {'a': 1}),
    ('vars read through a variable', '{{ a }}', {'a': '{{ vars.b }}', 'b': 1}),
    ('self-referencing variable', '{{ a }}', {'a': '{{ a }}'}),
    ('self-reference inside a structure', '{{ a }}', {'a': {'k': ['{{ a.k }}']}}),
    ('variables reading each other', '{{ a }}', {'a': '{{ b }}', 'b': '{{ a }}'}),
    ('unknown object type as the value', object(), {}),
    ('a set as the value', set([1, 2]), {}),
    ('unknown object type in a variable read', '{{ a }}', {'a': object()}),
    ('unknown object type deep in a variable read', '{{ a }}', {'a': {'k': [object()]}}),
]


@pytest.mark.parametrize('value, variables', [case[1:] for case in UNKNOWABLE_CASES], ids=[case[0] for case in UNKNOWABLE_CASES])
def test_inputs_that_cannot_be_known_from_the_text_are_unknowable(value, variables):
    with pytest.raises(Unknowable):
        fp(value, variables)


KNOWABLE_LOOKUPS = [
    "{{ lookup('env', 'HOME') }}",
    "{{ lookup('ansible.builtin.env', 'HOME') }}",
    "{{ query('env', 'HOME') }}",
    '{{ q("ansible.builtin.env", "HOME") }}',
    "{{ lookup('env', 'HOME') ~ lookup('ansible.builtin.env', 'USER') }}",
]


@pytest.mark.parametrize('value', KNOWABLE_LOOKUPS)
def test_variable_free_lookups_are_knowable(value):
    assert fp(value, {'HOME': 1}) == fp(value, {'HOME': 2}), 'the lookup reads no variable'


@pytest.mark.parametrize('name', sorted(VARIABLE_FREE_LOOKUPS))
def test_every_variable_free_lookup_is_knowable_under_both_names(name):
    for full in (name, 'ansible.builtin.' + name):
        assert fp("{{ lookup('%s', arg) }}" % full, {'arg': 1}) != fp("{{ lookup('%s', arg) }}" % full, {'arg': 2})


def test_variables_that_are_not_read_may_be_unknowable():
    variables = {'a': 1, 'b': '{{ vars.c }}', 'c': object(), 'd': '{{ d }}'}
    assert fp('{{ a }}', variables) == fp('{{ a }}', {'a': 1})


def test_names_read_is_parsed_once_per_text():
    shared = SharedTemplates()
    assert shared.names_read('{{ a ~ b | default(c) }}') == frozenset(['a', 'b', 'c'])
    # a second parse would fail
    shared._parser = None  # pylint: disable=protected-access
    assert shared.names_read('{{ a ~ b | default(c) }}') == frozenset(['a', 'b', 'c'])


def test_dict_keys_of_different_types_are_different_inputs(real_trust):
    hosts = [{'a': {1: 'x'}}, {'a': {'1': 'x'}}]
    argument = {'arg': trust_as_template('{{ a }}')}
    expected = [host_templar(variables).template(argument) for variables in hosts]
    assert expected == [{'arg': {1: 'x'}}, {'arg': {'1': 'x'}}], 'the real templar keeps the key types'
    shared = SharedTemplates()
    assert [shared.template(host_templar(variables), 'arg', argument, variables) for variables in hosts] == expected


def test_a_lookup_whose_name_is_an_expression_starting_with_a_literal_is_unknowable():
    with pytest.raises(Unknowable):
        fp("{{ lookup('env' if a else 'vars', 'b') }}", {'a': False, 'b': 1})


# ------------------------------------------------------------------ template(): sharing

def echo(value):
    return {'templated': value}


def test_the_same_key_and_inputs_are_templated_once():
    shared, templar = SharedTemplates(), FakeTemplar(echo)
    results = [shared.template(templar, 'email', {'email': '{{ a }}'}, {'a': 1, 'host': h}) for h in range(3)]
    assert templar.calls == [{'email': '{{ a }}'}]
    assert (shared.templated, shared.reused) == (1, 2)
    assert results == [{'templated': {'email': '{{ a }}'}}] * 3


@pytest.mark.parametrize('first, second', [
    ({'a': 1}, {'a': 2}),
    ({'a': '{{ b }}', 'b': 1}, {'a': '{{ b }}', 'b': 2}),
    ({}, {'a': None}),
    ({'a': Vaulted('c1')}, {'a': Vaulted('c2')}),
])
def test_different_inputs_are_templated_again(first, second):
    shared, templar = SharedTemplates(), FakeTemplar(echo)
    shared.template(templar, 'email', '{{ a }}', first)
    shared.template(templar, 'email', '{{ a }}', second)
    shared.template(templar, 'email', '{{ a }}', first)
    assert len(templar.calls) == 2
    assert (shared.templated, shared.reused) == (2, 1)


def test_the_same_inputs_under_another_key_are_templated_again():
    shared, templar = SharedTemplates(), FakeTemplar(echo)
    shared.template(templar, 'email', '{{ a }}', {'a': 1})
    shared.template(templar, 'ddns', '{{ a }}', {'a': 1})
    assert (len(templar.calls), shared.templated, shared.reused) == (2, 2, 0)


@pytest.mark.parametrize('value, variables', [
    ('{{ vars.a }}', {'a': 1}),
    ("{{ lookup('template', 'x.j2') }}", {}),
    ('{{ a }}', {'a': '{{ a }}'}),
    ('{{ a }}', {'a': object()}),
])
def test_unknowable_inputs_are_never_cached(value, variables):
    shared, templar = SharedTemplates(), FakeTemplar(echo)
    for dummy in range(3):
        assert shared.template(templar, 'email', value, variables) == {'templated': value}
    assert (len(templar.calls), shared.templated, shared.reused) == (3, 3, 0)
    assert shared._results == {}  # pylint: disable=protected-access


def test_a_cached_error_is_raised_again_for_each_host():
    error = ValueError("'smtp' is undefined")
    shared, templar = SharedTemplates(), FakeTemplar(lambda value: error)
    for dummy in range(3):
        with pytest.raises(ValueError) as raised:
            shared.template(templar, 'email', '{{ smtp }}', {})
        assert raised.value is error
    assert (len(templar.calls), shared.templated, shared.reused) == (1, 1, 2)


def test_an_error_for_one_input_does_not_stop_another():
    shared = SharedTemplates()
    templar = FakeTemplar(lambda value: {'ok': True})
    failing = FakeTemplar(lambda value: ValueError('boom'))
    with pytest.raises(ValueError):
        shared.template(failing, 'email', '{{ a }}', {'a': 1})
    assert shared.template(templar, 'email', '{{ a }}', {'a': 2}) == {'ok': True}


def test_the_result_is_plain_data():
    class Tagged(str):
        pass

    shared = SharedTemplates()
    result = shared.template(FakeTemplar(lambda value: {Tagged('k'): [Tagged('v'), (1, 2)]}), 'x', '{{ a }}', {'a': 1})
    assert result == {'k': ['v', [1, 2]]}
    assert list(result)[0].__class__ is str and result['k'][0].__class__ is str


# ------------------------------------------------------------------ plain()

class Text(str):
    pass


class Number(int):
    pass


class Real(float):
    pass


PLAIN_CASES = [
    ('str subclass', Text('a'), 'a', str),
    ('int subclass', Number(3), 3, int),
    ('float subclass', Real(2.5), 2.5, float),
    ('bool stays bool', True, True, bool),
    ('False stays bool', False, False, bool),
    ('None', None, None, type(None)),
    ('plain str', 'a', 'a', str),
    ('tuple to list', (Text('a'), Number(1)), ['a', 1], list),
    ('dict keys and values', {Text('k'): Real(1.5)}, {'k': 1.5}, dict),
    ('nested', {'a': [{'b': (Text('c'), True, None)}]}, {'a': [{'b': ['c', True, None]}]}, dict),
]


@pytest.mark.parametrize('value, expected, kind', [case[1:] for case in PLAIN_CASES], ids=[case[0] for case in PLAIN_CASES])
def test_plain_turns_subclasses_into_plain_types(value, expected, kind):
    result = plain(value)
    assert result == expected and result.__class__ is kind


def test_plain_reaches_every_level():
    def kinds(value):
        if isinstance(value, dict):
            return [type(k) for k in value] + [t for v in value.values() for t in kinds(v)]
        if isinstance(value, list):
            return [list] + [t for v in value for t in kinds(v)]
        return [type(value)]

    value = plain({Text('a'): [Text('b'), {Text('c'): (Number(1), Real(2.0), True, None)}]})
    assert set(kinds(value)) == set([str, list, int, float, bool, type(None)])


def test_plain_leaves_other_objects_alone():
    thing = object()
    assert plain({'x': thing})['x'] is thing


# ------------------------------------------------------------------ the real templar

def test_a_group_template_reading_a_host_variable_gives_each_host_its_own_value(real_trust):
    group = {'move_nvr_email': {'server': trust_as_template('{{ smtp_host }}'), 'port': 25,
                                'sender': trust_as_template('{{ inventory_hostname }}@example.com')}}
    hosts = {
        'nvr-1': dict(group, smtp_host='smtp-a.example.com', inventory_hostname='nvr-1'),
        'nvr-2': dict(group, smtp_host='smtp-b.example.com', inventory_hostname='nvr-2'),
    }
    argument = {'email': trust_as_template('{{ move_nvr_email | default(omit) }}'),
                'ddns': trust_as_template('{{ move_nvr_ddns | default(omit) }}')}
    shared = SharedTemplates()
    results = {}
    for host, variables in hosts.items():
        results[host] = dict((name, shared.template(host_templar(variables), name, {name: expression}, variables))
                             for name, expression in argument.items())
    assert results['nvr-1']['email'] == {'email': {'server': 'smtp-a.example.com', 'port': 25, 'sender': 'nvr-1@example.com'}}
    assert results['nvr-2']['email'] == {'email': {'server': 'smtp-b.example.com', 'port': 25, 'sender': 'nvr-2@example.com'}}
    # the same on each host: `move_nvr_ddns` undefined, `omit` the same constant
    assert results['nvr-1']['ddns'] == results['nvr-2']['ddns']
    assert (shared.templated, shared.reused) == (3, 1)


def test_hosts_with_equal_inputs_share_one_real_templating(real_trust):
    group = {'move_nvr_email': {'server': trust_as_template('{{ smtp_host }}')}, 'smtp_host': 'smtp.example.com'}
    shared = SharedTemplates()
    argument = {'email': trust_as_template('{{ move_nvr_email }}')}
    results = [shared.template(host_templar(dict(group, inventory_hostname=h)), 'email', argument, dict(group, inventory_hostname=h))
               for h in ('nvr-1', 'nvr-2', 'nvr-3')]
    assert results == [{'email': {'server': 'smtp.example.com'}}] * 3
    assert (shared.templated, shared.reused) == (1, 2)


@pytest.mark.parametrize('trusted_first', [True, False], ids=['trusted first', 'untrusted first'])
def test_trust_of_a_variable_is_an_input(trusted_first, real_trust):
    trusted = {'foo': trust_as_template('{{ bar }}'), 'bar': 'B'}
    unknown = {'foo': untrusted('{{ bar }}'), 'bar': 'B'}
    argument = {'x': trust_as_template('{{ foo }}')}
    expected = [(variables, host_templar(variables).template(argument)) for variables in (trusted, unknown)]
    assert expected[0][1] != expected[1][1], 'the real templar tells them apart'
    if not trusted_first:
        expected.reverse()
    shared = SharedTemplates()
    assert [shared.template(host_templar(variables), 'x', argument, variables) for variables, dummy in expected] == \
        [plain(result) for dummy, result in expected]
