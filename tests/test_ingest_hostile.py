"""Hostile input loses nothing good: each bad item is rejected with a reason, the rest is read.

The three losses of issue 14 (a JSONL line nested 100,000 levels deep, a lone .json article in a
folder, one NUL byte in one CSV row), each reproduced with good items around it, plus the
neighbouring cases that the fixes touch.
"""
from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from eventwire.ingest import read_source
from eventwire.model import Article
from test_ingest_readers import split

GOOD_1 = "Officials from Chile and Peru met in Lima on Monday for talks on the border."
GOOD_2 = "Protesters gathered outside parliament in Oslo on Tuesday, police said."
DEEP = "[" * 100_000 + "]" * 100_000


def unexpected(errs) -> list[str]:
    """Rejections that come from the catch-all for a whole file: each one is a bug."""
    return [e.reason for e in errs if "unexpected error" in e.reason]


# --- 1. a JSONL line nested 100,000 levels deep ---------------------------------------------------

@pytest.mark.parametrize("deep", [DEEP, '{"a":' * 100_000 + "1" + "}" * 100_000,
                                  '{"text": "x", "meta": ' + DEEP + "}"])
def test_deeply_nested_jsonl_line_rejects_only_that_line(tmp_path, deep):
    p = tmp_path / "dump.jsonl"
    p.write_text(json.dumps({"text": GOOD_1}) + "\n" + deep + "\n"
                 + json.dumps({"text": GOOD_2}) + "\n", "utf-8")
    arts, errs = split(read_source(str(p)))
    assert [a.text for a in arts] == [GOOD_1, GOOD_2]
    (err,) = errs
    assert err.position == 2 and "nested too deeply" in err.reason, err.reason


def test_deeply_nested_json_file_is_one_rejection(tmp_path):
    (tmp_path / "deep.json").write_text(DEEP, "utf-8")
    (tmp_path / "story.txt").write_text(GOOD_1, "utf-8")
    arts, errs = split(read_source(str(tmp_path)))
    assert [a.text for a in arts] == [GOOD_1]
    (err,) = errs
    assert err.source.endswith("deep.json") and "nested too deeply" in err.reason


def test_deep_but_parseable_metadata_does_not_lose_the_file(tmp_path):
    # 900 levels parse, but turning them into a string would recurse past the limit
    nested = "[" * 900 + '"x"' + "]" * 900
    p = tmp_path / "dump.jsonl"
    p.write_text(f'{{"text": "{GOOD_1}", "title": {nested}}}\n'
                 + json.dumps({"text": GOOD_2}) + "\n", "utf-8")
    arts, errs = split(read_source(str(p)))
    assert GOOD_2 in [a.text for a in arts]
    assert unexpected(errs) == []


def test_deeply_nested_sidecar_is_a_reason_not_a_crash(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_1, "utf-8")
    (tmp_path / "a.json").write_text(DEEP, "utf-8")
    (tmp_path / "b.txt").write_text(GOOD_2, "utf-8")
    arts, errs = split(read_source(str(tmp_path)))
    assert [a.text for a in arts] == [GOOD_2]
    (err,) = errs
    assert "a.json" in err.reason and "nested too deeply" in err.reason


# --- 2. a lone .json article in a folder ----------------------------------------------------------

def test_lone_json_article_in_a_folder_is_read(tmp_path):
    (tmp_path / "story.txt").write_text(GOOD_1, "utf-8")
    (tmp_path / "lone.json").write_text(json.dumps(
        {"title": "Oslo protest", "text": GOOD_2, "published": "2025-06-03"}), "utf-8")
    arts, errs = split(read_source(str(tmp_path)))
    assert errs == []
    assert sorted(a.text for a in arts) == sorted([GOOD_1, GOOD_2])
    (lone,) = [a for a in arts if a.text == GOOD_2]
    assert lone.title == "Oslo protest" and lone.published == "2025-06-03"
    assert lone.origin.endswith("lone.json")


def test_lone_gzipped_json_article_in_a_folder_is_read(tmp_path):
    (tmp_path / "lone.json.gz").write_bytes(gzip.compress(json.dumps({"text": GOOD_2}).encode()))
    arts, errs = split(read_source(str(tmp_path)))
    assert [a.text for a in arts] == [GOOD_2] and errs == []


def test_sidecar_json_in_a_folder_is_metadata_not_an_article(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_1, "utf-8")
    (tmp_path / "a.json").write_text('{"title": "Lima talks", "published": "2025-06-02"}', "utf-8")
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(GOOD_2.encode()))
    (tmp_path / "b.json").write_text('{"title": "Oslo protest"}', "utf-8")
    arts, errs = split(read_source(str(tmp_path)))
    assert errs == []
    assert [(a.text, a.title) for a in arts] == [(GOOD_1, "Lima talks"), (GOOD_2, "Oslo protest")]


def test_json_in_a_folder_that_is_not_an_article_is_rejected_with_a_reason(tmp_path):
    (tmp_path / "story.txt").write_text(GOOD_1, "utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps([{"file": "x", "n": 1},
                                                        {"file": "y", "n": 2}]), "utf-8")
    (tmp_path / "orphan.json").write_text('{"title": "metadata whose text file is gone"}', "utf-8")
    arts, errs = split(read_source(str(tmp_path)))
    assert [a.text for a in arts] == [GOOD_1]
    reasons = {Path(e.source).name: e.reason for e in errs}
    assert set(reasons) == {"manifest.json", "orphan.json"}
    assert "none of the 2 records has a text field" in reasons["manifest.json"]
    assert "no text field" in reasons["orphan.json"]


# --- 3. one NUL byte in one CSV row ---------------------------------------------------------------

@pytest.mark.parametrize("sep,name", [(",", "wire.csv"), ("\t", "wire.tsv")])
def test_nul_byte_in_one_csv_row_rejects_only_that_row(tmp_path, sep, name):
    p = tmp_path / name
    rows = [["id", "title", "text"], ["1", "Lima", GOOD_1], ["2", "Bad", "Half \x00 a row."],
            ["3", "Oslo", GOOD_2]]
    with open(p, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=sep).writerows(rows)
    arts, errs = split(read_source(str(p)))
    assert [a.text for a in arts] == [GOOD_1, GOOD_2]
    (err,) = errs
    assert err.position == 3 and "NUL" in err.reason


def test_nul_byte_in_a_csv_row_far_into_the_file(tmp_path):
    p = tmp_path / "big.csv"
    lines = ["id,text"] + [f'{i},"{GOOD_1} Round {i}."' for i in range(200)]
    lines[150] = '149,"Broken \x00 row."'
    p.write_text("\n".join(lines) + "\n", "utf-8")
    arts, errs = split(read_source(str(p)))
    assert len(arts) == 199 and len(errs) == 1 and errs[0].position == 151


def test_a_binary_file_named_csv_is_still_refused_as_a_whole(tmp_path):
    p = tmp_path / "photo.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (err,) = list(read_source(str(p)))
    assert "binary" in err.reason


# --- the whole folder, through the CLI's ingest ---------------------------------------------------

def hostile_folder(root: Path) -> Path:
    root.mkdir()
    (root / "dump.jsonl").write_text(json.dumps({"id": "j1", "text": GOOD_1}) + "\n" + DEEP + "\n"
                                     + json.dumps({"id": "j2", "text": GOOD_2}) + "\n", "utf-8")
    (root / "lone.json").write_text(json.dumps({"id": "lone", "text": GOOD_2 + " Again."}), "utf-8")
    (root / "rows.csv").write_bytes(b'id,text\nc1,"' + (GOOD_1 + " Later.").encode()
                                    + b'"\nc2,Bad \x00 row.\nc3,"' + (GOOD_2 + " Later.").encode()
                                    + b'"\n')
    return root


def test_hostile_folder_readers_keep_every_good_item(tmp_path):
    arts, errs = split(read_source(str(hostile_folder(tmp_path / "in"))))
    assert sorted(a.id for a in arts) == ["c1", "c3", "j1", "j2", "lone"]
    assert {a.id: a.text for a in arts}["c3"] == GOOD_2 + " Later."
    assert sorted((Path(e.source).name, e.position) for e in errs) == [("dump.jsonl", 2),
                                                                       ("rows.csv", 3)]
    assert unexpected(errs) == []


@pytest.mark.model
def test_hostile_folder_through_ingest_exits_3_and_lists_each_bad_item(tmp_path, pipeline):
    from click.testing import CliRunner

    from eventwire.cli import cli

    src = hostile_folder(tmp_path / "in")
    db = tmp_path / "s.db"
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", str(db), "--summary", "json",
                                   "--no-progress"])
    assert res.exit_code == 3, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["stored"] == 5 and summary["rejected"] == 2
    examples = sorted(r["example"].rsplit("/", 1)[-1] for r in summary["reasons"])
    assert examples == ["dump.jsonl:2", "rows.csv:3"]


# --- found by scripts/fuzz_readers.py -------------------------------------------------------------

def test_lone_surrogates_in_json_become_replacement_characters(tmp_path):
    # json.loads turns "\ud800" into a lone surrogate, which no UTF-8 store can hold
    p = tmp_path / "dump.jsonl"
    p.write_text('{"text": "Talks \\ud800 in Lima.", "title": "x\\udc00", "\\ud800k": 1}\n'
                 '{"texts": "no text field", "\\udfffkey": 2}\n' + json.dumps({"text": GOOD_2})
                 + "\n", "utf-8")
    arts, errs = split(read_source(str(p)))
    assert [a.text for a in arts] == ["Talks \ufffd in Lima.", GOOD_2]
    assert arts[0].title == "x\ufffd" and len(arts[0].text) == len("Talks x in Lima.")
    (err,) = errs
    err.reason.encode("utf-8")  # the reason names the fields, and must be storable


def test_feed_with_a_character_reference_to_no_character(tmp_path):
    p = tmp_path / "wire.rss"
    p.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>W</title>"
                 f"<item><title>Good</title><description>{GOOD_1}</description></item>"
                 "<item><title>Odd &#1114112; &#xD800; &#0;</title><description>Odd &#99999999999;"
                 "</description></item></channel></rss>", "utf-8")
    arts, errs = split(read_source(str(p)))
    assert errs == [] and arts[0].text == GOOD_1
    assert "\ufffd" in arts[1].title


def test_file_names_that_are_not_utf8(tmp_path):
    import os

    root = tmp_path / "in"
    root.mkdir()
    good = os.path.join(os.fsencode(root), b"caf\xe9.txt")
    with open(good, "wb") as fh:
        fh.write(GOOD_1.encode())
    with open(os.path.join(os.fsencode(root), b"caf\xe9.json"), "wb") as fh:
        fh.write(b"{broken")
    with open(os.path.join(os.fsencode(root), b"vide\xe9.txt"), "wb") as fh:
        fh.write(b"")
    arts, errs = split(read_source(str(root)))
    assert len(errs) == 2 and arts == []
    for e in errs:  # shown and stored with U+FFFD for the byte that is not UTF-8
        assert "\ufffd" in e.source and (e.source + e.reason).encode("utf-8")
    os.remove(os.path.join(os.fsencode(root), b"caf\xe9.json"))
    arts, _ = split(read_source(str(root)))
    assert arts[0].text == GOOD_1 and arts[0].origin.endswith("caf\ufffd.txt")


def test_csv_header_with_bytes_that_are_not_utf8(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(b"id,t\xffxt\n1,Hello\n")
    (err,) = list(read_source(str(p)))
    assert "no text column" in err.reason and "t\ufffdxt" in err.reason


# --- bounded memory: inputs built to blow up ------------------------------------------------------

def test_a_huge_csv_line_is_one_rejection_and_never_one_row(tmp_path):
    from eventwire.ingest import csv_reader

    p = tmp_path / "commas.csv"
    with open(p, "w", encoding="utf-8") as fh:
        fh.write(f'id,text\n1,"{GOOD_1}"\n2,x' + "," * (csv_reader.MAX_LINE_CHARS + 10)
                 + f'\n3,"{GOOD_2}"\n')
    arts, errs = split(read_source(str(p)))
    assert [a.text for a in arts] == [GOOD_1, GOOD_2]
    (err,) = errs
    assert err.position == 3 and "over" in err.reason


def test_a_malformed_csv_row_does_not_lose_the_rows_after_it(tmp_path, monkeypatch):
    import csv as csv_mod

    p = tmp_path / "x.csv"
    p.write_text(f'id,text\n1,"{GOOD_1}"\n2,"{"x" * 5000}\n3,"{GOOD_2}"\n', "utf-8")
    old = csv_mod.field_size_limit(1000)  # a field past the limit is a csv.Error
    try:
        arts, errs = split(read_source(str(p)))
    finally:
        csv_mod.field_size_limit(old)
    assert [a.text for a in arts] == [GOOD_1, GOOD_2]
    assert len(errs) == 1 and "malformed CSV" in errs[0].reason


def test_json_of_millions_of_empty_objects_is_refused_before_parsing(tmp_path):
    p = tmp_path / "many.json"
    p.write_bytes(b"[" + b"{}," * 3_000_000 + b"{}]")
    import tracemalloc

    tracemalloc.start()
    (err,) = list(read_source(str(p)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "over 500,000 objects" in err.reason
    assert peak < 64 * 2**20  # the bytes of the file, not 3 million dicts


def test_a_file_of_a_million_bad_lines_lists_a_thousand_and_counts_the_rest(tmp_path):
    p = tmp_path / "log.jsonl"
    p.write_bytes(b'{"text": "Good one about talks in Lima."}\n' + b"1\n" * 200_000)
    items = list(read_source(str(p)))
    assert isinstance(items[0], Article) and len(items) == 1 + 1000 + 1
    assert items[-1].reason.startswith("199,000 more rejected items in this file")


def test_a_manifest_of_many_records_is_one_error(tmp_path):
    p = tmp_path / "manifest.jsonl"
    p.write_bytes(b'{"file": "x"}\n' * 50_000)
    (err,) = list(read_source(str(p)))
    assert "none of the 50,000 lines has a text field" in err.reason


def test_reader_options_are_checked_before_reading(tmp_path):
    from eventwire.errors import UsageError

    p = tmp_path / "x.csv"
    p.write_text("id,text\n1,Hello\n")
    with pytest.raises(UsageError, match="encoding"):
        read_source(str(p), encoding="no-such-codec")
    with pytest.raises(UsageError, match="delimiter"):
        read_source(str(p), delimiter=";;")
