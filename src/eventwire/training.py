"""`eventwire train-gate`: rebuild the event gate from the project's annotated sentences.

One deterministic command. The trigger lexicon is learned from the random train sentences; every
candidate in the train and dev sentences (both samples) gets the gate's features
(eventwire.extractors.gate) and a label from the adjudicated gold; out-of-fold predictions (folds by
article) choose the regularisation and the confidence threshold (the lowest at which precision on
the random sample is at least 0.80) and fit the Platt calibration; the model is then fitted on all
of them. The texts are read from ../shared/data at run time; the model file holds weights,
single-word feature names and numbers, never sentences. Needs scikit-learn
(`pip install eventwire[train]`). docs/model_card_gate.md reports what it gives.
"""
from __future__ import annotations

import json
import pickle
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .errors import EventwireError
from .eval import wire_events as we
from .extractors import gate as gate_mod
from .model import Event

SEED = 0
C_GRID = (0.1, 0.3, 1.0)
DENSE_WEIGHT = 1.0
MIN_COUNT = 2
FOLDS = 5
LEXICON_MIN = 2
LEXICON_RATIO = 0.25
TARGET_PRECISION = 0.80
MIN_KEPT = 25
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


def learn_lexicon(docs: dict[str, object], sentences: list[we.Sentence]) -> dict[str, str]:
    """Trigger words of the annotated train sentences: lemma -> its most frequent type, for verbs
    and nouns that are a gold trigger at least LEXICON_MIN times and in at least LEXICON_RATIO of
    their occurrences in those sentences."""
    gold: dict[str, Counter] = defaultdict(Counter)
    seen: Counter = Counter()
    for s in sentences:
        doc = docs.get(s.article)
        if doc is None:
            continue
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        for tok in span or []:
            if tok.pos_ in ("VERB", "NOUN"):
                seen[tok.lemma_.lower()] += 1
        for e in s.events:
            if not e.get("trigger"):
                continue
            t = doc.char_span(e["trigger"][0], e["trigger"][1], alignment_mode="expand")
            if t is not None and len(t) and t.root.pos_ in ("VERB", "NOUN"):
                gold[t.root.lemma_.lower()][e["type"]] += 1
    out = {}
    for lemma, types in sorted(gold.items()):
        n = sum(types.values())
        if n >= LEXICON_MIN and n / max(seen[lemma], n) >= LEXICON_RATIO:
            out[lemma] = types.most_common(1)[0][0]
    return out


def collect(splits: tuple[str, ...], progress=None) -> tuple[list[Candidate], dict[str, str]]:
    """Every candidate (rules and the lexicon learned from train) in the annotated sentences of
    `splits`, with features; and that lexicon."""
    from .extractors import extract_doc
    from .pipeline import Pipeline

    sentences = we.load_sentences(splits, labelled_only=False)
    by_article: dict[str, list[we.Sentence]] = defaultdict(list)
    for s in sentences:
        by_article[s.article].append(s)
    pipeline = Pipeline()
    arts = we.articles_of(sentences)
    docs = dict(zip((a.id for a in arts), pipeline.parse(a.text for a in arts)))
    lexicon = learn_lexicon(docs, [s for s in we.load_sentences(["train"]) if s.sample == "random"])
    learned = gate_mod.lexicon_from_rows([f"{k}\t{v}" for k, v in lexicon.items()])
    out: list[Candidate] = []
    for art in arts:
        doc = docs.pop(art.id)
        res = extract_doc(doc, art, kb=pipeline.kb, gate=False, learned=learned)
        feats = gate_mod.candidate_features(doc, res.events, {a.id: a for a in res.actors}, res.statements)
        fmap = {id(ev): f for ev, f in zip(res.events, feats)}
        for s in by_article[art.id]:
            for ev in we.assign(res.events, [s]).get(s.id, []):
                f, d = fmap[id(ev)]
                out.append(Candidate(s.id, s.article, s.split, ev, f, d, gate_mod.NONE))
        if progress:
            progress()
    return out, lexicon


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


def _own_type_probability(classes: list[str], probs: np.ndarray, rule: list[str]) -> np.ndarray:
    """The model's probability of each candidate's own (rule) type: the gate keeps types."""
    idx = {c: i for i, c in enumerate(classes)}
    return np.array([p[idx[t]] if t in idx else 0.0 for p, t in zip(probs, rule)])


def _platt(conf: np.ndarray, right: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    p = np.clip(conf, 1e-6, 1 - 1e-6)
    z = np.log(p / (1 - p)).reshape(-1, 1)
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(z, right.astype(int))
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


def _calibrated(conf: np.ndarray, a: float, c: float) -> np.ndarray:
    p = np.clip(conf, 1e-6, 1 - 1e-6)
    return 1.0 / (1.0 + np.exp(-(a * np.log(p / (1 - p)) + c)))


def sentence_scores(cands: list[Candidate], conf: np.ndarray,
                    sentences: list[we.Sentence], threshold: float) -> we.Scores:
    """Type-level scores of the gated candidates on `sentences` (as `eval wire-events` counts)."""
    pred: dict[str, list[Event]] = defaultdict(list)
    for c, p in zip(cands, conf):
        if p >= threshold:
            ev = replace(c.event, confidence=float(p))
            pred[c.sentence].append(ev)
    sc = we.Scores()
    for s in sentences:
        sc.add(pred.get(s.id, []), s.events)
    return sc


def choose_threshold(curve: list[tuple[float, float, float, int]]) -> float:
    """The lowest threshold whose precision is at least TARGET_PRECISION over at least MIN_KEPT
    kept events (fewer make the precision noise); failing that, the most precise such threshold."""
    solid = [(th, p) for th, p, _, n in curve if n >= MIN_KEPT]
    if not solid:
        return max(th for th, *_ in curve)
    ok = [th for th, p in solid if p >= TARGET_PRECISION]
    return min(ok) if ok else max(solid, key=lambda x: (x[1], -x[0]))[0]


def out_of_fold(cands: list[Candidate], C: float, folds: int = FOLDS) -> tuple[list[str], np.ndarray]:
    """Each candidate's gated type and uncalibrated probability from a model that never saw its
    article (folds by article, in a fixed order)."""
    arts = sorted({c.article for c in cands})
    fold_of = {a: i % folds for i, a in enumerate(arts)}
    fold = np.array([fold_of[c.article] for c in cands])
    conf = np.zeros(len(cands))
    for k in range(folds):
        tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
        part = [cands[i] for i in tr]
        vec = Vectorizer(part)
        model = _fit(vec.matrix(part), [c.label for c in part], C)
        held = [cands[i] for i in te]
        conf[te] = _own_type_probability(list(model.classes_), model.predict_proba(vec.matrix(held)),
                                         [c.event.type for c in held])
    return conf


def _reliability(conf: np.ndarray, right: np.ndarray) -> list[dict]:
    bins = []
    for lo in np.arange(0.0, 1.0, 0.1):
        sel = (conf >= lo) & ((conf < lo + 0.1) if lo < 0.85 else (conf <= 1.0))
        if sel.any():
            bins.append({"from": round(float(lo), 1), "to": round(float(lo + 0.1), 1), "n": int(sel.sum()),
                         "mean_confidence": round(float(conf[sel].mean()), 3),
                         "observed_precision": round(float(right[sel].mean()), 3)})
    return bins


def train(cache: str | None = None, out: Path = MODEL_PATH, report: str | None = None, log=print) -> dict:
    """Fit, calibrate and write the gate; returns the figures written into the model's metadata.

    C and the threshold are chosen on out-of-fold predictions over train + dev (folds by article),
    then the model is fitted on train + dev. The learned trigger lexicon comes from train alone."""
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise EventwireError("training the gate needs scikit-learn: pip install 'eventwire[train]'") from exc
    if cache and Path(cache).exists():
        cands, lexicon = pickle.loads(Path(cache).read_bytes())
    else:
        cands, lexicon = collect(("train", "dev"))
        if cache:
            Path(cache).write_bytes(pickle.dumps((cands, lexicon)))
    sentences = we.load_sentences(["train", "dev"])
    cands = relabel([c for c in cands if c.split in ("train", "dev")], sentences)
    labels = [c.label for c in cands]
    # the gate learns from every annotated candidate; it is scored, and its threshold chosen, on
    # the random sample only (the population the output is for)
    scored = [s for s in sentences if s.sample == "random"]
    dev_sents = [s for s in scored if s.split == "dev"]
    random_ids = {s.id for s in scored}
    in_random = np.array([c.sentence in random_ids for c in cands])
    log(f"{len(cands)} candidates in {len(sentences)} sentences ({sum(len(s.events) for s in sentences)} gold "
        f"events); labels {Counter(labels).most_common(6)}; learned lexicon of {len(lexicon)} words")
    best = None
    for C in C_GRID:
        raw = out_of_fold(cands, C)
        right = np.array([c.event.type == y for c, y in zip(cands, labels)])
        a, c = _platt(raw, right)
        conf = _calibrated(raw, a, c)
        r_cands = [c for c, k in zip(cands, in_random) if k]
        curve = []
        for th in np.round(np.arange(0.05, 0.96, 0.01), 2):
            sc = sentence_scores(r_cands, conf[in_random], scored, th)
            p_, r_, _ = sc.overall()
            curve.append((float(th), p_, r_, sum(sc.tp.values()) + sum(sc.fp.values())))
        th = choose_threshold(curve)
        p_, r_, f_ = sentence_scores(r_cands, conf[in_random], scored, th).overall()
        log(f"C={C}: threshold {th:.2f}: out-of-fold precision {p_:.3f} recall {r_:.3f} f1 {f_:.3f}")
        # a setting that reaches the target precision wins; among those, the higher recall
        if best is None or (p_ >= TARGET_PRECISION, r_, f_) > (best["precision"] >= TARGET_PRECISION,
                                                                best["recall"], best["f1"]):
            best = {"C": C, "calib": (a, c), "threshold": th, "precision": p_, "recall": r_, "f1": f_,
                    "conf": conf, "right": right, "curve": curve}
    vec = Vectorizer(cands)
    X = vec.matrix(cands)
    model = _fit(X, labels, best["C"])
    classes = list(model.classes_)
    W = np.zeros((len(gate_mod.CLASSES), X.shape[1]), dtype=np.float32)
    b = np.full(len(gate_mod.CLASSES), -30.0, dtype=np.float32)  # a class never seen is never chosen
    for i, cl in enumerate(classes):
        j = gate_mod.CLASSES.index(cl)
        W[j], b[j] = model.coef_[i], model.intercept_[i]
    n = len(vec.names)
    conf = best["conf"]
    is_dev = np.array([c.split == "dev" for c in cands])
    dev_p, dev_r, dev_f = sentence_scores([c for c, d in zip(cands, is_dev) if d], conf[is_dev],
                                          dev_sents, best["threshold"]).overall()
    r_cands = [c for c, k in zip(cands, in_random) if k]
    ceiling = sentence_scores(r_cands, np.array([1.0 if c.label == c.event.type else 0.0 for c in r_cands]),
                              scored, 0.5).overall()[1]
    ungated = sentence_scores(r_cands, np.ones(len(r_cands)), scored, 0.5).overall()
    meta = {"version": 1, "threshold": best["threshold"], "C": best["C"],
            "candidates": len(cands), "sentences": len(sentences), "scored_sentences": len(scored),
            "sparse_features": n,
            "lexicon_words": len(lexicon),
            "out_of_fold": {"precision": round(best["precision"], 3), "recall": round(best["recall"], 3),
                            "f1": round(best["f1"], 3)},
            "dev": {"precision": round(dev_p, 3), "recall": round(dev_r, 3), "f1": round(dev_f, 3)},
            "rules_alone": {"precision": round(ungated[0], 3), "recall": round(ungated[1], 3)},
            "candidate_recall_ceiling": round(ceiling, 3),
            "reliability": _reliability(conf[in_random], best["right"][in_random]),
            "curve": [(t, round(p, 3), round(r, 3), n) for t, p, r, n in best["curve"][::5]]}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        np.savez_compressed(
            fh, W=W[:, :n].astype(np.float16), D=(W[:, n:] * DENSE_WEIGHT).astype(np.float16), b=b,
            vocab=np.array(vec.names), scale=vec.scale,
            lexicon=np.array([f"{k}\t{v}" for k, v in sorted(lexicon.items())], dtype=str),
            classes=np.array(gate_mod.CLASSES),
            calibration=np.array(best["calib"]), meta=np.array(json.dumps(meta)))
    gate_mod.load_gate.cache_clear()
    log(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB): C={best['C']} threshold {best['threshold']:.2f}; "
        f"out-of-fold precision {best['precision']:.3f} recall {best['recall']:.3f}; dev {dev_p:.3f}/{dev_r:.3f}")
    if report:
        Path(report).write_text(json.dumps(meta, indent=1) + "\n")
    return meta
