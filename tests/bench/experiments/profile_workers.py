#!/usr/bin/env python
"""EXPERIMENT for docs/benchmarks.md: ansible-playbook with cProfile (CPU time) in the main
process and in every forked worker; one .prof file per process in $PROFILE_DIR.

    PROFILE_DIR=/tmp/prof python profile_workers.py -i INVENTORY playbooks/site.yml --check --diff
    python -c "import glob,pstats; pstats.Stats(*glob.glob('/tmp/prof/worker-*.prof')).sort_stats('cumulative').print_stats(40)"
"""

import cProfile
import os
import sys
import time

from ansible.executor.process import worker

OUT = os.environ['PROFILE_DIR']
_original_run = worker.WorkerProcess._run  # pylint: disable=protected-access


def _profiled_run(self):
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    try:
        return _original_run(self)
    finally:
        profile.disable()
        profile.dump_stats(os.path.join(OUT, 'worker-%d.prof' % os.getpid()))


worker.WorkerProcess._run = _profiled_run  # pylint: disable=protected-access


def main():
    from ansible.cli.playbook import main as playbook_main  # pylint: disable=import-outside-toplevel
    sys.argv[0] = 'ansible-playbook'
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    try:
        return playbook_main()
    finally:
        profile.disable()
        profile.dump_stats(os.path.join(OUT, 'main.prof'))


if __name__ == '__main__':
    sys.exit(main())
