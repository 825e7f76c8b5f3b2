"""The event gate, the annotated wire-events set and confidence thresholds."""
from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from eventwire.eval import wire_events as we
from eventwire.model import Article, Event, Evidence, Result, TextSpan

from conftest import shared_path


def ev(id, typ, start, end, conf=0.5, responds_to=None):
    return Event(id=id, type=typ, cameo=None, source=None, target=None,
                 evidence=Evidence(0, 0, 100, ""), trigger_start=start, trigger_end=end,
                 confidence=conf, responds_to=responds_to)


def gold(typ, start, end, status="asserted"):
    return {"type": typ, "trigger": [start, end], "source": None, "target": None, "status": status}


def test_labels_prefer_trigger_overlap_and_claim_each_gold_event_once():
    from eventwire.training import label_candidates

    cands = [ev("e1", "REQUEST", 10, 15), ev("e2", "ACCUSE", 30, 36), ev("e3", "ACCUSE", 50, 55)]
    golds = [gold("ACCUSE", 10, 15), gold("ACCUSE", 70, 75)]
    # e1 overlaps the first gold trigger: it stands for that ACCUSE (the gate may retype it);
    # e2 takes the remaining ACCUSE by type; e3 is a duplicate
    assert label_candidates(cands, golds) == ["ACCUSE", "ACCUSE", "NONE"]


def test_type_level_scores_compare_multisets_per_sentence():
    sc = we.Scores()
    sc.add([ev("e1", "ACCUSE", 0, 1), ev("e2", "ACCUSE", 2, 3), ev("e3", "REJECT", 4, 5)],
           [gold("ACCUSE", 0, 1), gold("REQUEST", 9, 10, "expected")])
    sc.add([], [])
    sc.add([ev("e4", "ASSAULT", 0, 1)], [])
    assert (sc.tp["ACCUSE"], sc.fp["ACCUSE"], sc.fp["REJECT"], sc.fn["REQUEST"]) == (1, 1, 1, 1)
    p, r, _ = sc.overall()
    assert p == pytest.approx(1 / 4) and r == pytest.approx(1 / 2)
    assert (sc.sent["tp"], sc.sent["fp"], sc.sent["fn"]) == (1, 1, 0)
    assert sc.status == {"total": 1, "right": 1}


def test_assign_puts_events_in_the_sentence_that_holds_their_trigger():
    s1, s2 = we.Sentence("a", "x", 0, 20, "dev"), we.Sentence("b", "x", 40, 60, "dev")
    out = we.assign([ev("e1", "ACCUSE", 5, 9), ev("e2", "ACCUSE", 45, 50), ev("e3", "ACCUSE", 25, 30)], [s1, s2])
    assert [e.id for e in out["a"]] == ["e1"] and [e.id for e in out["b"]] == ["e2"]


def test_gated_result_drops_low_confidence_and_dangling_answers():
    res = Result(article=Article(text="x"), events=[ev("e1", "REQUEST", 0, 1, 0.9),
                                                    ev("e2", "REJECT", 2, 3, 0.8, responds_to="e3"),
                                                    ev("e3", "REQUEST", 4, 5, 0.1),
                                                    ev("e4", "AGREE", 6, 7, 0.7, responds_to="e1")])
    kept = res.gated(0.5)
    assert [e.id for e in kept.events] == ["e1", "e2", "e4"]
    assert kept.events[1].responds_to is None and kept.events[2].responds_to == "e1"
    assert [e.id for e in res.gated(0.0).events] == ["e1", "e2", "e3", "e4"]


def test_shipped_gate_loads_and_gives_probabilities():
    from eventwire.extractors.gate import CLASSES, load_gate

    gate = load_gate()
    assert gate is not None, "the package must ship data/models/event_gate.npz (eventwire train-gate)"
    assert gate.classes == CLASSES and 0.0 < gate.threshold < 1.0
    assert gate.W.shape[0] == len(CLASSES) and gate.D.shape == (len(CLASSES), 600)
    assert gate.lexicon and all(s.type in CLASSES for s in gate.lexicon.values())
    p = gate.probabilities({"rule=ACCUSE": 1.0, "lem=accuse": 1.0}, np.zeros(600, dtype=np.float32))
    assert p.shape == (len(CLASSES),) and p.sum() == pytest.approx(1.0, abs=1e-5)
    assert 0.0 <= gate.confidence("ACCUSE", p) <= 1.0
    assert gate.calibrate(0.2) < gate.calibrate(0.5) < gate.calibrate(0.8)  # monotone
    # a model file holds weights and single-word features, never sentences
    assert all(len(name) < 80 and name.count(" ") == 0 for name in gate.vocab)


def test_training_fit_is_deterministic():
    from eventwire.training import Candidate, Vectorizer, _fit

    rng = np.random.default_rng(0)
    cands = []
    for i in range(60):
        typ = ("ACCUSE", "REQUEST", "NONE")[i % 3]
        e = ev(f"e{i}", "ACCUSE" if typ == "NONE" else typ, 0, 1)
        feats = {f"lem=w{i % 7}": 1.0, f"rule={e.type}": 1.0, "rule_conf": 0.5 + (i % 5) / 10}
        cands.append(Candidate(f"s{i}", f"a{i % 6}", "train", e, feats,
                               rng.normal(size=600).astype(np.float32), typ))
    a = _fit(Vectorizer(cands).matrix(cands), [c.label for c in cands], 0.3)
    b = _fit(Vectorizer(cands).matrix(cands), [c.label for c in cands], 0.3)
    assert np.array_equal(a.coef_, b.coef_) and np.array_equal(a.intercept_, b.intercept_)


def test_annotation_files_hold_references_and_labels_not_texts():
    folder = resources.files("eventwire") / "data" / "wire_events"
    rows = [json.loads(x) for x in (folder / "sentences.jsonl").open(encoding="utf-8")]
    assert len(rows) >= 3000
    assert all(set(r) == {"id", "article", "start", "end", "split", "sample"} for r in rows)
    random_rows = [r for r in rows if r["sample"] == "random"]
    assert len({r["article"] for r in random_rows}) >= 600
    assert sum(r["split"] == "test" for r in random_rows) >= 800
    # one split per article
    split = {}
    for r in rows:
        assert split.setdefault(r["article"], r["split"]) == r["split"]
    assert {r["split"] for r in rows if r["sample"] == "candidates"} <= {"train"}
    for name in ("gold.jsonl", "annotator_a.jsonl", "annotator_b.jsonl"):
        for line in (folder / name).open(encoding="utf-8"):
            d = json.loads(line)
            assert set(d) == {"id", "events"}
            for e in d["events"]:
                assert set(e) == {"type", "trigger", "source", "target", "status"}
                assert all(e[k] is None or (len(e[k]) == 2 and all(isinstance(x, int) for x in e[k]))
                           for k in ("trigger", "source", "target"))


def test_annotation_offsets_index_the_shared_texts():
    shared_path("data", "corpus", "allsides", "articles.jsonl.gz")
    from eventwire.eval import corpora

    sentences = {s.id: s for s in we.load_sentences(["dev"])}
    for s in list(sentences.values())[:150]:
        text, _ = corpora.article(s.article)
        assert 0 <= s.start < s.end <= len(text) and text[s.start:s.end].strip() == text[s.start:s.end]
        for e in s.events:
            if e["trigger"]:
                assert s.start <= e["trigger"][0] < e["trigger"][1] <= s.end


def test_worldwide_tokens_become_readable_text():
    from eventwire.eval.corpora import detokenize

    assert detokenize(["Police", "said", "(", "on", "Monday", ")", "it", "was", "n't", "over", "."]) == \
        "Police said (on Monday) it wasn't over."


def test_non_actor_patient_is_the_object_not_the_target(extract_text):
    res = extract_text("Rebel fighters attacked the bridge near the border on Tuesday.", "2024-05-02")
    att = [e for e in res.events if e.type == "ASSAULT"]
    assert att, res.events
    assert att[0].target is None and isinstance(att[0].object, TextSpan)
    assert att[0].object.text == "the bridge"
    assert res.article.text[att[0].object.start:att[0].object.end] == "the bridge"
    actors = {a.id: a for a in res.actors}
    assert actors[att[0].source].kind != "other"


def test_min_confidence_filters_extract_output(pipeline):
    import eventwire

    text = "The government accused the rebels of shelling the town. The rebels rejected the charge."
    everything = eventwire.extract(text, "2024-02-01", min_confidence=0)
    assert everything.events and all(0 <= e.confidence <= 1 for e in everything.events)
    assert all(e.confidence >= 1.0 for e in eventwire.extract(text, "2024-02-01", min_confidence=1.0).events)
    top = max(e.confidence for e in everything.events)
    assert [e.id for e in eventwire.extract(text, "2024-02-01", min_confidence=top).events] == \
        [e.id for e in everything.events if e.confidence >= top]


def test_min_confidence_is_validated():
    from eventwire.api import confidence_threshold
    from eventwire.errors import UsageError
    from eventwire.extractors.gate import default_threshold

    assert confidence_threshold(None) == default_threshold()
    assert confidence_threshold("0.4") == 0.4
    for bad in ("-0.1", "1.5", "high"):
        with pytest.raises(UsageError):
            confidence_threshold(bad)
