"""A throwaway PostgreSQL server for the tests: Debian's binaries, a new cluster in a temporary
folder, a free loopback port, stopped and removed when the test session ends.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user (which
Debian's `postgresql` package creates) and every server command runs through `runuser`.
`scripts/setup.sh --test` installs the package; without it the PostgreSQL tests skip.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# the cluster is for tests only: durability settings off, so that creating databases is quick
TEST_SETTINGS = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                 "-c max_connections=200")


def find_bindir() -> Path | None:
    """The bin folder of the newest Debian PostgreSQL (or $EVENTWIRE_PG_BIN), None when absent."""
    if os.environ.get("EVENTWIRE_PG_BIN"):
        cands = [os.environ["EVENTWIRE_PG_BIN"]]
    else:
        cands = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                       key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                       reverse=True)
    for c in cands:
        if (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """One PostgreSQL cluster: `start()`, `new_database()` per test (a URL), `stop()`."""

    def __init__(self, bindir: Path, settings: str = TEST_SETTINGS):
        self.bindir = bindir
        self.settings = settings
        self.root = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self._n = 0
        self._as_postgres = os.geteuid() == 0

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if res.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed ({res.returncode}): "
                               f"{res.stderr.strip() or res.stdout.strip()}\n{log}")
        return res

    def start(self) -> "PgServer":
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--no-locale", "--no-sync")
        for attempt in range(5):  # another process may take the free port before the server does
            self.port = free_port()
            opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
                    f"{self.settings}")
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", opts,
                          "-w", "-t", "60", "start")
                return self
            except RuntimeError:
                if attempt == 4:
                    raise
                time.sleep(0.2)
        return self

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def new_database(self, prefix: str = "t") -> str:
        """A new, empty database on the server; its URL."""
        import psycopg

        self._n += 1
        name = f"{prefix}_{os.getpid()}_{self._n}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            if self.data.exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def skip_reason() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None."""
    if find_bindir() is None:
        return ("PostgreSQL server binaries are absent (/usr/lib/postgresql/*/bin/initdb): "
                "run scripts/setup.sh --test as root, or apt-get install postgresql")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install -e '.[postgres]'"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "running as root without runuser: cannot start PostgreSQL as the postgres user"
    return None
