"""Annotation items for the place guideline (docs/annotation-places.md): one per gold event.

    python scripts/place_items.py OUT_DIR [--splits dev test] [--batches 2]

Reads the project's gold events (src/eventwire/data/wire_events) and the article texts from
../shared/data at run time; writes OUT_DIR/places{N}.jsonl. An item shows the article's opening
(with its dateline), the text around the event's sentence, and the event's type and words, with
the trigger marked ⟦like this⟧. The items hold text, so OUT_DIR belongs outside the repository.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from functools import lru_cache
from pathlib import Path

from eventwire.errors import DataMissingError
from eventwire.eval import corpora, data_path

HERE = Path(__file__).resolve().parent.parent / "src" / "eventwire" / "data" / "wire_events"


@lru_cache(maxsize=1)
def allsides_meta() -> dict[str, dict]:
    path = data_path(None, "corpus", "allsides", "articles.jsonl.gz")
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out[d["id"]] = {"title": d.get("title"), "outlet": d.get("source"), "published": d.get("date")}
    return out


def window(text: str, start: int, end: int, *, widen_start: bool = True, widen_end: bool = True) -> str:
    """text[start:end] widened to whole words at the ends asked for."""
    start, end = max(0, start), min(len(text), end)
    while widen_start and start > 0 and not text[start - 1].isspace():
        start -= 1
    while widen_end and end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip()


def span(text: str, pair) -> str | None:
    return text[pair[0]:pair[1]] if pair else None


def item(sid: str, k: int, ev: dict, sent: dict) -> dict:
    text, date = corpora.article(sent["article"])
    corpus, _, key = sent["article"].partition(":")
    meta = allsides_meta().get(key, {}) if corpus == "allsides" else {}
    a, b = sent["start"], sent["end"]
    t0, t1 = ev["trigger"]
    marked = text[a:t0] + "⟦" + text[t0:t1] + "⟧" + text[t1:b]
    lead_end = min(a, 600)
    return {
        "id": f"{sid}.{k}",
        "title": meta.get("title"), "outlet": meta.get("outlet"), "published": meta.get("published") or date,
        "lead": window(text, 0, lead_end, widen_end=lead_end < a) if lead_end > 0 else "",
        "context_before": window(text, max(lead_end, a - 600), a, widen_end=False) if a > lead_end else "",
        "sentence": marked,
        "context_after": window(text, b, b + 400, widen_start=False),
        "event": {"type": ev["type"], "trigger": text[t0:t1], "source": span(text, ev.get("source")),
                  "target": span(text, ev.get("target")), "status": ev.get("status")},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--splits", nargs="+", default=["dev", "test"])
    ap.add_argument("--batches", type=int, default=2)
    args = ap.parse_args()
    sentences = {}
    for line in (HERE / "sentences.jsonl").open(encoding="utf-8"):
        s = json.loads(line)
        sentences[s["id"]] = s
    try:
        items = []
        for line in (HERE / "gold.jsonl").open(encoding="utf-8"):
            g = json.loads(line)
            s = sentences[g["id"]]
            if s["split"] not in args.splits or s["sample"] != "random":
                continue
            items.extend(item(g["id"], k, ev, s) for k, ev in enumerate(g["events"]))
    except DataMissingError as exc:
        print(f"place_items: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(items) // args.batches)
    for n in range(args.batches):
        with (out / f"places{n + 1}.jsonl").open("w", encoding="utf-8") as fh:
            for it in items[n * size:(n + 1) * size]:
                fh.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(f"{len(items)} items in {args.batches} batches under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
