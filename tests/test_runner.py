"""runner.run: input order, equality with one process, bounded reading, failures across processes."""
from __future__ import annotations

import pytest

from eventwire.errors import ArticleRejected, InputError, UsageError
from eventwire.model import Article
from eventwire.pipeline import Failure
from eventwire.runner import Runner, _failure_state, _from_state, run

TEXTS = [
    "The foreign minister of Norland said on Monday that talks with Estavia had collapsed.",
    "Estavia accused Norland of shelling two border villages, the defence ministry said.",
    "",  # rejected: empty text
    "Dock workers in Port Velar protested against new shift rules on Tuesday.",
    "\"We will not sign this agreement,\" the prime minister told reporters in the capital.",
    "The government of Norland agreed to release twelve prisoners next week.",
    "Rain fell over the valley all afternoon.",
]


def _articles():
    return [Article(text=t, id=f"t{i}", origin=f"test:{i}") for i, t in enumerate(TEXTS)]


def _dump(results):
    out = []
    for r in results:
        if isinstance(r, Failure):
            out.append(("failure", r.article.id, type(r.error).__name__, r.error.reason,
                        r.error.source))
        else:
            out.append(("result", r.to_dict()))
    return out


def test_failure_survives_the_trip_between_processes():
    f = Failure(Article(text="", id="x"), ArticleRejected("empty text", "feed.xml", 7))
    back = _from_state(_failure_state(f))
    assert isinstance(back.error, ArticleRejected)
    assert (back.error.reason, back.error.source, back.error.position) == ("empty text", "feed.xml", 7)
    assert back.article.id == "x"


def test_bad_settings_are_usage_errors():
    with pytest.raises(UsageError):
        list(run([], processes=0))
    with pytest.raises(UsageError):
        Runner(2, batch_size=0)


def test_one_process_is_the_pipeline(pipeline):
    want = _dump(pipeline.process(_articles()))
    got = _dump(run(_articles(), processes=1))
    assert got == want
    assert [d[1] if d[0] == "failure" else d[1]["article"]["id"] for d in got] == \
        [f"t{i}" for i in range(len(TEXTS))]


@pytest.mark.slow
def test_two_processes_give_the_same_results_in_order_reading_lazily(pipeline):
    want = _dump(pipeline.process(_articles()))
    consumed = 0
    lead = []

    def source():
        nonlocal consumed
        for art in _articles():
            consumed += 1
            yield art

    got = []
    for res in run(source(), processes=2, chunk_size=1, inflight=2):
        got.append(res)
        lead.append(consumed - len(got))
    assert _dump(got) == want
    failure = got[2]
    assert isinstance(failure, Failure) and isinstance(failure.error, InputError)
    assert failure.error.source == "test:2"
    # never more than `inflight` chunks of one article (plus the one being cut) read ahead
    assert max(lead) <= 3
