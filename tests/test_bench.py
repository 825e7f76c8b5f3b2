"""The benchmark's parts: corpora, stage clocks, the BENCHMARKS.md writer, `eval all` parsing."""
from __future__ import annotations

import gzip
import json
import time

import pytest
from click.testing import CliRunner

from eventwire import bench
from eventwire.errors import DataMissingError
from eventwire.eval import all as eval_all

A1 = "The foreign minister of Norland said on Monday that talks with Estavia had collapsed."
A2 = "Estavia accused Norland of shelling two border villages, the defence ministry said."


def test_read_articles_jsonl_gz_and_folders(tmp_path):
    p = tmp_path / "c.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        for i, t in enumerate([A1, A2]):
            fh.write(json.dumps({"id": f"x{i}", "text": t, "date": "2025-06-0%d" % (i + 1)}) + "\n")
    arts = list(bench.read_articles(p))
    assert [a.id for a in arts] == ["x0", "x1"] and arts[1].published == "2025-06-02"
    assert len(list(bench.read_articles(p, 1))) == 1
    d = tmp_path / "dir"
    d.mkdir()
    (d / "b.txt").write_text(A2)
    (d / "a.txt").write_text(A1)
    (d / "a.json").write_text(json.dumps({"published": "2025-06-04", "title": "T"}))
    arts = list(bench.read_articles(d))
    assert [a.id for a in arts] == ["a", "b"] and arts[0].published == "2025-06-04"


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(DataMissingError, match="no such corpus"):
        bench.corpus_path(str(tmp_path / "nope.jsonl"))


def test_update_section_replaces_only_its_block(tmp_path):
    md = tmp_path / "B.md"
    md.write_text("# Benchmarks\n\nintro\n")
    bench.update_section(md, "memory", "first")
    bench.update_section(md, "throughput", "fast")
    bench.update_section(md, "memory", "second")
    text = md.read_text()
    assert "intro" in text and "fast" in text and "second" in text and "first" not in text
    assert text.count("<!-- bench:memory -->") == 1


def test_stage_clock_times_the_extractors_and_restores_them(pipeline):
    import importlib

    from eventwire.model import Article

    extract = importlib.import_module("eventwire.extractors")

    before = {name: getattr(owner, attr) for owner, attr, name in bench._extract_stages()}
    assert before, "no extractor stages found"
    totals: dict[str, float] = {}
    t0 = time.perf_counter()
    with bench.stage_clock(totals):
        list(pipeline.process([Article(text=A1)]))
    wall = time.perf_counter() - t0
    # every stage ran and was timed, each within the run's own time
    assert set(before) <= set(totals) and all(0 < v <= wall for v in totals.values()), (totals, wall)
    first = dict(totals)
    with bench.stage_clock(totals):  # a second run adds to the same totals
        list(pipeline.process([Article(text=A2)]))
    assert all(totals[k] > first[k] for k in before)
    after = {name: getattr(owner, attr) for owner, attr, name in bench._extract_stages()}
    assert after == before
    assert not hasattr(extract.extract_doc, "__wrapped__")


def test_bench_reports_ratios_and_stages(tmp_path, pipeline):
    p = tmp_path / "c.jsonl"
    p.write_text("".join(json.dumps({"id": f"x{i}", "text": t}) + "\n" for i, t in enumerate([A1, A2])))
    r = bench.bench(p, n_articles=2, runs=1)
    assert r["articles"] == 2 and r["words"] == len(A1.split()) + len(A2.split())
    assert r["eventwire"]["ratio_to_spacy"] > 0
    assert r["eventwire"]["cpu_ratio_to_spacy"] > 0 and r["spacy"]["cpu_seconds"] > 0
    assert {"parse", "extract", "read"} <= set(r["eventwire"]["stages"])
    assert r["eventwire"]["found"]["results"] == 2
    assert r["memory"]["peak_rss_mb"] > 0
    md = bench.throughput_md(r, "eventwire bench")
    assert "| spaCy `nlp.pipe`" in md and "| eventwire, 1 process |" in md


def test_eval_all_reads_summary_lines():
    assert eval_all.parse_summary("noise\nplover: macro_f1=0.71 accuracy=0.74\n") == \
        ("plover", {"macro_f1": "0.71", "accuracy": "0.74"})
    assert eval_all.parse_summary("no summary here") is None


def test_eval_all_reports_absent_data(tmp_path):
    names = eval_all.evaluations()
    if not names:
        pytest.skip("no evaluation modules yet")
    missing = tmp_path / "missing"
    res = CliRunner().invoke(eval_all.command, ["--only", names[0], "--path",
                                                f"{names[0]}={missing}", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows[0]["name"] == names[0] and rows[0]["status"] == "absent", rows[0]
