"""Bad input becomes a rejected item with source, position and reason; the rest of the batch goes on."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from eventwire.errors import ArticleRejected, InputError
from eventwire.ingest import read_source, read_sources
from eventwire.ingest.common import normalise_date
from eventwire.model import Article
from eventwire.pipeline import MAX_CHARS

DATA = Path(__file__).parent / "data" / "ingest"


def only_error(items) -> InputError:
    (item,) = list(items)
    assert isinstance(item, InputError), item
    return item


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.csv", "empty.html",
                                  "empty.rss", "blank.txt"])
def test_empty_files(tmp_path, name):
    p = tmp_path / name
    p.write_text("  \n\n" if name == "blank.txt" else "")
    err = only_error(read_source(str(p)))
    assert "empty" in err.reason and err.source == str(p)


@pytest.mark.parametrize("name", ["photo.txt", "photo.html", "photo.rss", "photo.csv", "photo"])
def test_binary_files(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    err = only_error(read_source(str(p)))
    assert "binary" in err.reason


def test_invalid_utf8_text_names_the_byte(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Le ministre a déclaré".encode("latin-1"))
    err = only_error(read_source(str(p)))
    assert isinstance(err, ArticleRejected)
    assert "invalid UTF-8 at byte 15" in err.reason and "encoding" in err.reason
    (art,) = list(read_source(str(p), encoding="latin-1"))
    assert art.text == "Le ministre a déclaré"


def test_invalid_utf8_jsonl_line_rejects_only_that_line(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"text": "Good one."}\n{"text": "Bad \xe9 byte."}\n{"text": "Good two."}\n')
    items = list(read_source(str(p)))
    assert [getattr(i, "text", None) for i in items] == ["Good one.", None, "Good two."]
    assert items[1].position == 2 and "UTF-8" in items[1].reason


def test_fifty_megabyte_text_is_rejected_without_reading_it_all(tmp_path, monkeypatch):
    import builtins

    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        block = b"All quiet on the front today. " * 35_000  # about 1 MB
        for _ in range(50):
            fh.write(block)
    opened: list[str] = []
    real_open = builtins.open

    def watching_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching_open)
    err = only_error(read_source(str(p)))
    monkeypatch.undo()
    assert isinstance(err, ArticleRejected) and "over the limit" in err.reason
    assert str(p) not in opened  # refused from its size alone, never read


def test_fifty_megabyte_gzip_stream_stops_at_the_limit(tmp_path):
    p = tmp_path / "huge.txt.gz"
    with gzip.open(p, "wb", compresslevel=1) as fh:
        for _ in range(50):
            fh.write(b"x" * 1_000_000)
    err = only_error(read_source(str(p)))
    assert isinstance(err, ArticleRejected) and "over the limit" in err.reason


def test_text_over_max_chars_but_under_the_byte_limit(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("a" * (MAX_CHARS + 10), "utf-8")
    err = only_error(read_source(str(p)))
    assert f"{MAX_CHARS:,}" in err.reason


def test_over_long_jsonl_line_is_skipped_and_the_next_is_read(tmp_path):
    p = tmp_path / "long.jsonl"
    with open(p, "w") as fh:
        fh.write('{"text": "' + "b" * (MAX_CHARS + 5) + '"}\n')
        fh.write('{"text": "Short and fine."}\n')
    items = list(read_source(str(p)))
    assert isinstance(items[0], ArticleRejected) and items[0].position == 1
    assert items[1].text == "Short and fine."


def test_malformed_jsonl_does_not_stop_the_batch(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_text('{"text": "One."}\nnot json at all\n[1, 2]\n{"text": 42}\n{"text": "Five."}\n')
    items = list(read_source(str(p)))
    assert [i.text for i in items if isinstance(i, Article)] == ["One.", "Five."]
    errs = {i.position: i.reason for i in items if isinstance(i, InputError)}
    assert set(errs) == {2, 3, 4}
    assert "malformed JSON" in errs[2] and "got a list" in errs[3] and "int" in errs[4]


def test_truncated_gzip_is_reported(tmp_path):
    p = tmp_path / "cut.jsonl.gz"
    full = gzip.compress(b'{"text": "One."}\n' * 2000)
    p.write_bytes(full[: len(full) // 2])
    items = list(read_source(str(p)))
    assert isinstance(items[-1], InputError) and "complete" in items[-1].reason
    assert all(isinstance(i, Article) for i in items[:-1])


def test_unreadable_dates_reject_the_item_with_the_reason(tmp_path):
    p = tmp_path / "dates.jsonl"
    p.write_text('{"text": "A.", "date": "2024-02-30"}\n{"text": "B.", "date": "yesterday"}\n'
                 '{"text": "C.", "date": "March 3"}\n{"text": "D.", "date": "3 March 2024"}\n')
    items = list(read_source(str(p)))
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "InputError",
                                                  "Article"]
    assert "2024-02-30" in items[0].reason and "yesterday" in items[1].reason
    assert items[3].published == "2024-03-03"


@pytest.mark.parametrize("value,iso", [
    ("2025-06-04", "2025-06-04"),
    ("2025-06-04T23:10:00+02:00", "2025-06-04"),
    ("Wed, 04 Jun 2025 07:00:00 GMT", "2025-06-04"),
    ("June 4, 2025", "2025-06-04"),
    ("4 juin 2025", "2025-06-04"),
    ("", None),
    (None, None),
])
def test_normalise_date(value, iso):
    assert normalise_date(value) == iso


@pytest.mark.parametrize("value", ["yesterday", "June 4", "not a date", "2025-02-30", 20250604])
def test_normalise_date_refuses(value):
    with pytest.raises(ValueError):
        normalise_date(value)


def test_one_bad_source_among_good_ones(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    items = list(read_sources([str(DATA / "wire.tsv"), str(bad), str(DATA / "feed.atom")]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "ArticleRejected", "Article"]
