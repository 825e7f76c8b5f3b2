"""Readable tables: `extract --format table` and the renderers used by the store commands."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.cli.render import console, results_table
from store_helpers import make_result

TEXT = ("Norway rejected a proposal from Chile on Monday. The foreign minister of Norway said "
        "that the talks had been useful.")


def test_results_table_shows_events_and_statements(capsys):
    res = make_result("Norland", "Southland", "REJECT", "2024-03-04", quote="talks would go on")
    results_table([res], console())
    out = capsys.readouterr().out
    assert "REJECT" in out and "Norland (NOR GOV)" in out and "Southland" in out
    assert "talks would go on" in out and "1 statements, 1 events" in out


@pytest.mark.model
def test_extract_format_table(pipeline):
    r = CliRunner().invoke(cli, ["extract", "--text", TEXT, "--published", "2024-03-06",
                                 "--format", "table"])
    assert r.exit_code == 0, r.output
    assert "events" in r.output and "statements" in r.output
    assert "Norway" in r.output
