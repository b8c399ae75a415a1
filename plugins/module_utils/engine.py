# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one get / diff / set engine every module and action plugin shares.

A resource (module_utils/resources/) only says how the device's JSON maps to
the user-facing options and back. Everything else happens here, once:
reading, validating before any write, computing the wanted state for each
`state`, deciding `changed` from data (before != after), planning the
writes, check mode (plan, never send), diff, and keeping secrets out of
every output.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

from urllib.parse import quote, quote_plus

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.connection import CONNECTION_OPTIONS

MASK = '********'
MASK_CHANGED = '******** (changed)'
# What Ansible shows in place of a no_log value (in a registered invocation or diff, say).
NO_LOG_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
# Texts that stand for a password in output and never are one: given as a password, they are refused.
PLACEHOLDERS = (MASK, MASK_CHANGED, NO_LOG_PLACEHOLDER)
DEVICE_SECRET_KEYS = frozenset(['password'])


class NvrValidationError(NvrError):
    """Bad input found before any write; names the option and what is allowed."""

    def __init__(self, option, problem, allowed=None):
        text = '%s: %s' % (option, problem)
        if allowed is not None:
            text += '; allowed: %s' % allowed
        super(NvrValidationError, self).__init__(text)


# -- data helpers -----------------------------------------------------------
def strip_none(value):
    """The options the user gave: None (not given) removed at every depth."""
    if isinstance(value, dict):
        return dict((k, strip_none(v)) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return [strip_none(v) for v in value]
    return value


def deep_merge(base, overlay):
    """overlay laid over base: dicts merge key by key, anything else replaces."""
    if not isinstance(base, dict) or not isinstance(overlay, dict):
        return copy.deepcopy(overlay)
    merged = copy.deepcopy(base)
    for key, value in overlay.items():
        merged[key] = deep_merge(merged[key], value) if key in merged else copy.deepcopy(value)
    return merged


def like(old, new):
    """new in the JSON type the device used for old: true/false, 1/0 or "1"/"0" ("true"/"false") for a
    flag, 5 or "5" for a number (api-notes.md: every documented form is read, and written back as read)."""
    if isinstance(old, bool):
        return bool(new)
    if isinstance(old, int) and isinstance(new, bool):
        return int(new)
    if isinstance(old, str) and isinstance(new, bool):
        if old.strip().lower() in ('true', 'false'):
            return 'true' if new else 'false'
        return '1' if new else '0'
    if isinstance(old, str) and isinstance(new, int):
        return str(new)
    return new


def as_bool(value):
    if isinstance(value, str):
        return value.strip().lower() in ('1', 'true', 'yes', 'on')
    return bool(value)


def as_int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def flags_to_indexes(flags):
    """[false, true, true] -> [1, 2]: the 0-based numbers that are set."""
    return [i for i, flag in enumerate(flags or []) if as_bool(flag)]


def indexes_to_flags(indexes, old_flags, size, sample=False):
    """[1, 2] -> [false, true, true], sized and typed like the device's array (an entry it did not
    have, like its first one; a new array, like `sample`: a flag of the same device)."""
    template = list(old_flags or [])
    wanted = set(indexes or [])
    fill = template[0] if template else sample
    return [like(template[i] if i < len(template) else fill, i in wanted) for i in range(size)]


def walk_path(value, path, func):
    """func(container, key) at every place a path such as 'accounts[].password' names; missing places are skipped."""
    head, dummy, rest = path.partition('.')
    is_list = head.endswith('[]')
    key = head[:-2] if is_list else head
    if not isinstance(value, dict) or key not in value:
        return
    targets = value[key] if is_list else None
    if is_list:
        for item in targets if isinstance(targets, list) else []:
            if rest:
                walk_path(item, rest, func)
    elif rest:
        walk_path(value[key], rest, func)
    else:
        func(value, key)


def get_path(value, path):
    found = []
    walk_path(value, path, lambda container, key: found.append(container[key]))
    return found


def set_path(value, path, new):
    """new at every place path names in value (in place); missing places are skipped."""
    walk_path(value, path, lambda container, key: container.__setitem__(key, new))


def named_values(value, path, keys=None, prefix=''):
    """(option as the messages name it, value) at every place path names.

    A list item is named by its key where keys gives one ({'cameras': 'channel'}: 'cameras[2].password',
    as validation names it), else by its position.
    """
    head, dummy, rest = path.partition('.')
    is_list = head.endswith('[]')
    key = head[:-2] if is_list else head
    if not isinstance(value, dict) or key not in value:
        return []
    name = prefix + key
    if not is_list:
        return named_values(value[key], rest, keys, name + '.') if rest else [(name, value[key])]
    found, field = [], (keys or {}).get(key)
    for index, item in enumerate(value[key] if isinstance(value[key], list) else []):
        where = '%s[%s]' % (name, item[field] if isinstance(item, dict) and field in item else index)
        found.extend(named_values(item, rest, keys, where + '.') if rest else [(where, item)])
    return found


def placeholder_problem(wanted, secret_paths, keys=None):
    """One line naming the first secret option given as a masked placeholder, or None.

    Output shows passwords as placeholders (MASK, MASK_CHANGED, and Ansible's NO_LOG_PLACEHOLDER
    where no_log hides one). Fed back as options, the NVR would store the placeholder as the
    password, so it is refused before any request; leaving the option out keeps the NVR's password.
    """
    for path in secret_paths:
        for name, value in named_values(wanted, path, keys):
            if isinstance(value, str) and value in PLACEHOLDERS:
                return ("%s: the masked placeholder %s is not a password; leave the option out to keep the NVR's password"
                        % (name, value))
    return None


def mask_user(value, secret_paths):
    """A copy with every non-empty secret shown as MASK."""
    masked = copy.deepcopy(value)

    def hide(container, key):
        if container[key] and container[key] != MASK_CHANGED:
            container[key] = MASK
    for path in secret_paths:
        walk_path(masked, path, hide)
    return masked


def omit_user(value, secret_paths):
    """A copy without the secret keys: given back as options, a secret left out means "as the NVR has it"."""
    kept = copy.deepcopy(value)

    def drop(container, key):
        container.pop(key)
    for path in secret_paths:
        walk_path(kept, path, drop)
    return kept


def mask_device(value):
    """A device JSON body with every password field shown as MASK."""
    if isinstance(value, dict):
        return dict((k, MASK if k in DEVICE_SECRET_KEYS and v else mask_device(v)) for k, v in value.items())
    if isinstance(value, list):
        return [mask_device(v) for v in value]
    return value


def scrub(value, secrets):
    """Last line of defence: any secret text left anywhere becomes MASK.

    One pass over the value; the secrets are tried longest first, so that a secret that
    contains another is masked whole. Each string is searched for a secret before it is
    rebuilt: most strings hold none, and a fleet check scrubs every NVR's result.
    """
    secrets = sorted(set(s for s in secrets if isinstance(s, str) and len(s) >= 3), key=len, reverse=True)
    if not secrets:
        return value
    shortest = len(secrets[-1])

    def clean(item):
        if isinstance(item, dict):
            return dict((k, clean(v)) for k, v in item.items())
        if isinstance(item, list):
            return [clean(v) for v in item]
        if isinstance(item, str) and len(item) >= shortest:
            for secret in secrets:
                if secret in item:
                    item = item.replace(secret, MASK)
        return item
    return clean(value)


def text_forms(text):
    """text in each form output can show it in: as it is, JSON-escaped (json.dumps with and without
    ensure_ascii, quotes dropped), and each of those URL-encoded (quote with and without '/' kept, and
    quote_plus: a form body, a query string, a URL in an error).

    A password with a quote, a backslash or a non-ASCII letter is masked in a JSON body too; most
    passwords have one or two forms, the set drops the copies.
    """
    forms = set([text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]])
    for form in list(forms):
        forms.update((quote(form, safe=''), quote(form), quote_plus(form)))
    return forms


def secret_variants(plaintexts):
    """Each secret in every form it can reach output in: as the user writes it and as the device
    stores it (encrypted with the fixed key, so that form is the password too), each of them as it
    is, URL-encoded and JSON-escaped (text_forms). The engine, the runner and the action plugins
    all expand secrets here, so every path masks the same forms."""
    values = set()
    for text in plaintexts:
        if isinstance(text, str) and text and text != MASK:
            values.update(text_forms(text))
            values.update(text_forms(encrypt_password(text)))
    return list(values)


# -- the resource contract --------------------------------------------------
class Write:
    """One write request the engine will send (or, in check mode, would)."""

    def __init__(self, endpoint, body):
        self.endpoint = endpoint
        self.body = body

    def as_result(self):
        method, path = ENDPOINTS[self.endpoint]
        return {'method': method, 'path': path, 'body': mask_device(self.body)}


class Resource:
    """How one NVR resource maps to user options. Subclasses fill this in."""

    name = None
    read_endpoint = None
    write_endpoint = None
    secret_paths = ()
    # Options that steer the run rather than describe the resource.
    control_options = ('state',)
    states = ('merged', 'replaced')
    # User-form defaults that `replaced` returns to (the device's factory state).
    factory = {}

    def read(self, client):
        return client.get(self.read_endpoint)

    def to_user(self, device, client):
        raise NotImplementedError

    def to_device(self, user, device, client):
        raise NotImplementedError

    def validate(self, after, device, client):
        """Raise NvrValidationError for a wanted state the device would refuse."""

    def warnings(self, before, wanted, state, client):
        """What the user should know about this run although it does not fail."""
        return []

    def desired(self, before, wanted, state, device, client):
        if state == 'replaced':
            return deep_merge(self.factory, wanted)
        return deep_merge(before, wanted)

    def keep_secrets(self, before, wanted, after):
        """after with each secret of the object that the user did not give as the NVR has it.

        A secret not given is never changed, whatever the state (`replaced` included): _info
        output leaves passwords out, and given back it must mean "as it is". The secrets of list
        items are kept by ListResource, item by item by key.
        """
        for path in self.secret_paths:
            current = get_path(before, path)
            if '[]' not in path and not get_path(wanted, path) and len(current) == 1:
                set_path(after, path, current[0])
        return after

    def comparable(self, user):
        """The form in which before and after are compared (order-free lists sorted)."""
        return user

    def plan(self, before, after, device, client):
        return [Write(self.write_endpoint, self.to_device(after, device, client))]

    def send(self, client, write):
        """Send one planned write and return the reply; a resource may send it again in another form
        (camera: `protocol` as its index), changing write.body to what the NVR took."""
        return client.call(write.endpoint, body=write.body)

    def read_after(self, replies, client):
        """The resource after the writes; the reply carries it where the API says so."""
        output = replies[-1].get('output') if replies else None
        return self.to_user(output if output else self.read(client), client)

    def diff_view(self, before, after):
        """What diff mode shows; list resources narrow it to the changed items."""
        return before, after


# -- tasks ------------------------------------------------------------------
class ConfigTask:
    """get, validate, diff and (unless in check mode) set one resource."""

    def __init__(self, resource):
        self.resource = resource

    def wanted(self, params):
        skip = set(self.resource.control_options) | set(CONNECTION_OPTIONS)
        return strip_none(dict((k, v) for k, v in params.items() if k not in skip))

    def preflight(self, params):
        """What is wrong with the options before any request, or None: a masked placeholder given as a password."""
        return placeholder_problem(self.wanted(params), self.resource.secret_paths, getattr(self.resource, 'lists', None))

    def run(self, client, params, check_mode=False, diff_mode=False):
        resource = self.resource
        state = params.get('state') or 'merged'
        wanted = self.wanted(params)
        problem = self.preflight(params)
        if problem:
            raise NvrError(problem)
        device = resource.read(client)
        before = resource.to_user(device, client)
        after = resource.keep_secrets(before, wanted, resource.desired(before, wanted, state, device, client))
        resource.validate(after, device, client)
        changed = resource.comparable(before) != resource.comparable(after)
        writes = resource.plan(before, after, device, client) if changed else []
        if changed and not writes:
            raise NvrError('%s: internal error: a change was found but no write planned' % resource.name)
        config = after
        if writes and not check_mode:
            replies = [resource.send(client, write) for write in writes]
            config = resource.read_after(replies, client)
        result = {
            'changed': changed,
            'config': mask_user(config, resource.secret_paths),
            'requests': [write.as_result() for write in writes],
        }
        if diff_mode:
            result['diff'] = self.diff(before, after)
        warnings = resource.warnings(before, wanted, state, client)
        if warnings:
            result['warnings'] = warnings
        result['_secrets'] = self.secrets(wanted, before, after)
        return result

    def diff(self, before, after):
        resource = self.resource
        shown_before, shown_after = resource.diff_view(before, after)
        masked_before = mask_user(shown_before, resource.secret_paths)
        masked_after = mask_user(shown_after, resource.secret_paths)
        for path in resource.secret_paths:
            old, new = get_path(shown_before, path), get_path(shown_after, path)
            if len(old) == 1 and len(new) == 1 and old != new and new[0]:
                walk_path(masked_after, path, lambda container, key: container.__setitem__(key, MASK_CHANGED))
        return {'before': masked_before, 'after': masked_after}

    def secrets(self, *user_forms):
        found = []
        for form in user_forms:
            for path in self.resource.secret_paths:
                found.extend(get_path(form, path))
        return secret_variants(found)


class InfoTask:
    """get one resource, in user form, secrets left out.

    Left out, not masked: `config` is the options of the config module, and given back to it a
    password left out keeps the NVR's, where a mask would be refused. nvr_info returns them
    vault-encrypted on request (secrets=vault).
    """

    def __init__(self, resource):
        self.resource = resource

    def run(self, client, params, check_mode=False, diff_mode=False):
        config = self.resource.to_user(self.resource.read(client), client)
        result = {'changed': False, 'config': omit_user(config, self.resource.secret_paths)}
        result['_secrets'] = secret_variants(v for path in self.resource.secret_paths for v in get_path(config, path))
        return result
