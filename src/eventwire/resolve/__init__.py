"""The resolve stage: dates, places, status and threads for the events of one document."""
from __future__ import annotations


def resolve_result(doc, article, registry, statements, events) -> None:
    """Fill in each event's date, location, status, attributed_to and responds_to in place."""
    from . import dates, places, status, threads

    dates.resolve_dates(doc, article, events)
    places.resolve_places(doc, events)
    status.assign_status(doc, events, statements)
    threads.link_threads(doc, events)
