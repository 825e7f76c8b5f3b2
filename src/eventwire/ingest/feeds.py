"""RSS and Atom feeds through feedparser: one article per entry, its text taken from the entry's
content (or summary) with the markup removed. Local files, or URLs through fetch.py."""
from __future__ import annotations

import logging
import re
import time
from typing import Any, Iterator

from ..errors import InputError
from ..model import Article
from .common import (MAX_MARKUP_BYTES, Options, Source, guarded_item, language_code, looks_binary,
                     make_article, read_limited)
from .html import fragment_text

log = logging.getLogger(__name__)


def read_feed(src: Source, opts: Options) -> Iterator[Article | InputError]:
    """Entries in feed order (position = entry number from 1). A feed that feedparser could only
    partly parse keeps the entries it recovered (the problem is logged); one with none is rejected."""
    import feedparser

    try:
        raw = read_limited(src, MAX_MARKUP_BYTES, "feed")
        if not raw.strip():
            raise InputError("empty file", src.name)
        if looks_binary(raw) and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError("binary content (NUL bytes), not a feed", src.name)
    except InputError as exc:
        yield exc
        return
    # a URL lets relative links resolve; the content type stays the document's own business
    headers = {"content-location": src.url, "content-type": "application/xml"} if src.url else None
    try:
        parsed = feedparser.parse(_CHARREF.sub(_charref, raw), response_headers=headers)
    except Exception as exc:  # feedparser's fallback parser has its own ways to fail
        yield InputError(f"not a readable feed: the parser failed ({exc!r})", src.name)
        return
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries = parsed.get("entries") or []
    if not parsed.get("version"):
        yield InputError("not an RSS or Atom feed (no rss, feed or rdf element); "
                         "pass --format if it is another kind of file", src.name)
        return
    if not entries:
        if problem is not None:
            yield InputError(f"not a readable feed: {_describe(problem)}; no entries could be "
                             "recovered", src.name)
        else:
            yield InputError("the feed has no entries", src.name)
        return
    if problem is not None:
        log.warning("%s: feed is malformed (%s); kept the %d entries that could be read",
                    src.name, _describe(problem), len(entries))
    blank = sum(1 for e in entries if not e)
    if blank:  # illegally nested elements leave entries with no field at all: not items
        log.warning("%s: skipped %d empty entries left by malformed nesting", src.name, blank)
    feed = parsed.get("feed", {})
    lang = language_code(feed.get("language"))
    source = feed.get("title") or None
    for i, entry in enumerate(entries, 1):
        if entry:
            yield guarded_item(lambda: _entry_article(entry, i, src, lang, source), src.name, i)


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")


def _charref(m: re.Match) -> bytes:
    """A character reference to no character (&#0;, a surrogate, past U+10FFFF), which crashes
    feedparser's fallback parser, becomes U+FFFD; any other stays as it is."""
    code = int(m[1], 16) if m[1] else int(m[2])
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return b"&#xFFFD;"
    return m[0]


def _describe(exc: Any) -> str:
    line = getattr(exc, "getLineNumber", None)
    where = f" at line {line()}" if callable(line) else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _entry_text(entry: dict) -> str | None:
    """The fullest text an entry carries: its content, else its summary."""
    candidates = [c for c in entry.get("content") or [] if c.get("value")]
    if entry.get("summary"):
        candidates.append(entry.get("summary_detail") or {"value": entry["summary"],
                                                          "type": "text/html"})
    if not candidates:
        return None
    best = max(candidates, key=lambda c: len(c.get("value") or ""))
    value = best.get("value") or ""
    if best.get("type") == "text/plain":
        return value.strip()
    return fragment_text(value)


def _entry_date(entry: dict) -> str | None:
    for key in ("published", "updated", "created"):
        if entry.get(f"{key}_parsed"):
            return time.strftime("%Y-%m-%d", entry[f"{key}_parsed"])
        if entry.get(key):
            return entry[key]  # feedparser could not read it: make_article tries harder
    return None


def _entry_article(entry: dict, i: int, src: Source, lang: str | None,
                   source: str | None) -> Article | InputError:
    # a headline-only entry (no summary, or one that is only an image) is read as its headline
    text = _entry_text(entry) or (entry.get("title") or "").strip()
    if not text:
        return InputError("entry has no title, content or summary text", src.name, i)
    authors = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
    return make_article(
        text, f"{src.name}:{i}", src.name, i, languages=[lang] if lang else None,
        title=entry.get("title"), url=entry.get("link"), source=source,
        author=", ".join(authors) or entry.get("author"),
        published=_entry_date(entry), language=language_code(entry.get("language")) or lang)
