"""Quick-win programmes agreed in a stage, each built from one or more ideas."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

from .. import domain as d
from ..domain import WorkshopError
from .access import facilitator, public
from .base import StoreBase, _items, _key


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
    _QW_SHORT = {  # h14q: the profile's one-line fields (m006)
        "subdim": "Sub-dimensi",
        "location": "Lokasi",
        "beneficiaries": "Penerima manfaat",
        "plan_link": "Tautan RPJMD/Renstra",
    }
    _RISK_KEYS = ("risk", "likelihood", "impact", "mitigation", "owner_opd_id")

    @staticmethod
    def _unset(value: Any) -> bool:
        """None, '' or 0 (never False: a bool is no month count or year): belum dinilai."""
        return not isinstance(value, bool) and value in (None, "", 0)

    @staticmethod
    def _risk_rows(risks: Any) -> list[dict[str, object]]:
        """`d.check_risks`, stricter where it would drop or reinterpret a bad value: the
        register must be a list (None would wipe it), a bool owner is refused (False is not
        'no OPD'), and a row with only an impact or an owner needs its risk text."""
        rows = _items(risks, "Daftar risiko")

        def blank(v: object) -> bool:
            return v is None or (isinstance(v, float) and v != v) or str(v).strip() == ""

        for row in rows:
            if not isinstance(row, Mapping):
                continue  # check_risks refuses it
            owner = row.get("owner_opd_id")
            if isinstance(owner, bool):
                d.check_int(owner, label="OPD", lo=1, hi=2**62)
            empty = [blank(row.get(k)) for k in ("risk", "mitigation", "likelihood", "impact")]
            if empty[:2] == [True, True] and not (all(empty) and (blank(owner) or owner == 0)):
                raise WorkshopError("Risiko wajib diisi.")
        return d.check_risks(rows)

    def _gate_or_refuse(self, workshop_id: int, values: Mapping[str, Any]) -> None:
        """Refuse status 'agreed' unless the programme passes the quick-win gate."""
        if values.get("status") != "agreed":
            return
        reasons = d.quickwin_gate(
            horizon=values.get("horizon"),
            owner_opd_id=values.get("owner_opd_id"),
            enablers=json.loads(values.get("enablers") or "{}"),
            timeline_months=values.get("timeline_months") or 0,
        )
        if reasons:
            raise WorkshopError(f"Belum dapat disepakati sebagai quick win: {'; '.join(reasons)}.")

    def _stored_values(self, quickwin_id: int) -> dict[str, Any]:
        row = self._row("SELECT * FROM quickwins WHERE id = ?", (quickwin_id,))
        if row is None:
            raise WorkshopError("Program quick win tidak ditemukan.")
        return dict(row)

    def _quickwin_values(self, workshop_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "name":
                values[key] = d.clean_text(value, label="Nama program", max_len=200)
            elif key == "pillar_id":
                values[key] = self._pillar_or_refuse(workshop_id, value).id
            elif key == "owner_opd_id":  # a candidate may lack one: the gate asks for it
                values[key] = self._opd_or_none(workshop_id, value)
            elif key == "supporting_opd_ids":
                ids = [
                    self._opd_or_none(workshop_id, v) for v in _items(value or [], "OPD pendukung")
                ]
                values[key] = json.dumps(list(dict.fromkeys(i for i in ids if i)))
            elif key in self._QW_TEXT:
                values[key] = d.clean_text(
                    value, label=self._QW_TEXT[key], max_len=d.TEXT_MAX, required=False
                )
            elif key == "timeline_months":  # 0 or None: belum dinilai
                values[key] = (
                    0
                    if self._unset(value)
                    else d.check_int(value, label="Jangka waktu (bulan)", lo=1, hi=60)
                )
            elif key == "budget_source":  # "" or None: belum dinilai
                values[key] = (
                    ""
                    if value in (None, "")
                    else d.check_choice(value, d.BUDGET_SOURCES, label="Sumber anggaran")
                )
            elif key == "horizon":
                values[key] = (
                    None
                    if value in (None, "")
                    else d.check_choice(value, d.QW_HORIZONS, label="Horizon waktu")
                )
            elif key in self._QW_SHORT:
                values[key] = d.clean_text(
                    value, label=self._QW_SHORT[key], max_len=1000, required=False
                )
            elif key == "indicators":
                values[key] = json.dumps(d.check_indicators(value), ensure_ascii=False)
            elif key == "milestones":
                values[key] = json.dumps(d.check_milestones(value), ensure_ascii=False)
            elif key == "budget_year":
                values[key] = (
                    None
                    if self._unset(value)
                    else d.check_int(value, label="Tahun anggaran", lo=2000, hi=2100)
                )
            elif key == "estimated_cost":
                values[key] = d.check_int(value, label="Perkiraan biaya", lo=0, hi=10**15)
            elif key == "enablers":
                values[key] = json.dumps(d.check_enablers(value))
            elif key == "status":
                values[key] = d.check_choice(value, d.QW_STATUSES, label="Status")
            else:
                raise WorkshopError(f"Kolom program tidak dikenal: {key}")
        return values

    @facilitator
    def create_quickwin(
        self, auth: str, stage_id: int, *, idea_ids: Sequence[int] = (), **fields: Any
    ) -> d.QuickWin:
        """Agree a quick-win programme, built from one or more ideas."""
        stage = self._stage_or_refuse(stage_id)
        for required in ("name", "pillar_id"):
            if fields.get(required) in (None, ""):
                raise WorkshopError(
                    {
                        "name": "Nama program wajib diisi.",
                        "pillar_id": "Pilar wajib dipilih.",
                    }[required]
                )
        # h14q: a new programme is a candidate unless agreed at once (through the gate);
        # what nobody assessed is stored as unassessed, never as a default decision
        fields.setdefault("status", "draft")
        fields.setdefault("enablers", None)
        fields.setdefault("timeline_months", None)
        fields.setdefault("budget_source", None)
        values = self._quickwin_values(stage.workshop_id, fields)
        ideas = [self._idea_or_refuse(i) for i in _items(idea_ids, "Daftar usulan")]
        if any(i.workshop_id != stage.workshop_id for i in ideas):
            raise WorkshopError("Usulan dari kegiatan lain.")
        now = time.time()
        with self._tx(stage.workshop_id) as c:
            self._gate_or_refuse(stage.workshop_id, values)
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
            # h14q: the gate sees the stored row as it is now, with this change applied
            self._gate_or_refuse(qw.workshop_id, {**self._stored_values(qw.id), **values})
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
                        if k in ("name", "owner_opd_id", "pillar_id", "status", "horizon")
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
            c.execute("DELETE FROM quickwin_risks WHERE quickwin_id = ?", (quickwin_id,))
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

    # ------------------------------------------------------------------ h14q: gate, risks

    @facilitator
    def agree_quickwin(self, auth: str, quickwin_id: int, agreed: bool = True) -> d.QuickWin:
        """Agree a candidate as a quick win (through the gate), or take it back to candidate."""
        agreed = d.check_bool(agreed, label="Disepakati")  # never "false" -> agreed
        return self.update_quickwin(auth, quickwin_id, status="agreed" if agreed else "draft")

    @public
    def quickwin_gate(self, quickwin_id: int) -> list[str]:
        """Why the programme cannot be agreed yet (Indonesian reasons); [] = it passes."""
        return d.gate_of(self._quickwin_or_refuse(quickwin_id))

    @facilitator
    def set_quickwin_risks(
        self, auth: str, quickwin_id: int, risks: Sequence[Mapping[str, Any]]
    ) -> list[d.QuickWinRisk]:
        """Replace the programme's risk register (risk, likelihood, impact, mitigation,
        owner OPD) in one transaction; rows left wholly empty are dropped."""
        qw = self._quickwin_or_refuse(quickwin_id)
        rows = self._risk_rows(risks)
        for row in rows:
            row["owner_opd_id"] = self._opd_or_none(qw.workshop_id, row["owner_opd_id"])
        with self._tx(qw.workshop_id) as c:
            self._stored_values(qw.id)  # still there
            c.execute("DELETE FROM quickwin_risks WHERE quickwin_id = ?", (qw.id,))
            c.executemany(
                "INSERT INTO quickwin_risks (quickwin_id, position, risk, likelihood, impact, "
                "mitigation, owner_opd_id) VALUES (?,?,?,?,?,?,?)",
                [
                    (
                        qw.id,
                        n,
                        r["risk"],
                        r["likelihood"],
                        r["impact"],
                        r["mitigation"],
                        r["owner_opd_id"],
                    )
                    for n, r in enumerate(rows, 1)
                ],
            )
            c.execute("UPDATE quickwins SET updated_at = ? WHERE id = ?", (time.time(), qw.id))
            self._audit(
                c, qw.workshop_id, "set_quickwin_risks", {"quickwin": qw.id, "risks": len(rows)}
            )
        return self.quickwin_risks(qw.id)

    @public
    def quickwin_risks(self, quickwin_id: int) -> list[d.QuickWinRisk]:
        """The programme's risk register, in order."""
        return [
            d.QuickWinRisk(**dict(r))
            for r in self._rows(
                "SELECT * FROM quickwin_risks WHERE quickwin_id = ? ORDER BY position, id",
                (_key(quickwin_id, "Program quick win"),),
            )
        ]

    @facilitator
    def add_quickwin_risk(self, auth: str, quickwin_id: int, **row: Any) -> d.QuickWinRisk:
        """Append one risk (risk, likelihood, impact, mitigation, owner_opd_id) to the
        programme's register, in one transaction."""
        qw = self._quickwin_or_refuse(quickwin_id)
        for key in row:  # a misspelt keyword is never silently dropped
            d.check_choice(key, self._RISK_KEYS, label="Kolom risiko")
        checked = self._risk_rows([row])
        if not checked:  # a wholly empty row
            raise WorkshopError("Risiko wajib diisi.")
        clean = checked[0]
        owner = self._opd_or_none(qw.workshop_id, clean["owner_opd_id"])
        with self._tx(qw.workshop_id) as c:
            self._stored_values(qw.id)
            n = c.execute(
                "SELECT COUNT(*), COALESCE(MAX(position), 0) FROM quickwin_risks "
                "WHERE quickwin_id = ?",
                (qw.id,),
            ).fetchone()
            if n[0] >= d.QW_LIST_MAX:
                raise WorkshopError(f"Daftar risiko tidak boleh lebih dari {d.QW_LIST_MAX} baris.")
            rid = c.execute(
                "INSERT INTO quickwin_risks (quickwin_id, position, risk, likelihood, impact, "
                "mitigation, owner_opd_id) VALUES (?,?,?,?,?,?,?)",
                (
                    qw.id,
                    n[1] + 1,
                    clean["risk"],
                    clean["likelihood"],
                    clean["impact"],
                    clean["mitigation"],
                    owner,
                ),
            ).lastrowid
            c.execute("UPDATE quickwins SET updated_at = ? WHERE id = ?", (time.time(), qw.id))
            self._audit(c, qw.workshop_id, "add_quickwin_risk", {"quickwin": qw.id, "risk": rid})
        return next(r for r in self.quickwin_risks(qw.id) if r.id == rid)
