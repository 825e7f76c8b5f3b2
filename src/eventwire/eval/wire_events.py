"""`eventwire eval wire-events`: events on random sentences of real news, against the project's own
annotated set (eventwire/data/wire_events; docs/annotation.md says how it was made).

Each annotated sentence is a reference (article, character offsets) into ../shared/data; the article
is run through the whole pipeline and each event at or above the confidence threshold is assigned to
the annotated sentence that holds its trigger. Scores, per sentence, compare the multiset of
predicted types with the gold one (type-level, as annotator agreement is measured): precision,
recall and F1 overall and by type; sentence-level detection (does the sentence hold an event); and
status accuracy on events matched by type (trigger overlap first).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable

import click

from ..model import PLOVER_TYPES, Article, Event
from . import corpora, summary_line

DATA = "wire_events"


@dataclass
class Sentence:
    id: str
    article: str
    start: int
    end: int
    split: str
    events: list[dict] = field(default_factory=list)  # gold: type, trigger/source/target offsets, status
    sample: str = "random"  # or "candidates": the training-only sample of sentences the rules fire in


def _lines(name: str) -> list[dict]:
    ref = resources.files("eventwire") / "data" / DATA / name
    with ref.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_sentences(splits: Iterable[str] | None = None, labels: str = "gold.jsonl",
                   labelled_only: bool = True) -> list[Sentence]:
    """The annotated sentences of `splits` (all when None) with the events of `labels`."""
    want = set(splits) if splits else None
    gold = {d["id"]: d["events"] for d in _lines(labels)}
    out = []
    for d in _lines("sentences.jsonl"):
        if (want is None or d["split"] in want) and (d["id"] in gold or not labelled_only):
            out.append(Sentence(d["id"], d["article"], d["start"], d["end"], d["split"], gold.get(d["id"], []),
                                d.get("sample", "random")))
    return out


def articles_of(sentences: list[Sentence], root: str | None = None) -> list[Article]:
    """The articles that hold `sentences`, read from ../shared/data, in first-seen order."""
    out, seen = [], set()
    for s in sentences:
        if s.article in seen:
            continue
        seen.add(s.article)
        text, published = corpora.article(s.article, root)
        out.append(Article(text=text, id=s.article, published=published))
    return out


def assign(events: Iterable[Event], sentences: list[Sentence]) -> dict[str, list[Event]]:
    """Events of one article by the annotated sentence that holds their trigger (or evidence start)."""
    out: dict[str, list[Event]] = defaultdict(list)
    for ev in events:
        at = ev.trigger_start if ev.trigger_start is not None else ev.evidence.start
        for s in sentences:
            if s.start <= at < s.end:
                out[s.id].append(ev)
                break
    return out


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def match(pred: list[Event], gold: list[dict]) -> list[tuple[Event, dict]]:
    """Pairs of the same type, trigger overlap first, then any remaining one of that type."""
    pairs, free = [], list(range(len(gold)))
    for overlap_pass in (True, False):
        for ev in pred:
            if any(ev is p for p, _ in pairs):
                continue
            for k in free:
                g = gold[k]
                if g["type"] != ev.type:
                    continue
                if overlap_pass and not _overlap((ev.trigger_start, ev.trigger_end),
                                                 tuple(g["trigger"]) if g.get("trigger") else None):
                    continue
                pairs.append((ev, g))
                free.remove(k)
                break
    return pairs


@dataclass
class Scores:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    sent: Counter = field(default_factory=Counter)   # detection: tp, fp, fn
    status: Counter = field(default_factory=Counter)  # right, total

    def add(self, pred: list[Event], gold: list[dict]) -> None:
        p, g = Counter(e.type for e in pred), Counter(e["type"] for e in gold)
        for t in set(p) | set(g):
            hit = min(p[t], g[t])
            self.tp[t] += hit
            self.fp[t] += p[t] - hit
            self.fn[t] += g[t] - hit
        self.sent["tp"] += bool(pred) and bool(gold)
        self.sent["fp"] += bool(pred) and not gold
        self.sent["fn"] += bool(gold) and not pred
        for ev, gd in match(pred, gold):
            self.status["total"] += 1
            self.status["right"] += ev.status == gd.get("status")

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def overall(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))


def score(results_by_sentence: dict[str, list[Event]], sentences: list[Sentence], min_confidence: float) -> Scores:
    sc = Scores()
    for s in sentences:
        pred = [e for e in results_by_sentence.get(s.id, []) if (e.confidence or 0) >= min_confidence]
        sc.add(pred, s.events)
    return sc


def predictions(sentences: list[Sentence], progress=None) -> dict[str, list[Event]]:
    """Every event of the articles holding `sentences` (whole pipeline, every candidate), by the
    annotated sentence that holds its trigger."""
    from ..extractors import extract_doc
    from ..pipeline import default_pipeline

    pipeline = default_pipeline()
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        by_article[s.article].append(s)
    arts = articles_of(sentences)
    out: dict[str, list[Event]] = {}
    for art, doc in zip(arts, pipeline.parse(a.text for a in arts)):
        out.update(assign(extract_doc(doc, art, kb=pipeline.kb).events, by_article[art.id]))
        if progress:
            progress()
    return out


@click.command(name="wire-events")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default="test", show_default=True,
              help="Which part of the annotated set (test: only for final figures).")
@click.option("--min-confidence", type=float, default=None,
              help="Events at or above this confidence count (default: the gate's threshold).")
@click.option("--curve", is_flag=True, help="Also print precision and recall at other thresholds.")
def command(split: str, min_confidence: float | None, curve: bool) -> None:
    """Events on random real news sentences against the project's annotated set."""
    from rich.progress import Progress

    from ..extractors.gate import default_threshold

    threshold = default_threshold() if min_confidence is None else min_confidence
    sentences = load_sentences([split])
    n_articles = len({s.article for s in sentences})
    with Progress(transient=True) as bar:
        task = bar.add_task(f"wire-events {split}", total=n_articles)
        preds = predictions(sentences, progress=lambda: bar.advance(task))
    sc = score(preds, sentences, threshold)
    p, r, f = sc.overall()
    click.echo(f"{len(sentences)} sentences of {n_articles} articles ({split}); "
               f"{sum(len(s.events) for s in sentences)} gold events; threshold {threshold:.3f}")
    click.echo(f"{'type':<10} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for t in PLOVER_TYPES:
        tp, fp, fn = sc.tp[t], sc.fp[t], sc.fn[t]
        if tp + fp + fn:
            tp_, tr, tf = Scores.prf(tp, fp, fn)
            click.echo(f"{t:<10} {tp + fn:>5} {tp + fp:>5} {tp_:>6.3f} {tr:>6.3f} {tf:>6.3f}")
    dp, dr, df = Scores.prf(sc.sent["tp"], sc.sent["fp"], sc.sent["fn"])
    click.echo(f"sentence detection: precision={dp:.3f} recall={dr:.3f} f1={df:.3f}")
    st = sc.status["right"] / sc.status["total"] if sc.status["total"] else 0.0
    click.echo(f"status accuracy on {sc.status['total']} matched events: {st:.3f}")
    if curve:
        for th in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            cp, cr, cf = score(preds, sentences, th).overall()
            click.echo(f"  threshold {th:.2f}: precision={cp:.3f} recall={cr:.3f} f1={cf:.3f}")
    click.echo(summary_line("wire-events", precision=p, recall=r, f1=f, detection_precision=dp,
                            detection_recall=dr, status_accuracy=st, threshold=threshold))
