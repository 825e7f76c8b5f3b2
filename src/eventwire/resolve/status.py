"""Each event's status: asserted, attributed, alleged, ... (placeholder, deepened by issue 5)."""
from __future__ import annotations


def assign_status(doc, events, statements) -> None:
    for ev in events:
        for st in statements:
            if st.start <= ev.trigger_start < st.end if ev.trigger_start is not None else False:
                ev.status = "attributed"
                ev.attributed_to = st.id
