"""The SQLite store: schema (through migrations), every write rule inside a transaction.

This is the only module that imports `sqlite_utils`. One connection is shared by all of
Streamlit's script threads, guarded by a lock (see DEVELOPERS.md: a shared connection
without a lock loses votes). Writes run in `BEGIN IMMEDIATE` so that several server
processes on one database file also serialise correctly (WAL + busy_timeout).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import domain as d
from .domain import AccessDenied, WorkshopError

JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SESSION_TTL = 12 * 3600
LOGIN_WINDOW = 300
LOGIN_MAX_FAILURES = 5

migrations = Migrations("bimtek")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE workshops (
            id INTEGER PRIMARY KEY, region TEXT NOT NULL, province TEXT NOT NULL DEFAULT '',
            year INTEGER NOT NULL, title TEXT NOT NULL, venue TEXT NOT NULL DEFAULT '',
            join_code TEXT NOT NULL UNIQUE, current_stage INTEGER NOT NULL DEFAULT 1,
            version INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
        CREATE TABLE stages (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            number INTEGER NOT NULL, title TEXT NOT NULL, focus TEXT NOT NULL DEFAULT '',
            outputs TEXT NOT NULL DEFAULT '', phase TEXT NOT NULL DEFAULT 'collect',
            phase_ends_at REAL, vote_mode TEXT NOT NULL DEFAULT 'dots',
            budget INTEGER NOT NULL DEFAULT 3, cap INTEGER NOT NULL DEFAULT 2,
            reveal INTEGER NOT NULL DEFAULT 0, date TEXT,
            UNIQUE (workshop_id, number));
        CREATE TABLE pillars (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            position INTEGER NOT NULL, name TEXT NOT NULL, short TEXT NOT NULL,
            subdims TEXT NOT NULL DEFAULT '[]');
        CREATE TABLE opds (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'opd',
            UNIQUE (workshop_id, name));
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            name TEXT NOT NULL, grp TEXT NOT NULL, opd_id INTEGER REFERENCES opds(id),
            institution TEXT NOT NULL DEFAULT '', token TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL);
        CREATE TABLE attendance (
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            stage_id INTEGER NOT NULL REFERENCES stages(id), joined_at REAL NOT NULL,
            PRIMARY KEY (participant_id, stage_id));
        CREATE TABLE ideas (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            pillar_id INTEGER NOT NULL REFERENCES pillars(id), subdim TEXT,
            kind TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
            opd_id INTEGER REFERENCES opds(id), author_id INTEGER REFERENCES participants(id),
            status TEXT NOT NULL DEFAULT 'shown', merged_into INTEGER REFERENCES ideas(id),
            client_key TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL,
            UNIQUE (author_id, client_key));
        CREATE INDEX ideas_stage ON ideas(stage_id, pillar_id);
        CREATE INDEX ideas_workshop ON ideas(workshop_id);
        CREATE TABLE shortlist (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id), PRIMARY KEY (stage_id, idea_id));
        CREATE TABLE pillar_voting (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            pillar_id INTEGER NOT NULL REFERENCES pillars(id),
            is_open INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (stage_id, pillar_id));
        CREATE TABLE votes (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            pillar_id INTEGER NOT NULL REFERENCES pillars(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            dots INTEGER NOT NULL CHECK (dots > 0), updated_at REAL NOT NULL,
            PRIMARY KEY (stage_id, participant_id, idea_id));
        CREATE INDEX votes_idea ON votes(stage_id, idea_id);
        CREATE TABLE ratings (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            pillar_id INTEGER NOT NULL REFERENCES pillars(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
            feasibility INTEGER NOT NULL CHECK (feasibility BETWEEN 1 AND 5),
            updated_at REAL NOT NULL, PRIMARY KEY (stage_id, participant_id, idea_id));
        CREATE INDEX ratings_idea ON ratings(stage_id, idea_id);
        CREATE TABLE paper_tallies (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id), votes INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '', updated_at REAL NOT NULL,
            PRIMARY KEY (stage_id, idea_id));
        CREATE TABLE quickwins (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            stage_id INTEGER NOT NULL REFERENCES stages(id), name TEXT NOT NULL,
            pillar_id INTEGER NOT NULL REFERENCES pillars(id),
            owner_opd_id INTEGER REFERENCES opds(id), supporting_opd_ids TEXT NOT NULL DEFAULT '[]',
            problem TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
            objective TEXT NOT NULL DEFAULT '', output_indicator TEXT NOT NULL DEFAULT '',
            outcome_indicator TEXT NOT NULL DEFAULT '', timeline_months INTEGER NOT NULL DEFAULT 12,
            budget_source TEXT NOT NULL DEFAULT 'APBD', estimated_cost INTEGER NOT NULL DEFAULT 0,
            risks TEXT NOT NULL DEFAULT '', enablers TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'agreed', created_at REAL NOT NULL, updated_at REAL NOT NULL);
        CREATE TABLE quickwin_ideas (
            quickwin_id INTEGER NOT NULL REFERENCES quickwins(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id), PRIMARY KEY (quickwin_id, idea_id));
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE fac_sessions (token TEXT PRIMARY KEY, created_at REAL NOT NULL,
            expires_at REAL NOT NULL);
        CREATE TABLE login_failures (ts REAL NOT NULL);
        """
    )


@migrations()
def m002_audit_and_indexes(db: Database) -> None:
    """An audit trail of facilitator actions; indexes for per-participant reads."""
    db.executescript(
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY, ts REAL NOT NULL, workshop_id INTEGER,
            action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
        CREATE INDEX audit_workshop ON audit(workshop_id, id);
        CREATE INDEX ideas_author ON ideas(author_id);
        CREATE INDEX votes_participant ON votes(participant_id, stage_id, pillar_id);
        CREATE INDEX ratings_participant ON ratings(participant_id, stage_id, pillar_id);
        """
    )


def _key(value: Any, label: str) -> int:
    """An id passed in by a caller: a positive integer; never a bool, list or 10**30
    (those reached SQLite as 1, ProgrammingError or OverflowError)."""
    return d.check_int(value, label=label, lo=1, hi=2**62)


def _items(value: Any, label: str) -> list:
    """A list argument: any iterable except text (never 'abc' -> 'a', 'b', 'c') or a dict."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise WorkshopError(f"{label} harus berupa daftar.")
    return list(value)


def _new_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(6))


def _loads(value: str | None, default: Any) -> Any:
    if not value:
        return default
    return json.loads(value)


class Store:
    """All reads and writes of Bimtek data."""

    def __init__(self, path: str | os.PathLike, *, hasher: Any = None) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                               timeout=15)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 15000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        self.conn = conn
        self.db = Database(conn)
        from . import security  # local: keeps argon2 out of import time for tools

        self._hasher = hasher or security.PinHasher()
        with self._lock:
            migrations.apply(self.db)

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        with self._lock:
            self.conn.close()

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

    def _rows(self, sql: str, params: Sequence | Mapping = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    def _row(self, sql: str, params: Sequence | Mapping = ()) -> sqlite3.Row | None:
        with self._lock:
            return self.conn.execute(sql, params).fetchone()

    def _audit(self, c: sqlite3.Connection, workshop_id: int | None, action: str,
               detail: Any = "") -> None:
        """Record a facilitator action inside the caller's transaction (never a PIN)."""
        text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
        c.execute("INSERT INTO audit(ts, workshop_id, action, detail) VALUES (?,?,?,?)",
                  (time.time(), workshop_id, action, text[:2000]))

    def audit_log(self, workshop_id: int | None = None) -> list[dict[str, Any]]:
        """Facilitator actions, oldest first (all workshops when `workshop_id` is None)."""
        if workshop_id is None:
            return [dict(r) for r in self._rows("SELECT * FROM audit ORDER BY id")]
        return [dict(r) for r in self._rows(
            "SELECT * FROM audit WHERE workshop_id = ? ORDER BY id", (workshop_id,))]

    def schema_version(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    def table_counts(self) -> dict[str, int]:
        with self._lock:
            names = self.db.table_names()
            return {n: self.conn.execute(f"SELECT count(*) FROM [{n}]").fetchone()[0]
                    for n in names}

    # ------------------------------------------------------------------ facilitator auth

    def has_pin(self) -> bool:
        return self._row("SELECT 1 FROM settings WHERE key = 'pin_hash'") is not None

    def set_pin(self, new_pin: str, auth: str | None = None) -> None:
        """Set the facilitator PIN: allowed on first run, otherwise only when logged in."""
        pin = d.clean_text(new_pin, label="PIN", max_len=64)
        if len(pin) < 4:
            raise WorkshopError("PIN minimal 4 karakter.")
        hashed = self._hasher.hash(pin)
        with self._tx() as c:
            if c.execute("SELECT 1 FROM settings WHERE key='pin_hash'").fetchone():
                self._require_facilitator(auth)
            c.execute("INSERT OR REPLACE INTO settings(key, value) VALUES ('pin_hash', ?)",
                      (hashed,))
            self._audit(c, None, "set_pin")

    def ensure_pin(self, pin: str) -> None:
        """Make `pin` the PIN (from BIMTEK_PIN / secrets): replaces a different stored one."""
        pin = d.clean_text(pin, label="PIN", max_len=64)
        row = self._row("SELECT value FROM settings WHERE key='pin_hash'")
        if row and self._hasher.verify(row["value"], pin):
            return
        hashed = self._hasher.hash(pin)
        with self._tx() as c:
            c.execute("INSERT OR REPLACE INTO settings(key, value) VALUES ('pin_hash', ?)",
                      (hashed,))
            c.execute("DELETE FROM fac_sessions")

    def login(self, pin: str, *, now: float | None = None) -> str:
        """Check the PIN; return a facilitator session token. Failures are limited."""
        now = time.time() if now is None else now
        row = self._row("SELECT value FROM settings WHERE key='pin_hash'")
        if row is None:
            raise AccessDenied("PIN fasilitator belum diatur.")
        recent = [r[0] for r in self._rows(
            "SELECT ts FROM login_failures WHERE ts > ? ORDER BY ts DESC", (now - LOGIN_WINDOW,))]
        if len(recent) >= LOGIN_MAX_FAILURES:
            # locked until the failure that makes the count reach the limit leaves the window
            wait = int(recent[LOGIN_MAX_FAILURES - 1] + LOGIN_WINDOW - now) + 1
            raise AccessDenied(f"Terlalu banyak percobaan PIN. Coba lagi dalam {wait} detik.")
        try:
            typed = d.clean_text(pin, label="PIN", max_len=64)
        except WorkshopError:
            typed = None
        if typed is None or not self._hasher.verify(row["value"], typed):
            with self._tx() as c:
                c.execute("INSERT INTO login_failures(ts) VALUES (?)", (now,))
                self._audit(c, None, "login_failed")
                c.execute("DELETE FROM login_failures WHERE ts < ?", (now - LOGIN_WINDOW,))
            raise AccessDenied("PIN salah.")
        token = secrets.token_urlsafe(24)
        with self._tx() as c:
            c.execute("DELETE FROM login_failures")
            c.execute("DELETE FROM fac_sessions WHERE expires_at < ?", (now,))
            c.execute("INSERT INTO fac_sessions VALUES (?, ?, ?)", (token, now, now + SESSION_TTL))
        return token

    def system_auth(self) -> str:
        """A facilitator session for trusted local tools (CLI, tests), never for pages."""
        token = secrets.token_urlsafe(24)
        now = time.time()
        with self._tx() as c:
            c.execute("INSERT INTO fac_sessions VALUES (?, ?, ?)", (token, now, now + SESSION_TTL))
        return token

    def logout(self, auth: str | None) -> None:
        with self._tx() as c:
            c.execute("DELETE FROM fac_sessions WHERE token = ?", (auth or "",))

    def is_facilitator(self, auth: str | None) -> bool:
        if d.safe_key(auth) is None:
            return False
        row = self._row("SELECT 1 FROM fac_sessions WHERE token = ? AND expires_at > ?",
                        (auth, time.time()))
        return row is not None

    def _require_facilitator(self, auth: str | None) -> None:
        if not self.is_facilitator(auth):
            raise AccessDenied("Hanya fasilitator yang boleh melakukan ini.")

    # ------------------------------------------------------------------ settings

    SETTINGS = ("active_workshop", "public_url")

    def setting(self, key: str) -> str | None:
        row = self._row("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else None

    def set_setting(self, auth: str, key: str, value: str | None) -> None:
        """Facilitator settings: the workshop on the projector, the public join URL."""
        self._require_facilitator(auth)
        d.check_choice(key, self.SETTINGS, label="Pengaturan")
        if value not in (None, "") and key == "active_workshop":
            wid = d.check_int(value, label="Kegiatan", lo=1, hi=2**62)
            self.workshop(wid)
            value = str(wid)
        elif value not in (None, ""):
            value = d.clean_text(value, label="Alamat", max_len=300)
        with self._tx() as c:
            if value in (None, ""):
                c.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                c.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", (key, value))

    def active_workshop_id(self) -> int | None:
        """The workshop the facilitator chose, else the newest one."""
        value = self.setting("active_workshop")
        if value and value.isdigit() and self._row("SELECT 1 FROM workshops WHERE id = ?",
                                                   (int(value),)):
            return int(value)
        row = self._row("SELECT max(id) FROM workshops")
        return row[0] if row and row[0] else None

    # ------------------------------------------------------------------ workshops

    def create_workshop(self, auth: str, *, region: str, province: str = "", year: int,
                        title: str = "", venue: str = "",
                        opds: Sequence[str] = d.DEFAULT_OPDS) -> d.Workshop:
        """Create a workshop seeded with the default stages, pillars and OPD roster."""
        self._require_facilitator(auth)
        region = d.clean_text(region, label="Nama daerah", max_len=d.NAME_MAX)
        province = d.clean_text(province, label="Provinsi", max_len=d.NAME_MAX, required=False)
        year = d.check_int(year, label="Tahun", lo=2000, hi=2100)
        title = d.clean_text(title or f"Bimtek Penyusunan Masterplan Smart City {region} {year}",
                             label="Judul", max_len=300)
        venue = d.clean_text(venue, label="Tempat", max_len=300, required=False)
        names = [d.clean_text(n, label="Nama OPD", max_len=d.NAME_MAX)
                 for n in _items(opds, "Daftar OPD")]
        now = time.time()
        with self._tx() as c:
            code = self._unused_code(c)
            wid = c.execute(
                "INSERT INTO workshops(region, province, year, title, venue, join_code, "
                "created_at) VALUES (?,?,?,?,?,?,?)",
                (region, province, year, title, venue, code, now)).lastrowid
            for s in d.DEFAULT_STAGES:
                c.execute("INSERT INTO stages(workshop_id, number, title, focus, outputs) "
                          "VALUES (?,?,?,?,?)", (wid, s.number, s.title, s.focus, s.outputs))
            for i, p in enumerate(d.DEFAULT_PILLARS):
                c.execute("INSERT INTO pillars(workshop_id, position, name, short, subdims) "
                          "VALUES (?,?,?,?,?)", (wid, i, p.name, p.short, json.dumps(p.subdims)))
            for i, name in enumerate(dict.fromkeys(names)):
                c.execute("INSERT INTO opds(workshop_id, position, name, kind) VALUES (?,?,?,?)",
                          (wid, i, name, _opd_kind(name)))
        return self.workshop(wid)

    def _unused_code(self, c: sqlite3.Connection) -> str:
        while True:
            code = _new_code()
            if not c.execute("SELECT 1 FROM workshops WHERE join_code=?", (code,)).fetchone():
                return code

    def workshops(self) -> list[d.Workshop]:
        return [_workshop(r) for r in self._rows("SELECT * FROM workshops ORDER BY id DESC")]

    def workshop(self, workshop_id: int) -> d.Workshop:
        row = self._row("SELECT * FROM workshops WHERE id = ?", (_key(workshop_id, "Kegiatan"),))
        if row is None:
            raise WorkshopError("Kegiatan tidak ditemukan.")
        return _workshop(row)

    def workshop_by_code(self, code: str) -> d.Workshop | None:
        code = d.safe_key(code)
        if code is None:
            return None
        row = self._row("SELECT * FROM workshops WHERE join_code = ?", (code.strip().upper(),))
        return _workshop(row) if row else None

    def update_workshop(self, auth: str, workshop_id: int, **fields: Any) -> d.Workshop:
        self._require_facilitator(auth)
        spec = {"region": (d.NAME_MAX, True, "Nama daerah"),
                "province": (d.NAME_MAX, False, "Provinsi"),
                "title": (300, True, "Judul"), "venue": (300, False, "Tempat")}
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "year":
                values[key] = d.check_int(value, label="Tahun", lo=2000, hi=2100)
            elif key in spec:
                values[key] = d.clean_text(value, label=spec[key][2], max_len=spec[key][0],
                                           required=spec[key][1])
            else:
                raise WorkshopError(f"Kolom kegiatan tidak dikenal: {key}")
        self.workshop(workshop_id)
        with self._tx(workshop_id) as c:
            for key, value in values.items():
                c.execute(f"UPDATE workshops SET {key} = ? WHERE id = ?", (value, workshop_id))
        return self.workshop(workshop_id)

    def rotate_join_code(self, auth: str, workshop_id: int) -> str:
        """A new join code; phones already joined keep working through their token."""
        self._require_facilitator(auth)
        self.workshop(workshop_id)
        with self._tx(workshop_id) as c:
            code = self._unused_code(c)
            c.execute("UPDATE workshops SET join_code = ? WHERE id = ?", (code, workshop_id))
            self._audit(c, workshop_id, "rotate_join_code")
        return code

    def version(self, workshop_id: int) -> int:
        row = self._row("SELECT version FROM workshops WHERE id = ?", (workshop_id,))
        return row["version"] if row else -1

    def live_state(self, workshop_id: int) -> dict[str, Any]:
        """What phones need to know to pick their screen: cheap, one query."""
        row = self._row(
            "SELECT w.version, w.current_stage, s.id AS stage_id, s.phase, s.phase_ends_at, "
            "s.vote_mode, s.reveal, (SELECT group_concat(pillar_id) FROM pillar_voting pv "
            "WHERE pv.stage_id = s.id AND pv.is_open) AS open_pillars "
            "FROM workshops w JOIN stages s ON s.workshop_id = w.id AND s.number = w.current_stage "
            "WHERE w.id = ?", (_key(workshop_id, "Kegiatan"),))
        if row is None:
            raise WorkshopError("Kegiatan tidak ditemukan.")
        state = dict(row)
        state["open_pillars"] = sorted(int(x) for x in (row["open_pillars"] or "").split(",") if x)
        state["reveal"] = bool(row["reveal"])
        return state

    # ------------------------------------------------------------------ stages

    def stages(self, workshop_id: int) -> list[d.Stage]:
        return [_stage(r) for r in self._rows(
            "SELECT * FROM stages WHERE workshop_id = ? ORDER BY number", (workshop_id,))]

    def stage(self, stage_id: int) -> d.Stage:
        row = self._row("SELECT * FROM stages WHERE id = ?", (_key(stage_id, "Tahap"),))
        if row is None:
            raise WorkshopError("Tahap tidak ditemukan.")
        return _stage(row)

    def stage_by_number(self, workshop_id: int, number: int) -> d.Stage:
        row = self._row("SELECT * FROM stages WHERE workshop_id = ? AND number = ?",
                        (_key(workshop_id, "Kegiatan"), _key(number, "Tahap")))
        if row is None:
            raise WorkshopError(f"Tahap {number} tidak ditemukan.")
        return _stage(row)

    def current_stage(self, workshop_id: int) -> d.Stage:
        return self.stage_by_number(workshop_id, self.workshop(workshop_id).current_stage)

    def update_stage(self, auth: str, stage_id: int, **fields: Any) -> d.Stage:
        """Edit a stage's title, focus, outputs, date, vote mode, budget or cap."""
        self._require_facilitator(auth)
        stage = self.stage(stage_id)
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "title":
                values[key] = d.clean_text(value, label="Judul tahap", max_len=300)
            elif key in ("focus", "outputs"):
                values[key] = d.clean_text(value, label=key, max_len=d.TEXT_MAX, required=False)
            elif key == "date":
                values[key] = d.check_date(value, label="Tanggal")
            elif key == "vote_mode":
                values[key] = d.check_choice(value, d.VOTE_MODES, label="Mode voting")
            elif key == "budget":
                values[key] = d.check_int(value, label="Jatah suara", lo=1, hi=d.MAX_BUDGET)
            elif key == "cap":
                values[key] = d.check_int(value, label="Batas suara per usulan", lo=1,
                                          hi=d.MAX_BUDGET)
            else:
                raise WorkshopError(f"Kolom tahap tidak dikenal: {key}")
        budget = values.get("budget", stage.budget)
        if values.get("cap", stage.cap) > budget:
            raise WorkshopError("Batas suara per usulan tidak boleh melebihi jatah suara.")
        with self._tx(stage.workshop_id) as c:
            has_votes = c.execute("SELECT 1 FROM votes WHERE stage_id=? UNION SELECT 1 FROM "
                                  "ratings WHERE stage_id=? LIMIT 1", (stage_id, stage_id)).fetchone()
            if has_votes and any(k in values and values[k] != getattr(stage, k)
                                 for k in ("vote_mode", "budget", "cap")):
                raise WorkshopError("Aturan voting tidak bisa diubah setelah ada suara masuk.")
            for key, value in values.items():
                c.execute(f"UPDATE stages SET {key} = ? WHERE id = ?", (value, stage_id))
            self._audit(c, stage.workshop_id, "update_stage", {"stage": stage.number, **values})
        return self.stage(stage_id)

    def set_current_stage(self, auth: str, workshop_id: int, number: int) -> d.Stage:
        self._require_facilitator(auth)
        stage = self.stage_by_number(workshop_id, d.check_int(number, label="Tahap", lo=1, hi=99))
        with self._tx(workshop_id) as c:
            c.execute("UPDATE workshops SET current_stage = ? WHERE id = ?", (number, workshop_id))
            self._audit(c, workshop_id, "set_current_stage", {"stage": number})
            if stage.date is None:
                c.execute("UPDATE stages SET date = date('now', 'localtime') WHERE id = ?",
                          (stage.id,))
        return self.stage(stage.id)

    def set_phase(self, auth: str, stage_id: int, phase: str,
                  timer_seconds: int | None = None, *, open_voting: bool = True) -> d.Stage:
        """Move a stage to a phase. Entering 'vote' opens voting in every pillar with a
        shortlist (unless `open_voting` is False); with no shortlist yet, all ideas shown
        in this stage are put on it. Leaving 'vote' closes all voting."""
        self._require_facilitator(auth)
        phase = d.check_choice(phase, d.PHASES, label="Fase")
        stage = self.stage(stage_id)
        ends = None
        if timer_seconds:
            ends = time.time() + d.check_int(timer_seconds, label="Timer", lo=1, hi=6 * 3600)
        with self._tx(stage.workshop_id) as c:
            c.execute("UPDATE stages SET phase = ?, phase_ends_at = ? WHERE id = ?",
                      (phase, ends, stage_id))
            self._audit(c, stage.workshop_id, "set_phase", {"stage": stage.number, "phase": phase})
            c.execute("UPDATE pillar_voting SET is_open = 0 WHERE stage_id = ?", (stage_id,))
            if phase == "vote" and not c.execute("SELECT 1 FROM shortlist WHERE stage_id = ?",
                                                 (stage_id,)).fetchone():
                # No ballot chosen yet: every idea shown in this stage goes to the vote.
                c.execute("INSERT INTO shortlist SELECT ?, id FROM ideas WHERE stage_id = ? "
                          "AND status = 'shown'", (stage_id, stage_id))
            if phase == "vote" and open_voting:
                c.execute(
                    "INSERT INTO pillar_voting(stage_id, pillar_id, is_open) "
                    "SELECT DISTINCT ?, i.pillar_id, 1 FROM shortlist s JOIN ideas i "
                    "ON i.id = s.idea_id WHERE s.stage_id = ? "
                    "ON CONFLICT(stage_id, pillar_id) DO UPDATE SET is_open = 1",
                    (stage_id, stage_id))
            if phase == "vote":
                c.execute("UPDATE stages SET reveal = 0 WHERE id = ?", (stage_id,))
        return self.stage(stage_id)

    def set_timer(self, auth: str, stage_id: int, seconds: int | None) -> d.Stage:
        self._require_facilitator(auth)
        stage = self.stage(stage_id)
        ends = None
        if seconds:
            ends = time.time() + d.check_int(seconds, label="Timer", lo=1, hi=6 * 3600)
        with self._tx(stage.workshop_id) as c:
            c.execute("UPDATE stages SET phase_ends_at = ? WHERE id = ?", (ends, stage_id))
        return self.stage(stage_id)

    def set_pillar_voting(self, auth: str, stage_id: int, pillar_id: int, is_open: bool) -> None:
        self._require_facilitator(auth)
        is_open = d.check_bool(is_open, label="Status voting")
        stage = self.stage(stage_id)
        self._pillar_of(stage.workshop_id, pillar_id)
        with self._tx(stage.workshop_id) as c:
            c.execute("INSERT INTO pillar_voting(stage_id, pillar_id, is_open) VALUES (?,?,?) "
                      "ON CONFLICT(stage_id, pillar_id) DO UPDATE SET is_open = excluded.is_open",
                      (stage_id, pillar_id, int(bool(is_open))))
            self._audit(c, stage.workshop_id, "set_pillar_voting",
                        {"stage": stage.number, "pillar": pillar_id, "open": bool(is_open)})

    def open_pillars(self, stage_id: int) -> list[int]:
        return [r[0] for r in self._rows(
            "SELECT pillar_id FROM pillar_voting WHERE stage_id = ? AND is_open ORDER BY pillar_id",
            (stage_id,))]

    def set_reveal(self, auth: str, stage_id: int, reveal: bool) -> None:
        self._require_facilitator(auth)
        reveal = d.check_bool(reveal, label="Tampilkan hasil")
        stage = self.stage(stage_id)
        with self._tx(stage.workshop_id) as c:
            c.execute("UPDATE stages SET reveal = ? WHERE id = ?", (int(bool(reveal)), stage_id))
            self._audit(c, stage.workshop_id, "set_reveal", {"stage": stage.number, "reveal": bool(reveal)})

    # ------------------------------------------------------------------ pillars

    def pillars(self, workshop_id: int) -> list[d.Pillar]:
        return [_pillar(r) for r in self._rows(
            "SELECT * FROM pillars WHERE workshop_id = ? ORDER BY position, id", (workshop_id,))]

    def _pillar_of(self, workshop_id: int, pillar_id: Any) -> d.Pillar:
        if pillar_id is None:  # a phone's pillar field starts empty: the person must choose
            raise WorkshopError("Pilih pilar terlebih dahulu.")
        pid = d.check_int(pillar_id, label="Pilar", lo=1, hi=2**62)
        row = self._row("SELECT * FROM pillars WHERE id = ? AND workshop_id = ?",
                        (pid, workshop_id))
        if row is None:
            raise WorkshopError("Pilar tidak ditemukan.")
        return _pillar(row)

    def add_pillar(self, auth: str, workshop_id: int, name: str, short: str = "",
                   subdims: Sequence[str] = ()) -> d.Pillar:
        self._require_facilitator(auth)
        name = d.clean_text(name, label="Nama pilar", max_len=d.NAME_MAX)
        short = d.clean_text(short or name, label="Nama singkat", max_len=40)
        subs = [d.clean_text(s, label="Subdimensi", max_len=d.NAME_MAX)
                for s in _items(subdims, "Subdimensi")]
        self.workshop(workshop_id)
        with self._tx(workshop_id) as c:
            pos = c.execute("SELECT coalesce(max(position), -1) + 1 FROM pillars "
                            "WHERE workshop_id = ?", (workshop_id,)).fetchone()[0]
            pid = c.execute("INSERT INTO pillars(workshop_id, position, name, short, subdims) "
                            "VALUES (?,?,?,?,?)",
                            (workshop_id, pos, name, short, json.dumps(subs))).lastrowid
        return self._pillar_of(workshop_id, pid)

    def update_pillar(self, auth: str, pillar_id: int, *, name: str | None = None,
                      short: str | None = None, subdims: Sequence[str] | None = None) -> d.Pillar:
        self._require_facilitator(auth)
        pillar_id = _key(pillar_id, "Pilar")
        row = self._row("SELECT workshop_id FROM pillars WHERE id = ?", (pillar_id,))
        if row is None:
            raise WorkshopError("Pilar tidak ditemukan.")
        wid = row[0]
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = d.clean_text(name, label="Nama pilar", max_len=d.NAME_MAX)
        if short is not None:
            values["short"] = d.clean_text(short, label="Nama singkat", max_len=40)
        if isinstance(subdims, (str, bytes)):
            raise WorkshopError("Subdimensi harus berupa daftar, bukan satu teks.")
        if subdims is not None:
            values["subdims"] = json.dumps(
                [d.clean_text(s, label="Subdimensi", max_len=d.NAME_MAX)
                 for s in _items(subdims, "Subdimensi")])
        with self._tx(wid) as c:
            for key, value in values.items():
                c.execute(f"UPDATE pillars SET {key} = ? WHERE id = ?", (value, pillar_id))
        return self._pillar_of(wid, pillar_id)

    def move_pillar(self, auth: str, pillar_id: int, delta: int) -> list[d.Pillar]:
        """Move a pillar up (delta < 0) or down in the order."""
        self._require_facilitator(auth)
        pillar_id = _key(pillar_id, "Pilar")
        row = self._row("SELECT workshop_id FROM pillars WHERE id = ?", (pillar_id,))
        if row is None:
            raise WorkshopError("Pilar tidak ditemukan.")
        wid = row[0]
        ids = [p.id for p in self.pillars(wid)]
        i = ids.index(pillar_id)
        delta = d.check_int(delta, label="Geser", lo=-10_000, hi=10_000)
        j = max(0, min(len(ids) - 1, i + delta))
        ids.insert(j, ids.pop(i))
        with self._tx(wid) as c:
            for pos, pid in enumerate(ids):
                c.execute("UPDATE pillars SET position = ? WHERE id = ?", (pos, pid))
        return self.pillars(wid)

    def delete_pillar(self, auth: str, pillar_id: int) -> None:
        self._require_facilitator(auth)
        pillar_id = _key(pillar_id, "Pilar")
        row = self._row("SELECT workshop_id FROM pillars WHERE id = ?", (pillar_id,))
        if row is None:
            raise WorkshopError("Pilar tidak ditemukan.")
        with self._tx(row[0]) as c:
            used = c.execute("SELECT 1 FROM ideas WHERE pillar_id = ? UNION SELECT 1 FROM "
                             "quickwins WHERE pillar_id = ? LIMIT 1",
                             (pillar_id, pillar_id)).fetchone()
            if used:
                raise WorkshopError("Pilar sudah dipakai oleh usulan; tidak bisa dihapus.")
            c.execute("DELETE FROM pillar_voting WHERE pillar_id = ?", (pillar_id,))
            c.execute("DELETE FROM pillars WHERE id = ?", (pillar_id,))

    # ------------------------------------------------------------------ OPD roster

    def opds(self, workshop_id: int) -> list[d.Opd]:
        return [_opd(r) for r in self._rows(
            "SELECT * FROM opds WHERE workshop_id = ? ORDER BY position, id", (workshop_id,))]

    def _opd_of(self, workshop_id: int, opd_id: Any) -> int | None:
        if opd_id in (None, ""):
            return None
        oid = d.check_int(opd_id, label="OPD", lo=1, hi=2**62)
        if not self._row("SELECT 1 FROM opds WHERE id = ? AND workshop_id = ?",
                         (oid, workshop_id)):
            raise WorkshopError("OPD tidak ditemukan dalam daftar kegiatan ini.")
        return oid

    def add_opd(self, auth: str, workshop_id: int, name: str, kind: str | None = None) -> d.Opd:
        self._require_facilitator(auth)
        name = d.clean_text(name, label="Nama OPD", max_len=d.NAME_MAX)
        kind = d.check_choice(kind or _opd_kind(name), ("opd", "kecamatan", "kelurahan", "lain"),
                              label="Jenis OPD")
        self.workshop(workshop_id)
        with self._tx(workshop_id) as c:
            if c.execute("SELECT 1 FROM opds WHERE workshop_id=? AND name=?",
                         (workshop_id, name)).fetchone():
                raise WorkshopError(f"OPD '{name}' sudah ada.")
            pos = c.execute("SELECT coalesce(max(position), -1) + 1 FROM opds "
                            "WHERE workshop_id = ?", (workshop_id,)).fetchone()[0]
            oid = c.execute("INSERT INTO opds(workshop_id, position, name, kind) VALUES (?,?,?,?)",
                            (workshop_id, pos, name, kind)).lastrowid
        return next(o for o in self.opds(workshop_id) if o.id == oid)

    def rename_opd(self, auth: str, opd_id: int, name: str) -> None:
        self._require_facilitator(auth)
        name = d.clean_text(name, label="Nama OPD", max_len=d.NAME_MAX)
        opd_id = _key(opd_id, "OPD")
        row = self._row("SELECT workshop_id FROM opds WHERE id = ?", (opd_id,))
        if row is None:
            raise WorkshopError("OPD tidak ditemukan.")
        with self._tx(row[0]) as c:
            if c.execute("SELECT 1 FROM opds WHERE workshop_id=? AND name=? AND id<>?",
                         (row[0], name, opd_id)).fetchone():
                raise WorkshopError(f"OPD '{name}' sudah ada.")
            c.execute("UPDATE opds SET name = ?, kind = ? WHERE id = ?",
                      (name, _opd_kind(name), opd_id))

    def delete_opd(self, auth: str, opd_id: int) -> None:
        self._require_facilitator(auth)
        opd_id = _key(opd_id, "OPD")
        row = self._row("SELECT workshop_id FROM opds WHERE id = ?", (opd_id,))
        if row is None:
            raise WorkshopError("OPD tidak ditemukan.")
        with self._tx(row[0]) as c:
            used = c.execute(
                "SELECT 1 FROM participants WHERE opd_id=:o UNION SELECT 1 FROM ideas WHERE "
                "opd_id=:o UNION SELECT 1 FROM quickwins WHERE owner_opd_id=:o LIMIT 1",
                {"o": opd_id}).fetchone()
            if used:
                raise WorkshopError("OPD sudah dipakai peserta, usulan atau program; "
                                    "tidak bisa dihapus.")
            c.execute("DELETE FROM opds WHERE id = ?", (opd_id,))

    def import_opds(self, auth: str, workshop_id: int, names: Sequence[str]) -> int:
        """Add every name not yet in the roster (one transaction); return how many."""
        self._require_facilitator(auth)
        if isinstance(names, (str, bytes)):
            raise WorkshopError("Daftar OPD harus berupa daftar nama, bukan satu teks.")
        clean = [d.clean_text(n, label="Nama OPD", max_len=d.NAME_MAX)
                 for n in _items(names, "Daftar OPD")]
        self.workshop(workshop_id)
        added = 0
        with self._tx(workshop_id) as c:
            pos = c.execute("SELECT coalesce(max(position), -1) + 1 FROM opds "
                            "WHERE workshop_id = ?", (workshop_id,)).fetchone()[0]
            for name in dict.fromkeys(clean):
                cur = c.execute("INSERT OR IGNORE INTO opds(workshop_id, position, name, kind) "
                                "VALUES (?,?,?,?)", (workshop_id, pos, name, _opd_kind(name)))
                if cur.rowcount:
                    added += 1
                    pos += 1
        return added

    # ------------------------------------------------------------------ participants

    def join(self, join_code: str, *, name: str, group: str, opd_id: int | None = None,
             institution: str = "") -> d.Participant:
        """A phone joins a workshop; attendance for the current stage is recorded."""
        w = self.workshop_by_code(join_code)
        if w is None:
            raise WorkshopError("Kode kegiatan tidak dikenal. Periksa kode di layar.")
        name = d.clean_text(name, label="Nama", max_len=d.NAME_MAX)
        group = d.check_choice(group, d.GROUPS, label="Kelompok")
        opd = self._opd_of(w.id, opd_id)
        institution = d.clean_text(institution, label="Instansi", max_len=d.NAME_MAX,
                                   required=False)
        if opd is None and not institution:
            raise WorkshopError("Pilih OPD atau isi nama instansi.")
        token = secrets.token_urlsafe(18)
        now = time.time()
        with self._tx(w.id) as c:
            pid = c.execute("INSERT INTO participants(workshop_id, name, grp, opd_id, institution, "
                            "token, created_at) VALUES (?,?,?,?,?,?,?)",
                            (w.id, name, group, opd, institution, token, now)).lastrowid
            self._attend(c, pid, w.id, now)
        return self.participant(token)

    def _attend(self, c: sqlite3.Connection, pid: int, workshop_id: int, now: float) -> None:
        c.execute("INSERT OR IGNORE INTO attendance(participant_id, stage_id, joined_at) "
                  "SELECT ?, s.id, ? FROM stages s JOIN workshops w ON w.id = s.workshop_id "
                  "AND s.number = w.current_stage WHERE w.id = ?", (pid, now, workshop_id))

    def participant(self, token: str | None) -> d.Participant | None:
        """The participant owning this secret token, or None."""
        token = d.safe_key(token)
        if token is None:
            return None
        row = self._row("SELECT * FROM participants WHERE token = ?", (token,))
        return _participant(row) if row else None

    def _require_participant(self, token: str | None) -> d.Participant:
        p = self.participant(token)
        if p is None:
            raise AccessDenied("Sesi peserta tidak dikenal. Silakan bergabung lagi lewat QR.")
        return p

    def check_in(self, token: str) -> d.Participant:
        """Record attendance of a returning phone for the current stage (idempotent)."""
        p = self._require_participant(token)
        stage = self.current_stage(p.workshop_id)
        if not self._row("SELECT 1 FROM attendance WHERE participant_id=? AND stage_id=?",
                         (p.id, stage.id)):
            with self._tx(p.workshop_id) as c:
                self._attend(c, p.id, p.workshop_id, time.time())
        return p

    def participants(self, workshop_id: int) -> list[d.Participant]:
        return [_participant(r) for r in self._rows(
            "SELECT * FROM participants WHERE workshop_id = ? ORDER BY id", (workshop_id,))]

    def attendance(self, stage_id: int) -> list[dict[str, Any]]:
        """Participants present at a stage, with OPD name and group."""
        return [dict(r) for r in self._rows(
            "SELECT p.id, p.name, p.grp AS \"group\", p.institution, o.name AS opd, a.joined_at "
            "FROM attendance a JOIN participants p ON p.id = a.participant_id "
            "LEFT JOIN opds o ON o.id = p.opd_id WHERE a.stage_id = ? ORDER BY o.position, p.name",
            (stage_id,))]

    # ------------------------------------------------------------------ ideas

    def _collecting_stage(self, workshop_id: int) -> d.Stage:
        stage = self.current_stage(workshop_id)
        if stage.phase != "collect":
            raise WorkshopError("Pengumpulan usulan sedang ditutup.")
        return stage

    def _idea_fields(self, workshop_id: int, *, pillar_id: Any = None, kind: Any = None,
                     title: Any = None, description: Any = "", subdim: Any = None,
                     opd_id: Any = None, **unknown: Any) -> dict[str, Any]:
        if unknown:  # a TypeError would reach the page instead of a message
            raise WorkshopError(f"Kolom usulan tidak dikenal: {', '.join(sorted(unknown))}")
        pillar = self._pillar_of(workshop_id, pillar_id)
        sub = None
        if subdim not in (None, ""):
            sub = d.clean_text(subdim, label="Subdimensi", max_len=d.NAME_MAX)
            if pillar.subdims and sub not in pillar.subdims:
                raise WorkshopError(f"Subdimensi '{sub}' tidak ada di pilar {pillar.name}.")
        return {
            "pillar_id": pillar.id,
            "kind": d.check_choice(kind, d.KINDS, label="Jenis usulan"),
            "title": d.clean_text(title, label="Judul", max_len=d.TITLE_MAX),
            "description": d.clean_text(description, label="Uraian", max_len=d.DESCRIPTION_MAX,
                                        required=False),
            "subdim": sub,
            "opd_id": self._opd_of(workshop_id, opd_id),
        }

    def submit_idea(self, token: str, *, pillar_id: int, kind: str, title: str,
                    description: str = "", subdim: str | None = None, opd_id: int | None = None,
                    client_key: str | None = None) -> d.Idea:
        """A participant sends an idea to the current stage. Idempotent per `client_key`,
        and a repeat of the same text by the same author returns the first idea."""
        p = self._require_participant(token)
        fields = self._idea_fields(p.workshop_id, pillar_id=pillar_id, kind=kind, title=title,
                                   description=description, subdim=subdim,
                                   opd_id=opd_id if opd_id is not None else p.opd_id)
        key = None if client_key is None else d.clean_text(client_key, label="Kunci", max_len=64)
        now = time.time()
        with self._tx(p.workshop_id) as c:
            stage = self._collecting_stage(p.workshop_id)
            dup = c.execute(
                "SELECT id FROM ideas WHERE author_id = ? AND (client_key = ? OR (stage_id = ? "
                "AND pillar_id = ? AND title = ? AND description = ?))",
                (p.id, key, stage.id, fields["pillar_id"], fields["title"],
                 fields["description"])).fetchone()
            if dup:
                idea_id = dup[0]
            else:
                idea_id = c.execute(
                    "INSERT INTO ideas(workshop_id, stage_id, pillar_id, subdim, kind, title, "
                    "description, opd_id, author_id, client_key, created_at, updated_at) "
                    "VALUES (:w,:s,:pillar_id,:subdim,:kind,:title,:description,:opd_id,:a,:k,:t,:t)",
                    {**fields, "w": p.workshop_id, "s": stage.id, "a": p.id, "k": key, "t": now},
                ).lastrowid
        return self.idea(idea_id)

    def edit_own_idea(self, token: str, idea_id: int, **fields: Any) -> d.Idea:
        """A participant edits their own idea while collection is open."""
        p = self._require_participant(token)
        idea = self.idea(idea_id)
        if idea.author_id != p.id:
            raise AccessDenied("Anda hanya boleh mengubah usulan Anda sendiri.")
        merged = {"pillar_id": idea.pillar_id, "kind": idea.kind, "title": idea.title,
                  "description": idea.description, "subdim": idea.subdim, "opd_id": idea.opd_id}
        merged.update(fields)
        values = self._idea_fields(p.workshop_id, **merged)
        with self._tx(p.workshop_id) as c:
            stage = self._collecting_stage(p.workshop_id)
            if idea.stage_id != stage.id:
                raise WorkshopError("Usulan dari tahap sebelumnya tidak bisa diubah.")
            if idea.status != "shown":
                raise WorkshopError("Usulan ini sudah diproses fasilitator dan tidak bisa diubah.")
            c.execute("UPDATE ideas SET pillar_id=:pillar_id, kind=:kind, title=:title, "
                      "description=:description, subdim=:subdim, opd_id=:opd_id, updated_at=:t "
                      "WHERE id=:id", {**values, "t": time.time(), "id": idea_id})
        return self.idea(idea_id)

    def delete_own_idea(self, token: str, idea_id: int) -> None:
        p = self._require_participant(token)
        idea = self.idea(idea_id)
        if idea.author_id != p.id:
            raise AccessDenied("Anda hanya boleh menghapus usulan Anda sendiri.")
        with self._tx(p.workshop_id) as c:
            stage = self._collecting_stage(p.workshop_id)
            if idea.stage_id != stage.id or idea.status != "shown":
                raise WorkshopError("Usulan ini tidak bisa dihapus lagi.")
            if c.execute("SELECT 1 FROM shortlist WHERE idea_id=? UNION SELECT 1 FROM ideas "
                         "WHERE merged_into=? LIMIT 1", (idea_id, idea_id)).fetchone():
                raise WorkshopError("Usulan ini sudah diproses fasilitator.")
            c.execute("UPDATE ideas SET status='hidden', updated_at=? WHERE id=?",
                      (time.time(), idea_id))

    def add_idea(self, auth: str, workshop_id: int, *, stage_id: int | None = None,
                 **fields: Any) -> d.Idea:
        """The facilitator adds an idea from the floor (no author), in any phase."""
        self._require_facilitator(auth)
        stage = self.stage(stage_id) if stage_id else self.current_stage(workshop_id)
        if stage.workshop_id != workshop_id:
            raise WorkshopError("Tahap tidak ditemukan.")
        values = self._idea_fields(workshop_id, **fields)
        now = time.time()
        with self._tx(workshop_id) as c:
            idea_id = c.execute(
                "INSERT INTO ideas(workshop_id, stage_id, pillar_id, subdim, kind, title, "
                "description, opd_id, created_at, updated_at) "
                "VALUES (:w,:s,:pillar_id,:subdim,:kind,:title,:description,:opd_id,:t,:t)",
                {**values, "w": workshop_id, "s": stage.id, "t": now}).lastrowid
        return self.idea(idea_id)

    def idea(self, idea_id: int) -> d.Idea:
        row = self._row("SELECT * FROM ideas WHERE id = ?", (_key(idea_id, "Usulan"),))
        if row is None:
            raise WorkshopError("Usulan tidak ditemukan.")
        return _idea(row)

    def ideas(self, workshop_id: int, *, stage_id: int | None = None,
              pillar_id: int | None = None, statuses: Sequence[str] = ("shown",),
              since_id: int = 0) -> list[d.Idea]:
        sql = "SELECT * FROM ideas WHERE workshop_id = ? AND id > ?"
        params: list[Any] = [workshop_id, since_id]
        if stage_id is not None:
            sql += " AND stage_id = ?"
            params.append(stage_id)
        if pillar_id is not None:
            sql += " AND pillar_id = ?"
            params.append(pillar_id)
        sql += f" AND status IN ({','.join('?' * len(statuses))}) ORDER BY id"
        params.extend(statuses)
        return [_idea(r) for r in self._rows(sql, params)]

    def my_ideas(self, token: str) -> list[d.Idea]:
        p = self._require_participant(token)
        return [_idea(r) for r in self._rows(
            "SELECT * FROM ideas WHERE author_id = ? AND status <> 'hidden' ORDER BY id DESC",
            (p.id,))]

    def similar_ideas(self, workshop_id: int, title: str, *, pillar_id: int | None = None,
                      threshold: float = 0.6) -> list[tuple[d.Idea, float]]:
        """Ideas already sent whose title looks like `title` (near-duplicate check)."""
        if not isinstance(title, str) or not title.strip():
            return []
        pool = self.ideas(workshop_id, pillar_id=pillar_id)
        by_id = {i.id: i for i in pool}
        return [(by_id[i], s) for i, _, s in
                d.similar_titles(title, [(i.id, i.title) for i in pool], threshold)]

    def moderate_idea(self, auth: str, idea_id: int, **fields: Any) -> d.Idea:
        """The facilitator edits an idea (text, pillar, kind, OPD) in any phase."""
        self._require_facilitator(auth)
        idea = self.idea(idea_id)
        merged = {"pillar_id": idea.pillar_id, "kind": idea.kind, "title": idea.title,
                  "description": idea.description, "subdim": idea.subdim, "opd_id": idea.opd_id}
        merged.update(fields)
        if "pillar_id" in fields and fields["pillar_id"] != idea.pillar_id and "subdim" not in fields:
            merged["subdim"] = None
        values = self._idea_fields(idea.workshop_id, **merged)
        with self._tx(idea.workshop_id) as c:
            if values["pillar_id"] != idea.pillar_id and c.execute(
                    "SELECT 1 FROM votes WHERE idea_id=? UNION SELECT 1 FROM ratings WHERE "
                    "idea_id=? LIMIT 1", (idea_id, idea_id)).fetchone():
                raise WorkshopError("Usulan yang sudah dipilih tidak bisa dipindah pilar.")
            c.execute("UPDATE ideas SET pillar_id=:pillar_id, kind=:kind, title=:title, "
                      "description=:description, subdim=:subdim, opd_id=:opd_id, updated_at=:t "
                      "WHERE id=:id", {**values, "t": time.time(), "id": idea_id})
            self._audit(c, idea.workshop_id, "moderate_idea",
                        {"idea": idea_id, "before": {"title": idea.title, "pillar": idea.pillar_id},
                         "after": {"title": values["title"], "pillar": values["pillar_id"]}})
        return self.idea(idea_id)

    def set_idea_hidden(self, auth: str, idea_id: int, hidden: bool) -> d.Idea:
        self._require_facilitator(auth)
        hidden = d.check_bool(hidden, label="Sembunyikan")
        idea = self.idea(idea_id)
        if idea.status == "merged":
            raise WorkshopError("Usulan ini sudah digabung; pisahkan dulu.")
        with self._tx(idea.workshop_id) as c:
            c.execute("UPDATE ideas SET status=?, updated_at=? WHERE id=?",
                      ("hidden" if hidden else "shown", time.time(), idea_id))
            self._audit(c, idea.workshop_id, "hide_idea" if hidden else "show_idea", {"idea": idea_id})
            if hidden:
                c.execute("DELETE FROM shortlist WHERE idea_id=? AND stage_id NOT IN "
                          "(SELECT stage_id FROM votes WHERE idea_id=?)", (idea_id, idea_id))
        return self.idea(idea_id)

    def merge_ideas(self, auth: str, target_id: int, source_ids: Sequence[int]) -> d.Idea:
        """Merge duplicates into `target_id`; the originals are kept, marked as merged."""
        self._require_facilitator(auth)
        target = self.idea(target_id)
        sources = [self.idea(s) for s in _items(source_ids, "Usulan yang digabung")]
        if not sources:
            raise WorkshopError("Pilih usulan yang akan digabung.")
        for s in sources:
            if s.workshop_id != target.workshop_id:
                raise WorkshopError("Usulan dari kegiatan lain tidak bisa digabung.")
            if s.id == target.id:
                raise WorkshopError("Usulan tidak bisa digabung dengan dirinya sendiri.")
        if target.status != "shown":
            raise WorkshopError("Usulan tujuan harus usulan yang tampil.")
        with self._tx(target.workshop_id) as c:
            for s in sources:
                if c.execute("SELECT 1 FROM votes WHERE idea_id=? UNION SELECT 1 FROM ratings "
                             "WHERE idea_id=? LIMIT 1", (s.id, s.id)).fetchone():
                    raise WorkshopError(f"Usulan '{s.title}' sudah mendapat suara; "
                                        "tidak bisa digabung.")
                c.execute("UPDATE ideas SET status='merged', merged_into=?, updated_at=? "
                          "WHERE id=? OR merged_into=?", (target.id, time.time(), s.id, s.id))
                c.execute("DELETE FROM shortlist WHERE idea_id=?", (s.id,))
            self._audit(c, target.workshop_id, "merge_ideas",
                        {"target": target.id, "sources": [s.id for s in sources]})
        return self.idea(target.id)

    def unmerge_idea(self, auth: str, idea_id: int) -> d.Idea:
        self._require_facilitator(auth)
        idea = self.idea(idea_id)
        if idea.status != "merged":
            raise WorkshopError("Usulan ini tidak sedang digabung.")
        with self._tx(idea.workshop_id) as c:
            c.execute("UPDATE ideas SET status='shown', merged_into=NULL, updated_at=? WHERE id=?",
                      (time.time(), idea_id))
            self._audit(c, idea.workshop_id, "unmerge_idea", {"idea": idea_id})
        return self.idea(idea_id)

    def merged_into(self, idea_id: int) -> list[d.Idea]:
        return [_idea(r) for r in self._rows(
            "SELECT * FROM ideas WHERE merged_into = ? ORDER BY id", (idea_id,))]

    # ------------------------------------------------------------------ shortlist and votes

    def set_shortlisted(self, auth: str, stage_id: int, idea_ids: Sequence[int],
                        on: bool = True) -> None:
        """Put ideas (of this or earlier stages) on this stage's ballot, or take them off."""
        self._require_facilitator(auth)
        stage = self.stage(stage_id)
        ids = [_key(i, "Usulan") for i in _items(idea_ids, "Daftar usulan")]
        with self._tx(stage.workshop_id) as c:
            for idea_id in ids:
                row = c.execute("SELECT i.status, s.number FROM ideas i JOIN stages s "
                                "ON s.id = i.stage_id WHERE i.id = ? AND i.workshop_id = ?",
                                (idea_id, stage.workshop_id)).fetchone()
                if row is None:
                    raise WorkshopError("Usulan tidak ditemukan.")
                if on:
                    if row["status"] != "shown":
                        raise WorkshopError("Hanya usulan yang tampil yang bisa masuk daftar pilihan.")
                    if row["number"] > stage.number:
                        raise WorkshopError("Usulan dari tahap berikutnya tidak bisa dipilih.")
                    c.execute("INSERT OR IGNORE INTO shortlist VALUES (?, ?)", (stage_id, idea_id))
                else:
                    if c.execute("SELECT 1 FROM votes WHERE stage_id=? AND idea_id=? UNION "
                                 "SELECT 1 FROM ratings WHERE stage_id=? AND idea_id=? LIMIT 1",
                                 (stage_id, idea_id, stage_id, idea_id)).fetchone():
                        raise WorkshopError("Usulan yang sudah mendapat suara tidak bisa "
                                            "dikeluarkan dari daftar pilihan.")
                    c.execute("DELETE FROM shortlist WHERE stage_id=? AND idea_id=?",
                              (stage_id, idea_id))
            self._audit(c, stage.workshop_id, "shortlist" if on else "unshortlist",
                        {"stage": stage.number, "ideas": ids})

    def shortlist(self, stage_id: int, pillar_id: int | None = None) -> list[d.Idea]:
        sql = ("SELECT i.* FROM shortlist s JOIN ideas i ON i.id = s.idea_id "
               "JOIN pillars p ON p.id = i.pillar_id WHERE s.stage_id = ?")
        params: list[Any] = [stage_id]
        if pillar_id is not None:
            sql += " AND i.pillar_id = ?"
            params.append(pillar_id)
        return [_idea(r) for r in self._rows(sql + " ORDER BY p.position, i.id", params)]

    def _ballot_check(self, c: sqlite3.Connection, p: d.Participant, pillar_id: Any,
                      mode: str) -> tuple[d.Stage, int, set[int]]:
        pid = self._pillar_of(p.workshop_id, pillar_id).id
        stage = self.current_stage(p.workshop_id)
        if stage.phase != "vote":
            raise WorkshopError("Pemungutan suara sedang ditutup.")
        if stage.vote_mode != mode:
            raise WorkshopError("Mode voting tahap ini berbeda; muat ulang halaman.")
        if not c.execute("SELECT 1 FROM pillar_voting WHERE stage_id=? AND pillar_id=? AND is_open",
                         (stage.id, pid)).fetchone():
            raise WorkshopError("Voting untuk pilar ini sudah ditutup.")
        allowed = {r[0] for r in c.execute(
            "SELECT s.idea_id FROM shortlist s JOIN ideas i ON i.id = s.idea_id "
            "WHERE s.stage_id = ? AND i.pillar_id = ?", (stage.id, pid))}
        return stage, pid, allowed

    def cast_dots(self, token: str, pillar_id: int, allocation: Mapping[int, int]) -> dict[int, int]:
        """Replace this participant's dot votes in one pillar of the current stage.

        Whole-ballot replacement makes repeats idempotent; budget and cap are checked
        inside the write transaction, so simultaneous submits cannot overspend."""
        p = self._require_participant(token)
        if not isinstance(allocation, Mapping):
            raise WorkshopError("Format suara tidak valid.")
        with self._tx(p.workshop_id) as c:
            stage, pid, allowed = self._ballot_check(c, p, pillar_id, "dots")
            clean = d.check_dot_allocation(allocation, budget=stage.budget, cap=stage.cap)
            if set(clean) - allowed:
                raise WorkshopError("Ada usulan yang tidak ada di daftar pilihan pilar ini.")
            c.execute("DELETE FROM votes WHERE stage_id=? AND pillar_id=? AND participant_id=?",
                      (stage.id, pid, p.id))
            now = time.time()
            c.executemany("INSERT INTO votes VALUES (?,?,?,?,?,?)",
                          [(stage.id, pid, i, p.id, n, now) for i, n in clean.items()])
            spent = c.execute("SELECT coalesce(sum(dots), 0) FROM votes WHERE stage_id=? AND "
                              "pillar_id=? AND participant_id=?", (stage.id, pid, p.id)).fetchone()[0]
            if spent > stage.budget:  # belt and braces: never commit an overspent ballot
                raise WorkshopError("Suara melebihi jatah.")
            self._attend(c, p.id, p.workshop_id, now)
        return clean

    def my_dots(self, token: str, pillar_id: int) -> dict[int, int]:
        p = self._require_participant(token)
        stage = self.current_stage(p.workshop_id)
        return {r[0]: r[1] for r in self._rows(
            "SELECT idea_id, dots FROM votes WHERE stage_id=? AND pillar_id=? AND participant_id=?",
            (stage.id, _key(pillar_id, "Pilar"), p.id))}

    def cast_ratings(self, token: str, pillar_id: int,
                     ratings: Mapping[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
        """Replace this participant's impact/feasibility ratings in one pillar."""
        p = self._require_participant(token)
        if not isinstance(ratings, Mapping):
            raise WorkshopError("Format penilaian tidak valid.")
        clean = d.check_ratings(ratings)
        with self._tx(p.workshop_id) as c:
            stage, pid, allowed = self._ballot_check(c, p, pillar_id, "rating")
            if set(clean) - allowed:
                raise WorkshopError("Ada usulan yang tidak ada di daftar pilihan pilar ini.")
            c.execute("DELETE FROM ratings WHERE stage_id=? AND pillar_id=? AND participant_id=?",
                      (stage.id, pid, p.id))
            now = time.time()
            c.executemany("INSERT INTO ratings VALUES (?,?,?,?,?,?,?)",
                          [(stage.id, pid, i, p.id, a, b, now) for i, (a, b) in clean.items()])
            self._attend(c, p.id, p.workshop_id, now)
        return clean

    def my_ratings(self, token: str, pillar_id: int) -> dict[int, tuple[int, int]]:
        p = self._require_participant(token)
        stage = self.current_stage(p.workshop_id)
        return {r[0]: (r[1], r[2]) for r in self._rows(
            "SELECT idea_id, impact, feasibility FROM ratings WHERE stage_id=? AND pillar_id=? "
            "AND participant_id=?", (stage.id, _key(pillar_id, "Pilar"), p.id))}

    def set_paper_tally(self, auth: str, stage_id: int, idea_id: int, votes: int,
                        note: str = "") -> None:
        """Votes counted by hand (show of hands, paper ballots); 0 removes the entry."""
        self._require_facilitator(auth)
        stage = self.stage(stage_id)
        idea_id = _key(idea_id, "Usulan")
        votes = d.check_int(votes, label="Jumlah suara manual", lo=0, hi=100000)
        note = d.clean_text(note, label="Catatan", max_len=300, required=False)
        with self._tx(stage.workshop_id) as c:
            if not c.execute("SELECT 1 FROM shortlist WHERE stage_id=? AND idea_id=?",
                             (stage_id, idea_id)).fetchone():
                raise WorkshopError("Usulan tidak ada di daftar pilihan tahap ini.")
            if votes:
                c.execute("INSERT OR REPLACE INTO paper_tallies VALUES (?,?,?,?,?)",
                          (stage_id, idea_id, votes, note, time.time()))
            else:
                c.execute("DELETE FROM paper_tallies WHERE stage_id=? AND idea_id=?",
                          (stage_id, idea_id))
            self._audit(c, stage.workshop_id, "paper_tally",
                        {"stage": stage.number, "idea": idea_id, "votes": votes, "note": note})

    # ------------------------------------------------------------------ results

    def tallies(self, stage_id: int, pillar_id: int | None = None) -> list[d.Tally]:
        """Every shortlisted idea with its votes, ranked within each pillar (pillar order)."""
        stage = self.stage(stage_id)
        sql = (
            "SELECT i.id, i.pillar_id, i.title, p.position, "
            " (SELECT coalesce(sum(dots),0) FROM votes v WHERE v.stage_id=s.stage_id AND v.idea_id=i.id) AS dots,"
            " (SELECT count(*) FROM votes v WHERE v.stage_id=s.stage_id AND v.idea_id=i.id) AS voters,"
            " (SELECT coalesce(sum(votes),0) FROM paper_tallies t WHERE t.stage_id=s.stage_id AND t.idea_id=i.id) AS paper,"
            " (SELECT avg(impact) FROM ratings r WHERE r.stage_id=s.stage_id AND r.idea_id=i.id) AS impact,"
            " (SELECT avg(feasibility) FROM ratings r WHERE r.stage_id=s.stage_id AND r.idea_id=i.id) AS feasibility,"
            " (SELECT count(*) FROM ratings r WHERE r.stage_id=s.stage_id AND r.idea_id=i.id) AS nratings "
            "FROM shortlist s JOIN ideas i ON i.id = s.idea_id JOIN pillars p ON p.id = i.pillar_id "
            "WHERE s.stage_id = ?")
        params: list[Any] = [stage_id]
        if pillar_id is not None:
            sql += " AND i.pillar_id = ?"
            params.append(pillar_id)
        rows = self._rows(sql + " ORDER BY p.position, i.id", params)
        out: list[d.Tally] = []
        by_pillar: dict[int, list[d.Tally]] = {}
        for r in rows:
            by_pillar.setdefault(r["pillar_id"], []).append(d.Tally(
                idea_id=r["id"], pillar_id=r["pillar_id"], title=r["title"], dots=r["dots"],
                paper=r["paper"], voters=r["voters"],
                impact=None if r["impact"] is None else round(r["impact"], 2),
                feasibility=None if r["feasibility"] is None else round(r["feasibility"], 2),
                ratings=r["nratings"]))
        for group in by_pillar.values():
            out.extend(d.rank_tallies(group, stage.vote_mode))
        return out

    def vote_progress(self, stage_id: int) -> dict[str, Any]:
        """How many participants have voted, overall and per pillar."""
        stage_id = _key(stage_id, "Tahap")
        per = {r[0]: r[1] for r in self._rows(
            "SELECT pillar_id, count(DISTINCT participant_id) FROM (SELECT pillar_id, "
            "participant_id FROM votes WHERE stage_id=? UNION ALL SELECT pillar_id, "
            "participant_id FROM ratings WHERE stage_id=?) GROUP BY pillar_id",
            (stage_id, stage_id))}
        total = self._row(
            "SELECT count(DISTINCT participant_id) FROM (SELECT participant_id FROM votes "
            "WHERE stage_id=? UNION SELECT participant_id FROM ratings WHERE stage_id=?)",
            (stage_id, stage_id))[0]
        return {"voters": total, "per_pillar": per}

    def group_counts(self, stage_id: int) -> dict[str, dict[str, int]]:
        """Per participant group: present, voted, ideas sent in this stage."""
        stage_id = _key(stage_id, "Tahap")
        out = {g: {"hadir": 0, "memilih": 0, "usulan": 0} for g in d.GROUPS}
        for r in self._rows("SELECT p.grp, count(*) FROM attendance a JOIN participants p "
                            "ON p.id=a.participant_id WHERE a.stage_id=? GROUP BY p.grp",
                            (stage_id,)):
            out.setdefault(r[0], {"hadir": 0, "memilih": 0, "usulan": 0})["hadir"] = r[1]
        for r in self._rows("SELECT p.grp, count(DISTINCT p.id) FROM participants p WHERE p.id IN "
                            "(SELECT participant_id FROM votes WHERE stage_id=? UNION SELECT "
                            "participant_id FROM ratings WHERE stage_id=?) GROUP BY p.grp",
                            (stage_id, stage_id)):
            out.setdefault(r[0], {"hadir": 0, "memilih": 0, "usulan": 0})["memilih"] = r[1]
        for r in self._rows("SELECT p.grp, count(*) FROM ideas i JOIN participants p "
                            "ON p.id=i.author_id WHERE i.stage_id=? AND i.status<>'hidden' "
                            "GROUP BY p.grp", (stage_id,)):
            out.setdefault(r[0], {"hadir": 0, "memilih": 0, "usulan": 0})["usulan"] = r[1]
        return out

    def counts(self, stage_id: int) -> dict[str, Any]:
        """Headline numbers for the projector."""
        stage = self.stage(stage_id)
        wid = stage.workshop_id
        present = self._row("SELECT count(*) FROM attendance WHERE stage_id=?", (stage_id,))[0]
        opd_present = self._row(
            "SELECT count(DISTINCT p.opd_id) FROM attendance a JOIN participants p "
            "ON p.id=a.participant_id WHERE a.stage_id=? AND p.opd_id IS NOT NULL", (stage_id,))[0]
        opd_total = self._row("SELECT count(*) FROM opds WHERE workshop_id=?", (wid,))[0]
        per = {r[0]: r[1] for r in self._rows(
            "SELECT pillar_id, count(*) FROM ideas WHERE stage_id=? AND status='shown' "
            "GROUP BY pillar_id", (stage_id,))}
        return {"participants": present, "opd_present": opd_present, "opd_total": opd_total,
                "ideas_per_pillar": per, "ideas": sum(per.values())}

    # ------------------------------------------------------------------ quick wins

    _QW_TEXT = {"problem": "Masalah yang ditangani", "description": "Deskripsi",
                "objective": "Tujuan", "output_indicator": "Indikator output",
                "outcome_indicator": "Indikator outcome", "risks": "Risiko"}

    def _quickwin_values(self, workshop_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "name":
                values[key] = d.clean_text(value, label="Nama program", max_len=200)
            elif key == "pillar_id":
                values[key] = self._pillar_of(workshop_id, value).id
            elif key == "owner_opd_id":
                values[key] = self._opd_of(workshop_id, value)
                if values[key] is None:
                    raise WorkshopError("OPD penanggung jawab wajib dipilih.")
            elif key == "supporting_opd_ids":
                ids = [self._opd_of(workshop_id, v)
                       for v in _items(value or [], "OPD pendukung")]
                values[key] = json.dumps(list(dict.fromkeys(i for i in ids if i)))
            elif key in self._QW_TEXT:
                values[key] = d.clean_text(value, label=self._QW_TEXT[key], max_len=d.TEXT_MAX,
                                           required=False)
            elif key == "timeline_months":
                values[key] = d.check_int(value, label="Jangka waktu (bulan)", lo=1, hi=60)
            elif key == "budget_source":
                values[key] = d.check_choice(value, d.BUDGET_SOURCES, label="Sumber anggaran")
            elif key == "estimated_cost":
                values[key] = d.check_int(value, label="Perkiraan biaya", lo=0, hi=10**15)
            elif key == "enablers":
                values[key] = json.dumps(d.check_enablers(value))
            elif key == "status":
                values[key] = d.check_choice(value, ("draft", "agreed"), label="Status")
            else:
                raise WorkshopError(f"Kolom program tidak dikenal: {key}")
        return values

    def create_quickwin(self, auth: str, stage_id: int, *, idea_ids: Sequence[int] = (),
                        **fields: Any) -> d.QuickWin:
        """Agree a quick-win programme, built from one or more ideas."""
        self._require_facilitator(auth)
        stage = self.stage(stage_id)
        for required in ("name", "pillar_id", "owner_opd_id"):
            if fields.get(required) in (None, ""):
                raise WorkshopError({"name": "Nama program wajib diisi.",
                                     "pillar_id": "Pilar wajib dipilih.",
                                     "owner_opd_id": "OPD penanggung jawab wajib dipilih."}[required])
        fields.setdefault("enablers", None)
        values = self._quickwin_values(stage.workshop_id, fields)
        ideas = [self.idea(i) for i in _items(idea_ids, "Daftar usulan")]
        if any(i.workshop_id != stage.workshop_id for i in ideas):
            raise WorkshopError("Usulan dari kegiatan lain.")
        now = time.time()
        cols = list(values)
        with self._tx(stage.workshop_id) as c:
            qid = c.execute(
                f"INSERT INTO quickwins(workshop_id, stage_id, created_at, updated_at, "
                f"{', '.join(cols)}) VALUES (?,?,?,?,{','.join('?' * len(cols))})",
                (stage.workshop_id, stage_id, now, now, *values.values())).lastrowid
            c.executemany("INSERT OR IGNORE INTO quickwin_ideas VALUES (?,?)",
                          [(qid, i.id) for i in ideas])
            self._audit(c, stage.workshop_id, "create_quickwin", {"quickwin": qid, "name": values["name"]})
        return self.quickwin(qid)

    def update_quickwin(self, auth: str, quickwin_id: int, *, idea_ids: Sequence[int] | None = None,
                        **fields: Any) -> d.QuickWin:
        self._require_facilitator(auth)
        qw = self.quickwin(quickwin_id)
        values = self._quickwin_values(qw.workshop_id, fields)
        ideas = None if idea_ids is None else [self.idea(i)
                                               for i in _items(idea_ids, "Daftar usulan")]
        if ideas and any(i.workshop_id != qw.workshop_id for i in ideas):
            raise WorkshopError("Usulan dari kegiatan lain.")
        with self._tx(qw.workshop_id) as c:
            for key, value in values.items():
                c.execute(f"UPDATE quickwins SET {key} = ? WHERE id = ?", (value, quickwin_id))
            c.execute("UPDATE quickwins SET updated_at = ? WHERE id = ?", (time.time(), quickwin_id))
            self._audit(c, qw.workshop_id, "update_quickwin", {"quickwin": quickwin_id, **{
                k: v for k, v in values.items() if k in ("name", "owner_opd_id", "pillar_id")}})
            if ideas is not None:
                c.execute("DELETE FROM quickwin_ideas WHERE quickwin_id = ?", (quickwin_id,))
                c.executemany("INSERT OR IGNORE INTO quickwin_ideas VALUES (?,?)",
                              [(quickwin_id, i.id) for i in ideas])
        return self.quickwin(quickwin_id)

    def delete_quickwin(self, auth: str, quickwin_id: int) -> None:
        self._require_facilitator(auth)
        qw = self.quickwin(quickwin_id)
        with self._tx(qw.workshop_id) as c:
            c.execute("DELETE FROM quickwin_ideas WHERE quickwin_id = ?", (quickwin_id,))
            c.execute("DELETE FROM quickwins WHERE id = ?", (quickwin_id,))
            self._audit(c, qw.workshop_id, "delete_quickwin", {"quickwin": quickwin_id, "name": qw.name})

    def quickwin(self, quickwin_id: int) -> d.QuickWin:
        row = self._row("SELECT * FROM quickwins WHERE id = ?",
                        (_key(quickwin_id, "Program quick win"),))
        if row is None:
            raise WorkshopError("Program quick win tidak ditemukan.")
        return self._quickwin(row)

    def quickwins(self, workshop_id: int, *, stage_id: int | None = None) -> list[d.QuickWin]:
        sql = ("SELECT q.* FROM quickwins q JOIN pillars p ON p.id = q.pillar_id "
               "WHERE q.workshop_id = ?")
        params: list[Any] = [workshop_id]
        if stage_id is not None:
            sql += " AND q.stage_id = ?"
            params.append(stage_id)
        return [self._quickwin(r) for r in self._rows(sql + " ORDER BY p.position, q.id", params)]

    def _quickwin(self, row: sqlite3.Row) -> d.QuickWin:
        ideas = [r[0] for r in self._rows(
            "SELECT idea_id FROM quickwin_ideas WHERE quickwin_id = ? ORDER BY idea_id", (row["id"],))]
        data = dict(row)
        data.pop("created_at")
        data.pop("updated_at")
        data["supporting_opd_ids"] = _loads(data["supporting_opd_ids"], [])
        data["enablers"] = _loads(data["enablers"], {}) or d.default_enablers()
        return d.QuickWin(**data, idea_ids=ideas)

    # ------------------------------------------------------------------ export helpers

    def table_rows(self, table: str) -> list[dict[str, Any]]:
        """Every row of one table (for exports, backups and round-trip checks)."""
        with self._lock:
            if table not in self.db.table_names():
                raise WorkshopError(f"Tabel tidak dikenal: {table}")
        return [dict(r) for r in self._rows(f"SELECT * FROM [{table}] ORDER BY rowid")]

    def backup_to(self, out_path: str | os.PathLike) -> None:
        """A consistent snapshot through SQLite's backup API, while the app runs."""
        out = Path(out_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(out.suffix + ".part")
        if tmp.exists():
            tmp.unlink()
        dest = sqlite3.connect(str(tmp))
        try:
            with self._lock:
                self.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(tmp, out)


    def restore_from(self, in_path: str | os.PathLike) -> None:
        """Replace the whole database with a snapshot (SQLite's backup API, under the lock)."""
        if not isinstance(in_path, (str, os.PathLike)):  # Path(None) raised TypeError
            raise WorkshopError("Berkas cadangan tidak ditemukan.")
        src_path = Path(in_path)
        if not src_path.is_file():
            raise WorkshopError("Berkas cadangan tidak ditemukan.")
        try:
            src = sqlite3.connect(src_path.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                ok = src.execute("PRAGMA integrity_check").fetchone()[0]
                tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            except sqlite3.DatabaseError:
                raise WorkshopError("Berkas ini bukan cadangan Bimtek Live yang sah.") from None
            if ok != "ok" or not {"workshops", "_sqlite_migrations"} <= tables:
                raise WorkshopError("Berkas ini bukan cadangan Bimtek Live yang sah.")
            with self._lock:
                try:
                    src.backup(self.conn)
                except sqlite3.OperationalError:
                    # WAL cannot change page size: restore in rollback mode, then back to WAL.
                    self.conn.execute("PRAGMA journal_mode = DELETE")
                    try:
                        src.backup(self.conn)
                    finally:
                        self.conn.execute("PRAGMA journal_mode = WAL")
                migrations.apply(self.db)
        finally:
            src.close()


# ---------------------------------------------------------------------- row mapping


def _opd_kind(name: str) -> str:
    low = name.lower()
    if low.startswith("kecamatan"):
        return "kecamatan"
    if low.startswith("kelurahan") or low.startswith("desa"):
        return "kelurahan"
    return "opd"


def _workshop(r: sqlite3.Row) -> d.Workshop:
    return d.Workshop(id=r["id"], region=r["region"], province=r["province"], year=r["year"],
                      title=r["title"], venue=r["venue"], join_code=r["join_code"],
                      current_stage=r["current_stage"], version=r["version"])


def _stage(r: sqlite3.Row) -> d.Stage:
    return d.Stage(id=r["id"], workshop_id=r["workshop_id"], number=r["number"], title=r["title"],
                   focus=r["focus"], outputs=r["outputs"], phase=r["phase"],
                   phase_ends_at=r["phase_ends_at"], vote_mode=r["vote_mode"], budget=r["budget"],
                   cap=r["cap"], reveal=bool(r["reveal"]), date=r["date"])


def _pillar(r: sqlite3.Row) -> d.Pillar:
    return d.Pillar(id=r["id"], workshop_id=r["workshop_id"], position=r["position"],
                    name=r["name"], short=r["short"], subdims=_loads(r["subdims"], []))


def _opd(r: sqlite3.Row) -> d.Opd:
    return d.Opd(id=r["id"], workshop_id=r["workshop_id"], position=r["position"],
                 name=r["name"], kind=r["kind"])


def _participant(r: sqlite3.Row) -> d.Participant:
    return d.Participant(id=r["id"], workshop_id=r["workshop_id"], name=r["name"], group=r["grp"],
                         opd_id=r["opd_id"], institution=r["institution"], token=r["token"])


def _idea(r: sqlite3.Row) -> d.Idea:
    return d.Idea(id=r["id"], workshop_id=r["workshop_id"], stage_id=r["stage_id"],
                  pillar_id=r["pillar_id"], kind=r["kind"], title=r["title"],
                  description=r["description"], subdim=r["subdim"], opd_id=r["opd_id"],
                  author_id=r["author_id"], status=r["status"], merged_into=r["merged_into"],
                  created_at=r["created_at"], updated_at=r["updated_at"])


def open_store(path: str | os.PathLike | None = None) -> Store:
    """Open the store at `path`, `$BIMTEK_DB`, or `data/bimtek.db`."""
    return Store(path or os.environ.get("BIMTEK_DB") or "data/bimtek.db")
