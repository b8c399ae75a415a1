# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One HTTP client for the NVR's API: session, login, retries, errors.

Every request of the collection goes through NvrClient, so the wire rules of
api-notes.md live here once: the `login-already` cookie, POST bodies as the
form field `Param` holding JSON, `code` 0 or "0" for success, retries with
backoff on HTTP 503 and connection errors, and one-line errors a person can
act on. Every endpoint path is in ENDPOINTS: a firmware difference is a
one-line change there.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import time
import traceback

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.mobotix.move_nvr.plugins.module_utils.cipher import login_hash
from ansible_collections.mobotix.move_nvr.plugins.module_utils.transport import (
    MAX_REPLY_BYTES, ReplyTooLarge, deadline, device_text, json_path, json_shape_problem, mount_deadline_adapter,
    read_body, size_text)

# name: (method, path). account_edit and account_authority are inferred (the
# manual's pages for them are missing, see docs/api-decisions.md).
ENDPOINTS = {
    'login': ('POST', '/auth/login'),
    'logout': ('GET', '/logout'),
    'version': ('GET', '/information/version'),
    'local_time': ('GET', '/information/local_time'),
    'network_info': ('GET', '/information/network_info'),
    'time_config': ('GET', '/information/time_config'),
    'user_management': ('GET', '/information/user_management'),
    'camera_list': ('GET', '/information/camera_list'),
    'default_connection_get': ('GET', '/setup/default_connection_info'),
    'default_connection_set': ('POST', '/setup/default_connection_info'),
    'load_default': ('POST', '/setup/load_default'),
    'system_monitor_get': ('GET', '/setup/system_monitor_config'),
    'system_monitor_set': ('POST', '/setup/system_monitor_config'),
    'event_action_get': ('GET', '/setup/event_action_config'),
    'event_action_set': ('POST', '/setup/event_action_config'),
    'email_get': ('GET', '/setup/email_config'),
    'email_set': ('POST', '/setup/email_config'),
    'ddns_get': ('GET', '/setup/ddns_config'),
    'ddns_set': ('POST', '/setup/ddns_config'),
    'account_add': ('POST', '/setup/account_add'),
    'account_delete': ('POST', '/setup/account_delete'),
    'account_edit': ('POST', '/setup/account_edit'),
    'account_authority': ('POST', '/setup/account_authority'),
    'record_template_get': ('GET', '/record/template'),
    'record_template_set': ('POST', '/record/record_template'),
    'record_config_get': ('GET', '/record/config'),
    'record_config_set': ('POST', '/record/config'),
    'record_info': ('GET', '/record/record_info'),
    'camera_search': ('GET', '/camera/devicesearch'),
    'camera_connection': ('POST', '/camera/camera_connection'),
    'camera_clear_all': ('GET', '/camera/clear_all'),
    'sys_log_page_get': ('POST', '/datasearch/sys_log_page_get'),
    'evtlist_page_get': ('POST', '/datasearch/evtlist_page_get'),
    'estimate_export_channel_list': ('GET', '/datasearch/estimate_export_channel_list'),
    'estime_export_channel_list': ('GET', '/datasearch/estime_export_channel_list'),   # the manual's example spelling
    'remote_export_async': ('POST', '/datasearch/remote_export_async'),
    'remote_export_status': ('GET', '/datasearch/remote_export_status'),
    'remote_export_list': ('GET', '/datasearch/remote_export_list'),
    'remove_remote_export_list': ('POST', '/datasearch/remove_remote_export_list'),
}

SESSION_COOKIE = 'login-already'
BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 4       # one backoff sleep at most
DEFAULT_TIMEOUT = 10
MAX_TIMEOUT = 300             # connection.py validates nvr_timeout 1..300 and nvr_retries 0..10;
MAX_RETRIES = 10              # the client clamps to them too
LOGOUT_GRACE_SECONDS = 5      # the logout is still tried this long (at most timeout) after the budget
# The device's counts the resources build arrays from: field -> (lowest, highest).
DEVICE_COUNTS = {'num_ch': (1, 256), 'num_alarm': (0, 64), 'num_relay': (0, 64)}


class NvrError(Exception):
    """A failure to show the user as it is: one line, no traceback.

    `kind` says what failed, for the runner's `nvr_failure` (an NVR that answered but failed is
    reported differently from one that could not be reached): the subclasses below set it.
    """

    kind = 'error'


class NvrUnreachable(NvrError):
    """The NVR could not be reached: connection refused, no complete answer within nvr_timeout, a dropped
    connection, TLS, name resolution, or the time budget used up. Raised at login, the whole NVR is unreachable
    (runner.execute); later, it is the error of what was being done."""

    kind = 'unreachable'


class NvrLoginRefused(NvrError):
    """The NVR answered the login and refused it (wrong user name or password)."""

    kind = 'login_refused'


class NvrRefused(NvrError):
    """The NVR answered a request after login and refused it (a result code, HTTP 401 for lack of authority,
    another 4xx): the device's own no."""

    kind = 'device_refused'


def is_success(code):
    return code == 0 or code == '0'


class NvrClient:
    """A requests.Session bound to one NVR, logged in on entry, out on exit.

    Bounds: each request (connect, headers and body) ends within `timeout` seconds, whatever
    the device drips; a reply's body is at most transport.MAX_REPLY_BYTES after decompression;
    redirects are not followed. A request is sent at most 1 + `retries` times (on HTTP 503 and
    connection errors), with backoff sleeps of backoff * 2**n, each at most MAX_BACKOFF_SECONDS.
    So one request takes at most (retries + 1) * timeout + the sleeps: with the maxima
    (timeout 300, retries 10) 11 * 300 + 31.5 s, about 56 min; with the defaults (10, 3)
    4 * 10 + 3.5 s. A call that finds its session expired adds a logout and a login, each
    bounded the same way. `budget` (seconds, None or 0 for none) bounds the whole session,
    login to logout: no request or sleep goes past it, and the logout gets a grace of
    min(timeout, LOGOUT_GRACE_SECONDS) after it, so a session takes at most budget + grace.

    `logout_problem` is None, or after logout() a one-line reason why a logout of this
    session could not be confirmed (the session may stay open on the NVR until it times out).
    """

    def __init__(self, host, username, password, port=None, use_https=True,
                 validate_certs=True, timeout=DEFAULT_TIMEOUT, retries=3, backoff=BACKOFF_SECONDS, budget=None,
                 ca_path=None):
        scheme = 'https' if use_https else 'http'
        port = port or (443 if use_https else 80)
        url_host = '[%s]' % host.strip('[]') if ':' in host else host   # an IPv6 literal, bare or bracketed
        self.host = host
        self.label = 'NVR %s:%s' % (url_host, port)
        self.base_url = '%s://%s:%s' % (scheme, url_host, port)
        self.username = username
        self._password = password
        self.timeout = min(timeout, MAX_TIMEOUT) if timeout and timeout > 0 else DEFAULT_TIMEOUT
        self.retries = min(max(0, retries or 0), MAX_RETRIES)
        self.backoff = backoff
        self.budget = budget if budget and budget > 0 else None
        self.validate_certs = validate_certs
        self.ca_path = ca_path or None
        self._verify = validate_certs
        self._trusted = None          # what _verify came from: nvr_ca_path, a CA bundle variable, or None
        self.request_count = 0
        self.logout_problem = None
        self._session = None
        self._started = None
        self._logged_in = False
        self._cache = {}

    # -- session ---------------------------------------------------------
    def __enter__(self):
        self.login()
        return self

    def __exit__(self, *exc_info):
        self.logout()
        return False

    def login(self):
        if self._session is None:
            self._session = requests.Session()
            mount_deadline_adapter(self._session)
            self._session.verify = self.validate_certs
            self._session.trust_env = environment_matters()
            self._verify = ca_bundle(self.validate_certs, self.ca_path)
            self._trusted = trust_source(self.validate_certs, self.ca_path)
            self._started = time.monotonic()
            self.logout_problem = None
            if not self.validate_certs:
                requests.packages.urllib3.disable_warnings()  # pylint: disable=no-member
        reply = self._send('login', form={'account': login_hash(self.username, self._password)})
        cookie = self._cookie()
        if not cookie:
            raise NvrError('%s: login answered %s but set no %s cookie'
                           % (self.label, device_text(reply.get('msg'), 60), SESSION_COOKIE))
        self._logged_in = True

    def logout(self):
        """End the session; never raises, also when the run failed."""
        if self._session is None:
            return
        try:
            self._end_session()
        finally:
            self._session.close()
            self._session = None
            self._cache = {}

    def _end_session(self):
        """GET /logout if a session may be open (logged in, or a login that failed after the cookie
        came), retried like any request, never raises; a failure goes to logout_problem."""
        if not (self._logged_in or SESSION_COOKIE in self._session.cookies):
            return
        self._logged_in = False
        method, path = ENDPOINTS['logout']
        what = '%s %s' % (method, path)
        try:
            status = self._request_with_retries(method, path, what, None, None, logout=True)[0].status_code
            problem = None if 200 <= status < 300 else '%s: %s answered HTTP %s' % (self.label, what, status)
        except NvrError as e:
            problem = str(e)
        except Exception as e:  # pylint: disable=broad-except
            problem = '%s: %s failed: %s' % (self.label, what, _first_line(e))
        finally:
            self._session.cookies.clear()
        if problem and not self.logout_problem:
            self.logout_problem = '%s; the session may stay open on the NVR until it times out' % problem

    @property
    def secrets(self):
        """Values that must never reach output: password, login hash, cookie."""
        values = [self._password, login_hash(self.username, self._password)]
        if self._session is not None:
            try:
                values.append(self._session.cookies.get(SESSION_COOKIE))
            except requests.cookies.CookieConflictError:
                values.extend(c.value for c in self._session.cookies if c.name == SESSION_COOKIE)
        return [v for v in values if v]

    def _cookie(self):
        try:
            return self._session.cookies.get(SESSION_COOKIE)
        except requests.cookies.CookieConflictError:
            raise NvrError('%s: login set more than one %s cookie' % (self.label, SESSION_COOKIE))

    # -- requests --------------------------------------------------------
    def get(self, name, params=None, cache=False):
        """GET an endpoint and return its `output`. cache=True reads it once per session."""
        if cache and name in self._cache:
            return self._cache[name]
        output = self.call(name, params=params).get('output')
        if cache:
            self._cache[name] = output
        return output

    def call(self, name, body=None, params=None):
        """Send one API request and return the whole reply (code, msg, name, output)."""
        form = None
        if ENDPOINTS[name][0] == 'POST':
            form = {'Param': json.dumps(body if body is not None else {}, separators=(',', ':'), sort_keys=True)}
        try:
            return self._send(name, form=form, params=params, may_relogin=True)
        except _SessionExpired:
            # The device ended our session (timeout or reboot), or the account lacks the
            # authority (then the session is still open: end it, never two at once). A refused
            # request changed nothing, so log in again and send it once more.
            self._end_session()
            self.login()
            return self._send(name, form=form, params=params)

    def version(self):
        """The device's /information/version output (read once per session), its counts checked."""
        output = self.get('version', cache=True) or {}
        what = ' '.join(ENDPOINTS['version'])
        if not isinstance(output, dict):
            raise NvrError('%s: %s answered an output that is not an object' % (self.label, what))
        for field, (low, high) in sorted(DEVICE_COUNTS.items()):
            if field in output and not _count_in(output[field], low, high):
                raise NvrError('%s: %s reports %s %s; allowed: %d-%d (an integer)'
                               % (self.label, what, field, device_text(repr(output[field]), 40), low, high))
        return output

    def _send(self, name, form=None, params=None, may_relogin=False):
        method, path = ENDPOINTS[name]
        what = '%s %s' % (method, path)
        response, body = self._request_with_retries(method, path, what, form, params)
        status = response.status_code
        if 300 <= status < 400:
            location = response.headers.get('Location')
            raise NvrError('%s: %s answered HTTP %s redirecting to %s; redirects are not followed'
                           % (self.label, what, status, device_text(location) if location else '(no Location)'))
        reply = self._decode(response, body, what)
        if status == 401:
            if name == 'login':
                raise NvrLoginRefused('%s: login refused (HTTP 401): check nvr_username and nvr_password' % self.label)
            if self._logged_in and may_relogin:
                raise _SessionExpired()
            raise NvrRefused('%s: %s refused with HTTP 401: the account %r is not logged in or lacks the Setup authority%s'
                             % (self.label, what, self.username, _device_msg(reply)))
        if status == 404:
            raise NvrError('%s: %s is not supported by this firmware (HTTP 404)' % (self.label, what))
        if status == 500:
            raise NvrError('%s: internal error (HTTP 500) on %s%s' % (self.label, what, _device_msg(reply)))
        if status >= 400:
            refused = NvrLoginRefused if name == 'login' else NvrRefused
            raise refused('%s: %s failed with HTTP %s%s' % (self.label, what, status, _device_msg(reply)))
        if not isinstance(reply, dict) or 'code' not in reply:
            raise NvrError('%s: %s replied without a result code' % (self.label, what))
        if not is_success(reply.get('code')):
            reason = _device_msg(reply)[2:] or 'code %s' % device_text(reply.get('code'), 40)
            refused = NvrLoginRefused if name == 'login' else NvrRefused
            raise refused('%s refused %s: %s' % (self.label, what, reason))
        return reply

    def _budget_end(self, logout=False):
        """When the budget ends (monotonic time; the logout gets a grace after it), None without one."""
        if self.budget is None:
            return None
        return self._started + self.budget + (min(self.timeout, LOGOUT_GRACE_SECONDS) if logout else 0)

    def _budget_used_up(self, before):
        return NvrUnreachable('%s: time budget of %s s used up before %s (nvr_time_budget)' % (self.label, self.budget, before))

    def _request_with_retries(self, method, path, what, form, params, logout=False):
        """(response, body) of one request, sent again on HTTP 503 and on connection errors."""
        url = self.base_url + path
        end = self._budget_end(logout)
        attempt = 0
        while True:
            retry_reason = None
            response_came = False
            now = time.monotonic()
            if end is not None and now >= end:
                raise self._budget_used_up(what)
            at = now + self.timeout if end is None else min(now + self.timeout, end)
            try:
                self.request_count += 1
                with deadline(at):
                    # verify per request: requests lets REQUESTS_CA_BUNDLE override a session's verify=False.
                    response = self._session.request(method, url, data=form, params=params, verify=self._verify,
                                                     timeout=max(0.001, at - time.monotonic()), stream=True,
                                                     allow_redirects=False)
                    body = read_body(response)
            except requests.exceptions.SSLError as e:
                raise NvrUnreachable('%s: TLS failed on %s (%s)%s' % (self.label, what, _ssl_reason(e), self._tls_hint(e)))
            except requests.exceptions.Timeout:
                if at == end:
                    raise self._budget_used_up('a complete answer to %s' % what)
                raise NvrUnreachable('%s: no complete answer to %s within %s s (nvr_timeout)' % (self.label, what, self.timeout))
            except ReplyTooLarge:
                raise NvrError('%s: the answer to %s is larger than %s; refused' % (self.label, what, size_text(MAX_REPLY_BYTES)))
            except requests.exceptions.ConnectionError as e:
                retry_reason = 'connection failed (%s)' % _connection_reason(e)
                # A write whose connection broke after sending may have been
                # applied; only refused connections are safe to send again.
                if method == 'POST' and not _is_refused(e):
                    raise NvrUnreachable('%s: %s on %s' % (self.label, retry_reason, what))
            except requests.exceptions.ChunkedEncodingError as e:   # the connection broke inside the body
                raise NvrUnreachable('%s: %s failed: %s' % (self.label, what, _first_line(e)))
            except requests.exceptions.RequestException as e:
                raise NvrError('%s: %s failed: %s' % (self.label, what, _first_line(e)))
            except (IOError, OSError) as e:
                # requests' own check of the CA bundle path (REQUESTS_CA_BUNDLE naming no file, say): a setting
                # of the controller, not the NVR; nvr_ca_path is checked before any request (connection.py).
                if 'CA certificate bundle' not in str(e):
                    raise
                raise NvrError('%s: %s failed: %s (%s)' % (self.label, what, _first_line(e), self._trusted or 'verify'))
            else:
                if response.status_code != 503:
                    return response, body
                response_came = True
                retry_reason = 'HTTP 503 (the NVR is overloaded)'
            if attempt >= self.retries:
                # An NVR that answered 503 was reached (it is overloaded); a connection that failed every time was not.
                gave_up = NvrError if response_came else NvrUnreachable
                raise gave_up('%s: %s on %s, still after %d retries (nvr_retries)' % (self.label, retry_reason, what, self.retries))
            pause = min(self.backoff * (2 ** attempt), MAX_BACKOFF_SECONDS)
            if end is not None and time.monotonic() + pause >= end:
                raise self._budget_used_up('a retry of %s after %s' % (what, retry_reason))
            time.sleep(pause)
            attempt += 1

    def _tls_hint(self, error):
        """What to do about a failed TLS handshake, after its reason; '' when the reason says it all.

        A certificate that does not verify is mostly a self-signed one or one from a private CA: the
        remedy offered first is to trust that CA (nvr_ca_path), not to stop checking, which would hand
        the login hash (as good as the password) to anyone on the path.
        """
        text = str(error)
        if not self.validate_certs or 'certificate verify failed' not in text.lower():
            return ''
        if 'mismatch' in text.lower():
            return ('; the certificate is not issued for %s: give nvr_host as the certificate names the NVR'
                    % self.host)
        if self._trusted == 'nvr_ca_path':
            return ('; the certificate is not signed by a CA of nvr_ca_path (%s): give the CA that issued it (for a '
                    'self-signed certificate, the certificate itself)' % device_text(self._verify, 120))
        if self._trusted:
            return ('; the certificate is not signed by a CA of %s (%s): give the CA that issued it (for a self-signed '
                    'certificate, the certificate itself) in nvr_ca_path or in that bundle'
                    % (self._trusted, device_text(self._verify, 120)))
        return ('; for a self-signed certificate or one from a private CA give that certificate or the CA in nvr_ca_path '
                '(nvr_validate_certs: false would hand the login to anyone on the path)')

    def _decode(self, response, body, what):
        status = response.status_code
        try:
            reply = json.loads(_body_text(response, body))
        except (ValueError, RecursionError) as e:
            if status in (401, 404, 500):
                return {}
            if isinstance(e, RecursionError):
                raise NvrError('%s: %s answered JSON nested too deeply; refused' % (self.label, what))
            raise NvrError('%s: %s answered HTTP %s with a body that is not JSON (%d bytes: %s)'
                           % (self.label, what, status, len(body), device_text(_body_text(response, body).strip(), 60)))
        problem = json_shape_problem(reply)
        if problem:
            raise NvrError('%s: %s answered JSON with %s at %s; refused'
                           % (self.label, what, problem[1], json_path(problem[0])))
        return reply


# What requests reads from the environment on every request when trust_env is on, besides the CA
# bundle (read once, by ca_bundle): proxies and netrc credentials.
ENVIRONMENT_SETTINGS = ('http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'netrc')
CA_BUNDLE_VARIABLES = ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE')


def environment_matters():
    """Whether requests' look-ups of proxies and netrc could change a request.

    requests repeats them on every request (about a fifth of a fleet check's CPU); when no proxy
    variable is set and there is no netrc file, turning them off changes nothing.
    """
    if any(name.lower() in ENVIRONMENT_SETTINGS for name in os.environ):
        return True
    return any(os.path.exists(os.path.expanduser(name)) for name in ('~/.netrc', '~/_netrc'))


def ca_bundle(validate_certs, ca_path=None):
    """The verify argument of each request: nvr_ca_path, else what requests would take from the environment, once.

    With verify=True requests uses REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE when set; verify=False stays False.
    nvr_ca_path (a bundle file or a c_rehash directory, as requests' verify= takes) wins over both: it is
    what this task, or this NVR's variables, say to trust. Without certificate checks there is nothing to trust.
    """
    if validate_certs:
        if ca_path:
            return ca_path
        for name in CA_BUNDLE_VARIABLES:
            if os.environ.get(name):
                return os.environ[name]
    return validate_certs


def trust_source(validate_certs, ca_path=None):
    """Where the CAs of ca_bundle() come from, for messages: 'nvr_ca_path', a variable's name, or None (the
    default CAs, or no checks at all)."""
    if not validate_certs:
        return None
    if ca_path:
        return 'nvr_ca_path'
    for name in CA_BUNDLE_VARIABLES:
        if os.environ.get(name):
            return name
    return None


class _SessionExpired(Exception):
    pass


def _device_msg(reply):
    msg = reply.get('msg') if isinstance(reply, dict) else None
    return ': %s' % device_text(msg) if msg else ''


def _count_in(value, low, high):
    """Whether a device count is an integer (or a string of digits) from low to high; never a bool."""
    if isinstance(value, str) and re.match(r'[0-9]{1,6}\Z', value):
        value = int(value)
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _body_text(response, body):
    """The body as text: UTF-8 (a BOM allowed), else the charset the headers declare, else Latin-1."""
    try:
        return body.decode('utf-8-sig')
    except UnicodeDecodeError:
        try:
            return body.decode(getattr(response, 'encoding', None) or 'latin-1', 'replace')
        except (LookupError, ValueError):  # a charset that is no text encoding, or one that fails anyway
            return body.decode('latin-1')


def _first_line(error):
    lines = [line for line in str(error).splitlines() if line.strip()]
    return device_text(lines[0]) if lines else type(error).__name__


def _ssl_reason(error):
    """OpenSSL's reason inside requests' nested repr: from [SSL: ...] to the source line or the closing quote."""
    found = re.search(r'\[SSL[^\]]*\].*?(?=\s*\(_ssl\.c:\d+\)|[\'"]\)|$)', str(error))
    return device_text(found.group(0).strip()) if found else _first_line(error)


def _is_refused(error):
    text = str(error)
    return 'refused' in text.lower() or 'NewConnectionError' in text


def _connection_reason(error):
    if _is_refused(error):
        return 'connection refused'
    text = str(error).lower()
    if 'reset' in text or 'aborted' in text or 'remotedisconnected' in text:
        return 'connection dropped by the NVR'
    return _first_line(error)
