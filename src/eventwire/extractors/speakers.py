"""The actor behind a statement's speaker span: names inside the span, titles, organisations, pronouns.

The ActorRegistry owns actors; this module only decides which span to hand it. A speaker span such
as "Chile's chief negotiator, Ana Pereira" is resolved through the person named in it; a bare
title ("the foreign minister") or body ("the ministry") goes to the latest earlier named actor that
carried that title or name; anything else goes to the registry as it is, so it is never dropped.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..model import Actor

PREFER = ("PERSON", "ORG", "GPE", "NORP", "FAC")
TITLE_DEPS = ("compound", "amod", "nmod", "poss")
SKIP = {"the", "a", "an", "'s", "’s", "former", "then", "top", "senior", "new"}


class SpeakerResolver:
    def __init__(self, doc: Doc, registry):
        self.doc = doc
        self.registry = registry
        self._titles: list[tuple[int, set[str], Span]] | None = None

    def actor(self, speaker: Span, actor_span: Span | None = None) -> Actor | None:
        span = actor_span if actor_span is not None else speaker
        ent = self._entity_in(span)
        if ent is not None:
            return self.registry.actor_for_span(ent)
        if len(span) == 1 and span[0].pos_ == "PRON":
            return self.registry.actor_for_span(span)
        earlier = self._by_title(span)
        if earlier is not None:
            return self.registry.actor_for_span(earlier)
        return self.registry.actor_for_span(span)

    def _entity_in(self, span: Span) -> Span | None:
        ents = [e for e in span.ents if e.label_ in PREFER]
        if not ents:
            return None
        # the named person wins over the country in "Chile's chief negotiator, Ana Pereira"
        return min(ents, key=lambda e: (PREFER.index(e.label_), -e.start))

    def _title_index(self) -> list[tuple[int, set[str], Span]]:
        """(position, title words, entity) for every named person or body with a title beside it."""
        if self._titles is not None:
            return self._titles
        out = []
        for ent in self.doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            words = {t.lemma_.lower() for t in ent if t.is_alpha}
            root = ent.root
            for t in root.lefts:
                if t.i < ent.start and t.dep_ in TITLE_DEPS:
                    words.update(w.lemma_.lower() for w in t.subtree if w.is_alpha)
            # "Ana Pereira, the foreign minister" and "the foreign minister, Ana Pereira"
            if root.dep_ == "appos":
                head = root.head
                words.add(head.lemma_.lower())
                words.update(w.lemma_.lower() for w in head.lefts if w.dep_ in TITLE_DEPS)
            for c in root.children:
                if c.dep_ == "appos":
                    words.add(c.lemma_.lower())
                    words.update(w.lemma_.lower() for w in c.lefts if w.dep_ in TITLE_DEPS)
            out.append((ent.start, words - SKIP, ent))
        self._titles = out
        return out

    def _by_title(self, span: Span) -> Span | None:
        head = span.root
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        want = {head.lemma_.lower()} | {
            t.lemma_.lower() for t in head.lefts if t.dep_ in ("compound", "amod") and t.is_alpha}
        want -= SKIP
        best = None
        for pos, words, ent in self._title_index():
            if pos >= span.start:
                break
            if want <= words:
                best = ent
        return best
