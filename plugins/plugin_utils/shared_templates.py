# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Template the baseline's arguments once per distinct input, not once per NVR.

Why: ansible-core compiles every Jinja template again on every use (2.19 has no
cache of compiled templates), and the baseline's variables usually sit in group
variables, the same on every NVR of a group. Templating them for each of 200
NVRs cost more CPU than checking the NVRs (docs/benchmarks.md).

How: the result of templating a value can only depend on the variables its
templates read, and on what they read in turn. A value's *fingerprint* is the
value itself with, for each template in it, the fingerprints of the variables
that template reads (found by parsing it with Jinja, once per template text).
Two NVRs with the same fingerprint for an argument get the same templated
argument; it is templated once. Where the inputs cannot be known from the text
(the `vars` or `hostvars` of the template, a lookup that may read variables, a
value of a type we do not know) the argument is templated for that NVR alone,
as a task would.

The one difference from a task per NVR: a template whose result changes from
one evaluation to the next with the same inputs (`now()`, the `random` filter)
is evaluated once for the NVRs that share its inputs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from jinja2 import Environment, TemplateSyntaxError, meta

try:  # ansible-core 2.19+: only a string trusted as a template is templated
    from ansible.template import is_trusted_as_template
except ImportError:  # older ansible-core templates any string
    def is_trusted_as_template(value):  # pylint: disable=unused-argument
        return True

# Lookups whose result depends on their arguments only, never on other variables.
VARIABLE_FREE_LOOKUPS = frozenset(['env', 'file', 'fileglob', 'first_found', 'ini', 'csvfile', 'lines', 'password',
                                   'pipe', 'unvault', 'url', 'items', 'list', 'indexed_items', 'sequence'])
# A lookup call and its plugin name, when that name is a string literal and the whole first argument.
LOOKUP_CALL = re.compile(r'\b(?:lookup|query|q)\s*\(\s*(?:(["\'])(?P<name>[\w.]+)\1\s*(?=[,)]))?')
# Names whose value is the same for every host of one run (their contents are read by name, in the text).
RUN_CONSTANTS = frozenset(['omit'])
UNKNOWABLE_NAMES = frozenset(['vars', 'hostvars'])
TEMPLATE_MARKERS = ('{{', '{%', '{#')
SCALARS = (bool, int, float, type(None))


def plain(value):
    """The templated value as plain Python data: ansible-core 2.19's tagged values are slow to deep-copy,
    and every NVR's options are deep-copied when validated."""
    if isinstance(value, dict):
        return dict((plain_key(k), plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def plain_key(key):
    """A dict key as plain data; a key that is not a string or number stays as it is (it must stay hashable)."""
    return plain(key) if isinstance(key, (str, int, float)) else key


class Unknowable(Exception):
    """The inputs of a template cannot be known from its text: template it per host."""


class SharedTemplates:
    """Template values for many hosts, each distinct input once."""

    def __init__(self):
        self._parser = Environment()
        self._names = {}
        self._results = {}
        self.templated = 0
        self.reused = 0

    def names_read(self, text):
        """The variable names a template text reads; Unknowable when that cannot be told from the text."""
        if text not in self._names:
            self._names[text] = self._parse(text)
        names = self._names[text]
        if names is None:
            raise Unknowable(text)
        return names

    def _parse(self, text):
        for call in LOOKUP_CALL.finditer(text):
            name = call.group('name') or ''
            if name.startswith('ansible.builtin.'):
                name = name[len('ansible.builtin.'):]
            if name not in VARIABLE_FREE_LOOKUPS:
                return None
        try:
            names = frozenset(meta.find_undeclared_variables(self._parser.parse(text)))
        except TemplateSyntaxError:
            return None
        return None if names & UNKNOWABLE_NAMES else names

    def fingerprint(self, value, variables, reading=frozenset()):
        """A hashable stand-in for everything templating value can depend on, with these variables."""
        if isinstance(value, str):
            if not any(marker in value for marker in TEMPLATE_MARKERS):
                return value
            if not is_trusted_as_template(value):  # an untrusted string is data, never templated
                return ('untrusted', str(value))
            return ('template', str(value), tuple(sorted(
                (name, self._variable(name, variables, reading)) for name in self.names_read(value))))
        if isinstance(value, SCALARS):
            return (type(value).__name__, value)
        if isinstance(value, dict):
            return ('dict', tuple(sorted((((type(k).__name__, str(k)), self.fingerprint(v, variables, reading))
                                          for k, v in value.items()), key=lambda item: item[0])))
        if isinstance(value, (list, tuple)):
            return ('list', tuple(self.fingerprint(v, variables, reading) for v in value))
        ciphertext = getattr(value, '_ciphertext', None)  # a vaulted value: the same ciphertext, the same secret
        if ciphertext is not None:
            return ('vault', ciphertext)
        raise Unknowable(type(value).__name__)

    def _variable(self, name, variables, reading):
        if name in RUN_CONSTANTS:
            return ('constant', name)
        if name not in variables:
            return ('undefined',)
        if name in reading:  # a variable that reads itself: leave it to the templar to report
            raise Unknowable(name)
        return self.fingerprint(variables[name], variables, reading | frozenset([name]))

    def template(self, templar, key, value, variables):
        """templar.template(value), reused for any earlier call with the same key and inputs."""
        try:
            cache_key = (key, self.fingerprint(value, variables))
        except Unknowable:
            cache_key = None
        if cache_key is not None and cache_key in self._results:
            self.reused += 1
            outcome = self._results[cache_key]
        else:
            self.templated += 1
            try:
                outcome = (True, plain(templar.template(value)))
            except Exception as e:  # pylint: disable=broad-except
                outcome = (False, e)
            if cache_key is not None:
                self._results[cache_key] = outcome
        if not outcome[0]:
            raise outcome[1]
        return outcome[1]
