"""Backups: named snapshots, pruning, automatic snapshots, and restores that bring the
data back identical, table by table -- also while phones keep voting."""

from __future__ import annotations

import random
import shutil
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from backup_support import data_dump

from workshop import backups
from workshop.demo import build_demo
from workshop.domain import WorkshopError
from workshop.security import PinHasher
from workshop.store import Store


def dump(store: Store) -> dict[str, list[dict]]:
    """Every row of every table (through the public table_rows)."""
    return {table: store.table_rows(table) for table in store.table_counts()}


def schema(path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


def open_copy(path: Path, tmp_path: Path) -> Store:
    """Open a snapshot through a copy (opening a file with Store may migrate it)."""
    copy = tmp_path / f"copy-{time.perf_counter_ns()}.db"
    shutil.copyfile(path, copy)
    return Store(copy, hasher=PinHasher(fast=True))


def new_store(tmp_path: Path, name: str) -> Store:
    return Store(tmp_path / name, hasher=PinHasher(fast=True))


@pytest.fixture
def rich(store):
    """A finished demo Bimtek plus a second workshop with a PIN and settings."""
    build_demo(store, participants=8, seed=3)
    auth = store.system_auth()
    store.set_pin("4321")
    w = store.create_workshop(auth, region="Kota Contoh", year=2026)
    store.set_setting(auth, "active_workshop", str(w.id))
    store.join(w.join_code, name="Ani", group="akademisi", institution="Univ")
    return store


def live_vote(store: Store, n_people: int = 12):
    """A workshop in the vote phase: people, a ballot of 4 ideas per 2 pillars."""
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    opds = store.opds(w.id)
    people = [
        store.join(w.join_code, name=f"Peserta {i}", group="opd", opd_id=opds[i % 5].id)
        for i in range(n_people)
    ]
    pillars = store.pillars(w.id)[:2]
    stage = store.current_stage(w.id)
    for p in pillars:
        for k in range(4):
            store.submit_idea(
                people[k].token, pillar_id=p.id, kind="usulan", title=f"Usulan {p.short} nomor {k}"
            )
    store.set_phase(auth, stage.id, "group")
    store.set_shortlisted(auth, stage.id, [i.id for i in store.ideas(w.id)])
    store.set_phase(auth, stage.id, "vote")
    ballot = {p.id: [i.id for i in store.shortlist(stage.id, p.id)] for p in pillars}
    return w, stage, people, ballot


class VoteWriter(threading.Thread):
    """Keeps replacing random ballots until stopped; counts the writes."""

    def __init__(self, store, people, ballot, seed=1):
        super().__init__(daemon=True)
        self.store, self.people, self.ballot = store, people, ballot
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.writes = 0
        self.errors: list[BaseException] = []

    def run(self):
        while not self.stop.is_set():
            p = self.rng.choice(self.people)
            pillar = self.rng.choice(list(self.ballot))
            alloc: dict[int, int] = {}
            for _ in range(3):
                i = self.rng.choice(self.ballot[pillar])
                if alloc.get(i, 0) < 2:
                    alloc[i] = alloc.get(i, 0) + 1
            try:
                self.store.cast_dots(p.token, pillar, alloc)
                self.writes += 1
            except WorkshopError:
                pass  # e.g. a restore just replaced the data: refused, not crashed
            except BaseException as err:  # pragma: no cover - reported by the test
                self.errors.append(err)
                return


# ---------------------------------------------------------------- names, listing, pruning


def test_snapshot_is_named_by_minute_and_numbered_within_a_minute(store, ws, tmp_path):
    folder = tmp_path / "backups"
    at = datetime(2026, 11, 23, 14, 5, 7)
    first = backups.snapshot(store, folder, now=at, auth=store.machine_auth())
    second = backups.snapshot(store, folder, now=at, auth=store.machine_auth())
    third = backups.snapshot(
        store, folder, now=datetime(2026, 11, 23, 14, 6), auth=store.machine_auth()
    )
    assert first.name == "bimtek-20261123-1405.db"
    assert second.name == "bimtek-20261123-1405-2.db"
    assert [p.name for p in backups.list_snapshots(folder)] == [third.name, second.name, first.name]
    assert not list(folder.glob("*.part"))


def test_list_ignores_other_files_and_missing_folder(store, ws, tmp_path):
    folder = tmp_path / "backups"
    assert backups.list_snapshots(folder) == []
    folder.mkdir()
    for name in ("catatan.txt", "bimtek-x.db", "bimtek-20261123-1405.db.part", "other.db"):
        (folder / name).write_bytes(b"x")
    (folder / "bimtek-20261123-1400.db").mkdir()  # a folder with a snapshot's name
    assert backups.list_snapshots(folder) == []
    snap = backups.snapshot(
        store, folder, now=datetime(2026, 11, 23, 14, 5), auth=store.machine_auth()
    )
    assert backups.list_snapshots(folder) == [snap]
    info = backups.snapshot_info(folder)
    assert [r["Berkas"] for r in info] == [snap.name] and info[0]["Ukuran (KB)"] >= 1


def test_prune_keeps_the_newest_and_nothing_else_is_touched(store, ws, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "catatan.txt").write_text("jangan dihapus")
    made = [
        backups.snapshot(
            store, folder, keep=3, now=datetime(2026, 11, 23, 9 + h, 0), auth=store.machine_auth()
        )
        for h in range(6)
    ]
    assert backups.list_snapshots(folder) == made[::-1][:3]
    assert (folder / "catatan.txt").exists()
    assert backups.prune(folder, keep=1) == made[::-1][1:3]
    assert backups.list_snapshots(folder) == [made[-1]]


def test_snapshot_failure_is_an_indonesian_message(store, ws, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(WorkshopError, match="Cadangan gagal"):
        backups.snapshot(store, blocker, auth=store.machine_auth())


def test_snapshot_bytes_is_a_complete_database(rich, tmp_path):
    data = backups.snapshot_bytes(rich, auth=rich.machine_auth())
    assert data.startswith(b"SQLite format 3\x00")
    path = tmp_path / "dl.db"
    path.write_bytes(data)
    copy = open_copy(path, tmp_path)
    assert data_dump(copy) == data_dump(rich)


def test_default_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("BIMTEK_BACKUP_DIR", raising=False)
    assert backups.default_folder("data/bimtek.db") == Path("data/backups")
    assert backups.default_folder(None) == Path("data/backups")
    monkeypatch.setenv("BIMTEK_BACKUP_DIR", str(tmp_path / "x"))
    assert backups.default_folder("data/bimtek.db") == tmp_path / "x"


# ---------------------------------------------------------------- automatic snapshots


def test_auto_snapshot_only_after_interval_and_only_on_change(store, auth, ws, tmp_path):
    folder = tmp_path / "auto"
    auto = backups.AutoSnapshot(folder, every_s=300, keep=5)
    t0 = datetime(2026, 11, 23, 14, 0).timestamp()
    first = auto.maybe_snapshot(store, now=t0, auth=store.machine_auth())
    assert first is not None and first.name == "bimtek-20261123-1400.db"
    store.update_workshop(auth, ws.id, venue="Aula Bappeda")
    assert auto.maybe_snapshot(store, now=t0 + 60, auth=store.machine_auth()) is None  # too soon
    second = auto.maybe_snapshot(store, now=t0 + 300, auth=store.machine_auth())
    assert second is not None and second.name == "bimtek-20261123-1405.db"
    assert (
        auto.maybe_snapshot(store, now=t0 + 900, auth=store.machine_auth()) is None
    )  # nothing changed
    store.join(ws.join_code, name="Budi", group="swasta", institution="Bank Lampung")
    third = auto.maybe_snapshot(store, now=t0 + 901, auth=store.machine_auth())
    assert third is not None
    assert backups.list_snapshots(folder) == [third, second, first]


def test_auto_snapshot_keeps_the_last_several(store, auth, ws, tmp_path):
    auto = backups.AutoSnapshot(tmp_path / "auto", every_s=300, keep=3)
    t0 = datetime(2026, 11, 23, 8, 0).timestamp()
    for n in range(6):
        store.update_workshop(auth, ws.id, venue=f"Aula {n}")
        assert auto.maybe_snapshot(store, now=t0 + n * 300, auth=store.machine_auth()) is not None
    names = [p.name for p in backups.list_snapshots(tmp_path / "auto")]
    assert names == [
        "bimtek-20261123-0825.db",
        "bimtek-20261123-0820.db",
        "bimtek-20261123-0815.db",
    ]
    newest = open_copy(backups.list_snapshots(tmp_path / "auto")[0], tmp_path)
    assert newest.workshop(ws.id).venue == "Aula 5"


def test_auto_snapshot_skips_an_empty_database(store, tmp_path):
    auto = backups.AutoSnapshot(tmp_path / "auto")
    assert auto.maybe_snapshot(store, now=time.time(), auth=store.machine_auth()) is None
    assert backups.list_snapshots(tmp_path / "auto") == []


def test_auto_snapshot_after_restart_starts_from_newest_file(store, auth, ws, tmp_path):
    folder = tmp_path / "auto"
    backups.AutoSnapshot(folder).maybe_snapshot(
        store, now=time.time() - 3600, auth=store.machine_auth()
    )
    restarted = backups.AutoSnapshot(folder)  # e.g. the app was restarted
    assert (
        restarted.maybe_snapshot(store, now=time.time() + 3600, auth=store.machine_auth()) is None
    )  # unchanged
    store.update_workshop(auth, ws.id, venue="Aula baru")
    assert (
        restarted.maybe_snapshot(store, now=time.time() + 3600, auth=store.machine_auth())
        is not None
    )


def test_auto_for_is_shared_per_folder(tmp_path):
    a = backups.auto_for(tmp_path / "x")
    assert backups.auto_for(tmp_path / "x") is a
    assert backups.auto_for(tmp_path / "y") is not a


def test_background_thread_is_single_and_snapshots_changes(store, auth, ws, tmp_path):
    folder = tmp_path / "bg"
    try:
        t1 = backups.start_background(store, folder, every_s=0.2, check_s=0.05)
        t2 = backups.start_background(store, folder, every_s=0.2, check_s=0.05)
        assert t1 is t2 and t1.daemon and t1.is_alive()
        assert sum(t.name == "bimtek-auto-snapshot" for t in threading.enumerate()) == 1
        deadline = time.time() + 10
        while not backups.list_snapshots(folder) and time.time() < deadline:
            time.sleep(0.05)
        assert len(backups.list_snapshots(folder)) == 1
    finally:
        backups.stop_background()
    assert not t1.is_alive()


# ---------------------------------------------------------------- restore


def test_restore_round_trip_is_identical_table_by_table(rich, tmp_path):
    before = data_dump(rich)
    snap = backups.snapshot(
        rich, tmp_path / "b", now=datetime(2026, 11, 23, 10, 0), auth=rich.machine_auth()
    )
    auth = rich.system_auth()
    w = rich.workshops()[0]
    p = rich.join(w.join_code, name="Setelah cadangan", group="swasta", institution="X")
    rich.submit_idea(
        p.token, pillar_id=rich.pillars(w.id)[0].id, kind="usulan", title="Usulan setelah cadangan"
    )
    rich.set_setting(auth, "public_url", "http://10.0.0.2:8501")
    rich.restore_from(rich.machine_auth(), snap)
    after = data_dump(rich)
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], table
    assert schema(rich.path) == schema(snap)
    # ... and into a brand-new database file
    other = new_store(tmp_path, "other.db")
    other.restore_from(other.machine_auth(), snap)
    assert data_dump(other) == before
    assert other.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert other.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restored_store_keeps_working(rich, tmp_path):
    snap = backups.snapshot(rich, tmp_path / "b", auth=rich.machine_auth())
    fresh = new_store(tmp_path, "fresh.db")
    fresh.restore_from(fresh.machine_auth(), snap)
    w = fresh.workshops()[0]
    p = fresh.join(w.join_code, name="Baru", group="masyarakat", institution="Komunitas")
    idea = fresh.submit_idea(
        p.token, pillar_id=fresh.pillars(w.id)[0].id, kind="masalah", title="Tetap bisa menulis"
    )
    assert fresh.idea(idea.id).title == "Tetap bisa menulis"
    assert not fresh.has_pin()  # the backup's PIN stays out: this machine's PIN counts


def test_snapshots_taken_while_votes_are_written_are_consistent(store, tmp_path):
    w, stage, people, ballot = live_vote(store)
    writer = VoteWriter(store, people, ballot)
    writer.start()
    snaps = []
    try:
        deadline = time.time() + 10
        while writer.writes < 5 and time.time() < deadline:
            time.sleep(0.01)
        for _ in range(4):
            snaps.append(
                backups.snapshot(store, tmp_path / "b", keep=None, auth=store.machine_auth())
            )
            time.sleep(0.02)
    finally:
        writer.stop.set()
        writer.join(10)
    assert not writer.errors, writer.errors
    assert writer.writes > 5
    for snap in snaps:
        copy = open_copy(snap, tmp_path)
        assert copy.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for p in people:  # never a half-written ballot: budget and cap hold per pillar
            for pillar in ballot:
                dots = copy.my_dots(p.token, pillar)
                assert sum(dots.values()) <= stage.budget and max(dots.values(), default=0) <= 2
        restored = new_store(tmp_path, f"r-{snap.name}")
        restored.restore_from(restored.machine_auth(), snap)
        assert data_dump(restored) == data_dump(copy)
    # the final state, with the writer stopped, comes back identical
    final = backups.snapshot(store, tmp_path / "b", keep=None, auth=store.machine_auth())
    expected = data_dump(store)
    store.cast_dots(people[0].token, next(iter(ballot)), {})
    store.restore_from(store.machine_auth(), final)
    assert data_dump(store) == expected


def test_restore_while_votes_are_written(store, tmp_path):
    w, stage, people, ballot = live_vote(store)
    snap = backups.snapshot(store, tmp_path / "b", auth=store.machine_auth())
    expected_people = {p["token"] for p in store.table_rows("participants")}
    writer = VoteWriter(store, people, ballot, seed=2)
    writer.start()
    try:
        deadline = time.time() + 10
        while writer.writes < 5 and time.time() < deadline:
            time.sleep(0.01)
        store.restore_from(store.machine_auth(), snap)
        done = writer.writes
        deadline = time.time() + 10
        while writer.writes < done + 5 and time.time() < deadline:
            time.sleep(0.01)
    finally:
        writer.stop.set()
        writer.join(10)
    assert not writer.errors, writer.errors
    assert writer.writes >= done + 5  # phones keep voting on the restored data
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert {p["token"] for p in store.table_rows("participants")} == expected_people
    for p in people:
        for pillar in ballot:
            assert sum(store.my_dots(p.token, pillar).values()) <= stage.budget


# ---------------------------------------------------------------- refused restores


def _bad_files(tmp_path: Path, good: Path) -> dict[str, Path]:
    files = {}
    files["missing"] = tmp_path / "tidak-ada.db"
    files["empty"] = tmp_path / "empty.db"
    files["empty"].write_bytes(b"")
    files["text"] = tmp_path / "text.db"
    files["text"].write_text("ini bukan basis data\n" * 100)
    files["invalid_utf8"] = tmp_path / "bytes.db"
    files["invalid_utf8"].write_bytes(b"\xff\xfe\xc3\x28" * 4096)
    files["truncated"] = tmp_path / "truncated.db"
    files["truncated"].write_bytes(good.read_bytes()[: 4096 * 3])
    files["other_sqlite"] = tmp_path / "other.db"
    conn = sqlite3.connect(files["other_sqlite"])
    conn.execute("CREATE TABLE workshops (id INTEGER)")
    conn.commit()
    conn.close()
    files["header_only"] = tmp_path / "header.db"
    files["header_only"].write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    return files


def test_bad_backup_files_are_refused_and_change_nothing(rich, tmp_path):
    good = backups.snapshot(rich, tmp_path / "b", auth=rich.machine_auth())
    before = dump(rich)
    for kind, path in _bad_files(tmp_path, good).items():
        with pytest.raises(WorkshopError) as info:
            rich.restore_from(rich.machine_auth(), path)
        assert "cadangan" in str(info.value).lower(), (kind, str(info.value))
        assert dump(rich) == before, kind
        with pytest.raises(WorkshopError):
            backups.restore_bytes(
                rich,
                path.read_bytes() if path.exists() else b"",
                tmp_path / "safety",
                auth=rich.machine_auth(),
            )
        assert dump(rich) == before, kind


@pytest.mark.parametrize("name", ["cadangan #2.db", "cadangan?.db", "cadangan 100%41.db"])
def test_restore_helper_accepts_any_file_name(rich, tmp_path, name):
    path = tmp_path / name
    rich.backup_to(rich.machine_auth(), path)
    fresh = new_store(tmp_path, "fresh.db")
    backups.restore(fresh, path, auth=fresh.machine_auth())
    assert data_dump(fresh) == data_dump(rich)


@pytest.mark.parametrize("name", ["cadangan #2.db", "cadangan?.db", "cadangan 100%41.db"])
def test_store_restore_accepts_any_file_name(rich, tmp_path, name):
    path = tmp_path / name
    rich.backup_to(rich.machine_auth(), path)
    fresh = new_store(tmp_path, "fresh.db")
    fresh.restore_from(fresh.machine_auth(), path)
    assert data_dump(fresh) == data_dump(rich)


def _small_page_snapshot(tmp_path: Path) -> Path:
    path = tmp_path / "small-pages.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size = 1024")
    conn.execute("VACUUM")
    conn.close()
    old = Store(path, hasher=PinHasher(fast=True))
    old.create_workshop(old.system_auth(), region="Kota Lama", year=2019)
    snap = tmp_path / "small-pages-snapshot.db"
    old.backup_to(old.machine_auth(), snap)
    old.close()
    return snap


def test_restore_helper_never_crashes_on_other_page_size(store, auth, ws, tmp_path):
    snap = _small_page_snapshot(tmp_path)
    before = dump(store)
    try:
        backups.restore(store, snap, auth=store.machine_auth())
    except WorkshopError as err:  # refused with a message, data untouched
        assert "Pemulihan gagal" in str(err)
        assert dump(store) == before
    else:
        assert [w.region for w in store.workshops()] == ["Kota Lama"]


def test_store_restores_snapshot_with_other_page_size(store, auth, ws, tmp_path):
    snap = _small_page_snapshot(tmp_path)
    store.restore_from(store.machine_auth(), snap)
    assert [w.region for w in store.workshops()] == ["Kota Lama"]


def test_restore_helper_saves_the_replaced_data_first(rich, tmp_path):
    folder = tmp_path / "b"
    # a full folder whose OLDEST snapshot is the one restored: it must not be pruned first
    oldest = backups.snapshot(
        rich, folder, keep=3, now=datetime(2026, 11, 23, 8, 0), auth=rich.machine_auth()
    )
    expected = data_dump(rich)
    auth = rich.machine_auth()
    rich.update_workshop(auth, rich.workshops()[0].id, venue="Sesudah")
    for h in (9, 10):
        backups.snapshot(
            rich, folder, keep=3, now=datetime(2026, 11, 23, h, 0), auth=rich.machine_auth()
        )
    current = data_dump(rich)
    result = backups.restore(rich, oldest, folder, keep=3, auth=rich.machine_auth())
    assert data_dump(rich) == expected
    assert result["before"]["workshops"] == result["after"]["workshops"] == 2
    safety = result["safety"]
    assert safety is not None and safety in backups.list_snapshots(folder)
    assert safety.name.endswith("-sebelum-pulih.db") and backups.is_safety(safety)
    assert len(backups.list_snapshots(folder)) == 4  # 3 automatic + the pre-restore copy
    assert data_dump(open_copy(safety, tmp_path)) == current
    # automatic snapshots keep pruning to 3, never the pre-restore copy
    for h in (11, 12, 13, 14):
        rich.update_workshop(auth, rich.workshops()[0].id, venue=f"Aula {h}")
        backups.snapshot(
            rich, folder, keep=3, now=datetime(2026, 11, 23, h, 0), auth=rich.machine_auth()
        )
    assert safety.exists() and len(backups.list_snapshots(folder)) == 4


def test_restore_bytes_round_trip(rich, tmp_path):
    data = backups.snapshot_bytes(rich, auth=rich.machine_auth())
    expected = data_dump(rich)
    fresh = new_store(tmp_path, "fresh.db")
    result = backups.restore_bytes(fresh, data, tmp_path / "safety", auth=fresh.machine_auth())
    assert result["safety"] is None  # nothing to save: the store was empty
    assert data_dump(fresh) == expected
    with pytest.raises(WorkshopError, match="kosong"):
        backups.restore_bytes(fresh, b"", auth=fresh.machine_auth())


def test_auto_snapshot_in_a_folder_with_odd_characters(store, auth, ws, tmp_path):
    folder = tmp_path / "cadangan #1 ?50%"
    backups.AutoSnapshot(folder).maybe_snapshot(
        store, now=time.time() - 3600, auth=store.machine_auth()
    )
    (snap,) = backups.list_snapshots(folder)
    assert backups.file_fingerprint(snap) == backups.fingerprint(store)
    assert (
        backups.AutoSnapshot(folder).maybe_snapshot(
            store, now=time.time() + 3600, auth=store.machine_auth()
        )
        is None
    )
