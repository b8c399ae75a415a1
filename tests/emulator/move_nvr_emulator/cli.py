"""Command line: python3 tests/emulator/run.py --count 3 --base-port 18000"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import threading

from .dialect import DIALECTS
from .hostile import DEFAULT_CANARY, DEFAULT_DRIP_S, HOSTILE
from .server import Fleet
from . import twin


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="run.py", description="Emulated MOBOTIX MOVE NVRs on loopback ports (tests only).")
    parser.add_argument("--count", type=int, default=1, help="number of NVRs (default 1)")
    parser.add_argument("--base-port", type=int, default=0, help="first port; 0 finds a free consecutive range (default 0)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every API request (default 0)")
    parser.add_argument("--https", action="store_true", help="TLS with a self-signed certificate made at start")
    parser.add_argument("--state-dir", help="keep each NVR's state in DIR/nvrNNN.json (loaded at start)")
    parser.add_argument("--channels", type=int, default=32, help="num_ch (default 32)")
    parser.add_argument("--alarm-inputs", type=int, default=4, help="num_alarm (default 4)")
    parser.add_argument("--relays", type=int, default=2, help="num_relay, alarm outputs (default 2)")
    parser.add_argument("--admin-password", default=os.environ.get("MOVE_NVR_EMULATOR_ADMIN_PASSWORD", "1234"),
                        help="password of the Admin account (default 1234, or $MOVE_NVR_EMULATOR_ADMIN_PASSWORD)")
    parser.add_argument("--admin-name", default="Admin",
                        help="user name of the administrator account (default Admin, as the manual writes it)")
    parser.add_argument("--cameras", type=int, default=0, help="cameras connected at factory on channels 0..N-1 (default 0)")
    parser.add_argument("--model", default="H100", help="model name in /information/version (default H100)")
    parser.add_argument("--session-timeout", type=float, default=1800.0, help="idle seconds before a session expires")
    parser.add_argument("--code-style", choices=("manual", "int", "string"), default="manual",
                        help="success code: as the manual's examples (default), always 0, or always \"0\" "
                             "(the manual dialect always answers \"0\")")
    parser.add_argument("--dialect", choices=DIALECTS, default="strict",
                        help="the reading of the manual every NVR follows: strict (default), manual or lenient")
    parser.add_argument("--dialect-nvr", action="append", default=[], metavar="I=NAME",
                        help="the dialect of NVR number I of this process (0-based), instead of --dialect; repeatable")
    parser.add_argument("--first-index", type=int, default=0,
                        help="number of the first NVR (names, MACs, state files), to keep several processes distinct")
    parser.add_argument("--hostile", default="", metavar="MODES",
                        help=f"hostile modes of every NVR, comma separated, out of {', '.join(HOSTILE)} (default none)")
    parser.add_argument("--hostile-nvr", action="append", default=[], metavar="I=MODES",
                        help="hostile modes of NVR number I of this process (0-based), instead of --hostile; repeatable")
    parser.add_argument("--canary", default=DEFAULT_CANARY,
                        help=f"path the payload strings try to create (default {DEFAULT_CANARY})")
    parser.add_argument("--drip-s", type=float, default=DEFAULT_DRIP_S,
                        help=f"seconds between two bytes of a dripping reply (default {DEFAULT_DRIP_S})")
    parser.add_argument("--redirect-port", type=int, default=0,
                        help="port in the Location of a redirecting NVR (default 0: its own port + 1)")
    parser.add_argument("--state", metavar="FILE", help="a twin: one NVR answering as this device replies file "
                        "says (twin.py, docs/real-nvr.md)")
    parser.add_argument("--ready-file", help="also write the ready JSON line to this file")
    parser.add_argument("--verbose", action="store_true", help="log method, path and status of each request to stderr")
    return parser.parse_args(argv)


def per_nvr_hostile(specs, count: int, per_nvr=None, option: str = "hostile") -> list:
    """--hostile-nvr I=MODES ... (or --dialect-nvr I=NAME with option "dialect") as Fleet's per_nvr list;
    ValueError on a bad one."""
    per_nvr = per_nvr if per_nvr is not None else [{} for dummy in range(count)]
    for spec in specs:
        index, sep, value = spec.partition("=")
        if not sep or not index.strip().isdigit() or int(index) >= count:
            what = "MODES" if option == "hostile" else "NAME"
            raise ValueError(f"--{option}-nvr {spec!r}: expected I={what} with I in 0..{count - 1}")
        per_nvr[int(index)][option] = value.strip() if option == "dialect" else value
    return per_nvr


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        twin_file = twin.load(args.state) if args.state else None
        if twin_file:
            twin_file.adjust_args(args, argv)
        fleet = Fleet(count=args.count, base_port=args.base_port, latency_ms=args.latency_ms, https=args.https,
                      state_dir=args.state_dir, verbose=args.verbose, num_ch=args.channels, num_alarm=args.alarm_inputs,
                      num_relay=args.relays, admin_password=args.admin_password, admin_name=args.admin_name, cameras=args.cameras,
                      model=args.model, session_timeout_s=args.session_timeout, code_style=args.code_style,
                      first_index=args.first_index, hostile=args.hostile, canary=args.canary, drip_s=args.drip_s,
                      redirect_port=args.redirect_port, dialect=args.dialect,
                      per_nvr=per_nvr_hostile(args.dialect_nvr, max(args.count, 0),
                                              per_nvr_hostile(args.hostile_nvr, max(args.count, 0)), "dialect"))
        fleet.start()
        if twin_file:
            twin_file.apply(fleet.nvrs[0])
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"move_nvr_emulator: cannot start: {exc}", file=sys.stderr)
        return 2
    stop = threading.Event()

    def _on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    line = json.dumps(fleet.ready_info(os.getpid()))
    try:
        if args.ready_file:
            # A fresh temporary name, then a rename: never written through a planted file or link.
            fd, tmp = tempfile.mkstemp(prefix=".ready.", dir=os.path.dirname(os.path.abspath(args.ready_file)))
            with open(fd, "w", encoding="utf-8") as handle:
                handle.write(line + "\n")
            os.chmod(tmp, 0o644)
            os.replace(tmp, args.ready_file)
        print(line, flush=True)
        while not stop.wait(1.0):
            pass
    finally:
        fleet.stop()
    return 0
