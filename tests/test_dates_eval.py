"""`eventwire eval temporal`: the built-in test file and the scoring command."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventwire.errors import DataMissingError, UsageError
from eventwire.eval.temporal import command, load_items
from eventwire.model import STATUSES

PRECISIONS = {"day", "week", "month", "year", "range", "vague"}


def test_builtin_file_is_complete():
    items = load_items(None)
    assert len(items) >= 150
    assert len({it["id"] for it in items}) == len(items)
    for it in items:
        assert it["status"] in STATUSES, it["id"]
        assert it["date"]["precision"] in PRECISIONS, it["id"]
        assert f" {it['trigger']}" in f" {it['text']}", it["id"]
    # every status and every precision is covered
    assert {it["status"] for it in items} == set(STATUSES)
    assert {it["date"]["precision"] for it in items} == PRECISIONS


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(DataMissingError):
        load_items(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"items": [{"id": "x1", "text": "Hello."}]}))
    with pytest.raises(UsageError, match="x1"):
        load_items(bad)


def test_command_scores_a_small_file(tmp_path, nlp):
    items = [
        {"id": "a", "published": "2025-06-04", "text": "Rebels shelled Aleppo on Monday.",
         "trigger": "shelled", "type": "ASSAULT", "date": {"value": "2025-06-02", "precision": "day"},
         "place": {"name": ["Aleppo"], "country": "SYR"}, "status": "asserted"},
        # deliberately wrong expectations: the scores must drop
        {"id": "b", "published": "2025-06-04", "text": "Rebels will shell Aleppo on Monday.",
         "trigger": "shell", "type": "ASSAULT", "date": {"value": "2025-06-02", "precision": "day"},
         "place": {"name": ["Homs"], "country": "SYR"}, "status": "asserted"},
    ]
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"items": items}))
    out = CliRunner().invoke(command, [str(path), "--errors"])
    assert out.exit_code == 0, out.output
    last = out.output.strip().splitlines()[-1]
    assert last.startswith("temporal: date_accuracy=0.500 status_accuracy=0.500 place_accuracy=0.500")
    assert "b [shell]" in out.output
