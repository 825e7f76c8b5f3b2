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
