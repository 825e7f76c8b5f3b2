#!/usr/bin/env python
"""Turn the annotators' and adjudicators' answers into the stored annotation set (offsets, no text).

Inputs (outside the repository, they hold copied strings): DIR/ann/batchN_{A,B}.jsonl, the two
independent annotations of each batch, and DIR/adj/*.jsonl, the adjudicated answers for the items
where the two disagree. Strings (trigger, source, target) become character offsets into the article
text (../shared/data, through eventwire.eval.corpora); the texts stay there.

Writes src/eventwire/data/wire_events/{annotator_a,annotator_b,gold}.jsonl and prints the agreement
(type-level F1 per sentence, the multiset of types compared) and the disagreements to adjudicate:
    python scripts/build_wire_gold.py DIR [--disagreements OUT.jsonl]
"""
from __future__ import annotations

import argparse
import glob
import json
import sys
from collections import Counter
from pathlib import Path

from eventwire.eval import corpora
from eventwire.model import OLD_LABELS, PLOVER_TYPES, STATUSES

DATA = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "wire_events"


def read(path: str) -> dict[str, list[dict]]:
    out = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        d = json.loads(line)
        out[d["id"]] = d.get("events") or []
    return out


def locate(sentence: str, start: int, phrase, after: int = 0) -> list[int] | None:
    """Absolute offsets of `phrase` in the sentence (exact, then case-insensitive), else None."""
    if not phrase or not isinstance(phrase, str):
        return None
    i = sentence.find(phrase)
    if i < 0:
        i = sentence.lower().find(phrase.lower())
    if i < 0:
        return None
    return [start + i, start + i + len(phrase)]


def normalise(events: list[dict], sentence: str, start: int) -> list[dict]:
    out = []
    for e in events:
        typ = OLD_LABELS.get(str(e.get("type", "")).upper(), str(e.get("type", "")).upper())
        if typ not in PLOVER_TYPES:
            continue
        status = e.get("status") if e.get("status") in STATUSES else "asserted"
        out.append({"type": typ, "trigger": locate(sentence, start, e.get("trigger")),
                    "source": locate(sentence, start, e.get("source")),
                    "target": locate(sentence, start, e.get("target")), "status": status})
    return out


def type_f1(a: list[dict], b: list[dict]) -> float:
    ca, cb = Counter(e["type"] for e in a), Counter(e["type"] for e in b)
    if not ca and not cb:
        return 1.0
    hit = sum((ca & cb).values())
    p = hit / sum(ca.values()) if ca else 0.0
    r = hit / sum(cb.values()) if cb else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--disagreements", help="write the items to adjudicate (with texts) here")
    args = ap.parse_args()
    d = Path(args.dir)
    sentences = [json.loads(x) for x in (DATA / "sentences.jsonl").open()]
    texts = {}
    for ref in {s["article"] for s in sentences}:
        texts[ref] = corpora.article(ref)[0]
    items = {}
    for f in sorted(glob.glob(str(d / "items" / "*.jsonl"))):
        for line in open(f, encoding="utf-8"):
            it = json.loads(line)
            items[it["id"]] = it
    A, B = {}, {}
    for f in sorted(glob.glob(str(d / "ann" / "*_A.jsonl"))):
        A.update(read(f))
    for f in sorted(glob.glob(str(d / "ann" / "*_B.jsonl"))):
        B.update(read(f))
    adj = {}
    for f in sorted(glob.glob(str(d / "adj" / "*.jsonl"))):
        adj.update(read(f))
    rows_a, rows_b, gold, todo = [], [], [], []
    by_sample: dict[str, list] = {}
    missing_offsets = 0
    for s in sentences:
        sid = s["id"]
        if sid not in A or sid not in B:
            continue
        sent = texts[s["article"]][s["start"]:s["end"]]
        na, nb = normalise(A[sid], sent, s["start"]), normalise(B[sid], sent, s["start"])
        rows_a.append({"id": sid, "events": na})
        rows_b.append({"id": sid, "events": nb})
        same = Counter(e["type"] for e in na) == Counter(e["type"] for e in nb)
        by_sample.setdefault(s.get("sample", "random"), []).append((na, nb, same))
        same_status = same and sorted((e["type"], e["status"]) for e in na) == sorted(
            (e["type"], e["status"]) for e in nb)
        if same_status:
            gold.append({"id": sid, "events": na})
        elif sid in adj:
            ng = normalise(adj[sid], sent, s["start"])
            missing_offsets += sum(e["trigger"] is None for e in ng)
            gold.append({"id": sid, "events": ng})
        else:
            it = dict(items[sid])
            it["annotation_1"], it["annotation_2"] = A[sid], B[sid]
            todo.append(it)
    for name, rows in (("annotator_a.jsonl", rows_a), ("annotator_b.jsonl", rows_b), ("gold.jsonl", gold)):
        with (DATA / name).open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r) + "\n")
    for sample, pairs in sorted(by_sample.items()):
        n = len(pairs)
        ev_a = sum(len(a) for a, _, _ in pairs)
        ev_b = sum(len(b) for _, b, _ in pairs)
        pooled = sum(sum((Counter(e["type"] for e in a) & Counter(e["type"] for e in b)).values())
                     for a, b, _ in pairs)
        print(f"{sample}: {n} sentences with both annotations; mean type-level F1 per sentence "
              f"{sum(type_f1(a, b) for a, b, _ in pairs) / n:.3f}; same type multiset "
              f"{sum(x for _, _, x in pairs) / n:.3f}; events A {ev_a}, B {ev_b}; "
              f"pooled type-level F1 {2 * pooled / max(ev_a + ev_b, 1):.3f}")
    print(f"gold: {len(gold)} sentences ({sum(len(r['events']) for r in gold)} events, "
          f"{missing_offsets} adjudicated triggers not found in the sentence); to adjudicate: {len(todo)}")
    if args.disagreements:
        with open(args.disagreements, "w", encoding="utf-8") as fh:
            for it in todo:
                fh.write(json.dumps(it, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
