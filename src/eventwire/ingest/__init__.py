"""Readers: every input format becomes a stream of Article records or InputError items.

A reader is a function (Source, Options) -> Iterator[Article | InputError], chosen from READERS
by `--format` or by the file name (content sniffing when neither says). Sources are files,
directories (recursive), gzip-compressed files (recognised by their bytes), standard input ("-")
and http(s) URLs (through an injectable transport). A bad item never stops the stream: it
becomes an InputError with the source, the position and a reason a person can act on, and the
unit rejected is the smallest the format has (a JSONL line, a CSV row, a feed entry, a file).
Readers record the language that the metadata declares; language.py tells it from the text when
the pipeline checks an article, and the pipeline rejects articles not in English.

    for item in read_source("news.jsonl.gz", fields={"text": "body"}):
        ...

Options (keyword arguments of read_source): fields (a FieldMap or dict naming the record fields
for id, title, text, published, url, source, author, language), encoding, delimiter (CSV),
transport / client / timeout (URLs).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError, UsageError
from ..model import Article
from .common import READ_ERRORS, SNIFF_BYTES, FieldMap, Options, Reader, Source
from .csv_reader import read_csv, read_tsv
from .dirs import read_dir
from .feeds import read_feed
from .fetch import fetch, is_url
from .html import read_html
from .jsonl import read_json, read_jsonl
from .text import read_text

__all__ = ["READERS", "FieldMap", "Options", "guess_format", "read_source", "read_sources",
           "sniff_format"]

log = logging.getLogger(__name__)

READERS: dict[str, Reader] = {
    "text": read_text,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "tsv": read_tsv,
    "html": read_html,
    "feed": read_feed,
}

ALIASES = {"txt": "text", "ndjson": "jsonl", "htm": "html", "rss": "feed", "atom": "feed"}

EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
}


def format_name(fmt: str | None) -> str | None:
    """The reader name for a --format value; UsageError for one that is not known."""
    if fmt is None:
        return None
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in READERS:
        raise UsageError(f"unknown input format {fmt!r}; choose one of "
                         f"{', '.join(sorted(set(READERS) | set(ALIASES)))}")
    return name


def guess_format(name: str) -> str | None:
    """The format a file name says (x.jsonl.gz is jsonl); None when it says nothing."""
    lower = name.lower().removesuffix(".gz")
    return EXTENSIONS.get(Path(lower).suffix)


def sniff_format(head: bytes, content_type: str | None = None) -> str:
    """The format the first bytes (or an HTTP content type) suggest; text when nothing else fits."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype.endswith(("rss+xml", "atom+xml", "rdf+xml")) or ctype in ("application/xml",
                                                                      "text/xml"):
        return "feed"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype in ("application/x-ndjson", "application/jsonl", "application/json"):
        return "jsonl" if ctype != "application/json" else "json"
    if ctype == "text/csv":
        return "csv"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"<"):
        if any(tag in start for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        if start.startswith(b"<?xml") and b"<html" not in start:
            return "feed"
        return "html"
    return "text"


def read_source(source: str, fmt: str | None = None, **options: Any
                ) -> Iterator[Article | InputError]:
    """Articles (and rejected items) from a file, a directory, "-" (standard input) or a URL.

    Raises UsageError at once for a path that does not exist, an unknown format or option;
    everything that goes wrong with the content is yielded as an InputError.
    """
    opts = Options.from_kwargs(options)
    name = format_name(fmt)
    if is_url(source):
        return _read_url(source, name, opts)
    if source != "-" and not Path(source).exists():
        raise UsageError(f"{source}: no such file or directory")
    if source != "-" and Path(source).is_dir():
        return read_dir(Path(source), lambda p: _read_file(p, name, opts))
    return _read_file(source, name, opts)


def read_sources(sources: list[str], fmt: str | None = None, **options: Any
                 ) -> Iterator[Article | InputError]:
    """read_source over several sources in order; all are checked before any is read."""
    missing = [s for s in sources if s != "-" and not is_url(s) and not Path(s).exists()]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    streams = [read_source(s, fmt, **options) for s in sources]
    return (item for stream in streams for item in stream)


def _read_file(name: str, fmt: str | None, opts: Options) -> Iterator[Article | InputError]:
    src = Source.of(name)
    fmt = fmt or guess_format(name)
    if fmt is None:
        try:
            with src.open() as fh:
                fmt = sniff_format(fh.peek(SNIFF_BYTES)[:SNIFF_BYTES])
        except READ_ERRORS as exc:
            yield InputError(f"cannot read: {exc}", src.name)
            return
    yield from _guarded(READERS[fmt](src, opts), src.name)


def _read_url(url: str, fmt: str | None, opts: Options) -> Iterator[Article | InputError]:
    try:
        body, ctype = fetch(url, opts)
    except InputError as exc:
        yield exc
        return
    src = Source(name=url, data=body, url=url)
    if fmt is None:
        fmt = sniff_format(body[:SNIFF_BYTES], ctype)
        if fmt == "text" and ctype is None:
            fmt = guess_format(url.split("?")[0]) or "text"
    yield from _guarded(READERS[fmt](src, opts), url)


MAX_LISTED = 1_000  # rejections of one file listed one by one; past that, counted in one more


def _guarded(items: Iterator[Article | InputError], name: str) -> Iterator[Article | InputError]:
    """A reader that fails in a way nobody foresaw loses the rest of its file, never the rest of
    the batch; a file of millions of bad lines gives MAX_LISTED rejections and a count."""
    listed = more = 0
    try:
        for item in items:
            if isinstance(item, InputError):
                if listed >= MAX_LISTED:
                    more += 1
                    continue
                listed += 1
            yield item
    except Exception as exc:  # the catch-all per file (readers have their own per item)
        log.exception("reader failed on %s", name)
        yield InputError(f"unexpected error while reading ({exc!r}); please report it", name)
    if more:
        yield InputError(f"{more:,} more rejected items in this file, not listed one by one "
                         f"(over {MAX_LISTED:,} in one file)", name)
