"""A bounded load benchmark of every route the page and the API offer: N concurrent clients on
loopback for T seconds, each endpoint taking its turn, with figures per endpoint."""
from __future__ import annotations

import asyncio
import itertools
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ..errors import UsageError
from ..model import PLOVER_TYPES, STATUSES
from .server import LOOPBACK, free_port

MAX_CLIENTS = 200
MAX_SECONDS = 600
MAX_REQUESTS = 2_000_000
ALL_EVENTS = {"min_confidence": "0"}  # every stored event, not only those over the gate's threshold


def filter_mix() -> list[dict[str, str]]:
    """Generic event filters (each type, each status, common countries, words, years, paging),
    each at the default confidence threshold and over every stored event."""
    mix: list[dict[str, str]] = [{}]
    mix += [{"type": t} for t in PLOVER_TYPES]
    mix += [{"status": s} for s in STATUSES]
    mix += [{"country": c} for c in ("USA", "RUS", "CHN", "GBR", "IRN", "UKR", "FRA", "DEU")]
    mix += [{"text": w} for w in ("president", "police", "talks", "said", "government")]
    mix += [{"actor": a} for a in ("minister", "police", "president")]
    mix += [{"since": f"{y}-01-01", "until": f"{y}-12-31"} for y in range(2012, 2026)]
    mix += [{"type": t, "since": "2015-01-01"} for t in ("ACCUSE", "ASSAULT", "CONSULT")]
    mix += [{"type": "REQUEST", "country": "USA"}, {"status": "alleged", "type": "ASSAULT"}]
    mix += [{**f, **ALL_EVENTS} for f in mix]
    return [{**f, "limit": "50", "offset": "50" if i % 5 == 4 else "0"} for i, f in enumerate(mix)]


def view_mix() -> list[dict[str, str]]:
    """The filters the page's views are opened with: none, a type, a status, a country, an actor,
    a year, each at the default threshold and over every stored event."""
    mix: list[dict[str, str]] = [{}, {"type": "ASSAULT"}, {"type": "REQUEST"}, {"type": "REJECT"},
                                 {"status": "alleged"}, {"country": "USA"}, {"country": "RUS"},
                                 {"actor": "president"}, {"text": "talks"},
                                 {"since": "2016-01-01", "until": "2016-12-31"}]
    return mix + [{**f, **ALL_EVENTS} for f in mix]


@dataclass
class Endpoint:
    """One route under load: the URLs its clients ask for, and what a good answer looks like."""
    name: str
    route: str                       # as in /openapi.json (or "/" and "/static" for the page)
    urls: list[str]
    kind: str = "json"               # json, page (dict with "items"), text (html, css, js, csv, jsonl)


def _q(path: str, params: dict[str, str]) -> str:
    return path + ("?" + urlencode(params) if params else "")


def endpoints(articles: list[str], incidents: list[str], article_total: int,
              routes: set[str] = frozenset()) -> list[Endpoint]:
    """The mix: every route of the page and the API with varied, valid parameters."""
    pages = [str(o) for o in sorted({0, 50, 1000, article_total // 2, max(0, article_total - 50)})]
    views = view_mix()
    out = [
        Endpoint("page", "/", ["/", "/static/app.js", "/static/app.css"], "text"),
        Endpoint("health", "/api/health", ["/api/health"]),
        Endpoint("stats", "/api/stats", ["/api/stats"]),
        Endpoint("events", "/api/events", [_q("/api/events", f) for f in filter_mix()], "page"),
        Endpoint("events+total", "/api/events",
                 [_q("/api/events", {**f, "limit": "50", "total": "true"}) for f in views], "page"),
        Endpoint("statements", "/api/statements", [_q("/api/statements", {**f, "limit": "50"}) for f in (
            {}, {"speaker": "Trump"}, {"speaker": "minister"}, {"country": "USA"}, {"kind": "direct"},
            {"text": "economy"}, {"since": "2016-01-01", "until": "2016-12-31"}, {"offset": "500"},
            {"kind": "indirect", "country": "RUS"}, {"total": "true"})], "page"),
        Endpoint("actors", "/api/actors", [_q("/api/actors", {**f, "limit": "50"}) for f in (
            {}, {"offset": "50"}, {"name": "minister"}, {"country": "USA"}, {"kind": "person"},
            {"sector": "GOV"}, {"since": "2016-01-01", "until": "2016-12-31"})], "page"),
        Endpoint("articles", "/api/articles", [_q("/api/articles", {"limit": "50", "offset": o})
                                               for o in pages] + [_q("/api/articles", {**f, "limit": "50"})
                                                                  for f in ({"source": "Reuters"},
                                                                            {"since": "2017-01-01"},
                                                                            {"text": "election"})], "page"),
        Endpoint("article", "/api/article/{article_id}", ["/api/article/" + quote(a) for a in articles]),
        Endpoint("timeline", "/api/timeline", [_q("/api/timeline", f) for f in views]),
        Endpoint("network", "/api/network", [_q("/api/network", {**f, "edges": "120"}) for f in views]),
        Endpoint("threads", "/api/threads", [_q("/api/threads", f) for f in views]),
        Endpoint("timeline.incidents", "/api/timeline",
                 [_q("/api/timeline", {**f, "count": "incidents"}) for f in views]),
        Endpoint("map", "/api/map", [_q("/api/map", f) for f in views]),
        Endpoint("map.incidents", "/api/map", [_q("/api/map", {**f, "count": "incidents"}) for f in views]),
        Endpoint("map.shapes", "/api/map/shapes", ["/api/map/shapes"]),
        Endpoint("export.csv", "/api/export.csv",
                 [_q("/api/export.csv", {**f, "limit": "100"}) for f in views[:5]], "text"),
        Endpoint("export.jsonl", "/api/export.jsonl",
                 [_q("/api/export.jsonl", {**f, "limit": "100"}) for f in views[:5]], "text"),
        Endpoint("schema", "/openapi.json", ["/openapi.json"]),
    ]
    if "/api/incidents" in routes:
        out.append(Endpoint("incidents", "/api/incidents",
                            [_q("/api/incidents", {**f, "limit": "50"}) for f in views], "page"))
    if incidents:
        out.append(Endpoint("incident", "/api/incidents/{incident_id}",
                            ["/api/incidents/" + quote(i) for i in incidents]))
    return out


@dataclass
class EndpointReport:
    name: str
    urls: int
    requests: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    median_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    first_median_ms: float | None = None   # the warm-up: each URL's first answer
    first_max_ms: float | None = None


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
    endpoints: list[EndpointReport] = field(default_factory=list)
    not_loaded: list[str] = field(default_factory=list)   # GET routes of the schema left out
    server_cpu_ms: float | None = None    # CPU the server's processes used per request (timed run)
    client_cpu_ms: float | None = None    # CPU this process (the clients) used per request
    load_average: list[float] | None = None  # the machine's, at the end (other work shares it)

    def to_dict(self) -> dict:
        return asdict(self)

    def worst(self) -> EndpointReport | None:
        measured = [e for e in self.endpoints if e.p95_ms is not None]
        return max(measured, key=lambda e: e.p95_ms) if measured else None  # type: ignore[arg-type]

    def summary_line(self) -> str:
        fmt = lambda v: "na" if v is None else f"{v:.1f}"  # noqa: E731
        worst = self.worst()
        tail = f" worst={worst.name} worst_p95_ms={fmt(worst.p95_ms)}" if worst else ""
        return (f"loadtest: clients={self.clients} seconds={self.seconds:.1f} requests={self.requests} "
                f"rps={self.requests_per_s:.1f} median_ms={fmt(self.median_ms)} "
                f"p95_ms={fmt(self.p95_ms)} errors={self.errors}{tail}")

    def cpu_line(self) -> str:
        fmt = lambda v: "na" if v is None else f"{v:.2f}"  # noqa: E731
        load = " ".join(f"{x:.1f}" for x in self.load_average or [])
        return (f"cpu: server_ms_per_request={fmt(self.server_cpu_ms)} "
                f"client_ms_per_request={fmt(self.client_cpu_ms)} load_average={load or 'na'}")

    def table(self) -> list[str]:
        fmt = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
        lines = [f"{'endpoint':<14}{'urls':>6}{'requests':>10}{'errors':>8}{'median_ms':>11}"
                 f"{'p95_ms':>9}{'max_ms':>9}{'first_med':>11}{'first_max':>11}"]
        for e in self.endpoints:
            lines.append(f"{e.name:<14}{e.urls:>6}{e.requests:>10}{e.errors:>8}{fmt(e.median_ms):>11}"
                         f"{fmt(e.p95_ms):>9}{fmt(e.max_ms):>9}{fmt(e.first_median_ms):>11}"
                         f"{fmt(e.first_max_ms):>11}")
        return lines


def process_tree_cpu(pid: int | None) -> float | None:
    """CPU seconds (user + system) of a process and its descendants, from /proc (Linux); None
    elsewhere or when `pid` is None."""
    if pid is None or not os.path.isdir("/proc"):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
        cpu[int(name)] = (int(fields[11]) + int(fields[12])) / ticks
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += cpu.get(p, 0.0)
        todo += children.get(p, [])
    return total


def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise UsageError(f"{url}: the load test only runs against loopback (127.0.0.1, localhost)")


def percentile(ms: list[float], q: float) -> float:
    ms = sorted(ms)
    return ms[min(len(ms) - 1, int(round(q * (len(ms) - 1))))]


class Connection:
    """One keep-alive HTTP/1.1 connection, as a browser tab holds one: GET, read the whole answer.

    Written on asyncio's streams rather than a general client, so that the clients cost the
    machine little next to the server they measure (httpx took 3 times the server's CPU per
    request here)."""

    def __init__(self, host: str, port: int, timeout: float = 60.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        try:
            return await asyncio.wait_for(self._get(path), self.timeout)
        except BaseException:
            self.close()  # the connection's state is unknown: the next request opens another
            raise

    async def _get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          "Accept: */*\r\n\r\n".encode("latin-1"))
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    while await self.reader.readuntil(b"\r\n") != b"\r\n":
                        pass  # trailers
                    break
                parts.append((await self.reader.readexactly(size + 2))[:-2])
            body = b"".join(parts)
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _good(status: int, body: bytes, kind: str) -> tuple[bool, str]:
    if status != 200:
        return False, f"HTTP {status}"
    if kind in ("json", "page") and not body.startswith(b"{"):
        return False, "not a JSON object"
    if kind == "page" and b'"items"' not in body:
        return False, "no items"
    return True, ""


async def _discover(client, base: str) -> tuple[list[str], list[str], int, set[str]]:
    """Article ids spread over the store, a few incident ids, the article count, the GET routes."""
    spec = (await client.get(base + "/openapi.json")).json()
    routes = {p for p, ops in spec.get("paths", {}).items() if "get" in ops}
    total = int((await client.get(base + "/api/stats")).json().get("articles", 0))
    ids: list[str] = []
    for offset in sorted({0, total // 4, total // 2, 3 * total // 4}):
        resp = await client.get(base + "/api/articles", params={"limit": 25, "offset": offset})
        ids += [a["hash"] for a in resp.json().get("items", [])]
    rnd = random.Random(0)
    articles = rnd.sample(ids, min(40, len(ids))) if ids else []
    incidents: list[str] = []
    if "/api/incidents/{incident_id}" in routes:
        # from the newest events, which carry their incident: a page of the events list costs
        # milliseconds, where listing incidents groups every matching event (a minute at a
        # million events over every stored one)
        resp = await client.get(base + "/api/events", params={"limit": 100, "min_confidence": 0})
        if resp.status_code == 200:
            found = [r["incident"] for r in resp.json().get("items", []) if r.get("incident")]
            incidents = list(dict.fromkeys(found))[:20]
    return articles, incidents, total, routes


async def _run(base: str, clients: int, seconds: float, max_requests: int, only: set[str] | None,
               warmup: int, server_pid: int | None) -> LoadReport:
    import httpx

    report = LoadReport(url=base, clients=clients, seconds=seconds)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60.0, limits=limits) as client:
        try:
            articles, incidents, total, routes = await _discover(client, base)
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            raise UsageError(f"{base}: no eventwire server answers there ({type(exc).__name__}: "
                             f"{exc}); start one with `eventwire serve`") from exc
        mix = endpoints(articles, incidents, total, routes)
        report.not_loaded = sorted(routes - {e.route for e in mix})
        if only is not None:
            unknown = only - {e.name for e in mix}
            if unknown:
                raise UsageError(f"--endpoints: no endpoint {', '.join(sorted(unknown))}; "
                                 f"choose among {', '.join(e.name for e in mix)}")
            mix = [e for e in mix if e.name in only]
        mix = [e for e in mix if e.urls]
        stats = {e.name: EndpointReport(e.name, len(set(e.urls))) for e in mix}
        lat: dict[str, list[float]] = {e.name: [] for e in mix}

        where = urlsplit(base)
        port = where.port or 80

        async def fetch(conn: Connection, ep: Endpoint, url: str) -> tuple[bool, str, float]:
            t0 = time.perf_counter()
            try:
                status, body = await conn.get(url)
                ok, kind = _good(status, body, ep.kind)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError, ValueError, IndexError) as exc:
                ok, kind = False, type(exc).__name__
            return ok, kind, time.perf_counter() - t0

        def failed(ep: Endpoint, kind: str) -> None:
            s = stats[ep.name]
            s.errors += 1
            s.error_kinds[kind] = s.error_kinds.get(kind, 0) + 1

        if warmup:  # each URL `warmup` times, by the same clients: what first visitors wait for
            first: dict[str, list[float]] = {e.name: [] for e in mix}
            todo = iter([(e, u) for _ in range(warmup) for e in mix for u in dict.fromkeys(e.urls)])

            async def warm() -> None:
                conn = Connection(where.hostname or "127.0.0.1", port)
                for ep, url in todo:
                    ok, kind, dt = await fetch(conn, ep, url)
                    first[ep.name].append(dt * 1000)
                    if not ok:
                        failed(ep, f"warm-up {kind}")
                conn.close()

            await asyncio.gather(*(warm() for _ in range(clients)))
            for name, ms in first.items():
                if ms:
                    stats[name].first_median_ms = statistics.median(ms)
                    stats[name].first_max_ms = max(ms)

        # each endpoint in turn, each cycling through its URLs
        cycles = {e.name: itertools.cycle(e.urls) for e in mix}
        turns = itertools.cycle(mix)
        deadline = time.perf_counter() + seconds
        done = 0

        async def worker() -> None:
            nonlocal done
            conn = Connection(where.hostname or "127.0.0.1", port)
            while time.perf_counter() < deadline and done < max_requests:
                ep = next(turns)
                url = next(cycles[ep.name])
                done += 1
                ok, kind, dt = await fetch(conn, ep, url)
                stats[ep.name].requests += 1
                if ok:
                    lat[ep.name].append(dt * 1000)
                else:
                    failed(ep, kind)
            conn.close()

        server_cpu0, client_cpu0 = process_tree_cpu(server_pid), time.process_time()
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
        server_cpu1, client_cpu1 = process_tree_cpu(server_pid), time.process_time()
    report.seconds = elapsed
    everything: list[float] = []
    for name, s in stats.items():
        ms = lat[name]
        everything += ms
        report.errors += s.errors
        for kind, n in s.error_kinds.items():
            report.error_kinds[f"{name}: {kind}"] = n
        if ms:
            s.median_ms, s.p95_ms, s.max_ms = statistics.median(ms), percentile(ms, 0.95), max(ms)
        report.endpoints.append(s)
    report.requests = sum(s.requests for s in stats.values())
    report.requests_per_s = report.requests / elapsed if elapsed else 0.0
    if report.requests:
        if server_cpu0 is not None and server_cpu1 is not None:
            report.server_cpu_ms = (server_cpu1 - server_cpu0) * 1000 / report.requests
        report.client_cpu_ms = (client_cpu1 - client_cpu0) * 1000 / report.requests
    if hasattr(os, "getloadavg"):
        report.load_average = [round(x, 2) for x in os.getloadavg()]
    if everything:
        report.median_ms = statistics.median(everything)
        report.p95_ms = percentile(everything, 0.95)
        report.max_ms = max(everything)
    return report


def run_load(url: str, clients: int = 20, seconds: float = 30.0, max_requests: int = MAX_REQUESTS,
             endpoints: set[str] | None = None, warmup: int = 1, server_pid: int | None = None) -> LoadReport:
    """Drive every route of the page and the API (or only `endpoints`, by name) from `clients`
    concurrent clients for `seconds`, after a warm-up that asks for each URL `warmup` times
    (0: none; the first answers are reported apart: first_median_ms, first_max_ms). With the
    server's `server_pid`, the CPU it uses per request is measured too."""
    if not 0 <= warmup <= 10:
        raise UsageError("--warmup must be between 0 and 10 rounds")
    check_loopback(url)
    if not 1 <= clients <= MAX_CLIENTS:
        raise UsageError(f"--clients must be between 1 and {MAX_CLIENTS}")
    if not 0 < seconds <= MAX_SECONDS:
        raise UsageError(f"--seconds must be between 1 and {MAX_SECONDS}")
    return asyncio.run(_run(url.rstrip("/"), clients, seconds, max_requests, endpoints, warmup,
                            server_pid))


class ServerProcess:
    """`eventwire serve` in a child process on a free loopback port (so that the load generator
    does not share an interpreter lock with the server it measures)."""

    def __init__(self, db: str, host: str = "127.0.0.1", workers: int = 1, cache: bool = True):
        self.db, self.host, self.port = db, host, free_port(host)
        self.workers, self.cache = workers, cache
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def command(self) -> list[str]:
        return [sys.executable, "-c", "from eventwire.cli import main; main()", "serve", "--db", self.db,
                "--host", self.host, "--port", str(self.port), "--log-level", "warning",
                "--workers", str(self.workers), "--cache" if self.cache else "--no-cache"]

    def __enter__(self) -> "ServerProcess":
        import httpx

        self.proc = subprocess.Popen(self.command(), env=os.environ.copy())
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

    def __exit__(self, *exc: Any) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

