"""Plain text files: one article per file, with optional sidecar metadata in NAME.json beside it."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..model import Article
from .common import (MAX_TEXT_BYTES, Options, Source, decode_text, display_name, guarded_item,
                     load_json, make_article, read_limited)

MAX_SIDECAR_BYTES = 1024 * 1024
SIDECAR_FIELDS = ("id", "title", "published", "date", "url", "source", "author", "language")


def sidecar_path(path: Path) -> Path:
    """a.txt -> a.json, a.txt.gz -> a.json (the metadata file the project's examples use)."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return path.with_name(stem + ".json")


def read_sidecar(path: Path, name: str) -> dict:
    """The metadata in the sidecar file; InputError when it exists but cannot be used."""
    shown = display_name(path.name)
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            raise InputError(f"sidecar metadata {shown} is over {MAX_SIDECAR_BYTES:,} bytes; "
                             "metadata is a small JSON object", name)
        meta = load_json(path.read_text("utf-8"), name, what=f"sidecar metadata {shown}")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"sidecar metadata {shown} is not valid UTF-8 JSON ({exc}); "
                         "fix it or remove it", name) from exc
    if not isinstance(meta, dict):
        raise InputError(f"sidecar metadata {shown} must hold a JSON object", name)
    return meta


def read_text(src: Source, opts: Options) -> Iterator[Article | InputError]:
    try:
        raw = read_limited(src, MAX_TEXT_BYTES, "text")
        if not raw.strip():
            raise InputError("empty file", src.name)
        text = decode_text(raw, src.name, encoding=opts.encoding)
        meta: dict = {}
        if src.path is not None:
            side = sidecar_path(src.path)
            if side != src.path and side.is_file():
                meta = read_sidecar(side, src.name)
    except InputError as exc:
        yield exc
        return
    published = meta.get("published", meta.get("date"))
    yield guarded_item(lambda: make_article(
        text, src.name, src.name, published=published,
        **{k: meta.get(k) for k in SIDECAR_FIELDS if k not in ("published", "date")}),
        src.name, None)
