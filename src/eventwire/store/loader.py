"""Ingest into a store: read sources, skip what is stored, run the pipeline, write, log rejections."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..errors import ArticleRejected, InputError
from ..model import Article, Result

if TYPE_CHECKING:
    from . import Store

# progress(total) is called once before the pipeline starts (None: the total is not known yet),
# then progress(None) once per article done
Progress = Callable[[int | None], None]


@dataclass
class IngestSummary:
    stored: int = 0
    skipped: int = 0                      # already in the store (or twice in this input)
    rejected: list[InputError] = field(default_factory=list)
    seconds: float = 0.0
    linking_seconds: float = 0.0          # of `seconds`, linking incidents (docs/incidents.md)

    @property
    def processed(self) -> int:
        return self.stored + len(self.rejected)

    def reasons(self) -> list[tuple[str, int, str]]:
        """(reason, count, first example source:position), most frequent first."""
        groups: dict[str, list[InputError]] = {}
        for err in self.rejected:
            groups.setdefault(err.reason, []).append(err)
        out = []
        for reason, errs in groups.items():
            e = errs[0]
            where = e.source or "<input>"
            if e.position is not None:
                where = f"{where}:{e.position}"
            out.append((reason, len(errs), where))
        return sorted(out, key=lambda t: (-t[1], t[0]))

    def to_dict(self) -> dict[str, Any]:
        return {"stored": self.stored, "skipped": self.skipped, "rejected": len(self.rejected),
                "seconds": round(self.seconds, 3), "linking_seconds": round(self.linking_seconds, 3),
                "reasons": [{"reason": r, "count": n, "example": w} for r, n, w in self.reasons()]}


def read_all(sources: Iterable[str], fmt: str | None = None) -> Iterator[Article | InputError]:
    """Articles and rejections from every source, through the ingest readers."""
    from .. import ingest

    read_sources = getattr(ingest, "read_sources", None)
    sources = list(sources)
    if read_sources is not None:
        yield from read_sources(sources, fmt=fmt)
        return
    for src in sources:  # older ingest package: one source at a time
        yield from ingest.read_source(src, fmt=fmt)


def run_pipeline(articles: Iterable[Article], model: str | None, processes: int | None,
                 batch_size: int | None, engine: str = "local",
                 ray_address: str | None = None) -> Iterator[Any]:
    """Result or Failure per article, in input order (the parallel runner when it is there;
    engine "ray" runs it on Ray Data, see eventwire.ray_engine)."""
    kwargs = {} if batch_size is None else {"batch_size": batch_size}
    if engine != "local" or ray_address:
        kwargs.update(engine=engine, ray_address=ray_address)
    try:
        from ..runner import run
    except ImportError:
        run = None
    if run is not None:
        return run(articles, processes=processes, model=model, **kwargs)
    from ..pipeline import Pipeline, default_pipeline

    pipe = default_pipeline(model) if batch_size is None else Pipeline(model, batch_size=batch_size)
    return pipe.process(articles)


PREREAD = 5_000     # new articles read before the pipeline starts: the progress bar's exact total
SEEN_LIMIT = 200_000  # hashes remembered to skip repeats within one input (see `ingest`)


def ingest(store: "Store", sources: Iterable[str], *, fmt: str | None = None,
           model: str | None = None, processes: int | None = 1, batch_size: int | None = None,
           progress: Progress | None = None, min_confidence: float = 0.0,
           engine: str = "local", ray_address: str | None = None) -> IngestSummary:
    """Store every new article of `sources`; each one is written in its own transaction.

    Events whose confidence is under `min_confidence` are not stored.

    Articles already in the store are skipped before parsing (by content hash), so rerunning
    the same command after an interruption only does the work that is left.

    The input is streamed: at most PREREAD new articles are read ahead (so that the progress
    bar knows its total when the input is no longer than that; `progress(None)` first means
    the total is unknown), then articles are read as the pipeline takes them, and memory stays
    flat however long the input is. Repeats within the input are caught by a set of recent
    hashes, cleared when it reaches SEEN_LIMIT; a repeat that comes later than that is found
    in the store (or, if its first copy is still being parsed, by the store's write) instead.
    """
    from collections import deque

    from ..pipeline import Failure

    t0 = time.perf_counter()
    linked0 = store.linking_seconds
    summary = IngestSummary()
    seen: set[str] = set()
    items = iter(read_all(sources, fmt))

    def admit(item) -> Article | None:
        if isinstance(item, Article) and (reason := store.unstorable(item)):
            item = ArticleRejected(reason, item.origin)
        if isinstance(item, InputError):
            summary.rejected.append(item)
            store.log_rejection(item)
            return None
        if item.hash in seen or store.has(item.hash):
            summary.skipped += 1
            return None
        if len(seen) >= SEEN_LIMIT:
            seen.clear()
        seen.add(item.hash)
        return item

    head: deque[Article] = deque()
    exhausted = True
    for item in items:
        art = admit(item)
        if art is not None:
            head.append(art)
            if len(head) >= PREREAD:
                exhausted = False
                break

    def stream() -> Iterator[Article]:
        while head:
            yield head.popleft()
        for item in items:
            art = admit(item)
            if art is not None:
                yield art

    if progress:
        progress(len(head) if exhausted else None)
    if head:
        for res in run_pipeline(stream(), model, processes, batch_size, engine, ray_address):
            if isinstance(res, Failure):
                summary.rejected.append(res.error)
                store.log_rejection(res.error)
            elif isinstance(res, Result) and store.write(res.gated(min_confidence)):
                summary.stored += 1
            else:
                summary.skipped += 1
            if progress:
                progress(None)
    summary.seconds = time.perf_counter() - t0
    summary.linking_seconds = store.linking_seconds - linked0
    return summary
