"""Hand-built eventwire/1 results for store and CLI tests (no spaCy model needed)."""
from __future__ import annotations

from eventwire.model import (Actor, Article, DateValue, Event, Evidence, Location, Mention, Result,
                             Statement)


def make_result(source: str = "Norland", target: str = "Southland", etype: str = "REJECT",
                date: str | None = "2024-03-04", status: str = "asserted", published: str = "2024-03-06",
                title: str | None = None, ref: str | None = None, country: str = "NOR",
                n_events: int = 1, quote: str = "talks would go on") -> Result:
    """One article where `source` does `etype` to `target`, and a minister says `quote`."""
    s1 = f"{source} rejected the offer from {target} on Monday."
    s2 = f" The minister said that {quote}."
    text = s1 + s2
    art = Article(text=text, id=ref, title=title or f"{source} and {target}", published=published,
                  source="Test Wire", url=f"https://example.org/{source.lower()}/{etype.lower()}")
    a1 = Actor("a1", source, "country", country, "GOV",
               mentions=[Mention(source, 0, len(source), 0)])
    t0 = text.index(target)
    a2 = Actor("a2", target, "country", None, None, mentions=[Mention(target, t0, t0 + len(target), 0)])
    c0 = text.index(quote)
    cue = text.index("said")
    st = Statement("s1", "a1", "The minister", len(s1) + 1, len(s1) + 13, "said", cue, cue + 4,
                   "indirect", quote, c0, c0 + len(quote), 1)
    events = [Event(f"e{i + 1}", etype, "12", "a1", "a2", Evidence(0, 0, len(s1), s1),
                    status=status, issue="offer",
                    date=DateValue(date, "on Monday" if date else None, "day" if date else None),
                    location=Location("Geneva", "CHE", 46.2, 6.15), quantities={"killed": 2 + i},
                    confidence=0.93)  # above any default threshold of the event gate
              for i in range(n_events)]
    return Result(art, [a1, a2], [st], events)
