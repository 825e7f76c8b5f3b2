"""The attribution cue lexicon: verbs and nouns that introduce what someone said, with their stance.

Stance says how the cue presents the content (used to set an event's status):
  neutral     said, stated, told, announced          -> attributed
  confirming  confirmed, acknowledged, admitted       -> attributed
  distancing  claimed, alleged, insisted, accused     -> alleged
  denying     denied, rejected, dismissed             -> denied
  hedged      indicated, suggested, believed, hoped   -> the reader cannot take it as said outright

Written by the project. A cue's frame says which complements make it an attribution:
  "clause"  a clausal complement (that-clause, direct quote, ccomp, wh-clause)
  "to"      an infinitive complement counts too ("urged Kyiv to withdraw", "vowed to retaliate")
  "object"  a noun-phrase object counts too ("denied the report", "accused Kyiv of ...");
            verbs whose object is the addressee ("told reporters") lack it
"""
from __future__ import annotations

from dataclasses import dataclass

STANCES = ("neutral", "confirming", "distancing", "denying", "hedged")


@dataclass(frozen=True)
class Cue:
    lemma: str
    stance: str
    frames: frozenset[str]
    quote_only: bool = False  # a cue only beside a direct quote ("continued", "joked")


def _table(stance: str, frames: str, words: str, quote_only: bool = False) -> dict[str, Cue]:
    fs = frozenset(frames.split())
    return {w: Cue(w, stance, fs, quote_only) for w in words.split()}


VERB_CUES: dict[str, Cue] = {}
for _t in (
    _table("neutral", "clause object", """say state add write note announce explain report declare
        tweet post reply respond answer remark comment testify recall reiterate repeat mention
        observe conclude estimate predict stress emphasize emphasise reveal disclose publish
        describe wonder cite offer seek question express highlight identify recommend advocate
        request call demand"""),
    # the object of these is the person addressed ("told reporters"), never what was said
    _table("neutral", "clause", "tell inform brief remind warn ask"),
    _table("neutral", "clause to", "urge"),
    _table("neutral", "clause to object", "promise pledge vow propose threaten plan"),
    _table("neutral", "clause", "continue joke quip shout exclaim muse", quote_only=True),
    _table("confirming", "clause object", """confirm acknowledge admit concede verify affirm
        certify praise welcome endorse support back defend applaud congratulate thank hail tout"""),
    _table("confirming", "clause", "assure"),
    _table("confirming", "clause to object", "agree"),
    _table("distancing", "clause object", """claim allege insist contend assert maintain argue
        charge accuse blame criticize criticise condemn attack blast slam mock oppose challenge
        denounce decry complain"""),
    _table("denying", "clause object", "deny reject dismiss refute dispute"),
    _table("denying", "clause to object", "refuse decline"),
    _table("hedged", "clause object", """indicate suggest hint imply signal speculate think
        believe feel know fear worry doubt guess suppose assume find show view portray
        characterize label dub"""),
    _table("hedged", "clause to object", "hope expect want intend"),
):
    for _k, _v in _t.items():
        assert _k not in VERB_CUES, f"cue {_k!r} listed twice"
        VERB_CUES[_k] = _v

# particle or preposition that belongs to the cue ("called for", "pointed out")
PHRASAL = {
    ("call", "for"): "neutral", ("call", "on"): "neutral", ("point", "out"): "neutral",
    ("point", "to"): "neutral", ("speak", "of"): "neutral", ("warn", "of"): "neutral",
    ("complain", "about"): "distancing", ("talk", "about"): "neutral", ("refer", "to"): "neutral",
    ("ask", "about"): "neutral", ("call", "out"): "distancing", ("speak", "about"): "neutral",
}

NOUN_CUES: dict[str, str] = {
    "statement": "neutral", "remark": "neutral", "comment": "neutral", "announcement": "neutral",
    "report": "neutral", "warning": "neutral", "testimony": "neutral", "assurance": "confirming",
    "confirmation": "confirming", "admission": "confirming", "acknowledgment": "confirming",
    "claim": "distancing", "allegation": "distancing", "assertion": "distancing",
    "accusation": "distancing", "charge": "distancing", "insistence": "distancing",
    "denial": "denying", "rejection": "denying", "suggestion": "hedged", "belief": "hedged",
    "view": "hedged", "hope": "hedged", "fear": "hedged", "promise": "neutral", "pledge": "neutral",
    "demand": "neutral", "call": "neutral", "proposal": "neutral",
}

# "according to X": a fixed cue with neutral stance
ACCORDING = ("according", "to")


def verb_cue(lemma: str) -> Cue | None:
    return VERB_CUES.get(lemma.lower())


def noun_stance(lemma: str) -> str | None:
    return NOUN_CUES.get(lemma.lower())


def phrasal_cue(tok) -> Cue | None:
    """A verb that is a cue only with its particle ("referred to", "pointed out")."""
    for c in tok.children:
        if c.i == tok.i + 1 and (tok.lemma_, c.lower_) in PHRASAL:
            return Cue(tok.lemma_, PHRASAL[(tok.lemma_, c.lower_)], frozenset({"clause", "object"}))
    return None
