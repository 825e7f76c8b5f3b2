"""Negotiation threads: which answer responds to which proposal (placeholder, issue 5)."""
from __future__ import annotations


def link_threads(doc, events) -> None:
    return None
