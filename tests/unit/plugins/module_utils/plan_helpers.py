# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the tests of one plan across resources share (test_config_plan.py, test_one_plan_adversarial.py):
an NVR's cameras as the emulator holds them, requests compared across the protocol's two forms, and an
NvrClient with something done between its requests (another run, a person)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

PROTOCOLS = ('RTP+RTSP', 'RTP+RTSP+HTTP', 'RTP+UDP')


def cameras(device):
    """{channel: camera} as the NVR holds them."""
    return dict((camera['ch'], camera) for camera in device.get_state('cameras').values())


def protocol_names(requests):
    """requests with a camera's protocol as its name: the manual's NVR takes it only as its index, so the
    camera request is sent again in that form (docs/api-decisions.md, "Camera protocol")."""
    shown = copy.deepcopy(requests)
    for request in shown:
        for entry in request['body'].get('list') or []:
            if isinstance(entry.get('protocol'), int):
                entry['protocol'] = PROTOCOLS[entry['protocol']]
    return shown


class Interposed:
    """An NvrClient whose POSTs can be intercepted: before(name) runs before each one is sent."""

    def __init__(self, client, before=None):
        self._client = client
        self._before = before

    def __getattr__(self, name):
        return getattr(self._client, name)

    def call(self, name, body=None, params=None):
        if self._before:
            self._before(name)
        return self._client.call(name, body=body, params=params)


class AfterRead(Interposed):
    """An NvrClient whose GET of `name` is followed, once, by then() (a change made after the run's read)."""

    def __init__(self, client, name, then):
        super(AfterRead, self).__init__(client)
        self._name, self._then = name, then

    def get(self, name, params=None, cache=False):
        output = self._client.get(name, params=params, cache=cache)
        if name == self._name and self._then:
            then, self._then = self._then, None
            then()
        return output
