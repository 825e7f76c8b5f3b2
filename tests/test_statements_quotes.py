"""Quote finding and the cue lexicon (issue 3): no model needed."""
from __future__ import annotations

import pytest

from eventwire.extractors.cues import NOUN_CUES, STANCES, VERB_CUES, verb_cue
from eventwire.extractors.quotes import find_quotes, quote_at


def spans(text):
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize("text, want", [
    ('He said "yes" twice.', ['"yes"']),
    ("He said “yes” twice.", ["“yes”"]),
    ("He said ‘yes’ twice.", ["‘yes’"]),
    ("He said 'yes' twice.", ["'yes'"]),
    ("He said «oui» twice.", ["«oui»"]),
    ("He said ''yes'' twice.", ["''yes''"]),
    ("He said ``yes'' twice.", ["``yes''"]),
])
def test_quote_styles(text, want):
    assert spans(text) == want


def test_apostrophes_are_not_quotes():
    assert spans("Russia’s army and the rebels’ leader don't agree; it's the '90s again.") == []


def test_single_quotes_inside_double_quotes_stay_inside():
    text = "“He told me ‘never again’ and left,” she said."
    assert spans(text) == ["“He told me ‘never again’ and left,”"]


def test_quote_running_over_paragraphs():
    text = "He said:\n\n“First part.\n\n“Second part.”\n\nNot quoted."
    assert spans(text) == ["“First part.\n\n“Second part.”"]


def test_unclosed_quote_ends_at_its_paragraph():
    text = "He said: “never closed\n\nA plain paragraph. “Closed.”"
    got = find_quotes(text)
    assert text[got[0].start:got[0].end] == "“never closed"
    assert not got[0].closed
    assert text[got[1].start:got[1].end] == "“Closed.”"


def test_quote_at():
    text = "A “b c” d “e f” g"
    qs = find_quotes(text)
    assert quote_at(qs, text.index("c")) is qs[0]
    assert quote_at(qs, text.index("e")) is qs[1]
    assert quote_at(qs, text.index("d")) is None


def test_lexicon_stances():
    assert verb_cue("say").stance == "neutral"
    assert verb_cue("confirm").stance == "confirming"
    assert verb_cue("allege").stance == "distancing"
    assert verb_cue("deny").stance == "denying"
    assert verb_cue("indicate").stance == "hedged"
    assert verb_cue("eat") is None
    assert {c.stance for c in VERB_CUES.values()} <= set(STANCES)
    assert set(NOUN_CUES.values()) <= set(STANCES)
