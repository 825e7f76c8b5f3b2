"""`eventwire eval incidents`: the scores on hand-made cases, and the whole evaluation on a small
hand-written set of pairs over the project's own example articles (not real labels)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import DataMissingError, UsageError
from eventwire.eval import incidents as ev
from eventwire.model import Article


def m(article: str, start: int, end: int) -> ev.Mention:
    return ev.Mention(article, (start, end))


def test_pairwise_and_b_cubed_scores_on_a_hand_made_case():
    a1, a2, b1, c1, d1 = m("x", 0, 5), m("y", 3, 9), m("x", 20, 25), m("z", 1, 4), m("z", 9, 12)
    pairs = [ev.Pair("p1", "dev", a1, a2, True),    # predicted same: true positive
             ev.Pair("p2", "dev", a1, b1, False),   # predicted same: false positive
             ev.Pair("p3", "test", c1, a2, True),   # predicted different: false negative
             ev.Pair("p4", "test", d1, b1, True)]   # d1 found no record: a miss, a false negative
    incident_of = {a1: "i1", a2: "i1", b1: "i1", c1: "i2", d1: None}
    sc = ev.score(pairs, incident_of)
    assert (sc.tp, sc.fp, sc.fn, sc.missed, sc.missed_same) == (1, 1, 2, 1, 1)
    assert sc.precision == 0.5 and sc.recall == pytest.approx(1 / 3)
    # gold clusters: {a1, a2, c1} and {b1, d1}; predicted: {a1, a2, b1}, {c1}, {d1}
    gold = ev.clusters_from_pairs(pairs)
    assert gold[a1] == gold[a2] == gold[c1] != gold[b1] == gold[d1]
    p, r, f = sc.b3
    # precision per mention: a1, a2: 2/3; b1: 1/3; c1, d1: 1 -> 11/15
    assert p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    # recall per mention: a1, a2: 2/3; c1: 1/3; b1, d1: 1/2 -> (2/3 + 2/3 + 1/3 + 1/2 + 1/2) / 5
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 / 2 + 1 / 2) / 5)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_the_command_names_the_missing_gold_file(tmp_path):
    missing = tmp_path / "pairs.jsonl"
    with pytest.raises(DataMissingError, match="pairs.jsonl"):
        ev.load_pairs(missing)
    if not ev.gold_path().exists():
        with pytest.raises(DataMissingError, match=str(ev.gold_path())):
            ev.load_pairs()


def test_a_bad_pairs_file_says_which_line(tmp_path):
    p = tmp_path / "pairs.jsonl"
    p.write_text('{"id": "p1", "a": {"article": "allsides:x", "trigger": [0, 3]}, '
                 '"b": {"article": "allsides:y", "trigger": [1, 2]}, "label": "maybe"}\n')
    with pytest.raises(UsageError, match=r"pairs.jsonl:1: label 'maybe'"):
        ev.load_pairs(p)


def test_the_gold_pairs_parse_and_name_allsides_articles():
    if not ev.gold_path().exists():
        pytest.skip(f"{ev.gold_path()} is absent: the incident pairs are being annotated")
    pairs = ev.load_pairs()
    assert pairs and {p.split for p in pairs} <= {"dev", "test"}
    assert all(x.article.startswith("allsides:") and x.trigger[0] < x.trigger[1]
               for p in pairs for x in (p.a, p.b))


def _examples() -> dict[str, Article]:
    from eventwire.cli.store_cmds import example_paths

    out = {}
    for path in example_paths():
        meta = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
        ref = f"examples:{Path(path).stem}"
        out[ref] = Article(text=Path(path).read_text(encoding="utf-8"), id=ref, title=meta.get("title"),
                           published=meta.get("published"), source=meta.get("source"))
    return out


@pytest.mark.model  # parses with the real pipeline
def test_the_evaluation_over_the_example_articles(tmp_path):
    """Hand-written pairs: one mention twice (the same record), two unrelated stories, and a
    mention of a word that reports no event; the store is the one `eventwire ingest` writes."""
    arts = _examples()
    talks, docks = "examples:01-border-talks-collapse", "examples:02-dockworkers-protest"
    sanctions = "examples:03-sanctions-shipping"

    def at(ref: str, word: str, shift: int = 0) -> ev.Mention:
        i = arts[ref].text.index(word)
        return ev.Mention(ref, (i + shift, i + len(word)))

    rejected = at(talks, "rejected")
    pairs = [ev.Pair("p1", "dev", rejected, at(talks, "rejected", shift=2), True),
             ev.Pair("p2", "dev", rejected, at(docks, "marched"), False),
             ev.Pair("p3", "test", at(talks, "Geneva"), at(sanctions, "condemned"), True)]
    results = ev.evaluate(pairs, {r: arts[r] for r in (talks, docks, sanctions)}, 0.3, str(tmp_path))
    dev, test, every = results["dev"], results["test"], results["all"]
    assert (dev.tp, dev.fp, dev.fn, dev.missed) == (1, 0, 0, 0)
    assert (test.tp, test.fp, test.fn, test.missed, test.missed_same) == (0, 0, 1, 1, 1)
    assert (every.precision, every.recall) == (1.0, 0.5)
    # mentions: rejected (x2, one record), marched, Geneva (no record), condemned
    assert every.mentions == 5
    assert every.b3[0] == 1.0 and every.b3[1] == pytest.approx((1 + 1 + 1 + 0.5 + 0.5) / 5)
    lines = ev.report(results, 0.3, "all")
    assert lines[-1].startswith("incidents: pairwise_precision=1.000 pairwise_recall=0.500")
    assert "pairs=3 missed=1" in lines[-1]
    # the records found are the stored ones whose triggers overlap the gold triggers
    from eventwire.store import Store

    with Store(str(tmp_path / "incidents-eval.db"), create=False) as s:
        found = ev.locate(s, arts, [rejected])
        trig = s.execute("SELECT incident, data FROM events WHERE article = ?",
                         (arts[talks].hash,)).fetchall()
    hits = [i for i, d in trig if json.loads(d)["trigger"] == "rejected"]
    assert found[rejected] == hits[0]
