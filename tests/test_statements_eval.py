"""`eventwire eval attribution` (issue 3): brat reading, scoring, agreement with the shared scorer."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from eventwire.errors import DataMissingError
from eventwire.eval import attribution as att

from conftest import shared_path

TEXT = ("The mayor said that the bridge would reopen. “It is safe,” the engineer added.\n"
        "According to the police, nobody was hurt.\n")


def ann_line(n, label, text, start, end):
    return f"T{n}\t{label} {start} {end}\t{text[start:end]}"


def offsets(text, s):
    i = text.index(s)
    return i, i + len(s)


@pytest.fixture()
def brat(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a1.txt").write_text(TEXT, encoding="utf-8")
    lines, n = [], 0
    for label, s in [("Source", "The mayor"), ("Cue", "said"),
                     ("Content", "that the bridge would reopen"),
                     ("Source", "the engineer"), ("Cue", "added"), ("Content", "“It is safe,”"),
                     ("Source", "the police"), ("Cue", "According to"),
                     ("Content", "nobody was hurt")]:
        n += 1
        lines.append(ann_line(n, label, TEXT, *offsets(TEXT, s)))
    (tmp_path / "attributions" / "a1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # a second annotator of the same article is ignored
    (tmp_path / "attributions" / "a1_x.ann").write_text(lines[0] + "\n", encoding="utf-8")
    return tmp_path


def stmt(source, cue, content):
    (ss, se), (cs, ce), (ks, ke) = (offsets(TEXT, source), offsets(TEXT, cue),
                                    offsets(TEXT, content))
    return {"speaker_start": ss, "speaker_end": se, "cue_start": cs, "cue_end": ce,
            "start": ks, "end": ke}


PREDS = [stmt("The mayor", "said", "the bridge would reopen"),          # content misses "that"
         stmt("the engineer", "added", "It is safe"),                   # exact after trimming
         stmt("The mayor", "bridge", "reopen. “It")]                    # wrong everywhere


def test_read_gold_first_annotator(brat):
    (g,) = att.read_gold(brat)
    assert g.id == "a1"
    assert len(g.spans["source"]) == 3 and len(g.spans["content"]) == 3


def test_missing_layout_is_a_clear_error(tmp_path):
    with pytest.raises(DataMissingError, match="text/\\*.txt"):
        att.read_gold(tmp_path)


def test_scores(brat):
    totals = att.score(att.read_gold(brat), {"a1": PREDS})
    src = totals[("source", "exact")]
    assert (src.tp, src.pred, src.gold) == (2, 3, 3)
    assert totals[("content", "exact")].tp == 1
    assert totals[("content", "overlap")].tp == 2
    assert totals[("cue", "exact")].tp == 2
    line = att.summary(totals)
    assert line.startswith("attribution: source_f1_exact=0.667 cue_f1_exact=0.667 ")
    assert "content_f1_exact=0.333" in line and "content_f1_overlap=0.667" in line


def test_agrees_with_the_independent_scorer(brat, tmp_path):
    tool = shared_path("tools", "score_polnear.py")
    out = tmp_path / "pred.jsonl"
    out.write_text(json.dumps({"article": {"id": "a1"}, "statements": PREDS}) + "\n")
    res = subprocess.run([sys.executable, str(tool), "score", str(brat), str(out)],
                         capture_output=True, text=True, check=True)
    theirs = res.stdout.strip().splitlines()[-1].split(": ", 1)[1]
    ours = att.summary(att.score(att.read_gold(brat), {"a1": PREDS})).split(": ", 1)[1]
    assert theirs == ours


@pytest.mark.model  # the command parses the articles
def test_cli_runs_the_pipeline_and_prints_the_summary_last(brat):
    from eventwire.cli.eval_cmds import eval_group

    res = CliRunner().invoke(eval_group, ["attribution", str(brat)])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert lines[-1].startswith("attribution: source_f1_exact=")
    assert any(line.startswith("content  overlap") for line in lines)
    f1 = dict(kv.split("=") for kv in lines[-1].split(": ", 1)[1].split())
    assert float(f1["cue_f1_exact"]) > 0.5  # the extractor finds these plain cues
