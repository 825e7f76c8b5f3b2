"""Attributed statements: speaker, cue and content spans (placeholder, deepened by issue 3)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..model import Statement

SAY_VERBS = {"say", "state", "tell", "allege", "claim", "confirm", "indicate", "inform", "announce"}


def extract_statements(doc: Doc, registry) -> list[Statement]:
    out: list[Statement] = []
    for si, sent in enumerate(doc.sents):
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_ not in SAY_VERBS:
                continue
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            comp = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
            if not subj or not comp:
                continue
            s = doc[subj[0].left_edge.i: subj[0].right_edge.i + 1]
            c = doc[comp[0].left_edge.i: comp[0].right_edge.i + 1]
            actor = registry.actor_for_span(s)
            out.append(Statement(
                id=f"s{len(out) + 1}", speaker=actor.id, speaker_text=s.text,
                speaker_start=s.start_char, speaker_end=s.end_char, cue=tok.text,
                cue_start=tok.idx, cue_end=tok.idx + len(tok), kind="indirect",
                content=c.text, start=c.start_char, end=c.end_char, sentence=si))
    return out
