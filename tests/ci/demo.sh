#!/usr/bin/env bash
# Placeholder: the lead replaces this with the demo (`make demo`).
echo "make demo: not yet (tests/ci/demo.sh is a placeholder)" >&2
exit 1
