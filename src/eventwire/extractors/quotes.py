"""Quoted passages in raw text: straight, curly, single, guillemets, and quotes running over paragraphs.

Works on characters, in one pass, before any parse: the result is a list of (start, end) offsets,
the quotation marks included. A paragraph that ends inside a quote and a next paragraph that opens
with a quotation mark form one quote (the newspaper convention for long quotes).
"""
from __future__ import annotations

from dataclasses import dataclass

OPEN_ONLY = {"“": "”", "«": "»", "„": "“”", "‹": "›"}
CLOSE_ONLY = {"”", "»", "›"}
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
_BEFORE_OPEN = set(" \t\n\r([{—–-/:")


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening mark
    end: int    # offset just after the closing mark (or the paragraph end when unclosed)
    closed: bool

    def words(self, text: str) -> int:
        return len(text[self.start:self.end].split())


def _is_open_straight(text: str, i: int, width: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before in _BEFORE_OPEN or before in "“‘«") and not after.isspace()


def _double_marks(text: str) -> list[tuple[int, int, str]]:
    """(offset, width, role) of double quotation marks; role is open, close or either."""
    marks = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in OPEN_ONLY or text.startswith("``", i):
            w = 2 if c == "`" else 1
            marks.append((i, w, "open"))
            i += w
            continue
        if c in CLOSE_ONLY:
            marks.append((i, 1, "close"))
        elif c == '"' or text.startswith("''", i):
            w = 2 if c == "'" else 1
            marks.append((i, w, "open" if _is_open_straight(text, i, w) else "close"))
            i += w
            continue
        i += 1
    return marks


def find_quotes(text: str) -> list[Quote]:
    """Double-quoted passages, then single-quoted ones outside them, in text order."""
    quotes: list[Quote] = []
    open_at: int | None = None
    last = 0  # the opening mark of the current paragraph of the quote
    for off, width, role in _double_marks(text):
        if open_at is None:
            if role == "open":
                open_at = last = off
            continue
        if role == "open":
            # a new opening mark while open: legal only as the paragraph continuation of a long
            # quote, when it opens the paragraph right after the one the quote ran to the end of
            nl = text.find("\n", last, off)
            if nl >= 0 and not text[nl:off].strip():
                last = off
                continue
            quotes.append(Quote(open_at, _para_end(text, open_at), False))
            open_at = last = off
            continue
        quotes.append(Quote(open_at, off + width, True))
        open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at, _para_end(text, open_at), False))
    quotes.extend(_single_quotes(text, quotes))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _para_end(text: str, start: int) -> int:
    nl = text.find("\n", start)
    return len(text) if nl < 0 else nl


def _single_quotes(text: str, doubles: list[Quote]) -> list[Quote]:
    """‘...’ and '...' where the marks cannot be apostrophes, outside double quotes."""
    covered = [(q.start, q.end) for q in doubles]
    out = []
    i, n = 0, len(text)
    open_at = None
    while i < n:
        c = text[i]
        if c in (SINGLE_OPEN, "'", SINGLE_CLOSE) and not text.startswith("''", i) \
                and not (i > 0 and text[i - 1] == "'"):
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < n else " "
            if open_at is None and c in (SINGLE_OPEN, "'") and before in _BEFORE_OPEN \
                    and after.isalnum():
                open_at = i
            elif open_at is not None and c in (SINGLE_CLOSE, "'") and not after.isalnum() \
                    and not before.isspace():
                if not any(s <= open_at < e for s, e in covered):
                    out.append(Quote(open_at, i + 1, True))
                open_at = None
            elif c == "\n":
                open_at = None
        elif c == "\n":
            open_at = None
        i += 1
    return out


def quote_at(quotes: list[Quote], offset: int) -> Quote | None:
    """The quote that contains `offset`, if any (quotes do not nest at the top level)."""
    lo, hi = 0, len(quotes)
    while lo < hi:
        mid = (lo + hi) // 2
        if quotes[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    for q in quotes[lo:lo + 2]:
        if q.start <= offset < q.end:
            return q
    return None
