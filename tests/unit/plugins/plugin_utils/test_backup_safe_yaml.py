# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup's YAML emitter: hostile text written, then read by Ansible's own loader as host_vars are.

Each payload is dumped with safe_yaml.document, loaded with DataLoader exactly
as the host_group_vars plugin loads a host_vars file (trusted as template),
and must come back as the same string (lone surrogates: U+FFFD), not trusted
as a template, so that templating it gives it back unchanged and runs
nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import yaml

from ansible.parsing.dataloader import DataLoader
from ansible.parsing.vault import EncryptedString, VaultLib, VaultSecret, VaultSecretsContext
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.template import Templar, is_trusted_as_template

from ansible_collections.mobotix.move_nvr.plugins.plugin_utils import safe_yaml
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.safe_yaml import Plain, Vaulted, YamlEmitError, document

HOSTILE = {
    'lookup': "{{ lookup('pipe','touch CANARY') }}",
    'statement': "{% raw %}{{ x }}{% endraw %}",
    'comment': '{# x #}',
    'python_object': '!!python/object/apply:os.system ["touch CANARY"]',
    'alias': '*alias',
    'anchor': '&anchor value',
    'mapping': 'key: value',
    'sequence': '- item',
    'yaml_comment': '# not a comment',
    'document_start': '---',
    'document_end': '...',
    'directive': '%YAML 1.2',
    'complex_key': '? x',
    'quotes': '\'"\\',
    'newline_key': 'x\nmove_nvr_host: evil.example.com\nansible_python_interpreter: /tmp/evil',
    'emoji': u'Lobby \U0001F600',
    'emoji_pair': u'\ud83d\ude00',
    'nul': u'a\x00b',
    'escape': u'\x1b[2J\x1b[31mred',
    'c1_controls': u'\x80\x85\x9f',
    'line_separators': u'a\u2028b\u2029c\rd',
    'bom_and_bidi': u'\ufeffadmin\u202egnp.exe',
    'non_characters': u'\ufffe\uffff\ufdd0\ufdef\U0001fffe\U0010ffff',
    'private_use': u'\ue000\U000f0000',
    'tab': u'a\tb',
    'spaces': u'  lead and trail  ',
    'yes': 'yes',
    'number': '12',
    'octal': '0o17',
    'float': '1e3',
    'sexagesimal': '1:20',
    'date': '2001-01-01',
    'null': 'null',
    'tilde': '~',
    'empty': '',
    'merge': '<<',
    'value': '=',
    'long_words': u'w\u00f6rd ' * 3000,
    'long_line': 'x' * 20000,
    'long_template': "{{ lookup('pipe','touch CANARY') }} " * 500,
}
# What the file cannot hold, and what it holds instead.
REPLACED = {u'\ud800': u'\ufffd', u'a\udfffb\ud83d': u'a\ufffdb\ufffd', u'\ud83d\ude00': u'\U0001F600'}


def loaded(tmp_path, text):
    """text read as Ansible reads a host_vars file (ansible.builtin.host_group_vars)."""
    path = tmp_path / 'host.yml'
    path.write_text(text, encoding='utf-8')
    return DataLoader().load_from_file(str(path), cache='none', unsafe=True, trusted_as_template=True)


def as_file(value):
    return document(['header'], [('the payloads', 'move_nvr_test', {'value': value, 'in_list': [value], 'nested': {'item': value}})])


@pytest.fixture
def templar(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Templar(loader=DataLoader(), variables={})


@pytest.mark.parametrize('name', sorted(HOSTILE))
def test_hostile_text_reads_back_exactly_and_is_never_evaluated(name, tmp_path, templar):
    value = HOSTILE[name]
    expected = safe_yaml.valid_text(value)
    data = loaded(tmp_path, as_file(value))
    assert list(data) == ['move_nvr_test']
    got = data['move_nvr_test']
    assert got == {'value': expected, 'in_list': [expected], 'nested': {'item': expected}}
    for text in (got['value'], got['in_list'][0], got['nested']['item']):
        assert isinstance(text, str)
        if '{' in text:
            assert not is_trusted_as_template(text)
        assert templar.template(text) == expected
    assert templar.template(got) == got
    assert not (tmp_path / 'CANARY').exists()


@pytest.mark.parametrize('value, expected', sorted(REPLACED.items()))
def test_lone_surrogates_become_the_replacement_character(value, expected, tmp_path):
    assert safe_yaml.valid_text(value) == expected
    assert loaded(tmp_path, as_file(value))['move_nvr_test']['value'] == expected


def test_the_ansible_loader_object_reads_the_same(tmp_path):
    text = as_file(HOSTILE['lookup'] + HOSTILE['emoji'] + HOSTILE['nul'])
    assert AnsibleLoader(text).get_single_data() == loaded(tmp_path, text)


def test_the_file_holds_no_raw_control_or_invisible_character():
    text = document(['header'], [('c', 'move_nvr_test', dict(('k%d' % i, v) for i, v in enumerate(HOSTILE.values())))])
    raw = set(char for char in text if char != '\n' and safe_yaml.invisible(char))
    assert not raw, sorted(ascii(c) for c in raw)
    assert u'\U0001F600' in text, 'an emoji stays UTF-8 in single quotes'
    assert "!unsafe '{{ lookup(''pipe'',''touch CANARY'') }}'" in text


def test_every_device_string_is_unsafe_unless_yaml_would_retype_it():
    text = document([], [('c', 'move_nvr_test', {'title': 'Entrance', 'flag': 'yes', 'count': '12', 'empty': '',
                                                 'state': Plain('merged')})])
    assert "title: !unsafe 'Entrance'" in text
    assert "flag: 'yes'" in text and "count: '12'" in text and "empty: ''" in text
    assert 'state: merged\n' in text


def test_scalars_keep_their_types(tmp_path):
    data = {'port': 587, 'ssl': True, 'off': False, 'nothing': None, 'ratio': 0.5, 'ints': [0, 1], 'empty': {}, 'none': []}
    assert loaded(tmp_path, document([], [('c', 'move_nvr_test', data)]))['move_nvr_test'] == data


@pytest.mark.parametrize('key', ['x\nmove_nvr_host: evil', 'Move', 'a b', '{{ x }}', '', 'a-b', 1, u'\u0131'])
def test_a_key_that_is_not_an_identifier_is_never_written(key):
    with pytest.raises(YamlEmitError, match='is not a key this file may have'):
        document([], [('c', 'move_nvr_test', {key: 'x'})])


def test_header_comments_stay_comments(tmp_path):
    header = ['firmware 1.0\n---\nmove_nvr_host: evil', u'a\rb\x85c\u2028d\u2029e\x00f\u202eg', u'\ud800 \U0001F600']
    text = document(header, [('comment\nmove_nvr_port: 1', 'move_nvr_test', {'a': 1})])
    lines = text.splitlines()
    assert lines[:4] == [u'# firmware 1.0\ufffd---\ufffdmove_nvr_host: evil', u'# a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg',
                         u'# \ufffd \U0001F600', '---']
    assert lines[4] == u'# comment\ufffdmove_nvr_port: 1'
    assert loaded(tmp_path, text) == {'move_nvr_test': {'a': 1}}


def test_vault_values_are_inline_vault_and_decrypt(tmp_path, monkeypatch):
    secret = [('default', VaultSecret(b'unit-vault-pw'))]
    ciphertext = VaultLib(secret).encrypt('Smtp-pw1').decode()
    text = document([], [('c', 'move_nvr_email', {'password': Vaulted(ciphertext), 'account': 'x'})])
    assert 'password: !vault |\n    $ANSIBLE_VAULT;1.1;AES256\n' in text
    monkeypatch.setattr(VaultSecretsContext, '_current', VaultSecretsContext(secret))
    password = loaded(tmp_path, text)['move_nvr_email']['password']
    assert isinstance(password, EncryptedString) and str(password) == 'Smtp-pw1'


def test_lists_of_mappings_are_indented_blocks_and_scalar_lists_flow():
    text = document([], [('c', 'move_nvr_accounts', {'accounts': [{'name': 'a', 'covert_channels': [2, 5]}]})])
    assert text.endswith("move_nvr_accounts:\n  accounts:\n    - name: !unsafe 'a'\n      covert_channels: [2, 5]\n")


def test_output_that_would_not_read_back_is_an_error(monkeypatch):
    monkeypatch.setattr(safe_yaml, 'serialize', lambda name, value: '%s:\n  a: 1\nmove_nvr_host: evil\n' % name)
    with pytest.raises(YamlEmitError, match='loads as other data'):
        document([], [('c', 'move_nvr_test', {'a': 1})])


def test_output_that_does_not_load_is_an_error(monkeypatch):
    monkeypatch.setattr(safe_yaml, 'serialize', lambda name, value: '%s: [\n' % name)
    with pytest.raises(YamlEmitError, match='does not load'):
        document([], [('c', 'move_nvr_test', {'a': 1})])


def test_both_parsers_are_checked():
    names = [loader.__name__ for loader in safe_yaml._loaders()]  # pylint: disable=protected-access
    assert 'CheckSafeLoader' in names
    if getattr(yaml, 'CSafeLoader', None):
        assert 'CheckCSafeLoader' in names


def test_the_loader_used_here_trusts_untagged_text(tmp_path):
    """The check above can fail: the same text without !unsafe would be a template."""
    data = loaded(tmp_path, 'x: "%s"\ny: !unsafe "%s"\n' % (HOSTILE['lookup'], HOSTILE['lookup']))
    assert is_trusted_as_template(data['x']) and not is_trusted_as_template(data['y'])
