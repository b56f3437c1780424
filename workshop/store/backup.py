"""The whole database: table rows and counts, snapshots and restores (SQLite's backup API)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from ..domain import WorkshopError
from .access import facilitator, local, public
from .base import StoreBase
from .schema import migrations


class BackupStore(StoreBase):
    """Reads of whole tables, and replacing everything with a snapshot."""

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

    @facilitator
    def backup_to(self, auth: str, out_path: str | os.PathLike[str]) -> None:
        """A consistent snapshot through SQLite's backup API, while the app runs (it holds
        every row, the PIN hash and sessions included: a facilitator's, or `system_auth`)."""
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

    @facilitator
    def restore_from(self, auth: str, in_path: str | os.PathLike[str]) -> None:
        """Replace the whole database with a snapshot (SQLite's backup API, under the lock).
        The snapshot brings its own PIN and sessions: `auth` may not survive it."""
        if not isinstance(in_path, (str, os.PathLike)):  # Path(None) raised TypeError
            raise WorkshopError("Berkas cadangan tidak ditemukan.")
        src_path = Path(in_path)
        if not src_path.is_file():
            raise WorkshopError("Berkas cadangan tidak ditemukan.")
        try:
            src = sqlite3.connect(src_path.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                ok = src.execute("PRAGMA integrity_check").fetchone()[0]
                tables = {
                    r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")
                }
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
