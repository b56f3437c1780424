"""The quick-win komitmen document for the EXPORTS registry (built in quickwins.py)."""

from __future__ import annotations

from .quickwins import build_komitmen as build
from .quickwins import komitmen_filename as filename

__all__ = ["build", "filename"]
