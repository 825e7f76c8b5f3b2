"""The FastAPI application: JSON routes over eventwire.api, the page's static files, security headers."""
from __future__ import annotations

import functools
import hmac
import inspect
import itertools
import json
import logging
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import (DataMissingError, EventwireError, InputError, ModelError, StoreError,
                      UsageError)
from ..model import PLOVER_TYPES, SCHEMA, STATUSES
from . import views

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
PAGE_SIZE_MAX = 1000
SCAN_MAX = 100_000          # events read for one aggregate view (timeline, network, threads)
INGEST_MAX_BYTES = 20_000_000

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

# The one place that maps eventwire errors to HTTP statuses (most specific first).
ERROR_STATUS: list[tuple[type[EventwireError], int]] = [
    (UsageError, 400),
    (DataMissingError, 400),
    (InputError, 422),
    (ModelError, 503),
    (StoreError, 503),
    (EventwireError, 500),
]


class Records(JSONResponse):
    """JSON of plain records, written by json.dumps directly: the store already returns JSON types,
    and FastAPI's generic encoder would cost more than the query on a page of 100 events."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


class RequestError(UsageError):
    """A request the server refuses with a specific status (not found, unauthorized, too large)."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


class NotFound(RequestError):
    status = 404


class Unauthorized(RequestError):
    """The ingest token is missing (401) or wrong (403)."""


def status_for(exc: EventwireError) -> int:
    if isinstance(exc, RequestError):
        return exc.status
    for cls, status in ERROR_STATUS:
        if isinstance(exc, cls):
            return status
    return 500


class SecurityHeaders:
    """Pure ASGI middleware: every response carries the CSP and nosniff headers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Stores:
    """One read connection per thread (a connection runs one query at a time) and one writer
    guarded by a lock; each opened by eventwire.store.open_store, which picks the backend."""

    def __init__(self, db_path: str):
        self.db_path = db_path
        self._local = threading.local()
        self.write_lock = threading.Lock()
        self._writer = None

    def reader(self):
        store = getattr(self._local, "store", None)
        if store is None:
            from ..store import open_store

            store = open_store(self.db_path, create=False)
            self._local.store = store
        return store

    def writer(self):
        if self._writer is None:
            from ..store import open_store

            self._writer = open_store(self.db_path, create=False)
        return self._writer


def _api():
    from .. import api

    return api


@functools.lru_cache(maxsize=None)
def _accepts(fn: Callable) -> tuple[frozenset[str], bool]:
    params = inspect.signature(fn).parameters
    return frozenset(params), any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def call_api(name: str, store, filters: dict[str, Any], **kw):
    """Call eventwire.api.<name>, passing only the filters it takes; an unsupported filter is a 400."""
    fn: Callable | None = getattr(_api(), name, None)
    if fn is None:
        raise StoreError(f"eventwire.api.{name} is missing: this eventwire has no store queries; "
                         "install a complete eventwire")
    params, takes_any = _accepts(fn)
    args = {}
    for key, val in {**filters, **kw}.items():
        if takes_any or key in params:
            args[key] = val
        elif key in filters:
            raise UsageError(f"filter {key!r} is not supported here; remove it from the query")
    return fn(store, **args)


_VIEW_CAP: Any = object()  # stands for SCAN_MAX as it is at call time


def scan(stores: Stores, name: str, filters: dict[str, Any], cap: int | None = _VIEW_CAP,
         page: int | None = None) -> Iterator[dict[str, Any]]:
    """Every record matching the filters, page by page (each page on the current thread's reader).

    Pages are as large as eventwire.api allows: each page re-sorts the matches, so few is fast."""
    page = page or min(int(getattr(_api(), "MAX_LIMIT", PAGE_SIZE_MAX)), 10_000)
    cap = SCAN_MAX if cap is _VIEW_CAP else cap
    offset, seen = 0, 0
    while True:
        size = page if cap is None else min(page, cap - seen)
        if size <= 0:
            return
        rows = call_api(name, stores.reader(), filters, limit=size, offset=offset)
        yield from rows
        seen += len(rows)
        offset += len(rows)
        if len(rows) < size:
            return


class Counted:
    """An iterator that counts what went through it (to say when a view read SCAN_MAX events)."""

    def __init__(self, rows: Iterator[dict[str, Any]]):
        self.rows, self.n = rows, 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.rows:
            self.n += 1
            yield row


def started(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Run the first query now, so that a bad filter is a 4xx before the response starts."""
    first = list(itertools.islice(rows, 1))
    return itertools.chain(first, rows)


def event_filters(
    type: str | None = Query(None, description=f"PLOVER type, one of {', '.join(PLOVER_TYPES)}"),
    actor: str | None = Query(None, description="actor name or id (substring)"),
    country: str | None = Query(None, description="ISO 3166-1 alpha-3 country of source or target"),
    status: str | None = Query(None, description=f"one of {', '.join(STATUSES)}"),
    since: str | None = Query(None, description="events on or after this date, YYYY-MM-DD"),
    until: str | None = Query(None, description="events on or before this date, YYYY-MM-DD"),
    text: str | None = Query(None, description="words in the evidence sentence or the issue"),
    article: str | None = Query(None, description="only the events of this article (content hash)"),
    min_confidence: str | None = Query(None, description="events whose confidence is at least this "
                                       "(0 to 1; default: the event gate's threshold)"),
) -> dict[str, Any]:
    raw = {"type": type, "actor": actor, "country": country, "status": status, "since": since,
           "until": until, "text": text, "article": article, "min_confidence": min_confidence}
    return {k: v.strip() for k, v in raw.items() if v is not None and v.strip()}


def _given(**params: str | None) -> dict[str, str]:
    return {k: v.strip() for k, v in params.items() if v is not None and v.strip()}


def link(record: dict[str, Any]) -> dict[str, Any]:
    """The record plus links to its article (JSON and page)."""
    aid = views.article_id(record)
    if aid:
        record = {**record, "article_url": f"/api/article/{aid}", "page_url": f"/#/article/{aid}"}
    return record


def create_app(db_path: str, ingest_token: str | None = None) -> FastAPI:
    """The application over the store at `db_path`; POST /api/ingest exists only with a token."""
    from ..store import is_url

    if not is_url(db_path) and not Path(db_path).is_file():  # a database's store: checked on open
        raise UsageError(f"{db_path}: no store there; create one with `eventwire demo --db {db_path}` "
                         f"or `eventwire ingest SOURCE --db {db_path}`")
    stores = Stores(str(db_path))
    stores.reader()  # fail now, not on the first request, when the store cannot be opened
    app = FastAPI(title="eventwire", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Sourced political events and statements from news, as eventwire/1 "
                              "records. Read-only unless started with an ingest token.")
    app.state.stores = stores
    app.state.read_only = ingest_token is None
    app.add_middleware(SecurityHeaders)
    _install_error_handlers(app)

    Page = Query(100, ge=1, le=PAGE_SIZE_MAX, description="records per page")
    Offset = Query(0, ge=0, le=10_000_000, description="records to skip")

    def page(name: str, filters: dict[str, Any], limit: int, offset: int,
             count: str | None = None) -> Records:
        items = [link(r) for r in call_api(name, stores.reader(), filters, limit=limit, offset=offset)]
        out = {"items": items, "limit": limit, "offset": offset,
               "next_offset": offset + len(items) if len(items) == limit else None}
        if count:
            out["total"] = call_api(count, stores.reader(), filters)
        return Records(out)

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness and the store's counts."""
        return {"status": "ok", "version": __version__, "schema": SCHEMA,
                "read_only": app.state.read_only, "counts": _api().stats(stores.reader())}

    @app.get("/api/stats", tags=["meta"])
    def stats() -> dict[str, Any]:
        """The store's counts: articles, events, statements, actors, errors."""
        return _api().stats(stores.reader())

    @app.get("/api/events", response_class=Records, tags=["records"])
    def events(filters: dict = Depends(event_filters), limit: int = Page, offset: int = Offset,
               total: bool = Query(False, description="also count all matching events")):
        """Events matching the filters, newest first, each with its evidence and article link."""
        return page("query_events", filters, limit, offset, "count_events" if total else None)

    @app.get("/api/statements", response_class=Records, tags=["records"])
    def statements(speaker: str | None = Query(None, description="speaker name or id (substring)"),
                   country: str | None = Query(None, description="the speaker's country (ISO alpha-3)"),
                   kind: str | None = Query(None, description="direct, indirect or mixed"),
                   since: str | None = None, until: str | None = None,
                   text: str | None = Query(None, description="words in the statement"),
                   article: str | None = None,
                   limit: int = Page, offset: int = Offset, total: bool = False):
        """Attributed statements: who said what, with the cue and offsets."""
        filters = _given(speaker=speaker, country=country, kind=kind, since=since, until=until,
                         text=text, article=article)
        return page("query_statements", filters, limit, offset, "count_statements" if total else None)

    @app.get("/api/actors", response_class=Records, tags=["records"])
    def actors(name: str | None = Query(None, description="name or canonical id (substring)"),
               country: str | None = None, sector: str | None = None,
               kind: str | None = Query(None, description="person, organization, country, group, other"),
               since: str | None = None, until: str | None = None,
               limit: int = Page, offset: int = Offset):
        """Actors across articles with their country, sector and counts, busiest first."""
        filters = _given(name=name, country=country, sector=sector, kind=kind, since=since, until=until)
        return page("query_actors", filters, limit, offset)

    @app.get("/api/articles", response_class=Records, tags=["records"])
    def articles(since: str | None = None, until: str | None = None,
                 text: str | None = Query(None, description="words in the title or text"),
                 source: str | None = Query(None, description="the publisher (substring)"),
                 limit: int = Page, offset: int = Offset):
        """Stored articles (metadata and counts, no text), newest first."""
        filters = _given(since=since, until=until, text=text, source=source)
        return page("query_articles", filters, limit, offset)

    @app.get("/api/article/{article_id}", response_class=Records, tags=["records"])
    def article(article_id: str):
        """One article with its text, actors, events and statements (all with offsets)."""
        if len(article_id) > 200:
            raise UsageError("article id is too long")
        found = _api().get_article(stores.reader(), article_id)
        if not found:
            raise NotFound(f"article {article_id!r} is not in this store; "
                           "list the stored ones at /api/articles")
        return Records(found)

    @app.get("/api/timeline", response_class=Records, tags=["views"])
    def timeline(filters: dict = Depends(event_filters)):
        """Events per day by type, for the filters."""
        rows = Counted(scan(stores, "query_events", filters))
        return Records({**views.timeline(rows), "scanned": rows.n, "capped": rows.n >= SCAN_MAX})

    @app.get("/api/network", response_class=Records, tags=["views"])
    def network(filters: dict = Depends(event_filters),
                edges: int = Query(150, ge=1, le=2000, description="most weighted edges kept")):
        """Who acts on whom: source -> target by type, weighted by the number of events."""
        rows = Counted(scan(stores, "query_events", filters))
        return Records({**views.network(rows, max_edges=edges), "scanned": rows.n,
                        "capped": rows.n >= SCAN_MAX})

    @app.get("/api/threads", response_class=Records, tags=["views"])
    def threads(filters: dict = Depends(event_filters),
                limit: int = Query(100, ge=1, le=PAGE_SIZE_MAX)):
        """Proposals, demands and offers with the events that answer them (responds_to)."""
        rows = Counted(scan(stores, "query_events", filters))
        found = views.threads(rows)
        shown = fill_proposals(stores.reader(), found[:limit])
        return Records({"items": [{**th, "proposal": th["proposal"] and link(th["proposal"]),
                                   "answers": [link(a) for a in th["answers"]]} for th in shown],
                        "total": len(found), "scanned": rows.n, "capped": rows.n >= SCAN_MAX})

    @app.get("/api/export.csv", tags=["exports"])
    def export_csv(filters: dict = Depends(event_filters)):
        """The events matching the filters as CSV (flat GDELT/ACLED-like columns)."""
        rows = started(scan(stores, "query_events", filters, cap=None))
        return StreamingResponse(views.csv_lines(rows), media_type="text/csv; charset=utf-8",
                                 headers={"content-disposition": 'attachment; filename="events.csv"'})

    @app.get("/api/export.jsonl", tags=["exports"])
    def export_jsonl(filters: dict = Depends(event_filters)):
        """The events matching the filters as JSON Lines, one eventwire/1 event a line."""
        rows = started(scan(stores, "query_events", filters, cap=None))
        return StreamingResponse(views.jsonl_lines(rows), media_type="application/x-ndjson",
                                 headers={"content-disposition": 'attachment; filename="events.jsonl"'})

    if ingest_token:
        from .ingest import add_ingest_route

        add_ingest_route(app, stores, ingest_token, INGEST_MAX_BYTES)

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"cache-control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def fill_proposals(store, threads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A proposal outside the filter (the filter asked for REJECT only, say) is read from its article."""
    records: dict[str, dict[str, Any] | None] = {}
    for th in threads:
        if th["proposal"] is not None or not th["article"]:
            continue
        if th["article"] not in records:
            records[th["article"]] = _api().get_article(store, th["article"])
        rec = records[th["article"]]
        if rec:
            ev = next((e for e in rec.get("events", []) if e.get("id") == th["proposal_id"]), None)
            if ev is not None:
                th["proposal"] = views.with_actors(ev, rec)
    return threads


def check_token(request: Request, token: str) -> None:
    """401 without a token, 403 with a wrong one (compared in constant time)."""
    auth = request.headers.get("authorization", "")
    given = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-eventwire-token")
    if not given:
        raise Unauthorized("this endpoint needs the ingest token: send `Authorization: Bearer TOKEN`", 401)
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise Unauthorized("the ingest token is wrong", 403)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, exc: EventwireError):
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        headers = {"www-authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": str(exc), "status": status}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError):
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
            problems.append(f"{where}: {err.get('msg')}")
        return JSONResponse({"error": "bad parameter: " + "; ".join(problems), "status": 422},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail), "status": exc.status_code},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"error": f"internal error: {type(exc).__name__}", "status": 500},
                            status_code=500)
