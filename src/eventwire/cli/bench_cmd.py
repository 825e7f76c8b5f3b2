"""`eventwire bench`: throughput against spaCy's own pipeline, memory, and an extraction profile."""
from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import click

from .store_cmds import _apply, _check_engine, engine_options


def _command_line() -> str:
    return "eventwire " + " ".join(shlex.quote(a) for a in sys.argv[1:])


@click.command()
@click.argument("corpus", required=False)
@click.option("--articles", "-n", "n_articles", type=click.IntRange(1), default=None,
              help="Articles to use (default: 100; 1000 with --memory-curve).")
@click.option("--processes", "-p", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Also time P worker processes against one (and, with --engine ray, P actors).")
@_apply(engine_options)
@click.option("--runs", "-r", type=click.IntRange(1, 50), default=3, show_default=True,
              help="Runs of each configuration; medians are reported.")
@click.option("--batch-size", type=click.IntRange(1), default=32, show_default=True)
@click.option("--model", default=None, help="spaCy model name or path (default: the setting).")
@click.option("--memory-curve", is_flag=True,
              help="Stream the articles through one process and report resident memory every k "
                   "(default corpus: ../shared/data/corpus/allsides/articles.jsonl.gz).")
@click.option("--every", type=click.IntRange(1), default=100, show_default=True,
              help="With --memory-curve: a point every k articles.")
@click.option("--profile", "profile_top", type=click.IntRange(1), default=None, metavar="TOP",
              help="Profile extraction (not parsing) over the articles (default 30) and print "
                   "the TOP functions by own and by cumulative time.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--write-benchmarks", "write_md", type=click.Path(dir_okay=False), default=None,
              help="Also write these figures into this Markdown file (BENCHMARKS.md), replacing "
                   "the section of the same kind.")
def bench(corpus, n_articles, processes, engine, ray_address, runs, batch_size, model, memory_curve,
          every, profile_top, as_json, write_md):
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
    if memory_curve:
        path = b.corpus_path(corpus, b.MEMORY_CORPUS)
        res = b.memory_curve(path, n_articles or 1000, every, model=model, batch_size=batch_size,
                             progress=progress)
        if as_json:
            click.echo(json.dumps(res, indent=2))
        else:
            click.echo(b.memory_md(res, _command_line()))
        if write_md:
            b.update_section(Path(write_md), "memory", b.memory_md(res, _command_line()))
        return
    path = b.corpus_path(corpus)
    _check_engine(engine, ray_address)
    res = b.bench(path, n_articles or 100, runs=runs, processes=processes, model=model,
                  batch_size=batch_size, progress=progress, engine=engine, ray_address=ray_address)
    if as_json:
        click.echo(json.dumps(res, indent=2))
    else:
        click.echo(b.throughput_md(res, _command_line()))
        click.echo("\nmachine:\n" + b.machine_md(res["machine"]))
    if write_md:
        b.update_section(Path(write_md), "machine", b.machine_md(res["machine"]))
        b.update_section(Path(write_md), "throughput", b.throughput_md(res, _command_line()))
