"""The sentence pre-filter: parse only the sentences that can hold an event or a statement.

How it works (off by default; `Pipeline(prefilter=True)`, `--prefilter` on the command line):

1. The article is tokenized only (`nlp.make_doc`, cheap) and cut into sentences by rules: after
   . ! ? (and a closing quote or bracket) before a capital, digit or quote, and at line breaks.
2. A sentence is kept when one of its tokens is a surface form of a word in the extractors'
   lexicons (cue verbs and nouns, event triggers: gathered from the modules under
   eventwire.extractors, see `lexicon`), or a word whose vector is near a lexicon verb's (the
   events extractor falls back on word vectors, see `VectorBackoff`), or when it overlaps a
   quotation (extract.quotes when it exists, else any quotation mark). With `context=1` (the
   default) the sentence before a kept one is kept too, so that a name that a later "he said"
   points back to is still parsed.
   A stretch of skippable text shorter than MIN_SKIP_CHARS is parsed anyway.
3. Runs of consecutive kept sentences are parsed together by the full pipeline (one `nlp.pipe`
   call over all runs of a batch of articles); every other sentence becomes an unparsed Doc with
   only a flat sentence (its first token is the root, no tags, lemmas or entities).
4. `Doc.from_docs` joins the pieces back in order without adding whitespace, so the result is one
   Doc over exactly the original text: every token offset, and so every offset in the output, is
   the same as with the full parse. Only the skipped sentences lack annotations.

What this can change, and why it must be measured (`eventwire bench --compare-prefilter`): the
parser decides sentence boundaries itself, so sentence numbers after a skipped stretch may differ;
the tagger and parser see a few words of context across the edge of a run; and entities in
skipped sentences are not found (actor mentions, names that a later pronoun resolves to).

How far any such filter can go (`oracle_plan`, the second table of `--compare-prefilter`): on
wire news, the sentences where the full run finds an event or a statement hold about 71% of
the text, so even a filter that knew the results parses that much, and it still changes
records, because actors are named from the whole document (see BENCHMARKS.md).
"""
from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.tokens import Doc

MIN_SKIP_CHARS = 200  # shorter stretches of skippable text are parsed anyway (see `plan`)
QUOTE_CHARS = frozenset('"“”„«»‹›‘’')
SENT_END = frozenset(".!?…")
CLOSERS = frozenset('"”’\')]»')
OPENERS = frozenset('"“‘\'([«')

# module-level lexicon containers are recognised by name: uppercase, containing one of these
# (trigger and cue tables), and none of the EXCLUDE parts (actor nouns, words that only pass
# the event on to their complement); tuple keys ("call", "for") count by their first word
LEXICON_NAME_PARTS = ("CUES", "VERBS", "NOUNS", "NOUN_CODES", "VERB_TYPES", "PHRASAL",
                      "ACCORDING", "TRIGGER", "PREFILTER_TERMS")
# PRONOUNS would pass for NOUNS; NOT_CUES are words that are never cues; LIGHT_VERBS, PART_NOUNS,
# FORCE_NOUNS and OCCUR_VERBS only ever count beside a word of another table (the noun after
# "launched", "strengthened", "a second round of"), so that word keeps the sentence
LEXICON_NAME_EXCLUDE = ("ROLE", "TRANSPARENT", "ACTOR", "PRONOUN", "NOT_", "LIGHT", "PART_",
                        "FORCE_", "OCCUR")
# words in a lexicon that say nothing on their own (the particle of "call for", "according to")
FUNCTION_WORDS = frozenset("""a an the to of for on in out off up down over about at by with from
    into onto upon as and or but nor so if than that this these those it its he she they we you i
    be is are was were been being do does did have has had not no""".split())

# never the verb that the vector back-off types (whatever their vectors are near)
NOT_VERBS = FUNCTION_WORDS | frozenset("""my your his our their them him her us me its which who
    whom whose what when where why how all any both each few more most other some such only own
    same than too very just also now then there here new old last next first after before while
    because since until although though if whether not never no yes one two three four five six
    seven eight nine ten hundred thousand million billion year years day days week weeks month
    months time people percent per mr mrs ms dr will would can could may might must shall should
    """.split())

# irregular verb forms (base -> forms); prefixed verbs ("withdraw", "overthrow") reuse them
IRREGULAR = {
    "say": "said", "tell": "told", "think": "thought", "speak": "spoke spoken", "write": "wrote written",
    "hold": "held", "meet": "met", "fight": "fought", "strike": "struck stricken", "seek": "sought",
    "give": "gave given", "take": "took taken", "make": "made", "bring": "brought",
    "throw": "threw thrown", "lead": "led", "send": "sent", "leave": "left", "lose": "lost",
    "win": "won", "buy": "bought", "sell": "sold", "begin": "began begun", "break": "broke broken",
    "choose": "chose chosen", "come": "came", "do": "did done", "draw": "drew drawn",
    "drive": "drove driven", "fall": "fell fallen", "feel": "felt", "find": "found", "flee": "fled",
    "forbid": "forbade forbidden", "freeze": "froze frozen", "get": "got gotten", "go": "went gone",
    "grow": "grew grown", "hear": "heard", "hide": "hid hidden", "keep": "kept", "know": "knew known",
    "lay": "laid", "mean": "meant", "pay": "paid", "rise": "rose risen", "run": "ran",
    "see": "saw seen", "shake": "shook shaken", "shoot": "shot", "show": "shown", "sink": "sank sunk",
    "sit": "sat", "spend": "spent", "stand": "stood", "steal": "stole stolen", "stick": "stuck",
    "swear": "swore sworn", "teach": "taught", "tear": "tore torn", "build": "built",
    "catch": "caught", "deal": "dealt", "dig": "dug", "feed": "fed", "hang": "hung",
    "ride": "rode ridden", "slide": "slid", "swing": "swung", "wear": "wore worn", "weep": "wept",
    "bear": "bore borne", "beat": "beaten", "become": "became", "forget": "forgot forgotten",
    "arise": "arose arisen", "bind": "bound", "blow": "blew blown", "burn": "burnt",
    "light": "lit", "shed": "shed", "split": "split", "spread": "spread", "quit": "quit",
    "put": "put", "set": "set", "cut": "cut", "hit": "hit", "hurt": "hurt", "let": "let",
    "shut": "shut", "bid": "bid", "forecast": "forecast", "broadcast": "broadcast",
    "wake": "woke woken", "undergo": "underwent undergone", "slay": "slew slain",
}


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Lemmas the extractors react to, gathered from module-level containers in eventwire.extractors.

    A module can also declare words outright in `PREFILTER_TERMS`. The list errs on the side of
    keeping: a word too many costs a parse, a word too few loses an event or a statement.
    """
    extract = importlib.import_module(f"{__package__}.extractors")
    words: set[str] = set()
    mods = [extract] + [importlib.import_module(f"{extract.__name__}.{m.name}")
                        for m in pkgutil.iter_modules(extract.__path__)]
    for mod in mods:
        for name, val in vars(mod).items():
            if not name.isupper() or not any(p in name for p in LEXICON_NAME_PARTS):
                continue
            if any(p in name for p in LEXICON_NAME_EXCLUDE):
                continue
            if isinstance(val, (dict, set, frozenset, list, tuple)):
                for item in val:
                    words.update(_words_of(item))
    return frozenset(w for w in words if w not in FUNCTION_WORDS)


def _words_of(item) -> Iterator[str]:
    if isinstance(item, str):
        for w in item.replace("_", " ").replace("-", " ").split():
            if w.isalpha() and w.islower() and len(w) > 1:
                yield w
    elif isinstance(item, tuple) and item:
        yield from _words_of(item[0])


def inflections(lemma: str) -> set[str]:
    """Surface forms of a verb or noun lemma (regular endings plus the irregular table)."""
    w = lemma
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "ers"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w[:-1] + "ion", w[:-1] + "ions"}
    if w.endswith("y") and len(w) > 2:
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    for base, irr in IRREGULAR.items():
        if w.endswith(base):
            prefix = w[: len(w) - len(base)]
            forms |= {prefix + f for f in irr.split()}
    return forms


@lru_cache(maxsize=1)
def surface_forms() -> frozenset[str]:
    out: set[str] = set()
    for lemma in lexicon():
        out |= inflections(lemma)
    return frozenset(out)


def _lemma_guesses(word: str) -> set[str]:
    """Lemmas a surface form may have (regular endings undone, irregular forms looked up)."""
    out = {word}
    for suf, rep in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                     ("d", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(suf) and len(word) > len(suf) + 1:
            stem = word[: -len(suf)] + rep
            out.add(stem)
            if rep == "" and len(stem) > 2 and stem[-1] == stem[-2]:
                out.add(stem[:-1])  # "shelled" -> "shell" is covered; "planned" -> "plan"
    out.update(_IRREGULAR_BASE.get(word, ()))
    return out


_IRREGULAR_BASE: dict[str, set[str]] = {}
for _base, _forms in IRREGULAR.items():
    for _f in _forms.split():
        _IRREGULAR_BASE.setdefault(_f, set()).add(_base)


class VectorBackoff:
    """Words whose vector is near a lexicon verb's, for an extractor that falls back on word
    vectors (eventwire.extractors.event_similar): a sentence with one of them is kept too.

    Every row of the vectors table is compared once with the lexicon verbs' matrix; a word
    counts when its own row, or the row of a lemma it may have, reaches THRESHOLD: a little
    below the 0.62 that events.py asks of a verb found by similarity (the extractor compares
    lemmas, which we can only guess here). Lowercase words only: the back-off types verbs.
    """

    THRESHOLD = 0.60

    def __init__(self, vocab):
        import importlib

        import numpy as np

        self.vocab = vocab
        self.rows: frozenset[int] = frozenset()
        self._cache: dict[str, bool] = {}
        try:
            sim = importlib.import_module(f"{__package__}.extractors.event_similar")
            words, mat = sim._matrix(vocab)
        except (ImportError, AttributeError, TypeError):
            return  # no vector back-off in the extractors: nothing to add
        data = vocab.vectors.data
        if not len(words) or not data.shape[0]:
            return
        data = np.asarray(data)
        norms = np.linalg.norm(data, axis=1)
        norms[norms == 0] = 1.0
        best = ((data / norms[:, None]) @ np.asarray(mat).T).max(axis=1)
        self.rows = frozenset(np.nonzero(best >= self.THRESHOLD)[0].tolist())

    def hit(self, word: str) -> bool:
        got = self._cache.get(word)
        if got is None:
            vectors = self.vocab.vectors
            got = False
            for lemma in _lemma_guesses(word):
                row = vectors.find(key=lemma) if lemma in self.vocab.strings else -1
                if row >= 0 and row in self.rows:
                    got = True
                    break
            if len(self._cache) > 500_000:  # a long stream must not grow it without end
                self._cache.clear()
            self._cache[word] = got
        return got


_BACKOFFS: dict[int, VectorBackoff] = {}


def vector_backoff(vocab) -> VectorBackoff:
    key = id(vocab)
    if key not in _BACKOFFS:
        _BACKOFFS[key] = VectorBackoff(vocab)
    return _BACKOFFS[key]


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges [start, end) of rule-based sentences covering the whole (unparsed) doc."""
    n = len(doc)
    if n == 0:
        return []
    starts = [0]
    for i in range(1, n):
        prev, cur = doc[i - 1], doc[i]
        if cur.is_space:
            continue
        if prev.is_space and "\n" in prev.text:
            starts.append(i)
            continue
        if not prev.whitespace_ and not prev.is_space:
            continue
        first = cur.text[0]
        if not (first.isupper() or first.isdigit() or first in OPENERS):
            continue
        ptxt = prev.text
        if prev.is_space and i >= 2:
            prev = doc[i - 2]
            ptxt = prev.text
        if ptxt and ptxt[-1] in SENT_END and prev.is_punct:
            starts.append(i)
        elif ptxt in CLOSERS and prev.i >= 1 and doc[prev.i - 1].text[-1:] in SENT_END:
            starts.append(i)
    ends = starts[1:] + [n]
    return list(zip(starts, ends))


def _quote_spans(text: str) -> list[tuple[int, int]]:
    try:
        from .extractors.quotes import find_quotes
    except ImportError:
        return []
    try:
        return [(q.start, q.end) for q in find_quotes(text)]
    except Exception:  # a quote finder that fails on odd text must not fail the pre-filter
        return []


@dataclass
class Plan:
    """Contiguous character pieces of one text, each parsed (keep=True) or left unparsed."""

    text: str
    pieces: list[tuple[int, int, bool]]  # (start_char, end_char, keep)

    @property
    def kept_chars(self) -> int:
        return sum(e - s for s, e, k in self.pieces if k)


def settings() -> dict[str, int]:
    """The pre-filter's settings: the defaults, changed by EVENTWIRE_PREFILTER for experiments,
    e.g. EVENTWIRE_PREFILTER="context=0,min_skip=0,backoff=0" (every difference that makes
    shows in `eventwire bench --compare-prefilter`)."""
    import os

    out = {"context": 1, "min_skip": MIN_SKIP_CHARS, "backoff": 1}
    for item in os.environ.get("EVENTWIRE_PREFILTER", "").split(","):
        key, sep, val = item.strip().partition("=")
        if not key:
            continue
        if key not in out or not sep or not val.strip().isdigit():
            from .errors import UsageError

            raise UsageError(f"EVENTWIRE_PREFILTER: {item!r} is not one of "
                             f"{', '.join(k + '=N' for k in out)}")
        out[key] = int(val)
    return out


def plan(doc: Doc, context: int | None = None, min_skip: int | None = None) -> Plan:
    """Which sentences of the tokenized (unparsed) `doc` to parse; see the module docstring."""
    text = doc.text
    spans = sentence_spans(doc)
    forms = surface_forms()
    conf = settings()
    context = conf["context"] if context is None else context
    backoff = vector_backoff(doc.vocab) if conf["backoff"] else None
    quotes = _quote_spans(text)
    bounds = _char_bounds(doc, spans)
    keep = []
    for (s, e), (cs, ce) in zip(spans, bounds):
        hit = any(t.lower_ in forms for t in doc[s:e])
        if not hit and backoff is not None and backoff.rows:
            hit = any(backoff.hit(t.text) for t in doc[s:e]
                      if t.is_alpha and t.is_lower and t.text not in NOT_VERBS)
        if not hit:
            hit = any(qs < ce and cs < qe for qs, qe in quotes) if quotes else any(
                t.text[0] in QUOTE_CHARS for t in doc[s:e])
        keep.append(hit)
    if context:
        base = list(keep)
        for i, k in enumerate(base):
            if k:
                for j in range(max(0, i - context), i):
                    keep[j] = True
    # a stretch of skippable sentences shorter than MIN_SKIP_CHARS is parsed all the same: it
    # saves little, and every cut moves the parser's sentence boundaries and context
    i = 0
    while i < len(keep):
        if keep[i]:
            i += 1
            continue
        j = i
        while j < len(keep) and not keep[j]:
            j += 1
        if bounds[j - 1][1] - bounds[i][0] < (conf["min_skip"] if min_skip is None else min_skip):
            keep[i:j] = [True] * (j - i)
        i = j
    return _pieces(text, bounds, keep)


def _char_bounds(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges of token ranges that cover the doc: each runs to the next one's start."""
    return [(doc[s].idx, doc[e].idx if e < len(doc) else len(doc.text)) for s, e in spans]


def _pieces(text: str, bounds: list[tuple[int, int]], keep: list[bool]) -> Plan:
    """The plan for sentences at `bounds`, kept or not: runs of kept ones merged (parsed together)."""
    pieces: list[tuple[int, int, bool]] = []
    if bounds:
        bounds[0] = (0, bounds[0][1])  # leading whitespace belongs to the first piece
    for (cs, ce), k in zip(bounds, keep):
        if pieces and pieces[-1][2] and k:
            pieces[-1] = (pieces[-1][0], ce, True)
        else:
            pieces.append((cs, ce, k))
    return Plan(text, pieces)


def _flat_doc(nlp, text: str) -> Doc:
    # one sentence without annotations: the first token heads the others, so sentence
    # boundaries survive Doc.from_docs (which recomputes them from heads)
    d = nlp.make_doc(text)
    n = len(d)
    return Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d],
               heads=[0] * n, deps=["ROOT"] + ["dep"] * (n - 1))


def join(nlp, pl: Plan, parsed: list[Doc]) -> Doc:
    """One Doc over `pl.text`: the parsed runs (in order) and flat docs for skipped pieces."""
    if not pl.pieces:
        return nlp.make_doc(pl.text)
    parts: list[Doc] = []
    it = iter(parsed)
    for s, e, k in pl.pieces:
        if k:
            parts.append(next(it))
        else:  # each skipped rule-based sentence is a piece, and stays one sentence
            parts.append(_flat_doc(nlp, pl.text[s:e]))
    if len(parts) == 1 and pl.pieces[0][2]:
        return parts[0]
    doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
    if doc.text != pl.text:  # cannot happen with contiguous pieces; guard the offset contract
        raise AssertionError("pre-filter changed the text; offsets would be wrong")
    return doc


def plan_text(nlp, text: str, context: int | None = None, min_skip: int | None = None) -> Plan:
    """The plan for one text: runs of kept sentences, and each skipped sentence on its own."""
    return plan(nlp.make_doc(text), context, min_skip)


def pipe(nlp, texts: Iterable[str], batch_size: int = 32, context: int | None = None,
         min_skip: int | None = None) -> Iterator[Doc]:
    """Like nlp.pipe(texts), but parsing only the kept sentences; one Doc per text, in order."""
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= batch_size:
            yield from _pipe_batch(nlp, batch, batch_size, context, min_skip)
            batch = []
    if batch:
        yield from _pipe_batch(nlp, batch, batch_size, context, min_skip)


def _pipe_batch(nlp, texts: list[str], batch_size: int, context: int | None,
                min_skip: int | None) -> Iterator[Doc]:
    yield from parse_plans(nlp, [plan_text(nlp, t, context, min_skip) for t in texts], batch_size)


def parse_plans(nlp, plans: list[Plan], batch_size: int = 32) -> Iterator[Doc]:
    """One Doc per plan: its kept pieces parsed (in one `nlp.pipe` call), the others flat."""
    run_texts = [pl.text[s:e] for pl in plans for s, e, k in pl.pieces if k]
    parsed = iter(nlp.pipe(run_texts, batch_size=batch_size))
    for pl in plans:
        mine = [next(parsed) for _s, _e, k in pl.pieces if k]
        yield join(nlp, pl, mine)


def record_spans(res) -> list[tuple[int, int]]:
    """Character spans of what a result found: event triggers, statement contents and cues."""
    out = [(e.trigger_start, e.trigger_end) for e in res.events]
    for s in res.statements:
        out.append((s.start, s.end))
        if s.cue_start is not None and s.cue_end is not None:
            out.append((s.cue_start, s.cue_end))
    return out


def oracle_plan(nlp, text: str, res) -> Plan:
    """The plan of a filter that knew the results in advance: it keeps exactly the rule-based
    sentences that overlap something `res` (the full run's result) found, and nothing else.
    Every real filter keeps at least this much text if it is to lose nothing, so its time is
    the floor of what a pre-filter can reach with these extractors."""
    doc = nlp.make_doc(text)
    spans = record_spans(res)
    bounds = _char_bounds(doc, sentence_spans(doc))
    return _pieces(text, bounds, [any(a < ce and cs < b for a, b in spans) for cs, ce in bounds])


# --- recall: what the pre-filter changes ------------------------------------------------------

def _keys(res, strict: bool) -> Counter:
    """The events and statements of one result, as comparable keys (ids left out: they number
    things in order, so they shift when anything before them changes)."""
    names = {a.id: a.name for a in res.actors}
    keys: Counter = Counter()
    for e in res.events:
        k = ("event", e.type, e.trigger_start, e.trigger_end)
        if strict:
            k += (e.cameo, e.mode, e.status, e.evidence.start, e.evidence.end,
                  names.get(e.source), names.get(e.target), e.date.value, e.location.name)
        keys[k] += 1
    for s in res.statements:
        k = ("statement", s.start, s.end, s.cue_start, s.cue_end)
        if strict:
            k += (s.kind, s.speaker_start, s.speaker_end, names.get(s.speaker))
        keys[k] += 1
    return keys


def _sentences(res) -> dict[tuple, int]:
    out = {("event", e.trigger_start, e.type): e.evidence.sentence for e in res.events}
    out.update({("statement", s.start, s.end): s.sentence for s in res.statements})
    return out


def compare(name: str, articles: list, model: str | None = None, batch_size: int = 32,
            context: int | None = None, examples: int = 5, oracle: bool = False) -> dict:
    """Run the pipeline with and without the pre-filter on `articles`; every difference found.

    strict: same events (type, trigger, cameo, mode, status, evidence, source and target names,
    date, place) and statements (content, cue, kind, speaker span and name); loose: same events
    by type and trigger and statements by content and cue spans. `sentence_changed` counts the
    matched records whose sentence number differs. With `oracle`, also the floor (`_oracle`).
    """
    import time

    from .pipeline import Pipeline

    from .runner import WARM_UP

    plain = Pipeline(model, batch_size=batch_size)
    filtered = Pipeline(model, batch_size=batch_size, prefilter=True)
    list(plain.process([WARM_UP]))  # tables the extractors load on first use, out of the timing
    list(filtered.process([WARM_UP]))
    out = {"dataset": name, "articles": len(articles), "settings": settings()}
    # the pre-filter runs first: caches the extractors fill on the way favour the plain run,
    # so the ratio errs against the pre-filter (`eventwire bench --prefilter` interleaves runs)
    t0 = time.perf_counter()
    b = list(filtered.process(articles))
    t1 = time.perf_counter()
    a = list(plain.process(articles))
    t2 = time.perf_counter()
    out["seconds_plain"], out["seconds_prefilter"] = round(t2 - t1, 2), round(t1 - t0, 2)
    out["ratio"] = round((t1 - t0) / (t2 - t1), 3) if t2 > t1 else None
    kept = total = 0
    for art in articles:
        if art.text and art.text.strip():
            pl = plan_text(plain.nlp, art.text, context)
            kept += pl.kept_chars
            total += len(art.text)
    out["kept_fraction"] = round(kept / total, 3) if total else None
    out.update(_diff(articles, a, b, examples))
    if oracle:
        out["oracle"] = _oracle(plain, articles, a, examples, t2 - t1)
    return out


def _oracle(plain, articles: list, a: list, examples: int, seconds_plain: float) -> dict:
    """The floor: parse only the sentences where the full run found something (`oracle_plan`),
    time it, and say what changes even then (names of actors first named in a skipped
    sentence, sentences cut where the parser would not cut them)."""
    import time

    from .extractors import extract_doc
    from .pipeline import Failure

    pairs = [(art, res) for art, res in zip(articles, a) if not isinstance(res, Failure)]
    plans = [oracle_plan(plain.nlp, art.text, res) for art, res in pairs]
    t0 = time.perf_counter()
    for art in articles:  # a real filter tokenizes and plans every text: count that too
        if art.text and art.text.strip():
            sentence_spans(plain.nlp.make_doc(art.text))
    got = [extract_doc(doc, art, kb=plain.kb)
           for (art, _r), doc in zip(pairs, parse_plans(plain.nlp, plans, plain.batch_size))]
    seconds = time.perf_counter() - t0
    total = sum(len(pl.text) for pl in plans)
    out = {"kept_fraction": round(sum(pl.kept_chars for pl in plans) / total, 3) if total else None,
           "seconds": round(seconds, 2),
           "ratio": round(seconds / seconds_plain, 3) if seconds_plain > 0 else None}
    out.update(_diff([p[0] for p in pairs], [p[1] for p in pairs], got, examples))
    return out


def _diff(articles: list, a: list, b: list, examples: int) -> dict:
    """What the results `b` lose and add against `a`, article by article (see `compare`)."""
    from .pipeline import Failure

    out: dict = {}
    counts = Counter()
    diffs = []
    for art, ra, rb in zip(articles, a, b):
        if isinstance(ra, Failure) or isinstance(rb, Failure):
            if isinstance(ra, Failure) != isinstance(rb, Failure):
                counts["failure_changed"] += 1
            continue
        for mode in ("strict", "loose"):
            ka, kb = _keys(ra, mode == "strict"), _keys(rb, mode == "strict")
            missing, extra = ka - kb, kb - ka
            for kind in ("event", "statement"):
                counts[f"{kind}s_plain_{mode}"] += sum(v for k, v in ka.items() if k[0] == kind)
                counts[f"{kind}s_missing_{mode}"] += sum(v for k, v in missing.items() if k[0] == kind)
                counts[f"{kind}s_extra_{mode}"] += sum(v for k, v in extra.items() if k[0] == kind)
            if mode == "strict" and (missing or extra) and len(diffs) < examples:
                diffs.append({"article": art.id, "missing": [list(k) for k in missing],
                              "extra": [list(k) for k in extra]})
        sa, sb = _sentences(ra), _sentences(rb)
        counts["sentence_changed"] += sum(1 for k, v in sa.items() if k in sb and sb[k] != v)
    out.update({k: counts.get(k, 0) for k in (
        "events_plain_strict", "events_missing_strict", "events_extra_strict",
        "statements_plain_strict", "statements_missing_strict", "statements_extra_strict",
        "events_missing_loose", "events_extra_loose", "statements_missing_loose",
        "statements_extra_loose", "sentence_changed", "failure_changed")})
    out["same"] = not any(counts.get(k, 0) for k in counts if "missing" in k or "extra" in k
                          or k == "failure_changed")
    out["examples"] = diffs
    return out
