"""The faster attribute ruler and lemmatizer change no annotation: eventwire's pipeline against
the stock one."""
from __future__ import annotations

TEXTS = [
    "The ministers said on Monday that the talks had collapsed, and Estavia's forces withdrew.",
    "She was running; they've been told the prices rose. Ukrainian officials ain't gonna retreat.",
    "I dunno, he said: we gotta go. Cannot, won't, shan't, y'all.   Tabs\tand  spaces.",
    "\n\n\"We will not sign,\" the prime minister told reporters.  Dock workers protested.\n",
    "",
]


def _annotations(doc):
    return [(t.text, t.lemma_, t.pos_, t.tag_, t.morph.key, t.dep_, t.head.i, t.ent_iob_,
             t.ent_type_, t.is_sent_start) for t in doc]


def test_faster_components_give_the_stock_annotations(nlp):
    from eventwire import nlp as nlp_mod

    assert type(nlp.get_pipe("lemmatizer")).__name__ == "CachedLemmatizer"
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "FastAttributeRuler"
    stock = nlp_mod.load(stock=True)
    assert type(stock.get_pipe("lemmatizer")).__name__ != "CachedLemmatizer"
    assert stock.pipe_names == nlp.pipe_names
    for _ in range(2):  # the second time every answer comes from the cache
        for ours, theirs in zip(nlp.pipe(TEXTS), stock.pipe(TEXTS)):
            assert _annotations(ours) == _annotations(theirs)
    assert nlp.get_pipe("lemmatizer").cache and nlp.get_pipe("attribute_ruler").cache
    # the two-token rules ("ai n't", "gon na") are matched on the real Doc
    assert len(nlp.get_pipe("attribute_ruler").multi) > 0
