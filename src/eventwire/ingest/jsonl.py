"""JSON Lines (one article object a line) and JSON (one object, or an array of them)."""
from __future__ import annotations

from typing import Iterator

from ..errors import InputError
from ..model import Article
from .common import (MAX_MARKUP_BYTES, MAX_TEXT_BYTES, READ_ERRORS, Options, Source, decode_text,
                     guarded_item, iter_lines, load_json, read_limited, record_article)

# a line may hold the text plus metadata; more than this is not one article
MAX_LINE_BYTES = MAX_TEXT_BYTES + 64 * 1024
# a JSON file of articles has one object per article, and a few more for metadata
MAX_JSON_CONTAINERS = 500_000


def _no_text(item: Article | InputError) -> bool:
    return isinstance(item, InputError) and item.reason.startswith("no text field")


HELD = 1_000  # rejections held back while no article has appeared; past that only counted


def _manifest_as_one_error(items: Iterator[Article | InputError], name: str, what: str
                           ) -> Iterator[Article | InputError]:
    """Records without a text field are held back until an article appears: a file where no
    record has one (a manifest, a log) gives one error, not one per record."""
    held: list[InputError] = []
    n_held = n_items = 0
    seen_article = False
    for item in items:
        n_items += 1
        if not seen_article and _no_text(item):
            n_held += 1
            if len(held) < HELD:
                held.append(item)  # type: ignore[arg-type]
            continue
        if isinstance(item, Article) and not seen_article:
            seen_article = True
            yield from _flush(held, n_held, name)
            held, n_held = [], 0
        yield item
    if n_held and n_held == n_items and n_held > 1:
        yield InputError(f"none of the {n_held:,} {what} has a text field; "
                         f"not an article dump? ({held[0].reason})", name)
    else:
        yield from _flush(held, n_held, name)


def _flush(held: list[InputError], n_held: int, name: str) -> Iterator[InputError]:
    yield from held
    if n_held > len(held):
        yield InputError(f"{n_held - len(held):,} more records without a text field before the "
                         "first article", name)


def read_jsonl(src: Source, opts: Options) -> Iterator[Article | InputError]:
    """One item per non-empty line (position: the line number)."""
    yield from _manifest_as_one_error(_jsonl_items(src, opts), src.name, "lines")


def _jsonl_items(src: Source, opts: Options) -> Iterator[Article | InputError]:
    lines = 0
    try:
        with src.open() as fh:
            for n, line in iter_lines(fh, MAX_LINE_BYTES):
                if line is None:
                    yield InputError(f"line over {MAX_LINE_BYTES:,} bytes; split it into articles",
                                     src.name, n)
                    continue
                if not line.strip():
                    continue
                lines += 1
                yield guarded_item(lambda: _line_item(line, n, src, opts), src.name, n)
    except READ_ERRORS as exc:
        yield InputError(f"cannot read past this point: {exc}; check that the file is complete",
                         src.name, lines + 1 if lines else None)
        return
    if lines == 0:
        yield InputError("empty file: no JSON lines", src.name)


def _line_item(line: bytes, n: int, src: Source, opts: Options) -> Article | InputError:
    try:
        record = load_json(decode_text(line, src.name, n, opts.encoding), src.name, n,
                           "the JSON line")
    except InputError as exc:
        return exc
    except ValueError as exc:
        return InputError(f"malformed JSON line: {exc}", src.name, n)
    return record_article(record, opts.fields, src.name, n)


def read_json(src: Source, opts: Options) -> Iterator[Article | InputError]:
    """A JSON document: one article object, or an array of them (position = index from 1).
    An array where no record has a text field (a manifest, say) gives one error, not one each."""
    try:
        raw = read_limited(src, MAX_MARKUP_BYTES, "JSON file")
        if not raw.strip():
            raise InputError("empty file", src.name)
        if raw.count(b"{") + raw.count(b"[") > MAX_JSON_CONTAINERS:
            # each would become a Python object of 50 bytes and more: bounded memory first
            raise InputError(f"JSON with over {MAX_JSON_CONTAINERS:,} objects and arrays; not an "
                             "article file (write many articles as JSONL, one a line)", src.name)
        data = load_json(decode_text(raw, src.name, encoding=opts.encoding), src.name,
                         what="the JSON document")
    except InputError as exc:
        yield exc
        return
    except ValueError as exc:
        yield InputError(f"not valid JSON: {exc}", src.name)
        return
    if isinstance(data, dict):
        yield guarded_item(lambda: record_article(data, opts.fields, src.name, None), src.name,
                           None)
    elif isinstance(data, list):
        if not data:
            yield InputError("empty JSON array: no articles", src.name)
        items = (guarded_item(lambda: record_article(r, opts.fields, src.name, i), src.name, i)
                 for i, r in enumerate(data, 1))
        yield from _manifest_as_one_error(items, src.name, "records")
    else:
        yield InputError("JSON must be an article object or an array of them", src.name)
