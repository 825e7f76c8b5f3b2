"""Exports in the field's own layouts (GDELT 2.0 Events and Mentions, ACLED-style, POLECAT-style),
keyed by the name `eventwire export --table` takes; docs/exports.md maps every column."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterator, NamedTuple

from . import acled, gdelt, polecat
from .source import incident_rows, record_rows

if TYPE_CHECKING:
    from ..base import Store


class Layout(NamedTuple):
    columns: list[tuple[str, str]]  # (name, parquet type) in the layout's order
    source: Callable[["Store", dict[str, Any]], Iterator[dict[str, Any]]]
    row: Callable[[dict[str, Any]], dict[str, Any]]
    unit: str                       # what one row is

    def rows(self, store: "Store", filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
        return (self.row(r) for r in self.source(store, filters))


LAYOUTS: dict[str, Layout] = {
    "gdelt-events": Layout(gdelt.EVENT_COLUMNS, incident_rows, gdelt.event_row, "incidents"),
    "gdelt-mentions": Layout(gdelt.MENTION_COLUMNS, record_rows, gdelt.mention_row,
                             "event records"),
    "acled": Layout(acled.COLUMNS, incident_rows, acled.row, "incidents"),
    "polecat": Layout(polecat.COLUMNS, record_rows, polecat.row, "event records"),
}

__all__ = ["LAYOUTS", "Layout"]
