"""The sentence pre-filter: which sentences are parsed, and offsets exactly as in the full parse."""
from __future__ import annotations

from eventwire import prefilter
from eventwire.model import Article
from eventwire.pipeline import Pipeline

TEXT = (
    "The sky was blue. "
    "The foreign minister of Norland said on Monday that the talks had collapsed. "
    "Farmers in the south grew more wheat this year.\n\n"
    "\"We will not give up the border villages,\" he added. "
    "This is it."
)


def test_lexicon_comes_from_the_extractors_and_is_inflected():
    lex = prefilter.lexicon()
    assert "say" in lex
    assert "to" not in lex and "the" not in lex  # function words never decide
    forms = prefilter.surface_forms()
    assert {"said", "says", "saying", "told"} <= forms
    assert "withdrew" in prefilter.inflections("withdraw")


def test_rule_sentences_cover_the_text(nlp):
    doc = nlp.make_doc(TEXT)
    spans = prefilter.sentence_spans(doc)
    assert spans[0][0] == 0 and spans[-1][1] == len(doc)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    firsts = [doc[s].text for s, _ in spans]
    assert firsts == ["The", "The", "Farmers", "\"", "This"]
    # "U.S." and "Mr." do not end a sentence
    doc2 = nlp.make_doc("U.S. officials met Mr. Smith in Geneva. They talked.")
    assert len(prefilter.sentence_spans(doc2)) == 2


def test_plan_keeps_cue_and_quote_sentences_only(nlp):
    bland = {"the", "sky", "was", "blue", "this", "is", "it"}
    backoff = prefilter.vector_backoff(nlp.vocab)
    assert not bland & prefilter.surface_forms(), "the test's bland sentences became triggers"
    assert not any(backoff.hit(w) for w in bland - prefilter.NOT_VERBS), \
        "a word of the test's bland sentences is near a lexicon verb now"
    pl = prefilter.plan_text(nlp, TEXT, context=0, min_skip=0)
    assert pl.pieces[0][0] == 0 and pl.pieces[-1][1] == len(TEXT)
    assert all(a[1] == b[0] for a, b in zip(pl.pieces, pl.pieces[1:]))
    kept = [TEXT[s:e] for s, e, k in pl.pieces if k]
    skipped = [TEXT[s:e] for s, e, k in pl.pieces if not k]
    assert any("said on Monday" in k for k in kept)
    assert any("he added" in k for k in kept)
    assert any(s.startswith("The sky") for s in skipped)
    assert any(s.startswith("This is it") for s in skipped)
    with_context = prefilter.plan_text(nlp, TEXT, context=1, min_skip=0)
    assert with_context.kept_chars > pl.kept_chars  # "The sky ..." precedes a kept sentence
    # by default, stretches this short are not worth a cut: everything is parsed
    assert prefilter.plan_text(nlp, TEXT, context=0).kept_chars == len(TEXT)


def test_filtered_docs_keep_every_offset(nlp):
    texts = [TEXT, "The sky was blue.", "Norland said it would talk."]
    docs = list(prefilter.pipe(nlp, texts, batch_size=2, context=0, min_skip=0))
    full = list(nlp.pipe(texts))
    assert [d.text for d in docs] == texts
    for d, f in zip(docs, full):
        assert [(t.idx, t.text) for t in d] == [(t.idx, t.text) for t in f]
    d = docs[0]
    # the kept sentence is parsed: a verb with a subject; the skipped one has no tags
    said = next(t for t in d if t.text == "said")
    assert said.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in said.children)
    first = d[0]
    assert first.pos_ == "" and first.lemma_ == ""
    # every entity found points at the same characters as in the text
    for ent in d.ents:
        assert TEXT[ent.start_char:ent.end_char] == ent.text
    assert "Norland" in [e.text for e in d.ents]
    # skipped sentences stay sentences of their own
    starts = [s.start_char for s in d.sents]
    assert 0 in starts and TEXT.index("This is it") in starts


def test_pipeline_with_prefilter_finds_what_the_full_parse_finds(pipeline):
    art = Article(text=TEXT, id="pf1", published="2025-06-04")
    (plain,) = list(pipeline.process([art]))
    filtered = Pipeline(prefilter=True)
    (res,) = list(filtered.process([art]))
    assert res.article.id == "pf1"
    report = prefilter.compare("t", [art])
    assert report["articles"] == 1
    # the statement in the kept sentences is found with both
    assert [(s.start, s.end, s.cue_start) for s in res.statements] == \
        [(s.start, s.end, s.cue_start) for s in plain.statements]
    assert report["statements_missing_loose"] == 0


def test_settings_come_from_the_environment(monkeypatch):
    import pytest

    from eventwire.errors import UsageError

    monkeypatch.setenv("EVENTWIRE_PREFILTER", "context=0, backoff=0")
    conf = prefilter.settings()
    assert conf["context"] == 0 and conf["backoff"] == 0
    assert conf["min_skip"] == prefilter.MIN_SKIP_CHARS
    monkeypatch.setenv("EVENTWIRE_PREFILTER", "contxt=2")
    with pytest.raises(UsageError, match="contxt"):
        prefilter.settings()


def test_lexicon_leaves_out_tables_that_never_trigger_alone():
    lex = prefilter.lexicon()
    # pronoun tables ("PRONOUNS" contains "NOUNS") and the statements' list of non-cues
    assert not {"his", "their", "him", "them"} & lex
    # words that count only beside a word of another table ("part of", "military" after
    # "strengthened")
    assert "part" not in lex and "military" not in lex
    # words that event frames test by name, outside the tables, keep their sentence
    from eventwire.extractors import event_frames

    assert event_frames.PREFILTER_TERMS <= lex
    assert {"violated", "postponed", "breaches"} <= prefilter.surface_forms()


def test_oracle_plan_keeps_exactly_the_sentences_with_a_record(nlp, pipeline):
    art = Article(text=TEXT, id="pf2", published="2025-06-04")
    (res,) = list(pipeline.process([art]))
    assert res.statements, "the test text's statement is not found any more"
    pl = prefilter.oracle_plan(nlp, TEXT, res)
    assert pl.pieces[0][0] == 0 and pl.pieces[-1][1] == len(TEXT)
    kept = [TEXT[s:e] for s, e, k in pl.pieces if k]
    skipped = [TEXT[s:e] for s, e, k in pl.pieces if not k]
    assert any("said on Monday" in k for k in kept)
    assert any(s.startswith("The sky") for s in skipped)
    spans = prefilter.record_spans(res)
    for s, e, k in pl.pieces:  # a piece is kept exactly when a record overlaps it
        assert k == any(a < e and s < b for a, b in spans)
    (doc,) = list(prefilter.parse_plans(nlp, [pl]))
    assert doc.text == TEXT
