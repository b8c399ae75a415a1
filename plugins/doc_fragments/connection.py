# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  nvr_host:
    description:
      - Name or address of the NVR - a DNS name (letters, digits and hyphens in labels separated by dots, at most
        253 characters), an IPv4 address, or an IPv6 address bare (V(fd00::10)) or in brackets (V([fd00::10])).
      - Only the name or address. A URL is refused before any request, with the option to use instead - no scheme
        (O(nvr_use_https) chooses HTTPS or HTTP), no port (O(nvr_port)), no path.
      - An IPv6 zone id (V(fe80::1%eth0)) is refused; use a global or unique local address of the NVR, or its name.
      - If not set, the environment variable E(MOVE_NVR_HOST) is used.
      - Required, unless O(nvr_device_replies) is given.
    type: str
  nvr_port:
    description:
      - TCP port of the NVR's web service, V(1) to V(65535).
      - Defaults to V(443) with O(nvr_use_https=true), else V(80).
    type: int
  nvr_use_https:
    description:
      - Talk to the NVR over HTTPS.
    type: bool
    default: true
  nvr_validate_certs:
    description:
      - Check the NVR's TLS certificate.
      - For an NVR with a self-signed certificate or one from a private CA, give that certificate or the CA in
        O(nvr_ca_path) instead of turning the checks off. V(false) lets anyone on the path read the login, whose hash
        is as good as the password for this API.
    type: bool
    default: true
  nvr_ca_path:
    description:
      - The CA certificates to check the NVR's certificate against, on the host the module runs on (the controller
        by default) - a file of certificates in PEM form (a private CA, or the NVR's own self-signed certificate), or a
        directory of CA certificates prepared with C(openssl rehash) (C(c_rehash)), as the C(verify) argument of
        Python requests takes them.
      - Used for every request when O(nvr_validate_certs=true), instead of the default CA bundle of Python requests
        and instead of the environment variables E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE), which otherwise apply
        to every NVR of the controller.
      - Checked before any request - it must exist and be readable, a file must hold a PEM certificate, a directory
        hash-named certificates; given together with O(nvr_validate_certs=false) it is refused (that combination
        would check nothing).
      - If not set, the environment variable E(MOVE_NVR_CA_PATH) is used; empty is the same as not set.
      - The roles set it from C(move_nvr_ca_path).
    type: path
  nvr_username:
    description:
      - Account to log in with. It needs the Setup authority to read or change configuration.
      - If not set, the environment variable E(MOVE_NVR_USERNAME) is used.
      - Required, unless O(nvr_device_replies) is given; then it is the account the render assumes it logs in with
        (M(mobotix.move_nvr.account) never removes it), if not given the one the replies were captured with.
    type: str
  nvr_password:
    description:
      - Password of O(nvr_username).
      - If not set, the environment variable E(MOVE_NVR_PASSWORD) is used.
      - Required, unless O(nvr_device_replies) is given.
    type: str
  nvr_timeout:
    description:
      - Seconds to wait for each answer of the NVR, V(1) to V(300).
    type: int
    default: 10
  nvr_retries:
    description:
      - How often a request is sent again after HTTP 503 (the NVR is overloaded) or a connection error,
        with an exponential backoff starting at half a second.
      - A write whose connection broke after it was sent is not sent again.
      - V(0) to V(10).
    type: int
    default: 3
  nvr_time_budget:
    description:
      - Seconds for everything the module does with this NVR, from login to logout, V(1) to V(86400). When they
        are spent, no further request is sent and the task fails for this NVR.
      - An NVR that answers every request slowly, yet each within O(nvr_timeout), then fails alone instead of
        holding up the whole run (a fleet's drift check, say).
      - Not set, there is no budget.
      - The roles set it from C(move_nvr_time_budget) (default V(300)).
    type: int
  nvr_device_replies:
    description:
      - Render the task offline from an NVR's saved replies instead of talking to the NVR - no connection at all,
        no request sent. For reviewing a change, in CI say, against what the NVR had when the replies were saved.
      - The path of a JSON file on the host the module runs on (the controller by default) - what
        M(mobotix.move_nvr.nvr_info) returns as RV(mobotix.move_nvr.nvr_info#module:device_replies) with
        V(replies) in its O(mobotix.move_nvr.nvr_info#module:gather_subset), saved - or that content as a dict.
        A relative path is relative to the directory C(ansible-playbook) runs in; C({{ inventory_dir }}) or
        C({{ playbook_dir }}) make it fixed.
      - The task runs in check mode whatever the play says, and returns what a check-mode run against the NVR
        with those replies would - C(changed), C(requests), the diff - and C(rendered=true).
      - O(nvr_host), O(nvr_username) and O(nvr_password) are then not needed; the other connection options are
        neither used nor checked.
      - A password the file does not hold (saved with C(secrets=omit), the marker C(********)) is not known - a
        task that gives it shows it as a change (C(******** (changed\))) whether or not it is the NVR's. Saved
        with C(secrets=vault), the passwords are compared exactly; the render then needs the vault password they
        were encrypted with, and the action plugin (not C(move_nvr_execution=module)).
      - The file is checked before use - C(format) V(mobotix.move_nvr.device_replies), C(version) V(1), every
        password field V(""), V(********) or a vault text; a read the file has no reply for fails the task naming
        the path and the file.
    type: raw
notes:
  - The module talks to the NVR over HTTP(S) from wherever it runs. The collection's action plugins run it inside
    the controller process, which is much faster for fleets; no connection to the inventory host is made.
  - Every run logs in once and always logs out, also when it fails.
  - The connection options are checked before any request; a value out of range ends the task with one line that
    names the option and what is allowed, and nothing is sent to the NVR.
  - A failed result has C(nvr_failure), what failed - V(unreachable) (the NVR could not be reached at login - refused
    or dropped connection, no answer within O(nvr_timeout), TLS, name resolution, O(nvr_time_budget) used up; Ansible
    counts the host as unreachable), V(login_refused), V(options_refused) (refused before any write),
    V(device_refused) (the NVR refused a request) or V(error).
requirements:
  - requests
  - pycryptodome
'''

    CONFIG = r'''
options:
  state:
    description:
      - V(merged) changes only the options given.
      - V(replaced) sets the options given and returns every other option of this resource to its factory default.
    type: str
    choices: [merged, replaced]
    default: merged
attributes:
  check_mode:
    support: full
    description: In check mode no write request is sent; C(changed), RV(requests) and the diff show what a real run would do.
  diff_mode:
    support: full
    description: Shows the options before and after, secrets as C(********).
  action_group:
    support: full
    membership: [mobotix.move_nvr.all]
    description: Use C(group/mobotix.move_nvr.all) in the C(module_defaults) keyword to set the connection options once.
'''

    INFO = r'''
attributes:
  check_mode:
    support: full
    description: Reads only; runs the same in check mode.
  diff_mode:
    support: none
    description: Reads only.
  action_group:
    support: full
    membership: [mobotix.move_nvr.all]
    description: Use C(group/mobotix.move_nvr.all) in the C(module_defaults) keyword to set the connection options once.
'''
