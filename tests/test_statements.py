"""Statements (issue 3): every construction on sentences the project wrote, with the real model."""
from __future__ import annotations

import pytest

from eventwire.extractors.actors import ActorRegistry
from eventwire.extractors.statements import extract_statements

from conftest import shared_path


@pytest.fixture(scope="module")
def run(nlp):
    """run(text) -> (statements, actor name by id)."""

    def go(text: str):
        doc = nlp(text)
        registry = ActorRegistry(doc)
        registry.collect()
        stmts = extract_statements(doc, registry)
        names = {a.id: a.name for a in registry.actors}
        return stmts, names

    return go


def one(run, text):
    stmts, names = run(text)
    assert len(stmts) == 1, [(s.cue, s.content) for s in stmts]
    return stmts[0], names


def test_offsets_match_text_and_ids_are_in_order(run):
    text = ("The army confirmed that two soldiers were killed. "
            "“We will rebuild the bridge,” the mayor said.")
    stmts, _ = run(text)
    assert [s.id for s in stmts] == ["s1", "s2"]
    for s in stmts:
        assert text[s.start:s.end] == s.content
        assert text[s.cue_start:s.cue_end] == s.cue
        assert text[s.speaker_start:s.speaker_end] == s.speaker_text
    assert stmts[0].start < stmts[1].start


@pytest.mark.parametrize("text, quote", [
    ('"We will not retreat," the minister said.', '"We will not retreat,"'),
    ("‘We are ready to talk,’ Smith said.", "‘We are ready to talk,’"),
    ("Dupont said: «The talks will resume next week.»", "«The talks will resume next week.»"),
    ("''The harvest was poor this year,'' the farmer said.", "''The harvest was poor this year,''"),
    ("The mayor told reporters: “The bridge will reopen on Friday.”",
     "“The bridge will reopen on Friday.”"),
])
def test_quote_styles_and_orders(run, text, quote):
    s, _ = one(run, text)
    assert s.kind == "direct"
    assert s.content == quote
    assert s.cue in ("said", "told")
    assert s.speaker_text in ("the minister", "Smith", "Dupont", "the farmer", "The mayor")


def test_quote_split_by_its_attribution(run):
    text = "“The talks failed,” she said, “but we will try again.”"
    s, _ = one(run, text)
    assert s.content == text
    assert s.speaker_text == "she"


def test_quote_of_several_sentences(run):
    text = "“We came in peace. We leave in peace. Nobody was hurt,” the commander said."
    s, _ = one(run, text)
    assert s.content == "“We came in peace. We leave in peace. Nobody was hurt,”"


def test_quote_over_two_paragraphs(run):
    text = ("The general said on Monday:\n\n“The first phase of the operation is over.\n\n"
            "“The second phase begins tomorrow and will last a week.”\n\nThe army said nothing more.")
    stmts, _ = run(text)
    s = stmts[0]
    assert s.kind == "direct" and s.speaker_text == "The general"
    assert s.content.startswith("“The first phase") and s.content.endswith("a week.”")


def test_quote_continues_after_attribution_sentence(run):
    text = "“The vote was fair,” the chairman said. “Nobody can dispute the result.”"
    s, _ = one(run, text)
    assert s.start == 0 and s.end == len(text)


@pytest.mark.parametrize("text, speaker, content", [
    ("According to the health ministry, four people were injured in the blast.",
     "the health ministry", "four people were injured in the blast"),
    ("Four people were injured in the blast, according to local officials.",
     "local officials", "Four people were injured in the blast"),
])
def test_according_to(run, text, speaker, content):
    s, _ = one(run, text)
    assert s.cue.lower() == "according to"
    assert (s.speaker_text, s.content, s.kind) == (speaker, content, "indirect")


def test_said_in_a_statement_that(run):
    s, _ = one(run, "The ministry said in a statement that the convoy had crossed the border.")
    assert (s.cue, s.content) == ("said", "that the convoy had crossed the border")


def test_told_reporters_keeps_the_addressee_out(run):
    s, _ = one(run, "Garcia told reporters that the budget would be cut.")
    assert (s.speaker_text, s.cue, s.content) == ("Garcia", "told", "that the budget would be cut")


@pytest.mark.parametrize("text, cue, speaker, content, stance", [
    ("The claim by the rebels that the airport was captured could not be verified.",
     "claim", "the rebels", "that the airport was captured", "distancing"),
    ("The denial from the ministry that troops had crossed the border came late on Friday.",
     "denial", "the ministry", "that troops had crossed the border", "denying"),
])
def test_noun_cues(run, text, cue, speaker, content, stance):
    s, _ = one(run, text)
    assert (s.cue, s.speaker_text, s.content, s.stance) == (cue, speaker, content, stance)


@pytest.mark.parametrize("text, cue, content, stance", [
    ("The opposition accused the government of rigging the election.", "accused",
     "the government of rigging the election", "distancing"),
    ("The army confirmed that two soldiers were killed.", "confirmed",
     "that two soldiers were killed", "confirming"),
    ("The company denied that it had paid the officials.", "denied",
     "that it had paid the officials", "denying"),
    ("The governor claimed that the fire was set on purpose.", "claimed",
     "that the fire was set on purpose", "distancing"),
    ("The minister indicated that taxes might rise.", "indicated", "that taxes might rise",
     "hedged"),
])
def test_reported_speech_without_quotes(run, text, cue, content, stance):
    s, _ = one(run, text)
    assert (s.cue, s.content, s.stance, s.kind) == (cue, content, stance, "indirect")


def test_cue_keeps_its_auxiliaries(run):
    s, _ = one(run, "The agency has repeatedly denied that it spied on the talks.")
    assert s.cue == "has repeatedly denied"


def test_parenthetical_attribution(run):
    text = "The deal, officials said, will be signed next week."
    s, _ = one(run, text)
    assert s.speaker_text == "officials" and s.cue == "said"
    assert s.content == "The deal, officials said, will be signed next week"


def test_pronoun_speaker_resolves_to_the_named_person(run):
    stmts, names = run("Prime Minister Anna Berg arrived in Oslo on Monday. "
                       "She said that the treaty would be signed soon.")
    (s,) = stmts
    assert s.speaker_text == "She"
    assert "Anna Berg" in names[s.speaker]


def test_title_speaker_resolves_to_the_named_person(run):
    stmts, names = run("Foreign Minister Karl Weber met his Spanish counterpart on Tuesday. "
                       "The foreign minister said that the talks had been productive.")
    (s,) = stmts
    assert s.speaker_text == "The foreign minister"
    assert "Karl Weber" in names[s.speaker]


def test_apposition_speaker(run):
    s, names = one(run, "The chief negotiator, Maria Lopez, confirmed that a deal had been reached.")
    assert s.speaker_text.startswith("The chief negotiator, Maria Lopez")
    assert "Maria Lopez" in names[s.speaker]


def test_relative_pronoun_speaker_resolves_to_its_antecedent(run):
    s, names = one(run, "The talks were led by Tom Hill, who said that progress was slow.")
    assert s.speaker_text == "who"
    assert "Tom Hill" in names[s.speaker]


def test_participle_shares_the_subject(run):
    stmts, _ = run("The senator rejected the plan, arguing that it would raise prices.")
    arguing = [s for s in stmts if s.cue == "arguing"]
    assert arguing and arguing[0].speaker_text == "The senator"
    assert arguing[0].content == "that it would raise prices"


def test_headline_colon_attribution(run):
    s, _ = one(run, "Lavrov: “Talks with Kyiv will continue next month.”\n\nThe meeting ended early.")
    assert (s.speaker_text, s.cue, s.kind) == ("Lavrov", ":", "direct")


def test_cue_inside_a_quote_is_not_a_second_statement(run):
    s, _ = one(run, "“I think we can win the election,” he said.")
    assert s.cue == "said"


@pytest.mark.parametrize("text", [
    "We watched “Casablanca” on Sunday.",                        # a quoted film title
    "The so-called “peace plan” was published on Monday.",       # scare quotes
    "Rebels Seize Airport in Northern Offensive\n\nFighting continued across the region.",
    "Ukraine has not claimed responsibility for the attack.",    # a deed, not a statement
])
def test_no_statement(run, text):
    stmts, _ = run(text)
    assert stmts == []


def test_example_article(extract_text):
    path = shared_path("examples", "ceasefire-2025-06-04.txt")
    res = extract_text(path.read_text(encoding="utf-8"), published="2025-06-04")
    names = {a.id: a.name for a in res.actors}
    by_cue = {}
    for s in res.statements:
        by_cue.setdefault(s.cue.split()[-1].lower() if s.cue != "According to" else "according to",
                          []).append(s)
    putin = {by_cue[c][0].speaker for c in ("stated", "alleged", "claiming", "according to")}
    assert len(putin) == 1 and "Putin" in names[putin.pop()]
    assert "Lavrov" in names[by_cue["informed"][0].speaker]
    assert "Medinsky" in names[by_cue["confirmed"][0].speaker]
    assert "Zelensky" in names[by_cue["indicated"][0].speaker]
    assert by_cue["alleged"][0].stance == "distancing"
    assert by_cue["confirmed"][0].stance == "confirming"
    assert by_cue["stated"][0].kind == "direct"


def test_negated_cue_is_hedged(run):
    s, _ = one(run, "The ministry did not deny that troops had crossed the border.")
    assert (s.cue, s.stance) == ("did not deny", "hedged")


def test_speaker_of_a_participle_after_a_preposition(run):
    stmts, _ = run("The envoy left the talks after saying that no deal was possible.")
    saying = [s for s in stmts if s.cue == "saying"]
    assert saying and saying[0].speaker_text == "The envoy"
    assert saying[0].content == "that no deal was possible"
