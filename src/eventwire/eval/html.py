"""`eventwire eval html DIR`: token F1 of the HTML reader's text against human-checked article bodies.

DIR has the layout of the Zyte article-extraction benchmark: `html/<id>.html.gz` pages and
`ground-truth.json` mapping each id to {"url", "articleBody"}. Pages are read by the same reader
and settings as `eventwire ingest` (eventwire.ingest.html), so the score is the product's.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import click

from ..errors import DataMissingError
from . import data_path, summary_line

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str | None) -> Counter:
    return Counter(_TOKEN.findall(text or ""))


def token_prf(predicted: str | None, expected: str | None) -> tuple[float, float, float]:
    """Precision, recall and F1 of the bag of word tokens (\\w+, case kept) of two texts."""
    pred, gold = tokens(predicted), tokens(expected)
    if not pred and not gold:
        return 1.0, 1.0, 1.0
    tp = sum((pred & gold).values())
    p = tp / sum(pred.values()) if pred else 0.0
    r = tp / sum(gold.values()) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class PageScore:
    id: str
    precision: float
    recall: float
    f1: float
    error: str | None = None


def load_ground_truth(root: Path) -> dict[str, dict[str, Any]]:
    path = root / "ground-truth.json"
    if not path.is_file():
        raise DataMissingError(f"{path} is missing: DIR must hold ground-truth.json and html/")
    return json.loads(path.read_text("utf-8"))


def score_pages(root: Path, limit: int | None = None, **settings: Any) -> Iterator[PageScore]:
    """One score per ground-truth page, in id order; a page the reader rejects scores 0.

    `settings` override the reader's trafilatura settings (for choosing them; the product
    uses eventwire.ingest.html.TRAFILATURA_SETTINGS).
    """
    from ..ingest.common import Options, Source
    from ..ingest.html import extract_html, read_html

    truth = load_ground_truth(root)
    for n, page_id in enumerate(sorted(truth)):
        if limit is not None and n >= limit:
            return
        gold = truth[page_id].get("articleBody", "")
        path = root / "html" / f"{page_id}.html.gz"
        if not path.exists():
            path = root / "html" / f"{page_id}.html"
        if not path.exists():
            yield PageScore(page_id, 0.0, 0.0, 0.0, "page missing")
            continue
        if settings:
            import gzip

            raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
            text = extract_html(raw, **settings)["text"]
            error = None if text else "no article found"
        else:
            (item,) = list(read_html(Source.of(str(path)), Options()))
            text = getattr(item, "text", None)
            error = None if text is not None else getattr(item, "reason", "rejected")
        p, r, f = token_prf(text, gold)
        yield PageScore(page_id, p, r, f, error)


def summarise(scores: list[PageScore]) -> dict[str, Any]:
    n = len(scores) or 1
    return {"token_f1": sum(s.f1 for s in scores) / n,
            "pages": len(scores),
            "precision": sum(s.precision for s in scores) / n,
            "recall": sum(s.recall for s in scores) / n,
            "rejected": sum(1 for s in scores if s.error)}


@click.command(name="html")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--limit", type=int, default=None, help="Score only the first N pages (by id).")
@click.option("--worst", type=int, default=0, help="Also list the N pages with the lowest F1.")
def command(directory: str | None, limit: int | None, worst: int) -> None:
    """Mean token F1 of extracted HTML text against ground truth (default: ../shared/data/html/zyte)."""
    root = data_path(directory, "html", "zyte")
    scores = list(score_pages(root, limit=limit))
    for s in sorted(scores, key=lambda s: s.f1)[:worst]:
        click.echo(f"{s.f1:.3f}  p={s.precision:.3f} r={s.recall:.3f}  {s.id}"
                   + (f"  ({s.error})" if s.error else ""))
    click.echo(summary_line("html", **summarise(scores)))
