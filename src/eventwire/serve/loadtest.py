"""A bounded load benchmark of the events endpoint: N concurrent clients on loopback for T seconds."""
from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode, urlsplit

from ..errors import UsageError
from ..model import PLOVER_TYPES, STATUSES
from .server import LOOPBACK, free_port

MAX_CLIENTS = 200
MAX_SECONDS = 600
MAX_REQUESTS = 2_000_000


def filter_mix() -> list[dict[str, str]]:
    """Generic filter combinations (each type, each status, common countries, words, years, paging)."""
    mix: list[dict[str, str]] = [{}]
    mix += [{"type": t} for t in PLOVER_TYPES]
    mix += [{"status": s} for s in STATUSES]
    mix += [{"country": c} for c in ("USA", "RUS", "CHN", "GBR", "IRN", "UKR", "FRA", "DEU")]
    mix += [{"text": w} for w in ("president", "police", "talks", "said", "government")]
    mix += [{"actor": a} for a in ("minister", "police", "president")]
    mix += [{"since": f"{y}-01-01", "until": f"{y}-12-31"} for y in range(2012, 2026)]
    mix += [{"type": t, "since": "2015-01-01"} for t in ("ACCUSE", "ASSAULT", "CONSULT")]
    mix += [{"type": "REQUEST", "country": "USA"}, {"status": "alleged", "type": "ASSAULT"}]
    out = []
    for i, f in enumerate(mix):
        out.append({**f, "limit": "50", "offset": "50" if i % 5 == 4 else "0"})
    return out


@dataclass
class LoadReport:
    url: str
    clients: int
    seconds: float
    requests: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    median_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    requests_per_s: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)

    def summary_line(self) -> str:
        fmt = lambda v: "na" if v is None else f"{v:.1f}"  # noqa: E731
        return (f"loadtest: clients={self.clients} seconds={self.seconds:.1f} requests={self.requests} "
                f"rps={self.requests_per_s:.1f} median_ms={fmt(self.median_ms)} "
                f"p95_ms={fmt(self.p95_ms)} errors={self.errors}")


def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise UsageError(f"{url}: the load test only runs against loopback (127.0.0.1, localhost)")


async def _run(base: str, clients: int, seconds: float, max_requests: int) -> LoadReport:
    import httpx

    queries = [base + "/api/events?" + urlencode(f) for f in filter_mix()]
    pick = itertools.cycle(range(len(queries)))
    latencies: list[float] = []
    report = LoadReport(url=base, clients=clients, seconds=seconds)
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(timeout=30.0, limits=limits) as client:
        async def worker() -> None:
            while time.perf_counter() < deadline and len(latencies) + report.errors < max_requests:
                url = queries[next(pick)]
                t0 = time.perf_counter()
                try:
                    resp = await client.get(url)
                    ok = resp.status_code == 200 and "items" in resp.json()
                    kind = f"HTTP {resp.status_code}"
                except (httpx.HTTPError, ValueError) as exc:
                    ok, kind = False, type(exc).__name__
                if ok:
                    latencies.append(time.perf_counter() - t0)
                else:
                    report.errors += 1
                    report.error_kinds[kind] = report.error_kinds.get(kind, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
    report.seconds = elapsed
    report.requests = len(latencies) + report.errors
    report.requests_per_s = report.requests / elapsed if elapsed else 0.0
    if latencies:
        ms = sorted(x * 1000 for x in latencies)
        report.median_ms = statistics.median(ms)
        report.p95_ms = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        report.max_ms = ms[-1]
    return report


def run_load(url: str, clients: int = 20, seconds: float = 30.0, max_requests: int = MAX_REQUESTS
             ) -> LoadReport:
    """Drive GET /api/events with varied filters from `clients` concurrent clients for `seconds`."""
    check_loopback(url)
    if not 1 <= clients <= MAX_CLIENTS:
        raise UsageError(f"--clients must be between 1 and {MAX_CLIENTS}")
    if not 0 < seconds <= MAX_SECONDS:
        raise UsageError(f"--seconds must be between 1 and {MAX_SECONDS}")
    return asyncio.run(_run(url.rstrip("/"), clients, seconds, max_requests))


class ServerProcess:
    """`eventwire serve` in a child process on a free loopback port (so that the load generator
    does not share an interpreter lock with the server it measures)."""

    def __init__(self, db: str, host: str = "127.0.0.1"):
        self.db, self.host, self.port = db, host, free_port(host)
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> "ServerProcess":
        import httpx

        cmd = [sys.executable, "-c", "from eventwire.cli import main; main()", "serve", "--db", self.db,
               "--host", self.host, "--port", str(self.port), "--log-level", "warning"]
        self.proc = subprocess.Popen(cmd, env=os.environ.copy())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise UsageError(f"`eventwire serve --db {self.db}` exited with {self.proc.returncode}")
            try:
                if httpx.get(self.url + "/api/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise UsageError(f"the server for {self.db} did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
