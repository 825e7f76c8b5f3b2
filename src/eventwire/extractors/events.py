"""PLOVER events from parsed sentences: frames turned into Event records with actors and details.

`extract_events(doc, registry, statements)` is the extractor; `classify_pair(doc, source, target)`
types the event between two given spans (the PLOVER benchmark's task (a)) with the same frames.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..model import Event, Evidence, TextSpan
from . import event_args as args
from .event_frames import Frame, noun_sense, sentence_frames
from .event_lexicon import OCCURRING_WEAK, Sense
from .event_similar import similar_sense
from .issues import issue_of
from .quantities import count_quantities, duration

RECIPROCAL = {"AGREE", "CONSULT", "COOPERATE", "ASSAULT"}
# prepositions that carry a nominal event's source ("the withdrawal of forces", "talks between X and Y")
NOMINAL_SOURCE_OF = {"RETREAT", "PROTEST", "MOBILIZE", "CONSULT"}


# -- arguments -------------------------------------------------------------------------------------
def _entity_inside(tok: Token) -> Token | None:
    """A named actor anywhere in `tok`'s phrase (its clauses excluded)."""
    for t in tok.subtree:
        if t.ent_type_ in args.ACTOR_ENTS:
            anc, ok = t, True
            while anc.i != tok.i:  # Token objects are views: compare positions, not identity
                if anc.dep_ in ("relcl", "acl", "ccomp", "advcl"):
                    ok = False
                    break
                anc = anc.head
            if ok:
                return t
    return None


def _target_in(tok: Token) -> Token | None:
    if tok is None:
        return None
    found = args.actor_inside(tok) or _entity_inside(tok)
    if found is not None and found.pos_ == "PRON" and found.dep_ == "poss" and tok.pos_ in ("NOUN", "PROPN"):
        return tok  # "her colleagues" are the target, not "her"
    return found


def _nominal_args(noun: Token, typ: str) -> tuple[list[Token], list[Token]]:
    srcs: list[Token] = []
    tgts: list[Token] = []
    for c in noun.children:
        if c.dep_ == "poss" and args.is_actor_like(c):
            srcs = args.conjuncts(c)
    if not srcs:
        for c in noun.children:
            if c.dep_ in ("compound", "amod") and c.ent_type_ in ("NORP", "ORG", "PERSON") or (
                    c.dep_ == "compound" and c.ent_type_ == "GPE" and typ != "CONSULT"):
                srcs = [c]
                break
    for p in noun.children:
        if p.dep_ != "prep":
            continue
        objs = [o for o in p.children if o.dep_ == "pobj"]
        if not objs:
            continue
        o = objs[0]
        if p.lower_ == "by" and args.is_actor_like(o):
            srcs = args.conjuncts(o)
        elif p.lower_ == "between":
            both = args.conjuncts(o)
            if len(both) >= 2:
                srcs, tgts = [both[0]], [both[1]]
        elif p.lower_ == "of" and typ in NOMINAL_SOURCE_OF and not srcs and args.is_actor_like(o):
            srcs = args.conjuncts(o)
        elif p.lower_ in args.TYPE_PREPS.get(typ, ()) and not tgts:
            a = args.actor_inside(o)
            if a is not None:
                tgts = args.conjuncts(a)
    for c in noun.children:
        if c.dep_ == "acl" and c.tag_ == "VBN":
            ag = args.agent_of(c)
            if ag is not None and not srcs:
                srcs = args.conjuncts(ag)
            if not tgts:  # "tariffs imposed on Chile"
                preps = tuple(p for p in args.TYPE_PREPS.get(typ, ()) if p != "in") + ("on", "against")
                a = args.first_actor(args.prep_objects(c, preps))
                if a is not None:
                    tgts = args.conjuncts(a)
    return srcs, tgts


GENERAL_PREPS = ("to", "against", "on", "with", "from", "for", "over", "into", "at")
NOT_PATIENT_ENTS = {"DATE", "TIME", "MONEY", "CARDINAL", "PERCENT", "QUANTITY", "ORDINAL"}
# nouns that only frame a proposition ("ruled out the prospect of a raid on the port"): they are
# no patient; the one acted on is looked for inside their content
SHELL_NOUNS = {"possibility", "idea", "prospect", "notion", "likelihood", "chance", "option"}


def _plain_patient(tok: Token) -> bool:
    return (tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in NOT_PATIENT_ENTS
            and noun_sense(tok) is None and tok.lemma_.lower() not in SHELL_NOUNS)


def _object_candidates(f: Frame, head: Token, content: Token | None, typ: str) -> list[Token]:
    """Where a target can be, most likely first: objects, then the complement's, then prepositions."""
    out: list[Token] = []
    obj = args.direct_object(head)
    if head.lemma_.lower() in ("withdraw", "pull", "recall", "evacuate", "expel"):
        out.extend(args.prep_objects(head, ("from",)))  # "withdrew its monitors from the enclave"
    if obj is not None and (content is None or obj.i != content.i):
        out.append(obj)
    elif obj is not None:
        a = args.actor_inside(obj)
        if a is not None and a.i != obj.i:
            out.append(a)
    preps = args.TYPE_PREPS.get(typ, ())
    if f.kind == "governed" and typ == "REQUEST":
        out.extend(args.prep_objects(head, ("on", "upon")))
    if content is not None:
        if content.pos_ in ("VERB", "AUX") and typ == "REQUEST" and f.kind == "governed":
            # "said the junta must free the strikers": the one asked is the complement's subject
            csub = next((c for c in content.children if c.dep_ == "nsubj"), None)
            if csub is not None:
                out.append(csub)
        if content.pos_ in ("VERB", "AUX"):
            cobj = args.direct_object(content)
            if cobj is not None:
                out.append(cobj)
            out.extend(args.prep_objects(content, args.TYPE_PREPS.get(typ, ()) + ("to", "on", "against")))
        elif content.i != head.i:
            _, ntg = _nominal_args(content, typ)
            out.extend(ntg)
            out.extend(args.prep_objects(content, preps))
    out.extend(args.prep_objects(head, preps))
    out.extend(args.prep_objects(head, GENERAL_PREPS))
    return out


def frame_args(f: Frame) -> tuple[list[Token], list[Token]]:
    """Source and target heads of a frame (lists: coordination gives several)."""
    typ = f.type
    if f.kind in ("nominal", "learned_noun"):
        return _nominal_args(f.head, typ)
    head = f.head
    subs, passive = args.subjects(head)
    if passive:
        ag = args.agent_of(head)
        srcs = [ag] if ag is not None else []
        tgts = [s for s in subs if not noun_sense(s) or args.is_actor_like(s)]
    else:
        srcs, tgts = subs, []
    # a subject that is an event noun ("the bombing by X killed"): the actor inside it
    srcs = [a for a in (s if args.is_actor_like(s) else args.actor_inside(s) for s in srcs) if a is not None]
    if srcs and len(srcs) == 1 and srcs[0].dep_ != "conj":
        srcs = args.conjuncts(srcs[0])
    content = f.content
    if not tgts:
        cands = _object_candidates(f, head, content, typ)
        t = None
        if cands and cands[0].dep_ == "dobj" and _plain_patient(cands[0]) and args.actor_inside(cands[0]) is None:
            t = cands[0]  # "attacked a police post in Herat": the post, not Herat
        t = t or next((a for a in (_target_in(c) for c in cands) if a is not None), None)
        if t is None:
            # the benchmark's target is the patient even when it is no actor ("shell the tree")
            t = next((c for c in cands if _plain_patient(c)), None)
        if t is not None:
            tgts = args.conjuncts(t)
    srcs = [s for s in srcs if s.i < f.first or s.i > f.last or f.kind in ("nominal", "learned_noun")]
    return srcs, [t for t in tgts if t not in srcs]


# -- spans and events ------------------------------------------------------------------------------
def _span_of(tok: Token) -> Span:
    """The whole noun phrase of an argument head; a named entity when the head sits inside one."""
    if tok.ent_iob_ != "O" and tok.ent_type_ in args.ACTOR_ENTS:
        doc = tok.doc
        start = tok.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        ent = doc[start:end]
        if ent.root.dep_ in ("compound", "amod", "poss", "nmod") or tok.dep_ in ("compound", "amod", "poss"):
            return ent
    return args.np_span(tok)


def _issue(f: Frame) -> str | None:
    tok = f.content if f.content is not None else f.head
    doc = tok.doc
    own = doc[f.first: f.last + 1].text
    found = issue_of(own)
    if found:
        return found
    lo, hi = tok.left_edge.i, tok.right_edge.i
    if f.kind not in ("nominal", "learned_noun") and f.content is None:
        obj = args.direct_object(f.head)
        if obj is None:
            return None
        lo, hi = obj.left_edge.i, obj.right_edge.i
    return issue_of(doc[lo: hi + 1].text) or _issue_by_reference(tok)


REFERRING_DETS = {"this", "that", "these", "those", "the", "such"}


def _noun_phrase_text(noun: Token) -> str:
    """A noun with its modifiers and its "of" complement ("a long-awaited hostage release",
    "the exchange of prisoners"), without relative or participle clauses."""
    doc = noun.doc
    hi = noun.i
    for c in noun.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            hi = c.right_edge.i
    return doc[noun.left_edge.i: hi + 1].text


def _issue_by_reference(noun: Token) -> str | None:
    """The issue of an earlier mention that a definite or demonstrative noun refers back to:
    "this swap" after "a detainee swap" is the prisoner exchange."""
    if noun.pos_ not in ("NOUN", "PROPN") or not any(
            c.dep_ == "det" and c.lower_ in REFERRING_DETS for c in noun.children):
        return None
    lemma = noun.lemma_.lower()
    for t in reversed(noun.doc[: noun.i]):
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() == lemma:
            found = issue_of(_noun_phrase_text(t))
            if found:
                return found
    return None


def _duration(f: Frame) -> str | None:
    tok = f.content if f.content is not None else f.head
    if f.kind in ("verb",) and f.content is None:
        obj = args.direct_object(f.head)
        if obj is None:
            return None
        tok = obj
    return duration(tok.doc[tok.left_edge.i: tok.right_edge.i + 1].text)


def _nominal_ok(f: Frame, srcs: list[Token], tgts: list[Token], quantities: dict) -> bool:
    """A nominal event needs an actor, a compound that names it, a clause that reports it, or victims."""
    from .event_frames import is_strong_noun

    noun = f.head
    if args.occurrence_verb(noun) is not None and (is_strong_noun(noun) or (
            noun.lemma_.lower() in OCCURRING_WEAK and args.of_people(noun))):
        return True  # "the exchange is expected to take place", "talks began in Geneva"
    if not is_strong_noun(noun):
        return False
    if srcs or tgts:
        return True
    if f.first < noun.i:  # "prisoner exchange", "hunger strike"
        return True
    if any(c.dep_ == "acl" and c.tag_ == "VBN" for c in noun.children):  # "talks held in Geneva"
        return True
    if f.type == "ASSAULT" and quantities.get("killed") or quantities.get("injured"):
        return f.type == "ASSAULT"
    return False


QUESTION_MODALS = {"should", "would", "could", "can", "ca", "will", "wo", "shall", "might", "may", "must"}
WH_TAGS = {"WDT", "WP", "WP$", "WRB"}


def _inverted(v: Token) -> bool:
    """Subject-auxiliary inversion: "will the army leave", "did they", "is the envoy"."""
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is None:
        return False
    if v.pos_ == "AUX" and v.i < subj.i:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.i < subj.i for c in v.children)


def in_open_question(tok: Token) -> bool:
    """Whether `tok` stands in a direct question that asks about an act instead of reporting one.
    A question asserts nothing: a yes/no question ("Will the army leave the city?") or a question
    with a modal ("Why should we pay them to rebuild the bridge?") reports no event, in any of its
    clauses. A wh-question without a modal presupposes its deed ("Why did the army shell the
    town?"): the shelling happened, and it stays an event. So does a relative clause of fact inside
    a question ("Will the court free the man who shot the mayor?"), not one of what will or could
    be ("Should we grant a truce that would be used to rearm?"). A clause is a question when it
    ends in a question mark and inverts its subject or opens with a wh-word."""
    doc = tok.doc
    for v in [tok, *tok.ancestors]:
        if v.dep_ in ("relcl", "acl") and not any(
                c.dep_ == "aux" and c.lower_ in QUESTION_MODALS for c in v.children):
            return False
        if v.pos_ not in ("VERB", "AUX") or v.dep_ in ("relcl", "acl", "aux", "auxpass"):
            continue
        wh = any(t.tag_ in WH_TAGS for t in doc[v.left_edge.i: v.i])
        if not (wh or _inverted(v)):
            continue
        after = doc[v.i + 1: v.sent.end]
        mark = next((t.i for t in after if t.text in ("?", ".", "!")), None)
        if mark is None or doc[mark].text != "?":
            continue
        modal = any(c.dep_ == "aux" and c.lower_ in QUESTION_MODALS for c in v.children)
        return modal or not wh
    return False


def _similar_frames(sent: Span, frames: list[Frame]) -> list[Frame]:
    """Verbs outside the lexicon that link two actors, typed by their nearest lexicon verb."""
    taken = {f.head.i for f in frames} | {i for f in frames for i in f.absorbed}
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.i in taken or tok.dep_ not in ("ROOT", "conj", "ccomp", "xcomp"):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        obj = args.direct_object(tok)
        if subj is None or obj is None or not args.is_actor_like(subj) or not args.is_actor_like(obj):
            continue
        found = similar_sense(tok, 0.62)
        if found:
            out.append(Frame(found[0], tok, tok.i, tok.i, None, False, "similar"))
    return out


def _sentence_index(doc: Doc) -> dict[int, int]:
    return {s.start: i for i, s in enumerate(doc.sents)}


def _learned_frames(sent: Span, frames: list[Frame], learned: dict[str, Sense]) -> list[Frame]:
    """Words that the annotated set shows to be event triggers (the gate's learned lexicon), where
    no rule frame took them; the gate decides whether each is an event."""
    taken = {f.head.i for f in frames} | {i for f in frames for i in f.absorbed} | {
        i for f in frames for i in range(min(f.first, f.last), max(f.first, f.last) + 1)}
    out = []
    for tok in sent:
        if tok.i in taken or tok.pos_ not in ("VERB", "NOUN"):
            continue
        sense = learned.get(tok.lemma_.lower())
        if sense is not None:
            out.append(Frame(sense, tok, tok.i, tok.i, None, False, "learned" if tok.pos_ == "VERB" else "learned_noun"))
    return out


def extract_events(doc: Doc, registry, statements, learned: dict[str, Sense] | None = None) -> list[Event]:
    """Events of a parsed document, ids e1, e2, ... in text order; `learned` adds the gate's
    learned trigger words to the rules' frames."""
    found: list[tuple[int, float, Event]] = []
    for si, sent in enumerate(doc.sents):
        frames = sentence_frames(sent)
        frames += _similar_frames(sent, frames)
        if learned:
            frames += _learned_frames(sent, frames, learned)
        if not frames:
            continue
        quantities = count_quantities(sent)
        evidence = Evidence(si, sent.start_char, sent.end_char, sent.text)
        counted = False
        seen: dict[tuple, Event] = {}
        for f in sorted(frames, key=lambda f: f.first):
            if in_open_question(f.head):
                continue
            srcs, tgts = frame_args(f)
            if f.kind == "nominal" and not _nominal_ok(f, srcs, tgts, quantities):
                continue
            pairs: list[tuple[Token | None, Token | None]] = []
            if not tgts and len(srcs) >= 2 and f.type in RECIPROCAL:
                pairs = [(srcs[0], srcs[1]), (srcs[1], srcs[0])]
            else:
                pairs = [(s, t) for s in (srcs[:3] or [None]) for t in (tgts[:3] or [None])]
            conf = f.sense.conf
            # a frame may record its words out of order ("would offer to"): the trigger is
            # the span from the leftmost to the rightmost of them
            lo, hi = min(f.first, f.last), max(f.first, f.last)
            first, last = f.head.doc[lo], f.head.doc[hi]
            q = {}
            if f.type == "ASSAULT" and not counted:
                q = {k: v for k, v in quantities.items() if k.split("_")[0] in ("killed", "injured")}
                counted = bool(q)
            elif f.type == "COERCE":
                q = {k: v for k, v in quantities.items() if k.split("_")[0] == "arrested"}
            elif f.type == "PROTEST":
                q = {k: v for k, v in quantities.items() if k.split("_")[0] == "protesters"}
            dur = _duration(f)
            if dur:
                q["duration"] = dur
            issue = _issue(f)
            for s, t in pairs:
                src = registry.actor_for_span(_span_of(s)).id if s is not None else None
                tgt, obj = None, None
                if t is not None and args.is_actor_like(t):
                    tgt = registry.actor_for_span(_span_of(t)).id
                elif t is not None:  # a patient that is no actor ("the bill", "power")
                    span = _span_of(t)
                    obj = TextSpan(span.text, span.start_char, span.end_char)
                if src is not None and src == tgt:
                    tgt = None
                c = conf + (0.1 if src and tgt else 0.0) - (0.15 if not src and not tgt else 0.0)
                key = (f.type, src, tgt)
                if key in seen and (src or tgt):
                    if seen[key].confidence >= c:
                        continue
                ev = Event(
                    id="", type=f.type, cameo=f.sense.cameo, source=src, target=tgt, evidence=evidence,
                    mode=f.sense.mode, issue=issue, quantities=dict(q),
                    confidence=round(max(0.05, min(0.99, c)), 3), trigger=doc[lo: hi + 1].text,
                    trigger_start=first.idx, trigger_end=last.idx + len(last), negated=f.negated,
                    object=obj)
                if key in seen and (src or tgt):
                    found = [x for x in found if x[2] is not seen[key]]
                seen[key] = ev
                found.append((first.idx, -c, ev))
    found.sort(key=lambda x: (x[0], x[1]))
    events = [ev for _, _, ev in found]
    for i, ev in enumerate(events, 1):
        ev.id = f"e{i}"
    return events


# -- typing a given pair (task (a) of the PLOVER benchmark) --------------------------------------
def _path_len(a: Token, b: Token) -> int:
    up_a = [a] + list(a.ancestors)
    up_b = [b] + list(b.ancestors)
    pos = {t.i: k for k, t in enumerate(up_a)}
    for k, t in enumerate(up_b):
        if t.i in pos:
            return pos[t.i] + k
    return 99


def _within(tok: Token, span: Span) -> bool:
    return span.start <= tok.i < span.end


def classify_pair(doc: Doc, source: Span, target: Span) -> tuple[str, float]:
    """The PLOVER type of the event between two given spans, and a confidence in [0, 1]."""
    sent = source.sent
    frames = sentence_frames(sent)
    s_root, t_root = source.root, target.root
    best: tuple[float, Frame] | None = None
    for f in frames:
        if _within(f.head, source) or _within(f.head, target):
            if f.kind != "nominal":
                continue
        srcs, tgts = frame_args(f)
        linked = any(_within(s, source) for s in srcs) + any(_within(t, target) for t in tgts)
        anchors = [f.head] + ([f.content] if f.content is not None else [])
        dist = min(_path_len(s_root, a) + _path_len(t_root, a) for a in anchors)
        score = dist - 2.0 * linked - 0.5 * f.sense.conf + (0.5 if f.kind == "nominal" else 0.0)
        if best is None or score < best[0]:
            best = (score, f)
    if best is not None and best[0] < 12:
        return best[1].type, round(max(0.1, min(0.95, best[1].sense.conf - 0.03 * max(best[0], 0))), 3)
    # no lexicon predicate: the verb that joins the two spans, typed by its nearest lexicon verb
    up_s = [s_root] + list(s_root.ancestors)
    up_t = [t_root] + list(t_root.ancestors)
    joint = next((t for t in up_t if t in up_s), sent.root)
    path = [t for t in up_t[1:] + up_s[1:] + [joint] + list(joint.ancestors)
            if t.pos_ in ("VERB", "NOUN") and not _within(t, source) and not _within(t, target)]
    best_sim: tuple[float, Sense] | None = None
    for tok in path:
        found = similar_sense(tok, 0.3)
        if found and (best_sim is None or found[1] > best_sim[0]):
            best_sim = (found[1], found[0])
    if best_sim is not None:
        return best_sim[1].type, round(best_sim[1].conf, 3)
    return "ACCUSE", 0.05


__all__ = ["extract_events", "classify_pair", "Sense"]
