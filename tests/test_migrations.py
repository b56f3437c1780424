"""Upgrades: a database written by the first schema opens, migrates, and loses nothing.

`fixtures/schema_001.sql` is a text dump of a small workshop written by schema 001.
It is loaded into a fresh file and opened with `Store`, which applies every pending
migration; every row of the dump must still be there afterwards.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workshop import store as store_module
from workshop.security import PinHasher
from workshop.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "schema_001.sql"


def load_fixture(path: Path) -> dict[str, list[dict]]:
    """Write the dump into `path`; return its rows per table as written by schema 001."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        conn.executescript(FIXTURE.read_text(encoding="utf-8"))
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: [dict(r) for r in conn.execute(f"SELECT * FROM [{t}] ORDER BY rowid")]
            for t in tables
        }
    finally:
        conn.close()


def all_migrations() -> list[str]:
    return [m.name for m in store_module.migrations._migrations]


def assert_rows_survive(old: dict[str, list[dict]], store: Store) -> None:
    for table, rows in old.items():
        now = store.table_rows(table)
        if table == "_sqlite_migrations":
            assert now[: len(rows)] == rows  # history kept, new migrations appended
            continue
        if table in ("fac_sessions", "login_failures"):
            # m004 (h13a): sessions were raw tokens and end; the old lockout rows go
            assert now == [], table
            continue
        # new columns may appear; every old column keeps its value, row by row
        columns = list(rows[0]) if rows else []
        assert [{k: r[k] for k in columns} for r in now] == rows, table


@pytest.fixture
def old_db(tmp_path):
    path = tmp_path / "lama.db"
    return path, load_fixture(path)


def test_fixture_is_schema_001(old_db):
    _, rows = old_db
    assert [r["name"] for r in rows["_sqlite_migrations"]] == ["m001_initial"]
    assert len(rows["workshops"]) == 2 and len(rows["votes"]) > 50
    assert rows["settings"] and rows["quickwins"] and rows["ratings"]


def test_first_schema_opens_and_migrates_without_loss(old_db):
    path, old = old_db
    store = Store(path, hasher=PinHasher(fast=True))
    try:
        applied = store.schema_version()
        assert set(all_migrations()) <= set(applied)
        assert applied[0] == "m001_initial"
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert_rows_survive(old, store)
    finally:
        store.close()


def test_migrated_database_works(old_db):
    path, old = old_db
    store = Store(path, hasher=PinHasher(fast=True))
    try:
        assert store.login("2468")  # the PIN hash of schema 001
        demo = store.workshop(1)
        final = store.stage_by_number(demo.id, 4)
        assert len(store.quickwins(demo.id)) == 5
        assert store.tallies(final.id)  # results still computed
        hostile = store.workshop(2)
        assert hostile.title == "Bimtek <Tahap I> & 'uji' \"kutip\""
        assert store.ideas(hostile.id)[0].title == '=HYPERLINK("http://x","y")'
        assert store.participants(hostile.id)[0].name == "Ni Made\nAyu"
        p = store.participant(old["participants"][-1]["token"])  # old phones still work
        idea = store.submit_idea(
            p.token,
            pillar_id=store.pillars(hostile.id)[1].id,
            kind="potensi",
            title="Usulan setelah upgrade",
        )
        assert store.idea(idea.id).author_id == p.id
    finally:
        store.close()


def test_reopening_is_idempotent(old_db):
    path, _ = old_db
    Store(path, hasher=PinHasher(fast=True)).close()
    first = Store(path, hasher=PinHasher(fast=True))
    rows = {t: first.table_rows(t) for t in first.table_counts()}
    first.close()
    again = Store(path, hasher=PinHasher(fast=True))
    assert {t: again.table_rows(t) for t in again.table_counts()} == rows
    again.close()


def test_old_backup_restored_into_current_store_is_migrated(old_db, tmp_path):
    path, old = old_db
    store = Store(tmp_path / "baru.db", hasher=PinHasher(fast=True))
    try:
        store.restore_from(store.machine_auth(), path)
        assert set(all_migrations()) <= set(store.schema_version())
        # every row survives, but a restore never brings sessions, failures or the PIN
        from workshop.store.backup import PRIVATE_SETTINGS, PRIVATE_TABLES

        public = {t: rows for t, rows in old.items() if t not in PRIVATE_TABLES}
        public["settings"] = [r for r in old["settings"] if r["key"] not in PRIVATE_SETTINGS]
        assert_rows_survive(public, store)
        assert all(store.table_rows(t) == [] for t in PRIVATE_TABLES)
        assert not store.has_pin()
    finally:
        store.close()


def test_a_later_migration_keeps_every_row(old_db, monkeypatch):
    """The upgrade path itself: a future migration (here: a new column with a default)
    runs on the first schema's data and every row survives it."""
    path, old = old_db

    def m999_test_note_column(db):
        db.execute("ALTER TABLE ideas ADD COLUMN test_note TEXT NOT NULL DEFAULT ''")

    extra = store_module.migrations._Migration("m999_test_note_column", m999_test_note_column)
    monkeypatch.setattr(
        store_module.migrations, "_migrations", [*store_module.migrations._migrations, extra]
    )
    store = Store(path, hasher=PinHasher(fast=True))
    try:
        assert store.schema_version()[-1] == "m999_test_note_column"
        assert {r["test_note"] for r in store.table_rows("ideas")} == {""}
        assert_rows_survive(old, store)
    finally:
        store.close()
