"""The tables and the plot of `make bench` (imported by tests/bench/bench.py).

Why: docs/benchmarks.md mixes measured numbers, which must come from one run
of `make bench` and nothing else, with an analysis written by hand. How: the
measured part is one section between BEGIN and END; write_doc() replaces that
section and keeps every other line of the page (a page without the markers
gets the section before its analysis, or at its end). plot() draws wall time
against fleet size per state and way of applying the role, next to the floor,
and the ratio to the floor, into docs/benchmarks.png (matplotlib, from
tests/bench/requirements.txt).
"""

BEGIN = '<!-- bench: written by make bench (tests/bench/bench_report.py); edits here are lost -->'
END = '<!-- /bench -->'
ANALYSIS_START = '<!-- analysis: kept by make bench -->'
NVR_RESULT_TASK = 'Report each NVR as it is'
ROLE_VALIDATION_TASK = 'Validating arguments against arg spec'
FLEET_TASK = 'Check every NVR against the baseline'


class Context:
    """What bench.py measured and how (config, machine, rows, profiles, ...), as attributes."""

    def __init__(self, **values):
        self.__dict__.update(values)


def fmt(value, digits=1):
    if value is None:
        return '-'
    return ('%.' + str(digits) + 'f') % value


def ratio(a, b):
    if not a or not b:
        return None
    return a / b


def task_time(row, marker):
    """Seconds of the tasks of a row's median run whose name contains marker (None if no such task)."""
    found = [seconds for name, seconds in row.get('tasks') or [] if marker in name]
    return sum(found) if found else None


def short_task(name):
    name = name.replace('mobotix.move_nvr.drift_report : ', '')
    if name.startswith(ROLE_VALIDATION_TASK):
        name = "%s 'main' (the role's argument validation, per host unless run_once)" % ROLE_VALIDATION_TASK
    return name.replace('|', '/')


def drift_rows(ctx, size):
    for scenario in ctx.config['scenarios']:
        for variant in ctx.config['variants']:
            row = ctx.rows.get(('drift', size, scenario, variant))
            if row:
                yield row


# ---------------------------------------------------------------------- the page
def section(ctx, plotted):
    """The measured section of docs/benchmarks.md, as a list of lines."""
    c, m = ctx.config, ctx.machine
    sizes = c['sizes']
    lines = []
    add = lines.append
    add(BEGIN)
    add('## How it was run')
    add('')
    add('```sh')
    add('make bench                                    # every size, state and way, as below')
    add('BENCH_SIZES=50,200 BENCH_SCENARIOS=all make bench   # a part of it (tests/bench/bench.py lists the settings)')
    add('```')
    add('')
    add('- Run on %s (commit %s%s); `tests/bench/bench.py` took %.0f s (%.1f min); results in '
        '`build/bench/results.json`, every run\'s output in `build/bench/runs/`. Load average %.1f at the start, '
        '%.1f at the end.'
        % (m['date'], m.get('commit', '?'), ' with local changes' if m.get('dirty') else '', ctx.total_s,
           ctx.total_s / 60.0, m.get('load_at_start', 0), m.get('load_at_end', 0)))
    add('- Machine: %s, %s cores, %s GB RAM, %s, Linux %s, Python %s, ansible-core %s, requests %s, pycryptodome %s, '
        'py-spy %s. The emulator runs on the same cores as the measured process.'
        % (m['cpu'], m['cores'], m.get('memory_gb', '?'), m.get('os', '?'), m['kernel'], m['python'],
           m['packages']['ansible-core'], m['packages']['requests'], m['packages']['pycryptodome'],
           m['packages'].get('py-spy', '?')))
    add('- Fleets: %s emulated NVRs on loopback (`tests/emulator/run.py --latency-ms %d --cameras %d`, one process per '
        '1,000 NVRs), one size at a time; every API request waits %d ms in the emulator, so one NVR\'s %d sequential '
        'requests of a drift check take at least %.1f s. Baseline: the demo baseline '
        '`playbooks/inventory/demo/group_vars/nvrs.yml`, all eight resources, as the inventory\'s group variables. '
        '`ANSIBLE_FORKS=%d`; the floor uses a thread pool of %d.'
        % (', '.join(str(s) for s in sizes), c['latency_ms'], c['cameras'], c['latency_ms'], ctx.min_drift_requests,
           ctx.min_drift_requests * c['latency_ms'] / 1000.0, c['forks'], c['forks']))
    add('- States: **in sync** (the baseline applied); **20 %% drifted** (one managed setting changed behind its back on '
        'every %dth NVR, each time another of the eight resources); **all drifted** (every NVR drifted on all eight '
        'resources: the first check of a fleet adopted by hand). Each run is checked: drift.json and the recap (each '
        'NVR\'s own result, `nvr_fleet_result`) name exactly the drift injected, no write was sent, no session left open.'
        % ctx.drift_every)
    add('- The role applied two ways: **%s** is `playbooks/drift.yml` (role-level `run_once: true`); **%s** is '
        '`tests/bench/drift_roles.yml`, `roles: [mobotix.move_nvr.drift_report]` in a play of one\'s own (the role\'s '
        'argument validation then runs once per NVR). Both run the fleet check (`nvr_fleet_check`, one task for the '
        'whole play, which writes drift.json, drift.html and drift.junit.xml) and then `nvr_fleet_result` on every NVR.'
        % (ctx.variants['run_once'][1], ctx.variants['roles'][1]))
    add('- **floor**: `tests/bench/floor.py`, Python with `requests` and a thread pool: login, one GET per resource, '
        'logout per NVR, nothing compared: no tool can do a drift check with less. Measured before and after the '
        'runs of its size; each ratio is to the median floor of the same size in the same run.')
    add('- Per run: wall time; CPU = user+sys of the whole process tree (`wait4`: ansible-playbook, its forks and '
        'their children; the emulator not included); requests per NVR from the emulator\'s counters; memory as the '
        'peak RSS of the largest process of the tree (`wait4`) and the peak PSS of the whole tree (sampled every '
        '0.5 s, shared pages counted once). Medians of the runs; "runs" says how many (`BENCH_RUNS`: %s).'
        % ', '.join('%d NVRs: %d' % (s, c['runs'].get(s, c['runs'].get(None, 1))) for s in sizes))
    add('')
    add('## The drift check by fleet size and state')
    add('')
    add('| NVRs | state | role applied as | runs | wall s (median) | wall min-max | wall / floor | CPU s | '
        'CPU s per NVR | requests per NVR | largest process RSS MB | tree PSS MB | `nvr_fleet_result` s |')
    add('| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for size in sizes:
        floor = ctx.rows.get(('floor', size, '', ''))
        shown = ([floor] if floor else []) + list(drift_rows(ctx, size))
        for row in shown:
            if row['kind'] == 'floor':
                state, way = '**floor** (requests + threads)', '-'
            else:
                state, way = ctx.scenarios[row['scenario']], ctx.variants[row['variant']][1]
            spread = '%s-%s' % (fmt(row['wall_min']), fmt(row['wall_max'])) if row['runs'] > 1 else '-'
            add('| %d | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                size, state, way, row['runs'], fmt(row['wall_s']), spread,
                fmt(row['per_floor']) + 'x' if row['per_floor'] else '-', fmt(row['cpu_s']),
                fmt(row['cpu_per_nvr'], 3), fmt(row['requests_per_nvr']), fmt(row['max_rss_mb'], 0),
                fmt(row['tree_pss_mb'], 0), fmt(task_time(row, NVR_RESULT_TASK))))
    add('')
    add('`nvr_fleet_result` s: wall time of the per-host task that gives each NVR its own result (recap, `--diff`, '
        'AWX) in the median run, from the callback `tests/bench/callback_plugins/task_seconds.py` (from its start to '
        'the start of the next task, over all NVRs). Minimal requests per NVR: %d (login, one GET per resource, '
        'logout).' % ctx.min_drift_requests)
    add('')
    if plotted:
        add('![wall time against fleet size](benchmarks.png)')
        add('')
    lines += task_table(ctx)
    lines += profile_section(ctx)
    lines += comparison_section(ctx)
    lines += notes(ctx)
    add(END)
    return lines


def task_table(ctx):
    """Wall seconds per task of the median all-drifted run at the largest size, each way of applying the role."""
    size = max(ctx.config['sizes'])
    scenario = 'all' if 'all' in ctx.config['scenarios'] else (ctx.config['scenarios'] or [None])[-1]
    rows = [(variant, ctx.rows.get(('drift', size, scenario, variant))) for variant in ctx.config['variants']]
    rows = [(variant, row) for variant, row in rows if row and row['tasks']]
    if not rows:
        return []
    names = []
    for variant, row in rows:
        names += [name for name, seconds in row['tasks'] if name not in names]
    lines = ['### Where the wall time goes: %d NVRs, %s' % (size, ctx.scenarios[scenario]), '',
             'Wall seconds per task of the median run (`task_seconds`: from the start of a task to the start of the '
             'next, over all NVRs).', '',
             '| task | %s |' % ' | '.join('%s s' % ctx.variants[variant][1] for variant, row in rows),
             '| --- | %s |' % ' | '.join('---:' for dummy in rows)]
    for name in names:
        cells = []
        for variant, row in rows:
            found = [seconds for task, seconds in row['tasks'] if task == name]
            cells.append(fmt(sum(found)) if found else '-')
        lines.append('| %s | %s |' % (short_task(name), ' | '.join(cells)))
    rest = [fmt(row['median_wall_run'] - sum(seconds for name, seconds in row['tasks'])) for variant, row in rows]
    lines.append('| (outside the tasks: start-up, inventory, playbook, exit) | %s |' % ' | '.join(rest))
    lines.append('| **total** (wall of that run) | %s |' % ' | '.join(fmt(row['median_wall_run']) for variant, row in rows))
    lines.append('')
    return lines


def profile_section(ctx):
    lines = []
    for size, profile in sorted(ctx.profiles.items()):
        unprofiled = ctx.rows.get(('drift', size, profile.get('scenario'), profile.get('variant')))
        title = '### Where the CPU goes: %d NVRs, all drifted (py-spy)' % size
        if profile.get('error'):
            lines += [title, '', 'Not measured: %s.' % profile['error'], '']
            continue
        lines += [title, '',
                  'One more run of `%s` with the fleet all drifted, sampled by `py-spy record --subprocesses --gil '
                  '--rate %d` (every process of the tree; only samples of a thread holding its process\'s GIL, so '
                  'Python CPU, not waiting for an NVR): %d samples = %.1f CPU-s, %.1f s wall with py-spy attached '
                  '(raw profile `%s`). Each sample counts once, for the first rule of `tests/bench/profile_table.py` '
                  'that matches a frame of its stack, the most specific first (so HTTP inside the engine is HTTP, '
                  'masking inside the runner is masking).'
                  % (ctx.variants[profile['variant']][0], profile['rate'], profile['samples'], profile['cpu_s'],
                     profile['wall_s'], profile['raw'], ), '',
                  'A sample of a thread that holds its GIL while it waits for a core counts too, so on a busy machine '
                  'the samples add up to more than the CPU time; the same check without py-spy: %s CPU-s, %s s wall '
                  '(table above). The shares are what to compare.'
                  % (fmt(unprofiled['cpu_s']) if unprofiled else '-', fmt(unprofiled['wall_s']) if unprofiled else '-'),
                  '',
                  '| where | CPU s | share |', '| --- | ---: | ---: |']
        for row in profile['categories']:
            lines.append('| %s | %.1f | %.0f%% |' % (row['category'], row['cpu_s'], row['share'] * 100))
        lines += ['', 'By process:', '', '| process | CPU s | share |', '| --- | ---: | ---: |']
        for row in profile['processes']:
            lines.append('| %s | %.1f | %.0f%% |' % (row['process'], row['cpu_s'], row['share'] * 100))
        if profile.get('other_leaves'):
            lines += ['', 'Largest innermost frames of "other": %s.' % '; '.join(
                '`%s` %.1f%%' % (row['frame'], row['share'] * 100) for row in profile['other_leaves'][:6])]
        lines.append('')
    return lines


def comparison_section(ctx):
    """The apply, the uri playbook and the targets that docs/benchmarks.md's analysis and the README cite."""
    c = ctx.config
    order = ('apply', 'remediate', 'uri', 'uri_x')
    kinds = [key for key in ctx.rows if key[0] in order]
    if not kinds:
        return []
    lines = ['## Next to the apply and to a uri playbook', '',
             '- **apply**: `ansible-playbook playbooks/site.yml` on a fleet reset to factory state before each run '
             '(checked: every NVR changed, none failed).',
             '- **remediation**: `ansible-playbook playbooks/drift.yml -e move_nvr_remediate=true` on a fleet reset to '
             'factory state: the same apply from the drift check\'s one controller task (checked: every NVR changed and '
             'remediated in drift.json, none failed).',
             '- **uri**: `tests/bench/uri_drift.yml`, the drift check written with `ansible.builtin.uri`: log in, one '
             'GET per resource, log out, compare in Jinja, `assert` (checked: it flags exactly the drifted NVRs). It '
             'starts one Python process per request and NVR, so it runs on a few NVRs of the smallest fleet and is '
             'extrapolated: wall = start-up (the same playbook with `--list-tasks`) + (measured wall - start-up) / '
             'NVRs measured x NVRs; CPU in proportion.', '',
             '| NVRs | what | runs | wall s (median) | wall / floor | CPU s | requests per NVR | requests / minimal | '
             'largest process RSS MB | tree PSS MB |',
             '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |']
    for size in c['sizes']:
        for key in sorted(kinds, key=lambda k: order.index(k[0])):
            row = ctx.rows[key]
            if key[1] != size:
                continue
            minimal = ctx.min_apply_requests if row['kind'] in ('apply', 'remediate') else ctx.min_drift_requests
            nvrs, what = '%d' % row['nvrs'], 'collection apply'
            if row['kind'] == 'remediate':
                what = 'remediation (drift check with `move_nvr_remediate`)'
            elif row['kind'] == 'uri':
                nvrs = '%d of %d' % (row['nvrs'], size)
                what = 'uri playbook drift check (%s), measured' % ctx.scenarios[row['scenario']]
            elif row['kind'] == 'uri_x':
                what = 'uri playbook drift check, **extrapolated** from %d NVRs' % row['measured_on']
            add_row = '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                nvrs, what, row['runs'] or '-', fmt(row['wall_s']),
                fmt(row['per_floor']) + 'x' if row['per_floor'] else '-', fmt(row['cpu_s']),
                fmt(row['requests_per_nvr']), fmt(ratio(row['requests_per_nvr'], minimal), 2) + 'x',
                fmt(row['max_rss_mb'], 0), fmt(row['tree_pss_mb'], 0))
            lines.append(add_row)
    lines += ['', 'Minimal requests per NVR: %d for a drift check; %d for the apply from factory state (the same plus '
              'the %d writes this baseline needs at least: `MIN_APPLY_WRITES` in `tests/bench/bench.py`).'
              % (ctx.min_drift_requests, ctx.min_apply_requests, ctx.min_apply_writes), '']
    lines += targets(ctx)
    return lines


def targets(ctx):
    size = 200
    drift = ctx.rows.get(('drift', size, 'drift20', 'run_once'))
    if drift is None:
        return []
    uri = ctx.rows.get(('uri_x', size, 'drift20', '')) or ctx.rows.get(('uri', size, 'drift20', ''))
    r_floor = drift['per_floor']
    r_uri = ratio(uri and uri['wall_s'], drift['wall_s'])
    r_req = ratio(drift['requests_per_nvr'], ctx.min_drift_requests)
    return ['### Targets at 200 NVRs (20 % drifted, role with run_once)', '',
            '| | target | measured | met |', '| --- | --- | ---: | --- |',
            '| drift check: wall / floor | at most 3x | %sx | %s |' % (fmt(r_floor), met(r_floor, 3, False)),
            '| drift check: uri playbook / collection%s | at least 20x | %sx | %s |'
            % (' (uri extrapolated)' if uri and uri['kind'] == 'uri_x' else '', fmt(r_uri), met(r_uri, 20, True)),
            '| drift check: requests per NVR / minimal | at most 1.2x | %sx | %s |' % (fmt(r_req, 2), met(r_req, 1.2, False)),
            '']


def met(value, bound, at_least):
    if value is None:
        return 'not measured'
    ok = value >= bound if at_least else value <= bound
    return 'yes' if ok else '**no**'


def notes(ctx):
    c = ctx.config
    runs = [r for rs in ctx.results.values() for r in rs]
    other = sum(r['other_cpu_s'] for r in runs)
    walls = sum(r['wall_s'] for r in runs)
    share = other / max(1e-9, walls * (ctx.machine['cores'] or 1))
    emulator = []
    for size in c['sizes']:
        drift = [r for key, rs in ctx.results.items() if key[0] == 'drift' and key[1] == size for r in rs]
        if drift:
            emulator.append('%d NVRs %.1f-%.1f CPU-s'
                            % (size, min(r['emulator_cpu_s'] for r in drift), max(r['emulator_cpu_s'] for r in drift)))
    applied = sorted(set(key[1] for key in ctx.rows if key[0] == 'apply'))
    lines = ['## What was measured, and what was not', '',
             '- Time per fleet size (emulator start to stop, every run and the setting of the states): %s; the whole '
             '`make bench` adds `make venv` and the collection copy.'
             % ', '.join('%d NVRs %.0f s' % (size, seconds) for size, seconds in sorted(ctx.size_s.items())),
             '- Other processes on the machine used %.0f CPU-s during the measured runs (%.0f%% of the cores\' time). %s'
             % (other, 100 * share, 'Such load slows the playbooks more than the floor: treat the numbers as upper '
                'bounds.' if share > 0.05 else 'The machine was otherwise idle.')]
    if emulator:
        lines.append('- The emulator used, per drift check: %s (not in the CPU columns; it shares the cores).'
                     % '; '.join(emulator))
    lines.append('- Setting the states is not measured: the baseline applied (where the apply is not measured: '
                 '`site.yml` on the first NVR, its changed sections copied to the others through the emulator\'s side '
                 'channel), the drift injected the same way. %s'
                 % ('The apply is measured at %s NVRs only (`BENCH_APPLY_SIZES`): it runs per host, as an apply '
                    'should, and costs %s per NVR, so at 1,000 NVRs a run would take minutes.'
                    % (' and '.join(str(s) for s in applied), ', '.join(
                        '%.2f s' % (ctx.rows[('apply', s, '', '')]['wall_s'] / s) for s in applied))
                    if applied else 'The apply was not measured.'))
    lines += ['- No uri apply playbook was written: it would send every request of the uri drift check plus the writes, '
              'one module process each, so the uri drift check is a lower bound of its time.', '']
    return lines


def write_doc(ctx, path, plotted):
    """Replace the measured section of the page (between BEGIN and END); returns the section's text."""
    new = section(ctx, plotted)
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        text = '# Benchmarks\n\n%s\n## Analysis\n\n(Written by hand; kept by `make bench`.)\n' % ANALYSIS_START
    lines = text.split('\n')
    if BEGIN in lines and END in lines[lines.index(BEGIN):]:
        start = lines.index(BEGIN)
        end = lines.index(END, start)
        lines[start:end + 1] = new
    elif ANALYSIS_START in lines:
        at = lines.index(ANALYSIS_START)
        lines[at:at] = new + ['']
    else:
        lines += [''] + new
    with open(path, 'w') as f:
        f.write('\n'.join(lines))
    return '\n'.join(new[1:-1])


# ---------------------------------------------------------------------- the plot
def plot(ctx, path):
    try:
        import matplotlib  # pylint: disable=import-outside-toplevel
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
    except ImportError:
        print('[bench] matplotlib is missing: no plot (pip install -r tests/bench/requirements.txt)', flush=True)
        return False
    c = ctx.config
    sizes = c['sizes']
    colors = {'in_sync': 'tab:green', 'drift20': 'tab:blue', 'all': 'tab:purple'}
    markers = {'in_sync': 'o', 'drift20': 'D', 'all': 's'}
    styles = {'run_once': '-', 'roles': '--'}
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), dpi=100)
    for scenario in c['scenarios']:
        for variant in c['variants']:
            points = [(s, ctx.rows[('drift', s, scenario, variant)]) for s in sizes if ('drift', s, scenario, variant) in ctx.rows]
            if not points:
                continue
            label = '%s, %s' % (ctx.scenarios[scenario], ctx.variants[variant][1])
            style = dict(color=colors[scenario], marker=markers[scenario], linestyle=styles[variant], label=label,
                         markerfacecolor='white' if variant == 'roles' else colors[scenario])
            left.plot([s for s, row in points], [row['wall_s'] for s, row in points], **style)
            right.plot([s for s, row in points if row['per_floor']], [row['per_floor'] for s, row in points if row['per_floor']],
                       **style)
    extra = (('floor', 'floor (requests + threads)', 'black', '^', '-'), ('apply', 'collection apply', 'tab:orange', 'v', ':'),
             ('remediate', 'remediation (move_nvr_remediate)', 'tab:purple', 's', ':'),
             ('uri_x', 'uri playbook, extrapolated per NVR', 'tab:red', 'x', ':'))
    for kind, label, color, marker, line in extra:
        points = [(key[1], row['wall_s']) for key, row in sorted(ctx.rows.items()) if key[0] == kind]
        if points:
            left.plot([p[0] for p in points], [p[1] for p in points], color=color, marker=marker, linestyle=line, label=label)
    for ax in (left, right):
        ax.set_xscale('log')
        ax.set_xticks(sizes)
        ax.set_xticklabels([str(s) for s in sizes])
        ax.minorticks_off()
        ax.set_xlabel('NVRs in the fleet (forks %d, %d ms per request)' % (c['forks'], c['latency_ms']))
        ax.grid(True, which='both', alpha=0.3)
    left.set_yscale('log')
    left.set_ylabel('wall time, s (median, log scale)')
    left.set_title('drift check: wall time')
    right.set_ylabel('wall time / floor at the same size')
    right.set_title('drift check: ratio to the floor (same run)')
    right.axhline(1, color='black', linewidth=0.8)
    right.set_ylim(bottom=0)
    left.legend(fontsize=7)
    fig.suptitle('mobotix.move_nvr drift check against fleet size (solid: role with run_once; dashed: plain roles: entry)',
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True
