"""Attributed statements: who said what, with speaker, cue and content as character offsets.

One pass over the tokens finds cues (verbs and nouns of the lexicon in cues.py, "according to");
each cue takes its content from a direct quote beside it (quotes.py), else from its clausal,
infinitive or object complement in the dependency parse. The speaker is the cue's subject (or the
subject of the clause a participle hangs on), resolved to an actor by speakers.py.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Statement
from .cues import ACCORDING, PHRASAL, Cue, noun_stance, phrasal_cue, verb_cue
from .quotes import Quote, find_quotes, quote_at
from .speakers import SpeakerResolver

SUBJ = ("nsubj",)
PASSIVE = ("nsubjpass", "auxpass")
CUE_LEFT = ("aux", "neg", "advmod")
# children of a cue that may sit between the cue and a quote it introduces ("told reporters:")
BRIDGE = {"prep", "npadvmod", "advmod", "dative", "dobj", "agent", "nsubj", "prt", "obl"}
GAP_CHARS = set(" \t,:;—–-")
GAP_LEAD = set(" \t\n\r:")  # "he said:" may put the quote on the next line
RELATIVE = {"who", "which", "that", "whom"}
PARENTHETICAL = {"say", "add", "note", "write", "tell", "explain", "argue", "claim", "insist",
                 "acknowledge", "admit", "confirm", "predict", "warn", "think", "believe",
                 "report", "recall", "suggest", "contend", "allege", "estimate", "continue", "stress"}
# verbs with a that-clause that do not attribute it to their subject
NOT_CUES = {"be", "mean", "ensure", "make", "seem", "appear", "matter", "happen", "turn", "prove",
            "require", "depend", "insure", "guarantee", "add"}
CUE_LEFT_NOT = {"however", "then", "when", "to", "why", "how", "where", "instead"}
CONJ_CUT = {"call", "claim", "insist", "predict", "accuse", "tell", "argue", "deny", "suggest"}
# objects that make the verb an act, not a statement ("claimed responsibility", "asked questions")
NOT_CONTENT = {"responsibility", "credit", "victory", "life", "seat", "title", "prize", "territory",
               "question", "asylum", "power", "control", "reporter", "journalist"}


@dataclass
class _Found:
    cue: tuple[int, int]
    speaker: Span | None
    speaker_actor_span: Span | None
    content: tuple[int, int]
    kind: str
    stance: str
    sentence: int
    quotes: list[Quote]
    quote_first: bool = False


def extract_statements(doc: Doc, registry) -> list[Statement]:
    """Statements of `doc` in text order, ids s1, s2, ..."""
    text = doc.text
    quotes = find_quotes(text)
    sent_of = _sentence_numbers(doc)
    finder = _Finder(doc, quotes, sent_of)
    found: list[_Found] = []
    for tok in doc:
        f = finder.at(tok)
        if f is not None:
            found.append(f)
    found = _drop_duplicates(found)
    _extend_quote_runs(found, quotes, text)
    found = _drop_nested(found, quotes, text)
    resolver = SpeakerResolver(doc, registry)
    found.sort(key=lambda f: (min(f.cue[0], f.content[0]), f.cue[0]))
    out = []
    for f in found:
        actor, sp_text, sp_start, sp_end = None, None, None, None
        if f.speaker is not None:
            a = resolver.actor(f.speaker, f.speaker_actor_span)
            actor = a.id if a is not None else None
            sp_text, sp_start, sp_end = f.speaker.text, f.speaker.start_char, f.speaker.end_char
        s, e = f.content
        out.append(Statement(
            id=f"s{len(out) + 1}", speaker=actor, speaker_text=sp_text, speaker_start=sp_start,
            speaker_end=sp_end, cue=text[f.cue[0]:f.cue[1]], cue_start=f.cue[0], cue_end=f.cue[1],
            kind=f.kind, content=text[s:e], start=s, end=e, sentence=f.sentence, stance=f.stance))
    return out


def _sentence_numbers(doc: Doc) -> list[int]:
    out = [0] * len(doc)
    for si, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = si
    return out


class _Finder:
    def __init__(self, doc: Doc, quotes: list[Quote], sent_of: list[int]):
        self.doc = doc
        self.text = doc.text
        self.quotes = quotes
        self.starts = [q.start for q in quotes]
        self.sent_of = sent_of

    def at(self, tok: Token) -> _Found | None:
        if tok.lower_ == ACCORDING[0] and tok.i + 1 < len(self.doc) \
                and self.doc[tok.i + 1].lower_ == ACCORDING[1]:
            return self.according(tok)
        if tok.text == ":":
            return self.colon(tok)
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.lemma_ == "say"):
            cue = verb_cue(tok.lemma_) or phrasal_cue(tok) or self.that_clause_cue(tok)
            if cue is not None:
                return self.verb(tok, cue)
            return None
        if tok.pos_ == "NOUN":
            stance = noun_stance(tok.lemma_)
            if stance is not None:
                return self.noun(tok, stance)
        return None

    def that_clause_cue(self, tok: Token) -> Cue | None:
        """A verb outside the lexicon with a subject and a that-clause ("Cruz hinted that ...")."""
        if tok.lemma_ in NOT_CUES or not any(c.dep_ == "nsubj" for c in tok.children):
            return None
        for c in tok.children:
            if c.dep_ == "ccomp" and c.i > tok.i and any(
                    g.dep_ == "mark" and g.lower_ == "that" and g.i == c.left_edge.i for g in c.children):
                return Cue(tok.lemma_, "hedged", frozenset({"clause"}))
        return None

    # -- verbs ---------------------------------------------------------------------------
    def verb(self, tok: Token, cue: Cue) -> _Found | None:
        if any(c.dep_ in PASSIVE for c in tok.children) or tok.dep_ in ("amod", "compound"):
            return None
        subj, actor_span = self.subject(tok)
        cue_span = self.cue_span(tok)
        own = subj if subj is not None and subj.root.head.i == tok.i else None
        quote, first = self.adjacent_quote(tok, own, cue_span)
        stance = cue.stance
        prt = self.phrasal(tok)
        if prt is not None:
            cue_span = (cue_span[0], prt.idx + len(prt))
            stance = PHRASAL[(tok.lemma_, prt.lower_)]
        if any(c.dep_ == "neg" for c in tok.children):
            stance = "hedged"  # "did not deny", "has not confirmed": nothing said outright
        if quote:
            s, e = quote[0].start, quote[-1].end
            kind = "direct"
            if first:
                # 'Clinton "caused havoc," he said': the clause began before the quote did
                for c in tok.children:
                    if c.dep_ == "ccomp" and c.left_edge.idx < s and c.left_edge.i >= tok.sent.start \
                            and not self._in_quote(c.left_edge.idx) and not any(
                                t.text in ".?!" for t in self.doc[c.left_edge.i: c.i]):
                        s, kind = c.left_edge.idx, "mixed"
            return _Found(cue_span, subj, actor_span, (s, e), kind, stance,
                          self.sent_of[tok.i], quote, first)
        if cue.quote_only:
            return None
        content = self.complement(tok, cue, prt)
        if content is None and subj is not None:
            content = self.parenthetical(tok, subj)
        if content is None:
            return None
        if subj is None and tok.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl",
                                             "pcomp", "acl"):
            return None
        s, e = content
        for q in self.quotes_between(s, e):
            if q.end > e and q.closed and q.end - e < 400:
                e = q.end  # a quote opened in the content runs to its closing mark
        kind = "mixed" if any(s <= q.start and q.end <= e for q in self.quotes_between(s, e)) \
            else "indirect"
        return _Found(cue_span, subj, actor_span, (s, e), kind, stance, self.sent_of[tok.i], [])

    def subject(self, tok: Token) -> tuple[Span | None, Span | None]:
        """The speaker span in this sentence, and the span to resolve the actor from."""
        seen = 0
        t = tok
        while t is not None and seen < 4:
            for c in t.children:
                if c.dep_ in SUBJ:
                    span = self.speaker_span(c)
                    if c.lower_ in RELATIVE and t.dep_ == "relcl":
                        antecedent = t.head
                        return self.doc[c.i: c.i + 1], self.doc[antecedent.left_edge.i: antecedent.i + 1]
                    if c.lower_ in RELATIVE:
                        return None, None
                    return span, span
            # a participle or conjunct shares the subject of the clause it hangs on
            if t.dep_ in ("conj", "advcl", "xcomp") and t.head.i != t.i:
                t = t.head
                seen += 1
                continue
            # "after saying that ...": the preposition hangs on the clause with the subject
            if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.i != t.head.i:
                t = t.head.head
                seen += 1
                continue
            break
        return None, None

    def speaker_span(self, head: Token) -> Span:
        """The subject's phrase with its apposition, without a relative clause ("Cruz, who ...")."""
        lo, hi = head.left_edge.i, head.right_edge.i
        # a non-restrictive relative clause (", who ...") is not part of the name
        for t in self.doc[head.i + 1: hi + 1]:
            if t.dep_ == "relcl" and t.left_edge.i > lo and self.doc[t.left_edge.i - 1].text == ",":
                hi = min(hi, t.left_edge.i - 1)
        while hi > lo and (self.doc[hi].is_punct or self.doc[hi].is_space):
            hi -= 1
        while lo < hi and (self.doc[lo].is_punct or self.doc[lo].is_space):
            lo += 1
        return self.doc[lo: hi + 1]

    def cue_span(self, tok: Token) -> tuple[int, int]:
        start = tok.idx
        i = tok.i - 1
        while i >= 0:
            left = self.doc[i]
            if left.head.i == tok.i and left.dep_ in CUE_LEFT and left.lower_ not in CUE_LEFT_NOT:
                start = left.idx
                i -= 1
                continue
            break
        return start, tok.idx + len(tok)

    def phrasal(self, tok: Token) -> Token | None:
        for c in tok.children:
            if c.i == tok.i + 1 and c.dep_ in ("prt", "prep") and (tok.lemma_, c.lower_) in PHRASAL:
                return c
        return None

    def complement(self, tok: Token, cue: Cue, prt: Token | None) -> tuple[int, int] | None:
        parts: list[Token] = []
        for c in tok.children:
            if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and "to" in cue.frames):
                parts.append(c)
            elif prt is not None and c.i == prt.i:
                parts.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
        if not parts and "object" in cue.frames:
            objs = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() not in NOT_CONTENT]
            if objs:
                parts = objs + [c for c in tok.children
                                if c.dep_ in ("prep", "oprd", "xcomp", "ccomp") and c.i > objs[0].i
                                and (c.dep_ != "prep" or c.lower_ in ("of", "for", "as"))]
        if not parts:
            return None
        if any(p.dep_ == "xcomp" for p in parts) and "to" in cue.frames:
            objs = [c for c in tok.children if c.dep_ == "dobj" and c.i < tok.i + 6 and c.i > tok.i]
            parts.extend(objs)
        lo = min(p.left_edge.i for p in parts)
        hi = max(p.right_edge.i for p in parts)
        if lo <= tok.i <= hi:
            # content around the cue ("X, he said, is Y"): keep the side that holds the clause
            lo = min(p.left_edge.i for p in parts if p.i > tok.i) if any(p.i > tok.i for p in parts) else lo
        hi = self.cut_tail(parts, lo, hi)
        return self.trim(self.doc[lo: hi + 1])

    def cut_tail(self, parts: list[Token], lo: int, hi: int) -> int:
        """End the content before a second cue ("says he respects her and calls her ..."), a
        closing non-restrictive relative clause (", who ...") or a paragraph break."""
        for p in parts:
            for c in p.children:
                if c.dep_ == "conj" and c.i > p.i and c.lemma_ in CONJ_CUT:
                    cc = [g for g in p.children if g.dep_ == "cc" and p.i < g.i < c.i]
                    hi = min(hi, (cc[-1].i if cc else c.left_edge.i) - 1)
        for t in self.doc[lo: hi + 1]:
            if t.is_space and "\n" in t.text and t.i > lo:
                hi = min(hi, t.i - 1)
                break
        for t in self.doc[lo + 1: hi + 1]:
            # ", referring to ...": a participle cue at the tail is its own statement
            if t.dep_ == "advcl" and t.tag_ == "VBG" and verb_cue(t.lemma_) is not None \
                    and t.left_edge.i > lo and self.doc[t.left_edge.i - 1].is_punct:
                hi = min(hi, t.left_edge.i - 2)
                break
        last = self.doc[hi]
        rel = [t for t in self.doc[lo: hi + 1] if t.dep_ == "relcl" and t.right_edge.i >= hi - 1
               and t.left_edge.i > lo and self.doc[t.left_edge.i - 1].text == ","]
        if rel and last.i >= rel[0].i:
            hi = rel[0].left_edge.i - 2
        return max(hi, lo)

    def parenthetical(self, tok: Token, subj: Span) -> tuple[int, int] | None:
        """"The goal, he said, is peace" and "Peace is near, officials said": the rest of the sentence."""
        if tok.dep_ not in ("parataxis", "ROOT", "ccomp", "advcl") or tok.lemma_ not in PARENTHETICAL:
            return None
        lo = min(subj.start, tok.i)
        hi = max(subj.end - 1, tok.i)
        if hi - lo > 12 or any(c.dep_ in ("dobj", "xcomp") for c in tok.children):
            return None
        sent = tok.sent
        before = self.doc[lo - 1] if lo > sent.start else None
        after = self.doc[hi + 1] if hi + 1 < sent.end else None
        if before is None or before.text not in (",", "—", "–"):
            return None
        if after is not None and after.text in (",", "—", "–") and hi + 2 < sent.end:
            # in the middle: the clause it interrupts ("the permit, his campaign said, was late")
            head = tok.head if tok.dep_ != "ROOT" else tok
            start = sent.start
            if head.i != tok.i:
                lefts = [c for c in head.children if c.i < lo and c.dep_ not in ("cc", "conj", "punct")]
                start = min([c.left_edge.i for c in lefts], default=sent.start)
            span = self.doc[start: sent.end]
        elif after is None or after.is_punct:
            span = self.doc[sent.start: lo - 1]  # at the end
        else:
            return None
        s, e = self.trim(span)
        return (s, e) if e > s else None

    # -- quotes --------------------------------------------------------------------------
    def quotes_between(self, s: int, e: int) -> list[Quote]:
        k = bisect.bisect_left(self.starts, s)
        out = []
        while k < len(self.quotes) and self.quotes[k].start < e:
            out.append(self.quotes[k])
            k += 1
        return out

    def adjacent_quote(self, tok: Token, subj: Span | None, cue: tuple[int, int]):
        """The quote(s) that this cue introduces or follows, and whether the quote comes first."""
        clause_lo = min(cue[0], subj.start_char) if subj is not None else cue[0]
        before = self._quote_ending_at(clause_lo)
        # speaker-first: skip the cue's own modifiers ("told reporters on Monday:") up to a quote
        hi_tok = tok
        if subj is not None and subj.start > tok.i:
            hi_tok = self.doc[subj.end - 1]
        right = hi_tok.idx + len(hi_tok)
        for c in tok.children:
            if c.i > hi_tok.i and c.dep_ in BRIDGE and not self._in_quote(c.idx):
                right = max(right, c.right_edge.idx + len(c.right_edge))
        after = self._quote_starting_at(right)
        if before is not None and after is not None:
            return [before, after], True
        if before is not None:
            return [before], True
        if after is not None:
            return [after], False
        return None, False

    def _in_quote(self, off: int) -> bool:
        return quote_at(self.quotes, off) is not None

    def _quote_ending_at(self, off: int) -> Quote | None:
        k = bisect.bisect_right(self.starts, off) - 1  # the last quote opening before `off`
        if k < 0:
            return None
        q = self.quotes[k]
        if q.end <= off and off - q.end <= 3 and set(self.text[q.end:off]) <= GAP_CHARS:
            return q
        return None

    def _quote_starting_at(self, off: int) -> Quote | None:
        k = bisect.bisect_left(self.starts, off)
        if k >= len(self.quotes):
            return None
        q = self.quotes[k]
        gap = self.text[off:q.start]
        if (len(gap) <= 3 and set(gap) <= GAP_CHARS) or (
                ":" in gap and len(gap) <= 6 and set(gap) <= GAP_LEAD):
            return q
        return None

    # -- according to, nouns -------------------------------------------------------------
    def according(self, tok: Token) -> _Found | None:
        to = self.doc[tok.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            return None
        src = self.doc[objs[0].left_edge.i: objs[0].right_edge.i + 1]
        sent = tok.sent
        pp_lo, pp_hi = tok.i, src.end
        if pp_lo - sent.start <= 1:
            content = self.doc[pp_hi: sent.end]
        elif sent.end - pp_hi <= 2:
            content = self.doc[sent.start: pp_lo]
        else:
            content = sent
        hi = content.end - 1
        for t in content:
            if t.is_space and "\n" in t.text:
                if t.i < tok.i:
                    content = self.doc[t.i + 1: content.end]
                else:
                    hi = min(hi, t.i - 1)
        content = self.doc[content.start: max(hi + 1, content.start)]
        s, e = self.trim(content)
        if e <= s:
            return None
        return _Found((tok.idx, to.idx + len(to)), src, src, (s, e), "indirect", "neutral",
                      self.sent_of[tok.i], [])

    def noun(self, tok: Token, stance: str) -> _Found | None:
        heads = [tok] + [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                         for g in c.children if g.dep_ == "pobj"]
        # "the claim by the rebels that ...": the parser may hang the that-clause on "rebels"
        comp = [c for h in heads for c in h.children if c.dep_ in ("acl", "ccomp", "relcl")
                and c.i > tok.i and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
        if not comp:
            return None
        src = None
        for c in tok.children:
            if c.dep_ == "poss":
                src = self.doc[c.left_edge.i: c.right_edge.i + 1]
            elif c.dep_ == "prep" and c.lower_ in ("by", "from"):
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    src = self.doc[objs[0].left_edge.i: objs[0].right_edge.i + 1]
        c = comp[0]
        if src is not None:
            hi = min(src.end, c.left_edge.i)
            while hi > src.start and self.doc[hi - 1].dep_ in ("case", "punct"):
                hi -= 1
            src = self.doc[src.start: hi] if hi > src.start else None
        s, e = self.trim(self.doc[c.left_edge.i: c.right_edge.i + 1])
        return _Found((tok.idx, tok.idx + len(tok)), src, src, (s, e), "indirect", stance,
                      self.sent_of[tok.i], [])

    def colon(self, tok: Token) -> _Found | None:
        """A line that opens with a name and a colon: 'Pereira: "We are ready."' (headline style)."""
        i = tok.i - 1
        while i >= 0 and not (self.doc[i].is_space and "\n" in self.doc[i].text):
            i -= 1
        name = self.doc[i + 1: tok.i]
        if not 1 <= len(name) <= 5 or any(
                t.pos_ != "PROPN" and t.text not in (".", "'s", "’s") for t in name) \
                or name[0].lower_ in ("the", "editor", "update", "follow", "read", "watch"):
            return None
        j = tok.i + 1
        while j < len(self.doc) and not (self.doc[j].is_space and "\n" in self.doc[j].text):
            j += 1
        s, e = self.trim(self.doc[tok.i + 1: j])
        if e - s < 10:
            return None
        kind = "direct" if self.text[s] in "“\"‘'«" else "indirect"
        return _Found((tok.idx, tok.idx + 1), name, name, (s, e), kind, "neutral",
                      self.sent_of[tok.i], [])

    def trim(self, span: Span) -> tuple[int, int]:
        lo, hi = span.start, span.end
        while lo < hi and self.doc[lo].is_punct and self.doc[lo].text not in "“\"‘'«":
            lo += 1
        while hi > lo and ((self.doc[hi - 1].is_punct and self.doc[hi - 1].text not in "”\"’'»")
                           or self.doc[hi - 1].dep_ == "cc"):
            hi -= 1
        if hi <= lo:
            return span.start_char, span.start_char
        return self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])


def _drop_duplicates(found: list[_Found]) -> list[_Found]:
    """One statement per quote: the first cue beside a quote keeps it, later ones lose it."""
    out, taken = [], set()
    for f in found:
        key = (f.content, f.speaker.start_char if f.speaker is not None else None)
        if f.quotes:
            qk = f.quotes[0].start
            if qk in taken:
                continue
            taken.add(qk)
        if key in taken:
            continue
        taken.add(key)
        out.append(f)
    return out


def _drop_nested(found: list[_Found], quotes: list[Quote], text: str) -> list[_Found]:
    """A cue inside the content of another statement is part of what was said, not a new statement
    ("We think that ...," he said): each stretch of text belongs to one attribution."""
    spans = sorted((f.content[0], f.content[1]) for f in found)
    if not spans:
        return found
    out = []
    for f in found:
        c = f.cue[0]
        inside = any(s <= c < e and not (s <= f.content[0] and f.content[1] <= e and f.cue[0] < s)
                     for s, e in spans if (s, e) != f.content)
        if not inside:
            q = quote_at(quotes, c)
            inside = q is not None and q.words(text) >= 6 and q not in f.quotes
        if not inside:
            out.append(f)
    return out


def _extend_quote_runs(found: list[_Found], quotes: list[Quote], text: str) -> None:
    """A direct quote goes on in the next quote when nothing but its own attribution stands between
    ('"A," she said. "B."') or nothing at all does ('"A." "B."', in one paragraph)."""
    claimed = {q.start for f in found for q in f.quotes}
    starts = [q.start for q in quotes]
    for f in found:
        if not f.quotes:
            continue
        end = f.content[1]
        first = True
        while True:
            k = bisect.bisect_left(starts, end)
            if k >= len(quotes) or quotes[k].start in claimed:
                break
            q = quotes[k]
            gap = text[end:q.start]
            if first and f.quote_first and end <= f.cue[0] < q.start:
                ok = "\n" not in gap and len(gap) <= 160 and gap.rstrip().endswith((".", ",", ":"))
            else:
                ok = not gap.strip() and "\n" not in gap
            if not ok:
                break
            claimed.add(q.start)
            f.quotes.append(q)
            end = q.end
            first = False
        f.content = (f.content[0], end)
