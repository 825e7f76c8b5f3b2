"""Property-based tests: every reader, and extract, on generated hostile input (tests/hostile_inputs.py).

For any input: no crash (only Articles and eventwire's own InputError rejections come out, none
from the per-file catch-all), no hang (a time limit per input), bounded memory (a limit on the
peak of Python's allocations per input), and Articles that keep the contract.

The default run is small and deterministic (EVENTWIRE_PROPERTY_EXAMPLES examples per test,
default 15, the same ones every run) so that `make test` stays fast; set
EVENTWIRE_PROPERTY_RANDOM=1 for fresh examples. scripts/fuzz_readers.py runs the same
strategies by the hundred thousand.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.ingest import read_source
from eventwire.model import Article

from hostile_inputs import (FORMATS, FileCase, bounded, file_case, folder_case, hostile, problems,
                            prose)

EXAMPLES = int(os.environ.get("EVENTWIRE_PROPERTY_EXAMPLES", "15"))
SECONDS = 30.0      # per input; the slowest real reader (trafilatura) takes well under a second
PYTHON_MB = 256     # per input of at most a few hundred KB: more means something amplifies it

quick = settings(max_examples=EXAMPLES, deadline=None, database=None,
                 derandomize=os.environ.get("EVENTWIRE_PROPERTY_RANDOM") != "1",
                 suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", autouse=True)
def warm_up():
    """Load dateparser's languages, trafilatura and feedparser once, outside the memory tracing
    (which makes the first import many times slower and would count it against one input)."""
    from eventwire.ingest.common import normalise_date
    from eventwire.ingest.html import extract_html

    normalise_date("4 juin 2025")
    extract_html(b"<html><body><article><p>Talks resumed in Lima on Monday.</p></article></body>"
                 b"</html>")
    import feedparser  # noqa: F401


def read_files(files: list[FileCase], fmt: str | None = None, target: str = "") -> list:
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        for f in files:
            f.write(root)
        with bounded(SECONDS, PYTHON_MB):
            return list(read_source(str(root / target), fmt=fmt))


@pytest.mark.parametrize("fmt", FORMATS)
@quick
@given(data=st.data())
def test_each_reader_on_hostile_files(fmt, data):
    case = data.draw(file_case(fmt))
    items = read_files([case], target=case.name)
    assert problems(items) == []


@pytest.mark.parametrize("reader", ["text", "jsonl", "json", "csv", "tsv", "html", "feed"])
@quick
@given(data=st.data())
def test_each_reader_on_any_format_when_forced(reader, data):
    """--format forces a reader on whatever the file holds."""
    fmt = data.draw(st.sampled_from(FORMATS))
    items = read_files([FileCase("input.bin", data.draw(hostile(fmt)), fmt)], fmt=reader,
                       target="input.bin")
    assert problems(items) == []


@quick
@given(files=folder_case())
def test_directories_of_hostile_files(files):
    items = read_files(files)
    assert problems(items) == []
    if not [f for f in files if not f.name.startswith((".", "README", "LICENSE"))
            and "/." not in f.name and not f.name.startswith(".hidden")]:
        assert all(isinstance(i, InputError) for i in items)


@quick
@given(fmt=st.sampled_from(FORMATS), data=st.data())
def test_gzip_of_hostile_files_whole_or_cut(fmt, data):
    import gzip

    packed = gzip.compress(data.draw(hostile(fmt)), mtime=0)
    cut = data.draw(st.sampled_from([len(packed), len(packed) // 2, 10, 1]))
    name = "input" + {"text": ".txt", "rss": ".rss", "atom": ".atom"}.get(fmt, "." + fmt) + ".gz"
    items = read_files([FileCase(name, packed[:cut], fmt)], target=name)
    assert problems(items) == []


@quick
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_sniffed(data):
    items = read_files([FileCase("download", data, "text")], target="download")
    assert problems(items) == []


# --- extract on arbitrary text --------------------------------------------------------------------

extract_text = st.one_of(prose, st.text(max_size=600),
                         st.lists(st.one_of(prose, st.text(max_size=60)), max_size=12).map(" ".join))


def offsets_hold(text: str, res) -> list[str]:
    bad = []

    def span(what, start, end, expect=None):
        if start is None and end is None:
            return
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            bad.append(f"{what} [{start}, {end}) outside the text of {len(text)}")
        elif expect is not None and text[start:end] != expect:
            bad.append(f"{what} text {expect!r} != {text[start:end]!r}")

    for a in res.actors:
        for m in a.mentions:
            span(f"mention of {a.id}", m.start, m.end, m.text)
    for s in res.statements:
        span(f"statement {s.id}", s.start, s.end)
        span(f"speaker of {s.id}", s.speaker_start, s.speaker_end)
        span(f"cue of {s.id}", s.cue_start, s.cue_end)
    for e in res.events:
        span(f"evidence of {e.id}", e.evidence.start, e.evidence.end, e.evidence.text)
        span(f"trigger of {e.id}", e.trigger_start, e.trigger_end)
    return bad


@pytest.mark.model
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          derandomize=os.environ.get("EVENTWIRE_PROPERTY_RANDOM") != "1",
          suppress_health_check=list(HealthCheck))
@given(text=extract_text)
def test_extract_on_arbitrary_text(pipeline, text):
    from eventwire.pipeline import Failure

    with bounded(SECONDS * 2):
        (res,) = list(pipeline.process([Article(text=text, published="2025-06-04")]))
    if isinstance(res, Failure):
        assert isinstance(res.error, InputError)
        assert "extraction failed" not in res.error.reason, res.error.reason
        return
    assert offsets_hold(text, res) == []
    json.dumps(res.to_dict())  # the eventwire/1 object is plain JSON
