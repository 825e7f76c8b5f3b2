"""Actor mentions in a parsed document and the registry that gives each mention an actor id.

The registry is the one place where spans become actors: the statements and events extractors
ask it for the actor behind a span (a name, a title, a pronoun, a plain noun phrase), and it
answers with one Actor per referent, resolved against the knowledge base when it can be:
"French President Emmanuel Macron", "Macron" and "he" are one actor (FRA GOV, head of state);
"the Kremlin", "Moscow" acting and "the Russian government" are one actor (RUS GOV);
"Ukrainian forces" is UKR MIL; "the foreign minister" is the one named before, or the KB's
office holder on the article's date.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from spacy.tokens import Doc, Span, Token

from ..kb import KBEntry, KnowledgeBase, load_kb, normalise
from ..kb.phrases import DETERMINERS, Reading, person_entities, read_phrase, scan
from ..model import Actor, Mention

ENTITY_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "itself", "themselves"}
FIRST_PERSON_SINGULAR = {"i", "me", "my"}
FIRST_PERSON_PLURAL = {"we", "us", "our"}
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL
# How a group actor is named when the phrase gives only a country and a sector.
SECTOR_WORDS = {
    "GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition",
    "COP": "police", "JUD": "judiciary", "LEG": "legislature", "PTY": "party", "MED": "media",
    "BUS": "business", "NGO": "NGOs", "IGO": "international organisation",
    "SPY": "intelligence services", "CVL": "civilians", "REF": "refugees", "EDU": "students",
    "LAB": "workers", "REL": "clergy", "HLH": "health workers", "AGR": "farmers",
    "UAF": "gunmen", "ELI": "elites",
}
# Role nouns that name one body ("the foreign ministry") rather than a sector at large
# ("troops", "officials"): they become an actor of their own, with the noun as its role.
INSTITUTION_WORDS = {"ministry", "court", "parliament", "congress", "senate", "council", "office",
                     "embassy", "delegation", "party", "tribunal", "assembly", "legislature",
                     "presidency", "cabinet", "agency", "service", "navy", "air force", "bank",
                     "company", "guard", "junta", "newspaper", "broadcaster", "university"}
GROUP_KINDS = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "SPY", "IGO", "MED"}
HEAD_POS = {"NOUN", "PROPN"}
MODIFIER_DEPS = {"compound", "flat", "amod", "nmod", "nummod", "npadvmod", "quantmod"}
ANAPHOR_SENTENCES = 3   # "the regime" may refer back this many sentences
OTHER_COUNTRY_MENTIONS = 2  # another country named this often unlinks a generic name


class ActorRegistry:
    """One Actor per referent in a document; spans in, actors out (see the module docstring)."""

    def __init__(self, doc: Doc, kb: KnowledgeBase | None = None, published: str | None = None):
        self.doc = doc
        self.kb = kb if kb is not None else load_kb()
        self.published = published
        self.date = published[:10] if published else None
        self.actors: list[Actor] = []
        self._by_key: dict[tuple, Actor] = {}
        self._by_span: dict[tuple[int, int], Actor] = {}
        self._titles: dict[str, set[str]] = {}   # actor id -> titles it was named by
        try:
            sents = list(doc.sents)
        except ValueError:  # a pipeline without parser or sentencizer: one sentence
            sents = [doc[:]]
        self._sent_starts = [s.start for s in sents] or [0]
        self._sent_chars = [s.start_char for s in sents] or [0]
        self._text = doc.text  # built once: spaCy joins the tokens on every access
        self._persons = person_entities(doc)
        self._countries: Counter | None = None   # what the article names of each country

    # -- helpers -------------------------------------------------------------------------
    def sentence_of(self, span: Span | Token) -> int:
        """Index of the sentence where `span` starts."""
        start = span.start if isinstance(span, Span) else span.i
        return max(bisect_right(self._sent_starts, start) - 1, 0)

    def _new_actor(self, key: tuple, name: str, kind: str, country: str | None = None,
                   sector: str | None = None, role: str | None = None,
                   kb_id: str | None = None) -> Actor:
        actor = self._by_key.get(key)
        if actor is None:
            actor = Actor(id=f"a{len(self.actors) + 1}", name=name, kind=kind, country=country,
                          sector=sector, role=role, kb_id=kb_id)
            self.actors.append(actor)
            self._by_key[key] = actor
        return actor

    def _add_mention(self, actor: Actor, span: Span) -> None:
        key = (span.start_char, span.end_char)
        if key in self._by_span or span.start_char >= span.end_char:
            return
        self._by_span[key] = actor
        actor.mentions.append(Mention(span.text, span.start_char, span.end_char,
                                      self.sentence_of(span)))
        actor.mentions.sort(key=lambda m: m.start)

    def _mentions_before(self, start_char: int):
        """(end, actor, sentence) of every mention ending before `start_char`, latest first."""
        found = [(m.end, a, m.sentence) for a in self.actors for m in a.mentions
                 if m.end <= start_char]
        return sorted(found, key=lambda x: -x[0])

    def _read(self, span: Span) -> Reading:
        """read_phrase, less a generic name's entry ("Congress", "the Democratic Party") where it
        is not that entry: written in lower case ("the party's congress"), with another country's
        demonym in the phrase ("the Colombian Congress"), or in an article that points to another
        country and never to that entry's (the Democratic Party of a story about Uganda)."""
        r = read_phrase(span, self.kb, self.date, self._text, self._persons)
        if r.org is None or not r.org_generic:
            return r
        term = r.org.term_at(self.date)
        country = term.country if term else None
        words = [t for t in self.doc[r.org_at[0]: r.org_at[1]] if t.lower_ != "the"]
        # a demonym, not a country's name: "Georgia Republicans" are in the US state
        own = r.country if r.country_how == "demonym" else None
        if (not words or not words[0].text[:1].isupper()
                or (own is not None and country is not None and own != country)
                or not self._fits_article(country)):
            r.org, r.org_at, r.org_generic = None, None, False
            if r.country_how == "org":
                r.country, r.country_how = None, None
        return r

    def _fits_article(self, country: str | None) -> bool:
        """Whether the article may be about `country`: it names it (a name, demonym, capital,
        seat, a known person or body of it, a place in it), or it names no other country twice."""
        if country is None:
            return True
        if self._countries is None:
            self._countries = self._countries_named()
        if self._countries[country]:
            return True
        return not any(n >= OTHER_COUNTRY_MENTIONS for n in self._countries.values())

    def _countries_named(self) -> Counter:
        """How often the article names each country: by the knowledge base's names of countries,
        people and bodies (generic names aside), and by its places ("Kerala": India)."""
        from ..resolve.gazetteer import gazetteer  # only for articles with a generic name

        out: Counter = Counter()
        for m in scan(list(self.doc), self.kb, self._text):
            if m.kind != "entry":
                continue
            hit = next((h for h in m.hits if h.how != "generic"), None)
            found = self.kb.get(hit.entry_id) if hit else None
            if found is None:
                continue
            t = found.term_at(self.date)
            c = found.id if found.kind == "country" else (t.country if t else None)
            if c:
                out[c] += 1
        gz = gazetteer()
        for ent in self.doc.ents:
            if ent.label_ == "GPE" and self.kb.lookup(ent.text) == []:
                place = gz.resolve(ent.text)
                if place is not None and place.country:
                    out[place.country] += 1
        return out

    # -- building actors from KB entries and readings ------------------------------------
    def _kb_actor(self, entry: KBEntry, title: str | None = None) -> Actor:
        term = entry.term_at(self.date)
        if title and term is not None and self._canonical_title(term.title) != title:
            # "NATO Secretary General Mark Rutte": the title in the text picks the term
            titled = [t for t in entry.terms if self._canonical_title(t.title) == title]
            if titled:
                term = next((t for t in titled if t.covers(self.date)), titled[0])
        sector, role = (term.sector, term.role) if term else (None, None)
        if sector is None and title and entry.kind == "person":
            # a date outside every known term: the title in the text still says GOV
            sector, role = "GOV", self.kb.title_roles.get(title, title)
        elif (entry.kind == "person" and term is not None and term.end and self.date
              and term.end < self.date and title is None and role):
            # out of office on the published date and named without a title: CAMEO's ELI
            sector, role = "ELI", f"former {role}"
        actor = self._new_actor(("kb", entry.id), entry.name, entry.kind,
                                country=term.country if term else None,
                                sector=sector, role=role, kb_id=entry.id)
        if term and term.title:
            self._titles.setdefault(actor.id, set()).add(self._canonical_title(term.title))
        return actor

    def _canonical_title(self, title: str | None) -> str | None:
        if not title:
            return None
        key = normalise(title)
        return self.kb.titles.get(key, key)

    def _country(self, iso3: str) -> Actor:
        entry = self.kb.get(iso3)
        if entry is not None:
            return self._kb_actor(entry)
        return self._new_actor(("kb", iso3), iso3, "country", country=iso3, kb_id=iso3)

    def _group(self, country: str | None, sector: str, noun: str | None,
               span: Span | None = None) -> Actor:
        role = noun if noun and set(noun.lower().split()) & INSTITUTION_WORDS else None
        if role is None and noun and " " in noun and noun.lower().endswith("ministry"):
            role = noun
        base = role or SECTOR_WORDS.get(sector, sector.lower())
        adjective = self.kb.demonyms.get(country or "") or self.kb.country_name(country)
        if adjective:
            name = f"{adjective} {base}"
        else:  # no country: the phrase as written, less its determiners ("rebels")
            words = span.text.split() if span is not None else []
            while words and words[0].lower() in DETERMINERS:
                words.pop(0)
            name = " ".join(words) or noun or base
        kind = "organization" if role or sector in GROUP_KINDS else "group"
        return self._new_actor(("grp", country, sector, role), name, kind, country=country,
                               sector=sector, role=role,
                               kb_id=f"{country or ''}{sector}" if country else None)

    def _role_person(self, country: str | None, title: str) -> Actor:
        role = self.kb.title_roles.get(title, title)
        adjective = self.kb.demonyms.get(country or "") or self.kb.country_name(country)
        name = f"{adjective} {title}" if adjective else title
        actor = self._new_actor(("role", country, title), name, "person", country=country,
                                sector="GOV", role=role)
        self._titles.setdefault(actor.id, set()).add(title)
        return actor

    def _named_person(self, ent: Span, r: Reading) -> Actor:
        name = ent.text
        if name.endswith(("'s", "\u2019s")):
            name = name[:-2]
        key = normalise(name)
        actor = self._by_key.get(("per", key))
        if actor is None:
            # "Putin" after "Vladimir Putin", or "Barack Obama" after "Obama"; two different
            # full names ("Bill Clinton", "Hillary Clinton") never merge
            words = key.split()
            for a in self.actors:
                if a.kind != "person" or not a.name:
                    continue
                known = normalise(a.name).split()
                if len(words) == 1 and known[-1:] == words:
                    actor = a
                elif len(known) == 1 and words[-1:] == known and a.kb_id is None:
                    actor, a.name = a, name
                    self._by_key[("per", key)] = a
                if actor is not None:
                    break
        if actor is None:
            actor = self._new_actor(("per", key), name, "person")
        # a country counts when a title, a demonym or a possessive ties it to the person
        # ("Iraqi President X", "Russia's X"), not when it names something else ("Iraq veteran")
        country = r.country if (r.title or r.country_poss or r.country_how in (
            "demonym", "people", "seat")) else None
        if r.title:
            self._titles.setdefault(actor.id, set()).add(r.title)
        actor.country = actor.country or country
        if actor.role is None and r.title:
            # "President X" is a head of state only where a country says which state
            actor.role = self.kb.title_roles.get(r.title, r.title) if country else r.title
        if actor.sector is None:
            if r.title:
                actor.sector = "GOV"  # every title in roles.yaml is a government office
            elif r.sector and not r.noun_head and r.person_at and r.noun_at is not None and \
                    r.noun_at < r.person_at[0]:
                actor.sector = r.sector  # "rebel commander X", "opposition leader X"
        return actor

    def _recent(self, span: Span, want) -> Actor | None:
        sent = self.sentence_of(span)
        for _, actor, s in self._mentions_before(span.start_char):
            if sent - s > ANAPHOR_SENTENCES:
                return None
            if want(actor):
                return actor
        return None

    def _resolve(self, span: Span, r: Reading, explicit: bool) -> Actor | None:
        """The actor a Reading names; None when it names none (and `explicit` is False)."""
        if r.person is not None:
            return self._kb_actor(r.person, r.title)
        org_is_head = r.org_at is not None and r.org_at[0] <= r.head < r.org_at[1]
        body_is_head = r.sector is not None and r.noun_head and not r.title  # "Bush administration"
        if r.name_span is not None and not org_is_head and not body_is_head:
            return self._named_person(r.name_span, r)
        if r.title and r.noun_head and not r.org:
            if r.country:
                holder = self.kb.holder(r.country, r.title, self.date)
                return self._kb_actor(holder) if holder else self._role_person(r.country, r.title)
            role = self.kb.title_roles.get(r.title, r.title)
            prev = self._recent_with_title(span, r.title, role)
            return prev or self._role_person(None, r.title)
        if r.org is not None:
            return self._kb_actor(r.org)
        if r.sector and (r.noun_head or explicit):
            if not r.acting and not explicit:
                return None
            if r.country is None:
                if r.definite:
                    prev = self._recent(
                        span, lambda a: a.sector == r.sector and a.kind != "person")
                    if prev is not None:
                        return prev
                if not (r.core or explicit):
                    # an unnamed group outside the clause's core ("met the families of missing
                    # sailors") takes no part in it
                    return None
            return self._group(r.country, r.sector, r.noun, span)
        if r.country:
            how = r.country_how
            if how == "seat":
                return self._group(r.country, "GOV", None)
            if how == "capital":
                if r.acting:
                    return self._group(r.country, "GOV", None)
                return self._country(r.country) if explicit else None
            if how == "demonym" and not (r.country_head or explicit):
                return None
            if not r.acting and not explicit:
                return None
            return self._country(r.country)
        return None

    def _recent_with_title(self, span: Span, title: str, role: str) -> Actor | None:
        for _, actor, _s in self._mentions_before(span.start_char):
            if title in self._titles.get(actor.id, ()) or (actor.kind == "person"
                                                           and actor.role == role):
                return actor
        return None

    def _known_person(self, span: Span) -> Actor | None:
        """An earlier person whose surname (or name less the first name) is this proper name:
        "Velasquez-Orr" after "Marta Velasquez-Orr", whatever label the NER gave it."""
        if span.root.pos_ != "PROPN":
            return None
        key = normalise(span.text)
        if key.endswith("'s"):
            key = key[:-2]
        for a in self.actors:
            if a.kind == "person" and a.name:
                full = normalise(a.name)
                if key == full or full.endswith(" " + key):
                    return a
        return None

    def _other(self, span: Span) -> Actor:
        label = span.root.ent_type_ if span.root.ent_type_ in ENTITY_LABELS else None
        kind = ENTITY_LABELS.get(label, "other")
        text = span.text.strip()
        return self._new_actor(("txt", normalise(text)), text, kind)

    # -- pronouns ------------------------------------------------------------------------
    def _antecedent(self, span: Span) -> Actor | None:
        low = span.text.strip().lower()
        if low in FIRST_PERSON_SINGULAR or low in FIRST_PERSON_PLURAL:
            # in a quote, "I" is the speaker and "we" the speaker's country: the speaker is the
            # person named in the same sentence (often after the quote), else the last one named
            sent = self.sentence_of(span)
            # a quote may be split from its "Putin said" by the sentence splitter
            sents = (sent, sent + 1) if self._in_quote(span) else (sent,)
            near = [(abs(m.start - span.start_char), a) for a in self.actors if a.kind == "person"
                    for m in a.mentions if m.sentence in sents and not (
                        m.start <= span.start_char < m.end)]
            speaker = min(near, key=lambda x: x[0])[1] if near else next(
                (a for _, a, _s in self._mentions_before(span.start_char) if a.kind == "person"),
                None)
            if speaker is not None and low in FIRST_PERSON_PLURAL and speaker.country:
                return self._country(speaker.country)
            return speaker
        if low in PERSON_PRONOUNS:
            want = lambda a: a.kind == "person"  # noqa: E731
        else:
            want = lambda a: a.kind != "person"  # noqa: E731
        for _, actor, _s in self._mentions_before(span.start_char):
            if want(actor):
                return actor
        return None

    def _in_quote(self, span: Span) -> bool:
        before = self._text[self._sent_chars[self.sentence_of(span)]: span.start_char]
        return (before.count("\u201c") > before.count("\u201d")
                or before.count('"') % 2 == 1)

    # -- public --------------------------------------------------------------------------
    def collect(self) -> None:
        """Register every noun phrase of the document that names an actor, outermost first."""
        candidates: list[Span] = []
        for tok in self.doc:
            if tok.pos_ == "PRON":
                if tok.lower_ in PERSON_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
                    candidates.append(self.doc[tok.i: tok.i + 1])
                continue
            if tok.pos_ not in HEAD_POS or tok.dep_ in MODIFIER_DEPS:
                continue
            if tok.dep_ == "appos" and tok.ent_type_ != "PERSON":
                continue
            candidates.append(self.doc[tok.left_edge.i: tok.i + 1])
        candidates.sort(key=lambda s: (s.start, -len(s)))
        consumed: set[int] = set()
        for span in candidates:
            if span.root.i in consumed:
                continue
            if len(span) == 1 and span[0].pos_ == "PRON":
                prev = self._antecedent(span)
                if prev is not None:
                    self._add_mention(prev, span)
                continue
            r = self._read(span)
            if not self._names_actor(r):
                continue
            actor = self._resolve(span, r, explicit=False)
            if actor is None:
                continue
            self._add_mention(actor, span)
            consumed.update(range(span.start, span.end))
        for ent in self.doc.ents:
            if ent.label_ in ("PERSON", "ORG") and not any(i in consumed for i in
                                                           range(ent.start, ent.end)):
                r = self._read(ent)
                actor = self._resolve(ent, r, explicit=False) if self._names_actor(r) else None
                actor = actor or self._known_person(ent)
                if actor is not None:
                    self._add_mention(actor, ent)
                    consumed.update(range(ent.start, ent.end))

    @staticmethod
    def _names_actor(r: Reading) -> bool:
        """Whether the phrase's head names the actor (not "Putin's claims", "Russian regions")."""
        inside = lambda rng: rng is not None and rng[0] <= r.head < rng[1]  # noqa: E731
        return (inside(r.person_at) or inside(r.org_at) or r.noun_head or r.country_head
                or (r.person_at is not None and r.title is not None and r.noun_head))

    def actor_at(self, start_char: int, end_char: int) -> Actor | None:
        """The actor with a mention at these offsets: exact, else the tightest overlapping one."""
        exact = self._by_span.get((start_char, end_char))
        if exact is not None:
            return exact
        best, best_len = None, None
        for (s, e), actor in self._by_span.items():
            if s < end_char and start_char < e and (best_len is None or e - s < best_len):
                best, best_len = actor, e - s
        return best

    def actor_for_span(self, span: Span) -> Actor:
        """The actor behind `span` (any noun phrase), creating it if this referent is new."""
        known = self._by_span.get((span.start_char, span.end_char))
        if known is not None:
            return known
        if len(span) == 0 or not span.text.strip():
            return self._new_actor(("txt", ""), "", "other")
        low = span.text.strip().lower()
        actor = None
        if low in PRONOUNS:
            actor = self._antecedent(span)
        if actor is None:
            r = self._read(span)
            actor = self._resolve(span, r, explicit=True)
        if actor is None:
            actor = self._known_person(span) or self._other(span)
        self._add_mention(actor, span)
        return actor

    def used(self) -> list[Actor]:
        return [a for a in self.actors if a.mentions]
