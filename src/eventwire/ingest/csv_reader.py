"""CSV and TSV dumps: a header row, then one article a row; column names through the field map."""
from __future__ import annotations

import csv
import io
import re
from typing import Iterator

from ..errors import InputError
from ..model import Article
from .common import (MAX_TEXT_BYTES, READ_ERRORS, Options, Source, guarded_item,
                     looks_like_a_binary_file, record_article, valid_unicode)

# the csv module refuses fields over 128 KiB by default; articles are longer
csv.field_size_limit(max(csv.field_size_limit(), MAX_TEXT_BYTES))

_SURROGATE = re.compile("[\udc80-\udcff]")


def read_csv(src: Source, opts: Options, delimiter: str = ",") -> Iterator[Article | InputError]:
    """Rows with a missing text column make one error for the file; a short row, undecodable
    bytes, a NUL byte or an empty text reject that row (position: the line where it starts)."""
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
        if looks_like_a_binary_file(head):
            yield InputError("binary content (NUL and control bytes), not CSV", src.name)
            return
        # surrogateescape keeps going past bad bytes so that only the rows holding them fail
        text = io.TextIOWrapper(fh, encoding=opts.encoding or "utf-8-sig",
                                errors="surrogateescape", newline="")
        lines = _Lines(text, MAX_LINE_CHARS)
        rows = csv.reader(lines, delimiter=delimiter)
        yield from _rows(rows, lines, src, opts)


# a physical line of a row holds at most the text plus metadata; a longer one (a gigabyte of
# commas, say) would become a row of millions of cells
MAX_LINE_CHARS = MAX_TEXT_BYTES + 64 * 1024
MAX_ERRORS_IN_A_ROW = 100  # malformed rows one after the other: the file is not CSV


class _Lines:
    """The lines of a text stream for csv.reader, each at most `limit` characters: the rest of a
    longer line is skipped without being kept, and `overlong` says that it happened."""

    def __init__(self, text: io.TextIOBase, limit: int):
        self.text, self.limit, self.overlong = text, limit, False

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        if len(line) > self.limit and line[-1] not in "\r\n":
            while True:
                more = self.text.readline(1 << 20)
                if not more or more[-1] in "\r\n":
                    break
            self.overlong = True
            return "\n"
        return line


def _rows(rows, lines: _Lines, src: Source, opts: Options) -> Iterator[Article | InputError]:
    name = src.name
    try:
        header = next(rows, None)
    except (csv.Error, *READ_ERRORS) as exc:
        yield InputError(f"cannot read the header row: {exc}", name, 1)
        return
    if lines.overlong:
        yield InputError(f"the header row is over {MAX_LINE_CHARS:,} characters; not CSV", name, 1)
        return
    if not header or not any(h.strip() for h in header):
        yield InputError("empty file: no header row", name)
        return
    header = [valid_unicode(h.strip()) for h in header]
    text_col = next((c for c in opts.fields.candidates("text") if c in header), None)
    if text_col is None:
        yield InputError(f"no text column (tried {', '.join(opts.fields.candidates('text'))}; "
                         f"columns: {', '.join(header)}); name it with a field map (text=...)",
                         name, 1)
        return
    start = rows.line_num + 1
    count = errors = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:  # csv.reader goes on with the next line after one
            errors += 1
            if errors >= MAX_ERRORS_IN_A_ROW:
                yield InputError(f"malformed CSV: {exc}; {errors} malformed rows one after the "
                                 "other, the rest of the file was not read", name, start)
                return
            yield InputError(f"malformed CSV: {exc}", name, start)
            start = rows.line_num + 1
            continue
        except READ_ERRORS as exc:
            yield InputError(f"cannot read past this point: {exc}", name, start)
            return
        errors = 0
        line, start = start, rows.line_num + 1
        if lines.overlong:
            lines.overlong = False
            yield InputError(f"a line of this row is over {MAX_LINE_CHARS:,} characters; split "
                             "the text into articles", name, line)
            continue
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
        if any("\x00" in c for c in row):
            yield InputError("NUL byte in this row (binary data, or a damaged file); the other "
                             "rows are read", name, line)
            continue
        yield guarded_item(lambda: record_article(dict(zip(header, row)), opts.fields, name, line),
                           name, line)
    if count == 0:
        yield InputError("no rows after the header", name)


def read_tsv(src: Source, opts: Options) -> Iterator[Article | InputError]:
    return read_csv(src, opts, delimiter="\t")
