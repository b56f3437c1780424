"""Restore never trusts the uploaded file (issue 13, items 5 and 6).

Each test crafts a backup the way an attacker (or a broken disk) would, uploads it
through the real restore path, and checks that nothing of the craft exists afterwards,
that the PIN in use and the sessions behave, that the message tells the truth, and that
the data is either the backup's (restored) or exactly the data from before (refused,
rolled back)."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from tests.apptest_support import facilitator_app
from tests.backup_support import data_dump, private_rows
from workshop import backups
from workshop.cli import main
from workshop.demo import build_demo
from workshop.domain import AccessDenied, WorkshopError
from workshop.security import PinHasher
from workshop.store import Store
from workshop.store import backup as store_backup
from workshop.store.backup import RestoreBroken, RestoreRefused, RestoreRolledBack

PIN = "2468"
AFTER_SWAP = store_backup.BackupStore._after_swap
HASHER = PinHasher(fast=True)


def full_dump(store: Store) -> dict[str, list[dict]]:
    return {t: store.table_rows(t) for t in store.table_counts()}


@pytest.fixture
def victim(tmp_path, monkeypatch):
    """The facilitator's laptop: a finished demo Bimtek, a PIN, a logged-in facilitator."""
    monkeypatch.setenv("BIMTEK_BACKUP_DIR", str(tmp_path / "cadangan"))
    store = Store(tmp_path / "data" / "bimtek.db", hasher=HASHER)
    build_demo(store, participants=20, seed=5)
    store.set_pin(PIN)
    store.auth = store.login(PIN)  # type: ignore[attr-defined]
    yield store
    store.close()


@pytest.fixture
def good_backup(victim, tmp_path) -> Path:
    """A real backup of the victim's data (what the attacker starts from)."""
    path = tmp_path / "asli.db"
    path.write_bytes(backups.snapshot_bytes(victim, auth=victim.machine_auth()))
    return path


def craft(good: Path, tmp_path: Path, name: str, *sql: str) -> Path:
    """A copy of `good` changed by `sql` (run as the attacker would, with sqlite3)."""
    path = tmp_path / f"{name}.db"
    shutil.copyfile(good, path)
    conn = sqlite3.connect(path)
    try:
        for stmt in sql:
            conn.executescript(stmt)
        conn.commit()
    finally:
        conn.close()
    return path


def votes(store: Store) -> int:
    return store.table_counts()["votes"]


def master(store: Store) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in store.conn.execute(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1, 2"
        )
    ]


def fresh_master(tmp_path: Path) -> list[tuple[str, str]]:
    other = Store(tmp_path / f"ref-{time.perf_counter_ns()}.db", hasher=HASHER)
    try:
        return master(other)
    finally:
        other.close()


# ---------------------------------------------------------------- item 5: crafted uploads


def test_backups_carry_no_session_login_failure_or_pin(victim, tmp_path):
    with pytest.raises(AccessDenied):
        victim.login("0000")  # a failure on record
    secret_hash = private_rows(victim)["settings"][0]["value"]
    for data in (
        backups.snapshot_bytes(victim, auth=victim.machine_auth()),
        backups.snapshot(victim, tmp_path / "auto", auth=victim.machine_auth()).read_bytes(),
    ):
        assert victim.auth.encode() not in data and secret_hash.encode() not in data
        path = tmp_path / "look.db"
        path.write_bytes(data)
        conn = sqlite3.connect(path)
        try:
            for table in store_backup.PRIVATE_TABLES:
                assert conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0] == 0
            pins = conn.execute("SELECT count(*) FROM settings WHERE key='pin_hash'")
            assert pins.fetchone() == (0,)
        finally:
            conn.close()


def test_the_whole_crafted_upload_is_defused(victim, good_backup, tmp_path):
    """Planted session, new PIN, a trigger that posts session tokens as ideas, a view, an
    extra table and an extra column: after the restore none of it exists, the PIN is the
    one in use before, and every session has ended."""
    planted_hash = HASHER.hash("0000")
    evil = craft(
        good_backup,
        tmp_path,
        "jahat",
        "INSERT INTO fac_sessions VALUES ('token-penyerang', 0, 9999999999);",
        f"INSERT OR REPLACE INTO settings(key, value) VALUES ('pin_hash', '{planted_hash}');",
        """CREATE TRIGGER bocor AFTER INSERT ON fac_sessions BEGIN
             INSERT INTO ideas(workshop_id, stage_id, pillar_id, kind, title, created_at,
                               updated_at)
             SELECT workshop_id, stage_id, pillar_id, 'usulan', 'TOKEN ' || NEW.token, 0, 0
             FROM ideas LIMIT 1;
           END;""",
        "CREATE VIEW intip AS SELECT * FROM fac_sessions;",
        "CREATE TABLE pintu_belakang (x TEXT); INSERT INTO pintu_belakang VALUES ('rahasia');",
        "ALTER TABLE ideas ADD COLUMN muatan TEXT; UPDATE ideas SET muatan = 'x';",
    )
    expected = data_dump(Store(good_backup, hasher=HASHER))  # what the backup really holds
    result = backups.restore(victim, evil, tmp_path / "cadangan", auth=victim.auth)
    assert result["safety"] is not None
    assert data_dump(victim) == expected  # the data itself came back whole
    # nothing of the craft exists
    assert master(victim) == fresh_master(tmp_path)  # no trigger, view, extra table
    assert "muatan" not in victim.table_rows("ideas")[0]
    assert private_rows(victim)["fac_sessions"] == []
    assert not victim.is_facilitator("token-penyerang")
    # every session ended, also the one that restored; the PIN in use stays
    assert not victim.is_facilitator(victim.auth)
    with pytest.raises(AccessDenied, match="PIN salah"):
        victim.login("0000")
    token = victim.login(PIN)
    assert victim.is_facilitator(token)
    # the trigger never fired: no token on the wall
    assert not [i for i in victim.table_rows("ideas") if token in i["title"]]
    assert not [i for i in victim.table_rows("ideas") if i["title"].startswith("TOKEN ")]


def test_a_planted_session_alone_never_logs_anyone_in(victim, good_backup, tmp_path):
    evil = craft(
        good_backup, tmp_path, "sesi", "INSERT INTO fac_sessions VALUES ('x' || 'y', 0, 9e12);"
    )
    victim.restore_from(victim.machine_auth(), evil)
    assert not victim.is_facilitator("xy")
    assert victim.table_rows("fac_sessions") == []


@pytest.mark.parametrize(
    "sql, words",
    [
        # a 30 MB blob in a text column
        ("UPDATE ideas SET description = zeroblob(30000000) WHERE rowid = 1;", "ideas.description"),
        # 200,000 characters of text
        (
            "UPDATE ideas SET title = printf('%.*c', 200000, 'x') WHERE rowid = 1;",
            "ideas.title",
        ),
        ("UPDATE ideas SET stage_id = 'bukan angka' WHERE rowid = 1;", "ideas.stage_id"),
        ("UPDATE stages SET phase = 'hancur' WHERE rowid = 1;", "kode tidak dikenal"),
        ("UPDATE votes SET idea_id = 999999 WHERE rowid = 1;", "merujuk data yang tidak ada"),
        ("DROP TABLE votes; CREATE VIEW votes AS SELECT 1 AS x;", "tabel votes tidak ada"),
        (
            "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
            "VALUES ('bimtek', 'm999_future', '2030');",
            "versi Bimtek Live yang lebih baru",
        ),
    ],
    ids=["huge-blob", "huge-text", "wrong-type", "unknown-code", "dangling", "view", "newer"],
)
def test_bad_values_are_refused_and_change_nothing(victim, good_backup, tmp_path, sql, words):
    evil = craft(good_backup, tmp_path, "nilai", sql)
    before = full_dump(victim)
    with pytest.raises(RestoreRefused) as err:
        backups.restore(victim, evil, tmp_path / "cadangan", auth=victim.auth)
    message = str(err.value)
    assert message.startswith("Pemulihan ditolak: ") and message.endswith("Data tidak diubah.")
    assert words in message
    assert full_dump(victim) == before  # sessions included: nothing happened
    assert victim.is_facilitator(victim.auth)
    assert backups.list_snapshots(tmp_path / "cadangan") == []  # refused before any copy


def test_a_normal_backup_round_trips_losing_nothing(victim, tmp_path):
    """Every data row of every table comes back (the 110-participant figure is in
    bench/restore.py)."""
    expected = data_dump(victim)
    data = backups.snapshot_bytes(victim, auth=victim.machine_auth())
    auth = victim.machine_auth()
    w = victim.workshops()[0]
    victim.update_workshop(auth, w.id, venue="Sesudah cadangan")
    victim.join(w.join_code, name="Datang terlambat", group="swasta", institution="PT X")
    backups.restore_bytes(victim, data, tmp_path / "cadangan", auth=auth)
    assert data_dump(victim) == expected
    assert sum(len(rows) for rows in expected.values()) > 500
    assert victim.login(PIN)


# ---------------------------------------------------------------- item 6: failures tell the truth


def _emptied_migrations(good: Path, tmp_path: Path) -> Path:
    return craft(good, tmp_path, "migrasi-kosong", "DELETE FROM _sqlite_migrations;")


def _wrong_schema(good: Path, tmp_path: Path) -> Path:
    """Every table name and migration record of a real backup, other columns."""
    src = sqlite3.connect(good)
    path = tmp_path / "skema-lain.db"
    dst = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in src.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for t in tables:
            if t == "_sqlite_migrations":
                dst.execute("CREATE TABLE _sqlite_migrations (migration_set, name, applied_at)")
                dst.executemany(
                    "INSERT INTO _sqlite_migrations VALUES (?,?,?)",
                    src.execute("SELECT migration_set, name, applied_at FROM _sqlite_migrations"),
                )
            else:
                dst.execute(f"CREATE TABLE [{t}] (foo TEXT, bar INTEGER)")
                dst.execute(f"INSERT INTO [{t}] VALUES ('lain', 1)")
        dst.commit()
    finally:
        src.close()
        dst.close()
    return path


def _truncated(good: Path, tmp_path: Path) -> Path:
    path = tmp_path / "terpotong.db"
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _not_sqlite(good: Path, tmp_path: Path) -> Path:
    path = tmp_path / "bukan.db"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 400)
    return path


BAD_FILES = {
    "emptied-migrations": (_emptied_migrations, "skema berkas tidak bisa dimigrasikan"),
    "wrong-schema": (_wrong_schema, "Pemulihan ditolak: "),
    "truncated": (_truncated, "bukan cadangan Bimtek Live yang sah. Data tidak diubah."),
    "not-sqlite": (_not_sqlite, "bukan cadangan Bimtek Live yang sah. Data tidak diubah."),
}


def app_still_opens(store: Store, monkeypatch) -> None:
    """A new Store on the same file opens (start-up), and a page renders."""
    again = Store(store.path, hasher=HASHER)
    try:
        assert again.workshops() and again.table_counts()["votes"] == votes(store)
    finally:
        again.close()
    at = facilitator_app(monkeypatch, store, "kendali")
    assert not at.exception, at.exception


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_files_are_refused_truthfully_and_the_app_still_opens(
    victim, good_backup, tmp_path, monkeypatch, kind
):
    make, words = BAD_FILES[kind]
    bad = make(good_backup, tmp_path)
    before, n_votes = full_dump(victim), votes(victim)
    assert n_votes > 50
    with pytest.raises(WorkshopError) as err:
        backups.restore(victim, bad, tmp_path / "cadangan", auth=victim.auth)
    assert words in str(err.value) and str(err.value).endswith("Data tidak diubah.")
    assert votes(victim) == n_votes and full_dump(victim) == before
    app_still_opens(victim, monkeypatch)


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_the_command_line_refuses_them_too(victim, good_backup, tmp_path, capsys, kind):
    make, words = BAD_FILES[kind]
    bad = make(good_backup, tmp_path)
    n_votes = votes(victim)
    assert main(["restore", "--db", victim.path, "--from", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Galat: ") and words in err and "Data tidak diubah." in err
    assert votes(victim) == n_votes
    # ... and a good restore from the command line still works afterwards
    assert main(["restore", "--db", victim.path, "--from", str(good_backup)]) == 0
    assert votes(victim) == n_votes


def test_a_failure_after_the_swap_puts_the_data_back(victim, good_backup, tmp_path, monkeypatch):
    other = craft(good_backup, tmp_path, "lain", "DELETE FROM votes;")  # a valid, other backup
    before, n_votes = full_dump(victim), votes(victim)

    def broken(self, expected):
        assert self.table_counts()["votes"] == 0  # the swap really happened
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_backup.BackupStore, "_after_swap", broken)
    with pytest.raises(RestoreRolledBack) as err:
        backups.restore(victim, other, tmp_path / "cadangan", auth=victim.auth)
    (safety,) = backups.list_snapshots(tmp_path / "cadangan")
    assert str(err.value) == (
        "Pemulihan gagal setelah data diganti (OperationalError: disk I/O error); data "
        f"dikembalikan seperti sebelum pemulihan (salinannya: {safety.name})."
    )
    assert votes(victim) == n_votes and full_dump(victim) == before
    assert victim.is_facilitator(victim.auth)  # exactly as before, the session too
    monkeypatch.setattr(store_backup.BackupStore, "_after_swap", AFTER_SWAP)
    app_still_opens(victim, monkeypatch)
    # the named copy holds the same data
    assert data_dump(Store(safety, hasher=HASHER)) == data_dump(victim)


def test_when_even_the_way_back_fails_the_message_says_so(
    victim, good_backup, tmp_path, monkeypatch
):
    calls = []
    real = store_backup.BackupStore._swap_in

    def swap(self, path):
        calls.append(path)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk full")
        real(self, path)

    monkeypatch.setattr(store_backup.BackupStore, "_swap_in", swap)
    monkeypatch.setattr(
        store_backup.BackupStore,
        "_after_swap",
        lambda self, expected: (_ for _ in ()).throw(sqlite3.DatabaseError("x")),
    )
    with pytest.raises(RestoreBroken) as err:
        backups.restore(victim, good_backup, tmp_path / "cadangan", auth=victim.auth)
    (safety,) = backups.list_snapshots(tmp_path / "cadangan")
    assert safety.name in str(err.value) and "tidak dapat dikembalikan otomatis" in str(err.value)


def test_the_page_tells_the_truth(victim, good_backup, tmp_path, monkeypatch):
    n_votes = votes(victim)
    at = facilitator_app(monkeypatch, victim, "cadangan")
    bad = _emptied_migrations(good_backup, tmp_path).read_bytes()
    at.file_uploader(key="restore_upload").set_value(("x.db", bad, "application/x-sqlite3"))
    at.checkbox(key="restore_confirm").check()
    at.button(key="restore_submit").click()
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith("Pemulihan ditolak") and "Data tidak diubah" in e for e in errors)
    assert not at.success and votes(victim) == n_votes
    # a failure after the swap: the page says it was rolled back, and to which copy
    monkeypatch.setattr(
        store_backup.BackupStore,
        "_after_swap",
        lambda self, expected: (_ for _ in ()).throw(sqlite3.OperationalError("disk I/O error")),
    )
    at.file_uploader(key="restore_upload").set_value(
        ("x.db", good_backup.read_bytes(), "application/x-sqlite3")
    )
    at.button(key="restore_submit").click()
    at.run()
    assert not at.exception and not at.success
    safety = [p for p in backups.list_snapshots(tmp_path / "cadangan") if backups.is_safety(p)]
    assert len(safety) == 1
    assert any(
        "dikembalikan seperti sebelum pemulihan" in e.value and safety[0].name in e.value
        for e in at.error
    ), [e.value for e in at.error]
    assert votes(victim) == n_votes
    monkeypatch.setattr(store_backup.BackupStore, "_after_swap", AFTER_SWAP)
    app_still_opens(victim, monkeypatch)


def test_the_command_line_recovers_a_database_broken_before(good_backup, tmp_path, capsys):
    """A live file whose migration records were emptied (as the old restore left it)
    fails at start-up; the CLI says so, touches nothing, and `--replace-broken` moves it
    aside and restores into a new file."""
    live = tmp_path / "rusak" / "bimtek.db"
    live.parent.mkdir()
    shutil.copyfile(good_backup, live)
    conn = sqlite3.connect(live)
    conn.execute("DELETE FROM _sqlite_migrations")
    conn.commit()
    conn.close()
    with pytest.raises(sqlite3.OperationalError):
        Store(live, hasher=HASHER)  # what start-up does
    raw = live.read_bytes()
    argv = ["restore", "--db", str(live), "--from", str(good_backup)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "tidak bisa dibuka" in err and "--replace-broken" in err
    assert live.read_bytes() == raw
    assert main([*argv, "--replace-broken"]) == 0
    out = capsys.readouterr().out
    (aside,) = [
        p for p in live.parent.glob("bimtek.db.rusak-*") if p.name[-4:] not in ("-wal", "-shm")
    ]
    assert str(aside) in out and aside.read_bytes() == raw
    store = Store(live, hasher=HASHER)
    try:
        assert data_dump(store) == data_dump(Store(good_backup, hasher=HASHER))
    finally:
        store.close()
