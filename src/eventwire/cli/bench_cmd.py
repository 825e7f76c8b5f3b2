"""`eventwire bench`: throughput against spaCy's own pipeline, memory, and the pre-filter's recall."""
from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import click


def _command_line() -> str:
    return "eventwire " + " ".join(shlex.quote(a) for a in sys.argv[1:])


@click.command()
@click.argument("corpus", required=False)
@click.option("--articles", "-n", "n_articles", type=click.IntRange(1), default=None,
              help="Articles to use (default: 100; 1000 with --memory-curve).")
@click.option("--processes", "-p", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Also time P worker processes against one.")
@click.option("--runs", "-r", type=click.IntRange(1, 50), default=3, show_default=True,
              help="Runs of each configuration; medians are reported.")
@click.option("--prefilter", is_flag=True, help="Also time the pipeline with the sentence pre-filter.")
@click.option("--batch-size", type=click.IntRange(1), default=32, show_default=True)
@click.option("--model", default=None, help="spaCy model name or path (default: the setting).")
@click.option("--memory-curve", is_flag=True,
              help="Stream the articles through one process and report resident memory every k "
                   "(default corpus: ../shared/data/corpus/allsides/articles.jsonl.gz).")
@click.option("--every", type=click.IntRange(1), default=100, show_default=True,
              help="With --memory-curve: a point every k articles.")
@click.option("--compare-prefilter", is_flag=True,
              help="Run with and without the pre-filter on PLV_train, the PolNeAR dev set and the "
                   "500 wire articles (or CORPUS), and report every difference.")
@click.option("--profile", "profile_top", type=click.IntRange(1), default=None, metavar="TOP",
              help="Profile extraction (not parsing) over the articles (default 30) and print "
                   "the TOP functions by own and by cumulative time.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--write-benchmarks", "write_md", type=click.Path(dir_okay=False), default=None,
              help="Also write these figures into this Markdown file (BENCHMARKS.md), replacing "
                   "the section of the same kind.")
def bench(corpus, n_articles, processes, runs, prefilter, batch_size, model, memory_curve, every,
          compare_prefilter, profile_top, as_json, write_md):
    """Articles and words per second, per-stage time and peak memory, against spaCy's nlp.pipe.

    CORPUS: a .jsonl(.gz) file, a .txt file or a folder of .txt files (default:
    ../shared/data/corpus/allsides/sample_wire_500.jsonl, else the package's examples).
    """
    from .. import bench as b

    def progress(msg: str) -> None:
        if not as_json:
            click.echo(f"  {msg}", err=True)

    if profile_top:
        click.echo(b.profile_extract(b.corpus_path(corpus), n_articles or 30, profile_top, model))
        return
    if compare_prefilter:
        _compare(b, corpus, n_articles, model, batch_size, as_json, write_md)
        return
    if memory_curve:
        path = b.corpus_path(corpus, b.MEMORY_CORPUS)
        res = b.memory_curve(path, n_articles or 1000, every, model=model, batch_size=batch_size,
                             prefilter=prefilter, progress=progress)
        if as_json:
            click.echo(json.dumps(res, indent=2))
        else:
            click.echo(b.memory_md(res, _command_line()))
        if write_md:
            b.update_section(Path(write_md), "memory", b.memory_md(res, _command_line()))
        return
    path = b.corpus_path(corpus)
    res = b.bench(path, n_articles or 100, runs=runs, processes=processes, prefilter=prefilter,
                  model=model, batch_size=batch_size, progress=progress)
    if as_json:
        click.echo(json.dumps(res, indent=2))
    else:
        click.echo(b.throughput_md(res, _command_line()))
        click.echo("\nmachine:\n" + b.machine_md(res["machine"]))
    if write_md:
        b.update_section(Path(write_md), "machine", b.machine_md(res["machine"]))
        b.update_section(Path(write_md), "throughput", b.throughput_md(res, _command_line()))


def _compare(b, corpus, n_articles, model, batch_size, as_json, write_md):
    from .. import prefilter

    if corpus:
        path = b.corpus_path(corpus)
        sets, absent = {path.name: b.read_recall_set(path.name, path, n_articles)}, []
    else:
        sets, absent = b.recall_sets(n_articles)
    rows = []
    for name, articles in sets.items():
        click.echo(f"  {name}: {len(articles)} articles, with and without the pre-filter",
                   err=True)
        rows.append(prefilter.compare(name, articles, model=model, batch_size=batch_size,
                                      oracle=True))
    if as_json:
        click.echo(json.dumps({"datasets": rows, "absent": absent}, indent=2))
    else:
        click.echo(b.recall_md(rows, absent, _command_line()))
        for r in rows:
            for ex in r["examples"]:
                click.echo(f"{r['dataset']} {ex['article']}: missing {ex['missing']} "
                           f"extra {ex['extra']}")
    if write_md:
        # a run with changed settings (EVENTWIRE_PREFILTER) goes beside the default's figures
        section = "prefilter-aggressive" if os.environ.get("EVENTWIRE_PREFILTER") else "prefilter-recall"
        b.update_section(Path(write_md), section, b.recall_md(rows, absent, _command_line()))
