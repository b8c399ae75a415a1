#!/usr/bin/env python
"""`make bench`: the drift check at fleet scale, next to the HTTP floor, on emulated NVRs.

Why: a drift check costs what its HTTP requests cost plus what Ansible does per
host and per byte of result, and that grows with the fleet and with how much of
it drifted: the first check of a fleet adopted by hand drifts on every NVR and
every resource. Users apply the drift_report role as playbooks/drift.yml does
(role-level run_once) or as a plain `roles:` entry; both are measured. Each
ratio is taken against the floor (tests/bench/floor.py: the least any tool has
to do over HTTP) measured in the same run at the same size, never against a
number from another day or load.

How: one fleet size at a time (tests/emulator, 50 ms latency per API request,
one emulator process per 1,000 NVRs, started alone so that idle emulators of
other sizes take no CPU, with the file descriptor limit raised for it). Per
size: the floor; the baseline applied (measured as the `apply` row at
BENCH_APPLY_SIZES; elsewhere applied to the first NVR and its sections copied to
the others through the emulator's side channel); then each state in turn (in
sync; 20 % drifted: one resource on every 5th NVR, each time another; all
drifted: every NVR on all eight resources), each run made with the role both
ways, alternating, then the floor again. Each run is a child process: wall
time, CPU of its process tree (wait4), the largest process's peak RSS (wait4),
the tree's peak PSS (sampled from /proc), requests per NVR (the emulator's
counters), wall time per task (callback task_seconds) and the CPU that other
processes of the machine used meanwhile. Every run is checked: drift.json and
the recap name exactly the drift injected, no write was sent, no session was
left open. At BENCH_PROFILE_SIZES one more all-drifted run is sampled with
py-spy (profile_table.py turns it into a table). The uri playbook runs on the
first few NVRs of the smallest fleet and is extrapolated per NVR.
bench_report.py writes docs/benchmarks.png and the section of
docs/benchmarks.md between its markers, and prints the tables.

The defaults keep the whole `make bench` under 15 minutes on 2 cores: one run
per row (the floor twice per size), the apply at 50 NVRs only, the uri
playbook once on 8 NVRs; the 1,000-NVR runs take about two thirds of it.
`BENCH_RUNS=3` gives medians of three (about three times as long).

Environment (default in brackets):
  BENCH_SIZES          fleet sizes, comma or space separated [50,200,1000]
  BENCH_SCENARIOS      states, out of in_sync, drift20, all [in_sync,drift20,all]
  BENCH_VARIANTS       run_once (playbooks/drift.yml), roles (tests/bench/drift_roles.yml) [both]
  BENCH_RUNS           runs per row: N, or SIZE:N,... (other sizes: 1) [1]
  BENCH_APPLY_SIZES    sizes with a measured apply row [50]; BENCH_APPLY_RUNS as BENCH_RUNS [1]
  BENCH_REMEDIATE_SIZES sizes with a measured remediation row (playbooks/drift.yml with move_nvr_remediate on a
                       fleet reset to factory: the apply from one controller task) [50]; runs as BENCH_APPLY_RUNS
  BENCH_URI_NVRS       NVRs the uri playbook runs on [8]; 0: no uri row; BENCH_URI_RUNS [1]
  BENCH_PROFILE_SIZES  sizes profiled with py-spy, all drifted, role with run_once [200]; "": none
  BENCH_PROFILE_RATE   py-spy samples per second [100]
  BENCH_FORKS [50], BENCH_LATENCY_MS [50]
  BENCH_DOC [docs/benchmarks.md], BENCH_PNG [docs/benchmarks.png], BENCH_OUT [build/bench]
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
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))

from move_nvr_emulator import encrypt  # noqa: E402  pylint: disable=wrong-import-position

import bench_report  # noqa: E402  pylint: disable=wrong-import-position
import profile_table  # noqa: E402  pylint: disable=wrong-import-position

WORK = os.environ.get('BENCH_OUT') or os.path.join(ROOT, 'build', 'bench')
BASELINE_VARS = os.path.join(ROOT, 'playbooks', 'inventory', 'demo', 'group_vars', 'nvrs.yml')
MAX_PER_EMULATOR = 1000   # what one emulator process takes (tests/emulator: Fleet(count=...))

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
DRIFT_EVERY = 5   # drift20: one resource drifted on every 5th NVR

# name -> label; the order is the order of the runs (each state is reached from the one before).
SCENARIOS = (
    ('in_sync', 'in sync'),
    ('drift20', '20 % drifted'),
    ('all', 'all drifted'),
)
# name -> (playbook, label)
VARIANTS = (
    ('run_once', ('playbooks/drift.yml', 'role, run_once')),
    ('roles', ('tests/bench/drift_roles.yml', 'plain roles: entry')),
)
# Sections of the emulator's state that applying the baseline may change (copied from the first NVR).
BASELINE_SECTIONS = ('cameras', 'camera_net', 'accounts', 'record_template', 'event_action', 'email', 'ddns',
                     'system_monitor', 'record_config', 'default_connection')


def env_list(name, default):
    value = os.environ.get(name)
    return [item for item in re.split(r'[\s,]+', default if value is None else value) if item]


def per_size(name, default):
    """{size: n} from 'N' (every size) or 'SIZE:N,...' (unlisted sizes: 1)."""
    text = os.environ.get(name) or default
    if ':' not in text:
        return {None: int(text)}
    return dict((int(size), int(n)) for size, n in (item.split(':') for item in env_list(name, default)))


def env_int(name, default):
    return int(os.environ.get(name) or default)


def choose(name, allowed, default):
    chosen = env_list(name, default)
    unknown = [item for item in chosen if item not in allowed]
    if unknown:
        raise SystemExit('%s: unknown %s; choose out of %s' % (name, ', '.join(unknown), ', '.join(allowed)))
    return [item for item in allowed if item in chosen]


CONFIG = {
    'sizes': sorted(set(int(s) for s in env_list('BENCH_SIZES', '50,200,1000'))),
    'scenarios': choose('BENCH_SCENARIOS', [name for name, label in SCENARIOS], 'in_sync,drift20,all'),
    'variants': choose('BENCH_VARIANTS', [name for name, label in VARIANTS], 'run_once,roles'),
    'runs': per_size('BENCH_RUNS', '1'),
    'apply_sizes': [int(s) for s in env_list('BENCH_APPLY_SIZES', '50')],
    'apply_runs': per_size('BENCH_APPLY_RUNS', '1'),
    'remediate_sizes': [int(s) for s in env_list('BENCH_REMEDIATE_SIZES', '50')],
    'uri_nvrs': env_int('BENCH_URI_NVRS', 8),
    'uri_runs': env_int('BENCH_URI_RUNS', 1),
    'profile_sizes': [int(s) for s in env_list('BENCH_PROFILE_SIZES', '200')],
    'profile_rate': env_int('BENCH_PROFILE_RATE', 100),
    'forks': env_int('BENCH_FORKS', 50),
    'latency_ms': env_int('BENCH_LATENCY_MS', 50),
    'cameras': 3,
}
DOC = os.environ.get('BENCH_DOC') or os.path.join(ROOT, 'docs', 'benchmarks.md')
PNG = os.environ.get('BENCH_PNG') or os.path.join(ROOT, 'docs', 'benchmarks.png')


def runs_for(table, size):
    return table.get(size, table.get(None, 1))


def log(msg):
    print('[bench %s] %s' % (time.strftime('%H:%M:%S'), msg), flush=True)


class BenchError(Exception):
    pass


# --------------------------------------------------------------------- emulator
def raise_open_files(size):
    """Raise this process's (and so its children's) open-file limit for a fleet of `size` NVRs.

    Why: each emulated NVR holds a listening socket and a thread, each open connection one more
    socket on each side; a soft limit of 1024 (common) fails at 1,000 NVRs. How: up to the hard limit.
    """
    need = size + 4 * CONFIG['forks'] + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            raise BenchError('%d NVRs need about %d open files, the hard limit is %d (ulimit -Hn)' % (size, need, hard))
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
        log('open files: soft limit raised from %d to %d' % (soft, need))
    threads = min(MAX_PER_EMULATOR, size) + 2 * CONFIG['forks'] + 64
    nproc = resource.getrlimit(resource.RLIMIT_NPROC)[0]
    if nproc != resource.RLIM_INFINITY and nproc < threads:
        raise BenchError('an emulator of %d NVRs needs about %d threads; ulimit -u is %d' % (size, threads, nproc))


class Emulator:
    """One emulator process (tests/emulator/run.py) with `count` NVRs (at most MAX_PER_EMULATOR)."""

    def __init__(self, count, first_index, directory):
        os.makedirs(directory, exist_ok=True)
        ready = os.path.join(directory, 'ready.json')
        if os.path.exists(ready):
            os.remove(ready)
        self.log_file = open(os.path.join(directory, 'emulator.log'), 'w')  # pylint: disable=consider-using-with
        cmd = [sys.executable, os.path.join(ROOT, 'tests', 'emulator', 'run.py'), '--count', str(count),
               '--base-port', '0', '--latency-ms', str(CONFIG['latency_ms']), '--cameras', str(CONFIG['cameras']),
               '--admin-password', SECRETS['DEMO_NVR_PASSWORD'], '--first-index', str(first_index),
               '--ready-file', ready]
        self.proc = subprocess.Popen(cmd, stdout=self.log_file, stderr=subprocess.STDOUT)  # pylint: disable=consider-using-with
        deadline = time.monotonic() + 120
        while not os.path.exists(ready):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise BenchError('the emulator did not start; see %s' % self.log_file.name)
            time.sleep(0.1)
        with open(ready) as f:
            self.ports = json.load(f)['ports']

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


class Fleet:
    """`size` emulated NVRs in as many emulator processes as needed; the side channel on a thread pool."""

    def __init__(self, size, first_index):
        self.size = size
        self.emulators = []
        self.pool = ThreadPoolExecutor(max_workers=16)
        started = time.monotonic()
        try:
            for first in range(0, size, MAX_PER_EMULATOR):
                count = min(MAX_PER_EMULATOR, size - first)
                self.emulators.append(Emulator(count, first_index + first,
                                               os.path.join(WORK, 'fleet-%d' % size, 'emulator-%d' % len(self.emulators))))
        except BaseException:
            self.stop()
            raise
        self.ports = [port for emulator in self.emulators for port in emulator.ports]
        self.state = 'factory'
        log('%d emulated NVRs ready in %.1f s (%d process%s)'
            % (size, time.monotonic() - started, len(self.emulators), '' if len(self.emulators) == 1 else 'es'))

    @staticmethod
    def side(port, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request('http://127.0.0.1:%d/_emulator/%s' % (port, path), data=data,
                                         method='POST' if data is not None else 'GET')
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.loads(reply.read().decode() or 'null')

    def each(self, function, items):
        return list(self.pool.map(function, items))

    def reset(self, counters_only=False):
        self.each(lambda port: self.side(port, 'reset', {'counters_only': True} if counters_only else {}), self.ports)
        if not counters_only:
            self.state = 'factory'

    def per_port_stats(self):
        stats = {}
        for emulator in self.emulators:
            stats.update(self.side(emulator.ports[0], 'fleet_stats')['per_port'])
        return stats

    def cpu_seconds(self):
        return sum(process_cpu(emulator.proc.pid) for emulator in self.emulators)

    def pids(self):
        return [emulator.proc.pid for emulator in self.emulators]

    def stop(self):
        for emulator in self.emulators:
            emulator.stop()
        self.pool.shutdown()


def drift_plan(scenario, size):
    """{NVR index: [resources drifted]} of a state."""
    if scenario == 'drift20':
        return dict((i, [RESOURCES[(i // DRIFT_EVERY) % len(RESOURCES)]]) for i in range(0, size, DRIFT_EVERY))
    if scenario == 'all':
        return dict((i, list(RESOURCES)) for i in range(size))
    return {}


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


def inject_drift(fleet, plan):
    """Change, behind the baseline's back, one managed setting of each resource `plan` names, per NVR."""
    def one(item):
        index, names = item
        port = fleet.ports[index]
        state = fleet.side(port, 'state')
        sections = {}
        for name in names:
            section, change = DRIFTS[name]
            change(state[section])
            sections[section] = state[section]
        fleet.side(port, 'state?mode=replace', sections)
    fleet.each(one, sorted(plan.items()))


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
    """Samples the PSS of a process tree twice a second (shared pages counted once); keeps the peak."""

    def __init__(self, pid):
        super(TreeMemory, self).__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.5):
            self.peak_kb = max(self.peak_kb, sum(pss_kb(pid) for pid in descendants(self.pid)))


def measure(cmd, env, out_path, fleet):
    """Run cmd to completion; wall, CPU of its tree, memory, and the CPU the rest of the machine used."""
    emulator_cpu = fleet.cpu_seconds()
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
    emulator_cpu = fleet.cpu_seconds() - emulator_cpu
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
def host_name(index):
    return 'nvr-%04d' % (index + 1)


def write_inventory(name, ports):
    """An inventory like playbooks/inventory/demo (same baseline) with one host per emulated NVR."""
    path = os.path.join(WORK, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.join(path, 'group_vars'))
    shutil.copy(BASELINE_VARS, os.path.join(path, 'group_vars', 'nvrs.yml'))
    lines = ['---', '# generated by tests/bench/bench.py: the demo baseline on %d emulated NVRs' % len(ports),
             'nvrs:', '  hosts:']
    for i, port in enumerate(ports):
        lines += ['    %s:' % host_name(i), '      move_nvr_port: %d' % port]
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
    env['ANSIBLE_CALLBACK_PLUGINS'] = os.path.join(HERE, 'callback_plugins')
    env['ANSIBLE_CALLBACKS_ENABLED'] = 'task_seconds'
    return env


def ansible_playbook():
    candidate = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return candidate if os.path.exists(candidate) else shutil.which('ansible-playbook')


def collection_dir(env):
    for path in env['ANSIBLE_COLLECTIONS_PATH'].split(os.pathsep):
        candidate = os.path.join(path, 'ansible_collections', 'mobotix', 'move_nvr')
        if os.path.isdir(candidate):
            return candidate
    return None


# ----------------------------------------------------------------- checking
RECAP = re.compile(r'^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)
TASK_SECONDS = re.compile(r'^TASK SECONDS:\s+([0-9.]+)  (.*)$', re.M)


def recap(path):
    with open(path, errors='replace') as f:
        text = f.read()
    return dict((m.group(1), dict(zip(('ok', 'changed', 'unreachable', 'failed'), map(int, m.groups()[1:]))))
                for m in RECAP.finditer(text.split('PLAY RECAP')[-1]))


def task_seconds(path):
    """[(task, seconds)] from the lines of the task_seconds callback."""
    with open(path, errors='replace') as f:
        text = f.read()
    return [(m.group(2).strip(), float(m.group(1))) for m in TASK_SECONDS.finditer(text)]


def check(condition, what, result):
    if not condition:
        raise BenchError('%s (rc %s; output %s)' % (what, result['rc'], result['output']))


# ----------------------------------------------------------------- the runs
class Bench:
    def __init__(self):
        self.env = ansible_env()
        self.playbook = ansible_playbook()
        self.collection = collection_dir(self.env)
        if not self.collection:
            raise BenchError('mobotix.move_nvr is not under ANSIBLE_COLLECTIONS_PATH=%s; run `make bench`'
                             % self.env['ANSIBLE_COLLECTIONS_PATH'])
        self.uri_passwords = write_uri_passwords()
        self.results = {}   # (kind, size, scenario, variant) -> [run, ...]
        self.profiles = {}  # size -> profile of the all-drifted run
        self.setup_s = {}   # size -> seconds spent on setting states, not measured
        self.size_s = {}    # size -> seconds of its whole block (emulator start to stop)
        self.uri_startup_s = None
        self.start = time.monotonic()
        self.seq = 0
        self.load_at_start = os.getloadavg()[0]
        self.fleet = None
        self.inventory = None
        self.uri_inventory = None

    def elapsed(self):
        return time.monotonic() - self.start

    def out_path(self, *parts):
        self.seq += 1
        return os.path.join(WORK, 'runs', '%03d-%s.txt' % (self.seq, '-'.join(str(p) for p in parts if p)))

    def record(self, key, result, count):
        stats = self.fleet.per_port_stats()
        per_port = [stats[str(port)] for port in self.fleet.ports[:count]]
        result.update(nvrs=count, requests_per_nvr=round(sum(s['requests'] for s in per_port) / float(count), 2),
                      write_attempts=sum(s['write_attempts'] for s in per_port),
                      open_sessions=sum(s['open_sessions'] for s in per_port),
                      tasks=task_seconds(os.path.join(ROOT, result['output'])) if key[0] != 'floor' else [])
        self.results.setdefault(key, []).append(result)
        kind, size, scenario, variant = key
        log('%-5s %4d NVRs %-8s %-8s %6.1f s wall, %6.1f CPU-s (%.3f/NVR), %5.1f requests/NVR, largest %s MB, '
            'tree PSS %s MB, other CPU %.1f s'
            % (kind, count, scenario, variant, result['wall_s'], result['cpu_s'], result['cpu_s'] / count, result['requests_per_nvr'],
               result['max_rss_mb'], result['tree_pss_mb'], result['other_cpu_s']))
        return result

    # -- states -------------------------------------------------------------
    def run_apply(self, size, measured=True):
        """site.yml on a fleet reset to factory (measured), or on its first NVR only (setup, not measured)."""
        fleet = self.fleet
        fleet.reset()
        cmd = [self.playbook, '-i', self.inventory, 'playbooks/site.yml']
        if not measured:
            cmd += ['--limit', host_name(0)]
        out = self.out_path('apply' if measured else 'setup-apply', size)
        result = measure(cmd, self.env, out, fleet)
        hosts = recap(out)
        expected = size if measured else 1
        check(result['rc'] == 0, 'apply failed', result)
        check(len(hosts) == expected and all(h['failed'] == 0 and h['unreachable'] == 0 and h['changed'] == 1
                                             for h in hosts.values()), 'apply did not change every NVR', result)
        fleet.state = 'in_sync'
        if measured:
            self.record(('apply', size, '', ''), result, size)
            check(result['open_sessions'] == 0, 'the apply left sessions open', result)
        return result

    def run_remediate(self, size):
        """playbooks/drift.yml with move_nvr_remediate on a fleet reset to factory: the apply from one controller task
        (checked: every NVR changed and remediated, none failed, the writes an apply sends)."""
        fleet = self.fleet
        fleet.reset()
        report_dir = os.path.join(WORK, 'reports', '%d-remediate' % size)
        shutil.rmtree(report_dir, ignore_errors=True)
        cmd = [self.playbook, '-i', self.inventory, 'playbooks/drift.yml', '-e',
               json.dumps({'move_nvr_report_dir': report_dir, 'move_nvr_remediate': True})]
        out = self.out_path('remediate', size)
        result = measure(cmd, self.env, out, fleet)
        hosts = recap(out)
        check(result['rc'] == 0, 'the remediation failed', result)
        check(len(hosts) == size and all(h['failed'] == 0 and h['unreachable'] == 0 and h['changed'] == 1
                                         for h in hosts.values()), 'the remediation did not change every NVR', result)
        with open(os.path.join(report_dir, 'drift.json')) as f:
            summary = json.load(f)['summary']
        check(summary.get('remediated') == size, 'drift.json: %s of %d NVRs remediated' % (summary.get('remediated'), size),
              result)
        fleet.state = 'in_sync'
        self.record(('remediate', size, '', ''), result, size)
        check(result['open_sessions'] == 0, 'the remediation left sessions open', result)
        return result

    def baseline_by_copy(self, size):
        """The baseline on every NVR: applied to the first NVR by site.yml, its changed sections copied to the rest."""
        fleet = self.fleet
        fleet.reset()
        before = fleet.side(fleet.ports[0], 'state')
        self.run_apply(size, measured=False)
        after = fleet.side(fleet.ports[0], 'state')
        sections = dict((name, after[name]) for name in BASELINE_SECTIONS if name in after and after[name] != before[name])
        fleet.each(lambda port: fleet.side(port, 'state?mode=replace', sections), fleet.ports[1:])
        fleet.state = 'in_sync'

    def reach(self, size, scenario):
        """Bring the fleet to a state: in sync (the baseline applied), then drift injected."""
        started = time.monotonic()
        if self.fleet.state != 'in_sync' and (self.fleet.state == 'factory' or scenario == 'in_sync'
                                              or (scenario == 'drift20' and self.fleet.state == 'all')):
            self.baseline_by_copy(size)
        plan = drift_plan(scenario, size)
        if plan:
            inject_drift(self.fleet, plan)
        self.fleet.state = scenario if plan else 'in_sync'
        self.setup_s[size] = self.setup_s.get(size, 0) + time.monotonic() - started

    # -- one run of each kind -------------------------------------------------
    def drift_cmd(self, size, scenario, variant):
        report_dir = os.path.join(WORK, 'reports', '%d-%s-%s' % (size, scenario, variant))
        shutil.rmtree(report_dir, ignore_errors=True)
        return [self.playbook, '-i', self.inventory, dict(VARIANTS)[variant][0], '-e',
                json.dumps({'move_nvr_report_dir': report_dir})], report_dir

    def check_drift(self, size, scenario, result, report_dir, out):
        plan = drift_plan(scenario, size)
        drifted, resources = len(plan), sum(len(names) for names in plan.values())
        check(result['rc'] == 0, 'the drift check failed', result)
        with open(os.path.join(report_dir, 'drift.json')) as f:
            summary = json.load(f)['summary']
        check(summary['nvrs'] == size and summary['drifted'] == drifted and summary['in_sync'] == size - drifted
              and summary['resources_drifted'] == resources,
              'drift.json: %s NVRs, %s drifted, %s in sync, %s resources drifted; expected %d, %d, %d, %d'
              % (summary['nvrs'], summary['drifted'], summary['in_sync'], summary['resources_drifted'],
                 size, drifted, size - drifted, resources), result)
        hosts = recap(out)
        changed = sorted(host for host, h in hosts.items() if h['changed'])
        check(len(hosts) == size and not any(h['failed'] or h['unreachable'] for h in hosts.values()),
              'the recap lists %d hosts, some failed or unreachable' % len(hosts), result)
        check(changed == sorted(host_name(i) for i in plan),
              'the recap shows %d NVRs changed, expected the %d drifted' % (len(changed), drifted), result)

    def run_drift(self, size, scenario, variant):
        self.fleet.reset(counters_only=True)
        cmd, report_dir = self.drift_cmd(size, scenario, variant)
        out = self.out_path('drift', scenario, variant, size)
        result = measure(cmd, self.env, out, self.fleet)
        self.check_drift(size, scenario, result, report_dir, out)
        self.record(('drift', size, scenario, variant), result, size)
        check(result['write_attempts'] == 0, 'the drift check sent %d writes' % result['write_attempts'], result)
        check(result['open_sessions'] == 0, 'the drift check left %d sessions open' % result['open_sessions'], result)
        return result

    def run_profile(self, size, scenario, variant):
        """One more drift check under py-spy (every process of the tree, samples holding the GIL: CPU)."""
        spy = shutil.which('py-spy', path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
        if not spy:
            log('no profile: py-spy is not installed (pip install -r tests/bench/requirements.txt)')
            self.profiles[size] = {'error': 'py-spy is not installed'}
            return
        self.fleet.reset(counters_only=True)
        cmd, report_dir = self.drift_cmd(size, scenario, variant)
        raw = os.path.join(WORK, 'profile-%d-%s-%s.txt' % (size, scenario, variant))
        out = self.out_path('profile', scenario, variant, size)
        spied = [spy, 'record', '--subprocesses', '--gil', '--full-filenames', '--nolineno',
                 '--rate', str(CONFIG['profile_rate']), '--format', 'raw', '--output', raw, '--'] + cmd
        result = measure(spied, self.env, out, self.fleet)
        if result['rc'] != 0 or not os.path.exists(raw):
            log('no profile: py-spy failed (rc %s, see %s)' % (result['rc'], result['output']))
            self.profiles[size] = {'error': 'py-spy failed (rc %s)' % result['rc']}
            return
        self.check_drift(size, scenario, result, report_dir, out)
        profile = profile_table.summarize(raw, CONFIG['profile_rate'])
        profile.update(size=size, scenario=scenario, variant=variant, wall_s=result['wall_s'], raw=os.path.relpath(raw, ROOT),
                       rate=CONFIG['profile_rate'])
        self.profiles[size] = profile
        log('profile %d NVRs %s %s: %d samples (%.1f CPU-s sampled) in %.1f s wall; %s'
            % (size, scenario, variant, profile['samples'], profile['cpu_s'], result['wall_s'],
               ', '.join('%s %.0f%%' % (row['category'], row['share'] * 100) for row in profile['categories'][:5])))

    def run_uri(self, size, scenario):
        count = min(CONFIG['uri_nvrs'], size)
        cmd = [self.playbook, '-i', self.uri_inventory, 'tests/bench/uri_drift.yml', '-e', '@' + self.uri_passwords]
        if self.uri_startup_s is None:
            # What a run costs before any NVR work (imports, inventory, playbook): counted once when extrapolating.
            started = time.monotonic()
            subprocess.run(cmd + ['--list-tasks'], env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            self.uri_startup_s = round(time.monotonic() - started, 2)
        self.fleet.reset(counters_only=True)
        out = self.out_path('uri', scenario, count)
        result = measure(cmd, self.env, out, self.fleet)
        hosts = recap(out)
        expected = len([i for i in drift_plan(scenario, size) if i < count])
        failed = sum(1 for h in hosts.values() if h['failed'])
        check(len(hosts) == count and all(h['unreachable'] == 0 for h in hosts.values()), 'uri playbook: hosts missing', result)
        check(failed == expected, 'the uri playbook flagged %d NVRs, expected %d drifted' % (failed, expected), result)
        check(result['rc'] in (0, 2), 'the uri playbook failed', result)
        self.record(('uri', size, scenario, ''), result, count)
        check(result['write_attempts'] == 0, 'the uri drift check sent writes', result)

    def run_floor(self, size):
        self.fleet.reset(counters_only=True)
        out = self.out_path('floor', size)
        ranges = ','.join('%d-%d' % (e.ports[0], e.ports[-1]) for e in self.fleet.emulators)
        cmd = [sys.executable, os.path.join(HERE, 'floor.py'), '--ports', ranges,
               '--password', SECRETS['DEMO_NVR_PASSWORD'], '--workers', str(CONFIG['forks'])]
        result = measure(cmd, self.env, out, self.fleet)
        check(result['rc'] == 0, 'the floor script failed', result)
        return self.record(('floor', size, '', ''), result, size)

    # -- the plan -------------------------------------------------------------
    def run_size(self, size, first_index):
        runs = runs_for(CONFIG['runs'], size)
        # The floor before and after the size's runs (at least once each), so that its median spans them.
        floor_runs = max(2, runs)
        raise_open_files(size)
        log('--- %d NVRs: %d run(s) per row, states %s, role %s'
            % (size, runs, ', '.join(CONFIG['scenarios']), ' and '.join(CONFIG['variants'])))
        self.fleet = Fleet(size, first_index)
        try:
            self.inventory = write_inventory('inventory-%d' % size, self.fleet.ports)
            for dummy in range(-(-floor_runs // 2)):
                self.run_floor(size)
            if size in CONFIG['apply_sizes']:
                for dummy in range(runs_for(CONFIG['apply_runs'], size)):
                    self.run_apply(size)
            if size in CONFIG['remediate_sizes']:
                for dummy in range(runs_for(CONFIG['apply_runs'], size)):
                    self.run_remediate(size)
            uri_scenario = None
            if CONFIG['uri_nvrs'] and size == min(CONFIG['sizes']):
                uri_scenario = 'drift20' if 'drift20' in CONFIG['scenarios'] else (CONFIG['scenarios'] or ['drift20'])[0]
                self.uri_inventory = write_inventory('inventory-uri-%d' % min(CONFIG['uri_nvrs'], size),
                                                     self.fleet.ports[:CONFIG['uri_nvrs']])
            for scenario in CONFIG['scenarios'] or ([uri_scenario] if uri_scenario else []):
                self.reach(size, scenario)
                if scenario in CONFIG['scenarios']:
                    for dummy in range(runs):
                        for variant in CONFIG['variants']:
                            self.run_drift(size, scenario, variant)
                if scenario == uri_scenario:
                    for dummy in range(CONFIG['uri_runs']):
                        self.run_uri(size, scenario)
                if scenario == 'all' and size in CONFIG['profile_sizes']:
                    self.run_profile(size, scenario, 'run_once' if 'run_once' in CONFIG['variants'] else CONFIG['variants'][0])
            for dummy in range(floor_runs // 2):
                self.run_floor(size)
        finally:
            self.fleet.stop()
            self.fleet = None

    def run(self):
        first = 0
        for size in CONFIG['sizes']:
            started = time.monotonic()
            try:
                self.run_size(size, first)
            finally:
                self.size_s[size] = round(time.monotonic() - started, 1)
            log('--- %d NVRs done in %.0f s' % (size, self.size_s[size]))
            first += size


# ------------------------------------------------------------------ summary
def median(values):
    return statistics.median(values) if values else None


def median_run(runs):
    return sorted(runs, key=lambda r: r['wall_s'])[(len(runs) - 1) // 2]


def summarize(results, uri_startup_s, sizes):
    """{key: row}: the medians of each row's runs; 'uri_x' rows extrapolate the uri playbook to each size."""
    rows = {}
    for key, runs in results.items():
        kind, size, scenario, variant = key
        middle = median_run(runs)
        nvrs = runs[0]['nvrs']
        rows[key] = {
            'kind': kind, 'size': size, 'scenario': scenario, 'variant': variant, 'nvrs': nvrs, 'runs': len(runs),
            'wall_s': median([r['wall_s'] for r in runs]), 'wall_min': min(r['wall_s'] for r in runs),
            'wall_max': max(r['wall_s'] for r in runs), 'cpu_s': median([r['cpu_s'] for r in runs]),
            'cpu_per_nvr': median([r['cpu_s'] / nvrs for r in runs]),
            'requests_per_nvr': median([r['requests_per_nvr'] for r in runs]),
            'max_rss_mb': max(r['max_rss_mb'] for r in runs), 'tree_pss_mb': max(r['tree_pss_mb'] for r in runs),
            'other_cpu_s': median([r['other_cpu_s'] for r in runs]),
            'emulator_cpu_s': median([r['emulator_cpu_s'] for r in runs]),
            'tasks': middle.get('tasks') or [], 'median_wall_run': middle['wall_s'],
        }
    for row in rows.values():
        floor = rows.get(('floor', row['size'], '', ''))
        row['per_floor'] = row['wall_s'] / floor['wall_s'] if floor and row['kind'] != 'uri' else None
    # The uri playbook ran on a few NVRs: its cost per NVR, scaled to each fleet size,
    # with its start-up (parsing, no NVR work) counted once.
    measured = next((row for key, row in sorted(rows.items()) if key[0] == 'uri'), None)
    if measured:
        startup = uri_startup_s or 0.0
        per_nvr_wall = max(measured['wall_s'] - startup, 0.0) / measured['nvrs']
        for size in sizes:
            if size == measured['nvrs']:
                continue
            floor = rows.get(('floor', size, '', ''))
            wall = round(startup + per_nvr_wall * size, 1)
            rows[('uri_x', size, measured['scenario'], '')] = dict(
                measured, kind='uri_x', size=size, nvrs=size, runs=0, wall_s=wall, wall_min=None, wall_max=None,
                cpu_s=round(measured['cpu_s'] / measured['nvrs'] * size, 1), max_rss_mb=None, tree_pss_mb=None,
                measured_on=measured['nvrs'], startup_s=startup, tasks=[],
                per_floor=wall / floor['wall_s'] if floor else None)
    return rows


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
    for package in ('ansible-core', 'requests', 'pycryptodome', 'py-spy'):
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


def key_text(key):
    return '/'.join(str(part) for part in key)


def key_of(text):
    kind, size, scenario, variant = text.split('/')
    return kind, int(size), scenario, variant


def report(saved):
    """Write docs/benchmarks.png and the measured section of docs/benchmarks.md from results.json's data; print it."""
    config = dict(saved['config'])
    for name in ('runs', 'apply_runs'):
        config[name] = dict((None if size == 'None' else int(size), n) for size, n in config[name].items())
    results = dict((key_of(key), runs) for key, runs in saved['runs'].items())
    rows = summarize(results, saved.get('uri_startup_s'), config['sizes'])
    context = bench_report.Context(
        config=config, machine=saved['machine'], rows=rows, results=results, total_s=saved['total_s'],
        profiles=dict((int(size), profile) for size, profile in saved['profiles'].items()),
        size_s=dict((int(size), seconds) for size, seconds in saved['size_s'].items()),
        scenarios=dict(SCENARIOS), variants=dict(VARIANTS), min_drift_requests=MIN_DRIFT_REQUESTS,
        min_apply_requests=MIN_APPLY_REQUESTS, min_apply_writes=MIN_APPLY_WRITES, drift_every=DRIFT_EVERY)
    plotted = bench_report.plot(context, PNG)
    text = bench_report.write_doc(context, DOC, plotted)
    print(text, flush=True)
    return plotted


def main(argv):
    results_file = os.path.join(WORK, 'results.json')
    if argv[1:] == ['--report']:  # the page and the plot again from the last run's results (no measuring)
        with open(results_file) as f:
            report(json.load(f))
        log('wrote %s and %s from %s' % (os.path.relpath(DOC, ROOT), os.path.relpath(PNG, ROOT),
                                         os.path.relpath(results_file, ROOT)))
        return 0
    if argv[1:]:
        raise SystemExit('usage: bench.py [--report]  (settings: BENCH_* variables, see the docstring)')
    os.makedirs(os.path.join(WORK, 'runs'), exist_ok=True)
    for name in os.listdir(os.path.join(WORK, 'runs')):
        os.remove(os.path.join(WORK, 'runs', name))
    failed = None
    bench = None
    try:
        bench = Bench()
        log('sizes %s; states %s; role %s; runs %s; forks %d; latency %d ms; load average %.1f'
            % (CONFIG['sizes'], ', '.join(CONFIG['scenarios']), ' and '.join(CONFIG['variants']),
               ', '.join('%d: %d' % (s, runs_for(CONFIG['runs'], s)) for s in CONFIG['sizes']),
               CONFIG['forks'], CONFIG['latency_ms'], bench.load_at_start))
        if bench.load_at_start > 1.5:
            log('warning: load average %.1f before the start: other work on this machine skews the numbers'
                % bench.load_at_start)
        bench.run()
    except BenchError as e:
        failed = str(e)
    if bench is None:
        log('FAILED: %s' % failed)
        return 1
    total = bench.elapsed()
    machine = machine_info()
    machine['date'] = datetime.datetime.now().strftime('%Y-%m-%d %H:%M')
    machine['load_at_start'] = round(bench.load_at_start, 2)
    machine['load_at_end'] = round(os.getloadavg()[0], 2)
    saved = {'config': dict(CONFIG, runs=dict((str(k), v) for k, v in CONFIG['runs'].items()),
                            apply_runs=dict((str(k), v) for k, v in CONFIG['apply_runs'].items())),
             'machine': machine, 'total_s': round(total, 1), 'uri_startup_s': bench.uri_startup_s,
             'setup_s': bench.setup_s, 'size_s': bench.size_s, 'profiles': bench.profiles,
             'runs': dict((key_text(key), runs) for key, runs in bench.results.items()), 'error': failed}
    saved['summary'] = dict((key_text(key), row) for key, row in
                            summarize(bench.results, bench.uri_startup_s, CONFIG['sizes']).items())
    with open(results_file, 'w') as f:
        json.dump(saved, f, indent=1, sort_keys=True)
    if failed:
        log('FAILED: %s' % failed)
        return 1
    plotted = report(json.loads(json.dumps(saved)))
    png = ' and ' + os.path.relpath(PNG, ROOT) if plotted else ''
    log('wrote %s%s and %s in %.0f s' % (os.path.relpath(DOC, ROOT), png, os.path.relpath(results_file, ROOT), total))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
