#!/usr/bin/env python
"""Where the CPU of a drift check goes: a py-spy raw profile of the whole process tree, as a table.

Why: `make bench` reports where the all-drifted drift check spends its CPU
(templating, validation, the engine, HTTP, the diff, the report, Ansible's own
work on the results), so that an optimisation starts from the largest share
and can be checked against the same table afterwards. py-spy samples every
process and every thread of the tree (ansible-playbook, its forked workers,
the fleet check's forked share) without changing the code it measures;
`--gil` keeps only samples of a thread holding its process's GIL, so a sample
is Python CPU time, not waiting for an NVR. cProfile sees one thread of one
process, and its cost per call skews call-heavy code such as the templar.

How: `py-spy record --subprocesses --gil --full-filenames --nolineno -f raw`
writes one line per distinct stack: the process, the frames from the
outermost to the innermost (`function (file)`), and the number of samples.
Each sample goes to one category: the first rule of RULES, in order, that
matches any frame of its stack, so the rules go from the most specific
(HTTP, masking, the report) to the widest (the engine, Ansible). The kind of
process comes from the frames too: the fleet check's forked share runs
process_split's child branch, a task worker runs WorkerProcess. A sample's
CPU is 1/rate s. Run alone on a file bench.py wrote:

    tests/bench/profile_table.py build/bench/profile-200-all-run_once.txt [--rate 100] [--top 25]
"""

import argparse
import collections
import re

# (category, [(file part, function pattern or None)]): a frame matches a pattern when its file path contains
# the file part and its function name matches the regular expression (re.search), if one is given. A sample
# counts for the first rule, in this order, that matches any frame of its stack.
MOVE = 'move_nvr/plugins/'
RULES = (
    ('HTTP: requests, urllib3, the client (NvrClient)',
     [('/requests/', None), ('/urllib3/', None), ('/http/client.py', None), ('/socket.py', None), ('/ssl.py', None),
      (MOVE + 'module_utils/client.py', None), (MOVE + 'module_utils/transport.py', None)]),
    ('masking secrets: remove_values, scrub, secret variants',
     [('/module_utils/common/parameters.py', r'remove_values'), (MOVE + 'module_utils/runner.py', r'scrub'),
      (MOVE + 'module_utils/engine.py', r'^(scrub|secret_variants|text_forms|mask_user|mask_device|omit_user)$')]),
    ('report: drift summary, diffs as YAML (drift_summary)', [(MOVE + 'filter/drift_summary.py', None)]),
    ('report: rendering and writing the files (drift_report)', [(MOVE + 'plugin_utils/drift_report.py', None)]),
    ('templating the baseline per NVR (HostVariables.template)',
     [(MOVE + 'plugin_utils/fleet.py', r'template$'), (MOVE + 'plugin_utils/shared_templates.py', None)]),
    ('host variables for the fleet check (VariableManager.get_vars)', [(MOVE + 'plugin_utils/fleet.py', r'\.variables$')]),
    ("validation: the role's argument spec per host (validate_argument_spec)",
     [('/ansible/plugins/action/validate_argument_spec.py', None)]),
    ('validation: role arguments, nvr_config options, resources',
     [(MOVE + 'plugin_utils/fleet.py', r'role_problem'), (MOVE + 'plugin_utils/action.py', r'validate_args'),
      (MOVE + 'plugin_utils/role_variables.py', None), (MOVE + 'module_utils/nvr_config.py', r'validate'),
      (MOVE + 'module_utils/', r'\.validate$'), ('/ansible/module_utils/common/arg_spec.py', None),
      ('/ansible/module_utils/common/validation.py', None), ('/ansible/module_utils/common/parameters.py', None)]),
    ('engine: diff (ConfigTask.diff, diff_view)', [(MOVE + 'module_utils/', r'(\.diff|diff_view)$')]),
    ('engine: read, desired state, compare, plan (ConfigTask, resources)', [(MOVE + 'module_utils/', None)]),
    ('fleet check: role files, threads, the forked share, its result (fleet, process_split)',
     [(MOVE + 'plugin_utils/', None), (MOVE + 'action/nvr_fleet_check.py', None)]),
    ('per-host result task: its action (nvr_fleet_result)', [(MOVE + 'action/nvr_fleet_result.py', None)]),
    ("Ansible: callbacks on each result (v2_runner_on_ok: transform_to_native_types)",
     [('/ansible/executor/task_queue_manager.py', r'send_callback'), ('/ansible/plugins/callback/', None)]),
    ('Ansible: results between worker and main process (clean, deepcopy, pickle, queue)',
     [('/ansible/vars/clean.py', None), ('/ansible/executor/task_result.py', None),
      ('/ansible/plugins/strategy/', r'_process_pending_results|results_thread_main'),
      ('/ansible/executor/task_queue_manager.py', r'send_task_result'), ('/multiprocessing/queues.py', None)]),
    ('Ansible: forking a worker per host and task', [('/ansible/executor/process/worker.py', r'start|__init__')]),
    ('Ansible: a task in its worker (TaskExecutor: variables, templating, conditionals)',
     [('/ansible/executor/process/worker.py', None), ('/ansible/executor/task_executor.py', None)]),
    ('Ansible: strategy in the main process (host variables per task, queueing, bookkeeping)',
     [('/ansible/plugins/strategy/', None), ('/ansible/executor/task_queue_manager.py', None)]),
    ('Ansible: start-up (imports, configuration, inventory, playbook)',
     [('<frozen importlib', None), ('/ansible/', None), ('/yaml/', None), ('/jinja2/', None)]),
)
OTHER = 'other'
PROCESSES = re.compile(r'^(?:process (\d+):".*?"(?:;|$))+', re.S)
PROCESS = re.compile(r'process (\d+):".*?"(?:;|$)', re.S)
FRAME = re.compile(r'^(.*) \(([^()]*)\)$')


def read_raw(path):
    """[(pids, [(function, file), ...] outermost first, count)] of a py-spy raw file.

    With --subprocesses each line starts with the chain of processes from the root to the one sampled
    (`process PID:"command line";` each), then its frames; a line ends with its number of samples.
    """
    with open(path, errors='replace') as f:
        text = f.read()
    stacks = []
    record = []
    for line in text.split('\n'):
        record.append(line)
        match = re.search(r' (\d+)$', line)
        if not match:
            continue  # a command line with a newline in it goes on on the next line
        joined = '\n'.join(record)[:-len(match.group(0))]
        record = []
        head = PROCESSES.match(joined)
        pids = [int(pid) for pid in PROCESS.findall(head.group(0))] if head else []
        rest = joined[head.end():] if head else joined
        frames = []
        for part in (rest.split(';') if rest else []):
            found = FRAME.match(part)
            frames.append((found.group(1), found.group(2)) if found else (part, ''))
        stacks.append((pids, frames, int(match.group(1))))
    return stacks


COMPILED = [(name, [(part, re.compile(pattern) if pattern else None) for part, pattern in patterns])
            for name, patterns in RULES]


def own_frames(frames):
    """The frames of the process a sample was taken in: a forked worker's stack (multiprocessing) starts
    with its parent's frames up to the fork, which belong to the parent's work, not the worker's."""
    functions = [function for function, filename in frames]
    if 'BaseProcess._bootstrap' in functions:
        return frames[functions.index('BaseProcess._bootstrap'):]
    return frames


def category(frames):
    for name, patterns in COMPILED:
        for function, filename in frames:
            for part, pattern in patterns:
                if part in filename and (pattern is None or pattern.search(function)):
                    return name
    return OTHER


def process_kinds(stacks):
    """{pid: kind}: which process of the tree each sampled process is (py-spy names the chain from the root).

    The root is ansible-playbook; its children are the task workers it forks (per host and task); a
    grandchild is the share the fleet check's worker forks (process_split). The worker whose stack ever
    holds the fleet check's action is that task's worker (all its samples: also the result sent back).
    """
    fleet = set(pids[-1] for pids, frames, dummy in stacks
                if len(pids) > 1 and any('nvr_fleet_check.py' in filename for function, filename in frames))
    kinds = {}
    for pids, dummy, dummy in stacks:
        if len(pids) <= 1:
            kind = 'ansible-playbook main process'
        elif len(pids) > 2 or pids[-1] in fleet:
            kind = "the fleet check's task worker and its forked share"
        else:
            kind = 'the other task workers (forked per host and task)'
        kinds[pids[-1] if pids else 0] = kind
    return kinds


def summarize(path, rate, top=15):
    """{'samples', 'cpu_s', 'categories': [...], 'processes': [...], 'other_leaves': [...]} of a raw profile."""
    stacks = read_raw(path)
    by_category, by_process, leaves = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    kinds = process_kinds(stacks)
    for pids, frames, count in stacks:
        total += count
        by_process[kinds[pids[-1] if pids else 0]] += count
        frames = own_frames(frames)
        name = category(frames)
        by_category[name] += count
        if name == OTHER:
            function, filename = frames[-1] if frames else ('(no Python frame)', '')
            leaves['%s (%s)' % (function, short(filename))] += count

    def share(n):
        return round(float(n) / total, 4) if total else 0.0

    return {
        'samples': total, 'cpu_s': round(total / float(rate), 2),
        'categories': [{'category': name, 'samples': n, 'cpu_s': round(n / float(rate), 2), 'share': share(n)}
                       for name, n in by_category.most_common()],
        'processes': [{'process': kind, 'samples': n, 'cpu_s': round(n / float(rate), 2), 'share': share(n)}
                      for kind, n in by_process.most_common()],
        'other_leaves': [{'frame': frame, 'samples': n, 'share': share(n)} for frame, n in leaves.most_common(top)],
    }


def short(filename):
    for marker in ('/site-packages/', '/ansible_collections/', '/lib/python3'):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('raw', help='py-spy record --format raw output')
    parser.add_argument('--rate', type=int, default=100, help='samples per second it was recorded with (default 100)')
    parser.add_argument('--top', type=int, default=25, help='uncategorised innermost frames shown (default 25)')
    args = parser.parse_args()
    profile = summarize(args.raw, args.rate, args.top)
    print('%d samples, %.1f CPU-s' % (profile['samples'], profile['cpu_s']))
    for row in profile['categories']:
        print('%6.1f%% %7.2f s  %s' % (row['share'] * 100, row['cpu_s'], row['category']))
    print()
    for row in profile['processes']:
        print('%6.1f%% %7.2f s  %s' % (row['share'] * 100, row['cpu_s'], row['process']))
    print()
    for row in profile['other_leaves']:
        print('%6.1f%%  %s' % (row['share'] * 100, row['frame']))


if __name__ == '__main__':
    main()
