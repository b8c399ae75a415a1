# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup file of one NVR: its configuration as variables of the baseline role.

What nvr_info read becomes `move_nvr_email`, `move_nvr_cameras`, ... with
the `state` that makes the round trip exact (docs/backup.md). Everything
the NVR said is data: safe_yaml.py writes it, and this module decides what
may be written at all:

- Keys: only option names of the resource's module (its ARGUMENT_SPEC), so
  no key an NVR reports can add a variable or an option. A key that is not
  one is left out where the module keeps what it does not know as the NVR
  has it (a system monitor of a newer firmware: `replaced` does not reset
  it), and named in the header; anywhere else it refuses the backup.
- Passwords: only where the resource declares its secrets, and only as
  vault text in `vault` mode; any other password refuses the backup rather
  than be written in clear.
- The file name: the inventory host name, refused unless it is a plain file
  name, so that the file lands in move_nvr_backup_dir.

A refusal is one line (BackupRefused) that names what was refused, escaped
with ascii() so that it is one line of printable text.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
import unicodedata
from collections.abc import Mapping

from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import walk_path
from ansible_collections.mobotix.move_nvr.plugins.module_utils.registry import REGISTRY, RESOURCE_MODULES
from ansible_collections.mobotix.move_nvr.plugins.module_utils.resources.record_template import DAYS
from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.safe_yaml import Plain, Vaulted, YamlEmitError, document

# (variable, resource, comment line) in the order of the file: the registry's, the order the baseline applies them.
VARIABLES = tuple((entry.variable, entry.name, '%s (mobotix.move_nvr.%s)' % (entry.title, entry.module)) for entry in REGISTRY)
# The resources whose module has `overridden` (the lists: the NVR ends with exactly the items listed).
LIST_RESOURCES = tuple(entry.name for entry in REGISTRY if 'overridden' in entry.resource_module.RESOURCE.states)
# Where a key that is not an option may be left out, because the module keeps what it does not know.
LEAVE_OUT = {'system_monitor': ''}
SECRETS_MODES = ('omit', 'vault')
VAULT_TEXT = re.compile(r'\$ANSIBLE_VAULT;[ -~]+(\r?\n[0-9a-fA-F]+)+\s*\Z')
SHOWN = 60


class BackupRefused(Exception):
    """The backup of this NVR is not written; the message says why, in one line."""


def shown(text):
    """Any text as one short line of printable ASCII (for messages and comments)."""
    text = ascii(text)
    return text if len(text) <= SHOWN else text[:SHOWN - 3] + '...'


# -- the file name ----------------------------------------------------------------
def file_name(host):
    """<host>.yml, or BackupRefused unless the host name is a plain file name."""
    reason = None
    if not isinstance(host, str) or not host:
        reason = 'is empty'
    elif host.startswith('.'):
        reason = 'starts with a dot (., .. and hidden files are not backup files)'
    elif any(char in host for char in '/\\\x00'):
        reason = 'contains / or \\ or NUL'
    elif any(unicodedata.category(char) in ('Cc', 'Cf', 'Cs', 'Zl', 'Zp') for char in host):
        reason = 'contains a control or invisible character'
    elif len((host + '.yml').encode('utf-8', 'surrogatepass')) > 255:
        reason = 'is longer than a file name may be'
    if reason:
        raise BackupRefused('the inventory host name %s cannot be the name of its backup file: it %s'
                            % (shown(host), reason))
    return host + '.yml'


# -- the data ---------------------------------------------------------------------
def plain(value):
    """A copy made of dict, list, str, int, float, bool and None only (no tagged or lazy Ansible types)."""
    if isinstance(value, Mapping):
        return dict((str(k), plain(v)) for k, v in value.items())
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    raise BackupRefused('nvr_info returned a value of type %s' % type(value).__name__)


def known_options(value, spec, resource, where, left_out):
    """value with only the keys the module's spec knows; see LEAVE_OUT for the others."""
    if not isinstance(value, dict):
        return value
    kept = {}
    for key, item in value.items():
        option = spec.get(key)
        if option is None:
            if LEAVE_OUT.get(resource) != where:
                raise BackupRefused('the NVR reported %s in %s, which is not an option of mobotix.move_nvr.%s'
                                    % (shown(key), '%s%s' % (resource, where), resource))
            left_out.append('%s %s' % (resource, shown(key)))
            continue
        kept[key] = known_suboptions(item, option, resource, '%s.%s' % (where, key), left_out)
    return kept


def known_suboptions(value, option, resource, where, left_out):
    options = option.get('options')
    if not options:
        return value
    if option.get('type') == 'list' and isinstance(value, list):
        return [known_options(item, options, resource, where + '[]', left_out) for item in value]
    return known_options(value, options, resource, where, left_out)


def secrets_checked(options, resource, vaulted):
    """Each password as Vaulted in vault mode; any other password refuses the backup."""
    def check(container, key):
        value = container[key]
        if vaulted and isinstance(value, str) and (value == '' or VAULT_TEXT.match(value)):
            container[key] = Vaulted(value) if value else value
            return
        raise BackupRefused('%s.%s came from nvr_info %s; a password is written vault-encrypted or not at all'
                            % (resource, key, 'not vault-encrypted' if vaulted else 'although secrets=omit'))
    for path in RESOURCE_MODULES[resource].RESOURCE.secret_paths:
        walk_path(options, path, check)
    return options


def compressed_week(schedule):
    """A week as `all` (its most frequent day, the first of them) plus the days that differ."""
    if set(schedule) != set(DAYS):
        return schedule
    counts = [(sum(1 for other in DAYS if schedule[other] == schedule[day]), day) for day in DAYS]
    best = max(count for count, dummy in counts)
    if best < 2:
        return schedule
    every = schedule[next(day for count, day in counts if count == best)]
    week = {'all': every}
    week.update((day, schedule[day]) for day in DAYS if schedule[day] != every)
    return week


def without_login_password(account, username):
    """The account the role logs in with keeps its password out of the file: move_nvr_password is the one place for it."""
    if str(account.get('name', '')).lower() != (username or '').lower():
        return account
    return dict((k, v) for k, v in account.items() if k != 'password')


def resource_options(name, options, username):
    """The options of one resource as the baseline should get them."""
    if name == 'account':
        options['accounts'] = [without_login_password(account, username) for account in options.get('accounts') or []]
    if name == 'record_template':
        for template in options.get('templates') or []:
            if isinstance(template.get('schedule'), dict):
                template['schedule'] = compressed_week(template['schedule'])
    return options


def state_of(name, options):
    # A password left out is kept as the NVR has it, in every state (docs/states.md), so `replaced` is exact.
    return 'overridden' if name in LIST_RESOURCES else 'replaced'


def variables(nvr, username, vaulted):
    """([(comment, variable, value)], left out keys) from nvr_info's `nvr`."""
    found, left_out = [], []
    for variable, name, comment in VARIABLES:
        read = nvr.get(name)
        if not isinstance(read, dict):
            raise BackupRefused('nvr_info returned no %s (gather_subset must include config)' % name)
        spec = dict((k, v) for k, v in RESOURCE_MODULES[name].ARGUMENT_SPEC.items() if k != 'state')
        options = known_options(read, spec, name, '', left_out)
        options = resource_options(name, secrets_checked(options, name, vaulted), username)
        value = {'state': Plain(state_of(name, options))}
        value.update(options)
        found.append((comment, variable, value))
    return found, left_out


# -- the header -------------------------------------------------------------------
def header(host, url, version, username, vaulted, read_at, left_out):
    lines = [
        'Configuration of the NVR %s (%s, %s, firmware %s),' % (host, url, version.get('model', ''), version.get('firmware_version', '')),
        'read %s UTC by the role mobotix.move_nvr.backup.' % read_at,
        "These are variables of the role mobotix.move_nvr.baseline: as this host's host_vars they",
        'describe the NVR as it was read, so the baseline in check mode shows no drift on it.',
        'Text from the NVR is tagged !unsafe: Ansible reads it as it is and never evaluates it.',
    ]
    if vaulted:
        lines += ['Passwords: each one vault-encrypted (move_nvr_backup_secrets: vault), except that of %s,' % username,
                  'the account the baseline logs in with. The baseline needs the vault password to read this file.']
    else:
        lines += ['Passwords: left out (move_nvr_backup_secrets: omit). The NVR keeps the ones it has: a password',
                  'that is not given is never changed. A new account or camera would need one.']
    if left_out:
        lines += ['Left out, not options of the baseline (the NVR keeps them as they are): %s' % ', '.join(left_out)]
    return lines


def render(nvr, host, username, secrets='omit', url='', read_at=None):
    """The text of the backup file of one NVR, or BackupRefused."""
    if secrets not in SECRETS_MODES:
        raise BackupRefused('secrets must be one of %s, not %s' % (', '.join(SECRETS_MODES), shown(secrets)))
    if not isinstance(nvr, Mapping):
        raise BackupRefused('expected the `nvr` of mobotix.move_nvr.nvr_info, got %s' % type(nvr).__name__)
    nvr = plain(nvr)
    vaulted = secrets == 'vault'
    found, left_out = variables(nvr, username, vaulted)
    version = nvr.get('version') if isinstance(nvr.get('version'), dict) else {}
    read_at = read_at or datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')
    lines = header(host, url, version, username, vaulted, read_at, left_out)
    try:
        return document(lines, found)
    except YamlEmitError as e:
        raise BackupRefused('the backup could not be written as YAML: %s' % e)
