#!/usr/bin/env bash
# make demo: the main job against three emulated NVRs on loopback.
#   1. drift check (check mode, --diff) of a new site: NVRs without cameras; the plan connects
#      them and sets their record templates and event actions, nothing is written
#   2. apply the baseline
#   3. drift check again: nothing to change
# Run through `make demo`, which prepares .venv and the collection copy.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DEMO=$ROOT/build/demo
rm -rf "$DEMO"; mkdir -p "$DEMO"

# Install the collection the way users do: from its built tarball.
export ANSIBLE_COLLECTIONS_PATH=$DEMO/collections
ansible-galaxy collection build --force --output-path "$DEMO" build/collections/ansible_collections/mobotix/move_nvr >/dev/null
ansible-galaxy collection install --force -p "$DEMO/collections" "$DEMO"/mobotix-move_nvr-*.tar.gz >/dev/null
echo "collection installed: $(ls "$DEMO"/mobotix-move_nvr-*.tar.gz)"

# Demo secrets come from the environment, as they would from a vault.
export DEMO_NVR_PASSWORD=Demo-Admin-2026 DEMO_SMTP_PASSWORD=Smtp-Demo-2026 DEMO_CAMERA_PASSWORD=Cam-Demo-2026
export DEMO_OPERATOR_PASSWORD=Operator2026 DEMO_GUARD_PASSWORD=Guard2026x
export ANSIBLE_NOCOLOR=${ANSIBLE_NOCOLOR:-} ANSIBLE_DEPRECATION_WARNINGS=0

python tests/emulator/run.py --count 3 --base-port 18441 --cameras 0 --admin-password "$DEMO_NVR_PASSWORD" \
    --ready-file "$DEMO/ready.json" >"$DEMO/emulator.log" 2>&1 &
EMULATOR=$!
trap 'kill $EMULATOR 2>/dev/null || true; wait $EMULATOR 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$DEMO/ready.json" ] && break; sleep 0.1; done
[ -s "$DEMO/ready.json" ] || { echo "the emulator did not start:"; cat "$DEMO/emulator.log"; exit 1; }
echo "emulated NVRs: $(cat "$DEMO/ready.json")"

INVENTORY=(-i playbooks/inventory/demo)
banner() { printf '\n==== %s ====\n\n' "$1"; }

banner "1/3 drift check: the baseline in check mode with --diff, nothing is written; fleet report"
ansible-playbook "${INVENTORY[@]}" playbooks/drift.yml --diff -e move_nvr_report_dir="$DEMO/report-before" | tee "$DEMO/drift-before.txt"
banner "2/3 apply the baseline"
ansible-playbook "${INVENTORY[@]}" playbooks/site.yml | tee "$DEMO/apply.txt"
banner "3/3 drift check again: expect no drift on any NVR"
ansible-playbook "${INVENTORY[@]}" playbooks/drift.yml --diff -e move_nvr_report_dir="$DEMO/report-after" \
    -e move_nvr_fail_on_drift=true | tee "$DEMO/drift-after.txt"

summary() {
    python - "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))['summary']
print('%(drifted)d of %(nvrs)d NVRs drifted, %(unreachable)d unreachable; '
      '%(resources_drifted)d of %(resources)d resources drifted' % s)
PY
}
printf '\nbefore the apply: %s\n' "$(summary "$DEMO/report-before/drift.json")"
printf 'after the apply:  %s\n' "$(summary "$DEMO/report-after/drift.json")"
printf '\ndemo: OK. The fleet report (open it in a browser): %s\n' "$DEMO/report-after/drift.html"
printf 'The report of the drift found before the apply: %s\n' "$DEMO/report-before/drift.html"
