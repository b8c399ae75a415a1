# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.plugin_utils.action import NvrAction


class ActionModule(NvrAction):
    """Runs mobotix.move_nvr.default_connection inside the controller (see plugin_utils/action.py)."""
