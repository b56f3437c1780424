"""`python -m workshop backup|restore`: consistent snapshots, also while the app runs.

    python -m workshop backup  --db data/bimtek.db --out cadangan.db
    python -m workshop restore --db data/bimtek.db --from cadangan.db

`restore` asks nothing: it saves the data it replaces as a snapshot under the backup
folder (`$BIMTEK_BACKUP_DIR`, else `backups/` next to the database) and prints what
was replaced and where that copy is.
"""

from __future__ import annotations

import argparse
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
    store = Store(args.db)
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
    return 0
