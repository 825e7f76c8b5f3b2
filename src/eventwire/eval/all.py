"""`eventwire eval all`: every evaluation whose data is found, in one table (data set, metric, value).

Each evaluation is the click command of its own module (eventwire.eval.<name>), run as a user
would run it; its summary line `NAME: key=value ...` (DESIGN.md) is what gets tabulated, so this
module needs nothing from the evaluations but that contract.
"""
from __future__ import annotations

import contextlib
import importlib
import io
import json
import re
import time
from dataclasses import dataclass, field

import click

from ..errors import DataMissingError, EventwireError, UsageError

SUMMARY = re.compile(r"^([A-Za-z0-9_\-]+): (\S+=\S+(?: \S+=\S+)*)\s*$")


@dataclass
class Outcome:
    name: str
    status: str                      # ok, absent (no data), error
    metrics: dict[str, str] = field(default_factory=dict)
    detail: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"name": self.name, "status": self.status, "metrics": self.metrics,
                "detail": self.detail, "seconds": round(self.seconds, 1)}


def evaluations() -> list[str]:
    """The evaluation modules that exist, in the order of the `eval` group."""
    from ..cli.eval_cmds import EVALS

    found = []
    for name in EVALS:
        if name == "all":
            continue
        try:
            importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__package__}.{name}":
                continue
            raise
        found.append(name)
    return found


def parse_summary(output: str) -> tuple[str, dict[str, str]] | None:
    """The last `NAME: key=value ...` line of an evaluation's output."""
    for line in reversed(output.strip().splitlines()):
        m = SUMMARY.match(line.strip())
        if m:
            return m.group(1), dict(kv.split("=", 1) for kv in m.group(2).split())
    return None


def run_one(name: str, path: str | None = None, model: str | None = None,
            limit: int | None = None) -> Outcome:
    """Run one evaluation's command; a missing data set is `absent`, not an error."""
    cmd = importlib.import_module(f"{__package__}.{name}").command
    params = {p.name for p in cmd.params}
    args: list[str] = []
    if path:
        args.append(path)
    if model and "model" in params:
        args += ["--model", model]
    if limit and "limit" in params:
        args += ["--limit", str(limit)]
    buf = io.StringIO()
    t0 = time.perf_counter()
    try:
        with contextlib.redirect_stdout(buf):
            cmd.main(args=args, prog_name=f"eventwire eval {name}", standalone_mode=False)
    except SystemExit as exc:  # a command that exits itself: its summary line still counts
        if exc.code not in (0, None) and parse_summary(buf.getvalue()) is None:
            return Outcome(name, "error", detail=f"exited with status {exc.code}",
                           seconds=time.perf_counter() - t0)
    except DataMissingError as exc:
        return Outcome(name, "absent", detail=str(exc), seconds=time.perf_counter() - t0)
    except (EventwireError, click.ClickException) as exc:
        return Outcome(name, "error", detail=str(exc), seconds=time.perf_counter() - t0)
    except Exception as exc:  # one broken evaluation must not hide the others' figures
        return Outcome(name, "error", detail=repr(exc), seconds=time.perf_counter() - t0)
    seconds = time.perf_counter() - t0
    summary = parse_summary(buf.getvalue())
    if summary is None:
        return Outcome(name, "error", detail="no summary line `NAME: key=value ...` in its output",
                       seconds=seconds)
    return Outcome(name, "ok", summary[1], seconds=seconds)


def run_all(names: list[str] | None = None, paths: dict[str, str] | None = None,
            model: str | None = None, limit: int | None = None,
            progress=None) -> list[Outcome]:
    available = evaluations()
    names = names or available
    unknown = [n for n in names if n not in available]
    if unknown:
        raise UsageError(f"unknown evaluation(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(available)}")
    out = []
    for name in names:
        if progress:
            progress(name)
        out.append(run_one(name, (paths or {}).get(name), model, limit))
    return out


def markdown(outcomes: list[Outcome]) -> str:
    """The table as Markdown, for BENCHMARKS.md."""
    lines = ["`eventwire eval all`", "", "| data set | metric | value |", "|---|---|---|"]
    for o in outcomes:
        if o.status != "ok":
            lines.append(f"| {o.name} | ({o.status}) | {o.detail.replace('|', '/')} |")
            continue
        lines += [f"| {o.name} | {k} | {v} |" for k, v in o.metrics.items()]
    return "\n".join(lines)


def _parse_paths(items: tuple[str, ...]) -> dict[str, str]:
    paths = {}
    for item in items:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise UsageError(f"--path {item!r}: write NAME=PATH, e.g. --path attribution=DIR")
        paths[name] = path
    return paths


@click.command(name="all")
@click.option("--only", "only", multiple=True, help="Run only this evaluation (repeatable).")
@click.option("--path", "paths", multiple=True, metavar="NAME=PATH",
              help="Data for one evaluation instead of its default under ../shared/data.")
@click.option("--model", default=None, help="spaCy model name or path (default: the setting).")
@click.option("--limit", type=click.IntRange(1), default=None,
              help="Pass --limit N to the evaluations that take it (a quick look).")
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
@click.option("--write-benchmarks", "write_md", type=click.Path(dir_okay=False), default=None,
              help="Also write the table into this Markdown file (BENCHMARKS.md), section `eval`.")
def command(only, paths, model, limit, as_json, write_md) -> None:
    """Run every evaluation whose data is found; one table: data set, metric, value."""
    outcomes = run_all(list(only) or None, _parse_paths(paths), model, limit,
                       progress=None if as_json else
                       (lambda n: click.echo(f"  running eval {n} ...", err=True)))
    if as_json:
        click.echo(json.dumps([o.to_dict() for o in outcomes], indent=2))
    else:
        w = max([len(o.name) for o in outcomes] + [8])
        mw = max([len(k) for o in outcomes for k in o.metrics] + [10])
        click.echo(f"{'data set':<{w}}  {'metric':<{mw}}  value")
        for o in outcomes:
            if o.status != "ok":
                click.echo(f"{o.name:<{w}}  {'(' + o.status + ')':<{mw}}  {o.detail}")
                continue
            for k, v in o.metrics.items():
                click.echo(f"{o.name:<{w}}  {k:<{mw}}  {v}")
    if write_md:
        from pathlib import Path

        from ..bench import update_section

        update_section(Path(write_md), "eval", markdown(outcomes))
    ok = sum(o.status == "ok" for o in outcomes)
    click.echo("all: " + " ".join([f"ran={ok}", f"absent={sum(o.status == 'absent' for o in outcomes)}",
                                   f"errors={sum(o.status == 'error' for o in outcomes)}"]),
               err=as_json)
