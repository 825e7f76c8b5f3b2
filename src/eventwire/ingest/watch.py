"""Following feeds: poll RSS/Atom sources, fetch each new entry's page, ingest each article once.

An entry is done once its URL is recorded in the store (watch_state), so it is not fetched again
on the next poll or after a restart; an entry without a link, or a page that republishes a
stored text, is caught by the content hash. Feeds are fetched with conditional requests (ETag,
Last-Modified, saved only when a poll went through every entry), and every request is polite
and bounded: a delay between requests to one host, a timeout, a maximum size read as a stream,
and retries with exponential backoff on timeouts, connection errors, 429 and 5xx. `stop` (a
threading.Event, set by SIGTERM or Ctrl-C in the CLI) lets the article in hand finish first.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ArticleRejected, FetchError, InputError
from ..model import Article, Result
from ..store import watch_state
from .common import MAX_MARKUP_BYTES, Options, Source, make_article
from .feeds import read_feed
from .fetch import USER_AGENT, is_url
from .html import extract_html

log = logging.getLogger(__name__)

RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass
class WatchSettings:
    timeout: float = 20.0             # seconds for one request, headers and body together
    max_bytes: int = MAX_MARKUP_BYTES  # a feed or page over this is refused (read as a stream)
    host_delay: float = 1.0           # seconds between two requests to one host
    retries: int = 2                  # further tries after a timeout, connection error, 429, 5xx
    backoff: float = 2.0              # seconds before the first retry, doubled at each next one
    min_confidence: float = 0.0       # events under this are not stored


@dataclass
class PollReport:
    """What one poll of one source did."""

    source: str
    status: str = "ok"                # ok, not modified, failed, interrupted
    new: int = 0                      # articles stored
    seen: int = 0                     # entries already ingested (by URL or content hash)
    fallback: int = 0                 # stored from the feed's own text (the page failed)
    rejected: list[InputError] = field(default_factory=list)
    error: str | None = None          # why the feed itself could not be read
    seconds: float = 0.0

    def line(self) -> str:
        text = (f"poll {self.source}: {self.status}, {self.new} new, {self.seen} seen, "
                f"{len(self.rejected)} rejected")
        if self.fallback:
            text += f", {self.fallback} from the feed's text"
        if self.error:
            text += f"; {self.error}"
        return f"{text} ({self.seconds:.1f} s)"


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]


class PoliteClient:
    """GET over httpx with a per-host delay, a whole-request timeout, a size limit and retries."""

    def __init__(self, settings: WatchSettings, transport: Any = None,
                 stop: threading.Event | None = None):
        import httpx

        self.settings = settings
        self.stop = stop or threading.Event()
        self._client = httpx.Client(transport=transport, timeout=settings.timeout,
                                    follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self._last: dict[str, float] = {}  # host -> when its last request started (monotonic)

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """The response (any status under 400, 304 included); FetchError after the last retry."""
        import httpx

        s = self.settings
        for attempt in range(s.retries + 1):
            if attempt:
                self.stop.wait(s.backoff * 2 ** (attempt - 1))
            if self.stop.is_set() and attempt:
                break
            self._wait_for_host(url)
            try:
                resp = self._get_once(url, headers or {})
            except httpx.TransportError as exc:  # timeouts, refused or dropped connections
                error = FetchError(f"cannot fetch: {type(exc).__name__}: {exc}", url)
                continue
            if resp.status in RETRY_STATUS:
                error = FetchError(f"HTTP {resp.status}", url)
                continue
            if resp.status >= 400:
                raise FetchError(f"HTTP {resp.status}; check the URL", url)
            return resp
        raise FetchError(f"{error.reason} (after {attempt + 1} tries)", url)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            self.stop.wait(max(0.0, last + self.settings.host_delay - time.monotonic()))
        self._last[host] = time.monotonic()

    def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        import httpx

        limit, deadline = self.settings.max_bytes, time.monotonic() + self.settings.timeout
        with self._client.stream("GET", url, headers=headers) as resp:
            if resp.status_code >= 300:  # 304, or an error: the body does not matter
                return Response(resp.status_code, b"", dict(resp.headers))
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(f"response of {int(declared):,} bytes is over the limit of "
                                 f"{limit:,}", url)
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"response over the limit of {limit:,} bytes", url)
                if time.monotonic() > deadline:  # a server that drips bytes never times out
                    raise httpx.ReadTimeout(f"no whole response in {self.settings.timeout} s")
                chunks.append(chunk)
            return Response(resp.status_code, b"".join(chunks), dict(resp.headers))


class Watcher:
    """Polls `sources` (feed URLs or files) into `store`; `pipeline` (anything with
    .process(articles)) is loaded on the first new article when not given."""

    def __init__(self, store: Any, sources: list[str], *, settings: WatchSettings | None = None,
                 pipeline: Any = None, model: str | None = None, transport: Any = None,
                 stop: threading.Event | None = None):
        self.store = store
        self.sources = list(sources)
        self.settings = settings or WatchSettings()
        self.stop = stop or threading.Event()
        self._pipeline = pipeline
        self._model = model
        self.http = PoliteClient(self.settings, transport, self.stop)

    def close(self) -> None:
        self.http.close()

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            from ..pipeline import default_pipeline

            self._pipeline = default_pipeline(self._model)
        return self._pipeline

    def run(self, every: float, once: bool = False) -> list[PollReport]:
        """Poll every source, then again every `every` seconds until `stop` is set (or once);
        the reports of the last round."""
        while True:
            started = time.monotonic()
            reports = self.poll_all()
            if once or self.stop.wait(max(0.0, every - (time.monotonic() - started))):
                return reports

    def poll_all(self) -> list[PollReport]:
        reports = []
        for source in self.sources:
            if self.stop.is_set():
                break
            reports.append(self.poll(source))
        return reports

    def poll(self, source: str) -> PollReport:
        """One poll of one source; nothing it meets (a dead feed, a bad entry) raises."""
        t0 = time.monotonic()
        report = PollReport(source)
        state = watch_state.source_state(self.store, source) or {}
        etag, modified = state.get("etag"), state.get("last_modified")
        try:
            body, new_etag, new_modified = self._read_feed_bytes(source, etag, modified)
            if body is None:
                report.status = "not modified"
            else:
                self._ingest_feed(source, body, report)
                if report.status == "ok":  # validators only once every entry is done
                    etag, modified = new_etag, new_modified
        except InputError as exc:
            report.status, report.error = "failed", exc.reason
            self.store.log_rejection(InputError(exc.reason, source))
        report.seconds = time.monotonic() - t0
        watch_state.record_poll(self.store, source, status=report.status, etag=etag,
                                last_modified=modified, new=report.new, seen=report.seen,
                                errors=len(report.rejected) + (report.error is not None),
                                last_error=report.error or next(
                                    (e.reason for e in report.rejected), None))
        log.info(report.line())
        return report

    def _read_feed_bytes(self, source: str, etag: str | None, modified: str | None
                         ) -> tuple[bytes | None, str | None, str | None]:
        """The feed's bytes (None: not modified since the last poll) and its new validators."""
        limit = self.settings.max_bytes
        if not is_url(source):
            path = Path(source)
            try:
                if path.stat().st_size > limit:
                    raise InputError(f"feed file over the limit of {limit:,} bytes", source)
                return path.read_bytes(), None, None
            except OSError as exc:
                raise InputError(f"cannot read the feed file: {exc}", source) from exc
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        resp = self.http.get(source, headers)
        if resp.status == 304:
            return None, etag, modified
        return resp.body, resp.headers.get("etag"), resp.headers.get("last-modified")

    def _ingest_feed(self, source: str, body: bytes, report: PollReport) -> None:
        # expat refuses the classic entity bomb, but feedparser then retries with its loose
        # parser; no news feed declares entities, so such a feed is refused before parsing
        if b"<!ENTITY" in body:
            raise InputError("the feed declares XML entities (<!ENTITY>), refused as a possible "
                             "entity-expansion attack", source)
        items = list(read_feed(Source(name=source, data=body, url=source if is_url(source)
                                      else None), Options()))
        if len(items) == 1 and isinstance(items[0], InputError) and items[0].position is None:
            raise items[0]  # the feed as a whole is unreadable
        for item in items:
            if self.stop.is_set():
                report.status = "interrupted"
                return
            if isinstance(item, InputError):
                self._reject(item, report)
            else:
                self._ingest_entry(item, source, report)

    def _reject(self, err: InputError, report: PollReport, url: str | None = None,
                source: str | None = None) -> None:
        report.rejected.append(err)
        self.store.log_rejection(err)
        if url:
            watch_state.mark_url(self.store, url, source or "", None)

    def _ingest_entry(self, entry: Article, source: str, report: PollReport) -> None:
        url = entry.url
        if url and watch_state.url_seen(self.store, url):
            report.seen += 1
            return
        article = self._page_article(entry) if url and is_url(url) else None
        if article is None:
            article = entry
            report.fallback += bool(url and is_url(url))
        reason = self.store.unstorable(article)
        if reason:
            self._reject(ArticleRejected(reason, article.origin), report, url, source)
            return
        if self.store.has(article.hash):
            report.seen += 1
        else:
            (res,) = list(self.pipeline.process([article]))
            if not isinstance(res, Result):  # a pipeline Failure
                self._reject(res.error, report, url, source)
                return
            if self.store.write(res.gated(self.settings.min_confidence)):
                report.new += 1
            else:
                report.seen += 1
        if url:
            watch_state.mark_url(self.store, url, source, article.hash)

    def _page_article(self, entry: Article) -> Article | None:
        """The entry's page as an article with the feed's metadata; None when the page fails."""
        url = entry.url
        try:
            resp = self.http.get(url)
            page = extract_html(resp.body, url=url)
        except FetchError as exc:
            log.warning("%s: page not used, the feed's text is stored instead (%s)", url,
                        exc.reason)
            return None
        except Exception as exc:  # trafilatura/lxml fail in many ways on broken markup
            log.warning("%s: page not readable (%r); the feed's text is stored instead", url, exc)
            return None
        if not page.get("text") or not page["text"].strip():
            log.warning("%s: no article text in the page; the feed's text is stored instead", url)
            return None
        art = make_article(page["text"], url, url, title=entry.title or page.get("title"),
                           url=url, source=entry.source or page.get("source"),
                           published=entry.published or page.get("published"),
                           author=entry.author or page.get("author"),
                           language=page.get("language") or entry.language)
        return art if isinstance(art, Article) else None


def parse_interval(value: str) -> float:
    """Seconds in an interval such as 90, 90s, 15m, 2h; ValueError for anything else."""
    text = value.strip().lower()
    scale = {"s": 1, "m": 60, "h": 3600}.get(text[-1:], None)
    number = text[:-1] if scale else text
    seconds = float(number) * (scale or 1)
    if not seconds > 0 or seconds != seconds or seconds == float("inf"):
        raise ValueError(f"interval must be positive: {value!r}")
    return seconds
