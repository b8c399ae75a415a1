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
}

SESSION_COOKIE = 'login-already'
BACKOFF_SECONDS = 0.5


class NvrError(Exception):
    """A failure to show the user as it is: one line, no traceback."""


def is_success(code):
    return code == 0 or code == '0'


class NvrClient:
    """A requests.Session bound to one NVR, logged in on entry, out on exit."""

    def __init__(self, host, username, password, port=None, use_https=True,
                 validate_certs=True, timeout=10, retries=3, backoff=BACKOFF_SECONDS):
        scheme = 'https' if use_https else 'http'
        port = port or (443 if use_https else 80)
        self.host = host
        self.label = 'NVR %s:%s' % (host, port)
        self.base_url = '%s://%s:%s' % (scheme, host, port)
        self.username = username
        self._password = password
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.validate_certs = validate_certs
        self._verify = validate_certs
        self.request_count = 0
        self._session = None
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
            self._session.verify = self.validate_certs
            self._session.trust_env = environment_matters()
            self._verify = ca_bundle(self.validate_certs)
            if not self.validate_certs:
                requests.packages.urllib3.disable_warnings()  # pylint: disable=no-member
        reply = self._send('login', form={'account': login_hash(self.username, self._password)})
        cookie = self._session.cookies.get(SESSION_COOKIE)
        if not cookie:
            raise NvrError('%s: login answered %r but set no %s cookie' % (self.label, reply.get('msg'), SESSION_COOKIE))
        self._logged_in = True

    def logout(self):
        """End the session; never raises, also when the run failed."""
        if self._session is None:
            return
        try:
            if self._logged_in:
                self._logged_in = False
                method, path = ENDPOINTS['logout']
                self.request_count += 1
                self._session.request(method, self.base_url + path, timeout=self.timeout, verify=self._verify)
        except Exception:  # pylint: disable=broad-except
            pass  # the session times out on the device; the run's own result matters more
        finally:
            self._session.close()
            self._session = None
            self._cache = {}

    @property
    def secrets(self):
        """Values that must never reach output: password, login hash, cookie."""
        values = [self._password, login_hash(self.username, self._password)]
        if self._session is not None:
            values.append(self._session.cookies.get(SESSION_COOKIE))
        return [v for v in values if v]

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
            # The device ended our session (timeout or reboot). A refused
            # request changed nothing, so log in again and send it once more.
            self.login()
            return self._send(name, form=form, params=params)

    def version(self):
        return self.get('version', cache=True) or {}

    def _send(self, name, form=None, params=None, may_relogin=False):
        method, path = ENDPOINTS[name]
        what = '%s %s' % (method, path)
        response = self._request_with_retries(method, path, what, form, params)
        reply = self._decode(response, what)
        status = response.status_code
        if status == 401:
            if name == 'login':
                raise NvrError('%s: login refused (HTTP 401): check nvr_username and nvr_password' % self.label)
            if self._logged_in and may_relogin:
                raise _SessionExpired()
            raise NvrError('%s: %s refused with HTTP 401: the account %r is not logged in or lacks the Setup authority%s'
                           % (self.label, what, self.username, _device_msg(reply)))
        if status == 404:
            raise NvrError('%s: %s is not supported by this firmware (HTTP 404)' % (self.label, what))
        if status == 500:
            raise NvrError('%s: internal error (HTTP 500) on %s%s' % (self.label, what, _device_msg(reply)))
        if status >= 400:
            raise NvrError('%s: %s failed with HTTP %s%s' % (self.label, what, status, _device_msg(reply)))
        if not isinstance(reply, dict) or 'code' not in reply:
            raise NvrError('%s: %s replied without a result code' % (self.label, what))
        if not is_success(reply.get('code')):
            raise NvrError('%s refused %s: %s' % (self.label, what, reply.get('msg') or 'code %s' % reply.get('code')))
        return reply

    def _request_with_retries(self, method, path, what, form, params):
        url = self.base_url + path
        attempt = 0
        while True:
            retry_reason = None
            try:
                self.request_count += 1
                # verify per request: requests lets REQUESTS_CA_BUNDLE override a session's verify=False.
                response = self._session.request(method, url, data=form, params=params, timeout=self.timeout,
                                                 verify=self._verify)
            except requests.exceptions.SSLError as e:
                raise NvrError('%s: TLS failed on %s (%s); for a self-signed certificate set nvr_validate_certs: false'
                               % (self.label, what, _ssl_reason(e)))
            except requests.exceptions.Timeout:
                raise NvrError('%s: no answer to %s within %s s (nvr_timeout)' % (self.label, what, self.timeout))
            except requests.exceptions.ConnectionError as e:
                retry_reason = 'connection failed (%s)' % _connection_reason(e)
                # A write whose connection broke after sending may have been
                # applied; only refused connections are safe to send again.
                if method == 'POST' and not _is_refused(e):
                    raise NvrError('%s: %s on %s' % (self.label, retry_reason, what))
            except requests.exceptions.RequestException as e:
                raise NvrError('%s: %s failed: %s' % (self.label, what, _first_line(e)))
            else:
                if response.status_code != 503:
                    return response
                retry_reason = 'HTTP 503 (the NVR is overloaded)'
            if attempt >= self.retries:
                raise NvrError('%s: %s on %s, still after %d retries (nvr_retries)' % (self.label, retry_reason, what, self.retries))
            time.sleep(self.backoff * (2 ** attempt))
            attempt += 1

    def _decode(self, response, what):
        try:
            return response.json()
        except ValueError:
            if response.status_code in (401, 404, 500):
                return {}
            text = (response.text or '').strip().replace('\n', ' ')
            raise NvrError('%s: %s answered HTTP %s with a body that is not JSON (%d bytes: %r)'
                           % (self.label, what, response.status_code, len(response.content), text[:60]))


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


def ca_bundle(validate_certs):
    """The verify argument of each request: what requests would take from the environment, once.

    With verify=True requests uses REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE when set; verify=False stays False.
    """
    if validate_certs:
        for name in CA_BUNDLE_VARIABLES:
            if os.environ.get(name):
                return os.environ[name]
    return validate_certs


class _SessionExpired(Exception):
    pass


def _device_msg(reply):
    msg = reply.get('msg') if isinstance(reply, dict) else None
    return ': %s' % msg if msg else ''


def _first_line(error):
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def _ssl_reason(error):
    found = re.search(r'\[SSL[^\]]*\][^\'")]*', str(error))
    return found.group(0).strip() if found else _first_line(error)


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
