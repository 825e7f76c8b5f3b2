"""Negotiation threads: an answer's responds_to points at the proposal it answers."""
from __future__ import annotations

import json

from eventwire.eval.temporal import make_event
from eventwire.model import Article, Statement
from eventwire.resolve import resolve_result
from eventwire.resolve.threads import link_threads

from conftest import shared_path


def test_definite_reference_links_to_the_offer(nlp):
    doc = nlp("Norland called for a full ceasefire on Monday. Southland offered a three-day truce "
              "instead. Norland declined the offer on Tuesday.")
    call = make_event(doc, "called", type="REQUEST", id="e1", source="N")
    offer = make_event(doc, "offered", type="AGREE", id="e2", source="S")
    answer = make_event(doc, "declined", type="REJECT", id="e3", source="N")
    link_threads(doc, [call, offer, answer])
    assert answer.responds_to == "e2"
    assert call.responds_to is None and offer.responds_to is None


def test_possessor_and_issue_pick_the_proposal(nlp):
    doc = nlp("Norland proposed a ceasefire. Southland proposed new talks. "
              "Southland rejected Norland's proposal.")
    p1 = make_event(doc, "proposed", type="REQUEST", id="e1", source="N")
    p2 = make_event(doc, "proposed", type="REQUEST", id="e2", source="S", occurrence=1)
    ans = make_event(doc, "rejected", type="REJECT", id="e3", source="S")
    link_threads(doc, [p1, p2, ans])
    assert ans.responds_to == "e1"


def test_issue_alone_links_a_dismissal(nlp):
    doc = nlp("Westria urged an immediate ceasefire. Eastria dismissed the idea of a ceasefire.")
    p = make_event(doc, "urged", type="REQUEST", id="e1", source="W", issue="ceasefire")
    a = make_event(doc, "dismissed", type="REJECT", id="e2", source="E", issue="ceasefire")
    link_threads(doc, [p, a])
    assert a.responds_to == "e1"


def test_no_proposal_no_link(nlp):
    doc = nlp("Rebels shelled the town. The government rejected the accusations.")
    a = make_event(doc, "shelled", type="ASSAULT", id="e1", source="R")
    b = make_event(doc, "rejected", type="REJECT", id="e2", source="G")
    link_threads(doc, [a, b])
    assert b.responds_to is None


def test_example_article(nlp):
    """The done-when list of issue 5 on the example article, with events built at its triggers."""
    path = shared_path("examples", "ceasefire-2025-06-04.txt")
    published = json.loads(path.with_suffix(".json").read_text())["published"]
    doc = nlp(path.read_text())
    text = doc.text
    ev = {
        "reject": make_event(doc, "dismissed", type="REJECT", id="e1", source="RUS", issue="ceasefire"),
        "proposal": make_event(doc, "advocated", type="REQUEST", id="e2", source="UKR", issue="ceasefire"),
        "talks": make_event(doc, "talks", type="CONSULT", id="e3"),
        "assault": make_event(doc, "attacks", type="ASSAULT", id="e4"),
        "offer": make_event(doc, "suggested", type="AGREE", id="e5", source="RUS", issue="ceasefire"),
        "declined": make_event(doc, "declined", type="REJECT", id="e6", source="UKR"),
        "phase": make_event(doc, "exchange", type="COOPERATE", id="e7", occurrence=1),
        # Medinsky's sentence names the exchange; the next one dates it ("this exchange")
        "exchange": make_event(doc, "exchange", type="COOPERATE", id="e8", occurrence=0),
    }
    cue = text.index("informed")
    content = "Ukraine had declined the offer"
    lavrov = Statement(id="s8", speaker="a8", speaker_text="Sergei Lavrov", speaker_start=None,
                       speaker_end=None, cue="informed", cue_start=cue, cue_end=cue + 8,
                       kind="indirect", content=content, start=text.index(content),
                       end=text.index(content) + len(content), sentence=6, stance="neutral")
    resolve_result(doc, Article(text=text, published=published), None, [lavrov], list(ev.values()))
    assert ev["reject"].date.value == "2025-06-04"
    assert (ev["talks"].date.value, ev["talks"].location.name, ev["talks"].location.country) == \
        ("2025-06-02", "Istanbul", "TUR")
    assert ev["assault"].status == "alleged"
    assert (ev["declined"].status, ev["declined"].attributed_to) == ("attributed", "s8")
    assert ev["declined"].responds_to == "e5"
    assert ev["reject"].responds_to == "e2"
    assert (ev["phase"].status, ev["phase"].date.value) == ("expected", "2025-06-07/2025-06-08")
    assert (ev["exchange"].status, ev["exchange"].date.value) == ("expected", "2025-06-07/2025-06-08")
    assert ev["exchange"].location.name is None  # Istanbul places the agreement, not the exchange
