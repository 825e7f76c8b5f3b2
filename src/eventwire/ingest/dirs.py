"""Directories: every file below, recursively and in name order, each read by its own type.

Hidden files and folders are skipped, and so is documentation (README, LICENSE, ...). A .json
file is read like any other (one article object, or an array of them), except the sidecar
metadata of a text file beside it (a.json next to a.txt or a.txt.gz), which the text reader
reads with its article.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError
from ..model import Article
from .common import display_name

NOT_ARTICLES = ("readme", "license", "licence", "copying", "notice", "changelog", "authors")
# the files whose NAME.json beside them is their metadata (see text.sidecar_path)
TEXT_SUFFIXES = ("", ".txt", ".text", ".md")


def is_skipped(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith("."):
        return True
    return name.split(".", 1)[0] in NOT_ARTICLES


def _stem(name: str) -> tuple[str, str]:
    """(stem, suffix) of a file name, a trailing .gz left out: a.txt.gz -> (a, .txt)."""
    lower = name.lower()
    if lower.endswith(".gz"):
        name, lower = name[:-3], lower[:-3]
    if "." not in name:
        return name, ""
    stem, suffix = name.rsplit(".", 1)
    return stem, "." + suffix.lower()


def sidecars(files: list[str]) -> set[str]:
    """The .json files among `files` (names in one folder) that are a text file's metadata."""
    names = set(files)
    found = set()
    for f in files:
        stem, suffix = _stem(f)
        if suffix in TEXT_SUFFIXES and f"{stem}.json" in names and f"{stem}.json" != f:
            found.add(f"{stem}.json")
    return found


def walk(root: Path) -> Iterator[Path]:
    """Files under root in a stable order (sorted names, depth first), hidden ones left out."""
    for folder, dirs, files in os.walk(root, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        metadata = sidecars(files)
        for name in sorted(files):
            path = Path(folder, name)
            if name not in metadata and not is_skipped(path):
                yield path


def read_dir(root: Path, read_file: Callable[[str], Iterator[Article | InputError]]
             ) -> Iterator[Article | InputError]:
    """Each file through read_file (which picks the reader); an empty directory is an error."""
    found = False
    for path in walk(root):
        found = True
        yield from read_file(str(path))
    if not found:
        yield InputError("no readable files in this directory (hidden files, README/LICENSE "
                         "files and the .json metadata of text files are skipped)",
                         display_name(str(root)))
