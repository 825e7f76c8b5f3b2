"""Would a learned pairwise scorer link more reports than the incident rule? Out-of-fold figures.

    pip install -e '.[train]'                                 # scikit-learn
    python scripts/incident_scorer_cv.py [--db STORE] [--story 0.1] [--data ../shared/data]

Reads the train batch (eventwire/data/incident_pairs/train_pairs.jsonl) and the dev pairs (never
the test pairs), ingests their articles into a new SQLite store as `eventwire eval incidents` does
(about 12 minutes on 2 cores; `--db STORE` keeps it and reuses it next time) and takes each
mention's stored record. A pair the scorer may join is one the relation could ever see and that
nothing rules out: two articles, a shared blocking key with overlapping windows (what the store's
linking looks up), the rule's vetoes passed (type class, dates, status, place, actor conflict) and,
with --story, articles of one story (title and opening words shared at that Jaccard or more). Its
features are what the rule compares (actors, dates, places, matter, trigger, word overlaps). A
logistic regression (C in 0.3, 1, 3) is fitted in 5 folds by connected articles; every pair is
predicted "same" when the rule relates its two records directly or the fold's model gives it at
least the threshold. Prints pairwise precision and recall over train + dev for each C and
threshold (threshold 1.01: the rule alone). docs/incidents.md reports the outcome.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from eventwire.errors import EventwireError
from eventwire.eval import incidents as ev
from eventwire.resolve import incidents as rel
from eventwire.resolve.incident_reports import (Report, blocks, days_apart, status_group,
                                                type_class)

THRESHOLDS = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 1.01)
FOLDS = 5


def vetoed(a: Report, b: Report) -> bool:
    """What the rule rules out before it weighs anything (the first checks of `related`)."""
    if type_class(a.type) != type_class(b.type) or not (a.linkable and b.linkable):
        return True
    dates = rel.compare_dates(a, b)
    if dates in (None, "unknown") or not rel._statuses_fit(a, b, dates):
        return True
    if rel.compare_places(a, b) is None:
        return True
    return rel.CONFLICT in rel._roles(a, b)


def share_block(a: Report, b: Report) -> bool:
    mine: dict[str, list[tuple[str, str]]] = {}
    for key, lo, hi in blocks(a):
        mine.setdefault(key, []).append((lo, hi))
    return any(lo <= hi2 and lo2 <= hi for key, lo, hi in blocks(b) for lo2, hi2 in mine.get(key, ()))


def features(a: Report, b: Report) -> dict[str, float]:
    src, tgt = rel._roles(a, b)
    dates, places, matter = rel.compare_dates(a, b), rel.compare_places(a, b), rel.compare_matter(a, b)
    apart = days_apart(a.pub, b.pub)
    f = {"same_type": a.type == b.type, "same_trigger": bool(a.trigger) and a.trigger == b.trigger,
         "place_same": places == "same", "place_one": bool(a.place) != bool(b.place),
         "pub_same_day": apart == 0, "violence": type_class(a.type) == "violence",
         "occurred": status_group(a.status) == "occurred",
         "placed_mismatch": not rel.both_placed_or_not(a, b), "two_acts": rel._two_acts(a, b),
         "jac_text": rel.jaccard(a.text, b.text), "jac_story": rel.jaccard(a.story, b.story),
         "jac_names": rel.jaccard(a.names, b.names)}
    for role, value in (("src", src), ("tgt", tgt)):
        for level in (rel.STRONG, rel.WEAK, rel.UNKNOWN, rel.OTHER):
            f[f"{role}_{level}"] = value == level
    for level in ("exact", "stated", "weak", "loose"):
        f[f"date_{level}"] = dates == level
    for level in ("same", "different"):
        f[f"matter_{level}"] = matter == level
    return {k: float(v) for k, v in f.items()}


def records(store, articles, pairs) -> dict:
    """Each mention's stored Report: the record `eval incidents` takes (ev.locate_records)."""
    out = {}
    for m, rec in ev.locate_records(store, articles, {m for p in pairs for m in (p.a, p.b)}).items():
        row = None if rec is None else store.execute(
            "SELECT features FROM incident_reports WHERE article = ? AND event = ?",
            (articles[m.article].hash, rec[0])).fetchone()
        out[m] = Report.from_json(articles[m.article].hash, rec[0], row[0]) if row else None
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="keep the store here and reuse it when it exists")
    ap.add_argument("--story", type=float, default=0.0,
                    help="only pairs of articles whose openings share this much (Jaccard)")
    ap.add_argument("--data", help="the shared data folder (default ../shared/data)")
    args = ap.parse_args()
    try:
        import numpy as np
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        sys.exit("needs scikit-learn: pip install -e '.[train]'")
    try:
        pairs = [p for p in ev.load_pairs() if p.split == "dev"]
        pairs += ev.load_pairs(ev.gold_path().with_name("train_pairs.jsonl"))
        articles = ev.allsides_articles({m.article for p in pairs for m in (p.a, p.b)}, args.data)
        with tempfile.TemporaryDirectory(prefix="eventwire-scorer-") as tmp:
            db = args.db or str(Path(tmp) / "pairs.db")
            if not Path(db).exists():
                print(f"ingesting {len(articles)} articles into {db} ...", file=sys.stderr)
                ev.ingest_articles(list(articles.values()), db, ev.DEFAULT_MIN_CONFIDENCE, 2)
            from eventwire.store import Store
            with Store(db, create=False) as store:
                rec = records(store, articles, pairs)
    except EventwireError as exc:
        sys.exit(f"error: {exc}")
    rows = [(p, rec[p.a], rec[p.b]) for p in pairs if rec[p.a] is not None and rec[p.b] is not None]
    # folds by connected articles, so that no story is in two folds
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for _, a, b in rows:
        parent[root(a.article)] = root(b.article)
    fold = {g: i % FOLDS for i, g in enumerate(sorted({root(a.article) for _, a, _ in rows}))}
    y = np.array([int(p.same) for p, _, _ in rows])
    rule = np.array([rel.related(a, b) for _, a, b in rows])
    pool = [i for i, (_, a, b) in enumerate(rows)
            if a.article != b.article and not vetoed(a, b) and share_block(a, b)
            and rel.jaccard(a.story, b.story) >= args.story]
    feats = {i: features(rows[i][1], rows[i][2]) for i in pool}
    names = sorted(next(iter(feats.values())))
    X = {i: [feats[i][n] for n in names] for i in pool}
    print(f"{len(rows)} pairs (train {sum(p.split == 'train' for p, _, _ in rows)}, dev "
          f"{sum(p.split == 'dev' for p, _, _ in rows)}), {int(y.sum())} same; the scorer may join "
          f"{len(pool)} of them ({int(y[pool].sum())} same, {int(rule[pool].sum())} already by the "
          f"rule); story >= {args.story}")
    best = rule.copy()
    best[[i for i in pool if y[i]]] = True
    tp = int((best & (y == 1)).sum())
    print(f"a scorer right on every pair it may join: P {tp / max(int(best.sum()), 1):.3f} "
          f"R {tp / max(int(y.sum()), 1):.3f}")
    for C in (0.3, 1.0, 3.0):
        prob = np.zeros(len(rows))
        for k in range(FOLDS):
            train = [i for i in pool if fold[root(rows[i][1].article)] != k]
            test = [i for i in pool if fold[root(rows[i][1].article)] == k]
            if not test:
                continue
            model = LogisticRegression(C=C, max_iter=3000).fit([X[i] for i in train], y[train])
            prob[test] = model.predict_proba([X[i] for i in test])[:, 1]
        cells = []
        for th in THRESHOLDS:
            pred = rule | (prob >= th)
            tp, fp = int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum())
            cells.append(f"{th:.2f}: P {tp / max(tp + fp, 1):.3f} R {tp / max(int(y.sum()), 1):.3f}")
        print(f"C={C:<4} " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
