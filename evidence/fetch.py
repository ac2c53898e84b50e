"""Fetching URLs safely and politely: the only module in the project that touches the network.

A URL given to the tool is untrusted input. It may point at the machine itself
or at a cloud metadata service, redirect there after one harmless hop, answer
with a compressed body that expands to gigabytes, or trickle bytes forever. The
`Fetcher` therefore:

- allows only `http` and `https`, and never reads proxy settings from the
  environment (`trust_env=False`): behind a proxy the address check would mean
  nothing;
- resolves every host itself, refuses the whole host when *any* answer is a
  private, loopback, link-local, unspecified, multicast, reserved, carrier-grade
  NAT (100.64/10) or IPv4-mapped address, and then connects only to the
  addresses it validated (the connection is pinned; the URL, the Host header and
  the TLS server name keep the host name), so a second DNS answer cannot
  rebind the request to an internal address. Integer and hexadecimal host forms
  (`2130706433`, `0x7f.1`) are read as the addresses they stand for;
- follows redirects itself, re-checking scheme, address and robots.txt on every
  hop, and stops loops and long chains;
- enforces one wall-clock deadline over a whole `get` (connecting, redirects,
  retries, streaming), on top of the per-read inactivity timeouts, so a server
  that drips one byte a second cannot hold a fetch open;
- caps the body on the wire and, separately, while decompressing gzip/deflate
  in bounded steps, so a decompression bomb stops at the limit with flat memory;
- obeys robots.txt (RFC 9309: a 4xx answer allows everything, a 5xx answer or an
  unreachable server disallows everything), including Crawl-delay;
- sends one request at a time per host with a delay between them, and retries
  429/503 answers and connection failures with backoff, honouring Retry-After;
- revalidates cached copies with If-None-Match / If-Modified-Since when a cache
  directory is configured.

Residual gaps, stated plainly: keep-alive connections are reused for the same
origin, so a connection opened to an address validated by an earlier `get`
serves later requests to that origin (it was validated when opened);
`Content-Encoding: br` and `zstd` are not requested and, if sent anyway, are
refused with an error that names the encoding.

Every error is an `evidence.errors.FetchError` subclass whose `input` is the URL
that was asked for.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import ipaddress
import json
import logging
import os
import re
import socket
import ssl
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit, urlunsplit

import httpcore
import httpx
from protego import Protego

from evidence.errors import (
    AddressRefused,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    RobotsDisallowed,
    SchemeRefused,
    TooManyRedirects,
    UnsupportedEncoding,
)
from evidence.settings import FetchSettings

__all__ = ["FetchResult", "Fetcher", "address_problem", "parse_retry_after"]

logger = logging.getLogger(__name__)

Resolver = Callable[[str], list[str]]
Sleep = Callable[[float], None]
Clock = Callable[[], float]
LogFn = Callable[[str], None]

ALLOWED_SCHEMES = ("http", "https")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 503})
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to parse at least 500 KiB
ROBOTS_MAX_REDIRECTS = 5
ACCEPT_ENCODING = "gzip, deflate"
_CHUNK = 64 * 1024  # most output one decompression step may produce
_BACKOFF_BASE = 0.25  # seconds; doubled on each retry when the server gives no Retry-After
_RETRYABLE_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)
_UNSTORED_HEADERS = frozenset({"set-cookie", "set-cookie2"})


@dataclass(frozen=True)
class FetchResult:
    """What one `Fetcher.get` produced.

    `status` is the status of the content returned: for a cached copy
    revalidated with 304 Not Modified it is the stored status and `from_cache`
    is true. `redirects` lists every address redirected to, in order, so the
    last one (if any) equals `url`. `headers` are the response headers as
    received, names in lower case; Content-Encoding and Content-Length in them
    describe the bytes on the wire, while `body` is already decoded.
    """

    url: str
    requested_url: str
    status: int
    content_type: str | None
    body: bytes
    headers: dict[str, str]
    from_cache: bool
    redirects: list[str] = field(default_factory=list)


# --- address policy ----------------------------------------------------------

_DENY_NETS: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(net), label)
    for net, label in (
        ("0.0.0.0/8", "unspecified"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("100.64.0.0/10", "carrier-grade NAT"),
        ("10.0.0.0/8", "private"),
        ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"),
        ("192.0.0.0/24", "reserved"),
        ("192.0.2.0/24", "reserved (documentation)"),
        ("192.88.99.0/24", "reserved"),
        ("198.18.0.0/15", "reserved (benchmarking)"),
        ("198.51.100.0/24", "reserved (documentation)"),
        ("203.0.113.0/24", "reserved (documentation)"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::ffff:0:0/96", "IPv4-mapped"),
        ("64:ff9b:1::/48", "reserved (local NAT64)"),
        ("100::/64", "reserved (discard)"),
        ("2001:db8::/32", "reserved (documentation)"),
        ("fc00::/7", "private (unique local)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "reserved (site-local)"),
        ("ff00::/8", "multicast"),
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_HOST_CHARS = re.compile(r"[a-z0-9._:%-]+")
_NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+)){0,3}$", re.I)


def address_problem(ip: str) -> str | None:
    """Why `ip` must not be fetched ("a loopback address"), or None for a public unicast address.

    An explicit deny list backs up `ipaddress`' own flags, which older Python
    releases got wrong for some special ranges; IPv6 forms that embed an IPv4
    address (6to4, Teredo, NAT64) are judged by the address they embed.
    """
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    for net, label in _DENY_NETS:
        if addr.version == net.version and addr in net:
            return _a(label)
    if isinstance(addr, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = addr.sixtofour
        if embedded is None and addr.teredo is not None:
            embedded = addr.teredo[1]
        if embedded is None and addr in _NAT64:
            embedded = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
        if embedded is not None:
            inner = address_problem(str(embedded))
            if inner:
                return f"{inner} embedded in an IPv6 address"
    checks = (
        (addr.is_unspecified, "unspecified"),
        (addr.is_loopback, "loopback"),
        (addr.is_link_local, "link-local"),
        (addr.is_multicast, "multicast"),
        (addr.is_private, "private"),
        (addr.is_reserved, "reserved"),
        (not addr.is_global, "non-public"),
    )
    for hit, label in checks:
        if hit:
            return _a(label)
    return None


def _a(label: str) -> str:
    return f"{'an' if label[0] in 'aeiouAEIOU' else 'a'} {label} address"


def _literal_ip(host: str) -> str | None:
    """The address a host written as an IP stands for, including `2130706433` and `0x7f.1`."""
    h = host.strip("[]").split("%", 1)[0].rstrip(".")
    try:
        return str(ipaddress.ip_address(h))
    except ValueError:
        pass
    if _NUMERIC_HOST.match(h):
        try:
            return socket.inet_ntoa(socket.inet_aton(h))
        except OSError:
            return None
    return None


def _system_resolver(host: str) -> list[str]:
    """Every address the system resolver gives for `host`, in its order, without duplicates."""
    out: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in socket.getaddrinfo(
        host, None, type=socket.SOCK_STREAM
    ):
        ip = str(sockaddr[0]).split("%", 1)[0]
        if ip not in out:
            out.append(ip)
    return out


# --- helpers -----------------------------------------------------------------


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP-date), or None."""
    if not value:
        return None
    v = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", v):
        return float(v)
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def _defrag(url: str) -> str:
    """`url` without its #fragment (never sent to servers); unchanged if it does not parse."""
    try:
        return urldefrag(url).url
    except ValueError:
        return url


def _size(n: int) -> str:
    return f"{n:,} bytes"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _tls_failure(exc: BaseException) -> ssl.SSLError | None:
    """The TLS error behind a connection failure (a bad certificate is not worth retrying)."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, ssl.SSLError):
            return cur
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return None


def _host_of(url: str) -> str:
    """The host as the connection layer sees it (IDNA-encoded, no brackets, lower case)."""
    return httpx.URL(url).raw_host.decode("ascii").lower()


def _origin(url: str) -> str:
    u = httpx.URL(url)
    host = u.raw_host.decode("ascii").lower()
    if ":" in host:
        host = f"[{host}]"
    port = u.port
    default = 443 if u.scheme == "https" else 80
    return f"{u.scheme}://{host}" + (f":{port}" if port and port != default else "")


class _Deadline:
    """One wall-clock budget shared by everything a single `get` does."""

    def __init__(self, clock: Clock, seconds: float) -> None:
        self._clock = clock
        self.seconds = seconds
        self._end = clock() + seconds

    def remaining(self) -> float:
        return self._end - self._clock()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def extend(self, seconds: float) -> None:
        """Time spent waiting for our own politeness delay does not count against the server."""
        self._end += seconds


# --- connection layer: pinned addresses and per-read deadline -----------------


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write is also bounded by the fetch deadline.

    httpcore reads the read timeout once per response; capping it here, per
    call, is what makes a dripping server fail on time.
    """

    def __init__(self, inner: httpcore.NetworkStream, remaining: Callable[[], float | None]) -> None:
        self._inner = inner
        self._remaining = remaining

    def _cap(self, timeout: float | None, exc: type[Exception]) -> float | None:
        rem = self._remaining()
        if rem is None:
            return timeout
        if rem <= 0:
            raise exc("the fetch deadline has passed")
        return rem if timeout is None else min(timeout, rem)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(
            ssl_context, server_hostname, self._cap(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(tls, self._remaining)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Opens TCP connections only to addresses the fetcher validated for that host.

    `addresses(host)` returns the pinned (already checked) addresses, or
    resolves and checks them on the spot; the connection goes to an IP, while
    httpcore keeps using the host name for the Host header and TLS SNI.
    `dial` is the raw connect call, kept as an attribute so tests can route an
    address to a local server.
    """

    def __init__(
        self,
        addresses: Callable[[str], list[str]],
        remaining: Callable[[], float | None],
        note: LogFn,
    ) -> None:
        self._addresses = addresses
        self._remaining = remaining
        self._note = note
        self._inner = httpcore.SyncBackend()
        self.dial: Callable[..., httpcore.NetworkStream] = self._inner.connect_tcp

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for ip in self._addresses(host):
            rem = self._remaining()
            if rem is not None:
                if rem <= 0:
                    raise httpcore.ConnectTimeout("the fetch deadline has passed")
                timeout = rem if timeout is None else min(timeout, rem)
            try:
                stream = self.dial(
                    ip, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            self._note(f"connected to {host} port {port} at {ip}")
            return _DeadlineStream(stream, self._remaining)
        if last is None:
            raise httpcore.ConnectError(f"no address to connect to for {host}")
        raise last

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never used for fetching")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport, with its connection pool built on the pinned backend.

    httpx offers no public way to pass a network backend, so the pool is
    replaced right after construction; everything else (request mapping,
    exception mapping) stays httpx's.
    """

    def __init__(self, backend: httpcore.NetworkBackend, limits: httpx.Limits) -> None:
        super().__init__(trust_env=False, limits=limits)
        if not hasattr(self, "_pool"):  # pragma: no cover - guards against an httpx rewrite
            raise RuntimeError("this httpx version has no replaceable connection pool")
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


# --- bounded decompression ---------------------------------------------------


class _Inflater:
    """gzip/deflate decoding in steps of at most `_CHUNK` output bytes.

    `decompress(data, max_length)` plus `unconsumed_tail` means a small input
    can never turn into a huge output in one call; the caller counts the output
    and stops at the limit.
    """

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._obj: Any = None
        self._head = b""
        if encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._obj is None:  # deflate: zlib-wrapped as the RFC says, or raw as some servers send
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            wrapped = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        yield from self._run(data)

    def finish(self) -> Iterator[bytes]:
        if self._obj is None:
            if self._head:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                data, self._head = self._head, b""
                yield from self._run(data)
            return
        yield from self._run(b"")

    def _run(self, data: bytes) -> Iterator[bytes]:
        buf = data
        while not self._obj.eof:
            out = self._obj.decompress(buf, _CHUNK)
            if out:
                yield out
            buf = self._obj.unconsumed_tail
            if not buf and len(out) < _CHUNK:
                break


# --- cache ---------------------------------------------------------------------


@dataclass
class _CacheEntry:
    url: str
    status: int
    content_type: str | None
    headers: dict[str, str]
    body: bytes

    @property
    def validators(self) -> dict[str, str]:
        out = {}
        if self.headers.get("etag"):
            out["If-None-Match"] = self.headers["etag"]
        if self.headers.get("last-modified"):
            out["If-Modified-Since"] = self.headers["last-modified"]
        return out


class _Cache:
    """One JSON metadata file and one body file per URL, named by sha256(url), written atomically.

    The metadata names the body's own sha256, so a body and metadata from two
    different writes are never paired: such an entry is ignored.
    """

    def __init__(self, directory: str) -> None:
        self.dir = Path(directory)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(redacted(url).encode("utf-8")).hexdigest()
        return self.dir / f"{key}.json", self.dir / f"{key}.body"

    def load(self, url: str) -> _CacheEntry | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("url") != redacted(url):
            return None
        if hashlib.sha256(body).hexdigest() != meta.get("body_sha256"):
            return None
        return _CacheEntry(url, int(meta.get("status", 200)), meta.get("content_type"),
                           dict(meta.get("headers") or {}), body)

    def store(self, entry: _CacheEntry) -> None:
        meta_path, body_path = self._paths(entry.url)
        self.dir.mkdir(parents=True, exist_ok=True)
        meta = {
            "url": redacted(entry.url),
            "status": entry.status,
            "content_type": entry.content_type,
            "headers": entry.headers,
            "etag": entry.headers.get("etag"),
            "last_modified": entry.headers.get("last-modified"),
            "body_sha256": hashlib.sha256(entry.body).hexdigest(),
            "stored_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        _atomic_write(body_path, entry.body)
        _atomic_write(meta_path, json.dumps(meta, indent=1, sort_keys=True).encode("utf-8"))


# Query parameters that carry a credential (NCBI's `api_key`): never written to disk
SECRET_PARAMS = frozenset({"api_key", "apikey", "access_token", "token"})


def redacted(url: str) -> str:
    """`url` without its credential parameters: what the cache names and records, so a key
    never lands in a file and an entry outlives a changed key."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if k.lower() not in SECRET_PARAMS]
    if len(kept) == len(pairs):
        return url  # as it was: a cache entry keeps its name
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --- robots.txt ----------------------------------------------------------------


@dataclass(frozen=True)
class _Robots:
    """The robots.txt verdict for one origin: its rules, or allow-all / disallow-all and why."""

    url: str
    rules: Protego | None
    disallow_all: bool
    reason: str

    def allows(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.rules is None or self.rules.can_fetch(url, user_agent)

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.rules is None:
            return None
        return self.rules.crawl_delay(user_agent)


# --- the fetcher -----------------------------------------------------------------


@dataclass
class _Answer:
    url: str
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class Fetcher:
    """Fetches URLs under the limits and politeness rules of a `FetchSettings`.

    Safe to share between threads: requests to one host are serialised (one in
    flight, `delay` seconds apart, or the robots.txt Crawl-delay when larger),
    different hosts proceed in parallel. `sleep` and `clock` are injectable so
    tests can observe waits; `resolver(host) -> [ip, ...]` replaces DNS; `log`
    receives one line per request, connection, redirect and retry.
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        resolver: Resolver | None = None,
        log: LogFn | None = None,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._resolver: Resolver = resolver or _system_resolver
        self._log = log
        self._local = threading.local()  # per-thread: the current deadline and pinned addresses
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.RLock] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._not_before: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._cache = _Cache(settings.cache_dir) if settings.cache_dir else None
        self._backend = _PinnedBackend(self._connect_addresses, self._remaining, self._note)
        self._client = httpx.Client(
            transport=_PinnedTransport(
                self._backend,
                httpx.Limits(max_connections=20, max_keepalive_connections=10, keepalive_expiry=5.0),
            ),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.connect_timeout,
            ),
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.5",
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        )

    # -- public -------------------------------------------------------------

    def get(self, url: str) -> FetchResult:
        """Fetch `url`, following redirects; raise a `FetchError` subclass naming `url` on failure."""
        requested = url.strip()
        deadline = _Deadline(self._clock, self.settings.deadline)
        self._local.deadline = deadline
        self._local.pins = {}
        self._local.requested = requested
        try:
            return self._get(requested, deadline)
        finally:
            self._local.deadline = None
            self._local.pins = {}
            self._local.requested = None

    def pace(self, url: str, seconds: float) -> None:
        """Ask the host of `url` at most once every `seconds`, however short the configured
        delay (an API's published rate limit); a longer delay still wins."""
        key = _host_of(url)
        with self._lock:
            self._host_delay[key] = max(self._host_delay.get(key, self.settings.delay), seconds)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the redirect loop ----------------------------------------------------

    def _get(self, requested: str, deadline: _Deadline) -> FetchResult:
        current = _defrag(requested)
        redirects: list[str] = []
        seen = {current}
        while True:
            hop = f"redirect to {current}: " if redirects else ""
            self._check_target(current, requested=requested, hop=hop)
            if self.settings.obey_robots:
                self._check_robots(current, requested=requested, deadline=deadline, hop=hop)
            cached = self._cache.load(current) if self._cache else None
            answer = self._fetch(
                current, requested=requested, deadline=deadline,
                headers=cached.validators if cached else {}, limit=self.settings.max_bytes,
            )
            location = answer.headers.get("location")
            if answer.status in REDIRECT_STATUSES and location:
                try:
                    target = urldefrag(urljoin(current, location.strip())).url
                except ValueError as exc:
                    raise FetchError(f"{current} redirects to an invalid address {location!r}",
                                     input=requested) from exc
                self._note(f"{current} -> {answer.status} redirect to {target}")
                if target in seen:
                    chain = " -> ".join([requested, *redirects, target])
                    raise TooManyRedirects(f"redirect loop: {chain}", input=requested)
                if len(redirects) >= self.settings.max_redirects:
                    raise TooManyRedirects(
                        f"more than {self.settings.max_redirects} redirects "
                        f"(last hop: {current} -> {target})",
                        input=requested,
                    )
                redirects.append(target)
                seen.add(target)
                current = target
                continue
            if answer.status == 304 and cached is not None:
                self._note(f"{current} -> 304 Not Modified: using the cached copy")
                return FetchResult(current, requested, cached.status, cached.content_type,
                                   cached.body, dict(cached.headers), True, redirects)
            if not 200 <= answer.status < 300:
                extra = " (redirect without a Location header)" if answer.status in REDIRECT_STATUSES else ""
                raise HTTPStatusError(
                    f"{hop}HTTP {answer.status} {answer.reason}{extra}".strip(), input=requested
                )
            self._store(answer)
            return FetchResult(current, requested, answer.status, answer.content_type,
                               answer.body, answer.headers, False, redirects)

    def _store(self, answer: _Answer) -> None:
        if self._cache is None or answer.status != 200:
            return
        if "no-store" in answer.headers.get("cache-control", "").lower():
            return
        headers = {k: v for k, v in answer.headers.items() if k not in _UNSTORED_HEADERS}
        try:
            self._cache.store(_CacheEntry(answer.url, answer.status, answer.content_type,
                                          headers, answer.body))
        except OSError as exc:
            self._note(f"could not write the cache entry for {answer.url}: {_reason(exc)}")

    # -- checks ------------------------------------------------------------------

    def _check_target(self, url: str, *, requested: str, hop: str) -> None:
        """Scheme and address checks for one hop; pins the validated addresses for this fetch."""
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError as exc:
            raise FetchError(f"{hop}not a valid URL: {_reason(exc)}", input=requested) from exc
        if scheme not in ALLOWED_SCHEMES:
            what = f"the {scheme}: scheme" if scheme else "a URL without a scheme"
            raise SchemeRefused(f"{hop}{what} is refused; only http and https URLs are fetched",
                                input=requested)
        try:
            host = _host_of(url)
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise FetchError(f"{hop}not a valid URL: {_reason(exc)}", input=requested) from exc
        if not host:
            raise FetchError(f"{hop}the URL has no host name", input=requested)
        if not _HOST_CHARS.fullmatch(host):
            raise FetchError(f"{hop}{host!r} is not a valid host name", input=requested)
        pins: dict[str, list[str]] = self._local.pins
        if host not in pins:
            pins[host] = self._checked_addresses(host, requested=requested, hop=hop)

    def _checked_addresses(self, host: str, *, requested: str, hop: str) -> list[str]:
        literal = _literal_ip(host)
        if literal is not None:
            ips = [literal]
        else:
            try:
                ips = list(self._resolver(host))
            except (OSError, UnicodeError) as exc:
                raise FetchError(f"{hop}cannot resolve the host name {host}: {_reason(exc)}",
                                 input=requested) from exc
            if not ips:
                raise FetchError(f"{hop}the host name {host} has no address", input=requested)
        for ip in ips:
            try:
                problem = address_problem(ip)
            except ValueError as exc:
                raise FetchError(f"{hop}{host} resolved to {ip!r}, which is not an IP address",
                                 input=requested) from exc
            if problem and not self.settings.allow_private:
                if literal is None:
                    named = f"{host} resolves to {ip}, which"
                elif host.strip("[]") == literal:
                    named = literal
                else:
                    named = f"{host} (= {literal})"
                raise AddressRefused(f"{hop}{named} is {problem}", input=requested)
        return ips

    def _connect_addresses(self, host: str) -> list[str]:
        """For the connection layer: the pinned addresses, or a fresh checked resolution."""
        host = host.strip("[]").lower()
        pins: dict[str, list[str]] | None = getattr(self._local, "pins", None)
        if pins and host in pins:
            return pins[host]
        requested = getattr(self._local, "requested", None) or host
        return self._checked_addresses(host, requested=requested, hop="")

    def _remaining(self) -> float | None:
        deadline: _Deadline | None = getattr(self._local, "deadline", None)
        return None if deadline is None else deadline.remaining()

    def _check_robots(self, url: str, *, requested: str, deadline: _Deadline, hop: str) -> None:
        robots = self._robots_for(url, requested=requested, deadline=deadline)
        if robots.allows(url, self.settings.user_agent):
            return
        path = urlsplit(url).path or "/"
        if robots.disallow_all:
            raise RobotsDisallowed(f"{hop}{robots.reason}, so every path is treated as disallowed",
                                   input=requested)
        raise RobotsDisallowed(f"{hop}{robots.url} disallows {path} for this crawler",
                               input=requested)

    def _robots_for(self, url: str, *, requested: str, deadline: _Deadline) -> _Robots:
        origin = _origin(url)
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            known = self._robots.get(origin)
            if known is not None:
                return known
            robots = self._load_robots(origin, requested=requested, deadline=deadline)
            self._robots[origin] = robots
            self._note(f"robots.txt for {origin}: {robots.reason}")
            delay = robots.crawl_delay(self.settings.user_agent)
            if delay and delay > self.settings.delay:
                with self._lock:
                    self._host_delay[_host_of(url)] = min(float(delay), self.settings.max_retry_after)
            return robots

    def _load_robots(self, origin: str, *, requested: str, deadline: _Deadline) -> _Robots:
        """RFC 9309: 2xx gives rules, 4xx allows all, 5xx or no answer disallows all.

        When the site itself cannot be reached, the connection error is raised
        (and nothing is cached): "could not connect" says more than a robots
        verdict about a server that is down.
        """
        target = f"{origin}/robots.txt"
        first = target
        for _ in range(ROBOTS_MAX_REDIRECTS + 1):
            try:
                self._check_target(target, requested=requested, hop=f"robots.txt at {target}: ")
                answer = self._fetch(target, requested=requested, deadline=deadline, headers={},
                                     limit=ROBOTS_MAX_BYTES, truncate=True,
                                     retry_statuses=frozenset())
            except FetchError as exc:
                if deadline.expired():
                    raise FetchTimeout(
                        f"no answer within the {self.settings.deadline:g} s deadline "
                        f"(while reading {first})",
                        input=requested,
                    ) from exc
                if target == first and not isinstance(exc, AddressRefused | SchemeRefused):
                    raise
                return _Robots(first, None, True, f"{first} could not be read ({exc.message})")
            location = answer.headers.get("location")
            if answer.status in REDIRECT_STATUSES and location:
                try:
                    target = urldefrag(urljoin(target, location.strip())).url
                except ValueError:
                    return _Robots(first, None, True,
                                   f"{first} redirects to an invalid address {location!r}")
                continue
            if 200 <= answer.status < 300:
                text = answer.body.decode("utf-8", errors="replace").lstrip("\ufeff")
                return _Robots(first, Protego.parse(text), False, f"rules read from {first}")
            if 400 <= answer.status < 500 and answer.status != 429:
                return _Robots(first, None, False,
                               f"{first} answered HTTP {answer.status}: every path allowed")
            return _Robots(first, None, True,
                           f"{first} answered HTTP {answer.status} {answer.reason}".strip())
        return _Robots(first, None, False, f"{first} redirects too often: treated as absent")

    # -- one URL with retries ------------------------------------------------------

    def _fetch(self, url: str, *, requested: str, deadline: _Deadline, headers: dict[str, str],
               limit: int, truncate: bool = False,
               retry_statuses: frozenset[int] = RETRY_STATUSES) -> _Answer:
        """One URL, retried on 429/503 and connection failures while retries and deadline allow.

        The wait before a retry is recorded as the host's earliest next request,
        so other threads fetching from the same host back off too.
        """
        attempt = 0
        while True:
            try:
                answer = self._exchange(url, requested=requested, deadline=deadline,
                                        headers=headers, limit=limit, truncate=truncate)
            except httpx.HTTPError as exc:
                failure = self._network_error(exc, url=url, requested=requested, deadline=deadline)
                if (not isinstance(exc, _RETRYABLE_ERRORS) or _tls_failure(exc) is not None
                        or attempt >= self.settings.retries
                        or self._backoff(attempt) >= deadline.remaining()):
                    raise failure from exc
                wait, why = self._backoff(attempt), failure.message
            else:
                if answer.status not in retry_statuses or attempt >= self.settings.retries:
                    return answer
                after = parse_retry_after(answer.headers.get("retry-after"))
                if after is None:
                    wait, why = self._backoff(attempt), f"HTTP {answer.status}"
                else:
                    wait = min(after, self.settings.max_retry_after)
                    why = f"HTTP {answer.status}, Retry-After {answer.headers['retry-after']}"
                if wait >= deadline.remaining():
                    self._note(f"not retrying {url}: waiting {wait:g} s would pass the deadline")
                    return answer
            self._note(f"retrying {url} in {wait:g} s ({why})")
            self._defer_host(_host_of(url), wait)
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        base = max(self.settings.delay, _BACKOFF_BASE)
        return min(self.settings.max_retry_after, base * 2**attempt)

    def _network_error(self, exc: httpx.HTTPError, *, url: str, requested: str,
                       deadline: _Deadline) -> FetchError:
        where = "" if url == requested else f"{url}: "
        s = self.settings
        if isinstance(exc, httpx.TimeoutException):
            if deadline.expired():
                return FetchTimeout(f"{where}no complete response within the {s.deadline:g} s deadline",
                                    input=requested)
            if isinstance(exc, httpx.ConnectTimeout):
                msg = f"could not connect within {s.connect_timeout:g} s"
            elif isinstance(exc, httpx.ReadTimeout):
                msg = f"the server sent nothing for {s.read_timeout:g} s"
            else:
                msg = f"timed out ({type(exc).__name__})"
            return FetchTimeout(where + msg, input=requested)
        tls = _tls_failure(exc)
        if tls is not None:
            return FetchError(f"{where}the TLS handshake failed: {_reason(tls)}", input=requested)
        if isinstance(exc, httpx.ConnectError):
            return FetchError(f"{where}could not connect: {_reason(exc)}", input=requested)
        if isinstance(exc, httpx.RemoteProtocolError):
            return FetchError(f"{where}the server broke off the response: {_reason(exc)}",
                              input=requested)
        return FetchError(f"{where}network error: {_reason(exc)}", input=requested)

    # -- one request ------------------------------------------------------------------

    def _exchange(self, url: str, *, requested: str, deadline: _Deadline, headers: dict[str, str],
                  limit: int, truncate: bool = False) -> _Answer:
        """One GET under the host's lock and delay. Bodies are read only for 2xx answers."""
        key = _host_of(url)
        with self._lock:
            lock = self._host_locks.setdefault(key, threading.RLock())
        queued = self._clock()
        with lock:
            deadline.extend(self._clock() - queued)  # queueing behind our own requests is free
            self._wait_turn(key, deadline)
            try:
                rem = deadline.remaining()
                if rem <= 0:
                    raise FetchTimeout(
                        f"no complete response within the {self.settings.deadline:g} s deadline",
                        input=requested)
                s = self.settings
                timeout = httpx.Timeout(connect=min(s.connect_timeout, rem), read=min(s.read_timeout, rem),
                                        write=min(s.read_timeout, rem), pool=min(s.connect_timeout, rem))
                request = self._client.build_request("GET", url, headers=headers, timeout=timeout)
                response = self._client.send(request, stream=True)
                try:
                    self._note(f"GET {url} -> {response.status_code}")
                    answer_headers = dict(response.headers.items())
                    body = b""
                    if 200 <= response.status_code < 300:
                        body = self._read_body(response, url=url, requested=requested,
                                               deadline=deadline, limit=limit, truncate=truncate)
                    return _Answer(url, response.status_code, response.reason_phrase,
                                   answer_headers, body)
                finally:
                    response.close()
            finally:
                with self._lock:
                    self._last[key] = self._clock()

    def _wait_turn(self, key: str, deadline: _Deadline) -> None:
        """Sleep until the host may be asked again.

        Two reasons to wait: our own delay since the last request (not charged
        to the deadline) and a server-requested backoff (charged to it).
        """
        with self._lock:
            delay = self._host_delay.get(key, self.settings.delay)
            last = self._last.get(key)
            polite = last + delay if last is not None else float("-inf")
            backoff = self._not_before.get(key, float("-inf"))
        now = self._clock()
        wait = max(polite, backoff) - now
        if wait > 0:
            self._sleep(wait)
            deadline.extend(max(0.0, polite - now))

    def _defer_host(self, key: str, seconds: float) -> None:
        with self._lock:
            self._not_before[key] = max(self._not_before.get(key, float("-inf")),
                                        self._clock() + seconds)

    def _read_body(self, response: httpx.Response, *, url: str, requested: str,
                   deadline: _Deadline, limit: int, truncate: bool) -> bytes:
        where = "" if url == requested else f"{url}: "
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > limit and not truncate:
            raise ResponseTooLarge(
                f"{where}the response declares {_size(int(declared))}, over the {_size(limit)} limit",
                input=requested)
        encodings = [e.strip().lower() for e in response.headers.get("content-encoding", "").split(",")
                     if e.strip() and e.strip().lower() != "identity"]
        inflater = None
        if len(encodings) == 1 and encodings[0] in ("gzip", "x-gzip", "deflate"):
            inflater = _Inflater(encodings[0])
        elif encodings:  # not asked for, and not decoded: name it rather than call it binary
            raise UnsupportedEncoding(
                f"{where}the body is {'+'.join(encodings)}-encoded, which this tool does not "
                f"decode (it asks for gzip or deflate only)", input=requested)
        out = bytearray()
        received = 0

        def add(piece: bytes) -> bool:
            """Append decoded output; False once the limit is reached (when truncating)."""
            if len(out) + len(piece) > limit:
                if truncate:
                    out.extend(piece[: limit - len(out)])
                    return False
                if inflater is not None:
                    raise ResponseTooLarge(
                        f"{where}the {inflater.encoding}-encoded body expands past the "
                        f"{_size(limit)} limit (a decompression bomb?)", input=requested)
                raise ResponseTooLarge(f"{where}the body passed the {_size(limit)} limit",
                                       input=requested)
            out.extend(piece)
            return True

        try:
            for chunk in response.iter_raw():
                if deadline.expired():
                    raise FetchTimeout(
                        f"{where}no complete response within the {self.settings.deadline:g} s deadline",
                        input=requested)
                received += len(chunk)
                if received > limit and not truncate:
                    raise ResponseTooLarge(
                        f"{where}the body passed the {_size(limit)} limit while downloading",
                        input=requested)
                pieces = inflater.feed(chunk) if inflater is not None else (chunk,)
                if not all(add(p) for p in pieces):
                    return bytes(out)
            if inflater is not None:
                for piece in inflater.finish():
                    if not add(piece):
                        break
        except zlib.error as exc:
            enc = inflater.encoding if inflater is not None else "compressed"
            raise FetchError(f"{where}the {enc}-encoded body is corrupt: {_reason(exc)}",
                             input=requested) from exc
        return bytes(out)

    def _note(self, message: str) -> None:
        if self._log is not None:
            self._log(message)
        else:
            logger.debug(message)
