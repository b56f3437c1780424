"""`python -m workshop export --db PATH --kind summary|quickwins|excel [--stage N] --out FILE`.

The kinds are those of `workshop.exports.EXPORTS`, the same as the Unduh page offers.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from ..domain import WorkshopError
from ..exports import EXPORTS, export_for
from ..store import Store


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `export` sub-command."""
    p = sub.add_parser("export", help="write the stage summary, quick-win draft or Excel")
    p.add_argument("--db", required=True, help="SQLite database file")
    p.add_argument("--kind", required=True, choices=tuple(EXPORTS))
    p.add_argument(
        "--stage",
        type=int,
        default=None,
        help="stage number 1–4 for --kind summary (default: the current stage)",
    )
    p.add_argument(
        "--workshop", type=int, default=None, help="workshop id (default: the active workshop)"
    )
    p.add_argument("--out", default=None, help="output file (default: a name in the cwd)")
    p.add_argument(
        "--include-drafts",
        action="store_true",
        help="quick-win draft: also list programmes not yet agreed",
    )
    p.set_defaults(run=cmd_export)


def export(
    store: Store,
    kind: str,
    workshop_id: int,
    stage_id: int | None = None,
    *,
    include_drafts: bool = False,
) -> tuple[str, bytes]:
    """Build one export: (suggested file name, file bytes)."""
    spec = export_for(kind)
    target = workshop_id
    if spec.takes == "stage":
        if stage_id is None:
            stage_id = store.current_stage(workshop_id).id
        if store.stage(stage_id).workshop_id != workshop_id:
            raise WorkshopError("Tahap tidak ditemukan.")
        target = stage_id
    return (spec.filename(store, target), spec.build(store, target, include_drafts=include_drafts))


def cmd_export(args: argparse.Namespace) -> int:
    """Write one export to a file and report its size and build time."""
    if not Path(args.db).is_file():
        raise WorkshopError(f"Basis data tidak ditemukan: {args.db}")
    store = Store(args.db)
    try:
        wid = args.workshop or store.active_workshop_id()
        if wid is None:
            raise WorkshopError("Belum ada kegiatan di basis data ini.")
        store.workshop(wid)
        stage_id = None
        if EXPORTS[args.kind].takes == "stage":
            stage = (
                store.stage_by_number(wid, args.stage)
                if args.stage is not None
                else store.current_stage(wid)
            )
            stage_id = stage.id
        start = time.perf_counter()
        name, data = export(store, args.kind, wid, stage_id, include_drafts=args.include_drafts)
        took = time.perf_counter() - start
        out = Path(args.out or name)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, out)
        print(f"Tersimpan: {out} ({len(data) / 1024:.0f} KB, {took:.2f} s)")
        return 0
    finally:
        store.close()
