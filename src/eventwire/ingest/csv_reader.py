"""CSV and TSV dumps: a header row, then one article a row; column names through the field map."""
from __future__ import annotations

import csv
import io
import re
from typing import Iterator

from ..errors import InputError
from ..model import Article
from .common import MAX_TEXT_BYTES, READ_ERRORS, Options, Source, looks_binary, record_article

# the csv module refuses fields over 128 KiB by default; articles are longer
csv.field_size_limit(max(csv.field_size_limit(), MAX_TEXT_BYTES))

_SURROGATE = re.compile("[\udc80-\udcff]")


def read_csv(src: Source, opts: Options, delimiter: str = ",") -> Iterator[Article | InputError]:
    """Rows with a missing text column make one error for the file; a short row, undecodable
    bytes or an empty text reject that row (position: the line where the row starts)."""
    delimiter = opts.delimiter or delimiter
    try:
        fh = src.open()
    except READ_ERRORS as exc:
        yield InputError(f"cannot read: {exc}", src.name)
        return
    with fh:
        try:
            head = fh.peek(4096)[:4096]
        except READ_ERRORS as exc:
            yield InputError(f"cannot read: {exc}; check that the file is complete", src.name)
            return
        if looks_binary(head):
            yield InputError("binary content (NUL bytes), not CSV", src.name)
            return
        # surrogateescape keeps going past bad bytes so that only the rows holding them fail
        text = io.TextIOWrapper(fh, encoding=opts.encoding or "utf-8-sig",
                                errors="surrogateescape", newline="")
        rows = csv.reader(text, delimiter=delimiter)
        yield from _rows(rows, src, opts)


def _rows(rows, src: Source, opts: Options) -> Iterator[Article | InputError]:
    name = src.name
    try:
        header = next(rows, None)
    except (csv.Error, *READ_ERRORS) as exc:
        yield InputError(f"cannot read the header row: {exc}", name, 1)
        return
    if not header or not any(h.strip() for h in header):
        yield InputError("empty file: no header row", name)
        return
    header = [h.strip() for h in header]
    text_col = next((c for c in opts.fields.candidates("text") if c in header), None)
    if text_col is None:
        yield InputError(f"no text column (tried {', '.join(opts.fields.candidates('text'))}; "
                         f"columns: {', '.join(header)}); name it with a field map (text=...)",
                         name, 1)
        return
    start = rows.line_num + 1
    count = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            yield InputError(f"malformed CSV: {exc}; the rest of the file was not read", name, start)
            return
        except READ_ERRORS as exc:
            yield InputError(f"cannot read past this point: {exc}", name, start)
            return
        line, start = start, rows.line_num + 1
        if not row or not any(c.strip() for c in row):
            continue
        count += 1
        if len(row) < len(header):
            yield InputError(f"row has {len(row)} cells but the header has {len(header)}; "
                             "a cell or a delimiter is missing", name, line)
            continue
        if any(_SURROGATE.search(c) for c in row):
            yield InputError(f"invalid {opts.encoding or 'UTF-8'} bytes in this row; re-save the "
                             "file as UTF-8 or pass its encoding (encoding=...)", name, line)
            continue
        yield record_article(dict(zip(header, row)), opts.fields, name, line)
    if count == 0:
        yield InputError("no rows after the header", name)


def read_tsv(src: Source, opts: Options) -> Iterator[Article | InputError]:
    return read_csv(src, opts, delimiter="\t")
