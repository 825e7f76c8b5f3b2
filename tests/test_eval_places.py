"""`eventwire eval places`: the scoring logic on hand-built events, and the command on a small
hand-written fixture over the package's example articles (tests/data/places; not annotations)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.errors import DataMissingError, UsageError
from eventwire.eval import places as ep
from eventwire.model import Event, Evidence, Location

FIXTURE = Path(__file__).parent / "data" / "places"
PACKAGE_GOLD = ep.gold_dir()


def _event(type_: str, start: int, end: int, loc: Location | None = None) -> Event:
    return Event(id=f"e{start}", type=type_, cameo=None, source=None, target=None,
                 evidence=Evidence(0, 0, 100, ""), trigger="x", trigger_start=start,
                 trigger_end=end, location=loc or Location())


def _gold(id_: str, type_: str, trigger, place=None, country=None, found_in="sentence", admin1=None):
    return {"id": id_, "article": "a", "split": "test", "type": type_, "trigger": list(trigger),
            "place": list(place) if place else None, "found_in": found_in if place else None,
            "country": country, "precision": "city" if place else None, "admin1": admin1}


def test_matching_needs_the_same_type_and_an_overlapping_trigger():
    pred = [_event("CONSULT", 0, 5), _event("ACCUSE", 20, 27), _event("ACCUSE", 40, 47)]
    gold = [_gold("g1", "CONSULT", (0, 5)), _gold("g2", "ACCUSE", (41, 45)),
            _gold("g3", "REJECT", (20, 27)), _gold("g4", "ACCUSE", (60, 66))]
    got = {g["id"]: ev for g, ev in ep.match_events(pred, gold)}
    assert got["g1"] is pred[0]
    assert got["g2"] is pred[2]
    assert got["g3"] is None   # the right words, another type
    assert got["g4"] is None   # no overlap


def test_matching_by_trigger_alone_takes_any_type_but_prefers_the_golds():
    pred = [_event("ACCUSE", 20, 27), _event("REJECT", 20, 27), _event("CONSULT", 40, 47)]
    gold = [_gold("g1", "REJECT", (20, 27)), _gold("g2", "AGREE", (41, 45)),
            _gold("g3", "ACCUSE", (60, 66))]
    got = {g["id"]: ev for g, ev in ep.match_events(pred, gold, by="trigger")}
    assert got["g1"] is pred[1]   # the same words and the gold's type, before another type
    assert got["g2"] is pred[2]   # the same words, another type: still the same mention
    assert got["g3"] is None
    assert {g["id"]: ev for g, ev in ep.match_events(pred, gold)}["g2"] is None
    with pytest.raises(UsageError, match="match mode"):
        ep.match_events(pred, gold, by="words")


def test_each_system_event_matches_one_gold_event():
    pred = [_event("ASSAULT", 10, 16)]
    gold = [_gold("g1", "ASSAULT", (10, 16)), _gold("g2", "ASSAULT", (12, 14))]
    pairs = ep.match_events(pred, gold)
    assert sum(ev is not None for _, ev in pairs) == 1


def test_scores_found_country_exact_and_spurious():
    geneva = Location("Geneva", "CHE", 46.2, 6.1, "city", "Geneva", 91, 97, "Geneva", "clause")
    bern = Location("Bern", "CHE", 46.9, 7.4, "city", "Bern", 300, 304, "Bern", "context")
    paris = Location("Paris", "FRA", 48.9, 2.3, "city", "PARIS", 0, 5, "Île-de-France", "dateline")
    preds = {"a": [_event("CONSULT", 0, 5, geneva),     # right place, right words
                   _event("ASSAULT", 10, 16, bern),      # right country, other words
                   _event("REJECT", 20, 28),             # no place where the gold has one
                   _event("ACCUSE", 30, 37, paris),      # a place where the gold has none
                   _event("PROTEST", 40, 47, paris)]}    # both from the dateline
    gold = [_gold("g1", "CONSULT", (0, 5), (91, 97), "CHE", admin1="Geneva"),
            _gold("g2", "ASSAULT", (10, 16), (150, 156), "CHE"),
            _gold("g3", "REJECT", (20, 28), (91, 97), "CHE"),
            _gold("g4", "ACCUSE", (30, 37)),
            _gold("g5", "PROTEST", (40, 47), (0, 5), "FRA", found_in="dateline"),
            _gold("g6", "COERCE", (50, 56), (91, 97), "CHE")]   # not matched: not counted
    sc = ep.score_events(gold, preds)
    assert (sc.gold, sc.matched, sc.with_place, sc.no_place) == (6, 5, 4, 1)
    assert (sc.found, sc.country, sc.exact) == (3, 3, 2)
    assert (sc.spurious, sc.admin1, sc.admin1_total) == (1, 1, 1)
    assert sc.by_found_in["dateline"]["exact"] == 1
    # --errors lists the gold places missed or wrong and the places where the gold has none
    assert {g["id"] for g, _ in sc.misses} == {"g2", "g3", "g4"}


def test_a_dateline_counts_as_exact_only_against_a_dateline():
    paris = Location("Paris", "FRA", 48.9, 2.3, "city", "PARIS", 0, 5, None, "dateline")
    gold = [_gold("g1", "PROTEST", (40, 47), (300, 305), "FRA", found_in="context")]
    sc = ep.score_events(gold, {"a": [_event("PROTEST", 40, 47, paris)]})
    assert (sc.found, sc.country, sc.exact) == (1, 1, 0)


def test_toponym_items_scored_are_the_clear_places_with_a_country():
    assert ep.scorable({"clear": True, "country": "FRA", "kind": "city"})
    assert not ep.scorable({"clear": False, "country": "FRA", "kind": "city"})
    assert not ep.scorable({"clear": True, "country": None, "kind": "supranational"})
    assert not ep.scorable({"clear": True, "country": "FRA", "kind": "not_a_place"})


@pytest.mark.model  # parses with the real pipeline
def test_toponyms_in_their_articles():
    items = [json.loads(line) for line in (FIXTURE / "toponyms.jsonl").read_text().splitlines()]
    sc = ep.score_toponyms([it for it in items if it["split"] == "test"])
    assert sc.total == 6                       # Geneva, Dashbulag, Yerevan, Lisbon, Georgia, Tbilisi
    assert sc.right <= sc.resolved <= sc.total
    missed = {it["name"]: place for it, place in sc.misses}
    assert missed.get("Dashbulag", "resolved") is None   # a village no gazetteer knows
    assert "Geneva" not in missed and "Tbilisi" not in missed and "Georgia" not in missed


@pytest.mark.model  # parses with the real pipeline
def test_toponym_offsets_must_hold_the_name(tmp_path):
    item = {"id": "bad", "article": "examples:01-border-talks-collapse", "start": 0, "end": 5,
            "name": "Geneva", "country": "CHE", "kind": "city", "clear": True, "split": "test"}
    from eventwire.errors import UsageError

    with pytest.raises(UsageError, match="bad"):
        ep.score_toponyms([item])


@pytest.mark.model  # parses with the real pipeline
def test_the_command_on_the_fixture():
    res = CliRunner().invoke(cli, ["eval", "places", str(FIXTURE), "--split", "test"])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    assert last.startswith("places: ")
    figures = dict(kv.split("=") for kv in last[len("places: "):].split())
    assert set(figures) == {"found", "country", "exact", "placed_events", "toponym_coverage",
                            "toponym_country", "toponym_accuracy", "toponyms"}
    # 8 test events in the fixture; the SANCTION one has the words of a CONSULT and cannot match
    assert "8 gold events in 3 articles;" in res.output
    assert int(figures["placed_events"]) <= 5
    assert int(figures["toponyms"]) == 6
    assert all(0.0 <= float(figures[k]) <= 1.0 for k in ("found", "country", "exact"))


@pytest.mark.model  # parses with the real pipeline
def test_the_match_option_says_how_events_were_matched():
    res = CliRunner().invoke(cli, ["eval", "places", str(FIXTURE), "--split", "test", "--part",
                                   "events", "--match", "trigger"])
    assert res.exit_code == 0, res.output
    assert "matched by trigger alone, any type" in res.output
    assert res.output.strip().splitlines()[-1].startswith("places: found=")


@pytest.mark.model  # parses with the real pipeline
def test_the_split_option_selects_the_lines():
    res = CliRunner().invoke(cli, ["eval", "places", str(FIXTURE), "--split", "dev", "--part", "events"])
    assert res.exit_code == 0, res.output
    assert "1 gold events in 1 articles" in res.output


def test_missing_gold_files_are_named(tmp_path, capsys):
    from eventwire.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["eval", "places", str(tmp_path)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "gold.jsonl" in err and "toponyms.jsonl" in err and "do not exist" in err
    with pytest.raises(SystemExit) as exit_:
        main(["eval", "places", str(tmp_path), "--part", "toponyms"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert f"{tmp_path / 'toponyms.jsonl'} does not exist" in err and "gold.jsonl" not in err


@pytest.mark.model  # parses with the real pipeline
def test_one_part_runs_when_only_its_gold_is_there(tmp_path):
    shutil.copy(FIXTURE / "toponyms.jsonl", tmp_path / "toponyms.jsonl")
    res = CliRunner().invoke(cli, ["eval", "places", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert f"events: skipped, {tmp_path / 'gold.jsonl'} does not exist" in res.output
    assert res.output.strip().splitlines()[-1].startswith("places: toponym_coverage=")


def test_eval_all_runs_places_only_where_its_data_is(tmp_path):
    from eventwire.eval.all import evaluations, run_one

    assert "places" in evaluations()
    assert run_one("places", str(tmp_path)).status == "absent"


def test_the_package_gold_when_present():
    for name in (ep.EVENTS_FILE, ep.TOPONYMS_FILE):
        if not (PACKAGE_GOLD / name).exists():
            pytest.skip(f"{PACKAGE_GOLD / name} is absent: the place annotations are not there yet")
    with pytest.raises(DataMissingError):
        ep.read_lines(PACKAGE_GOLD / "no-such-file.jsonl")
    lines = ep.read_lines(PACKAGE_GOLD / ep.EVENTS_FILE)
    assert all({"id", "article", "split", "type", "trigger", "place", "country"} <= set(d) for d in lines)
