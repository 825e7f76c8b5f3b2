"""`eventwire eval incidents`: "same incident" on pairs of event mentions from articles by different
outlets about one story, against the project's own annotated pairs (eventwire/data/incident_pairs;
docs/annotation-incidents.md says how they were made and labelled).

Each pair references two mentions (an article of ../shared/data/corpus/allsides, a trigger and a
sentence, as character offsets) and a label, same or different. Every article involved is ingested
into a new SQLite store, with its published date and outlet, at one confidence threshold, so that
incidents are linked exactly as `eventwire ingest` links them; each mention is then the stored event
record whose trigger overlaps the gold trigger (most overlap first). A pair is predicted "same" when
both records are in one incident; a pair whose mention found no record is predicted "different" and
counted apart as a miss. Scores: pairwise precision, recall and F1 of "same", and B-cubed precision,
recall and F1 of the clusters over the annotated mentions (gold clusters: the transitive closure of
"same"; predicted: the incidents, a mention without a record alone), by split.
"""
from __future__ import annotations

import gzip
import json
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable

import click

from ..errors import DataMissingError, UsageError
from ..model import Article
from . import corpora, data_path, summary_line

GOLD = ("data", "incident_pairs", "pairs.jsonl")
DEFAULT_MIN_CONFIDENCE = 0.3   # the threshold the annotated mentions were drawn at
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class Mention:
    article: str                  # a reference, e.g. allsides:ID
    trigger: tuple[int, int]
    sentence: tuple[int, int] | None = None


@dataclass
class Pair:
    id: str
    split: str
    a: Mention
    b: Mention
    same: bool


def gold_path() -> Path:
    return Path(str(resources.files("eventwire").joinpath(*GOLD)))


def _mention(d: dict, where: str) -> Mention:
    try:
        trig = d["trigger"]
        sent = d.get("sentence")
        return Mention(str(d["article"]), (int(trig[0]), int(trig[1])),
                       (int(sent[0]), int(sent[1])) if sent else None)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise UsageError(f"{where}: a mention needs article and trigger [start, end] ({exc!r})") from exc


def load_pairs(path: str | Path | None = None) -> list[Pair]:
    """The annotated pairs (default: the package's gold file); DataMissingError when absent."""
    p = Path(path) if path else gold_path()
    if not p.exists():
        raise DataMissingError(
            f"{p} does not exist: the incident pairs are being annotated (docs/annotation-"
            "incidents.md); give a pairs file as PATH, one JSON object a line: "
            '{"id", "split", "a": {"article", "trigger", "sentence"}, "b": {...}, "label": "same|different"}')
    out = []
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{p}:{n}"
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{where}: not JSON ({exc})") from exc
            label = d.get("label")
            if label not in ("same", "different"):
                raise UsageError(f"{where}: label {label!r} is not same or different")
            out.append(Pair(str(d.get("id") or n), str(d.get("split") or "dev"),
                            _mention(d.get("a") or {}, where), _mention(d.get("b") or {}, where),
                            label == "same"))
    return out


# --- articles ------------------------------------------------------------------------------------

def allsides_articles(refs: Iterable[str], root: str | None = None) -> dict[str, Article]:
    """The articles `refs` (allsides:ID): the text and date that the offsets index
    (eventwire.eval.corpora), with the title and outlet of the corpus file, read at run time."""
    refs = sorted(set(refs))
    bad = [r for r in refs if not r.startswith("allsides:")]
    if bad:
        raise UsageError(f"{bad[0]}: only allsides:ID articles can be read here")
    base = data_path(root, "")
    path = base / "corpus" / "allsides" / "articles.jsonl.gz"
    want = {r.partition(":")[2] for r in refs}
    meta: dict[str, dict] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d.get("id") in want:
                meta[d["id"]] = {"title": d.get("title"), "source": d.get("source"), "url": d.get("url")}
    out = {}
    for ref in refs:
        text, published = corpora.article(ref, str(base))  # DataMissingError when absent
        m = meta.get(ref.partition(":")[2], {})
        out[ref] = Article(text=text, id=ref, title=m.get("title"), published=published or None,
                           source=m.get("source"), url=m.get("url"))
    return out


# --- predictions ---------------------------------------------------------------------------------

def ingest_articles(articles: list[Article], db: str, min_confidence: float,
                    processes: int | None = 1) -> list[str]:
    """Store `articles` (linking incidents as `eventwire ingest` does) through a JSONL file; the
    rejected ones' messages (their mentions find no record: misses)."""
    from .. import api

    src = Path(db).with_suffix(".jsonl")
    with src.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a.id, "text": a.text, "title": a.title, "published": a.published,
                                 "source": a.source, "url": a.url}, ensure_ascii=False) + "\n")
    summary = api.ingest(db, [str(src)], fmt="jsonl", processes=processes,
                         min_confidence=min_confidence)
    return [str(err) for err in summary.rejected]


def _overlap(a: tuple[int, int], b: tuple[int | None, int | None]) -> int:
    if b[0] is None or b[1] is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def locate(store, articles: dict[str, Article], mentions: Iterable[Mention]) -> dict[Mention, str | None]:
    """Each mention's incident (see locate_records); None when no stored trigger overlaps it."""
    return {m: rec[1] if rec else None for m, rec in locate_records(store, articles, mentions).items()}


def locate_records(store, articles: dict[str, Article],
                   mentions: Iterable[Mention]) -> dict[Mention, tuple[str, str | None] | None]:
    """Each mention's stored record as (event id, incident): the record whose trigger overlaps the
    gold trigger most (then the most confident, then the first); None when no stored trigger
    overlaps it."""
    by_article: dict[str, list[tuple[tuple[int | None, int | None], float, str, str | None]]] = {}
    out: dict[Mention, tuple[str, str | None] | None] = {}
    for m in mentions:
        if m.article not in by_article:
            rows = store.execute("SELECT id, data, incident FROM events WHERE article = ?",
                                 (articles[m.article].hash,)).fetchall()
            recs = []
            for eid, data, incident in rows:
                d = json.loads(data)
                recs.append(((d.get("trigger_start"), d.get("trigger_end")),
                             float(d.get("confidence") or 0.0), eid, incident))
            by_article[m.article] = recs
        best = None
        for span, conf, eid, incident in by_article[m.article]:
            ov = _overlap(m.trigger, span)
            if ov > 0:
                key = (-ov, -conf, eid)
                if best is None or key < best[0]:
                    best = (key, (eid, incident))
        out[m] = best[1] if best else None
    return out


# --- scores --------------------------------------------------------------------------------------

@dataclass
class Scores:
    pairs: int = 0
    gold_same: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: int = 0               # pairs with a mention that found no event record
    missed_same: int = 0          # ... of them labelled same (each a false negative)
    b3: tuple[float, float, float] = (0.0, 0.0, 0.0)
    mentions: int = 0
    rejected: list[str] = field(default_factory=list)  # articles the ingest rejected

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def clusters_from_pairs(pairs: list[Pair]) -> dict[Mention, int]:
    """Gold clusters: the transitive closure of "same" over every mention of `pairs`."""
    from ..resolve.incidents import UnionFind

    uf = UnionFind()
    key = {}
    for p in pairs:
        for m in (p.a, p.b):
            key.setdefault(m, repr((m.article, m.trigger)))
            uf.add(key[m])
        if p.same:
            uf.union(key[p.a], key[p.b])
    roots = {r: i for i, r in enumerate(sorted({uf.find(k) for k in key.values()}))}
    return {m: roots[uf.find(k)] for m, k in key.items()}


def b_cubed(gold: dict[Mention, int], pred: dict[Mention, object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the mentions of `gold` (pred: each mention's cluster
    label; None is a cluster of its own)."""
    mentions = list(gold)
    if not mentions:
        return 0.0, 0.0, 0.0
    label = {m: (pred.get(m) if pred.get(m) is not None else ("alone", m)) for m in mentions}
    g_members: dict[int, set] = {}
    p_members: dict[object, set] = {}
    for m in mentions:
        g_members.setdefault(gold[m], set()).add(m)
        p_members.setdefault(label[m], set()).add(m)
    p_sum = r_sum = 0.0
    for m in mentions:
        g, p = g_members[gold[m]], p_members[label[m]]
        both = len(g & p)
        p_sum += both / len(p)
        r_sum += both / len(g)
    p, r = p_sum / len(mentions), r_sum / len(mentions)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(pairs: list[Pair], incident_of: dict[Mention, str | None]) -> Scores:
    sc = Scores(pairs=len(pairs))
    for p in pairs:
        ia, ib = incident_of.get(p.a), incident_of.get(p.b)
        found = ia is not None and ib is not None
        same = found and ia == ib
        sc.gold_same += p.same
        if not found:
            sc.missed += 1
            sc.missed_same += p.same
        if same and p.same:
            sc.tp += 1
        elif same:
            sc.fp += 1
        elif p.same:
            sc.fn += 1
    gold = clusters_from_pairs(pairs)
    sc.mentions = len(gold)
    sc.b3 = b_cubed(gold, {m: incident_of.get(m) for m in gold})
    return sc


def evaluate(pairs: list[Pair], articles: dict[str, Article], min_confidence: float,
             workdir: str, processes: int | None = 1) -> dict[str, Scores]:
    """Ingest the articles into a new store under `workdir`, find the mentions, score by split
    (and "all")."""
    from ..store import Store

    missing = sorted({m.article for p in pairs for m in (p.a, p.b)} - set(articles))
    if missing:
        raise DataMissingError(f"{missing[0]}: a pair names an article that was not given")
    db = str(Path(workdir) / "incidents-eval.db")
    rejected = ingest_articles(list(articles.values()), db, min_confidence, processes)
    with Store(db, create=False) as store:
        incident_of = locate(store, articles, [m for p in pairs for m in (p.a, p.b)])
    out = {}
    for split in (*SPLITS, "all"):
        chosen = [p for p in pairs if split == "all" or p.split == split]
        if chosen:
            out[split] = score(chosen, incident_of)
            out[split].rejected = rejected
    return out


def report(results: dict[str, Scores], min_confidence: float, split: str) -> list[str]:
    lines = [f"{'split':<6} {'pairs':>6} {'same':>5} {'missed':>7} {'P':>6} {'R':>6} {'F1':>6} "
             f"{'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}"]
    for name, sc in results.items():
        lines.append(f"{name:<6} {sc.pairs:>6} {sc.gold_same:>5} {sc.missed:>7} {sc.precision:>6.3f} "
                     f"{sc.recall:>6.3f} {sc.f1:>6.3f} {sc.b3[0]:>6.3f} {sc.b3[1]:>6.3f} "
                     f"{sc.b3[2]:>6.3f}")
    lines.append(f"missed: pairs where a mention matched no stored event record at confidence >= "
                 f"{min_confidence:.2f} (predicted different)")
    rejected = next(iter(results.values())).rejected if results else []
    if rejected:
        lines.append(f"{len(rejected)} articles were rejected by the ingest (their mentions are "
                     f"misses), e.g. {rejected[0]}")
    sc = results.get(split)
    if sc is None:
        raise UsageError(f"no pairs of split {split!r}; the file has: {', '.join(results)}")
    lines.append(summary_line("incidents", pairwise_precision=sc.precision, pairwise_recall=sc.recall,
                              pairwise_f1=sc.f1, b3_precision=sc.b3[0], b3_recall=sc.b3[1],
                              b3_f1=sc.b3[2], pairs=sc.pairs, missed=sc.missed, split=split,
                              min_confidence=min_confidence))
    return lines


@click.command(name="incidents")
@click.argument("path", required=False)
@click.option("--split", type=click.Choice([*SPLITS, "all"]), default="test", show_default=True,
              help="Which pairs the summary line scores (the table shows every split).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=DEFAULT_MIN_CONFIDENCE,
              show_default=True, help="Store events at least this confident (the annotated "
                                      "mentions were drawn at 0.3).")
@click.option("--processes", "-p", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for the pipeline.")
@click.option("--data", "root", default=None, help="The shared data folder (default ../shared/data).")
def command(path: str | None, split: str, min_confidence: float, processes: int,
            root: str | None) -> None:
    """Same-incident pairs of event mentions (default: the package's annotated pairs)."""
    pairs = load_pairs(path)
    refs = sorted({m.article for p in pairs for m in (p.a, p.b)})
    articles = allsides_articles(refs, root)
    click.echo(f"{len(pairs)} pairs ({sum(p.same for p in pairs)} same) over {len(refs)} articles; "
               f"ingesting at confidence >= {min_confidence:.2f} ...", err=True)
    with tempfile.TemporaryDirectory(prefix="eventwire-incidents-") as tmp:
        results = evaluate(pairs, articles, min_confidence, tmp, processes)
    for line in report(results, min_confidence, split):
        click.echo(line)

