"""Dependency-tree helpers shared by the resolvers: the trigger token, tense, and tree distance."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Verbs whose infinitive or passive complement describes something still to come:
# "expected to take place", "plans to", "scheduled for Friday", "due to meet", "set to".
FUTURE_LEMMAS = {
    "expect", "plan", "schedule", "due", "set", "intend", "aim", "prepare", "hope", "want",
    "seek", "propose", "promise", "vow", "pledge", "threaten", "offer", "agree", "decide",
    "plot", "slate", "poise", "ready", "going", "wish", "likely", "prepared", "willing",
    "expected", "scheduled", "planned",
}
# Passive or adjectival forms that put their own clause in the future ("talks scheduled for").
FUTURE_PARTICIPLES = {"expect", "schedule", "plan", "slate", "set", "due", "timetable", "propose"}
FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "'d"}
MODAL_POSSIBLE = {"could", "might", "may", "can", "should", "must"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis", "csubj"}


def trigger_token(doc: Doc, event) -> Token | None:
    """The token at the event's trigger (its syntactic head when the trigger has several)."""
    if event.trigger_start is None:
        return None
    end = event.trigger_end if event.trigger_end is not None else event.trigger_start + 1
    end = max(end, event.trigger_start + 1)  # never an empty or inverted span
    span = doc.char_span(event.trigger_start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def sentence_of(doc: Doc, event) -> Span | None:
    tok = trigger_token(doc, event)
    if tok is not None:
        return tok.sent
    ev = getattr(event, "evidence", None)
    if ev is not None:
        span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
        if span is not None and len(span):
            return span[0].sent
    return None


def lemma_in(tok: Token, words: set[str]) -> bool:
    """The lemma or a crudely stemmed form is in `words` (the lemmatizer reads "hopes" as "hop")."""
    low = tok.lower_
    return (tok.lemma_.lower() in words or low in words
            or any(low.endswith(suf) and low[: -len(suf)] in words for suf in ("s", "es", "d", "ed", "ing")))


def is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def governing_verb(tok: Token) -> Token:
    """The nearest verb at or above `tok` (the token itself when it is a verb)."""
    cur = tok
    while not is_verb(cur) and cur.head.i != cur.i:
        cur = cur.head
    return cur


def _aux_words(verb: Token) -> list[str]:
    return [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]


def tense(verb: Token, depth: int = 0) -> str:
    """'past', 'present' or 'future' for the clause of `verb` (modals count as future)."""
    if depth > 6:
        return "past"
    if not is_verb(verb):
        v = governing_verb(verb)
        if v.i == verb.i or not is_verb(v):
            return "past"
        verb = v
    aux = _aux_words(verb)
    if any(a in FUTURE_AUX or a in MODAL_POSSIBLE for a in aux):
        return "future"
    if "did" in aux:
        return "past"
    if "do" in aux or "does" in aux:
        return "present"
    # "is going to", "are to": be + infinitive
    if verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"
    if verb.lemma_ in FUTURE_PARTICIPLES and verb.tag_ in ("VBN", "JJ"):
        return "future"
    if verb.lemma_ == "due" or verb.lower_ == "due":
        return "future"
    tag = verb.tag_
    if tag == "VBD":
        return "past"
    if tag == "VBN":
        if any(a in ("has", "have", "had", "'s", "'ve", "was", "were", "been") for a in aux):
            return "past"
        if any(a in ("is", "are", "am", "be") for a in aux):
            return "present"
        # participle modifying a noun ("talks held on Monday"): past, unless the head is future
        return "past"
    if tag in ("VBZ", "VBP"):
        return "present"
    if tag == "VBG":
        if any(a in ("was", "were") for a in aux):
            return "past"
        if any(a in ("is", "are", "am", "'re", "'m") for a in aux):
            return "future"
        if verb.head.i != verb.i:
            return tense(verb.head, depth + 1)
        return "present"
    if tag == "VB":
        head = verb.head
        has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if has_to and head.i != verb.i:
            if lemma_in(head, FUTURE_LEMMAS):
                return "future"
            if head.pos_ in ("ADJ",) and head.dep_ in ("acomp", "amod"):
                return tense(head.head, depth + 1) if head.head.i != head.i else "future"
            t = tense(head, depth + 1)
            return "future" if t in ("present", "future") else "past"
        if verb.dep_ == "conj" and head.i != verb.i:
            return tense(head, depth + 1)
        if head.i != verb.i and head.dep_ != "ROOT" and verb.dep_ in ("xcomp", "ccomp"):
            return tense(head, depth + 1)
        if head.i != verb.i:
            return tense(head, depth + 1)
        return "future"
    if tag in ("JJ",) and verb.head.i != verb.i:
        return tense(verb.head, depth + 1)
    return "past"


def is_future(verb: Token, depth: int = 0) -> bool:
    """A clause that announces something to come: will/shall/would, "going to", "is to", or the
    infinitive of expect, plan, schedule, agree, vow...; stricter than `tense`, which also reads
    present and progressive forms as future (right for "meets on Friday", wrong for a status)."""
    if depth > 4:
        return False
    if not is_verb(verb):
        verb = governing_verb(verb)
        if not is_verb(verb):
            return False
    aux = _aux_words(verb)
    if any(a in FUTURE_AUX for a in aux):
        return True
    if verb.lemma_ in FUTURE_PARTICIPLES and verb.tag_ in ("VBN", "JJ"):
        return True
    if verb.lower_ == "due":
        return True
    head = verb.head
    if verb.tag_ == "VB" and "to" in aux and head.i != verb.i:
        if lemma_in(head, FUTURE_LEMMAS):
            return True
        if head.lemma_ == "be" or head.lower_ == "going":  # "is to travel", "is going to"
            return True
        if head.pos_ == "ADJ":
            return head.lemma_ in FUTURE_LEMMAS
        return is_future(head, depth + 1)  # "will be used to rebuild"
    if verb.dep_ == "conj" and head.i != verb.i and not aux:
        return is_future(head, depth + 1)
    return False


def path_cost(a: Token, b: Token) -> float:
    """Tree distance from `a` to `b`: climbing costs more than descending, clause edges more still.

    An expression attached below the trigger (its own modifier) is cheaper than one attached to a
    verb above it, and one in another clause (across "said that ...") costs most.
    """
    if a.sent.start != b.sent.start:
        return 1e6
    up_a = [a]
    while up_a[-1].head.i != up_a[-1].i:
        up_a.append(up_a[-1].head)
    pos = {t.i: n for n, t in enumerate(up_a)}
    cost_down = 0.0
    cur = b
    while cur.i not in pos:
        cost_down += 3.0 if cur.dep_ in CLAUSE_DEPS else 1.0
        if cur.head.i == cur.i:
            return 1e6
        cur = cur.head
    cost_up = 0.0
    for t in up_a[: pos[cur.i]]:
        cost_up += 3.5 if t.dep_ in CLAUSE_DEPS else 1.5
    return cost_up + cost_down
