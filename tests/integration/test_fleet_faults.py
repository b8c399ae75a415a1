# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A drift check of a fleet with 10 % faulty NVRs (issue 13, "Bad input and faults").

One emulated fleet of FLEET_FAULTS_NVRS NVRs (100 by default; 1000 is the issue's size, too slow for CI), one
inventory, the shipped `playbooks/drift.yml` with `-f 50` (as `make bench`), nvr_timeout 2 s, nvr_retries 1.
The baseline is applied to one NVR (`playbooks/site.yml`) and copied to the others; some healthy NVRs are then
drifted behind the collection's back (the e-mail recipients, or DDNS switched on). Every tenth NVR is faulty,
each in one way for the whole run: HTTP 503 on every request, a reply that is not JSON, a port with no
listener, a connection closed without a reply, no answer at all (a login that hangs far past nvr_timeout), or
a login that works and then every request hanging past nvr_timeout (the read, then the logout).

The same drift check runs twice: on the healthy NVRs alone (`--limit healthy`), then on the whole fleet with
the faults in force. What the user sees must hold:

1. the faulty run ends within the healthy run's wall time plus what one faulty NVR can cost (see
   FAULTY_NVR_WORST_S) plus a slack (see slack_s); both numbers are printed;
2. every healthy NVR is reported exactly as in the run without faults (its whole entry of drift.json), and
   as set up (in_sync, or drifted on the one resource changed);
3. every faulty NVR is `error` or `unreachable` in drift.json, with a one-line reason naming its own NVR and
   its fault, and failed or unreachable in the recap;
4. afterwards no emulated NVR has a session open, nothing was written to any, and each faulty NVR gave up
   after the requests its fault allows.

And an NVR that stops answering after the login: no resource it never read is reported in_sync (each is
"not checked", an errored cell), and its reason names its NVR and the timeout.
"""

from __future__ import annotations

import json
import os
import random
import resource
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from harness import Nvr, nvr_group_vars, recap, shipped_playbook

ADMIN = 'F4ults-Admin-Pw'
SIZE = int(os.environ.get('FLEET_FAULTS_NVRS', '100'))
LATENCY_MS = int(os.environ.get('FLEET_FAULTS_LATENCY_MS', '50'))  # per API request, as make bench
FORKS = 50                  # as make bench and the targets: the fleet check's worker threads
TIMEOUT_S = 2               # move_nvr_timeout
RETRIES = 1                 # move_nvr_retries
BACKOFF_S = 0.5             # client.BACKOFF_SECONDS: the sleep before retry n is 0.5 * 2**n s (at most 4 s)
LATE_HANG_S = TIMEOUT_S + 1         # an NVR that answers, but only after the client gave up
# An NVR that does not answer within the test (the emulator's longest hang). Not LATE_HANG_S: a login the NVR
# completes after the client gave up opens a session the client never learns of, which no client can close.
NEVER_HANG_S = 600

# The worst case of one faulty NVR, from plugins/module_utils/client.py (_request_with_retries) and transport.py:
# - One attempt of a request ends within nvr_timeout, whatever the NVR does: transport.py puts one deadline over
#   the connect, TLS, the headers and the body (an NVR that drips a byte at a time cannot stretch it).
# - A timeout is final: requests' Timeout is raised as NvrUnreachable at once, never retried. Retried, up to
#   nvr_retries times with a sleep of 0.5 * 2**n s (at most 4 s) before retry n, are HTTP 503 (any request) and
#   a failed connection (a GET; a POST such as the login only when the connection was refused, since a broken
#   POST may have been applied). So one request costs at most (nvr_retries + 1) * nvr_timeout + the sleeps,
#   reached only by an NVR that answers every attempt with a 503, or drops it, just before the deadline.
# - One session of the drift check sends the login, reads resource after resource, and logs out. A failed read
#   ends the check of that NVR (config_plan.plan_steps stops at a failure that is not a refused value), and
#   without a session cookie there is no logout. So a failing NVR has at most two requests that fail after the
#   login: the read that fails and the logout. (Reads that each succeed just under nvr_timeout are not bounded
#   by this: only move_nvr_time_budget, 300 s by default, caps such a slow NVR. None is injected here.)
# Hence, per faulty NVR: at most HUNG_REQUESTS requests that cost (nvr_retries + 1) * nvr_timeout + the sleeps.
# What the NVRs here actually cost: a login that hangs 1 * nvr_timeout (then no logout); a login that works,
# a read and a logout that hang 2 * nvr_timeout; a 503 storm or a refused port (nvr_retries + 1) fast attempts
# and one 0.5 s sleep; a garbage reply or a dropped login one fast attempt. The faulty NVRs are checked on
# their own worker threads alongside the healthy ones, so their waits overlap: the run is longer than the
# healthy run by about one faulty NVR's cost (the last one to start), not by their sum; plus, in a large fleet,
# the worker threads the hung NVRs hold meanwhile (at 1,000 NVRs the fleet task took 5.9 s longer, not 4 s).
HUNG_REQUESTS = 2
SLEEPS_S = sum(min(BACKOFF_S * 2 ** n, 4) for n in range(RETRIES))
FAULTY_NVR_WORST_S = HUNG_REQUESTS * ((RETRIES + 1) * TIMEOUT_S + SLEEPS_S)

BASELINE = {  # the e-mail password is a secret: the check compares it without showing it
    'move_nvr_email': {'provider': 'custom', 'server': 'smtp.example.com', 'port': 587, 'ssl': True,
                       'account': 'nvr-alarms@example.com', 'password': 'F4ults-Smtp-Pw',
                       'recipients': ['soc@example.com', 'facilities@example.com']},
    'move_nvr_ddns': {'enabled': False},
    'move_nvr_system_monitor': {'disk_full': {'send_email': True}, 'cpu_temperature': {'threshold': 75}},
    'move_nvr_record_config': {'retention_days': 30, 'circular': True},
}
BASELINE_SECTIONS = ('email', 'ddns', 'system_monitor', 'record_config')
# Drift behind the collection's back: resource -> the emulator state that differs from the baseline.
DRIFT = {
    'email': {'email': {'address': ['soc@example.com', 'old-facilities@example.com', '']}},
    'ddns': {'ddns': {'enabled': True}},
}
DRIFT_EVERY = 3   # every third healthy NVR drifted, on email or ddns in turn

# The faults, each for the whole run (counts far above the requests of a run), and what the user must see:
# the report's status, the recap's, and words of the one-line error (client.py's wording, with the role's
# variable names, which the fleet check gives its messages).
FAULTS = {
    'http_503': ({'http_503': 1000}, 'error', 'failed',
                 ['HTTP 503 (the NVR is overloaded) on POST /auth/login, still after 1 retries (move_nvr_retries)']),
    'garbage': ({'garbage': 1000}, 'error', 'failed', ['POST /auth/login answered HTTP 200 with a body that is not JSON']),
    'refused': (None, 'unreachable', 'unreachable',
                ['connection failed (connection refused) on POST /auth/login, still after 1 retries (move_nvr_retries)']),
    'hang': ({'hang_s': NEVER_HANG_S, 'hang_count': 1000}, 'unreachable', 'unreachable',
             ['no complete answer to POST /auth/login within 2 s (move_nvr_timeout)']),
    'hang_after_login': ('after login', 'error', 'failed', ['no complete answer to GET ', ' within 2 s (move_nvr_timeout)']),
    'drop': ({'drop': 1000}, 'unreachable', 'unreachable',
             ['connection failed (connection dropped by the NVR) on POST /auth/login']),
}
RESULT_TASK = 'mobotix.move_nvr.drift_report : Report each NVR as it is'  # nvr_fleet_result: each NVR's own line
KINDS = list(FAULTS)


def closed_port():
    """A loopback port with no listener: bound, noted, closed."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def raise_open_files(count):
    """Each emulated NVR holds a listening socket, each connection one more per side: 1,000 NVRs need more than
    the common soft limit of 1024 open files."""
    need = count + 4 * FORKS + 512
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard) if hard != resource.RLIM_INFINITY else need, hard))


class HangAfterLogin:
    """The emulated NVR's fault schedule (Faults.take), made to let the first API request (the login) through
    and hang every later one for `seconds`: an NVR that accepts the session, then stops answering in time."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.passed = False
        self.lock = threading.Lock()

    def __call__(self):
        with self.lock:
            if not self.passed:
                self.passed = True
                return None
        return ('hang', self.seconds)


def plan(size):
    """({host: kind} of the faulty NVRs, [healthy hosts], {healthy host: drifted resource}); a tenth faulty,
    at places a fixed seed picks (so they fall into both of the fleet check's processes), kinds in turn."""
    hosts = ['nvr-%04d' % i for i in range(size)]
    faulty_hosts = sorted(random.Random(13).sample(hosts[1:], size // 10))  # nvr-0000 stays healthy: it gets the baseline
    faulty = dict((host, KINDS[i % len(KINDS)]) for i, host in enumerate(faulty_hosts))
    healthy = [host for host in hosts if host not in faulty]
    drifted = dict((host, list(DRIFT)[(i // DRIFT_EVERY) % len(DRIFT)]) for i, host in enumerate(healthy)
                   if i % DRIFT_EVERY == 1)
    return hosts, faulty, healthy, drifted


def write_inventory(path, ports, faulty, healthy):
    """nvrs with two children, healthy and faulty (for --limit); the baseline and the connection in the group's vars."""
    group_vars = nvr_group_vars(ADMIN, move_nvr_retries=RETRIES, move_nvr_timeout=TIMEOUT_S)
    group_vars.update(BASELINE)
    inventory = {'nvrs': {'vars': group_vars, 'children': {
        'healthy': {'hosts': dict((host, {'move_nvr_port': ports[host]}) for host in healthy)},
        'faulty': {'hosts': dict((host, {'move_nvr_port': ports[host]}) for host in sorted(faulty))},
    }}}
    path.write_text(yaml.safe_dump(inventory, sort_keys=False))
    return path


def each(function, items):
    """function over items on a few threads (the side channel of 1,000 NVRs, one request each)."""
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(function, items))


def timed_drift(directory, inventory, *options):
    """(seconds, run, drift.json) of playbooks/drift.yml, its report under directory/report."""
    report_dir = directory / 'report'
    started = time.monotonic()
    run = shipped_playbook(directory, 'drift.yml', inventory, '-f', str(FORKS), '-e',
                           json.dumps({'move_nvr_report_dir': str(report_dir)}), *options, timeout=1800)
    wall = time.monotonic() - started
    report = json.loads((report_dir / 'drift.json').read_text()) if (report_dir / 'drift.json').exists() else None
    assert report is not None, run.output[-3000:]
    return wall, run, report


def settled_stats(nvr, wait_s):
    """The NVR's counters once no session is open, or after wait_s: a logout the client sent to an NVR that
    hangs reaches it only when its hang ends (LATE_HANG_S after it was sent), which may be after the run."""
    end = time.monotonic() + wait_s
    stats = nvr.stats()
    while stats['open_sessions'] and time.monotonic() < end:
        time.sleep(0.2)
        stats = nvr.stats()
    return stats


def slack_s(healthy_wall, faulty_count, healthy_count):
    """What the faulty run may take beyond the healthy run and one faulty NVR's worst case, and why:
    - it has faulty_count more hosts, each with Ansible's per-host costs (its variables templated and checked,
      its own nvr_fleet_result task, its row in the report): at most the healthy run's cost per host, so
      healthy_wall * faulty_count / healthy_count (an overestimate: the healthy wall includes the start-up
      of ansible-playbook, and a failed NVR has no diff);
    - 3 s for the difference between two runs of the same playbook on a shared 2-core machine (the start-up
      of ansible-playbook alone varies by about a second there)."""
    return healthy_wall * faulty_count / healthy_count + 3.0


@pytest.fixture(scope='module')
def faults_run(tmp_path_factory):
    from move_nvr_emulator import Fleet
    tmp = tmp_path_factory.mktemp('faults')
    hosts, faulty, healthy, drifted = plan(SIZE)
    emulated = [host for host in hosts if faulty.get(host) != 'refused']
    raise_open_files(len(emulated))
    with Fleet(count=len(emulated), admin_password=ADMIN, latency_ms=LATENCY_MS) as running:
        devices = dict((host, Nvr(port)) for host, port in zip(emulated, running.ports))
        engines = dict(zip(emulated, running.nvrs))
        ports = dict((host, nvr.port) for host, nvr in devices.items())
        ports.update((host, closed_port()) for host, kind in faulty.items() if kind == 'refused')
        inventory = write_inventory(tmp / 'hosts.yml', ports, faulty, healthy)

        # In sync: the baseline applied to the first NVR, the sections it changed copied to every other one.
        first = devices[healthy[0]]
        before = first.state()
        applied = shipped_playbook(tmp / 'apply', 'site.yml', inventory, '--limit', healthy[0])
        assert applied.rc == 0, applied.output[-3000:]
        after = first.state()
        sections = dict((name, after[name]) for name in BASELINE_SECTIONS if after[name] != before[name])
        assert 'email' in sections, sorted(sections)
        each(lambda host: devices[host].set_state(sections), [host for host in emulated if host != healthy[0]])
        each(lambda host: devices[host].set_state(DRIFT[drifted[host]]), sorted(drifted))
        each(lambda nvr: nvr.zero_counters(), list(devices.values()))

        healthy_wall, healthy_run, healthy_report = timed_drift(tmp / 'healthy', inventory, '--limit', 'healthy')

        for host, kind in faulty.items():
            fault = FAULTS[kind][0]
            if fault == 'after login':
                engines[host].faults.take = HangAfterLogin(LATE_HANG_S)
            elif fault is not None:
                devices[host].faults(**fault)
        each(lambda nvr: nvr.zero_counters(), list(devices.values()))
        faulty_wall, faulty_run, faulty_report = timed_drift(tmp / 'faulty', inventory)
        stats = dict(zip(emulated, each(lambda host: settled_stats(devices[host], LATE_HANG_S + 1), emulated)))
        bound = healthy_wall + FAULTY_NVR_WORST_S + slack_s(healthy_wall, len(faulty), len(healthy))
        print('\nfleet_faults: %d NVRs (%d faulty: %s), -f %d, nvr_timeout %d s, nvr_retries %d, latency %d ms: '
              'healthy only %.1f s, with the faulty %.1f s, bound %.1f s (= %.1f + one faulty NVR %.1f + slack %.1f)'
              % (SIZE, len(faulty), ', '.join('%d %s' % (list(faulty.values()).count(k), k) for k in KINDS), FORKS,
                 TIMEOUT_S, RETRIES, LATENCY_MS, healthy_wall, faulty_wall, bound, healthy_wall, FAULTY_NVR_WORST_S,
                 bound - healthy_wall - FAULTY_NVR_WORST_S))
        yield {'faulty': faulty, 'healthy': healthy, 'drifted': drifted, 'ports': ports, 'stats': stats,
               'healthy_wall': healthy_wall, 'faulty_wall': faulty_wall, 'bound': bound,
               'runs': {'healthy': healthy_run, 'faulty': faulty_run},
               'reports': {'healthy': healthy_report, 'faulty': faulty_report}}


def test_the_faulty_nvrs_cost_at_most_one_faulty_nvrs_worst_case(faults_run):
    assert faults_run['faulty_wall'] <= faults_run['bound'], (
        'with the faulty NVRs %.1f s, healthy only %.1f s, bound %.1f s'
        % (faults_run['faulty_wall'], faults_run['healthy_wall'], faults_run['bound']))


def test_every_healthy_nvr_is_reported_exactly_as_without_faults(faults_run):
    healthy_run = faults_run['runs']['healthy']
    assert healthy_run.rc == 0, healthy_run.output[-3000:]
    without, faulty = faults_run['reports']['healthy']['nvrs'], faults_run['reports']['faulty']['nvrs']
    assert sorted(without) == sorted(faults_run['healthy'])
    expected = dict((host, (['drifted', [faults_run['drifted'][host]]] if host in faults_run['drifted'] else ['in_sync', []]))
                    for host in faults_run['healthy'])
    assert dict((host, [nvr['status'], nvr['drifted']]) for host, nvr in without.items()) == expected
    assert dict((host, [faulty[host]['status'], faulty[host]['drifted']]) for host in faults_run['healthy']) == expected
    differ = [host for host in faults_run['healthy'] if faulty[host] != without[host]]
    assert not differ, 'reported otherwise with the faulty NVRs: %s' % differ[:10]
    seen = recap(faults_run['runs']['faulty'].output)
    wrong = [(host, seen.get(host)) for host in faults_run['healthy']
             if not seen.get(host) or seen[host]['failed'] or seen[host]['unreachable']
             or seen[host]['changed'] != (host in faults_run['drifted'])]
    assert not wrong, wrong[:10]


def test_every_faulty_nvr_carries_its_own_one_line_error(faults_run):
    """In drift.json (the NVR's reason; for an NVR that failed after the login, the reason counts its errored
    resources and each errored resource carries the error) and on the console (the NVR's own task), with the
    NVR's own address; the recap counts it failed or unreachable."""
    run, report = faults_run['runs']['faulty'], faults_run['reports']['faulty']
    assert run.rc != 0, 'the NVRs that could not be checked fail the run'
    seen = recap(run.output)
    problems = []
    for host, kind in sorted(faults_run['faulty'].items()):
        dummy, status, recap_status, words = FAULTS[kind]
        nvr = report['nvrs'][host]
        reported = nvr['reason']
        if kind == 'hang_after_login':
            reported = ' '.join(nvr['resources'][name]['msg'] for name in nvr['errored'])
        console = run.task(RESULT_TASK, host)
        own = 'NVR 127.0.0.1:%d: ' % faults_run['ports'][host]
        for error in (nvr['reason'], reported, console['msg']):
            if '\n' in error or not error.strip():
                problems.append((host, kind, 'not one line', error))
        for error in (reported, console['msg']):
            if own not in error or not all(word in error for word in words):
                problems.append((host, kind, 'not its own error', error))
        if nvr['status'] != status or not seen.get(host) or seen[host][recap_status] != 1 or console['status'] != recap_status:
            problems.append((host, kind, nvr['status'], console['status'], seen.get(host)))
    assert not problems, '\n'.join(repr(p) for p in problems)
    summary = report['summary']
    assert summary['nvrs'] == len(faults_run['healthy']) + len(faults_run['faulty'])
    assert summary['errored'] + summary['unreachable'] == len(faults_run['faulty'])


def stopped_after_login(faults_run):
    """The report's entries of the NVRs that stopped answering after the login (at least one at any size)."""
    nvrs = faults_run['reports']['faulty']['nvrs']
    found = dict((host, nvrs[host]) for host, kind in faults_run['faulty'].items() if kind == 'hang_after_login')
    assert found
    return found


def test_the_resources_of_an_nvr_that_stopped_answering_are_not_in_sync(faults_run):
    for host, nvr in stopped_after_login(faults_run).items():
        assert nvr['errored'], nvr
        unread = dict((name, cell['status']) for name, cell in nvr['resources'].items() if name not in nvr['errored'])
        assert not [name for name, status in unread.items() if status == 'in_sync'], (host, unread)


def test_the_reason_of_an_nvr_that_stopped_answering_names_the_timeout(faults_run):
    for host, nvr in stopped_after_login(faults_run).items():
        own = 'NVR 127.0.0.1:%d: ' % faults_run['ports'][host]
        assert own in nvr['reason'] and all(word in nvr['reason'] for word in FAULTS['hang_after_login'][3]), (host, nvr['reason'])


def test_no_session_is_left_open_and_nothing_is_written(faults_run):
    stats = faults_run['stats']
    open_sessions = dict((host, s['open_sessions']) for host, s in stats.items() if s['open_sessions'])
    assert not open_sessions, open_sessions
    writes = dict((host, s['write_attempts']) for host, s in stats.items() if s['write_attempts'])
    assert not writes, writes
    # Each faulty NVR gave up after the requests FAULTY_NVR_WORST_S counts, no more.
    most = {'http_503': RETRIES + 1, 'garbage': 1, 'hang': 1, 'drop': 1, 'hang_after_login': 1 + HUNG_REQUESTS}
    more = dict((host, stats[host]['requests']) for host, kind in faults_run['faulty'].items()
                if kind in most and stats[host]['requests'] > most[kind])
    assert not more, more
