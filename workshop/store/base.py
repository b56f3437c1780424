"""Connection plumbing shared by every part of the store, and the row mappers.

One connection is shared by all of Streamlit's script threads, guarded by a lock (see
DEVELOPERS.md: a shared connection without a lock loses votes). Writes run in
`BEGIN IMMEDIATE` so that several server processes on one database file also serialise
correctly (WAL + busy_timeout).

`StoreBase` also holds the one "load or refuse" helper of each aggregate
(`_workshop_or_refuse`, `_stage_or_refuse`, ...): the domain parts call these instead of
repeating the lookup and its Indonesian "... tidak ditemukan." message.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .. import domain as d
from ..domain import AccessDenied, WorkshopError
from .access import local
from .schema import migrations

Params = Sequence[Any] | Mapping[str, Any]


def _key(value: Any, label: str) -> int:
    """An id passed in by a caller: a positive integer; never a bool, list or 10**30
    (those reached SQLite as 1, ProgrammingError or OverflowError)."""
    return d.check_int(value, label=label, lo=1, hi=2**62)


def _items(value: Any, label: str) -> list[Any]:
    """A list argument: any iterable except text (never 'abc' -> 'a', 'b', 'c') or a dict."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise WorkshopError(f"{label} harus berupa daftar.")
    return list(value)


# Participants the facilitator removed (or merged into another entry): what they sent
# stays in the tables but every result query leaves it out (`active`); restoring them
# brings it back. SQLite evaluates this uncorrelated subquery once per statement.
REMOVED_IDS = "(SELECT id FROM participants WHERE removed_at IS NOT NULL)"


def active(column: str) -> str:
    """SQL: the participant id in `column` (an author may be NULL: the facilitator) is
    not a removed participant's."""
    return f"coalesce({column}, 0) NOT IN {REMOVED_IDS}"


def _loads(value: str | None, default: Any) -> Any:
    if not value:
        return default
    return json.loads(value)


BUSY_TIMEOUT_MS = 15000  # a write waits this long for another process's transaction


def _busy(err: BaseException) -> bool:
    """SQLite's "database is locked" (another connection holds what this one needs)."""
    code = getattr(err, "sqlite_errorcode", None)
    return isinstance(err, sqlite3.OperationalError) and code in (
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
    )


class StoreBusy(Exception):
    """The store cannot be used at once (another thread holds it, or another process
    holds the database): the caller tries again where it may wait (a worker thread)."""


class StoreBase:
    """The connection, its lock, transactions, the audit trail and the aggregate loaders."""

    _active = staticmethod(active)  # for parts that do not import it (see `active`)

    def __init__(self, path: str | os.PathLike[str], *, hasher: Any = None) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=15)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        self.conn = conn
        self.db = Database(conn)
        from .. import security  # local: keeps argon2 out of import time for tools

        self._hasher = hasher or security.PinHasher()
        self._machine_token: str | None = None  # see AuthStore.machine_auth
        self._nowait_thread: int | None = None  # see _nowait
        with self._lock:
            migrations.apply(self.db)

    # ------------------------------------------------------------------ plumbing

    @local
    def close(self) -> None:
        with self._lock:
            self.conn.close()

    @contextlib.contextmanager
    def _nowait(self) -> Iterator[None]:
        """Use the store only if that needs no waiting: the lock is free now and SQLite
        answers without its busy timeout. StoreBusy otherwise (nothing was written: a
        write that met a busy database was rolled back). For the server's event loop,
        which must never wait (workshop.web answers phones there). Code inside that
        turns storage errors into answers asks `_busy_now(err)` first."""
        if not self._lock.acquire(blocking=False):
            raise StoreBusy
        try:
            waits = int(self.conn.execute("PRAGMA busy_timeout").fetchone()[0])
            self.conn.execute("PRAGMA busy_timeout = 0")
            self._nowait_thread = threading.get_ident()
            try:
                yield
            except sqlite3.OperationalError as err:
                if _busy(err):
                    raise StoreBusy from err
                raise
            finally:
                self._nowait_thread = None
                self.conn.execute(f"PRAGMA busy_timeout = {waits}")
        finally:
            self._lock.release()

    def _busy_now(self, err: BaseException) -> bool:
        """Is `err` SQLite's "busy", met inside this thread's `_nowait` (so: try again in
        a thread that may wait, instead of reporting a storage failure)?"""
        return self._nowait_thread == threading.get_ident() and _busy(err)

    @contextlib.contextmanager
    def _tx(self, workshop_id: int | None = None) -> Iterator[sqlite3.Connection]:
        """A write transaction; bumps the workshop's version number on commit."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                if workshop_id is not None:
                    self.conn.execute(
                        "UPDATE workshops SET version = version + 1 WHERE id = ?", (workshop_id,)
                    )
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    def _row(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        with self._lock:
            return self.conn.execute(sql, params).fetchone()

    def _count(self, sql: str, params: Params = ()) -> Any:
        """The first column of a query that always returns one row (count, max...)."""
        row = self._row(sql, params)
        assert row is not None
        return row[0]

    def _update(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        """Set columns of one row (inside the caller's transaction): sqlite-utils' update."""
        if values:
            self.db.table(table).update(row_id, dict(values))

    def _audit(
        self, c: sqlite3.Connection, workshop_id: int | None, action: str, detail: Any = ""
    ) -> None:
        """Record a facilitator action inside the caller's transaction (never a PIN)."""
        text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
        c.execute(
            "INSERT INTO audit(ts, workshop_id, action, detail) VALUES (?,?,?,?)",
            (time.time(), workshop_id, action, text[:2000]),
        )

    # ------------------------------------------------------------------ who is calling

    def _is_facilitator(self, auth: object) -> bool:
        if d.safe_key(auth) is None:
            return False
        machine = self._machine_token
        if machine is not None and secrets.compare_digest(str(auth), machine):
            return True
        row = self._row(
            "SELECT 1 FROM fac_sessions WHERE token = ? AND expires_at > ?", (auth, time.time())
        )
        return row is not None

    def _require_facilitator(self, auth: object) -> None:
        if not self._is_facilitator(auth):
            raise AccessDenied("Hanya fasilitator yang boleh melakukan ini.")

    def _participant_by_token(self, token: object) -> d.Participant | None:
        key = d.safe_key(token)
        if key is None:
            return None
        row = self._row("SELECT * FROM participants WHERE token = ? AND removed_at IS NULL", (key,))
        return _participant(row) if row else None

    def _require_participant(self, token: object) -> d.Participant:
        p = self._participant_by_token(token)
        if p is None:
            key = d.safe_key(token)
            if key is not None and self._row(
                "SELECT 1 FROM participants WHERE token = ? AND removed_at IS NOT NULL", (key,)
            ):
                raise AccessDenied(
                    "Peserta ini sudah dihapus dari daftar oleh fasilitator. "
                    "Silakan bergabung lagi lewat QR."
                )
            raise AccessDenied("Sesi peserta tidak dikenal. Silakan bergabung lagi lewat QR.")
        return p

    def _attend(self, c: sqlite3.Connection, pid: int, workshop_id: int, now: float) -> None:
        """Record attendance at the workshop's current stage (inside the caller's transaction)."""
        c.execute(
            "INSERT OR IGNORE INTO attendance(participant_id, stage_id, joined_at) "
            "SELECT ?, s.id, ? FROM stages s JOIN workshops w ON w.id = s.workshop_id "
            "AND s.number = w.current_stage WHERE w.id = ?",
            (pid, now, workshop_id),
        )

    # ------------------------------------------------------------------ load or refuse

    def _workshop_or_refuse(self, workshop_id: Any) -> d.Workshop:
        row = self._row("SELECT * FROM workshops WHERE id = ?", (_key(workshop_id, "Kegiatan"),))
        if row is None:
            raise WorkshopError("Kegiatan tidak ditemukan.")
        return _workshop(row)

    def _workshop_by_code(self, code: object) -> d.Workshop | None:
        key = d.safe_key(code)
        if key is None:
            return None
        row = self._row("SELECT * FROM workshops WHERE join_code = ?", (key.strip().upper(),))
        return _workshop(row) if row else None

    def _stage_or_refuse(self, stage_id: Any) -> d.Stage:
        row = self._row("SELECT * FROM stages WHERE id = ?", (_key(stage_id, "Tahap"),))
        if row is None:
            raise WorkshopError("Tahap tidak ditemukan.")
        return _stage(row)

    def _stage_number_or_refuse(self, workshop_id: Any, number: Any) -> d.Stage:
        row = self._row(
            "SELECT * FROM stages WHERE workshop_id = ? AND number = ?",
            (_key(workshop_id, "Kegiatan"), _key(number, "Tahap")),
        )
        if row is None:
            raise WorkshopError(f"Tahap {number} tidak ditemukan.")
        return _stage(row)

    def _current_stage(self, workshop_id: Any) -> d.Stage:
        workshop = self._workshop_or_refuse(workshop_id)
        return self._stage_number_or_refuse(workshop_id, workshop.current_stage)

    def _pillar_or_refuse(self, workshop_id: int, pillar_id: Any) -> d.Pillar:
        """A pillar of this workshop (a phone's empty pillar field: 'choose first')."""
        if pillar_id is None:  # a phone's pillar field starts empty: the person must choose
            raise WorkshopError("Pilih pilar terlebih dahulu.")
        pid = d.check_int(pillar_id, label="Pilar", lo=1, hi=2**62)
        row = self._row(
            "SELECT * FROM pillars WHERE id = ? AND workshop_id = ?", (pid, workshop_id)
        )
        if row is None:
            raise WorkshopError("Pilar tidak ditemukan.")
        return _pillar(row)

    def _opd_or_none(self, workshop_id: int, opd_id: Any) -> int | None:
        """An OPD id of this workshop's roster, or None for 'no OPD' (None or '')."""
        if opd_id in (None, ""):
            return None
        oid = d.check_int(opd_id, label="OPD", lo=1, hi=2**62)
        if not self._row("SELECT 1 FROM opds WHERE id = ? AND workshop_id = ?", (oid, workshop_id)):
            raise WorkshopError("OPD tidak ditemukan dalam daftar kegiatan ini.")
        return oid

    def _idea_or_refuse(self, idea_id: Any) -> d.Idea:
        row = self._row("SELECT * FROM ideas WHERE id = ?", (_key(idea_id, "Usulan"),))
        if row is None:
            raise WorkshopError("Usulan tidak ditemukan.")
        return _idea(row)

    def _quickwin_or_refuse(self, quickwin_id: Any) -> d.QuickWin:
        row = self._row(
            "SELECT * FROM quickwins WHERE id = ?", (_key(quickwin_id, "Program quick win"),)
        )
        if row is None:
            raise WorkshopError("Program quick win tidak ditemukan.")
        return self._quickwin(row)

    def _quickwin(self, row: sqlite3.Row) -> d.QuickWin:
        ideas = [
            r[0]
            for r in self._rows(
                "SELECT idea_id FROM quickwin_ideas WHERE quickwin_id = ? ORDER BY idea_id",
                (row["id"],),
            )
        ]
        data = dict(row)
        data.pop("created_at")
        data.pop("updated_at")
        data["supporting_opd_ids"] = _loads(data["supporting_opd_ids"], [])
        data["enablers"] = _loads(data["enablers"], {}) or d.default_enablers()
        for key in ("indicators", "milestones"):  # h14q: m006's JSON lists
            data[key] = _loads(data.get(key), [])
        return d.QuickWin(**data, idea_ids=ideas)


# ---------------------------------------------------------------------- row mapping


def _opd_kind(name: str) -> str:
    low = name.lower()
    if low.startswith("kecamatan"):
        return "kecamatan"
    if low.startswith("kelurahan") or low.startswith("desa"):
        return "kelurahan"
    return "opd"


def _workshop(r: sqlite3.Row) -> d.Workshop:
    return d.Workshop(
        id=r["id"],
        region=r["region"],
        province=r["province"],
        year=r["year"],
        title=r["title"],
        venue=r["venue"],
        join_code=r["join_code"],
        current_stage=r["current_stage"],
        version=r["version"],
    )


def _stage(r: sqlite3.Row) -> d.Stage:
    return d.Stage(
        id=r["id"],
        workshop_id=r["workshop_id"],
        number=r["number"],
        title=r["title"],
        focus=r["focus"],
        outputs=r["outputs"],
        phase=r["phase"],
        phase_ends_at=r["phase_ends_at"],
        vote_mode=r["vote_mode"],
        budget=r["budget"],
        cap=r["cap"],
        reveal=bool(r["reveal"]),
        date=r["date"],
    )


def _pillar(r: sqlite3.Row) -> d.Pillar:
    return d.Pillar(
        id=r["id"],
        workshop_id=r["workshop_id"],
        position=r["position"],
        name=r["name"],
        short=r["short"],
        subdims=_loads(r["subdims"], []),
    )


def _opd(r: sqlite3.Row) -> d.Opd:
    return d.Opd(
        id=r["id"],
        workshop_id=r["workshop_id"],
        position=r["position"],
        name=r["name"],
        kind=r["kind"],
    )


def _participant(r: sqlite3.Row) -> d.Participant:
    return d.Participant(
        id=r["id"],
        workshop_id=r["workshop_id"],
        name=r["name"],
        group=r["grp"],
        opd_id=r["opd_id"],
        institution=r["institution"],
        token=r["token"],
    )


def _idea(r: sqlite3.Row) -> d.Idea:
    return d.Idea(
        id=r["id"],
        workshop_id=r["workshop_id"],
        stage_id=r["stage_id"],
        pillar_id=r["pillar_id"],
        kind=r["kind"],
        title=r["title"],
        description=r["description"],
        subdim=r["subdim"],
        opd_id=r["opd_id"],
        author_id=r["author_id"],
        status=r["status"],
        merged_into=r["merged_into"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
    )
