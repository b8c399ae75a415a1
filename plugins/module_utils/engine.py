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

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.connection import CONNECTION_OPTIONS

MASK = '********'
MASK_CHANGED = '******** (changed)'
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
    """new in the JSON type the device used for old (1/0 or true/false, "5" or 5)."""
    if isinstance(old, bool):
        return bool(new)
    if isinstance(old, int) and isinstance(new, bool):
        return int(new)
    if isinstance(old, str) and isinstance(new, int) and not isinstance(new, bool):
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


def indexes_to_flags(indexes, old_flags, size):
    """[1, 2] -> [false, true, true], sized and typed like the device's array."""
    template = list(old_flags or [])
    wanted = set(indexes or [])
    return [like(template[i] if i < len(template) else False, i in wanted) for i in range(size)]


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


def mask_user(value, secret_paths):
    """A copy with every non-empty secret shown as MASK."""
    masked = copy.deepcopy(value)

    def hide(container, key):
        if container[key] and container[key] != MASK_CHANGED:
            container[key] = MASK
    for path in secret_paths:
        walk_path(masked, path, hide)
    return masked


def mask_device(value):
    """A device JSON body with every password field shown as MASK."""
    if isinstance(value, dict):
        return dict((k, MASK if k in DEVICE_SECRET_KEYS and v else mask_device(v)) for k, v in value.items())
    if isinstance(value, list):
        return [mask_device(v) for v in value]
    return value


def scrub(value, secrets):
    """Last line of defence: any secret text left anywhere becomes MASK."""
    secrets = sorted(set(s for s in secrets if s and len(s) >= 3), key=len, reverse=True)
    if not secrets:
        return value

    def clean(item):
        if isinstance(item, dict):
            return dict((k, clean(v)) for k, v in item.items())
        if isinstance(item, list):
            return [clean(v) for v in item]
        if isinstance(item, str):
            for secret in secrets:
                item = item.replace(secret, MASK)
        return item
    return clean(value)


def secret_variants(plaintexts):
    """Each secret as the user writes it and as the device stores it."""
    values = []
    for text in plaintexts:
        if isinstance(text, str) and text and text != MASK:
            values.extend([text, encrypt_password(text)])
    return values


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

    def comparable(self, user):
        """The form in which before and after are compared (order-free lists sorted)."""
        return user

    def plan(self, before, after, device, client):
        return [Write(self.write_endpoint, self.to_device(after, device, client))]

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

    def run(self, client, params, check_mode=False, diff_mode=False):
        resource = self.resource
        state = params.get('state') or 'merged'
        wanted = self.wanted(params)
        device = resource.read(client)
        before = resource.to_user(device, client)
        after = resource.desired(before, wanted, state, device, client)
        resource.validate(after, device, client)
        changed = resource.comparable(before) != resource.comparable(after)
        writes = resource.plan(before, after, device, client) if changed else []
        if changed and not writes:
            raise NvrError('%s: internal error: a change was found but no write planned' % resource.name)
        config = after
        if writes and not check_mode:
            replies = [client.call(write.endpoint, body=write.body) for write in writes]
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
    """get one resource, in user form, secrets masked."""

    def __init__(self, resource):
        self.resource = resource

    def run(self, client, params, check_mode=False, diff_mode=False):
        config = self.resource.to_user(self.resource.read(client), client)
        result = {'changed': False, 'config': mask_user(config, self.resource.secret_paths)}
        result['_secrets'] = secret_variants(v for path in self.resource.secret_paths for v in get_path(config, path))
        return result
