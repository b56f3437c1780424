"""Quick-win programmes agreed in a stage, each built from one or more ideas."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

from .. import domain as d
from ..domain import WorkshopError
from .access import facilitator, public
from .base import StoreBase, _items


class QuickwinStore(StoreBase):
    """A programme: name, pillar, OPD penanggung jawab, indicators, cost, enablers."""

    _QW_TEXT = {
        "problem": "Masalah yang ditangani",
        "description": "Deskripsi",
        "objective": "Tujuan",
        "output_indicator": "Indikator output",
        "outcome_indicator": "Indikator outcome",
        "risks": "Risiko",
    }

    def _quickwin_values(self, workshop_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "name":
                values[key] = d.clean_text(value, label="Nama program", max_len=200)
            elif key == "pillar_id":
                values[key] = self._pillar_or_refuse(workshop_id, value).id
            elif key == "owner_opd_id":
                values[key] = self._opd_or_none(workshop_id, value)
                if values[key] is None:
                    raise WorkshopError("OPD penanggung jawab wajib dipilih.")
            elif key == "supporting_opd_ids":
                ids = [
                    self._opd_or_none(workshop_id, v) for v in _items(value or [], "OPD pendukung")
                ]
                values[key] = json.dumps(list(dict.fromkeys(i for i in ids if i)))
            elif key in self._QW_TEXT:
                values[key] = d.clean_text(
                    value, label=self._QW_TEXT[key], max_len=d.TEXT_MAX, required=False
                )
            elif key == "timeline_months":
                values[key] = d.check_int(value, label="Jangka waktu (bulan)", lo=1, hi=60)
            elif key == "budget_source":
                values[key] = d.check_choice(value, d.BUDGET_SOURCES, label="Sumber anggaran")
            elif key == "estimated_cost":
                values[key] = d.check_int(value, label="Perkiraan biaya", lo=0, hi=10**15)
            elif key == "enablers":
                values[key] = json.dumps(d.check_enablers(value))
            elif key == "status":
                values[key] = d.check_choice(value, ("draft", "agreed"), label="Status")
            else:
                raise WorkshopError(f"Kolom program tidak dikenal: {key}")
        return values

    @facilitator
    def create_quickwin(
        self, auth: str, stage_id: int, *, idea_ids: Sequence[int] = (), **fields: Any
    ) -> d.QuickWin:
        """Agree a quick-win programme, built from one or more ideas."""
        stage = self._stage_or_refuse(stage_id)
        for required in ("name", "pillar_id", "owner_opd_id"):
            if fields.get(required) in (None, ""):
                raise WorkshopError(
                    {
                        "name": "Nama program wajib diisi.",
                        "pillar_id": "Pilar wajib dipilih.",
                        "owner_opd_id": "OPD penanggung jawab wajib dipilih.",
                    }[required]
                )
        fields.setdefault("enablers", None)
        values = self._quickwin_values(stage.workshop_id, fields)
        ideas = [self._idea_or_refuse(i) for i in _items(idea_ids, "Daftar usulan")]
        if any(i.workshop_id != stage.workshop_id for i in ideas):
            raise WorkshopError("Usulan dari kegiatan lain.")
        now = time.time()
        with self._tx(stage.workshop_id) as c:
            qid = (
                self.db.table("quickwins")
                .insert(
                    {
                        "workshop_id": stage.workshop_id,
                        "stage_id": stage.id,
                        "created_at": now,
                        "updated_at": now,
                        **values,
                    }
                )
                .last_pk
            )
            c.executemany(
                "INSERT OR IGNORE INTO quickwin_ideas VALUES (?,?)", [(qid, i.id) for i in ideas]
            )
            self._audit(
                c, stage.workshop_id, "create_quickwin", {"quickwin": qid, "name": values["name"]}
            )
        return self._quickwin_or_refuse(qid)

    @facilitator
    def update_quickwin(
        self, auth: str, quickwin_id: int, *, idea_ids: Sequence[int] | None = None, **fields: Any
    ) -> d.QuickWin:
        qw = self._quickwin_or_refuse(quickwin_id)
        values = self._quickwin_values(qw.workshop_id, fields)
        ideas = (
            None
            if idea_ids is None
            else [self._idea_or_refuse(i) for i in _items(idea_ids, "Daftar usulan")]
        )
        if ideas and any(i.workshop_id != qw.workshop_id for i in ideas):
            raise WorkshopError("Usulan dari kegiatan lain.")
        with self._tx(qw.workshop_id) as c:
            self._update("quickwins", qw.id, {**values, "updated_at": time.time()})
            self._audit(
                c,
                qw.workshop_id,
                "update_quickwin",
                {
                    "quickwin": quickwin_id,
                    **{
                        k: v
                        for k, v in values.items()
                        if k in ("name", "owner_opd_id", "pillar_id")
                    },
                },
            )
            if ideas is not None:
                c.execute("DELETE FROM quickwin_ideas WHERE quickwin_id = ?", (quickwin_id,))
                c.executemany(
                    "INSERT OR IGNORE INTO quickwin_ideas VALUES (?,?)",
                    [(quickwin_id, i.id) for i in ideas],
                )
        return self._quickwin_or_refuse(quickwin_id)

    @facilitator
    def delete_quickwin(self, auth: str, quickwin_id: int) -> None:
        qw = self._quickwin_or_refuse(quickwin_id)
        with self._tx(qw.workshop_id) as c:
            c.execute("DELETE FROM quickwin_ideas WHERE quickwin_id = ?", (quickwin_id,))
            c.execute("DELETE FROM quickwins WHERE id = ?", (quickwin_id,))
            self._audit(
                c, qw.workshop_id, "delete_quickwin", {"quickwin": quickwin_id, "name": qw.name}
            )

    @public
    def quickwin(self, quickwin_id: int) -> d.QuickWin:
        return self._quickwin_or_refuse(quickwin_id)

    @public
    def quickwins(self, workshop_id: int, *, stage_id: int | None = None) -> list[d.QuickWin]:
        sql = (
            "SELECT q.* FROM quickwins q JOIN pillars p ON p.id = q.pillar_id "
            "WHERE q.workshop_id = ?"
        )
        params: list[Any] = [workshop_id]
        if stage_id is not None:
            sql += " AND q.stage_id = ?"
            params.append(stage_id)
        return [self._quickwin(r) for r in self._rows(sql + " ORDER BY p.position, q.id", params)]
