"""`eventwire eval places [DIR]`: where events happened, against the project's place annotations.

Two parts, each run when its gold file is there (eventwire/data/wire_places by default, or DIR):
- events (gold.jsonl): one line per annotated event of the wire-events sentences, with the words
  of the article that place it (`place`, offsets into the article text), where they were found
  (`found_in`), `country`, `precision`, `admin1`; docs/annotation-places.md is the guideline.
  Each article runs through the whole pipeline, every candidate event counts (min-confidence 0),
  and a system event matches a gold event of the same type whose trigger it overlaps (with
  `--match trigger`, any system event whose trigger overlaps, whatever its type). For
  matched events whose gold place is given: place found (any place), country right, exact place
  (the system's place words overlap the gold's, or both come from the dateline).
- toponyms (toponyms.jsonl): location names of ner/worldwide articles with their country. Each
  clear name with a country is resolved in its article's context by the toponym step alone
  (resolve.places.resolve_toponym): coverage, country accuracy of those resolved, and accuracy
  over all.
Ends with `places: key=value ...`.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import click

from ..errors import DataMissingError, UsageError
from ..model import Article, Event
from . import corpora, summary_line

DATA = "wire_places"
EVENTS_FILE = "gold.jsonl"
TOPONYMS_FILE = "toponyms.jsonl"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


# --- data ---------------------------------------------------------------------------------------

def gold_dir(given: str | None = None) -> Path:
    if given:
        return Path(given)
    return Path(str(resources.files("eventwire") / "data" / DATA))


def read_lines(path: Path) -> list[dict]:
    """The JSON lines of a gold file; a missing file is a DataMissingError naming it."""
    if not path.exists():
        raise DataMissingError(
            f"{path} does not exist: the place annotations are not there yet (see "
            f"docs/annotation-places.md), or pass the folder that holds {path.name}")
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}:{n}: not a JSON line ({exc.msg}); fix the line") from None
    return out


def article_text(ref: str, root: str | None = None) -> tuple[str, str | None]:
    """(text, published) of a reference: the corpora of ../shared/data (eval.corpora), or
    `examples:NAME`, an example article of the package (for tests and fixtures)."""
    corpus, _, key = ref.partition(":")
    if corpus == "examples":
        path = EXAMPLES / f"{key}.txt"
        if not path.exists():
            raise DataMissingError(f"{ref}: {path} does not exist")
        side = path.with_suffix(".json")
        meta = json.loads(side.read_text("utf-8")) if side.exists() else {}
        return path.read_text("utf-8"), meta.get("published")
    return corpora.article(ref, root)


def _split(items: list[dict], split: str) -> list[dict]:
    return items if split == "all" else [d for d in items if d.get("split") == split]


def _overlap(a, b) -> bool:
    return a is not None and b is not None and a[0] is not None and b[0] is not None \
        and a[0] < b[1] and b[0] < a[1]


# --- part a: events -----------------------------------------------------------------------------

MATCH_MODES = ("type", "trigger")


def match_events(pred: list[Event], gold: list[dict], by: str = "type") -> list[tuple[dict, Event | None]]:
    """Each gold event with the system event whose trigger overlaps its own (the nearest such,
    each system event used once), or None. `by="type"`: only a system event of the gold's type;
    `by="trigger"`: the same words are the same event mention whatever type the system gave it
    (one of the gold's type preferred), which is what a place is about."""
    if by not in MATCH_MODES:
        raise UsageError(f"match mode {by!r}: use one of {', '.join(MATCH_MODES)}")
    used: set[int] = set()
    out = []
    for g in sorted(gold, key=lambda g: tuple(g["trigger"])):
        best = None
        for k, ev in enumerate(pred):
            if k in used or (by == "type" and ev.type != g["type"]):
                continue
            if not _overlap((ev.trigger_start, ev.trigger_end), tuple(g["trigger"])):
                continue
            key = (ev.type != g["type"], abs(ev.trigger_start - g["trigger"][0]))
            if best is None or key < (pred[best].type != g["type"],
                                      abs(pred[best].trigger_start - g["trigger"][0])):
                best = k
        if best is not None:
            used.add(best)
        out.append((g, pred[best] if best is not None else None))
    return out


@dataclass
class EventScores:
    gold: int = 0
    matched: int = 0
    with_place: int = 0        # matched events whose gold place is given
    found: int = 0
    country: int = 0
    exact: int = 0
    admin1: int = 0
    admin1_total: int = 0
    no_place: int = 0          # matched events the gold gives no place
    spurious: int = 0          # ... to which the system gives one
    by_found_in: dict = field(default_factory=lambda: defaultdict(Counter))
    misses: list = field(default_factory=list)  # (gold, event): a gold place missed, or a spurious one

    def add(self, g: dict, ev: Event | None) -> None:
        self.gold += 1
        if ev is None:
            return
        self.matched += 1
        loc = ev.location
        if g.get("place") is None:
            self.no_place += 1
            self.spurious += loc.name is not None
            if loc.name is not None:
                self.misses.append((g, ev))
            return
        self.with_place += 1
        found = loc.name is not None
        country = found and (loc.country or None) == (g.get("country") or None)
        exact = found and (_overlap((loc.start, loc.end), tuple(g["place"])) or
                           (g.get("found_in") == "dateline" and loc.basis == "dateline"))
        self.found += found
        self.country += country
        self.exact += exact
        if g.get("admin1"):
            self.admin1_total += 1
            self.admin1 += bool(found and loc.admin1 and _same_name(loc.admin1, g["admin1"]))
        c = self.by_found_in[g.get("found_in") or "-"]
        c["total"] += 1
        c["found"] += found
        c["country"] += country
        c["exact"] += exact
        if not (found and country and exact):
            self.misses.append((g, ev))

    @staticmethod
    def rate(a: int, b: int) -> float:
        return a / b if b else 0.0


def _same_name(a: str, b: str) -> bool:
    from ..resolve.gazetteer import admin_stem

    return admin_stem(a) == admin_stem(b)


def event_predictions(refs: list[str], progress=None, root: str | None = None) -> dict[str, list[Event]]:
    """Every event (every candidate, whatever its confidence) of each article, by reference."""
    from ..extractors import extract_doc
    from ..pipeline import default_pipeline

    pipeline = default_pipeline()
    arts = []
    for ref in refs:
        text, published = article_text(ref, root)
        arts.append(Article(text=text, id=ref, published=published))
    out: dict[str, list[Event]] = {}
    for art, doc in zip(arts, pipeline.parse(a.text for a in arts)):
        out[art.id] = extract_doc(doc, art, kb=pipeline.kb).events
        if progress:
            progress()
    return out


def score_events(gold: list[dict], predictions: dict[str, list[Event]], match: str = "type") -> EventScores:
    sc = EventScores()
    by_article: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_article[g["article"]].append(g)
    for ref, items in by_article.items():
        for g, ev in match_events(predictions.get(ref, []), items, match):
            sc.add(g, ev)
    return sc


# --- part b: toponyms ---------------------------------------------------------------------------

@dataclass
class ToponymScores:
    total: int = 0       # clear items with a country
    resolved: int = 0
    right: int = 0
    by_kind: dict = field(default_factory=lambda: defaultdict(Counter))
    misses: list = field(default_factory=list)


def scorable(item: dict) -> bool:
    return bool(item.get("clear")) and bool(item.get("country")) and item.get("kind") != "not_a_place"


def score_toponyms(items: list[dict], progress=None, root: str | None = None) -> ToponymScores:
    """Resolve each clear toponym with a country in its article's context and compare."""
    from ..extractors.actors import ActorRegistry
    from ..pipeline import default_pipeline
    from ..resolve.datelines import find_dateline
    from ..resolve.toponyms import article_context, resolve_toponym

    sc = ToponymScores()
    by_article: dict[str, list[dict]] = defaultdict(list)
    for it in items:
        if scorable(it):
            by_article[it["article"]].append(it)
    refs = list(by_article)
    texts = [article_text(r, root) for r in refs]
    pipeline = default_pipeline()
    for ref, (text, published), doc in zip(refs, texts, pipeline.parse(t for t, _ in texts)):
        registry = ActorRegistry(doc, kb=pipeline.kb, published=published)
        registry.collect()
        actors = list(registry.actors)
        context = article_context(doc, actors, find_dateline(doc.text, article_context(doc, actors)))
        for it in by_article[ref]:
            if text[it["start"]:it["end"]] != it.get("name", text[it["start"]:it["end"]]):
                raise UsageError(f"toponym {it.get('id')}: the offsets {it['start']}-{it['end']} hold "
                                 f"{text[it['start']:it['end']]!r}, not {it.get('name')!r}; fix the item")
            place = resolve_toponym(doc, it["start"], it["end"], context)
            sc.total += 1
            kind = sc.by_kind[it.get("kind") or "-"]
            kind["total"] += 1
            if place is None:
                sc.misses.append((it, None))
                continue
            sc.resolved += 1
            kind["resolved"] += 1
            if place.country == it["country"]:
                sc.right += 1
                kind["right"] += 1
            else:
                sc.misses.append((it, place))
        if progress:
            progress()
    return sc


# --- the command --------------------------------------------------------------------------------

def _rate(a: int, b: int) -> float:
    return a / b if b else 0.0


def run_events(folder: Path, split: str, limit: int | None, show_errors: bool, progress,
               match: str = "type") -> dict:
    gold = _split(read_lines(folder / EVENTS_FILE), split)
    refs = list(dict.fromkeys(g["article"] for g in gold))
    if limit:
        refs = refs[:limit]
        gold = [g for g in gold if g["article"] in set(refs)]
    preds = event_predictions(refs, progress=progress)
    sc = score_events(gold, preds, match)
    how = "by type and trigger" if match == "type" else "by trigger alone, any type"
    click.echo(f"events ({split}): {sc.gold} gold events in {len(refs)} articles; {sc.matched} matched "
               f"{how}; {sc.with_place} of them placed by the gold, {sc.no_place} not")
    click.echo(f"  place found    {_rate(sc.found, sc.with_place):.3f}  ({sc.found}/{sc.with_place})")
    click.echo(f"  country right  {_rate(sc.country, sc.with_place):.3f}  ({sc.country}/{sc.with_place})")
    click.echo(f"  exact place    {_rate(sc.exact, sc.with_place):.3f}  ({sc.exact}/{sc.with_place})")
    click.echo(f"  admin1 right   {_rate(sc.admin1, sc.admin1_total):.3f}  ({sc.admin1}/{sc.admin1_total}"
               f" with a gold admin1)")
    click.echo(f"  a place where the gold has none: {_rate(sc.spurious, sc.no_place):.3f} "
               f"({sc.spurious}/{sc.no_place})")
    for where, c in sorted(sc.by_found_in.items()):
        click.echo(f"  found in {where:<9} {c['total']:>4}: found {_rate(c['found'], c['total']):.3f} "
                   f"country {_rate(c['country'], c['total']):.3f} exact {_rate(c['exact'], c['total']):.3f}")
    if show_errors:
        for g, ev in sc.misses:  # gold places missed or wrong, then places where the gold has none
            loc = ev.location
            typed = g["type"] if ev.type == g["type"] else f"{g['type']}/{ev.type}"
            click.echo(f"  {g['id']} {typed} gold {g.get('found_in')} {g.get('country')} "
                       f"{g.get('place')}; got {loc.basis} {loc.name!r} {loc.country} "
                       f"{[loc.start, loc.end] if loc.start is not None else None}")
    return {"found": _rate(sc.found, sc.with_place), "country": _rate(sc.country, sc.with_place),
            "exact": _rate(sc.exact, sc.with_place), "placed_events": sc.with_place}


def run_toponyms(folder: Path, split: str, limit: int | None, show_errors: bool, progress) -> dict:
    items = _split(read_lines(folder / TOPONYMS_FILE), split)
    if limit:
        keep = set(list(dict.fromkeys(it["article"] for it in items))[:limit])
        items = [it for it in items if it["article"] in keep]
    sc = score_toponyms(items, progress=progress)
    click.echo(f"toponyms ({split}): {sc.total} clear names with a country "
               f"(of {len(items)} annotated)")
    click.echo(f"  coverage          {_rate(sc.resolved, sc.total):.3f}  ({sc.resolved}/{sc.total})")
    click.echo(f"  country accuracy  {_rate(sc.right, sc.resolved):.3f}  ({sc.right}/{sc.resolved} resolved)")
    click.echo(f"  accuracy over all {_rate(sc.right, sc.total):.3f}  ({sc.right}/{sc.total})")
    for kind, c in sorted(sc.by_kind.items()):
        click.echo(f"  {kind:<14} {c['total']:>4}: coverage {_rate(c['resolved'], c['total']):.3f} "
                   f"country {_rate(c['right'], c['resolved']):.3f}")
    if show_errors:
        for it, place in sc.misses:
            got = f"{place.name} {place.country} {place.precision}" if place else "unresolved"
            click.echo(f"  {it.get('id')} {it.get('name')!r} gold {it['country']}; got {got}")
    return {"toponym_coverage": _rate(sc.resolved, sc.total),
            "toponym_country": _rate(sc.right, sc.resolved),
            "toponym_accuracy": _rate(sc.right, sc.total), "toponyms": sc.total}


@click.command(name="places")
@click.argument("path", required=False)
@click.option("--split", type=click.Choice(["train", "dev", "test", "all"]), default="test",
              show_default=True, help="Which part of the annotated sets (test: only for final figures).")
@click.option("--part", type=click.Choice(["all", "events", "toponyms"]), default="all",
              show_default=True, help="Event places, toponyms alone, or both (each whose gold is there).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N articles of each part.")
@click.option("--errors", "show_errors", is_flag=True, help="List the items that miss.")
@click.option("--match", type=click.Choice(MATCH_MODES), default="type", show_default=True,
              help="Events: a system event matches a gold one of the same type whose trigger it "
                   "overlaps (type), or any whose trigger it overlaps (trigger).")
def command(path: str | None, split: str, part: str, limit: int | None, show_errors: bool,
            match: str) -> None:
    """Event places and toponyms against the project's place annotations (DIR: gold.jsonl,
    toponyms.jsonl; default: the package's eventwire/data/wire_places)."""
    from rich.progress import Progress

    folder = gold_dir(path)
    parts = ["events", "toponyms"] if part == "all" else [part]
    files = {"events": folder / EVENTS_FILE, "toponyms": folder / TOPONYMS_FILE}
    present = [p for p in parts if files[p].exists()]
    if not present:
        if len(parts) == 1:
            read_lines(files[parts[0]])  # raises, naming the missing file
        raise DataMissingError(
            f"{files['events']} and {files['toponyms']} do not exist: the place annotations are "
            f"not there yet (see docs/annotation-places.md), or pass the folder that holds them")
    figures: dict = {}
    for p in parts:
        if p not in present:
            click.echo(f"{p}: skipped, {files[p]} does not exist")
            continue
        with Progress(transient=True) as bar:
            task = bar.add_task(f"places {p} {split}", total=None)
            advance = lambda: bar.advance(task)  # noqa: E731
            if p == "events":
                figures.update(run_events(folder, split, limit, show_errors, advance, match))
            else:
                figures.update(run_toponyms(folder, split, limit, show_errors, advance))
    click.echo(summary_line("places", **figures))
