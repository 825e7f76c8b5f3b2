"""The features of one event record that incidents are decided on (eventwire.resolve.incidents):
its type class, its date window, the names of its actors, the content words of its evidence
sentence and its article's story, built from an article's Result when it is stored or rebuilt
from a stored record (`Report`), and the blocking keys under which the store finds the records
that a new one may be related to (`blocks`).
"""
from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

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


# English first names and the short forms news writes for them ("Bob Mueller", "Robert Mueller");
# a short form may stand for several names ("Chris": Christopher, Christine, Christian)
_SHORT_FORMS = {
    "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert", "bill": "william",
    "billy": "william", "will": "william", "willie": "william", "jim": "james", "jimmy": "james",
    "jamie": "james", "mike": "michael", "mick": "michael", "joe": "joseph", "joey": "joseph",
    "tom": "thomas", "tommy": "thomas", "dick": "richard", "rick": "richard", "rich": "richard",
    "ricky": "richard", "ted": "edward|theodore", "ed": "edward|edwin", "eddie": "edward",
    "ned": "edward", "chuck": "charles", "charlie": "charles", "dave": "david", "davy": "david",
    "chris": "christopher|christine|christian|christina", "dan": "daniel", "danny": "daniel",
    "steve": "steven|stephen", "matt": "matthew", "pat": "patrick|patricia", "tony": "anthony",
    "andy": "andrew", "drew": "andrew", "nick": "nicholas", "ben": "benjamin", "sam": "samuel|samantha",
    "alex": "alexander|alexandra", "greg": "gregory", "jeff": "jeffrey", "jerry": "gerald|jerome",
    "larry": "lawrence", "ron": "ronald", "ronnie": "ronald", "don": "donald", "doug": "douglas",
    "ken": "kenneth", "kenny": "kenneth", "tim": "timothy", "jon": "jonathan", "johnny": "john",
    "hank": "henry", "harry": "henry|harold", "fred": "frederick",
    "frank": "francis|franklin", "gene": "eugene", "walt": "walter", "al": "albert|alan|alfred",
    "abe": "abraham", "liz": "elizabeth", "beth": "elizabeth", "betsy": "elizabeth",
    "kate": "katherine|catherine|kathleen", "kathy": "katherine|kathleen", "cathy": "catherine",
    "sue": "susan", "jenny": "jennifer", "jen": "jennifer", "debbie": "deborah", "deb": "deborah",
    "peggy": "margaret", "maggie": "margaret", "meg": "margaret",
    "vicky": "victoria", "becky": "rebecca", "mitch": "mitchell", "newt": "newton",
}


def same_first_name(a: str, b: str) -> bool:
    """Whether two first names may be one person's: equal, or a short form of the other ("bob",
    "robert"; "chris", "christopher")."""
    if a == b:
        return True
    return b in _SHORT_FORMS.get(a, "").split("|") or a in _SHORT_FORMS.get(b, "").split("|")


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


SIMILAR = 0.3               # sentences this similar (Jaccard of content words) report one act


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
