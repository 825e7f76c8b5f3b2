"""Agreement and gold for the place and toponym annotations (docs/annotation-places.md).

    python scripts/build_place_gold.py ANNOT_DIR [--disagreements OUT_DIR] [--write]

ANNOT_DIR holds items/places{N}.jsonl, topo_items/toponyms{N}.jsonl (the items, with texts),
ann/{places,toponyms}{N}_{A,B}.jsonl (the two independent annotations) and, after adjudication,
adj/{places,toponyms}{N}.jsonl (one decision per disagreement, the same fields as an annotation).
Prints agreement; with --disagreements writes the items the annotators disagree on, both labels
shown, for the adjudicator; with --write writes src/eventwire/data/wire_places/gold.jsonl and
toponyms.jsonl: references, offsets and labels only, no text.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eventwire.eval import corpora

REPO = Path(__file__).resolve().parent.parent
EVENTS = REPO / "src" / "eventwire" / "data" / "wire_events"
OUT = REPO / "src" / "eventwire" / "data" / "wire_places"


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}


def place_key(r: dict) -> tuple:
    """What must agree: whether there is a place, its country and precision, and its words."""
    if not r.get("place"):
        return (None,)
    return (r.get("country"), r.get("precision"), (r.get("place") or "").lower())


def place_agree(a: dict, b: dict) -> bool:
    if bool(a.get("place")) != bool(b.get("place")):
        return False
    if not a.get("place"):
        return True
    pa, pb = a["place"].lower(), b["place"].lower()
    same_words = pa in pb or pb in pa or (a.get("found_in") == b.get("found_in") == "dateline")
    return a.get("country") == b.get("country") and a.get("precision") == b.get("precision") and same_words


def topo_agree(a: dict, b: dict) -> bool:
    return a.get("country") == b.get("country") and bool(a.get("clear")) == bool(b.get("clear"))


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    n = len(pairs)
    po = sum(x == y for x, y in pairs) / n
    pa = sum(x for x, _ in pairs) / n
    pb = sum(y for _, y in pairs) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def report(kind: str, a: dict[str, dict], b: dict[str, dict]) -> list[str]:
    ids = [i for i in a if i in b]
    agree = place_agree if kind == "places" else topo_agree
    dis = [i for i in ids if not agree(a[i], b[i])]
    line = f"{kind}: {len(ids)} items, both agree on {len(ids) - len(dis)} ({1 - len(dis) / len(ids):.3f})"
    if kind == "places":
        has = [(bool(a[i].get("place")), bool(b[i].get("place"))) for i in ids]
        both = [i for i in ids if a[i].get("place") and b[i].get("place")]
        cty = sum(a[i].get("country") == b[i].get("country") for i in both)
        line += (f"; place given: A {sum(x for x, _ in has)}, B {sum(y for _, y in has)}, kappa "
                 f"{kappa(has):.3f}; country agreement where both give a place {cty}/{len(both)}")
    else:
        both = [i for i in ids if a[i].get("country") and b[i].get("country")]
        cty = sum(a[i]["country"] == b[i]["country"] for i in both)
        line += f"; country agreement where both give one {cty}/{len(both)} ({cty / max(1, len(both)):.3f})"
    print(line)
    return dis


def locate(text: str, words: str, near: int) -> list[int] | None:
    """Offsets of `words` in the article: the occurrence nearest to offset `near`."""
    hits, at = [], text.find(words)
    while at >= 0:
        hits.append(at)
        at = text.find(words, at + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - near))
    return [best, best + len(words)]


def place_gold(final: dict[str, dict]) -> list[dict]:
    sentences = by_id(jsonl(EVENTS / "sentences.jsonl"))
    gold = by_id(jsonl(EVENTS / "gold.jsonl"))
    out = []
    for pid in sorted(final):
        r = final[pid]
        sid, _, k = pid.rpartition(".")
        s, ev = sentences[sid], gold[sid]["events"][int(k)]
        span = None
        if r.get("place"):
            text = corpora.article(s["article"])[0]
            span = locate(text, r["place"], ev["trigger"][0])
            if span is None:
                print(f"  {pid}: place {r['place']!r} not found in the article; kept without offsets",
                      file=sys.stderr)
        out.append({"id": pid, "sentence": sid, "event": int(k), "article": s["article"],
                    "split": s["split"], "type": ev["type"], "trigger": ev["trigger"],
                    "place": span, "place_given": bool(r.get("place")), "found_in": r.get("found_in"),
                    "country": r.get("country"), "precision": r.get("precision"),
                    "admin1": r.get("admin1")})
    return out


def toponym_gold(final: dict[str, dict], items: dict[str, dict]) -> list[dict]:
    sys.path.insert(0, str(REPO / "scripts"))
    from sample_wire_sentences import split_of

    out = []
    for tid in sorted(final, key=lambda t: (items[t]["article"], items[t]["start"])):
        r, it = final[tid], items[tid]
        out.append({"id": tid, "article": it["article"], "start": it["start"], "end": it["end"],
                    "name": it["name"], "country": r.get("country"), "kind": r.get("kind"),
                    "clear": bool(r.get("clear")), "split": split_of(it["article"])})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("annot")
    ap.add_argument("--disagreements")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    root = Path(args.annot)
    finals: dict[str, dict[str, dict]] = {"places": {}, "toponyms": {}}
    topo_items: dict[str, dict] = {}
    for kind, folder in (("places", "items"), ("toponyms", "topo_items")):
        for items_path in sorted((root / folder).glob(f"{kind}*.jsonl")):
            batch = items_path.stem
            items = by_id(jsonl(items_path))
            if kind == "toponyms":
                topo_items.update(items)
            fa, fb = root / "ann" / f"{batch}_A.jsonl", root / "ann" / f"{batch}_B.jsonl"
            if not (fa.exists() and fb.exists()):
                print(f"{batch}: annotations incomplete, skipped")
                continue
            a, b = by_id(jsonl(fa)), by_id(jsonl(fb))
            if set(a) != set(items) or set(b) != set(items):
                print(f"{batch}: annotations do not cover the items, skipped")
                continue
            print(f"{batch}:", end=" ")
            dis = report(kind, a, b)
            if args.disagreements:
                d = Path(args.disagreements)
                d.mkdir(parents=True, exist_ok=True)
                with (d / f"{batch}.jsonl").open("w", encoding="utf-8") as fh:
                    for i in dis:
                        la = {k: v for k, v in a[i].items() if k != "id"}
                        lb = {k: v for k, v in b[i].items() if k != "id"}
                        fh.write(json.dumps({**items[i], "label_1": la, "label_2": lb}, ensure_ascii=False) + "\n")
            adj_path = root / "adj" / f"{batch}.jsonl"
            adj = by_id(jsonl(adj_path)) if adj_path.exists() else {}
            missing = [i for i in dis if i not in adj]
            if missing:
                print(f"  {len(missing)} disagreements not adjudicated yet")
                continue
            for i in items:
                finals[kind][i] = adj.get(i, a[i])
    if args.write:
        OUT.mkdir(parents=True, exist_ok=True)
        if finals["places"]:
            rows = place_gold(finals["places"])
            with (OUT / "gold.jsonl").open("w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r) + "\n")
            print(f"wrote {len(rows)} events ({sum(r['place_given'] for r in rows)} with a place) to {OUT / 'gold.jsonl'}")
        if finals["toponyms"]:
            rows = toponym_gold(finals["toponyms"], topo_items)
            with (OUT / "toponyms.jsonl").open("w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r) + "\n")
            print(f"wrote {len(rows)} toponyms to {OUT / 'toponyms.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
