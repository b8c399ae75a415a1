"""Shared pytest set-up for tests/unit and tests/integration.

- Puts ``tests/emulator`` on ``sys.path`` so tests can ``import move_nvr_emulator``.
- When this collection sits in an ``ansible_collections/<namespace>/<name>``
  tree (as ``make collection`` lays it out under ``build/collections``), puts
  that tree's root on ``sys.path`` too, so that
  ``import ansible_collections.mobotix.move_nvr...`` works without PYTHONPATH.
"""

from __future__ import annotations

import pathlib
import sys

TESTS_DIR = pathlib.Path(__file__).resolve().parent
COLLECTION_ROOT = TESTS_DIR.parent
EMULATOR_DIR = TESTS_DIR / 'emulator'


def _prepend(path: pathlib.Path) -> None:
    text = str(path)
    if path.is_dir() and text not in sys.path:
        sys.path.insert(0, text)


_prepend(EMULATOR_DIR)

if COLLECTION_ROOT.parent.parent.name == 'ansible_collections':
    _prepend(COLLECTION_ROOT.parent.parent.parent)
