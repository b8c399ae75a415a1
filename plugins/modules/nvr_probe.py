#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: nvr_probe
short_description: Check, read only, what a MOBOTIX MOVE NVR's firmware answers against what this collection assumes
version_added: 1.0.0
description:
  - First contact with an NVR - run it before anything else of the collection. It reads every endpoint the modules
    read (one GET each, the same reads as M(mobotix.move_nvr.nvr_info) with V(replies)) and sends no write at all.
  - It checks every assumption the code makes about that firmware - the login reply and the C(login-already)
    cookie, the form of the result C(code), field names and types, array sizes against C(num_ch), C(num_relay) and
    C(num_alarm), ranges, the form of flags and of the camera protocol - and returns a compatibility report,
    RV(report) (and as Markdown, RV(report_markdown)), with the firmware version first and each assumption with the
    value seen and V(pass) or V(differs).
  - It names the dialect the NVR matches - the readings of the vendor's manual that the project's emulator knows,
    V(strict), V(manual) or V(lenient) - by the switches a read can observe, or V(unknown) with the closest one and
    the differences.
  - An endpoint the firmware lacks (HTTP 404), or that answers something that is not JSON, or refuses, is named in
    the report and the probe goes on with the others.
  - It also returns the NVR's replies as a device replies document, RV(device_replies), like
    M(mobotix.move_nvr.nvr_info) with V(replies) - to render tasks from it offline (O(nvr_device_replies)) or to start
    a twin emulator of this NVR. The playbook C(playbooks/probe.yml) writes the three files.
  - No password reaches the result in any form - the report says only whether a password field is set, and the
    device replies hold the marker C(********) for each one.
  - To see the login, it ends the session the task opened and logs in once more with the same account.
author:
  - MOBOTIX MOVE NVR collection contributors (@mobotix-move-nvr)
options:
  search_cameras:
    description:
      - Also send C(GET /camera/devicesearch) without a C(model), as the manual's "Parameters NONE" reads - the NVR
        then searches its LAN for cameras (a read, no setting changes). Whether it answers or refuses tells the
        V(strict) dialect from the V(lenient) one, which no other read does.
      - V(false) leaves it out; the report then lists that switch under C(not_observed).
    type: bool
    default: true
extends_documentation_fragment:
  - mobotix.move_nvr.connection
  - mobotix.move_nvr.connection.info
notes:
  - Read only - no write request is ever sent, also outside check mode; the result is never C(changed).
  - With O(nvr_device_replies) it checks a saved device replies file instead of an NVR; the login, the cookie and the
    camera search are then not observed.
  - See C(docs/real-nvr.md) in the collection for the workflow, the report format and the twin.
seealso:
  - module: mobotix.move_nvr.nvr_info
'''

EXAMPLES = r'''
- name: Probe the NVR
  mobotix.move_nvr.nvr_probe:
    nvr_host: nvr01.example.com
    nvr_username: Admin
    nvr_password: "{{ vault_nvr_password }}"
  register: probe

- name: Write the report and the replies next to each other
  ansible.builtin.copy:
    content: "{{ item.content }}"
    dest: "probe/{{ inventory_hostname }}.{{ item.name }}"
    mode: "0644"
  delegate_to: localhost
  loop:
    - {name: report.json, content: "{{ probe.report | to_nice_json }}"}
    - {name: report.md, content: "{{ probe.report_markdown }}"}
    - {name: replies.json, content: "{{ probe.device_replies | to_nice_json }}"}

- name: Fail when the NVR is none of the known dialects
  ansible.builtin.assert:
    that: probe.report.dialect.name != 'unknown'
    fail_msg: "{{ probe.report.dialect.differences[probe.report.dialect.closest] }}"
'''

RETURN = r'''
report:
  description:
    - The compatibility report. C(format) is V(mobotix.move_nvr.probe_report), C(version) V(1).
    - C(nvr) the firmware (C(firmware_version), the C(ap_version) of C(/information/version)), C(remote_version),
      C(model) and the counts; C(username) the account; C(live) whether an NVR was probed (not a file).
    - C(summary) the number of checks, of passes and differences, and C(endpoints_failed), the paths that failed.
    - C(dialect) - C(name) (V(strict), V(manual), V(lenient) or V(unknown)), C(closest), C(also_matches) (dialects
      that match as well, not told apart by what was observed), C(observed) (each switch and what was seen),
      C(not_observed), and C(differences) (per dialect, each switch that differs).
    - C(endpoints) one entry per request - C(method), C(path), C(status) (V(ok); V(missing) for HTTP 404, V(garbage)
      for a body that is not JSON, V(refused), V(unreachable), V(error); for the camera search V(answered) or
      V(refused)), C(failed) (true for every status but V(ok), and for the camera search but V(answered) and
      V(refused)), C(http_status) and C(detail).
    - C(checks) one entry per assumption - C(endpoint), C(field), C(assumption), C(seen) and C(result) (V(pass) or
      V(differs)). A password is never shown - only whether it is set.
  returned: success
  type: dict
  sample:
    format: mobotix.move_nvr.probe_report
    version: 1
    nvr: {firmware_version: A99999999999, remote_version: 2016.11.16.b162cbc, model: H100, num_ch: 32, num_alarm: 4,
          num_relay: 2}
    summary: {checks: 412, passed: 412, differs: 0, endpoints: 15, endpoints_failed: []}
    dialect: {name: strict, closest: strict, also_matches: [], observed: {code: examples, flags: true/false},
              not_observed: [channel_index_key, protocol], differences: {strict: [], manual: ["flags: 1/0 expected, true/false seen"],
              lenient: []}}
    endpoints:
      - {name: version, method: GET, path: /information/version, status: ok, failed: false, http_status: 200, detail: ""}
    checks:
      - {endpoint: GET /information/version, field: num_ch, assumption: "an integer in 1..256", seen: "32", result: pass}
report_markdown:
  description: The report as Markdown - the firmware first, then the dialect, the endpoints and the checks (differences first).
  returned: success
  type: str
device_replies:
  description:
    - The NVR's replies to the reads that succeeded, a device replies document (version 1) as
      RV(mobotix.move_nvr.nvr_info#module:device_replies) returns it, every non-empty password as C(********).
    - Its C(probe) object names the C(dialect), the C(closest_dialect), the emulator's C(code_style) and the
      endpoints that C(failed) (path to V(missing), V(garbage), ...), for the twin emulator.
  returned: success
  type: dict
'''

from ansible_collections.mobotix.move_nvr.plugins.module_utils.probe import ProbeTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import run_module

TASK = ProbeTask()
ARGUMENT_SPEC = dict(
    search_cameras=dict(type='bool', default=True),
)


def main():
    run_module(TASK, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
