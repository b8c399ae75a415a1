# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets kept out of every output: paths to them in a resource's options, masks, and the forms a secret can take.

The engine masks what it knows (mask_user, mask_device, the diff); the runner and the action plugins
scrub whatever is left (scrub over secret_variants: every form a password can reach output in).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

from urllib.parse import quote, quote_plus

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password

MASK = '********'
MASK_CHANGED = '******** (changed)'
# What Ansible shows in place of a no_log value (in a registered invocation or diff, say).
NO_LOG_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
# Texts that stand for a password in output and never are one: given as a password, they are refused.
PLACEHOLDERS = (MASK, MASK_CHANGED, NO_LOG_PLACEHOLDER)
DEVICE_SECRET_KEYS = frozenset(['password'])


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
