"""Annotation items for the toponym check: LOCATION entities of ../shared/data/ner/worldwide.

    python scripts/toponym_items.py OUT_DIR [--n 600] [--batches 1]
    python scripts/toponym_items.py --refs FILE   # the sampled references only (no text)

One item per sampled (article, location name): its first mention with the sentence around it and
the article's opening. Annotators give the country the article means (docs/annotation-places.md,
"Ambiguous names"). Offsets index the text that eventwire.eval.corpora.article("worldwide:FILE")
returns. The items hold text, so OUT_DIR belongs outside the repository.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

from eventwire.errors import DataMissingError
from eventwire.eval import corpora, data_path

SEED = 15


def entities(path: Path) -> tuple[str, list[tuple[int, int]]]:
    """(text, [(start, end) of each Location entity]) with the text built as corpora builds it."""
    text = corpora.article(f"worldwide:{path.name}")[0]
    out: list[tuple[int, int]] = []
    pos = 0
    cur: list[int] | None = None
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip():
            continue
        tok, _, tag = line.partition("\t")
        at = text.find(tok, pos)
        if at < 0:
            raise ValueError(f"{path.name}: token {tok!r} not found after offset {pos}")
        pos = at + len(tok)
        if tag.startswith("B-Location"):
            if cur:
                out.append((cur[0], cur[1]))
            cur = [at, pos]
        elif tag.startswith("I-Location") and cur:
            cur[1] = pos
        else:
            if cur:
                out.append((cur[0], cur[1]))
            cur = None
    if cur:
        out.append((cur[0], cur[1]))
    return text, out


def sentence_around(text: str, start: int, end: int) -> str:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a:b if b >= 0 else len(text)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?")
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--batches", type=int, default=1)
    args = ap.parse_args()
    try:
        root = data_path(None, "ner", "worldwide")
    except DataMissingError as exc:
        print(f"toponym_items: {exc}", file=sys.stderr)
        return 2
    pool = []
    for path in sorted(root.glob("*.tsv")):
        text, ents = entities(path)
        seen = set()
        for s, e in ents:
            name = text[s:e]
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            pool.append((path.name, s, e, text))
    rng = random.Random(SEED)
    sample = sorted(rng.sample(range(len(pool)), min(args.n, len(pool))))
    items = []
    for k in sample:
        name, s, e, text = pool[k]
        sent = sentence_around(text, s, e)
        a = text.find(sent)
        marked = sent[:s - a] + "⟦" + text[s:e] + "⟧" + sent[e - a:]
        opening = text[:text.find("\n", 1)] if "\n" in text else text[:400]
        sid = "t" + hashlib.sha256(f"{name}:{s}".encode()).hexdigest()[:8]
        items.append({"id": sid, "article": f"worldwide:{name}", "start": s, "end": e,
                      "name": text[s:e], "opening": opening[:600], "sentence": marked})
    out = Path(args.out or "toponym_items")
    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(items) // args.batches)
    for n in range(args.batches):
        with (out / f"toponyms{n + 1}.jsonl").open("w", encoding="utf-8") as fh:
            for it in items[n * size:(n + 1) * size]:
                fh.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(f"{len(items)} of {len(pool)} (article, location) pairs in {args.batches} batches under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
