"""The fetcher against a real loopback server: limits, safety, politeness, retries and caching."""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import hashlib
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidence.errors import (
    AddressRefused,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    RobotsDisallowed,
    SchemeRefused,
    TooManyRedirects,
)
from evidence.fetch import Fetcher, address_problem, parse_retry_after
from evidence.settings import USER_AGENT
from tests.loopback import (
    LoopbackServer,
    Reply,
    Seen,
    closed_port,
    compressed_bomb,
    fetch_settings,
    redirect,
    route_addresses,
    stream_of,
)

PUBLIC_IP = "93.184.215.14"  # stands for "somewhere on the internet"; always routed to loopback
LIMIT = 1 << 20


@pytest.fixture
def srv() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def sentinel() -> Iterator[LoopbackServer]:
    """A server no refused request may ever reach."""
    with LoopbackServer() as server:
        server.add("/secret", Reply(body=b"the crown jewels"))
        yield server


class StubResolver:
    """DNS for tests: fixed answers per host name (a list per call), and a log of lookups."""

    def __init__(self, answers: dict[str, list[str] | list[list[str]]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.calls.append(host)
        answer = self.answers.get(host)
        if answer is None:
            raise socket.gaierror(f"stub resolver: unknown host {host}")
        if answer and isinstance(answer[0], list):
            n = sum(1 for h in self.calls if h == host) - 1
            return list(answer[min(n, len(answer) - 1)])  # type: ignore[arg-type]
        return list(answer)  # type: ignore[arg-type]


class FakeTime:
    """A clock that only moves when the fetcher sleeps, so waits are recorded, not spent."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fetcher(**overrides: object) -> Fetcher:
    return Fetcher(fetch_settings(**overrides))


# --- basics ------------------------------------------------------------------------


def test_get_returns_body_headers_and_sends_identifying_user_agent(srv: LoopbackServer) -> None:
    srv.add("/page", Reply(body=b"<p>hello</p>", headers={"Content-Type": "text/html; charset=utf-8"}))
    with fetcher() as f:
        result = f.get(srv.url("/page"))
    assert result.status == 200
    assert result.body == b"<p>hello</p>"
    assert result.content_type == "text/html; charset=utf-8"
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert result.url == result.requested_url == srv.url("/page")
    assert result.redirects == []
    assert result.from_cache is False
    seen = srv.requests_to("/page")[0]
    assert seen.headers["user-agent"] == USER_AGENT
    assert seen.headers["accept-encoding"] == "gzip, deflate"


def test_custom_user_agent_reaches_the_server(srv: LoopbackServer) -> None:
    srv.add("/page", Reply(body=b"ok"))
    with fetcher(user_agent="evidence-test/9.9 (+https://example.org/bot)") as f:
        f.get(srv.url("/page"))
    assert srv.requests_to("/page")[0].headers["user-agent"] == "evidence-test/9.9 (+https://example.org/bot)"
    assert srv.requests_to("/robots.txt")[0].headers["user-agent"].startswith("evidence-test/9.9")


def test_404_is_an_http_status_error_naming_the_url(srv: LoopbackServer) -> None:
    url = srv.url("/missing")
    with fetcher() as f, pytest.raises(HTTPStatusError) as err:
        f.get(url)
    assert err.value.message == "HTTP 404 Not Found"
    assert err.value.input == url
    assert err.value.one_line().startswith(f"{url}: HTTP 404 Not Found")
    assert srv.hits("/missing") == 1  # a 404 is not retried


def test_server_error_is_retried_then_reported(srv: LoopbackServer) -> None:
    srv.add("/down", Reply(503, b"busy"))
    with fetcher(retries=2) as f, pytest.raises(HTTPStatusError, match="HTTP 503 Service Unavailable"):
        f.get(srv.url("/down"))
    assert srv.hits("/down") == 3


def test_read_timeout_when_the_server_is_silent(srv: LoopbackServer) -> None:
    srv.add("/slow", Reply(body=b"late", wait=3.0))
    start = time.monotonic()
    with fetcher(read_timeout=0.3, retries=2) as f, pytest.raises(FetchTimeout) as err:
        f.get(srv.url("/slow"))
    assert time.monotonic() - start < 2.0
    assert "sent nothing for 0.3 s" in err.value.message
    assert err.value.input == srv.url("/slow")
    assert srv.hits("/slow") == 1  # a slow server is not asked again


def test_total_deadline_stops_a_server_that_drips_one_byte_per_second(srv: LoopbackServer) -> None:
    srv.add("/drip", Reply(chunks=[b"x"] * 60, drip=1.0))
    deadline = 1.5
    start = time.monotonic()
    with fetcher(deadline=deadline, read_timeout=5.0) as f, pytest.raises(FetchTimeout) as err:
        f.get(srv.url("/drip"))
    elapsed = time.monotonic() - start
    assert deadline - 0.2 <= elapsed < deadline + 2.0
    assert "deadline" in err.value.message


@pytest.mark.parametrize("robots", [False, True])
def test_connection_refused_is_one_clear_fetch_error(robots: bool) -> None:
    url = f"http://127.0.0.1:{closed_port()}/paper"
    notes: list[str] = []
    with Fetcher(fetch_settings(retries=1, obey_robots=robots), log=notes.append) as f, \
            pytest.raises(FetchError) as err:
        f.get(url)
    assert type(err.value) is FetchError  # not a robots verdict about a server that is down
    assert "could not connect" in err.value.message
    assert "\n" not in err.value.one_line()
    assert err.value.input == url
    assert sum(1 for n in notes if n.startswith("retrying")) == 1


@pytest.mark.parametrize("url", ["http://exa mple.org/", "http://[::1/", "http:///path-only"])
def test_malformed_urls_are_fetch_errors(url: str) -> None:
    with fetcher() as f, pytest.raises(FetchError) as err:
        f.get(url)
    assert err.value.input == url


# --- size limits -------------------------------------------------------------------


def test_declared_content_length_over_the_limit_is_refused_before_reading(srv: LoopbackServer) -> None:
    srv.add("/huge", Reply(body=b"x" * 100, content_length=52_428_800))
    with fetcher() as f, pytest.raises(ResponseTooLarge) as err:
        f.get(srv.url("/huge"))
    assert "declares 52,428,800 bytes" in err.value.message
    assert "1,048,576 bytes limit" in err.value.message
    assert err.value.input == srv.url("/huge")


def test_streamed_body_without_length_stops_at_the_limit(srv: LoopbackServer) -> None:
    srv.add("/stream", Reply(chunks=stream_of(50 * 1024 * 1024)))
    with fetcher() as f:
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLarge) as err:
                f.get(srv.url("/stream"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert "while downloading" in err.value.message
    assert "1,048,576 bytes limit" in err.value.message
    assert peak < 2 * LIMIT + 512 * 1024


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """About 100 KB each, expanding to 100 MB of zeros."""
    return {enc: compressed_bomb(100 * 1024 * 1024, enc) for enc in ("gzip", "deflate", "raw-deflate")}


@pytest.mark.parametrize(("encoding", "header"), [
    ("gzip", "gzip"), ("deflate", "deflate"), ("raw-deflate", "deflate"),
])
def test_decompression_bomb_stops_at_the_limit(
    srv: LoopbackServer, bombs: dict[str, bytes], encoding: str, header: str
) -> None:
    bomb = bombs[encoding]
    assert 80_000 < len(bomb) < 160_000
    srv.add("/bomb", Reply(body=bomb, headers={"Content-Encoding": header,
                                               "Content-Type": "text/html"}))
    with fetcher() as f:
        tracemalloc.start()
        start = time.monotonic()
        try:
            with pytest.raises(ResponseTooLarge) as err:
                f.get(srv.url("/bomb"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert time.monotonic() - start < 5.0
    assert f"the {header}-encoded body expands past the 1,048,576 bytes limit" in err.value.message
    assert peak < 2 * LIMIT + len(bomb) + 512 * 1024  # flat: nowhere near 100 MB


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_bodies_are_decoded(srv: LoopbackServer, encoding: str) -> None:
    text = ("<p>Microneedling session notes.</p>\n" * 2000).encode()
    if encoding == "gzip":
        body, header = gzip.compress(text), "gzip"
    elif encoding == "deflate":
        body, header = zlib.compress(text), "deflate"
    else:
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        body, header = comp.compress(text) + comp.flush(), "deflate"
    srv.add("/z", Reply(body=body, headers={"Content-Encoding": header}))
    with fetcher() as f:
        assert f.get(srv.url("/z")).body == text


def test_corrupt_gzip_body_is_a_fetch_error(srv: LoopbackServer) -> None:
    srv.add("/bad", Reply(body=b"\x1f\x8b\x08\x00garbage-not-gzip", headers={"Content-Encoding": "gzip"}))
    with fetcher() as f, pytest.raises(FetchError, match="gzip-encoded body is corrupt"):
        f.get(srv.url("/bad"))


# --- redirects ---------------------------------------------------------------------


def _chain(srv: LoopbackServer, hops: int) -> None:
    for i in range(1, hops + 1):
        nxt = f"/hop{i + 1}" if i < hops else "/final"
        srv.add(f"/hop{i}", redirect(nxt, 301 if i % 2 else 302))
    srv.add("/final", Reply(body=b"arrived"))


def test_five_redirects_are_followed_and_recorded(srv: LoopbackServer) -> None:
    _chain(srv, 5)
    notes: list[str] = []
    with Fetcher(fetch_settings(), log=notes.append) as f:
        result = f.get(srv.url("/hop1"))
    assert result.body == b"arrived"
    assert result.url == srv.url("/final")
    assert result.requested_url == srv.url("/hop1")
    assert result.redirects == [srv.url(p) for p in ("/hop2", "/hop3", "/hop4", "/hop5", "/final")]
    assert sum(1 for n in notes if "redirect to" in n) == 5


def test_six_hop_redirect_chain_is_refused(srv: LoopbackServer) -> None:
    _chain(srv, 6)
    with fetcher() as f, pytest.raises(TooManyRedirects) as err:
        f.get(srv.url("/hop1"))
    assert "more than 5 redirects" in err.value.message
    assert err.value.input == srv.url("/hop1")
    assert [srv.hits(f"/hop{i}") for i in range(1, 7)] == [1] * 6
    assert srv.hits("/final") == 0


def test_redirect_loop_is_refused(srv: LoopbackServer) -> None:
    srv.add("/a", redirect("/b"))
    srv.add("/b", redirect(srv.url("/a")))
    with fetcher() as f, pytest.raises(TooManyRedirects, match="redirect loop") as err:
        f.get(srv.url("/a"))
    assert srv.url("/a") in err.value.message and srv.url("/b") in err.value.message
    assert srv.hits("/a") == 1 and srv.hits("/b") == 1


def test_redirect_to_another_scheme_is_refused(srv: LoopbackServer) -> None:
    srv.add("/go", redirect("file:///etc/passwd"))
    with fetcher() as f, pytest.raises(SchemeRefused, match="redirect to file:///etc/passwd"):
        f.get(srv.url("/go"))


# --- robots.txt --------------------------------------------------------------------


def test_robots_disallowed_path_is_never_requested(srv: LoopbackServer) -> None:
    srv.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private\n",
                                 headers={"Content-Type": "text/plain"}))
    srv.add("/private/page", Reply(body=b"secret"))
    srv.add("/public", Reply(body=b"open"))
    with fetcher() as f:
        with pytest.raises(RobotsDisallowed) as err:
            f.get(srv.url("/private/page"))
        assert f.get(srv.url("/public")).body == b"open"
    assert err.value.input == srv.url("/private/page")
    assert "disallows /private/page" in err.value.message
    assert srv.hits("/private/page") == 0
    assert srv.hits("/robots.txt") == 1  # read once per host for the run


def test_robots_rules_for_this_crawler_apply_and_others_do_not(srv: LoopbackServer) -> None:
    srv.add("/robots.txt", Reply(body=b"User-agent: otherbot\nDisallow: /\n\n"
                                      b"User-agent: evidence\nDisallow: /drafts/\n"))
    srv.add("/paper", Reply(body=b"ok"))
    with fetcher() as f:
        assert f.get(srv.url("/paper")).body == b"ok"
        with pytest.raises(RobotsDisallowed):
            f.get(srv.url("/drafts/x"))


def test_robots_404_allows_everything(srv: LoopbackServer) -> None:
    srv.add("/page", Reply(body=b"ok"))
    with fetcher() as f:
        assert f.get(srv.url("/page")).body == b"ok"
    assert srv.hits("/robots.txt") == 1


def test_robots_503_blocks_the_host(srv: LoopbackServer) -> None:
    srv.add("/robots.txt", Reply(503, b"down"))
    srv.add("/page", Reply(body=b"ok"))
    with fetcher() as f:
        with pytest.raises(RobotsDisallowed, match="503") as err:
            f.get(srv.url("/page"))
        with pytest.raises(RobotsDisallowed):
            f.get(srv.url("/page"))
    assert "every path is treated as disallowed" in err.value.message
    assert srv.hits("/page") == 0
    assert srv.hits("/robots.txt") == 1


def test_unreachable_robots_blocks_the_host(srv: LoopbackServer) -> None:
    srv.add("/robots.txt", redirect(f"http://127.0.0.1:{closed_port()}/robots.txt"))
    srv.add("/page", Reply(body=b"ok"))
    with fetcher(retries=0) as f, pytest.raises(RobotsDisallowed, match="could not be read"):
        f.get(srv.url("/page"))
    assert srv.hits("/page") == 0


def test_robots_are_ignored_when_not_obeyed(srv: LoopbackServer) -> None:
    srv.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n"))
    srv.add("/page", Reply(body=b"ok"))
    with fetcher(obey_robots=False) as f:
        assert f.get(srv.url("/page")).body == b"ok"
    assert srv.hits("/robots.txt") == 0


def test_crawl_delay_spaces_requests(srv: LoopbackServer) -> None:
    srv.add("/robots.txt", Reply(body=b"User-agent: *\nCrawl-delay: 0.4\n"))
    srv.add("/one", Reply(body=b"1"))
    srv.add("/two", Reply(body=b"2"))
    with fetcher(delay=0.01) as f:
        f.get(srv.url("/one"))
        f.get(srv.url("/two"))
    times = [r.time for r in srv.requests]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 2
    assert min(gaps) >= 0.4


def test_large_robots_file_is_parsed(srv: LoopbackServer) -> None:
    filler = b"".join(b"Disallow: /archive/%06d/\n" % i for i in range(24_000))  # about 600 KB
    assert len(filler) > 600_000
    srv.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n" + filler))
    srv.add("/private/x", Reply(body=b"no"))
    srv.add("/open", Reply(body=b"yes"))
    with fetcher() as f:
        assert f.get(srv.url("/open")).body == b"yes"
        with pytest.raises(RobotsDisallowed):
            f.get(srv.url("/private/x"))


# --- address safety ------------------------------------------------------------------


def _refused_cases(port: int) -> list[tuple[str, dict[str, list[str]]]]:
    return [
        (f"http://127.0.0.1:{port}/secret", {}),
        (f"http://[::1]:{port}/secret", {}),
        (f"http://[::ffff:127.0.0.1]:{port}/secret", {}),
        (f"http://0.0.0.0:{port}/secret", {}),
        ("http://169.254.169.254/latest/meta-data/", {}),
        ("http://10.0.0.1/", {}),
        ("http://100.100.100.200/", {}),
        (f"http://2130706433:{port}/secret", {}),
        (f"http://0x7f.1:{port}/secret", {}),
        (f"http://127.0.0.1.nip.io:{port}/secret", {"127.0.0.1.nip.io": ["127.0.0.1"]}),
        (f"http://intranet.example:{port}/secret", {"intranet.example": ["127.0.0.1"]}),
        (f"http://mixed.example:{port}/secret", {"mixed.example": [PUBLIC_IP, "127.0.0.1"]}),
        (f"http://metadata.example:{port}/secret", {"metadata.example": ["fd00::1"]}),
    ]


def test_internal_addresses_are_refused_without_a_single_connection(sentinel: LoopbackServer) -> None:
    cases = _refused_cases(sentinel.port)
    resolver = StubResolver({h: a for _, answers in cases for h, a in answers.items()})
    with Fetcher(fetch_settings(allow_private=False), resolver=resolver) as f:
        dialled = route_addresses(f, {})
        for url, _ in cases:
            with pytest.raises(AddressRefused) as err:
                f.get(url)
            assert err.value.input == url
    assert dialled == []
    assert sentinel.connections == 0
    assert sentinel.hits("/secret") == 0
    assert set(resolver.calls) == {"127.0.0.1.nip.io", "intranet.example", "mixed.example",
                                   "metadata.example"}


def test_refusal_messages_say_what_the_address_is() -> None:
    resolver = StubResolver({"intranet.example": ["10.1.2.3"]})
    expected = {
        "http://127.0.0.1/": "127.0.0.1 is a loopback address",
        "http://2130706433/": "2130706433 (= 127.0.0.1) is a loopback address",
        "http://intranet.example/": "intranet.example resolves to 10.1.2.3, which is a private address",
        "http://169.254.169.254/": "169.254.169.254 is a link-local address",
    }
    with Fetcher(fetch_settings(allow_private=False), resolver=resolver) as f:
        for url, message in expected.items():
            with pytest.raises(AddressRefused) as err:
                f.get(url)
            assert err.value.message == message
            assert err.value.one_line().startswith(f"{url}: {message} (try: ")


@pytest.mark.parametrize(("ip", "problem"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.0.0.1", "private"),
    ("172.20.0.1", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"), ("100.64.0.1", "carrier-grade NAT"), ("0.0.0.0", "unspecified"),
    ("::", "unspecified"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"), ("::ffff:127.0.0.1", "IPv4-mapped"), ("::ffff:8.8.8.8", "IPv4-mapped"),
    ("fc00::1", "private"), ("2002:7f00:1::", "loopback"),
])
def test_address_policy(ip: str, problem: str) -> None:
    found = address_problem(ip)
    assert found is not None and problem in found


@pytest.mark.parametrize("ip", ["8.8.8.8", PUBLIC_IP, "2606:4700:4700::1111"])
def test_public_addresses_pass(ip: str) -> None:
    assert address_problem(ip) is None


def test_redirect_from_an_allowed_host_to_loopback_is_refused(
    srv: LoopbackServer, sentinel: LoopbackServer
) -> None:
    secret = sentinel.url("/secret")
    srv.add("/go", redirect(secret))
    srv.add("/go-int", redirect(f"http://2130706433:{sentinel.port}/secret"))
    resolver = StubResolver({"allowed.example": [PUBLIC_IP]})
    with Fetcher(fetch_settings(allow_private=False), resolver=resolver) as f:
        dialled = route_addresses(f, {PUBLIC_IP: "127.0.0.1"})
        url = f"http://allowed.example:{srv.port}/go"
        with pytest.raises(AddressRefused) as err:
            f.get(url)
        with pytest.raises(AddressRefused, match="loopback"):
            f.get(f"http://allowed.example:{srv.port}/go-int")
    assert err.value.input == url
    assert err.value.message.startswith(f"redirect to {secret}: 127.0.0.1 is a loopback address")
    assert srv.hits("/go") == 1  # the allowed host was fetched ...
    assert {ip for ip, _ in dialled} == {PUBLIC_IP}  # ... through its validated address only
    assert sentinel.connections == 0


def test_connection_is_pinned_to_the_validated_address(srv: LoopbackServer) -> None:
    """The name is resolved once per fetch and httpx never resolves it again.

    `.example` names do not exist in real DNS, so the request can only succeed
    by connecting to the address the stub resolver gave; the Host header keeps
    the name.
    """
    srv.add("/page", Reply(body=b"pinned"))
    resolver = StubResolver({"pinned.example": ["127.0.0.1"]})
    with Fetcher(fetch_settings(), resolver=resolver) as f:
        assert f.get(f"http://pinned.example:{srv.port}/page").body == b"pinned"
    assert resolver.calls == ["pinned.example"]  # robots.txt and the page share the pin
    assert srv.requests_to("/page")[0].headers["host"] == f"pinned.example:{srv.port}"


def test_dns_rebinding_cannot_redirect_the_connection(srv: LoopbackServer) -> None:
    srv.add("/page", Reply(body=b"public content"))
    resolver = StubResolver({"rebind.example": [[PUBLIC_IP], ["127.0.0.1"]]})
    with Fetcher(fetch_settings(allow_private=False), resolver=resolver) as f:
        dialled = route_addresses(f, {PUBLIC_IP: "127.0.0.1"})
        url = f"http://rebind.example:{srv.port}/page"
        assert f.get(url).body == b"public content"
        assert {ip for ip, _ in dialled} == {PUBLIC_IP}
        with pytest.raises(AddressRefused, match="resolves to 127.0.0.1"):
            f.get(url)  # the next fetch resolves again and sees the internal answer
    assert srv.hits("/page") == 1


def test_https_keeps_the_host_name_for_sni_and_certificate_checks(tmp_path: Path) -> None:
    """Pinning changes where the socket goes, not which name TLS verifies.

    A self-signed certificate for the pinned name is offered on loopback: the
    handshake must carry the name (SNI) and then fail verification, once,
    without retries.
    """
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=secure.example", "-addext", "subjectAltName=DNS:secure.example",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda _sock, name, _ctx: names.append(name)  # type: ignore[assignment]
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        listener.settimeout(5)
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn, contextlib.suppress(OSError):
            context.wrap_socket(conn, server_side=True).close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    resolver = StubResolver({"secure.example": ["127.0.0.1"]})
    try:
        with Fetcher(fetch_settings(obey_robots=False, retries=3), resolver=resolver) as f, \
                pytest.raises(FetchError) as err:
            f.get(f"https://secure.example:{port}/")
    finally:
        thread.join(5)
        listener.close()
    assert "TLS handshake failed" in err.value.message
    assert "CERTIFICATE_VERIFY_FAILED" in err.value.message
    assert names == ["secure.example"]


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "ftp://ftp.example.org/pub/paper.txt",
    "data:text/html,<script>alert(1)</script>",
    "javascript:alert(1)",
    "gopher://example.org/1",
    "example.org/no-scheme",
])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with fetcher() as f, pytest.raises(SchemeRefused) as err:
        f.get(url)
    assert err.value.input == url


def test_proxy_environment_is_ignored(srv: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with LoopbackServer() as proxy:
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy.url())
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        srv.add("/page", Reply(body=b"direct"))
        with fetcher() as f:
            assert f.get(srv.url("/page")).body == b"direct"
        assert proxy.connections == 0


# --- retries and politeness ----------------------------------------------------------


def test_429_with_retry_after_waits_then_succeeds(srv: LoopbackServer) -> None:
    srv.add("/busy", [Reply(429, headers={"Retry-After": "1"}), Reply(body=b"ok")])
    with fetcher(retries=2) as f:
        assert f.get(srv.url("/busy")).body == b"ok"
    first, second = srv.requests_to("/busy")
    assert second.time - first.time >= 1.0


def test_retry_after_http_date_is_honoured_and_capped() -> None:
    fake = FakeTime()
    with LoopbackServer() as srv:
        soon = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=3), usegmt=True)
        srv.add("/date", [Reply(503, headers={"Retry-After": soon}), Reply(body=b"ok")])
        srv.add("/long", [Reply(429, headers={"Retry-After": "3600"}), Reply(body=b"ok")])
        settings = fetch_settings(retries=1, max_retry_after=7.5, obey_robots=False)
        with Fetcher(settings, sleep=fake.sleep, clock=fake.clock) as f:
            assert f.get(srv.url("/date")).body == b"ok"
            waits_date = list(fake.sleeps)
            assert f.get(srv.url("/long")).body == b"ok"
    assert any(1.5 <= w <= 3.01 for w in waits_date)
    assert max(fake.sleeps) == pytest.approx(7.5)


def test_retry_after_longer_than_the_deadline_gives_up(srv: LoopbackServer) -> None:
    srv.add("/busy", Reply(429, headers={"Retry-After": "30"}))
    start = time.monotonic()
    with fetcher(deadline=2.0, max_retry_after=60.0, retries=3) as f, \
            pytest.raises(HTTPStatusError, match="HTTP 429 Too Many Requests"):
        f.get(srv.url("/busy"))
    assert time.monotonic() - start < 1.5
    assert srv.hits("/busy") == 1


def test_parse_retry_after() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_delay_between_requests_to_the_same_host(srv: LoopbackServer) -> None:
    srv.add("/one", Reply(body=b"1"))
    srv.add("/two", Reply(body=b"2"))
    with fetcher(delay=0.3, obey_robots=False) as f:
        f.get(srv.url("/one"))
        f.get(srv.url("/two"))
    one, two = srv.requests_to("/one")[0], srv.requests_to("/two")[0]
    assert two.time - one.time >= 0.3


def test_delay_uses_the_injected_clock_and_sleep(srv: LoopbackServer) -> None:
    fake = FakeTime()
    srv.add("/one", Reply(body=b"1"))
    srv.add("/two", Reply(body=b"2"))
    with Fetcher(fetch_settings(delay=5.0), sleep=fake.sleep, clock=fake.clock) as f:
        f.get(srv.url("/one"))
        f.get(srv.url("/two"))
    # robots.txt, /one, /two: two waits of the full delay, none of them spent for real
    assert fake.sleeps == [pytest.approx(5.0), pytest.approx(5.0)]


def test_one_request_at_a_time_per_host(srv: LoopbackServer) -> None:
    paths = [f"/doc{i}" for i in range(6)]
    for p in paths:
        srv.add(p, Reply(body=p.encode(), wait=0.05))
    errors: list[BaseException] = []
    with fetcher(delay=0.01) as f:
        def work(mine: list[str]) -> None:
            try:
                for p in mine:
                    assert f.get(srv.url(p)).body == p.encode()
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(paths[i::3],)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert srv.max_in_flight == 1
    assert srv.hits("/robots.txt") == 1
    assert sorted(r.path for r in srv.requests if r.path != "/robots.txt") == sorted(paths)


# --- cache ---------------------------------------------------------------------------


def _validating(tag: str, body: bytes) -> Callable[[Seen], Reply]:
    def answer(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == tag:
            return Reply(304, headers={"ETag": tag})
        return Reply(body=body, headers={"ETag": tag, "Content-Type": "text/plain"})

    return answer


def test_cache_revalidates_with_etag_and_serves_304_from_disk(
    srv: LoopbackServer, tmp_path: Path
) -> None:
    srv.add("/doc", _validating('"v1"', b"version one"))
    url = srv.url("/doc")
    with fetcher(cache_dir=str(tmp_path)) as f:
        first = f.get(url)
    assert first.from_cache is False
    with fetcher(cache_dir=str(tmp_path)) as f:  # a later run
        second = f.get(url)
    assert second.from_cache is True
    assert second.body == b"version one"
    assert second.status == 200
    assert second.content_type == "text/plain"
    sent = srv.requests_to("/doc")
    assert "if-none-match" not in sent[0].headers
    assert sent[1].headers["if-none-match"] == '"v1"'
    key = hashlib.sha256(url.encode()).hexdigest()
    assert (tmp_path / f"{key}.body").read_bytes() == b"version one"
    meta = json.loads((tmp_path / f"{key}.json").read_text())
    assert meta["etag"] == '"v1"' and meta["url"] == url
    assert not list(tmp_path.glob("*.tmp"))


def test_a_credential_in_the_address_is_never_written_to_the_cache(
    srv: LoopbackServer, tmp_path: Path
) -> None:
    srv.add("/eutils", _validating('"e1"', b"<article/>"))
    with fetcher(cache_dir=str(tmp_path)) as f:
        f.get(srv.url("/eutils?db=pmc&id=42&api_key=s3cr3t-k3y"))
    with fetcher(cache_dir=str(tmp_path)) as f:  # a later run, with another key
        again = f.get(srv.url("/eutils?db=pmc&id=42&api_key=0ther-k3y"))
    assert again.from_cache and again.body == b"<article/>"
    written = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"s3cr3t" not in written and b"0ther" not in written
    meta = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert meta["url"] == srv.url("/eutils?db=pmc&id=42")


def test_cache_uses_last_modified_and_refreshes_changed_content(
    srv: LoopbackServer, tmp_path: Path
) -> None:
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"
    srv.add("/lm", [
        Reply(body=b"old", headers={"Last-Modified": stamp}),
        Reply(304),
        Reply(body=b"new", headers={"Last-Modified": "Thu, 22 Oct 2026 07:28:00 GMT"}),
    ])
    with fetcher(cache_dir=str(tmp_path)) as f:
        assert f.get(srv.url("/lm")).body == b"old"
        again = f.get(srv.url("/lm"))
        assert again.from_cache and again.body == b"old"
        changed = f.get(srv.url("/lm"))
        assert not changed.from_cache and changed.body == b"new"
    assert [r.headers.get("if-modified-since") for r in srv.requests_to("/lm")] == [None, stamp, stamp]


def test_no_cache_dir_means_no_conditional_requests(srv: LoopbackServer) -> None:
    srv.add("/doc", _validating('"v1"', b"body"))
    with fetcher(cache_dir=None) as f:
        f.get(srv.url("/doc"))
        assert f.get(srv.url("/doc")).from_cache is False
    assert all("if-none-match" not in r.headers for r in srv.requests_to("/doc"))
