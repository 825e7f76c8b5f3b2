"""Shared fixtures: the real spaCy pipeline (loaded once), paths to ../shared data (skip if absent)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"


# Fixtures that load the spaCy model: every test that uses one, directly or through another
# fixture, is marked `model` here (so `-m "not model"` runs without the model). Tests that load
# it otherwise (a CLI command that parses, a pipeline built in the test) carry the mark themselves.
MODEL_FIXTURES = {"nlp", "pipeline", "extract_text"}


def pytest_configure(config):
    # `-m "not model"` runs without the model: a test that loads it anyway (in this process or
    # in a command it starts) fails with the model error, which says that its mark is missing
    if re.search(r"\bnot\s+model\b", config.getoption("markexpr", "") or ""):
        os.environ["EVENTWIRE_MODEL"] = "/nonexistent/deselected-by-not-model: mark the test `model`"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def nlp():
    from eventwire import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def extract_text(pipeline):
    """extract_text(text, published=None) -> Result, with the real model."""
    from eventwire.model import Article

    def run(text: str, published: str | None = None):
        (res,) = list(pipeline.process([Article(text=text, published=published)]))
        return res

    return run


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear message when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: this test needs the shared data beside the checkout")
    return p


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server of its own for this test session (tests/pg_server.py), stopped and
    removed at the end; the test skips, saying why, where none can run."""
    from pg_server import PgServer, find_bindir, skip_reason

    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    server = PgServer(find_bindir()).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Where a new, empty store goes, once per backend: a SQLite file, a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_server").new_database()
