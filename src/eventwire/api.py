"""The functions that the CLI, the HTTP API and the web page all call."""
from __future__ import annotations

from .errors import InputError
from .model import Article, Result


def extract_source(source: str = "-", *, text: str | None = None, published: str | None = None,
                   title: str | None = None, fmt: str | None = None, model: str | None = None
                   ) -> tuple[list[Result], list[InputError]]:
    """Extract from a text, a file or standard input; results in input order, plus rejections."""
    from .ingest import read_source
    from .pipeline import Failure, default_pipeline

    failures: list[InputError] = []
    if text is not None:
        articles = [Article(text=text, title=title, published=published, origin="--text")]
    else:
        articles = []
        for item in read_source(source, fmt=fmt):
            if isinstance(item, InputError):
                failures.append(item)
                continue
            if published and not item.published:
                item.published = published
            if title and not item.title:
                item.title = title
            articles.append(item)
    results: list[Result] = []
    for res in default_pipeline(model).process(articles):
        if isinstance(res, Failure):
            failures.append(res.error)
        else:
            results.append(res)
    return results, failures
