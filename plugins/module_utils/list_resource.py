# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keyed lists for the engine: accounts by name, cameras by channel, ...

The states of ansible.netcommon's resource modules, over lists compared by
key so that order never makes a false change:
  merged      each listed item: the given fields laid over the device's item
  replaced    each listed item set wholly (fields not given back to defaults, secrets kept)
  overridden  the device ends with exactly the listed items
  deleted     the listed items are removed
Protected items (the logged-in account, the administrator, Default) are never
removed: the run warns instead of failing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import NvrValidationError, Resource, deep_merge
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import MASK_CHANGED, get_path

LIST_STATES = ('merged', 'replaced', 'overridden', 'deleted')


class ListResource(Resource):
    """A resource made of keyed lists. Subclasses set `lists` and fill in the rest."""

    states = LIST_STATES
    # list option -> key field, e.g. {'accounts': 'name'}
    lists = {}
    # inner lists whose order means nothing, per list option, e.g. {'accounts': ('permissions',)}
    unordered = {}
    # fields of an item that are write-only secrets compared by decryption
    item_secrets = {}

    # -- hooks for subclasses ----------------------------------------------
    def item_defaults(self, list_name, key, device, client):
        """What a new item, or an item under `replaced`, has for fields not given."""
        return {}

    def protected(self, list_name, item, client, items):
        """A reason why this item must never be removed, or None (items: the list on the NVR, item among them)."""
        return None

    def keep_fields(self, list_name, before_item, wanted_item, state, items):
        """Fields of before_item to carry over although not given (secrets are always carried over); items: the list
        on the NVR."""
        return {}

    # -- the engine's contract ----------------------------------------------
    @property
    def secret_paths(self):
        return tuple('%s[].%s' % (name, field) for name, fields in self.item_secrets.items() for field in fields)

    def desired(self, before, wanted, state, device, client):
        after = copy.deepcopy(before)
        for list_name, key in self.lists.items():
            if list_name not in wanted and state != 'overridden':
                continue
            current = dict((item[key], item) for item in before.get(list_name) or [])
            given = wanted.get(list_name) or []
            self._check_unique(list_name, key, given)
            if state == 'deleted':
                result = self._delete(list_name, key, current, given, client)
            else:
                result = self._apply(list_name, key, current, given, state, device, client)
            after[list_name] = result
        return after

    def _check_unique(self, list_name, key, given):
        seen = set()
        for item in given:
            if item.get(key) is None:
                raise NvrValidationError('%s[].%s' % (list_name, key), 'an item has no %s' % key, 'every item needs one')
            if item[key] in seen:
                raise NvrValidationError('%s' % list_name, '%s %r is listed twice' % (key, item[key]), 'each %s once' % key)
            seen.add(item[key])

    def _apply(self, list_name, key, current, given, state, device, client):
        result = []
        listed = set()
        for item in given:
            item_key = item[key]
            listed.add(item_key)
            old = current.get(item_key)
            if old is not None and state == 'merged':
                new = deep_merge(old, item)
            else:
                base = self.item_defaults(list_name, item_key, device, client)
                if old is not None:
                    base = deep_merge(base, self.keep_fields(list_name, old, item, state, list(current.values())))
                    base = deep_merge(base, self._secrets_of(list_name, old))
                new = deep_merge(base, item)
            result.append(new)
        for item_key, old in current.items():
            if item_key in listed:
                continue
            if state == 'overridden' and self.protected(list_name, old, client, list(current.values())) is None:
                continue
            result.append(old)
        return sorted(result, key=lambda item: item[key])

    def _secrets_of(self, list_name, item):
        """The secrets of an existing item: one not given is never changed, with every state."""
        return dict((field, item[field]) for field in self.item_secrets.get(list_name, ()) if field in item)

    def _delete(self, list_name, key, current, given, client):
        removing = set(item[key] for item in given)
        result = []
        for item_key, old in current.items():
            if item_key in removing and self.protected(list_name, old, client, list(current.values())) is None:
                continue
            result.append(old)
        return sorted(result, key=lambda item: item[key])

    def warnings(self, before, wanted, state, client):
        """One line per protected item that the state would have removed."""
        found = []
        if state not in ('overridden', 'deleted'):
            return found
        for list_name, key in self.lists.items():
            listed = set(item.get(key) for item in wanted.get(list_name) or [])
            for item in before.get(list_name) or []:
                reason = self.protected(list_name, item, client, before.get(list_name) or [])
                removed = item[key] in listed if state == 'deleted' else item[key] not in listed
                if reason and removed and (state == 'deleted' or list_name in wanted or state == 'overridden'):
                    found.append('%s %s %r is kept: %s' % (list_name, key, item[key], reason))
            if state == 'deleted':
                found.extend(self._deleted_mismatches(list_name, key, before, wanted))
        return found

    def _deleted_mismatches(self, list_name, key, before, wanted):
        """A line per item deleted although its other fields, as given, are not the NVR's: was it the item meant?"""
        current = dict((item[key], self._comparable_item(list_name, item)) for item in before.get(list_name) or [])
        secrets = self.item_secrets.get(list_name, ())
        found = []
        for item in wanted.get(list_name) or []:
            old = current.get(item.get(key))
            if old is None:
                continue
            given = self._comparable_item(list_name, item)
            differs = sorted(field for field, value in given.items()
                             if field != key and field not in secrets and old.get(field) != value)
            if differs:
                found.append('%s[%s]: deleted by its %s, although %s given differ%s from the NVR\'s'
                             % (list_name, item[key], key, ', '.join(differs), 's' if len(differs) == 1 else ''))
        return found

    def comparable(self, user):
        view = {}
        for name, value in user.items():
            if name in self.lists:
                key = self.lists[name]
                view[name] = dict((item[key], self._comparable_item(name, item)) for item in value)
            else:
                view[name] = value
        return view

    def _comparable_item(self, list_name, item):
        item = dict(item)
        for field in self.unordered.get(list_name, ()):
            if isinstance(item.get(field), list):
                item[field] = sorted(item[field])
        return item

    def changes(self, before, after, list_name):
        """(added, changed, removed) items of one list, each keyed like the device."""
        key = self.lists[list_name]
        old = dict((item[key], item) for item in before.get(list_name) or [])
        new = dict((item[key], item) for item in after.get(list_name) or [])
        added = [new[k] for k in sorted(new) if k not in old]
        removed = [old[k] for k in sorted(old) if k not in new]
        changed = [(old[k], new[k]) for k in sorted(new)
                   if k in old and self._comparable_item(list_name, old[k]) != self._comparable_item(list_name, new[k])]
        return added, changed, removed

    def diff_view(self, before, after):
        """Only the items that change: removed and changed before, added and changed after."""
        shown_before, shown_after = {}, {}
        for list_name in self.lists:
            added, changed, removed = self.changes(before, after, list_name)
            if not (added or changed or removed):
                continue
            shown_before[list_name] = [old for old, new in changed] + removed
            new_items = []
            for old, new in changed:
                new = copy.deepcopy(new)
                for field in self.item_secrets.get(list_name, ()):
                    if new.get(field) and get_path(old, field) != get_path(new, field):
                        new[field] = MASK_CHANGED
                new_items.append(new)
            shown_after[list_name] = new_items + added
        for name in set(before) | set(after):
            if name not in self.lists and before.get(name) != after.get(name):
                shown_before[name], shown_after[name] = before.get(name), after.get(name)
        return shown_before, shown_after
