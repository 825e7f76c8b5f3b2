"""Dates normalised against the publication date with the governing verb's tense (real model)."""
from __future__ import annotations

import pytest

from eventwire.eval.temporal import make_event
from eventwire.model import Article
from eventwire.resolve.dates import date_for, find_expressions, resolve_dates

WED = "2025-06-04"  # a Wednesday


def _date(nlp, text, trigger, published=WED, occurrence=0):
    doc = nlp(text)
    return date_for(doc, make_event(doc, trigger, occurrence=occurrence), published)


@pytest.mark.parametrize("text, trigger, value, precision", [
    # weekdays read with tense: past -> latest on or before publication, future -> next one
    ("Militias burned the depot on Monday.", "burned", "2025-06-02", "day"),
    ("Militias will burn the depot on Monday.", "burn", "2025-06-09", "day"),
    ("The envoy arrived on Friday.", "arrived", "2025-05-30", "day"),
    ("The envoy arrives on Friday.", "arrives", "2025-06-06", "day"),
    ("The cabinet met on Wednesday.", "met", "2025-06-04", "day"),
    ("The rebels did not retreat on Tuesday.", "retreat", "2025-06-03", "day"),
    ("The rebels retreated last Thursday.", "retreated", "2025-05-29", "day"),
    # weekends: the past one, or the coming Saturday/Sunday in a future sentence
    ("Riots broke out over the weekend.", "broke", "2025-05-31/2025-06-01", "range"),
    ("The handover is expected to happen over the weekend.", "handover", "2025-06-07/2025-06-08", "range"),
    # relative weeks, months, years and vague references
    ("Envoys held a round of talks last week.", "talks", "2025-W22", "week"),
    ("The bloc will adopt the measures next month.", "adopt", "2025-07", "month"),
    ("Earlier this year, the army recruited 5,000 soldiers.", "recruited", "2025", "year"),
    ("The militia has recently recruited teenagers.", "recruited", "PAST_REF", "vague"),
    ("Officials said talks would resume soon.", "resume", "FUTURE_REF", "vague"),
    ("The blockade began three days ago.", "began", "2025-06-01", "day"),
    ("Police detained the editor yesterday.", "detained", "2025-06-03", "day"),
    # explicit dates, with and without a year, and ranges
    ("The truce was signed on March 3, 2021.", "signed", "2021-03-03", "day"),
    ("The rebels seized the airport on 12 May.", "seized", "2025-05-12", "day"),
    ("The rebels plan to seize the airport on 12 July.", "seize", "2025-07-12", "day"),
    ("Ministers met in the capital from May 20 to 22.", "met", "2025-05-20/2025-05-22", "range"),
    ("Army units were deployed in the valley in February 2024.", "deployed", "2024-02", "month"),
    ("The border was closed in 2019.", "closed", "2019", "year"),
])
def test_expression_values(nlp, text, trigger, value, precision):
    d = _date(nlp, text, trigger)
    assert (d.value, d.precision) == (value, precision)
    assert d.fallback is False


def test_past_day_month_after_publication_goes_to_previous_year(nlp):
    d = _date(nlp, "The siege ended on December 20.", "ended")
    assert d.value == "2024-12-20"


@pytest.mark.parametrize("text, trigger, published, value", [
    # a day-month naming another noun: the occurrence nearer to publication, whatever the verb's
    # tense ("blame" is present, and the attack was last month)
    ("The U.S. and others blame the government for an Aug. 21 gas attack near the capital.",
     "attack", "2013-09-15", "2013-08-21"),
    ("Officials said the Nov. 3 election was rigged.", "election", "2020-10-30", "2020-11-03"),
    ("Earlier attacks include an Aug. 15 car bombing in the suburbs.", "bombing", "2013-11-19",
     "2013-08-15"),
    # the present tense: the nearer one (a schedule ahead, a past date told in the present)
    ("The summit opens on July 2.", "opens", WED, "2025-07-02"),
    ("The government blames rebels for the attack on May 28.", "attack", WED, "2025-05-28"),
])
def test_day_month_year_nearest_for_present_and_noun_dates(nlp, text, trigger, published, value):
    d = _date(nlp, text, trigger, published=published)
    assert d.value == value and d.fallback is False


def test_fallback_to_publication_date(nlp):
    d = _date(nlp, "Rebels shelled the airport, witnesses said.", "shelled")
    assert (d.value, d.precision, d.fallback) == (WED, "day", True)


def test_nearest_expression_wins(nlp):
    text = "On Monday the council said that troops would withdraw next month."
    assert _date(nlp, text, "withdraw").value == "2025-07"
    assert _date(nlp, text, "said").value == "2025-06-02"


def test_recent_as_adjective_dates_only_its_noun(nlp):
    text = "The minister accused the rebels of recent raids."
    assert _date(nlp, text, "raids").value == "PAST_REF"
    assert _date(nlp, text, "accused").fallback is True


def test_date_given_for_the_same_event_in_the_next_sentence(nlp):
    text = ("Both sides agreed on a large hostage release. "
            "The first stage of this release is expected to take place on Friday.")
    assert _date(nlp, text, "release").value == "2025-06-06"
    # a date of another clause (the saying) does not date the event named in it
    text = ("Both sides agreed on a large hostage release. "
            "Officials said on Monday that this release would be delayed.")
    assert _date(nlp, text, "release").fallback is True


def test_bare_month_name_is_not_a_date(nlp):
    doc = nlp("May said the vote was fair.")
    assert [e.text for e in find_expressions(next(doc.sents), WED)] == []


def test_no_publication_date_gives_empty_dates(nlp):
    doc = nlp("Troops attacked the town on Monday.")
    ev = make_event(doc, "attacked")
    resolve_dates(doc, Article(text=doc.text), [ev])
    assert ev.date.value is None


def test_date_of_saying_does_not_date_a_future_act(nlp):
    text = "The council announced on Monday that it would dissolve the assembly."
    assert _date(nlp, text, "dissolve").fallback is True
    assert _date(nlp, text, "announced").value == "2025-06-02"


def test_date_modifying_another_noun_is_not_the_events(nlp):
    assert _date(nlp, "Crowds gathered in the square ahead of the June 20 vote.", "gathered").fallback is True
    text = "Trump backed Moore on Monday before an election next week rocked by allegations of fraud."
    assert _date(nlp, text, "allegations").value != "2025-W24"
    assert _date(nlp, text, "backed").value == "2025-06-02"
