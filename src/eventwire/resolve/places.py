"""Event locations from the sentence, resolved offline to a name, country and coordinates.

A place is a location phrase of the event's clause: the object of a locative preposition ("in
Geneva", "near Kharkiv"), a modifier of the event noun ("Geneva talks"), a region phrase
("Kursk region", "in Turkish border villages"), or the object of an attack ("shelled Kharkiv").
Names that act as actors (subjects, possessors, "Ankara would refuse") are not places: the actor's
country is not the event's place. Among the candidates the one nearest to the trigger wins.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Location
from .gazetteer import Place, gazetteer
from .syntax import path_cost, trigger_token

LOCATIVE_PREPS = {"in", "at", "near", "outside", "around", "across", "inside", "into", "on",
                  "over", "toward", "towards", "throughout", "within", "off", "along", "onto",
                  "beyond", "through", "upon", "nearby"}
REGION_NOUNS = {"region", "regions", "oblast", "oblasts", "province", "provinces", "district",
                "districts", "governorate", "state", "territory", "territories", "area", "areas",
                "border", "borders", "soil", "city", "town", "village", "villages", "towns",
                "cities", "airspace", "waters", "frontier", "countryside", "coast", "capital",
                "outskirts", "suburbs", "county", "part", "parts"}
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


PRECISION_BONUS = {"city": 1.5, "region": 1.0, "country": 0.0}


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    root: Token
    place: Place

    def location(self) -> Location:
        p = self.place
        return Location(name=p.name, country=p.country, lat=p.lat, lon=p.lon,
                        precision=p.precision, text=self.text, start=self.start, end=self.end)


def _resolve_name(text: str, region_word: str | None, label: str = "GPE") -> Place | None:
    gz = gazetteer()
    if region_word:
        full = f"{text} {region_word}"
        hit = gz.region(full)
        if hit:
            return hit
        base = gz.region(text) or gz.city(text) or gz.country(text)
        if base is None:
            return None
        if base.precision == "country":
            return base
        return Place(full, base.country, base.lat, base.lon, "region")
    if label == "FAC":
        return gz.region(text) or gz.city(text, canonical=True)
    return gz.lookup(text)


def _is_actor_use(root: Token) -> bool:
    """A place name used as an actor or possessor rather than as a location ("officials in Baku
    said" places the speakers, not the event)."""
    if root.dep_ == "pobj" and root.head.head.dep_ in ("nsubj", "nsubjpass") \
            and root.head.head.lower_ in ACTOR_HEADS | {"protesters", "demonstrators", "residents"}:
        return root.head.head.head.lemma_ in REPORTING_LEMMAS
    if root.dep_ in ("nsubj", "nsubjpass", "poss", "agent", "csubj", "appos", "conj"):
        if root.dep_ == "conj":
            return _is_actor_use(root.head)
        return True
    if root.dep_ in ("compound", "amod", "nmod") and root.head.lower_ in ACTOR_HEADS:
        return True
    if root.dep_ == "case":
        return True
    return False


def _role_ok(root: Token, trigger: Token | None) -> bool:
    """Whether the name stands where a location stands."""
    dep, head = root.dep_, root.head
    if _is_actor_use(root):
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


def find_places(sent: Span) -> list[PlaceMention]:
    """Location phrases of one sentence, each resolved to a gazetteer place."""
    out: list[PlaceMention] = []
    doc = sent.doc
    used: set[int] = set()
    for ent in sent.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        if ent.label_ == "FAC":
            used.update(range(ent.start, ent.end))  # a building's name is not a city's
        text = ent.text
        if text.lower().startswith("the ") and gazetteer().lookup(text) is None:
            text = text[4:]
        nxt = doc[ent.end] if ent.end < sent.end else None
        region_word = nxt.text if nxt is not None and nxt.lower_ in ADMIN_NOUNS else None
        root = ent.root
        if region_word:
            root_tok = nxt
            if not _role_ok(root_tok, None):
                continue
            place = _resolve_name(text, region_word.lower().rstrip("s"))
            if place is None:
                continue
            end = nxt.idx + len(nxt)
            out.append(PlaceMention(ent.start_char, end, doc.text[ent.start_char:end], root_tok, place))
            used.update(range(ent.start, ent.end + 1))
            continue
        if not _role_ok(root, None):
            continue
        place = _resolve_name(text, None, ent.label_)
        if place is None:
            continue
        out.append(PlaceMention(ent.start_char, ent.end_char, ent.text, root, place))
        used.update(range(ent.start, ent.end))
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
        gz = gazetteer()
        place = gz.city(span.text, canonical=True) if person else gz.lookup(span.text)
        if place is None:
            continue
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
        place = _resolve_name(name, tok.lower_.rstrip("s"))
        if place is None:
            continue
        span = doc[first: tok.i + 1]
        out.append(PlaceMention(span.start_char, span.end_char, span.text, tok, place))
        used.update(range(first, tok.i + 1))
    # "in Turkish border villages", "on Ukrainian soil": a demonym before a place noun
    for tok in sent:
        if tok.i in used or tok.lower_ not in REGION_NOUNS or tok.dep_ not in ("pobj", "dobj"):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ not in LOCATIVE_PREPS:
            continue
        for mod in tok.lefts:
            a3 = gazetteer().demonym(mod.text) if mod.dep_ in ("amod", "compound") else None
            if a3:
                country = gazetteer().country(gazetteer().display.get(a3, a3)) or Place(
                    gazetteer().display.get(a3, a3), a3, None, None, "country")
                span = doc[tok.left_edge.i if tok.left_edge.i >= mod.i else mod.i: tok.i + 1]
                if span[0].lower_ in ("the", "a"):
                    span = span[1:]
                out.append(PlaceMention(span.start_char, span.end_char, span.text, tok, country))
                break
    return out


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


def _through_other_event(trigger: Token, root: Token) -> bool:
    """Whether the name is reached from the trigger through a clause about another event
    ("a swap brokered at the Doha summit": Doha places the brokering; "accused the rebels of raids
    in border villages": the villages place the raids), or names the scope of an agreement
    ("rejected a truce in Yemen")."""
    if root.dep_ == "pobj" and root.head.head.lower_ in ISSUE_HEADS and root.head.head.i != trigger.i:
        return True
    cur = root
    while cur.head.i != cur.i and cur.i != trigger.i:
        if cur.dep_ in COMPLEMENT_DEPS and _descends_from(cur, trigger):
            return True
        if cur.dep_ in ("acl", "relcl") and cur.head.i != cur.i and cur.lemma_ not in LOCATING_VERBS:
            anc = cur.head
            while anc.head.i != anc.i and anc.i != trigger.i:
                anc = anc.head
            if anc.i == trigger.i:
                return True
        cur = cur.head
    return False


def location_for(doc: Doc, event, exclude: list[tuple[int, int]] | None = None,
                 cache: dict | None = None) -> Location:
    """The location of one event, or an empty Location when the sentence names none."""
    tok = trigger_token(doc, event)
    if tok is None:
        return Location()
    sent = tok.sent
    if cache is not None and sent.start in cache:
        places = cache[sent.start]
    else:
        places = find_places(sent)
        if cache is not None:
            cache[sent.start] = places
    if exclude:
        places = [p for p in places if not any(s <= p.start < e for s, e in exclude)]
    places = [p for p in places if p.root.dep_ not in ("compound", "nmod", "amod")
              or p.root.head.i == tok.i or _located_head(p.root.head)]
    places = [p for p in places if not _through_other_event(tok, p.root)]
    if not places:
        return Location()
    # nearest in the tree; between names about as near, the more precise ("Goma in eastern Congo")
    best = min(places, key=lambda p: path_cost(tok, p.root) - PRECISION_BONUS[p.place.precision])
    return best.location()


def resolve_places(doc: Doc, events, registry=None) -> None:
    """Set each event's location in place; mentions of the event's source actor are not places."""
    cache: dict = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    if registry is not None:
        for actor in getattr(registry, "actors", []):
            spans[actor.id] = [(m.start, m.end) for m in actor.mentions]
    for ev in events:
        exclude = spans.get(ev.source or "", [])
        ev.location = location_for(doc, ev, exclude, cache)
