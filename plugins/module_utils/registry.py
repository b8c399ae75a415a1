# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one list of the configuration resources the collection manages.

Each entry says, for one resource: its name (the option of nvr_config, the subset of nvr_info, the
column of the drift report), its resource module (module_utils/resources/<name>.py: the Resource and
the ARGUMENT_SPEC), its config module and its _info module (plugins/modules/, each with its action
plugin), the baseline role's variable that carries its options, the resources it depends on (which
must come before it), and a title (the backup file's comment).

The entries are in the order nvr_config applies them: a resource after the ones it depends on
(cameras before the record templates and event actions that name their channels).

Everything that needs the list reads it here: nvr_config (RESOURCE_ORDER, RESOURCE_MODULES, its
argument spec), nvr_info's config subsets (nvr_facts), the fleet check (plugin_utils/fleet.py, through
nvr_config), the drift report's columns (filter drift_summary), the backup file (plugin_utils/backup_file.py)
and the generated role specs (tests/ci/role_specs.py, through nvr_config). What cannot import it - the
baseline role's task and argument specs, meta/runtime.yml, the modules' documentation, docs/ - is
checked against it by tests/unit/plugins/test_registry.py, which names what is missing where.

Adding a resource: its resource file, its module files (+ action plugins), one entry here; then the
test says what to add by hand (docs/development.md).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import namedtuple

# Imported by name, not by importlib: AnsiballZ packs only what a module imports visibly, and
# nvr_config and nvr_info run every resource as module processes too.
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources import (
    account, camera, ddns, default_connection, email, event_action, record_config, record_template, system_monitor)

PREFIX = 'move_nvr_'

ResourceEntry = namedtuple('ResourceEntry', ('name', 'resource_module', 'module', 'info_module', 'variable',
                                             'depends_on', 'title'))


def _entry(name, resource_module, variable, title, depends_on=()):
    return ResourceEntry(name=name, resource_module=resource_module, module=name, info_module=name + '_info',
                         variable=variable, depends_on=tuple(depends_on), title=title)


# In the order nvr_config applies them (each after what it depends on).
REGISTRY = (
    _entry('camera', camera, 'move_nvr_cameras', 'Camera connections'),
    _entry('account', account, 'move_nvr_accounts', 'User accounts'),
    _entry('record_template', record_template, 'move_nvr_record_templates',
           'Record schedule templates and the template of each channel', depends_on=['camera']),
    _entry('event_action', event_action, 'move_nvr_event_action', 'Event actions', depends_on=['camera']),
    _entry('email', email, 'move_nvr_email', 'SMTP email'),
    _entry('ddns', ddns, 'move_nvr_ddns', 'DDNS'),
    _entry('system_monitor', system_monitor, 'move_nvr_system_monitor', 'System monitor alarms'),
    _entry('record_config', record_config, 'move_nvr_record_config', 'Record configuration'),
    _entry('default_connection', default_connection, 'move_nvr_default_connection',
           'Default camera credentials per camera type, automatic adding and refresh'),
)

RESOURCE_ORDER = tuple(entry.name for entry in REGISTRY)
RESOURCE_MODULES = dict((entry.name, entry.resource_module) for entry in REGISTRY)
BY_NAME = dict((entry.name, entry) for entry in REGISTRY)
# resource -> the baseline role's variable (move_nvr_cameras, ...)
VARIABLES = dict((entry.name, entry.variable) for entry in REGISTRY)


def entry_of(name):
    """The registry entry of a resource (KeyError for a name that is none)."""
    return BY_NAME[name]


def order_problems(registry=REGISTRY):
    """[message] for each entry that comes before a resource it depends on, or depends on an unknown one."""
    problems, seen = [], set()
    names = set(entry.name for entry in registry)
    for entry in registry:
        for needed in entry.depends_on:
            if needed not in names:
                problems.append('%s depends on %s, which is no resource of the registry' % (entry.name, needed))
            elif needed not in seen:
                problems.append('%s depends on %s, so it must come after it' % (entry.name, needed))
        seen.add(entry.name)
    return problems
