"""The eventwire/1 contract: shape, ids and offsets that index the text."""
from __future__ import annotations

import json

import eventwire
from eventwire.model import SCHEMA

TEXT = ("The foreign minister of Norland, Anna Berg, said on Tuesday that Norland rejected the offer. "
        "Southland's army attacked a border post, killing three soldiers.")


def test_extract_returns_contract(extract_text):
    res = extract_text(TEXT, "2024-03-06")
    d = json.loads(json.dumps(res.to_dict()))
    assert d["schema"] == SCHEMA
    assert set(d) == {"schema", "article", "actors", "statements", "events"}
    assert d["article"]["published"] == "2024-03-06"
    for a in d["actors"]:
        for m in a["mentions"]:
            assert TEXT[m["start"]:m["end"]] == m["text"]
    for s in d["statements"]:
        assert TEXT[s["start"]:s["end"]] == s["content"]
        if s["speaker_start"] is not None:
            assert TEXT[s["speaker_start"]:s["speaker_end"]] == s["speaker_text"]
    for e in d["events"]:
        ev = e["evidence"]
        assert TEXT[ev["start"]:ev["end"]] == ev["text"]


def test_public_api_surface():
    assert set(eventwire.__all__) >= {"extract", "open", "EventwireError"}
    for name in eventwire.__all__:
        assert hasattr(eventwire, name)


def test_article_id_is_content_hash():
    a = eventwire.Article(text="Same text.", title="T")
    b = eventwire.Article(text="Same text.", title="T")
    c = eventwire.Article(text="Other text.", title="T")
    assert a.hash == b.hash != c.hash


def test_extract_stays_the_function_after_the_pipeline_is_imported():
    import importlib

    importlib.import_module("eventwire.pipeline")
    importlib.import_module("eventwire.cli")
    assert callable(eventwire.extract) and eventwire.extract.__module__ == "eventwire"
