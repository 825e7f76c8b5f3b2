"""POST /api/ingest: articles in (plain text or JSONL), through eventwire.api.ingest, into the store.

Only mounted when the server was started with a token; one writer at a time.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request

from ..errors import InputError, UsageError

JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines",
               "application/json-lines")


def body_format(content_type: str, fmt: str | None) -> str:
    kind = fmt or ("jsonl" if content_type.split(";")[0].strip().lower() in JSONL_TYPES else "text")
    if kind not in ("text", "jsonl"):
        raise UsageError(f"unknown format {kind!r}; send format=text or format=jsonl")
    return kind


def ingest_body(stores, body: bytes, kind: str, meta: dict[str, Any]) -> dict[str, Any]:
    """Write the body where the readers expect it (text + sidecar metadata, or JSONL) and ingest it.

    Going through the same readers and eventwire.api.ingest as `eventwire ingest` keeps one
    behaviour for validation, skipping of stored articles and rejection logging.
    """
    from .. import api
    from ..ingest import read_source

    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"the body is not UTF-8 ({exc.reason} at byte {exc.start}); send UTF-8") from exc
    if not body.strip():
        raise UsageError("the body is empty; send the article text or JSONL lines")
    with tempfile.TemporaryDirectory(prefix="eventwire-ingest-") as tmp:
        path = Path(tmp) / ("request.txt" if kind == "text" else "request.jsonl")
        path.write_bytes(body)
        if kind == "text":
            side = {k: v for k, v in meta.items() if v}
            if side:
                path.with_suffix(".json").write_text(json.dumps(side), "utf-8")
        ids = [{"id": a.id, "hash": a.hash} for a in read_source(str(path), fmt=kind)
               if not isinstance(a, InputError)]
        with stores.write_lock:
            summary = api.ingest(stores.writer(), [str(path)], fmt=kind)
    out = summary.to_dict()
    for r in out["reasons"]:  # the temporary path means nothing to the client
        r["example"] = "request" + r["example"].split(path.name, 1)[-1] if path.name in r["example"] else r["example"]
    out["articles"] = ids
    return out


def add_ingest_route(app: FastAPI, stores, token: str, max_bytes: int) -> None:
    from starlette.concurrency import run_in_threadpool

    from .app import check_token

    @app.post("/api/ingest", tags=["ingest"])
    async def ingest(request: Request,
                     format: str | None = Query(None, description="text or jsonl (default: from "
                                                "the content type; application/x-ndjson is JSONL)"),
                     title: str | None = None, published: str | None = None,
                     url: str | None = None, source: str | None = None):
        """Store articles: the body is one article's text, or JSONL (`id`, `text`, `title`, ...).

        Needs `Authorization: Bearer TOKEN` (401 without, 403 with a wrong token). Answers with
        the counts stored, skipped (already stored) and rejected, and the ids of the articles."""
        from .app import RequestError

        check_token(request, token)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise RequestError(f"the body is over {max_bytes:,} bytes; split it into several requests", 413)
        body = await request.body()
        if len(body) > max_bytes:
            raise RequestError(f"the body is over {max_bytes:,} bytes; split it into several requests", 413)
        kind = body_format(request.headers.get("content-type", ""), format)
        meta = {"title": title, "published": published, "url": url, "source": source}
        return await run_in_threadpool(ingest_body, stores, body, kind, meta)
