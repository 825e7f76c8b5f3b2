"""Benchmarks: throughput and per-stage time against spaCy's own pipeline, peak and flat memory.

All figures of one `bench` call come from the same process on the same texts, with the runs of
each configuration interleaved (spaCy, eventwire, P workers, then again), so a machine shared
with other jobs slows every configuration alike and the ratios hold. Medians over the runs are
reported. Benchmarks are commands, never timed tests.
"""
from __future__ import annotations

import gzip
import json
import os
import platform
import statistics
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import DataMissingError
from .eval import SHARED_DATA
from .model import Article
from .runner import WARM_UP, Runner, WorkerStats, cpu_seconds, current_rss_kib, peak_rss_kib

DEFAULT_CORPUS = ("corpus", "allsides", "sample_wire_500.jsonl")
MEMORY_CORPUS = ("corpus", "allsides", "articles.jsonl.gz")
EXAMPLES = Path(__file__).resolve().parent / "examples"


# --- corpora ---------------------------------------------------------------------------------

def corpus_path(given: str | None = None, default: tuple[str, ...] = DEFAULT_CORPUS) -> Path:
    """The corpus given, else the shared one, else the project's examples folder."""
    if given:
        p = Path(given)
        if not p.exists():
            raise DataMissingError(f"{p}: no such corpus; give a .jsonl(.gz) file, a .txt file or "
                                   "a folder of .txt files")
        return p
    p = SHARED_DATA.joinpath(*default)
    if p.exists():
        return p
    if EXAMPLES.is_dir() and any(EXAMPLES.glob("*.txt")):
        return EXAMPLES
    raise DataMissingError(f"{p} is absent and the package has no examples: pass a CORPUS path")


def read_articles(path: Path, limit: int | None = None) -> Iterator[Article]:
    """Articles from JSONL (optionally gzipped; `text`, `id`, `title`, `date`/`published`), a
    folder of .txt files (with .json metadata beside them) or one .txt file; lazily."""
    n = 0
    if path.is_dir() or path.suffix == ".txt":
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        for f in files:
            if limit is not None and n >= limit:
                return
            side = f.with_suffix(".json")
            meta = json.loads(side.read_text("utf-8")) if side.exists() else {}
            yield Article(text=f.read_text("utf-8"), id=f.stem, title=meta.get("title"),
                          published=meta.get("published"), origin=str(f))
            n += 1
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if limit is not None and n >= limit:
                return
            if not line.strip():
                continue
            d = json.loads(line)
            yield Article(text=d["text"], id=d.get("id"), title=d.get("title"), url=d.get("url"),
                          source=d.get("source"), published=d.get("published") or d.get("date"),
                          origin=f"{path}:{line_no}")
            n += 1


def words(articles: list[Article]) -> int:
    return sum(len(a.text.split()) for a in articles)


# --- stage clocks ----------------------------------------------------------------------------

def _extract_stages() -> list[tuple[Any, str, str]]:
    """(owner, attribute, stage name) of the functions extract_doc calls, found by name so the
    clock follows the extractors as they change: extract_* in eventwire.extractors, the actor
    registry's collect, and the resolve stage."""
    import importlib

    ex = importlib.import_module(f"{__package__}.extractors")
    out = []
    for name, obj in vars(ex).items():
        if name.startswith("extract_") and name != "extract_doc" and callable(obj):
            out.append((ex, name, name.removeprefix("extract_")))
    reg = getattr(ex, "ActorRegistry", None)
    if reg is not None and hasattr(reg, "collect"):
        out.append((reg, "collect", "actors"))
    try:
        res = importlib.import_module(f"{__package__}.resolve")
        if hasattr(res, "resolve_result"):
            out.append((res, "resolve_result", "resolve"))
    except ImportError:
        pass
    return out


@contextmanager
def stage_clock(totals: dict[str, float]) -> Iterator[dict[str, float]]:
    """Accumulate the seconds spent in each extractor stage into `totals` while active."""
    saved = []
    for owner, attr, stage in _extract_stages():
        fn = getattr(owner, attr)
        saved.append((owner, attr, fn))
        setattr(owner, attr, _timed(fn, stage, totals))
    try:
        yield totals
    finally:
        for owner, attr, fn in reversed(saved):
            setattr(owner, attr, fn)


def _timed(fn: Callable, stage: str, totals: dict[str, float]) -> Callable:
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[stage] = totals.get(stage, 0.0) + time.perf_counter() - t0

    wrapper.__wrapped__ = fn
    return wrapper


# --- the benchmark ---------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import spacy

    return {"cpus": usable, "cpu_model": cpu, "memory_gb": mem_gb, "python": platform.python_version(),
            "spacy": spacy.__version__, "platform": platform.platform()}


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def _median(xs: list[float]) -> float | None:
    return round(statistics.median(xs), 4) if xs else None


def _store_seconds(results: list) -> float | None:
    """Seconds to write these results into a fresh temporary SQLite store, or None without one."""
    try:
        from .store import Store  # noqa: F401 - only whether a store exists to time
    except ImportError:
        return None
    from . import open as open_store
    from .pipeline import Failure

    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        t0 = time.perf_counter()
        store = open_store(os.path.join(tmp, "bench.db"))
        try:
            for r in results:
                if isinstance(r, Failure):
                    store.log_rejection(r.error)
                else:
                    store.write(r)
        finally:
            store.close()
        return time.perf_counter() - t0


def bench(corpus: Path, n_articles: int = 100, runs: int = 3, processes: int = 1,
          model: str | None = None, batch_size: int = 32,
          progress: Callable[[str], None] | None = None, engine: str = "local",
          ray_address: str | None = None) -> dict[str, Any]:
    """Time spaCy's nlp.pipe and eventwire on the same articles; medians over `runs`.

    engine="ray" also times Ray Data (eventwire.ray_engine) with P actors (P > 1) or one per
    CPU of the cluster: the start-up each Ray Data run pays (actor pool, models) and the
    articles/s once started (from the moment the last actor has loaded its model: no batch is
    handed out before), beside the P processes."""
    from . import nlp as nlp_mod

    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    articles = list(read_articles(corpus, n_articles))
    read_s = time.perf_counter() - t0
    if not articles:
        raise DataMissingError(f"{corpus}: no articles in it")
    texts = [a.text for a in articles]
    n_words = words(articles)
    rss_start = current_rss_kib()

    spacy_s: list[float] = []
    e2e_s: list[float] = []
    par_s: list[float] = []
    e2e_cpu: list[float] = []
    par_cpu: list[float] = []
    parent_cpu: list[float] = []
    spacy_cpu: list[float] = []
    load_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    stages: dict[str, list[float]] = {}
    worker_stats = WorkerStats()
    n_results = {}
    ray_eng, ray_stats, ray_start_s, ray_total_s, ray_once_s = None, WorkerStats(), [], [], []
    ray_cpu: list[float] = []

    with ExitStack() as stack:
        pipe = stack.enter_context(Runner(1, model, batch_size)).pipeline
        # the baseline: the same model exactly as its package ships it (eventwire's own copy
        # has a faster lemmatizer with the same output, see eventwire.nlp.CachedLemmatizer)
        nlp = nlp_mod.load(model, stock=True)
        pool = None
        if processes > 1:
            # small chunks, so that P workers finish together even on 100 articles
            chunk = max(1, min(batch_size, len(articles) // (processes * 4) or 1))
            pool = stack.enter_context(
                Runner(processes, model, batch_size, chunk_size=chunk, stats=worker_stats))
            say(f"starting {processes} workers (each loads the model)")
            pool.warm_up()
        if engine == "ray":
            from .ray_engine import RayEngine

            say("starting Ray")
            ray_eng = stack.enter_context(RayEngine(processes if processes > 1 else None, model,
                                                    batch_size, address=ray_address,
                                                    wait_for_actors=True))
            # the same small chunks as the worker processes get
            ray_eng.chunk_size = max(1, min(batch_size, len(articles) // (ray_eng.actors * 4) or 1))
            say(f"a first Ray Data run ({ray_eng.actors} actors; it pays one-time costs)")
            ray_eng.start_up()
        # warm up this process too: the first doc pays for lazy initialisation
        list(nlp.pipe(texts[:2]))
        list(pipe.nlp.pipe(texts[:2]))
        list(pipe.process([WARM_UP] + articles[:2]))
        for r in range(runs):
            say(f"run {r + 1}/{runs}: spaCy nlp.pipe")
            t, c = time.perf_counter(), cpu_seconds()
            for _doc in nlp.pipe(texts, batch_size=batch_size):
                pass
            spacy_s.append(time.perf_counter() - t)
            spacy_cpu.append(cpu_seconds() - c)

            say(f"run {r + 1}/{runs}: eventwire, 1 process")
            timings: dict[str, float] = {}
            pipe.timings = timings
            t, c = time.perf_counter(), cpu_seconds()
            with stage_clock(timings):
                results = list(pipe.process(articles))
            e2e_s.append(time.perf_counter() - t)
            e2e_cpu.append(cpu_seconds() - c)
            pipe.timings = None
            store_s = _store_seconds(results)
            if store_s is not None:
                timings["store"] = store_s
            timings["read"] = read_s
            for k, v in timings.items():
                stages.setdefault(k, []).append(v)
            n_results["plain"] = _counts(results)
            del results

            if pool is not None:
                say(f"run {r + 1}/{runs}: eventwire, {processes} processes")
                c, pc = worker_stats.total_cpu_s(), cpu_seconds()
                t = time.perf_counter()
                par = list(pool.run(articles))
                par_s.append(time.perf_counter() - t)
                par_cpu.append(worker_stats.total_cpu_s() - c)
                parent_cpu.append(cpu_seconds() - pc)
                n_results["parallel"] = _counts(par)
                del par

            if ray_eng is not None:
                say(f"run {r + 1}/{runs}: Ray Data, {ray_eng.actors} actors: start-up")
                ray_start_s.append(ray_eng.start_up())
                say(f"run {r + 1}/{runs}: Ray Data, {ray_eng.actors} actors: the articles")
                ray_eng.stats, ray_eng.cpu_ready = WorkerStats(), {}  # this run's actors
                t = time.perf_counter()
                on_ray = list(ray_eng.run(articles))
                ray_total_s.append(time.perf_counter() - t)
                ray_once_s.append(time.time() - ray_eng.ready_at)
                # the actors' CPU seconds on the articles (after loading the model)
                ray_cpu.append(sum(c - ray_eng.cpu_ready.get(pid, 0.0)
                                   for pid, c in ray_eng.stats.cpu_s.items()))
                ray_stats.peak_rss_kib.update(ray_eng.stats.peak_rss_kib)
                n_results["ray"] = _counts(on_ray)
                del on_ray

    out: dict[str, Any] = {
        "corpus": str(corpus), "articles": len(articles), "words": n_words, "runs": runs,
        "batch_size": batch_size, "model": nlp_mod.model_name(nlp), "pipes": list(nlp.pipe_names),
        "pipes_eventwire": [f"{n}:{type(p).__name__}" for n, p in pipe.nlp.pipeline],
        "machine": machine(), "measured": _now(), "load_average": [load_start, os.getloadavg()[0]
                                               if hasattr(os, "getloadavg") else None],
    }
    sp, ew = _median(spacy_s), _median(e2e_s)
    spc = _median(spacy_cpu)
    out["spacy"] = {"seconds": sp, "articles_per_s": _rate(len(articles), sp),
                    "words_per_s": _rate(n_words, sp), "all": [round(x, 3) for x in spacy_s],
                    "cpu_seconds": spc, "words_per_cpu_s": _rate(n_words, spc)}
    out["eventwire"] = {"seconds": ew, "articles_per_s": _rate(len(articles), ew),
                        "words_per_s": _rate(n_words, ew), "ratio_to_spacy": _ratio(ew, sp),
                        "cpu_ratio_to_spacy": _ratio(_median(e2e_cpu), spc),
                        "words_per_cpu_s": _rate(n_words, _median(e2e_cpu)),
                        "all": [round(x, 3) for x in e2e_s], "cpu_seconds": _median(e2e_cpu),
                        "stages": {k: _median(v) for k, v in stages.items()},
                        "found": n_results.get("plain")}
    if par_s:
        pa = _median(par_s)
        out["parallel"] = {"processes": processes, "seconds": pa,
                           "articles_per_s": _rate(len(articles), pa),
                           "words_per_s": _rate(n_words, pa), "speedup": _ratio(ew, pa),
                           "all": [round(x, 3) for x in par_s],
                           "cpu_seconds": _median(par_cpu), "parent_cpu_seconds": _median(parent_cpu),
                           # one process's CPU work over all the CPU work with P workers (theirs
                           # and this process's, which reads and unpickles): times P, the speedup
                           # P free cores would give, whatever else runs on the machine now
                           "cpu_efficiency": _ratio(_median(e2e_cpu),
                                                    (_median(par_cpu) or 0) + (_median(parent_cpu) or 0)),
                           "worker_peak_rss_mb": sorted(round(k / 1024) for k in
                                                        worker_stats.peak_rss_kib.values()),
                           "found": n_results.get("parallel")}
    if ray_total_s:
        out["ray"] = _ray_figures(ray_eng, ray_stats, ray_start_s, ray_total_s, ray_once_s,
                                  len(articles), n_words, out.get("parallel"), n_results.get("ray"))
        out["ray"]["cpu_seconds"] = _median(ray_cpu)
        out["ray"]["cpu_ratio_to_processes"] = _ratio(_median(ray_cpu),
                                                      out.get("parallel", {}).get("cpu_seconds"))
    out["memory"] = {"rss_start_mb": round(rss_start / 1024), "rss_end_mb": round(current_rss_kib() / 1024),
                     "peak_rss_mb": round(peak_rss_kib() / 1024),
                     "note": "this process: two copies of the model (eventwire's and the stock "
                             "baseline) and the results of one run"}
    return out


def _ray_figures(eng, stats: WorkerStats, start_s: list[float], total_s: list[float],
                 once_s: list[float], n: int, n_words: int, parallel: dict | None,
                 found: dict | None) -> dict[str, Any]:
    """Ray Data's figures: start-up per run, articles/s once started (from the moment the last
    actor was ready to the last result) and end to end, against the P-process runner."""
    once = _median(once_s)
    out = {"actors": eng.actors, "cpus_per_actor": eng.cpu_share, "chunk_size": eng.chunk_size,
           "ray_init_seconds": round(eng.init_seconds, 3), "start_up_seconds": _median(start_s),
           "seconds_once_started": once, "articles_per_s": _rate(n, once),
           "words_per_s": _rate(n_words, once),
           "seconds_end_to_end": _median(total_s),
           "articles_per_s_end_to_end": _rate(n, _median(total_s)),
           "all_start_up": [round(x, 3) for x in start_s], "all_total": [round(x, 3) for x in total_s],
           "all_once_started": [round(x, 3) for x in once_s],
           "actor_peak_rss_mb": sorted(round(k / 1024) for k in stats.peak_rss_kib.values()),
           "found": found}
    if parallel:
        # articles/s on Ray once started over the P-process runner's (its workers already warm)
        out["throughput_ratio_to_processes"] = _ratio(parallel["seconds"], once)
    return out


def _counts(results: list) -> dict[str, int]:
    from .pipeline import Failure

    ok = [r for r in results if not isinstance(r, Failure)]
    return {"results": len(ok), "failures": len(results) - len(ok),
            "events": sum(len(r.events) for r in ok), "statements": sum(len(r.statements) for r in ok)}


def _rate(n: int, seconds: float | None) -> float | None:
    return round(n / seconds, 2) if seconds else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def memory_curve(corpus: Path, n_articles: int = 1000, every: int = 100, model: str | None = None,
                 batch_size: int = 32,
                 progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Resident memory of one process streaming `n_articles` through the pipeline, every k."""
    say = progress or (lambda _msg: None)
    points = [(0, round(current_rss_kib() / 1024))]
    t0 = time.perf_counter()
    done = events = statements = 0
    with Runner(1, model, batch_size) as runner:
        runner.warm_up()
        points.append((0, round(current_rss_kib() / 1024)))  # model and tables loaded
        for res in runner.run(read_articles(corpus, n_articles)):
            done += 1
            events += len(getattr(res, "events", ()))
            statements += len(getattr(res, "statements", ()))
            if done % every == 0:
                points.append((done, round(current_rss_kib() / 1024)))
                say(f"{done} articles, RSS {points[-1][1]} MB")
    if points[-1][0] != done:
        points.append((done, round(current_rss_kib() / 1024)))
    seconds = time.perf_counter() - t0
    after_load = points[1][1]
    first = next((p for p in points[2:]), points[-1])
    return {"corpus": str(corpus), "articles": done, "every": every, "seconds": round(seconds, 1),
            "events": events, "statements": statements,
            "rss_mb": [{"articles": a, "rss_mb": m} for a, m in points],
            "rss_before_model_mb": points[0][1], "rss_after_model_mb": after_load,
            "rss_first_mark_mb": first[1], "rss_end_mb": points[-1][1],
            "growth_after_first_mark_mb": points[-1][1] - first[1],
            "peak_rss_mb": round(peak_rss_kib() / 1024), "machine": machine(), "measured": _now()}


# --- BENCHMARKS.md ---------------------------------------------------------------------------

def update_section(path: Path, section: str, body: str) -> None:
    """Replace (or append) the block between `<!-- bench:SECTION -->` markers in a Markdown file."""
    import fcntl

    start, end = f"<!-- bench:{section} -->", f"<!-- /bench:{section} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    # benchmark commands may run side by side: one read-modify-write at a time
    import hashlib

    tag = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    with open(Path(tempfile.gettempdir()) / f"eventwire-bench-{tag}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
        if start in text and end in text:
            a, b = text.index(start), text.index(end) + len(end)
            text = text[:a] + block + text[b:]
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
        path.write_text(text, "utf-8")


def machine_md(m: dict[str, Any]) -> str:
    return (f"- CPU: {m['cpu_model']}, {m['cpus']} cores usable; memory {m['memory_gb']} GB\n"
            f"- Python {m['python']}, spaCy {m['spacy']}, {m['platform']}\n"
            f"- measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def throughput_md(r: dict[str, Any], command: str) -> str:
    sp, ew = r["spacy"], r["eventwire"]
    lines = [f"`{command}`", "",
             f"{r['articles']} articles, {r['words']:,} words of `{Path(r['corpus']).name}`; "
             f"model {r['model']}; batch {r['batch_size']}; median of {r['runs']} runs; "
             f"measured {r.get('measured', '?')}.", "",
             "| configuration | seconds | articles/s | words/s | ratio to spaCy | CPU s | "
             "CPU ratio to spaCy |",
             "|---|---|---|---|---|---|---|",
             f"| spaCy `nlp.pipe`, full stock pipeline | {sp['seconds']} | {sp['articles_per_s']} | "
             f"{sp['words_per_s']} | 1.000 | {sp['cpu_seconds']} | 1.000 |",
             f"| eventwire, 1 process | {ew['seconds']} | {ew['articles_per_s']} | "
             f"{ew['words_per_s']} | {ew['ratio_to_spacy']} | {ew['cpu_seconds']} | "
             f"{ew['cpu_ratio_to_spacy']} |"]
    if "parallel" in r:
        pa = r["parallel"]
        lines.append(f"| eventwire, {pa['processes']} processes | {pa['seconds']} | "
                     f"{pa['articles_per_s']} | {pa['words_per_s']} | speedup {pa['speedup']}x | "
                     f"{pa['cpu_seconds']} + {pa['parent_cpu_seconds']} | |")
        total = (pa["cpu_seconds"] or 0) + (pa["parent_cpu_seconds"] or 0)
        lines += ["", f"{pa['processes']} processes: wall-clock speedup {pa['speedup']}x over one "
                  f"process. CPU seconds: {ew['cpu_seconds']} in one process against "
                  f"{pa['cpu_seconds']} in all workers + {pa['parent_cpu_seconds']} in the parent "
                  f"(which collects the results): the parallel run's CPU work is "
                  f"{_ratio(total, ew['cpu_seconds'])} times one process's (1.0: no overhead; "
                  f"on P free cores the speedup is about P over that). Load average (1 min) at start and end: {r['load_average']}."]
    lines += ["", "Per-stage seconds (eventwire, 1 process; extractor stages are inside `extract`; "
              "`store` writes the results to a new SQLite file):", "",
              "| " + " | ".join(ew["stages"]) + " |", "|" + "---|" * len(ew["stages"]),
              "| " + " | ".join(str(v) for v in ew["stages"].values()) + " |", "",
              f"Found: {ew['found']}."]
    if "ray" in r:
        lines += ["", ray_md(r)]
    mem = r["memory"]
    lines += ["", f"Peak RSS of the benchmark process (two copies of the model): {mem['peak_rss_mb']} MB"
              + (f"; peak RSS per worker: {r['parallel']['worker_peak_rss_mb']} MB"
                 if "parallel" in r else "") + "."]
    return "\n".join(lines)


def ray_md(r: dict[str, Any]) -> str:
    """The Ray Data part of a throughput report (eventwire bench --engine ray)."""
    ra = r["ray"]
    pa = r.get("parallel")
    vs = (f" The {pa['processes']}-process runner (workers warm): {pa['articles_per_s']} "
          f"articles/s; Ray once started / processes: {ra.get('throughput_ratio_to_processes')}."
          if pa else "")
    return (f"Ray Data, {ra['actors']} actors ({ra['cpus_per_actor']} CPU each, batches of "
            f"{ra['chunk_size']} articles): once started {ra['articles_per_s']} articles/s "
            f"({ra['seconds_once_started']} s for {r['articles']} articles; end to end, with the "
            f"start-up, {ra['seconds_end_to_end']} s, {ra['articles_per_s_end_to_end']} articles/s)."
            f"{vs} Fixed cost: Ray start {ra['ray_init_seconds']} s once; each Ray Data run's "
            f"start-up (actor pool, one model per actor) {ra['start_up_seconds']} s "
            f"(runs: {ra['all_start_up']}; once started: {ra['all_once_started']}; end to end: "
            f"{ra['all_total']}). CPU seconds of the actors on the articles: "
            f"{ra.get('cpu_seconds')}, {ra.get('cpu_ratio_to_processes')} times the worker "
            f"processes' (1.0: the same work; the steadier figure on a busy machine). Peak RSS "
            f"per actor: "
            f"{ra['actor_peak_rss_mb']} MB. Found: {ra['found']}.")


def memory_md(r: dict[str, Any], command: str) -> str:
    pts = ", ".join(f"{p['articles']}: {p['rss_mb']}" for p in r["rss_mb"])
    return "\n".join([
        f"`{command}`", "",
        f"{r['articles']} articles of `{Path(r['corpus']).name}` in {r['seconds']} s, one process "
        f"(measured {r.get('measured', '?')}). "
        f"RSS before the model {r['rss_before_model_mb']} MB, after loading it "
        f"{r['rss_after_model_mb']} MB, at the first mark {r['rss_first_mark_mb']} MB, at the end "
        f"{r['rss_end_mb']} MB (growth after the first mark: {r['growth_after_first_mark_mb']} MB); "
        f"peak {r['peak_rss_mb']} MB.", "", f"Curve (articles: MB): {pts}."])


def profile_extract(corpus: Path, n_articles: int = 30, top: int = 25,
                    model: str | None = None) -> str:
    """Where extraction spends its time: cProfile over extract_doc on already parsed docs,
    the `top` functions by own time and by cumulative time (eventwire's own code first)."""
    import cProfile
    import importlib
    import io
    import pstats

    from . import nlp as nlp_mod

    extract_doc = importlib.import_module(f"{__package__}.extractors").extract_doc
    articles = [a for a in read_articles(corpus, n_articles) if a.text.strip()]
    nlp = nlp_mod.load(model)
    docs = list(nlp.pipe([a.text for a in articles]))
    extract_doc(nlp(WARM_UP.text), WARM_UP)  # lazy tables (gazetteer, knowledge base) load here
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for doc, art in zip(docs, articles):
        extract_doc(doc, art)
    prof.disable()
    seconds = time.perf_counter() - t0
    buf = io.StringIO()
    buf.write(f"extract_doc over {len(articles)} parsed articles: {seconds:.2f} s "
              f"(with the profiler's overhead)\n")
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"eventwire", top)
    return buf.getvalue()
