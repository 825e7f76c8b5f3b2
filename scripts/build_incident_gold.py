"""Agreement and gold for the incident pairs (docs/annotation-incidents.md).

    python scripts/build_incident_gold.py ANNOT_DIR [--disagreements FILE] [--write] [--out NAME]
    python scripts/build_incident_gold.py /work/annot/incidents/train --write --out train_pairs.jsonl

ANNOT_DIR holds the item folders made by scripts/incident_pair_items.py (items/, items2/, ...: each
with pairs1.jsonl and refs.jsonl), ann/pairs{N}_{A,B}.jsonl (the two independent annotations of
folder N: items -> 1, items2 -> 2) and, after adjudication, adj/pairs.jsonl (one decision per
disagreement). Prints agreement; --disagreements writes the items the annotators disagree on with
both labels; --write writes src/eventwire/data/incident_pairs/pairs.jsonl: references, offsets,
split and label, no text; pairs judged not to be events are left out.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "eventwire" / "data" / "incident_pairs"


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("annot")
    ap.add_argument("--disagreements")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--out", default="pairs.jsonl",
                    help="the file written under eventwire/data/incident_pairs (train_pairs.jsonl: "
                         "the train batch, which `eval incidents` never reads)")
    args = ap.parse_args()
    root = Path(args.annot)
    items, refs, a, b = {}, {}, {}, {}
    for n, folder in enumerate(sorted(p for p in root.glob("items*") if p.is_dir()), start=1):
        items.update({r["id"]: r for r in jsonl(folder / "pairs1.jsonl")})
        refs.update({r["id"]: r for r in jsonl(folder / "refs.jsonl")})
        for who, into in (("A", a), ("B", b)):
            path = root / "ann" / f"pairs{n}_{who}.jsonl"
            if not path.exists():
                print(f"{path}: missing; the folder {folder.name} is left out", file=sys.stderr)
                break
            into.update({r["id"]: r for r in jsonl(path)})
    ids = sorted(i for i in items if i in a and i in b)
    pairs = Counter((a[i]["label"], b[i]["label"]) for i in ids)
    agree = sum(v for (x, y), v in pairs.items() if x == y)
    events = [i for i in ids if "not_event" not in (a[i]["label"], b[i]["label"])]
    same_agree = sum(a[i]["label"] == b[i]["label"] for i in events)
    po = same_agree / len(events)
    pa = sum(a[i]["label"] == "same" for i in events) / len(events)
    pb = sum(b[i]["label"] == "same" for i in events) / len(events)
    pe = pa * pb + (1 - pa) * (1 - pb)
    print(f"{len(ids)} pairs annotated twice; same label {agree} ({agree / len(ids):.3f}); where both "
          f"saw events ({len(events)}): same/different agreement {po:.3f}, Cohen's kappa {(po - pe) / (1 - pe):.3f}")
    print("label pairs (A, B):", dict(pairs))
    dis = [i for i in ids if a[i]["label"] != b[i]["label"]]
    if args.disagreements:
        with open(args.disagreements, "w", encoding="utf-8") as fh:
            for i in dis:
                fh.write(json.dumps({**items[i], "label_1": a[i]["label"], "label_2": b[i]["label"]},
                                    ensure_ascii=False) + "\n")
        print(f"{len(dis)} disagreements written to {args.disagreements}")
    adj_path = root / "adj" / "pairs.jsonl"
    adj = {r["id"]: r for r in jsonl(adj_path)} if adj_path.exists() else {}
    if args.write:
        missing = [i for i in dis if i not in adj]
        if missing:
            print(f"{len(missing)} disagreements not adjudicated; nothing written", file=sys.stderr)
            return 1
        OUT.mkdir(parents=True, exist_ok=True)
        kept = Counter()
        with (OUT / args.out).open("w", encoding="utf-8") as fh:
            for i in ids:
                label = adj[i]["label"] if i in adj else a[i]["label"]
                if label == "not_event":
                    continue
                r = refs[i]
                kept[(r["split"], label)] += 1
                fh.write(json.dumps({"id": i, "split": r["split"], "a": r["a"], "b": r["b"], "label": label}) + "\n")
        print(f"wrote {sum(kept.values())} pairs to {OUT / args.out}: {dict(sorted(kept.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
