#!/usr/bin/env bash
# Placeholder: replaced by the benchmark (`make bench`).
echo "make bench: not yet (tests/bench/run.sh is a placeholder)" >&2
exit 1
