"""A stage's activities (workshop/activities) and the participants' answers to them.

Every rule is checked here inside the write transaction: the set-up per kind
(`kinds.check_config`), an answer only while its activity is open and its stage is the
workshop's current one, the answer's shape (`kinds.check_answer`), the SWOT cap per
person. At most one activity of a workshop is open on the phones and one is shown on the
projector; opening one closes the others."""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

from .. import domain as d
from ..activities import kinds as k
from ..activities.kinds import Activity
from ..domain import WorkshopError
from .access import facilitator, participant, public
from .base import StoreBase, _key


def _activity(r: sqlite3.Row) -> Activity:
    return Activity(
        id=r["id"],
        workshop_id=r["workshop_id"],
        stage_id=r["stage_id"],
        position=r["position"],
        kind=r["kind"],
        title=r["title"],
        config=json.loads(r["config"] or "{}"),
        is_open=bool(r["is_open"]),
        shown=bool(r["shown"]),
        rev=r["rev"],
    )


class ActivityStore(StoreBase):
    """Activities per stage (ordered, editable), open/shown switches, answers."""

    def _activity_or_refuse(self, activity_id: Any) -> Activity:
        row = self._row("SELECT * FROM activities WHERE id = ?", (_key(activity_id, "Aktivitas"),))
        if row is None:
            raise WorkshopError("Aktivitas tidak ditemukan.")
        return _activity(row)

    def _pillar_ids(self, workshop_id: int) -> list[int]:
        return [
            r[0] for r in self._rows("SELECT id FROM pillars WHERE workshop_id = ?", (workshop_id,))
        ]

    # ------------------------------------------------------------------ reads

    @public
    def activities(self, stage_id: int) -> list[Activity]:
        """The stage's activities in order."""
        stage = self._stage_or_refuse(stage_id)
        return [
            _activity(r)
            for r in self._rows(
                "SELECT * FROM activities WHERE stage_id = ? ORDER BY position, id", (stage.id,)
            )
        ]

    @public
    def activity(self, activity_id: int) -> Activity:
        return self._activity_or_refuse(activity_id)

    @public
    def open_activity(self, stage_id: int) -> Activity | None:
        """The stage's activity open on the phones, if any (one indexed read: the phones'
        poll asks this, see activities.phone_screen)."""
        row = self._row(
            "SELECT * FROM activities WHERE stage_id = ? AND is_open = 1 LIMIT 1",
            (_key(stage_id, "Tahap"),),
        )
        return _activity(row) if row else None

    @public
    def shown_activity(self, workshop_id: int) -> Activity | None:
        """The activity on the projector (of the current stage), if any."""
        row = self._row(
            "SELECT a.* FROM activities a JOIN workshops w ON w.id = a.workshop_id "
            "JOIN stages s ON s.id = a.stage_id AND s.number = w.current_stage "
            "WHERE a.workshop_id = ? AND a.shown = 1 LIMIT 1",
            (_key(workshop_id, "Kegiatan"),),
        )
        return _activity(row) if row else None

    @public
    def activity_answers(self, activity_id: int) -> list[dict[str, Any]]:
        """Every answer of an activity (removed participants left out), oldest first:
        {id, participant_id, group, opd_id, item, value, status}."""
        act = self._activity_or_refuse(activity_id)
        rows = self._rows(
            "SELECT r.id, r.participant_id, p.grp, p.opd_id, r.item, r.value, r.status "
            "FROM activity_responses r LEFT JOIN participants p ON p.id = r.participant_id "
            f"WHERE r.activity_id = ? AND {self._active('r.participant_id')} ORDER BY r.id",
            (act.id,),
        )
        return [
            {
                "id": r["id"],
                "participant_id": r["participant_id"],
                "group": r["grp"] or "fasilitator",
                "opd_id": r["opd_id"],
                "item": r["item"],
                "value": json.loads(r["value"]),
                "status": r["status"],
            }
            for r in rows
        ]

    @public
    def activity_counts(self, stage_id: int) -> dict[int, int]:
        """Answers per activity of the stage (people, not rows: SWOT cards count once)."""
        stage_id = self._stage_or_refuse(stage_id).id
        rows = self._rows(
            "SELECT a.id, count(DISTINCT r.participant_id) FROM activities a "
            "LEFT JOIN activity_responses r ON r.activity_id = a.id "
            f"AND {self._active('r.participant_id')} WHERE a.stage_id = ? GROUP BY a.id",
            (_key(stage_id, "Tahap"),),
        )
        return {r[0]: r[1] for r in rows}

    # ------------------------------------------------------------------ facilitator

    def _insert(self, c: sqlite3.Connection, stage: d.Stage, kind: str, title: str) -> int:
        pos = self._count(
            "SELECT coalesce(max(position), 0) + 1 FROM activities WHERE stage_id = ?",
            (stage.id,),
        )
        cur = c.execute(
            "INSERT INTO activities(workshop_id, stage_id, position, kind, title, config, "
            "created_at) VALUES (?,?,?,?,?,?,?)",
            (
                stage.workshop_id,
                stage.id,
                pos,
                kind,
                title,
                json.dumps(k.default_config(kind), ensure_ascii=False),
                time.time(),
            ),
        )
        return int(cur.lastrowid or 0)

    @facilitator
    def ensure_activities(self, auth: str, stage_id: int) -> list[Activity]:
        """A stage without activities gets its defaults (kinds.STAGE_DEFAULTS)."""
        stage = self._stage_or_refuse(stage_id)
        with self._tx(stage.workshop_id) as c:
            if not self._count("SELECT count(*) FROM activities WHERE stage_id = ?", (stage.id,)):
                for kind in k.STAGE_DEFAULTS.get(stage.number, ("ideas",)):
                    self._insert(c, stage, kind, k.KIND_LABELS[kind])
                self._audit(c, stage.workshop_id, "activities_default", {"stage": stage.id})
        return self.activities(stage.id)

    @facilitator
    def add_activity(
        self, auth: str, stage_id: int, kind: str, title: str | None = None
    ) -> Activity:
        stage = self._stage_or_refuse(stage_id)
        kind = k.check_kind(kind)
        name = d.clean_text(
            k.KIND_LABELS[kind] if title is None else title,
            label="Judul aktivitas",
            max_len=k.TITLE_MAX,
        )
        with self._tx(stage.workshop_id) as c:
            if self._count("SELECT count(*) FROM activities WHERE stage_id = ?", (stage.id,)) >= 20:
                raise WorkshopError("Satu tahap paling banyak 20 aktivitas.")
            new = self._insert(c, stage, kind, name)
            self._audit(c, stage.workshop_id, "activity_add", {"id": new, "kind": kind})
        return self._activity_or_refuse(new)

    @facilitator
    def update_activity(
        self, auth: str, activity_id: int, *, title: str | None = None, config: Any = None
    ) -> Activity:
        """Rename an activity or replace its set-up (checked per kind). Phones showing it
        redraw (its `rev` moves on)."""
        act = self._activity_or_refuse(activity_id)
        values: dict[str, Any] = {}
        if title is not None:
            values["title"] = d.clean_text(title, label="Judul aktivitas", max_len=k.TITLE_MAX)
        if config is not None:
            clean = k.check_config(act.kind, config, self._pillar_ids(act.workshop_id))
            values["config"] = json.dumps(clean, ensure_ascii=False)
        if not values:
            return act
        with self._tx(act.workshop_id) as c:
            self._update("activities", act.id, {**values, "rev": act.rev + 1})
            self._audit(
                c, act.workshop_id, "activity_update", {"id": act.id, "fields": sorted(values)}
            )
        return self._activity_or_refuse(act.id)

    @facilitator
    def move_activity(self, auth: str, activity_id: int, delta: int) -> list[Activity]:
        """Move an activity up (-1) or down (+1) in its stage's list."""
        act = self._activity_or_refuse(activity_id)
        step = d.check_int(delta, label="Geser", lo=-1, hi=1)
        with self._tx(act.workshop_id) as c:
            order = [a.id for a in self.activities(act.stage_id)]
            i = order.index(act.id)
            j = max(0, min(len(order) - 1, i + step))
            order[i], order[j] = order[j], order[i]
            for pos, aid in enumerate(order, 1):
                c.execute("UPDATE activities SET position = ? WHERE id = ?", (pos, aid))
        return self.activities(act.stage_id)

    @facilitator
    def remove_activity(self, auth: str, activity_id: int) -> None:
        """Take an activity out of its stage; refused once it has answers (they are the
        city's record)."""
        act = self._activity_or_refuse(activity_id)
        with self._tx(act.workshop_id) as c:
            if self._count(
                "SELECT count(*) FROM activity_responses WHERE activity_id = ?", (act.id,)
            ):
                raise WorkshopError("Aktivitas yang sudah berisi jawaban tidak dapat dihapus.")
            c.execute("DELETE FROM activities WHERE id = ?", (act.id,))
            self._audit(c, act.workshop_id, "activity_remove", {"id": act.id, "kind": act.kind})

    @facilitator
    def set_activity_open(self, auth: str, activity_id: int, is_open: bool) -> Activity:
        """Open an activity on the phones (closing any other of the workshop, and showing
        it on the projector) or close it (its results stay on the projector). Only an
        activity of the current stage can be opened."""
        act = self._activity_or_refuse(activity_id)
        on = d.check_bool(is_open, label="Status aktivitas")
        with self._tx(act.workshop_id) as c:
            if on:
                stage = self._current_stage(act.workshop_id)
                if stage.id != act.stage_id:
                    raise WorkshopError(
                        "Hanya aktivitas tahap yang sedang berjalan yang dapat dibuka."
                    )
                c.execute(
                    "UPDATE activities SET is_open = 0, shown = 0 WHERE workshop_id = ?",
                    (act.workshop_id,),
                )
                c.execute("UPDATE activities SET is_open = 1, shown = 1 WHERE id = ?", (act.id,))
            else:
                c.execute("UPDATE activities SET is_open = 0 WHERE id = ?", (act.id,))
            self._audit(c, act.workshop_id, "activity_open" if on else "activity_close", act.id)
        return self._activity_or_refuse(act.id)

    @facilitator
    def set_activity_shown(self, auth: str, activity_id: int, shown: bool) -> Activity:
        """Show an activity's results on the projector (or give the projector back to the
        stage's ideas loop)."""
        act = self._activity_or_refuse(activity_id)
        on = d.check_bool(shown, label="Tampilkan di proyektor")
        with self._tx(act.workshop_id) as c:
            c.execute("UPDATE activities SET shown = 0 WHERE workshop_id = ?", (act.workshop_id,))
            if on:
                c.execute("UPDATE activities SET shown = 1 WHERE id = ?", (act.id,))
        return self._activity_or_refuse(act.id)

    @facilitator
    def moderate_answer(self, auth: str, answer_id: int, status: str) -> None:
        """Hide or show one SWOT card or keyword answer (kept, left out of results)."""
        aid = _key(answer_id, "Jawaban")
        status = d.check_choice(status, ("shown", "hidden"), label="Status")
        row = self._row("SELECT activity_id FROM activity_responses WHERE id = ?", (aid,))
        if row is None:
            raise WorkshopError("Jawaban tidak ditemukan.")
        act = self._activity_or_refuse(row[0])
        with self._tx(act.workshop_id) as c:
            c.execute(
                "UPDATE activity_responses SET status = ?, updated_at = ? WHERE id = ?",
                (status, time.time(), aid),
            )
            self._audit(c, act.workshop_id, "answer_" + status, aid)

    @facilitator
    def add_floor_card(
        self, auth: str, activity_id: int, pillar_id: int, quadrant: str, text: str
    ) -> int:
        """A SWOT card from the floor (a group's worksheet), entered by the facilitator."""
        act = self._activity_or_refuse(activity_id)
        if act.kind != "swot":
            raise WorkshopError("Kartu hanya untuk aktivitas SWOT.")
        value = k.check_answer(
            act,
            {"pillar_id": pillar_id, "quadrant": quadrant, "text": text},
            self._pillar_ids(act.workshop_id),
            "",
        )
        now = time.time()
        with self._tx(act.workshop_id) as c:
            cur = c.execute(
                "INSERT INTO activity_responses(activity_id, participant_id, item, value, "
                "created_at, updated_at) VALUES (?,?,?,?,?,?)",
                (act.id, None, f"floor:{now:.6f}", json.dumps(value, ensure_ascii=False), now, now),
            )
            self._audit(c, act.workshop_id, "swot_floor_card", act.id)
        return int(cur.lastrowid or 0)

    # ------------------------------------------------------------------ participants

    @participant
    def submit_answer(
        self, me: d.Participant, activity_id: int, value: Any, pillar_id: int | None = None
    ) -> dict[str, Any]:
        """Store a participant's answer (replacing an earlier one for the same activity and
        pillar; a SWOT card is added, up to the activity's cap). Refused unless the activity
        is open and belongs to the workshop's current stage."""
        act = self._activity_or_refuse(activity_id)
        if act.workshop_id != me.workshop_id:
            raise WorkshopError("Aktivitas tidak ditemukan.")
        item = k.answer_item(act, pillar_id)
        clean = k.check_answer(act, value, self._pillar_ids(act.workshop_id), item)
        now = time.time()
        with self._tx(act.workshop_id) as c:
            row = self._row(
                "SELECT a.is_open, a.stage_id = s.id FROM activities a JOIN workshops w "
                "ON w.id = a.workshop_id JOIN stages s ON s.workshop_id = w.id "
                "AND s.number = w.current_stage WHERE a.id = ?",
                (act.id,),
            )
            if row is None or not row[0] or not row[1]:
                raise WorkshopError("Aktivitas ini sedang ditutup.")
            data = json.dumps(clean, ensure_ascii=False)
            if act.kind == "swot":
                mine = self._count(
                    "SELECT count(*) FROM activity_responses WHERE activity_id = ? "
                    "AND participant_id = ?",
                    (act.id, me.id),
                )
                cap = act.config.get("cap", k.SWOT_CAP_DEFAULT)
                if mine >= cap:
                    raise WorkshopError(
                        f"Batas kartu SWOT sudah tercapai: paling banyak {cap} kartu "
                        "untuk setiap peserta."
                    )
                item = f"swot:{mine + 1}"
            c.execute(
                "INSERT INTO activity_responses(activity_id, participant_id, item, value, "
                "created_at, updated_at) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT (activity_id, participant_id, item) DO UPDATE SET "
                "value = excluded.value, updated_at = excluded.updated_at",
                (act.id, me.id, item, data, now, now),
            )
            self._attend(c, me.id, me.workshop_id, now)
        return clean

    @participant
    def my_answers(self, me: d.Participant, activity_id: int) -> dict[str, Any]:
        """This participant's stored answers to an activity: {item: value} ('' for a
        whole-activity answer, the pillar id as text per pillar, 'swot:N' per card)."""
        act = self._activity_or_refuse(activity_id)
        rows = self._rows(
            "SELECT item, value FROM activity_responses WHERE activity_id = ? "
            "AND participant_id = ? ORDER BY id",
            (act.id, me.id),
        )
        return {r["item"]: json.loads(r["value"]) for r in rows}
