# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device replies: an NVR's answers to every GET the modules send, saved, and a client that renders from them.

The file format ("device replies", version 1) is JSON, one object:

    {
      "format": "mobotix.move_nvr.device_replies",
      "version": 1,
      "nvr": {"model": "H100", "firmware_version": "A99999999999"},
      "username": "Admin",
      "secrets": "omit",
      "replies": {
        "/information/version": {...},
        "/setup/email_config": {..., "password": "********", ...},
        ...
      }
    }

- `format` and `version` are required and checked first: a reader refuses a file of another format or of a
  version it does not know (this collection reads version 1).
- `replies` maps the path of each GET (as the vendor's API names it, client.ENDPOINTS) to the `output` of
  the NVR's successful reply to it (null when the reply had none). nvr_info (gather_subset: [replies])
  writes every path of CAPTURED; a reader may find more and ignores those it does not ask for.
- `nvr` (model and firmware of the NVR) and `username` (the account the capture logged in with; a render
  without nvr_username assumes it) are informational.
- `secrets` says how passwords are kept: every `password` field, at any depth, is "" (the NVR has none),
  SECRET_MARKER (`********`: the NVR has one, not in the file; the default, secrets: omit) or an Ansible
  Vault text of the password (`$ANSIBLE_VAULT;...`, secrets: vault, encrypted with the play's vault
  password). The NVR's own encrypted form is never written and is refused on reading: with the fixed key
  of the device it is the password.

OfflineClient answers the NvrClient interface (get, call, version, login, logout, secrets, request_count,
logout_problem, label, username) from such replies and sends nothing: the runner uses it when
nvr_device_replies is given (runner.client_from_params), and forces check mode. A password the file does
not hold (the marker) becomes a random one: given in a task, it shows as a change, as it must (the file
cannot know whether it is the NVR's); not given, it is kept like any password not given.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import binascii
import copy
import importlib
import json
import os

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import decrypt_password, encrypt_password
from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import ENDPOINTS, NvrClient, NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.connection import DEVICE_REPLIES
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import DEVICE_SECRET_KEYS, MASK, secret_variants
from ansible_collections.mobotix.move_nvr.plugins.module_utils.transport import device_text, json_path, json_shape_problem

OPTION = DEVICE_REPLIES
FORMAT = 'mobotix.move_nvr.device_replies'
VERSION = 1
SECRET_MARKER = MASK
VAULT_PREFIX = '$ANSIBLE_VAULT;'
SECRET_MODES = ('omit', 'vault')
# Every GET the modules send (the resources' reads, the version, nvr_info's device facts), in ENDPOINTS order.
CAPTURED = ('version', 'local_time', 'network_info', 'time_config', 'user_management', 'camera_list',
            'default_connection_get', 'system_monitor_get', 'event_action_get', 'email_get', 'ddns_get',
            'record_template_get', 'record_config_get', 'record_info')
# The other GETs of ENDPOINTS, and why they are not captured (tests/unit checks that every GET is in one of the two).
NOT_CAPTURED = {
    'logout': 'ends the session',
    'camera_search': 'searches the network for cameras (camera_discovery_info); not configuration',
    'camera_clear_all': 'disconnects every camera (a write, although a GET)',
    'estimate_export_channel_list': 'recordings of a time window (recording_export); not configuration',
    'estime_export_channel_list': 'the same, in the spelling of the manual\'s example',
    'remote_export_status': 'whether an export runs (recording_export); not configuration',
    'remote_export_list': 'the export files (recording_export_info); not configuration',
}
# Device replies are some KB each, at most transport.MAX_REPLY_BYTES (4 MB); a file larger than this is refused.
MAX_FILE_BYTES = 64 * 1024 * 1024
SENDS_NOTHING = 'nothing is sent when rendering from nvr_device_replies'


class DeviceRepliesError(NvrError):
    """The device replies given cannot be used (the file, its format, a reply it lacks): refused before any write."""

    kind = 'options_refused'


def is_vault_text(value):
    return isinstance(value, str) and value.startswith(VAULT_PREFIX)


# -- capture -------------------------------------------------------------------
def mark_secrets(value, path=()):
    """(value with each non-empty password field as SECRET_MARKER, [(path, plaintext or None)]) at any depth.

    The plaintext is the device's password decrypted (None when it is not the device's form): the caller
    registers it as a secret, and with secrets: vault puts its vault text at that path.
    """
    found = []

    def walk(item, where):
        if isinstance(item, dict):
            out = {}
            for key, child in item.items():
                if key in DEVICE_SECRET_KEYS and child not in (None, ''):
                    out[key] = SECRET_MARKER
                    found.append((where + (key,), plaintext_of(child)))
                else:
                    out[key] = walk(child, where + (key,))
            return out
        if isinstance(item, list):
            return [walk(child, where + (index,)) for index, child in enumerate(item)]
        return item
    return walk(value, tuple(path)), found


def plaintext_of(device_form):
    """The password of a device's encrypted value, or None when it is none (not text, not base64, not UTF-8)."""
    if not isinstance(device_form, str):
        return None
    try:
        return decrypt_password(device_form)
    except (ValueError, TypeError, binascii.Error):
        return None


def capture(client, username=None):
    """(the device replies document, [(path in it, plaintext or None)] of each password replaced by the marker).

    One GET per path of CAPTURED (the version from the session's cache), passwords marked; `secrets` says omit
    until the caller (nvr_info's action plugin, secrets: vault) puts vault texts at the paths.
    """
    outputs = dict((ENDPOINTS[name][1], client.get(name, cache=name == 'version')) for name in CAPTURED)
    return replies_document(outputs, username)


def replies_document(outputs, username):
    """(the device replies document of {path: output}, [(path in it, plaintext or None)] of each password marked)."""
    replies, found = {}, []
    for path, output in outputs.items():
        replies[path], secrets = mark_secrets(output, ('replies', path))
        found.extend(secrets)
    version = replies.get(ENDPOINTS['version'][1])
    version = version if isinstance(version, dict) else {}
    document = {
        'format': FORMAT,
        'version': VERSION,
        'nvr': {'model': version.get('model', ''), 'firmware_version': version.get('ap_version', '')},
        'username': username,
        'secrets': 'omit',
        'replies': replies,
    }
    return document, found


def set_at(document, path, value):
    """value at path (keys and list indexes, as mark_secrets gives them) in document, in place."""
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def strings_with(value, secrets, path=()):
    """The paths (json_path texts) of the strings in value that contain one of secrets (at least 3 characters)."""
    secrets = [s for s in secrets if isinstance(s, str) and len(s) >= 3]
    found = []

    def walk(item, where):
        if isinstance(item, dict):
            for key, child in item.items():
                walk(child, where + [key])
        elif isinstance(item, list):
            for index, child in enumerate(item):
                walk(child, where + [index])
        elif isinstance(item, str) and item != SECRET_MARKER and any(s in item for s in secrets):
            found.append(json_path(where))
    if secrets:
        walk(value, list(path))
    return found


# -- reading -------------------------------------------------------------------
def load(source):
    """(document, where): the device replies given (a dict, or the path of a JSON file), checked; DeviceRepliesError if not.

    where names the source in messages: the path as given, or '(given as data)'.
    """
    if isinstance(source, dict):
        where = '(given as data)'
        document = copy.deepcopy(source)
    else:
        where = device_text(source, 160)
        document = read_file(os.path.expanduser(source), where)
    problem = shape_problem(document)
    if problem:
        raise DeviceRepliesError('%s %s: %s' % (OPTION, where, problem))
    return document, where


def read_file(path, where):
    try:
        with open(path, 'rb') as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (IOError, OSError) as e:
        reason = 'does not exist' if not os.path.exists(path) else 'cannot be read (%s)' % (e.strerror or type(e).__name__)
        raise DeviceRepliesError('%s: %s %s; give the path of a file written from nvr_info (gather_subset: [replies])'
                                 % (OPTION, where, reason))
    if len(data) > MAX_FILE_BYTES:
        raise DeviceRepliesError('%s: %s is larger than %d MB; refused' % (OPTION, where, MAX_FILE_BYTES // (1024 * 1024)))
    try:
        return json.loads(data.decode('utf-8-sig'))
    except UnicodeDecodeError:
        raise DeviceRepliesError('%s: %s is not UTF-8 text; allowed: a JSON file' % (OPTION, where))
    except (ValueError, RecursionError) as e:
        raise DeviceRepliesError('%s: %s is not JSON (%s)' % (OPTION, where, device_text(str(e), 100)))


def shape_problem(document):
    """What is wrong with a device replies document, naming the field, or None."""
    if not isinstance(document, dict):
        return 'the top level is %s, not an object with format, version and replies' % type(document).__name__
    if 'format' not in document:
        return 'format: missing; allowed: %s (a file written from nvr_info with gather_subset: [replies])' % FORMAT
    if document['format'] != FORMAT:
        return 'format: %s is not a device replies file; allowed: %s' % (device_text(repr(document['format']), 60), FORMAT)
    version = document.get('version')
    if isinstance(version, bool) or not isinstance(version, int):
        return 'version: %s is not a whole number; allowed: %d' % (device_text(repr(version), 40), VERSION)
    if version != VERSION:
        return ('version: %d is not supported by this collection; allowed: %d (a newer collection wrote it: '
                'upgrade, or capture it again)' % (version, VERSION))
    if not isinstance(document.get('replies'), dict):
        return 'replies: %s; allowed: an object, GET path -> the output of its reply' % (
            'missing' if 'replies' not in document else 'not an object')
    for key in document['replies']:
        if not isinstance(key, str) or not key.startswith('/'):
            return 'replies: the key %s is not a path; allowed: the paths of the GETs, such as %s' % (
                device_text(repr(key), 60), ENDPOINTS['email_get'][1])
    if document.get('nvr') is not None and not isinstance(document['nvr'], dict):
        return 'nvr: not an object; allowed: an object with model and firmware_version'
    if document.get('username') is not None and not isinstance(document['username'], str):
        return 'username: %s is not a text; allowed: the account the capture logged in with' % device_text(
            repr(document['username']), 40)
    if document.get('secrets') not in (None,) + SECRET_MODES:
        return 'secrets: %s is not known; allowed: %s' % (device_text(repr(document['secrets']), 40), ', '.join(SECRET_MODES))
    problem = json_shape_problem(document)
    if problem:
        return '%s at %s; refused' % (problem[1], json_path(problem[0]))
    return None


def vault_decrypter():
    """(a function vault text -> plaintext, None), or (None, why not): the play's vault password, in the controller only.

    ansible.parsing is imported here, when a file holds vault texts, not at the top: module_utils run in module
    processes too, where it is missing, and so is the play's vault password.
    """
    try:
        vault = importlib.import_module('ansible.parsing.vault')
        context = vault.VaultSecretsContext.current(optional=True)
    except (ImportError, AttributeError):
        return None, ('they are decrypted with the play\'s vault password in the controller; a module process has '
                      'neither (unset move_nvr_execution)')
    secrets = list(context.secrets) if context is not None and context.secrets else []
    if not secrets:
        return None, ('they need the vault password they were encrypted with: run the play with --ask-vault-pass, '
                      '--vault-password-file or --vault-id (or set ANSIBLE_VAULT_PASSWORD_FILE)')
    lib = vault.VaultLib(secrets)

    def decrypt(text):
        return lib.decrypt(text).decode('utf-8')
    return decrypt, None


class OfflineClient:
    """The NvrClient interface answered from device replies: nothing is sent, ever.

    The source (a dict, or the path of a JSON file) is read and checked by login(), so that a bad one fails
    the task in one line (DeviceRepliesError, nvr_failure options_refused) like a refused login. username is
    the account a render assumes it logs in with (the account module protects it): nvr_username, else the
    file's. decrypt turns a vault text into its password (default: the play's vault password, vault_decrypter).
    """

    rendered = True

    def __init__(self, source, username=None, decrypt=None):
        self.source = source
        self.username = username
        self.label = 'device replies %s' % ('(given as data)' if isinstance(source, dict) else device_text(source, 160))
        self.host = None
        self.request_count = 0        # requests sent: none
        self.logout_problem = None
        self.nvr = {}
        self._decrypt = decrypt
        self._replies = None
        self._where = None
        self._unknown = None          # what a password not in the file becomes (random, per client)
        self._plaintexts = []         # the passwords of the file's vault texts, and the random one

    def login(self):
        """Read and check the replies (once); raises DeviceRepliesError."""
        if self._replies is not None:
            return
        document, where = load(self.source)
        self._where = where
        self.label = 'device replies %s' % where
        replies = document['replies']
        self._resolve_secrets(replies, where)
        self.nvr = document.get('nvr') or {}
        if self.username is None and isinstance(document.get('username'), str):
            self.username = document['username']
        self._replies = replies

    def logout(self):
        """Nothing to end: no session was opened."""

    def _resolve_secrets(self, replies, where):
        """Each password field in the device's form: a vault text decrypted, the marker a random password."""
        vault = {'decrypt': self._decrypt}

        def device_form(value, at):
            if value in (None, ''):
                return value
            if value == SECRET_MARKER:
                if self._unknown is None:
                    self._unknown = 'not-in-the-device-replies-%s' % binascii.hexlify(os.urandom(16)).decode('ascii')
                    self._plaintexts.append(self._unknown)
                return encrypt_password(self._unknown)
            field = '%s %s: %s' % (OPTION, where, json_path(['replies'] + at))
            if not is_vault_text(value):
                raise DeviceRepliesError(
                    '%s: a password in the NVR\'s encrypted form, which its fixed key turns back into the password, '
                    'is not accepted; allowed: "", %s (not known), or a vault text (nvr_info secrets: vault)'
                    % (field, SECRET_MARKER))
            if vault['decrypt'] is None:
                vault['decrypt'], why = vault_decrypter()
                if vault['decrypt'] is None:
                    raise DeviceRepliesError('%s: the passwords are vault-encrypted; %s' % (field, why))
            try:
                plaintext = vault['decrypt'](value)
            except Exception as e:  # pylint: disable=broad-except
                raise DeviceRepliesError('%s: cannot be decrypted with the play\'s vault password (%s)'
                                         % (field, device_text(str(e).splitlines()[0] if str(e) else type(e).__name__, 100)))
            self._plaintexts.append(plaintext)
            return encrypt_password(plaintext)

        def walk(item, at):
            if isinstance(item, dict):
                for key in list(item):
                    if key in DEVICE_SECRET_KEYS:
                        item[key] = device_form(item[key], at + [key])
                    else:
                        walk(item[key], at + [key])
            elif isinstance(item, list):
                for index, child in enumerate(item):
                    walk(child, at + [index])
        walk(replies, [])

    @property
    def secrets(self):
        """Every form of the passwords this client made up or decrypted: masked in the result like any secret."""
        return secret_variants(self._plaintexts)

    @property
    def unknown_passwords(self):
        """Whether the replies have passwords they do not hold (the marker)."""
        return self._unknown is not None

    # -- the requests a live client would send ------------------------------------------
    def get(self, name, params=None, cache=False):
        """The output of the saved reply to this GET (a copy); DeviceRepliesError naming the path if there is none."""
        method, path = ENDPOINTS[name]
        if method != 'GET' or name not in CAPTURED:
            raise NvrError('%s: %s %s is not one of the reads a render answers; %s' % (self.label, method, path, SENDS_NOTHING))
        if params:
            raise NvrError('%s: GET %s with a query is not one of the reads a render answers' % (self.label, path))
        if self._replies is None:
            self.login()
        if path not in self._replies:
            raise DeviceRepliesError('%s %s has no reply to GET %s (%s); capture the NVR again with mobotix.move_nvr.nvr_info, '
                                     'gather_subset: [replies]' % (OPTION, self._where, path, name))
        return copy.deepcopy(self._replies[path])

    def call(self, name, body=None, params=None):
        """A GET as get() answers it, as the whole reply; anything else is refused: a render sends nothing."""
        if ENDPOINTS[name][0] != 'GET':
            raise NvrError('%s: %s %s was about to be sent; %s (a render runs in check mode)'
                           % (self.label, ENDPOINTS[name][0], ENDPOINTS[name][1], SENDS_NOTHING))
        return {'code': 0, 'msg': 'OK', 'name': ENDPOINTS[name][1], 'output': self.get(name, params=params)}

    def version(self):
        """The saved /information/version with the checks of a live client (NvrClient.version: its counts)."""
        return NvrClient.version(self)
