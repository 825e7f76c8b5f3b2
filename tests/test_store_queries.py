"""The api query functions over a store: filters, paging, validation of filter values."""
from __future__ import annotations

import pytest

from eventwire import api
from eventwire.errors import UsageError
from eventwire.store import Store
from store_helpers import make_result


@pytest.fixture
def store(db_url):  # on SQLite and on PostgreSQL (conftest.db_url)
    s = Store(db_url)
    s.write(make_result("Norland", "Southland", "REJECT", "2024-03-04", title="one"))
    s.write(make_result("Eastland", "Westland", "ASSAULT", "2024-05-20", "alleged",
                        published="2024-05-21", country="EAS", quote="the 100% attack was planned"))
    s.write(make_result("Northland", "Norland", "AGREE", None, "expected", published="2024-07-01",
                        country="NTH", n_events=2, ref="wire-3"))
    yield s
    s.close()


def types(rows):
    return sorted(r["type"] for r in rows)


def test_events_unfiltered_newest_first_with_article_and_actors(store):
    rows = api.query_events(store)
    assert len(rows) == 4 == api.count_events(store)
    assert [r["type"] for r in rows] == ["AGREE", "AGREE", "ASSAULT", "REJECT"]
    first = rows[0]
    assert first["article"]["id"] == "wire-3" and first["uid"].endswith("/e1")
    assert first["source_actor"]["name"] == "Northland" and first["target_actor"]["name"] == "Norland"
    assert [r["type"] for r in api.query_events(store, newest_first=False)][0] == "REJECT"


@pytest.mark.parametrize("filters,expected", [
    ({"type": "assault"}, ["ASSAULT"]),
    ({"type": "FIGHT"}, ["ASSAULT"]),              # old PLOVER label maps
    ({"status": "expected"}, ["AGREE", "AGREE"]),
    ({"actor": "norl"}, ["AGREE", "AGREE", "REJECT"]),  # source or target, substring, any case
    ({"actor": "westland"}, ["ASSAULT"]),
    ({"country": "EAS"}, ["ASSAULT"]),
    ({"country": "che"}, ["AGREE", "AGREE", "ASSAULT", "REJECT"]),  # the location's country
    ({"since": "2024-05"}, ["AGREE", "AGREE", "ASSAULT"]),
    ({"until": "2024-04-30"}, ["REJECT"]),
    ({"since": "2024-05-21", "until": "2024-06"}, []),
    ({"since": "2024-07-01"}, ["AGREE", "AGREE"]),  # no event date: the publication date counts
    ({"text": "eastland rejected"}, ["ASSAULT"]),
    ({"text": "%"}, []),                           # LIKE wildcards are matched literally
    ({"type": "REJECT", "actor": "Eastland"}, []),
])
def test_event_filters(store, filters, expected):
    assert types(api.query_events(store, **filters)) == expected
    assert api.count_events(store, **filters) == len(expected)


def test_paging(store):
    all_rows = [r["uid"] for r in api.query_events(store)]
    assert [r["uid"] for r in api.query_events(store, limit=2)] == all_rows[:2]
    assert [r["uid"] for r in api.query_events(store, limit=2, offset=2)] == all_rows[2:]
    assert api.query_events(store, limit=0) == []


@pytest.mark.parametrize("filters,match", [
    ({"since": "last week"}, "--since"),
    ({"until": "2024-13-01"}, "--until"),
    ({"since": "2024-06-01", "until": "2024-01-01"}, "after"),
    ({"type": "PARTY"}, "--type"),
    ({"status": "rumoured"}, "--status"),
    ({"country": "Norland"}, "--country"),
    ({"limit": -1}, "--limit"),
    ({"limit": "ten"}, "--limit"),
    ({"offset": -5}, "--offset"),
])
def test_bad_filter_values_are_usage_errors(store, filters, match):
    with pytest.raises(UsageError, match=match):
        api.query_events(store, **filters)


def test_statements(store):
    rows = api.query_statements(store)
    assert len(rows) == 3 == api.count_statements(store)
    assert rows[0]["speaker_actor"]["name"] == "Northland"
    assert [r["content"] for r in api.query_statements(store, text="100%")] == ["the 100% attack was planned"]
    assert len(api.query_statements(store, speaker="minister")) == 3   # the mention text
    assert len(api.query_statements(store, speaker="eastland")) == 1   # the resolved actor
    assert len(api.query_statements(store, country="NTH")) == 1
    assert len(api.query_statements(store, since="2024-05-01", until="2024-05-31")) == 1
    assert len(api.query_statements(store, kind="direct")) == 0
    with pytest.raises(UsageError, match="--kind"):
        api.query_statements(store, kind="shouted")


def test_actors_are_aggregated_across_articles(store):
    rows = api.query_actors(store)
    norland = next(r for r in rows if r["name"] == "Norland")
    assert norland["articles"] == 2 and norland["mentions"] == 2
    assert norland["events"] == 3  # source once, target of two events
    assert rows[0]["name"] == "Norland"  # the busiest first
    assert [r["name"] for r in api.query_actors(store, country="EAS")] == ["Eastland"]
    assert [r["name"] for r in api.query_actors(store, name="west")] == ["Westland"]
    with pytest.raises(UsageError):
        api.query_actors(store, kind="robot")


def test_articles_and_get_article(store):
    rows = api.query_articles(store)
    assert [r["published"] for r in rows] == ["2024-07-01", "2024-05-21", "2024-03-06"]
    assert rows[0]["events"] == 2 and rows[0]["statements"] == 1 and rows[0]["actors"] == 2
    assert len(api.query_articles(store, text="Eastland")) == 1
    assert len(api.query_articles(store, source="test wire")) == 3
    assert len(api.query_articles(store, until="2024-04")) == 1
    rec = api.get_article(store, "wire-3")
    assert rec["article"]["text"].startswith("Northland rejected") and len(rec["events"]) == 2
    assert api.get_article(store, rows[1]["hash"])["article"]["published"] == "2024-05-21"
    assert api.get_article(store, "missing") is None
    with pytest.raises(UsageError):
        api.get_article(store, "  ")


def test_stats_and_a_path_instead_of_a_store(store, tmp_path):
    assert api.stats(store) == {"articles": 3, "events": 4, "statements": 3, "actors": 6, "errors": 0}
    assert api.stats(store.path) == api.stats(store)
    from eventwire.errors import StoreError
    with pytest.raises(StoreError):
        api.query_events(str(tmp_path / "missing.db"))
