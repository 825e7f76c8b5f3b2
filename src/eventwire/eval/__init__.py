"""Evaluations against gold data in standard formats; each module exposes a click `command`."""
from __future__ import annotations

from pathlib import Path

from ..errors import DataMissingError

# ../shared/data beside the checkout, when eventwire runs from a source tree
SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def data_path(given: str | None, *default: str) -> Path:
    """The path given, or the default under ../shared/data; a clear error when it is absent."""
    p = Path(given) if given else SHARED_DATA.joinpath(*default)
    if not p.exists():
        raise DataMissingError(
            f"{p} does not exist: pass the path to the data set "
            f"(expected layout as in ../shared/data/{'/'.join(default)})")
    return p


def summary_line(name: str, **values) -> str:
    """The one summary line DESIGN.md asks for: `name: key=value ...`."""
    parts = []
    for k, v in values.items():
        parts.append(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}")
    return f"{name}: " + " ".join(parts)
