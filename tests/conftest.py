"""Shared fixtures: the real spaCy pipeline (loaded once), paths to ../shared data (skip if absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"


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
