# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP transport under NvrClient: replies bounded in time, size and shape.

An NVR is a device on the network, not a trusted peer: its replies may be
slow, huge or odd on purpose. This module bounds what one reply can cost:

- time: one deadline per request, over connect, TLS handshake, headers and
  body (`deadline`, `DeadlineAdapter`);
- size: the body, after decompression, read in chunks up to a cap (`read_body`);
- shape: no list longer than MAX_LIST_ITEMS, no nesting deeper than
  MAX_JSON_DEPTH (`json_shape_problem`);
- text: device text put into an error is one short line (`device_text`).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import io
import re
import socket
import threading
import time
from contextlib import contextmanager

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3 import poolmanager
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.exceptions import ReadTimeoutError
except ImportError:  # client.HAS_REQUESTS tells the user; this module must still import
    HTTPAdapter = HTTPConnection = HTTPSConnection = HTTPConnectionPool = HTTPSConnectionPool = object
    ReadTimeoutError = None

MAX_REPLY_BYTES = 4 * 1024 * 1024   # real replies are a few KB
READ_CHUNK_BYTES = 64 * 1024
MAX_LIST_ITEMS = 4096
MAX_JSON_DEPTH = 32
DEVICE_TEXT_CHARS = 200

_LOCAL = threading.local()


# ------------------------------------------------------------------ time

@contextmanager
def deadline(at):
    """Requests of this thread inside the block fail once time.monotonic() passes `at`."""
    _LOCAL.deadline = at
    try:
        yield
    finally:
        _LOCAL.deadline = None


def _remaining():
    at = getattr(_LOCAL, 'deadline', None)
    return None if at is None else at - time.monotonic()


class _DeadlineSocket:
    """A connected socket whose every read and send waits at most until the thread's deadline.

    Why: a socket timeout bounds each read, not the reply, so an NVR that drips one byte per
    read holds a request forever. How: before each recv/recv_into/sendall the socket timeout
    becomes min(its own timeout, deadline - now), and once the deadline has passed the call
    raises socket.timeout, which urllib3 and requests report as a read timeout. The rest of
    the socket is delegated; makefile builds the reader of http.client over this object so
    that header and body reads come through here.
    """

    def __init__(self, sock):
        self._sock = sock
        self._timeout = sock.gettimeout()

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def settimeout(self, value):
        self._timeout = value
        self._sock.settimeout(value)

    def gettimeout(self):
        return self._timeout

    def _wait_at_most(self):
        remaining = _remaining()
        if remaining is None:
            self._sock.settimeout(self._timeout)
            return
        if remaining <= 0:
            raise socket.timeout('the request deadline has passed')
        self._sock.settimeout(remaining if self._timeout is None else min(self._timeout, remaining))

    def recv(self, *args):
        self._wait_at_most()
        return self._sock.recv(*args)

    def recv_into(self, *args):
        self._wait_at_most()
        return self._sock.recv_into(*args)

    def sendall(self, *args):
        self._wait_at_most()
        return self._sock.sendall(*args)

    def makefile(self, mode='r', buffering=None, **kwargs):
        if mode != 'rb':
            return self._sock.makefile(mode, buffering, **kwargs)
        self._sock._io_refs += 1  # as socket.makefile: the socket stays open until this file is closed
        return io.BufferedReader(socket.SocketIO(self, 'rb'), buffering or io.DEFAULT_BUFFER_SIZE)

    def _decref_socketios(self):
        self._sock._decref_socketios()


class _DeadlineConnection:
    """urllib3 connection: the TCP connect and TLS handshake within the deadline, then _DeadlineSocket."""

    def _new_conn(self):
        sock = super(_DeadlineConnection, self)._new_conn()
        remaining = _remaining()
        if remaining is not None:
            # CPython bounds a whole TLS handshake by the socket timeout.
            current = sock.gettimeout()
            sock.settimeout(max(0.001, remaining if current is None else min(current, remaining)))
        return sock

    def connect(self):
        super(_DeadlineConnection, self).connect()
        if isinstance(self.sock, socket.socket):  # plain or ssl.SSLSocket (not TLS in TLS through an HTTPS proxy)
            self.sock = _DeadlineSocket(self.sock)


class _HTTPConnection(_DeadlineConnection, HTTPConnection):
    pass


class _HTTPSConnection(_DeadlineConnection, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """requests' HTTPAdapter whose pools (direct or through an HTTP proxy) use the deadline connections.

    Why: requests' timeout bounds each socket operation, so a device that answers one byte at a
    time, in the headers or the body, never times out. How: its connections bound the connect
    and the TLS handshake by the time left (CPython counts the socket timeout over a whole
    handshake), then read and send through _DeadlineSocket; the deadline itself is per thread
    (`deadline`), set by NvrClient around each request, so many clients can run on threads.
    """

    def init_poolmanager(self, *args, **kwargs):
        super(DeadlineAdapter, self).init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {'http': _HTTPPool, 'https': _HTTPSPool}

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super(DeadlineAdapter, self).proxy_manager_for(proxy, **proxy_kwargs)
        if manager.pool_classes_by_scheme is poolmanager.pool_classes_by_scheme:  # not SOCKS: own classes
            manager.pool_classes_by_scheme = {'http': _HTTPPool, 'https': _HTTPSPool}
        return manager


def mount_deadline_adapter(session):
    """Route the session's requests through DeadlineAdapter (a test double without mount stays as it is)."""
    if hasattr(session, 'mount'):
        adapter = DeadlineAdapter()
        session.mount('http://', adapter)
        session.mount('https://', adapter)


# ------------------------------------------------------------------ size

class ReplyTooLarge(Exception):
    pass


def read_body(response, cap=MAX_REPLY_BYTES):
    """The body of a stream=True response, decompressed, at most cap bytes, or ReplyTooLarge.

    Decompression happens chunk by chunk (urllib3 inflates at most about a chunk per read), so a
    compressed bomb costs about cap bytes of memory, not its expanded size. A read past the
    request's deadline raises requests' ReadTimeout (requests itself reports it as a ConnectionError).
    """
    if not hasattr(response, 'iter_content'):  # already in memory (a test double)
        return response.content
    chunks = []
    size = 0
    try:
        for chunk in response.iter_content(READ_CHUNK_BYTES):
            size += len(chunk)
            if size > cap:
                raise ReplyTooLarge()
            chunks.append(chunk)
    except requests.exceptions.ConnectionError as e:
        if e.args and isinstance(e.args[0], ReadTimeoutError):
            raise requests.exceptions.ReadTimeout(e.args[0])
        raise
    finally:
        response.close()
    return b''.join(chunks)


def size_text(count):
    return '%d MiB' % (count // (1024 * 1024)) if count % (1024 * 1024) == 0 else '%d bytes' % count


# ------------------------------------------------------------------ shape

def json_shape_problem(value, depth=1):
    """None, or (path, problem) for the first list over MAX_LIST_ITEMS or nesting over MAX_JSON_DEPTH.

    It runs on every reply, so it is cheap: it visits only the containers (json.loads makes
    exactly dict and list, so a type test is enough) and builds the path (a list of keys,
    outermost first) only on the way back from a problem.
    """
    kind = type(value)
    if kind is list:
        if len(value) > MAX_LIST_ITEMS:
            return [], 'a list of %d items (at most %d)' % (len(value), MAX_LIST_ITEMS)
        items = value
    elif kind is dict:
        items = value.values()
    else:
        return None
    if depth > MAX_JSON_DEPTH:
        return [], 'nesting deeper than %d levels' % MAX_JSON_DEPTH
    for item in items:
        if type(item) in _CONTAINERS:  # pylint: disable=unidiomatic-typecheck
            found = json_shape_problem(item, depth + 1)
            if found:
                pairs = value.items() if kind is dict else enumerate(value)
                found[0].insert(0, next(key for key, child in pairs if child is item))
                return found
    return None


_CONTAINERS = frozenset((dict, list))


def json_path(keys):
    """['output', 'list', 3] -> 'output.list[3]'; the top level is '(top level)'."""
    text = ''
    for key in keys:
        text += '[%d]' % key if isinstance(key, int) else ('.%s' % device_text(key, 40) if text else device_text(key, 40))
    return text or '(top level)'


# ------------------------------------------------------------------ text

# Controls (C0, DEL, C1), bidirectional overrides and marks, lone surrogates, the BMP non-characters.
_UNSAFE = re.compile(u'[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]')


def _escape(char):
    code = ord(char)
    return '\\x%02x' % code if code < 0x100 else ('\\u%04x' if code < 0x10000 else '\\U%08x') % code


def device_text(value, limit=DEVICE_TEXT_CHARS):
    """Text from the device made safe for a one-line error: one line, at most about limit
    characters, controls, surrogates and non-characters escaped as \\xNN or \\uNNNN."""
    if isinstance(value, bytes):
        value = value.decode('utf-8', 'replace')
    elif not isinstance(value, str):
        value = repr(value)
    text = ' '.join(value[:limit * 2].split())   # every kind of line break and space run -> one space
    text = _UNSAFE.sub(lambda match: _escape(match.group(0)), text)
    text = ''.join(c if (ord(c) & 0xFFFE) != 0xFFFE else _escape(c) for c in text)  # U+1FFFE ... U+10FFFF
    if len(text) > limit or len(value) > limit * 2:
        text = text[:limit] + '...'
    return text
