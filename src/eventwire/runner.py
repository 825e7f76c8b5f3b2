"""Run the pipeline over a stream of articles, in this process or in P worker processes.

`run(articles, processes=P)` yields one Result or pipeline.Failure per article, in input order,
exactly as `Pipeline.process` does in one process. With P > 1 each worker process (started with
`spawn`, so no parent state such as a loaded model or open SQLite handle is shared) builds its
Pipeline once, on its first chunk, and is then fed chunks of `chunk_size` articles (default:
the batch size). At most `inflight` chunks (default 2 per worker) are out at a time, so memory
stays bounded however long the input is; the caller is the single consumer (and, for ingest,
the single store writer). `Runner` keeps the workers between calls (benchmarks use it to leave
model loading out of the timing). Results are the same as in one process: each article is
processed alone by the same code on the same model; only the batches that spaCy sees differ.
`run(..., engine="ray")` hands the same work to Ray Data (eventwire.ray_engine), which carries
results across processes in the same picklable form as the worker processes here.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from typing import Iterable, Iterator

from .errors import EventwireError, UsageError
from .model import Article, Result
from .pipeline import Failure, Pipeline

START_METHOD = "spawn"  # fork would copy a parent's threads and locks; spawn is safe everywhere

# Processed once before timing or streaming starts, so that the tables the extractors load on
# first use (gazetteer, knowledge base, word-vector matrices) are loaded: one of each kind of thing
WARM_UP = Article(
    id="warm-up", published="2025-06-04",
    text=("Officials in Paris said on Monday that \"talks will resume next week,\" and the foreign "
          "minister of France accused Russia of shelling villages near Kharkiv. Ukraine and Russia "
          "agreed to exchange 300 prisoners, according to the United Nations."))

# One Pipeline per worker process, built on the first chunk (not in a Pool initializer: an
# initializer that raises makes multiprocessing restart the worker forever).
_worker_pipeline: Pipeline | None = None
_worker_key: tuple | None = None


def _failure_state(f: Failure) -> tuple:
    # InputError keeps its fields in attributes, not in args, so it does not pickle faithfully
    err = f.error
    return ("failure", f.article, type(err), err.reason, err.source, err.position)


def _from_state(item) -> Result | Failure:
    if isinstance(item, tuple) and item and item[0] == "failure":
        _, article, cls, reason, source, position = item
        return Failure(article, cls(reason, source, position))
    return item


def _process_chunk(key: tuple, chunk: list[Article]) -> tuple[list, int, int, float]:
    """Worker side: process one chunk; also report this worker's pid, peak RSS (KiB) and the
    CPU seconds it has used so far."""
    global _worker_pipeline, _worker_key
    if _worker_pipeline is None or _worker_key != key:
        model, batch_size = key
        _worker_pipeline = Pipeline(model, batch_size=batch_size)
        _worker_key = key
    out = [(_failure_state(r) if isinstance(r, Failure) else r)
           for r in _worker_pipeline.process(chunk)]
    return out, os.getpid(), peak_rss_kib(), cpu_seconds()


def peak_rss_kib() -> int:
    """Peak resident set size of this process so far, in KiB (Linux: ru_maxrss is in KiB)."""
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def cpu_seconds() -> float:
    """User plus system CPU seconds used by this process so far."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def current_rss_kib() -> int:
    """Resident set size of this process now, in KiB (from /proc; 0 where there is no /proc)."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for art in articles:
        chunk.append(art)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class WorkerStats:
    """Peak RSS (KiB) and CPU seconds used so far, per worker process, filled in as results come."""

    def __init__(self) -> None:
        self.peak_rss_kib: dict[int, int] = {}
        self.cpu_s: dict[int, float] = {}

    def total_cpu_s(self) -> float:
        return sum(self.cpu_s.values())

    def max_kib(self) -> int:
        return max(self.peak_rss_kib.values(), default=0)


ENGINES = ("local", "ray")


def run(articles: Iterable[Article], processes: int | None = 1, model: str | None = None,
        batch_size: int = 32, *, chunk_size: int | None = None, inflight: int | None = None,
        stats: WorkerStats | None = None, engine: str = "local",
        ray_address: str | None = None) -> Iterator[Result | Failure]:
    """Results in input order, from `processes` worker processes (1 or None: in this process).

    engine="ray" runs the same per-batch function on Ray Data instead (eventwire.ray_engine):
    `processes` actors (None: one per CPU of the cluster) on the cluster at `ray_address`, or
    on a local one started for this run and stopped after it.
    """
    if engine not in ENGINES:
        raise UsageError(f"--engine {engine!r} is not one of: {', '.join(ENGINES)}")
    if engine == "ray":
        from .ray_engine import RayEngine

        with RayEngine(processes, model, batch_size, address=ray_address, stats=stats) as eng:
            yield from eng.run(articles)
        return
    if ray_address:
        raise UsageError("--ray-address needs --engine ray")
    processes = 1 if processes is None else processes
    with Runner(processes, model, batch_size, chunk_size=chunk_size, inflight=inflight,
                stats=stats) as runner:
        yield from runner.run(articles)


class Runner:
    """A pipeline in this process, or a pool of worker processes kept warm between `run` calls.

    Use it as a context manager: the workers are started on entry (each loads the model on its
    first chunk) and stopped on exit. `run` may be called many times (benchmarks do, to leave
    the model loading out of the timing).
    """

    def __init__(self, processes: int = 1, model: str | None = None, batch_size: int = 32, *,
                 chunk_size: int | None = None, inflight: int | None = None,
                 stats: WorkerStats | None = None):
        if processes < 1:
            raise UsageError(f"--processes must be at least 1 (got {processes})")
        if batch_size < 1:
            raise UsageError(f"batch size must be at least 1 (got {batch_size})")
        self.processes = processes
        self.key = (model, batch_size)
        self.chunk_size = max(1, chunk_size or batch_size)
        self.inflight = max(1, inflight or 2 * processes)
        self.stats = stats
        self._pool = None
        self._pipeline: Pipeline | None = None

    def __enter__(self) -> "Runner":
        if self.processes == 1:
            model, batch_size = self.key
            self._pipeline = Pipeline(model, batch_size=batch_size)
        else:
            self._pool = _start_pool(self.processes)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            if exc and exc[0] is None:
                self._pool.close()
                self._pool.join()
            self._pool.terminate()
            self._pool = None

    @property
    def pipeline(self) -> Pipeline | None:
        """The in-process Pipeline (processes=1), e.g. to read its stage timings."""
        return self._pipeline

    def warm_up(self, article: Article = WARM_UP) -> None:
        """Make every worker load its model and tables now (a timed run leaves loading out)."""
        if self._pool is None:
            list(self.run([article]))
            return
        # one tiny chunk per worker at a time; a worker busy loading takes no second chunk
        # until done, so P concurrent tasks land on P different workers
        tasks = [self._pool.apply_async(_process_chunk, (self.key, [article]))
                 for _ in range(self.processes)]
        for t in tasks:
            self._collect(t)

    def run(self, articles: Iterable[Article]) -> Iterator[Result | Failure]:
        if self._pipeline is None and self._pool is None:
            raise UsageError("use Runner as a context manager: `with Runner(...) as r: r.run(...)`")
        if self._pipeline is not None:
            yield from self._pipeline.process(articles)
            return
        pending: deque = deque()
        chunks = _chunks(articles, self.chunk_size)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.inflight:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append(self._pool.apply_async(_process_chunk, (self.key, chunk)))
            if not pending:
                return
            for item in self._collect(pending.popleft()):
                yield _from_state(item)

    def _collect(self, task) -> list:
        try:
            items, pid, rss, cpu = task.get()
        except EventwireError:
            raise
        except Exception as exc:  # a worker died or could not build the pipeline
            raise EventwireError(
                f"a worker process failed ({exc!r}); run with --processes 1 to see the "
                "error in full") from exc
        if self.stats is not None:
            self.stats.peak_rss_kib[pid] = max(rss, self.stats.peak_rss_kib.get(pid, 0))
            self.stats.cpu_s[pid] = max(cpu, self.stats.cpu_s.get(pid, 0.0))
        return items


def _start_pool(processes: int):
    ctx = mp.get_context(START_METHOD)
    # one worker per core: threads inside a worker would only fight the other workers for cores
    saved = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    for k in saved:
        os.environ.setdefault(k, "1")
    try:
        return ctx.Pool(processes)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
