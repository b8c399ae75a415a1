"""python3 -m move_nvr_emulator (with tests/emulator on sys.path)."""

import sys

from .cli import main

sys.exit(main())
