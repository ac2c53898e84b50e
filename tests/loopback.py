"""A real HTTP server on 127.0.0.1 for tests that exercise the network.

Fetch behaviour (timeouts, size limits, redirects, robots.txt, retries, caching)
is only believable when it is checked against real sockets, so tests start one
of these on an ephemeral port, tell it how to answer each path, and then read
back what it saw: every request with its headers and arrival time, the number
of TCP connections accepted, and the most requests it ever had in flight at
once.

    with LoopbackServer() as srv:
        srv.add("/page", Reply(body=b"hello", headers={"Content-Type": "text/plain"}))
        srv.add("/old", redirect(srv.url("/page")))
        srv.add("/busy", [Reply(429, headers={"Retry-After": "1"}), Reply(body=b"ok")])
        ...
        assert srv.hits("/page") == 1
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpcore

from evidence.fetch import Fetcher
from evidence.settings import FetchSettings

__all__ = [
    "LoopbackServer",
    "Reply",
    "Seen",
    "closed_port",
    "compressed_bomb",
    "fetch_settings",
    "redirect",
    "route_addresses",
    "stream_of",
]


@dataclass
class Reply:
    """How the server answers one request.

    A fixed `body` is sent with a Content-Length (`content_length` overrides the
    declared value). `chunks` streams the body with chunked transfer encoding
    and no Content-Length, sleeping `drip` seconds between chunks; it may be a
    callable so each request gets a fresh generator. `wait` delays everything,
    headers included.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunks: Iterable[bytes] | Callable[[], Iterable[bytes]] | None = None
    drip: float = 0.0
    wait: float = 0.0
    content_length: int | None = None


@dataclass(frozen=True)
class Seen:
    """One request as the server received it (header names lower case)."""

    method: str
    path: str
    headers: dict[str, str]
    time: float


Route = Reply | list[Reply] | Callable[[Seen], Reply]


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, headers={"Location": location})


def stream_of(total: int, chunk: int = 64 * 1024) -> Callable[[], Iterator[bytes]]:
    """A lazily generated body of `total` bytes, so a 50 MB answer costs no memory."""

    def gen() -> Iterator[bytes]:
        block = b"x" * chunk
        sent = 0
        while sent < total:
            n = min(chunk, total - sent)
            yield block[:n]
            sent += n

    return gen


def compressed_bomb(expanded: int, encoding: str = "gzip") -> bytes:
    """`expanded` zero bytes compressed as gzip, zlib-wrapped deflate or raw deflate.

    Built in one-megabyte steps, so making a 100 MB bomb never holds 100 MB.
    """
    wbits = {"gzip": 31, "deflate": 15, "raw-deflate": -15}[encoding]
    comp = zlib.compressobj(9, zlib.DEFLATED, wbits)
    step = b"\0" * (1 << 20)
    parts = []
    left = expanded
    while left > 0:
        parts.append(comp.compress(step[: min(left, len(step))]))
        left -= len(step)
    parts.append(comp.flush())
    return b"".join(parts)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def route_addresses(fetcher: Fetcher, mapping: dict[str, str]) -> list[tuple[str, int]]:
    """Make `fetcher` reach a loopback server when it dials one of `mapping`'s (public) addresses.

    This stands in for the internet: a stub resolver hands out a public IP, the
    fetcher validates and pins it, and the dial to that IP lands on 127.0.0.1.
    Any other non-loopback address fails as unreachable, so a test can never
    leave the machine. Returns the list of (ip, port) the fetcher dialled.
    """
    backend = fetcher._backend
    real = backend.dial
    dialled: list[tuple[str, int]] = []

    def dial(ip: str, port: int, **kwargs: Any) -> Any:
        dialled.append((ip, port))
        if ip in mapping:
            return real(mapping[ip], port, **kwargs)
        if ip.startswith("127.") or ip == "::1":
            return real(ip, port, **kwargs)
        raise httpcore.ConnectError(f"test network: {ip} is unreachable")

    backend.dial = dial
    return dialled


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: LoopbackServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.owner._lock:
            self.owner.connections += 1
        super().process_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up mid-answer is what several tests are about


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                    time.monotonic())
        reply = owner._record(seen)
        with owner._lock:
            owner._in_flight += 1
            owner.max_in_flight = max(owner.max_in_flight, owner._in_flight)
        try:
            self._answer(reply, owner._stopping)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with owner._lock:
                owner._in_flight -= 1

    def _answer(self, reply: Reply, stopping: threading.Event) -> None:
        if reply.wait and stopping.wait(reply.wait):
            return
        self.send_response(reply.status)
        names = {k.lower() for k in reply.headers}
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.chunks is not None:
            chunks = reply.chunks() if callable(reply.chunks) else reply.chunks
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in chunks:
                if not chunk:
                    continue
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                if reply.drip and stopping.wait(reply.drip):
                    return
            self.wfile.write(b"0\r\n\r\n")
            return
        if "content-length" not in names:
            length = len(reply.body) if reply.content_length is None else reply.content_length
            self.send_header("Content-Length", str(length))
        self.end_headers()
        if reply.body:
            self.wfile.write(reply.body)


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 with configurable answers per path.

    Unknown paths answer 404. A route can be one `Reply`, a list of replies
    given in turn (the last one repeats), or a function of the request.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._routes: dict[str, Route] = {}
        self._served: dict[str, int] = {}
        self.requests: list[Seen] = []
        self.connections = 0
        self.max_in_flight = 0
        self._in_flight = 0
        self._server = _Server(self)
        self.port = int(self._server.server_address[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return self.base + path

    def add(self, path: str, route: Route) -> None:
        with self._lock:
            self._routes[path] = route
            self._served[path] = 0

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def requests_to(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _record(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            key = seen.path if seen.path in self._routes else seen.path.split("?", 1)[0]
            route = self._routes.get(key)
            if route is None:
                return Reply(404, b"not found", {"Content-Type": "text/plain"})
            if isinstance(route, list):
                n = self._served.get(key, 0)
                self._served[key] = n + 1
                return route[min(n, len(route) - 1)]
        if isinstance(route, Reply):
            return route
        return route(seen)

    def close(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def fetch_settings(**overrides: Any) -> FetchSettings:
    """FetchSettings for tests: loopback allowed, short delays and timeouts, no disk cache."""
    base: dict[str, Any] = {
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "deadline": 10.0,
        "max_bytes": 1 << 20,
        "delay": 0.05,
        "retries": 1,
        "max_retry_after": 5.0,
        "allow_private": True,
        "cache_dir": None,
    }
    base.update(overrides)
    return FetchSettings(**base)
