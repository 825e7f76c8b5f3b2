"""eventwire: news articles in, sourced and structured political events and statements out."""
from __future__ import annotations

from .errors import EventwireError
from .model import Actor, Article, Event, Result, Statement

__version__ = "0.1.0"
__all__ = ["extract", "open", "Article", "Actor", "Statement", "Event", "Result",
           "EventwireError", "__version__"]


def extract(text: str, published: str | None = None, *, title: str | None = None,
            id: str | None = None, model: str | None = None, min_confidence: float | None = None) -> Result:
    """Extract actors, statements and events from one article text.

    Events below `min_confidence` are left out (default: the event gate's threshold; 0 keeps every
    candidate, each with its confidence)."""
    from .api import confidence_threshold
    from .errors import ArticleRejected
    from .pipeline import Failure, default_pipeline

    threshold = confidence_threshold(min_confidence)
    art = Article(text=text, id=id, title=title, published=published)
    (res,) = list(default_pipeline(model).process([art]))
    if isinstance(res, Failure):
        raise ArticleRejected(res.error.reason, res.error.source)
    return res.gated(threshold)


def open(path: str = "eventwire.db"):  # noqa: A001 - mirrors sqlite3.connect / builtins.open
    """Open (creating and migrating if needed) the store at `path`: a SQLite file, or a
    PostgreSQL database given as postgresql://USER@HOST:PORT/DATABASE."""
    from .store import Store

    return Store(path)
