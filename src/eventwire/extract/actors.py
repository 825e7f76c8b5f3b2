"""Actor mentions in a parsed document and the registry that gives each mention an actor id.

The registry is the one place where spans become actors: the statements and events extractors
ask it for the actor behind a span (a name, a title, a pronoun, a plain noun phrase), and it
answers with one Actor per referent, resolved against the knowledge base when it can be.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..model import Actor, Mention

ENTITY_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}
PRONOUNS = {"he", "she", "him", "her", "they", "them", "it", "we", "i"}


class ActorRegistry:
    def __init__(self, doc: Doc, kb=None, published: str | None = None):
        self.doc = doc
        self.kb = kb
        self.published = published
        self.actors: list[Actor] = []
        self._by_key: dict[str, Actor] = {}
        self._by_span: dict[tuple[int, int], Actor] = {}
        self._sent_index = {s.start: i for i, s in enumerate(doc.sents)}

    # -- helpers -------------------------------------------------------------------------
    def sentence_of(self, span: Span) -> int:
        return self._sent_index.get(span.sent.start, 0)

    def _new_actor(self, key: str, name: str, kind: str) -> Actor:
        actor = Actor(id=f"a{len(self.actors) + 1}", name=name, kind=kind)
        self.actors.append(actor)
        self._by_key[key] = actor
        return actor

    def _add_mention(self, actor: Actor, span: Span) -> None:
        key = (span.start_char, span.end_char)
        if key in self._by_span:
            return
        self._by_span[key] = actor
        actor.mentions.append(Mention(span.text, span.start_char, span.end_char, self.sentence_of(span)))

    # -- public --------------------------------------------------------------------------
    def collect(self) -> None:
        """Register every named-entity mention that can be an actor."""
        for ent in self.doc.ents:
            if ent.label_ in ENTITY_LABELS:
                self.actor_for_span(ent)

    def actor_at(self, start_char: int, end_char: int) -> Actor | None:
        """The actor with a mention overlapping these offsets, if any."""
        for (s, e), actor in self._by_span.items():
            if s < end_char and start_char < e:
                return actor
        return None

    def actor_for_span(self, span: Span) -> Actor:
        """The actor behind `span`, creating it if this referent is new."""
        known = self._by_span.get((span.start_char, span.end_char))
        if known:
            return known
        text = span.text.strip()
        low = text.lower()
        if low in PRONOUNS:
            prev = self._antecedent(span)
            if prev is not None:
                self._add_mention(prev, span)
                return prev
        label = span.label_ if span.label_ in ENTITY_LABELS else None
        kind = ENTITY_LABELS.get(label, "other")
        key = low[4:] if low.startswith("the ") else low
        actor = self._by_key.get(key)
        if actor is None and kind == "person":
            # "Putin" after "Vladimir Putin": a short name refers to the earlier full name
            for a in self.actors:
                if a.kind == "person" and a.name.split()[-1].lower() == key.split()[-1]:
                    actor = a
                    break
        if actor is None:
            actor = self._new_actor(key, text, kind)
        self._add_mention(actor, span)
        return actor

    def _antecedent(self, span: Span) -> Actor | None:
        low = span.text.lower()
        want_person = low in {"he", "she", "him", "her", "i"}
        best, best_end = None, -1
        for actor in self.actors:
            if want_person and actor.kind != "person":
                continue
            for m in actor.mentions:
                if m.end <= span.start_char and m.end > best_end:
                    best, best_end = actor, m.end
        return best

    def used(self) -> list[Actor]:
        return [a for a in self.actors if a.mentions]
