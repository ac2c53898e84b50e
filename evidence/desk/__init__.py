"""The editors' review desk: a local web service on the evidence base (`evidence serve`).

`serve` binds 127.0.0.1 only, makes a fresh start-up token, says where to open the
desk, and runs the application (`app.create_app`) under uvicorn until interrupted.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from evidence.errors import EvidenceError

HOST = "127.0.0.1"  # never another interface: the desk has no user accounts
DEFAULT_PORT = 8765


class DeskError(EvidenceError):
    """The desk cannot start: its port is taken or cannot be bound."""

    code = "E600"
    hint = "choose another port with --port (0 picks a free one)"


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:`port` (0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise DeskError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}",
                        input=f"--port {port}") from None
    sock.listen(128)
    return sock


def serve(store: object, *, port: int = DEFAULT_PORT, editor: str, templates: Path | None = None,
          announce: Callable[[str], None] = print) -> None:
    """Run the desk on `store` until Ctrl-C. `announce` receives the URL with the token."""
    import uvicorn

    from evidence.desk.app import DeskConfig, create_app
    from evidence.desk.security import Secrets

    sock = bind(port)
    actual = sock.getsockname()[1]
    keys = Secrets.new()
    app = create_app(store, keys, DeskConfig(actual, editor, templates))  # type: ignore[arg-type]
    announce(f"http://{HOST}:{actual}/queue?token={keys.token}")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down cleanly
        pass
    finally:
        sock.close()
