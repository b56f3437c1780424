import sqlite3

import pytest
from backup_support import data_dump
from conftest import dump

from workshop.demo import build_demo
from workshop.domain import AccessDenied
from workshop.security import PinHasher
from workshop.store import Store
from workshop.store.backup import PRIVATE_TABLES

TABLES = [
    "_sqlite_migrations",
    "workshops",
    "stages",
    "pillars",
    "opds",
    "participants",
    "attendance",
    "ideas",
    "shortlist",
    "pillar_voting",
    "votes",
    "ratings",
    "paper_tallies",
    "quickwins",
    "quickwin_ideas",
    "settings",
    "fac_sessions",
    "login_attempts",  # h13a: m004 counts attempts here (login_failures stays empty)
]


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A store holding a finished demo Bimtek, its backup, and the rows at backup time."""
    path = tmp_path_factory.mktemp("backup")
    store = Store(path / "live.db", hasher=PinHasher(fast=True))
    build_demo(store, participants=30, seed=3)
    store.set_pin("2468")
    auth = store.login("2468")
    store.set_setting(auth, "public_url", "http://192.168.1.10:8501")
    with pytest.raises(AccessDenied):
        store.login("0000")  # one failure on record
    rows = dump(store)
    store.backup_to(store.machine_auth(), path / "cadangan" / "bimtek.db")
    store.secrets = (auth, store.table_rows("settings")[0]["value"])  # session, PIN hash
    # life goes on after the backup...
    wid = store.workshops()[0].id
    store.update_workshop(auth, wid, venue="Aula lain")
    store.join(
        store.workshop(wid).join_code, name="Terlambat", group="masyarakat", institution="RT 02"
    )
    store.create_workshop(auth, region="Kota Tegal", year=2024)
    yield store, path / "cadangan" / "bimtek.db", rows
    store.close()


def test_backup_is_a_plain_sqlite_file(finished):
    _, backup, _ = finished
    assert not backup.with_suffix(".db.part").exists()
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # no session, login failure or PIN hash travels in a backup
        assert conn.execute("SELECT count(*) FROM fac_sessions").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM login_failures").fetchone()[0] == 0
        assert conn.execute("SELECT key FROM settings").fetchall() == [("public_url",)]
    finally:
        conn.close()
    raw = backup.read_bytes()
    token, pin_hash = finished[0].secrets
    assert token.encode() not in raw and pin_hash.encode() not in raw  # not in freed pages


def test_the_demo_fills_every_table(finished):
    _, _, rows = finished
    assert set(TABLES) <= set(rows)
    assert [t for t in TABLES if not rows[t]] == []


def all_tables():
    """Every table of a new store (later migrations add tables: they round-trip too)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "t.db", hasher=PinHasher(fast=True))
        try:
            return sorted(store.table_counts())
        finally:
            store.close()


@pytest.fixture(scope="module")
def restored(finished):
    store, backup, _ = finished
    store.restore_from(store.machine_auth(), backup)
    return store


@pytest.mark.parametrize("table", all_tables())
def test_restore_round_trips_every_table(finished, restored, table):
    _, _, rows = finished
    if table in PRIVATE_TABLES:  # private: never restored
        assert restored.table_rows(table) == []
    elif table == "settings":  # the PIN in use stays the one before the restore
        assert restored.table_rows(table) == [r for r in rows[table] if r["key"] != "pin_hash"] + [
            r for r in rows[table] if r["key"] == "pin_hash"
        ]
    else:
        assert restored.table_rows(table) == rows[table]


def test_restore_into_a_fresh_store(finished, tmp_path):
    _, backup, rows = finished
    fresh = Store(tmp_path / "fresh.db", hasher=PinHasher(fast=True))
    try:
        fresh.restore_from(fresh.machine_auth(), backup)
        assert data_dump(fresh) == {
            t: [r for r in v if t != "settings" or r["key"] != "pin_hash"]
            for t, v in rows.items()
            if t not in PRIVATE_TABLES
        }
        # the backup's PIN did not come along: the fresh store still asks for one
        assert not fresh.has_pin()
        fresh.set_pin("1357")
        auth = fresh.login("1357")
        wid = fresh.workshops()[0].id
        fresh.update_workshop(auth, wid, venue="Aula baru")
        assert fresh.workshop(wid).venue == "Aula baru"
    finally:
        fresh.close()


def test_backup_overwrites_an_older_backup(store, auth, ws, tmp_path):
    out = tmp_path / "b.db"
    store.backup_to(store.machine_auth(), out)
    store.update_workshop(auth, ws.id, venue="Aula baru")
    store.backup_to(store.machine_auth(), out)
    other = Store(out, hasher=PinHasher(fast=True))
    try:
        assert other.workshop(ws.id).venue == "Aula baru"
    finally:
        other.close()


def _junk(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"bukan basis data " * 200)
    return p


def _empty(tmp_path):
    p = tmp_path / "empty.db"
    p.write_bytes(b"")
    return p


def _foreign(tmp_path):
    p = tmp_path / "foreign.db"
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE workshops (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    return p


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda tmp: tmp / "missing.db", "Berkas cadangan tidak ditemukan."),
        (lambda tmp: tmp, "Berkas cadangan tidak ditemukan."),
        (_junk, "Berkas ini bukan cadangan Bimtek Live yang sah. Data tidak diubah."),
        (_empty, "Berkas ini bukan cadangan Bimtek Live yang sah. Data tidak diubah."),
        (_foreign, "Berkas ini bukan cadangan Bimtek Live yang sah. Data tidak diubah."),
    ],
)
def test_restore_refuses_what_is_not_a_backup(store, ws, tmp_path, refused, make, message):
    with refused() as err:
        store.restore_from(store.machine_auth(), make(tmp_path))
    assert str(err.value) == message


@pytest.mark.parametrize(
    "name", ["cadangan #1.db", "cadangan?.db", "cadangan%20x.db", "cadangan 100%.db"]
)
def test_restore_accepts_any_file_name(store, auth, ws, tmp_path, name):
    store.backup_to(store.machine_auth(), tmp_path / name)
    store.update_workshop(auth, ws.id, venue="Aula lain")
    store.restore_from(store.machine_auth(), tmp_path / name)
    assert store.workshop(ws.id).venue == "Aula Pemerintah Kota Metro"
