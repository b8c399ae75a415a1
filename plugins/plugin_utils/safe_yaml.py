# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""YAML for text that came from an NVR: loaded back by Ansible, it stays data.

Why a YAML emitter and not string templating: a template that writes YAML
has to get quoting, escaping, keys, line breaks and encodings right for every
string an NVR can hold, and one miss lets a camera title become a Jinja
template, a mapping key or a new variable of the host. Here PyYAML writes
every scalar, from nodes built by this module, and the result is read back
before it is returned.

The rules (docs/backup.md):

- Every string of the data is tagged ``!unsafe``: Ansible's loader never
  templates it, on every ansible-core version. Except strings that YAML
  would read as something else ('', 'yes', '12', '~'): ansible-core 2.19
  resolves the value of an ``!unsafe`` scalar again, so ``!unsafe 'yes'``
  would load as true. They are written quoted and untagged instead; none of
  them can hold a template (they have no '{').
- Mapping keys are identifiers (``[a-z_][a-z0-9_]*``) or the dump fails:
  what may be a key is decided by the caller (backup_file.py), never by the
  data.
- Text is UTF-8. Characters that cannot be printed as they are (C0 and C1
  controls, line breaks, format characters such as bidi overrides,
  private-use and unassigned code points, non-characters) are written as
  YAML escapes inside double quotes, so the text reads back exactly and the
  file itself holds none of them raw. Lone surrogates are not text (no UTF-8
  for them, and libyaml refuses even their escapes): each becomes U+FFFD,
  after joining the ones that form a valid pair.
- Comment lines hold no line break and no invisible character (U+FFFD).
- The document is loaded back with every YAML loader PyYAML has here
  (libyaml and pure Python, the two Ansible may use) and must give the same
  data, tags included; a difference is an error, never a file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import unicodedata

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.representer import SafeRepresenter
from yaml.resolver import Resolver

TAG = 'tag:yaml.org,2002:'
STR, INT, FLOAT, BOOL, NULL, SEQ, MAP = (TAG + name for name in ('str', 'int', 'float', 'bool', 'null', 'seq', 'map'))
UNSAFE = '!unsafe'
VAULT = '!vault'
WIDTH = 100
KEY = re.compile(r'[a-z_][a-z0-9_]*\Z')
SURROGATE = re.compile(u'[\ud800-\udfff]')
# Controls and line breaks: never raw in the file (the emitter escapes them in double quotes).
CONTROL = re.compile(u'[\x00-\x1f\x7f-\x9f\u2028\u2029]')
# Not for a comment line: controls, format characters, unassigned and private use, surrogates, line breaks.
INVISIBLE = frozenset(('Cc', 'Cf', 'Cn', 'Co', 'Cs', 'Zl', 'Zp'))
# Printed raw by the emitter but showing as nothing or as something else (zero width, bidi overrides,
# non-characters, private use): such a string is escaped to ASCII as a whole.
HIDDEN = frozenset(('Cf', 'Cn', 'Co'))
RESOLVER = Resolver()


class YamlEmitError(Exception):
    """The data cannot be written as asked (a key that is not an identifier, a type YAML has no tag for)."""


class Plain(str):
    """Text of the collection itself (a state name): written without !unsafe."""


class Vaulted(str):
    """A vault envelope ($ANSIBLE_VAULT;...): written as an inline !vault | value."""


# -- text -----------------------------------------------------------------------
def valid_text(text):
    """text with surrogate pairs joined and lone surrogates as U+FFFD: what UTF-8 and libyaml accept."""
    if not SURROGATE.search(text):
        return text
    return text.encode('utf-16-le', 'surrogatepass').decode('utf-16-le', 'replace')


def invisible(char):
    return unicodedata.category(char) in INVISIBLE


def has_hidden(text):
    return any(unicodedata.category(char) in HIDDEN for char in text if char > u'\x7e')


def comment_text(text):
    """One comment line: every control, line break and invisible character as U+FFFD."""
    return u''.join(u'\ufffd' if invisible(char) else char for char in valid_text(str(text)))


def unsafe_tagged(text):
    """Whether a string of the data is written as !unsafe (see the module's rules)."""
    return RESOLVER.resolve(ScalarNode, text, (True, False)) == STR


# -- nodes ----------------------------------------------------------------------
def text_node(text):
    text = valid_text(text)
    style = '"' if CONTROL.search(text) or has_hidden(text) else None
    if unsafe_tagged(text):
        return ScalarNode(UNSAFE, text, style=style)
    return ScalarNode(STR, text, style=style or "'")


def key_node(key):
    if not isinstance(key, str) or not KEY.match(key):
        raise YamlEmitError('%s is not a key this file may have (identifiers only)' % ascii(key))
    return ScalarNode(STR, str(key))


def node(value):
    """The YAML node of a value made of dict, list, str (Plain, Vaulted), int, float, bool and None."""
    if isinstance(value, Vaulted):
        return ScalarNode(VAULT, value.strip() + '\n', style='|')
    if isinstance(value, Plain):
        return ScalarNode(STR, valid_text(value))
    if isinstance(value, str):
        return text_node(value)
    if isinstance(value, bool):
        return ScalarNode(BOOL, 'true' if value else 'false')
    if isinstance(value, int):
        return ScalarNode(INT, str(int(value)))
    if isinstance(value, float):
        return SafeRepresenter().represent_float(value)
    if value is None:
        return ScalarNode(NULL, 'null')
    if isinstance(value, dict):
        return MappingNode(MAP, [(key_node(k), node(v)) for k, v in value.items()], flow_style=False)
    if isinstance(value, (list, tuple)):
        items = [node(item) for item in value]
        flow = all(isinstance(item, ScalarNode) and item.style != '|' for item in items)
        return SequenceNode(SEQ, items, flow_style=flow)
    raise YamlEmitError('a value of type %s cannot be written' % type(value).__name__)


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key; strings with hidden characters escaped to ASCII."""

    def increase_indent(self, flow=False, indentless=False):
        return super(_Dumper, self).increase_indent(flow, False)

    def write_double_quoted(self, text, split=True):
        keep = self.allow_unicode
        self.allow_unicode = keep and not has_hidden(text)
        try:
            super(_Dumper, self).write_double_quoted(text, split)
        finally:
            self.allow_unicode = keep


def serialize(name, value):
    """`name: value` as block YAML text."""
    text = yaml.serialize(MappingNode(MAP, [(key_node(name), node(value))], flow_style=False),
                          Dumper=_Dumper, allow_unicode=True, width=WIDTH, indent=2)
    return text[:-4] if text.endswith('\n...\n') else text


# -- reading back ---------------------------------------------------------------
def _loaders():
    """A safe loader per parser PyYAML has here, each knowing !unsafe and !vault (as tagged tuples)."""
    bases = [yaml.SafeLoader] + ([yaml.CSafeLoader] if getattr(yaml, 'CSafeLoader', None) else [])
    loaders = []
    for base in bases:
        loader = type('Check' + base.__name__, (base,), {})
        loader.add_constructor(UNSAFE, _construct_unsafe)
        loader.add_constructor(VAULT, lambda self, n: ('vault', self.construct_scalar(n).strip()))
        loaders.append(loader)
    return loaders


def _construct_unsafe(loader, tagged):
    if not isinstance(tagged, ScalarNode):
        raise YamlEmitError('!unsafe on a collection')
    text = loader.construct_scalar(tagged)
    if not unsafe_tagged(text):
        raise YamlEmitError('!unsafe %s would not load as a string on ansible-core 2.19' % ascii(text))
    return ('unsafe', text)


def canonical(value, loaded=False):
    """A comparable form that keeps tags and types (True is not 1), of given or of loaded data."""
    if isinstance(value, tuple):
        return value
    if isinstance(value, Vaulted):
        return ('vault', value.strip())
    if isinstance(value, Plain) or (loaded and isinstance(value, str)):
        return ('str', valid_text(value))
    if isinstance(value, str):
        text = valid_text(value)
        return ('unsafe' if unsafe_tagged(text) else 'str', text)
    if isinstance(value, dict):
        return ('map', [(k, canonical(v, loaded)) for k, v in value.items()])
    if isinstance(value, list):
        return ('seq', [canonical(v, loaded) for v in value])
    return (type(value).__name__, value)


def check_reads_back(text, data):
    """Load text with each parser; each must give `data` exactly, or YamlEmitError."""
    expected = canonical(data)
    for loader in _loaders():
        try:
            loaded = yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader plus two tags
        except yaml.YAMLError as e:
            raise YamlEmitError('the YAML does not load (%s): %s' % (loader.__name__, ' '.join(str(e).split())))
        if canonical(loaded, loaded=True) != expected:
            raise YamlEmitError('the YAML loads as other data than was written (%s)' % loader.__name__)


# -- the document ---------------------------------------------------------------
def dump(value):
    """One value as a YAML document whose every string is !unsafe; checked by reading it back."""
    text = yaml.serialize(node(value), Dumper=_Dumper, allow_unicode=True, width=WIDTH, indent=2, explicit_start=True)
    text = text[:-4] if text.endswith('\n...\n') else text
    check_reads_back(text, value)
    return text


def document(header, variables):
    """Comment lines, ---, then each (comment, name, value) as `# comment` and `name: value`; checked."""
    parts = [u'# %s\n' % comment_text(line) for line in header] + [u'---\n']
    for index, (comment, name, value) in enumerate(variables):
        parts.append(u'%s# %s\n' % (u'\n' if index else u'', comment_text(comment)))
        parts.append(serialize(name, value))
    text = u''.join(parts)
    check_reads_back(text, dict((name, value) for dummy, name, value in variables))
    return text
