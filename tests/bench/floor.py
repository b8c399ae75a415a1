#!/usr/bin/env python
"""The floor of `make bench`: the least a drift check of a fleet has to do over HTTP.

For every NVR: log in (md5 of "user:password"), GET each of the eight
resources once, log out; NVRs in parallel on a thread pool of the same size as
the playbooks' forks. Nothing is compared, parsed beyond the result code, or
written: this is the HTTP work and the Python start-up, nothing else, so any
real tool lands above it.

    floor.py --ports 19000-19199[,FIRST-LAST...] --password SECRET [--workers 50] [--host 127.0.0.1]

Prints one JSON line: {"nvrs": N, "ok": N, "requests": N, "errors": [...]}.
Exit status 1 if any NVR failed.
"""

import argparse
import hashlib
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import requests

# One GET per resource of the baseline (the eight the collection manages).
RESOURCE_PATHS = (
    '/information/camera_list',       # camera
    '/information/user_management',   # account
    '/record/template',               # record_template
    '/setup/event_action_config',     # event_action
    '/setup/email_config',            # email
    '/setup/ddns_config',             # ddns
    '/setup/system_monitor_config',   # system_monitor
    '/record/config',                 # record_config
)


def ok(reply):
    return reply.get('code') in (0, '0')


def read_nvr(base_url, username, password, timeout):
    """Login, eight GETs, logout on one keep-alive session; returns the number of requests."""
    with requests.Session() as session:
        account = hashlib.md5(('%s:%s' % (username, password)).encode('utf-8')).hexdigest()
        reply = session.post(base_url + '/auth/login', data={'account': account}, timeout=timeout)
        reply.raise_for_status()
        if not ok(reply.json()):
            raise RuntimeError('login refused: %s' % reply.text[:80])
        count = 1
        try:
            for path in RESOURCE_PATHS:
                reply = session.get(base_url + path, timeout=timeout)
                count += 1
                reply.raise_for_status()
                if not ok(reply.json()):
                    raise RuntimeError('%s refused: %s' % (path, reply.text[:80]))
        finally:
            session.get(base_url + '/logout', timeout=timeout)
            count += 1
        return count


def port_range(text):
    """'FIRST-LAST[,FIRST-LAST...]' (a fleet of several emulator processes) -> [port, ...]."""
    ports = []
    for part in text.split(','):
        first, dummy, last = part.partition('-')
        ports.extend(range(int(first), int(last or first) + 1))
    return ports


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--ports', required=True, type=port_range, help='FIRST-LAST[,FIRST-LAST...], one NVR per port')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--username', default='Admin')
    parser.add_argument('--password', required=True)
    parser.add_argument('--workers', type=int, default=50, help='threads (default 50, as the playbooks\' forks)')
    parser.add_argument('--timeout', type=float, default=10)
    args = parser.parse_args(argv)

    def one(port):
        try:
            return port, read_nvr('http://%s:%d' % (args.host, port), args.username, args.password, args.timeout), None
        except Exception as e:  # pylint: disable=broad-except
            return port, 0, '%s: %s' % (port, e)

    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(one, args.ports))
    errors = [result[2] for result in results if result[2]]
    print(json.dumps({'nvrs': len(results), 'ok': len(results) - len(errors),
                      'requests': sum(result[1] for result in results), 'errors': errors[:5]}))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
