# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The move_nvr_* variables the collection's roles know, and the ones a host has that none knows.

Why: a misspelt role variable (`move_nvr_camera` for `move_nvr_cameras`) is not an error to Ansible;
the resource it was meant for is then simply not managed, and the run is green. The baseline's task
(nvr_config, option unknown_variables) and the fleet check refuse such a variable, naming the nearest
known name.

What is known is read from the roles' own files, never kept by hand: every option of every entry point
of roles/*/meta/argument_specs.yml, the keys of roles/*/defaults/main.yml, and the names the roles' tasks
set (register, set_fact, task vars, set_stats data, which AWX hands to the next job as extra variables),
plus move_nvr_execution (plugin_utils/action.py). Reading them costs about 2 ms per task, once per
process.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os

import yaml

from ansible_collections.mobotix.move_nvr.plugins.module_utils.nvr_config import nearest_name
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import EXECUTION_VARIABLE

PREFIX = 'move_nvr_'
COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLES = os.path.join(COLLECTION_ROOT, 'roles')
# At most this many unknown variables are named in one message (one line).
NAMED_AT_MOST = 5
SETTING = 'unknown_variables'
CACHE = {}


class _Loader(getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):  # pylint: disable=too-many-ancestors
    """A safe loader that reads any tag (!unsafe, !vault) as nothing: only the names matter here."""


_Loader.add_multi_constructor('!', lambda loader, suffix, node: None)


def _load(path):
    try:
        with open(path, 'rb') as handle:
            return yaml.load(handle, Loader=_Loader)  # nosec - a safe loader
    except (IOError, OSError):
        return None


def _task_names(tasks):
    """The variable names a list of tasks sets: register, set_fact, task vars, set_stats data."""
    names = set()
    for task in tasks if isinstance(tasks, list) else []:
        if not isinstance(task, dict):
            continue
        if isinstance(task.get('register'), str):
            names.add(task['register'])
        for key in ('vars',):
            if isinstance(task.get(key), dict):
                names.update(task[key])
        for action in ('ansible.builtin.set_fact', 'set_fact'):
            if isinstance(task.get(action), dict):
                names.update(task[action])
        for action in ('ansible.builtin.set_stats', 'set_stats'):
            if isinstance(task.get(action), dict) and isinstance(task[action].get('data'), dict):
                names.update(task[action]['data'])
        for key in ('block', 'rescue', 'always'):
            names.update(_task_names(task.get(key)))
    return names


def known_variables(roles=ROLES):
    """Every move_nvr_* name a role of the collection knows (see the module's docstring); cached per process."""
    if roles not in CACHE:
        names = {EXECUTION_VARIABLE}
        for role in sorted(glob.glob(os.path.join(roles, '*', ''))):
            specs = _load(os.path.join(role, 'meta', 'argument_specs.yml')) or {}
            entries = specs.get('argument_specs') if isinstance(specs, dict) else None
            for entry in (entries or {}).values():
                if isinstance(entry, dict) and isinstance(entry.get('options'), dict):
                    names.update(entry['options'])
            defaults = _load(os.path.join(role, 'defaults', 'main.yml'))
            if isinstance(defaults, dict):
                names.update(defaults)
            for tasks in sorted(glob.glob(os.path.join(role, 'tasks', '*.yml'))):
                names.update(_task_names(_load(tasks)))
        CACHE[roles] = frozenset(n for n in names if isinstance(n, str) and n.startswith(PREFIX))
    return CACHE[roles]


def unknown_variables(names, known):
    """The names that start with move_nvr_ and are not known, sorted."""
    return sorted(n for n in names if isinstance(n, str) and n.startswith(PREFIX) and n not in known)


def unknown_text(unknown, known):
    """`unknown variable move_nvr_camera; did you mean move_nvr_cameras?`, or the list of several."""
    near = [(name, nearest_name(name, known, PREFIX)) for name in unknown]
    if len(near) == 1:
        name, guess = near[0]
        return 'unknown variable %s%s' % (name, '; did you mean %s?' % guess if guess else '')
    named = ['%s (did you mean %s?)' % (name, guess) if guess else name for name, guess in near[:NAMED_AT_MOST]]
    more = ' and %d more' % (len(near) - NAMED_AT_MOST) if len(near) > NAMED_AT_MOST else ''
    return 'unknown variables %s%s' % (', '.join(named), more)


def check_unknown_variables(mode, variables, labels=None, roles=ROLES):
    """(failure message or None, warnings) for a host's variables, as the setting `mode` says.

    mode: fail, warn, or anything else (ignore, None: not checked). labels: nvr_config's
    option_labels, to name the setting as the caller knows it (move_nvr_unknown_variables).
    """
    if mode not in ('fail', 'warn') or not hasattr(variables, 'keys'):
        return None, []
    known = known_variables(roles)
    unknown = unknown_variables(list(variables.keys()), known)
    if not unknown:
        return None, []
    setting = labels.get(SETTING) if isinstance(labels, dict) and isinstance(labels.get(SETTING), str) else SETTING
    them = 'it' if len(unknown) == 1 else 'them'
    text = unknown_text(unknown, known)
    if mode == 'fail':
        return '%s (no role of mobotix.move_nvr knows %s; %s: warn makes this a warning)' % (text, them, setting), []
    return None, ['%s (no role of mobotix.move_nvr knows %s, so %s ignored)' % (text, them, 'it is' if them == 'it' else 'they are')]
