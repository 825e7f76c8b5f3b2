"""Readers: every input format becomes a stream of Article records or InputError items.

A reader is a function (path_or_stream, origin, options) -> Iterator[Article | InputError],
chosen from READERS by `--format` or by the file name. A bad item never stops the stream.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Iterator

from ..errors import InputError, UsageError
from ..model import Article


def _read_text(path: str) -> Iterator[Article | InputError]:
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield InputError(str(exc), path)
        return
    meta = {}
    side = Path(path).with_suffix(".json") if path != "-" else None
    if side and side.exists():
        meta = json.loads(side.read_text("utf-8"))
    yield Article(text=text, title=meta.get("title"), published=meta.get("published"),
                  url=meta.get("url"), source=meta.get("source"), origin=path)


def _read_jsonl(path: str) -> Iterator[Article | InputError]:
    fh = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                yield Article(text=d["text"], id=d.get("id"), title=d.get("title"), url=d.get("url"),
                              source=d.get("source"), published=d.get("published") or d.get("date"),
                              origin=f"{path}:{n}")
            except (ValueError, KeyError, TypeError) as exc:
                yield InputError(f"bad JSONL line: {exc}", path, n)


READERS = {"text": _read_text, "jsonl": _read_jsonl}


def guess_format(path: str) -> str:
    name = path.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "text"


def read_source(source: str, fmt: str | None = None) -> Iterator[Article | InputError]:
    if source != "-" and not os.path.exists(source):
        raise UsageError(f"{source}: no such file or directory")
    fmt = fmt or guess_format(source)
    if fmt not in READERS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(sorted(READERS))}")
    yield from READERS[fmt](source)
