"""The knowledge base in memory: entries, their terms of office, and the indexes that find them.

Every lookup is a dict lookup on a normalised string (lowercase, accents folded, dots dropped,
a leading "the" dropped), so resolving a mention costs the same whatever the size of the KB.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..errors import UsageError


class KnowledgeBaseError(UsageError):
    """A knowledge-base file cannot be read or has a bad row (the message names file and row)."""


@dataclass
class Term:
    """One spell of an entry's affiliation: country, sector and role, between two ISO dates."""

    country: str | None = None
    sector: str | None = None
    role: str | None = None      # the office: "head of state", "foreign minister", ...
    title: str | None = None     # the title words: "president", "foreign secretary", ...
    start: str | None = None     # ISO date, inclusive; None = open
    end: str | None = None       # ISO date, inclusive; None = still holds it

    def covers(self, date: str | None) -> bool:
        if not date:
            return self.end is None
        d = date[:10]
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)


@dataclass
class KBEntry:
    """A canonical actor: a person, an organisation, a country or a group."""

    id: str
    name: str
    kind: str = "organization"
    aliases: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)   # in priority order
    default: Term | None = None                       # used when no term covers the date
    source: str = "builtin"
    # names that bodies of many countries bear ("Congress", "Ministry of Defence", "Democrats"),
    # normalised: they name this entry only in an article that does not point to another country
    generic: list[str] = field(default_factory=list)

    def term_at(self, date: str | None) -> Term | None:
        """The term that applies on `date` (the first covering one), else the default, else the
        most recent term that ended before it, else the first term."""
        for t in self.terms:
            if t.covers(date):
                return t
        if self.default is not None:
            return self.default
        if not self.terms:
            return None
        if date:
            before = [t for t in self.terms if t.end and t.end < date[:10]]
            if before:
                return max(before, key=lambda t: t.end or "")
            # before every office the KB knows of: the country, without sector or role
            return Term(country=self.terms[0].country)
        return self.terms[0]


@dataclass(frozen=True)
class Hit:
    """One way a normalised phrase names an entry."""

    entry_id: str
    how: str               # name, demonym, capital, seat (a seat always means the government),
                           # generic (a name many countries' bodies bear: KBEntry.generic)
    case_sensitive: bool   # an acronym ("US", "WHO"): the text must be upper case too


_DASHES = re.compile(r"\s*[-\u2010-\u2013]\s*")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_EDGE = " \t\n,;:\"()[]"
_FIRST = re.compile(r"[ \-']")
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "xiv"}
_TITLE_WORDS = {"king", "queen", "pope", "emperor", "prince", "princess", "sheikh", "emir"}


def fold(text: str) -> str:
    """Accents off: "Élysée" -> "Elysee", "Erdoğan" -> "Erdogan"."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)  # token texts repeat: most calls are cache hits
def normalise(text: str) -> str:
    """The key every index uses: "the U.S." -> "us", "Élysée  Palace" -> "elysee palace"."""
    t = fold(text.translate(_QUOTES)).replace(".", "").replace("_", " ")
    t = _DASHES.sub("-", t)
    t = _SPACES.sub(" ", t).strip(_EDGE).lower()
    if t.startswith("the "):
        t = t[4:]
    return t


def is_acronym(text: str) -> bool:
    """ "US", "U.S.", "WHO": a short upper-case word that must match upper-case text only."""
    t = text.replace(".", "").strip()
    if t[:4].lower() == "the ":
        t = t[4:]
    return 1 < len(t) <= 5 and " " not in t and t.isupper()


def plurals(noun: str) -> list[str]:
    """Regular English plurals of the last word (troop -> troops, militia -> militias)."""
    head, _, last = noun.rpartition(" ")
    if not last or last.endswith("s") and not last.endswith("ss"):
        return []
    if last.endswith("y") and last[-2:-1] not in ("a", "e", "o", "u"):
        p = last[:-1] + "ies"
    elif last.endswith(("ss", "sh", "ch", "x")):
        p = last + "es"
    else:
        p = last + "s"
    return [f"{head} {p}".strip()]


class KnowledgeBase:
    """Entries plus the indexes: alias -> hits, (country, office) -> holders, role nouns, titles."""

    def __init__(self) -> None:
        self.entries: dict[str, KBEntry] = {}
        self.country_names: dict[str, str] = {}       # ISO3 -> canonical name
        self.demonyms: dict[str, str] = {}            # ISO3 -> first demonym ("Russian")
        self.sector_nouns: dict[str, tuple[str, str]] = {}  # noun -> (sector, noun as written)
        self.titles: dict[str, str] = {}              # phrase -> canonical title
        self.title_roles: dict[str, str] = {}         # canonical title -> office
        self._alias: dict[str, list[Hit]] = {}
        self._offices: dict[tuple[str | None, str], list[tuple[str, Term]]] = {}
        self._surnames: dict[str, list[str]] = {}
        self.max_words = 1
        self.first_words: set[str] = set()   # first word of every key: prunes phrase scans
        self.sources: list[str] = []
        self.problems: list[str] = []   # lines of loaded files that were skipped, and why

    # -- building ------------------------------------------------------------------------
    def add_alias(self, alias: str, entry_id: str, how: str = "name", first: bool = False,
                  case_sensitive: bool | None = None) -> None:
        key = normalise(alias)
        if not key:
            return
        hit = Hit(entry_id, how, is_acronym(alias) if case_sensitive is None else case_sensitive)
        hits = self._alias.setdefault(key, [])
        if hit in hits:
            return
        if first:
            hits.insert(0, hit)
        else:
            hits.append(hit)
        # spaCy splits hyphens and "'s" off: count the tokens the phrase will have in a Doc
        self.max_words = max(self.max_words,
                             key.count(" ") + 2 * key.count("-") + key.count("'") + 1)

    def add(self, entry: KBEntry, first: bool = False) -> KBEntry:
        """Add an entry, or merge its aliases and terms into the entry with the same id."""
        known = self.entries.get(entry.id)
        if known is not None:
            for a in entry.aliases:
                if a not in known.aliases:
                    known.aliases.append(a)
            known.generic.extend(g for g in entry.generic if g not in known.generic)
            known.terms.extend(entry.terms)
            known.default = known.default or entry.default
            entry = known
        else:
            self.entries[entry.id] = entry
        for name in [entry.name, *entry.aliases]:
            how = "generic" if normalise(name) in entry.generic else "name"
            self.add_alias(name, entry.id, how=how, first=first)
        if entry.kind == "person":
            parts = normalise(entry.name).split()
            while parts and parts[-1] in _NAME_SUFFIXES:
                parts.pop()
            # "Putin" finds Vladimir Putin; not "Charles" for King Charles III, nor "Dan"
            if len(parts) > 1 and len(parts[-1]) >= 4 and parts[0] not in _TITLE_WORDS:
                ids = self._surnames.setdefault(parts[-1], [])
                if entry.id not in ids:
                    ids.append(entry.id)
        for t in entry.terms:
            title = normalise(t.title) if t.title else None
            for key in {t.role, title and self.titles.get(title, title)}:
                if key:
                    holders = self._offices.setdefault((t.country, key), [])
                    if (entry.id, t) not in holders:
                        holders.append((entry.id, t))
        return entry

    def add_sector_noun(self, noun: str, sector: str, with_plurals: bool = True) -> None:
        for form in [noun, *(plurals(noun) if with_plurals else [])]:
            self.sector_nouns.setdefault(normalise(form), (sector, noun))

    def finish(self) -> None:
        """Index surnames that name exactly one person (so "Putin" finds Vladimir Putin), and
        the first words of every key."""
        for surname, ids in self._surnames.items():
            if len(ids) == 1 and surname not in self._alias:
                self.add_alias(surname, ids[0], how="surname")
        for keys in (self._alias, self.sector_nouns, self.titles):
            self.first_words.update(_FIRST.split(k, 1)[0] for k in keys)

    # -- lookups -------------------------------------------------------------------------
    def lookup(self, text: str, key: str | None = None) -> list[Hit]:
        """Hits for a phrase as written (case matters only for acronyms)."""
        key = normalise(text) if key is None else key
        hits = self._alias.get(key)
        if not hits:
            return []
        t = text.replace(".", "").strip()
        upper = (t[4:] if t[:4].lower() == "the " else t).isupper()
        return [h for h in hits if upper or not h.case_sensitive]

    def get(self, entry_id: str) -> KBEntry | None:
        return self.entries.get(entry_id)

    def sector_of(self, noun: str) -> tuple[str, str] | None:
        """(sector, canonical noun) for a role noun such as "troops" or "foreign ministry"."""
        return self.sector_nouns.get(normalise(noun))

    def title_of(self, phrase: str) -> str | None:
        """The canonical title a phrase names ("foreign secretary" -> "foreign minister")."""
        return self.titles.get(normalise(phrase))

    def holder(self, country: str | None, office: str, date: str | None) -> KBEntry | None:
        """Who held `office` (a title or a role) in `country` on `date` (today's holder if none)."""
        key = self.titles.get(normalise(office), normalise(office))
        for k in (key, self.title_roles.get(key)):
            if not k:
                continue
            # the latest appointment wins: an open-ended term may simply not have been closed
            best: tuple[str, str] | None = None
            for entry_id, term in self._offices.get((country, k), ()):
                if term.covers(date) and (best is None or (term.start or "") > best[1]):
                    best = (entry_id, term.start or "")
            if best is not None:
                return self.entries[best[0]]
        return None

    def country_name(self, iso3: str | None) -> str | None:
        return self.country_names.get(iso3) if iso3 else None

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self.entries

    def extend(self, entries: Iterable[KBEntry], first: bool = True) -> None:
        for e in entries:
            self.add(e, first=first)
        self.finish()
