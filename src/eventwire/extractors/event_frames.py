"""Event frames: which words of a parsed sentence are event predicates, of which type and CAMEO code.

A frame is a predicate read with its governors and complements: "refused to release" is one
REJECT frame about a release, "launched an attack" one ASSAULT frame, "accused X of attacking"
an ACCUSE frame that leaves the embedded attack to be a frame of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from . import event_lexicon as lex
from .event_args import is_actor_like, occurrence_verb
from .event_lexicon import Sense

CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "THREATEN", "MOBILIZE"}
ACTION_TYPES = {"RETREAT", "ASSAULT", "COERCE", "SANCTION", "AID", "CONSULT", "CONCEDE", "COOPERATE",
                "MOBILIZE", "PROTEST", "SUPPORT"}
NEG_WORDS = {"not", "n't", "never", "no"}


@dataclass
class Frame:
    sense: Sense
    head: Token                  # the token whose arguments name source and target
    first: int                   # trigger token range [first, last]
    last: int
    content: Token | None = None  # the complement or object noun the event is about
    negated: bool = False
    kind: str = "verb"           # verb, light, governed, nominal, similar
    absorbed: set[int] = field(default_factory=set)

    @property
    def type(self) -> str:
        return self.sense.type


# -- CAMEO codes of governed frames ("refused to release" is 1243) ------------------------------
def _governed_code(gov: str, comp: Sense | None) -> str:
    t = comp.type if comp else None
    if gov == "AGREE":
        return {"AID": "033", "COOPERATE": "031", "CONSULT": "036", "RETREAT": "035", "CONCEDE": "035",
                "AGREE": "030", "SUPPORT": "032"}.get(t, "030")
    if gov == "REJECT":
        if comp and comp.cameo.startswith("0841"):
            return "1243"
        return {"AID": "122", "COOPERATE": "121", "CONSULT": "125", "RETREAT": "124", "CONCEDE": "124",
                "AGREE": "127"}.get(t, "120")
    if gov == "THREATEN":
        return {"ASSAULT": "138", "SANCTION": "1312", "COERCE": "132", "RETREAT": "136"}.get(t, "130")
    if gov == "REQUEST":
        if comp and comp.cameo.startswith("0841"):
            return "1053"
        return {"AID": "103", "COOPERATE": "101", "CONSULT": "106", "RETREAT": "105", "CONCEDE": "105",
                "AGREE": "107", "SUPPORT": "102"}.get(t, "100")
    return "0"


def _phrasal_key(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ == "prep" and c.i == tok.i + 1) or (c.dep_ == "dobj" and c.lower_ == "fire"):
            key = f"{lemma} {c.lower_}"
            if key in lex.PHRASAL:
                return key
    return None


def verb_sense(tok: Token) -> tuple[Sense | None, str]:
    """The lexical sense of a verb, with the key it was found under."""
    key = _phrasal_key(tok)
    if key:
        return lex.PHRASAL[key], key
    lemma = tok.lemma_.lower()
    if lemma == "find" and any(c.lower_ in ("guilty", "liable") for c in tok.children
                                if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advmod", "amod")):
        return Sense("ACCUSE", "116", None, 0.85), "convict"
    if lemma == "call" and any(c.dep_ in ("oprd", "xcomp") and c.pos_ in ("NOUN", "ADJ") for c in tok.children):
        return Sense("ACCUSE", "111", None, 0.6), "call_names"
    if lemma == "call" and any(c.dep_ == "dobj" for c in tok.children):
        return Sense("CONSULT", "041", "phone", 0.5), "call"
    if lemma == "strike":
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if subj and subj[0].lemma_.lower() in ("worker", "employee", "teacher", "doctor", "nurse", "union",
                                                  "miner", "driver", "staff", "student"):
            return Sense("PROTEST", "143", "boycott", 0.8), "strike"
    if lemma in ("suggest", "propose", "offer") and any(c.dep_ == "ccomp" for c in tok.children):
        return None, lemma  # "suggested that ...": a statement, not an offer
    if lemma == "suggest" and any(c.dep_ == "dobj" for c in tok.children):
        return Sense("AGREE", "030", None, 0.55), lemma
    sense = lex.VERBS.get(lemma)
    return sense, lemma


def noun_sense(tok: Token) -> Sense | None:
    """The sense of an event noun, refined by a compound ("hunger strike", "air strike")."""
    lemma = tok.lemma_.lower()
    if lemma == "strike" and not any(c.dep_ in ("compound", "amod") and (c.lemma_.lower(), lemma)
                                     in lex.COMPOUND_SENSES for c in tok.children):
        if any(c.dep_ == "prep" and c.lower_ in ("on", "against") for c in tok.children) or (
                tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("carry", "launch", "conduct", "order")) or any(
                c.lower_ in ("military", "aerial", "retaliatory", "preemptive", "missile", "rocket")
                for c in tok.children):
            return Sense("ASSAULT", "190", None, 0.75)
        return Sense("PROTEST", "143", "boycott", 0.6)
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod"):
            s = lex.COMPOUND_SENSES.get((c.lemma_.lower(), lemma))
            if s:
                return s
    if lemma == "emergency" and any(c.lemma_ == "state" for c in tok.ancestors):
        return lex.COMPOUND_SENSES[("state", "emergency")]
    sense = lex.NOUNS.get(lemma)
    if sense is None and lemma in ("effort", "process", "program", "programme", "campaign", "round", "bid"):
        # "mediation efforts", "a bombing campaign": the modifier names the event
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in lex.NOUNS:
                return noun_sense(c)
        return None
    if lemma == "state" and any(c.dep_ == "prep" and c.lower_ == "of" and any(
            p.lemma_.lower() in ("emergency", "siege", "alert") for p in c.children) for c in tok.children):
        return Sense("COERCE", "1724", "martial-law", 0.75)
    if sense is None:
        return None
    if lemma in ("attack", "assault", "broadside", "tirade") and any(
            c.lower_ in ("scathing", "verbal", "blistering", "stinging", "withering", "personal", "rhetorical",
                         "political", "sharp", "vitriolic", "bitter") for c in tok.children):
        return Sense("ACCUSE", "111", None, 0.75)
    if lemma in ("action", "proceeding", "case", "challenge") and any(
            c.lower_ in ("legal", "court", "judicial", "infringement") for c in tok.children):
        return Sense("ACCUSE", "115", None, 0.75)
    if lemma in ("exercise", "drill", "game", "maneuver", "manoeuvre") and any(
            c.lower_ in ("joint", "combined", "bilateral", "multinational") for c in tok.children):
        return Sense("COOPERATE", "062", None, 0.75)
    if lemma in ("deployment", "mission", "force", "troop", "contingent") and any(
            "peacekeep" in c.lower_ for c in tok.children):
        return Sense("AID", "074", None, 0.75)
    code = lex.NOUN_CODES.get(lemma)
    if code:
        sense = Sense(sense.type, code[0], code[1] if code[1] is not None else sense.mode, sense.conf)
    return sense


def is_strong_noun(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma not in lex.WEAK_NOUNS:
        return True
    return any((c.lemma_.lower(), lemma) in lex.COMPOUND_SENSES for c in tok.children)


def negated(tok: Token) -> bool:
    """Negation on the predicate, its auxiliaries, or a "rather than"/"instead of" that governs it."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.lower_ in NEG_WORDS and c.dep_ in ("advmod", "det")):
            return True
    head = tok.head
    if tok.dep_ in ("xcomp", "conj") and head.i != tok.i:
        if head.lemma_.lower() in lex.TRANSPARENT and any(c.dep_ == "neg" for c in head.children):
            return True
        if head.lemma_.lower() == "fail":
            return True
    if tok.dep_ == "pcomp" and head.lower_ in ("than", "of", "instead"):
        prev = tok.doc[head.i - 1] if head.i > 0 else None
        if prev is not None and prev.lower_ in ("rather", "instead"):
            return True
    if tok.dep_ == "pcomp" and head.lower_ == "without":
        return True
    return False


def _complement(tok: Token) -> Token | None:
    """The event complement of a governor: a verb (xcomp/ccomp) or an event noun (object)."""
    for c in tok.children:
        if c.dep_ in ("xcomp",) and c.pos_ in ("VERB", "AUX", "NOUN"):
            return c
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and noun_sense(c):
            # "accused the opposition of planning a coup": an actor noun that is also an event
            # noun ("opposition") is the one accused when the charge hangs on it
            return _charge_of(c) or c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "to", "on", "upon", "of"):
            for p in c.children:
                if p.dep_ == "pobj" and noun_sense(p):
                    return p
                if p.dep_ == "pcomp" and p.pos_ == "VERB":
                    return p
    for c in tok.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            return c
    return None


def _charge_of(obj: Token) -> Token | None:
    """The charge hung on an actor object: "of planning", "for the attack"; None otherwise."""
    if not is_actor_like(obj):
        return None
    for c in obj.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "for"):
            for p in c.children:
                if (p.dep_ == "pcomp" and p.pos_ == "VERB") or (p.dep_ == "pobj" and noun_sense(p)):
                    return p
    return None


def _comp_sense(comp: Token) -> Sense | None:
    if comp.pos_ in ("VERB", "AUX"):
        s, _ = verb_sense(comp)
        if s is None and comp.lemma_.lower() in lex.LIGHT_VERBS:
            obj = next((c for c in comp.children if c.dep_ == "dobj"), None)
            if obj is not None:
                s = noun_sense(obj)
        return s
    return noun_sense(comp)


def _class(key: str) -> str | None:
    for name, words in (("command", lex.COMMANDING), ("halt", lex.HALTING), ("accuse", lex.ACCUSING), ("refuse", lex.REFUSAL), ("threat", lex.THREAT),
                        ("ask", lex.ASKING), ("intent", lex.INTENT)):
        if key in words:
            return name
    return None


def _absorb(frame: Frame, comp: Token) -> None:
    """Mark the complement's subtree triggers as part of this frame (not events of their own)."""
    for t in comp.subtree:
        if t.i == frame.head.i:
            continue
        if t.pos_ in ("VERB", "AUX"):
            if t.dep_ in ("ccomp", "advcl", "relcl", "parataxis") and t.i != comp.i:
                continue
            frame.absorbed.add(t.i)
        elif noun_sense(t) and (noun_sense(t).type in ACTION_TYPES or t.i == comp.i):
            frame.absorbed.add(t.i)


COOPERATIVE = {"CONSULT", "AID", "COOPERATE", "RETREAT", "CONCEDE"}
FUTURE = {"will", "wo", "shall", "'ll"}
DEALS = {"agreement", "deal", "accord", "treaty", "pact", "settlement", "plan", "contract", "arrangement"}


def _modal(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("would", "can", "could", "ca") for c in tok.children)


def _is_future(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE for c in tok.children) or (
        tok.dep_ == "xcomp" and tok.head.lemma_ == "go" and any(c.dep_ == "aux" for c in tok.head.children))


def _halted(sense: Sense | None, csense: Sense | None, comp: Token | None, tok: Token, neg: bool) -> Frame | None:
    """Ending something: sanctions and bans eased, talks or aid halted, a deal cancelled."""
    if comp is None or csense is None:
        return None
    t = csense.type
    first, last = min(tok.i, comp.i), max(tok.i, comp.i)
    if t in ("SANCTION", "COERCE") or comp.lemma_.lower() in ("sanction", "embargo", "tariff"):
        code = "085" if comp.lemma_.lower() in ("sanction", "embargo", "tariff") else "081"
        typ = "RETREAT" if code == "085" else "CONCEDE"
        if comp.lemma_.lower() in ("blockade", "siege"):
            typ, code = "RETREAT", "0872"
        return Frame(Sense(typ, code, "ease" if typ == "RETREAT" else None, 0.75), tok, first, last, comp, neg, "governed")
    if t in ("ASSAULT", "PROTEST", "MOBILIZE"):
        return Frame(Sense("RETREAT", "087", None, 0.65), tok, first, last, comp, neg, "governed")
    if t == "AGREE" and comp.lemma_.lower() in DEALS:
        return Frame(Sense("REJECT", "127", None, 0.7), tok, first, last, comp, neg, "governed")
    if t in ("CONSULT", "COOPERATE", "AID", "SUPPORT"):
        code = {"CONSULT": "164", "AID": "162", "COOPERATE": "160", "SUPPORT": "160"}[t]
        return Frame(Sense("SANCTION", code, None, 0.7), tok, first, last, comp, neg, "governed")
    return None


def _governed(cls: str, key: str, sense: Sense | None, csense: Sense | None, tok: Token, gov_tok: Token,
              comp: Token | None, neg: bool) -> Frame | None:
    if cls == "intent":
        if csense is None and sense is None:
            return None
        conflict = csense is not None and csense.type in CONFLICT
        typ = "THREATEN" if conflict and key in ("vow", "promise", "pledge", "threaten") else "AGREE"
        code = _governed_code(typ, csense)
        if sense is not None and sense.type == "AGREE" and csense is None:
            code = sense.cameo
        conf = max(sense.conf if sense else 0.6, 0.7 if csense else 0.0)
    else:
        typ = {"refuse": "REJECT", "threat": "THREATEN", "ask": "REQUEST"}[cls]
        code = _governed_code(typ, csense)
        if typ == "REQUEST" and sense is not None and sense.cameo.startswith("02"):
            code = "02" + (code[2:] if len(code) > 2 and code != "100" else "0")
        if sense is not None and csense is None and sense.type == typ:
            code = sense.cameo
        conf = max(sense.conf if sense else 0.6, 0.75 if csense else 0.0)
    return Frame(Sense(typ, code, None, conf), tok, tok.i, gov_tok.i, comp, neg, "governed")


# weak nouns that a light verb does not make an event ("announced plans", "made a call")
LIGHT_WEAK = {"plan", "initiative", "claim", "session", "call", "fire", "freedom", "understanding", "violence",
              "war", "game", "order", "sentence"}
NO_EVENT = Frame(Sense("NONE", "0"), None, -1, -1)  # type: ignore[arg-type]


def args_actor(tok: Token) -> bool:
    return is_actor_like(tok) or tok.pos_ == "NOUN"


def _has_money(tok: Token) -> bool:
    return tok.ent_type_ == "MONEY" or any(t.ent_type_ == "MONEY" for t in tok.subtree)


def _special_frame(tok: Token, lemma: str, neg: bool) -> Frame | None:
    """Constructions the codebook names that word senses alone miss."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    olemma = obj.lemma_.lower() if obj is not None else ""
    if olemma in lex.PUBLICATIONS and lemma in ("release", "issue", "publish", "unveil", "submit"):
        return NO_EVENT
    # "violated the ceasefire" (CAMEO 196), "used villagers as human shields" (184)
    if lemma in ("violate", "breach", "break") and obj is not None and any(
            t.lemma_.lower() in ("ceasefire", "cease-fire", "truce", "armistice") for t in obj.subtree):
        return Frame(Sense("ASSAULT", "196", None, 0.8), tok, tok.i, obj.i, None, neg, "verb")
    if lemma in ("violate", "breach", "defy", "flout", "break", "ignore") and olemma in (
            "ban", "law", "resolution", "sanction", "order", "rule", "embargo", "norm", "treaty", "agreement",
            "ruling", "injunction", "curfew", "constitution"):
        return Frame(Sense("REJECT", "128", None, 0.75), tok, tok.i, obj.i, None, neg, "verb")
    if any(c.dep_ == "prep" and c.lower_ == "as" and any(t.lemma_.lower() == "shield" for t in c.subtree)
           for c in list(tok.children) + (list(obj.children) if obj is not None else [])):
        return Frame(Sense("ASSAULT", "184", "abduct", 0.8), tok, tok.i, tok.i, None, neg, "verb")
    # "set the hostages free", "let the prisoners go", "forced the mayor out of the city"
    if lemma in ("let", "set") and any(c.lower_ in ("free", "go", "loose") for c in tok.children):
        return Frame(Sense("RETREAT", "0841", "release", 0.75), tok, tok.i, tok.i, None, neg, "verb")
    if lemma in ("force", "compel", "coerce", "pressure") and obj is not None and args_actor(obj) and any(
            c.dep_ in ("xcomp", "prt", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("out", "from", "into"))
            for c in tok.children):
        return Frame(Sense("COERCE", "170", None, 0.65), tok, tok.i, tok.i, None, neg, "verb")
    # "established diplomatic ties": recognition (CAMEO 054)
    if lemma in ("establish", "restore", "upgrade", "normalize", "normalise", "resume", "forge") and \
            olemma in ("tie", "relation", "relationship", "link"):
        return Frame(Sense("SUPPORT", "054", None, 0.75), tok, tok.i, obj.i, obj, neg, "light")
    # "called off the summit": a refusal to meet (CAMEO 125)
    if lemma in ("cancel", "postpone", "scrap", "call") and olemma in ("visit", "trip", "meeting", "summit", "talk"):
        return Frame(Sense("REJECT", "125", None, 0.7), tok, tok.i, obj.i, obj, neg, "light")
    # "the ministry said the guerrillas were responsible": blame (CAMEO 112)
    if lemma in lex.REPORTING:
        for c in tok.children:
            if c.dep_ == "ccomp" and any(a.dep_ in ("acomp", "attr") and a.lower_ in ("responsible", "guilty", "behind",
                                                                                    "culpable", "to blame")
                                         for a in c.children):
                return Frame(Sense("ACCUSE", "112", None, 0.7), tok, tok.i, tok.i, None, neg, "verb")
    # "remained on alert", "placed a brigade on alert"
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "on" and any(p.lemma_.lower() == "alert" for p in c.children):
            return Frame(Sense("MOBILIZE", "152", "troops", 0.8), tok, tok.i, c.i + 1, None, neg, "verb")
    if lemma in lex.BUILDUP_VERBS and olemma in lex.FORCE_NOUNS:
        return Frame(Sense("MOBILIZE", "154", "troops", 0.75), tok, tok.i, obj.i, obj, neg, "light")
    # "admitted 300 refugees", "opened the border to the refugees"
    if lemma in ("accept", "admit", "take", "receive", "welcome", "host", "resettle", "shelter") and (
            olemma in lex.REFUGE_NOUNS or (obj is not None and any(
                t.lemma_.lower() in lex.REFUGE_NOUNS for t in obj.subtree))):
        return Frame(Sense("AID", "075", "asylum", 0.75), tok, tok.i, tok.i, None, neg, "verb")
    if lemma == "open" and olemma in ("border", "door", "port", "crossing", "airspace"):
        return Frame(Sense("RETREAT", "086", "access", 0.7), tok, tok.i, obj.i, None, neg, "verb")
    # money or goods given: aid ("gave $40 million in relief", "handed over medical equipment")
    if lemma in ("provide", "give", "send", "deliver", "grant", "award", "donate", "contribute", "hand", "pay",
                 "allocate", "pledge", "offer", "extend", "transfer", "approve", "announce", "commit") and \
            obj is not None and (_has_money(obj) or olemma in lex.AID_GOODS):
        code = "033" if lemma in ("pledge", "offer", "commit") else "071"
        typ = "AGREE" if code == "033" else "AID"
        return Frame(Sense(typ, code, None, 0.75), tok, tok.i, obj.i, obj, neg, "light")
    # peacekeepers sent or deployed are military protection (AID 074), not a mobilisation
    if lemma in ("deploy", "send", "dispatch", "contribute", "arrive", "station") and any(
            "peacekeep" in t.lower_ for t in tok.subtree):
        return Frame(Sense("AID", "074", None, 0.75), tok, tok.i, tok.i, None, neg, "verb")
    # "X said Y must do Z": a demand
    if lemma in lex.REPORTING:
        for c in tok.children:
            if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in lex.MODAL_DEMAND for a in c.children) \
                    and _demand_on_actor(c):
                csense = _comp_sense(c)
                f = Frame(Sense("REQUEST", _governed_code("REQUEST", csense), None, 0.7), tok, tok.i, tok.i,
                          c, neg, "governed")
                _absorb(f, c)
                return f
    return None


def _demand_on_actor(comp: Token) -> bool:
    """A "must" or "should" clause that asks something of someone ("Israel must end the siege",
    "prisoners must be freed"), not a rule or a judgement about a thing ("the conduct must be
    offensive", "family matters should be family matters"): its subject, when it has one in the
    active voice, can be an actor."""
    subj = next((c for c in comp.children if c.dep_ == "nsubj"), None)
    return subj is None or is_actor_like(subj)


def verb_frame(tok: Token) -> Frame | None:
    """The frame of a verb (or of "be ready/willing to"), or None when it is not an event predicate."""
    f = _special_frame(tok, tok.lemma_.lower(), negated(tok))
    if f is NO_EVENT:
        return None
    f = f or _verb_frame(tok)
    if f is None:
        return None
    if f.type == "MOBILIZE" and f.content is not None and f.content.lemma_.lower() in (
            "exercise", "drill", "game", "maneuver", "manoeuvre") and _joint(f):
        f.sense = Sense("COOPERATE", "062", None, f.sense.conf)
    # PLOVER: cooperative actions in the future tense are intentions (AGREE); a negated agreement
    # is a rejection
    refusing = f.negated and (_is_future(f.head) or _modal(f.head) or (
        f.head.dep_ == "xcomp" and f.head.head.lemma_.lower() == "fail"))
    if refusing and f.type in COOPERATIVE | {"AGREE", "SUPPORT"}:
        # "will not ease the blockade", "failed to reach a deal": a refusal (CAMEO 12)
        f.sense = Sense("REJECT", _governed_code("REJECT", f.sense), None, f.sense.conf)
        f.negated = False
    elif f.type in COOPERATIVE and f.kind != "governed" and _is_future(f.head) and not f.negated:
        f.sense = Sense("AGREE", _governed_code("AGREE", f.sense), None, f.sense.conf)
    elif f.type in CONFLICT - {"THREATEN"} | {"PROTEST"} and f.kind != "governed" and not f.negated and (
            _is_future(f.head) or _is_future(f.head.head) and f.head.dep_ == "xcomp"):
        # an announced conflictual action is a threat (CAMEO 13: "will boycott", "will extend the curfew")
        f.sense = Sense("THREATEN", _governed_code("THREATEN", f.sense), None, f.sense.conf)
    elif f.type == "AGREE" and f.negated:
        f.sense = Sense("REJECT", "127" if f.content is not None else "120", None, f.sense.conf)
        f.negated = False
    return f


def _joint(f: Frame) -> bool:
    """Exercises held together: "joint drills", "X and Y began exercises", "staged by X and Y"."""
    if any(c.lower_ in ("joint", "combined", "bilateral", "multinational") for c in f.content.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ == "with" for c in list(f.content.children) + list(f.head.children)):
        return True
    for c in f.head.children:
        if c.dep_ in ("nsubj", "nsubjpass") and any(g.dep_ == "conj" for g in c.children):
            return True
        if c.dep_ == "agent" and any(g.dep_ == "conj" for p in c.children for g in p.children):
            return True
    return False


def _withdrawn(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in lex.WITHDRAWN_RELATIONS:
            return c.lemma_.lower()
    return None


def _verb_frame(tok: Token) -> Frame | None:
    lemma = tok.lemma_.lower()
    sense, key = verb_sense(tok)
    gov_tok = tok
    if lemma == "be" and sense is None:
        acomp = next((c for c in tok.children if c.dep_ == "acomp" and c.lower_ in lex.INTENT | lex.REFUSAL), None)
        if acomp is None:
            return None
        key, gov_tok = acomp.lower_, acomp
    neg = negated(tok)
    cls = _class(key) or _class(lemma)
    if cls is None and lemma == "vow":
        cls = "intent"
    if sense is not None and lemma in lex.NEEDS_OBJECT and not any(
            c.dep_ in ("dobj", "dative", "prep", "nsubjpass", "prt", "xcomp") for c in tok.children):
        return None
    if cls is not None:
        comp = _complement(gov_tok)
        if comp is None and tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBD") and noun_sense(tok.head) \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            # a past participle after its noun, without a subject of its own, is a passive whose
            # patient is that noun ("the truce agreed on in May" agrees to a truce); the tagger
            # sometimes reads such a participle as a past tense
            comp = tok.head
        csense = _comp_sense(comp) if comp is not None else None
        if cls == "intent" and comp is not None and comp.pos_ in ("NOUN", "PROPN") and \
                csense is not None and csense.type == "SUPPORT":
            cls, sense = None, Sense("SUPPORT", "051", None, 0.75)  # "pledged support"
        elif key in ("agree", "agree on", "agree upon", "agree to") and comp is not None and comp.pos_ == "NOUN" and \
                comp.lemma_.lower() in DEALS and comp.i != tok.head.i:
            cls, sense = None, Sense("SUPPORT", "057", None, 0.7)  # agreeing a deal concludes it (057)
        elif cls == "command":
            if csense is not None:
                f = Frame(csense, tok, tok.i, tok.i, comp, neg, "governed")
                _absorb(f, comp)
                return f
            cls = None if sense is None else "ask"
        elif lemma in ("withdraw", "pull", "recall") and _withdrawn(tok) is not None:
            return Frame(Sense("SANCTION", lex.WITHDRAWN_RELATIONS[_withdrawn(tok)], "withdraw", 0.75),
                         tok, tok.i, tok.i, None, neg, "verb")
        elif cls == "halt":
            f = _halted(sense, csense, comp, tok, neg)
            if f is not None:
                _absorb(f, comp)
                return f
            cls = None
        elif cls == "accuse":
            return Frame(sense, tok, tok.i, tok.i, comp, neg, "verb") if sense is not None else None
        if cls == "ask" and csense is not None and comp is not None and comp.pos_ == "NOUN" and (
                csense.type in ("COERCE", "SANCTION") or csense.cameo.startswith("09")):
            # calling for sanctions or an investigation rallies others against the target (113)
            f = Frame(Sense("ACCUSE", "113", None, 0.7), tok, tok.i, gov_tok.i, comp, neg, "governed")
            _absorb(f, comp)
            return f
        if cls is not None:
            f = _governed(cls, key, sense, csense, tok, gov_tok, comp, neg)
            if f is not None and comp is not None and (csense is not None or comp.pos_ in ("VERB", "AUX")):
                _absorb(f, comp)
            return f
        if sense is not None and comp is not None and comp.pos_ == "NOUN" and comp.dep_ == "dobj":
            f = Frame(sense, tok, tok.i, tok.i, comp, neg, "verb")
            f.absorbed.add(comp.i)
            return f
    if lemma in lex.LIGHT_VERBS:
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None and lemma == "go":
            obj = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "on"
                        for p in c.children if p.dep_ == "pobj"), None)
        nsense = noun_sense(obj) if obj is not None else None
        if nsense is not None and lemma in ("deploy", "send", "dispatch") and obj.lemma_.lower() in (
                "peacekeeper", "aid", "doctor", "rescuer", "medic"):
            nsense = Sense("AID", "074", None, 0.7)
        if nsense is not None and lemma in ("reach", "strike", "seal", "conclude", "finalize", "finalise",
                                             "ink", "sign", "clinch", "broker") and obj.lemma_.lower() in DEALS:
            nsense = Sense("SUPPORT", "057", None, 0.75)  # a concluded agreement (CAMEO 057)
            f = Frame(nsense, tok, min(tok.i, obj.i), max(tok.i, obj.i), obj, neg, "light")
            f.absorbed.add(obj.i)
            return f
        if nsense is not None and obj.lemma_.lower() in LIGHT_WEAK and not is_strong_noun(obj):
            nsense = None  # "announced plans", "gave evidence": no event noun
        if nsense is not None and not (lemma in lex.LIGHT_OWN_TYPE and sense is not None):
            f = Frame(nsense, tok, min(tok.i, obj.i), max(tok.i, obj.i), obj, neg, "light")
            f.absorbed.add(obj.i)
            return f
        if sense is not None and nsense is not None:
            f = Frame(sense, tok, tok.i, tok.i, obj, neg, "verb")
            f.absorbed.add(obj.i)
            return f
    if sense is None:
        return None
    if lemma in lex.TRANSPARENT:
        comp = _complement(tok)
        if comp is not None and comp.pos_ == "VERB":
            return None
    return Frame(sense, tok, tok.i, tok.i, None, neg, "verb")


def noun_frame(tok: Token) -> Frame | None:
    sense = noun_sense(tok)
    if sense is None:
        return None
    neg = any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children)
    occ = occurrence_verb(tok)
    if occ is not None and negated(occ):
        neg = True  # "the exchange did not take place"
    first = tok.i
    for c in tok.lefts:
        if c.dep_ == "compound" and (c.lemma_.lower(), tok.lemma_.lower()) in lex.COMPOUND_SENSES:
            first = min(first, c.i)
    return Frame(sense, tok, first, tok.i, tok, neg, "nominal")


def sentence_frames(sent: Span) -> list[Frame]:
    """All candidate frames of a sentence, verbal first, with absorbed triggers removed."""
    frames: list[Frame] = []
    absorbed: set[int] = set()
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.dep_ == "acl") or (
                tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
            f = verb_frame(tok)
            if f is not None:
                frames.append(f)
                absorbed |= f.absorbed
    frames = [f for f in frames if f.head.i not in absorbed]
    verbal_heads = {f.head.i for f in frames}
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in absorbed and tok.dep_ != "compound":
            f = noun_frame(tok)
            if f is None:
                continue
            # "a truck bomb ... killed 12": the verb frame already carries the event
            h = tok.head
            if tok.dep_ in ("nsubj", "nsubjpass") and h.i in verbal_heads and any(
                    g.head.i == h.i and g.type == f.type for g in frames):
                continue
            frames.append(f)
    # a nominal action inside a demand, offer, refusal or threat is its content, and a nominal
    # event inside another of the same type is part of it, also across "including" ("launched
    # attacks on the port, including a bombing")
    speech = {"REQUEST", "AGREE", "REJECT", "THREATEN"}
    anchors: dict[int, str] = {}
    for f in frames:
        if f.kind == "nominal" or (f.content is not None and f.content.pos_ in ("NOUN", "PROPN")):
            anchors[(f.content or f.head).i] = f.type
    kept = []
    for f in frames:
        if f.kind == "nominal":
            hit = False
            for anc in f.head.ancestors:
                typ = anchors.get(anc.i)
                if typ is not None and (typ == f.type or typ in speech and f.type in ACTION_TYPES):
                    hit = True
                    break
                if anc.pos_ in ("VERB", "AUX") and anc.lemma_.lower() != "include":
                    break
            if hit:
                continue
        kept.append(f)
    kept.sort(key=lambda f: f.first)
    return kept
