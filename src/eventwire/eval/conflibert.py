"""`eventwire eval conflibert`: the 5-way CAMEO class of ConfliBERT's cameo_class set.

Classes are PLOVER's quad classes plus neutral, as in the PLOVER benchmark's penta column:
0 no event (statements), 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict. A sentence's class is that of its most confident event; 0 when it has none.
"""
from __future__ import annotations

import csv

import click

from . import data_path, summary_line
from .plover import coded, f1_table

PENTA = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "AID": 2, "COOPERATE": 2, "CONCEDE": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "REQUEST": 3, "THREATEN": 3,
    "ASSAULT": 4, "COERCE": 4, "MOBILIZE": 4, "PROTEST": 4, "SANCTION": 4,
}


def sentence_class(result) -> int:
    asserted = [e for e in result.events if not e.negated]
    if not asserted:
        return 0
    best = max(asserted, key=lambda e: e.confidence or 0)
    return PENTA.get(best.type, 0)


def read_rows(path) -> list[tuple[str, int]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for r in csv.reader(f, delimiter="\t"):
            if len(r) >= 2 and r[-1].strip().isdigit():
                rows.append(("\t".join(r[:-1]), int(r[-1])))
    return rows


@click.command(name="conflibert")
@click.argument("path", required=False)
@click.option("--limit", type=int, default=None, help="Score only the first N rows.")
@click.option("--model", default=None, help="spaCy model (default: the configured one).")
def command(path: str | None, limit: int | None, model: str | None) -> None:
    """5-way CAMEO class on ../shared/data/conflibert/cameo_class/train.tsv."""
    from ..pipeline import default_pipeline

    p = data_path(path, "conflibert", "cameo_class", "train.tsv")
    rows = read_rows(p)[:limit] if limit else read_rows(p)
    nlp = default_pipeline(model).nlp
    gold, pred = [], []
    for (text, label), doc in zip(rows, nlp.pipe((t for t, _ in rows), batch_size=64)):
        gold.append(str(label))
        pred.append(str(sentence_class(coded(doc))))
    macro, acc, lines = f1_table(gold, pred)
    for line in lines:
        click.echo("  " + line)
    click.echo(summary_line("conflibert", macro_f1=macro, accuracy=acc, n=len(rows)))
