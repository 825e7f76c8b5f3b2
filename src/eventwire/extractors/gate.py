"""The event gate: a trained model that keeps, retypes or drops each rule-proposed event.

Rules (`events.py`) propose candidates, and so do the trigger words the annotated set shows (the
learned lexicon); the gate scores each with a multinomial logistic model over
features the pipeline already has (trigger lemma and its rule type, the frame's syntax, tense,
modality, negation, status, the statement around it, the kinds of source and target, the
sentence's words, and the md model's word vectors of the trigger and the sentence). The probability
of the candidate's own type, calibrated on held-out folds, is the event's `confidence`.
The weights live in `eventwire/data/models/event_gate.npz` (see docs/model_card_gate.md); they
are rebuilt by `eventwire train-gate`. The file holds weights, single-word features and numbers,
never sentences.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from ..errors import ModelError
from ..model import PLOVER_TYPES, Actor, Event, Statement
from ..resolve.syntax import governing_verb, tense, trigger_token
from .event_lexicon import Sense

NONE = "NONE"
# the CAMEO root of each type, for the events that the learned lexicon proposes
TYPE_CAMEO = {"AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "CONCEDE": "08", "COOPERATE": "06",
              "AID": "07", "RETREAT": "087", "REQUEST": "10", "ACCUSE": "11", "REJECT": "12",
              "THREATEN": "13", "PROTEST": "14", "SANCTION": "16", "MOBILIZE": "15", "COERCE": "17",
              "ASSAULT": "18"}
LEARNED_CONF = 0.3  # the rule score of a learned-lexicon proposal (a feature of the gate)
CLASSES = (NONE,) + PLOVER_TYPES
MODALS = {"will", "would", "could", "might", "may", "can", "should", "must", "shall", "'ll", "wo"}
CONTENT_POS = {"NOUN", "VERB", "ADJ", "PROPN"}
# adverbs that make a clause habitual or generic ("often criticises"), or hedge it
HABITUAL = {"often", "always", "usually", "routinely", "repeatedly", "regularly", "frequently",
            "typically", "generally", "sometimes", "never", "constantly", "ever"}
QUOTES = {'"', "“", "”", "'", "‘", "’", "``", "''"}
MODEL_FILE = "event_gate.npz"


def _head_lemma(tok: Token | None) -> str:
    return tok.lemma_.lower() if tok is not None else "-"


def _actor_features(role: str, actor: Actor | None, f: dict[str, float]) -> None:
    if actor is None:
        f[f"{role}=none"] = 1.0
        return
    f[f"{role}.kind={actor.kind}"] = 1.0
    f[f"{role}.kb={bool(actor.kb_id)}"] = 1.0
    f[f"{role}.sector={actor.sector or '-'}"] = 1.0
    f[f"{role}.country={bool(actor.country)}"] = 1.0


def features(doc: Doc, ev: Event, actors: dict[str, Actor], statements: list[Statement],
             siblings: int, rank: int) -> tuple[dict[str, float], np.ndarray]:
    """Sparse named features and the dense vector part of one candidate event."""
    f: dict[str, float] = {}
    rule = ev.type
    f[f"rule={rule}"] = 1.0
    f[f"cameo={(ev.cameo or '--')[:2]}"] = 1.0
    f["rule_conf"] = float(ev.confidence)
    f[f"status={ev.status}"] = 1.0
    f[f"status_rule={ev.status}|{rule}"] = 1.0
    f[f"negated={ev.negated}"] = 1.0
    f[f"siblings={min(siblings, 4)}"] = 1.0
    f[f"rank={min(rank, 3)}"] = 1.0
    f[f"object={ev.object is not None}"] = 1.0
    tok = trigger_token(doc, ev)
    if tok is not None:
        lem = tok.lemma_.lower()
        f[f"lem={lem}"] = 1.0
        f[f"lem_rule={lem}|{rule}"] = 1.0
        f[f"pos={tok.pos_}"] = 1.0
        f[f"tag={tok.tag_}"] = 1.0
        f[f"dep={tok.dep_}"] = 1.0
        f[f"pos_rule={tok.pos_}|{rule}"] = 1.0
        verb = governing_verb(tok)
        f[f"tense={tense(tok)}"] = 1.0
        aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
        for a in aux:
            if a in MODALS:
                f[f"modal={a}"] = 1.0
        f[f"gov={_head_lemma(verb.head) if verb.dep_ != 'ROOT' else 'ROOT'}"] = 1.0
        f[f"vdep={verb.dep_}"] = 1.0
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            f[f"subj={subj.lemma_.lower() if subj.pos_ != 'PROPN' else subj.ent_type_ or 'PROPN'}"] = 1.0
            f[f"subj_num={subj.tag_ in ('NNS', 'NNPS')}"] = 1.0
            f[f"subj_det={next((c.lower_ for c in subj.children if c.dep_ == 'det'), '-')}"] = 1.0
        else:
            f["subj=none"] = 1.0
        for c in tok.children:
            if c.dep_ in ("dobj", "pobj", "attr"):
                f[f"obj={c.lemma_.lower() if c.pos_ != 'PROPN' else c.ent_type_ or 'PROPN'}"] = 1.0
            elif c.dep_ == "prep":
                f[f"prep={c.lower_}|{rule}"] = 1.0
            elif c.dep_ in ("ccomp", "xcomp", "advcl", "acomp"):
                f[f"child={c.dep_}"] = 1.0
        for c in verb.children:
            if c.dep_ == "advmod" and c.lower_ in HABITUAL:
                f[f"habitual={c.lower_}"] = 1.0
        if subj is not None:
            f[f"subj_ent={subj.ent_type_ or subj.pos_}"] = 1.0
        sent = tok.sent
        before = [t.text for t in sent if t.i < tok.i and t.text in QUOTES]
        f[f"in_quote={len(before) % 2 == 1}"] = 1.0
    else:
        sent = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand") or doc[:]
    text = sent.text
    f[f"question={text.rstrip().endswith('?')}"] = 1.0
    f[f"sent_first={ev.evidence.sentence == 0}"] = 1.0
    f[f"sent_len={min(len(sent) // 10, 5)}"] = 1.0
    st = next((s for s in statements if s.id == ev.attributed_to), None)
    if st is not None:
        f[f"stmt={st.kind}"] = 1.0
        f[f"stance={st.stance or '-'}"] = 1.0
        f[f"cue={(st.cue or '-').lower().split()[-1] if st.cue else '-'}"] = 1.0
    else:
        f["stmt=none"] = 1.0
    _actor_features("src", actors.get(ev.source) if ev.source else None, f)
    _actor_features("tgt", actors.get(ev.target) if ev.target else None, f)
    f[f"args={bool(ev.source)}{bool(ev.target)}|{rule}"] = 1.0
    for t in sent:
        if t.pos_ in CONTENT_POS and t.is_alpha:
            f[f"w={t.lemma_.lower()}"] = 1.0
        if t.ent_type_ and t.ent_iob_ == "B":
            f[f"ent={t.ent_type_}"] = 1.0
    dense = np.concatenate([_unit(tok.vector if tok is not None and tok.has_vector else None),
                            _unit(sent.vector if sent.has_vector else None)])
    return f, dense


def _unit(v) -> np.ndarray:
    if v is None:
        return np.zeros(300, dtype=np.float32)
    v = np.asarray(v, dtype=np.float32)
    if v.shape[0] != 300:
        v = np.resize(v, 300)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def candidate_features(doc: Doc, events: list[Event], actors: dict[str, Actor],
                       statements: list[Statement]) -> list[tuple[dict[str, float], np.ndarray]]:
    """Features of every candidate of a document (siblings: candidates sharing its trigger)."""
    by_trigger: dict[tuple, list[Event]] = {}
    for ev in events:
        by_trigger.setdefault((ev.trigger_start, ev.trigger_end), []).append(ev)
    out = []
    for ev in events:
        group = by_trigger[(ev.trigger_start, ev.trigger_end)]
        rank = next(i for i, other in enumerate(group) if other is ev)
        out.append(features(doc, ev, actors, statements, len(group), rank))
    return out


class EventGate:
    """Loaded weights: `probabilities` over the classes for one candidate's features, and
    `confidence`, the calibrated probability of the candidate's own type."""

    def __init__(self, path: Path):
        try:
            with np.load(path, allow_pickle=False) as z:
                self.W = z["W"].astype(np.float32)          # classes x sparse features
                self.D = z["D"].astype(np.float32)          # classes x dense dims
                self.b = z["b"].astype(np.float32)
                self.vocab = {name: i for i, name in enumerate(z["vocab"].tolist())}
                self.scale = {name: float(s) for name, s in zip(z["vocab"].tolist(), z["scale"].tolist())}
                self.classes = tuple(z["classes"].tolist())
                self.calib = tuple(float(x) for x in z["calibration"])
                self.meta = json.loads(str(z["meta"]))
                self.lexicon = lexicon_from_rows(z["lexicon"].tolist())
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"event gate {path} could not be read ({exc}); rebuild it with "
                             "`eventwire train-gate`") from exc
        self.threshold = float(self.meta.get("threshold", 0.5))

    def probabilities(self, feats: dict[str, float], dense: np.ndarray) -> np.ndarray:
        z = self.b + self.D @ dense
        for name, value in feats.items():
            j = self.vocab.get(name)
            if j is not None:
                z = z + self.W[:, j] * (value * self.scale[name])
        z = z - z.max()
        p = np.exp(z)
        return p / p.sum()

    def calibrate(self, p: float) -> float:
        a, c = self.calib
        p = min(max(p, 1e-6), 1 - 1e-6)
        return 1.0 / (1.0 + math.exp(-(a * math.log(p / (1 - p)) + c)))

    def confidence(self, rule_type: str, probs: np.ndarray) -> float:
        """The calibrated probability that the candidate is a real event of the rule's type."""
        return self.calibrate(float(probs[self.classes.index(rule_type)]))


def lexicon_from_rows(rows: list[str]) -> dict[str, Sense]:
    """The learned trigger lexicon from its stored rows "lemma<TAB>TYPE"."""
    out = {}
    for row in rows:
        lemma, _, typ = row.partition("\t")
        if typ in TYPE_CAMEO:
            out[lemma] = Sense(typ, TYPE_CAMEO[typ], None, LEARNED_CONF)
    return out


@lru_cache(maxsize=2)
def load_gate(path: str | None = None) -> EventGate | None:
    """The shipped gate (or the one at `path`); None when the package has none (untrained)."""
    if path:
        return EventGate(Path(path))
    ref = resources.files("eventwire") / "data" / "models" / MODEL_FILE
    if not ref.is_file():
        return None
    with resources.as_file(ref) as p:
        return EventGate(p)


def default_threshold() -> float:
    """The shipped gate's confidence threshold, chosen on dev for precision >= 0.80 (0 untrained)."""
    gate = load_gate()
    return gate.threshold if gate is not None else 0.0


def apply_gate(doc: Doc, events: list[Event], actors: dict[str, Actor], statements: list[Statement],
               gate: EventGate | None = None) -> None:
    """Set each event's confidence to the gate's calibrated probability.

    The gate keeps the rules' type: letting it retype (to a type likelier by a margin) gained
    nothing on the annotated sentences and cost 0.05 end-to-end macro-F1 on the PLOVER GSR."""
    gate = gate or load_gate()
    if gate is None or not events:
        return
    for ev, (feats, dense) in zip(events, candidate_features(doc, events, actors, statements)):
        ev.confidence = round(gate.confidence(ev.type, gate.probabilities(feats, dense)), 3)


__all__ = ["EventGate", "apply_gate", "candidate_features", "load_gate", "default_threshold", "CLASSES"]
