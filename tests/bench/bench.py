#!/usr/bin/env python
"""`make bench`: the collection against a uri playbook and the HTTP floor, on an emulated fleet.

Starts emulated NVRs on loopback (tests/emulator, 50 ms added to every API
request), one emulator process per fleet size, and measures, side by side:

  drift    the collection's drift check: playbooks/drift.yml (role drift_report),
           or `site.yml --check --diff` while that role is not there
  apply    the collection's apply (playbooks/site.yml) on a fleet at factory state
  uri      the same drift check written with ansible.builtin.uri (tests/bench/uri_drift.yml)
  floor    tests/bench/floor.py: login, one GET per resource, logout, on a thread pool

Each run is timed as a child process: wall time, CPU (user+sys of the whole
process tree, from wait4), peak RSS of its largest process (wait4) and the peak
proportional memory (PSS) of the whole tree (sampled once a second), the HTTP
requests per NVR (the emulator's counters) and the CPU that other processes
of the machine used meanwhile. Results are checked (the apply changed every
NVR, the drift checks found exactly the drift that was injected, no check
wrote anything), then written to build/bench/results.json, docs/benchmarks.md
and docs/benchmarks.png.

The run keeps to a time budget (BENCH_BUDGET_S): every measurement runs once,
then runs are repeated up to BENCH_RUNS while the budget allows; the report
states how many runs each median is of. The uri playbook starts one Python
process per request and NVR, so it runs on the first BENCH_URI_NVRS NVRs of
the smallest fleet only and is extrapolated linearly to the fleet sizes (the
report says so).

Environment: BENCH_SIZES (default "50 200"), BENCH_RUNS (3), BENCH_FORKS (50),
BENCH_LATENCY_MS (50), BENCH_URI_NVRS (8), BENCH_BUDGET_S (440),
BENCH_DRIFT_EVERY (5: one resource drifted on every 5th NVR), BENCH_DOC
(docs/benchmarks.md), BENCH_PNG (docs/benchmarks.png).
"""

import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))

from move_nvr_emulator import encrypt  # noqa: E402  pylint: disable=wrong-import-position

WORK = os.path.join(ROOT, 'build', 'bench')
COLLECTION = os.path.join(ROOT, 'build', 'collections', 'ansible_collections', 'mobotix', 'move_nvr')
BASELINE_VARS = os.path.join(ROOT, 'playbooks', 'inventory', 'demo', 'group_vars', 'nvrs.yml')
ANALYSIS_START = '<!-- analysis: kept by make bench -->'
ANALYSIS_END = '<!-- /analysis -->'

# The demo baseline's secrets (as tests/ci/demo.sh sets them).
SECRETS = {
    'DEMO_NVR_PASSWORD': 'Demo-Admin-2026',
    'DEMO_SMTP_PASSWORD': 'Smtp-Demo-2026',
    'DEMO_CAMERA_PASSWORD': 'Cam-Demo-2026',
    'DEMO_OPERATOR_PASSWORD': 'Operator2026',
    'DEMO_GUARD_PASSWORD': 'Guard2026x',
}
RESOURCES = ('camera', 'account', 'record_template', 'event_action', 'email', 'ddns', 'system_monitor', 'record_config')
# A drift check needs at least: login, one GET per resource, logout.
MIN_DRIFT_REQUESTS = 1 + len(RESOURCES) + 1
# The apply of the demo baseline on a factory NVR needs at least 12 writes: the
# three cameras in one camera_connection; per account one account_add and one
# account_authority (2 accounts); record_template add, week and channel_setting
# (the device takes one kind per request); one each for event_action, email,
# system_monitor and record_config (ddns is already as wanted).
MIN_APPLY_WRITES = 1 + 4 + 3 + 4
MIN_APPLY_REQUESTS = MIN_DRIFT_REQUESTS + MIN_APPLY_WRITES

LABELS = {
    'drift': 'collection drift check',
    'apply': 'collection apply',
    'uri': 'uri playbook drift check',
    'floor': 'floor (requests + threads)',
}


def env_int(name, default):
    return int(os.environ.get(name) or default)


CONFIG = {
    'sizes': [int(s) for s in (os.environ.get('BENCH_SIZES') or '50 200').split()],
    'runs': env_int('BENCH_RUNS', 3),
    'forks': env_int('BENCH_FORKS', 50),
    'latency_ms': env_int('BENCH_LATENCY_MS', 50),
    'uri_nvrs': env_int('BENCH_URI_NVRS', 8),
    'budget_s': env_int('BENCH_BUDGET_S', 440),
    'drift_every': env_int('BENCH_DRIFT_EVERY', 5),
    'cameras': 3,
}
DOC = os.environ.get('BENCH_DOC') or os.path.join(ROOT, 'docs', 'benchmarks.md')
PNG = os.environ.get('BENCH_PNG') or os.path.join(ROOT, 'docs', 'benchmarks.png')


def log(msg):
    print('[bench %s] %s' % (time.strftime('%H:%M:%S'), msg), flush=True)


# --------------------------------------------------------------------- emulator
class Emulator:
    """One emulator process (tests/emulator/run.py) with `count` NVRs."""

    def __init__(self, count, first_index):
        self.count = count
        self.dir = os.path.join(WORK, 'fleet-%d' % count)
        os.makedirs(self.dir, exist_ok=True)
        ready = os.path.join(self.dir, 'ready.json')
        if os.path.exists(ready):
            os.remove(ready)
        self.log_file = open(os.path.join(self.dir, 'emulator.log'), 'w')  # pylint: disable=consider-using-with
        cmd = [sys.executable, os.path.join(ROOT, 'tests', 'emulator', 'run.py'), '--count', str(count),
               '--base-port', '0', '--latency-ms', str(CONFIG['latency_ms']), '--cameras', str(CONFIG['cameras']),
               '--admin-password', SECRETS['DEMO_NVR_PASSWORD'], '--first-index', str(first_index),
               '--ready-file', ready]
        self.proc = subprocess.Popen(cmd, stdout=self.log_file, stderr=subprocess.STDOUT)  # pylint: disable=consider-using-with
        deadline = time.monotonic() + 60
        while not os.path.exists(ready):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit('the emulator did not start; see %s' % self.log_file.name)
            time.sleep(0.1)
        with open(ready) as f:
            self.ports = json.load(f)['ports']
        self.state = 'factory'

    def side(self, port, path, body=None, method=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request('http://127.0.0.1:%d/_emulator/%s' % (port, path), data=data,
                                         method=method or ('POST' if data is not None else 'GET'))
        with urllib.request.urlopen(request, timeout=30) as reply:
            return json.loads(reply.read().decode() or 'null')

    def reset(self, counters_only=False):
        for port in self.ports:
            self.side(port, 'reset', {'counters_only': True} if counters_only else {})
        if not counters_only:
            self.state = 'factory'

    def fleet_stats(self):
        return self.side(self.ports[0], 'fleet_stats')

    def cpu_seconds(self):
        return process_cpu(self.proc.pid)

    def drifted(self, count=None):
        """{index: resource} of the NVRs that get one resource drifted (every BENCH_DRIFT_EVERY-th)."""
        count = self.count if count is None else count
        every = CONFIG['drift_every']
        return dict((i, RESOURCES[(i // every) % len(RESOURCES)]) for i in range(0, count, every))

    def inject_drift(self):
        """One managed setting changed behind the baseline's back on every BENCH_DRIFT_EVERY-th NVR."""
        for index, name in self.drifted().items():
            port = self.ports[index]
            section, change = DRIFTS[name]
            state = self.side(port, 'state?section=%s' % section)
            change(state)
            self.side(port, 'state?mode=replace', {section: state})
        self.state = 'drifted'

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log_file.close()


def _drift_account(accounts):
    for user in accounts:
        if user['account'] == 'operator':
            user['authority'] = 8  # loses ptz and playback


def _set(path, value):
    def change(state):
        node = state
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


# resource -> (emulator state section, change to one setting the baseline manages)
DRIFTS = {
    'camera': ('cameras', _set(('ch0', 'title'), 'Entrance (moved)')),
    'account': ('accounts', _drift_account),
    'record_template': ('record_template', _set(('channel_setting', 'ch1', 'template_name'), 'Default')),
    'event_action': ('event_action', _set(('camera', 'ch1', 'event', 'motion', 'send_email'), False)),
    'email': ('email', _set(('address', 1), 'old-facilities@example.com')),
    'ddns': ('ddns', _set(('enabled',), True)),
    'system_monitor': ('system_monitor', _set(('system_monitor_setting', 'cpu_temperature', 'threshold'), 90)),
    'record_config': ('record_config', _set(('data_life_time', 'cur'), 14)),
}


# ----------------------------------------------------------------- measurement
def process_cpu(pid):
    """user+sys seconds of one process (all its threads) from /proc."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except (OSError, IndexError, ValueError):
        return 0.0


def machine_busy_seconds():
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    with open('/proc/stat') as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf('SC_CLK_TCK')


def descendants(root):
    children = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name) as f:
                ppid = int(f.read().rsplit(')', 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def pss_kb(pid):
    try:
        with open('/proc/%d/smaps_rollup' % pid) as f:
            for line in f:
                if line.startswith('Pss:'):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples the PSS of a process tree once a second; keeps the peak."""

    def __init__(self, pid):
        super(TreeMemory, self).__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.2 if self.peak_kb == 0 else 1.0):
            total = sum(pss_kb(pid) for pid in descendants(self.pid))
            self.peak_kb = max(self.peak_kb, total)


def measure(cmd, env, out_path, emulator):
    """Run cmd to completion; wall, CPU of its tree, memory, and what else ran meanwhile."""
    emulator_cpu = emulator.cpu_seconds()
    busy = machine_busy_seconds()
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    load = os.getloadavg()[0]
    with open(out_path, 'w') as out:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)  # pylint: disable=consider-using-with
        sampler = TreeMemory(proc.pid)
        sampler.start()
        status, usage = os.wait4(proc.pid, 0)[1:]
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.done.set()
        sampler.join()
    self_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    emulator_cpu = emulator.cpu_seconds() - emulator_cpu
    own = (self_after.ru_utime + self_after.ru_stime) - (self_usage.ru_utime + self_usage.ru_stime)
    other = max(0.0, machine_busy_seconds() - busy - cpu - emulator_cpu - own)
    return {
        'rc': proc.returncode, 'wall_s': round(wall, 3), 'cpu_s': round(cpu, 3),
        'user_s': round(usage.ru_utime, 3), 'sys_s': round(usage.ru_stime, 3),
        'max_rss_mb': round(usage.ru_maxrss / 1024.0, 1), 'tree_pss_mb': round(sampler.peak_kb / 1024.0, 1),
        'emulator_cpu_s': round(emulator_cpu, 2), 'other_cpu_s': round(other, 2), 'load_before': round(load, 2),
        'output': os.path.relpath(out_path, ROOT),
    }


# ------------------------------------------------------------------ inventories
def write_inventory(name, ports):
    """An inventory like playbooks/inventory/demo (same baseline) with one host per emulated NVR."""
    path = os.path.join(WORK, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.join(path, 'group_vars'))
    shutil.copy(BASELINE_VARS, os.path.join(path, 'group_vars', 'nvrs.yml'))
    lines = ['---', '# generated by tests/bench/bench.py: the demo baseline on %d emulated NVRs' % len(ports),
             'nvrs:', '  hosts:']
    for i, port in enumerate(ports):
        lines += ['    nvr-%03d:' % (i + 1), '      move_nvr_port: %d' % port]
    lines += ['  vars:', '    ansible_connection: local', '    ansible_python_interpreter: "{{ ansible_playbook_python }}"',
              '    move_nvr_host: 127.0.0.1', '    move_nvr_use_https: false', '    move_nvr_username: Admin', '']
    with open(os.path.join(path, 'hosts.yml'), 'w') as f:
        f.write('\n'.join(lines))
    return path


def write_uri_passwords():
    """The device form of each baseline secret, which the uri playbook compares (Jinja cannot encrypt)."""
    path = os.path.join(WORK, 'uri_device_passwords.json')
    secrets = dict((value, encrypt(value)) for key, value in SECRETS.items() if key != 'DEMO_NVR_PASSWORD')
    with open(path, 'w') as f:
        json.dump({'uri_device_passwords': secrets}, f)
    return path


def ansible_env():
    env = dict(os.environ)
    env.update(SECRETS)
    build = os.path.join(ROOT, 'build')
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', os.path.join(build, 'collections'))
    env.setdefault('ANSIBLE_HOME', os.path.join(build, 'ansible-home'))
    env.setdefault('ANSIBLE_LOCAL_TEMP', os.path.join(build, 'ansible-home', 'tmp'))
    env.setdefault('ANSIBLE_REMOTE_TEMP', os.path.join(build, 'ansible-home', 'remote-tmp'))
    env.update({
        'ANSIBLE_FORKS': str(CONFIG['forks']), 'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_DEPRECATION_WARNINGS': '0', 'ANSIBLE_RETRY_FILES_ENABLED': '0', 'PYTHONDONTWRITEBYTECODE': '1',
    })
    for name in ('ANSIBLE_CONFIG', 'ANSIBLE_STDOUT_CALLBACK'):
        env.pop(name, None)
    # task_seconds prints each task's wall time at the end (where the time goes; costs nothing measurable)
    env['ANSIBLE_CALLBACK_PLUGINS'] = os.path.join(ROOT, 'tests', 'bench', 'callback_plugins')
    env['ANSIBLE_CALLBACKS_ENABLED'] = 'task_seconds'
    return env


def ansible_playbook():
    candidate = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return candidate if os.path.exists(candidate) else shutil.which('ansible-playbook')


def drift_mode():
    """The drift check to measure: the drift_report role when the collection has it."""
    role = os.path.join(COLLECTION, 'roles', 'drift_report', 'tasks', 'main.yml')
    playbook = os.path.join(ROOT, 'playbooks', 'drift.yml')
    return 'drift_report' if os.path.exists(role) and os.path.exists(playbook) else 'site_check'


# ----------------------------------------------------------------- checking
RECAP = re.compile(r'^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)


def recap(path):
    with open(path, errors='replace') as f:
        text = f.read()
    return dict((m.group(1), dict(zip(('ok', 'changed', 'unreachable', 'failed'), map(int, m.groups()[1:]))))
                for m in RECAP.finditer(text.split('PLAY RECAP')[-1]))


TASK_SECONDS = re.compile(r'^TASK SECONDS:\s+([0-9.]+)  (.*)$', re.M)


def task_seconds(path):
    """[(task, seconds)] from the lines of the task_seconds callback."""
    with open(path, errors='replace') as f:
        text = f.read()
    return [(m.group(2).strip(), float(m.group(1))) for m in TASK_SECONDS.finditer(text)]


class BenchError(Exception):
    pass


def check(condition, what, result):
    if not condition:
        raise BenchError('%s (rc %s; output %s)' % (what, result['rc'], result['output']))


# ----------------------------------------------------------------- the runs
class Bench:
    def __init__(self):
        self.env = ansible_env()
        self.playbook = ansible_playbook()
        self.mode = drift_mode()
        self.uri_passwords = write_uri_passwords()
        self.results = {}   # (kind, size) -> [run, ...]
        self.fleets = {}
        self.inventories = {}
        self.start = time.monotonic()
        self.seq = 0
        self.uri_startup_s = None
        self.skipped = []
        self.load_at_start = os.getloadavg()[0]

    def elapsed(self):
        return time.monotonic() - self.start

    def out_path(self, kind, size):
        self.seq += 1
        return os.path.join(WORK, 'runs', '%02d-%s-%d.txt' % (self.seq, kind, size))

    def requests_per_nvr(self, fleet, count):
        stats = fleet.fleet_stats()
        ports = fleet.ports[:count]
        per_port = [stats['per_port'][str(port)] for port in ports]
        total = sum(s['requests'] for s in per_port)
        writes = sum(s['write_attempts'] for s in per_port)
        return round(total / float(count), 2), writes, sum(s['open_sessions'] for s in per_port)

    def record(self, kind, size, result, fleet, count):
        per_nvr, writes, sessions = self.requests_per_nvr(fleet, count)
        result.update(requests_per_nvr=per_nvr, write_attempts=writes, open_sessions=sessions, nvrs=count,
                      tasks=task_seconds(os.path.join(ROOT, result['output'])) if kind != 'floor' else [])
        self.results.setdefault((kind, size), []).append(result)
        log('%-6s %4d NVRs: %6.1f s wall, %6.1f CPU-s, %5.1f requests/NVR, peak %s MB (tree PSS %s MB), '
            'other CPU %.1f s' % (kind, count, result['wall_s'], result['cpu_s'], per_nvr, result['max_rss_mb'],
                                  result['tree_pss_mb'], result['other_cpu_s']))
        return result

    # -- one run of each kind ---------------------------------------------
    def run_apply(self, size):
        fleet = self.fleets[size]
        fleet.reset()
        out = self.out_path('apply', size)
        result = measure([self.playbook, '-i', self.inventories[size], 'playbooks/site.yml'], self.env, out, fleet)
        hosts = recap(out)
        check(result['rc'] == 0, 'apply failed', result)
        check(len(hosts) == size and all(h['failed'] == 0 and h['unreachable'] == 0 and h['changed'] == 1
                                         for h in hosts.values()), 'apply did not change every NVR', result)
        fleet.state = 'applied'
        return self.record('apply', size, result, fleet, size)

    def ensure_drifted(self, size):
        fleet = self.fleets[size]
        if fleet.state == 'factory':
            self.run_apply(size)
        if fleet.state == 'applied':
            fleet.inject_drift()
        fleet.reset(counters_only=True)

    def run_drift(self, size):
        self.ensure_drifted(size)
        fleet = self.fleets[size]
        out = self.out_path('drift', size)
        expected = len(fleet.drifted())
        if self.mode == 'drift_report':
            report_dir = os.path.join(WORK, 'drift-report-%d' % size)
            shutil.rmtree(report_dir, ignore_errors=True)
            cmd = [self.playbook, '-i', self.inventories[size], 'playbooks/drift.yml', '-e',
                   json.dumps({'move_nvr_report_dir': report_dir})]
            result = measure(cmd, self.env, out, fleet)
            check(result['rc'] == 0, 'the drift check failed', result)
            with open(os.path.join(report_dir, 'drift.json')) as f:
                summary = json.load(f)['summary']
            check(summary['drifted'] == expected and summary['in_sync'] == size - expected,
                  'drift.json reports %s drifted and %s in sync, expected %d and %d'
                  % (summary['drifted'], summary['in_sync'], expected, size - expected), result)
        else:
            cmd = [self.playbook, '-i', self.inventories[size], 'playbooks/site.yml', '--check', '--diff']
            result = measure(cmd, self.env, out, fleet)
            hosts = recap(out)
            check(result['rc'] == 0, 'the drift check failed', result)
            found = sum(1 for h in hosts.values() if h['changed'])
            check(found == expected, 'the check found %d drifted NVRs, expected %d' % (found, expected), result)
        self.record('drift', size, result, fleet, size)
        check(result['write_attempts'] == 0, 'the drift check sent %d writes' % result['write_attempts'], result)
        return result

    def run_uri(self, size):
        self.ensure_drifted(size)
        fleet = self.fleets[size]
        count = min(CONFIG['uri_nvrs'], size)
        out = self.out_path('uri', count)
        cmd = [self.playbook, '-i', self.inventories[('uri', size)], 'tests/bench/uri_drift.yml',
               '-e', '@' + self.uri_passwords]
        if self.uri_startup_s is None:
            # What a run costs before any NVR work (imports, inventory, playbook): counted once when extrapolating.
            started = time.monotonic()
            subprocess.run(cmd + ['--list-tasks'], env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            self.uri_startup_s = round(time.monotonic() - started, 2)
        result = measure(cmd, self.env, out, fleet)
        hosts = recap(out)
        expected = len(fleet.drifted(count))
        failed = sum(1 for h in hosts.values() if h['failed'])
        check(len(hosts) == count and all(h['unreachable'] == 0 for h in hosts.values()), 'uri playbook: hosts missing', result)
        check(failed == expected, 'the uri playbook flagged %d NVRs, expected %d drifted' % (failed, expected), result)
        check(result['rc'] in (0, 2), 'the uri playbook failed', result)
        self.record('uri', size, result, fleet, count)
        check(result['write_attempts'] == 0, 'the uri drift check sent writes', result)
        return result

    def run_floor(self, size):
        fleet = self.fleets[size]
        fleet.reset(counters_only=True)
        out = self.out_path('floor', size)
        cmd = [sys.executable, os.path.join(ROOT, 'tests', 'bench', 'floor.py'), '--ports',
               '%d-%d' % (fleet.ports[0], fleet.ports[-1]), '--password', SECRETS['DEMO_NVR_PASSWORD'],
               '--workers', str(CONFIG['forks'])]
        result = measure(cmd, self.env, out, fleet)
        check(result['rc'] == 0, 'the floor script failed', result)
        return self.record('floor', size, result, fleet, size)

    # -- the plan ---------------------------------------------------------
    def setup(self):
        first = 0
        for size in CONFIG['sizes']:
            log('starting %d emulated NVRs (%d ms latency)' % (size, CONFIG['latency_ms']))
            self.fleets[size] = Emulator(size, first)
            first += size
            self.inventories[size] = write_inventory('inventory-%d' % size, self.fleets[size].ports)
        small = min(CONFIG['sizes'])
        self.inventories[('uri', small)] = write_inventory('inventory-uri-%d' % min(CONFIG['uri_nvrs'], small),
                                                           self.fleets[small].ports[:CONFIG['uri_nvrs']])

    def steps(self):
        """(kind, size) of the first run of each, largest fleet first; then (kind, size, run number) of the repeats:
        the floor and the drift check of the largest fleet (the targets) first, then the others, round by round."""
        small, big = min(CONFIG['sizes']), max(CONFIG['sizes'])
        first = [('floor', size) for size in CONFIG['sizes']]
        for size in sorted(CONFIG['sizes'], reverse=True):
            first += [('apply', size), ('drift', size)]
        first.append(('uri', small))
        repeats = []
        for number in range(2, CONFIG['runs'] + 1):
            repeats += [('floor', size, number) for size in CONFIG['sizes']]
            repeats.append(('drift', big, number))
        others = [('drift', size) for size in sorted(CONFIG['sizes'], reverse=True) if size != big]
        others += [('apply', size) for size in CONFIG['sizes']] + [('uri', small)]
        for number in range(2, CONFIG['runs'] + 1):
            repeats += [(kind, size, number) for kind, size in others]
        return first, repeats

    def estimate(self, kind, size):
        runs = self.results.get((kind, size)) or []
        cost = max(r['wall_s'] for r in runs) if runs else 0
        if kind in ('drift', 'uri') and self.fleets[size].state == 'factory':
            cost += self.estimate('apply', size)
        return cost * 1.1 + 2

    def run(self):
        runners = {'apply': self.run_apply, 'drift': self.run_drift, 'uri': self.run_uri, 'floor': self.run_floor}
        first, repeats = self.steps()
        for kind, size in first:
            if self.results.get((kind, size)):
                continue  # done already (an apply run before a drift check)
            if self.elapsed() > CONFIG['budget_s']:
                log('not measured: %s at %d NVRs, the budget of %d s is spent' % (kind, size, CONFIG['budget_s']))
                self.skipped.append((kind, size))
                continue
            runners[kind](size)
        for kind, size, number in repeats:
            if len(self.results.get((kind, size), [])) != number - 1:
                continue
            need = self.estimate(kind, size)
            if self.elapsed() + need > CONFIG['budget_s']:
                log('skipped run %d of %s at %d NVRs: about %.0f s, %.0f s of the budget left'
                    % (number, kind, size, need, CONFIG['budget_s'] - self.elapsed()))
                continue
            runners[kind](size)

    def stop(self):
        for fleet in self.fleets.values():
            fleet.stop()


# ------------------------------------------------------------------ reporting
def median(values):
    return statistics.median(values) if values else None


def summarize(bench):
    rows = {}
    for (kind, size), runs in bench.results.items():
        rows[(kind, size)] = {
            'kind': kind, 'size': size, 'nvrs': runs[0]['nvrs'], 'runs': len(runs),
            'wall_s': median([r['wall_s'] for r in runs]), 'wall_min': min(r['wall_s'] for r in runs),
            'wall_max': max(r['wall_s'] for r in runs), 'cpu_s': median([r['cpu_s'] for r in runs]),
            'requests_per_nvr': median([r['requests_per_nvr'] for r in runs]),
            'max_rss_mb': max(r['max_rss_mb'] for r in runs), 'tree_pss_mb': max(r['tree_pss_mb'] for r in runs),
            'other_cpu_s': median([r['other_cpu_s'] for r in runs]),
            'emulator_cpu_s': median([r['emulator_cpu_s'] for r in runs]),
        }
    # The uri playbook ran on a few NVRs: its cost per NVR, scaled to each fleet size,
    # with its start-up (parsing, no NVR work) counted once.
    measured = uri_row(rows)
    if measured:
        startup = bench.uri_startup_s or 0.0
        per_nvr_wall = max(measured['wall_s'] - startup, 0.0) / measured['nvrs']
        for size in CONFIG['sizes']:
            if size != measured['nvrs']:
                rows[('uri_x', size)] = dict(measured, kind='uri_x', size=size, nvrs=size, runs=0,
                                             wall_s=round(startup + per_nvr_wall * size, 1),
                                             cpu_s=round(measured['cpu_s'] / measured['nvrs'] * size, 1),
                                             wall_min=None, wall_max=None, max_rss_mb=None, tree_pss_mb=None,
                                             measured_on=measured['nvrs'], startup_s=startup)
    return rows


def uri_row(rows):
    return next((row for (kind, size), row in sorted(rows.items()) if kind == 'uri'), None)


def machine_info():
    info = {'python': platform.python_version(), 'kernel': platform.release(), 'cores': os.cpu_count()}
    try:
        with open('/proc/cpuinfo') as f:
            models = [line.split(':', 1)[1].strip() for line in f if line.startswith('model name')]
        info['cpu'] = models[0] if models else platform.processor()
    except OSError:
        info['cpu'] = platform.processor()
    try:
        with open('/proc/meminfo') as f:
            info['memory_gb'] = round(int(f.readline().split()[1]) / 1024.0 / 1024.0, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open('/etc/os-release') as f:
            info['os'] = dict(line.rstrip('\n').split('=', 1) for line in f if '=' in line).get('PRETTY_NAME', '').strip('"')
    except OSError:
        info['os'] = platform.platform()
    versions = {}
    for package in ('ansible-core', 'requests', 'pycryptodome'):
        try:
            from importlib.metadata import version  # pylint: disable=import-outside-toplevel
            versions[package] = version(package)
        except Exception:  # pylint: disable=broad-except
            versions[package] = '?'
    info['packages'] = versions
    try:
        info['commit'] = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True,
                                        text=True, check=False).stdout.strip()
        dirty = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=no'], cwd=ROOT, capture_output=True,
                               text=True, check=False).stdout.strip()
        info['dirty'] = bool(dirty)
    except OSError:
        info['commit'] = '?'
    return info


def fmt(value, digits=1):
    if value is None:
        return '-'
    return ('%.' + str(digits) + 'f') % value


def ratio(a, b):
    if not a or not b:
        return None
    return a / b


def plot(rows, path):
    try:
        import matplotlib  # pylint: disable=import-outside-toplevel
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
    except ImportError:
        log('matplotlib is missing: no plot (pip install -r tests/bench/requirements.txt)')
        return False
    sizes = sorted(CONFIG['sizes'])
    fig, ax = plt.subplots(figsize=(7.5, 4.8), dpi=110)
    styles = {'uri': ('tab:red', 'o'), 'apply': ('tab:orange', 's'), 'drift': ('tab:blue', 'D'), 'floor': ('tab:green', '^')}
    for kind in ('uri', 'apply', 'drift', 'floor'):
        color, marker = styles[kind]
        if kind == 'uri':
            measured = [row for (k, s), row in rows.items() if k == 'uri']
            extrapolated = [rows[('uri_x', s)] for s in sizes if ('uri_x', s) in rows]
            if extrapolated:
                points = ([(measured[0]['nvrs'], measured[0]['wall_s'])] if measured else []) + \
                    [(row['size'], row['wall_s']) for row in extrapolated]
                ax.plot([p[0] for p in points], [p[1] for p in points], color=color, linestyle='--', marker=marker,
                        markerfacecolor='white', label='%s, extrapolated per NVR' % LABELS['uri'])
            if measured:
                row = measured[0]
                ax.plot([row['nvrs']], [row['wall_s']], marker=marker, color=color, linestyle='none', zorder=3,
                        label='%s (measured on %d NVRs)' % (LABELS['uri'], row['nvrs']))
            continue
        points = [(s, rows[(kind, s)]['wall_s']) for s in sizes if (kind, s) in rows]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], color=color, marker=marker, label=LABELS[kind])
    ax.set_yscale('log')
    ax.set_xlabel('NVRs in the fleet (forks / threads: %d, %d ms latency per request)' % (CONFIG['forks'], CONFIG['latency_ms']))
    ax.set_ylabel('wall time, s (median, log scale)')
    ax.set_title('mobotix.move_nvr: wall time against fleet size')
    ax.grid(True, which='both', alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


def kept_analysis(path):
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    start, end = text.find(ANALYSIS_START), text.find(ANALYSIS_END)
    if start < 0 or end < start:
        return None
    return text[start:end + len(ANALYSIS_END)]


def write_doc(bench, rows, machine, total_s, plotted):
    sizes = sorted(CONFIG['sizes'])
    big = max(sizes)
    lines = []
    add = lines.append
    add('# Benchmarks')
    add('')
    add('What a fleet run of this collection costs, next to the same job written with `ansible.builtin.uri` and '
        'next to the least any tool has to do over HTTP. Everything below the analysis section is written by '
        '`make bench`; the analysis section is written by hand and kept when `make bench` rewrites this page.')
    add('')
    add('## How it was run')
    add('')
    add('```sh')
    add('make bench          # tests/bench/run.sh -> tests/bench/bench.py')
    add('```')
    add('')
    add('- Run on %s (commit %s%s); `tests/bench/bench.py` took %.0f s; results in '
        '`build/bench/results.json`, every run\'s output in `build/bench/runs/`.'
        % (machine['date'], machine.get('commit', '?'), ' with local changes' if machine.get('dirty') else '', total_s))
    add('- Machine: %s, %s cores, %s GB RAM, %s, Linux %s, Python %s, ansible-core %s, requests %s, pycryptodome %s. '
        'The emulator runs on the same cores as the measured process.'
        % (machine['cpu'], machine['cores'], machine.get('memory_gb', '?'), machine.get('os', '?'), machine['kernel'],
           machine['python'], machine['packages']['ansible-core'], machine['packages']['requests'],
           machine['packages']['pycryptodome']))
    add('- Fleet: %s emulated NVRs on loopback (`tests/emulator/run.py --latency-ms %d --cameras %d`), one emulator '
        'process per fleet size; every API request waits %d ms in the emulator, so one NVR\'s %d sequential requests '
        'of a drift check take at least %.1f s.'
        % (' and '.join(str(s) for s in sizes), CONFIG['latency_ms'], CONFIG['cameras'], CONFIG['latency_ms'],
           MIN_DRIFT_REQUESTS, MIN_DRIFT_REQUESTS * CONFIG['latency_ms'] / 1000.0))
    add('- Baseline: the demo baseline `playbooks/inventory/demo/group_vars/nvrs.yml`, all eight resources, as the '
        'inventory\'s group variables.')
    add('- Concurrency: `ANSIBLE_FORKS=%d` for every playbook; the floor uses a thread pool of %d.'
        % (CONFIG['forks'], CONFIG['forks']))
    drift_cmd = ('`ansible-playbook playbooks/drift.yml` (role `drift_report`: the baseline\'s task in check mode with '
                 'diff for every NVR from one controller task, `nvr_fleet_check`, which also writes drift.json, drift.html '
                 'and drift.junit.xml)') if bench.mode == 'drift_report' else \
        ('`ansible-playbook playbooks/site.yml --check --diff` (the role `drift_report` was not in the collection '
         'when this ran; its check is this same baseline in check mode, its report files are not included)')
    add('- **drift**: %s, on a fleet where the baseline is applied and then one managed setting is changed behind its '
        'back on every %s NVR (%d of %d at %d NVRs), each time another of the eight resources. Checked: it reports '
        'exactly those NVRs as drifted and sends no write.'
        % (drift_cmd, ordinal(CONFIG['drift_every']), len(bench.fleets[big].drifted()), big, big))
    add('- **apply**: `ansible-playbook playbooks/site.yml` on a fleet reset to factory state before each run. '
        'Checked: every NVR changed, none failed.')
    add('- **uri**: `tests/bench/uri_drift.yml`, the drift check written with `ansible.builtin.uri`: log in with the '
        'md5 hash, one GET per resource (a loop), log out in an `always`, then compare every resource with the same '
        'baseline variables in Jinja (merged semantics, as the collection) and `assert`. Checked: it flags exactly the '
        'drifted NVRs. Passwords are compared in the device\'s encrypted form, given to it as variables (Jinja cannot '
        'encrypt).')
    add('- **floor**: `tests/bench/floor.py`, Python with `requests` and a thread pool: login, one GET per resource, '
        'logout per NVR, nothing compared. No tool can do a drift check with less.')
    add('- Measured per run: wall time; CPU = user+sys of the whole process tree (`wait4` of the child: '
        'ansible-playbook, its forks and their module processes); requests per NVR from the emulator\'s counters; '
        'peak memory as the largest RSS of one process of the tree (`wait4`) and the peak PSS of the whole tree '
        '(sampled each second, counts shared pages once). Medians of the runs; "runs" says how many. The playbooks run '
        'with the callback `tests/bench/callback_plugins/task_seconds.py` (wall time per task, printed at the end).')
    add('')
    add('## Results')
    add('')
    add('| NVRs | what | runs | wall s (median) | wall min-max | CPU s | wall / floor | requests per NVR | '
        'requests / minimal | largest process RSS MB | tree PSS MB |')
    add('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    measured_uri = uri_row(rows)
    for size in sizes:
        floor = rows.get(('floor', size))
        shown = [rows.get((kind, size)) for kind in ('drift', 'apply')]
        if measured_uri and measured_uri['size'] == size:
            shown.append(measured_uri)
        shown += [rows.get(('uri_x', size)), floor]
        for row in shown:
            if row is None:
                continue
            kind = row['kind']
            minimal = MIN_APPLY_REQUESTS if kind == 'apply' else MIN_DRIFT_REQUESTS
            what, nvrs = LABELS.get(kind, ''), '%d' % row['nvrs']
            per_floor = fmt(ratio(row['wall_s'], floor and floor['wall_s'])) + 'x' if floor else '-'
            if kind == 'uri_x':
                what = '%s, **extrapolated** from %d NVRs' % (LABELS['uri'], row['measured_on'])
            elif kind == 'uri':
                what = '%s, measured on the first %d NVRs' % (LABELS['uri'], row['nvrs'])
                nvrs = '%d of %d' % (row['nvrs'], size)
                per_floor = '-'
            add('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                nvrs, what, row['runs'] or '-', fmt(row['wall_s']),
                '%s-%s' % (fmt(row['wall_min']), fmt(row['wall_max'])) if row['wall_min'] is not None else '-',
                fmt(row['cpu_s']), per_floor, fmt(row['requests_per_nvr']),
                fmt(ratio(row['requests_per_nvr'], minimal), 2) + 'x', fmt(row['max_rss_mb'], 0),
                fmt(row['tree_pss_mb'], 0)))
    add('')
    add('Minimal requests per NVR: %d for a drift check (login, one GET for each of the 8 resources, logout); %d for '
        'the apply from factory state (the same plus the %d writes this baseline needs at least: see '
        '`MIN_APPLY_WRITES` in `tests/bench/bench.py`). The floor does the drift check\'s minimal reads only, so an '
        'apply cannot reach it: its own floor is about %.1fx higher by request count.'
        % (MIN_DRIFT_REQUESTS, MIN_APPLY_REQUESTS, MIN_APPLY_WRITES, MIN_APPLY_REQUESTS / float(MIN_DRIFT_REQUESTS)))
    add('')
    add('## Targets at %d NVRs' % big)
    add('')
    add('| | target | measured | met |')
    add('| --- | --- | ---: | --- |')
    drift, apply_, floor = rows.get(('drift', big)), rows.get(('apply', big)), rows.get(('floor', big))
    uri = rows.get(('uri_x', big)) or (measured_uri if measured_uri and measured_uri['nvrs'] == big else None)
    uri_note = ' (uri extrapolated)' if uri is not None and uri['kind'] == 'uri_x' else ''
    for name, row, targets in (('drift check', drift, True), ('apply', apply_, False)):
        if row is None:
            continue
        r_floor = ratio(row['wall_s'], floor and floor['wall_s'])
        r_uri = ratio(uri and uri['wall_s'], row['wall_s'])
        minimal = MIN_DRIFT_REQUESTS if name == 'drift check' else MIN_APPLY_REQUESTS
        r_req = ratio(row['requests_per_nvr'], minimal)
        add('| %s: wall / floor | %s | %sx | %s |'
            % (name, 'at most 3x' if targets else 'reported', fmt(r_floor), met(r_floor, 3, False) if targets else '-'))
        add('| %s: uri playbook / collection%s | %s | %sx | %s |' % (
            name, uri_note, 'at least 20x' if targets else 'reported (uri drift check as the lower bound of a uri apply)',
            fmt(r_uri), met(r_uri, 20, True) if targets else '-'))
        add('| %s: requests per NVR / minimal | %s | %sx | %s |'
            % (name, 'at most 1.2x' if targets else 'reported', fmt(r_req, 2), met(r_req, 1.2, False) if targets else '-'))
    add('')
    if plotted:
        add('![wall time against fleet size](benchmarks.png)')
        add('')
    for kind in ('drift', 'apply'):
        runs = bench.results.get((kind, big)) or []
        if not runs or not runs[0].get('tasks'):
            continue
        run = sorted(runs, key=lambda r: r['wall_s'])[len(runs) // 2]
        add('### Where the %s\'s time goes at %d NVRs' % (LABELS[kind], big))
        add('')
        add('Wall seconds per task of its median run (`tests/bench/callback_plugins/task_seconds.py`: from the start '
            'of a task to the start of the next, over all NVRs); total %.1f s, %.1f CPU-s.' % (run['wall_s'], run['cpu_s']))
        add('')
        add('| task | s | share |')
        add('| --- | ---: | ---: |')
        rest = run['wall_s'] - sum(seconds for name, seconds in run['tasks'])
        for name, seconds in run['tasks'] + [('(outside the tasks: start-up, inventory, playbook, exit)', rest)]:
            add('| %s | %.1f | %.0f%% |' % (name.replace('|', '/'), seconds, 100.0 * seconds / max(run['wall_s'], 1e-9)))
        add('')
    add('## What was measured, and what was not')
    add('')
    counts = ', '.join('%s at %d: %d' % (kind, row['nvrs'], row['runs']) for (kind, size), row in sorted(rows.items())
                       if kind != 'uri_x')
    add('- Runs per median (a budget of %d s for the whole measurement; up to %d runs each): %s. Fewer runs than '
        '%d is a budget cut, not a choice: `BENCH_BUDGET_S=3600 make bench` gives every row %d.'
        % (CONFIG['budget_s'], CONFIG['runs'], counts, CONFIG['runs'], CONFIG['runs']))
    if bench.skipped:
        add('- **Not measured** (the budget was spent before they started): %s.'
            % ', '.join('%s at %d NVRs' % item for item in bench.skipped))
    row = measured_uri
    if row:
        startup = bench.uri_startup_s or 0.0
        add('- The uri playbook was measured on the first %d NVRs of the %d-NVR fleet only (%d of them drifted). It '
            'starts one Python process per request and NVR (10 per NVR; %.1f CPU-s per NVR here), so from a few '
            'NVRs on it is CPU-bound on the %s cores and its wall time grows linearly with the fleet. The rows marked '
            '"extrapolated" are computed, not measured: wall = %.1f s of start-up (the same playbook with '
            '`--list-tasks`) + (measured wall - start-up) / %d per NVR; CPU = measured CPU / %d per NVR. Measuring it '
            'at %d NVRs would take about %.0f minutes per run.'
            % (row['nvrs'], row['size'], len(bench.fleets[row['size']].drifted(row['nvrs'])), row['cpu_s'] / row['nvrs'],
               machine['cores'], startup, row['nvrs'], row['nvrs'], big,
               (startup + (row['wall_s'] - startup) / row['nvrs'] * big) / 60.0))
    add('- No uri apply playbook was written: it would send every request of the uri drift check plus the 12 writes, '
        'one module process each, so the uri drift check is a lower bound of its time.')
    other = [r['other_cpu_s'] for runs in bench.results.values() for r in runs]
    walls = [r['wall_s'] for runs in bench.results.values() for r in runs]
    share = sum(other) / max(1e-9, sum(walls) * (machine['cores'] or 1))
    add('- Other processes on the machine used %.0f CPU-s during the measured runs (%.0f%% of the cores\' time), '
        'load average %.1f at the start of the first run. %s'
        % (sum(other), 100 * share, bench.load_at_start,
           'Such load slows the playbooks more than the floor: treat the numbers as upper bounds.' if share > 0.05
           else 'The machine was otherwise idle.'))
    add('')
    analysis = kept_analysis(DOC)
    add(analysis or '%s\n## Analysis\n\n(Written by hand after profiling; kept by `make bench`.)\n%s'
        % (ANALYSIS_START, ANALYSIS_END))
    add('')
    with open(DOC, 'w') as f:
        f.write('\n'.join(lines))


def ordinal(n):
    return {1: '', 2: '2nd', 3: '3rd'}.get(n, '%dth' % n)


def met(value, bound, at_least):
    if value is None:
        return 'not measured'
    ok = value >= bound if at_least else value <= bound
    return 'yes' if ok else '**no**'


def main():
    os.makedirs(os.path.join(WORK, 'runs'), exist_ok=True)
    for name in os.listdir(os.path.join(WORK, 'runs')):
        os.remove(os.path.join(WORK, 'runs', name))
    bench = Bench()
    bench.load_at_start = os.getloadavg()[0]
    log('drift check: %s; sizes %s; forks %d; up to %d runs; budget %d s'
        % (bench.mode, CONFIG['sizes'], CONFIG['forks'], CONFIG['runs'], CONFIG['budget_s']))
    if bench.load_at_start > 1.5:
        log('warning: load average %.1f before the start: other work on this machine skews the numbers'
            % bench.load_at_start)
    failed = None
    try:
        bench.setup()
        bench.run()
    except BenchError as e:
        failed = str(e)
    finally:
        bench.stop()
    total = bench.elapsed()
    machine = machine_info()
    machine['date'] = datetime.datetime.now().strftime('%Y-%m-%d %H:%M')
    rows = summarize(bench)
    with open(os.path.join(WORK, 'results.json'), 'w') as f:
        json.dump({'config': CONFIG, 'machine': machine, 'drift_mode': bench.mode, 'total_s': round(total, 1),
                   'runs': dict(('%s@%d' % key, runs) for key, runs in bench.results.items()),
                   'summary': dict(('%s@%d' % key, row) for key, row in rows.items()), 'error': failed},
                  f, indent=1, sort_keys=True)
    if failed:
        log('FAILED: %s' % failed)
        return 1
    plotted = plot(rows, PNG)
    write_doc(bench, rows, machine, total, plotted)
    png = ' and ' + os.path.relpath(PNG, ROOT) if plotted else ''
    log('wrote %s%s and build/bench/results.json in %.0f s' % (os.path.relpath(DOC, ROOT), png, total))
    return 0


if __name__ == '__main__':
    sys.exit(main())
