"""`python -m workshop init|demo`: create or migrate a database, build a demo Bimtek.

python -m workshop init --db data/bimtek.db
python -m workshop demo --db demo.db --participants 110 [--seed 7]
"""

from __future__ import annotations

import argparse
import time

from ..demo import build_demo
from ..store import Store


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `init` and `demo` sub-commands."""
    p = sub.add_parser("init", help="create or migrate a database")
    p.add_argument("--db", required=True)
    p.set_defaults(run=cmd_init)
    p = sub.add_parser("demo", help="build a finished demo Bimtek")
    p.add_argument("--db", required=True)
    p.add_argument("--participants", type=int, default=110)
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(run=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    """Open (and so create or migrate) the database; print its migrations."""
    store = Store(args.db)
    print(f"Basis data siap: {args.db} (migrasi: {', '.join(store.schema_version())})")
    store.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Build the demo workshop; print what it holds and how long it took."""
    store = Store(args.db)
    start = time.perf_counter()
    result = build_demo(store, participants=args.participants, seed=args.seed)
    took = time.perf_counter() - start
    counts = store.table_counts()
    print(
        f"Kegiatan demo #{result.workshop_id}: {result.participants} peserta, "
        f"{result.quickwins} program quick win, {took:.1f} s"
    )
    print(", ".join(f"{k}={v}" for k, v in counts.items() if not k.startswith("_")))
    store.close()
    return 0
