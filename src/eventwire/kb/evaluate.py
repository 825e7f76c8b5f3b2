"""Actor resolution scored against gold actor codes (PLOVER GSR records: actor text + CAMEO code).

    python -m eventwire.kb.evaluate [PATH]   # default ../shared/data/plover/PLOVER_GSR_CAMEO.txt
    python -m eventwire.kb.evaluate timing [N] [JSONL]  # collect() cost against spaCy's parse

For every gold source/target actor whose text occurs in the record's sentence, the span is given to
ActorRegistry.actor_for_span (after collect(), as the events extractor does) and the predicted
country and sector are compared with the gold CAMEO code and sector. A dev measure: the rules are
not tuned to these sentences.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

# CAMEO codes that are not ISO alpha-3
CAMEO_TO_ISO = {"JAP": "JPN", "ROM": "ROU", "SER": "SRB", "KSV": "XKX", "UAE": "ARE"}
INTERNATIONAL = {"IGO", "NGO", "NGM", "MNC", "IMG"}


def load_gsr(path: str | Path) -> list[dict]:
    from ..errors import DataMissingError

    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataMissingError(f"{path}: cannot read the PLOVER GSR JSON ({exc})") from exc
    return [r for r in records if r.get("text") and r.get("event") != "DOCUMENT"]


def _gold_actors(record: dict) -> Iterable[dict]:
    for key in ("source", "target"):
        value = record.get(key)
        if isinstance(value, list):
            yield from (a for a in value if isinstance(a, dict) and a.get("actorText"))


def score_gsr(records: list[dict], nlp, kb=None) -> dict:
    """Counts and accuracies: country (gold country codes), sector (gold sectors), found."""
    from ..extractors.actors import ActorRegistry
    from . import load_kb

    kb = kb or load_kb()
    n_country = ok_country = n_sector = ok_sector = missing = 0
    texts = [r["text"] for r in records]
    for record, doc in zip(records, nlp.pipe(texts, batch_size=32)):
        registry = ActorRegistry(doc, kb=kb, published=record.get("date"))
        registry.collect()
        for gold in _gold_actors(record):
            start = record["text"].find(gold["actorText"])
            if start < 0:
                start = record["text"].lower().find(gold["actorText"].lower())
            span = doc.char_span(start, start + len(gold["actorText"]),
                                 alignment_mode="expand") if start >= 0 else None
            if span is None:
                missing += 1
                continue
            actor = registry.actor_for_span(span)
            code = (gold.get("code") or "").upper()[:3]
            sector = (gold.get("sector") or "").upper()[:3]
            if code in INTERNATIONAL:
                sector = sector or code
            elif code.isalpha() and len(code) == 3:
                n_country += 1
                ok_country += actor.country == CAMEO_TO_ISO.get(code, code)
            if sector.isalpha() and len(sector) == 3:
                n_sector += 1
                ok_sector += actor.sector == sector
    return {"country_accuracy": ok_country / n_country if n_country else 0.0,
            "sector_accuracy": ok_sector / n_sector if n_sector else 0.0,
            "countries": n_country, "sectors": n_sector, "not_found": missing}


def time_collect(texts: list[str], dates: list[str | None], nlp, kb=None) -> dict:
    """Seconds spaCy takes to parse `texts` and ActorRegistry.collect() takes over the docs."""
    import time

    from ..extractors.actors import ActorRegistry
    from . import load_kb

    kb = kb or load_kb()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    for doc, date in zip(docs, dates):
        ActorRegistry(doc, kb=kb, published=date).collect()
    collect = time.perf_counter() - t0
    return {"articles": len(texts), "parse_s": parse, "collect_s": collect,
            "ratio": collect / parse if parse else 0.0}


def main(argv: list[str] | None = None) -> int:
    import sys

    from ..eval import data_path, summary_line
    from ..nlp import load

    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "timing":
        n = int(args[1]) if len(args) > 1 else 40
        path = data_path(args[2] if len(args) > 2 else None,
                         "corpus", "allsides", "sample_wire_500.jsonl")
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:n]]
        scores = time_collect([r["text"] for r in rows],
                              [(r.get("date") or "")[:10] or None for r in rows], load())
        print(summary_line("actors-timing", **scores))
        return 0
    path = data_path(args[0] if args else None, "plover", "PLOVER_GSR_CAMEO.txt")
    scores = score_gsr(load_gsr(path), load())
    print(summary_line("actors-gsr", **scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
