"""Negotiation threads: `responds_to` links an answer to the proposal, demand or offer it answers.

An answer is a REJECT, AGREE or CONCEDE event (or an accepting, declining, refusing trigger).
Its object names what it answers: a definite reference ("declined the offer", "rejected the
proposal", "accepted the terms"), a possessed one ("the rebels' proposal"), or the issue itself
("ruled out the idea of a truce"). Proposals are REQUEST events and events whose
trigger proposes, offers, suggests or demands. The best proposal in the same article shares the
answer's issue, matches the reference's kind (an offer for "the offer"), comes from another party
(the one named as possessor, if any), and, other things equal, is the nearest one before it.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .syntax import trigger_token

ANSWER_TYPES = {"REJECT", "AGREE", "CONCEDE"}
ANSWER_LEMMAS = {"reject", "decline", "refuse", "accept", "agree", "dismiss", "rebuff", "spurn",
                 "turn", "welcome", "endorse", "approve", "embrace", "snub", "veto"}
PROPOSE_LEMMAS = {"propose", "offer", "suggest", "demand", "call", "urge", "request", "ask",
                  "advocate", "present", "put", "table", "push", "seek", "insist", "invite",
                  "proposal", "offer", "suggestion", "demand", "plan", "initiative", "request",
                  "call", "ultimatum", "terms", "condition", "appeal", "bid", "idea", "deal"}
# the noun a definite reference uses, and the trigger lemmas it fits best
REFERENCE_KINDS = {
    "offer": {"offer", "suggest", "propose", "proposal", "suggestion"},
    "proposal": {"propose", "proposal", "suggest", "advocate", "present", "plan", "offer", "call"},
    "suggestion": {"suggest", "suggestion", "propose", "offer"},
    "plan": {"plan", "propose", "proposal", "present", "initiative"},
    "initiative": {"initiative", "propose", "plan"},
    "demand": {"demand", "request", "insist", "call", "ultimatum", "ask"},
    "demands": {"demand", "request", "insist", "call", "ultimatum", "ask"},
    "request": {"request", "ask", "call", "demand", "appeal"},
    "call": {"call", "urge", "appeal", "advocate", "demand"},
    "appeal": {"appeal", "call", "urge"},
    "terms": {"demand", "terms", "condition", "offer", "propose", "present"},
    "conditions": {"demand", "terms", "condition", "insist"},
    "ultimatum": {"ultimatum", "demand"},
    "deal": {"offer", "propose", "deal", "proposal"},
    "idea": {"suggest", "propose", "idea"},
    "invitation": {"invite"},
}
# words that name an issue, folded to one key
ISSUE_WORDS = {
    "ceasefire": "ceasefire", "cease-fire": "ceasefire", "truce": "ceasefire", "pause": "ceasefire",
    "armistice": "ceasefire", "halt": "ceasefire",
    "exchange": "prisoner exchange", "swap": "prisoner exchange", "prisoners": "prisoner exchange",
    "prisoner": "prisoner exchange", "withdrawal": "withdrawal", "withdraw": "withdrawal",
    "talks": "talks", "negotiations": "talks", "meeting": "talks", "summit": "talks",
    "sanctions": "sanctions", "aid": "aid", "peace": "peace", "corridor": "humanitarian corridor",
    "evacuation": "humanitarian corridor", "referendum": "referendum", "election": "election",
    "elections": "election", "deal": "deal", "agreement": "deal",
}


def _fold_issue(issue: str | None) -> str | None:
    if not issue:
        return None
    for w in issue.lower().replace("-", " ").split():
        if w in ISSUE_WORDS:
            return ISSUE_WORDS[w]
    return issue.lower()


def _issues_in(tokens) -> set[str]:
    return {ISSUE_WORDS[t.lower_] for t in tokens if t.lower_ in ISSUE_WORDS}


def _object_of(tok: Token) -> Token | None:
    """The head noun of what the answer answers: "declined [the offer]", "rejection of [the plan]"."""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "obj"):
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "to", "on", "with"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def is_answer(event, tok: Token | None) -> bool:
    if tok is not None and tok.lemma_.lower() in ANSWER_LEMMAS:
        return True
    return event.type in ANSWER_TYPES and not (tok is not None and tok.lemma_.lower() in PROPOSE_LEMMAS)


def is_proposal(event, tok: Token | None) -> bool:
    """REQUEST events, and any event whose trigger proposes or offers (CAMEO 03 offers are
    often typed AGREE: "the mediators suggested a truce")."""
    if tok is not None and tok.lemma_.lower() in ANSWER_LEMMAS:
        return False
    if event.type == "REQUEST":
        return True
    return tok is not None and tok.lemma_.lower() in PROPOSE_LEMMAS


def _possessor(obj: Token) -> Token | None:
    for c in obj.children:
        if c.dep_ == "poss":
            return c
    return None


def _actor_of_token(tok: Token, registry) -> str | None:
    if registry is None:
        return None
    try:
        actor = registry.actor_for_span(tok.doc[tok.left_edge.i: tok.right_edge.i + 1]
                                        if tok.dep_ != "poss" else tok.doc[tok.i: tok.i + 1])
    except Exception:  # the registry is another stage's; a miss must not stop the article
        return None
    return getattr(actor, "id", None)


def _proposal_issues(p, ptok: Token | None) -> set[str]:
    found = set()
    if _fold_issue(p.issue):
        found.add(_fold_issue(p.issue))
    if ptok is not None:
        found |= _issues_in(ptok.subtree)
    return found


def best_proposal(doc: Doc, answer, events, registry=None):
    """The proposal event that `answer` responds to, or None."""
    atok = trigger_token(doc, answer)
    if not is_answer(answer, atok):
        return None
    obj = _object_of(atok) if atok is not None else None
    ref = obj.lemma_.lower() if obj is not None else None
    ref_text = obj.lower_ if obj is not None else None
    answer_issues = set()
    if _fold_issue(answer.issue):
        answer_issues.add(_fold_issue(answer.issue))
    if obj is not None:
        answer_issues |= _issues_in(obj.subtree)
    poss = _possessor(obj) if obj is not None else None
    poss_actor = _actor_of_token(poss, registry) if poss is not None else None
    poss_text = poss.lower_ if poss is not None else None
    best, best_score = None, 0.0
    for p in events:
        if p is answer:
            continue
        ptok = trigger_token(doc, p)
        if not is_proposal(p, ptok):
            continue
        if answer.source and p.source and answer.source == p.source:
            continue  # a party does not answer its own proposal
        score = 0.0
        kinds = REFERENCE_KINDS.get(ref_text or "") or REFERENCE_KINDS.get(ref or "")
        if kinds and ptok is not None and ptok.lemma_.lower() in kinds:
            score += 3.0
        p_issues = _proposal_issues(p, ptok)
        if answer_issues and p_issues & answer_issues:
            score += 3.0
        elif answer_issues and p_issues and not (p_issues & answer_issues):
            score -= 1.0
        if poss is not None:
            if poss_actor and p.source == poss_actor:
                score += 3.0
            elif ptok is not None and poss_text and any(
                    t.lower_ == poss_text for t in ptok.sent if t.dep_ in ("nsubj", "poss")):
                score += 2.0
            elif p.source and poss_actor and p.source != poss_actor:
                score -= 3.0
        if answer.source and p.target and p.target == answer.source:
            score += 1.0
        p_at = p.trigger_start if p.trigger_start is not None else p.evidence.start
        a_at = answer.trigger_start if answer.trigger_start is not None else answer.evidence.start
        if p_at <= a_at:
            # a definite reference points back: the nearest earlier proposal first
            score += 1.0 - min(a_at - p_at, 5000) / 10000
        if score > best_score:
            best, best_score = p, score
    return best if best_score >= 3.0 else None


def link_threads(doc: Doc, events, registry=None) -> None:
    """Set `responds_to` on each answer event in place."""
    for ev in events:
        p = best_proposal(doc, ev, events, registry)
        if p is not None:
            ev.responds_to = p.id
