"""The SQLite store: schema (through migrations), every write rule inside a transaction.

This package is the only code that imports `sqlite_utils`. `Store` is assembled from one
class per concern; each public method declares who may call it (`access.py`):

    base.py          connection, lock, `_tx`, row mappers, one load-or-refuse per aggregate
    schema.py        the migrations
    access.py        @facilitator, @participant, @pin_setup, @public, @local
    auth.py          PIN, facilitator sessions, login limit, audit trail
    workshops.py     workshops, stages, settings
    roster.py        pillars, OPD roster
    participants.py  joining, attendance
    ideas.py         ideas and their moderation
    voting.py        ballot (shortlist), dot votes, ratings, paper tallies
    results.py       tallies, progress, counts
    quickwins.py     quick-win programmes
    backup.py        whole tables, snapshots, restore
    activities.py    a stage's activities and their answers (h14)
    documents.py     kop, report texts, signers, attendee particulars, photos (h15)
"""

from __future__ import annotations

import os

from .activities import ActivityStore  # h14: activities
from .auth import LOGIN_MAX_FAILURES, LOGIN_WINDOW, SESSION_TTL, AuthStore
from .backup import BackupStore
from .documents import DocumentStore  # h15: documents
from .ideas import IdeaStore
from .participants import ParticipantStore
from .quickwins import QuickwinStore
from .results import ResultStore
from .roster import RosterStore
from .schema import migrations
from .voting import VotingStore
from .workshops import JOIN_ALPHABET, WorkshopStore

__all__ = [
    "JOIN_ALPHABET",
    "LOGIN_MAX_FAILURES",
    "LOGIN_WINDOW",
    "SESSION_TTL",
    "Store",
    "migrations",
    "open_store",
]


class Store(
    AuthStore,
    WorkshopStore,
    RosterStore,
    ParticipantStore,
    IdeaStore,
    VotingStore,
    ResultStore,
    QuickwinStore,
    BackupStore,
    ActivityStore,  # h14: activities
    DocumentStore,  # --- h15: documents ---
):
    """All reads and writes of Bimtek data (one shared connection; see base.py)."""


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    """Open the store at `path`, `$BIMTEK_DB`, or `data/bimtek.db`."""
    return Store(path or os.environ.get("BIMTEK_DB") or "data/bimtek.db")
