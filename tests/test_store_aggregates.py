"""Big stores: the generator (eventwire.store.grow) and the SQL aggregates of the page's views
(eventwire.store.aggregates), each checked against a straightforward computation over the
matching event records, on SQLite and PostgreSQL, over a store of a few thousand events that
the generator builds from hand-made articles."""
from __future__ import annotations

import random
import re
from collections import Counter, defaultdict

import pytest

from eventwire import api
from eventwire.errors import UsageError
from eventwire.model import (Actor, Article, DateValue, Event, Evidence, Location, Mention, Result,
                             Statement)
from eventwire.store import open_store
from eventwire.store.grow import copy_hash, grow, shift_date
from eventwire.store.schema import MIGRATIONS

TYPES = ["AGREE", "REQUEST", "REJECT", "ACCUSE", "ASSAULT", "CONSULT"]
STATUSES = ["asserted", "attributed", "alleged", "expected"]
DATES = ["2024-03-04", "2024-03-05", "2024-03", "2024", "2024-W10", "2024-03-07/2024-03-09",
         "2024-02/2024-04", "PAST_REF", None, "2024-02-30"]
# (name, kind, country, canonical): one canonical id under two names, one name in two
# countries, an actor with an id and an empty name, one with neither name nor kind
ACTORS = [("Norland", "country", "NLD", "NLD"), ("the Norlanders", "country", "NLD", "NLD"),
          ("Southland", "country", "STH", None), ("Mara Voss", "person", "STH", "person:mara-voss"),
          ("police", "group", "NLD", None), ("police", "group", "STH", None),
          ("", "organization", None, "org:blank"), ("Ödön Mész", "person", None, None)]


def article(i: int) -> Result:
    """A hand-made article: varied actors, dates, types, statuses, confidences and answers."""
    rnd = random.Random(i)
    sentences = [f"Sentence {j} of article {i} about talks and shelling." for j in range(8)]
    text = " ".join(sentences)
    starts = [text.index(s) for s in sentences]
    art = Article(text=text, id=f"a{i}", title=f"Article {i}", source="Test Wire",
                  url=f"https://example.org/{i}", published=f"2024-03-{1 + i % 9:02d}")
    picked = rnd.sample(range(len(ACTORS)), 5)
    actors = []
    for n, k in enumerate(picked):
        name, kind, country, canonical = ACTORS[k]
        s = starts[n]
        actors.append(Actor(id=f"a{n + 1}", name=name, kind=kind, country=country, kb_id=canonical,
                            mentions=[Mention(text="Sentence", start=s, end=s + 8, sentence=n)] * (1 + n % 3)))
    if i % 4 == 0:  # an actor row with no name and no kind: not an actor for the network
        actors.append(Actor(id="a9", name=None, kind=None))  # type: ignore[arg-type]
    ids = [a.id for a in actors] + [None]
    events = []
    for j in range(rnd.randint(3, 9)):
        s = starts[j % len(starts)]
        answers = f"e{rnd.randint(1, j)}" if j and rnd.random() < 0.35 else None
        if j and rnd.random() < 0.05:
            answers = "e99"  # answers an event the article does not have
        events.append(Event(
            id=f"e{j + 1}", type=rnd.choice(TYPES), cameo=None, source=rnd.choice(ids),
            target=rnd.choice(ids), evidence=Evidence(sentence=j, start=s, end=s + len(sentences[j % 8]),
                                                      text=sentences[j % 8]),
            status=rnd.choice(STATUSES), responds_to=answers, issue=rnd.choice([None, "ceasefire"]),
            date=DateValue(value=rnd.choice(DATES)), location=Location(country=rnd.choice([None, "NLD"])),
            confidence=round(rnd.random(), 3), trigger="talks", trigger_start=s, trigger_end=s + 8))
    statements = [Statement(id="s1", speaker="a1", speaker_text="Sentence", speaker_start=0,
                            speaker_end=8, cue="said", cue_start=9, cue_end=10, kind="direct",
                            content=sentences[0], start=0, end=len(sentences[0]), sentence=0)]
    return Result(article=art, actors=actors, statements=statements, events=events)


SEED = 12


@pytest.fixture(params=["sqlite", "postgresql"])
def grown(request, tmp_path):
    """A store of SEED hand-made articles and 20 copies of them (about 1,500 events)."""
    url = str(tmp_path / "grown.db") if request.param == "sqlite" else \
        request.getfixturevalue("pg_server").new_database()
    st = open_store(url)
    for i in range(SEED):
        st.write(article(i))
    report = grow(st, copies=20, shift_days=3)
    assert report.copies == list(range(1, 21))
    yield st
    st.close()


# --- the generator ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, days, shifted", [
    ("2024-03-04", 3, "2024-03-07"), ("2024-12-30", 7, "2025-01-06"),
    ("2024-03-04T10:00:00", 1, "2024-03-05T10:00:00"), ("2024-03", 30, "2024-03"),
    ("2024-03", 31, "2024-04"), ("2024", 400, "2025"), ("2024-W10", 7, "2024-W11"),
    ("2024-W52", 14, "2025-W02"), ("2024-03-07/2024-03-09", 2, "2024-03-09/2024-03-11"),
    ("2024-02/2024-04", 30, "2024-03/2024-05"), ("PAST_REF", 7, "PAST_REF"),
    ("2024-02-30", 7, "2024-02-30"), (None, 7, None), ("2024-03-04", 0, "2024-03-04")])
def test_shift_date(value, days, shifted):
    assert shift_date(value, days) == shifted


def test_copies_read_as_their_originals_later(db_url):
    st = open_store(db_url)
    originals = [article(i) for i in range(3)]
    for res in originals:
        st.write(res)
    before = {t: st.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("articles", "actors", "mentions", "statements", "events")}
    report = grow(st, copies=2, shift_days=10)
    assert report.copies == [1, 2] and report.seed_articles == 3
    for t, n in before.items():
        assert st.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] == 3 * n, t
    for res in originals:
        h = res.article.hash
        orig = st.article(h)
        for k in (1, 2):
            rec = st.article(copy_hash(h, k))
            assert rec["article"]["id"] == f"{res.article.id}~{k}"
            assert rec["article"]["published"] == shift_date(orig["article"]["published"], 10 * k)
            assert rec["article"]["url"] == f"{orig['article']['url']}#copy-{k}"
            assert rec["article"]["text"] == orig["article"]["text"]
            assert rec["actors"] == orig["actors"] and rec["statements"] == orig["statements"]
            assert len(rec["events"]) == len(orig["events"])
            for ev, ov in zip(rec["events"], orig["events"]):
                assert ev["date"]["value"] == shift_date(ov["date"]["value"], 10 * k)
                strip = lambda e: {**e, "date": {**e["date"], "value": None}, "incident": None}  # noqa: E731
                assert strip(ev) == strip(ov)
        # the columns the queries read moved with the date
        for ev in res.events:
            row = st.execute("SELECT date_value, date_start, date_end, day, day_end FROM events "
                             "WHERE article = ? AND id = ?", (copy_hash(h, 2), ev.id)).fetchone()
            orig_row = st.execute("SELECT date_start, date_end, day, day_end FROM events "
                                  "WHERE article = ? AND id = ?", (h, ev.id)).fetchone()
            assert row[0] == shift_date(ev.date.value, 20)
            if ev.date.value == "2024-03-04":
                assert tuple(row)[1:] == ("2024-03-24",) * 4
            if orig_row[0] is None:  # undated: the published day, moved with the article
                assert row[3] == shift_date(orig_row[2], 20)
    # a rerun goes on after the last copy; the copies of copies are not made
    assert grow(st, copies=1, shift_days=10).copies == [3]
    assert st.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 12
    assert grow(st, events=st.count_events(min_confidence=0) + 1).copies == [4]
    st.close()


def test_grow_needs_ingested_articles(db_url):
    st = open_store(db_url)
    with pytest.raises(UsageError, match="no ingested articles"):
        grow(st, copies=1)
    with pytest.raises(UsageError, match="either"):
        grow(st)
    st.close()


def test_backfill_of_old_stores_equals_what_a_write_stores(db_url):
    """Steps 5, 7 and 8 fill the new columns of a store written before them as a write fills them."""
    st = open_store(db_url)
    for i in range(4):
        st.write(article(i))
    cols = {"events": ["day", "day_end", "source_name", "source_canonical", "source_country", "target_name",
                       "target_canonical", "target_country"],
            "statements": ["day", "speaker_name", "speaker_canonical", "speaker_country"],
            "actors": ["mention_count", "event_count"]}

    def snapshot():
        return {t: sorted(tuple(r) for r in st.execute(f"SELECT article, id, {', '.join(c)} FROM {t}"))
                for t, c in cols.items()}

    written = snapshot()
    for t, c in cols.items():
        st.execute(f"UPDATE {t} SET {', '.join(x + ' = NULL' for x in c)}")
    steps = dict((v, s) for v, _, s in MIGRATIONS)
    for sql in steps[5] + steps[7] + steps[8]:
        if sql.startswith("UPDATE"):
            st.execute(sql)
    assert snapshot() == written
    assert all(r[2] is not None for r in written["actors"])
    assert any(r[4] == "Norland" for r in written["events"]) and any(r[3] for r in written["statements"])
    st.close()


# --- the aggregates, against a straightforward computation -------------------------------------

FILTERS = [{}, {"min_confidence": "0"}, {"min_confidence": "0", "type": "REJECT"},
           {"min_confidence": "0.3", "status": "alleged"}, {"min_confidence": "0", "actor": "police"},
           {"min_confidence": "0", "country": "NLD"}, {"min_confidence": "0", "since": "2024-03-10"},
           {"min_confidence": "0", "until": "2024-03-05", "text": "talks"},
           {"min_confidence": "0.9", "type": "AGREE"}]
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def matching(st, f):
    return st.events(limit=None, **api.event_filters(**f))


def day_of(ev):
    v = ev["date"]["value"]
    return v[:10] if v and _DAY.match(v) else None


def who(actor):
    if not isinstance(actor, dict) or not (actor["name"] or actor["canonical"]):
        return None
    label = actor["name"] or actor["canonical"]
    if actor["country"] and actor["country"] not in label:
        label += f" ({actor['country']})"
    return actor["canonical"] or f"{(actor['name'] or '').strip().lower()}|{actor['country'] or ''}", label


@pytest.mark.parametrize("f", FILTERS)
def test_timeline_counts_every_matching_event(grown, f):
    evs = matching(grown, f)
    per_day, undated = defaultdict(Counter), 0
    for ev in evs:
        if day_of(ev) is None:
            undated += 1
        else:
            per_day[day_of(ev)][ev["type"]] += 1
    got = api.event_timeline(grown, **f)
    assert got["undated"] == undated
    assert [(d["date"], d["counts"], d["total"]) for d in got["days"]] == \
        [(d, dict(c), sum(c.values())) for d, c in sorted(per_day.items())]
    types = Counter(ev["type"] for ev in evs if day_of(ev))
    assert got["types"] == sorted(types, key=lambda t: (-types[t], t))
    if f == {"min_confidence": "0"}:
        assert len(evs) > 1000 and sum(d["total"] for d in got["days"]) + undated == len(evs)


@pytest.mark.parametrize("f", FILTERS)
@pytest.mark.parametrize("max_edges", [1, 5, 10_000])
def test_network_weighs_every_matching_event(grown, f, max_edges):
    weights, votes = Counter(), defaultdict(Counter)
    for ev in matching(grown, f):
        src, tgt = who(ev["source_actor"]), who(ev["target_actor"])
        if src and tgt:
            weights[(src[0], tgt[0], ev["type"])] += 1
            votes[src[0]][src[1]] += 1
            votes[tgt[0]][tgt[1]] += 1
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:max_edges]
    degree = Counter()
    for (s, t, _), n in top:
        degree[s] += n
        degree[t] += n
    label = {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, v in votes.items()}
    got = api.event_network(grown, edges=max_edges, **f)
    assert got["edges"] == [{"source": s, "target": t, "type": ty, "weight": n} for (s, t, ty), n in top]
    assert got["nodes"] == [{"id": k, "label": label[k], "weight": n} for k, n in
                            sorted(degree.items(), key=lambda kv: (-kv[1], label[kv[0]], kv[0]))]
    assert got["truncated"] == (len(weights) > max_edges)
    if not f and max_edges == 10_000:
        assert {n["label"] for n in got["nodes"]} & {"Norland (NLD)", "the Norlanders (NLD)"}
        assert "ödön mész|" in {n["id"] for n in got["nodes"]}  # Python's lower(), not SQL's


@pytest.mark.parametrize("f", FILTERS)
def test_threads_pair_every_matching_answer(grown, f):
    evs = matching(grown, f)  # newest first
    by_key = {(ev["article"]["hash"], ev["id"]): ev for ev in evs}
    answers = {}
    for ev in evs:
        if ev["responds_to"]:
            answers.setdefault((ev["article"]["hash"], ev["responds_to"]), []).append(ev)
    order = sorted(answers, key=lambda k: (day_of(by_key.get(k) or answers[k][0]) or "", k[0]), reverse=True)
    got = api.event_threads(grown, limit=25, **f)
    assert got["total"] == len(answers)
    assert [(t["article"], t["proposal_id"]) for t in got["items"]] == order[:25]
    for t in got["items"]:
        key = (t["article"], t["proposal_id"])
        assert [a["uid"] for a in t["answers"]] == [a["uid"] for a in answers[key]]
        stored = next((e for e in grown.article(t["article"])["events"] if e["id"] == t["proposal_id"]), None)
        if stored is None:
            assert t["proposal"] is None  # "e99": the article has no such event
        else:  # also when the filter leaves the proposal out
            assert t["proposal"]["uid"] == f"{t['article']}/{t['proposal_id']}"
            assert t["proposal"]["type"] == stored["type"]


def test_counts_and_actors_over_the_grown_store(grown):
    assert grown.count_events(**api.event_filters(min_confidence="0")) == \
        grown.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    rows = api.query_actors(grown, limit=None)
    mentions, events, arts = Counter(), Counter(), defaultdict(set)
    for h in grown.hashes():
        rec = grown.article(h)
        for a in rec["actors"]:
            key = a.get("canonical") or a["name"]
            arts[key].add(h)
            mentions[key] += len(a["mentions"])
            events[key] += sum(1 for e in rec["events"] if a["id"] in (e["source"], e["target"]))
    got = {r["canonical"] or r["name"]: (r["articles"], r["mentions"], r["events"]) for r in rows}
    assert got == {k: (len(arts[k]), mentions[k], events[k]) for k in arts}
