"""The functions that the CLI, the HTTP API and the web page all call."""
from __future__ import annotations

from .errors import InputError, UsageError
from .model import Article, Result


def extract_source(source: str = "-", *, text: str | None = None, published: str | None = None,
                   title: str | None = None, fmt: str | None = None, model: str | None = None,
                   min_confidence: float | None = None) -> tuple[list[Result], list[InputError]]:
    """Extract from a text, a file or standard input; results in input order, plus rejections.

    Events below `min_confidence` are left out (default: the event gate's threshold)."""
    from .ingest import read_source
    from .pipeline import Failure, default_pipeline

    threshold = confidence_threshold(min_confidence)
    failures: list[InputError] = []
    if text is not None:
        articles = [Article(text=text, title=title, published=published, origin="--text")]
    else:
        articles = []
        for item in read_source(source, fmt=fmt):
            if isinstance(item, InputError):
                failures.append(item)
                continue
            if published and not item.published:
                item.published = published
            if title and not item.title:
                item.title = title
            articles.append(item)
    results: list[Result] = []
    for res in default_pipeline(model).process(articles):
        if isinstance(res, Failure):
            failures.append(res.error)
        else:
            results.append(res.gated(threshold))
    return results, failures


# --- queries over a store -------------------------------------------------------------------------
# The CLI and the web UI call these; each validates its filters and raises UsageError with the
# offending value, so that a person can correct the command or the URL.

MAX_LIMIT = 10_000


def _store(store):
    """A Store, or a path to one (which must exist: a query never creates an empty store)."""
    from .store import Store

    return store if isinstance(store, Store) else Store(store, create=False)


def _day(name: str, value: str | None, last: bool) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first (or, for `until`, the last) day it covers."""
    from .store.rows import date_span

    if value is None or value == "":
        return None
    value = str(value).strip()
    start, end = date_span(value) if "/" not in value else (None, None)
    if start is None:
        raise UsageError(f"--{name} {value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    return end if last else start


def _choice(name: str, value: str | None, allowed, upper: bool = False,
            aliases: dict[str, str] | None = None) -> str | None:
    if value is None or value == "":
        return None
    v = str(value).strip()
    v = v.upper() if upper else v.lower()
    v = (aliases or {}).get(v, v)
    if v not in allowed:
        raise UsageError(f"--{name} {value!r} is not one of: {', '.join(allowed)}")
    return v


def _country(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    v = str(value).strip().upper()
    if len(v) == 2 and v.isalpha():  # accept alpha-2 and map it, as analysts often have those
        import pycountry

        c = pycountry.countries.get(alpha_2=v)
        if c is not None:
            return c.alpha_3
    if len(v) != 3 or not v.isalpha():
        raise UsageError(f"--country {value!r} is not an ISO 3166-1 country code (for example RUS, UKR)")
    return v


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    v = str(value).strip()
    if len(v) > 500:
        raise UsageError(f"--{name} is {len(v)} characters long; search for at most 500")
    return v or None


def _page(limit, offset) -> tuple[int | None, int]:
    try:
        lim = None if limit is None else int(limit)
        off = int(offset or 0)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"--limit {limit!r} / --offset {offset!r} must be whole numbers") from exc
    if lim is not None and not 0 <= lim <= MAX_LIMIT:
        raise UsageError(f"--limit {lim} must be between 0 and {MAX_LIMIT} (use export for everything)")
    if off < 0:
        raise UsageError(f"--offset {off} must not be negative")
    return lim, off


def _dates(since, until) -> dict:
    s, u = _day("since", since, last=False), _day("until", until, last=True)
    if s and u and s > u:
        raise UsageError(f"--since {since} is after --until {until}")
    return {"since": s, "until": u}


def confidence_threshold(value) -> float:
    """A confidence threshold in [0, 1]; None is the event gate's default (chosen on dev for a
    precision of at least 0.80, see docs/model_card_gate.md)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        from .extractors.gate import default_threshold

        return default_threshold()
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"--min-confidence {value!r} must be a number between 0 and 1") from exc
    if not 0.0 <= v <= 1.0:
        raise UsageError(f"--min-confidence {value!r} must be between 0 and 1")
    return v


def event_filters(*, type=None, actor=None, country=None, status=None, since=None, until=None,
                  text=None, article=None, min_confidence=None) -> dict:
    """Validated, normalised event filters (raises UsageError on a bad value)."""
    from .model import OLD_LABELS, PLOVER_TYPES, STATUSES

    return {"type": _choice("type", type, PLOVER_TYPES, upper=True, aliases=OLD_LABELS),
            "actor": _text("actor", actor), "country": _country(country),
            "status": _choice("status", status, STATUSES), "text": _text("text", text),
            "article": _text("article", article), **_dates(since, until),
            "min_confidence": confidence_threshold(min_confidence)}


def statement_filters(*, speaker=None, country=None, kind=None, since=None, until=None, text=None,
                      article=None) -> dict:
    from .model import STATEMENT_KINDS

    return {"speaker": _text("speaker", speaker), "country": _country(country),
            "kind": _choice("kind", kind, STATEMENT_KINDS), "text": _text("text", text),
            "article": _text("article", article), **_dates(since, until)}


def query_events(store, *, limit: int | None = 100, offset: int = 0, newest_first: bool = True,
                 **filters) -> list[dict]:
    """Events (eventwire/1 objects plus `uid`, `article`, `source_actor`, `target_actor`), newest first.

    Filters: type (PLOVER), actor (name or canonical id substring, source or target), country
    (ISO alpha-3 of source, target or location), status, since/until (dates), text (evidence),
    min_confidence (default: the event gate's threshold).
    """
    f = event_filters(**filters)
    lim, off = _page(limit, offset)
    return _store(store).events(limit=lim, offset=off, newest_first=newest_first, **f)


def count_events(store, **filters) -> int:
    return _store(store).count_events(**event_filters(**filters))


def iter_events(store, *, limit: int | None = None, **filters):
    """Every matching event (newest first), streamed from one cursor: for exports. Use the
    iterator from one thread at a time, and close it (or read it to the end)."""
    f = event_filters(**filters)
    if limit is not None and int(limit) < 1:
        raise UsageError(f"--limit {limit} must be at least 1")
    return _store(store).iter_events(newest_first=True, limit=None if limit is None else int(limit), **f)


def _unit(count) -> str:
    """What the views count: "events" (records, the default) or "incidents"."""
    from .store.aggregates import UNITS

    value = (count or "events").strip().lower()
    if value not in UNITS:
        raise UsageError(f"count {count!r} must be one of {', '.join(UNITS)}")
    return value


def event_timeline(store, *, count: str | None = None, **filters) -> dict:
    """Matching events per day and type: {"days": [{"date", "counts", "total"}], "types",
    "undated", "unit"}; `count="incidents"` counts the distinct incidents instead."""
    return _store(store).timeline(unit=_unit(count), **event_filters(**filters))


def event_map(store, *, count: str | None = None, places: int = 2000, **filters) -> dict:
    """Where the matching events happened: {"unit", "countries": [{"country", "count"}],
    "without_country", "places": [{"name", "country", "lat", "lon", "precision", "count"}],
    "truncated"}: per location country, and per place more precise than a country (the
    `places` with most); `count="incidents"` counts the distinct incidents instead."""
    if not 1 <= int(places) <= 100_000:
        raise UsageError(f"places {places} must be between 1 and 100000")
    return _store(store).map(unit=_unit(count), max_places=int(places), **event_filters(**filters))


def event_network(store, *, edges: int = 150, **filters) -> dict:
    """Who acts on whom among the matching events: {"nodes", "edges", "truncated"}, the `edges`
    heaviest (source, target, type) links."""
    if not 1 <= int(edges) <= 100_000:
        raise UsageError(f"edges {edges} must be between 1 and 100000")
    return _store(store).network(max_edges=int(edges), **event_filters(**filters))


def event_threads(store, *, limit: int = 100, **filters) -> dict:
    """Answered proposals among the matching events: {"items": [{"article", "proposal_id",
    "proposal", "answers"}], "total"}, the first `limit` threads."""
    lim, _ = _page(limit, 0)
    return _store(store).threads(limit=MAX_LIMIT if lim is None else lim, **event_filters(**filters))


def query_statements(store, *, limit: int | None = 100, offset: int = 0, newest_first: bool = True,
                     **filters) -> list[dict]:
    """Statements (eventwire/1 objects plus `uid`, `article`, `speaker_actor`), newest first.

    Filters: speaker (name, canonical id or speaker text substring), country (speaker's), kind,
    since/until (publication date), text (content).
    """
    f = statement_filters(**filters)
    lim, off = _page(limit, offset)
    return _store(store).statements(limit=lim, offset=off, newest_first=newest_first, **f)


def count_statements(store, **filters) -> int:
    return _store(store).count_statements(**statement_filters(**filters))


def query_actors(store, *, name=None, country=None, sector=None, kind=None, since=None, until=None,
                 limit: int | None = 100, offset: int = 0) -> list[dict]:
    """Actors across articles (one row per canonical id or name) with article/mention/event counts."""
    from .model import ACTOR_KINDS

    f = {"name": _text("name", name), "country": _country(country),
         "sector": (_text("sector", sector) or "").upper() or None,
         "kind": _choice("kind", kind, ACTOR_KINDS), **_dates(since, until)}
    lim, off = _page(limit, offset)
    return _store(store).actors(limit=lim, offset=off, **f)


def query_articles(store, *, text=None, source=None, since=None, until=None,
                   limit: int | None = 100, offset: int = 0, newest_first: bool = True) -> list[dict]:
    """Stored articles (eventwire/1 article objects plus hash and counts), newest first."""
    f = {"text": _text("text", text), "source": _text("source", source), **_dates(since, until)}
    lim, off = _page(limit, offset)
    return _store(store).articles(limit=lim, offset=off, newest_first=newest_first, **f)


def incidents(store, *, limit: int | None = 100, offset: int = 0, newest_first: bool = True,
              **filters) -> list[dict]:
    """Incidents (the real-world events that one or more stored event records report), newest
    first: id, type, status, source, target (canonical id when known, else name), date_start,
    date_end, place, country, first_seen, and the numbers of events (records), articles and
    sources (outlets). The filters are those of `query_events`; an incident is listed when one of
    its records matches, and its row describes the records that match."""
    from .store import incidents as linked

    f = event_filters(**filters)
    lim, off = _page(limit, offset)
    st = _store(store)
    with st.reading(snapshot=True):
        return linked.incidents(st, f, lim, off, newest_first)


def count_incidents(store, **filters) -> int:
    from .store import incidents as linked

    st = _store(store)
    f = event_filters(**filters)
    with st.reading():
        return linked.count_incidents(st, f)


def get_incident(store, id: str) -> dict | None:  # noqa: A002
    """One incident with every event record that reports it (each with its article, outlet,
    evidence text and offsets); None when no record has that incident id."""
    from .store import incidents as linked

    key = _text("id", id)
    if not key:
        raise UsageError("give an incident id (the `incident` of an event, or `id` in `incidents`)")
    st = _store(store)
    with st.reading(snapshot=True):
        return linked.incident(st, key)


def relink_incidents(store) -> int:
    """Link every stored event record into incidents again from nothing (after an upgrade that
    changed the rule, or for a store written before incidents existed); the incidents' count."""
    from .store import incidents as linked

    return linked.relink(_store(store))


def unlinked_events(store) -> int:
    """Event records that have no incident yet (stored before incidents were linked)."""
    from .store import incidents as linked

    st = _store(store)
    with st.reading():
        return linked.unlinked(st)


def get_article(store, id: str) -> dict | None:  # noqa: A002
    """One article's eventwire/1 record with its text, by content hash or caller id; None if absent."""
    key = _text("id", id)
    if not key:
        raise UsageError("give an article id (its content hash or the id it was ingested with)")
    return _store(store).article(key)


def stats(store) -> dict:
    """The store's counts: articles, events, statements, actors, errors."""
    return _store(store).stats()


def ingest(store, sources, *, fmt: str | None = None, model: str | None = None,
           processes: int | None = 1, batch_size: int | None = None, progress=None,
           min_confidence: float | None = None, engine: str = "local",
           ray_address: str | None = None):
    """Read `sources` into the store (a Store or a path, created if needed); an IngestSummary back.

    Events below `min_confidence` are not stored (default: the event gate's threshold).
    `engine="ray"` runs the pipeline on Ray Data (`processes` actors, default one per CPU of
    the cluster at `ray_address`, or of a local one started for the run); the store is written
    here either way."""
    from .store import Store
    from .store.loader import ingest as run_ingest

    st = store if isinstance(store, Store) else Store(store)
    return run_ingest(st, sources, fmt=fmt, model=model, processes=processes, batch_size=batch_size,
                      progress=progress, min_confidence=confidence_threshold(min_confidence),
                      engine=engine, ray_address=ray_address)
