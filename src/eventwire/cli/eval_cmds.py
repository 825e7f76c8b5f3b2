"""`eventwire eval NAME ...`: each evaluation lives in eventwire.eval.<module> as a click command
named `command`; this group only collects them."""
from __future__ import annotations

import importlib

import click

# module names under eventwire.eval; a module that does not exist yet is skipped
EVALS = ["attribution", "plover", "plover_gsr", "conflibert", "html", "temporal", "ner", "wire_events",
         "incidents", "places", "all"]


@click.group(name="eval")
def eval_group() -> None:
    """Score eventwire against gold data. Each ends with one line `NAME: key=value ...`."""


for _name in EVALS:
    try:
        _m = importlib.import_module(f"eventwire.eval.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name == f"eventwire.eval.{_name}":
            continue
        raise
    eval_group.add_command(_m.command)
