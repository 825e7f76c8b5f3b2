"""RSS/Atom: local files, broken XML, URLs through an injected transport (no network), real feeds."""
from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

import httpx

from conftest import shared_path
from eventwire.errors import FetchError, InputError
from eventwire.ingest import read_source
from eventwire.model import Article

DATA = Path(__file__).parent / "data" / "ingest"


def test_rss_entries_become_articles():
    path = str(DATA / "feed.rss")
    items = list(read_source(path))
    arts = [i for i in items if isinstance(i, Article)]
    first, second, headline_only = arts
    assert first.title == "Mediators propose three-day truce in Dorva"
    assert first.text == ("Mediators proposed a three-day truce in Dorva on Saturday.\n\n"
                          "Both sides said they would study the proposal.")
    assert first.published == "2024-10-12" and second.published == "2024-10-13"
    assert first.url == "https://news.example.org/world/dorva-truce"
    assert first.source == "Example Wire: World" and first.author == "Example Wire staff"
    assert first.origin == f"{path}:1" and first.language == "en"
    # an entry whose summary is only an image is read as its headline
    assert headline_only.text == headline_only.title
    # an entry with a date nobody can read is rejected, with its position
    (bad,) = [i for i in items if isinstance(i, InputError)]
    assert bad.position == 4 and "Octember" in bad.reason


def test_atom_entry_content_and_dates():
    (art,) = list(read_source(str(DATA / "feed.atom")))
    assert art.published == "2024-09-30" and art.author == "Jan Example"
    assert "extend its patrols.\nA full report" in art.text  # <br/> is a line break
    assert "<p>" not in art.text


def test_broken_feed_keeps_recovered_entries_and_logs_the_problem(caplog):
    with caplog.at_level(logging.WARNING, logger="eventwire.ingest.feeds"):
        items = list(read_source(str(DATA / "broken-recoverable.rss")))
    assert [i.title for i in items] == ["Court adjourns hearing", "Second story"]
    assert any("malformed" in r.message and "kept the 2 entries" in r.message
               for r in caplog.records)


def test_feed_with_nothing_recoverable_is_rejected_with_the_reason():
    (err,) = list(read_source(str(DATA / "broken-truncated.rss")))
    assert isinstance(err, InputError)
    assert "not a readable feed" in err.reason and "line" in err.reason


def test_xml_that_is_not_a_feed(tmp_path):
    p = tmp_path / "data.xml"
    p.write_text('<?xml version="1.0"?><inventory><item sku="1"/></inventory>')
    (err,) = list(read_source(str(p)))
    assert isinstance(err, InputError) and "feed" in err.reason


FEED_URL = "https://feeds.example.org/world.rss"


def test_url_through_a_callable_transport():
    asked: list[str] = []

    def transport(url: str) -> bytes:
        asked.append(url)
        return (DATA / "feed.rss").read_bytes()

    items = list(read_source(FEED_URL, transport=transport))
    assert asked == [FEED_URL]
    arts = [i for i in items if isinstance(i, Article)]
    assert len(arts) == 3 and arts[0].origin == f"{FEED_URL}:1"


def test_url_through_an_httpx_mock_transport():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/world.rss":
            return httpx.Response(200, content=(DATA / "feed.atom").read_bytes(),
                                  headers={"content-type": "application/atom+xml"})
        if request.url.path == "/story":
            return httpx.Response(200, content=(DATA / "page.html").read_bytes(),
                                  headers={"content-type": "text/html; charset=utf-8"})
        return httpx.Response(404)

    mock = httpx.MockTransport(handler)
    (entry,) = list(read_source(FEED_URL, transport=mock))
    assert entry.title.startswith("Observers")
    (page,) = list(read_source("https://feeds.example.org/story", transport=mock))
    assert page.title == "Harbour authority suspends ferry service after storm"
    assert page.url == "https://feeds.example.org/story"
    (missing,) = list(read_source("https://feeds.example.org/gone", transport=mock))
    assert isinstance(missing, FetchError) and "404" in missing.reason
    assert missing.source == "https://feeds.example.org/gone"


def test_network_failure_is_an_item_not_a_crash():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    items = list(read_source(FEED_URL, transport=httpx.MockTransport(handler)))
    (err,) = items
    assert isinstance(err, FetchError) and "connection refused" in err.reason

    def failing(url: str) -> bytes:
        raise TimeoutError("timed out")

    (err,) = list(read_source(FEED_URL, transport=failing))
    assert isinstance(err, FetchError) and "timed out" in err.reason


def test_real_feeds_all_ingestible_ones_yield_articles():
    root = shared_path("data", "feeds")
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    counts: Counter = Counter()
    for entry in manifest:
        items = list(read_source(str(root / entry["file"])))
        arts = [i for i in items if isinstance(i, Article)]
        errs = [i for i in items if isinstance(i, InputError)]
        counts["articles"] += len(arts)
        counts["errors"] += len(errs)
        if entry["items"] > 0:
            assert arts, f"{entry['file']}: no articles ({[e.reason for e in errs]})"
            # every entry is an article or a reason (entries with no field at all are skipped)
            assert len(arts) + len(errs) <= entry["items"], entry["file"]
            assert len(arts) >= entry["items"] // 2, entry["file"]
            for a in arts:
                assert a.text.strip() and "<p>" not in a.text
                assert a.published is None or len(a.published) == 10
        else:
            assert not arts and errs and "not a readable feed" in errs[0].reason
    assert counts["articles"] >= 220
