"""Extraction over one parsed document: actors, statements, events; then the resolve stage."""
from __future__ import annotations

from spacy.tokens import Doc

from ..model import Article, Result
from .actors import ActorRegistry
from .events import extract_events
from .gate import apply_gate, load_gate
from .statements import extract_statements


def extract_doc(doc: Doc, article: Article, kb=None, gate=True, learned=None) -> Result:
    """Every candidate event, each with the gate's confidence; callers filter by confidence.

    `gate`: True for the shipped event gate, an EventGate for another, False for the rules' own
    scores. `learned` overrides the gate's learned trigger lexicon (training uses it)."""
    from ..resolve import resolve_result

    model = load_gate() if gate is True else (gate or None)
    if learned is None and model is not None:
        learned = model.lexicon
    registry = ActorRegistry(doc, kb=kb, published=article.published)
    registry.collect()
    statements = extract_statements(doc, registry)
    events = extract_events(doc, registry, statements, learned=learned)
    resolve_result(doc, article, registry, statements, events)
    actors = registry.used()
    if model is not None:
        apply_gate(doc, events, {a.id: a for a in actors}, statements, gate=model)
    return Result(article=article, actors=actors, statements=statements, events=events)


__all__ = ["extract_doc", "ActorRegistry"]
