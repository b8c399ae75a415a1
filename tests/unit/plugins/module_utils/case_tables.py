# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the YAML case tables of the list resources (account, camera, default_connection) compare: an expected
value is a subset of the actual one, and '{{enc TEXT}}' stands for TEXT as the device stores it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import encrypt_password


def matches(expected, actual):
    """expected is a subset of actual: dicts by key, lists item by item with the same length."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and matches(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(matches(e, a) for e, a in zip(expected, actual))
    return expected == actual


def expand(expected):
    """'{{enc TEXT}}' in an expected value stands for TEXT as the device stores it."""
    if isinstance(expected, dict):
        return dict((k, expand(v)) for k, v in expected.items())
    if isinstance(expected, list):
        return [expand(v) for v in expected]
    if isinstance(expected, str) and expected.startswith('{{enc ') and expected.endswith('}}'):
        return encrypt_password(expected[6:-2])
    return expected
