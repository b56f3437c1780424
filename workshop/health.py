"""The process's health flag: what the phones' HTTP routes could not do (the database
locked by another process, the disk full, the database file deleted), for the banner on
the facilitator's pages. Pure Python, no Streamlit: workshop/web.py reports, pages show.

A failure stays on the flag for FRESH_SECONDS after the last one (a write that succeeds
clears it at once); a deleted or replaced database file stays until the app restarts."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass

FRESH_SECONDS = 60.0


@dataclass(frozen=True)
class Problem:
    kind: str  # "locked" | "full" | "io" | "missing"
    detail: str
    since: float
    last: float


_lock = threading.Lock()
_problem: Problem | None = None
_files: dict[str, tuple[int, int]] = {}  # database path -> (st_dev, st_ino) when first seen


def classify(err: BaseException) -> str:
    """The kind of a storage failure: "locked", "full" or "io"."""
    text = str(err).lower()
    if "locked" in text or "busy" in text:
        return "locked"
    if "full" in text or getattr(err, "errno", None) == 28:
        return "full"
    return "io"


def report(kind: str, detail: str = "", now: float | None = None) -> None:
    """Record a failure (kept until a write succeeds or FRESH_SECONDS pass)."""
    global _problem
    now = time.time() if now is None else now
    with _lock:
        since = _problem.since if _problem is not None and _problem.kind == kind else now
        _problem = Problem(kind, detail[:200], since, now)


def clear() -> None:
    """A write went through: storage works again (a missing file is not cleared)."""
    global _problem
    with _lock:
        if _problem is not None and _problem.kind != "missing":
            _problem = None


def watch(path: str) -> None:
    """Remember which file `path` is now (called when the store is first used)."""
    if path == ":memory:" or path in _files:
        return
    try:
        st = os.stat(path)
    except OSError:
        return
    _files.setdefault(path, (st.st_dev, st.st_ino))


def file_problem(path: str) -> str | None:
    """None while `path` is still the database file first seen there, else why not
    (deleted, or replaced by another file: SQLite would go on writing into the unlinked
    one and every confirmed vote would be lost at the next start)."""
    if path == ":memory:":
        return None
    watch(path)
    seen = _files.get(path)
    try:
        st = os.stat(path)
    except OSError:
        return "deleted"
    if seen is not None and (st.st_dev, st.st_ino) != seen:
        return "replaced"
    return None


def check_file(path: str) -> bool:
    """Is the database file still there? Reports "missing" when not."""
    why = file_problem(path)
    if why is None:
        return True
    report("missing", f"{path} ({why})")
    return False


def current(now: float | None = None) -> Problem | None:
    """The problem to show now, if any."""
    now = time.time() if now is None else now
    with _lock:
        p = _problem
    if p is None:
        return None
    if p.kind != "missing" and now - p.last > FRESH_SECONDS:
        return None
    return p


def storage_error(err: BaseException) -> bool:
    """Is `err` the storage failing (locked, full, I/O), not a bug or a refusal?"""
    return isinstance(err, (sqlite3.OperationalError, sqlite3.DatabaseError, OSError))


def reset() -> None:
    """Forget everything (tests)."""
    global _problem
    with _lock:
        _problem = None
        _files.clear()
