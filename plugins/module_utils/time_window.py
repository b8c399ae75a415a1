# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time windows, the NVR's time zone and ages: pure logic for nvr_log_info and recording_export.

A moment is given as epoch seconds (an integer, or a string of digits) or as the NVR's local
date and time 'YYYY-MM-DD HH:MM:SS' (a 'T' instead of the space is taken too). The NVR's zone
comes from /information/time_config: its iana_id where Python knows the zone (daylight saving
time then follows the zone's rules), else its fixed timezone_offset (seconds *behind* UTC: the
manual's "UTC+1.00 => -3600"). The API's start_time/end_time are epoch seconds (docs/api-decisions.md,
"Time windows").
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
import time

try:
    import zoneinfo
    HAS_ZONEINFO = True
except ImportError:  # Python < 3.9
    HAS_ZONEINFO = False

LOCAL_FORMAT = 'YYYY-MM-DD HH:MM:SS'
LOCAL_RE = re.compile(r'^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})\s*$')
EPOCH_RE = re.compile(r'^\s*\d{1,11}\s*$')
MOMENT_ALLOWED = "epoch seconds (such as 1767225600) or the NVR's local time '%s'" % LOCAL_FORMAT
EPOCH_MAX = 2 ** 32 - 1
AGE_RE = re.compile(r'^\s*(\d{1,9})\s*([smhdw]?)\s*$')
AGE_UNITS = {'': 1, 's': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}
AGE_ALLOWED = 'seconds, or a number with a unit s, m, h, d or w (such as 90m, 12h, 7d, 2w)'
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class WindowError(ValueError):
    """A moment, window or age the options give wrongly: option, problem, allowed (NvrValidationError's arguments)."""

    def __init__(self, option, problem, allowed=None):
        super(WindowError, self).__init__('%s: %s' % (option, problem))
        self.option = option
        self.problem = problem
        self.allowed = allowed


def moment_syntax(value, option):
    """('epoch', seconds) or ('local', datetime without zone) for a moment option; WindowError if it is neither."""
    if isinstance(value, bool):
        raise WindowError(option, '%r is not a moment' % (value,), MOMENT_ALLOWED)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        seconds = int(value)
    elif isinstance(value, str) and EPOCH_RE.match(value):
        seconds = int(value)
    elif isinstance(value, str) and LOCAL_RE.match(value):
        parts = [int(p) for p in LOCAL_RE.match(value).groups()]
        try:
            return 'local', datetime.datetime(*parts)
        except ValueError as e:
            raise WindowError(option, '%r is not a valid date and time (%s)' % (value, e), MOMENT_ALLOWED)
    else:
        raise WindowError(option, '%r is not a moment' % (value,), MOMENT_ALLOWED)
    if not 0 <= seconds <= EPOCH_MAX:
        raise WindowError(option, '%s is out of range' % seconds, 'epoch seconds 0 to %d' % EPOCH_MAX)
    return 'epoch', seconds


class NvrZone:
    """The NVR's time zone from its time_config: converts its local times to epoch seconds and back."""

    def __init__(self, time_config=None):
        config = time_config if isinstance(time_config, dict) else {}
        self.name = None
        self.zone = None
        self.source = 'iana_id'
        iana = config.get('iana_id')
        if HAS_ZONEINFO and isinstance(iana, str) and iana.strip():
            try:
                self.zone = zoneinfo.ZoneInfo(iana.strip())
                self.name = iana.strip()
            except (ValueError, KeyError, OSError, zoneinfo.ZoneInfoNotFoundError):
                self.zone = None
        if self.zone is None:
            offset = config.get('timezone_offset', 0)
            try:
                offset = int(offset)
            except (TypeError, ValueError):
                offset = 0
            if not -86400 < offset < 86400:
                offset = 0
            self.zone = datetime.timezone(datetime.timedelta(seconds=-offset))
            self.name = 'UTC%s' % offset_text(-offset)
            self.source = 'timezone_offset'

    def to_epoch(self, local):
        """Epoch seconds of a local datetime (no tzinfo) in this zone."""
        return int((local.replace(tzinfo=self.zone) - EPOCH).total_seconds())

    def iso(self, seconds):
        """ISO 8601 with the zone's UTC offset at that moment, '' for a value that is no time."""
        try:
            moment = EPOCH + datetime.timedelta(seconds=int(seconds))
        except (TypeError, ValueError, OverflowError):
            return ''
        return moment.astimezone(self.zone).isoformat()

    def describe(self):
        return {'name': self.name, 'source': self.source}


def offset_text(seconds):
    sign = '+' if seconds >= 0 else '-'
    seconds = abs(seconds)
    return '%s%02d:%02d' % (sign, seconds // 3600, seconds % 3600 // 60)


def to_epoch(value, option, zone):
    kind, moment = moment_syntax(value, option)
    return moment if kind == 'epoch' else zone.to_epoch(moment)


def window(start, end, zone, now=None, max_seconds=None):
    """(start, end) in epoch seconds from the options; end None is now. WindowError naming the option when the
    window is reversed or empty, starts in the future, or is wider than max_seconds."""
    now = int(time.time()) if now is None else int(now)
    first = to_epoch(start, 'start', zone)
    last = now if end is None else to_epoch(end, 'end', zone)
    if first > now:
        raise WindowError('start', '%s is in the future (now: %s)' % (zone.iso(first), zone.iso(now)),
                          'a moment before now')
    if last <= first:
        raise WindowError('end', '%s is not after start (%s)' % (zone.iso(last), zone.iso(first)),
                          'a moment after start')
    if max_seconds is not None and last - first > max_seconds:
        raise WindowError('end', 'the window is %d seconds wide, wider than the NVR accepts' % (last - first),
                          'at most %d seconds after start' % max_seconds)
    return first, last


def age_seconds(value, option='older_than'):
    """Seconds of an age option: an integer, or a string such as '7d'; WindowError otherwise."""
    if isinstance(value, bool):
        raise WindowError(option, '%r is not an age' % (value,), AGE_ALLOWED)
    if isinstance(value, int):
        seconds = value
    else:
        found = AGE_RE.match(value) if isinstance(value, str) else None
        if not found:
            raise WindowError(option, '%r is not an age' % (value,), AGE_ALLOWED)
        seconds = int(found.group(1)) * AGE_UNITS[found.group(2)]
    if seconds <= 0:
        raise WindowError(option, 'must be more than 0 seconds', AGE_ALLOWED)
    return seconds
