"""`eventwire train-gate`: rebuild the event gate from the project's annotated sentences.

One deterministic command: the annotated set's train split fits a multinomial logistic model over
the gate's features (eventwire.extractors.gate); the regularisation is chosen on dev; the
probabilities are calibrated (Platt) on out-of-fold predictions over train, grouped by article; the
confidence threshold is the lowest one at which dev precision stays at 0.80 or more. The texts are
read from ../shared/data at run time; the model file holds weights, single-word feature names and
numbers, never sentences. Needs scikit-learn (`pip install eventwire[train]`).
"""
from __future__ import annotations

import json
import pickle
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import EventwireError
from .eval import wire_events as we
from .extractors import gate as gate_mod
from .model import Event

SEED = 0
C_GRID = (0.03, 0.1, 0.3, 1.0)
DENSE_WEIGHT = 1.0
MIN_COUNT = 2
TARGET_PRECISION = 0.80
RETYPE_MARGIN = 0.2
MODEL_PATH = Path(__file__).parent / "data" / "models" / gate_mod.MODEL_FILE


@dataclass
class Candidate:
    sentence: str
    article: str
    split: str
    event: Event
    feats: dict[str, float]
    dense: np.ndarray
    label: str  # the gold type it matches, or NONE


def label_candidates(events: list[Event], gold: list[dict]) -> list[str]:
    """The gold type each candidate stands for (trigger overlap first, then same type), else NONE;
    each gold event is claimed once, so a duplicate candidate is NONE."""
    labels = [gate_mod.NONE] * len(events)
    free = list(range(len(gold)))
    for rule in ("overlap", "type"):
        for i, ev in enumerate(events):
            if labels[i] != gate_mod.NONE:
                continue
            for k in free:
                g = gold[k]
                span = tuple(g["trigger"]) if g.get("trigger") else None
                hit = (we._overlap((ev.trigger_start, ev.trigger_end), span) if rule == "overlap"
                       else g["type"] == ev.type)
                if hit:
                    labels[i] = g["type"]
                    free.remove(k)
                    break
    return labels


def relabel(cands: list[Candidate], sentences: list[we.Sentence]) -> list[Candidate]:
    """The candidates of `sentences`, labelled against their gold events."""
    by_sentence: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_sentence[c.sentence].append(c)
    out = []
    for s in sentences:
        group = by_sentence.get(s.id, [])
        for c, lab in zip(group, label_candidates([c.event for c in group], s.events)):
            c.label = lab
            out.append(c)
    return out


def collect(splits: tuple[str, ...], progress=None) -> list[Candidate]:
    """Every rule candidate in the annotated sentences of `splits`, with features and label."""
    from .extractors import extract_doc
    from .pipeline import Pipeline

    sentences = we.load_sentences(splits, labelled_only=False)
    by_article: dict[str, list[we.Sentence]] = defaultdict(list)
    for s in sentences:
        by_article[s.article].append(s)
    pipeline = Pipeline()
    arts = we.articles_of(sentences)
    out: list[Candidate] = []
    for art, doc in zip(arts, pipeline.parse(a.text for a in arts)):
        res = extract_doc(doc, art, kb=pipeline.kb, gate=False)
        feats = gate_mod.candidate_features(doc, res.events, {a.id: a for a in res.actors}, res.statements)
        fmap = {id(ev): f for ev, f in zip(res.events, feats)}
        for s in by_article[art.id]:
            evs = we.assign(res.events, [s]).get(s.id, [])
            for ev, lab in zip(evs, label_candidates(evs, s.events)):
                f, d = fmap[id(ev)]
                out.append(Candidate(s.id, s.article, s.split, ev, f, d, lab))
        if progress:
            progress()
    return out


class Vectorizer:
    def __init__(self, cands: list[Candidate]):
        counts = Counter(k for c in cands for k in c.feats)
        self.names = sorted(k for k, n in counts.items() if n >= MIN_COUNT)
        self.index = {k: i for i, k in enumerate(self.names)}
        # numeric features scaled to [0, 1] by their largest value in train
        top: dict[str, float] = defaultdict(float)
        for c in cands:
            for k, v in c.feats.items():
                top[k] = max(top[k], abs(v))
        self.scale = np.array([1.0 / top[k] if top[k] else 1.0 for k in self.names], dtype=np.float32)

    def matrix(self, cands: list[Candidate]):
        from scipy.sparse import csr_matrix, hstack

        rows, cols, vals = [], [], []
        for r, c in enumerate(cands):
            for k, v in c.feats.items():
                j = self.index.get(k)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
                    vals.append(v * self.scale[j])
        sparse = csr_matrix((vals, (rows, cols)), shape=(len(cands), len(self.names)), dtype=np.float64)
        dense = np.vstack([c.dense for c in cands]).astype(np.float64) * DENSE_WEIGHT if cands else None
        return hstack([sparse, csr_matrix(dense)]).tocsr()


def _fit(X, y, C: float):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=3000, random_state=SEED)
    model.fit(X, y)
    return model


def _decide(classes: list[str], probs: np.ndarray, rule: list[str]) -> tuple[list[str], np.ndarray]:
    idx = {c: i for i, c in enumerate(classes)}
    types, conf = [], np.zeros(len(rule))
    for r, (p, t0) in enumerate(zip(probs, rule)):
        cand = [c for c in classes if c != gate_mod.NONE]
        best = max(cand, key=lambda c: p[idx[c]])
        t0p = p[idx[t0]] if t0 in idx else 0.0
        t = best if p[idx[best]] > t0p + RETYPE_MARGIN else t0
        types.append(t)
        conf[r] = p[idx[t]] if t in idx else 0.0
    return types, conf


def _platt(conf: np.ndarray, right: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    p = np.clip(conf, 1e-6, 1 - 1e-6)
    z = np.log(p / (1 - p)).reshape(-1, 1)
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(z, right.astype(int))
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


def _calibrated(conf: np.ndarray, a: float, c: float) -> np.ndarray:
    p = np.clip(conf, 1e-6, 1 - 1e-6)
    return 1.0 / (1.0 + np.exp(-(a * np.log(p / (1 - p)) + c)))


def sentence_scores(cands: list[Candidate], types: list[str], conf: np.ndarray,
                    sentences: list[we.Sentence], threshold: float) -> we.Scores:
    """Type-level scores of the gated candidates on `sentences` (as `eval wire-events` counts)."""
    pred: dict[str, list[Event]] = defaultdict(list)
    for c, t, p in zip(cands, types, conf):
        if p >= threshold:
            ev = Event(**{**c.event.__dict__, "type": t, "confidence": float(p)})
            pred[c.sentence].append(ev)
    sc = we.Scores()
    for s in sentences:
        sc.add(pred.get(s.id, []), s.events)
    return sc


def choose_threshold(curve: list[tuple[float, float, float]]) -> float:
    """The lowest threshold from which dev precision stays >= TARGET_PRECISION at every higher one."""
    ok = None
    for th, p, r in sorted(curve, reverse=True):
        if p < TARGET_PRECISION and r > 0:
            break
        ok = th
    return ok if ok is not None else max(t for t, _, _ in curve)


def train(cache: str | None = None, out: Path = MODEL_PATH, report: str | None = None, log=print) -> dict:
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise EventwireError("training the gate needs scikit-learn: pip install 'eventwire[train]'") from exc
    if cache and Path(cache).exists():
        cands = pickle.loads(Path(cache).read_bytes())
    else:
        cands = collect(("train", "dev"))
        if cache:
            Path(cache).write_bytes(pickle.dumps(cands))
    dev_sents = we.load_sentences(["dev"])
    train_c = relabel([c for c in cands if c.split == "train"], we.load_sentences(["train"]))
    dev_c = relabel([c for c in cands if c.split == "dev"], dev_sents)
    vec = Vectorizer(train_c)
    Xtr, Xdev = vec.matrix(train_c), vec.matrix(dev_c)
    ytr = [c.label for c in train_c]
    rule_tr, rule_dev = [c.event.type for c in train_c], [c.event.type for c in dev_c]
    log(f"{len(train_c)} train and {len(dev_c)} dev candidates; {len(vec.names)} sparse features; "
        f"train labels {Counter(ytr).most_common(6)}")
    # out-of-fold probabilities over train, grouped by article, for the calibration
    arts = sorted({c.article for c in train_c})
    fold_of = {a: i % 5 for i, a in enumerate(arts)}
    folds = np.array([fold_of[c.article] for c in train_c])
    best = None
    for C in C_GRID:
        oof_types, oof_conf = [None] * len(train_c), np.zeros(len(train_c))
        for k in range(5):
            tr, te = np.where(folds != k)[0], np.where(folds == k)[0]
            m = _fit(Xtr[tr], [ytr[i] for i in tr], C)
            t, p = _decide(list(m.classes_), m.predict_proba(Xtr[te]), [rule_tr[i] for i in te])
            for i, ti, pi in zip(te, t, p):
                oof_types[i], oof_conf[i] = ti, pi
        right = np.array([t == y for t, y in zip(oof_types, ytr)])
        a, c = _platt(oof_conf, right)
        model = _fit(Xtr, ytr, C)
        dtypes, dconf = _decide(list(model.classes_), model.predict_proba(Xdev), rule_dev)
        dcal = _calibrated(dconf, a, c)
        curve = []
        for th in np.round(np.arange(0.05, 0.96, 0.01), 2):
            p_, r_, _ = sentence_scores(dev_c, dtypes, dcal, dev_sents, th).overall()
            curve.append((float(th), p_, r_))
        th = choose_threshold(curve)
        p_, r_, f_ = sentence_scores(dev_c, dtypes, dcal, dev_sents, th).overall()
        log(f"C={C}: dev threshold {th:.2f} precision {p_:.3f} recall {r_:.3f} f1 {f_:.3f}")
        if best is None or (r_, f_) > (best["recall"], best["f1"]):
            best = {"C": C, "model": model, "calib": (a, c), "threshold": th, "precision": p_,
                    "recall": r_, "f1": f_, "dev": (dtypes, dcal), "curve": curve}
    model = best["model"]
    classes = list(model.classes_)
    W = np.zeros((len(gate_mod.CLASSES), Xtr.shape[1]), dtype=np.float32)
    b = np.zeros(len(gate_mod.CLASSES), dtype=np.float32)
    for i, cl in enumerate(classes):  # absent classes keep weight 0 and a very low bias
        j = gate_mod.CLASSES.index(cl)
        W[j] = model.coef_[i] if len(classes) > 2 else (model.coef_[0] if i else -model.coef_[0])
        b[j] = model.intercept_[i] if len(classes) > 2 else 0.0
    for cl in gate_mod.CLASSES:
        if cl not in classes:
            b[gate_mod.CLASSES.index(cl)] = -30.0
    n = len(vec.names)
    dtypes, dcal = best["dev"]
    right = np.array([t == cnd.label for t, cnd in zip(dtypes, dev_c)])
    bins = []
    for lo in np.arange(0.0, 1.0, 0.1):
        sel = (dcal >= lo) & (dcal < lo + 0.1 + (1e-9 if lo >= 0.9 else 0))
        if sel.any():
            bins.append({"from": round(float(lo), 1), "to": round(float(lo + 0.1), 1), "n": int(sel.sum()),
                         "mean_confidence": round(float(dcal[sel].mean()), 3),
                         "observed_precision": round(float(right[sel].mean()), 3)})
    meta = {"version": 1, "threshold": best["threshold"], "retype_margin": RETYPE_MARGIN, "C": best["C"],
            "train_candidates": len(train_c), "dev_candidates": len(dev_c), "sparse_features": n,
            "dev": {"precision": round(best["precision"], 3), "recall": round(best["recall"], 3),
                    "f1": round(best["f1"], 3)},
            "reliability_dev": bins,
            "curve_dev": [(t, round(p, 3), round(r, 3)) for t, p, r in best["curve"][::5]]}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        np.savez_compressed(
            fh, W=W[:, :n].astype(np.float16), D=(W[:, n:] * DENSE_WEIGHT).astype(np.float16), b=b,
            vocab=np.array(vec.names), scale=vec.scale, classes=np.array(gate_mod.CLASSES),
            calibration=np.array(best["calib"]), meta=np.array(json.dumps(meta)))
    gate_mod.load_gate.cache_clear()
    log(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB): C={best['C']} threshold {best['threshold']:.2f}; "
        f"dev precision {best['precision']:.3f} recall {best['recall']:.3f}")
    if report:
        Path(report).write_text(json.dumps(meta, indent=1) + "\n")
    return meta
