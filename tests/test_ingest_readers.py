"""Each reader on small files the project wrote (tests/data/ingest), plus gzip, directories, stdin."""
from __future__ import annotations

import gzip
import io
import shutil
import sys
from pathlib import Path

import pytest

from eventwire.errors import InputError, UsageError
from eventwire.ingest import READERS, FieldMap, guess_format, read_source, read_sources, sniff_format
from eventwire.model import Article, content_id

DATA = Path(__file__).parent / "data" / "ingest"


def split(items):
    items = list(items)
    arts = [i for i in items if isinstance(i, Article)]
    errs = [i for i in items if isinstance(i, InputError)]
    assert len(arts) + len(errs) == len(items)
    return arts, errs


def test_every_format_has_a_reader():
    assert {"text", "jsonl", "json", "csv", "tsv", "html", "feed"} <= set(READERS)
    assert guess_format("x.jsonl.gz") == "jsonl"
    assert guess_format("a/b/Page.HTM") == "html"
    assert guess_format("feed.atom") == "feed"
    assert guess_format("notes") is None


def test_text_with_sidecar_metadata():
    path = DATA / "note-2025-03-02.txt"
    (art,) = list(read_source(str(path)))
    assert art.text == path.read_text("utf-8")
    assert art.title == "Arvania and Belmora agree to reopen Tellin crossing"
    assert art.published == "2025-03-02"  # "2 March 2025" in the sidecar, normalised
    assert art.url == "https://news.example.org/tellin"
    assert art.source == "Example Wire" and art.author == "Staff reporter"
    assert art.language == "en"  # "en-GB"
    assert art.origin == str(path)
    assert art.id == art.hash == content_id(art.text, art.title)


def test_sidecar_with_a_bad_date_rejects_the_article(tmp_path):
    (tmp_path / "a.txt").write_text("The council met on Monday.", "utf-8")
    (tmp_path / "a.json").write_text('{"published": "the day after the storm"}', "utf-8")
    (err,) = list(read_source(str(tmp_path / "a.txt")))
    assert isinstance(err, InputError)
    assert "the day after the storm" in err.reason and "YYYY-MM-DD" in err.reason


def test_sidecar_that_is_not_json_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("The council met on Monday.", "utf-8")
    (tmp_path / "a.json").write_text("{title: oops", "utf-8")
    (err,) = list(read_source(str(tmp_path / "a.txt")))
    assert isinstance(err, InputError) and "a.json" in err.reason


def test_jsonl_good_bad_and_odd_lines():
    path = str(DATA / "articles.jsonl")
    items = list(read_source(path))
    arts, errs = split(items)
    assert [a.id for a in arts] == ["a1", "a2", "6"]
    assert arts[0].published == "2024-11-05" and arts[0].source == "Example Wire"
    assert arts[1].published == "2024-11-07"  # RFC 2822
    assert arts[2].published == "2024-11-08" and arts[2].author == "A. Writer, B. Writer"
    assert arts[0].origin == f"{path}:1" and arts[2].origin == f"{path}:6"
    by_pos = {e.position: e for e in errs}
    assert set(by_pos) == {3, 4, 5}
    assert "malformed JSON" in by_pos[3].reason
    assert "no text field" in by_pos[4].reason and "summary" in by_pos[4].reason
    assert "sometime soon" in by_pos[5].reason
    # the stream keeps input order: errors sit where their lines were
    assert [getattr(i, "position", None) or i.origin.rsplit(":", 1)[1] for i in items] == \
        ["1", "2", 3, 4, 5, "6"]


def test_jsonl_field_map(tmp_path):
    p = tmp_path / "dump.jsonl"
    p.write_text('{"key": "k1", "headline_en": "Vote delayed", "story": "The vote was delayed.",'
                 ' "when": "2023-05-01T10:00:00Z"}\n', "utf-8")
    (art,) = list(read_source(str(p), fields={"id": "key", "title": "headline_en", "text": "story",
                                              "date": "when"}))
    assert (art.id, art.title, art.text, art.published) == \
        ("k1", "Vote delayed", "The vote was delayed.", "2023-05-01")
    (err,) = list(read_source(str(p), fields=FieldMap(text="body")))
    assert "tried body" in err.reason


def test_jsonl_where_no_line_is_an_article_gives_one_error(tmp_path):
    p = tmp_path / "manifest.jsonl"
    p.write_text("".join(f'{{"id": {i}, "bytes": 10}}\n' for i in range(50)), "utf-8")
    (err,) = list(read_source(str(p)))
    assert "none of the 50 lines" in err.reason


def test_json_array(tmp_path):
    p = tmp_path / "two.json"
    p.write_text('[{"text": "First story."}, {"title": "no text"}, {"text": "Third story."}]')
    arts, errs = split(read_source(str(p)))
    assert [a.text for a in arts] == ["First story.", "Third story."]
    assert errs[0].position == 2


def test_csv_with_field_map():
    path = str(DATA / "wire.csv")
    fields = {"id": "story_id", "title": "headline", "text": "body", "published": "pubdate",
              "source": "outlet"}
    arts, errs = split(read_source(path, fields=fields))
    assert [a.id for a in arts] == ["c1", "c2"]
    assert arts[0].published == "2025-01-20" and arts[1].published == "2025-01-20"
    assert arts[1].text.endswith("Shops reopened the same evening.")  # quoted newlines kept
    assert arts[1].origin == f"{path}:3"
    short, empty = errs
    assert short.position == 6 and "3 cells" in short.reason
    assert empty.position == 7 and "empty text" in empty.reason


def test_csv_without_the_text_column_names_the_columns(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("id,title,summary\n1,Vote,Short\n2,Strike,Short\n", "utf-8")
    (err,) = list(read_source(str(p)))
    assert "no text column" in err.reason and "id, title, summary" in err.reason


def test_csv_invalid_utf8_rejects_only_that_row(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(b"text\nGood row one.\nBad \xff\xfe row.\nGood row three.\n")
    arts, errs = split(read_source(str(p)))
    assert [a.text for a in arts] == ["Good row one.", "Good row three."]
    assert errs[0].position == 3 and "UTF-8" in errs[0].reason


def test_tsv_and_format_override(tmp_path):
    (art,) = list(read_source(str(DATA / "wire.tsv")))
    assert art.id == "t1" and art.published == "2025-02-07"
    copy = tmp_path / "export.dat"
    shutil.copy(DATA / "wire.tsv", copy)
    (again,) = list(read_source(str(copy), fmt="tsv"))
    assert again.hash == art.hash


def test_html_page_main_text_and_metadata():
    (art,) = list(read_source(str(DATA / "page.html")))
    assert art.title == "Harbour authority suspends ferry service after storm"
    assert art.published == "2024-10-14"
    assert art.author == "Mira Testwriter"
    assert "suspended all ferry crossings" in art.text
    assert "no decision had been taken" in art.text
    for boilerplate in ("Ten recipes for autumn", "All rights reserved", "Privacy"):
        assert boilerplate not in art.text
    assert art.language == "en"


def test_html_without_an_article_is_rejected():
    (err,) = list(read_source(str(DATA / "index.html")))
    assert isinstance(err, InputError) and "no article text" in err.reason


def test_gzip_files_read_like_the_plain_ones(tmp_path):
    shutil.copy(DATA / "note-2025-03-02.json", tmp_path)  # the sidecar of x.txt.gz is x.json
    for name in ("articles.jsonl", "page.html", "feed.rss", "note-2025-03-02.txt"):
        gz = tmp_path / (name + ".gz")
        gz.write_bytes(gzip.compress((DATA / name).read_bytes()))
        plain = [getattr(i, "hash", None) or i.reason for i in read_source(str(DATA / name))]
        packed = [getattr(i, "hash", None) or i.reason for i in read_source(str(gz))]
        assert packed == plain, name
    (art,) = list(read_source(str(tmp_path / "note-2025-03-02.txt.gz")))
    assert art.published == "2025-03-02"


def test_directory_recursive_skips_hidden_files_and_docs():
    arts, errs = split(read_source(str(DATA / "tree")))
    # a .json that is no text file's sidecar is read, and this one is not an article
    (err,) = errs
    assert err.source.endswith("meta.json") and "no text field" in err.reason
    names = [Path(a.origin.split(":")[0]).name for a in arts]
    assert names == ["a-first.txt", "b-second.txt", "c-third.jsonl"]
    assert not any("hidden" in a.text for a in arts)


def test_directory_with_format_reads_every_file_with_it(tmp_path):
    (tmp_path / "one.dat").write_text('{"text": "Story one."}\n')
    (tmp_path / "two.dat").write_text('{"text": "Story two."}\n')
    arts, _ = split(read_source(str(tmp_path), fmt="jsonl"))
    assert [a.text for a in arts] == ["Story one.", "Story two."]


def test_empty_directory_is_reported(tmp_path):
    (err,) = list(read_source(str(tmp_path)))
    assert "no readable files" in err.reason


def test_unknown_extension_is_sniffed(tmp_path):
    (tmp_path / "story").write_text("Rebels freed ten hostages on Sunday.", "utf-8")
    shutil.copy(DATA / "feed.atom", tmp_path / "feed-download")
    (art,) = list(read_source(str(tmp_path / "story")))
    assert art.text.startswith("Rebels")
    arts, _ = split(read_source(str(tmp_path / "feed-download")))
    assert arts[0].title.startswith("Observers")


def test_sniff_format():
    assert sniff_format(b'{"text": "x"}') == "jsonl"
    assert sniff_format(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert sniff_format(b"<!DOCTYPE html><html>") == "html"
    assert sniff_format(b"Plain words.") == "text"
    assert sniff_format(b"whatever", "application/rss+xml; charset=utf-8") == "feed"


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BufferedReader(io.BytesIO(data))


@pytest.mark.parametrize("compress", [False, True])
def test_stdin_jsonl_is_sniffed(monkeypatch, compress):
    data = (DATA / "articles.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", _Stdin(gzip.compress(data) if compress else data))
    arts, errs = split(read_source("-"))
    assert [a.id for a in arts] == ["a1", "a2", "6"] and len(errs) == 3
    assert arts[0].origin == "-:1"


def test_stdin_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(b"The envoy arrived in Cairo on Monday.\n"))
    (art,) = list(read_source("-", fmt="text"))
    assert art.text.startswith("The envoy") and art.origin == "-"


def test_read_sources_chains_and_checks_all_first(tmp_path):
    arts, errs = split(read_sources([str(DATA / "wire.tsv"), str(DATA / "feed.atom")]))
    assert len(arts) == 2 and errs == []
    with pytest.raises(UsageError, match="missing-file"):
        read_sources([str(DATA / "wire.tsv"), str(tmp_path / "missing-file")])


def test_usage_errors():
    with pytest.raises(UsageError, match="no such file"):
        read_source("/nonexistent/eventwire/file.txt")
    with pytest.raises(UsageError, match="unknown input format"):
        read_source(str(DATA / "wire.tsv"), fmt="docx")
    with pytest.raises(UsageError, match="unknown reader option"):
        read_source(str(DATA / "wire.tsv"), colour="blue")
    with pytest.raises(UsageError, match="unknown article field"):
        read_source(str(DATA / "wire.tsv"), fields={"headline": "x"})


def test_a_reader_that_crashes_loses_only_its_file(tmp_path, monkeypatch):
    (tmp_path / "a.html").write_text("<html></html>")
    (tmp_path / "b.txt").write_text("Protesters gathered outside parliament.")

    def boom(src, opts):
        raise RuntimeError("reader bug")
        yield  # pragma: no cover

    monkeypatch.setitem(READERS, "html", boom)
    arts, errs = split(read_source(str(tmp_path)))
    assert [a.text for a in arts] == ["Protesters gathered outside parliament."]
    assert "reader bug" in errs[0].reason and errs[0].source.endswith("a.html")


def test_real_stdin_pipe_with_gzip():
    import subprocess

    data = gzip.compress((DATA / "articles.jsonl").read_bytes())
    code = ("from eventwire.ingest import read_source\n"
            "print(' '.join(getattr(i, 'id', None) or 'ERR' for i in read_source('-')))")
    out = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True,
                         timeout=60, check=True)
    assert out.stdout.decode().split() == ["a1", "a2", "ERR", "ERR", "ERR", "6"]
