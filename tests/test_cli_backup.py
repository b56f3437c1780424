"""`python -m workshop backup|restore`, also against a database the app has open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import backups
from workshop.cli import main
from workshop.demo import build_demo
from workshop.security import PinHasher
from workshop.store import Store

ROOT = Path(__file__).resolve().parent.parent


def dump(store: Store) -> dict[str, list[dict]]:
    return {table: store.table_rows(table) for table in store.table_counts()}


def data_dump(store: Store) -> dict[str, list[dict]]:
    from tests.backup_support import data_dump as rows

    return rows(store)


@pytest.fixture
def app_db(tmp_path):
    """A database held open by a Store, as the running app would."""
    store = Store(tmp_path / "data" / "bimtek.db", hasher=PinHasher(fast=True))
    build_demo(store, participants=6, seed=2)
    yield store
    store.close()


def test_backup_then_restore_brings_everything_back(app_db, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("BIMTEK_BACKUP_DIR", raising=False)
    out = tmp_path / "cadangan.db"
    expected = dump(app_db)
    assert main(["backup", "--db", app_db.path, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Cadangan tersimpan" in printed and "6 peserta" in printed
    # the facilitator keeps working, then wants the snapshot back
    auth = app_db.system_auth()
    w = app_db.workshops()[0]
    app_db.update_workshop(auth, w.id, venue="Diubah setelah cadangan")
    app_db.join(w.join_code, name="Peserta baru", group="swasta", institution="Bank")
    assert main(["restore", "--db", app_db.path, "--from", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Dipulihkan" in printed
    assert "Diganti   : 1 kegiatan, 7 peserta" in printed  # what was replaced
    assert "Sekarang  : 1 kegiatan, 6 peserta" in printed
    assert "participants 7→6" in printed
    safety = backups.list_snapshots(Path(app_db.path).parent / "backups")
    assert len(safety) == 1 and str(safety[0]) in printed
    after = dump(app_db)  # the app's open connection sees the restore
    for table in expected:
        assert after[table] == expected[table], table
    assert app_db.workshop(w.id).venue == w.venue


def test_backup_into_a_folder_names_the_snapshot(app_db, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["backup", "--db", app_db.path, "--out", str(folder)]) == 0
    (snap,) = backups.list_snapshots(folder)
    assert snap.name.startswith("bimtek-") and str(snap) in capsys.readouterr().out


def test_restore_into_a_missing_database_creates_it(app_db, tmp_path, capsys):
    out = tmp_path / "cadangan.db"
    main(["backup", "--db", app_db.path, "--out", str(out)])
    target = tmp_path / "baru" / "bimtek.db"
    assert main(["restore", "--db", str(target), "--from", str(out)]) == 0
    assert "Diganti   : 0 kegiatan" in capsys.readouterr().out
    restored = Store(target)
    assert dump(restored) == dump(app_db)
    restored.close()


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["backup", "--db", "{tmp}/tidak-ada.db", "--out", "{tmp}/x.db"],
            "Basis data tidak ditemukan",
        ),
        (
            ["restore", "--db", "{db}", "--from", "{tmp}/tidak-ada.db"],
            "Berkas cadangan tidak ditemukan",
        ),
        (["restore", "--db", "{db}", "--from", "{tmp}/sampah.db"], "bukan cadangan Bimtek Live"),
        (["backup", "--db", "{db}", "--out", "{tmp}/blok/x.db"], "Cadangan gagal"),
    ],
)
def test_errors_are_indonesian_messages_not_tracebacks(app_db, tmp_path, capsys, argv, message):
    (tmp_path / "sampah.db").write_bytes(b"\xff\xfe bukan sqlite " * 200)
    (tmp_path / "blok").write_text("a file where a folder is expected")
    before = dump(app_db)
    argv = [a.format(tmp=tmp_path, db=app_db.path) for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("Galat: ") and message in err
    assert dump(app_db) == before
    assert not (tmp_path / "tidak-ada.db").exists()


def test_command_line_process_while_the_app_holds_the_database(app_db, tmp_path):
    """The real `python -m workshop` in another process, the app's connection open."""
    out = tmp_path / "dari-proses-lain.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "workshop", "backup", "--db", app_db.path, "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Cadangan tersimpan" in done.stdout
    copy = Store(tmp_path / "copy.db")
    copy.restore_from(copy.machine_auth(), out)
    assert dump(copy) == dump(app_db)
    done = subprocess.run(
        [sys.executable, "-m", "workshop", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "backup" in done.stdout and "restore" in done.stdout
