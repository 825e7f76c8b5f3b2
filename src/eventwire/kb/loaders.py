"""Readers for knowledge-base files: the project's CSV/YAML table and PETRARCH/Phoenix dictionaries.

Table format (CSV with a header, or YAML: a list of mappings with the same keys), one row per term:
  name     canonical name (required)
  aliases  other names, separated by "|" (a YAML list also works)
  kind     person, organization, country or group (default: person)
  country  ISO 3166-1 alpha-3 code
  sector   CAMEO-style sector code (GOV, MIL, REB, IGO, ...)
  role     the office or function ("head of state", "foreign minister")
  title    the title words used before a name ("president", "foreign secretary")
  start    first day of the term, YYYY-MM-DD (empty: always)
  end      last day of the term, YYYY-MM-DD (empty: still holds it)
  id       a stable id (default: derived from the name)
Rows with the same id (or name) merge into one entry with several terms. Lines starting with "#"
are comments.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterable, Iterator

from .base import KBEntry, KnowledgeBaseError, Term, is_acronym, normalise, plurals

COLUMNS = ("name", "aliases", "kind", "country", "sector", "role", "title", "start", "end", "id")
KINDS = ("person", "organization", "country", "group", "other")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _aliases(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [_text(v) for v in value if _text(v)]
    return [a.strip() for a in _text(value).split("|") if a.strip()]


def _date(value, where: str) -> str | None:
    v = _text(value)
    if not v:
        return None
    if not _DATE.match(v):
        raise KnowledgeBaseError(f"{where}: date {v!r} is not YYYY-MM-DD; write it as 2024-07-05")
    return v


def _generic(name: str) -> tuple[str, bool]:
    """A name written "~Congress": (the name, True): a name that many countries' bodies bear."""
    return (name[1:].strip(), True) if name.startswith("~") else (name, False)


def rows_to_entries(rows: Iterable[tuple[str, dict]], source: str) -> list[KBEntry]:
    """Entries from table rows (`where`, mapping); rows with the same id merge, in order."""
    out: dict[str, KBEntry] = {}
    for where, row in rows:
        name, generic = _generic(_text(row.get("name")))
        if not name:
            raise KnowledgeBaseError(f"{where}: the row has no name; every row needs one")
        kind = _text(row.get("kind")).lower() or "person"
        if kind not in KINDS:
            raise KnowledgeBaseError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        country = _text(row.get("country")).upper() or None
        if country and not re.fullmatch(r"[A-Z]{3}", country):
            raise KnowledgeBaseError(f"{where}: country {country!r} is not an ISO alpha-3 code "
                                     "such as RUS or UKR")
        entry_id = _text(row.get("id")) or f"{kind}:{slug(name)}"
        entry = out.get(entry_id)
        if entry is None:
            entry = out[entry_id] = KBEntry(id=entry_id, name=name, kind=kind, source=source)
        if generic and normalise(name) not in entry.generic:
            entry.generic.append(normalise(name))
        for raw in _aliases(row.get("aliases")):
            a, alias_generic = _generic(raw)
            if a and a not in entry.aliases:
                entry.aliases.append(a)
            if a and alias_generic and normalise(a) not in entry.generic:
                entry.generic.append(normalise(a))
        term = Term(country=country, sector=_text(row.get("sector")).upper() or None,
                    role=_text(row.get("role")) or None, title=_text(row.get("title")) or None,
                    start=_date(row.get("start"), where), end=_date(row.get("end"), where))
        if term.start and term.end and term.end < term.start:
            raise KnowledgeBaseError(f"{where}: the term ends ({term.end}) before it starts "
                                     f"({term.start})")
        for t in row.get("terms") or ():  # YAML may nest terms under one entry
            entry.terms.append(Term(
                country=_text(t.get("country")).upper() or country,
                sector=_text(t.get("sector")).upper() or term.sector,
                role=_text(t.get("role")) or None, title=_text(t.get("title")) or None,
                start=_date(t.get("start"), where), end=_date(t.get("end"), where)))
        if any((term.country, term.sector, term.role, term.title)):
            entry.terms.append(term)
    return list(out.values())


def _csv_rows(path: Path) -> Iterator[tuple[str, dict]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the file ({exc}); give a UTF-8 CSV") from exc
    lines = [(i, line) for i, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in lines)))
    fields = [f.strip().lower() for f in reader.fieldnames or ()]
    if "name" not in fields:
        raise KnowledgeBaseError(f"{path}: the header has no 'name' column; the columns are "
                                 + ", ".join(COLUMNS))
    reader.fieldnames = fields
    for (lineno, _), row in zip(lines[1:], reader):
        yield f"{path}:{lineno}", row


def _yaml_rows(path: Path) -> Iterator[tuple[str, dict]]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the YAML ({exc})") from exc
    if isinstance(data, dict):
        data = data.get("actors") or data.get("entries")
    if not isinstance(data, list):
        raise KnowledgeBaseError(f"{path}: expected a list of actors (or a mapping with an "
                                 "'actors' list)")
    for i, row in enumerate(data, 1):
        if not isinstance(row, dict):
            raise KnowledgeBaseError(f"{path}: item {i} is not a mapping of columns")
        yield f"{path}:item {i}", {str(k).lower(): v for k, v in row.items()}


def read_table(path: str | Path) -> list[KBEntry]:
    """Entries from a CSV or YAML table (see the module docstring for the columns)."""
    p = Path(path)
    if not p.is_file():
        raise KnowledgeBaseError(f"{p}: no such knowledge-base file")
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        rows = _yaml_rows(p)
    elif suffix in (".csv", ".tsv", ".txt"):
        rows = _csv_rows(p)
    else:
        raise KnowledgeBaseError(f"{p}: unknown knowledge-base format; use .csv, .yaml or a "
                                 "Phoenix .actors.txt / agents.txt dictionary")
    return rows_to_entries(rows, source=str(p))


# -- PETRARCH / Phoenix dictionaries -------------------------------------------------------
# Codes are country + sector ("RUSGOV"), or an international prefix + organisation ("IGOUNO").
INTERNATIONAL = {"IGO", "NGO", "NGM", "MNC", "IMG", "UIS", "INT", "UNO", "EUR", "AFR", "ASA",
                 "WST", "CHR", "JEW", "BUD", "HIN", "REL"}


def _phoenix_date(d: str) -> str:
    d = d.strip()
    if len(d) == 6:  # YYMMDD, as TABARI wrote them
        yy = int(d[:2])
        d = f"{2000 + yy if yy <= 30 else 1900 + yy}{d[2:]}"
    if len(d) != 8 or not d.isdigit():
        raise ValueError(d)
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"


SECTOR_CODES = {"GOV", "MIL", "REB", "OPP", "PTY", "JUD", "MED", "BUS", "CVL", "ELI", "COP",
                "SPY", "LEG", "EDU", "LAB", "HLH", "AGR", "REF", "UAF", "CRM", "DEV", "ENV",
                "INS", "SEP", "MOD", "RAD", "NGM", "SET"}


def cameo_code(code: str) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO actor code: RUSGOV -> (RUS, GOV), IGOUNO -> (None, IGO),
    ELI -> (None, ELI)."""
    code = code.strip().upper()
    head, rest = code[:3], code[3:6]
    if head in INTERNATIONAL or head in SECTOR_CODES:
        return None, head
    return head or None, rest or None


def _restriction(text: str, where: str, problems: list[str] | None = None) -> Term | None:
    """A Term from "[RUSGOV >080508]", "[USRARM <900823]", "[PERGOV 850728-900728]", "[AFG]"."""
    parts = text.strip().strip("[]").split()
    if not parts:
        raise KnowledgeBaseError(f"{where}: empty code in brackets")
    country, sector = cameo_code(parts[0])
    term = Term(country=country, sector=sector, role=None, title=None)
    if len(parts) > 1:
        r = parts[1]
        try:
            if r.startswith(">"):
                term.start = _phoenix_date(r[1:])
            elif r.startswith("<"):
                term.end = _phoenix_date(r[1:])
            elif "-" in r:
                a, b = r.split("-", 1)
                term.start, term.end = _phoenix_date(a), _phoenix_date(b)
            else:
                raise ValueError(r)
        except ValueError:
            msg = (f"{where}: cannot read the date restriction {r!r}; PETRARCH writes >YYMMDD, "
                   "<YYMMDD or YYMMDD-YYMMDD")
            if problems is None:
                raise KnowledgeBaseError(msg) from None
            problems.append(msg + " (restriction skipped)")
            return None
    return term


def _phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split())


def _strip_comment(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line)
    return line.split("#", 1)[0].split(";", 1)[0].rstrip()


def read_phoenix_actors(path: str | Path, problems: list[str] | None = None) -> list[KBEntry]:
    """Entries from a PETRARCH/TABARI actor dictionary (Phoenix.Countries.actors.txt, ...).

    A record is a primary phrase (optionally with a default [CODE]), "+" synonym lines and
    tab-indented date restrictions "[CODE >YYMMDD]". A primary phrase with no code at all is a
    synonym of the record before it (TABARI files use this for "U.N." after "UN [IGOUNO]").
    Published dictionaries hold a few malformed dates: with a `problems` list they are skipped
    and described there; without one they raise KnowledgeBaseError.
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise KnowledgeBaseError(f"{p}: cannot read the dictionary ({exc})") from exc
    entries: list[KBEntry] = []
    current: KBEntry | None = None

    def close(entry: KBEntry | None) -> None:
        if entry is None:
            return
        if not entry.terms and entry.default is None and entries:
            prev = entries[-1]
            prev.aliases.extend([entry.name, *entry.aliases])
            return
        dated = any(t.start or t.end for t in entry.terms)
        code = entry.default or (entry.terms[0] if entry.terms else None)
        if dated:
            entry.kind = "person"
        elif code and code.country and not code.sector and code.country not in INTERNATIONAL:
            entry.kind = "country"
        entries.append(entry)

    for lineno, raw in enumerate(lines, 1):
        where = f"{p}:{lineno}"
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        codes = re.findall(r"\[[^\]]*\]", stripped)
        phrase = re.sub(r"\[[^\]]*\]", "", stripped).strip()
        if raw[:1] in (" ", "\t") and stripped.startswith("[") and current is not None:
            _add_restrictions(current, codes, where, problems)
            continue
        if stripped.startswith("+"):
            if current is None:
                raise KnowledgeBaseError(f"{where}: a '+' synonym before any actor")
            current.aliases.append(_phrase(phrase[1:]))
            for c in codes:
                current.default = current.default or _restriction(c, where, problems)
            continue
        close(current)
        name = _phrase(phrase)
        if not name:
            current = None
            continue
        display = name if len(name) <= 5 else name.title()  # "UN", "NATO" stay acronyms
        current = KBEntry(id=f"phoenix:{slug(name)}", name=display, kind="organization",
                          aliases=[name], source=str(p))
        _add_restrictions(current, codes, where, problems)
    close(current)
    return entries


def _add_restrictions(entry: KBEntry, codes: list[str], where: str, problems: list[str] | None) -> None:
    """Dated codes become the entry's terms; an undated one is its default."""
    for c in codes:
        term = _restriction(c, where, problems)
        if term is None:
            continue
        if term.start or term.end:
            entry.terms.append(term)
        else:
            entry.default = entry.default or term


def read_phoenix_agents(path: str | Path) -> list[tuple[str, str]]:
    """(noun, sector) pairs from a PETRARCH agents dictionary (Phoenix.agents.txt).

    "TROOP {} [~MIL]": "{}" means no plural, "{X}" an irregular plural; "!PERSON!" markers are
    expanded from their "= A, B" substitution sets; the sector is the first three letters of the
    code after "~" (or before it, for "NGO~" style codes).
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise KnowledgeBaseError(f"{p}: cannot read the agents dictionary ({exc})") from exc
    subs: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for raw in lines:
        line = _strip_comment(raw).strip()
        if not line:
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[([^\]}]*)[\]}]", line)
        if not m:
            continue
        phrase, plural, code = m.group(1).strip(), m.group(2), m.group(3).strip()
        code = code.replace("~", "")
        sector = code[:3].upper()
        if not phrase or not sector.isalpha():
            continue
        forms = [phrase]
        for marker, words in subs.items():
            if marker in phrase:
                forms = [f.replace(marker, w) for f in forms for w in words]
                plural = "{}"
        for f in forms:
            noun = _phrase(f).lower()
            out.append((noun, sector))
            if plural is None:
                out.extend((pl, sector) for pl in plurals(noun))
            elif plural.strip("{} "):
                out.append((_phrase(plural.strip("{} ")).lower(), sector))
    return out


def is_phoenix_agents(path: Path) -> bool:
    return "agent" in path.name.lower()


def is_phoenix(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".actors.txt", ".actors")) or is_phoenix_agents(path) or (
        name.startswith("phoenix") and name.endswith(".txt"))


def phoenix_alias_case(alias: str) -> bool:
    """Phoenix writes every phrase in capitals: only very short single words are acronyms."""
    a = alias.replace(".", "")
    return " " not in alias and (len(a) <= 3 or "." in alias) and is_acronym(alias)
