"""`eventwire extract`: articles in, eventwire/1 records out, no store."""
from __future__ import annotations

import json
import sys

import click


@click.command()
@click.argument("source", required=False, default="-")
@click.option("--published", help="Publication date YYYY-MM-DD (for a plain text input).")
@click.option("--title", help="Article title (for a plain text input).")
@click.option("--text", "text_arg", help="Extract from this text instead of a file.")
@click.option("--input-format", "input_format", default=None,
              help="Reader to use (text, jsonl, csv, html, feed); default: from the file name.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default=None,
              help="Output: json (one object, or a list), jsonl (one result a line), table.")
@click.option("--include-text", is_flag=True, help="Add article.text to each record.")
@click.option("--model", default=None, help="spaCy model name or path (default: en_core_web_md).")
@click.option("--min-confidence", type=float, default=None,
              help="Only events at least this confident (0 to 1; default: the event gate's "
                   "threshold; 0 prints every candidate with its confidence).")
def extract(source, published, title, text_arg, input_format, fmt, include_text, model, min_confidence):
    """Extract actors, statements and events from SOURCE (a file, or - for standard input)."""
    from .. import api

    results, failures = api.extract_source(
        source, text=text_arg, published=published, title=title, fmt=input_format, model=model,
        min_confidence=min_confidence)
    if fmt is None:
        fmt = "jsonl" if len(results) + len(failures) > 1 else "json"
    out = sys.stdout
    if fmt == "json":
        objs = [r.to_dict(include_text) for r in results]
        out.write(json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in results:
            out.write(json.dumps(r.to_dict(include_text), ensure_ascii=False) + "\n")
    else:
        from .render import results_table

        results_table(results)
    for f in failures:
        click.echo(f"rejected: {f}", err=True)
    if failures:
        sys.exit(3)
