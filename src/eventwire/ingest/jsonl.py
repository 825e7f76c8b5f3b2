"""JSON Lines (one article object a line) and JSON (one object, or an array of them)."""
from __future__ import annotations

import json
from typing import Iterator

from ..errors import InputError
from ..model import Article
from .common import (MAX_MARKUP_BYTES, MAX_TEXT_BYTES, READ_ERRORS, Options, Source, decode_text,
                     iter_lines, read_limited, record_article)

# a line may hold the text plus metadata; more than this is not one article
MAX_LINE_BYTES = MAX_TEXT_BYTES + 64 * 1024


def _no_text(item: Article | InputError) -> bool:
    return isinstance(item, InputError) and item.reason.startswith("no text field")


def read_jsonl(src: Source, opts: Options) -> Iterator[Article | InputError]:
    """One item per non-empty line. Lines without a text field are held back until an article
    appears: a file where no line has one (a manifest, say) gives one error, not one per line."""
    held: list[InputError] = []
    seen_article = False
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
                item = _line_item(line, n, src, opts)
                if not seen_article and _no_text(item):
                    held.append(item)  # type: ignore[arg-type]
                    continue
                if isinstance(item, Article) and not seen_article:
                    seen_article = True
                    yield from held
                    held.clear()
                yield item
    except READ_ERRORS as exc:
        yield InputError(f"cannot read past this point: {exc}; check that the file is complete",
                         src.name, lines + 1 if lines else None)
    if held:
        if lines == len(held) and len(held) > 1:
            first = held[0]
            yield InputError(f"none of the {len(held)} lines has a text field; "
                             f"not an article dump? ({first.reason})", src.name)
        else:
            yield from held
    elif lines == 0:
        yield InputError("empty file: no JSON lines", src.name)


def _line_item(line: bytes, n: int, src: Source, opts: Options) -> Article | InputError:
    try:
        record = json.loads(decode_text(line, src.name, n, opts.encoding))
    except InputError as exc:
        return exc
    except ValueError as exc:
        return InputError(f"malformed JSON line: {exc}", src.name, n)
    return record_article(record, opts.fields, src.name, n)


def read_json(src: Source, opts: Options) -> Iterator[Article | InputError]:
    """A JSON document: one article object, or an array of them (position = index from 1)."""
    try:
        raw = read_limited(src, MAX_MARKUP_BYTES, "JSON file")
        if not raw.strip():
            raise InputError("empty file", src.name)
        data = json.loads(decode_text(raw, src.name, encoding=opts.encoding))
    except InputError as exc:
        yield exc
        return
    except ValueError as exc:
        yield InputError(f"not valid JSON: {exc}", src.name)
        return
    if isinstance(data, dict):
        yield record_article(data, opts.fields, src.name, None)
    elif isinstance(data, list):
        if not data:
            yield InputError("empty JSON array: no articles", src.name)
        for i, record in enumerate(data, 1):
            yield record_article(record, opts.fields, src.name, i)
    else:
        yield InputError("JSON must be an article object or an array of them", src.name)
