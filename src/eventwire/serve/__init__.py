"""The HTTP API and the web page: a thin layer over eventwire.api (see docs/web.md)."""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
