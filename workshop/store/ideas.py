"""Ideas (usulan): sent by participants while collecting, moderated by the facilitator."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from .. import domain as d
from ..domain import AccessDenied, WorkshopError
from . import limits as lim
from .access import facilitator, local, participant, public
from .base import StoreBase, _idea, _items, _key


class IdeaStore(StoreBase):
    """Sending, editing, hiding and merging ideas."""

    def _collecting_stage(self, workshop_id: int) -> d.Stage:
        stage = self._current_stage(workshop_id)
        if stage.phase != "collect":
            raise WorkshopError("Pengumpulan usulan sedang ditutup.")
        return stage

    def _idea_fields(
        self,
        workshop_id: int,
        *,
        pillar_id: Any = None,
        kind: Any = None,
        title: Any = None,
        description: Any = "",
        subdim: Any = None,
        opd_id: Any = None,
        **unknown: Any,
    ) -> dict[str, Any]:
        if unknown:  # a TypeError would reach the page instead of a message
            raise WorkshopError(f"Kolom usulan tidak dikenal: {', '.join(sorted(unknown))}")
        pillar = self._pillar_or_refuse(workshop_id, pillar_id)
        sub = None
        if subdim not in (None, ""):
            sub = d.clean_text(subdim, label="Subdimensi", max_len=d.NAME_MAX)
            if pillar.subdims and sub not in pillar.subdims:
                raise WorkshopError(f"Subdimensi '{sub}' tidak ada di pilar {pillar.name}.")
        return {
            "pillar_id": pillar.id,
            "kind": d.check_choice(kind, d.KINDS, label="Jenis usulan"),
            "title": d.clean_text(title, label="Judul", max_len=d.TITLE_MAX),
            "description": d.clean_text(
                description, label="Uraian", max_len=d.DESCRIPTION_MAX, required=False
            ),
            "subdim": sub,
            "opd_id": self._opd_or_none(workshop_id, opd_id),
        }

    @local
    def generating_ideas(self, workshop_id: int, on: bool) -> None:
        """While code on the machine writes generated data (the demo, benchmarks), the
        idea limits do not apply to that workshop (whose join code nobody has seen yet)."""
        with self._lock:
            now = set(getattr(self, "_generating", ()))
            (now.add if on else now.discard)(int(workshop_id))
            self._generating = now

    def _check_idea_limits(self, c: Any, p: d.Participant, stage_id: int, now: float) -> None:
        """Ideas per participant per stage and per minute (limits.py), in the caller's
        write transaction (every idea the participant sent counts, hidden ones too)."""
        if p.workshop_id in getattr(self, "_generating", ()):
            return
        limits = lim.limits_of(c, p.workshop_id)
        in_stage, last_minute = c.execute(
            "SELECT count(*), coalesce(sum(created_at > ?), 0) FROM ideas "
            "WHERE author_id = ? AND stage_id = ?",
            (now - lim.WINDOW, p.id, stage_id),
        ).fetchone()
        if in_stage >= limits.ideas_per_stage:
            raise WorkshopError(
                f"Anda sudah mengirim {in_stage} usulan di tahap ini "
                f"(batas {limits.ideas_per_stage} per peserta)."
            )
        if last_minute >= limits.ideas_per_minute:
            raise WorkshopError(
                f"Terlalu cepat: paling banyak {limits.ideas_per_minute} usulan per menit. "
                "Tunggu sebentar lalu kirim lagi."
            )

    # ------------------------------------------------------------------ a participant's own ideas

    @participant
    def submit_idea(
        self,
        p: d.Participant,
        *,
        pillar_id: int,
        kind: str,
        title: str,
        description: str = "",
        subdim: str | None = None,
        opd_id: int | None = None,
        client_key: str | None = None,
    ) -> d.Idea:
        """A participant sends an idea to the current stage. Idempotent per `client_key`,
        and a repeat of the same text by the same author returns the first idea."""
        fields = self._idea_fields(
            p.workshop_id,
            pillar_id=pillar_id,
            kind=kind,
            title=title,
            description=description,
            subdim=subdim,
            opd_id=opd_id if opd_id is not None else p.opd_id,
        )
        key = None if client_key is None else d.clean_text(client_key, label="Kunci", max_len=64)
        now = time.time()
        with self._tx(p.workshop_id) as c:
            stage = self._collecting_stage(p.workshop_id)
            dup = c.execute(
                "SELECT id FROM ideas WHERE author_id = ? AND (client_key = ? OR (stage_id = ? "
                "AND pillar_id = ? AND title = ? AND description = ?))",
                (p.id, key, stage.id, fields["pillar_id"], fields["title"], fields["description"]),
            ).fetchone()
            if dup:
                idea_id = dup[0]
            else:
                self._check_idea_limits(c, p, stage.id, now)
                idea_id = c.execute(
                    "INSERT INTO ideas(workshop_id, stage_id, pillar_id, subdim, kind, title, "
                    "description, opd_id, author_id, client_key, created_at, updated_at) "
                    "VALUES (:w,:s,:pillar_id,:subdim,:kind,:title,:description,:opd_id,:a,:k,"
                    ":t,:t)",
                    {**fields, "w": p.workshop_id, "s": stage.id, "a": p.id, "k": key, "t": now},
                ).lastrowid
        return self._idea_or_refuse(idea_id)

    @participant
    def edit_own_idea(self, p: d.Participant, idea_id: int, **fields: Any) -> d.Idea:
        """A participant edits their own idea while collection is open."""
        idea = self._idea_or_refuse(idea_id)
        if idea.author_id != p.id:
            raise AccessDenied("Anda hanya boleh mengubah usulan Anda sendiri.")
        merged = {
            "pillar_id": idea.pillar_id,
            "kind": idea.kind,
            "title": idea.title,
            "description": idea.description,
            "subdim": idea.subdim,
            "opd_id": idea.opd_id,
        }
        merged.update(fields)
        values = self._idea_fields(p.workshop_id, **merged)
        with self._tx(p.workshop_id) as c:
            stage = self._collecting_stage(p.workshop_id)
            if idea.stage_id != stage.id:
                raise WorkshopError("Usulan dari tahap sebelumnya tidak bisa diubah.")
            if idea.status != "shown":
                raise WorkshopError("Usulan ini sudah diproses fasilitator dan tidak bisa diubah.")
            c.execute(
                "UPDATE ideas SET pillar_id=:pillar_id, kind=:kind, title=:title, "
                "description=:description, subdim=:subdim, opd_id=:opd_id, updated_at=:t "
                "WHERE id=:id",
                {**values, "t": time.time(), "id": idea_id},
            )
        return self._idea_or_refuse(idea_id)

    @participant
    def delete_own_idea(self, p: d.Participant, idea_id: int) -> None:
        idea = self._idea_or_refuse(idea_id)
        if idea.author_id != p.id:
            raise AccessDenied("Anda hanya boleh menghapus usulan Anda sendiri.")
        with self._tx(p.workshop_id) as c:
            stage = self._collecting_stage(p.workshop_id)
            if idea.stage_id != stage.id or idea.status != "shown":
                raise WorkshopError("Usulan ini tidak bisa dihapus lagi.")
            if c.execute(
                "SELECT 1 FROM shortlist WHERE idea_id=? UNION SELECT 1 FROM ideas "
                "WHERE merged_into=? LIMIT 1",
                (idea_id, idea_id),
            ).fetchone():
                raise WorkshopError("Usulan ini sudah diproses fasilitator.")
            c.execute(
                "UPDATE ideas SET status='hidden', updated_at=? WHERE id=?", (time.time(), idea_id)
            )

    @participant
    def my_ideas(self, p: d.Participant) -> list[d.Idea]:
        return [
            _idea(r)
            for r in self._rows(
                "SELECT * FROM ideas WHERE author_id = ? AND status <> 'hidden' ORDER BY id DESC",
                (p.id,),
            )
        ]

    # ------------------------------------------------------------------ reads

    @public
    def idea(self, idea_id: int) -> d.Idea:
        return self._idea_or_refuse(idea_id)

    @public
    def ideas(
        self,
        workshop_id: int,
        *,
        stage_id: int | None = None,
        pillar_id: int | None = None,
        statuses: Sequence[str] = ("shown",),
        since_id: int = 0,
    ) -> list[d.Idea]:
        # (a removed participant's ideas leave every view: base.active)
        sql = "SELECT * FROM ideas WHERE workshop_id = ? AND id > ? AND " + self._active(
            "author_id"
        )
        params: list[Any] = [workshop_id, since_id]
        if stage_id is not None:
            sql += " AND stage_id = ?"
            params.append(stage_id)
        if pillar_id is not None:
            sql += " AND pillar_id = ?"
            params.append(pillar_id)
        sql += f" AND status IN ({','.join('?' * len(statuses))}) ORDER BY id"
        params.extend(statuses)
        return [_idea(r) for r in self._rows(sql, params)]

    @public
    def similar_ideas(
        self, workshop_id: int, title: str, *, pillar_id: int | None = None, threshold: float = 0.6
    ) -> list[tuple[d.Idea, float]]:
        """Ideas already sent whose title looks like `title` (near-duplicate check)."""
        if not isinstance(title, str) or not title.strip():
            return []
        pool = self.ideas(workshop_id, pillar_id=pillar_id)
        by_id = {i.id: i for i in pool}
        return [
            (by_id[i], s)
            for i, _, s in d.similar_titles(title, [(i.id, i.title) for i in pool], threshold)
        ]

    @public
    def merged_into(self, idea_id: int) -> list[d.Idea]:
        return [
            _idea(r)
            for r in self._rows("SELECT * FROM ideas WHERE merged_into = ? ORDER BY id", (idea_id,))
        ]

    # ------------------------------------------------------------ the facilitator's moderation

    @facilitator
    def add_idea(
        self, auth: str, workshop_id: int, *, stage_id: int | None = None, **fields: Any
    ) -> d.Idea:
        """The facilitator adds an idea from the floor (no author), in any phase."""
        stage = self._stage_or_refuse(stage_id) if stage_id else self._current_stage(workshop_id)
        if stage.workshop_id != workshop_id:
            raise WorkshopError("Tahap tidak ditemukan.")
        values = self._idea_fields(workshop_id, **fields)
        now = time.time()
        with self._tx(workshop_id) as c:
            idea_id = c.execute(
                "INSERT INTO ideas(workshop_id, stage_id, pillar_id, subdim, kind, title, "
                "description, opd_id, created_at, updated_at) "
                "VALUES (:w,:s,:pillar_id,:subdim,:kind,:title,:description,:opd_id,:t,:t)",
                {**values, "w": workshop_id, "s": stage.id, "t": now},
            ).lastrowid
        return self._idea_or_refuse(idea_id)

    @facilitator
    def moderate_idea(self, auth: str, idea_id: int, **fields: Any) -> d.Idea:
        """The facilitator edits an idea (text, pillar, kind, OPD) in any phase."""
        idea = self._idea_or_refuse(idea_id)
        merged = {
            "pillar_id": idea.pillar_id,
            "kind": idea.kind,
            "title": idea.title,
            "description": idea.description,
            "subdim": idea.subdim,
            "opd_id": idea.opd_id,
        }
        merged.update(fields)
        if (
            "pillar_id" in fields
            and fields["pillar_id"] != idea.pillar_id
            and "subdim" not in fields
        ):
            merged["subdim"] = None
        values = self._idea_fields(idea.workshop_id, **merged)
        with self._tx(idea.workshop_id) as c:
            if (
                values["pillar_id"] != idea.pillar_id
                and c.execute(
                    "SELECT 1 FROM votes WHERE idea_id=? UNION SELECT 1 FROM ratings WHERE "
                    "idea_id=? LIMIT 1",
                    (idea_id, idea_id),
                ).fetchone()
            ):
                raise WorkshopError("Usulan yang sudah dipilih tidak bisa dipindah pilar.")
            c.execute(
                "UPDATE ideas SET pillar_id=:pillar_id, kind=:kind, title=:title, "
                "description=:description, subdim=:subdim, opd_id=:opd_id, updated_at=:t "
                "WHERE id=:id",
                {**values, "t": time.time(), "id": idea_id},
            )
            self._audit(
                c,
                idea.workshop_id,
                "moderate_idea",
                {
                    "idea": idea_id,
                    "before": {"title": idea.title, "pillar": idea.pillar_id},
                    "after": {"title": values["title"], "pillar": values["pillar_id"]},
                },
            )
        return self._idea_or_refuse(idea_id)

    @facilitator
    def set_idea_hidden(self, auth: str, idea_id: int, hidden: bool) -> d.Idea:
        hidden = d.check_bool(hidden, label="Sembunyikan")
        idea = self._idea_or_refuse(idea_id)
        if idea.status == "merged":
            raise WorkshopError("Usulan ini sudah digabung; pisahkan dulu.")
        with self._tx(idea.workshop_id) as c:
            c.execute(
                "UPDATE ideas SET status=?, updated_at=? WHERE id=?",
                ("hidden" if hidden else "shown", time.time(), idea_id),
            )
            self._audit(
                c, idea.workshop_id, "hide_idea" if hidden else "show_idea", {"idea": idea_id}
            )
            if hidden:
                c.execute(
                    "DELETE FROM shortlist WHERE idea_id=? AND stage_id NOT IN "
                    "(SELECT stage_id FROM votes WHERE idea_id=?)",
                    (idea_id, idea_id),
                )
        return self._idea_or_refuse(idea_id)

    def _ideas_of_one_workshop(self, idea_ids: Any) -> list[d.Idea]:
        """The ideas of a bulk action: a non-empty list of ids of one workshop, no repeats."""
        ids = list(dict.fromkeys(_key(i, "Usulan") for i in _items(idea_ids, "Daftar usulan")))
        if not ids:
            raise WorkshopError("Pilih minimal satu usulan.")
        rows = self._rows(
            f"SELECT * FROM ideas WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", ids
        )
        if len(rows) != len(ids):
            raise WorkshopError("Usulan tidak ditemukan.")
        ideas = [_idea(r) for r in rows]
        if len({i.workshop_id for i in ideas}) != 1:
            raise WorkshopError("Usulan harus dari satu kegiatan.")
        return ideas

    @facilitator
    def set_ideas_hidden(self, auth: str, idea_ids: Sequence[int], hidden: bool) -> list[d.Idea]:
        """Hide (or show again) several ideas in one transaction: all or none."""
        hidden = d.check_bool(hidden, label="Sembunyikan")
        ideas = self._ideas_of_one_workshop(idea_ids)
        ids = [i.id for i in ideas]
        wid = ideas[0].workshop_id
        marks = ",".join("?" * len(ids))
        with self._tx(wid) as c:
            merged = c.execute(
                f"SELECT title FROM ideas WHERE id IN ({marks}) AND status='merged' "
                "ORDER BY id LIMIT 1",
                ids,
            ).fetchone()
            if merged:
                raise WorkshopError(f"Usulan '{merged[0]}' sudah digabung; pisahkan dulu.")
            c.execute(
                f"UPDATE ideas SET status=?, updated_at=? WHERE id IN ({marks})",
                ("hidden" if hidden else "shown", time.time(), *ids),
            )
            if hidden:
                c.execute(
                    f"DELETE FROM shortlist WHERE idea_id IN ({marks}) AND NOT EXISTS "
                    "(SELECT 1 FROM votes v WHERE v.idea_id = shortlist.idea_id "
                    "AND v.stage_id = shortlist.stage_id)",
                    ids,
                )
            self._audit(c, wid, "hide_ideas" if hidden else "show_ideas", {"ideas": ids})
        return self._ideas_by_id(ids)

    @facilitator
    def move_ideas(self, auth: str, idea_ids: Sequence[int], pillar_id: int) -> list[d.Idea]:
        """Move several ideas to another pillar in one transaction (their subdimension is
        cleared); refused, with nothing moved, when one of them already has votes."""
        ideas = self._ideas_of_one_workshop(idea_ids)
        wid = ideas[0].workshop_id
        pillar = self._pillar_or_refuse(wid, pillar_id)
        moving = [i.id for i in ideas if i.pillar_id != pillar.id]
        with self._tx(wid) as c:
            if moving:
                marks = ",".join("?" * len(moving))
                voted = c.execute(
                    f"SELECT i.title FROM ideas i WHERE i.id IN ({marks}) AND (EXISTS "
                    "(SELECT 1 FROM votes v WHERE v.idea_id = i.id) OR EXISTS "
                    "(SELECT 1 FROM ratings r WHERE r.idea_id = i.id)) ORDER BY i.id LIMIT 1",
                    moving,
                ).fetchone()
                if voted:
                    raise WorkshopError(
                        f"Usulan '{voted[0]}' sudah dipilih; tidak bisa dipindah pilar."
                    )
                c.execute(
                    "UPDATE ideas SET pillar_id=?, subdim=NULL, updated_at=? "
                    f"WHERE id IN ({marks})",
                    (pillar.id, time.time(), *moving),
                )
            self._audit(c, wid, "move_ideas", {"ideas": moving, "pillar": pillar.id})
        return self._ideas_by_id([i.id for i in ideas])

    def _ideas_by_id(self, ids: Sequence[int]) -> list[d.Idea]:
        rows = self._rows(
            f"SELECT * FROM ideas WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", ids
        )
        return [_idea(r) for r in rows]

    @facilitator
    def merge_ideas(self, auth: str, target_id: int, source_ids: Sequence[int]) -> d.Idea:
        """Merge duplicates into `target_id`; the originals are kept, marked as merged."""
        target = self._idea_or_refuse(target_id)
        sources = [self._idea_or_refuse(s) for s in _items(source_ids, "Usulan yang digabung")]
        if not sources:
            raise WorkshopError("Pilih usulan yang akan digabung.")
        for s in sources:
            if s.workshop_id != target.workshop_id:
                raise WorkshopError("Usulan dari kegiatan lain tidak bisa digabung.")
            if s.id == target.id:
                raise WorkshopError("Usulan tidak bisa digabung dengan dirinya sendiri.")
        if target.status != "shown":
            raise WorkshopError("Usulan tujuan harus usulan yang tampil.")
        with self._tx(target.workshop_id) as c:
            for s in sources:
                if c.execute(
                    "SELECT 1 FROM votes WHERE idea_id=? UNION SELECT 1 FROM ratings "
                    "WHERE idea_id=? LIMIT 1",
                    (s.id, s.id),
                ).fetchone():
                    raise WorkshopError(
                        f"Usulan '{s.title}' sudah mendapat suara; tidak bisa digabung."
                    )
                c.execute(
                    "UPDATE ideas SET status='merged', merged_into=?, updated_at=? "
                    "WHERE id=? OR merged_into=?",
                    (target.id, time.time(), s.id, s.id),
                )
                c.execute("DELETE FROM shortlist WHERE idea_id=?", (s.id,))
            self._audit(
                c,
                target.workshop_id,
                "merge_ideas",
                {"target": target.id, "sources": [s.id for s in sources]},
            )
        return self._idea_or_refuse(target.id)

    @facilitator
    def unmerge_idea(self, auth: str, idea_id: int) -> d.Idea:
        idea = self._idea_or_refuse(idea_id)
        if idea.status != "merged":
            raise WorkshopError("Usulan ini tidak sedang digabung.")
        with self._tx(idea.workshop_id) as c:
            c.execute(
                "UPDATE ideas SET status='shown', merged_into=NULL, updated_at=? WHERE id=?",
                (time.time(), idea_id),
            )
            self._audit(c, idea.workshop_id, "unmerge_idea", {"idea": idea_id})
        return self._idea_or_refuse(idea_id)
