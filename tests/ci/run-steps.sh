#!/usr/bin/env bash
# Run `make STEP` for each STEP given, carry on after a failure, then print a
# summary: each step's result and time, and the pytest totals read from the
# JUnit files in build/reports/.  Exits non-zero if any step failed.
#
# usage: tests/ci/run-steps.sh STEP...   (MAKE may name the make program)
#   a STEP written as '!STEP' is required: if it fails, the run stops there.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
make_cmd="${MAKE:-make}"
reports="${root}/build/reports"

rm -f "${reports}"/*.xml  # totals below come from this run only

declare -a names=() results=() times=()
failed=0
total_start=${SECONDS}

for step in "$@"; do
    required=no
    if [[ "${step}" == '!'* ]]; then
        required=yes
        step="${step#!}"
    fi
    echo
    echo "================================================================"
    echo "== make ${step}"
    echo "================================================================"
    start=${SECONDS}
    if "${make_cmd}" --no-print-directory -C "${root}" "${step}"; then
        result=ok
    else
        result=FAILED
        failed=$((failed + 1))
    fi
    names+=("${step}")
    results+=("${result}")
    times+=("$((SECONDS - start))")
    if [[ "${result}" != ok && "${required}" == yes ]]; then
        echo "== ${step} failed: the remaining steps need it, stopping"
        break
    fi
done

echo
echo "================================================================"
echo "== summary (${root})"
echo "================================================================"
if [[ -n "${CI_SETUP_SECONDS:-}" ]]; then
    printf '  %-14s %-7s %5ss\n' "system setup" "ok" "${CI_SETUP_SECONDS}"
fi
for i in "${!names[@]}"; do
    printf '  %-14s %-7s %5ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
printf '  %-14s %-7s %5ss\n' "total" "" "$((SECONDS - total_start))"

if [[ ${failed} -ne 0 ]]; then
    echo "RESULT: FAILED (${failed} of ${#names[@]} steps failed)"
else
    echo "RESULT: OK (all ${#names[@]} steps passed)"
fi

# pytest totals, from the JUnit XML files that `make units` / `make integration` write
python3 - "${reports}" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET
totals = dict(passed=0, failed=0, skipped=0)
found = False
for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.xml'))):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        continue
    suites = [root] if root.tag == 'testsuite' else root.findall('testsuite')
    t = dict(passed=0, failed=0, skipped=0)
    for s in suites:
        tests = int(s.get('tests', 0))
        failures = int(s.get('failures', 0)) + int(s.get('errors', 0))
        skipped = int(s.get('skipped', 0))
        t['passed'] += tests - failures - skipped
        t['failed'] += failures
        t['skipped'] += skipped
    found = True
    print('  %-14s %d passed, %d failed, %d skipped' % (os.path.basename(path)[:-4], t['passed'], t['failed'], t['skipped']))
    for k in totals:
        totals[k] += t[k]
if found:
    print('pytest: %d passed, %d failed, %d skipped' % (totals['passed'], totals['failed'], totals['skipped']))
PY

[[ ${failed} -eq 0 ]]
