"""Each event's status (DESIGN.md): asserted, attributed, alleged, denied, expected, hypothetical,
negated; and `attributed_to`, the statement whose content holds the event.

Precedence, strongest first: negated, hypothetical (conditionals, could/might), denied (a denying
cue), alleged (a distancing cue, or the article marks the incident unclaimed or unverified in its
sentence or the next one about it), expected (future, "expected to", "plans to", scheduled, a date
after publication), attributed (a neutral or confirming cue), asserted. Cues come from the
statements (their `stance`); when no statement holds the event, the reporting verb above the
trigger in the parse decides ("accused the rebels of attacking the convoy" makes the attack alleged).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .dates import parse_published
from .syntax import CLAUSE_DEPS, governing_verb, is_future, is_verb, trigger_token

DISTANCING = {"allege", "claim", "accuse", "insist", "purport", "contend", "blame", "charge",
              "allegation", "accusation", "assert", "maintain"}
DENYING = {"deny", "refute", "dispute", "denial", "disavow"}
NEUTRAL = {"say", "state", "tell", "announce", "confirm", "inform", "report", "add", "note",
           "indicate", "explain", "write", "declare", "acknowledge", "admit", "reveal",
           "disclose", "suggest", "believe", "think", "warn", "estimate", "show", "testify",
           "statement", "announcement", "report"}
STANCE_STATUS = {"denying": "denied", "distancing": "alleged", "neutral": "attributed",
                 "confirming": "attributed", "hedged": "attributed"}
ALLEGED_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly", "ostensibly"}
VERIFY = {"verify", "confirm", "corroborate", "establish"}
POSSIBLE_MODALS = {"could", "might", "may", "can", "should", "must"}
CONDITION_MARKS = {"if", "unless", "provided", "whether"}
# Events whose happening can be verified or claimed (not speech acts such as ACCUSE or REJECT).
MATERIAL = {"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "AID", "SANCTION", "COOPERATE",
            "PROTEST", "CONCEDE"}
VIOLENT = {"ASSAULT", "COERCE"}
# "did not accept" typed REJECT already carries its negation in the type
POSITIVE_ANSWERS = {"accept", "agree", "approve", "support", "endorse", "back", "welcome"}

UNVERIFIED = re.compile(
    r"\b(?:unverified|unconfirmed|"
    r"(?:could|can|would)\s*(?:not|n[o']t)\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)|"
    r"cannot\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)|"
    r"(?:has|have|had|was|were)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:independently\s+)?(?:verif|confirm)|"
    r"unable\s+to\s+(?:independently\s+)?(?:verify|confirm)|"
    r"not\s+(?:been\s+)?independently\s+(?:verif|confirm))", re.I)
UNCLAIMED = re.compile(
    r"\b(?:(?:has|have|had|did)\s*(?:not|n[o']t)\s+(?:yet\s+)?(?:publicly\s+)?claim(?:ed)?\s+responsibility|"
    r"no\s+(?:one|group|party|side)\s+(?:has\s+|had\s+)?(?:yet\s+)?claimed\s+responsibility|"
    r"(?:has|have|had|did)\s*(?:not|n[o']t)\s+(?:yet\s+)?(?:acknowledged|claimed)\s+(?:involvement|the\s+attack))",
    re.I)
BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?:incident|incidents|attack|attacks|strike|strikes|"
    r"explosion|explosions|blast|bombing|claim|claims|report|reports|assault|raid|shelling|"
    r"figures|account|accounts|allegation|allegations|killing|killings)\b|^\s*(?:It|This)\b", re.I)


def is_negated(tok: Token, event_type: str | None = None) -> bool:
    """Whether the trigger is negated ("did not attack", "no attack took place")."""
    if event_type == "REJECT" and tok.lemma_ in POSITIVE_ANSWERS:
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True
    if not is_verb(tok) and tok.dep_ in ("dobj", "nsubj", "nsubjpass"):
        head = tok.head
        if any(c.dep_ == "neg" for c in head.children) and head.lemma_ not in NEUTRAL | DISTANCING | VERIFY:
            return True
    return False


def _clause_chain(tok: Token) -> list[Token]:
    """The trigger's governing verb and the verbs it hangs from through non-clausal edges."""
    chain = []
    cur = governing_verb(tok)
    chain.append(cur)
    while cur.head.i != cur.i and cur.dep_ in ("xcomp", "conj", "acomp", "aux", "prep", "pcomp"):
        cur = governing_verb(cur.head)
        chain.append(cur)
    return chain


def is_hypothetical(tok: Token) -> bool:
    """Conditionals and bare possibility: "if talks fail, Russia would attack", "could strike"."""
    sent = tok.sent
    for v in _clause_chain(tok):
        aux = {c.lower_ for c in v.children if c.dep_ == "aux"}
        if v.lemma_ in ("verify", "confirm", "corroborate", "establish"):
            continue  # "could not be verified" qualifies the report, not the event
        if aux & {"could", "might", "may"}:
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in v.children):
            return True
        if any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless")
                                         for g in c.children) for c in v.children):
            return True
        if aux & {"would", "'d"} and any(t.lower_ in ("if", "unless") for t in sent):
            return True
        if v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                     for c in v.children):
            return True
    return False


def is_expected(tok: Token, event=None, published: str | None = None) -> bool:
    """Future, planned or scheduled: "will meet", "expected to take place", "scheduled talks"."""
    for v in _clause_chain(tok)[:2]:
        if is_future(v):
            return True
    # "the planned talks", "the upcoming summit", "talks scheduled for Friday"
    for c in tok.children:
        if c.lemma_ in ("plan", "schedule", "upcoming", "propose", "expected", "expect", "future") \
                and c.dep_ in ("amod", "acl", "compound"):
            return True
        if c.dep_ == "acl" and c.lemma_ in ("schedule", "plan", "set", "expect", "due"):
            return True
    date = getattr(event, "date", None)
    pub = parse_published(published)
    if date is not None and date.value and not date.fallback:
        if date.value == "FUTURE_REF":
            return True
        start = date.value.split("/")[0]
        if pub is not None and len(start) == 10 and start > pub.isoformat():
            return True
    return False


def reported_stance(tok: Token) -> tuple[str | None, Token | None]:
    """The stance of a reporting word above the trigger: ("distancing", accused) for
    "accused the rebels of attacking the convoy"; (None, None) when there is none."""
    cur = tok
    crossed = False
    for _ in range(12):
        if cur.head.i == cur.i:
            break
        dep = cur.dep_
        cur = cur.head
        if dep in CLAUSE_DEPS or dep in ("pcomp", "pobj", "prep", "acl", "dobj", "xcomp"):
            crossed = True
        lemma = cur.lemma_.lower()
        if crossed and lemma in DENYING:
            return "denying", cur
        if crossed and lemma in DISTANCING:
            return "distancing", cur
        if crossed and lemma in NEUTRAL and dep in ("ccomp", "parataxis", "acl", "relcl"):
            return "neutral", cur
        if cur.lower_ == "to" and cur.head.lower_ == "according":
            return "neutral", cur.head
    # "X killed Y, the ministry said": the reporting verb hangs from the main clause
    root = tok.sent.root
    for c in root.children:
        if c.dep_ in ("parataxis", "ccomp", "advcl") and c.i > tok.i and c.lemma_ in NEUTRAL | DISTANCING \
                and any(g.dep_ == "nsubj" for g in c.children):
            return ("distancing" if c.lemma_ in DISTANCING else "neutral"), c
    for t in tok.sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            return "neutral", t
    return None, None


def _marked_unverified(doc: Doc, tok: Token, event_type: str | None) -> bool:
    sent = tok.sent
    if event_type in MATERIAL and UNVERIFIED.search(sent.text):
        return True
    if event_type in VIOLENT and UNCLAIMED.search(sent.text):
        return True
    if any(c.lower_ in ALLEGED_ADVERBS for v in _clause_chain(tok) for c in v.children) or \
            any(c.lower_ in ALLEGED_ADVERBS for c in tok.children):
        return True
    if event_type in MATERIAL and sent.end < len(doc):
        nxt = doc[sent.end].sent
        if BACK_REFERENCE.search(nxt.text) and (
                UNVERIFIED.search(nxt.text) or (event_type in VIOLENT and UNCLAIMED.search(nxt.text))):
            return True
    return False


def _statement_for(event, statements):
    if event.trigger_start is None:
        return None
    inside = [s for s in statements
              if s.start is not None and s.end is not None and s.start <= event.trigger_start < s.end]
    return min(inside, key=lambda s: s.end - s.start) if inside else None


def _stance_of(statement) -> str:
    if statement.stance:
        return statement.stance
    lemma = (statement.cue or "").lower()
    if any(lemma.startswith(d) for d in ("den", "refut", "disput")):
        return "denying"
    if any(lemma.startswith(d) for d in ("alleg", "claim", "accus", "insist", "purport")):
        return "distancing"
    return "neutral"


def status_for(doc: Doc, event, statements, published: str | None = None) -> tuple[str, str | None]:
    """(status, attributed_to) of one event."""
    tok = trigger_token(doc, event)
    st = _statement_for(event, statements)
    attributed_to = st.id if st is not None else None
    if tok is None:
        return ("attributed" if st is not None else "asserted"), attributed_to
    if is_hypothetical(tok):
        return "hypothetical", attributed_to
    if event.negated or is_negated(tok, event.type):
        return "negated", attributed_to
    stance = _stance_of(st) if st is not None else reported_stance(tok)[0]
    if stance == "denying":
        return "denied", attributed_to
    if stance == "distancing" or _marked_unverified(doc, tok, event.type):
        return "alleged", attributed_to
    if is_expected(tok, event, published):
        return "expected", attributed_to
    if stance is not None:
        return "attributed", attributed_to
    return "asserted", attributed_to


def assign_status(doc: Doc, events, statements, published: str | None = None) -> None:
    """Set each event's status and attributed_to in place."""
    for ev in events:
        ev.status, ev.attributed_to = status_for(doc, ev, statements, published)
