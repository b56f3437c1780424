"""The quick-win berita document for the EXPORTS registry (built in quickwins.py)."""

from __future__ import annotations

from .quickwins import berita_filename as filename
from .quickwins import build_berita as build

__all__ = ["build", "filename"]
