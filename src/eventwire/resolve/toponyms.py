"""Place names in an article, read among its other places: the article's geographic context and
the toponym step alone (resolve_toponym, which `eval places` scores on ner/worldwide)."""
from __future__ import annotations

import dataclasses

from spacy.tokens import Doc

from ..model import Location
from .datelines import Dateline, qualifier_place
from .gazetteer import BIG_CITY, DIRECTION_WORDS, GeoContext, Place, gazetteer
from .places import ADMIN_NOUNS, qualifier_after, resolve_name


def article_context(doc: Doc, actors: list | None = None,
                    dateline: Dateline | None = None) -> GeoContext:
    """The countries and first-level regions the article names: its actors' countries, its
    dateline, and each place entity read in the light of the first two (Mordecai's idea: a name is
    read among the article's other places)."""
    gz = gazetteer()
    names = [(ent.text, ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in ("GPE", "LOC")]
    ctx = GeoContext()
    # twice: the second reading of each name sees the first readings of all the others
    # ("Manchester" in an article about New Hampshire)
    for _ in range(2):
        new = GeoContext()
        for a in actors or []:
            new.add_country(a.country, a.name)
        if dateline is not None:
            for dp in dateline.places:
                new.add(dp.place, dp.text, dp.start)
        for text, at, end in names:
            place = gz.resolve(text, ctx if ctx.countries else new, at=at)
            new.add(place, text, at)
            if place is not None:
                new.mentions.append((at, end, text, place))
        ctx = new
    for a in actors or []:
        place = gz.country(gz.display.get(a.country, a.country)) if a.kind == "country" and a.country \
            else None
        if place is not None:
            ctx.country_mentions.extend((m.start, m.end, m.text, place) for m in a.mentions)
    return ctx


def nearest_mention(loc: Location, context: GeoContext, at: int) -> Location:
    """The same place as `loc`, with the words of its mention nearest before `at` (the setting
    named in the lead is often named again just before the event)."""
    best = None
    for start, end, text, place in context.mentions:
        if start < at and place.name == loc.name and place.country == loc.country and (
                best is None or start > best[0]):
            best = (start, end, text)
    if best is None or loc.start is None or best[0] <= loc.start:
        return loc
    return dataclasses.replace(loc, text=best[2], start=best[0], end=best[1])


def resolve_toponym(doc: Doc, start: int, end: int, context: GeoContext | None = None) -> Place | None:
    """The place that the words at [start, end) of the article name, read among the article's
    other places (`context`, see article_context): the toponym step alone, as `eval places` scores
    it. Beyond a plain name: "the Kursk region", "Paris, Texas" (or a qualifier after the words),
    "eastern Australia", "Algerian Sahara" (a demonym's country), and a longer name that holds a
    known one ("Zhengzhou Economic and Technological Development Area")."""
    gz = gazetteer()
    text = " ".join(doc.text[start:end].split())
    if text.lower().startswith("the "):
        text = text[4:]
    if not text:
        return None
    within = None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        sent_end = span.sent.end if doc.has_annotation("DEP") else len(doc)
        within, _ = qualifier_after(doc, span.end, sent_end)
    if "," in text:  # "Nairobi, Kenya"
        head, _, qual = text.partition(",")
        within = qualifier_place(qual.strip()) or within
        text = head.strip()
    words = text.split()
    a3 = gz.demonym(text)
    if a3:  # "Somali", "Iranian": where a demonym is all the text says, its country
        return gz.country(gz.display.get(a3, a3))
    place = gz.resolve(text, context, within=within, at=start)
    if place is not None:
        return place
    if len(words) > 1 and words[-1].lower().rstrip("s") in ADMIN_NOUNS:
        place = resolve_name(" ".join(words[:-1]), words[-1].lower().rstrip("s"), context=context,
                              at=start)
        if place is not None:
            return place
    if len(words) > 1 and words[0].lower() in DIRECTION_WORDS:  # "eastern Australia"
        place = gz.resolve(" ".join(words[1:]), context, within=within, at=start)
        if place is not None:
            return place
    a3 = gz.demonym(words[0]) or (gz.demonym(" ".join(words[:2])) if len(words) > 1 else None)
    if a3:  # "Algerian Sahara": the demonym's country
        return gz.country(gz.display.get(a3, a3))
    # a longer name that starts or ends with a known one ("Kaohsiung Railway Workshop Depot",
    # "Pozo de Quilmes"), longest part first: a country, a region or a big city, where the article is
    for size in range(len(words) - 1, 0, -1):
        for part in (" ".join(words[:size]), " ".join(words[-size:])):
            if part.lower() in DIRECTION_WORDS or not part[:1].isupper() or len(part) < 4:
                continue
            place = gz.resolve(part, context, within=within, towns=None, at=start)
            if place is None or (context is not None and not context.has_country(place.country)):
                continue
            if place.precision != "city" or place.population >= BIG_CITY:
                return place
    return None
