"""`eventwire eval html`: the token F1 metric, and a quick run on a few Zyte pages (skipped if absent)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import shared_path
from eventwire.eval.html import command, score_pages, summarise, token_prf


def test_token_prf():
    assert token_prf("a b c", "a b c") == (1.0, 1.0, 1.0)
    p, r, f = token_prf("a b c d", "a b")  # two extra tokens
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    assert token_prf("", "a b") == (0.0, 0.0, 0.0)
    assert token_prf("a a a", "a")[0] == pytest.approx(1 / 3)  # counts, not sets
    assert token_prf("Hello, world!", "hello world")[2] == 0.5  # case is kept


def test_eval_html_on_a_few_zyte_pages():
    root = shared_path("data", "html", "zyte")
    scores = list(score_pages(root, limit=8))
    assert len(scores) == 8
    summary = summarise(scores)
    assert summary["pages"] == 8 and summary["token_f1"] > 0.8


def test_eval_html_command_prints_the_summary_line():
    root = shared_path("data", "html", "zyte")
    result = CliRunner().invoke(command, [str(root), "--limit", "3", "--worst", "1"])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("html: token_f1=") and "pages=3" in last


def test_eval_html_missing_directory(tmp_path):
    result = CliRunner().invoke(command, [str(tmp_path / "absent")])
    assert result.exit_code != 0
