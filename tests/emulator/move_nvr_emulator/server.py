"""HTTP(S) servers on loopback ports, one per NVR, and the Fleet that runs them in one process."""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import ssl
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import dispatch, sidechannel, tls
from .factory import NvrOptions
from .state import Nvr

HOST = "127.0.0.1"  # never any other address
MAX_BODY = 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MOVE-NVR-Emulator/1.0"
    sys_version = ""
    timeout = 300  # idle keep-alive connections end after this
    disable_nagle_algorithm = True

    def setup(self):
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(15)
            self.request.do_handshake()
        super().setup()

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: the standard log would show query strings."""

    def log_request(self, code="-", size="-"):
        if self.server.nvr.verbose:
            path = self.path.split("?", 1)[0]
            print(f"[{self.server.nvr.port}] {self.command} {path} {code}", file=sys.stderr, flush=True)

    def _send(self, resp: dispatch.Response) -> None:
        if resp.drip_s:
            self._drip(resp)
            return
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(resp.length()))
        for name, value in resp.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            for part in resp.parts():
                self.wfile.write(part)

    def _drip(self, resp: dispatch.Response) -> None:
        """Hostile mode drip: the status line, headers and body one byte every resp.drip_s seconds.

        Each byte arrives well within any read timeout, so only a deadline on the whole reply
        ends it.  Stops when the client has gone (or the fleet stops: its sockets are shut).
        """
        self.log_request(resp.status)
        reason = self.responses.get(resp.status, ("",))[0]
        lines = [f"{self.protocol_version} {resp.status} {reason}", f"Server: {self.version_string()}",
                 f"Date: {self.date_time_string()}", f"Content-Type: {resp.content_type}",
                 f"Content-Length: {resp.length()}"] + [f"{name}: {value}" for name, value in resp.headers]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        parts = [head] if self.command == "HEAD" else [head, *resp.parts()]
        try:
            for part in parts:
                for i in range(len(part)):
                    self.wfile.write(part[i:i + 1])
                    time.sleep(resp.drip_s)
        except OSError:
            self.close_connection = True

    def _refuse(self, status: int, msg: str) -> None:
        self.close_connection = True
        self._send(dispatch.Response(status, dispatch.dumps({"code": -1, "msg": msg}), dispatch.CONTENT_TYPE,
                                     [("Connection", "close")]))

    def _handle(self) -> None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self._refuse(411, "chunked bodies are not supported; send Content-Length")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._refuse(400, "bad Content-Length")
            return
        if length < 0 or length > MAX_BODY:
            self._refuse(413, f"body too large (at most {MAX_BODY} bytes)")
            return
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            self.close_connection = True
            return
        server = self.server
        if self.path.split("?", 1)[0].startswith("/_emulator/"):
            resp = sidechannel.handle(server.fleet, server.nvr, self.command, self.path, body)
        else:
            resp = dispatch.handle_api(server.nvr, self.command, self.path, self.headers, body, self.client_address[0])
        if resp is None:
            self.close_connection = True
            return
        self._send(resp)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _handle


class NvrServer(ThreadingHTTPServer):
    """One NVR's listening socket (127.0.0.1 only), thread per connection."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, port: int, nvr: Nvr, fleet, ssl_context: ssl.SSLContext | None):
        self.nvr = nvr
        self.fleet = fleet
        self.ssl_context = ssl_context
        self._conns: set = set()
        self._conns_lock = threading.Lock()
        super().__init__((HOST, port), _Handler)

    def get_request(self):
        sock, addr = super().get_request()
        if self.ssl_context is not None:
            sock = self.ssl_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def process_request(self, request, client_address):
        with self._conns_lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        if self.nvr.verbose:
            super().handle_error(request, client_address)

    def wake(self) -> None:
        """Connect once so that serve_forever sees a shutdown request without waiting for its poll interval."""
        try:
            with socket.create_connection(self.server_address, timeout=1):
                pass
        except OSError:
            pass

    def close_connections(self) -> None:
        with self._conns_lock:
            conns = list(self._conns)
        for sock in conns:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class Fleet:  # pylint: disable=too-many-instance-attributes
    """Many emulated NVRs in this process, on consecutive loopback ports.

    ``Fleet(count=3, base_port=0, latency_ms=0, https=False, state_dir=None,
    verbose=False, per_nvr=None, first_index=0, **nvr_options)``; ``nvr_options`` are the
    fields of NvrOptions (num_ch, num_alarm, num_relay, admin_password, model,
    cameras, session_timeout_s, code_style, dialect, and the hostile mode's hostile, canary,
    drip_s, redirect_port), ``per_nvr`` an optional list of dicts overriding them
    for NVR 0, 1, ... (so some hostile NVRs, or NVRs of other dialects, can run among the others).  ``base_port=0`` finds a free
    consecutive range.  NVR i is numbered first_index + i (its name, MAC and
    state file).  Use as a context manager or call start()/stop().
    """

    def __init__(self, count: int = 1, *, base_port: int = 0, latency_ms: float = 0.0, https: bool = False,
                 state_dir: str | None = None, verbose: bool = False, per_nvr=None, first_index: int = 0, **nvr_options):
        if not 1 <= count <= 1000:
            raise ValueError("count must be 1..1000")
        if first_index < 0:
            raise ValueError("first_index must be >= 0")
        self.count = count
        self.base_port = base_port
        self.latency_ms = latency_ms
        self.https = https
        self.state_dir = state_dir
        self.verbose = verbose
        self.first_index = first_index
        self._options = []
        per_nvr = list(per_nvr or [])
        for i in range(count):
            merged = dict(nvr_options, **(per_nvr[i] if i < len(per_nvr) else {}))
            opts = NvrOptions(**merged)
            opts.validate()
            self._options.append(opts)
        self.nvrs: list[Nvr] = []
        self.servers: list[NvrServer] = []
        self._threads: list[threading.Thread] = []
        self._tmpdir: str | None = None
        self.cert_file: str | None = None
        self._ssl_context = None

    # ---- lifecycle ---------------------------------------------------
    def __enter__(self) -> "Fleet":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> "Fleet":
        if self.servers:
            return self
        if self.https:
            self._tmpdir = tempfile.mkdtemp(prefix="move-nvr-emulator-")
            self.cert_file, key = tls.make_certificate(self._tmpdir)
            self._ssl_context = tls.server_context(self.cert_file, key)
        if self.state_dir:
            os.makedirs(self.state_dir, exist_ok=True)
        self.nvrs = [Nvr(self.first_index + i, opts, self.state_dir, self.latency_ms, self.verbose)
                     for i, opts in enumerate(self._options)]
        try:
            self._bind()
        except BaseException:
            self._cleanup_tmp()
            raise
        for server in self.servers:
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.5},
                                      name=f"nvr-{server.nvr.port}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def _bind_range(self, base: int) -> list:
        servers = []
        try:
            for i, nvr in enumerate(self.nvrs):
                servers.append(NvrServer(base + i, nvr, self, self._ssl_context))
        except OSError:
            for server in servers:
                server.server_close()
            raise
        return servers

    def _bind(self) -> None:
        if self.base_port:
            if self.base_port + self.count - 1 > 65535:
                raise ValueError("base_port + count - 1 must be <= 65535")
            servers = self._bind_range(self.base_port)
        else:
            rng = random.Random()
            for dummy in range(100):
                try:
                    servers = self._bind_range(rng.randint(20000, 60999 - self.count))
                    break
                except OSError:
                    continue
            else:
                raise OSError("no free range of consecutive loopback ports found")
        scheme = "https" if self.https else "http"
        for server in servers:
            server.nvr.port = server.server_address[1]
            server.nvr.scheme = scheme
        self.servers = servers

    def stop(self) -> None:
        """Stop every server (in parallel), close open connections, remove the certificate."""
        if not self.servers:
            self._cleanup_tmp()
            return
        stoppers = [threading.Thread(target=s.shutdown, daemon=True) for s in self.servers]
        for thread in stoppers:
            thread.start()
        for server, thread in zip(self.servers, stoppers):
            for dummy in range(200):  # wake the accept loop until it has seen the shutdown request
                server.wake()
                thread.join(timeout=0.05)
                if not thread.is_alive():
                    break
        for server in self.servers:
            server.close_connections()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self.servers = []
        self._threads = []
        self._cleanup_tmp()

    def _cleanup_tmp(self) -> None:
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    # ---- information -------------------------------------------------
    @property
    def ports(self) -> list:
        return [nvr.port for nvr in self.nvrs]

    @property
    def scheme(self) -> str:
        return "https" if self.https else "http"

    @property
    def urls(self) -> list:
        return [nvr.url for nvr in self.nvrs]

    def ready_info(self, pid: int) -> dict:
        info = {"ports": self.ports, "scheme": self.scheme, "pid": pid}
        if self.cert_file:
            info["cert_file"] = self.cert_file
        return info

    def fleet_stats(self) -> dict:
        """{"total": sums over all NVRs, "per_port": {port: stats}}."""
        per_port = {}
        total = {"requests": 0, "logins": 0, "login_failures": 0, "logouts": 0, "open_sessions": 0,
                 "write_attempts": 0, "writes": 0, "by_endpoint": {}}
        for nvr in self.nvrs:
            stats = nvr.stats()
            per_port[str(nvr.port)] = stats
            for key, value in stats.items():
                if key == "by_endpoint":
                    for endpoint, count in value.items():
                        total["by_endpoint"][endpoint] = total["by_endpoint"].get(endpoint, 0) + count
                elif key in total:
                    total[key] += value
        total["nvrs"] = len(self.nvrs)
        return {"total": total, "per_port": per_port}

    def reset(self, counters_only: bool = False) -> None:
        for nvr in self.nvrs:
            nvr.reset(counters_only)

    def __repr__(self) -> str:
        return f"Fleet({json.dumps(self.ports)}, scheme={self.scheme})"
