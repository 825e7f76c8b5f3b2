"""The actor knowledge base: built-in data plus user files, loaded once per process.

    from eventwire.kb import load_kb
    kb = load_kb()                                   # the built-in KB
    kb = load_kb(extra_files=["my_actors.csv",       # the project's table format (CSV or YAML)
                              "Phoenix.Countries.actors.txt"])  # a PETRARCH/Phoenix dictionary

Entries from extra files are consulted before the built-in ones, in the order given.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .base import Hit, KBEntry, KnowledgeBase, KnowledgeBaseError, Term, normalise
from .builtin import build_builtin
from .loaders import (is_phoenix, is_phoenix_agents, phoenix_alias_case, read_phoenix_actors,
                      read_phoenix_agents, read_table)

ENV_VAR = "EVENTWIRE_KB"  # extra files, separated by os.pathsep, added to every load_kb()


def add_file(kb: KnowledgeBase, path: str | Path) -> KnowledgeBase:
    """Add one file (table or Phoenix dictionary) to `kb`; its entries take precedence."""
    p = Path(path)
    if not p.is_file():
        raise KnowledgeBaseError(f"{p}: no such knowledge-base file; check the path given to "
                                 f"--kb or {ENV_VAR}")
    if is_phoenix(p) and is_phoenix_agents(p):
        for noun, sector in read_phoenix_agents(p):
            kb.add_sector_noun(noun, sector, with_plurals=False)
    elif is_phoenix(p):
        for entry in read_phoenix_actors(p, kb.problems):
            known = kb.entries.get(entry.id)
            kb.add(entry, first=False) if known else kb.entries.setdefault(entry.id, entry)
            for alias in [entry.name, *entry.aliases]:
                kb.add_alias(alias, entry.id, first=False, case_sensitive=phoenix_alias_case(alias))
    else:
        kb.extend(read_table(p), first=True)
    kb.sources.append(str(p))
    kb.finish()
    return kb


@lru_cache(maxsize=8)
def _load(files: tuple[str, ...]) -> KnowledgeBase:
    kb = build_builtin()
    for f in reversed(files):  # the first file given wins: add it last, in front
        add_file(kb, f)
    return kb


def load_kb(extra_files: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The knowledge base: built-in entries plus `extra_files` (and $EVENTWIRE_KB), cached."""
    files = [str(Path(f)) for f in extra_files]
    env = os.environ.get(ENV_VAR)
    if env:
        files += [f for f in env.split(os.pathsep) if f]
    return _load(tuple(files))


__all__ = ["load_kb", "add_file", "KnowledgeBase", "KBEntry", "Term", "Hit",
           "KnowledgeBaseError", "normalise", "read_table", "read_phoenix_actors",
           "read_phoenix_agents"]
