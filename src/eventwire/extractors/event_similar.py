"""A back-off for verbs the lexicon lacks: the nearest lexicon verb by spaCy's word vectors."""
from __future__ import annotations

import numpy as np
from spacy.tokens import Token

from .event_lexicon import LIGHT_VERBS, NOUNS, REPORTING, TRANSPARENT, VERBS, WEAK_NOUNS, Sense

_CACHE: dict[tuple[int, str], tuple[list[str], np.ndarray]] = {}
TABLES = {"verb": VERBS, "noun": {k: v for k, v in NOUNS.items() if k not in WEAK_NOUNS}}
SKIP = LIGHT_VERBS | REPORTING | TRANSPARENT | {"be", "have", "do", "get", "become", "remain"}


def _matrix(vocab, table: str = "verb") -> tuple[list[str], np.ndarray]:
    """Unit vectors of the lexicon's verbs (or nouns), built once per vocabulary."""
    key = (id(vocab), table)
    if key not in _CACHE:
        words, rows = [], []
        for w in TABLES[table]:
            if "_" in w or not vocab.has_vector(w):
                continue
            v = vocab.get_vector(w)
            n = float(np.linalg.norm(v))
            if n:
                words.append(w)
                rows.append(v / n)
        mat = np.vstack(rows) if rows else np.zeros((0, 1), dtype="float32")
        _CACHE[key] = (words, mat)
    return _CACHE[key]


def similar_sense(tok: Token, threshold: float = 0.6) -> tuple[Sense, float] | None:
    """The sense of the most similar lexicon verb (or noun, for a noun) and the similarity."""
    lemma = tok.lemma_.lower()
    if lemma in SKIP or not tok.vocab.has_vector(lemma):
        return None
    table = "noun" if tok.pos_ == "NOUN" else "verb"
    words, mat = _matrix(tok.vocab, table)
    if not words:
        return None
    v = tok.vocab.get_vector(lemma)
    n = float(np.linalg.norm(v))
    if not n:
        return None
    sims = mat @ (v / n)
    i = int(np.argmax(sims))
    if sims[i] < threshold:
        return None
    base = TABLES[table][words[i]]
    return Sense(base.type, base.cameo[:2], base.mode, round(0.35 * float(sims[i]), 3)), float(sims[i])
