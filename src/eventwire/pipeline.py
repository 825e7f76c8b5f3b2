"""Articles in, results out: the per-batch function shared by the CLI, the API and the runners."""
from __future__ import annotations

import logging
import time
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
        # seconds spent per stage ("parse", "extract"), accumulated when a caller sets a dict
        self.timings: dict[str, float] | None = None

    def parse(self, texts: Iterable[str]) -> Iterator:
        """Docs for `texts`, in order."""
        return nlp_mod.pipe(self.nlp, texts, self.batch_size)

    def _timed(self, docs: Iterator) -> Iterator:
        # parsing is lazy inside nlp.pipe: the time to produce each doc is the parse time
        clock = time.perf_counter
        while True:
            t0 = clock()
            try:
                doc = next(docs)
            except StopIteration:
                self.timings["parse"] = self.timings.get("parse", 0.0) + clock() - t0
                return
            self.timings["parse"] = self.timings.get("parse", 0.0) + clock() - t0
            yield doc

    def check(self, article: Article) -> None:
        if not article.text or not article.text.strip():
            raise ArticleRejected("empty text", article.origin)
        if len(article.text) > MAX_CHARS:
            raise ArticleRejected(
                f"text of {len(article.text):,} characters is over the limit of {MAX_CHARS:,}; "
                "split it into articles", article.origin)
        from .ingest.language import language_rejection

        reason = language_rejection(article)  # the extractors read English only
        if reason:
            raise ArticleRejected(reason, article.origin)

    def process(self, articles: Iterable[Article]) -> Iterator[Result | Failure]:
        """Results in input order; a bad article becomes a Failure and the batch goes on."""
        from .extractors import extract_doc

        pending: list[Article] = []

        def flush() -> Iterator[Result | Failure]:
            if not pending:
                return
            docs = iter(self.parse([a.text for a in pending]))
            timings = self.timings
            if timings is not None:
                docs = self._timed(docs)
            for art, doc in zip(pending, docs):
                t0 = time.perf_counter()
                try:
                    res = extract_doc(doc, art, kb=self.kb)
                except Exception as exc:  # one article never kills the batch
                    log.exception("extraction failed for %s", art.id)
                    res = Failure(art, InputError(f"extraction failed: {exc!r}", art.origin))
                if timings is not None:
                    timings["extract"] = timings.get("extract", 0.0) + time.perf_counter() - t0
                yield res
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
