"""Directories: every file below, recursively and in name order, each read by its own type.

Hidden files and folders are skipped, and so are files that are not articles: documentation
(README, LICENSE, ...) and .json files, which are sidecar metadata or data-set manifests here
(name a .json file directly to read it as articles).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError
from ..model import Article

NOT_ARTICLES = ("readme", "license", "licence", "copying", "notice", "changelog", "authors")


def is_skipped(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith("."):
        return True
    if name.split(".", 1)[0] in NOT_ARTICLES:
        return True
    return name.endswith((".json", ".json.gz"))


def walk(root: Path) -> Iterator[Path]:
    """Files under root in a stable order (sorted names, depth first), hidden ones left out."""
    for folder, dirs, files in os.walk(root, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if not is_skipped(path):
                yield path


def read_dir(root: Path, read_file: Callable[[str], Iterator[Article | InputError]]
             ) -> Iterator[Article | InputError]:
    """Each file through read_file (which picks the reader); an empty directory is an error."""
    found = False
    for path in walk(root):
        found = True
        yield from read_file(str(path))
    if not found:
        yield InputError("no readable files in this directory (hidden files, .json metadata and "
                         "README/LICENSE files are skipped)", str(root))
