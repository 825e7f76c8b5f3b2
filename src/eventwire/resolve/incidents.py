"""Incidents: whether two stored event records report the same real-world event.

Pure functions over `Report`s, the compact features of one event record (its type, actors,
date window, place, matter and the words of its evidence sentence), built from an article's
Result when it is stored. `related(a, b)` is a deterministic, symmetric relation; an incident is
a connected component of it over the whole store, and its id is a function of the component
(a hash of its smallest member key), so the partition does not depend on the order in which
articles arrive. Linking in the store (eventwire.store.incidents) only has to find every
related pair: `blocks(report)` are keys that any two related records of different articles
share, and their date windows overlap, so indexed lookups by key and window find all of them.

The rule, conservatively (docs/incidents.md gives it in full, with examples):
- types must be equal, or near (one class: ASSAULT/COERCE, ACCUSE/PROTEST, AGREE/COOPERATE/
  CONCEDE), and near types need both actors, or the speaker and the matter;
- what did not happen (negated) or may not (hypothetical) joins only its own kind; a planned
  event (expected) joins the report that it happened only when both state their dates;
- actors are compared by knowledge-base id first, then by name (a person by surname; other first
  names are a conflict), then by country and sector (a weak match); two known, different actors
  in one role are never one incident (unless the very same passage is printed twice);
- date windows must overlap: a stated date covers its span (longer than a month is too vague to
  link across articles); an undated report covers the month before publication, most likely its
  last two days (two undated reports: published a day apart at most);
- places must not differ (another country, another town);
- across articles: both actors; the source with the same matter (or, for a material act, the
  same town or the same day unplaced); the target likewise; or the words: similar sentences,
  the same act and trigger in articles of one story, near duplicates, one passage printed twice;
- within one article (the lead and a later sentence), a matching speaker and the same target or
  matter suffice.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from ..model import Actor, Event, Result

# --- types --------------------------------------------------------------------------------------

# Types that reports of one act are given by different wordings ("fired on" / "cracked down on",
# "condemned" / "protested", "signed" / "agreed"); every other type is its own class.
TYPE_CLASS = {"ASSAULT": "violence", "COERCE": "violence",
              "ACCUSE": "dissent", "PROTEST": "dissent",
              "AGREE": "accord", "COOPERATE": "accord", "CONCEDE": "accord"}
# acts that happen at a place and a time, which a day and a place can identify
MATERIAL = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "AID", "SANCTION", "RETREAT", "CONSULT",
            "COOPERATE"}
# "A met B" and "B met A" are one meeting
SYMMETRIC = {"CONSULT", "COOPERATE"}

OCCURRED = {"asserted", "attributed", "alleged", "denied"}


def type_class(etype: str) -> str:
    return TYPE_CLASS.get(etype, etype)


def status_group(status: str | None) -> str:
    if status in OCCURRED or not status:
        return "occurred"
    return status  # expected, hypothetical, negated


# --- dates --------------------------------------------------------------------------------------

MAX_SPAN_DAYS = 31      # a window longer than a month (a year, a long range) is too vague to link
PRINT_DAYS = 2          # reports published this close may link by their words alone
NEAR_BEFORE = 1         # an undated report is most likely of its publication day or the day before
FALLBACK_BEFORE = 30    # ... and may be of any day of the month before (weaker)
EXPECTED_AFTER = 14     # an undated planned event: from publication to two weeks after


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def window(date_value: str | None, fallback: bool, published: str | None,
           status: str | None) -> tuple[str | None, str | None]:
    """The days a report's event may have happened on (ISO, inclusive), or (None, None)."""
    from ..store.rows import date_span

    if date_value and not fallback:
        lo, hi = date_span(date_value)
        if lo and hi:
            return lo, hi
    pub = _day(published)
    if pub is None:
        return None, None
    if status == "expected":
        return pub.isoformat(), (pub + timedelta(days=EXPECTED_AFTER)).isoformat()
    return (pub - timedelta(days=FALLBACK_BEFORE)).isoformat(), pub.isoformat()


def days_apart(a: str | None, b: str | None) -> int | None:
    x, y = _day(a), _day(b)
    return None if x is None or y is None else abs((x - y).days)


def span_days(lo: str | None, hi: str | None) -> int | None:
    a, b = _day(lo), _day(hi)
    return None if a is None or b is None else (b - a).days


def shift(day: str, days: int) -> str:
    """An ISO day moved by `days`."""
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


# --- names and words ------------------------------------------------------------------------------

_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov",
           "governor", "president", "vice", "prime", "minister", "secretary", "gen", "general",
           "lt", "col", "sgt", "adm", "judge", "justice", "chairman", "chairwoman", "speaker",
           "leader", "former", "sir", "dame", "lord", "lady", "king", "queen", "prince",
           "princess", "sheikh", "pope", "rev", "mayor", "attorney", "ambassador", "chief",
           "first", "democratic", "republican", "gop", "us", "u.s."}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _fold(text: str) -> str:
    t = text.translate(_QUOTES)
    if not t.isascii():
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    return t


def name_tokens(name: str) -> list[str]:
    """Lower-case words of a name, without a possessive, dots or a leading "the"."""
    t = _fold(name).replace(".", "").lower()
    toks = [w[:-2] if w.endswith("'s") else w for w in _WORD.findall(t)]
    if toks and toks[0] == "the":
        toks = toks[1:]
    return toks


def _named(name: str) -> bool:
    """Whether a mention names someone ("Senate", "Ron Johnson") rather than describes them
    ("lawmakers", "the president"): a capitalised word after an optional leading "The"."""
    words = name.split()
    if words and words[0] in ("The", "the"):
        words = words[1:]
    return any(w[:1].isupper() for w in words)


def person_key(name: str) -> tuple[str, str] | None:
    """(surname, first name or "") of a person's name, without titles and suffixes."""
    if not _named(name):
        return None
    toks = [t for t in name_tokens(name) if t not in _SUFFIXES]
    while toks and toks[0] in _TITLES:
        toks = toks[1:]
    if not toks or toks[-1].isdigit():
        return None
    surname = toks[-1]
    first = toks[0] if len(toks) > 1 and len(toks[0]) > 1 else ""
    return surname, first


try:
    from spacy.lang.en.stop_words import STOP_WORDS as _STOP
except ImportError:  # spaCy is a dependency; this keeps the module importable without it
    _STOP = frozenset()
STOP = set(_STOP) | _TITLES | {"said", "says", "say", "told", "according", "also", "would", "could", "year",
                     "years", "week", "monday", "tuesday", "wednesday", "thursday", "friday",
                     "saturday", "sunday", "today", "yesterday", "mr", "mrs", "ms", "just"}
# object words that name no particular matter ("condemned the decision", "rejected the idea")
GENERIC_OBJECTS = {"decision", "move", "idea", "plan", "comments", "comment", "remarks", "statement",
                   "claims", "claim", "allegations", "report", "reports", "issue", "issues", "effort",
                   "efforts", "thing", "things", "way", "matter", "situation", "question", "call",
                   "calls", "request", "proposal", "demand", "demands", "one", "ones", "part", "all",
                   "most", "some", "others", "any"}

INDEFINITE = ("a ", "an ", "another ", "one ", "some ", "any ", "several ", "two ", "three ", "more ")


def content_words(text: str | None) -> frozenset[str]:
    """The words of a passage that say what it is about: lower case, no stop words, plural -s off."""
    if not text:
        return frozenset()
    out = set()
    for w in _WORD.findall(_fold(text).lower()):
        if w.endswith("'s"):
            w = w[:-2]
        if "'" in w:  # a contraction: "i'm", "don't"
            continue
        if w in STOP or (len(w) < 3 and not w.isdigit()):
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return frozenset(out)


# --- reports ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActorKey:
    """What identifies an actor across articles."""

    canon: str | None = None     # knowledge-base id
    name: str | None = None      # a person's surname, or an organisation's normalised name
    first: str = ""              # a person's first name, when the mention gives it
    person: bool = False
    country: str | None = None
    sector: str | None = None

    def keys(self) -> list[str]:
        """Blocking keys: any two STRONG-ly matching actors share one of them."""
        out = []
        if self.canon:
            out.append("c:" + self.canon)
        if self.name:
            out.append("n:" + self.name)
        return out

    def to_list(self) -> list:
        return [self.canon, self.name, self.first, int(self.person), self.country, self.sector]

    @classmethod
    def from_list(cls, v: list | None) -> "ActorKey | None":
        if not v:
            return None
        return cls(v[0], v[1], v[2] or "", bool(v[3]), v[4], v[5])


def actor_key(actor: "Actor | None") -> ActorKey | None:
    if actor is None:
        return None
    name = actor.name or ""
    person = actor.kind == "person"
    first, key = "", None
    if person:
        pk = person_key(name)
        if pk:
            key, first = pk
    elif _named(name):
        toks = name_tokens(name)
        key = " ".join(toks) or None
    canon = actor.kb_id or None
    if not (canon or key or actor.country):
        return None  # "officials", "protesters": nothing that tells one from another
    return ActorKey(canon, key, first, person, actor.country or None, actor.sector or None)


@dataclass(frozen=True)
class Report:
    """The features of one stored event record that decide which incident it belongs to."""

    article: str
    event: str
    type: str
    status: str
    source: ActorKey | None
    target: ActorKey | None
    lo: str | None                # the days the event may have happened on (inclusive)
    hi: str | None
    dated: bool                   # the article states the date (not the publication date)
    place_country: str | None
    place: str | None             # normalised place name, when finer than a country
    place_fine: bool              # the place is a city or a smaller spot
    issue: str | None
    object: frozenset[str]
    words: frozenset[str]         # content words of the evidence sentence
    sentence: int | None
    trigger: str | None = None    # the words that name the act, lower case
    nth: int = 0                  # which occurrence of the trigger in the sentence it is
    names: frozenset[str] = frozenset()  # content words of the sentence naming its actors, place
    pub: str | None = None        # the article's publication day
    story: frozenset[str] = frozenset()  # content words of the article's title and opening

    @property
    def uid(self) -> str:
        return f"{self.article}/{self.event}"

    @property
    def linkable(self) -> bool:
        """Whether other articles' reports can join it: a window of at most a month."""
        n = span_days(self.lo, self.hi)
        return n is not None and 0 <= n <= MAX_SPAN_DAYS

    @property
    def text(self) -> frozenset[str]:
        """Every content word of its evidence sentence but the trigger's, actor names included."""
        return self.words | self.names

    @property
    def day(self) -> bool:
        return self.dated and self.lo is not None and self.lo == self.hi

    def to_json(self) -> str:
        return json.dumps([self.type, self.status, self.source.to_list() if self.source else None,
                           self.target.to_list() if self.target else None, self.lo, self.hi,
                           int(self.dated), self.place_country, self.place, int(self.place_fine),
                           self.issue, sorted(self.object), sorted(self.words), self.sentence,
                           self.trigger, self.nth, sorted(self.names), self.pub,
                           sorted(self.story)],
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, article: str, event: str, text: str) -> "Report":
        v = json.loads(text)
        v += [None] * (19 - len(v))  # features stored by an older eventwire lack the last ones
        return cls(article, event, v[0], v[1], ActorKey.from_list(v[2]), ActorKey.from_list(v[3]),
                   v[4], v[5], bool(v[6]), v[7], v[8], bool(v[9]), v[10], frozenset(v[11]),
                   frozenset(v[12]), v[13], v[14], v[15] or 0, frozenset(v[16] or ()), v[17],
                   frozenset(v[18] or ()))


def _place_name(name: str | None) -> str | None:
    if not name:
        return None
    return " ".join(name_tokens(name)) or None


LEAD_CHARS = 300            # the story of an article: its title and the opening of its text


def story_words(title: str | None, text: str | None) -> frozenset[str]:
    """What an article's story is about: the content words of its title and opening."""
    return content_words(f"{title or ''} {(text or '')[:LEAD_CHARS]}")


def reports(result: "Result") -> list[Report]:
    """The reports of every event of one article's result."""
    art = result.article
    actors = {a.id: a for a in result.actors}
    story = story_words(art.title, art.text)
    out = []
    for e in result.events:
        out.append(report(art.hash, art.published, e, actors.get(e.source) if e.source else None,
                          actors.get(e.target) if e.target else None, story))
    return out


def report(article: str, published: str | None, e: "Event", source: "Actor | None",
           target: "Actor | None", story: frozenset[str] = frozenset()) -> Report:
    from ..store.rows import date_span

    lo, hi = window(e.date.value, e.date.fallback, published, e.status)
    # the article states the date (a value that names days: not "PAST_REF", not the fallback)
    dated = not e.date.fallback and date_span(e.date.value)[0] is not None
    loc = e.location
    place = _place_name(loc.name) if loc.precision != "country" else None
    if place and loc.country and loc.precision is None and place == _place_name(loc.country):
        place = None
    # "the amendment" points back at one thing; "an amendment" may be any of several
    obj = frozenset()
    if e.object and not e.object.text.lower().startswith(INDEFINITE):
        obj = content_words(e.object.text) - GENERIC_OBJECTS
    issue = " ".join(name_tokens(e.issue)) if e.issue else None
    # the words that say what the sentence is about, less those that name the actors and the act
    ev_text = e.evidence.text if e.evidence else ""
    every = content_words(ev_text) - content_words(e.trigger)
    # the words that name who and where: two passages that differ in these report two acts
    names = every & content_words(" ".join(x for x in (source.name if source else None,
                                                        target.name if target else None,
                                                        loc.name) if x))
    trigger = " ".join(_fold(e.trigger).lower().split()) or None if e.trigger else None
    nth = 0
    if trigger and e.evidence and e.trigger_start is not None:
        before = ev_text[:max(0, e.trigger_start - e.evidence.start)]
        nth = " ".join(_fold(before).lower().split()).count(trigger)
    return Report(article, e.id, e.type, e.status or "asserted", actor_key(source),
                  actor_key(target), lo, hi, dated, loc.country or None, place,
                  place is not None and loc.precision in (None, "city"), issue or None, obj,
                  every - names, e.evidence.sentence if e.evidence else None, trigger, nth, names,
                  _day(published).isoformat() if _day(published) else None, story)


def report_from_record(article: str, published: str | None, event: dict,
                       actors: dict[str, dict], story: frozenset[str] = frozenset()) -> Report:
    """The same Report from stored eventwire/1 objects (an event and the article's actors by id)."""
    from ..model import Actor, DateValue, Event, Evidence, Location, TextSpan

    def actor(aid: str | None) -> "Actor | None":
        d = actors.get(aid) if aid else None
        if d is None:
            return None
        return Actor(d["id"], d.get("name") or "", d.get("kind") or "other", d.get("country"),
                     d.get("sector"), d.get("role"), kb_id=d.get("canonical"))

    dt, loc, ev, obj = (event.get("date") or {}), (event.get("location") or {}), \
        event.get("evidence"), event.get("object")
    e = Event(event["id"], event["type"], event.get("cameo"), event.get("source"),
              event.get("target"),
              Evidence(ev.get("sentence"), ev.get("start"), ev.get("end"), ev.get("text") or "")
              if ev else None,
              status=event.get("status") or "asserted", issue=event.get("issue"),
              date=DateValue(dt.get("value"), dt.get("text"), dt.get("precision"),
                             bool(dt.get("fallback"))),
              location=Location(loc.get("name"), loc.get("country"), precision=loc.get("precision")),
              object=TextSpan(obj.get("text") or "", obj.get("start"), obj.get("end")) if obj else None,
              trigger=event.get("trigger"), trigger_start=event.get("trigger_start"))
    return report(article, published, e, actor(e.source), actor(e.target), story)


def blocks(r: Report) -> list[tuple[str, str, str]]:
    """(key, first day, last day): keys that every report of another article related to `r`
    shares with it, with windows that overlap: its type class with each actor's identifiers and,
    for material acts, with its place (over the event's window); its trigger, and the first words
    of its sentence in a fixed order (prefix filtering: two sentences that share SIMILAR of their
    words share one of these), over the days around its publication."""
    keys: set[tuple[str, str, str]] = set()
    cls = type_class(r.type)
    if r.linkable:
        for a in (r.source, r.target):
            if a is not None:
                keys.update((f"{cls}|{k}", r.lo, r.hi) for k in a.keys())
        if r.place and r.type in MATERIAL:
            keys.add((f"{cls}|p:{r.place_country or ''}:{r.place}", r.lo, r.hi))
    if r.pub and r.lo is not None:
        lo = shift(r.pub, -PRINT_DAYS)
        if r.trigger:
            keys.add((f"{cls}|t:{r.trigger}", lo, r.pub))
        keys.update((f"{r.type}|w:{w}", lo, r.pub) for w in prefix(r.text, SIMILAR))
    return sorted(keys)


def key_span(key: str) -> int:
    """The longest window that a report stored under `key` can have (bounds the lookup)."""
    return PRINT_DAYS if ("|t:" in key or "|w:" in key) else MAX_SPAN_DAYS


def _rank(word: str) -> bytes:
    return hashlib.md5(word.encode("utf-8")).digest()


def prefix(words: frozenset[str], threshold: float) -> list[str]:
    """The first words of `words` in one fixed order (by hash), as many as any set with a Jaccard
    similarity of at least `threshold` to it must share one of: |w| - ceil(threshold |w|) + 1."""
    if not words:
        return []
    ordered = sorted(words, key=_rank)
    keep = len(ordered) - math.ceil(threshold * len(ordered)) + 1
    return ordered[:max(1, keep)]


# --- the relation ---------------------------------------------------------------------------------

STRONG, WEAK, UNKNOWN, OTHER, CONFLICT = "strong", "weak", "unknown", "other", "conflict"


def _country_of_canon(canon: str) -> str | None:
    """"RUS" and "RUSGOV" are (the state of) Russia: the country of a country-level id."""
    if canon.isupper() and (len(canon) == 3 or (len(canon) == 6 and canon.endswith("GOV"))):
        return canon[:3]
    return None


def compare_actors(x: ActorKey | None, y: ActorKey | None) -> str:
    """STRONG (the same actor), WEAK (may be: a state and its government, one country's army),
    UNKNOWN (one report does not say), OTHER (two actors that nothing ties or tells apart) or
    CONFLICT (two known, different actors)."""
    if x is None or y is None:
        return UNKNOWN
    if x.canon and y.canon:
        if x.canon == y.canon:
            return STRONG
        cx, cy = _country_of_canon(x.canon), _country_of_canon(y.canon)
        if (cx and cx == y.country) or (cy and cy == x.country):
            return WEAK  # "Russia" and "the Kremlin" / "Putin"
        return CONFLICT
    if x.name and y.name and x.name == y.name and x.person == y.person:
        if x.person and x.first and y.first and x.first != y.first:
            return CONFLICT  # Bill Clinton and Hillary Clinton
        if x.country and y.country and x.country != y.country:
            return CONFLICT
        return STRONG
    if x.country and y.country and x.country != y.country:
        return CONFLICT
    if x.person and y.person and x.name and y.name and x.name != y.name:
        return CONFLICT  # two named people
    if x.country and x.country == y.country:
        if x.sector and y.sector and x.sector != y.sector:
            return OTHER  # one country's government and its army: not the same, not different
        return WEAK
    return OTHER


def compare_dates(a: Report, b: Report) -> str | None:
    """"exact" (both state the same day), "stated" (both state overlapping spans), "weak" (a
    report without a date of its own, of about the other's days), "loose" (a stated day some
    weeks before an undated report), "unknown" (a window is missing) or None (they cannot be one).

    Two undated reports are of one day only if published a day apart at most; an undated report
    of a stated day is most likely published that day or the next, but may come weeks later."""
    if a.lo is None or b.lo is None:
        return "unknown"
    if a.lo > b.hi or b.lo > a.hi:
        return None
    if a.dated and b.dated:
        return "exact" if a.day and b.day else "stated"
    if not a.dated and not b.dated:
        n = days_apart(a.pub, b.pub)
        return "weak" if n is not None and n <= NEAR_BEFORE else None
    stated, undated = (a, b) if a.dated else (b, a)
    near_lo = undated.lo if undated.status == "expected" else shift(undated.hi, -NEAR_BEFORE)
    return "weak" if stated.hi >= near_lo else "loose"


def compare_places(a: Report, b: Report) -> str | None:
    """"same" (the same named place), "unknown" or None (different countries or places)."""
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return None
    if a.place and b.place:
        if a.place == b.place:
            return "same"
        if a.place_fine and b.place_fine:
            return None
    return "unknown"


OVERLAP_MIN_WORDS = 5       # evidence sentences share at least this many content words ...
OVERLAP_MIN_SHARE = 0.5     # ... and this share of the shorter one's
NEAR_DUP_MIN_WORDS = 4      # near duplicates: the same trigger, and at least this many words ...
NEAR_DUP_SHARE = 0.8        # ... and this share of the shorter sentence's in common
VERBATIM_MIN_WORDS = 4      # a passage printed twice: all of the shorter one's words, this many


SIMILAR = 0.3               # sentences this similar (Jaccard of content words) report one act


def printed_close(a: Report, b: Report) -> bool:
    """Published within PRINT_DAYS of each other, in two articles or two sentences of one."""
    n = days_apart(a.pub, b.pub)
    return n is not None and n <= PRINT_DAYS and not (a.article == b.article and a.sentence == b.sentence)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def both_placed_or_not(a: Report, b: Report) -> bool:
    """For violence by a state, an army or a group (which strikes many places in a day): both
    reports name a place finer than a country, or neither does. Words alone must not tie a report
    placed nowhere to one placed somewhere, or it would join the strikes on two towns into one
    incident through a third report. (A lone gunman's attack is one place that some outlets name.)"""
    if type_class(a.type) != "violence" or (a.place is None) == (b.place is None):
        return True
    return not any(x is not None and not x.person for x in (a.source, b.source))


def _two_acts(a: Report, b: Report) -> bool:
    """Each sentence holds the other's trigger as well: one passage with two acts in it, of which
    the two reports picked different ones ("agreed to meet": the agreeing, the meeting)."""
    if not (a.trigger and b.trigger) or a.trigger == b.trigger:
        return False
    return content_words(a.trigger) <= b.text and content_words(b.trigger) <= a.text


def similar(a: Report, b: Report) -> bool:
    """Two outlets' sentences about one act: the same type, published days apart at most, and
    content words (actor names included) shared at a Jaccard similarity of SIMILAR or more; not
    two acts of one passage, and not a placed report with one placed nowhere (which would join
    two towns' strikes through a third report of neither)."""
    return (a.type == b.type and a.article != b.article and printed_close(a, b)
            and both_placed_or_not(a, b) and jaccard(a.text, b.text) >= SIMILAR
            and not _two_acts(a, b))


STORY = 0.1                 # articles whose titles and openings share this much tell one story


def same_story_act(a: Report, b: Report) -> bool:
    """The same act in two outlets' articles about one story: the same type and trigger,
    published days apart at most, in articles whose titles and openings overlap (Jaccard of
    STORY or more). The actors must not tell them apart (checked by the caller: no conflict,
    and no two different named actors)."""
    return (a.type == b.type and a.trigger is not None and a.trigger == b.trigger
            and a.article != b.article and printed_close(a, b) and both_placed_or_not(a, b)
            and jaccard(a.story, b.story) >= STORY and jaccard(a.text, b.text) >= STORY)


def verbatim(a: Report, b: Report) -> bool:
    """One passage that two outlets print (a quoted statement, a wire sentence), the same
    occurrence of the same trigger in it: most content words of the shorter sentence, and every
    word of it that names an actor, are in the longer. The actors found in it may still differ
    (one outlet's context resolves "he" to someone else): the words, not their resolution, say
    it is one report; a name that the other sentence lacks ("France rejected ..." against
    "Germany rejected ...") says it is another."""
    if not (a.trigger and a.trigger == b.trigger and a.nth == b.nth and printed_close(a, b)):
        return False
    (short, names), (long_, _) = sorted(((a.text, a.names), (b.text, b.names)),
                                        key=lambda x: (len(x[0]), sorted(x[0])))
    return (len(short) >= VERBATIM_MIN_WORDS and names <= long_
            and len(short & long_) >= NEAR_DUP_SHARE * len(short))


def near_duplicates(a: Report, b: Report) -> bool:
    """Two reports of one act in (nearly) the same words: a wire story or a statement that two
    outlets print, one sentence with the same trigger (not one sentence read twice)."""
    if not (a.trigger and a.trigger == b.trigger and printed_close(a, b)
            and both_placed_or_not(a, b)):
        return False
    shared = len(a.words & b.words)
    shorter = min(len(a.words), len(b.words))
    return shared >= NEAR_DUP_MIN_WORDS and shared >= NEAR_DUP_SHARE * shorter


def compare_matter(a: Report, b: Report) -> str:
    """"same" (the same issue or object), "words" (the evidence sentences share most of their
    words), "different" (two different issues) or "unknown"."""
    if a.issue and b.issue:
        return "same" if a.issue == b.issue else "different"
    if a.object & b.object:
        return "same"
    if a.article == b.article:
        return "unknown"  # sentences of one story share its words whatever they report
    shared = len(a.words & b.words)
    shorter = min(len(a.words), len(b.words))
    if shared >= OVERLAP_MIN_WORDS and shorter and shared / shorter >= OVERLAP_MIN_SHARE:
        return "words"
    return "unknown"


def _statuses_fit(a: Report, b: Report, dates: str) -> bool:
    ga, gb = status_group(a.status), status_group(b.status)
    if ga == gb:
        return True
    # a planned event and the report that it happened: only when both give their own dates
    return {ga, gb} == {"occurred", "expected"} and dates in ("exact", "stated")


_RANK = {STRONG: 0, WEAK: 1, UNKNOWN: 2, OTHER: 3, CONFLICT: 4}


def _roles(a: Report, b: Report) -> tuple[str, str]:
    """How the sources and the targets compare; for a meeting, also with the roles crossed (the
    better match counts as the source's, so that the answer does not depend on the order)."""
    src, tgt = compare_actors(a.source, b.source), compare_actors(a.target, b.target)
    if a.type in SYMMETRIC and b.type in SYMMETRIC and CONFLICT in (src, tgt):
        crossed = sorted((compare_actors(a.source, b.target), compare_actors(a.target, b.source)),
                         key=_RANK.__getitem__)
        if CONFLICT not in crossed and crossed[0] in (STRONG, WEAK):  # a match, not a dodge
            return crossed[0], crossed[1]
    return src, tgt


def one_story_day(a: Report, b: Report, src: str, tgt: str, dates: str) -> bool:
    """The same actor's act of the same type, in two outlets' articles of one story published days
    apart at most, on the same stated day (articles whose openings share STORY of their words),
    or about that day, undated (openings that share twice that): one incident, whatever else it
    did that day, unless the other party or the object is something else that both name ("Trump
    filed a lawsuit on Monday" and "Trump on Monday filed suit"; not "Clinton criticized the tax
    plan" and "Bill Clinton criticized the trade deal")."""
    if not (src == STRONG and tgt != OTHER and a.type == b.type and printed_close(a, b)
            and both_placed_or_not(a, b)):
        return False
    if a.object and b.object and not a.object & b.object:
        return False
    story = jaccard(a.story, b.story)
    return (dates == "exact" and story >= STORY) or (dates == "weak" and story >= 2 * STORY)


def related(a: Report, b: Report) -> bool:
    """Whether two event records report the same real-world event (symmetric, deterministic)."""
    if a.article == b.article and a.event == b.event:
        return True
    if type_class(a.type) != type_class(b.type):
        return False
    near = a.type != b.type
    same_article = a.article == b.article
    if not same_article and not (a.linkable and b.linkable):
        return False
    dates = compare_dates(a, b)
    if dates is None or (dates == "unknown" and not same_article):
        return False
    if not _statuses_fit(a, b, dates):
        return False
    places = compare_places(a, b)
    if places is None:
        return False
    if verbatim(a, b):
        return True
    src, tgt = _roles(a, b)
    if CONFLICT in (src, tgt):
        return False
    matter = compare_matter(a, b)
    if matter == "different":
        # two issues, unless one speaker's same act (its trigger) in two outlets' reports of one
        # story: the issue is read from each outlet's wording ("end military assistance",
        # "withdraw support"), the act is not
        return src == STRONG and tgt != OTHER and same_story_act(a, b)
    if near_duplicates(a, b) or similar(a, b):
        return True
    if OTHER not in (src, tgt) and same_story_act(a, b):
        return True
    if matter == "words":
        matter = "same"
    if dates == "loose":  # a stated day weeks before an undated report: only by the same matter
        if matter != "same":
            return False
        dates = "weak"
    group = status_group(a.status)
    if group in ("negated", "hypothetical") or near:
        # what did not happen, or a type that only may be the same: both actors, or the
        # speaker and the matter, and a date of its own
        return (src == STRONG and tgt == STRONG) or (
            src == STRONG and matter == "same" and (same_article or dates in ("exact", "stated")))
    if same_article:
        # the lead and a later sentence of one story: one occasion unless something differs
        if src in (STRONG, WEAK):
            return tgt == STRONG or matter == "same"
        return tgt == STRONG and matter == "same"
    material = a.type in MATERIAL and b.type in MATERIAL
    if src == STRONG and tgt == STRONG:
        return True
    # A place and a day: both reports put the act in one town on a stated day, or neither places
    # it anywhere and both state the same day (a report without a place must not join strikes on
    # two towns into one); and the other party is not someone else that both name.
    placed = places == "same" and dates in ("exact", "stated")
    unplaced_day = dates == "exact" and not (a.place or a.place_country or b.place or b.place_country)
    if one_story_day(a, b, src, tgt, dates):
        return True
    if src == STRONG:
        if matter == "same":
            return True
        # a verbal act needs its matter: one speaker says many things on one day
        return material and (placed or unplaced_day) and tgt != OTHER
    if tgt == STRONG:
        if matter == "same":
            return True
        return material and (placed or unplaced_day) and src != OTHER
    if material and places == "same" and dates == "exact" and a.place_fine and b.place_fine:
        # an attack in one town on one day, whoever the reports say did it
        return src == WEAK or tgt == WEAK or matter == "same"
    return False


# --- components -----------------------------------------------------------------------------------

def incident_id(members: Iterable[str]) -> str:
    """The id of the incident whose event records have these keys (`article/event`): a hash of
    the smallest, so that it does not depend on which report came first."""
    first = min(members)
    return hashlib.sha256(first.encode("utf-8")).hexdigest()[:16]


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        self.add(x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, x: str, y: str) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return out


def joined(reps: list[Report]) -> UnionFind:
    """The reports of `reps`, each pair that `related` holds for joined (all pairs)."""
    uf = UnionFind()
    for r in reps:
        uf.add(r.uid)
    for i, a in enumerate(reps):
        for b in reps[i + 1:]:
            if related(a, b):
                uf.union(a.uid, b.uid)
    return uf


def partition(reps: list[Report]) -> dict[str, str]:
    """Every report's incident id when `reps` are all the reports there are (all pairs: for
    tests and small sets; the store links incrementally through blocks)."""
    uf = joined(reps)
    out = {}
    for members in uf.groups().values():
        iid = incident_id(members)
        for m in members:
            out[m] = iid
    return out
