"""`eventwire eval plover-gsr`: event typing on the PLOVER gold-standard records (JSON, old labels).

Each record has a text, source and target actor texts and an event label (DEMAND, DISAPPROVE,
FIGHT, YIELD, INVESTIGATE in the old names, mapped as DESIGN.md says; INVESTIGATE is ACCUSE in
today's PLOVER). Typing uses the first occurrence of the source and target texts as the spans; a record without a
target is matched on its source alone.
"""
from __future__ import annotations

import json

import click

from . import data_path, summary_line
from .plover import evaluate, gold_type

EXTRA_LABELS = {"INVESTIGATE": "ACCUSE"}


def _first(text: str, actors) -> list[tuple[int, int]]:
    if isinstance(actors, (str, dict)):
        actors = [actors]
    for a in actors or []:
        name = (a.get("actorText") or "" if isinstance(a, dict) else str(a)).strip()
        if name:
            i = text.find(name)
            if i >= 0:
                return [(i, i + len(name))]
    return []


def read_gsr(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        records = json.load(f)
    rows = []
    for r in records:
        label = (r.get("event") or "").upper()
        text = r.get("text")
        if not text or label in ("", "DOCUMENT"):
            continue
        s = _first(text, r.get("source"))
        t = _first(text, r.get("target"))
        if not s:
            continue
        # one-sided events (no target): typed nearest the source, matched on the source alone
        rows.append({"text": text, "s": s, "t": t, "gold": gold_type(EXTRA_LABELS.get(label, label)),
                     "source_only": not t})
    return rows


@click.command(name="plover-gsr")
@click.argument("path", required=False)
@click.option("--no-e2e", is_flag=True, help="Only typing given the actor spans.")
@click.option("--model", default=None, help="spaCy model (default: the configured one).")
def command(path: str | None, no_e2e: bool, model: str | None) -> None:
    """Event typing on ../shared/data/plover/PLOVER_GSR_CAMEO.txt (old labels mapped)."""
    from ..pipeline import default_pipeline

    p = data_path(path, "plover", "PLOVER_GSR_CAMEO.txt")
    rows = read_gsr(p)
    res = evaluate(rows, default_pipeline(model), e2e=not no_e2e, echo=click.echo)
    click.echo(summary_line("plover_gsr", **res))
