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

Progress (optional): with `progress`, handle(share, done) calls done(kind) (kind: one ASCII letter) for each
item it finishes; a child sends each kind as one byte over a second pipe, which a thread of the parent reads,
so that progress(kind) is called in the parent only (the parent's own share calls it directly), while the
shares run. The children are reaped and that thread joined on every path, also when the parent's share fails.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import select
import threading
import traceback


def shares(items, processes):
    """items dealt round-robin into at most `processes` non-empty lists."""
    count = max(1, min(processes, len(items)))
    return [items[i::count] for i in range(count)]


def run_split(handle, items, processes, lost, progress=None):
    """{item: result} of handle(share) over every share, each share in its own process.

    handle(list of items) -> {item: JSON-serialisable result}; lost(item, why) -> result. With progress
    (a callable of one letter), handle is called as handle(share, done) and every done(kind) of every share
    becomes progress(kind) in this process.
    """
    parts = shares(list(items), processes)
    children, progress_ends = [], []
    for share in parts[1:]:
        read_end, write_end = os.pipe()
        progress_read, progress_write = os.pipe() if progress is not None else (None, None)
        pid = os.fork()
        if pid == 0:  # the child: handle its share, hand back the result, end here
            os.close(read_end)
            try:
                if progress is None:
                    payload = {'results': handle(share)}
                else:
                    os.close(progress_read)
                    payload = {'results': handle(share, lambda kind, fd=progress_write: send_kind(fd, kind))}
            except BaseException:  # pylint: disable=broad-except
                payload = {'error': traceback.format_exc().strip().splitlines()[-1]}
            try:
                with os.fdopen(write_end, 'wb') as pipe:
                    pipe.write(json.dumps(payload).encode('utf-8'))
            finally:
                os._exit(0)  # pylint: disable=protected-access
        os.close(write_end)
        if progress is not None:
            os.close(progress_write)
            progress_ends.append(progress_read)
        children.append((pid, read_end, share))
    reader = None
    try:
        if progress is None:
            results = handle(parts[0])
        else:
            reader = threading.Thread(target=relay, args=(progress_ends, progress), name='process_split progress')
            reader.daemon = True
            reader.start()
            results = handle(parts[0], progress)
    finally:
        # Always collect the children, also when this share failed: no zombie, no open pipe.
        collected = [(share, collect(pid, read_end)) for pid, read_end, share in children]
        # Every child has ended, so every progress pipe is at its end: the relay ends too.
        if reader is not None:
            reader.join()
        for fd in progress_ends if reader is None else []:
            os.close(fd)
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


def send_kind(fd, kind):
    """One progress letter from a child to the parent (one byte: atomic on a pipe)."""
    try:
        os.write(fd, (kind or '?')[:1].encode('ascii', 'replace'))
    except OSError:
        pass


def relay(fds, progress):
    """progress(kind) for every letter the children send, until every pipe is at its end; closes them."""
    open_fds = list(fds)
    try:
        while open_fds:
            ready, _w, _x = select.select(open_fds, [], [])
            for fd in ready:
                data = os.read(fd, 4096)
                if not data:
                    open_fds.remove(fd)
                    os.close(fd)
                    continue
                for kind in data.decode('ascii', 'replace'):
                    try:
                        progress(kind)
                    except Exception:  # pylint: disable=broad-except
                        pass  # progress is a courtesy: never lose the pipe's end for it
    finally:
        for fd in open_fds:
            os.close(fd)
