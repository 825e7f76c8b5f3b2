"""PLOVER events from parsed sentences (placeholder, deepened by issue 4)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..model import Event, Evidence

VERB_TYPES = {"reject": ("REJECT", "12"), "accuse": ("ACCUSE", "112"), "agree": ("AGREE", "03"),
              "attack": ("ASSAULT", "19"), "meet": ("CONSULT", "04"), "demand": ("REQUEST", "10")}


def extract_events(doc: Doc, registry, statements) -> list:
    out = []
    for si, sent in enumerate(doc.sents):
        for tok in sent:
            if tok.lemma_ not in VERB_TYPES:
                continue
            typ, cameo = VERB_TYPES[tok.lemma_]
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            obj = [c for c in tok.children if c.dep_ == "dobj"]
            src = registry.actor_for_span(doc[subj[0].left_edge.i: subj[0].right_edge.i + 1]) if subj else None
            tgt = registry.actor_for_span(doc[obj[0].left_edge.i: obj[0].right_edge.i + 1]) if obj else None
            out.append(Event(
                id=f"e{len(out) + 1}", type=typ, cameo=cameo, source=src.id if src else None,
                target=tgt.id if tgt else None,
                evidence=Evidence(si, sent.start_char, sent.end_char, sent.text),
                trigger=tok.text, trigger_start=tok.idx, trigger_end=tok.idx + len(tok)))
    return out
