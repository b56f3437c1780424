"""`python -m workshop backup|restore`: consistent snapshots, also while the app runs.

    python -m workshop backup  --db data/bimtek.db --out cadangan.db
    python -m workshop restore --db data/bimtek.db --from cadangan.db

`restore` asks nothing: the file is checked and migrated as a temporary copy first (a
refusal prints "Galat: Pemulihan ditolak: ... Data tidak diubah." and changes nothing);
the data it replaces is saved as `bimtek-...-sebelum-pulih.db` under the backup folder
(`$BIMTEK_BACKUP_DIR`, else `backups/` next to the database; never pruned), and a
failure after the swap puts that data back and says so. Every facilitator session ends;
the PIN stays the one in use. It prints what was replaced and where that copy is.

A database that cannot be opened any more (damaged, or a schema the migrations cannot
bring up to date) is not touched: `restore --replace-broken` moves it aside (renamed
`<name>.rusak-YYYYMMDD-HHMMSS`, kept) and restores into a new file; stop the app first.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

from .. import backups
from ..domain import WorkshopError
from ..store import Store


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `backup` and `restore` sub-commands."""
    p = sub.add_parser("backup", help="consistent snapshot of a database (also while the app runs)")
    p.add_argument("--db", required=True, help="the database file")
    p.add_argument(
        "--out",
        required=True,
        help="the snapshot file, or a folder (then named bimtek-YYYYMMDD-HHMM.db)",
    )
    p.set_defaults(run=cmd_backup)
    p = sub.add_parser("restore", help="replace a database with a snapshot")
    p.add_argument("--db", required=True, help="the database file to replace")
    p.add_argument("--from", dest="source", required=True, help="the snapshot file")
    p.add_argument(
        "--backup-dir",
        default=None,
        help="where the replaced data is saved first (default: backups/ next to --db)",
    )
    p.add_argument(
        "--replace-broken",
        action="store_true",
        help="if --db cannot be opened, move it aside (kept) and restore into a new file",
    )
    p.set_defaults(run=cmd_restore)


def _existing_db(path: str) -> Store:
    """The store of a database file that exists (never creates an empty one)."""
    if path != ":memory:" and not Path(path).is_file():
        raise WorkshopError(f"Basis data tidak ditemukan: {path}")
    return Store(path)


def cmd_backup(args: argparse.Namespace) -> int:
    """Snapshot --db to the file --out, or into the folder --out."""
    store = _existing_db(args.db)
    try:
        out = Path(args.out)
        if out.is_dir():
            path = backups.snapshot(store, out, keep=None, auth=store.machine_auth())
        else:
            try:
                store.backup_to(store.machine_auth(), out)
            except OSError as err:
                raise WorkshopError(f"Cadangan gagal ditulis ke {out}: {err}") from err
            path = out
        print(
            f"Cadangan tersimpan: {path} ({path.stat().st_size // 1024} KB; "
            f"{backups.summary(backups.describe(store))})"
        )
    finally:
        store.close()
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace --db with the snapshot --from, the replaced data saved first."""
    source = Path(args.source)
    if not source.is_file():
        raise WorkshopError(f"Berkas cadangan tidak ditemukan: {source}")
    store = _open_for_restore(args.db, replace_broken=args.replace_broken)
    try:
        folder = args.backup_dir or backups.default_folder(args.db)
        result = backups.restore(store, source, folder, auth=store.machine_auth())
    finally:
        store.close()
    print(f"Dipulihkan: {args.db} dari {source}")
    print(f"Diganti   : {backups.summary(result['before'])}")
    print(f"Sekarang  : {backups.summary(result['after'])}")
    changed = {
        k: (result["before"].get(k, 0), v)
        for k, v in result["after"].items()
        if result["before"].get(k, 0) != v
    }
    if changed:
        print("Tabel berubah: " + ", ".join(f"{k} {a}→{b}" for k, (a, b) in changed.items()))
    if result["safety"] is not None:
        print(f"Data lama disimpan di: {result['safety']}")
    print("Sesi fasilitator berakhir semua; PIN tetap yang berlaku sebelum pemulihan.")
    return 0


def _open_for_restore(path: str, *, replace_broken: bool) -> Store:
    """The store to restore into; a file that cannot be opened is moved aside only when
    asked (`--replace-broken`), never deleted."""
    try:
        return Store(path)
    except (sqlite3.Error, ValueError) as err:
        if not replace_broken:
            raise WorkshopError(
                f"Basis data {path} tidak bisa dibuka ({type(err).__name__}: {str(err)[:200]}). "
                "Hentikan aplikasi, lalu ulangi dengan --replace-broken: berkas itu "
                "disimpan dengan nama lain dan cadangan dipulihkan ke berkas baru."
            ) from err
    aside = Path(f"{path}.rusak-{time.strftime('%Y%m%d-%H%M%S')}")
    Path(path).rename(aside)
    for tail in ("-wal", "-shm"):
        extra = Path(path + tail)
        if extra.exists():
            extra.rename(Path(str(aside) + tail))
    print(f"Basis data yang rusak dipindahkan ke: {aside}")
    return Store(path)
