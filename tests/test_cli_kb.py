"""`eventwire --kb FILE ...`: a user's knowledge-base file changes how actors resolve."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

TEXT = "Quillfeather accused Sweden of spying."


def run(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "eventwire.cli", *args], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.model
def test_kb_file_resolves_a_person_it_names(tmp_path):
    kb = tmp_path / "mine.csv"
    kb.write_text("name,aliases,kind,country,sector,role,title,start,end\n"
                  "Ana Quillfeather,Quillfeather,person,NOR,GOV,head of state,president,2020-01-01,\n")
    base = ["extract", "--text", TEXT, "--published", "2024-01-01", "--format", "json"]
    without = {a["name"]: a for a in run(*base)["actors"]}
    with_kb = {a["name"]: a for a in run("--kb", str(kb), *base)["actors"]}
    assert "Ana Quillfeather" not in without
    person = with_kb["Ana Quillfeather"]
    assert (person["country"], person["sector"]) == ("NOR", "GOV")


def test_missing_kb_file_is_a_usage_error(tmp_path):
    out = subprocess.run([sys.executable, "-m", "eventwire.cli", "--kb", str(tmp_path / "nope.csv"),
                          "extract", "--text", TEXT], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "nope.csv" in out.stderr
