# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options of every module (doc fragment mobotix.move_nvr.connection), and their check.

The argument spec only checks types; connection_problem() checks what the
values may be, before any request, so that a bad value ends in one line that
names the option instead of an error deep inside requests (a negative timeout,
a port of 0, a host with a scheme or a path, an over-long host name).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import os
import re

from ansible.module_utils.basic import env_fallback

DEFAULT_TIMEOUT = 10
DEFAULT_RETRIES = 3
# (lowest, highest, what the message says is allowed): the whole-number options.
RANGES = {
    'nvr_port': (1, 65535, '1-65535, or unset for 443 with HTTPS and 80 without'),
    'nvr_timeout': (1, 300, '1-300 seconds for each answer'),
    'nvr_retries': (0, 10, '0-10'),
    'nvr_time_budget': (1, 86400, '1-86400 seconds for all the work with one NVR, or unset for no budget'),
}
HOST_MAX_LENGTH = 253
# A quoted value longer than this is cut: a 10,000-character host is not echoed back.
QUOTE_MAX_LENGTH = 60
HOST_ALLOWED = ('a DNS name (letters, digits and hyphens in labels separated by dots), an IPv4 address, '
                'or an IPv6 address bare or in brackets')
DNS_LABEL = re.compile(r'^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$')
SCHEME = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*://')
HOST_AND_PORT = re.compile(r'^(?:\[(?P<bracketed>[^\]]*)\]|(?P<name>[^:\[\]]*)):(?P<port>\d*)$')
CA_PATH_ALLOWED = ('a file of CA certificates in PEM form, or a directory of CA certificates prepared with '
                   'openssl rehash (c_rehash)')
# What OpenSSL looks up in a CA directory: the subject hash, a dot, a number (openssl rehash makes these links).
HASHED_NAME = re.compile(r'^[0-9a-f]{8}\.r?[0-9]+$')
PEM_CERTIFICATE = re.compile(b'-----BEGIN (?:TRUSTED )?CERTIFICATE-----')
PEM_MARKER_BYTES = 35
CA_FILE_MAX_BYTES = 16 * 1024 * 1024   # a CA bundle is some hundred KB; the search for a certificate stops here


# Given, the task renders offline from these replies of an NVR and connects to nothing (module_utils/offline.py).
DEVICE_REPLIES = 'nvr_device_replies'
# Required unless DEVICE_REPLIES is given (missing_problem), each with its environment variable.
REQUIRED = (('nvr_host', 'MOVE_NVR_HOST'), ('nvr_password', 'MOVE_NVR_PASSWORD'), ('nvr_username', 'MOVE_NVR_USERNAME'))


def connection_argument_spec():
    """The connection options of every module. nvr_host, nvr_username and nvr_password are required unless
    nvr_device_replies is given, which the spec cannot say: missing_problem() says it, before any request."""
    return dict(
        nvr_host=dict(type='str', fallback=(env_fallback, ['MOVE_NVR_HOST'])),
        nvr_port=dict(type='int'),
        nvr_use_https=dict(type='bool', default=True),
        nvr_validate_certs=dict(type='bool', default=True),
        nvr_ca_path=dict(type='path', fallback=(env_fallback, ['MOVE_NVR_CA_PATH'])),
        nvr_username=dict(type='str', fallback=(env_fallback, ['MOVE_NVR_USERNAME'])),
        nvr_password=dict(type='str', no_log=True, fallback=(env_fallback, ['MOVE_NVR_PASSWORD'])),
        nvr_timeout=dict(type='int', default=DEFAULT_TIMEOUT),
        nvr_retries=dict(type='int', default=DEFAULT_RETRIES),
        nvr_time_budget=dict(type='int'),
        nvr_device_replies=dict(type='raw'),
    )


CONNECTION_OPTIONS = tuple(connection_argument_spec())


def connection_problem(params):
    """What is wrong with the connection options, as one line naming the option and what is allowed, or None.

    Only the values given are checked: a missing required option is missing_problem's, and None is
    "unset" (the default). Runs before any request (runner.execute), on every path. With
    nvr_device_replies only its type is checked: the task connects to nothing, so the other options
    are not used (nvr_username is the account the render assumes), and a path that exists on the
    controller only (nvr_ca_path) does not fail a render elsewhere.
    """
    if params.get(DEVICE_REPLIES) is not None:
        return device_replies_problem(params[DEVICE_REPLIES])
    host = params.get('nvr_host')
    if host is not None:
        problem = host_problem(host)
        if problem:
            return 'nvr_host: %s' % problem
    for option in ('nvr_port', 'nvr_timeout', 'nvr_retries', 'nvr_time_budget'):
        value = params.get(option)
        if value is None:
            continue
        lowest, highest, allowed = RANGES[option]
        if isinstance(value, bool) or not isinstance(value, int):
            return '%s: %s is not a whole number; allowed: %s' % (option, quoted(value), allowed)
        if not lowest <= value <= highest:
            return '%s: %s is out of range; allowed: %s' % (option, quoted(value), allowed)
    ca_path = params.get('nvr_ca_path')
    if ca_path:
        if params.get('nvr_validate_certs') is False:
            return ('nvr_ca_path: given (here or by MOVE_NVR_CA_PATH) together with nvr_validate_certs: false, which '
                    'checks no certificate at all; remove nvr_validate_certs: false to check the NVR against it')
        problem = ca_path_problem(ca_path)
        if problem:
            return 'nvr_ca_path: %s' % problem
    return None


def missing_problem(params):
    """'missing required arguments: ...' (as AnsibleModule words it, with the environment variables) for
    nvr_host, nvr_password and nvr_username when they are needed (no nvr_device_replies), or None."""
    if params.get(DEVICE_REPLIES) is not None:
        return None
    missing = [(option, variable) for option, variable in REQUIRED if params.get(option) is None]
    if not missing:
        return None
    return ('missing required arguments: %s (or the environment variable%s %s; nvr_device_replies instead renders '
            'offline, without them)' % (', '.join(option for option, dummy in missing), 's' if len(missing) > 1 else '',
                                        ', '.join(variable for dummy, variable in missing)))


def device_replies_problem(value):
    """What is wrong with the type of nvr_device_replies, or None; the file itself is read and checked by the
    offline client (module_utils/offline.py), at its login."""
    if isinstance(value, dict) or (isinstance(value, str) and value.strip()):
        return None
    return ('%s: %s is neither the path of a device replies file nor its content; allowed: the path of a JSON file '
            'written from nvr_info (gather_subset: [replies]), or that content as a dict' % (DEVICE_REPLIES, quoted(value)))


def ca_path_problem(path):
    """What is wrong with a value of nvr_ca_path (without the option's name), or None.

    Checked before any request because requests would otherwise fail late and unclearly: a path
    that does not exist is an OSError from inside requests, and a file that holds no certificate
    (a key, a DER file) fails the TLS handshake, which would be reported as an NVR that cannot be
    reached. A directory is used by OpenSSL only through its hash-named links, so one without
    any is refused too. Readability is tried, not asked of os.access (which says yes to root).
    """
    if not isinstance(path, str):
        return '%s is not a text; allowed: %s' % (quoted(path), CA_PATH_ALLOWED)
    if not os.path.exists(path):
        return '%s does not exist; allowed: %s' % (quoted(path), CA_PATH_ALLOWED)
    if os.path.isdir(path):
        try:
            names = os.listdir(path)
        except OSError as e:
            return '%s is a directory that cannot be read (%s)' % (quoted(path), e.strerror or type(e).__name__)
        if not any(HASHED_NAME.match(name) for name in names):
            return ('%s is a directory without certificates named by their hash (such as 1a2b3c4d.0); prepare it with '
                    'openssl rehash %s, or give a file of CA certificates' % (quoted(path), quoted(path)))
        return None
    if not os.path.isfile(path):
        return '%s is neither a file nor a directory; allowed: %s' % (quoted(path), CA_PATH_ALLOWED)
    try:
        found = holds_pem_certificate(path)
    except (IOError, OSError) as e:
        return '%s cannot be read (%s)' % (quoted(path), e.strerror or type(e).__name__)
    if not found:
        return ('%s holds no certificate in PEM form (-----BEGIN CERTIFICATE-----); allowed: %s'
                % (quoted(path), CA_PATH_ALLOWED))
    return None


def holds_pem_certificate(path):
    """Whether the file has a PEM certificate in its first CA_FILE_MAX_BYTES, read in pieces until one is found."""
    seen = 0
    tail = b''
    with open(path, 'rb') as handle:
        while seen < CA_FILE_MAX_BYTES:
            chunk = handle.read(64 * 1024)
            if not chunk:
                return False
            seen += len(chunk)
            if PEM_CERTIFICATE.search(tail + chunk):
                return True
            tail = chunk[-PEM_MARKER_BYTES:]
    return False


def host_problem(host):
    """What is wrong with a value of nvr_host (without the option's name), or None.

    The common mistakes get their own hint: a URL (scheme, path or port) where only the
    name or address belongs. IPv6 zone ids (fe80::1%eth0) are refused: the URL form of
    a zone differs between libraries, and an NVR is managed over a routable address.
    """
    if not isinstance(host, str):
        return '%s is not a text; allowed: %s' % (quoted(host), HOST_ALLOWED)
    if not host:
        return "'' is empty; allowed: %s" % HOST_ALLOWED
    if len(host) > HOST_MAX_LENGTH:
        return '%s is %d characters long; allowed: at most %d characters, %s' % (
            quoted(host), len(host), HOST_MAX_LENGTH, HOST_ALLOWED)
    if SCHEME.match(host):
        return ('%s is a URL; give only the name or address, and use nvr_use_https to choose HTTPS or HTTP '
                '(nvr_port for the port)' % quoted(host))
    if any(character.isspace() for character in host):
        return '%s contains whitespace; allowed: %s' % (quoted(host), HOST_ALLOWED)
    if '/' in host or '?' in host or '#' in host:
        return '%s has a path; give only the name or address (the API paths are fixed)' % quoted(host)
    if '%' in host and ':' in host:
        return ('%s has an IPv6 zone id, which is not supported; use a global or unique local address of the NVR, '
                'or its DNS name' % quoted(host))
    with_port = HOST_AND_PORT.match(host)
    if with_port and (with_port.group('name') or is_ipv6(with_port.group('bracketed') or '')):
        return '%s has a port; give only the name or address, and use nvr_port for the port' % quoted(host)
    if host.startswith('[') or host.endswith(']'):
        if host.startswith('[') and host.endswith(']') and is_ipv6(host[1:-1]):
            return None
        return '%s is not an IPv6 address in brackets; allowed: %s' % (quoted(host), HOST_ALLOWED)
    if ':' in host:
        return None if is_ipv6(host) else '%s is not an IPv6 address; allowed: %s' % (quoted(host), HOST_ALLOWED)
    if re.match(r'^[\d.]+$', host):
        return None if is_ipv4(host) else '%s is not an IPv4 address; allowed: %s' % (quoted(host), HOST_ALLOWED)
    labels = host[:-1].split('.') if host.endswith('.') else host.split('.')
    bad = [label for label in labels if not DNS_LABEL.match(label)]
    if bad and len(bad[0]) > 63:
        return '%s is not a DNS name: a label of %d characters; allowed: at most 63 per label' % (quoted(host), len(bad[0]))
    if bad:
        return '%s is not a DNS name (label %s); allowed: %s' % (quoted(host), quoted(bad[0]), HOST_ALLOWED)
    return None


def url_host(host):
    """The host as it goes into a URL: an IPv6 address in brackets, anything else as it is."""
    if ':' in host and not host.startswith('['):
        return '[%s]' % host
    return host


def is_ipv4(text):
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def is_ipv6(text):
    # '%' is refused before this: Python 3.9+ would accept a zone id here, 3.8 would not.
    if '%' in text:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def quoted(value):
    """A value as a message quotes it (repr), cut to QUOTE_MAX_LENGTH characters."""
    text = repr(value)
    if len(text) > QUOTE_MAX_LENGTH:
        return '%s...' % text[:QUOTE_MAX_LENGTH]
    return text
