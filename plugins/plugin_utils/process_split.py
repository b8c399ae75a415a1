# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Share work out over forked copies of this process, to use more than one core.

Why: checking an NVR is mostly Python (requests, the diff), so one process with
threads is bound by one core (the GIL); a fleet check of hundreds of NVRs was
CPU-bound in that one core (docs/benchmarks.md).

How: the items are dealt round-robin into `processes` shares; each share but the
first is handled by a child forked before any thread of ours exists, which
sends its result back as JSON through a pipe and ends with os._exit (no clean-up
of the parent's state runs twice). The first share is handled here meanwhile.
A child that dies without a result gives `lost(item)` for each of its items.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import traceback


def shares(items, processes):
    """items dealt round-robin into at most `processes` non-empty lists."""
    count = max(1, min(processes, len(items)))
    return [items[i::count] for i in range(count)]


def run_split(handle, items, processes, lost):
    """{item: result} of handle(share) over every share, each share in its own process.

    handle(list of items) -> {item: JSON-serialisable result}; lost(item, why) -> result.
    """
    parts = shares(list(items), processes)
    children = []
    for share in parts[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: handle its share, hand back the result, end here
            os.close(read_end)
            try:
                payload = {'results': handle(share)}
            except BaseException:  # pylint: disable=broad-except
                payload = {'error': traceback.format_exc().strip().splitlines()[-1]}
            try:
                with os.fdopen(write_end, 'wb') as pipe:
                    pipe.write(json.dumps(payload).encode('utf-8'))
            finally:
                os._exit(0)  # pylint: disable=protected-access
        os.close(write_end)
        children.append((pid, read_end, share))
    try:
        results = handle(parts[0])
    finally:
        # Always collect the children, also when this share failed: no zombie, no open pipe.
        collected = [(share, collect(pid, read_end)) for pid, read_end, share in children]
    for share, payload in collected:
        if 'results' in payload:
            results.update(payload['results'])
        else:
            results.update((item, lost(item, payload['error'])) for item in share)
    return results


def collect(pid, read_end):
    """The payload a child sent, once it has ended."""
    with os.fdopen(read_end, 'rb') as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    try:
        return json.loads(data.decode('utf-8'))
    except ValueError:
        return {'error': 'the process ended without a result'}
