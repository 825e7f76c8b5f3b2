"""The command line: a thin layer of argument parsing over eventwire.api and the library."""
from __future__ import annotations

import importlib
import os
import sys

import click

from ..errors import EventwireError

# (module under eventwire.cli, attribute): each module owns its commands
COMMANDS = [
    ("extract_cmd", "extract"),
    ("store_cmds", "ingest"),
    ("watch_cmd", "watch"),
    ("store_cmds", "events"),
    ("store_cmds", "incidents"),
    ("store_cmds", "statements"),
    ("store_cmds", "stats"),
    ("store_cmds", "export"),
    ("store_cmds", "demo"),
    ("eval_cmds", "eval_group"),
    ("bench_cmd", "bench"),
    ("train_cmd", "train_gate"),
    ("serve_cmd", "serve"),
    ("serve_cmd", "loadtest"),
]

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_ERROR = 0, 3, 2, 1


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventwire")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor knowledge-base file (CSV/YAML table or a PETRARCH/Phoenix "
                   "dictionary), consulted before the built-in one; repeatable. Same as "
                   "EVENTWIRE_KB; see docs/actors.md.")
def cli(kb_files: tuple[str, ...]) -> None:
    """eventwire: news articles in, sourced political events and statements out.

    \b
    Exit codes: 0 everything done; 3 some input items were rejected (see the summary);
    2 usage error (bad arguments, missing data); 1 any other error.
    """
    if kb_files:
        # through the environment, so that worker processes of --processes see the same files
        from ..kb import ENV_VAR

        extra = [os.path.abspath(f) for f in kb_files]
        old = os.environ.get(ENV_VAR)
        os.environ[ENV_VAR] = os.pathsep.join(extra + ([old] if old else []))


for _mod, _attr in COMMANDS:
    try:
        _m = importlib.import_module(f"{__name__}.{_mod}")
    except ModuleNotFoundError as _exc:  # a command module not written yet
        if _exc.name and _exc.name.startswith(__name__):
            continue
        raise
    _cmd = getattr(_m, _attr, None)
    if _cmd is not None:
        cli.add_command(_cmd)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="eventwire", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code)
    except EventwireError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
