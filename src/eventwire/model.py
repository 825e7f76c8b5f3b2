"""Typed records of the eventwire/1 output contract (see DESIGN.md) and their JSON form."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "eventwire/1"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
OLD_LABELS = {"YIELD": "CONCEDE", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
STATUSES = ("asserted", "attributed", "alleged", "denied", "expected", "hypothetical", "negated")
STATEMENT_KINDS = ("direct", "indirect", "mixed")
ACTOR_KINDS = ("person", "organization", "country", "group", "other")


def content_id(text: str, title: str | None = None) -> str:
    """Content-hash id of an article: the same title and text always give the same id."""
    h = hashlib.sha256()
    h.update((title or "").strip().encode("utf-8"))
    h.update(b"\x00")
    h.update(text.encode("utf-8"))
    return h.hexdigest()[:24]


@dataclass
class Article:
    text: str
    id: str | None = None          # the caller's id (echoed in output); defaults to the content hash
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None   # ISO date YYYY-MM-DD (or full ISO datetime)
    language: str | None = "en"
    author: str | None = None
    origin: str | None = None      # where it was read from: path[:position]
    hash: str = ""

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_id(self.text, self.title)
        if not self.id:
            self.id = self.hash

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        d = {"id": self.id, "title": self.title, "url": self.url, "source": self.source,
             "published": self.published, "language": self.language}
        if include_text:
            d["text"] = self.text
        return d


@dataclass
class Mention:
    text: str
    start: int
    end: int
    sentence: int


@dataclass
class Actor:
    id: str
    name: str
    kind: str = "other"
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    kb_id: str | None = None  # canonical id in the knowledge base, when resolved

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("kb_id")
        if self.kb_id:
            d["canonical"] = self.kb_id
        return d


@dataclass
class Statement:
    id: str
    speaker: str | None
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    kind: str
    content: str
    start: int
    end: int
    sentence: int
    stance: str | None = None  # neutral, confirming, distancing, denying, hedged

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DateValue:
    value: str | None = None
    text: str | None = None
    precision: str | None = None  # day, week, month, year, range, vague
    fallback: bool = False        # True when taken from the publication date


@dataclass
class Location:
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # city, region, country, supranational (a sea, an area across countries)
    text: str | None = None
    start: int | None = None
    end: int | None = None
    admin1: str | None = None     # first-level region (state, province, oblast) when known
    basis: str | None = None      # the evidence: clause, context, dateline, setting, actor


@dataclass
class Evidence:
    sentence: int
    start: int
    end: int
    text: str


@dataclass
class TextSpan:
    """A stretch of the article text that is not an actor (an event's non-actor patient)."""

    text: str
    start: int
    end: int


@dataclass
class Event:
    id: str
    type: str
    cameo: str | None
    source: str | None
    target: str | None
    evidence: Evidence
    mode: str | None = None
    issue: str | None = None
    status: str = "asserted"
    attributed_to: str | None = None
    responds_to: str | None = None
    date: DateValue = field(default_factory=DateValue)
    location: Location = field(default_factory=Location)
    quantities: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.5
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    negated: bool = False
    object: TextSpan | None = None  # a non-actor patient ("the bill", "power"); targets are actors
    incident: str | None = None     # shared by every stored report of the same real-world event

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Result:
    article: Article
    actors: list[Actor] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def gated(self, min_confidence: float) -> "Result":
        """The same result with only the events whose confidence is at least `min_confidence`
        (ids unchanged; a `responds_to` that pointed at a dropped event becomes None)."""
        kept = [e for e in self.events if (e.confidence or 0.0) >= min_confidence]
        ids = {e.id for e in kept}
        for e in kept:
            if e.responds_to is not None and e.responds_to not in ids:
                e.responds_to = None
        return Result(article=self.article, actors=self.actors, statements=self.statements, events=kept)

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "article": self.article.to_dict(include_text=include_text),
            "actors": [a.to_dict() for a in self.actors],
            "statements": [s.to_dict() for s in self.statements],
            "events": [e.to_dict() for e in self.events],
        }
