"""The review desk on a real loopback port, for tests that talk HTTP to it.

    with DeskServer(store) as desk:
        client = desk.client()          # an httpx client holding the session cookie
        client.get("/queue.json")

The server is uvicorn running `create_app` in a thread, bound to 127.0.0.1 on a free
port, exactly as `evidence serve` runs it.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import uvicorn

from evidence.desk import bind
from evidence.desk.app import DeskConfig, create_app
from evidence.desk.security import Secrets
from evidence.store import Store


class DeskServer:
    def __init__(self, store: Store, editor: str = "desk"):
        self.sock = bind(0)
        self.port = self.sock.getsockname()[1]
        self.keys = Secrets.new()
        app = create_app(store, self.keys, DeskConfig(self.port, editor))
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)
        self.clients: list[httpx.Client] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def start_url(self) -> str:
        return f"{self.base}/queue?token={self.keys.token}"

    def __enter__(self) -> DeskServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the desk did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: Any) -> None:
        for c in self.clients:
            c.close()
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()

    def anonymous(self) -> httpx.Client:
        """A client without the session cookie."""
        c = httpx.Client(base_url=self.base, timeout=60, follow_redirects=True)
        self.clients.append(c)
        return c

    def client(self) -> httpx.Client:
        """A client that opened the start-up URL, so it holds the session cookie."""
        c = self.anonymous()
        r = c.get(self.start_url)
        assert r.status_code == 200, r.text
        return c

    def post(self, client: httpx.Client, path: str, data: dict[str, Any], *,
             json: bool = True, **headers: str) -> httpx.Response:
        """A form POST carrying the CSRF token (unless `data` says otherwise)."""
        form = {"csrf": self.keys.csrf, **data}
        h = {"Accept": "application/json"} if json else {}
        return client.post(path, data={k: v for k, v in form.items() if v is not None},
                           headers={**h, **headers})
