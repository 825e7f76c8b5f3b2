"""`eventwire eval attribution DIR`: statement source/cue/content F1 against brat attribution files.

DIR holds text/*.txt and attributions/*.ann (the PolNeAR layout: Source, Cue and Content text-bound
annotations; an article annotated twice is scored against its first annotator). Spans are compared
after trimming quotes, spaces and punctuation at both ends; exact matching needs equal spans,
overlap matching pairs identical spans first and then any overlapping ones, one to one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import click

from ..errors import DataMissingError, InputError
from . import data_path, summary_line

TRIM = set(" \t\n\r\"'“”‘’.,;:!?()[]—–-")
ROLES = ("source", "cue", "content")
LABELS = {"Source": "source", "Cue": "cue", "Content": "content"}
FIELDS = {"source": ("speaker_start", "speaker_end"), "cue": ("cue_start", "cue_end"),
          "content": ("start", "end")}

Span = tuple[int, int]


@dataclass
class GoldArticle:
    id: str
    text: str
    spans: dict[str, list[Span]] = field(default_factory=lambda: {r: [] for r in ROLES})


def read_ann(path: Path) -> dict[str, list[Span]]:
    """Source/Cue/Content spans of one brat file; a discontinuous span counts from first to last."""
    spans: dict[str, list[Span]] = {r: [] for r in ROLES}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T"):
            continue
        label, _, offs = parts[1].partition(" ")
        if label not in LABELS:
            continue
        try:
            frags = [tuple(map(int, p.split())) for p in offs.split(";")]
            spans[LABELS[label]].append((min(s for s, _ in frags), max(e for _, e in frags)))
        except ValueError as exc:
            raise InputError(f"bad offsets {offs!r}: fix or remove the line", str(path), n) from exc
    return spans


def read_gold(root: Path) -> list[GoldArticle]:
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DataMissingError(
            f"{root} must hold text/*.txt and attributions/*.ann (the PolNeAR layout)")
    texts = {p.stem: p for p in sorted(text_dir.glob("*.txt"))}
    out: dict[str, GoldArticle] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem if ann.stem in texts else ann.stem.rsplit("_", 1)[0]
        if stem not in texts or stem in out:
            continue  # no text, or a second annotator of an article already read
        art = GoldArticle(stem, texts[stem].read_text(encoding="utf-8"))
        art.spans = read_ann(ann)
        out[stem] = art
    return list(out.values())


def trim(text: str, s: int, e: int) -> Span:
    while s < e and text[s] in TRIM:
        s += 1
    while e > s and text[e - 1] in TRIM:
        e -= 1
    return (s, e)


def match(gold: list[Span], pred: list[Span], exact: bool) -> int:
    """Number of one-to-one matches; overlap pairs identical spans before overlapping ones."""
    used: set[int] = set()
    done: set[int] = set()
    tp = 0
    rules = [lambda p, g: p == g]
    if not exact:
        rules.append(lambda p, g: p[0] < g[1] and g[0] < p[1])
    for rule in rules:
        for j, g in enumerate(gold):
            if j in done:
                continue
            for i, p in enumerate(pred):
                if i not in used and rule(p, g):
                    used.add(i)
                    done.add(j)
                    tp += 1
                    break
    return tp


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def predicted_spans(text: str, statements: Iterable, role: str) -> list[Span]:
    ks, ke = FIELDS[role]
    out = []
    for st in statements:
        s, e = (st.get(ks), st.get(ke)) if isinstance(st, dict) else (getattr(st, ks), getattr(st, ke))
        if isinstance(s, int) and isinstance(e, int) and e > s:
            out.append(trim(text, s, e))
    return out


def score(gold: list[GoldArticle], predictions: dict[str, list]) -> dict[tuple[str, str], Counts]:
    """Counts per (role, "exact"|"overlap") over all articles; predictions maps id -> statements."""
    totals = {(r, m): Counts() for r in ROLES for m in ("exact", "overlap")}
    for art in gold:
        stmts = predictions.get(art.id, [])
        for role in ROLES:
            gs = [trim(art.text, s, e) for s, e in art.spans[role]]
            ps = predicted_spans(art.text, stmts, role)
            for mode in ("exact", "overlap"):
                c = totals[(role, mode)]
                c.tp += match(gs, ps, mode == "exact")
                c.pred += len(ps)
                c.gold += len(gs)
    return totals


def summary(totals: dict[tuple[str, str], Counts]) -> str:
    f = {k: c.prf()[2] for k, c in totals.items()}
    return summary_line("attribution", source_f1_exact=f[("source", "exact")],
                        cue_f1_exact=f[("cue", "exact")], content_f1_exact=f[("content", "exact")],
                        content_f1_overlap=f[("content", "overlap")])


def table(totals: dict[tuple[str, str], Counts]) -> list[str]:
    lines = [f"{'role':8s} {'match':8s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s} {'pred':>6s}"]
    for role in ROLES:
        for mode in ("exact", "overlap"):
            c = totals[(role, mode)]
            p, r, f = c.prf()
            lines.append(f"{role:8s} {mode:8s} {p:6.3f} {r:6.3f} {f:6.3f} {c.gold:6d} {c.pred:6d}")
    return lines


def run(root: Path, model: str | None = None, limit: int | None = None):
    """Extract statements from every gold article and score them."""
    from ..model import Article
    from ..pipeline import Failure, Pipeline

    gold = read_gold(root)
    if limit:
        gold = gold[:limit]
    pipe = Pipeline(model)
    preds: dict[str, list] = {}
    arts = [Article(text=g.text, id=g.id) for g in gold]
    for res in pipe.process(arts):
        if not isinstance(res, Failure):
            preds[res.article.id] = res.statements
    return score(gold, preds)


@click.command(name="attribution")
@click.argument("directory", required=False)
@click.option("--model", default=None, help="spaCy model name or path (default: the setting)")
@click.option("--limit", type=int, default=None, help="score only the first N articles")
def command(directory: str | None, model: str | None, limit: int | None) -> None:
    """Statement source/cue/content P/R/F1 on brat attributions (default ../shared/data/polnear/dev)."""
    root = data_path(directory, "polnear", "dev")
    totals = run(root, model=model, limit=limit)
    for line in table(totals):
        click.echo(line)
    click.echo(summary(totals))
