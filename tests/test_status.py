"""Each event's status and attributed_to, from statements' stance and from the parse."""
from __future__ import annotations

import pytest

from eventwire.eval.temporal import make_event
from eventwire.model import Statement
from eventwire.resolve.status import assign_status, status_for

WED = "2025-06-04"


def _status(nlp, text, trigger, type="ASSAULT", statements=(), published=WED):
    doc = nlp(text)
    ev = make_event(doc, trigger, type=type)
    return status_for(doc, ev, list(statements), published)[0]


@pytest.mark.parametrize("text, trigger, type, status", [
    ("Rebels shelled the airport on Monday.", "shelled", "ASSAULT", "asserted"),
    ("The mayor said rebels had shelled the airport.", "shelled", "ASSAULT", "attributed"),
    ("Rebels shelled the airport, the mayor said.", "shelled", "ASSAULT", "attributed"),
    ("The mayor claimed that rebels shelled the airport.", "shelled", "ASSAULT", "alleged"),
    ("The mayor accused the rebels of shelling the airport.", "shelling", "ASSAULT", "alleged"),
    ("The mayor accused the rebels of shelling the airport.", "accused", "ACCUSE", "asserted"),
    ("Rebels reportedly shelled the airport.", "shelled", "ASSAULT", "alleged"),
    ("A bomb exploded at the airport. No group has claimed responsibility for the attack.",
     "exploded", "ASSAULT", "alleged"),
    ("Rebels shelled the airport, but the report could not be independently verified.",
     "shelled", "ASSAULT", "alleged"),
    ("The rebels denied that they had shelled the airport.", "shelled", "ASSAULT", "denied"),
    ("Rebels will shell the airport.", "shell", "ASSAULT", "expected"),
    ("The rebels plan to shell the airport.", "shell", "ASSAULT", "expected"),
    ("The ceasefire talks are scheduled for Friday.", "talks", "CONSULT", "expected"),
    ("The exchange is expected to take place over the weekend.", "exchange", "COOPERATE", "expected"),
    ("If talks fail, the rebels would shell the airport.", "shell", "ASSAULT", "hypothetical"),
    ("The rebels could shell the airport.", "shell", "ASSAULT", "hypothetical"),
    ("The rebels did not shell the airport.", "shell", "ASSAULT", "negated"),
])
def test_status_from_the_parse(nlp, text, trigger, type, status):
    assert _status(nlp, text, trigger, type) == status


def test_a_claim_about_one_event_does_not_make_the_accusation_alleged(nlp):
    text = "The minister accused the rebels of the raid. The rebels have not claimed responsibility for the raid."
    assert _status(nlp, text, "accused", "ACCUSE") == "asserted"
    assert _status(nlp, text, "raid", "ASSAULT") == "alleged"


def _statement(doc, content: str, cue: str, stance: str | None) -> Statement:
    start = doc.text.index(content)
    c = doc.text.index(cue)
    return Statement(id="s1", speaker="a1", speaker_text=None, speaker_start=None, speaker_end=None,
                     cue=cue, cue_start=c, cue_end=c + len(cue), kind="indirect", content=content,
                     start=start, end=start + len(content), sentence=0, stance=stance)


@pytest.mark.parametrize("stance, status", [
    ("neutral", "attributed"), ("confirming", "attributed"), ("distancing", "alleged"),
    ("denying", "denied"),
])
def test_status_from_statement_stance(nlp, stance, status):
    doc = nlp("The envoy told reporters that Ukraine had declined the offer.")
    st = _statement(doc, "Ukraine had declined the offer", "told", stance)
    ev = make_event(doc, "declined", type="REJECT")
    assign_status(doc, [ev], [st], WED)
    assert (ev.status, ev.attributed_to) == (status, "s1")


def test_future_inside_a_statement_is_expected_and_keeps_its_source(nlp):
    doc = nlp("The president indicated that the exchange is expected to take place over the weekend.")
    st = _statement(doc, "the exchange is expected to take place over the weekend", "indicated", "hedged")
    ev = make_event(doc, "exchange", type="COOPERATE")
    assign_status(doc, [ev], [st], WED)
    assert (ev.status, ev.attributed_to) == ("expected", "s1")


def test_rejection_typed_from_a_negated_acceptance_is_not_negated(nlp):
    assert _status(nlp, "Ukraine did not accept the offer.", "accept", "REJECT") == "asserted"
    assert _status(nlp, "Ukraine did not accept the offer.", "accept", "AGREE") == "negated"


@pytest.mark.parametrize("text, trigger, type", [
    ("Families who are seeking asylum wait at the border.", "seeking", "REQUEST"),  # progressive
    ("A grand jury can demand documents.", "demand", "REQUEST"),                     # ability
    ("The senator dropped out shortly thereafter.", "dropped", "CONCEDE"),
])
def test_not_expected(nlp, text, trigger, type):
    assert _status(nlp, text, trigger, type) == "asserted"
