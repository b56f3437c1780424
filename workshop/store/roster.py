"""A workshop's pillars (with their subdimensions) and its OPD roster."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .. import domain as d
from ..domain import WorkshopError
from .access import facilitator, public
from .base import StoreBase, _items, _key, _opd, _opd_kind, _pillar

IMPORT_MAX = 2000  # names per import (imports.MAX_ROWS)


class RosterStore(StoreBase):
    """Pillars and OPDs: ordered lists per workshop; one in use cannot be deleted."""

    def _pillar_home(self, pillar_id: object) -> tuple[int, int]:
        """(pillar id, its workshop id), or 'Pilar tidak ditemukan.'"""
        pid = _key(pillar_id, "Pilar")
        row = self._row("SELECT workshop_id FROM pillars WHERE id = ?", (pid,))
        if row is None:
            raise WorkshopError("Pilar tidak ditemukan.")
        return pid, row[0]

    def _opd_home(self, opd_id: object) -> tuple[int, int]:
        """(OPD id, its workshop id), or 'OPD tidak ditemukan.'"""
        oid = _key(opd_id, "OPD")
        row = self._row("SELECT workshop_id FROM opds WHERE id = ?", (oid,))
        if row is None:
            raise WorkshopError("OPD tidak ditemukan.")
        return oid, row[0]

    # ------------------------------------------------------------------ pillars

    @public
    def pillars(self, workshop_id: int) -> list[d.Pillar]:
        return [
            _pillar(r)
            for r in self._rows(
                "SELECT * FROM pillars WHERE workshop_id = ? ORDER BY position, id", (workshop_id,)
            )
        ]

    @facilitator
    def add_pillar(
        self, auth: str, workshop_id: int, name: str, short: str = "", subdims: Sequence[str] = ()
    ) -> d.Pillar:
        name = d.clean_text(name, label="Nama pilar", max_len=d.NAME_MAX)
        short = d.clean_text(short or name, label="Nama singkat", max_len=40)
        subs = [
            d.clean_text(s, label="Subdimensi", max_len=d.NAME_MAX)
            for s in _items(subdims, "Subdimensi")
        ]
        self._workshop_or_refuse(workshop_id)
        with self._tx(workshop_id) as c:
            pos = c.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM pillars WHERE workshop_id = ?",
                (workshop_id,),
            ).fetchone()[0]
            pid = c.execute(
                "INSERT INTO pillars(workshop_id, position, name, short, subdims) "
                "VALUES (?,?,?,?,?)",
                (workshop_id, pos, name, short, json.dumps(subs)),
            ).lastrowid
        return self._pillar_or_refuse(workshop_id, pid)

    @facilitator
    def update_pillar(
        self,
        auth: str,
        pillar_id: int,
        *,
        name: str | None = None,
        short: str | None = None,
        subdims: Sequence[str] | None = None,
    ) -> d.Pillar:
        pillar_id, wid = self._pillar_home(pillar_id)
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = d.clean_text(name, label="Nama pilar", max_len=d.NAME_MAX)
        if short is not None:
            values["short"] = d.clean_text(short, label="Nama singkat", max_len=40)
        if isinstance(subdims, (str, bytes)):
            raise WorkshopError("Subdimensi harus berupa daftar, bukan satu teks.")
        if subdims is not None:
            values["subdims"] = json.dumps(
                [
                    d.clean_text(s, label="Subdimensi", max_len=d.NAME_MAX)
                    for s in _items(subdims, "Subdimensi")
                ]
            )
        with self._tx(wid):
            self._update("pillars", pillar_id, values)
        return self._pillar_or_refuse(wid, pillar_id)

    @facilitator
    def move_pillar(self, auth: str, pillar_id: int, delta: int) -> list[d.Pillar]:
        """Move a pillar up (delta < 0) or down in the order."""
        pillar_id, wid = self._pillar_home(pillar_id)
        ids = [p.id for p in self.pillars(wid)]
        i = ids.index(pillar_id)
        delta = d.check_int(delta, label="Geser", lo=-10_000, hi=10_000)
        j = max(0, min(len(ids) - 1, i + delta))
        ids.insert(j, ids.pop(i))
        with self._tx(wid) as c:
            for pos, pid in enumerate(ids):
                c.execute("UPDATE pillars SET position = ? WHERE id = ?", (pos, pid))
        return self.pillars(wid)

    @facilitator
    def delete_pillar(self, auth: str, pillar_id: int) -> None:
        pillar_id, wid = self._pillar_home(pillar_id)
        with self._tx(wid) as c:
            used = c.execute(
                "SELECT 1 FROM ideas WHERE pillar_id = ? UNION SELECT 1 FROM "
                "quickwins WHERE pillar_id = ? LIMIT 1",
                (pillar_id, pillar_id),
            ).fetchone()
            if used:
                raise WorkshopError("Pilar sudah dipakai oleh usulan; tidak bisa dihapus.")
            c.execute("DELETE FROM pillar_voting WHERE pillar_id = ?", (pillar_id,))
            c.execute("DELETE FROM pillars WHERE id = ?", (pillar_id,))

    # ------------------------------------------------------------------ OPD roster

    @public
    def opds(self, workshop_id: int) -> list[d.Opd]:
        return [
            _opd(r)
            for r in self._rows(
                "SELECT * FROM opds WHERE workshop_id = ? ORDER BY position, id", (workshop_id,)
            )
        ]

    @facilitator
    def add_opd(self, auth: str, workshop_id: int, name: str, kind: str | None = None) -> d.Opd:
        name = d.clean_text(name, label="Nama OPD", max_len=d.NAME_MAX)
        kind = d.check_choice(
            kind or _opd_kind(name), ("opd", "kecamatan", "kelurahan", "lain"), label="Jenis OPD"
        )
        self._workshop_or_refuse(workshop_id)
        with self._tx(workshop_id) as c:
            if c.execute(
                "SELECT 1 FROM opds WHERE workshop_id=? AND name=?", (workshop_id, name)
            ).fetchone():
                raise WorkshopError(f"OPD '{name}' sudah ada.")
            pos = c.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM opds WHERE workshop_id = ?",
                (workshop_id,),
            ).fetchone()[0]
            oid = c.execute(
                "INSERT INTO opds(workshop_id, position, name, kind) VALUES (?,?,?,?)",
                (workshop_id, pos, name, kind),
            ).lastrowid
        return next(o for o in self.opds(workshop_id) if o.id == oid)

    @facilitator
    def rename_opd(self, auth: str, opd_id: int, name: str) -> None:
        name = d.clean_text(name, label="Nama OPD", max_len=d.NAME_MAX)
        opd_id, wid = self._opd_home(opd_id)
        with self._tx(wid) as c:
            if c.execute(
                "SELECT 1 FROM opds WHERE workshop_id=? AND name=? AND id<>?", (wid, name, opd_id)
            ).fetchone():
                raise WorkshopError(f"OPD '{name}' sudah ada.")
            c.execute(
                "UPDATE opds SET name = ?, kind = ? WHERE id = ?", (name, _opd_kind(name), opd_id)
            )

    @facilitator
    def delete_opd(self, auth: str, opd_id: int) -> None:
        opd_id, wid = self._opd_home(opd_id)
        with self._tx(wid) as c:
            used = c.execute(
                "SELECT 1 FROM participants WHERE opd_id=:o UNION SELECT 1 FROM ideas WHERE "
                "opd_id=:o UNION SELECT 1 FROM quickwins WHERE owner_opd_id=:o "
                "UNION SELECT 1 FROM quickwin_risks WHERE owner_opd_id=:o LIMIT 1",  # h14q
                {"o": opd_id},
            ).fetchone()
            if used:
                raise WorkshopError(
                    "OPD sudah dipakai peserta, usulan atau program; tidak bisa dihapus."
                )
            c.execute("DELETE FROM opds WHERE id = ?", (opd_id,))

    @facilitator
    def import_opds(self, auth: str, workshop_id: int, names: Sequence[str]) -> int:
        """Add every name not yet in the roster (one transaction); return how many."""
        if isinstance(names, (str, bytes)):
            raise WorkshopError("Daftar OPD harus berupa daftar nama, bukan satu teks.")
        items = _items(names, "Daftar OPD")
        if len(items) > IMPORT_MAX:
            raise WorkshopError(f"Terlalu banyak nama OPD sekaligus (maksimal {IMPORT_MAX}).")
        clean = [d.clean_text(n, label="Nama OPD", max_len=d.NAME_MAX) for n in items]
        self._workshop_or_refuse(workshop_id)
        added = 0
        with self._tx(workshop_id) as c:
            pos = c.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM opds WHERE workshop_id = ?",
                (workshop_id,),
            ).fetchone()[0]
            for name in dict.fromkeys(clean):
                cur = c.execute(
                    "INSERT OR IGNORE INTO opds(workshop_id, position, name, kind) "
                    "VALUES (?,?,?,?)",
                    (workshop_id, pos, name, _opd_kind(name)),
                )
                if cur.rowcount:
                    added += 1
                    pos += 1
        return added
