"""`eventwire eval temporal [FILE]`: score the date, place and status resolvers on a JSON test file.

Each item gives a sentence, its publication date, the word that triggers the event, and the
expected date (value, precision), place (accepted names, country) and status. The evaluation
builds an Event at that trigger and runs the resolvers on it, so it scores the resolvers alone,
whatever the event extractor finds. Attribution cues come from the parse ("X said that ...");
`--statements` adds the project's statement extractor, as the full pipeline does.
The default file is the project's own, eventwire/data/temporal_eval.json.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import click

from ..errors import DataMissingError, UsageError
from ..model import Event, Evidence
from . import summary_line

REQUIRED = ("id", "published", "text", "trigger", "date", "status")


@dataclass
class ItemResult:
    id: str
    batch: int | None
    date_ok: bool
    precision_ok: bool
    status_ok: bool
    place_ok: bool
    got: dict
    expected: dict


@dataclass
class Report:
    results: list[ItemResult] = field(default_factory=list)

    def _rate(self, attr: str) -> float:
        return sum(getattr(r, attr) for r in self.results) / len(self.results) if self.results else 0.0

    @property
    def date_accuracy(self) -> float:
        return self._rate("date_ok")

    @property
    def precision_accuracy(self) -> float:
        return self._rate("precision_ok")

    @property
    def status_accuracy(self) -> float:
        return self._rate("status_ok")

    @property
    def place_accuracy(self) -> float:
        return self._rate("place_ok")

    def subset(self, batch: int) -> "Report":
        return Report([r for r in self.results if r.batch == batch])

    def by_status(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {}
        for r in self.results:
            c = out.setdefault(r.expected["status"], [0, 0])
            c[0] += r.status_ok
            c[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}


def default_path() -> Path:
    return Path(str(resources.files("eventwire") / "data" / "temporal_eval.json"))


def load_items(path: str | Path | None) -> list[dict]:
    """The items of a test file; a clear error for a missing file or a malformed item."""
    p = Path(path) if path else default_path()
    if not p.exists():
        raise DataMissingError(f"{p} does not exist: pass the path of a temporal test file "
                               "(the format is that of eventwire/data/temporal_eval.json)")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{p} is not valid JSON ({exc}); fix the file") from exc
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise UsageError(f"{p} has no items: expected {{\"items\": [...]}} or a list of items")
    for n, item in enumerate(items):
        missing = [k for k in REQUIRED if k not in item]
        if missing:
            raise UsageError(f"{p}: item {item.get('id', n)} lacks {', '.join(missing)}; add them")
    return items


def make_event(doc, trigger: str, type: str = "ASSAULT", occurrence: int = 0, id: str = "e1",
               **fields) -> Event:
    """An Event at the `occurrence`-th whole-word match of `trigger` in the document, as an
    extractor would build it (used by this evaluation and by tests of the resolvers)."""
    matches = list(re.finditer(rf"(?<!\w){re.escape(trigger)}(?!\w)", doc.text))
    if len(matches) <= occurrence:
        raise UsageError(f"trigger {trigger!r} (occurrence {occurrence}) is not in the text; fix the item")
    m = matches[occurrence]
    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    sent = span.root.sent
    sent_index = next(i for i, s in enumerate(doc.sents) if s.start == sent.start)
    return Event(id=id, type=type, cameo=fields.pop("cameo", None), source=fields.pop("source", None),
                 target=fields.pop("target", None),
                 evidence=Evidence(sent_index, sent.start_char, sent.end_char, sent.text),
                 trigger=m.group(0), trigger_start=m.start(), trigger_end=m.end(), **fields)


def event_at_trigger(doc, item: dict) -> Event:
    """An Event at the item's trigger word (its first whole-word occurrence in the text)."""
    try:
        return make_event(doc, item["trigger"], item.get("type") or "ASSAULT",
                          item.get("occurrence", 0))
    except UsageError as exc:
        raise UsageError(f"item {item['id']}: {exc}") from exc


def _norm(s: str | None) -> str:
    from ..resolve.gazetteer import norm

    return norm(s or "")


def _place_ok(expected: dict | None, got) -> bool:
    if not expected:
        return got.name is None
    names = expected.get("name") or []
    names = [names] if isinstance(names, str) else names
    return (got.name is not None and _norm(got.name) in {_norm(n) for n in names}
            and (expected.get("country") or None) == (got.country or None))


def score(items: list[dict], nlp, use_statements: bool = False) -> Report:
    """Run the resolvers on every item and compare with the expected values."""
    from ..resolve.dates import date_for
    from ..resolve.places import location_for
    from ..resolve.status import status_for

    report = Report()
    for item, doc in zip(items, nlp.pipe(it["text"] for it in items)):
        ev = event_at_trigger(doc, item)
        statements = []
        if use_statements:
            from ..extractors.actors import ActorRegistry
            from ..extractors.statements import extract_statements

            registry = ActorRegistry(doc, published=item["published"])
            registry.collect()
            statements = extract_statements(doc, registry)
        ev.date = date_for(doc, ev, item["published"])
        ev.location = location_for(doc, ev)
        ev.status, ev.attributed_to = status_for(doc, ev, statements, item["published"])
        exp_date = item["date"]
        got = {"date": ev.date.value, "precision": ev.date.precision, "status": ev.status,
               "place": ev.location.name, "country": ev.location.country}
        report.results.append(ItemResult(
            id=item["id"],
            batch=item.get("batch"),
            date_ok=ev.date.value == exp_date.get("value"),
            precision_ok=ev.date.precision == exp_date.get("precision"),
            status_ok=ev.status == item["status"],
            place_ok=_place_ok(item.get("place"), ev.location),
            got=got,
            expected={"date": exp_date.get("value"), "precision": exp_date.get("precision"),
                      "status": item["status"], "place": item.get("place"), "text": item["text"],
                      "trigger": item["trigger"]}))
    return report


@click.command(name="temporal")
@click.argument("path", required=False)
@click.option("--statements", "use_statements", is_flag=True,
              help="Take attribution cues from the statement extractor as well as the parse.")
@click.option("--errors", "show_errors", is_flag=True, help="List the items that miss.")
@click.option("--model", default=None, help="spaCy model name or path.")
def command(path: str | None, use_statements: bool, show_errors: bool, model: str | None) -> None:
    """Score dates, places and statuses on a temporal test file (default: the built-in one).

    For each item an Event is built at its trigger word and the date, place and status
    resolvers run on it, so the scores measure the resolvers whatever the event extractor
    finds. Ends with `temporal: date_accuracy=.. status_accuracy=.. place_accuracy=..`.
    """
    from .. import nlp as nlp_mod

    items = load_items(path)
    report = score(items, nlp_mod.load(model), use_statements=use_statements)
    n = len(report.results)
    click.echo(f"items: {n}")
    click.echo(f"date value accuracy:  {report.date_accuracy:.3f}")
    click.echo(f"precision accuracy:   {report.precision_accuracy:.3f}")
    click.echo(f"status accuracy:      {report.status_accuracy:.3f}")
    click.echo(f"place accuracy:       {report.place_accuracy:.3f}")
    batches = sorted({r.batch for r in report.results if r.batch is not None})
    if len(batches) > 1:
        for b in batches:
            sub = report.subset(b)
            click.echo(f"  batch {b} ({len(sub.results)} items): date {sub.date_accuracy:.3f}  "
                       f"precision {sub.precision_accuracy:.3f}  status {sub.status_accuracy:.3f}  "
                       f"place {sub.place_accuracy:.3f}")
    for status, (ok, total) in report.by_status().items():
        click.echo(f"  status {status:<12} {ok}/{total}")
    if show_errors:
        for r in report.results:
            if not (r.date_ok and r.precision_ok and r.status_ok and r.place_ok):
                click.echo(f"{r.id} [{r.expected['trigger']}] {r.expected['text']}")
                click.echo(f"    expected {r.expected['date']} {r.expected['precision']} "
                           f"{r.expected['status']} {r.expected['place']}")
                click.echo(f"    got      {r.got['date']} {r.got['precision']} {r.got['status']} "
                           f"{r.got['place']} {r.got['country']}")
    click.echo(summary_line("temporal", date_accuracy=report.date_accuracy,
                            status_accuracy=report.status_accuracy,
                            place_accuracy=report.place_accuracy,
                            precision_accuracy=report.precision_accuracy, items=n))
