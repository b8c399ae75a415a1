# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one get / diff / set engine every module and action plugin shares.

A resource (module_utils/resources/) only says how the device's JSON maps to
the user-facing options and back. Everything else happens here, once:
reading, validating before any write, computing the wanted state for each
`state`, deciding `changed` from data (before != after), planning the
writes, check mode (plan, never send), diff, and keeping secrets out of
every output (with masking.py). nvr_config plans several resources before
the first write of any (config_plan.py), from the same ConfigTask.plan.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.connection import CONNECTION_OPTIONS
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import (
    MASK_CHANGED, get_path, mask_device, mask_user, omit_user, placeholder_problem, secret_variants, set_path, walk_path)


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


# -- the resource contract --------------------------------------------------
class Write:
    """One write request the engine will send (or, in check mode, would)."""

    def __init__(self, endpoint, body):
        self.endpoint = endpoint
        self.body = body
        self.warnings = []  # what the user should know about this request (the result's warnings)

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

    # Cameras connected or disconnected by one resource's writes change what later resources of the
    # same run may do (a template for a channel the run connects): config_plan.py plans them so.
    def channel_changes(self, writes):
        """({channel: camera entry} connected, {channels} disconnected, {channel: camera entry} edited) by these
        writes, or None."""
        return None

    def with_channel_changes(self, device, connected, disconnected, edited):
        """device (this resource's JSON) as the NVR would show it once those cameras are (dis)connected and edited;
        the same object when they change nothing of it."""
        return device

    def ends_session(self, writes, client):
        """Whether these writes may end the session they are sent in (the session's own new password): sent last."""
        return False


# -- tasks ------------------------------------------------------------------
class Plan:
    """One resource's change, decided before anything is sent: the device's JSON it was planned from,
    before and after in user form, and the writes (none when before and after compare equal)."""

    def __init__(self, device, before, after, writes, warnings, secrets):  # pylint: disable=too-many-arguments,too-many-positional-arguments
        self.device = device
        self.before = before
        self.after = after
        self.writes = writes
        self.warnings = warnings
        self.secrets = secrets
        self.sent = 0  # writes the NVR took, counted by ConfigTask.apply (a failure may come after some)

    @property
    def changed(self):
        return bool(self.writes)


class ConfigTask:
    """get, validate, diff and (unless in check mode) set one resource.

    In two halves, so that nvr_config can plan every resource of a run before it sends anything:
    plan() reads, computes the wanted state, validates it and plans the writes; apply() sends them.
    """

    def __init__(self, resource):
        self.resource = resource

    def wanted(self, params):
        skip = set(self.resource.control_options) | set(CONNECTION_OPTIONS)
        return strip_none(dict((k, v) for k, v in params.items() if k not in skip))

    def preflight(self, params):
        """What is wrong with the options before any request, or None: a masked placeholder given as a password."""
        return placeholder_problem(self.wanted(params), self.resource.secret_paths, getattr(self.resource, 'lists', None))

    def plan(self, client, params, device=None):
        """Read (unless device is given: the JSON the NVR would show), desire, validate and plan; sends nothing."""
        resource = self.resource
        state = params.get('state') or 'merged'
        wanted = self.wanted(params)
        problem = self.preflight(params)
        if problem:
            raise NvrError(problem)
        device = resource.read(client) if device is None else device
        before = resource.to_user(device, client)
        after = resource.keep_secrets(before, wanted, resource.desired(before, wanted, state, device, client))
        resource.validate(after, device, client)
        changed = resource.comparable(before) != resource.comparable(after)
        writes = resource.plan(before, after, device, client) if changed else []
        if changed and not writes:
            raise NvrError('%s: internal error: a change was found but no write planned' % resource.name)
        warnings = resource.warnings(before, wanted, state, client) + [w for write in writes for w in write.warnings]
        return Plan(device, before, after, writes, warnings, self.secrets(wanted, before, after))

    def apply(self, client, plan):
        """Send the plan's writes in order; the resource as the NVR then has it (user form)."""
        replies = []
        for write in plan.writes:
            replies.append(self.resource.send(client, write))
            plan.sent += 1
        return self.resource.read_after(replies, client)

    def result(self, plan, config, diff_mode):
        """The module's result for a plan, with config as it ended (the plan's after in check mode)."""
        result = {
            'changed': plan.changed,
            'config': mask_user(config, self.resource.secret_paths),
            'requests': [write.as_result() for write in plan.writes],
        }
        if diff_mode:
            result['diff'] = self.diff(plan.before, plan.after)
        if plan.warnings:
            result['warnings'] = list(plan.warnings)
        result['_secrets'] = plan.secrets
        return result

    def run(self, client, params, check_mode=False, diff_mode=False):
        plan = self.plan(client, params)
        config = self.apply(client, plan) if plan.writes and not check_mode else plan.after
        return self.result(plan, config, diff_mode)

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
