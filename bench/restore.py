"""Time backups and restores on the 110-participant demo Bimtek and print the figures.

    python bench/restore.py [--participants 110] [--repeat 5]

Rows: a backup (`snapshot_bytes`: backup API + scrub + vacuum); a full restore through
`backups.restore` (checks, migrating the copy, the fresh database, the smoke reads, the
pre-restore copy, the swap); how long the store's lock is held during that restore (the
time phones' votes wait); and refusing a crafted file (emptied `_sqlite_migrations`).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshop import backups  # noqa: E402
from workshop.demo import build_demo  # noqa: E402
from workshop.domain import WorkshopError  # noqa: E402
from workshop.security import PinHasher  # noqa: E402
from workshop.store import Store  # noqa: E402
from workshop.store import backup as store_backup  # noqa: E402


class TimedLock:
    """Wraps the store's RLock and adds up how long it was held (outermost holds)."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.depth = 0
        self.since = 0.0
        self.held = 0.0
        self.longest = 0.0

    def __enter__(self) -> TimedLock:
        self.inner.__enter__()  # type: ignore[attr-defined]
        if self.depth == 0:
            self.since = time.perf_counter()
        self.depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1
        if self.depth == 0:
            spell = time.perf_counter() - self.since
            self.held += spell
            self.longest = max(self.longest, spell)
        self.inner.__exit__(*exc)  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=110)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store = Store(work / "live.db", hasher=PinHasher(fast=True))
        build_demo(store, participants=args.participants, seed=7)
        auth = store.machine_auth()
        counts = backups.describe(store)
        size_kb = Path(store.path).stat().st_size // 1024
        print(f"demo: {backups.summary(counts)}; database {size_kb} KB")
        backup_s, restore_s, lock_s, refuse_s = [], [], [], []
        data = b""
        for n in range(args.repeat):
            t = time.perf_counter()
            data = backups.snapshot_bytes(store, auth=auth)
            backup_s.append(time.perf_counter() - t)
            lock = TimedLock(store._lock)
            store._lock = lock  # type: ignore[assignment]
            t = time.perf_counter()
            backups.restore_bytes(store, data, work / f"safety-{n}", auth=auth)
            restore_s.append(time.perf_counter() - t)
            store._lock = lock.inner  # type: ignore[assignment]
            lock_s.append(lock.longest)
            bad = work / "bad.db"
            bad.write_bytes(data)
            conn = sqlite3.connect(bad)
            conn.execute("DELETE FROM _sqlite_migrations")
            conn.commit()
            conn.close()
            t = time.perf_counter()
            try:
                backups.restore(store, bad, work / f"safety-{n}", auth=auth)
            except WorkshopError:
                refuse_s.append(time.perf_counter() - t)
            shutil.rmtree(work / f"safety-{n}", ignore_errors=True)
        assert backups.describe(store) == counts
        print(f"backup file: {len(data) // 1024} KB; private tables {store_backup.PRIVATE_TABLES}")

        def row(label: str, values: list[float]) -> None:
            ms = [v * 1000 for v in values]
            print(f"{label:<44} median {statistics.median(ms):7.1f} ms   worst {max(ms):7.1f} ms")

        row("backup (snapshot_bytes)", backup_s)
        row("restore (checked, fresh db, swap)", restore_s)
        row("  longest lock hold during the restore", lock_s)
        row("refuse emptied _sqlite_migrations", refuse_s)
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
