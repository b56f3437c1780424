"""Snapshots of the database: named, pruned, automatic (no Streamlit here).

A snapshot is a plain SQLite file written through SQLite's backup API
(`Store.backup_to`), so it is consistent even while phones keep voting. Taking or
restoring one is a facilitator's act: every function here that does passes `auth` on to
the store (a page passes its facilitator's session; code on the machine itself, the CLI
and the snapshot thread, passes `store.machine_auth()`). Files are
named by local time, `bimtek-20261123-1405.db` (a second one in the same minute gets
`-2`, `-3`...), and only the newest `keep` are kept in the folder. The copy a restore
saves of the data it replaces is `bimtek-20261123-1405-sebelum-pulih.db`: listed with
the others, never pruned (it is the way back from a restore).

A snapshot holds no facilitator session, login failure or PIN hash (see
`workshop/store/backup.py`: `PRIVATE_TABLES`, `PRIVATE_SETTINGS`), and a restore takes
only the known tables and columns of a file, through a fresh migrated database.

`AutoSnapshot.maybe_snapshot(store)` is cheap enough to call on every facilitator
rerun: it writes at most one snapshot every `every_s` seconds, and only when the data
changed since the last one (the workshops' version numbers, bumped by every write).
`start_background` runs the same check on a daemon thread, one per process, with the
store's machine session.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Hashable
from datetime import datetime
from pathlib import Path
from typing import Any

from .domain import WorkshopError
from .store import Store

log = logging.getLogger(__name__)

PREFIX = "bimtek"
DEFAULT_KEEP = 10
DEFAULT_EVERY_S = 300
SAFETY_SUFFIX = "-sebelum-pulih"
_NAME = re.compile(rf"^{PREFIX}-(\d{{8}})-(\d{{4}})(?:-(\d+))?({SAFETY_SUFFIX})?\.db$")


def default_folder(db_path: str | os.PathLike | None = None) -> Path:
    """`$BIMTEK_BACKUP_DIR`, else `backups/` next to the database (`data/backups`)."""
    env = os.environ.get("BIMTEK_BACKUP_DIR")
    if env:
        return Path(env)
    if db_path and str(db_path) != ":memory:":
        return Path(db_path).parent / "backups"
    return Path("data") / "backups"


def _sort_key(path: Path) -> tuple[str, str, int, bool]:
    m = _NAME.match(path.name)
    assert m is not None
    # within one minute a restore's copy counts as newer: it is taken at the restore
    return m.group(1), m.group(2), int(m.group(3) or 1), bool(m.group(4))


def is_safety(path: str | os.PathLike) -> bool:
    """Is this the copy a restore saved of the data it replaced (never pruned)?"""
    m = _NAME.match(Path(path).name)
    return bool(m and m.group(4))


def list_snapshots(folder: str | os.PathLike) -> list[Path]:
    """The snapshot files in `folder` (automatic and pre-restore), newest first (other
    files are ignored)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if _NAME.match(p.name) and p.is_file()]
    return sorted(found, key=_sort_key, reverse=True)


def snapshot_info(folder: str | os.PathLike) -> list[dict[str, Any]]:
    """Name, local time, size (KB) and path of each snapshot, newest first."""
    out = []
    for path in list_snapshots(folder):
        try:
            st = path.stat()
        except FileNotFoundError:  # pruned meanwhile
            continue
        out.append(
            {
                "Berkas": path.name,
                "Waktu": datetime.fromtimestamp(st.st_mtime).strftime("%d-%m-%Y %H:%M:%S"),
                "Ukuran (KB)": max(1, round(st.st_size / 1024)),
                "path": path,
            }
        )
    return out


def snapshot_name(
    now: float | datetime | None = None,
    taken: set[str] | frozenset = frozenset(),
    *,
    safety: bool = False,
) -> str:
    """`bimtek-YYYYMMDD-HHMM.db` for `now` (local time), with `-N` if already taken
    (`-sebelum-pulih` before `.db` for the copy a restore saves)."""
    if now is None:
        now = time.time()
    when = now if isinstance(now, datetime) else datetime.fromtimestamp(now)
    base = f"{PREFIX}-{when:%Y%m%d-%H%M}"
    tail = f"{SAFETY_SUFFIX}.db" if safety else ".db"
    name, n = f"{base}{tail}", 1
    while name in taken:
        n += 1
        name = f"{base}-{n}{tail}"
    return name


def prune(folder: str | os.PathLike, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest `keep` automatic snapshots; return the deleted paths.
    The copies restores saved (`-sebelum-pulih`) are never deleted."""
    keep = max(1, int(keep))
    gone = [p for p in list_snapshots(folder) if not is_safety(p)][keep:]
    for path in gone:
        try:
            path.unlink()
        except FileNotFoundError:  # another process pruned it first
            pass
    return gone


def snapshot(
    store: Store,
    folder: str | os.PathLike,
    keep: int | None = DEFAULT_KEEP,
    now: float | datetime | None = None,
    *,
    auth: str | None = None,
) -> Path:
    """Write a consistent snapshot of `store` into `folder`; keep the newest `keep`
    (None: prune nothing)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        taken = {p.name for p in folder.iterdir()}
        path = folder / snapshot_name(now, taken)
        store.backup_to(auth, path)
    except (OSError, sqlite3.Error) as err:
        raise WorkshopError(f"Cadangan gagal dibuat di {folder}: {err}") from err
    if keep is not None:
        prune(folder, keep)
    return path


def snapshot_bytes(store: Store, *, auth: str | None = None) -> bytes:
    """The bytes of a fresh, consistent backup file (for a download button)."""
    with tempfile.TemporaryDirectory(prefix="bimtek-backup-") as tmp:
        path = Path(tmp) / "backup.db"
        try:
            store.backup_to(auth, path)
            return path.read_bytes()
        except (OSError, sqlite3.Error) as err:
            raise WorkshopError(f"Cadangan gagal dibuat: {err}") from err


def fingerprint(store: Store) -> Hashable:
    """Changes whenever workshop data changes: every write bumps a workshop's version."""
    return tuple((w.id, w.version) for w in store.workshops())


def file_fingerprint(path: str | os.PathLike) -> Hashable | None:
    """The same fingerprint read from a snapshot file, or None if it cannot be read."""
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT id, version FROM workshops ORDER BY id DESC").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return tuple((r[0], r[1]) for r in rows)


def describe(store: Store) -> dict[str, int]:
    """Row counts of the tables people care about (for messages: what was replaced)."""
    counts = store.table_counts()
    return {k: v for k, v in counts.items() if not k.startswith("_")}


def summary(counts: dict[str, int]) -> str:
    """'1 kegiatan, 110 peserta, 37 usulan, 603 suara, 5 program quick win'."""
    return (
        f"{counts.get('workshops', 0)} kegiatan, {counts.get('participants', 0)} peserta, "
        f"{counts.get('ideas', 0)} usulan, "
        f"{counts.get('votes', 0) + counts.get('ratings', 0)} suara, "
        f"{counts.get('quickwins', 0)} program quick win"
    )


def restore(
    store: Store,
    source: str | os.PathLike,
    folder: str | os.PathLike | None = None,
    keep: int = DEFAULT_KEEP,
    *,
    auth: str | None = None,
) -> dict[str, Any]:
    """Replace the store's data with the known tables of the backup `source`.

    The file is checked and migrated as a temporary copy first; a refusal
    (`WorkshopError`, "... Data tidak diubah.") changes nothing. If `folder` is given
    and the store holds any workshop, the current data is saved there first as
    `bimtek-...-sebelum-pulih.db` (never pruned), so a restore can itself be undone; if
    the restore fails after the swap, that data is put back (`RestoreRolledBack`, whose
    message names the copy). Every facilitator session ends; the PIN stays.
    Returns {"before": counts, "after": counts, "safety": Path | None}. `keep` is
    accepted for callers of old; the automatic snapshots are not pruned here."""
    del keep
    source = Path(source)
    if not source.is_file():
        raise WorkshopError("Berkas cadangan tidak ditemukan.")
    with tempfile.TemporaryDirectory(prefix="bimtek-restore-") as tmp:
        # A private copy with a plain name: the source may sit in `folder`, and odd
        # names ('#', '?', '%') confuse SQLite's URI parsing.
        copy = Path(tmp) / "restore.db"
        try:
            shutil.copyfile(source, copy)
        except OSError as err:
            raise WorkshopError(f"Berkas cadangan tidak bisa dibaca: {err}") from err
        before = describe(store)
        safety = None
        if folder is not None and before.get("workshops"):
            try:
                Path(folder).mkdir(parents=True, exist_ok=True)
                taken = {p.name for p in Path(folder).iterdir()}
            except OSError as err:
                raise WorkshopError(f"Cadangan gagal dibuat di {folder}: {err}") from err
            safety = Path(folder) / snapshot_name(taken=taken, safety=True)
        try:
            store.restore_from(auth, copy, safety=safety)
        except (OSError, sqlite3.Error) as err:  # e.g. the disk is full: nothing swapped
            raise WorkshopError(
                f"Pemulihan ditolak: {type(err).__name__}: {str(err)[:200]}. Data tidak diubah."
            ) from err
    return {"before": before, "after": describe(store), "safety": safety}


def restore_bytes(
    store: Store,
    data: bytes,
    folder: str | os.PathLike | None = None,
    keep: int = DEFAULT_KEEP,
    *,
    auth: str | None = None,
) -> dict[str, Any]:
    """`restore` from uploaded bytes (written to a temporary file first)."""
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise WorkshopError("Berkas cadangan kosong.")
    with tempfile.TemporaryDirectory(prefix="bimtek-upload-") as tmp:
        path = Path(tmp) / "upload.db"
        path.write_bytes(bytes(data))
        return restore(store, path, folder, keep, auth=auth)


class AutoSnapshot:
    """Snapshots at most every `every_s` seconds, and only after the data changed."""

    def __init__(
        self, folder: str | os.PathLike, every_s: float = DEFAULT_EVERY_S, keep: int = DEFAULT_KEEP
    ) -> None:
        self.folder = Path(folder)
        self.every_s = float(every_s)
        self.keep = keep
        self._lock = threading.Lock()
        self._last_time: float | None = None
        self._last_fp: Hashable | None = None
        self._primed = False

    def _prime(self) -> None:
        """After a restart: start from the newest snapshot already in the folder."""
        self._primed = True
        existing = list_snapshots(self.folder)
        if existing:
            self._last_fp = file_fingerprint(existing[0])
            try:
                self._last_time = existing[0].stat().st_mtime
            except OSError:
                self._last_time = None

    def due(self, now: float) -> bool:
        return self._last_time is None or now - self._last_time >= self.every_s

    def maybe_snapshot(
        self, store: Store, now: float | None = None, *, auth: str | None = None
    ) -> Path | None:
        """Take a snapshot if the interval passed and the data changed; else None."""
        now = time.time() if now is None else now
        if not self._lock.acquire(blocking=False):
            return None  # another thread is taking one right now
        try:
            if not self._primed:
                self._prime()
            if not self.due(now):
                return None
            fp = fingerprint(store)
            if not fp or fp == self._last_fp:
                return None
            path = snapshot(store, self.folder, keep=self.keep, now=now, auth=auth)
            self._last_time, self._last_fp = now, fp
            return path
        finally:
            self._lock.release()


_shared: dict[str, AutoSnapshot] = {}
_shared_lock = threading.Lock()


def auto_for(
    folder: str | os.PathLike, every_s: float = DEFAULT_EVERY_S, keep: int = DEFAULT_KEEP
) -> AutoSnapshot:
    """One `AutoSnapshot` per folder in this process, shared by every page rerun."""
    key = str(Path(folder).resolve())
    with _shared_lock:
        if key not in _shared:
            _shared[key] = AutoSnapshot(folder, every_s=every_s, keep=keep)
        return _shared[key]


_thread: threading.Thread | None = None
_stop = threading.Event()
_thread_lock = threading.Lock()


def start_background(
    store: Store,
    folder: str | os.PathLike,
    every_s: float = DEFAULT_EVERY_S,
    keep: int = DEFAULT_KEEP,
    check_s: float | None = None,
) -> threading.Thread:
    """Start the snapshot thread (daemon) unless one already runs in this process.

    It checks every `check_s` seconds (default: a fifth of `every_s`, at most 60 s)
    and snapshots through the folder's shared `AutoSnapshot`."""
    global _thread
    with _thread_lock:
        if _thread is not None and _thread.is_alive():
            return _thread
        _stop.clear()
        auto = auto_for(folder, every_s=every_s, keep=keep)
        interval = check_s if check_s is not None else max(1.0, min(60.0, every_s / 5))

        def loop() -> None:
            while not _stop.wait(interval):
                try:
                    auto.maybe_snapshot(store, auth=store.machine_auth())
                except sqlite3.ProgrammingError:  # the store was closed: stop quietly
                    return
                except Exception:  # never kill the thread over one failed snapshot
                    log.exception("automatic snapshot failed")

        _thread = threading.Thread(target=loop, name="bimtek-auto-snapshot", daemon=True)
        _thread.start()
        return _thread


def stop_background(timeout: float = 5.0) -> None:
    """Stop the snapshot thread (tests, shutdown)."""
    global _thread
    with _thread_lock:
        _stop.set()
        if _thread is not None:
            _thread.join(timeout)
        _thread = None
