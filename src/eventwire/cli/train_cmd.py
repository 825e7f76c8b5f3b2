"""`eventwire train-gate`: rebuild the shipped event gate (eventwire.training)."""
from __future__ import annotations

import click


@click.command(name="train-gate")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Where to write the model (default: the package's data/models/event_gate.npz).")
@click.option("--cache", type=click.Path(dir_okay=False), default=None,
              help="Keep the parsed candidates in this file and reuse them on the next run.")
@click.option("--report", type=click.Path(dir_okay=False), default=None,
              help="Also write the model's figures (dev scores, reliability table) as JSON here.")
def train_gate(out, cache, report) -> None:
    """Train the event gate on the project's annotated sentences (needs ../shared/data)."""
    from pathlib import Path

    from .. import training

    training.train(cache=cache, out=Path(out) if out else training.MODEL_PATH, report=report,
                   log=lambda m: click.echo(m, err=True))
