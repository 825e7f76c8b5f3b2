"""Event dates: time expressions found in the sentence, normalised against the publication date.

Each expression is read with the tense of the verb that governs it: "on Monday" in a past
sentence is the latest Monday on or before publication, in a future (or present-scheduled)
sentence the next one; "the weekend" likewise. Values follow TIMEX3 habits: 2025-06-02 (day),
2025-W23 (week), 2025-06 (month), 2025 (year), start/end (range), PAST_REF/FUTURE_REF (vague).
An event takes the expression nearest to its trigger in the dependency tree; without one it takes
the publication date, marked fallback=True.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import DateValue
from .syntax import CLAUSE_DEPS, governing_verb, path_cost, sentence_of, tense, trigger_token

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "several": None, "few": None}

# Month names are matched case-sensitively (capitalised) so that "may" and "march" as verbs
# are not dates; everything else is case-insensitive.
_M = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
      r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_Y = r"((?:19|20)\d{2})"
_TO = r"\s*(?:-|–|—|to|and|through|until|till)\s*"
_NUM = r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|\d+)"
_PART = r"(?:\s+(?i:morning|afternoon|evening|night))?"

PATTERNS: list[tuple[str, re.Pattern]] = [(k, re.compile(p)) for k, p in [
    ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    ("range_md", rf"\b({_M})\s+{_D}{_TO}(?:({_M})\s+)?{_D}\b(?:,?\s+{_Y}\b)?"),
    ("range_dm", rf"\b{_D}(?:\s+({_M}))?{_TO}{_D}\s+({_M})\b(?:,?\s+{_Y}\b)?"),
    ("range_wd", rf"\b(?i:from|between)\s+({_WD}){_TO}({_WD})\b"),
    ("range_wd", rf"\b({_WD})\s+and\s+({_WD})\b"),
    ("range_m", rf"\b(?i:from|between)\s+({_M}){_TO}({_M})\b(?:,?\s+{_Y}\b)?"),
    ("md", rf"\b(?:{_WD},?\s+)?({_M})\s+{_D}\b(?!:)(?:,?\s+{_Y}\b)?"),
    ("dm", rf"\b(?:{_WD},?\s+)?{_D}\s+(?:of\s+)?({_M})\b(?:,?\s+{_Y}\b)?"),
    ("my", rf"\b(?:((?i:early|mid|late))[\s-]+|(?i:the\s+)?((?i:end|beginning|start|middle))\s+of\s+)?"
           rf"({_M})(?:,?\s+{_Y})\b"),
    ("m", rf"\b(?:((?i:in|since|until|till|by|from|during|through|before|after|last|next|this))\s+)?"
          rf"(?:((?i:early|mid|late))[\s-]+|(?i:the\s+)?((?i:end|beginning|start|middle))\s+of\s+)?"
          rf"({_M})\b(?!\s+\d)"),
    ("day_before", r"\b(?i:the\s+day\s+(before\s+yesterday|after\s+tomorrow))\b"),
    ("deictic", r"\b(?i:(earlier\s+|later\s+)?(yesterday|today|tomorrow|tonight)"
                r"|this\s+(morning|afternoon|evening))\b"),
    ("weekend", r"\b(?i:(this|last|next|past|coming|previous)\s+weekend|the\s+weekend)\b"),
    ("weekday", rf"\b(?:((?i:last|next|this|coming|past|previous))\s+)?({_WD}){_PART}\b"),
    ("week", r"\b(?i:(last|this|next|past|coming|previous)\s+week|(earlier|later)\s+this\s+week)\b"),
    ("month_rel", r"\b(?i:(?:(early|mid|late)[\s-]+|(earlier|later)\s+|(?:the\s+)?end\s+of\s+)?"
                  r"(last|this|next|previous|coming|the)\s+month)\b"),
    ("year_rel", r"\b(?i:(?:(early|mid|late)[\s-]+|(earlier|later)\s+|(?:the\s+)?end\s+of\s+)?"
                 r"(last|this|next|previous|coming|the)\s+year)\b"),
    ("ago", rf"\b(?i:{_NUM}\s+(days?|weeks?|months?|years?)\s+ago)\b"),
    ("in_n", rf"\b(?i:(?:in|within)\s+{_NUM}\s+(days?|weeks?|months?|years?)(?:['’]?\s+time)?)\b"),
    ("year", rf"\b(?:((?i:in|since|until|till|by|from|during|through|before|after|of|early|mid|late)"
             rf")[\s-]+)?{_Y}\b(?![\d,.]\d)"),
    ("vague_past", r"\b(?i:recently|lately|in\s+recent\s+(?:days|weeks|months|years)|recent"
                   r"|(?:over|in|during)\s+the\s+(?:past|last)\s+(?:few\s+|several\s+)?"
                   r"(?:days|weeks|months|years|week|month|year))\b"),
    ("vague_future", r"\b(?i:soon|in\s+the\s+coming\s+(?:days|weeks|months|years)"
                     r"|in\s+the\s+near\s+future|in\s+the\s+days\s+ahead|(?:the\s+)?upcoming"
                     r"|in\s+the\s+next\s+(?:few\s+|several\s+)?(?:days|weeks|months))\b"),
]]


@dataclass
class TimeExpr:
    """One time expression in a sentence: its characters, its root token, its value."""

    start: int
    end: int
    text: str
    root: Token
    value: str | None
    precision: str | None

    def date_value(self) -> DateValue:
        return DateValue(value=self.value, text=self.text, precision=self.precision)


def parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _num(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else NUMBERS.get(w)


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


NOUN_MODIFIER_DEPS = {"amod", "compound", "nmod", "nummod"}
NEAREST = "nearest"   # a day-month's year: the occurrence nearer to publication
DAY_MONTH_KINDS = {"md", "dm", "range_md", "range_dm"}


def _names_a_noun(root: Token) -> bool:
    """Whether a time expression modifies a noun ("the Aug. 21 attack", "an election next week")."""
    if root.head.i == root.i or root.head.pos_ not in ("NOUN", "PROPN"):
        return False
    return root.dep_ in NOUN_MODIFIER_DEPS or root.dep_ == "npadvmod"


def _pick_year(pub: dt.date, m: int, d: int, when: str) -> dt.date | None:
    """The year of a day-month without one: the latest on or before publication for the past,
    the earliest on or after it for the future, the nearer of the two for the present ("the U.S.
    blames Assad for an Aug. 21 attack" a month later; "the summit opens on Aug. 21" a month
    before) and for a date that names another noun (`NEAREST`: "the Aug. 21 attack")."""
    this = _safe_date(pub.year, m, d)
    if this is None:
        return None
    before = this if this <= pub else _safe_date(pub.year - 1, m, d)
    after = this if this >= pub else _safe_date(pub.year + 1, m, d)
    if when == "past" or after is None:
        return before
    if when in ("present", NEAREST) and before is not None:
        return before if (pub - before) <= (after - pub) else after
    return after


def _month_year(pub: dt.date, m: int, when: str) -> int:
    if when == "past":
        return pub.year if m <= pub.month else pub.year - 1
    return pub.year if m >= pub.month else pub.year + 1


def _weekday(pub: dt.date, wd: int, when: str, modifier: str | None) -> dt.date:
    back = (pub.weekday() - wd) % 7
    fwd = (wd - pub.weekday()) % 7
    mod = (modifier or "").lower()
    if mod in ("last", "past", "previous"):
        return pub - dt.timedelta(days=back or 7)
    if mod in ("next", "coming"):
        return pub + dt.timedelta(days=fwd or 7)
    if when == "past":
        return pub - dt.timedelta(days=back)
    return pub + dt.timedelta(days=fwd)


def _weekend(pub: dt.date, when: str, modifier: str | None) -> str:
    mod = (modifier or "").lower()
    if mod in ("last", "past", "previous") or (mod not in ("next", "coming", "this") and when == "past") \
            or (mod == "this" and when == "past"):
        # the latest Saturday strictly before publication (a Sunday paper's "weekend" is its own)
        sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7 or 7)
    else:
        # the coming Saturday, or the current weekend when published on one
        sat = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
        if pub.weekday() == 6:
            sat = pub - dt.timedelta(days=1)
        if mod == "next" and pub.weekday() >= 5:
            sat += dt.timedelta(days=7)
    return f"{sat.isoformat()}/{(sat + dt.timedelta(days=1)).isoformat()}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _rel_offset(word: str, when: str) -> int:
    w = word.lower()
    if w in ("last", "previous", "past"):
        return -1
    if w in ("next", "coming"):
        return 1
    return 0


def evaluate(kind: str, m: re.Match, pub: dt.date, when: str) -> tuple[str | None, str | None]:
    """(value, precision) of one matched expression, given the publication date and tense."""
    g = m.groups()
    if kind == "iso":
        d = _safe_date(int(g[0]), int(g[1]), int(g[2]))
        return (d.isoformat(), "day") if d else (None, None)
    if kind in ("md", "dm"):
        mon, day, year = (g[0], g[1], g[2]) if kind == "md" else (g[1], g[0], g[2])
        mo, dd = _month(mon), int(day)
        d = _safe_date(int(year), mo, dd) if year else _pick_year(pub, mo, dd, when)
        return (d.isoformat(), "day") if d else (None, None)
    if kind in ("range_md", "range_dm"):
        if kind == "range_md":
            m1, d1, m2, d2, year = g[0], g[1], g[2] or g[0], g[3], g[4]
        else:
            d1, m1, d2, m2, year = g[0], g[1] or g[3], g[2], g[3], g[4]
        mo1, mo2 = _month(m1), _month(m2)
        if year:
            a, b = _safe_date(int(year), mo1, int(d1)), _safe_date(int(year), mo2, int(d2))
        else:
            a = _pick_year(pub, mo1, int(d1), when)
            b = _safe_date(a.year, mo2, int(d2)) if a else None
            if a and b and b < a:
                b = _safe_date(a.year + 1, mo2, int(d2))
        if not a or not b:
            return None, None
        return f"{a.isoformat()}/{b.isoformat()}", "range"
    if kind == "range_wd":
        a = _weekday(pub, WEEKDAYS[g[0].lower()], when, None)
        b = a + dt.timedelta(days=(WEEKDAYS[g[1].lower()] - a.weekday()) % 7)
        return f"{a.isoformat()}/{b.isoformat()}", "range"
    if kind == "range_m":
        mo1, mo2 = _month(g[0]), _month(g[1])
        y1 = int(g[2]) if g[2] else _month_year(pub, mo1, when)
        y2 = y1 if mo2 >= mo1 else y1 + 1
        return f"{y1}-{mo1:02d}/{y2}-{mo2:02d}", "range"
    if kind == "my":
        return f"{int(g[3])}-{_month(g[2]):02d}", "month"
    if kind == "m":
        prep, early, edge, mon = g
        if not prep and not early and not edge:
            return None, None  # a bare capitalised month name is too often a person or a verb
        mo = _month(mon)
        p = (prep or "").lower()
        if p in ("last",):
            y = pub.year if mo < pub.month else pub.year - 1
        elif p in ("next",):
            y = pub.year if mo > pub.month else pub.year + 1
        elif p in ("since",):
            y = _month_year(pub, mo, "past")
        else:
            y = _month_year(pub, mo, when)
        return f"{y}-{mo:02d}", "month"
    if kind == "day_before":
        k = -2 if "before" in g[0].lower() else 2
        return (pub + dt.timedelta(days=k)).isoformat(), "day"
    if kind == "deictic":
        word = (g[1] or "").lower()
        k = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return (pub + dt.timedelta(days=k)).isoformat(), "day"
    if kind == "weekend":
        return _weekend(pub, when, g[0]), "range"
    if kind == "weekday":
        return _weekday(pub, WEEKDAYS[g[1].lower()], when, g[0]).isoformat(), "day"
    if kind == "week":
        k = _rel_offset(g[0], when) if g[0] else 0
        if g[0] and g[0].lower() == "past":
            return "PAST_REF", "vague"
        return _iso_week(pub + dt.timedelta(days=7 * k)), "week"
    if kind == "month_rel":
        early, around, rel = g
        if rel.lower() == "the" and not m.group(0).lower().startswith(("end", "the end")):
            return None, None
        y, mo = _shift_month(pub.year, pub.month, _rel_offset(rel, when))
        return f"{y}-{mo:02d}", "month"
    if kind == "year_rel":
        early, around, rel = g
        if rel.lower() == "the" and "end" not in m.group(0).lower():
            return None, None
        return str(pub.year + _rel_offset(rel, when)), "year"
    if kind == "ago":
        n = _num(g[0])
        unit = g[1].lower().rstrip("s")
        if n is None:
            return "PAST_REF", "vague"
        if unit == "day":
            return (pub - dt.timedelta(days=n)).isoformat(), "day"
        if unit == "week":
            return _iso_week(pub - dt.timedelta(days=7 * n)), "week"
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, -n)
            return f"{y}-{mo:02d}", "month"
        return str(pub.year - n), "year"
    if kind == "in_n":
        if when != "future":
            return None, None  # "in two days of fighting" is a duration, not a date
        n = _num(g[0])
        unit = g[1].lower().rstrip("s")
        if n is None:
            return "FUTURE_REF", "vague"
        if unit == "day":
            return (pub + dt.timedelta(days=n)).isoformat(), "day"
        if unit == "week":
            return _iso_week(pub + dt.timedelta(days=7 * n)), "week"
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, n)
            return f"{y}-{mo:02d}", "month"
        return str(pub.year + n), "year"
    if kind == "year":
        return g[1], "year"
    if kind == "vague_past":
        return "PAST_REF", "vague"
    if kind == "vague_future":
        return "FUTURE_REF", "vague"
    return None, None


def _candidates(text: str) -> list[tuple[int, int, str, re.Match]]:
    """Non-overlapping matches, the longest first (then the earlier pattern)."""
    found = []
    for prio, (kind, pat) in enumerate(PATTERNS):
        for m in pat.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), prio, kind, m))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int, str, re.Match]] = []
    for s, e, _p, kind, m in found:
        if all(e <= ts or s >= te for ts, te, _k, _m in taken):
            taken.append((s, e, kind, m))
    taken.sort(key=lambda t: t[0])
    return taken


def _year_ok(span: Span, m: re.Match) -> bool:
    """A bare four-digit number is a year when a preposition precedes it or the model says DATE."""
    return bool(m.group(1)) or any(t.ent_type_ == "DATE" for t in span)


def find_expressions(sent: Span, published: str | dt.date | None) -> list[TimeExpr]:
    """Every time expression of one sentence, normalised against the publication date."""
    pub = published if isinstance(published, dt.date) else parse_published(published)
    if pub is None:
        return []
    doc = sent.doc
    out = []
    for s, e, kind, m in _candidates(sent.text):
        span = doc.char_span(sent.start_char + s, sent.start_char + e, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if kind == "year" and not _year_ok(span, m):
            continue
        root = span.root
        anchor = root.head if root.head.i != root.i and root.head not in span else root
        when = tense(governing_verb(anchor))
        if kind in DAY_MONTH_KINDS and _names_a_noun(root):
            # "the Aug. 21 attack": the verb's tense is another act's ("blame ... for an Aug. 21
            # attack", "said the Nov. 3 election was rigged")
            when = NEAREST
        value, precision = evaluate(kind, m, pub, when)
        if value is None:
            continue
        shown = span[1:] if len(span) > 1 and span[0].pos_ == "ADP" else span  # "in March" -> "March"
        out.append(TimeExpr(shown.start_char, shown.end_char, shown.text, root, value, precision))
    return out


def _expressions(sent: Span, pub: dt.date, cache: dict | None) -> list[TimeExpr]:
    """The time expressions of `sent`, found once per sentence when a cache is given."""
    if cache is None:
        return find_expressions(sent, pub)
    if sent.start not in cache:
        cache[sent.start] = find_expressions(sent, pub)
    return cache[sent.start]


def date_for(doc: Doc, event, published: str | None, cache: dict | None = None) -> DateValue:
    """The date of one event: its nearest time expression, else the publication date (fallback)."""
    pub = parse_published(published)
    if pub is None:
        return DateValue()
    tok = trigger_token(doc, event)
    sent = sentence_of(doc, event)
    exprs = _expressions(sent, pub, cache) if sent is not None else []
    if tok is not None:
        # "recent raids" dates the raids, not the accusation about them
        lo, hi = _trigger_range(doc, event, tok)
        # "recent raids", "the July 28 election", "an election next week": a date modifying
        # another noun dates that noun
        exprs = [x for x in exprs if not (x.root.dep_ in NOUN_MODIFIER_DEPS or _names_a_noun(x.root))
                 or lo <= x.root.head.i < hi]
        # "announced on Monday that it would leave": the date of saying is not that of a future act
        if tense(governing_verb(tok)) == "future":
            exprs = [x for x in exprs if not _above_through_clause(tok, x.root)]
    if exprs:
        best = exprs[0] if tok is None else min(exprs, key=lambda x: path_cost(tok, x.root))
        return best.date_value()
    if tok is not None:
        later = _anaphoric_date(doc, tok, pub, cache)
        if later is not None:
            return later
    return DateValue(value=pub.isoformat(), text=None, precision="day", fallback=True)




def _above_through_clause(tok: Token, root: Token) -> bool:
    """Whether `root` hangs from a verb above the clause of `tok` (tok is in its complement)."""
    above: dict[int, bool] = {tok.i: False}
    cur, crossed = tok, False
    while cur.head.i != cur.i:
        crossed = crossed or cur.dep_ in ("ccomp", "parataxis")
        cur = cur.head
        above[cur.i] = crossed
    cur = root
    while cur.i not in above and cur.head.i != cur.i:
        cur = cur.head
    return above.get(cur.i, False)


def _trigger_range(doc: Doc, event, tok: Token) -> tuple[int, int]:
    """Token indices of the trigger (a trigger may be several words: "staging recent raids")."""
    if event.trigger_end is None:
        return tok.i, tok.i + 1
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (tok.i, tok.i + 1)


def _anaphoric_date(doc: Doc, tok: Token, pub: dt.date, cache: dict | None) -> DateValue | None:
    """The date of a later definite or demonstrative mention of the same event noun, within the
    next two sentences: "the two towns agreed on a summit. ... The summit will open on Friday"
    (or "the second day of this summit ..."). The date must belong to the later mention's own
    clause, not to a clause about something else ("the summit, announced on Monday, ...")."""
    if tok.pos_ != "NOUN":
        return None
    sent = tok.sent
    for _ in range(2):
        if sent.end >= len(doc):
            return None
        sent = doc[sent.end].sent
        for t in sent:
            if t.lemma_ != tok.lemma_ or not any(
                    c.dep_ == "det" and c.lower_ in REFERRING_DETS for c in t.children):
                continue
            exprs = [x for x in _expressions(sent, pub, cache)
                     if x.root.dep_ != "amod" and _same_clause(t, x.root)]
            if exprs:
                return min(exprs, key=lambda x: path_cost(t, x.root)).date_value()
            return None
    return None


REFERRING_DETS = {"this", "that", "these", "those", "the"}


def _same_clause(a: Token, b: Token) -> bool:
    """Whether `a` and `b` meet without either climbing out of a subordinate clause."""
    up = {}
    cur = a
    while True:
        up[cur.i] = cur
        if cur.head.i == cur.i:
            break
        cur = cur.head
    cur = b
    while cur.i not in up:
        if cur.dep_ in CLAUSE_DEPS or cur.head.i == cur.i:
            return False
        cur = cur.head
    meet = cur.i
    cur = a
    while cur.i != meet:
        if cur.dep_ in CLAUSE_DEPS:
            return False
        cur = cur.head
    return True


def resolve_dates(doc: Doc, article, events) -> None:
    """Set each event's date in place."""
    cache: dict = {}
    for ev in events:
        ev.date = date_for(doc, ev, article.published, cache)
