"""Incidents, the rule (eventwire.resolve.incidents): which event records report one real-world event.
Pure functions over hand-built records; no model, no store."""
from __future__ import annotations

import itertools
import random

import pytest

from eventwire.resolve import incident_reports as feats
from eventwire.resolve import incidents as inc
from incident_helpers import (EXPECTED_APART, EXPECTED_GROUPS, actor, article, event,
                              random_articles, story_articles)


def reports_of(results) -> dict[str, feats.Report]:
    out = {}
    for res in results:
        for r in feats.reports(res):
            out[f"{res.article.id}/{r.event}"] = r
    return out


@pytest.fixture(scope="module")
def story():
    results = story_articles()
    reps = reports_of(results)
    return reps, inc.partition(list(reps.values()))


def test_reports_of_one_event_in_several_articles_share_an_incident(story):
    reps, part = story
    for group in EXPECTED_GROUPS:
        ids = {part[reps[ref].uid] for ref in group}
        assert len(ids) == 1, group


def test_different_days_places_actors_and_acts_stay_apart(story):
    reps, part = story
    for a, b in EXPECTED_APART:
        assert part[reps[a].uid] != part[reps[b].uid], (a, b)
        assert not inc.related(reps[a], reps[b])


def test_a_chain_is_one_incident_though_its_ends_are_not_related(story):
    reps, _ = story
    c1, c2, c3 = reps["c1/e1"], reps["c2/e1"], reps["c3/e1"]
    assert inc.related(c1, c2) and inc.related(c2, c3) and not inc.related(c1, c3)


def test_incident_id_is_the_hash_of_the_smallest_member_whatever_the_order():
    members = ["b/e2", "a/e9", "c/e1"]
    assert inc.incident_id(members) == inc.incident_id(reversed(members)) == inc.incident_id(["a/e9"])
    assert inc.incident_id(["b/e2"]) != inc.incident_id(["a/e9"])


def test_names_people_by_surname_and_tells_first_names_apart():
    key = {k: feats.actor_key(actor("a", k)) for k in ("clinton", "hclinton", "bclinton", "obama",
                                                       "obama2", "officials", "senate")}
    assert inc.compare_actors(key["obama"], key["obama2"]) == inc.STRONG
    assert inc.compare_actors(key["clinton"], key["hclinton"]) == inc.STRONG
    assert inc.compare_actors(key["hclinton"], key["bclinton"]) == inc.CONFLICT
    bill = feats.reports(article("b", "2016-09-10", "B", {"a1": "bclinton"}, [
        event("e1", "ACCUSE", "a1", None, "2016-09-09", "Bill Clinton criticized the tax plan.",
              obj="the tax plan")]))[0]
    hillary = feats.reports(article("h", "2016-09-10", "H", {"a1": "hclinton"}, [
        event("e1", "ACCUSE", "a1", None, "2016-09-09", "Hillary Clinton criticized the tax plan.",
              obj="the tax plan")]))[0]
    assert not inc.related(bill, hillary)
    assert key["officials"] is None  # a description, not a name: nothing to match on
    assert key["senate"].name == "senate"
    assert feats.person_key("Sen. Lindsey O. Graham Jr.") == ("graham", "lindsey")


def test_a_short_first_name_is_the_same_person_another_first_name_is_not():
    key = lambda name: feats.ActorKey(None, *feats.person_key(name), True, None, None)  # noqa: E731
    assert inc.compare_actors(key("Robert Mueller"), key("Bob Mueller")) == inc.STRONG
    assert inc.compare_actors(key("Chris Collins"), key("Christopher Collins")) == inc.STRONG
    assert inc.compare_actors(key("Chris Collins"), key("Cameron Collins")) == inc.CONFLICT
    assert inc.compare_actors(key("Bill Clinton"), key("Hillary Clinton")) == inc.CONFLICT
    assert feats.same_first_name("william", "bill") and not feats.same_first_name("william", "bob")


def test_a_state_and_its_government_or_leader_are_a_weak_match_two_states_a_conflict():
    russia, putin, ukraine = (feats.actor_key(actor("a", k)) for k in ("russia", "putin", "ukraine"))
    assert inc.compare_actors(russia, putin) == inc.WEAK
    assert inc.compare_actors(russia, ukraine) == inc.CONFLICT
    assert inc.compare_actors(russia, None) == inc.UNKNOWN
    # a government's id says its country as well: the Russian government and Lavrov may be one
    # party ("Russian officials" and the minister), the French government and Lavrov may not
    rugov, frgov, lavrov = (feats.actor_key(actor("a", k)) for k in ("ru-gov", "fr-gov", "lavrov"))
    assert inc.compare_actors(rugov, lavrov) == inc.WEAK == inc.compare_actors(lavrov, rugov)
    assert inc.compare_actors(frgov, lavrov) == inc.CONFLICT


def test_windows_a_stated_day_a_month_and_the_publication_date():
    assert feats.window("2025-06-03", False, "2025-06-04", "asserted") == ("2025-06-03", "2025-06-03")
    assert feats.window("2025-06", False, "2025-06-04", "asserted") == ("2025-06-01", "2025-06-30")
    # a date taken from the publication: any day of the month before it (most likely the last two)
    assert feats.window("2025-06-04", True, "2025-06-04", "asserted") == ("2025-05-05", "2025-06-04")
    lo, hi = feats.window("2025-06-04", True, "2025-06-04", "expected")
    assert lo == "2025-06-04" and hi > lo
    assert feats.window(None, False, None, "asserted") == (None, None)


def _pair(date_a, fb_a, date_b, fb_b, pub_a="2025-06-04", pub_b="2025-06-04"):
    a = article("x", pub_a, "A", {"a1": "ru-army"}, [event("e1", "ASSAULT", "a1", None, date_a,
                "Russian forces shelled Kharkiv.", fallback=fb_a)])
    b = article("y", pub_b, "B", {"a1": "ru-army"}, [event("e1", "ASSAULT", "a1", None, date_b,
                "Russian forces struck Kharkiv.", fallback=fb_b)])
    return feats.reports(a)[0], feats.reports(b)[0]


def test_dates_a_day_in_a_month_fits_two_stated_days_must_be_one():
    a, b = _pair("2025-06-03", False, "2025-06", False)
    assert inc.compare_dates(a, b) == "stated"
    a, b = _pair("2025-06-03", False, "2025-06-04", False)
    assert inc.compare_dates(a, b) is None and not inc.related(a, b)
    a, b = _pair("2025-06-03", False, "2025-06-03", False)
    assert inc.compare_dates(a, b) == "exact" and inc.related(a, b)
    # undated reports published more than a day apart cannot be of one day
    a, b = _pair("2025-06-02", True, "2025-06-05", True, "2025-06-02", "2025-06-05")
    assert inc.compare_dates(a, b) is None
    a, b = _pair("2025-06-04", True, "2025-06-05", True, "2025-06-04", "2025-06-05")
    assert inc.compare_dates(a, b) == "weak"
    # an undated report may be of a stated day weeks before it, weakly ("loose"): only by its matter
    a, b = _pair("2025-05-20", False, "2025-06-04", True)
    assert inc.compare_dates(a, b) == "loose"
    later = feats.reports(article("z", "2025-06-04", "Z", {"a1": "ru-army"}, [
        event("e1", "ASSAULT", "a1", None, "2025-06-04", "Residents still count the damage the army "
              "left behind.", fallback=True)]))[0]
    assert inc.compare_dates(a, later) == "loose" and not inc.related(a, later)
    a, b = _pair("2025-06-03", False, "2025-06-04", True)
    assert inc.compare_dates(a, b) == "weak"


def test_a_year_is_too_vague_to_link_across_articles():
    a, b = _pair("2025", False, "2025", False)
    assert not a.linkable and not inc.related(a, b)
    assert not [k for k, _, _ in feats.blocks(a) if feats.key_span(k) == feats.MAX_SPAN_DAYS]


def test_statements_group_by_speaker_act_and_matter():
    def acc(ref, obj, text):
        return feats.reports(article(ref, "2025-06-04", ref, {"a1": "putin"}, [
            event("e1", "ACCUSE", "a1", None, "2025-06-04", text, fallback=True, obj=obj)]))[0]
    a = acc("p", "the bridge attack", "Putin blamed Kyiv for the bridge attack.")
    b = acc("q", "the attack on the bridge", "Putin said the attack on the bridge was terrorism.")
    c = acc("r", "the grain deal", "Putin criticised the grain deal.")
    assert inc.related(a, b)       # the same speaker, act and matter
    assert not inc.related(a, c)   # the same speaker and act, another matter


def test_shared_words_are_not_a_shared_matter():
    """One speaker's two statements of one day, each about its own decision, share his name,
    his office, the day and the story's words: without a matter in common they stay apart."""
    def defended(ref, obj, text, trigger="defended"):
        return feats.reports(article(ref, "2025-06-04", "outlet " + ref, {"a1": "putin"}, [
            event("e1", "SUPPORT", "a1", None, "2025-06-04", text, trigger=trigger,
                  obj=obj)]))[0]
    a = defended("p", "his decision to tell parliament",
                 "President Putin on Wednesday defended his decision to tell parliament about "
                 "the review of the budget investigation.")
    b = defended("q", "his decision to keep secret an inquiry",
                 "President Putin on Wednesday called the floods the greatest threat to the "
                 "harvest, the pensions, the schools and the roads, but justified his decision to "
                 "keep secret an inquiry into the army's purchases despite revealing the review of "
                 "the budget investigation to parliament.", trigger="justified")
    shared = a.words & b.words
    assert len(shared) >= 5 and len(shared) >= 0.5 * min(len(a.words), len(b.words))
    assert inc.jaccard(a.text, b.text) < feats.SIMILAR  # not "similar" sentences either
    assert inc.compare_matter(a, b) == "unknown"
    assert not inc.related(a, b)


def test_the_relation_is_symmetric_and_blocks_find_every_related_pair():
    """The two properties that make incremental linking exact: related(a, b) == related(b, a),
    and any two related reports of different articles share a block and overlapping windows."""
    reps = list(reports_of(random_articles(200, seed=5)).values())
    n_related = n_near = n_verbatim = n_similar = 0
    for a, b in itertools.combinations(reps, 2):
        r = inc.related(a, b)
        assert r == inc.related(b, a), (a, b)
        if r and a.article != b.article:
            n_related += 1
            keys_b = {k: (lo, hi) for k, lo, hi in feats.blocks(b)}
            # a key they share, with windows that overlap and that its lookup reaches
            found = [k for k, lo, hi in feats.blocks(a) if k in keys_b
                     and lo <= keys_b[k][1] and keys_b[k][0] <= hi
                     and feats.span_days(lo, hi) <= feats.key_span(k)
                     and feats.span_days(*keys_b[k]) <= feats.key_span(k)]
            assert found, (a, b)
            n_near += inc.near_duplicates(a, b)
            n_verbatim += inc.verbatim(a, b)
            n_similar += inc.similar(a, b)
    # the properties were exercised, not vacuously true
    assert n_related > 50 and n_near > 5 and n_verbatim > 5 and n_similar > 5


def test_the_partition_does_not_depend_on_the_order():
    reps = list(reports_of(random_articles(80, seed=11)).values())
    first = inc.partition(reps)
    rng = random.Random(3)
    for _ in range(3):
        shuffled = reps[:]
        rng.shuffle(shuffled)
        assert inc.partition(shuffled) == first
    assert len(set(first.values())) < len(reps)  # some reports were merged


def test_features_survive_the_store_round_trip():
    for r in reports_of(story_articles()).values():
        assert feats.Report.from_json(r.article, r.event, r.to_json()) == r


def test_reports_rebuilt_from_stored_records_equal_those_of_the_result():
    for res in story_articles() + random_articles(20, seed=2):
        d = res.to_dict()
        actors = {a["id"]: a for a in d["actors"]}
        story = feats.story_words(res.article.title, res.article.text)
        rebuilt = [feats.report_from_record(res.article.hash, res.article.published, e, actors, story)
                   for e in d["events"]]
        assert rebuilt == feats.reports(res)


def test_near_duplicates_link_a_wire_story_whatever_its_actors_say():
    line = "He will accept the invitation to meet at a place and time to be determined, the spokeswoman said."

    def wire(ref, who, trigger="meet", text=line, sentence=0):
        return feats.reports(article(ref, "2018-03-08", ref, {"a1": who}, [
            event("e1", "CONSULT", "a1", None, "2018-03-08", text, fallback=True, trigger=trigger,
                  sentence=sentence)]))[0]
    a, b = wire("p", "senate"), wire("q", "officials")
    assert inc.compare_actors(a.source, b.source) == inc.UNKNOWN and inc.near_duplicates(a, b)
    assert inc.related(a, b)
    # the same passage, another act in it ("accept" and "meet" are both in each sentence)
    assert not inc.related(a, wire("r", "officials", trigger="accept"))
    # actors that nothing ties (one resolved, one not) do not keep the same words apart ...
    assert inc.compare_actors(a.source, wire("s", "lavrov").source) == inc.OTHER
    assert inc.related(a, wire("s", "lavrov"))
    # ... two known, different actors do, where the sentences name them
    named = "{} will accept the invitation to meet at a place and time to be determined."
    assert inc.related(wire("t", "hclinton", text=named.format("Hillary Clinton")),
                       wire("u", "hclinton", text=named.format("Hillary Clinton")))
    assert not inc.related(wire("v", "hclinton", text=named.format("Hillary Clinton")),
                           wire("w", "bclinton", text=named.format("Bill Clinton")))
    # where both print the same words, the actors that each outlet's context resolves do not
    assert inc.verbatim(wire("v", "hclinton"), wire("w", "bclinton"))
    assert inc.related(wire("v", "hclinton"), wire("w", "bclinton"))
    # one sentence is not a near duplicate of itself: two triggers in it are two acts
    same = article("x", "2018-03-08", "x", {"a1": "senate"}, [
        event("e1", "CONSULT", "a1", None, "2018-03-08", line, fallback=True, trigger="meet"),
        event("e2", "CONSULT", None, None, "2018-03-08", line, fallback=True, trigger="meet")])
    e1, e2 = feats.reports(same)
    assert not inc.near_duplicates(e1, e2)


def test_a_short_quote_printed_twice_is_one_report():
    """Four content words of a quoted passage, the same trigger, printed by two outlets a day
    apart: one statement, though each outlet resolved the speaker differently."""
    def quote(ref, who, text, day):
        return feats.reports(article(ref, day, ref, {"a1": who}, [
            event("e1", "ACCUSE", "a1", None, day, text, fallback=True, trigger="call")]))[0]
    a = quote("p", "putin", "\u201cI call it a shameful, reckless provocation, a farce.\u201d",
              "2025-06-03")
    b = quote("q", "lavrov", "\u201cI call it a shameful, reckless provocation, a farce,\u201d he told "
              "reporters.", "2025-06-04")
    assert inc.compare_actors(a.source, b.source) == inc.CONFLICT
    assert inc.verbatim(a, b) and inc.related(a, b)
    # three words are not enough to say so
    c = quote("r", "lavrov", "\u201cI call it a shameful provocation, a farce,\u201d he told reporters.",
              "2025-06-04")
    assert not inc.verbatim(a, c) and not inc.related(a, c)


def test_one_speakers_act_in_one_story_is_one_incident_whatever_issue_each_outlet_reads():
    def veto(ref, day, text, issue, dated):
        return feats.reports(article(ref, day, "outlet " + ref, {"a1": "putin"}, [
            event("e1", "REJECT", "a1", None, day, text, fallback=not dated, trigger="vetoed",
                  issue=issue)]))[0]
    a = veto("p", "2025-06-03", "Putin on Tuesday vetoed the bill on military aid to the region.",
             "aid", True)
    b = veto("q", "2025-06-04", "Putin vetoed the bill to withdraw support from the region's war.",
             "withdrawal", False)
    assert inc.compare_matter(a, b) == "different" and inc.same_story_act(a, b)
    assert inc.related(a, b)
    # another act of his (another trigger) on another issue stays apart
    c = feats.reports(article("r", "2025-06-04", "outlet r", {"a1": "putin"}, [
        event("e1", "REJECT", "a1", None, "2025-06-04", "Putin rejected the bill on the region's "
              "fishing quotas.", fallback=True, trigger="rejected", issue="withdrawal")]))[0]
    assert not inc.related(a, c)


def test_one_actors_act_on_one_day_in_one_story_is_one_incident():
    """The same actor, the same type, the same stated day (or undated, published then), in two
    outlets' articles of one story: one incident, though neither says what it was about; not
    when each names a different object."""
    def suit(ref, day, text, dated=True, obj=None, trigger="filed"):
        return feats.reports(article(ref, "2025-06-03", "outlet " + ref, {"a1": "putin"}, [
            event("e1", "ACCUSE", "a1", None, day, text, fallback=not dated, trigger=trigger,
                  obj=obj)]))[0]
    a = suit("p", "2025-06-02", "Putin filed a lawsuit on Monday against the publisher in Moscow.")
    b = suit("q", "2025-06-02", "On Monday Putin filed suit to stop the book, his lawyers said.")
    assert inc.compare_matter(a, b) == "unknown" and inc.compare_dates(a, b) == "exact"
    assert inc.related(a, b)
    # the same day, but about two named things
    c = suit("r", "2025-06-02", "Putin filed a complaint on Monday against the publisher.",
             obj="the complaint")
    d = suit("s", "2025-06-02", "Putin submitted a motion on Monday, his lawyers said.",
             obj="the motion", trigger="submitted")
    assert inc.related(a, d)  # no object in one of them: nothing tells them apart
    assert not inc.related(c, d)
    # another day is another act
    e = suit("t", "2025-06-04", "Putin filed a lawsuit on Wednesday against the publisher in Moscow.")
    assert not inc.related(a, e)


def test_a_report_without_a_place_does_not_join_strikes_on_two_towns():
    def strike(ref, place, where):
        kw = dict(place=place, country="UKR", precision="city") if place else {}
        return article(ref, "2025-06-04", ref, {"a1": "ru-army"}, [
            event("e1", "ASSAULT", "a1", None, "2025-06-03",
                  f"Russian forces shelled {where} overnight, regional officials said.",
                  trigger="shelled", **kw)])
    reps = [feats.reports(strike(*x))[0]
            for x in (("k", "Kharkiv", "Kharkiv"), ("o", "Odesa", "Odesa"),
                      ("u", None, "several towns"), ("v", None, "several towns"))]
    part = inc.partition(reps)
    k, o, u, v = (part[r.uid] for r in reps)
    assert len({k, o, u}) == 3 and u == v  # the two unplaced reports of that day are one
