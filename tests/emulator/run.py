#!/usr/bin/env python
"""Start emulated MOVE NVRs: python3 tests/emulator/run.py --count 3 --base-port 18000

Prints one JSON line {"ports": [...], "scheme": "http", "pid": N} when ready and
runs until SIGTERM/SIGINT.  See docs/emulator.md.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from move_nvr_emulator.cli import main  # noqa: E402  pylint: disable=wrong-import-position

if __name__ == "__main__":
    sys.exit(main())
