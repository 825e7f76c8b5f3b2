"""Event locations from the sentence, resolved offline (placeholder, deepened by issue 5)."""
from __future__ import annotations


def resolve_places(doc, events) -> None:
    return None
