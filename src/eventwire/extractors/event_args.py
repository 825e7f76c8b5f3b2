"""Source and target of an event predicate from the dependency parse: voice, control, coordination."""
from __future__ import annotations

from spacy.tokens import Span, Token

from .event_lexicon import OCCUR_VERBS, PART_NOUNS, ROLE_NOUNS

ACTOR_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC_ORG"}
SUBJ = ("nsubj", "csubj", "nsubjpass")
PRONOUN_ACTORS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "us", "who"}
# right-hand dependents that stay inside a noun phrase
NP_RIGHT_KEEP = {"compound", "nummod", "amod", "flat", "case", "poss"}
TARGET_PREPS = {"against", "on", "upon", "at", "to", "with", "toward", "towards", "into", "from", "for",
                "over", "in", "of", "between", "among", "by"}
# prepositions that introduce the target of each type, most likely first
TYPE_PREPS = {
    "ASSAULT": ("on", "against", "at", "upon", "in"), "COERCE": ("on", "against", "from", "in"),
    "SANCTION": ("on", "against", "from", "to"), "ACCUSE": ("against", "of", "on", "over", "to"),
    "REQUEST": ("on", "upon", "to", "from", "of"), "AID": ("to", "for", "with"),
    "CONSULT": ("with", "to", "in"), "AGREE": ("with", "to"), "COOPERATE": ("with", "to"),
    "SUPPORT": ("for", "to", "of", "with"), "REJECT": ("from", "of", "by", "to"),
    "THREATEN": ("against", "on", "to", "with"), "PROTEST": ("against", "outside", "at", "over", "in"),
    "MOBILIZE": ("to", "against", "near", "on", "in"), "RETREAT": ("from", "to", "of"),
    "CONCEDE": ("to", "on", "for"),
}


def np_span(tok: Token, keep_conj: bool = False) -> Span:
    """The noun phrase headed by `tok`, without relative clauses, appositions or other conjuncts."""
    doc = tok.doc
    left = tok.i
    for c in tok.lefts:
        if c.dep_ in ("punct", "cc", "preconj") and c.i == tok.left_edge.i:
            continue
        left = min(left, c.left_edge.i)
        break
    right = tok.i
    for c in tok.rights:
        if c.dep_ in NP_RIGHT_KEEP or (c.dep_ == "prep" and c.lower_ == "of" and tok.ent_type_ == ""
                                         and tok.lower_ in ROLE_NOUNS):
            right = c.right_edge.i
        elif keep_conj and c.dep_ in ("cc", "conj"):
            right = c.right_edge.i
        else:
            break
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left: right + 1]


def is_actor_like(tok: Token) -> bool:
    """A noun that can name an actor: a person, organisation, place or group, a role noun, a pronoun."""
    if tok.ent_type_ in ACTOR_ENTS:
        return True
    if tok.pos_ == "PRON":
        return tok.lower_ in PRONOUN_ACTORS
    if tok.pos_ == "PROPN" and tok.ent_type_ not in ("DATE", "TIME", "MONEY", "CARDINAL", "PERCENT",
                                                     "QUANTITY", "ORDINAL", "EVENT", "LAW"):
        return True
    return tok.lemma_.lower() in ROLE_NOUNS or tok.lower_ in ROLE_NOUNS


def actor_inside(tok: Token) -> Token | None:
    """The actor-like noun inside a non-actor phrase ("Chile's proposal", "a Dutch court ruling")."""
    if is_actor_like(tok):
        return tok
    for c in tok.children:
        if c.dep_ == "poss" and is_actor_like(c):
            return c
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and c.ent_type_ in ACTOR_ENTS:
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "by"):
            for p in c.children:
                if p.dep_ == "pobj" and is_actor_like(p):
                    return p
    return None


def conjuncts(tok: Token) -> list[Token]:
    """`tok` and the nouns coordinated with it ("Russia and China" -> [Russia, China])."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            out.extend(conjuncts(c))
    return out


def subjects(verb: Token) -> tuple[list[Token], bool]:
    """The subject nouns of `verb` (following control and coordination) and whether it is passive."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for c in verb.children:
        if c.dep_ in SUBJ and c.pos_ != "SCONJ" and c.tag_ not in ("WDT", "WP"):
            return conjuncts(c), passive
        if c.dep_ == "expl":
            continue
    # "X agreed to withdraw": the controller is the governor's subject, or its object for
    # "urged Y to withdraw"
    head = verb.head
    if verb.dep_ == "xcomp" and head.i != verb.i:
        for c in head.children:
            if c.dep_ == "dobj" and is_actor_like(c):
                return conjuncts(c), passive
        s, _ = subjects(head)
        return s, passive
    if verb.dep_ == "conj" and head.i != verb.i and head.pos_ in ("VERB", "AUX"):
        s, _ = subjects(head)
        return s, passive
    if verb.dep_ in ("advcl",) and verb.tag_ == "VBG" and head.i != verb.i:
        # "..., killing three soldiers": the main clause's subject acts
        s, p = subjects(head)
        return (s if not p else []), passive
    if verb.dep_ == "relcl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        rel_subj = any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in verb.children)
        if rel_subj or not any(c.dep_ in SUBJ for c in verb.children):
            return conjuncts(head), passive
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        return [head], verb.tag_ == "VBN"
    if verb.dep_ == "pcomp" and head.head.i != head.i:
        # "accused the rebels of attacking the convoy": the accused is the doer
        gov = head.head
        if gov.dep_ == "dobj" and head.lower_ in ("of", "for") and is_actor_like(gov):
            return [gov], passive  # "accused the opposition of trying": the charge hangs on the object
        for c in gov.children:
            if c.dep_ in ("dobj",) and is_actor_like(c):
                return [c], passive
        if gov.pos_ in ("VERB", "AUX"):  # "instead of signing the accord, the rebels fled"
            s, p = subjects(gov)
            return (s if not p else []), passive
    return [], passive


def agent_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the prepositions `preps` under `tok`, in the order of `preps`."""
    found = []
    for prep in preps:
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ == prep:
                for p in c.children:
                    if p.dep_ == "pobj":
                        found.append(p)
    return found


def direct_object(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "dobj" or (c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON")):
            return c
    return None


def first_actor(cands: list[Token]) -> Token | None:
    for c in cands:
        a = actor_inside(c)
        if a is not None:
            return a
    return None


# -- an event noun that takes place ---------------------------------------------------------------
def occurrence_verb(tok: Token) -> Token | None:
    """The verb saying that the event noun `tok` (or a phase of it) takes place, or None."""
    subj = tok
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in PART_NOUNS:
        subj = tok.head.head
    if subj.dep_ not in ("nsubj", "nsubjpass") or subj.head.i == subj.i:
        return None
    v, passive = subj.head, subj.dep_ == "nsubjpass"
    for _ in range(3):  # through raising verbs: "is expected to take place", "is set to be held"
        if _occurs(v, passive):
            return v
        x = next((c for c in v.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        if x is None:
            return None
        v, passive = x, any(c.dep_ == "auxpass" for c in x.children)
    return None


def _occurs(v: Token, passive: bool) -> bool:
    lemma = v.lemma_.lower()
    kids = list(v.children)
    if not passive and lemma in OCCUR_VERBS and not any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in kids):
        return True  # "talks began on Monday", not "talks began to stall" or "the talks started a process"
    if lemma == "take" and any(c.dep_ == "dobj" and c.lemma_.lower() == "place" for c in kids):
        return True
    if lemma == "hold" and passive:
        return True
    if lemma == "go" and any(c.lower_ == "ahead" for c in kids):
        return True
    return lemma == "get" and any(c.lower_ in ("underway", "under") for c in kids)


def of_people(noun: Token) -> bool:
    """A weak event noun's "of" complement, if any, names people: "the exchange of prisoners",
    not "an exchange of goods" or "the release of the report"."""
    for p in noun.children:
        if p.dep_ == "prep" and p.lower_ == "of":
            for o in p.children:
                if o.dep_ == "pobj" and not (o.ent_type_ in ("PERSON", "NORP") or o.lemma_.lower() in ROLE_NOUNS
                                             or o.lower_ in ROLE_NOUNS or o.lemma_.lower() in ("body", "remains")):
                    return False
    return True
