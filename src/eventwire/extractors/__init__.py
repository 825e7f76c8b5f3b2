"""Extraction over one parsed document: actors, statements, events; then the resolve stage."""
from __future__ import annotations

from spacy.tokens import Doc

from ..model import Article, Result
from .actors import ActorRegistry
from .events import extract_events
from .gate import apply_gate
from .statements import extract_statements


def extract_doc(doc: Doc, article: Article, kb=None, gate=True) -> Result:
    """Every candidate event, each with the gate's confidence (`gate=False`: the rules' own score;
    an EventGate: that model instead of the shipped one). Callers filter by confidence."""
    from ..resolve import resolve_result

    registry = ActorRegistry(doc, kb=kb, published=article.published)
    registry.collect()
    statements = extract_statements(doc, registry)
    events = extract_events(doc, registry, statements)
    resolve_result(doc, article, registry, statements, events)
    actors = registry.used()
    if gate is not False:
        apply_gate(doc, events, {a.id: a for a in actors}, statements,
                   gate=None if gate is True else gate)
    return Result(article=article, actors=actors, statements=statements, events=events)


__all__ = ["extract_doc", "ActorRegistry"]
