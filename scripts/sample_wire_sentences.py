#!/usr/bin/env python
"""Draw the sentences of the project's event annotation set (run once; its output is committed).

Articles are drawn at random from ../shared/data (allsides across outlets and topics, polnear train
and dev, ner/worldwide); from each, up to K sentences are drawn at random among all its sentences
(spaCy's sentence boundaries), so every sentence of a chosen article has the same chance, whether or
not it holds a trigger. The split (train / dev / test) is fixed per article. Writes the references
(article, offsets, split, sample) to src/eventwire/data/wire_events/sentences.jsonl and, with
--items DIR, the annotators' items (texts included, never committed) to DIR.

    python scripts/sample_wire_sentences.py --items /work/annot/items

`--candidates N` adds a second, training-only sample (sample "candidates"): N more articles of the
train split, not yet in the set, and from each up to K sentences where the rules propose an event
(drawn at random among those), so that the gate has more candidates to learn from. Dev and test
stay the random sample.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

from eventwire import nlp as nlp_mod
from eventwire.eval import corpora

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventwire" / "data" / "wire_events" / "sentences.jsonl"
SEED = 20261203
PLAN = {"allsides": 450, "polnear/train": 80, "polnear/dev": 20, "worldwide": 110}
PER_ARTICLE = 5
SPLITS = (("train", 0.50), ("dev", 0.22), ("test", 0.28))


def split_of(ref: str) -> str:
    """The split of an article: a fixed function of its reference, so it never changes."""
    x = int(hashlib.sha256(ref.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    acc = 0.0
    for name, share in SPLITS:
        acc += share
        if x < acc:
            return name
    return SPLITS[-1][0]


def sentence_spans(doc) -> list[tuple[int, int]]:
    out = []
    for s in doc.sents:
        text = s.text
        if not corpora.is_sentence(text):
            continue
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        out.append((s.start_char + lead, s.end_char - trail))
    return out


def items_for(text: str, spans: list[tuple[int, int]], j: int, sid: str) -> dict:
    start, end = spans[j]
    return {"id": sid, "lead": " ".join(text[a:b] for a, b in spans[:2]),
            "context_before": " ".join(text[a:b] for a, b in spans[max(0, j - 3):j] if (a, b) not in spans[:2]),
            "sentence": text[start:end]}


def write_items(items: list[dict], folder: str, batches: int, prefix: str) -> None:
    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)
    order = list(range(len(items)))
    random.Random(SEED + 1).shuffle(order)  # batches mix corpora and articles
    size = -(-len(items) // batches)
    for b in range(batches):
        part = sorted(order[b * size:(b + 1) * size])
        with (d / f"{prefix}{b + 1}.jsonl").open("w", encoding="utf-8") as fh:
            for k in part:
                fh.write(json.dumps(items[k], ensure_ascii=False) + "\n")


def candidate_sample(n_articles: int, items_dir: str | None, batches: int) -> int:
    """Append the training-only sample of sentences that hold a rule candidate."""
    from eventwire.extractors import extract_doc
    from eventwire.model import Article
    from eventwire.pipeline import Pipeline

    rows = [json.loads(x) for x in OUT.open()]
    taken = {r["article"] for r in rows}
    rng = random.Random(SEED + 2)
    population = corpora.refs()
    plan = {k: round(n_articles * v / sum(PLAN.values())) for k, v in PLAN.items() if k != "polnear/dev"}
    chosen: list[str] = []
    for corpus, n in plan.items():
        keys = [k for k in population[corpus] if f"{corpus}:{k}" not in taken and split_of(f"{corpus}:{k}") == "train"]
        chosen += [f"{corpus}:{k}" for k in rng.sample(keys, min(n, len(keys)))]
    pipeline = Pipeline()
    texts = [corpora.article(ref) for ref in chosen]
    new, items = [], []
    docs = pipeline.parse(t for t, _ in texts)
    for i, (ref, doc) in enumerate(zip(chosen, docs)):
        text, published = texts[i]
        res = extract_doc(doc, Article(text=text, id=ref, published=published), gate=False)
        spans = sentence_spans(doc)
        with_cand = [j for j, (a, b) in enumerate(spans)
                     if any(a <= (e.trigger_start or -1) < b for e in res.events)]
        for j in sorted(rng.sample(with_cand, min(PER_ARTICLE - 1, len(with_cand)))):
            sid = f"w{len(rows) + len(new):04d}"
            new.append({"id": sid, "article": ref, "start": spans[j][0], "end": spans[j][1],
                        "split": "train", "sample": "candidates"})
            items.append(items_for(text, spans, j, sid))
        if (i + 1) % 100 == 0:
            print(f"{i + 1}/{len(chosen)} articles, {len(new)} sentences", file=sys.stderr)
    with OUT.open("a", encoding="utf-8") as fh:
        for r in new:
            fh.write(json.dumps(r) + "\n")
    print(f"added {len(new)} candidate sentences from {len({r['article'] for r in new})} articles", file=sys.stderr)
    if items_dir:
        write_items(items, items_dir, batches, "cand")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", help="folder for the annotators' item files (with texts)")
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--candidates", type=int, default=0, metavar="N",
                    help="add the training-only sample of candidate sentences from N more articles")
    args = ap.parse_args()
    if args.candidates:
        return candidate_sample(args.candidates, args.items, args.batches)
    rng = random.Random(SEED)
    population = corpora.refs()
    chosen: list[str] = []
    for corpus, n in PLAN.items():
        keys = population[corpus]
        chosen += [f"{corpus}:{k}" for k in rng.sample(keys, n)]
    nlp = nlp_mod.load(None, disable=("ner",))
    texts = [corpora.article(ref)[0] for ref in chosen]
    rows, items = [], []
    for i, (ref, doc) in enumerate(zip(chosen, nlp.pipe(texts, batch_size=16))):
        text = texts[i]
        spans = sentence_spans(doc)
        if not spans:
            continue
        picked = sorted(rng.sample(range(len(spans)), min(PER_ARTICLE, len(spans))))
        for j in picked:
            start, end = spans[j]
            sid = f"w{len(rows):04d}"
            rows.append({"id": sid, "article": ref, "start": start, "end": end, "split": split_of(ref),
                         "sample": "random"})
            items.append(items_for(text, spans, j, sid))
        if (i + 1) % 50 == 0:
            print(f"{i + 1}/{len(chosen)} articles, {len(rows)} sentences", file=sys.stderr)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    counts = {s: sum(r["split"] == s for r in rows) for s, _ in SPLITS}
    arts = len({r["article"] for r in rows})
    print(f"{len(rows)} sentences from {arts} articles; {counts}", file=sys.stderr)
    if args.items:
        write_items(items, args.items, args.batches, "batch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
