"""Where an event happened beyond its own clause: the same event nearby, the dateline or the
article's setting for its current news, a local body or a state acting at home (docs/places.md).
`resolve_places` applies the whole order of evidence to the events of one article."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter

from spacy.tokens import Doc, Span, Token

from ..model import Location
from .datelines import Dateline, find_dateline
from .dates import parse_published
from .gazetteer import GeoContext, gazetteer
from .places import (REPORTING_LEMMAS, is_actor_use, is_statement, located,
                     location_for, through_other_event)
from .syntax import governing_verb, is_verb, tense, trigger_token
from .toponyms import nearest_mention, article_context

STATE_SECTORS = {"GOV", "COP", "JUD", "LEG", "MIL", "SPY"}
# acts of a state inside its own borders whoever it targets, foreign states aside ("Iranian
# authorities arrested a journalist"); other types only against its own country's people
DOMESTIC_TYPES = {"COERCE"}
SAME_COUNTRY_TYPES = {"ASSAULT", "PROTEST", "MOBILIZE", "CONCEDE", "AID", "COOPERATE"}
# an event of these types with a foreign party may still be where the reporter is (a visit, talks)
MEETING_TYPES = {"CONSULT", "COOPERATE", "AGREE", "SUPPORT"}
CURRENT_BEFORE = 8   # days before publication that still count as the article's news
CURRENT_AFTER = 1
NEARBY_SENTENCES = 2
# verbs of being, not doing: "Clinton and Sanders were on opposing sides" puts no one anywhere
STATE_LEMMAS = {"be", "have", "seem", "remain", "appear", "become", "look", "stay"}
LEAD_SENTENCES = 3


# a photo caption describes the photo ("People watch a report on the launch, at a station in Seoul.
# REUTERS/..."): its places are not evidence for the story's events
_CAPTION = re.compile(r"REUTERS/|\(AP Photo|AP Photo/|Getty Images|toggle caption|/AFP|AFP via Getty"
                      r"|\bFILE ?- ?In this\b|\(Photo by |^Image (?:copyright|caption)\b|\bMedia caption\b")


def caption_spans(text: str) -> list[tuple[int, int]]:
    """The paragraphs of `text` that are photo captions or credits."""
    out, pos = [], 0
    for para in text.split("\n"):
        if _CAPTION.search(para):
            out.append((pos, pos + len(para)))
        pos += len(para) + 1
    return out


def _day_span(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a date value: a day, a week (2025-W23), a range (a/b)."""
    if not value:
        return None
    try:
        if "/" in value:
            a, _, b = value.partition("/")
            first, last = _day_span(a), _day_span(b)
            return (first[0], last[1]) if first and last else None
        if len(value) == 10:
            d = dt.date.fromisoformat(value)
            return d, d
        if len(value) == 8 and value[4:6] == "-W":
            first = dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return first, first + dt.timedelta(days=6)
    except ValueError:
        return None
    return None  # a month, a year, "recently": not the article's news of the day


def is_current(doc: Doc, event, published: dt.date | None) -> bool:
    """Whether the event is the article's current news: it happened (not expected, hypothetical
    or negated), within a week before publication, told in a tense that does not push it back
    ("had seized"). Last year's coup and next week's talks are not."""
    if event.status in ("expected", "hypothetical", "negated"):
        return False
    date = event.date
    if published is None:
        span = None
    elif date.fallback or not date.value:
        span = (published, published)
    else:
        span = _day_span(date.value)
        if span is None:
            return False
    if span is not None and (span[1] < published - dt.timedelta(days=CURRENT_BEFORE)
                             or span[0] > published + dt.timedelta(days=CURRENT_AFTER)):
        return False
    tok = trigger_token(doc, event)
    if tok is None:
        return True
    verb = governing_verb(tok)
    if not any(c.lower_ == "had" and c.dep_ in ("aux", "auxpass") for c in verb.children):
        return True
    # "the army said it had struck": the tense of reported speech, not an earlier time
    return verb.dep_ in ("ccomp", "parataxis") and verb.head.lemma_ in REPORTING_LEMMAS


def _countries(event, actors: dict) -> list[str]:
    out = []
    for aid in (event.source, event.target):
        a = actors.get(aid) if aid else None
        if a is not None and a.country:
            out.append(a.country)
    return out


def _fits(event, actors: dict, country: str | None, present: frozenset = frozenset()) -> bool:
    """Whether the event's parties allow it to have happened in `country` (the dateline's): none
    of them is foreign to it, or, for talks and visits, one of them is at home; a statement, only
    when its speaker is of that country or is among those the story puts there (`present`)."""
    known = _countries(event, actors)
    if is_statement(event):
        # a thing said takes the dateline or the setting only from a speaker at home there, or
        # one whom the story's opening puts there ("ATLANTIC CITY — Hillary Clinton descended on
        # this seaside town ...": what she said that day was said there)
        if event.source and event.source in present:
            return True
        src = actors.get(event.source) if event.source else None
        return (src is not None and src.country is not None and src.country == country
                and all(c == country for c in known))
    if not known or country is None:
        return True
    if event.type in MEETING_TYPES:
        return country in known
    # the doer must be at home; its victims, detainees or partners may be foreign ("a Korean drug
    # lord was arrested" in Ho Chi Minh City)
    src = actors.get(event.source) if event.source else None
    return src is None or src.country is None or src.country == country


def _present(doc: Doc, events, opening: Span | None, published: dt.date | None,
             actors_list: list, here: str | None) -> frozenset:
    """The actors whom the story's opening sentence puts where the reporter is (country `here`):
    the doer of what it tells ("ATLANTIC CITY — Hillary Clinton descended on this struggling
    seaside town on Wednesday"; not a state or a future: "Trump is bent on securing the
    nomination"), the doers of its current events, and both sides of its talks and visits ("ROME -
    Bernie Sanders met privately with Pope Francis on Saturday"). A party of another country is
    there only when the opening places its act there ("BRUSSELS - Rex Tillerson delivered a message
    of support to European allies in Brussels"): "SEOUL - North Korea's pledge ..." puts no North
    Korean in Seoul."""
    if opening is None:
        return frozenset()
    actors = {a.id: a for a in actors_list}

    def at_home(aid: str | None) -> bool:
        a = actors.get(aid) if aid else None
        return a is not None and a.country in (None, here)

    out = set()
    root = opening.root
    if is_verb(root) and root.lemma_ not in STATE_LEMMAS and tense(root) != "future":
        for subj in root.children:
            if subj.dep_ in ("nsubj", "nsubjpass"):
                # the subject itself, not its possessor ("North Korea's pledge")
                out.update(a.id for a in actors_list if at_home(a.id) and any(
                    m.start <= subj.idx < m.end for m in a.mentions))
    for ev in events:
        if ev.trigger_start is None or not opening.start_char <= ev.trigger_start < opening.end_char:
            continue
        if ev.status in ("expected", "hypothetical", "negated") or not is_current(doc, ev, published):
            continue
        placed_here = ev.location.basis == "clause" and ev.location.country == here
        for aid in (ev.source, ev.target) if ev.type in MEETING_TYPES else (ev.source,):
            if aid and (placed_here or at_home(aid)):
                out.add(aid)
    return frozenset(out)


def _told_directly(doc: Doc, event) -> bool:
    """Whether the event is told in its own right, not as what someone else said or showed ("Kushner
    said he asked ...", "emails showed he welcomed ...")."""
    tok = trigger_token(doc, event)
    while tok is not None and tok.head.i != tok.i:
        if tok.dep_ in ("ccomp", "parataxis"):
            return False
        tok = tok.head
    return True


def _opening(doc: Doc, at: int) -> Span | None:
    """The sentence that holds the first word at or after offset `at` (the dateline's end)."""
    for tok in doc:
        if tok.idx >= at and not tok.is_space:
            return tok.sent
    return None


def _same_event(event, tok: Token, other, other_tok: Token, gap: int) -> bool:
    """Whether an event nearby is told as the same one: the same noun ("the talks ... the talks"),
    or the same type with a party in common, or the same type in the very next sentence and no
    other party ("Explosions shook Khartoum. The army said it had struck RSF positions"); talks and
    visits are told apart by who meets whom, so for them a party in common is needed ("Trump met
    Pena Nieto. First Trump goes to Louisiana to meet the victims" are two meetings)."""
    if tok.pos_ == "NOUN" and other_tok.lemma_ == tok.lemma_:
        return True
    if other.type != event.type:
        return False
    mine = {event.source, event.target} - {None}
    theirs = {other.source, other.target} - {None}
    if mine & theirs:
        return True
    if event.type in MEETING_TYPES:
        return False
    return gap <= 1 and not (event.target and other.target and event.target != other.target)


class Sentences:
    """The document's sentences numbered once (a token's `.sent` walks its sentence each time)."""

    def __init__(self, doc: Doc) -> None:
        try:
            self.spans: list[Span] = list(doc.sents)
        except ValueError:  # no sentence boundaries: one sentence
            self.spans = [doc[:]]
        self.number = [0] * len(doc)
        for k, sent in enumerate(self.spans):
            for i in range(sent.start, sent.end):
                self.number[i] = k
        # "there" as a place word of a clause ("detained dozens there"), not "there were"
        self.theres = [t for t in doc if t.lower_ == "there" and t.dep_ == "advmod"]

    def gap(self, a: Token, b: Token) -> int:
        return abs(self.number[a.i] - self.number[b.i])

    def back(self, tok: Token, n: int) -> Span:
        """The sentence `n` before the one of `tok` (the first, when there are fewer)."""
        return self.spans[max(self.number[tok.i] - n, 0)]


def _from_nearby(doc: Doc, event, located: list, sents: Sentences) -> Location | None:
    """The place given to the same event in a sentence next to it (up to two sentences away),
    whose own clause names a place."""
    tok = trigger_token(doc, event)
    if tok is None:
        return None
    best, best_gap = None, None
    for other, other_tok in located:
        if other is event or other.location.basis != "clause":
            continue
        gap = sents.gap(tok, other_tok)
        if gap == 0 or gap > NEARBY_SENTENCES or (best_gap is not None and gap >= best_gap):
            continue
        if _same_event(event, tok, other, other_tok, gap):
            best, best_gap = other, gap
    if best is None:
        return None
    return dataclasses.replace(best.location, basis="context")


def _from_there(doc: Doc, event, context: GeoContext, captions: list[tuple[int, int]],
                sents: Sentences) -> Location | None:
    """"There" in the event's own clause (by its verb, or by that verb's object: "arrested dozens
    there") is the place named last before it, in its sentence or the two before ("moved into a
    building in Central Havana. They have been there for a week, under threat of eviction":
    Havana); the words of that name are the evidence."""
    tok = trigger_token(doc, event)
    if tok is None or not sents.theres:
        return None
    sent = sents.back(tok, 0)
    verb = governing_verb(tok)
    there = next((t for t in sents.theres if sent.start <= t.i < sent.end
                  and verb.i in (t.head.i, t.head.head.i)
                  and not through_other_event(tok, t)), None)
    if there is None:
        return None
    earliest = sents.back(tok, NEARBY_SENTENCES).start_char
    best = None
    for start, end, text, place in context.mentions:
        if not earliest <= start < there.idx or any(a <= start < b for a, b in captions):
            continue
        if best is not None and start <= best[0]:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or is_actor_use(span.root) or span.root.dep_ in ("compound", "amod"):
            continue  # "Cuban mothers", "Ankara said": not where anything is
        best = (start, end, text, place)
    if best is None:
        return None
    start, end, text, place = best
    return located(place, text, start, end, "clause" if start >= sent.start_char else "context")


def _setting(doc: Doc, events, context: GeoContext, captions: list[tuple[int, int]],
             published: dt.date | None) -> Location | None:
    """Where an article without a dateline is set. First, the place the lead's own clauses give to
    a current event that is not a statement ("A Korean drug tycoon was arrested in Ho Chi Minh City"),
    the lead being its first sentences, photo captions aside. Else the first city or region of the
    country the article names most that the lead names, in any role ("Detroit officials are
    fuming"); else that country where the lead or the next sentences name it ("Ugandan")."""
    try:
        lead: list[Span] = []
        nearby: list[Span] = []
        for sent in doc.sents:
            if any(a <= sent.start_char < b for a, b in captions):
                continue
            (lead if len(lead) < LEAD_SENTENCES else nearby).append(sent)
            if len(nearby) >= LEAD_SENTENCES:
                break
    except ValueError:
        return None
    if not lead:
        return None
    lead_end = lead[-1].end_char
    for ev in events:
        loc = ev.location
        if (loc.basis == "clause" and loc.start is not None and loc.start < lead_end
                and not any(a <= loc.start < b for a, b in captions)
                and loc.precision in ("city", "region") and not is_statement(ev)
                and is_current(doc, ev, published)):
            return dataclasses.replace(loc, basis="setting")
    if not context.countries:
        return None
    # the country the opening's places belong to most, the article's as the tie-break: a story
    # set in Manitoba stays there though a girl named Phoenix fills its later paragraphs
    named = [Counter(p.country for start, _, _, p in context.mentions
                     if start < part[-1].end_char and p.country
                     and not any(a <= start < b for a, b in captions))
             for part in (lead, nearby or lead)]
    top = max(context.countries, key=lambda c: (named[0][c], named[1][c], context.countries[c]))
    gz = gazetteer()
    country_level = None
    for k, sent in enumerate(lead + nearby):
        for ent in sent.ents:
            if ent.label_ not in ("GPE", "LOC"):
                continue
            place = gz.resolve(ent.text, context, at=ent.start_char)
            if place is None or place.country != top:
                continue
            acting = is_actor_use(ent.root)
            if k < len(lead) and place.precision in ("city", "region"):
                # "Detroit officials are fuming": the city is where the story is; "Washington
                # imposed": a capital acting is its government, not a place
                if acting and (place.lat, place.lon) == gz.capitals.get(place.country):
                    continue
                return located(place, ent.text, ent.start_char, ent.end_char, "setting")
            if country_level is None and place.precision == "country" and \
                    ent.root.dep_ not in ("nsubj", "nsubjpass", "agent", "csubj"):
                country_level = located(place, ent.text, ent.start_char, ent.end_char, "setting")
    return country_level


# bodies that sit in the place they are named after: their acts happen there ("California's Central
# District Court rejected the suit", "the Texas legislature passed", "Detroit officials cut off")
LOCAL_BODIES = {"court", "legislature", "council", "assembly", "police", "mayor", "governor",
                "sheriff", "prosecutor", "prosecutors", "judge", "officials", "authorities",
                "lawmakers", "legislators", "senate", "house", "board", "department", "residents"}
# ... and those whose sayings are acts (a ruling, a vote), unlike "Detroit officials said"
DECIDING_BODIES = {"court", "legislature", "council", "assembly", "senate", "house", "board", "judge"}


def _from_local_body(doc: Doc, event, src) -> Location | None:
    """The city or region that names the event's source when the source is a local body."""
    sent = event.evidence
    for m in src.mentions:
        if not sent.start <= m.start < sent.end:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        heads = DECIDING_BODIES if is_statement(event) else LOCAL_BODIES
        if span.root.lemma_.lower() not in heads and span.root.lower_ not in heads:
            continue
        for ent in span.ents:
            if ent.label_ not in ("GPE", "LOC") or ent.root.i == span.root.i:
                continue
            place = gazetteer().resolve(ent.text, None)
            if place is not None and place.precision in ("city", "region"):
                return located(place, ent.text, ent.start_char, ent.end_char, "actor")
    return None


def _from_actor(doc: Doc, event, actors: dict, context: GeoContext | None = None) -> Location | None:
    """A local body's act where it sits; a state's act inside its own borders: its country
    ("Iranian authorities arrested ...")."""
    src = actors.get(event.source) if event.source else None
    if src is None:
        return None
    local = _from_local_body(doc, event, src)
    if local is not None:
        return local
    if is_statement(event) or not src.country or src.sector not in STATE_SECTORS:
        return None
    tgt = actors.get(event.target) if event.target else None
    if event.type in DOMESTIC_TYPES:
        # arresting or expelling people is done at home; coercing a foreign state is not (sanctions)
        if tgt is not None and tgt.country not in (None, src.country) and tgt.kind != "person":
            return None
    elif event.type not in SAME_COUNTRY_TYPES or tgt is None or tgt.country != src.country:
        return None
    place = gazetteer().country(gazetteer().display.get(src.country, src.country))
    if place is None:
        return None
    sent = event.evidence
    mention = next((m for m in src.mentions if sent.start <= m.start < sent.end), None)
    if mention is None:
        return located(place, None, None, None, "actor")
    return located(place, mention.text, mention.start, mention.end, "actor")


def resolve_places(doc: Doc, events, registry=None, article=None) -> None:
    """Set each event's location in place, from the first evidence that applies (see
    docs/places.md): the event's own clause; "there" in it, or the same event in a sentence next
    to it; the dateline, or the lead's setting, for current events whose parties fit (a statement
    only from a speaker at home there or one the dateline's opening puts there); a local body's or
    a state's domestic act. Mentions of the event's source actor are not its place."""
    actors_list = list(getattr(registry, "actors", []) or [])
    actors = {a.id: a for a in actors_list}
    published = parse_published(getattr(article, "published", None))
    text = doc.text  # spaCy joins the tokens on every access
    context = article_context(doc, actors_list)
    dateline = find_dateline(text, context) if article is not None else None
    if dateline is not None:
        for dp in dateline.places:
            context.add(dp.place, dp.text, dp.start)
    cache: dict = {}
    spans = {a.id: [(m.start, m.end) for m in a.mentions] for a in actors_list}
    captions = caption_spans(text)
    sents = Sentences(doc)
    located_events = []
    for ev in events:
        ev.location = location_for(doc, ev, spans.get(ev.source or "", []), cache, context)
        if ev.location.name is not None:
            ev.location.basis = "clause"
            tok = trigger_token(doc, ev)
            if tok is not None and not any(a <= tok.idx < b for a, b in captions):
                located_events.append((ev, tok))
    setting = None
    present = frozenset()
    if dateline is not None and len(dateline.places) == 1:
        present = _present(doc, events, _opening(doc, dateline.end), published, actors_list,
                           dateline.places[0].place.country)
    if dateline is None and article is not None:
        setting = _setting(doc, events, context, captions, published)
    for ev in events:
        if ev.location.name is not None:
            continue
        if dateline is not None and dateline.start <= (ev.trigger_start or 0) < dateline.end:
            continue
        if ev.trigger_start is not None and any(a <= ev.trigger_start < b for a, b in captions):
            continue  # a photo's event: only what its own clause says
        loc = _from_there(doc, ev, context, captions, sents) or \
            _from_nearby(doc, ev, located_events, sents)
        current = is_current(doc, ev, published)
        if loc is None and dateline is not None and current:
            loc = _from_dateline(ev, actors, dateline,
                                 present if _told_directly(doc, ev) else frozenset())
        # a city or region of the setting is more precise than a state actor's country; a country
        # of the setting less telling than the actor's own act
        if loc is None and setting is not None and current and setting.precision != "country" \
                and _fits(ev, actors, setting.country):
            loc = nearest_mention(setting, context, ev.trigger_start or 0)
        if loc is None and ev.status not in ("hypothetical", "negated"):
            loc = _from_actor(doc, ev, actors, context)
        if loc is None and setting is not None and current and not is_statement(ev) \
                and _fits(ev, actors, setting.country):
            # a country alone says too little of where a thing was said
            loc = nearest_mention(setting, context, ev.trigger_start or 0)
        if loc is not None:
            ev.location = loc


def _from_dateline(event, actors: dict, dateline: Dateline,
                   present: frozenset = frozenset()) -> Location | None:
    """The dateline's place that the event's parties fit (the first, when several do)."""
    for dp in dateline.places:
        if _fits(event, actors, dp.place.country, present):
            if len(dateline.places) > 1 and not _countries(event, actors):
                return None  # "BEIJING/WASHINGTON": nothing says which
            return located(dp.place, dp.text, dp.start, dp.end, "dateline")
    return None
