"""The whole database: table rows and counts, backups and restores (SQLite's backup API).

A backup is a plain SQLite file of every table except the private ones
(`PRIVATE_TABLES`: facilitator sessions, login failures, ...) and without the private
settings (`PRIVATE_SETTINGS`: the PIN hash). Their rows are deleted from the copy with
`secure_delete` on and the file is vacuumed, so no freed page keeps a session token.

A restore never trusts the uploaded file (`prepare_restore`):

1. the upload is checked (size, SQLite header, `integrity_check`) and copied to a
   private temporary file; its triggers and views are dropped there (never run) and our
   own migrations are applied to that copy (a file whose `_sqlite_migrations` table was
   emptied, or made by a newer version, is refused here);
2. a FRESH database is built through the migrations, and only the known tables and
   columns (what the fresh database has, minus the private tables) are copied into it,
   each value checked for its type, size and, for codes, its allowed values; the
   current PIN hash is put in; foreign keys are checked and the real readers run on it;
3. only then is the live database swapped (SQLite's backup API, under the store's lock),
   right after a raw copy of the live data was taken; if anything fails after the swap,
   that copy is put back (`RestoreRolledBack`), and if even that fails the message says
   so (`RestoreBroken`) and names the safety snapshot.

Every facilitator session ends with a restore (the new data has none); the PIN stays the
one in use before it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .. import domain as d
from ..domain import WorkshopError
from .access import facilitator, local, public
from .base import StoreBase
from .schema import migrations

# Tables a backup never carries and a restore never takes from an upload (their rows
# are secrets or belong to this machine). Other security tables are appended here.
PRIVATE_TABLES: tuple[str, ...] = (
    "fac_sessions",
    "login_failures",
    "login_attempts",
    "fac_handoffs",
    "join_log",
)
# Keys of `settings` that stay with this machine: left out of backups; a restore keeps
# the current values (the PIN in use stays the PIN).
PRIVATE_SETTINGS: tuple[str, ...] = ("pin_hash",)
# The migrations' own bookkeeping: rebuilt by the migrations, never copied.
BOOKKEEPING = ("_sqlite_migrations",)

MAX_RESTORE_BYTES = 200 * 1024 * 1024  # Streamlit's upload limit
MAX_BLOB_BYTES = 12 * 1024 * 1024  # an uploaded photo is at most 8 MB, re-encoded
MAX_VALUE_CHARS = 100_000  # the longest text a form accepts is d.TEXT_MAX (4,000)
SQLITE_HEADER = b"SQLite format 3\x00"

# Columns holding a code: a restored value must be one the app knows (a phase it does
# not know made every page fail).
CODES: dict[tuple[str, str], tuple[str, ...]] = {
    ("stages", "phase"): d.PHASES,
    ("stages", "vote_mode"): d.VOTE_MODES,
    ("ideas", "kind"): d.KINDS,
    ("ideas", "status"): d.STATUSES,
    ("participants", "grp"): d.GROUPS,
    ("opds", "kind"): ("opd", "kecamatan", "kelurahan", "lain"),
}


class RestoreRolledBack(WorkshopError):
    """The restore failed after the swap; the data from before it was put back."""


class RestoreBroken(WorkshopError):
    """The restore failed after the swap and putting the old data back failed too."""


class RestoreRefused(WorkshopError):
    """The file was refused before anything was swapped: the data did not change."""


def _open_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection to an untrusted file (no schema functions trusted)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    return conn


def _open_rw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    return conn


def _columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> dict[str, str]:
    """Column name -> declared type (upper case) of one table."""
    return {
        r[1]: (r[2] or "").upper()
        for r in conn.execute(f"PRAGMA [{schema}].table_info([{table}])").fetchall()
    }


def _user_tables(conn: sqlite3.Connection, schema: str = "main") -> dict[str, str]:
    """Table name -> its CREATE statement (SQLite's own tables left out)."""
    return {
        r[0]: r[1] or ""
        for r in conn.execute(
            f"SELECT name, sql FROM [{schema}].sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ).fetchall()
    }


def backup_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables a backup carries and a restore copies: all but private and bookkeeping."""
    return [t for t in _user_tables(conn) if t not in PRIVATE_TABLES and t not in BOOKKEEPING]


def scrub(path: Path) -> None:
    """Empty the private tables and settings of a backup file, overwriting the freed
    pages, and vacuum it (no session token or PIN hash stays in the file)."""
    conn = _open_rw(path)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        tables = _user_tables(conn)
        conn.execute("BEGIN")
        for table in PRIVATE_TABLES:
            if table in tables:
                conn.execute(f"DELETE FROM [{table}]")
        if "settings" in tables:
            marks = ",".join("?" * len(PRIVATE_SETTINGS))
            conn.execute(f"DELETE FROM settings WHERE key IN ({marks})", PRIVATE_SETTINGS)
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _check_upload(path: Path) -> None:
    """Size, header and SQLite's integrity check of an uploaded file."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as err:
        raise WorkshopError(f"Berkas cadangan tidak bisa dibaca: {err}") from err
    if size > MAX_RESTORE_BYTES:
        raise WorkshopError(
            f"Berkas cadangan terlalu besar (maksimal {MAX_RESTORE_BYTES // (1024 * 1024)} MB). "
            "Data tidak diubah."
        )
    if len(head) < 100 or not head.startswith(SQLITE_HEADER):
        raise WorkshopError("Berkas ini bukan cadangan Bimtek Live yang sah. Data tidak diubah.")
    try:
        conn = _open_ro(path)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = _user_tables(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise WorkshopError(
            "Berkas ini bukan cadangan Bimtek Live yang sah. Data tidak diubah."
        ) from None
    if ok != "ok" or not {"workshops", *BOOKKEEPING} <= set(tables):
        raise WorkshopError("Berkas ini bukan cadangan Bimtek Live yang sah. Data tidak diubah.")


def _migrate_copy(path: Path) -> None:
    """Drop the copy's triggers and views (never run them) and apply our migrations."""
    conn = _open_rw(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        known = {m.name for m in migrations._migrations}
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (migrations.name,)
            )
        ]
        newer = [n for n in names if n not in known]
        if newer:
            raise RestoreRefused(
                "Pemulihan ditolak: berkas dibuat oleh versi Bimtek Live yang lebih baru "
                f"(migrasi tidak dikenal: {', '.join(sorted(newer))[:200]}). Data tidak diubah."
            )
        for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')"
        ).fetchall():
            conn.execute(f"DROP {'TRIGGER' if kind == 'trigger' else 'VIEW'} IF EXISTS [{name}]")
        for name, sql in _user_tables(conn).items():
            if not sql.upper().startswith("CREATE TABLE"):  # a virtual table: never read it
                raise RestoreRefused(
                    f"Pemulihan ditolak: tabel {name[:60]} bukan tabel biasa. Data tidak diubah."
                )
        migrations.apply(Database(conn))
    except (sqlite3.Error, ValueError) as err:
        raise RestoreRefused(
            "Pemulihan ditolak: skema berkas tidak bisa dimigrasikan ke versi ini "
            f"({str(err)[:200]}). Data tidak diubah."
        ) from err
    finally:
        conn.close()


def _allowed(declared: str) -> tuple[str, ...]:
    """The storage classes a column of this declared type may hold (a blob only in a BLOB
    column: the documents' logo and photos)."""
    if "BLOB" in declared:
        return ("blob", "null")
    if "INT" in declared:
        return ("integer", "null")
    if "REAL" in declared or "FLOA" in declared or "DOUB" in declared:
        return ("real", "integer", "null")
    return ("text", "null")


def _copy_known(fresh: sqlite3.Connection, upload: Path) -> None:
    """Copy the known tables and columns of the (migrated) upload into `fresh`."""
    fresh.execute("ATTACH DATABASE ? AS up", (upload.resolve().as_uri() + "?mode=ro",))
    try:
        theirs = _user_tables(fresh, "up")
        fresh.execute("BEGIN")
        missing = [t for t in backup_tables(fresh) if t not in theirs]
        if missing:  # the migrated copy must have every table: one was dropped
            raise RestoreRefused(
                f"Pemulihan ditolak: tabel {', '.join(missing)[:200]} tidak ada di berkas. "
                "Data tidak diubah."
            )
        for table in backup_tables(fresh):
            ours = _columns(fresh, table)
            have = _columns(fresh, table, "up")
            gone = [c for c in ours if c not in have]
            if gone:  # the migrated copy has every column of ours: this file does not
                raise RestoreRefused(
                    f"Pemulihan ditolak: kolom {table}.{', '.join(gone)[:200]} tidak ada di "
                    "berkas. Data tidak diubah."
                )
            cols = list(ours)
            for col in cols:
                kinds = _allowed(ours[col])
                marks = ",".join("?" * len(kinds))
                bad = fresh.execute(
                    f"SELECT count(*) FROM up.[{table}] WHERE typeof([{col}]) NOT IN ({marks}) "
                    f"OR length([{col}]) > ?",
                    (*kinds, MAX_BLOB_BYTES if "blob" in kinds else MAX_VALUE_CHARS),
                ).fetchone()[0]
                if bad:
                    raise RestoreRefused(
                        f"Pemulihan ditolak: {bad} nilai di {table}.{col} salah jenis atau "
                        "terlalu besar. Data tidak diubah."
                    )
                codes = CODES.get((table, col))
                if codes:
                    marks = ",".join("?" * len(codes))
                    bad = fresh.execute(
                        f"SELECT count(*) FROM up.[{table}] WHERE [{col}] IS NOT NULL "
                        f"AND [{col}] NOT IN ({marks})",
                        codes,
                    ).fetchone()[0]
                    if bad:
                        raise RestoreRefused(
                            f"Pemulihan ditolak: {bad} kode tidak dikenal di {table}.{col}. "
                            "Data tidak diubah."
                        )
            names = ", ".join(f"[{c}]" for c in cols)
            where = ""
            params: tuple[Any, ...] = ()
            if table == "settings":
                where = f"WHERE key NOT IN ({','.join('?' * len(PRIVATE_SETTINGS))})"
                params = PRIVATE_SETTINGS
            try:
                fresh.execute(
                    f"INSERT INTO main.[{table}] ({names}) SELECT {names} FROM up.[{table}] "
                    f"{where} ORDER BY rowid",
                    params,
                )
            except sqlite3.IntegrityError as err:
                raise RestoreRefused(
                    f"Pemulihan ditolak: data tabel {table} melanggar aturan "
                    f"({str(err)[:200]}). Data tidak diubah."
                ) from err
        _copy_bookkeeping(fresh)
        fresh.execute("COMMIT")
    except BaseException:
        if fresh.in_transaction:
            fresh.execute("ROLLBACK")
        raise
    finally:
        fresh.execute("DETACH DATABASE up")


def _copy_bookkeeping(fresh: sqlite3.Connection) -> None:
    """The migration records of the upload (when each migration ran), only for the
    migrations this version knows, all of which the migrated copy has."""
    known = [m.name for m in migrations._migrations]
    marks = ",".join("?" * len(known))
    rows = fresh.execute(
        "SELECT id, migration_set, name, applied_at FROM up._sqlite_migrations "
        f"WHERE migration_set = ? AND name IN ({marks}) ORDER BY rowid",
        (migrations.name, *known),
    ).fetchall()
    if sorted(r[2] for r in rows) != sorted(known) or any(
        not isinstance(r[0], int) or not isinstance(r[3], str) or len(r[3]) > 64 for r in rows
    ):
        return  # odd records: keep the fresh database's own
    fresh.execute("DELETE FROM main._sqlite_migrations")
    fresh.executemany(
        "INSERT INTO main._sqlite_migrations(id, migration_set, name, applied_at) VALUES (?,?,?,?)",
        rows,
    )


def prepare_restore(
    source: Path, work: Path, private_settings: dict[str, str], page_size: int = 4096
) -> Path:
    """A fresh, migrated database file in `work` holding only the known data of `source`
    (see the module docstring) plus `private_settings`; raises a refusal otherwise."""
    _check_upload(source)
    copy = work / "upload-migrated.db"
    shutil.copyfile(source, copy)
    _migrate_copy(copy)
    fresh_path = work / "fresh.db"
    fresh = _open_rw(fresh_path)
    try:
        fresh.execute(f"PRAGMA page_size = {int(page_size)}")
        fresh.execute("PRAGMA journal_mode = DELETE")
        fresh.execute("PRAGMA foreign_keys = OFF")  # checked once, after the copy
        migrations.apply(Database(fresh))
        _copy_known(fresh, copy)
        for key, value in private_settings.items():
            fresh.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", (key, value))
        broken = fresh.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            tables = sorted({r[0] for r in broken})
            raise RestoreRefused(
                f"Pemulihan ditolak: {len(broken)} baris merujuk data yang tidak ada "
                f"({', '.join(tables)[:200]}). Data tidak diubah."
            )
        if fresh.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RestoreRefused(
                "Pemulihan ditolak: basis data hasil salinan rusak. Data tidak diubah."
            )
    except sqlite3.Error as err:
        raise RestoreRefused(
            "Pemulihan ditolak: berkas tidak cocok dengan basis data ini "
            f"({str(err)[:200]}). Data tidak diubah."
        ) from err
    finally:
        fresh.close()
    copy.unlink()
    return fresh_path


def smoke_read(store: Any) -> None:
    """Every read the pages make of every workshop and stage (raises if one fails)."""
    store.active_workshop_id()
    for w in store.workshops():
        store.workshop(w.id)
        store.live_state(w.id)
        store.pillars(w.id)
        store.opds(w.id)
        store.participants(w.id)
        store.ideas(w.id)
        store.quickwins(w.id)
        store.current_stage(w.id)
        for s in store.stages(w.id):
            store.tallies(s.id)
            store.vote_progress(s.id)
            store.group_counts(s.id)
            store.counts(s.id)
            store.shortlist(s.id)
            store.open_pillars(s.id)
            store.attendance(s.id)


class BackupStore(StoreBase):
    """Reads of whole tables, backups, and replacing everything with a checked backup."""

    @public
    def schema_version(self) -> list[str]:
        """The names of the migrations applied, oldest first."""
        return [m.name for m in migrations.applied(self.db)]

    @public
    def table_counts(self) -> dict[str, int]:
        with self._lock:
            names = self.db.table_names()
            return {
                n: self.conn.execute(f"SELECT count(*) FROM [{n}]").fetchone()[0] for n in names
            }

    @local
    def table_rows(self, table: str) -> list[dict[str, Any]]:
        """Every row of one table (for exports, backups and round-trip checks; it reads
        `settings` and `fac_sessions` too, so never with a table name from a request)."""
        with self._lock:
            if table not in self.db.table_names():
                raise WorkshopError(f"Tabel tidak dikenal: {table}")
        return [dict(r) for r in self._rows(f"SELECT * FROM [{table}] ORDER BY rowid")]

    def _raw_copy(self, out: Path) -> None:
        """Every page of the live database into `out` (under the lock; private rows too)."""
        dest = sqlite3.connect(str(out))
        try:
            with self._lock:
                self.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()

    @facilitator
    def backup_to(self, auth: str, out_path: str | os.PathLike[str]) -> None:
        """A consistent backup through SQLite's backup API, while the app runs, without
        the private tables and settings (sessions, login failures, the PIN hash)."""
        out = Path(out_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(out.suffix + ".part")
        if tmp.exists():
            tmp.unlink()
        try:
            self._raw_copy(tmp)
            scrub(tmp)
            os.replace(tmp, out)
        finally:
            if tmp.exists():
                tmp.unlink()

    def _private_settings(self) -> dict[str, str]:
        marks = ",".join("?" * len(PRIVATE_SETTINGS))
        rows = self._rows(
            f"SELECT key, value FROM settings WHERE key IN ({marks})", PRIVATE_SETTINGS
        )
        return {r["key"]: r["value"] for r in rows}

    def _swap_in(self, path: Path) -> None:
        """Replace every page of the live database with `path` (caller holds the lock)."""
        src = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            try:
                src.backup(self.conn)
            except sqlite3.OperationalError:
                # WAL cannot change page size: copy in rollback mode, then back to WAL.
                self.conn.execute("PRAGMA journal_mode = DELETE")
                try:
                    src.backup(self.conn)
                finally:
                    self.conn.execute("PRAGMA journal_mode = WAL")
        finally:
            src.close()

    def _after_swap(self, expected: dict[str, int]) -> None:
        """Check the swapped-in data from the live connection (raises if it is not right)."""
        if self.conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
        if [m.name for m in migrations.pending(self.db)]:
            raise sqlite3.DatabaseError("migrations pending after the swap")
        counts = self.table_counts()
        # the same tables and workshops (rows of other tables may already have changed:
        # another process, e.g. the app while the CLI restores, keeps taking votes)
        if set(counts) != set(expected) or counts["workshops"] != expected["workshops"]:
            raise sqlite3.DatabaseError("the swapped-in database is not the checked one")
        smoke_read(self)

    @facilitator
    def restore_from(
        self,
        auth: str,
        in_path: str | os.PathLike[str],
        safety: str | os.PathLike[str] | None = None,
    ) -> None:
        """Replace the data with the known tables of a checked backup (module docstring).

        `safety`: where the data replaced is saved first (a backup file, written under
        the lock right before the swap). Every facilitator session ends (the new data
        has none); the PIN in use stays. Refusals leave the data unchanged;
        `RestoreRolledBack` / `RestoreBroken` say what happened after a swap."""
        if not isinstance(in_path, (str, os.PathLike)):  # Path(None) raised TypeError
            raise WorkshopError("Berkas cadangan tidak ditemukan.")
        src_path = Path(in_path)
        if not src_path.is_file():
            raise WorkshopError("Berkas cadangan tidak ditemukan.")
        with tempfile.TemporaryDirectory(prefix="bimtek-restore-") as tmp:
            work = Path(tmp)
            page_size = self._count("PRAGMA page_size")
            prepared = prepare_restore(src_path, work, self._private_settings(), page_size)
            check = type(self)(prepared, hasher=self._hasher)
            try:
                smoke_read(check)
                expected = check.table_counts()
            except Exception as err:
                raise RestoreRefused(
                    "Pemulihan ditolak: data berkas tidak bisa dibaca aplikasi "
                    f"({type(err).__name__}: {str(err)[:160]}). Data tidak diubah."
                ) from err
            finally:
                check.close()
            before = work / "before.db"
            with self._lock:
                self._raw_copy(before)
                current = self._private_settings()  # the PIN may have changed meanwhile
                if current != self._read_settings(prepared):
                    self._put_settings(prepared, current)
                if safety is not None:
                    keep = work / "safety.db"
                    shutil.copyfile(before, keep)
                    scrub(keep)
                    Path(safety).parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(str(keep), str(safety))
                try:
                    self._swap_in(prepared)
                    self._after_swap(expected)
                except Exception as err:
                    self._roll_back(before, err, safety)
                    why = f"{type(err).__name__}: {str(err)[:160]}"
                    raise RestoreRolledBack(
                        f"Pemulihan gagal setelah data diganti ({why}); data dikembalikan "
                        f"seperti sebelum pemulihan (salinannya: {Path(safety).name})."
                        if safety
                        else f"Pemulihan gagal setelah data diganti ({why}); data "
                        "dikembalikan seperti sebelum pemulihan."
                    ) from err

    def _roll_back(self, before: Path, err: Exception, safety: Any) -> None:
        """Put the raw copy taken before the swap back (caller holds the lock)."""
        try:
            self._swap_in(before)
            if self.conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
        except Exception as again:
            first, second = type(err).__name__, type(again).__name__
            raise RestoreBroken(
                f"Pemulihan gagal ({first}) dan data lama tidak dapat dikembalikan otomatis "
                f"({second}). Pulihkan data dari salinan {Path(safety).name} lewat halaman "
                "Cadangan atau perintah restore."
                if safety
                else f"Pemulihan gagal ({first}) dan data lama tidak dapat dikembalikan "
                f"otomatis ({second}). Pulihkan data lewat halaman Cadangan atau perintah "
                "restore."
            ) from again

    @staticmethod
    def _read_settings(path: Path) -> dict[str, str]:
        conn = sqlite3.connect(str(path))
        try:
            marks = ",".join("?" * len(PRIVATE_SETTINGS))
            return dict(
                conn.execute(
                    f"SELECT key, value FROM settings WHERE key IN ({marks})", PRIVATE_SETTINGS
                ).fetchall()
            )
        finally:
            conn.close()

    @staticmethod
    def _put_settings(path: Path, values: dict[str, str]) -> None:
        conn = sqlite3.connect(str(path), isolation_level=None)
        try:
            marks = ",".join("?" * len(PRIVATE_SETTINGS))
            conn.execute("BEGIN")
            conn.execute(f"DELETE FROM settings WHERE key IN ({marks})", PRIVATE_SETTINGS)
            conn.executemany("INSERT INTO settings(key, value) VALUES (?, ?)", values.items())
            conn.execute("COMMIT")
        finally:
            conn.close()
