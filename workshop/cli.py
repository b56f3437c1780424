"""Command line: `python -m workshop init|demo ...` (exports and backups join later)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable, Sequence

from .demo import build_demo
from .domain import WorkshopError
from .store import Store

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable:
    def register(fn: Callable[[argparse.Namespace], int]) -> Callable:
        COMMANDS[name] = fn
        return fn
    return register


@command("init")
def cmd_init(args: argparse.Namespace) -> int:
    store = Store(args.db)
    print(f"Basis data siap: {args.db} (migrasi: {', '.join(store.schema_version())})")
    store.close()
    return 0


@command("demo")
def cmd_demo(args: argparse.Namespace) -> int:
    store = Store(args.db)
    start = time.perf_counter()
    result = build_demo(store, participants=args.participants, seed=args.seed)
    took = time.perf_counter() - start
    counts = store.table_counts()
    print(f"Kegiatan demo #{result.workshop_id}: {result.participants} peserta, "
          f"{result.quickwins} program quick win, {took:.1f} s")
    print(", ".join(f"{k}={v}" for k, v in counts.items() if not k.startswith("_")))
    store.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m workshop", description="Bimtek Live")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="create or migrate a database")
    p.add_argument("--db", required=True)
    p = sub.add_parser("demo", help="build a finished demo Bimtek")
    p.add_argument("--db", required=True)
    p.add_argument("--participants", type=int, default=110)
    p.add_argument("--seed", type=int, default=7)
    for extend in EXTENSIONS:
        extend(sub)
    return parser


# Later features (exports, backups) register their sub-commands here.
EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = []


def _load_extensions() -> None:
    """Import the modules that add sub-commands (each appends to EXTENSIONS/COMMANDS)."""
    import importlib

    for name in ("cli_export", "cli_backup"):
        try:
            importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__package__}.{name}":
                raise


def main(argv: Sequence[str] | None = None) -> int:
    _load_extensions()
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except WorkshopError as err:
        print(f"Galat: {err}", file=sys.stderr)
        return 1
