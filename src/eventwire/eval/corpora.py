"""Article texts of ../shared/data by reference, for annotation sets that store only offsets.

A reference is `corpus:key`:
- `allsides:ID` an article of corpus/allsides/articles.jsonl.gz (its `text`, `date`);
- `polnear/train:NAME`, `polnear/dev:NAME` a text file of polnear/{train,dev}/text (date from
  metadata.tsv);
- `worldwide:FILE` an article of ner/worldwide, its tokens joined back into text by `detokenize`.
Offsets in the annotation files index exactly the text returned here.
"""
from __future__ import annotations

import csv
import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

from ..errors import DataMissingError
from . import data_path

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "'s", "n't", "'re", "'ve",
                    "'ll", "'d", "'m", "'S", "''"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


def detokenize(tokens: list[str]) -> str:
    """One line of text from CoNLL tokens: spaces except before closing punctuation and clitics."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if i and tok not in _NO_SPACE_BEFORE and tokens[i - 1] not in _NO_SPACE_AFTER:
            out.append(" ")
        out.append(tok)
    return "".join(out)


def _worldwide_text(path: Path) -> str:
    sentences: list[list[str]] = []
    current: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:  # the first line is the article's URL
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        current.append(line.split("\t")[0])
    if current:
        sentences.append(current)
    return "\n".join(detokenize(s) for s in sentences)


@lru_cache(maxsize=1)
def _allsides(root: str) -> dict[str, tuple[str, str | None]]:
    path = Path(root) / "corpus" / "allsides" / "articles.jsonl.gz"
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out[d["id"]] = (d.get("text") or "", d.get("date"))
    return out


@lru_cache(maxsize=1)
def _polnear_dates(root: str) -> dict[str, str]:
    path = Path(root) / "polnear" / "metadata.tsv"
    with path.open(encoding="utf-8") as fh:
        return {r["filename"]: r["publication_date"] for r in csv.DictReader(fh, delimiter="\t")}


def article(ref: str, root: str | None = None) -> tuple[str, str | None]:
    """(text, published date or None) of the article `ref`; DataMissingError when it is absent."""
    base = str(data_path(root))
    corpus, _, key = ref.partition(":")
    if corpus == "allsides":
        try:
            return _allsides(base)[key]
        except KeyError:
            raise DataMissingError(f"{ref}: no such article in corpus/allsides/articles.jsonl.gz") from None
    if corpus in ("polnear/train", "polnear/dev"):
        path = Path(base) / corpus / "text" / f"{key}.txt"
        if not path.exists():
            raise DataMissingError(f"{ref}: {path} does not exist")
        return path.read_text(encoding="utf-8"), _polnear_dates(base).get(key)
    if corpus == "worldwide":
        path = Path(base) / "ner" / "worldwide" / key
        if not path.exists():
            raise DataMissingError(f"{ref}: {path} does not exist")
        return _worldwide_text(path), None
    raise DataMissingError(f"{ref}: unknown corpus {corpus!r} (allsides, polnear/train, polnear/dev, worldwide)")


def refs(root: str | None = None) -> dict[str, list[str]]:
    """Every article reference of each corpus, sorted (the population annotation samples from)."""
    base = Path(data_path(root))
    out = {"allsides": sorted(_allsides(str(base)))}
    for part in ("train", "dev"):
        names = sorted(p.stem for p in (base / "polnear" / part / "text").glob("*.txt"))
        out[f"polnear/{part}"] = names
    out["worldwide"] = sorted(p.name for p in (base / "ner" / "worldwide").glob("*.tsv"))
    return out


_WORD = re.compile(r"[A-Za-z]")


def is_sentence(text: str) -> bool:
    """A sentence worth annotating holds at least one letter (not only punctuation or numbers)."""
    return bool(_WORD.search(text))
