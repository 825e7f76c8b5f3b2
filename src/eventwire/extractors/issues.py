"""What an event is about: the issue named in its trigger's phrase ("ceasefire", "prisoner exchange")."""
from __future__ import annotations

import re

# most specific first: a demand for a ceasefire "including the withdrawal of forces" is about withdrawal
ISSUES: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(pat, re.I)) for name, pat in (
    ("prisoner exchange", r"\b(prisoners?|captives?|pows?|detainees?)[- ](exchange|swap)s?\b|\b(exchange|swap)s? of (prisoners|captives|pows|detainees|bodies)\b"),
    ("withdrawal", r"\bwithdr[ae]w(al|als|n|s|ing)?\b|\bpull(ed|ing)?[- ]?out\b|\bpullout\b"),
    ("release", r"\brelease[sd]?\b|\bfreeing\b"),
    ("ceasefire", r"\bcease-?fires?\b|\barmistices?\b|\bcessation of (the )?(hostilities|fighting)\b"),
    # a temporary stop is not a ceasefire: "a three-day pause in fighting", "a humanitarian pause",
    # "a lull"; a truce says so
    ("truce", r"\btruces?\b"),
    ("pause", r"\bpauses?\b|\blulls?\b|\brespites?\b"),
    ("sanctions", r"\bsanctions?\b|\bembargo(es)?\b"),
    ("aid", r"\b(aid|assistance)\b"),
    ("nuclear", r"\bnuclear\b|\bdenucleari[sz]ation\b"),
    ("peace talks", r"\bpeace (talks|negotiations|process|deal|agreement|plan)\b"),
    ("trade", r"\btrade\b|\btariffs?\b"),
    ("elections", r"\belections?\b|\bvote\b"),
))


def issue_of(text: str) -> str | None:
    for name, pat in ISSUES:
        if pat.search(text):
            return name
    return None
