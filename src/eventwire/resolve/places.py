"""The place an event's own clause gives, resolved offline to a gazetteer place.

A place is a location phrase of the event's clause: the object of a locative preposition ("in
Geneva", "near Kharkiv"), a modifier of the event noun ("Geneva talks"), a region phrase ("Kursk
region", "in Turkish border villages"), or the object of an attack ("shelled Kharkiv"). Names that
act as actors (subjects, possessors, "Ankara would refuse") are not places: the actor's country is
not the event's place. "The country" is the country named last before it. A statement's clause
places it only where it was said ("told reporters in Brasilia"), not where what it speaks of is
("support for the government in Egypt"). Among the candidates the one nearest to the trigger
wins. Evidence beyond the clause (the same event nearby, the dateline, the article's setting, the
actor) is in place_evidence; docs/places.md has the whole account.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Location
from .datelines import qualifier_place
from .gazetteer import BIG_CITY, DIRECTION_WORDS, GeoContext, Place, gazetteer, norm
from .syntax import path_cost, trigger_token

LOCATIVE_PREPS = {"in", "at", "near", "outside", "around", "across", "inside", "into", "on",
                  "over", "toward", "towards", "throughout", "within", "off", "along", "onto",
                  "beyond", "through", "upon", "nearby"}
REGION_NOUNS = {"region", "regions", "oblast", "oblasts", "province", "provinces", "district",
                "districts", "governorate", "state", "territory", "territories", "area", "areas",
                "border", "borders", "soil", "city", "town", "village", "villages", "towns",
                "cities", "airspace", "waters", "frontier", "countryside", "coast", "capital",
                "outskirts", "suburbs", "county", "part", "parts",
                # "the west of the country", "the north of Syria"
                "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
ADMIN_NOUNS = {"region", "oblast", "province", "district", "governorate", "county", "state"}
# "a Black Sea truce", "the Gaza deal": a name modifying an agreement names its scope, not where
# the event took place (unless that noun is the event itself)
ISSUE_HEADS = {"truce", "ceasefire", "deal", "agreement", "accord", "plan", "proposal", "policy",
               "initiative", "corridor", "envoy", "issue", "question", "file", "strategy"}
TRAVEL_LEMMAS = {"travel", "fly", "visit", "arrive", "return", "go", "come", "trip", "send",
                 "dispatch", "deploy", "head", "move", "journey", "drive", "sail"}
LEAVE_LEMMAS = {"withdraw", "retreat", "pull", "evacuate", "flee", "expel", "leave", "withdrawal",
                "retreat", "pullout", "evacuation", "expulsion", "exodus", "departure"}
# Heads that make a place name an actor ("Ukrainian forces", "the Kyiv government").
ACTOR_HEADS = {"forces", "force", "troops", "army", "military", "government", "officials",
               "official", "president", "minister", "authorities", "leader", "leaders", "side",
               "delegation", "regime", "leadership", "negotiator", "negotiators", "soldiers",
               "navy", "police", "spokesman", "spokeswoman", "embassy", "parliament",
               "ministry", "administration", "diplomats", "envoy", "people", "citizens"}
LOCATED_NOUNS = {"airport", "port", "base", "airbase", "plant", "station", "bridge", "crossing",
                 "checkpoint", "refinery", "depot", "prison", "hospital", "palace", "square",
                 "street", "road", "highway", "harbour", "harbor", "camp", "market", "school",
                 "embassy", "consulate", "mosque", "church", "cathedral", "university", "factory",
                 "facility", "plant", "dam", "pipeline", "railway", "stadium", "field", "zone",
                 "front", "frontline", "line", "neighborhood", "neighbourhood", "district", "talks",
                 "summit", "meeting", "conference", "negotiations", "discussions", "rally",
                 "protest", "protests", "attack", "attacks", "strike", "strikes", "bombing",
                 "offensive", "clashes", "fighting", "operation", "raid", "siege", "battle"}
REPORTING_LEMMAS = {"say", "tell", "report", "announce", "claim", "allege", "confirm", "deny",
                    "state", "add", "accuse", "warn", "insist"}
ATTACK_LEMMAS = {"shell", "strike", "attack", "bomb", "hit", "capture", "seize", "besiege",
                 "raid", "storm", "occupy", "invade", "liberate", "take", "target", "pound",
                 "bombard", "encircle", "surround", "enter", "evacuate", "visit", "reach",
                 "annex", "advance", "recapture", "retake", "liberate", "shell"}


PRECISION_BONUS = {"city": 1.5, "region": 1.0, "country": 0.0, "supranational": 0.0}
# CAMEO roots of things said (01-03, 05, 10-13): a statement has a place only when the text says
# where it was made; signing an agreement (057) happens somewhere like any material act
VERBAL_ROOTS = {"01", "02", "03", "05", "10", "11", "12", "13"}
MATERIAL_CODES = {"057"}


def is_statement(event) -> bool:
    """An event that is a thing said (an accusation, an appeal, praise, a rejection)."""
    code = event.cameo or ""
    return code[:2] in VERBAL_ROOTS and code[:3] not in MATERIAL_CODES


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    root: Token
    place: Place

    def location(self, basis: str = "clause") -> Location:
        return located(self.place, self.text, self.start, self.end, basis)


def located(p: Place, text: str | None, start: int | None, end: int | None, basis: str) -> Location:
    """The Location of a gazetteer place found in these words of the text, by this evidence."""
    return Location(name=p.name, country=p.country, lat=p.lat, lon=p.lon, precision=p.precision,
                    text=text, start=start, end=end,
                    admin1=p.admin1 if p.precision in ("city", "region") else None, basis=basis)


def resolve_name(text: str, region_word: str | None, label: str = "GPE",
                  context: GeoContext | None = None, within: Place | None = None,
                  at: int | None = None) -> Place | None:
    gz = gazetteer()
    if region_word:
        hit = gz.resolve(text, context, region_word=region_word, at=at)
        full = f"{text} {region_word}"
        if hit is not None:
            # the words of the text name it ("the Kursk region"); admin1 says which region it is
            return Place(full, hit.country, hit.lat, hit.lon, hit.precision, hit.admin1,
                         hit.population) if hit.precision == "region" and hit.admin1 else hit
        base = gz.resolve(text, context, at=at)
        if base is None:
            return None
        if base.precision in ("country", "supranational"):
            return base
        # "the Donetsk region" named after its city: the city's first-level region
        return Place(full, base.country, base.lat, base.lon, "region", base.admin1)
    if label == "FAC":
        return gz.region(text) or gz.city(text, canonical=True)
    return gz.resolve(text, context, within=within, towns=label in ("GPE", "LOC"), at=at)


def qualifier_after(doc: Doc, end: int, sent_end: int) -> tuple[Place | None, int]:
    """The place after a comma that qualifies a name ("Paris, Texas", "Tripoli, Lebanon"), and
    the token index after it; (None, end) when there is none."""
    if end + 1 >= sent_end or doc[end].text != ",":
        return None, end
    tok = doc[end + 1]
    if tok.ent_type_ != "GPE" or tok.ent_iob_ != "B":
        return None, end
    stop = end + 2
    while stop < sent_end and doc[stop].ent_iob_ == "I":
        stop += 1
    q = qualifier_place(doc[end + 1: stop].text)
    return (q, stop) if q is not None and q.precision in ("country", "region") else (None, end)


def is_actor_use(root: Token) -> bool:
    """A place name used as an actor or possessor rather than as a location ("officials in Baku
    said" places the speakers, not the event)."""
    if root.dep_ == "pobj" and root.head.head.dep_ in ("nsubj", "nsubjpass") \
            and root.head.head.lower_ in ACTOR_HEADS | {"protesters", "demonstrators", "residents"}:
        return root.head.head.head.lemma_ in REPORTING_LEMMAS
    if root.dep_ in ("nsubj", "nsubjpass", "poss", "agent", "csubj", "appos", "conj"):
        if root.dep_ == "conj":
            return is_actor_use(root.head)
        return True
    if root.dep_ in ("compound", "amod", "nmod") and root.head.lower_ in ACTOR_HEADS:
        return True
    if root.dep_ == "case":
        return True
    return False


def _role_ok(root: Token, trigger: Token | None) -> bool:
    """Whether the name stands where a location stands."""
    dep, head = root.dep_, root.head
    if is_actor_use(root):
        return False
    if dep == "pobj":
        prep = head.lower_
        if prep in LOCATIVE_PREPS:
            # "the war on Ukraine", "pressure on Moscow": "on" marks a target unless it is an attack
            if prep == "on" and not (head.head.lemma_ in ATTACK_LEMMAS or
                                     head.head.lower_ in ("attack", "attacks", "strike", "strikes")):
                return False
            return True
        if prep == "of" and head.head.lower_ in REGION_NOUNS:
            return True
        if prep == "to" and head.head.lemma_ in TRAVEL_LEMMAS:
            return True
        if prep == "from" and head.head.lemma_ in LEAVE_LEMMAS:
            return True
        return False
    if dep in ("compound", "nmod", "amod"):
        # a name modifying a noun places it only when that noun is a located thing ("the Tbilisi
        # airport", "the Kursk region") or stands in a locative slot ("during the Geneva talks");
        # the event noun itself ("Geneva talks") is accepted per event in location_for
        return True
    if dep in ("dobj", "obj") and head.lemma_ in ATTACK_LEMMAS:
        return True
    if dep == "npadvmod" and head.lower_ in REGION_NOUNS:
        return True
    return False


def _name_with_of(ent: Span, sent: Span, context: GeoContext | None) -> PlaceMention | None:
    """A name that the model split at "of": "the Democratic Republic" "of the" "Congo"."""
    doc = sent.doc
    k = ent.end
    if k + 1 >= sent.end or doc[k].lower_ != "of":
        return None
    k += 2 if doc[k + 1].lower_ == "the" else 1
    nxt = next((e for e in sent.ents if e.start == k and e.label_ in ("GPE", "LOC")), None)
    if nxt is None:
        return None
    whole = doc[ent.start:nxt.end]
    place = gazetteer().resolve(whole.text, context, towns=False, at=whole.start_char)
    if place is None:
        return None
    return PlaceMention(whole.start_char, whole.end_char, whole.text, ent.root, place)


def _city_tagged_person(doc: Doc, ent: Span, sent: Span, context: GeoContext | None) -> PlaceMention | None:
    """A city that the model took for a person ("arrested in Ho Chi Minh City, Vietnam"): in a
    locative slot, and either qualified by its country or state or a big city by its own name."""
    root = ent.root
    if root.dep_ != "pobj" or root.head.lower_ not in LOCATIVE_PREPS:
        return None
    within, _ = qualifier_after(doc, ent.end, sent.end)
    place = gazetteer().resolve(ent.text, context, within=within, towns=False, at=ent.start_char)
    if place is None or place.precision != "city":
        return None
    if within is not None and place.country == within.country or (
            place.population >= BIG_CITY and norm(place.name) == norm(ent.text)):
        return PlaceMention(ent.start_char, ent.end_char, ent.text, root, place)
    return None


def find_places(sent: Span, context: GeoContext | None = None) -> list[PlaceMention]:
    """Location phrases of one sentence, each resolved to a gazetteer place (in the light of the
    article's other places, when `context` gives them)."""
    out: list[PlaceMention] = []
    doc = sent.doc
    used: set[int] = set()
    gz = gazetteer()
    for ent in sent.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            mention = _city_tagged_person(doc, ent, sent, context)
            if mention is not None:
                out.append(mention)
                used.update(range(ent.start, ent.end))
            continue
        if ent.label_ not in ("GPE", "LOC", "FAC") or ent.start in used:
            continue
        if ent.label_ == "FAC":
            used.update(range(ent.start, ent.end))  # a building's name is not a city's
        text = ent.text
        if text.lower().startswith("the ") and gz.lookup(text) is None:
            text = text[4:]
        nxt = doc[ent.end] if ent.end < sent.end else None
        whole = _name_with_of(ent, sent, context)
        if whole is not None:  # "the Democratic Republic" + "of the" + "Congo", split by the model
            if _role_ok(ent.root, None):
                out.append(whole)
            used.update(range(ent.start, doc.char_span(whole.start, whole.end,
                                                       alignment_mode="expand").end))
            continue
        region_word = nxt.text if nxt is not None and nxt.lower_ in ADMIN_NOUNS else None
        root = ent.root
        if region_word:
            root_tok = nxt
            if not _role_ok(root_tok, None):
                continue
            place = resolve_name(text, region_word.lower().rstrip("s"), context=context,
                                  at=ent.start_char)
            if place is None:
                continue
            end = nxt.idx + len(nxt)
            out.append(PlaceMention(ent.start_char, end, doc[ent.start:nxt.i + 1].text, root_tok, place))
            used.update(range(ent.start, ent.end + 1))
            continue
        if not _role_ok(root, None):
            continue
        within, after = qualifier_after(doc, ent.end, sent.end)
        place = resolve_name(text, None, ent.label_, context, within, ent.start_char)
        if place is None:
            continue
        out.append(PlaceMention(ent.start_char, ent.end_char, ent.text, root, place))
        used.update(range(ent.start, after))  # "Texas" in "Paris, Texas" only qualifies
    # proper nouns in a locative role that the model did not tag as places ("shelled Kharkiv",
    # "in Novi Sad"); the model often calls an unfamiliar city a PERSON, so a PERSON is looked up
    # only as the object of a locative preposition ("in Muscat", "the city of Goma")
    for tok in sent:
        if tok.i in used or tok.pos_ != "PROPN" or tok.ent_type_ in ("DATE", "TIME", "CARDINAL"):
            continue
        person = tok.ent_type_ == "PERSON"
        if person and (tok.dep_ != "pobj" or tok.ent_iob_ != "B" or
                       (tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I")):
            continue  # only a one-word "person" in a locative slot may be a mistagged city
        if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
            continue  # the head of the name decides
        if not _role_ok(tok, None) or tok.lower_.rstrip("s") in ADMIN_NOUNS:
            continue
        first = min([c.i for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.i])
        span = doc[first: tok.i + 1]
        place = gz.resolve(span.text, context, towns=False, at=span.start_char)
        if person and (place is None or place.precision != "city"):
            continue  # a "person" is at most a mistagged city
        if place is None:
            continue
        if (place.precision == "city" and place.population < BIG_CITY and context is not None
                and context.countries and not context.has_country(place.country)):
            continue  # "the Republic": a small town's name is also a word; only where the article is
        out.append(PlaceMention(span.start_char, span.end_char, span.text, tok, place))
        used.update(range(first, tok.i + 1))
    # "the Kursk region", "Donetsk oblast": proper nouns before an administrative noun, which the
    # model often fails to tag as a place
    for tok in sent:
        if tok.i in used or tok.lower_.rstrip("s") not in ADMIN_NOUNS or not _role_ok(tok, None):
            continue
        names = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if not names:
            continue
        first = min(n.i for n in names)
        name = doc[first: tok.i].text
        place = resolve_name(name, tok.lower_.rstrip("s"), context=context, at=doc[first].idx)
        if place is None:
            continue
        span = doc[first: tok.i + 1]
        out.append(PlaceMention(span.start_char, span.end_char, span.text, tok, place))
        used.update(range(first, tok.i + 1))
    # "spread across the country", "the west of the country": the country named last before it
    if context is not None:
        for tok in sent:
            if tok.i in used or tok.lower_ != "country" or not _the_country(tok) or not _role_ok(tok, None):
                continue
            named = _country_named_before(doc, tok, context)
            if named is not None:
                start, end, text, place = named
                out.append(PlaceMention(start, end, text, tok, place))
    # "in Turkish border villages", "on Ukrainian soil": a demonym before a place noun
    for tok in sent:
        if tok.i in used or tok.lower_ not in REGION_NOUNS or tok.dep_ not in ("pobj", "dobj"):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ not in LOCATIVE_PREPS:
            continue
        for mod in tok.lefts:
            a3 = gz.demonym(mod.text) if mod.dep_ in ("amod", "compound") else None
            if a3:
                country = gz.country(gz.display.get(a3, a3)) or Place(
                    gz.display.get(a3, a3), a3, None, None, "country")
                span = doc[tok.left_edge.i if tok.left_edge.i >= mod.i else mod.i: tok.i + 1]
                if span[0].lower_ in ("the", "a"):
                    span = span[1:]
                out.append(PlaceMention(span.start_char, span.end_char, span.text, tok, country))
                break
    return out


def _the_country(tok: Token) -> bool:
    """"the country" alone: not "the country's", "another country", "a country of 5 million"."""
    kids = list(tok.children)
    return (any(c.dep_ == "det" and c.lower_ == "the" for c in kids) and tok.tag_ == "NN"
            and not any(c.dep_ in ("amod", "compound", "poss", "case", "prep", "relcl", "acl",
                                   "nummod") for c in kids))


def _country_named_before(doc: Doc, tok: Token, context: GeoContext):
    """The mention of a country nearest before `tok`, in its sentence or the two before, as a
    place or as an actor ("North Korea's nuclear complex ... activities in the country"), as
    (start, end, text, place); None when there is none."""
    first = tok.sent
    for _ in range(2):
        if first.start == 0:
            break
        first = doc[first.start - 1].sent
    best = None
    for start, end, text, place in context.mentions + context.country_mentions:
        if first.start_char <= start < tok.idx and place.precision == "country" and (
                best is None or start > best[0]):
            best = (start, end, text, place)
    return best


# a clause hanging from the trigger noun that only locates it ("talks held in Geneva")
LOCATING_VERBS = {"hold", "take", "host", "convene", "stage", "organize", "organise", "base",
                  "locate", "conduct", "carry", "launch", "plan", "schedule", "set"}


COMPLEMENT_DEPS = {"ccomp", "pcomp", "advcl", "csubj"}


def _descends_from(tok: Token, anc: Token) -> bool:
    cur = tok
    while cur.head.i != cur.i:
        cur = cur.head
        if cur.i == anc.i:
            return True
    return False


def _located_head(head: Token) -> bool:
    """Whether a noun modified by a place name is located by it ("U.S. governors" is not)."""
    if head.lower_ in ISSUE_HEADS:
        return False
    if head.lower_ in REGION_NOUNS or head.lemma_ in LOCATED_NOUNS:
        return True
    if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS | {"during", "after", "before", "ahead"}:
        return True
    return head.dep_ == "dobj" and head.head.lemma_ in ATTACK_LEMMAS


def ancestry(tok: Token) -> list[Token]:
    """The token and its heads up to the root of its sentence."""
    out = [tok]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def through_other_event(trigger: Token, root: Token, said: bool = False) -> bool:
    """Whether the name is reached from the trigger through a clause about another event
    ("a swap brokered at the Doha summit": Doha places the brokering; "accused the rebels of raids
    in border villages": the villages place the raids; "Trump's complaint echoes Obama, who in his
    address in Hanover scolded Europeans": Hanover places the scolding), or names the scope of an
    agreement ("rejected a truce in Yemen"). A complement clause under the trigger is another
    event's; so is a relative clause anywhere on the climb from the name to where it meets the
    trigger's own line of heads (a circumstantial clause beside the trigger, "As I arrive in Cairo,
    we will stay in contact", still places it). For a thing said (`said`), a clause of speaking
    is the saying's own ("Speaking in Kyiv, he said")."""
    if root.dep_ == "pobj" and root.head.head.lower_ in ISSUE_HEADS and root.head.head.i != trigger.i:
        return True
    line = {t.i for t in ancestry(trigger)}
    cur = root
    while cur.i not in line and cur.head.i != cur.i:
        speaking = said and cur.lemma_ in SPEAKING_LEMMAS and cur.dep_ in ("advcl", "acl")
        if cur.dep_ in COMPLEMENT_DEPS and not speaking and _descends_from(cur, trigger):
            return True
        if cur.dep_ in ("acl", "relcl") and cur.lemma_ not in LOCATING_VERBS and not speaking:
            return True
        cur = cur.head
    return False


# where a thing was said: the occasion ("at a news conference in Cairo", "in his address in
# Hanover") or the audience ("told reporters in Brasilia") of the saying
OCCASION_NOUNS = {"conference", "briefing", "speech", "address", "rally", "interview", "meeting",
                  "summit", "visit", "hearing", "session", "event", "ceremony", "forum", "gathering",
                  "trip", "tour", "appearance", "remarks", "debate", "convention", "stop", "talks",
                  "statement", "sidelines", "hall", "assembly", "congress", "parliament",
                  "broadcast", "programme", "program", "show", "campaign", "arrival", "floor",
                  "funeral", "memorial", "vigil", "march", "protest"}
AUDIENCE_NOUNS = {"reporters", "journalists", "audience", "crowd", "supporters", "lawmakers",
                  "delegates", "students", "parliament", "legislators", "media", "press",
                  "gathering", "crowds", "residents", "voters", "members", "room", "group"}
VENUE_PREPS = {"in", "at", "inside", "outside", "near", "during", "upon", "from", "aboard", "within",
               "into", "across", "throughout", "through", "opposite", "beside"}
ON_NOUNS = {"sidelines", "floor", "stage", "visit", "trip", "tour", "air", "program", "programme",
            "stop", "swing", "trail",
            "show", "steps", "podium", "platform"}
SPEAKING_LEMMAS = REPORTING_LEMMAS | {"speak", "address", "talk", "visit", "attend", "appear",
                                      "campaign", "stand", "arrive", "meet"}


def _where_said(trigger: Token, root: Token) -> bool:
    """Whether a name in a statement's clause says where the statement was made: it hangs by
    prepositions of place from the trigger or a word above it ("said in Kyiv", "at the palace in
    Caracas"), from the occasion or the audience of the saying ("at a rally in Ohio", "on a visit
    to Moscow", "told reporters in Brasilia"), or from a verb of speaking beside it ("Speaking in
    Kyiv, the minister accused ..."). A name inside what was said is not ("expressed support for
    the government in Egypt", "calling for a ban on drilling in Arctic waters", "a statement on
    the attack in Kabul")."""
    line = {t.i for t in ancestry(trigger)}
    cur = root
    while True:
        if cur.dep_ in ("compound", "nmod", "amod") and cur.head.lower_ in OCCASION_NOUNS:
            cur = cur.head  # "the Geneva press conference"
            continue
        if cur.dep_ != "pobj":
            return False
        head = cur.head.head
        prep = cur.head.lower_
        occasion = head.lower_ in OCCASION_NOUNS or head.lemma_ in OCCASION_NOUNS
        if prep == "of" and head.lower_ in REGION_NOUNS | DIRECTION_WORDS:
            # "a facility south of Pittsburgh", "in the outskirts of Kabul": the region's place
            if head.dep_ in ("advmod", "npadvmod", "amod") and head.head.dep_ == "pobj":
                head = head.head
            if head.dep_ == "pobj":
                cur = head
                continue
            return False
        if not (prep in VENUE_PREPS or prep == "on" and cur.lower_ in ON_NOUNS or (
                prep in ("of", "to") and (occasion or head.lemma_ in TRAVEL_LEMMAS)) or (
                prep == "of" and head.lower_ in AUDIENCE_NOUNS)):
            return False
        if head.i in line or (head.dep_ in ("nsubj", "nsubjpass") and head.head.i in line):
            return True  # "said in Kyiv"; "Obama, in his address in Hanover, scolded" (by the speaker)
        if head.lemma_ in SPEAKING_LEMMAS and (head.head.i in line or (
                head.head.dep_ in ("nsubj", "nsubjpass") and head.head.head.i in line)):
            return True  # "Speaking in Kyiv, the minister said", "the minister, speaking in Kyiv, said"
        if (occasion or head.lower_ in AUDIENCE_NOUNS) and head.head.i in line and \
                head.dep_ in ("dobj", "obj", "nsubj", "nsubjpass"):
            return True  # "told reporters in Brasilia", "held a news conference in Cairo"
        if head.dep_ != "pobj":
            return False
        cur = head  # a chain of places: "at the palace in Caracas", "in his address in Hanover"


def _paragraph_between(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.whitespace_ or t.is_space and "\n" in t.text for t in a.doc[lo:hi])


def location_for(doc: Doc, event, exclude: list[tuple[int, int]] | None = None,
                 cache: dict | None = None, context: GeoContext | None = None) -> Location:
    """The location that the event's own clause gives, or an empty Location when it names none."""
    tok = trigger_token(doc, event)
    if tok is None:
        return Location()
    sent = tok.sent
    if cache is not None and sent.start in cache:
        places = cache[sent.start]
    else:
        places = find_places(sent, context)
        if cache is not None:
            cache[sent.start] = places
    if exclude:
        places = [p for p in places if not any(s <= p.start < e for s, e in exclude)]
    places = [p for p in places if p.root.dep_ not in ("compound", "nmod", "amod")
              or p.root.head.i == tok.i or _located_head(p.root.head)]
    said = is_statement(event)
    places = [p for p in places if not through_other_event(tok, p.root, said)]
    if said:
        # a thing said is placed by where it was said, not by the places it speaks of
        places = [p for p in places if _where_said(tok, p.root)]
    # a sentence the parser ran across a paragraph break is two: a place beyond it is not the clause's
    places = [p for p in places if not _paragraph_between(tok, p.root)]
    if not places:
        return Location()
    # nearest in the tree; between names about as near, the more precise ("Goma in eastern Congo")
    best = min(places, key=lambda p: path_cost(tok, p.root) - PRECISION_BONUS[p.place.precision])
    return best.location()


def acled_geo_precision(precision: str | None) -> int | None:
    """ACLED's geo-precision code for a place precision: 1 a town or city, 3 a first-level region
    (or a named area within one); a country alone, or an area across countries, has none, as
    ACLED codes no event above the first-level region."""
    return {"city": 1, "region": 3}.get(precision or "")


def resolve_places(doc: Doc, events, registry=None, article=None) -> None:
    """Set each event's location in place, from the first evidence that applies: the event's own
    clause, then the article's (resolve.place_evidence; docs/places.md)."""
    from .place_evidence import resolve_places as resolve_article_places

    resolve_article_places(doc, events, registry, article)
