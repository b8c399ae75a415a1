# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options of every module (doc fragment mobotix.move_nvr.connection)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import env_fallback


def connection_argument_spec():
    return dict(
        nvr_host=dict(type='str', required=True, fallback=(env_fallback, ['MOVE_NVR_HOST'])),
        nvr_port=dict(type='int'),
        nvr_use_https=dict(type='bool', default=True),
        nvr_validate_certs=dict(type='bool', default=True),
        nvr_username=dict(type='str', required=True, fallback=(env_fallback, ['MOVE_NVR_USERNAME'])),
        nvr_password=dict(type='str', required=True, no_log=True, fallback=(env_fallback, ['MOVE_NVR_PASSWORD'])),
        nvr_timeout=dict(type='int', default=10),
        nvr_retries=dict(type='int', default=3),
    )


CONNECTION_OPTIONS = tuple(connection_argument_spec())
