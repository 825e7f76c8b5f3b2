"""What placing more events from the article's setting would buy and cost, on the place gold.

    python scripts/place_setting_variants.py [--split dev] [--data ../shared/data]

The place guideline (docs/annotation-places.md) gives a statement a place only where the text
says where it was made, and gives the dateline or setting only to events of the article's current
news; eventwire follows it (docs/places.md). The annotators often placed statements and past events
from the article's opening all the same. This script scores `eval places`'s event part (matched
by type and trigger) with the shipped rules and with two looser readings applied after them to
the events still without a place, in an article without a dateline:
- statements: a statement of the current news takes the setting (a city, a region or a country)
  when its speaker is not known to be of another country and no party of it is;
- past events: an event that happened but is not current news takes the setting when its parties
  fit (as current events do: eventwire.resolve.place_evidence._fits);
- both.
Prints place found, country right and "a place where the gold has none" for each. Reads the
articles from ../shared/data at run time; never writes anything.
"""
from __future__ import annotations

import argparse
import sys

from eventwire.errors import EventwireError
from eventwire.eval import places as ev
from eventwire.resolve import place_evidence as pe
from eventwire.resolve.dates import parse_published
from eventwire.resolve.toponyms import article_context, nearest_mention

VARIANTS = {"shipped": (False, False), "statements": (True, False), "past events": (False, True),
            "both": (True, True)}
SHIPPED = pe.resolve_places


def _speaker_fits(event, actors: dict, country: str | None) -> bool:
    src = actors.get(event.source) if event.source else None
    return ((src is None or src.country in (None, country))
            and all(c == country for c in pe._countries(event, actors)))


def looser(statements: bool, past: bool):
    def resolve(doc, events, registry=None, article=None) -> None:
        SHIPPED(doc, events, registry, article)
        if article is None or not (statements or past):
            return
        actors_list = list(getattr(registry, "actors", []) or [])
        actors = {a.id: a for a in actors_list}
        context = article_context(doc, actors_list)
        if pe.find_dateline(doc.text, context) is not None:
            return
        published = parse_published(getattr(article, "published", None))
        captions = pe.caption_spans(doc.text)
        setting = pe._setting(doc, events, context, captions, published)
        if setting is None:
            return
        for e in events:
            if e.location.name is not None or e.status in ("expected", "hypothetical", "negated"):
                continue
            if e.trigger_start is not None and any(a <= e.trigger_start < b for a, b in captions):
                continue
            current = pe.is_current(doc, e, published)
            if not (current or past):
                continue
            if pe.is_statement(e):
                ok = statements and _speaker_fits(e, actors, setting.country)
            else:
                ok = pe._fits(e, actors, setting.country)
            if ok:
                e.location = nearest_mention(setting, context, e.trigger_start or 0)
    return resolve


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test", "all"))
    ap.add_argument("--data", help="the shared data folder (default ../shared/data)")
    args = ap.parse_args()
    try:
        gold = ev._split(ev.read_lines(ev.gold_dir() / ev.EVENTS_FILE), args.split)
        refs = list(dict.fromkeys(g["article"] for g in gold))
        for name, (statements, past) in VARIANTS.items():
            pe.resolve_places = looser(statements, past)
            sc = ev.score_events(gold, ev.event_predictions(refs, root=args.data))
            print(f"{name:<12} found {ev._rate(sc.found, sc.with_place):.3f} ({sc.found}/{sc.with_place})"
                  f"  country {ev._rate(sc.country, sc.with_place):.3f}"
                  f"  a place where the gold has none {ev._rate(sc.spurious, sc.no_place):.3f} "
                  f"({sc.spurious}/{sc.no_place})", flush=True)
    except EventwireError as exc:
        sys.exit(f"error: {exc}")
    finally:
        pe.resolve_places = SHIPPED
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
