"""Articles in, results out: the per-batch function shared by the CLI, the API and the runners."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterable, Iterator

from . import nlp as nlp_mod
from .errors import ArticleRejected, InputError
from .model import Article, Result

log = logging.getLogger(__name__)

MAX_CHARS = 1_000_000  # longer texts are rejected: spaCy's own limit and far beyond any article


@dataclass
class Failure:
    """An article the pipeline could not process, with the reason."""

    article: Article
    error: InputError


class Pipeline:
    """One spaCy pipeline plus the extractors, built once and reused for every batch."""

    def __init__(self, model: str | None = None, batch_size: int = nlp_mod.BATCH_SIZE, kb=None):
        self.nlp = nlp_mod.load(model)
        self.batch_size = batch_size
        self.kb = kb

    def check(self, article: Article) -> None:
        if not article.text or not article.text.strip():
            raise ArticleRejected("empty text", article.origin)
        if len(article.text) > MAX_CHARS:
            raise ArticleRejected(
                f"text of {len(article.text):,} characters is over the limit of {MAX_CHARS:,}; "
                "split it into articles", article.origin)

    def process(self, articles: Iterable[Article]) -> Iterator[Result | Failure]:
        """Results in input order; a bad article becomes a Failure and the batch goes on."""
        from .extract import extract_doc

        pending: list[Article] = []

        def flush() -> Iterator[Result | Failure]:
            docs = nlp_mod.pipe(self.nlp, (a.text for a in pending), self.batch_size)
            for art, doc in zip(pending, docs):
                try:
                    yield extract_doc(doc, art, kb=self.kb)
                except Exception as exc:  # one article never kills the batch
                    log.exception("extraction failed for %s", art.id)
                    yield Failure(art, InputError(f"extraction failed: {exc!r}", art.origin))
            pending.clear()

        for art in articles:
            try:
                self.check(art)
            except InputError as exc:
                yield from flush()
                yield Failure(art, exc)
                continue
            pending.append(art)
            if len(pending) >= self.batch_size:
                yield from flush()
        yield from flush()


_default: Pipeline | None = None


def default_pipeline(model: str | None = None) -> Pipeline:
    global _default
    if _default is None or (model and nlp_mod.model_setting(model) != nlp_mod.model_setting(None)):
        _default = Pipeline(model)
    return _default
