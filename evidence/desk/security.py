"""The desk's guard: who may talk to it and how.

The desk listens on 127.0.0.1 only, but a page in the editor's own browser can still
send requests there, and a DNS-rebinding page can even read the answers. So every
request passes, in order:

1. **Host**: must be 127.0.0.1 or localhost on the desk's port (else 403), which
   defeats DNS rebinding.
2. **Origin**: a request that says it comes from another site (an `Origin` header that
   is not the desk's, or `Sec-Fetch-Site: cross-site`) gets 403.
3. **Token**: the start-up token, given once in the URL (`?token=`), is exchanged for
   an `HttpOnly; SameSite=Strict` cookie; scripts may send it as `Authorization:
   Bearer`. Without either: 401.
4. **CSRF**: every POST carries the session's CSRF token (form field `csrf` or header
   `X-CSRF-Token`); without it, or with another: 403, before any handler runs, so the
   database is never touched.

Every answer carries the report's Content-Security-Policy (forms may post to the desk
itself), `nosniff`, a referrer only to the desk itself, no framing and no caching.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from hashlib import sha256
from typing import Any
from urllib.parse import parse_qsl, urlencode

from evidence.report.context import CSP as REPORT_CSP

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "evidence_desk"
CSRF_FIELD = "csrf"
CSRF_HEADER = b"x-csrf-token"
MAX_BODY = 1_000_000
# The report's policy, except that the desk's own forms must be able to post.
PAGE_CSP = REPORT_CSP.replace("form-action 'none'", "form-action 'self'")  # also in <meta>
CSP = PAGE_CSP + "; frame-ancestors 'none'"  # frame-ancestors works only as a header
SAFE_METHODS = {"GET", "HEAD"}


@dataclass(frozen=True)
class Secrets:
    """The start-up token and what is derived from it for this run of the desk."""

    token: str

    @classmethod
    def new(cls) -> Secrets:
        return cls(secrets.token_urlsafe(32))

    def _derive(self, what: str) -> str:
        return hmac.new(self.token.encode(), what.encode(), sha256).hexdigest()

    @property
    def session(self) -> str:
        """The cookie value: proves the token was seen, without being the token."""
        return self._derive("session")

    @property
    def csrf(self) -> str:
        return self._derive("csrf")


def allowed_hosts(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}"}


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers") or []}


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def security_headers() -> list[tuple[bytes, bytes]]:
    return [(b"content-security-policy", CSP.encode()),
            # same-origin, not no-referrer: with no referrer at all, browsers send
            # `Origin: null` on the desk's own form posts, which the guard must refuse
            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"), (b"cache-control", b"no-store"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin")]


class Guard:
    """ASGI middleware applying the checks above to every HTTP request."""

    def __init__(self, app: ASGIApp, keys: Secrets, port: int):
        self.app = app
        self.keys = keys
        self.port = port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        h = _headers(scope)
        host = h.get(b"host", b"").decode("latin-1").lower()
        if host not in allowed_hosts(self.port):
            await _deny(send, scope, 403, "wrong Host: open the desk at the address it printed")
            return
        origin = h.get(b"origin", b"").decode("latin-1").lower()
        if (origin and origin not in {f"http://{x}" for x in allowed_hosts(self.port)}) or \
                h.get(b"sec-fetch-site", b"") == b"cross-site":
            await _deny(send, scope, 403, "cross-site request refused")
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if scope["method"] in SAFE_METHODS and "token" in query:
            await self._exchange(scope, query, send)
            return
        if not self._authenticated(h):
            await _deny(send, scope, 401, "the desk needs its start-up token: open the URL "
                        "`evidence serve` printed")
            return
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            await _deny(send, scope, 413, "request too large")
            return
        if not self._csrf_ok(h, body):
            await _deny(send, scope, 403, "missing or wrong CSRF token: reload the page and "
                        "try again")
            return
        await self.app(scope, _replay(body), send)

    def _authenticated(self, h: dict[bytes, bytes]) -> bool:
        auth = h.get(b"authorization", b"").decode("latin-1")
        if auth.lower().startswith("bearer ") and _same(auth[7:].strip(), self.keys.token):
            return True
        for part in h.get(b"cookie", b"").decode("latin-1").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE and _same(value, self.keys.session):
                return True
        return False

    def _csrf_ok(self, h: dict[bytes, bytes], body: bytes) -> bool:
        sent = h.get(CSRF_HEADER, b"").decode("latin-1")
        ctype = h.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        if not sent and ctype == "application/x-www-form-urlencoded":
            sent = next((v for k, v in parse_qsl(body.decode("utf-8", "replace"))
                         if k == CSRF_FIELD), "")
        return bool(sent) and _same(sent, self.keys.csrf)

    async def _exchange(self, scope: Scope, query: dict[str, str], send: Send) -> None:
        """A valid token in the URL becomes the cookie, and the URL loses the token."""
        if not _same(query["token"], self.keys.token):
            await _deny(send, scope, 401, "wrong start-up token: open the URL `evidence serve` "
                        "printed")
            return
        rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
        target = scope.get("path", "/") + (f"?{rest}" if rest else "")
        cookie = f"{COOKIE}={self.keys.session}; HttpOnly; SameSite=Strict; Path=/"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", target.encode()), (b"set-cookie", cookie.encode()),
                                (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            have = {k.lower() for k, _ in message.get("headers") or []}
            extra = [(k, v) for k, v in security_headers() if k not in have]
            message["headers"] = list(message.get("headers") or []) + extra
        await send(message)
    return wrapped


async def _read_body(receive: Receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        msg = await receive()
        if msg["type"] == "http.disconnect":
            break
        chunk = msg.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not msg.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}
    return receive


async def _deny(send: Send, scope: Scope, status: int, why: str) -> None:
    wants_json = scope.get("path", "").endswith(".json") or b"application/json" in \
        _headers(scope).get(b"accept", b"")
    if wants_json:
        body = json.dumps({"error": why, "status": status}).encode()
        ctype = b"application/json"
    else:
        body = (f"<!DOCTYPE html><meta charset=utf-8><title>{status}</title>"
                f"<p>{status}: {why}</p>").encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
