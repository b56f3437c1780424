"""Command line: `python -m workshop init|demo|export|backup|restore ...`.

One argparse sub-command per function; each module adds its own parsers
(`add_parsers`) and names its handler with `set_defaults(run=...)`:

    database.py  init, demo
    export.py    export (the kinds of workshop.exports.EXPORTS)
    backup.py    backup, restore

A handler returns the exit code; a `WorkshopError` becomes "Galat: ..." on stderr and
exit code 1, bad arguments exit 2 with argparse's usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..domain import WorkshopError
from . import backup, database, export


def build_parser() -> argparse.ArgumentParser:
    """The parser of every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m workshop", description="Bimtek Live")
    sub = parser.add_subparsers(dest="command", required=True)
    database.add_parsers(sub)
    export.add_parsers(sub)
    backup.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except WorkshopError as err:
        print(f"Galat: {err}", file=sys.stderr)
        return 1
