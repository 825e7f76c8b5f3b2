"""What every reader shares: options and field maps, opening (gzip, stdin), limits, decoding, dates."""
from __future__ import annotations

import codecs
import email.utils
import gzip
import io
import json
import logging
import re
import sys
import zlib
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from ..errors import ArticleRejected, InputError, UsageError
from ..model import Article
from ..pipeline import MAX_CHARS

log = logging.getLogger(__name__)

# A UTF-8 character takes at most 4 bytes, so a text over this many bytes is surely over MAX_CHARS.
MAX_TEXT_BYTES = 4 * MAX_CHARS
# HTML pages and feeds carry markup around the text; pages over this are not news articles.
MAX_MARKUP_BYTES = 32 * 1024 * 1024
SNIFF_BYTES = 4096
GZIP_MAGIC = b"\x1f\x8b"

# Field names tried in order for each article field when the caller does not name one.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "uid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "articleBody"),
    "published": ("published", "date", "published_at", "pubDate", "datetime", "publish_date"),
    "url": ("url", "link"),
    "source": ("source", "publisher", "outlet", "site"),
    "author": ("author", "authors", "byline"),
    "language": ("language", "lang"),
}


@dataclass
class FieldMap:
    """Which record field (JSONL key or CSV column) holds each article field.

    A field left as None is looked up under its usual names (DEFAULT_FIELDS); a field named here is
    looked up under that name only.
    """

    id: str | None = None
    title: str | None = None
    text: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    language: str | None = None

    @classmethod
    def coerce(cls, value: "FieldMap | dict[str, str] | None") -> "FieldMap":
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            aliases = {"date": "published", "body": "text"}
            known = {f.name for f in fields(cls)}
            kwargs = {}
            for k, v in value.items():
                k = aliases.get(k, k)
                if k not in known:
                    raise UsageError(f"unknown article field {k!r} in the field map; "
                                     f"use one of {', '.join(sorted(known))}")
                kwargs[k] = v
            return cls(**kwargs)
        raise UsageError(f"fields must be a FieldMap or a dict, not {type(value).__name__}")

    def candidates(self, name: str) -> tuple[str, ...]:
        given = getattr(self, name)
        return (given,) if given else DEFAULT_FIELDS[name]

    def find(self, record: dict[str, Any], name: str) -> Any:
        for key in self.candidates(name):
            if key in record:
                return record[key]
        return None


@dataclass
class Options:
    """Reader settings, from read_source(**options)."""

    fields: FieldMap = field(default_factory=FieldMap)
    encoding: str | None = None       # force a text encoding instead of UTF-8
    delimiter: str | None = None      # CSV delimiter (default: "," or tab for .tsv)
    transport: Any = None             # for URLs: a callable(url) -> bytes, or an httpx transport
    client: Any = None                # for URLs: an httpx.Client to use as is
    timeout: float = 30.0             # for URLs, in seconds

    @classmethod
    def from_kwargs(cls, options: dict[str, Any]) -> "Options":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise UsageError(f"unknown reader option(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known))}")
        opts = cls(**{k: v for k, v in options.items() if v is not None})
        opts.fields = FieldMap.coerce(opts.fields)
        if opts.encoding is not None:
            try:
                codecs.lookup(opts.encoding)
            except (LookupError, TypeError) as exc:
                raise UsageError(f"unknown encoding {opts.encoding!r}") from exc
        if opts.delimiter is not None and (not isinstance(opts.delimiter, str)
                                           or len(opts.delimiter) != 1):
            raise UsageError(f"the CSV delimiter must be one character, not {opts.delimiter!r}")
        return opts


class _Unclosable:
    """Standard input handed to readers: the same stream every time, never closed by them."""

    def __init__(self, stream: Any):
        self._s = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._s, name)

    def __iter__(self):
        return iter(self._s)

    def close(self) -> None:
        return None

    def __enter__(self) -> "_Unclosable":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


@dataclass
class Source:
    """One input to read: a local file, standard input ("-") or bytes fetched from a URL."""

    name: str                          # as shown in origins and errors: a path, a URL or "-"
    path: Path | None = None           # the local file, for sidecar metadata
    data: bytes | None = None          # the content, when it is already in memory
    url: str | None = None             # where it came from, for HTML pages and feeds
    _stdin: Any = field(default=None, repr=False)

    @classmethod
    def of(cls, name: str) -> "Source":
        return cls(name=display_name(name), path=None if name == "-" else Path(name))

    @property
    def size(self) -> int | None:
        """Size in bytes before decompression, when known without reading."""
        if self.data is not None:
            return len(self.data)
        if self.path is not None:
            try:
                return self.path.stat().st_size
            except OSError:
                return None
        return None

    def open(self) -> io.BufferedReader:
        """A binary stream of the content, gzip already undone (recognised by its magic bytes)."""
        if self.data is None and self.path is None:
            if self._stdin is None:  # opened once: a second open would lose what was read
                stream = sys.stdin.buffer
                if stream.peek(2)[:2] == GZIP_MAGIC:
                    stream = io.BufferedReader(gzip.GzipFile(fileobj=stream))
                self._stdin = _Unclosable(stream)
            return self._stdin
        if self.data is not None:
            raw: io.BufferedReader = io.BufferedReader(io.BytesIO(self.data))
        else:
            raw = open(self.path, "rb")
        if raw.peek(2)[:2] == GZIP_MAGIC:
            if self.data is None:  # reopened by name so that closing it closes the file
                raw.close()
                return io.BufferedReader(gzip.GzipFile(filename=self.path, mode="rb"))
            return io.BufferedReader(gzip.GzipFile(fileobj=raw))  # type: ignore[arg-type]
        return raw

    @property
    def compressed(self) -> bool:
        return self.name.lower().endswith(".gz")


READ_ERRORS = (OSError, EOFError, zlib.error)


def display_name(name: str) -> str:
    """A path as it can be shown and stored: bytes of the name that are not UTF-8 (which Python
    keeps as lone surrogates) become U+FFFD. The file is still opened by its real name."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return valid_unicode(name)


def read_limited(src: Source, limit: int, what: str) -> bytes:
    """All bytes of a source, or ArticleRejected when there are more than `limit` of them.

    Never holds more than limit + 1 bytes: a 50 MB file is refused after reading what proves it.
    """
    size = src.size
    if size is not None and not src.compressed and size > limit:
        raise ArticleRejected(f"{what} of {size:,} bytes is over the limit of {limit:,} bytes; "
                              "split it into articles", src.name)
    try:
        with src.open() as fh:
            data = fh.read(limit + 1)
    except READ_ERRORS as exc:
        raise InputError(f"cannot read: {exc}; check that the file is complete "
                         "(a gzip file may be truncated)", src.name) from exc
    if len(data) > limit:
        raise ArticleRejected(f"{what} is over the limit of {limit:,} bytes; "
                              "split it into articles", src.name)
    return data


def looks_binary(head: bytes) -> bool:
    """NUL bytes do not occur in text, HTML or feeds (unless UTF-16, which carries a BOM)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in head[:SNIFF_BYTES]


_CONTROL = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32))


def looks_like_a_binary_file(head: bytes) -> bool:
    """For readers of many items (CSV): a stray NUL byte spoils one row, not the file, so only a
    head where control bytes are common (images, archives, databases) is binary as a whole."""
    head = head[:SNIFF_BYTES]
    if not looks_binary(head):
        return False
    controls = sum(head.count(b) for b in _CONTROL)
    return controls >= max(4, len(head) // 100)


def decode_text(raw: bytes, name: str, position: str | int | None = None,
                encoding: str | None = None) -> str:
    """Bytes to str: UTF-8 (or the encoding asked for); binary and undecodable input are refused."""
    if looks_binary(raw):
        raise ArticleRejected("binary content (NUL bytes), not text; "
                              "pass a text, JSONL, CSV, HTML or feed file", name, position)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) and not encoding:
        encoding = "utf-16"
    try:
        text = raw.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleRejected(
            f"invalid {encoding or 'UTF-8'} at byte {exc.start}; re-save the file as UTF-8 "
            "or pass its encoding (encoding=...)", name, position) from exc
    except LookupError as exc:
        raise UsageError(f"unknown encoding {encoding!r}") from exc
    return text.removeprefix("\ufeff")


def nesting_rejection(what: str, name: str, position: str | int | None = None) -> InputError:
    return InputError(f"{what} is nested too deeply (more than {sys.getrecursionlimit():,} "
                      "levels); not an article", name, position)


def load_json(text: str, name: str, position: str | int | None = None, what: str = "JSON") -> Any:
    """json.loads, with a value nested past the recursion limit rejected as one bad item."""
    try:
        return json.loads(text)
    except RecursionError:
        raise nesting_rejection(what, name, position) from None


def guarded_item(make: Callable[[], Article | InputError], name: str,
                 position: str | int | None) -> Article | InputError:
    """One item of a file (a line, a row, an entry): what nobody foresaw rejects that item and
    the reader goes on with the next one."""
    try:
        return make()
    except InputError as exc:
        return exc
    except RecursionError:
        return nesting_rejection("the item", name, position)
    except Exception as exc:  # the catch-all for one item; _guarded in __init__ is per file
        log.exception("reader failed on %s:%s", name, position)
        return InputError(f"unexpected error while reading this item ({exc!r}); please report it",
                          name, position)


# Languages tried for dates in words: a bounded list (all of dateparser's ~200 take 5 s to load).
DATE_LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "nl", "ru", "uk", "pl", "tr", "ar", "zh",
                  "ja", "id")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")


def normalise_date(value: Any, languages: list[str] | None = None) -> str | None:
    """Any date the reader is given, as ISO YYYY-MM-DD; None when empty; ValueError when unreadable.

    Relative dates ("yesterday") and dates without a year are refused: they would silently take
    today's date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"a bare number ({value}) is not a date; use YYYY-MM-DD")
    if not isinstance(value, str):
        raise ValueError(f"a {type(value).__name__} is not a date; use YYYY-MM-DD")
    s = str(value).strip()
    if not s:
        return None
    m = _ISO_DATE.match(s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            raise ValueError(f"{s!r} is not a valid date") from None
    try:
        return email.utils.parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import; only needed for unusual dates

    settings = {"REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
                "RETURN_AS_TIMEZONE_AWARE": False}
    langs = list(dict.fromkeys([*(languages or []), *DATE_LANGUAGES]))
    try:
        parsed = dateparser.parse(s, languages=langs, settings=settings)
    except ValueError:  # a language dateparser does not know
        parsed = dateparser.parse(s, languages=list(DATE_LANGUAGES), settings=settings)
    except OverflowError:
        parsed = None
    if parsed is None:
        raise ValueError(f"cannot read the date {s!r}; write it as YYYY-MM-DD")
    return parsed.date().isoformat()


def language_code(value: Any) -> str | None:
    """'en-US', 'en_us', 'EN' -> 'en'."""
    if not value or not isinstance(value, str):
        return None
    code = re.split(r"[-_]", value.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


# A lone surrogate ("\ud800" in JSON, "&#xD800;" in XML) is not Unicode that UTF-8 can store.
_SURROGATES = re.compile("[\ud800-\udfff]")


def valid_unicode(s: str) -> str:
    """`s` with each lone surrogate replaced by U+FFFD: one character for one, offsets kept."""
    return _SURROGATES.sub("\ufffd", s)


def _scalar(value: Any) -> str | None:
    if isinstance(value, dict):  # {"name": "..."}, as JSON-LD writes authors and publishers
        value = value.get("name")
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return valid_unicode(str(value).strip()) or None


def _clean(value: Any) -> str | None:
    """A metadata value as one string: lists of names are joined; other structures (lists of
    lists, however deep) are not metadata a person can read and count as absent."""
    if isinstance(value, list):
        return ", ".join(s for s in map(_scalar, value) if s) or None
    return _scalar(value)


def make_article(text: Any, origin: str, name: str, position: str | int | None = None,
                 languages: list[str] | None = None, **meta: Any) -> Article | InputError:
    """An Article, or the reason it cannot be one (no text, too long, unreadable date)."""
    if not isinstance(text, str):
        what = "no text" if text is None else f"text is a {type(text).__name__}, not a string"
        return ArticleRejected(f"{what}; the article needs a text field", name, position)
    if not text.strip():
        return ArticleRejected("empty text", name, position)
    if len(text) > MAX_CHARS:
        return ArticleRejected(f"text of {len(text):,} characters is over the limit of "
                               f"{MAX_CHARS:,}; split it into articles", name, position)
    text = valid_unicode(text)
    try:
        published = normalise_date(meta.pop("published", None), languages)
    except ValueError as exc:
        return InputError(str(exc), name, position)
    lang = language_code(meta.pop("language", None))
    ident = meta.pop("id", None)
    kwargs = {k: _clean(v) for k, v in meta.items()}
    art = Article(text=text, id=_clean(ident), published=published, origin=origin, **kwargs)
    if lang:
        art.language = lang
    return art


def record_article(record: Any, fmap: FieldMap, name: str, position: int | str | None
                   ) -> Article | InputError:
    """One JSON object or CSV row to an Article, through the field map."""
    if not isinstance(record, dict):
        return InputError(f"expected an object with a text field, got a {type(record).__name__}",
                          name, position)
    text = fmap.find(record, "text")
    if text is None:
        keys = valid_unicode(", ".join(str(k) for k in list(record)[:12])) or "none"
        return InputError(f"no text field (tried {', '.join(fmap.candidates('text'))}; "
                          f"fields here: {keys}); name it with a field map (text=...)",
                          name, position)
    meta = {k: fmap.find(record, k) for k in DEFAULT_FIELDS if k != "text"}
    origin = name if position is None else f"{name}:{position}"
    return make_article(text, origin, name, position, **meta)


def iter_lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; bytes is None for a line over `limit` bytes (skipped)."""
    n = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        n += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drop the rest of the long line without keeping it
                more = fh.readline(1 << 20)
                if not more or more.endswith(b"\n"):
                    break
            yield n, None
            continue
        yield n, line


Reader = Callable[[Source, Options], Iterator[Article | InputError]]
