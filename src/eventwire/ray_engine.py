"""The Ray engine: the pipeline's per-batch function on Ray Data, one spaCy pipeline per actor.

`RayEngine(...).run(articles)` yields one Result or pipeline.Failure per article, in input order,
exactly as `runner.Runner.run` does: each article is processed alone by `Pipeline.process`, so
the results are those of one local process. The articles go to Ray Data
(`from_items(...).map_batches(BatchWorker, compute=ActorPoolStrategy(size=A), num_cpus=<a
fraction>)`); each actor builds its Pipeline once, in `__init__`, and then takes batch after
batch. Results come back to the caller, which is the one writer (`Store.write`, idempotent by
content hash), so Ray's at-least-once retries (Ray Data restarts a dead actor and resubmits its
batches) can neither double nor lose an article: a batch delivered twice is dropped here by its
position, and an article stored twice is skipped by the store.

Each actor asks for a fraction of a CPU: an actor pool that holds every logical CPU leaves none
for Ray Data's other tasks, and on a 2-core machine the run then waits forever.

The input is cut into windows of `window` articles (at least PER_ACTOR per actor), one Ray Data
run each: `from_items` needs its items up front, and a window keeps the caller's memory flat on
an input of any length. Each window starts its own actor pool, so the model is loaded once per
actor per window: seconds against the minutes that an actor's share of a window takes.

Ray is optional (`pip install 'eventwire[ray]'`); without it the engine raises EngineError.
"""
from __future__ import annotations

import logging
import math
import os
import pickle
import time
from typing import Any, Iterable, Iterator

from .errors import EngineError, EventwireError, UsageError
from .model import Article, Result
from .pipeline import Failure, Pipeline
from .runner import (WARM_UP, WorkerStats, _chunks, _failure_state, _from_state, cpu_seconds,
                     peak_rss_kib)

INSTALL_HINT = "pip install 'eventwire[ray]'"
WINDOW = 5_000            # articles per Ray Data run, and at least PER_ACTOR per actor
PER_ACTOR = 1_000         # so that loading the model (seconds) is a few % of an actor's work
# settings that the actors need to see as the driver does (model, extra knowledge-base files)
FORWARDED_ENV = ("EVENTWIRE_MODEL", "EVENTWIRE_KB")


def import_ray():
    """The `ray` module with Ray Data, or EngineError saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401 - the engine needs Ray Data, not only Ray core
    except ImportError as exc:
        raise EngineError(
            f"--engine ray needs Ray Data, which is not installed ({exc}): {INSTALL_HINT}, "
            "or run with --engine local") from exc
    return ray


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def cpus_per_actor(cluster_cpus: float, actors: int) -> float:
    """The CPU share each actor asks Ray for: at most one, and together at most all CPUs but one
    (half a CPU on a one-CPU cluster), so Ray Data always has a CPU left for its other tasks."""
    spare = 1.0 if cluster_cpus >= 2 else 0.5
    share = (cluster_cpus - spare) / max(1, actors)
    return max(0.001, min(1.0, math.floor(share * 1000) / 1000))


class BatchWorker:
    """One actor of the pool: builds the Pipeline once, then processes the batches it is given.

    A batch is {"index", "article"} (articles pickled); the answer is {"index", "result"} (each
    Result, or a Failure in runner's picklable form, pickled) plus this actor's pid, peak RSS
    (KiB), CPU seconds so far, and the time and CPU seconds at which its pipeline was ready, for
    the benchmark.
    """

    def __init__(self, model: str | None, batch_size: int, warm_up: bool = True):
        self.pipeline = Pipeline(model, batch_size=batch_size)
        if warm_up:  # the tables the extractors load on first use load now, not in a batch
            list(self.pipeline.process([WARM_UP]))
        self.pid = os.getpid()
        self.ready_at = time.time()  # wall clock, for the benchmark's "once started"
        self.cpu_at_ready = cpu_seconds()  # what loading cost; the batches' CPU is the rest

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        articles = [pickle.loads(b) for b in batch["article"]]
        states = [pickle.dumps(_failure_state(r) if isinstance(r, Failure) else r)
                  for r in self.pipeline.process(articles)]
        n = len(states)
        result = np.empty(n, dtype=object)
        result[:] = states
        return {"index": batch["index"], "result": result, "pid": np.full(n, self.pid),
                "rss_kib": np.full(n, peak_rss_kib()), "cpu_s": np.full(n, cpu_seconds()),
                "ready_at": np.full(n, self.ready_at), "cpu_ready": np.full(n, self.cpu_at_ready)}


class RayEngine:
    """A connection to a Ray cluster (an existing one at `address` or $RAY_ADDRESS, else a local
    one started here with `num_cpus` CPUs and stopped on exit) that runs the pipeline with
    `actors` actors.

    Use it as a context manager. `actors` defaults to one per CPU of the cluster. If Ray is
    already initialised in this process (a test, a notebook), that connection is used and kept.
    With `wait_for_actors` a run hands out no batch before every actor has loaded its model, and
    `ready_at` is then the wall-clock time the run's work started (benchmarks).
    """

    def __init__(self, actors: int | None = None, model: str | None = None, batch_size: int = 32,
                 *, address: str | None = None, num_cpus: int | None = None,
                 cpu_share: float | None = None, chunk_size: int | None = None,
                 window: int = WINDOW, stats: WorkerStats | None = None,
                 wait_for_actors: bool = False):
        if actors is not None and actors < 1:
            raise UsageError(f"--processes (Ray actors) must be at least 1 (got {actors})")
        if batch_size < 1:
            raise UsageError(f"batch size must be at least 1 (got {batch_size})")
        self.actors = actors
        self.model = model
        self.batch_size = batch_size
        self.address = address
        self.num_cpus = num_cpus
        self.cpu_share = cpu_share
        self.chunk_size = max(1, chunk_size or batch_size)  # articles per Ray Data batch
        self.window = max(1, window)
        self.stats = stats
        self.wait_for_actors = wait_for_actors
        self.init_seconds = 0.0   # time to start or reach the cluster (for the benchmark)
        self.ready_at = 0.0       # when the last actor of the latest window was ready (time.time)
        self.cpu_ready: dict[int, float] = {}  # per actor pid: CPU seconds used by then
        self._ray = None
        self._started = False

    def __enter__(self) -> "RayEngine":
        ray = import_ray()
        # as `ray.init()` does: an address given, else $RAY_ADDRESS, else a local instance
        address = self.address or os.environ.get("RAY_ADDRESS") or None
        _quiet_ray_logs(local=not address)
        t0 = time.perf_counter()
        if not ray.is_initialized():
            try:
                if address:  # a cluster's own settings (dashboard, logs) stay as they are
                    ray.init(address=address, logging_level=logging.WARNING)
                else:
                    # "local": a new instance, even where `ray start` left one running here
                    ray.init(address="local", num_cpus=self.num_cpus or usable_cpus(),
                             include_dashboard=False, log_to_driver=False,
                             logging_level=logging.WARNING)
            except Exception as exc:
                where = (f"the Ray cluster at {address}" if address
                         else "a local Ray instance")
                raise EngineError(
                    f"could not start or reach {where}: {exc}; check --ray-address (`ray status` "
                    "on the head node shows it; a cluster with token authentication also needs "
                    "RAY_AUTH_MODE=token here)") from exc
            self._started = True
        self._ray = ray
        self.init_seconds = time.perf_counter() - t0
        cluster_cpus = float(ray.cluster_resources().get("CPU", 0) or 0)
        if cluster_cpus <= 0:
            self.__exit__(None, None, None)
            raise EngineError("the Ray cluster has no CPUs to run actors on")
        if self.actors is None:
            self.actors = max(1, int(cluster_cpus))
        if self.cpu_share is None:
            self.cpu_share = cpus_per_actor(cluster_cpus, self.actors)
        self.window = max(self.window, PER_ACTOR * self.actors)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._started and self._ray is not None:
            self._ray.shutdown()
        self._ray = None
        self._started = False

    def run(self, articles: Iterable[Article]) -> Iterator[Result | Failure]:
        """Results in input order, one per article."""
        if self._ray is None:
            raise UsageError("use RayEngine as a context manager: `with RayEngine(...) as e: e.run(...)`")
        for window in _chunks(articles, self.window):
            yield from self._run_window(window)

    def start_up(self) -> float:
        """Seconds to start the whole actor pool (each actor loads the model) and process one
        small article per actor: the fixed cost that each Ray Data run pays (benchmarks)."""
        if self._ray is None:
            raise UsageError("use RayEngine as a context manager: `with RayEngine(...) as e: e.run(...)`")
        stats, self.stats = self.stats, None  # the actors' memory is measured on real work
        t0 = time.perf_counter()
        try:
            for _res in self._run_window([WARM_UP] * self.actors, chunk_size=1):
                pass
        finally:
            self.stats = stats
        return time.perf_counter() - t0

    def _dataset(self, window: list[Article], chunk_size: int):
        import ray.data

        n_batches = math.ceil(len(window) / chunk_size)
        items = [{"index": i, "article": pickle.dumps(a)} for i, a in enumerate(window)]
        env = {k: os.environ[k] for k in FORWARDED_ENV if os.environ.get(k)}
        # a Dataset keeps a copy of the current DataContext: set ours, build, put it back
        ctx = ray.data.DataContext.get_current()
        settings = {"enable_progress_bars": False,  # the caller draws its own bar
                    "print_on_execution_start": False}
        if self.wait_for_actors:
            settings["wait_for_min_actors_s"] = 3600
        saved = {k: getattr(ctx, k) for k in settings}
        for k, v in settings.items():
            setattr(ctx, k, v)
        try:
            return (ray.data.from_items(items, override_num_blocks=n_batches)
                    .map_batches(BatchWorker, batch_size=chunk_size, batch_format="numpy",
                                 compute=ray.data.ActorPoolStrategy(size=min(self.actors, n_batches)),
                                 num_cpus=self.cpu_share,
                                 fn_constructor_args=(self.model, self.batch_size),
                                 runtime_env={"env_vars": {"OMP_NUM_THREADS": "1", **env}}))
        finally:
            for k, v in saved.items():
                setattr(ctx, k, v)

    def _run_window(self, window: list[Article],
                    chunk_size: int | None = None) -> Iterator[Result | Failure]:
        done: dict[int, bytes] = {}
        next_i = 0
        self.ready_at = 0.0
        try:
            ds = self._dataset(window, chunk_size or self.chunk_size)
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                for i, state, pid, rss, cpu in zip(batch["index"], batch["result"], batch["pid"],
                                                   batch["rss_kib"], batch["cpu_s"]):
                    i = int(i)
                    if i >= next_i and i not in done:  # else a retried batch, delivered again
                        done[i] = state
                    self._record(int(pid), int(rss), float(cpu))
                self.ready_at = max(self.ready_at, float(batch["ready_at"].max()))
                for pid, cpu in zip(batch["pid"], batch["cpu_ready"]):
                    self.cpu_ready[int(pid)] = float(cpu)
                while next_i in done:
                    yield _from_state(pickle.loads(done.pop(next_i)))
                    next_i += 1
        except EventwireError:
            raise
        except Exception as exc:
            raise _engine_error(exc) from exc
        if next_i != len(window):
            raise EngineError(f"Ray returned {next_i} of {len(window)} results; run again "
                              "(stored articles are skipped) or with --engine local")

    def _record(self, pid: int, rss: int, cpu: float) -> None:
        if self.stats is not None:
            self.stats.peak_rss_kib[pid] = max(rss, self.stats.peak_rss_kib.get(pid, 0))
            self.stats.cpu_s[pid] = max(cpu, self.stats.cpu_s.get(pid, 0.0))


def _quiet_ray_logs(local: bool) -> None:
    """Ray logs every Ray Data run's plan at INFO level and warns that the progress bars it
    would draw are off (ours are on); a local instance also announces its token."""
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)
    if local:
        logging.getLogger("ray._private.authentication.authentication_token_setup").setLevel(
            logging.ERROR)


def _engine_error(exc: Exception) -> EventwireError:
    """An eventwire error raised inside an actor (a model that cannot load, ...) as itself;
    anything else as an EngineError that says where it came from."""
    seen = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, EventwireError):
            return cause
        cause = getattr(cause, "cause", None) or cause.__cause__
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return EngineError(f"the Ray run failed: {first}; run with --engine local to see the error "
                       "in full")
