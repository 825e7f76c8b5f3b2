"""Quantities in an event's sentence: killed, injured, arrested, protesters and durations."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "dozen": 12, "a dozen": 12,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# what a counted noun or a participle after a number means
KILLED = {"kill", "killed", "dead", "death", "die", "fatality", "life", "body", "victim", "casualty_dead"}
INJURED = {"injure", "injured", "wound", "wounded", "injury", "hurt", "casualty"}
ARRESTED = {"arrest", "arrested", "detain", "detained", "detainee", "arrest_n"}
PROTESTERS = {"protester", "protestor", "demonstrator", "marcher", "striker", "rioter"}
ABOUT = {"over": "more_than", "more": "more_than", "at": "at_least", "least": "at_least",
         "nearly": "about", "about": "about", "around": "about", "some": "about", "almost": "about",
         "roughly": "about", "approximately": "about", "up": "up_to"}

_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|sixty|ninety)"
_UNIT = r"(hour|day|week|month|year)s?"
DURATION_RANGE = re.compile(rf"\b({_NUM})(?:\s*-\s*to\s*-\s*|\s+to\s+|\s*-\s*|\s*–\s*|\s+or\s+)({_NUM})[\s-]{_UNIT}\b", re.I)
DURATION_ONE = re.compile(rf"\b({_NUM})[\s-]{_UNIT}\b", re.I)


def number_value(tok: Token) -> int | None:
    """The integer a number token (with its number compounds) stands for, if any."""
    text = tok.text.lower().replace(",", "")
    if text.isdecimal():  # not isdigit: superscripts such as "³" are digits that int() refuses
        val = int(text)
    elif text in WORD_NUMBERS:
        val = WORD_NUMBERS[text]
    else:
        try:
            val = int(float(text))
        except ValueError:
            return None
    for right in tok.doc[tok.i + 1: tok.i + 3]:
        if right.lower_ in SCALES and right.head == tok.head:
            val *= SCALES[right.lower_]
    for left in tok.children:
        if left.dep_ == "compound" and left.lower_ in SCALES:
            val *= SCALES[left.lower_]
    return val


def _qualifier(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ in ("advmod", "quantmod", "amod") and c.lower_ in ABOUT:
            return ABOUT[c.lower_]
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.lower_ in ABOUT:
        return ABOUT[prev.lower_]
    return None


def _kind(word: Token) -> str | None:
    lem = word.lemma_.lower()
    low = word.lower_
    if lem in KILLED or low in KILLED:
        return "killed"
    if lem in INJURED or low in INJURED:
        return "injured"
    if lem in ARRESTED or low in ARRESTED:
        return "arrested"
    if lem in PROTESTERS or low in PROTESTERS:
        return "protesters"
    return None


def count_quantities(sent: Span) -> dict:
    """Counted outcomes in a sentence: {"killed": 7, "injured": 100, "injured_qualifier": "more_than"}."""
    out: dict = {}
    for tok in sent:
        if not (tok.like_num or tok.lower_ in WORD_NUMBERS) or tok.ent_type_ in ("DATE", "TIME", "MONEY",
                                                                                 "PERCENT", "ORDINAL"):
            continue
        val = number_value(tok)
        if val is None:
            continue
        kind = None
        head = tok.head
        if tok.dep_ in ("nummod", "quantmod", "amod", "compound"):
            kind = _kind(head)
            if kind is None and head.head is not head:
                # "seven people were killed", "100 people injured"
                gov = head.head
                if head.dep_ in ("nsubjpass", "nsubj", "dobj") and gov.pos_ in ("VERB", "ADJ"):
                    kind = _kind(gov)
                elif head.dep_ in ("acl",):
                    kind = _kind(gov)
                else:
                    for c in head.children:
                        if c.dep_ in ("acl", "amod") and _kind(c):
                            kind = _kind(c)
                            break
        elif tok.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj", "appos"):
            # "killing 40", "killed at least 12", "40 were killed"
            kind = _kind(head)
            if kind is None:
                for c in tok.children:
                    if c.dep_ in ("amod", "acl") and _kind(c):
                        kind = _kind(c)
        if kind and kind not in out:
            out[kind] = val
            q = _qualifier(tok)
            if q:
                out[f"{kind}_qualifier"] = q
    return out


def duration(text: str) -> str | None:
    """A duration named in the text: "45-day" for one length, "4-5 days" for a range."""
    m = DURATION_RANGE.search(text)
    if m:
        a, b = (_as_int(m.group(1)), _as_int(m.group(2)))
        if a is not None and b is not None and a < b:
            return f"{a}-{b} {m.group(3).lower()}s"
    m = DURATION_ONE.search(text)
    if m:
        n = _as_int(m.group(1))
        if n is not None:
            return f"{n}-{m.group(2).lower()}"
    return None


def _as_int(s: str) -> int | None:
    s = s.lower()
    if s.isdigit():
        return int(s)
    return WORD_NUMBERS.get(s)
