"""Extraction over one parsed document: actors, statements, events; then the resolve stage."""
from __future__ import annotations

from spacy.tokens import Doc

from ..model import Article, Result
from .actors import ActorRegistry
from .events import extract_events
from .statements import extract_statements


def extract_doc(doc: Doc, article: Article, kb=None) -> Result:
    from ..resolve import resolve_result

    registry = ActorRegistry(doc, kb=kb, published=article.published)
    registry.collect()
    statements = extract_statements(doc, registry)
    events = extract_events(doc, registry, statements)
    resolve_result(doc, article, registry, statements, events)
    return Result(article=article, actors=registry.used(), statements=statements, events=events)


__all__ = ["extract_doc", "ActorRegistry"]
