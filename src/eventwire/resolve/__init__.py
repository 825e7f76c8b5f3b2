"""The resolve stage: dates, places, status and threads for the events of one document."""
from __future__ import annotations


def resolve_result(doc, article, registry, statements, events) -> None:
    """Fill in each event's date, location, status, attributed_to and responds_to in place.

    Dates come first: a date after publication makes an event expected. Statuses come before
    places: the dateline is the place of events that happened, not of planned ones.
    """
    from . import dates, places, status, threads

    dates.resolve_dates(doc, article, events)
    status.assign_status(doc, events, statements, article.published)
    places.resolve_places(doc, events, registry, article)
    threads.link_threads(doc, events, registry)
