"""Reading a noun phrase against the knowledge base: who it names, of which country, in what role.

`read_phrase` looks at the tokens of one noun phrase (already parsed by spaCy) and finds, by
longest match of normalised token windows, the KB entries (people, organisations, countries,
capitals, seats, demonyms), the titles ("Foreign Minister") and the role nouns ("troops") in it.
It decides nothing about the rest of the article: the ActorRegistry does that.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .base import Hit, KBEntry, KnowledgeBase, normalise

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "some", "any", "its", "their",
               "his", "her", "our", "your", "my", "both", "all", "several", "many", "few", "two",
               "three", "four", "five", "senior", "top", "former", "new", "other", "another"}
# Prepositions after which a place name is a place, not an actor ("talks in Moscow").
LOCATIVE = {"in", "at", "from", "into", "near", "across", "throughout", "inside", "within",
            "outside", "around", "over", "through", "toward", "towards", "via", "across", "to",
            "onto", "beyond", "along", "off"}
# Dependencies under which a phrase acts (is a participant): subject, object, possessor, agent.
ACTING_DEPS = {"nsubj", "nsubjpass", "csubj", "poss", "agent", "dobj", "dative", "iobj", "appos",
               "attr", "ROOT", "oprd"}
CORE_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "iobj", "agent"}
ACTING_PREPS = {"by", "with", "against", "between", "among", "on", "for", "of", "and"}


@dataclass
class Match:
    start: int                 # token index in the Doc
    end: int
    kind: str                  # entry, title, sector
    hits: list[Hit] = field(default_factory=list)
    title: str | None = None
    sector: str | None = None
    noun: str | None = None


@dataclass
class Reading:
    """What one noun phrase says about its referent."""

    person: KBEntry | None = None         # a KB person named in the phrase
    name_span: Span | None = None         # a PERSON entity the KB does not know
    org: KBEntry | None = None            # a KB organisation
    country: str | None = None            # ISO3 from a name, demonym, capital, seat or possessor
    country_how: str | None = None        # name, demonym, people, capital, seat
    country_head: bool = False            # the country word is the head of the phrase
    country_poss: bool = False            # the country is a possessor ("Russia's")
    title: str | None = None              # canonical title ("foreign minister")
    sector: str | None = None             # from a role noun
    noun: str | None = None               # that role noun as the KB writes it
    noun_head: bool = False               # the role noun is the head of the phrase
    noun_at: int | None = None            # token index where the role noun starts
    acting: bool = True                   # the phrase is a participant, not a place
    definite: bool = False                # starts with "the"
    person_at: tuple[int, int] | None = None  # token range of the person's name
    org_at: tuple[int, int] | None = None     # token range of the organisation's name
    org_generic: bool = False             # named by a name many countries' bodies bear
    head: int = -1                        # token index of the phrase's head
    core: bool = False                    # subject, object or "by" agent of a verb

    @property
    def empty(self) -> bool:
        return not (self.person or self.name_span or self.org or self.country or self.title
                    or self.sector)


def _runs(tokens: list[Token]) -> list[list[Token]]:
    runs: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and runs[-1][-1].i + 1 == t.i:
            runs[-1].append(t)
        elif not runs or runs[-1][-1].i != t.i:
            runs.append([t])
    return runs


def scan(tokens: list[Token], kb: KnowledgeBase, text: str | None = None) -> list[Match]:
    """Longest matches, left to right, of KB aliases, titles and role nouns in the tokens.
    `text` is doc.text (pass it: spaCy builds that string anew on every access)."""
    out: list[Match] = []
    if text is None:
        text = tokens[0].doc.text if tokens else ""
    for run in _runs(tokens):
        i, n = 0, len(run)
        while i < n:
            first = run[i]
            if first.tag_ == "POS" or normalise(first.text) not in kb.first_words:
                i += 1
                continue
            found = None
            for j in range(min(n, i + kb.max_words), i, -1):
                last = run[j - 1]
                phrase = text[first.idx: last.idx + len(last)]
                key = normalise(phrase)
                hits = kb.lookup(phrase, key)
                if hits:
                    found = Match(first.i, last.i + 1, "entry", hits=hits)
                    break
                title = kb.titles.get(key)
                if title:
                    found = Match(first.i, last.i + 1, "title", title=title)
                    break
                sec = kb.sector_nouns.get(key)
                if sec:
                    found = Match(first.i, last.i + 1, "sector", sector=sec[0], noun=sec[1])
                    break
            if found is None:
                i += 1
                continue
            out.append(found)
            i += found.end - found.start
    return out


def core_tokens(span: Span) -> tuple[list[Token], Token]:
    """The tokens that describe the referent: the head, what stands before it, an apposition
    ("the chief negotiator, Ana Pereira"), an "of" phrase after a title ("President of
    Russia"), and for an apposition, the phrase it stands beside."""
    if not span.doc.has_annotation("DEP"):  # no parser: the whole span, head last
        return list(span), span[-1]
    root = span.root
    lo = max(span.start, root.left_edge.i)
    toks = [t for t in span.doc[lo: root.i + 1]]
    for child in root.rights:
        if child.i >= span.end and child.dep_ != "appos":
            continue
        if child.dep_ == "appos":
            toks.extend(child.doc[child.left_edge.i: child.i + 1])
        elif child.dep_ == "prep" and child.lower_ in ("of", "for"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.i < span.end:
                    # the preposition too: "Democratic Republic of the Congo" is one name
                    toks.extend(child.doc[child.i: pobj.i + 1])
        elif child.dep_ in ("compound", "flat") and child.i < span.end:
            toks.append(child)
    if root.dep_ == "appos" and root.head.i < root.i:
        head = root.head
        toks.extend(head.doc[head.left_edge.i: head.i + 1])
    return toks, root


def is_acting(head: Token) -> bool:
    """Whether a phrase headed by `head` takes part in the clause (not a place or a modifier)."""
    seen = 0
    while head.dep_ == "conj" and seen < 5:
        head = head.head
        seen += 1
    if head.dep_ in ACTING_DEPS:
        return True
    if head.dep_ == "pobj":
        prep = head.head.lower_
        return prep in ACTING_PREPS and prep not in LOCATIVE
    return False


def person_entities(doc) -> dict[int, Span]:
    """Token index -> the PERSON entity holding it (doc.ents is rebuilt on every access)."""
    return {i: ent for ent in doc.ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}


def read_phrase(span: Span, kb: KnowledgeBase, date: str | None = None,
                text: str | None = None, persons: dict[int, Span] | None = None) -> Reading:
    """The Reading of a noun phrase: which KB entries, country, title and role noun it holds."""
    toks, root = core_tokens(span)
    r = Reading(definite=span[0].lower_ == "the" if len(span) else False)
    r.acting = is_acting(root)
    r.head = root.i
    r.core = root.dep_ in CORE_DEPS or (root.dep_ == "pobj" and root.head.lower_ == "by")
    if persons is None:
        persons = person_entities(span.doc)
    doc = span.doc
    for m in scan(toks, kb, text):
        covers_root = m.start <= root.i < m.end
        # "Chad" in "Chad Smith", "King" in "Peter King": not a country, not a title
        ent = persons.get(m.start)
        in_name = ent is not None and (m.kind == "entry" or m.start > ent.start)
        if in_name and m.kind != "entry":
            continue
        if m.kind == "title":
            r.title = r.title or m.title
            if covers_root:
                r.noun_head = True
            continue
        if m.kind == "sector":
            # the head noun wins over a modifier ("police officers" is COP, not "officers"),
            # except that "rebel forces" and "opposition fighters" are rebels, not an army
            # ("rebel commander", "militant leaders"); otherwise the later, nearer noun wins
            if m.sector in ("MIL", "GOV") and r.sector in ("REB", "OPP", "UAF"):
                r.noun_head = r.noun_head or covers_root
                continue
            r.sector, r.noun, r.noun_head = m.sector, m.noun, covers_root
            r.noun_at = m.start
            continue
        for hit in m.hits:
            entry = kb.get(hit.entry_id)
            if entry is None:
                continue
            if in_name and entry.kind != "person":
                break
            if entry.kind == "person":
                if hit.how == "surname" and ent is not None and (
                        ent.end - ent.start > m.end - m.start):
                    break  # "Omar" in "Omar Haddad Rahimi" is not the KB's only Omar
                if r.person is None:
                    r.person, r.person_at = entry, (m.start, m.end)
                break
            if entry.kind == "country":
                term = entry.term_at(date)
                iso3 = term.country if term and term.country else entry.id
                if r.country is None or covers_root:
                    r.country, r.country_how, r.country_head = iso3, hit.how, covers_root
                    r.country_poss = m.end < len(doc) and doc[m.end].tag_ == "POS"
                break
            if r.org is None or covers_root:
                r.org, r.org_at, r.org_generic = entry, (m.start, m.end), hit.how == "generic"
                term = entry.term_at(date)
                if term and term.country and r.country is None:
                    r.country, r.country_how = term.country, "org"
            break
    if r.person is None:
        for t in toks:
            ent = persons.get(t.i)
            if ent is not None:
                r.name_span, r.person_at = ent, (ent.start, ent.end)
                break
    return r
