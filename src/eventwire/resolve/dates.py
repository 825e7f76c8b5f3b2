"""Event dates anchored on the publication date (placeholder, deepened by issue 5)."""
from __future__ import annotations

from ..model import DateValue


def resolve_dates(doc, article, events) -> None:
    for ev in events:
        if article.published:
            ev.date = DateValue(value=article.published[:10], text=None, precision="day", fallback=True)
