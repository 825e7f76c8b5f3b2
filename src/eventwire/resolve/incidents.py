"""Incidents: whether two stored event records report the same real-world event.

Pure functions over `Report`s, the compact features of one event record (its type, actors,
date window, place, matter and the words of its evidence sentence), which
eventwire.resolve.incident_reports builds from an article's Result when it is stored.
`related(a, b)` is a deterministic, symmetric relation; an incident is a connected component of
it over the whole store, and its id is a function of the component (a hash of its smallest member
key), so the partition does not depend on the order in which articles arrive. Linking in the store
(eventwire.store.incidents) only has to find every related pair: `blocks(report)`
(incident_reports) are keys that any two related records of different articles share, and their
date windows overlap, so indexed lookups by key and window find all of them.

The rule, conservatively (docs/incidents.md gives it in full, with examples):
- types must be equal, or near (one class: ASSAULT/COERCE, ACCUSE/PROTEST, AGREE/COOPERATE/
  CONCEDE), and near types need both actors, or the speaker and the matter;
- what did not happen (negated) or may not (hypothetical) joins only its own kind; a planned
  event (expected) joins the report that it happened only when both state their dates;
- actors are compared by knowledge-base id first, then by name (a person by surname; other first
  names are a conflict), then by country and sector (a weak match); two known, different actors
  in one role are never one incident (unless the very same passage is printed twice);
- date windows must overlap: a stated date covers its span (longer than a month is too vague to
  link across articles); an undated report covers the month before publication, most likely its
  last two days (two undated reports: published a day apart at most);
- places must not differ (another country, another town);
- across articles: both actors; the source with the same matter (or, for a material act, the
  same town or the same day unplaced); the target likewise; or the words: similar sentences,
  the same act and trigger in articles of one story, near duplicates, one passage printed twice;
- within one article (the lead and a later sentence), a matching speaker and the same target or
  matter suffice.
"""
from __future__ import annotations

import hashlib
from typing import Iterable

from .incident_reports import (MATERIAL, NEAR_BEFORE, PRINT_DAYS, SIMILAR, SYMMETRIC, ActorKey,
                               Report, content_words, days_apart, same_first_name, shift, status_group,
                               type_class)

# --- the relation ---------------------------------------------------------------------------------

STRONG, WEAK, UNKNOWN, OTHER, CONFLICT = "strong", "weak", "unknown", "other", "conflict"


def _country_of_canon(canon: str) -> str | None:
    """"RUS" and "RUSGOV" are (the state of) Russia: the country of a country-level id."""
    if canon.isupper() and (len(canon) == 3 or (len(canon) == 6 and canon.endswith("GOV"))):
        return canon[:3]
    return None


def compare_actors(x: ActorKey | None, y: ActorKey | None) -> str:
    """STRONG (the same actor), WEAK (may be: a state and its government, one country's army),
    UNKNOWN (one report does not say), OTHER (two actors that nothing ties or tells apart) or
    CONFLICT (two known, different actors)."""
    if x is None or y is None:
        return UNKNOWN
    if x.canon and y.canon:
        if x.canon == y.canon:
            return STRONG
        cx, cy = _country_of_canon(x.canon), _country_of_canon(y.canon)
        if (cx and cx == y.country) or (cy and cy == x.country):
            return WEAK  # "Russia" and "the Kremlin" / "Putin"
        return CONFLICT
    if x.name and y.name and x.name == y.name and x.person == y.person:
        if x.person and x.first and y.first and not same_first_name(x.first, y.first):
            return CONFLICT  # Bill Clinton and Hillary Clinton (not Bob and Robert Mueller)
        if x.country and y.country and x.country != y.country:
            return CONFLICT
        return STRONG
    if x.country and y.country and x.country != y.country:
        return CONFLICT
    if x.person and y.person and x.name and y.name and x.name != y.name:
        return CONFLICT  # two named people
    if x.country and x.country == y.country:
        if x.sector and y.sector and x.sector != y.sector:
            return OTHER  # one country's government and its army: not the same, not different
        return WEAK
    return OTHER


def compare_dates(a: Report, b: Report) -> str | None:
    """"exact" (both state the same day), "stated" (both state overlapping spans), "weak" (a
    report without a date of its own, of about the other's days), "loose" (a stated day some
    weeks before an undated report), "unknown" (a window is missing) or None (they cannot be one).

    Two undated reports are of one day only if published a day apart at most; an undated report
    of a stated day is most likely published that day or the next, but may come weeks later."""
    if a.lo is None or b.lo is None:
        return "unknown"
    if a.lo > b.hi or b.lo > a.hi:
        return None
    if a.dated and b.dated:
        return "exact" if a.day and b.day else "stated"
    if not a.dated and not b.dated:
        n = days_apart(a.pub, b.pub)
        return "weak" if n is not None and n <= NEAR_BEFORE else None
    stated, undated = (a, b) if a.dated else (b, a)
    near_lo = undated.lo if undated.status == "expected" else shift(undated.hi, -NEAR_BEFORE)
    return "weak" if stated.hi >= near_lo else "loose"


def compare_places(a: Report, b: Report) -> str | None:
    """"same" (the same named place), "unknown" or None (different countries or places)."""
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return None
    if a.place and b.place:
        if a.place == b.place:
            return "same"
        if a.place_fine and b.place_fine:
            return None
    return "unknown"


NEAR_DUP_MIN_WORDS = 4      # near duplicates: the same trigger, and at least this many words ...
NEAR_DUP_SHARE = 0.8        # ... and this share of the shorter sentence's in common
VERBATIM_MIN_WORDS = 4      # a passage printed twice: all of the shorter one's words, this many




def printed_close(a: Report, b: Report) -> bool:
    """Published within PRINT_DAYS of each other, in two articles or two sentences of one."""
    n = days_apart(a.pub, b.pub)
    return n is not None and n <= PRINT_DAYS and not (a.article == b.article and a.sentence == b.sentence)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def both_placed_or_not(a: Report, b: Report) -> bool:
    """For violence by a state, an army or a group (which strikes many places in a day): both
    reports name a place finer than a country, or neither does. Words alone must not tie a report
    placed nowhere to one placed somewhere, or it would join the strikes on two towns into one
    incident through a third report. (A lone gunman's attack is one place that some outlets name.)"""
    if type_class(a.type) != "violence" or (a.place is None) == (b.place is None):
        return True
    return not any(x is not None and not x.person for x in (a.source, b.source))


def _two_acts(a: Report, b: Report) -> bool:
    """Each sentence holds the other's trigger as well: one passage with two acts in it, of which
    the two reports picked different ones ("agreed to meet": the agreeing, the meeting)."""
    if not (a.trigger and b.trigger) or a.trigger == b.trigger:
        return False
    return content_words(a.trigger) <= b.text and content_words(b.trigger) <= a.text


def similar(a: Report, b: Report) -> bool:
    """Two outlets' sentences about one act: the same type, published days apart at most, and
    content words (actor names included) shared at a Jaccard similarity of SIMILAR or more; not
    two acts of one passage, and not a placed report with one placed nowhere (which would join
    two towns' strikes through a third report of neither)."""
    return (a.type == b.type and a.article != b.article and printed_close(a, b)
            and both_placed_or_not(a, b) and jaccard(a.text, b.text) >= SIMILAR
            and not _two_acts(a, b))


STORY = 0.1                 # articles whose titles and openings share this much tell one story


def same_story_act(a: Report, b: Report) -> bool:
    """The same act in two outlets' articles about one story: the same type and trigger,
    published days apart at most, in articles whose titles and openings overlap (Jaccard of
    STORY or more). The actors must not tell them apart (checked by the caller: no conflict,
    and no two different named actors)."""
    return (a.type == b.type and a.trigger is not None and a.trigger == b.trigger
            and a.article != b.article and printed_close(a, b) and both_placed_or_not(a, b)
            and jaccard(a.story, b.story) >= STORY and jaccard(a.text, b.text) >= STORY)


def verbatim(a: Report, b: Report) -> bool:
    """One passage that two outlets print (a quoted statement, a wire sentence), the same
    occurrence of the same trigger in it: most content words of the shorter sentence, and every
    word of it that names an actor, are in the longer. The actors found in it may still differ
    (one outlet's context resolves "he" to someone else): the words, not their resolution, say
    it is one report; a name that the other sentence lacks ("France rejected ..." against
    "Germany rejected ...") says it is another."""
    if not (a.trigger and a.trigger == b.trigger and a.nth == b.nth and printed_close(a, b)):
        return False
    (short, names), (long_, _) = sorted(((a.text, a.names), (b.text, b.names)),
                                        key=lambda x: (len(x[0]), sorted(x[0])))
    return (len(short) >= VERBATIM_MIN_WORDS and names <= long_
            and len(short & long_) >= NEAR_DUP_SHARE * len(short))


def near_duplicates(a: Report, b: Report) -> bool:
    """Two reports of one act in (nearly) the same words: a wire story or a statement that two
    outlets print, one sentence with the same trigger (not one sentence read twice)."""
    if not (a.trigger and a.trigger == b.trigger and printed_close(a, b)
            and both_placed_or_not(a, b)):
        return False
    shared = len(a.words & b.words)
    shorter = min(len(a.words), len(b.words))
    return shared >= NEAR_DUP_MIN_WORDS and shared >= NEAR_DUP_SHARE * shorter


def compare_matter(a: Report, b: Report) -> str:
    """"same" (the same issue or object), "different" (two different issues) or "unknown". Words
    the two sentences share are not a matter: one speaker's sentences about two things share his
    name, his office and the story's words ("Comey on Wednesday defended his decision to tell
    Congress ..." and "... defended his decision to keep secret an investigation ...")."""
    if a.issue and b.issue:
        return "same" if a.issue == b.issue else "different"
    if a.object & b.object:
        return "same"
    return "unknown"


def _statuses_fit(a: Report, b: Report, dates: str) -> bool:
    ga, gb = status_group(a.status), status_group(b.status)
    if ga == gb:
        return True
    # a planned event and the report that it happened: only when both give their own dates
    return {ga, gb} == {"occurred", "expected"} and dates in ("exact", "stated")


_RANK = {STRONG: 0, WEAK: 1, UNKNOWN: 2, OTHER: 3, CONFLICT: 4}


def _roles(a: Report, b: Report) -> tuple[str, str]:
    """How the sources and the targets compare; for a meeting, also with the roles crossed (the
    better match counts as the source's, so that the answer does not depend on the order)."""
    src, tgt = compare_actors(a.source, b.source), compare_actors(a.target, b.target)
    if a.type in SYMMETRIC and b.type in SYMMETRIC and CONFLICT in (src, tgt):
        crossed = sorted((compare_actors(a.source, b.target), compare_actors(a.target, b.source)),
                         key=_RANK.__getitem__)
        if CONFLICT not in crossed and crossed[0] in (STRONG, WEAK):  # a match, not a dodge
            return crossed[0], crossed[1]
    return src, tgt


def one_story_day(a: Report, b: Report, src: str, tgt: str, dates: str) -> bool:
    """The same actor's act of the same type, in two outlets' articles of one story published days
    apart at most, on the same stated day (articles whose openings share STORY of their words),
    or about that day, undated (openings that share twice that): one incident, whatever else it
    did that day, unless the other party or the object is something else that both name ("Trump
    filed a lawsuit on Monday" and "Trump on Monday filed suit"; not "Clinton criticized the tax
    plan" and "Bill Clinton criticized the trade deal")."""
    if not (src == STRONG and tgt != OTHER and a.type == b.type and printed_close(a, b)
            and both_placed_or_not(a, b)):
        return False
    if a.object and b.object and not a.object & b.object:
        return False
    story = jaccard(a.story, b.story)
    return (dates == "exact" and story >= STORY) or (dates == "weak" and story >= 2 * STORY)


def related(a: Report, b: Report) -> bool:
    """Whether two event records report the same real-world event (symmetric, deterministic)."""
    if a.article == b.article and a.event == b.event:
        return True
    if type_class(a.type) != type_class(b.type):
        return False
    near = a.type != b.type
    same_article = a.article == b.article
    if not same_article and not (a.linkable and b.linkable):
        return False
    dates = compare_dates(a, b)
    if dates is None or (dates == "unknown" and not same_article):
        return False
    if not _statuses_fit(a, b, dates):
        return False
    places = compare_places(a, b)
    if places is None:
        return False
    if verbatim(a, b):
        return True
    src, tgt = _roles(a, b)
    if CONFLICT in (src, tgt):
        return False
    matter = compare_matter(a, b)
    if matter == "different":
        # two issues, unless one speaker's same act (its trigger) in two outlets' reports of one
        # story: the issue is read from each outlet's wording ("end military assistance",
        # "withdraw support"), the act is not
        return src == STRONG and tgt != OTHER and same_story_act(a, b)
    if near_duplicates(a, b) or similar(a, b):
        return True
    if OTHER not in (src, tgt) and same_story_act(a, b):
        return True
    if dates == "loose":  # a stated day weeks before an undated report: only by the same matter
        if matter != "same":
            return False
        dates = "weak"
    group = status_group(a.status)
    if group in ("negated", "hypothetical") or near:
        # what did not happen, or a type that only may be the same: both actors, or the
        # speaker and the matter, and a date of its own
        return (src == STRONG and tgt == STRONG) or (
            src == STRONG and matter == "same" and (same_article or dates in ("exact", "stated")))
    if same_article:
        # the lead and a later sentence of one story: one occasion unless something differs
        if src in (STRONG, WEAK):
            return tgt == STRONG or matter == "same"
        return tgt == STRONG and matter == "same"
    material = a.type in MATERIAL and b.type in MATERIAL
    if src == STRONG and tgt == STRONG:
        return True
    # A place and a day: both reports put the act in one town on a stated day, or neither places
    # it anywhere and both state the same day (a report without a place must not join strikes on
    # two towns into one); and the other party is not someone else that both name.
    placed = places == "same" and dates in ("exact", "stated")
    unplaced_day = dates == "exact" and not (a.place or a.place_country or b.place or b.place_country)
    if one_story_day(a, b, src, tgt, dates):
        return True
    if src == STRONG:
        if matter == "same":
            return True
        # a verbal act needs its matter: one speaker says many things on one day
        return material and (placed or unplaced_day) and tgt != OTHER
    if tgt == STRONG:
        if matter == "same":
            return True
        return material and (placed or unplaced_day) and src != OTHER
    if material and places == "same" and dates == "exact" and a.place_fine and b.place_fine:
        # an attack in one town on one day, whoever the reports say did it
        return src == WEAK or tgt == WEAK or matter == "same"
    return False


# --- components -----------------------------------------------------------------------------------

def incident_id(members: Iterable[str]) -> str:
    """The id of the incident whose event records have these keys (`article/event`): a hash of
    the smallest, so that it does not depend on which report came first."""
    first = min(members)
    return hashlib.sha256(first.encode("utf-8")).hexdigest()[:16]


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        self.add(x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, x: str, y: str) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return out


def joined(reps: list[Report]) -> UnionFind:
    """The reports of `reps`, each pair that `related` holds for joined (all pairs)."""
    uf = UnionFind()
    for r in reps:
        uf.add(r.uid)
    for i, a in enumerate(reps):
        for b in reps[i + 1:]:
            if related(a, b):
                uf.union(a.uid, b.uid)
    return uf


def partition(reps: list[Report]) -> dict[str, str]:
    """Every report's incident id when `reps` are all the reports there are (all pairs: for
    tests and small sets; the store links incrementally through blocks)."""
    uf = joined(reps)
    out = {}
    for members in uf.groups().values():
        iid = incident_id(members)
        for m in members:
            out[m] = iid
    return out
