"""The quick-win risks document for the EXPORTS registry (built in quickwins.py)."""

from __future__ import annotations

from .quickwins import build_risks as build
from .quickwins import risks_filename as filename

__all__ = ["build", "filename"]
