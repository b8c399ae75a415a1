#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: nvr_log_info
short_description: Read the system log and the event list of a MOBOTIX MOVE NVR for a time window
version_added: 1.0.0
description:
  - Reads the NVR's own system log (C(/datasearch/sys_log_page_get)) and event list
    (C(/datasearch/evtlist_page_get)) between O(start) and O(end).
  - Pages through both with C(start_idx)/C(end_idx), O(page_size) entries a request, until the C(total) the NVR
    reports is read or O(limit) entries are returned. A page that comes back with fewer entries than the total
    promised ends the reading with a warning; what was read is returned and RV(truncated) says so.
  - Times are returned as ISO 8601 in the NVR's time zone, read from C(/information/time_config) - its C(iana_id)
    where the controller's Python knows that zone (daylight saving time included), else its fixed
    C(timezone_offset).
  - Reads only; never changes anything (also not in check mode).
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  start:
    description:
      - Start of the window - epoch seconds (V(1767225600)), or the NVR's local date and time
        V(YYYY-MM-DD HH:MM:SS).
      - Must not be in the future.
    type: raw
    required: true
  end:
    description:
      - End of the window, in the same forms as O(start); must be after O(start). Not given, now.
    type: raw
  sources:
    description:
      - What to read - V(system_log), V(events), or both.
    type: list
    elements: str
    choices: [system_log, events]
    default: [system_log, events]
  event_types:
    description:
      - The event types to return (the NVR filters; C(evt_type) of the manual, in its order motion, video loss,
        alarm).
    type: list
    elements: str
    choices: [motion, video_loss, alarm]
    default: [motion, video_loss, alarm]
  channel:
    description:
      - Return only the events of this channel (0-based); checked against the NVR's number of channels before the
        events are read. Not given, every channel.
    type: int
  disk_group:
    description:
      - The disk group (C(group_id)) whose events are read.
    type: int
    default: 0
  categories:
    description:
      - Return only the system log entries of these categories (such as V(System) or V(Setup)), compared without
        case. The manual has no such filter on the NVR, so the entries are filtered on the controller; O(limit)
        counts the entries returned.
    type: list
    elements: str
  log_types:
    description:
      - Return only the system log entries of these types (such as V(Login) or V(Config)), compared without case;
        filtered on the controller like O(categories).
    type: list
    elements: str
  limit:
    description:
      - At most this many entries of each source are returned, V(1) to V(100000).
    type: int
    default: 1000
  page_size:
    description:
      - Entries asked for per request, V(1) to V(1000).
    type: int
    default: 100
notes:
  - The manual calls the window's times "local time in UTC seconds"; the collection sends epoch seconds, as the
    system log's C(time) ("UTC time of the event") is. See C(docs/api-decisions.md), "Time windows".
  - The strings of the log (descriptions, hosts) are returned as data, never templated.
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
seealso:
  - module: mobotix.move_nvr.nvr_info
'''

EXAMPLES = r'''
- name: Record the NVR's own log of a change window
  mobotix.move_nvr.nvr_log_info:
    start: "2026-11-30 08:00:00"
    end: "2026-11-30 09:00:00"
    sources: [system_log]
    categories: [Setup]
  register: change_log

- name: Motion and alarm events of channel 2 over the last day
  mobotix.move_nvr.nvr_log_info:
    start: "{{ now(utc=true).timestamp() | int - 86400 }}"
    sources: [events]
    event_types: [motion, alarm]
    channel: 2
  register: audit
'''

RETURN = r'''
system_log:
  description: The system log entries of the window, oldest first as the NVR returns them.
  returned: when O(sources) has V(system_log)
  type: list
  elements: dict
  contains:
    time:
      description: When, ISO 8601 in the NVR's zone.
      type: str
    epoch:
      description: When, in epoch seconds.
      type: int
    category:
      description: Category of the entry.
      type: str
    type:
      description: Type of the entry.
      type: str
    description:
      description: What happened.
      type: str
    host:
      description: Where it came from.
      type: str
  sample:
    - time: "2026-11-30T08:12:01+00:00"
      epoch: 1796026321
      category: Setup
      type: Config
      description: POST /setup/email_config
      host: 192.0.2.50
events:
  description: The events of the window.
  returned: when O(sources) has V(events)
  type: list
  elements: dict
  contains:
    time:
      description: When the event started, ISO 8601 in the NVR's zone.
      type: str
    epoch:
      description: When the event started, in epoch seconds.
      type: int
    type:
      description: V(motion), V(video_loss) or V(alarm) (the NVR's number as a string if it is another).
      type: str
    channel:
      description: Channel of the event (0-based).
      type: int
    index:
      description: Index of the event (C(evt_indx); the alarm input of an alarm).
      type: int
    device_type:
      description: Device type of the event's camera.
      type: int
    ip:
      description: Address of the event's device.
      type: str
    mac:
      description: MAC address of the event's device.
      type: str
    snapshot:
      description: Snapshot path of the event, as the NVR reports it.
      type: str
totals:
  description: The number of entries the NVR reported for the window, per source read (before O(categories) and
    O(log_types)).
  returned: success
  type: dict
  sample: {system_log: 12, events: 60}
truncated:
  description: Per source read, whether entries of the window are missing from the result (O(limit) reached, or a
    page came back short).
  returned: success
  type: dict
  sample: {system_log: false, events: true}
window:
  description: The window read.
  returned: success
  type: dict
  sample:
    start: "2026-11-30T08:00:00+00:00"
    end: "2026-11-30T09:00:00+00:00"
    start_epoch: 1796025600
    end_epoch: 1796029200
    time_zone: {name: "UTC+00:00", source: timezone_offset}
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.logs import EVENT_TYPES, SOURCES, LogTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = LogTask()
ARGUMENT_SPEC = dict(
    start=dict(type='raw', required=True),
    end=dict(type='raw'),
    sources=dict(type='list', elements='str', choices=list(SOURCES), default=list(SOURCES)),
    event_types=dict(type='list', elements='str', choices=list(EVENT_TYPES), default=list(EVENT_TYPES)),
    channel=dict(type='int'),
    disk_group=dict(type='int', default=0),
    categories=dict(type='list', elements='str'),
    log_types=dict(type='list', elements='str'),
    limit=dict(type='int', default=1000),
    page_size=dict(type='int', default=100),
)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
