"""Hypothesis strategies for hostile reader input, and the checks every reader must pass on it.

Shared by tests/test_ingest_properties.py (a few examples per run) and scripts/fuzz_readers.py
(100,000 and more). An input is a well-formed document of one format (text, JSONL, JSON, CSV,
TSV, HTML, RSS, Atom) that is then damaged: hostile tokens inserted (NUL, bad UTF-8, BOMs,
deep nesting, XML entities, quotes and delimiters), bytes flipped, cut or repeated, re-encoded,
gzip-compressed (whole or truncated). Directories of such files, with sidecars, are built too.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
import resource
import signal
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.model import Article
from eventwire.pipeline import MAX_CHARS

FORMATS = ("text", "jsonl", "json", "csv", "tsv", "html", "rss", "atom")
EXTENSIONS = {"text": ".txt", "jsonl": ".jsonl", "json": ".json", "csv": ".csv", "tsv": ".tsv",
              "html": ".html", "rss": ".rss", "atom": ".atom"}

WORDS = ["Russia", "Ukraine", "ceasefire", "rejected", "said", "on", "Monday", "the", "talks",
         "in", "Istanbul", "Putin", "Zelensky", "Lavrov", "prisoner", "exchange", "agreed", "a",
         "killed", "7", "people", "police", "protesters", "Kyiv", "Moscow", "accused", "of",
         "attacks", "minister", "\"We will not\"", "Sánchez", "Erdoğan", "Москва", "غزة", "北京",
         "l'Ukraine", "cessez-le-feu", "Waffenruhe", "&amp;", "<b>", "</p>", "\\n", "'", ",", ";",
         "\t", "—", "…", "\u00a0", "\u200b", "\u2028", "\ufeff", "😀"]

# Byte strings that break readers when they land in the wrong place.
HOSTILE_TOKENS: list[bytes] = [
    b"\x00", b"\x00" * 64, b"\xff", b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3", b"\xc3\x28",
    b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x1f\x8b\x08\x00", b"\r", b"\r\n", b"\n\n\n", b"\x0b",
    b"\x0c", b"\x1a", b"\x7f", b"\"", b"\"\"", b"'", b",", b"\t", b";", b"|", b"\\", b"\\u0000",
    b"\\ud800", b"\\", b"{", b"}", b"[", b"]", b"null", b"true", b"1e999999", b"-0",
    b"9" * 5000, b"[" * 5000, b"{\"a\":" * 3000, b"<", b">", b"</", b"<!--", b"-->",
    b"<![CDATA[", b"]]>", b"&", b"&amp;", b"&#0;", b"&#x0;", b"&#xD800;", b"&#1114112;",
    b"&nbsp;", b"&undefined;", b"<?xml version='1.0' encoding='ebcdic'?>",
    b"<?xml version=\"1.0\" encoding=\"utf-16\"?>", b"<div>" * 3000, b"<p><b><i>" * 500,
    b"<script>", b"</script>", b"<style>", b"<html lang='fr'>", b"<meta charset='koi8-r'>",
    "\u2028\u2029\u202e\ufeff\ufffd".encode(), "𝔘𝔨𝔯𝔞𝔦𝔫𝔢".encode(), b"A" * 20000,
    (b"<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
     b"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
     b"<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"),
    b"&f;&f;&f;&f;", b"<!ENTITY x SYSTEM \"file:///etc/passwd\">", b"&x;",
    b"2025-02-30", b"yesterday", b"Wed, 32 Jun 2025 25:61:00 GMT", b"99999-01-01",
]


def nested(depth: int, kind: str) -> str:
    """A JSON value nested `depth` levels deep."""
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


# --- values ---------------------------------------------------------------------------------------

prose = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)
# control, format and separator characters and lone surrogates, which st.text() leaves out
odd_text = st.text(st.characters(categories=["Cs", "Cc", "Cf", "Co", "Zs", "Zl", "Zp", "L", "P"]),
                   max_size=80)
any_text = st.one_of(st.text(max_size=400), odd_text)
text_value = st.one_of(prose, prose, any_text, st.just(""), st.just("   "))
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                        st.text(max_size=40))
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=8), odd_text), inner,
                                                 max_size=4)),
    max_leaves=12)
date_value = st.one_of(st.sampled_from(["2025-06-04", "2025-06-04T10:00:00Z", "4 June 2025",
                                        "Wed, 04 Jun 2025 07:00:00 GMT", "2025-02-30", "yesterday",
                                        "June 4", "", "0000-00-00", "4 juin 2025"]),
                       st.text(max_size=20), json_value)
meta_value = st.one_of(st.text(max_size=60), json_value)


@st.composite
def records(draw) -> dict:
    """An article record as JSONL/JSON/CSV carry it, its fields sometimes odd or missing."""
    rec: dict = {}
    text_key = draw(st.sampled_from(["text", "text", "body", "content", "articleBody", "txt"]))
    rec[text_key] = draw(st.one_of(text_value, text_value, text_value, json_value))
    for key, values in (("id", meta_value), ("title", meta_value), ("published", date_value),
                        ("date", date_value), ("url", meta_value), ("source", meta_value),
                        ("author", meta_value), ("language", st.sampled_from(
                            ["en", "en-GB", "fr", "und", "", "xx-yy", "EN"]))):
        if draw(st.integers(0, 3)) == 0:
            rec[key] = draw(values)
    return rec


# --- documents ------------------------------------------------------------------------------------

@st.composite
def text_doc(draw) -> bytes:
    return "\n\n".join(draw(st.lists(text_value, min_size=1, max_size=6))).encode(
        "utf-8", "surrogatepass")


@st.composite
def jsonl_doc(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 9))
        if kind <= 5:
            lines.append(json.dumps(draw(records()), ensure_ascii=draw(st.booleans())))
        elif kind == 6:
            lines.append(json.dumps(draw(json_value)))
        elif kind == 7:
            lines.append(nested(draw(st.sampled_from([10, 999, 1001, 5000, 100_000])),
                                draw(st.sampled_from(["list", "dict"]))))
        elif kind == 8:
            lines.append(draw(st.text(max_size=80)))
        else:
            lines.append("")
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def json_doc(draw) -> bytes:
    if draw(st.booleans()):
        data = draw(records())
    else:
        data = draw(st.lists(st.one_of(records(), json_value), max_size=5))
    return json.dumps(data).encode("utf-8")


@st.composite
def csv_doc(draw, delimiter: str = ",") -> bytes:
    columns = draw(st.lists(st.sampled_from(["id", "title", "text", "body", "published", "url",
                                             "source", "author", "language", "extra"]),
                            min_size=1, max_size=6, unique=True))
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, quoting=draw(st.sampled_from(
        [csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])))
    w.writerow(columns)
    for _ in range(draw(st.integers(0, 6))):
        n = draw(st.integers(max(0, len(columns) - 1), len(columns) + 1))
        w.writerow([draw(st.one_of(text_value, st.sampled_from(["2025-06-04", "yesterday"])))
                    for _ in range(n)])
    return buf.getvalue().encode("utf-8", "surrogatepass")


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def html_doc(draw) -> bytes:
    paras = draw(st.lists(text_value, min_size=0, max_size=8))
    raw = draw(st.booleans())  # unescaped text: markup inside the prose
    body = "".join(f"<p>{p if raw else _esc(p)}</p>" for p in paras)
    title = _esc(draw(st.text(max_size=50)))
    lang = draw(st.sampled_from(["en", "fr", "", "x"]))
    date = draw(st.sampled_from(["2025-06-04", "2025-02-30", "", "yesterday"]))
    doc = (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
           f"<meta property='article:published_time' content='{date}'></head><body>"
           f"<article><h1>{title}</h1>{body}</article></body></html>")
    return doc.encode("utf-8", "surrogatepass")


@st.composite
def feed_doc(draw, kind: str = "rss") -> bytes:
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        title = _esc(draw(text_value))
        desc = draw(text_value)
        desc = f"<![CDATA[{desc}]]>" if draw(st.booleans()) else _esc(desc)
        date = _esc(draw(st.sampled_from(["Wed, 04 Jun 2025 07:00:00 GMT", "2025-06-04T07:00:00Z",
                                          "yesterday", "", "Wed, 32 Jun 2025"])))
        if kind == "rss":
            entries.append(f"<item><title>{title}</title><link>https://example.org/{len(entries)}"
                           f"</link><description>{desc}</description><pubDate>{date}</pubDate>"
                           "</item>")
        else:
            entries.append(f"<entry><title>{title}</title><id>urn:x:{len(entries)}</id><updated>"
                           f"{date}</updated><content type='html'>{desc}</content></entry>")
    lang = draw(st.sampled_from(["en", "fr-FR", "", "zz"]))
    if kind == "rss":
        doc = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire"
               f"</title><language>{lang}</language>{''.join(entries)}</channel></rss>")
    else:
        doc = ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'"
               f" xml:lang='{lang}'><title>Wire</title>{''.join(entries)}</feed>")
    return doc.encode("utf-8", "surrogatepass")


DOCUMENTS = {"text": text_doc(), "jsonl": jsonl_doc(), "json": json_doc(), "csv": csv_doc(),
             "tsv": csv_doc("\t"), "html": html_doc(), "rss": feed_doc("rss"),
             "atom": feed_doc("atom")}


# --- damage ---------------------------------------------------------------------------------------

@st.composite
def damaged(draw, doc: bytes) -> bytes:
    """`doc` after a few of: a hostile token inserted, a byte flipped, a slice cut, repeated or
    removed, the whole re-encoded."""
    data = bytearray(doc)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.integers(0, 7))
        at = draw(st.integers(0, len(data)))
        if op <= 2:
            data[at:at] = draw(st.sampled_from(HOSTILE_TOKENS))
        elif op == 3 and data:
            i = min(at, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == 4:
            del data[at:at + draw(st.integers(1, 64))]
        elif op == 5:
            chunk = bytes(data[at:at + draw(st.integers(1, 256))])
            data[at:at] = chunk * draw(st.integers(1, 50))
        elif op == 6:
            del data[at:]
        else:
            data[at:at] = draw(st.binary(max_size=32))
    out = bytes(data)
    encoding = draw(st.sampled_from([None] * 8 + ["utf-16", "latin-1", "cp1252"]))
    if encoding:
        out = out.decode("utf-8", "replace").encode(encoding, "replace")
    return out


@st.composite
def hostile(draw, fmt: str) -> bytes:
    """A document of format `fmt`, usually damaged, sometimes gzip-compressed (and cut)."""
    doc = draw(DOCUMENTS[fmt])
    if draw(st.integers(0, 4)):
        doc = draw(damaged(doc))
    if draw(st.integers(0, 9)) == 0:
        doc = gzip.compress(doc, mtime=0)
        if draw(st.booleans()):
            doc = doc[:draw(st.integers(0, len(doc)))]
    return doc


@dataclass
class FileCase:
    """One file to write: its name (extension true, false or absent) and bytes."""

    name: str
    data: bytes
    fmt: str

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.data)
        return path


@st.composite
def file_case(draw, fmt: str | None = None) -> FileCase:
    fmt = fmt or draw(st.sampled_from(FORMATS))
    data = draw(hostile(fmt))
    ext = draw(st.sampled_from([EXTENSIONS[fmt]] * 6 + ["", ".dat", ".xml", EXTENSIONS[
        draw(st.sampled_from(FORMATS))]]))
    if data[:2] == b"\x1f\x8b" and draw(st.booleans()):
        ext += ".gz"
    return FileCase("input" + ext, data, fmt)


@st.composite
def folder_case(draw) -> list[FileCase]:
    """A small tree: articles, sidecars (good and hostile), lone .json, hidden and README files."""
    files: list[FileCase] = []
    for i in range(draw(st.integers(0, 5))):
        case = draw(file_case())
        sub = draw(st.sampled_from(["", "sub/", "sub/deeper/", ".hidden/"]))
        odd = draw(st.sampled_from(["", "", "", "caf\udce9-", "\u00e9t\u00e9-", " -"]))
        files.append(FileCase(f"{sub}{odd}f{i}-{case.name}", case.data, case.fmt))
        if case.name.endswith(".txt") and draw(st.booleans()):
            side = draw(st.one_of(json_doc(), hostile("json")))
            files.append(FileCase(f"{sub}{odd}f{i}-input.json", side, "json"))
    for extra in draw(st.lists(st.sampled_from(["README.md", ".DS_Store", "LICENSE"]),
                               max_size=2, unique=True)):
        files.append(FileCase(extra, draw(st.binary(max_size=64)), "text"))
    return files


# --- the checks -----------------------------------------------------------------------------------

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _encodes(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def problems(items: list) -> list[str]:
    """What is wrong with what a reader gave: anything but Articles and InputErrors, an Article
    that breaks the contract, or a rejection from the per-file catch-all (a crash in disguise)."""
    out = []
    for item in items:
        if isinstance(item, InputError):
            if "unexpected error" in item.reason:
                out.append(f"crash: {item.reason}")
            for name in ("reason", "source"):
                value = getattr(item, name)
                if isinstance(value, str) and not _encodes(value):
                    out.append(f"rejection {name} is not valid Unicode (a lone surrogate)")
            continue
        if not isinstance(item, Article):
            out.append(f"not an Article or InputError: {type(item).__name__}")
            continue
        if not isinstance(item.text, str) or not item.text.strip():
            out.append("article without text")
        elif len(item.text) > MAX_CHARS:
            out.append(f"article of {len(item.text)} characters")
        if item.published is not None and not _ISO.match(item.published):
            out.append(f"published {item.published!r} is not YYYY-MM-DD")
        for name in ("text", "id", "title", "url", "source", "author", "language"):
            value = getattr(item, name)
            if value is not None and not isinstance(value, str):
                out.append(f"{name} is a {type(value).__name__}")
            elif isinstance(value, str) and not _encodes(value):
                # a lone surrogate: no store, log or JSON writer takes it
                out.append(f"{name} is not valid Unicode (a lone surrogate)")
        if not item.hash:
            out.append("article without a hash")
    return out


class Timeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Timeout in the main thread when the block runs longer than `seconds` (a hang)."""
    def fire(signum, frame):
        raise Timeout(f"over {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Usage:
    seconds: float = 0.0
    peak_python_mb: float = 0.0
    rss_growth_mb: float = 0.0
    extra: dict = field(default_factory=dict)


@contextmanager
def bounded(seconds: float, python_mb: float | None = None) -> Iterator[Usage]:
    """time_limit plus, when python_mb is given, a check of the peak of Python's allocations."""
    import time

    usage = Usage()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracing = python_mb is not None and not tracemalloc.is_tracing()
    if tracing:
        tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with time_limit(seconds):
            yield usage
    finally:
        usage.seconds = time.perf_counter() - t0
        if tracing:
            usage.peak_python_mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        usage.rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    if python_mb is not None and usage.peak_python_mb > python_mb:
        raise AssertionError(f"peak Python memory {usage.peak_python_mb:.0f} MB > {python_mb} MB")
