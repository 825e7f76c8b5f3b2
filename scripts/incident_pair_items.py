"""Annotation items for incidents: pairs of event mentions in articles of one story by two outlets.

    python scripts/incident_pair_items.py OUT_DIR [--stories 220] [--pairs 440] [--batches 1]
    python scripts/incident_pair_items.py OUT_DIR --skip-stories 480 --stories 200 --pairs 360 \
        --batches 2 --first-id 1001 --split train        # the train batch (stories not used before)

1. Stories: pairs of ../shared/data/corpus/allsides articles with the same AllSides topic, dates
   at most one day apart, different outlets, and similar opening text (TF-IDF cosine of title and
   first 1,500 characters >= 0.35); each article is used in one pair at most. A seeded sample.
2. Mentions: eventwire's event candidates of both articles at confidence >= 0.3 (the pipeline only
   says which words may report an event; annotators never see its type, actors, dates or scores).
3. Pairs: per story, up to two cross-article pairs whose sentences are similar (TF-IDF cosine >=
   0.25: likely the same incident) and one other pair, so that about half are the same incident.

Writes OUT_DIR/pairs{N}.jsonl (texts, for annotators; keep OUT_DIR outside the repository) and
OUT_DIR/refs.jsonl (article references, offsets and the split: what the repository keeps).
The split is fixed per story by a hash of its two article ids: dev or test.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from eventwire.errors import DataMissingError
from eventwire.eval import data_path

SEED = 12
MIN_CONFIDENCE = 0.3


def split_of(a: str, b: str) -> str:
    h = int(hashlib.sha256("|".join(sorted((a, b))).encode()).hexdigest()[:8], 16)
    return "dev" if h % 2 == 0 else "test"


def load_articles() -> list[dict]:
    path = data_path(None, "corpus", "allsides", "articles.jsonl.gz")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d.get("date") and d.get("text") and d.get("topic") and d.get("source"):
                out.append(d)
    return out


def story_pairs(arts: list[dict], n: int, rng: random.Random) -> list[tuple[dict, dict]]:
    from datetime import date

    from sklearn.feature_extraction.text import TfidfVectorizer

    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(arts):
        by_topic[a["topic"]].append(i)
    cands = []
    for idx in by_topic.values():
        idx.sort(key=lambda i: arts[i]["date"])
        for x, i in enumerate(idx):
            di = date.fromisoformat(arts[i]["date"][:10])
            for j in idx[x + 1:]:
                dj = date.fromisoformat(arts[j]["date"][:10])
                if (dj - di).days > 1:
                    break
                if arts[i]["source"] != arts[j]["source"]:
                    cands.append((i, j))
    used = sorted({k for pair in cands for k in pair})
    vec = TfidfVectorizer(stop_words="english", min_df=2, sublinear_tf=True)
    m = vec.fit_transform([(arts[k]["title"] or "") + " " + arts[k]["text"][:1500] for k in used])
    row = {k: r for r, k in enumerate(used)}
    good = [(i, j) for i, j in cands if (m[row[i]].multiply(m[row[j]])).sum() >= 0.35]
    rng.shuffle(good)
    taken: set[int] = set()
    out = []
    for i, j in good:
        if i in taken or j in taken:
            continue
        taken.update((i, j))
        out.append((arts[i], arts[j]))
        if len(out) == n:
            break
    return out


def mentions(stories: list[tuple[dict, dict]]) -> dict[str, list]:
    from eventwire.extractors import extract_doc
    from eventwire.model import Article
    from eventwire.pipeline import default_pipeline

    pipeline = default_pipeline()
    arts = {a["id"]: a for pair in stories for a in pair}
    order = sorted(arts)
    objs = [Article(text=arts[k]["text"], id=k, title=arts[k]["title"], published=arts[k]["date"][:10],
                    source=arts[k]["source"]) for k in order]
    out = {}
    for n, (art, doc) in enumerate(zip(objs, pipeline.parse(a.text for a in objs))):
        evs = [e for e in extract_doc(doc, art, kb=pipeline.kb).events
               if e.confidence >= MIN_CONFIDENCE and e.trigger_start is not None]
        out[art.id] = evs
        if n % 50 == 0:
            print(f"  {n}/{len(objs)} articles", file=sys.stderr)
    return out


def context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    a = max(0, start - width)
    b = min(len(text), end + width)
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    return text[a:start].lstrip(), text[end:b].rstrip()


def side(art: dict, ev) -> tuple[dict, dict]:
    text = art["text"]
    s0, s1 = ev.evidence.start, ev.evidence.end
    t0, t1 = ev.trigger_start, ev.trigger_end
    before, after = context(text, s0, s1, 500)
    shown = {"outlet": art["source"], "date": art["date"][:10], "title": art["title"],
             "opening": text[:300].rsplit(" ", 1)[0], "before": before,
             "sentence": text[s0:t0] + "⟦" + text[t0:t1] + "⟧" + text[t1:s1], "after": after}
    ref = {"article": f"allsides:{art['id']}", "trigger": [t0, t1], "sentence": [s0, s1]}
    return shown, ref


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--stories", type=int, default=220)
    ap.add_argument("--pairs", type=int, default=440)
    ap.add_argument("--batches", type=int, default=1)
    ap.add_argument("--skip-stories", type=int, default=0,
                    help="leave out the first N sampled stories (a further batch with new stories)")
    ap.add_argument("--close-only", action="store_true",
                    help="only the most similar pair of each story (raises the share of same-incident pairs)")
    ap.add_argument("--first-id", type=int, default=1, help="number of the first pair id")
    ap.add_argument("--split", choices=("hash", "train"), default="hash",
                    help="hash: dev or test by a hash of the story's articles; train: every pair "
                         "(a batch of new stories for learning, never scored)")
    args = ap.parse_args()
    rng = random.Random(SEED)
    try:
        arts = load_articles()
    except DataMissingError as exc:
        print(f"incident_pair_items: {exc}", file=sys.stderr)
        return 2
    stories = story_pairs(arts, args.stories + args.skip_stories, rng)[args.skip_stories:]
    print(f"{len(stories)} stories", file=sys.stderr)
    evs = mentions(stories)
    from sklearn.feature_extraction.text import TfidfVectorizer

    sents = {}
    for a, b in stories:
        for art in (a, b):
            for e in evs[art["id"]]:
                sents[(art["id"], e.id)] = art["text"][e.evidence.start:e.evidence.end]
    keys = sorted(sents)
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit([sents[k] for k in keys])
    items, refs = [], []
    for a, b in stories:
        ea, eb = evs[a["id"]], evs[b["id"]]
        if not ea or not eb:
            continue
        ma = vec.transform([sents[(a["id"], e.id)] for e in ea])
        mb = vec.transform([sents[(b["id"], e.id)] for e in eb])
        sim = (ma @ mb.T).toarray()
        close = [(sim[x, y], x, y) for x in range(len(ea)) for y in range(len(eb)) if sim[x, y] >= 0.25]
        far = [(sim[x, y], x, y) for x in range(len(ea)) for y in range(len(eb)) if sim[x, y] < 0.25]
        close.sort(reverse=True)
        if args.close_only:
            chosen = [c for c in close[:1] if c[0] >= 0.35]
        else:
            chosen = close[:2] + (rng.sample(far, 1) if far else [])
        for _, x, y in chosen:
            sa, ra = side(a, ea[x])
            sb, rb = side(b, eb[y])
            pid = f"p{len(items) + args.first_id:04d}"
            items.append({"id": pid, "a": sa, "b": sb})
            split = "train" if args.split == "train" else split_of(a["id"], b["id"])
            refs.append({"id": pid, "split": split, "a": ra, "b": rb})
    order = list(range(len(items)))
    rng.shuffle(order)
    order = sorted(order[:args.pairs])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(order) // args.batches)
    for n in range(args.batches):
        with (out / f"pairs{n + 1}.jsonl").open("w", encoding="utf-8") as fh:
            for k in order[n * size:(n + 1) * size]:
                fh.write(json.dumps(items[k], ensure_ascii=False) + "\n")
    with (out / "refs.jsonl").open("w", encoding="utf-8") as fh:
        for k in order:
            fh.write(json.dumps(refs[k]) + "\n")
    print(f"{len(order)} pairs from {len(stories)} stories under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
