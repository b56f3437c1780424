"""Workshops, their stages (phases, timer, open pillars, reveal) and the app settings."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from .. import domain as d
from ..domain import WorkshopError
from .access import facilitator, public
from .base import StoreBase, _items, _key, _opd_kind, _stage, _workshop

JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _new_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(6))


class WorkshopStore(StoreBase):
    """A workshop is created with the default stages, pillars and OPD roster; its current
    stage moves through the phases collect → group → vote → agree."""

    # ------------------------------------------------------------------ settings

    SETTINGS = ("active_workshop", "public_url")

    @public
    def setting(self, key: str) -> str | None:
        row = self._row("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else None

    @facilitator
    def set_setting(self, auth: str, key: str, value: str | None) -> None:
        """Facilitator settings: the workshop on the projector, the public join URL."""
        d.check_choice(key, self.SETTINGS, label="Pengaturan")
        if value not in (None, "") and key == "active_workshop":
            wid = d.check_int(value, label="Kegiatan", lo=1, hi=2**62)
            self._workshop_or_refuse(wid)
            value = str(wid)
        elif value not in (None, ""):
            value = d.clean_text(value, label="Alamat", max_len=300)
        with self._tx() as c:
            if value in (None, ""):
                c.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                c.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", (key, value))

    @public
    def active_workshop_id(self) -> int | None:
        """The workshop the facilitator chose, else the newest one."""
        value = self.setting("active_workshop")
        if (
            value
            and value.isdigit()
            and self._row("SELECT 1 FROM workshops WHERE id = ?", (int(value),))
        ):
            return int(value)
        row = self._row("SELECT max(id) FROM workshops")
        return row[0] if row and row[0] else None

    # ------------------------------------------------------------------ workshops

    @facilitator
    def create_workshop(
        self,
        auth: str,
        *,
        region: str,
        province: str = "",
        year: int,
        title: str = "",
        venue: str = "",
        opds: Sequence[str] = d.DEFAULT_OPDS,
    ) -> d.Workshop:
        """Create a workshop seeded with the default stages, pillars and OPD roster."""
        region = d.clean_text(region, label="Nama daerah", max_len=d.NAME_MAX)
        province = d.clean_text(province, label="Provinsi", max_len=d.NAME_MAX, required=False)
        year = d.check_int(year, label="Tahun", lo=2000, hi=2100)
        title = d.clean_text(
            title or f"Bimtek Penyusunan Masterplan Smart City {region} {year}",
            label="Judul",
            max_len=300,
        )
        venue = d.clean_text(venue, label="Tempat", max_len=300, required=False)
        names = [
            d.clean_text(n, label="Nama OPD", max_len=d.NAME_MAX)
            for n in _items(opds, "Daftar OPD")
        ]
        now = time.time()
        with self._tx() as c:
            code = self._unused_code(c)
            wid = c.execute(
                "INSERT INTO workshops(region, province, year, title, venue, join_code, "
                "created_at) VALUES (?,?,?,?,?,?,?)",
                (region, province, year, title, venue, code, now),
            ).lastrowid
            for s in d.DEFAULT_STAGES:
                c.execute(
                    "INSERT INTO stages(workshop_id, number, title, focus, outputs) "
                    "VALUES (?,?,?,?,?)",
                    (wid, s.number, s.title, s.focus, s.outputs),
                )
            for i, p in enumerate(d.DEFAULT_PILLARS):
                c.execute(
                    "INSERT INTO pillars(workshop_id, position, name, short, subdims) "
                    "VALUES (?,?,?,?,?)",
                    (wid, i, p.name, p.short, json.dumps(p.subdims)),
                )
            for i, name in enumerate(dict.fromkeys(names)):
                c.execute(
                    "INSERT INTO opds(workshop_id, position, name, kind) VALUES (?,?,?,?)",
                    (wid, i, name, _opd_kind(name)),
                )
        return self._workshop_or_refuse(wid)

    def _unused_code(self, c: sqlite3.Connection) -> str:
        while True:
            code = _new_code()
            if not c.execute("SELECT 1 FROM workshops WHERE join_code=?", (code,)).fetchone():
                return code

    @public
    def workshops(self) -> list[d.Workshop]:
        return [_workshop(r) for r in self._rows("SELECT * FROM workshops ORDER BY id DESC")]

    @public
    def workshop(self, workshop_id: int) -> d.Workshop:
        return self._workshop_or_refuse(workshop_id)

    @public
    def workshop_by_code(self, code: str) -> d.Workshop | None:
        return self._workshop_by_code(code)

    @facilitator
    def update_workshop(self, auth: str, workshop_id: int, **fields: Any) -> d.Workshop:
        spec = {
            "region": (d.NAME_MAX, True, "Nama daerah"),
            "province": (d.NAME_MAX, False, "Provinsi"),
            "title": (300, True, "Judul"),
            "venue": (300, False, "Tempat"),
        }
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "year":
                values[key] = d.check_int(value, label="Tahun", lo=2000, hi=2100)
            elif key in spec:
                values[key] = d.clean_text(
                    value, label=spec[key][2], max_len=spec[key][0], required=spec[key][1]
                )
            else:
                raise WorkshopError(f"Kolom kegiatan tidak dikenal: {key}")
        wid = self._workshop_or_refuse(workshop_id).id
        with self._tx(wid):
            self._update("workshops", wid, values)
        return self._workshop_or_refuse(wid)

    @facilitator
    def rotate_join_code(self, auth: str, workshop_id: int) -> str:
        """A new join code; phones already joined keep working through their token."""
        self._workshop_or_refuse(workshop_id)
        with self._tx(workshop_id) as c:
            code = self._unused_code(c)
            c.execute("UPDATE workshops SET join_code = ? WHERE id = ?", (code, workshop_id))
            self._audit(c, workshop_id, "rotate_join_code")
        return code

    @public
    def version(self, workshop_id: int) -> int:
        row = self._row("SELECT version FROM workshops WHERE id = ?", (workshop_id,))
        return row["version"] if row else -1

    @public
    def live_state(self, workshop_id: int) -> dict[str, Any]:
        """What phones need to know to pick their screen: cheap, one query."""
        row = self._row(
            "SELECT w.version, w.current_stage, s.id AS stage_id, s.phase, s.phase_ends_at, "
            "s.vote_mode, s.reveal, (SELECT group_concat(pillar_id) FROM pillar_voting pv "
            "WHERE pv.stage_id = s.id AND pv.is_open) AS open_pillars "
            "FROM workshops w JOIN stages s ON s.workshop_id = w.id AND s.number = w.current_stage "
            "WHERE w.id = ?",
            (_key(workshop_id, "Kegiatan"),),
        )
        if row is None:
            raise WorkshopError("Kegiatan tidak ditemukan.")
        state = dict(row)
        state["open_pillars"] = sorted(int(x) for x in (row["open_pillars"] or "").split(",") if x)
        state["reveal"] = bool(row["reveal"])
        return state

    # ------------------------------------------------------------------ stages

    @public
    def stages(self, workshop_id: int) -> list[d.Stage]:
        return [
            _stage(r)
            for r in self._rows(
                "SELECT * FROM stages WHERE workshop_id = ? ORDER BY number", (workshop_id,)
            )
        ]

    @public
    def stage(self, stage_id: int) -> d.Stage:
        return self._stage_or_refuse(stage_id)

    @public
    def stage_by_number(self, workshop_id: int, number: int) -> d.Stage:
        return self._stage_number_or_refuse(workshop_id, number)

    @public
    def current_stage(self, workshop_id: int) -> d.Stage:
        return self._current_stage(workshop_id)

    @facilitator
    def update_stage(self, auth: str, stage_id: int, **fields: Any) -> d.Stage:
        """Edit a stage's title, focus, outputs, date, vote mode, budget or cap."""
        stage = self._stage_or_refuse(stage_id)
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "title":
                values[key] = d.clean_text(value, label="Judul tahap", max_len=300)
            elif key in ("focus", "outputs"):
                values[key] = d.clean_text(value, label=key, max_len=d.TEXT_MAX, required=False)
            elif key == "date":
                values[key] = d.check_date(value, label="Tanggal")
            elif key == "vote_mode":
                values[key] = d.check_choice(value, d.VOTE_MODES, label="Mode voting")
            elif key == "budget":
                values[key] = d.check_int(value, label="Jatah suara", lo=1, hi=d.MAX_BUDGET)
            elif key == "cap":
                values[key] = d.check_int(
                    value, label="Batas suara per usulan", lo=1, hi=d.MAX_BUDGET
                )
            else:
                raise WorkshopError(f"Kolom tahap tidak dikenal: {key}")
        budget = values.get("budget", stage.budget)
        if values.get("cap", stage.cap) > budget:
            raise WorkshopError("Batas suara per usulan tidak boleh melebihi jatah suara.")
        with self._tx(stage.workshop_id) as c:
            has_votes = c.execute(
                "SELECT 1 FROM votes WHERE stage_id=? UNION SELECT 1 FROM "
                "ratings WHERE stage_id=? LIMIT 1",
                (stage_id, stage_id),
            ).fetchone()
            if has_votes and any(
                k in values and values[k] != getattr(stage, k)
                for k in ("vote_mode", "budget", "cap")
            ):
                raise WorkshopError("Aturan voting tidak bisa diubah setelah ada suara masuk.")
            self._update("stages", stage.id, values)
            self._audit(c, stage.workshop_id, "update_stage", {"stage": stage.number, **values})
        return self._stage_or_refuse(stage_id)

    @facilitator
    def set_current_stage(self, auth: str, workshop_id: int, number: int) -> d.Stage:
        stage = self._stage_number_or_refuse(
            workshop_id, d.check_int(number, label="Tahap", lo=1, hi=99)
        )
        with self._tx(workshop_id) as c:
            c.execute("UPDATE workshops SET current_stage = ? WHERE id = ?", (number, workshop_id))
            self._audit(c, workshop_id, "set_current_stage", {"stage": number})
            if stage.date is None:
                c.execute(
                    "UPDATE stages SET date = date('now', 'localtime') WHERE id = ?", (stage.id,)
                )
        return self._stage_or_refuse(stage.id)

    @facilitator
    def set_phase(
        self,
        auth: str,
        stage_id: int,
        phase: str,
        timer_seconds: int | None = None,
        *,
        open_voting: bool = True,
    ) -> d.Stage:
        """Move a stage to a phase. Entering 'vote' opens voting in every pillar with a
        shortlist (unless `open_voting` is False); with no shortlist yet, all ideas shown
        in this stage are put on it. Leaving 'vote' closes all voting."""
        phase = d.check_choice(phase, d.PHASES, label="Fase")
        stage = self._stage_or_refuse(stage_id)
        ends = None
        if timer_seconds:
            ends = time.time() + d.check_int(timer_seconds, label="Timer", lo=1, hi=6 * 3600)
        with self._tx(stage.workshop_id) as c:
            c.execute(
                "UPDATE stages SET phase = ?, phase_ends_at = ? WHERE id = ?",
                (phase, ends, stage_id),
            )
            self._audit(c, stage.workshop_id, "set_phase", {"stage": stage.number, "phase": phase})
            c.execute("UPDATE pillar_voting SET is_open = 0 WHERE stage_id = ?", (stage_id,))
            if (
                phase == "vote"
                and not c.execute(
                    "SELECT 1 FROM shortlist WHERE stage_id = ?", (stage_id,)
                ).fetchone()
            ):
                # No ballot chosen yet: every idea shown in this stage goes to the vote.
                c.execute(
                    "INSERT INTO shortlist SELECT ?, id FROM ideas WHERE stage_id = ? "
                    "AND status = 'shown'",
                    (stage_id, stage_id),
                )
            if phase == "vote" and open_voting:
                c.execute(
                    "INSERT INTO pillar_voting(stage_id, pillar_id, is_open) "
                    "SELECT DISTINCT ?, i.pillar_id, 1 FROM shortlist s JOIN ideas i "
                    "ON i.id = s.idea_id WHERE s.stage_id = ? "
                    "ON CONFLICT(stage_id, pillar_id) DO UPDATE SET is_open = 1",
                    (stage_id, stage_id),
                )
            if phase == "vote":
                c.execute("UPDATE stages SET reveal = 0 WHERE id = ?", (stage_id,))
        return self._stage_or_refuse(stage_id)

    @facilitator
    def set_timer(self, auth: str, stage_id: int, seconds: int | None) -> d.Stage:
        stage = self._stage_or_refuse(stage_id)
        ends = None
        if seconds:
            ends = time.time() + d.check_int(seconds, label="Timer", lo=1, hi=6 * 3600)
        with self._tx(stage.workshop_id) as c:
            c.execute("UPDATE stages SET phase_ends_at = ? WHERE id = ?", (ends, stage_id))
        return self._stage_or_refuse(stage_id)

    @facilitator
    def set_pillar_voting(self, auth: str, stage_id: int, pillar_id: int, is_open: bool) -> None:
        is_open = d.check_bool(is_open, label="Status voting")
        stage = self._stage_or_refuse(stage_id)
        self._pillar_or_refuse(stage.workshop_id, pillar_id)
        with self._tx(stage.workshop_id) as c:
            c.execute(
                "INSERT INTO pillar_voting(stage_id, pillar_id, is_open) VALUES (?,?,?) "
                "ON CONFLICT(stage_id, pillar_id) DO UPDATE SET is_open = excluded.is_open",
                (stage_id, pillar_id, int(bool(is_open))),
            )
            self._audit(
                c,
                stage.workshop_id,
                "set_pillar_voting",
                {"stage": stage.number, "pillar": pillar_id, "open": bool(is_open)},
            )

    @public
    def open_pillars(self, stage_id: int) -> list[int]:
        return [
            r[0]
            for r in self._rows(
                "SELECT pillar_id FROM pillar_voting WHERE stage_id = ? AND is_open "
                "ORDER BY pillar_id",
                (stage_id,),
            )
        ]

    @facilitator
    def set_reveal(self, auth: str, stage_id: int, reveal: bool) -> None:
        reveal = d.check_bool(reveal, label="Tampilkan hasil")
        stage = self._stage_or_refuse(stage_id)
        with self._tx(stage.workshop_id) as c:
            c.execute("UPDATE stages SET reveal = ? WHERE id = ?", (int(bool(reveal)), stage_id))
            self._audit(
                c, stage.workshop_id, "set_reveal", {"stage": stage.number, "reveal": bool(reveal)}
            )
