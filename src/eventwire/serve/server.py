"""Running the app with uvicorn: in the foreground (the CLI) or in a background thread (tests, bench)."""
from __future__ import annotations

import socket
import sys
import threading
import time

from ..errors import UsageError

LOOPBACK = ("127.0.0.1", "localhost", "::1")

# How long a thread that holds the interpreter runs before another may take it (Python's default
# is 5 ms). The server's request threads give the interpreter up for every row SQLite steps to
# and wait to get it back: at 1 ms, a request that reads many rows waits less behind the others
# (20 clients on a million events: the slowest route's p95 fell by 13 to 17%; docs/scale.md).
SWITCH_INTERVAL_S = 0.001


def tune_interpreter() -> None:
    """The serving process's interpreter settings (the CLI's server and each worker process)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _config(app, host: str, port: int, log_level: str):
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=False,
                          server_header=False, timeout_keep_alive=30)


def serve_forever(app, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info",
                  workers: int = 1) -> None:
    """Serve `app` until stopped. With `workers` > 1, that many processes (uvicorn's supervisor)
    each build the application from the environment (eventwire.serve.app.app_from_environment,
    with EVENTWIRE_SERVE_DB set by the caller) and share the port."""
    import uvicorn

    tune_interpreter()
    if workers > 1:
        uvicorn.run("eventwire.serve.app:app_from_environment", factory=True, workers=workers,
                    host=host, port=port, log_level=log_level, access_log=False,
                    server_header=False, timeout_keep_alive=30)
        return
    uvicorn.Server(_config(app, host, port, log_level)).run()


class BackgroundServer:
    """A real uvicorn server in a daemon thread; `with BackgroundServer(app) as srv: srv.url`."""

    def __init__(self, app, host: str = "127.0.0.1", port: int | None = None, log_level: str = "warning"):
        import uvicorn

        self.host = host
        self.port = port or free_port(host)
        self.server = uvicorn.Server(_config(app, self.host, self.port, log_level))
        self.server.install_signal_handlers = lambda: None  # not the main thread
        self.thread = threading.Thread(target=self.server.run, name="eventwire-serve", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 20.0) -> "BackgroundServer":
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise UsageError(f"the server did not start on {self.url} within {timeout:.0f} s")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> "BackgroundServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
