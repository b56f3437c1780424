"""The ballot of a stage (its shortlist), dot votes, ratings and hand-counted votes."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping, Sequence
from typing import Any

from .. import domain as d
from ..domain import WorkshopError
from .access import facilitator, participant, public
from .base import StoreBase, _idea, _items, _key, active


class VotingStore(StoreBase):
    """Budget, cap, open pillars and the ballot are checked inside the write transaction."""

    # ------------------------------------------------------------------ the ballot (shortlist)

    @facilitator
    def set_shortlisted(
        self, auth: str, stage_id: int, idea_ids: Sequence[int], on: bool = True
    ) -> None:
        """Put ideas (of this or earlier stages) on this stage's ballot, or take them off."""
        stage = self._stage_or_refuse(stage_id)
        ids = [_key(i, "Usulan") for i in _items(idea_ids, "Daftar usulan")]
        with self._tx(stage.workshop_id) as c:
            for idea_id in ids:
                row = c.execute(
                    "SELECT i.status, s.number FROM ideas i JOIN stages s "
                    "ON s.id = i.stage_id WHERE i.id = ? AND i.workshop_id = ?",
                    (idea_id, stage.workshop_id),
                ).fetchone()
                if row is None:
                    raise WorkshopError("Usulan tidak ditemukan.")
                if on:
                    if row["status"] != "shown":
                        raise WorkshopError(
                            "Hanya usulan yang tampil yang bisa masuk daftar pilihan."
                        )
                    if row["number"] > stage.number:
                        raise WorkshopError("Usulan dari tahap berikutnya tidak bisa dipilih.")
                    c.execute("INSERT OR IGNORE INTO shortlist VALUES (?, ?)", (stage_id, idea_id))
                else:
                    if c.execute(
                        "SELECT 1 FROM votes WHERE stage_id=? AND idea_id=? UNION "
                        "SELECT 1 FROM ratings WHERE stage_id=? AND idea_id=? LIMIT 1",
                        (stage_id, idea_id, stage_id, idea_id),
                    ).fetchone():
                        raise WorkshopError(
                            "Usulan yang sudah mendapat suara tidak bisa "
                            "dikeluarkan dari daftar pilihan."
                        )
                    c.execute(
                        "DELETE FROM shortlist WHERE stage_id=? AND idea_id=?", (stage_id, idea_id)
                    )
            self._audit(
                c,
                stage.workshop_id,
                "shortlist" if on else "unshortlist",
                {"stage": stage.number, "ideas": ids},
            )

    @public
    def shortlist(self, stage_id: int, pillar_id: int | None = None) -> list[d.Idea]:
        sql = (
            "SELECT i.* FROM shortlist s JOIN ideas i ON i.id = s.idea_id "
            f"JOIN pillars p ON p.id = i.pillar_id WHERE s.stage_id = ? AND {active('i.author_id')}"
        )
        params: list[Any] = [stage_id]
        if pillar_id is not None:
            sql += " AND i.pillar_id = ?"
            params.append(pillar_id)
        return [_idea(r) for r in self._rows(sql + " ORDER BY p.position, i.id", params)]

    # ------------------------------------------------------------------ votes and ratings

    def _ballot_check(
        self, c: sqlite3.Connection, p: d.Participant, pillar_id: Any, mode: str
    ) -> tuple[d.Stage, int, set[int]]:
        pid = self._pillar_or_refuse(p.workshop_id, pillar_id).id
        stage = self._current_stage(p.workshop_id)
        if stage.phase != "vote":
            raise WorkshopError("Pemungutan suara sedang ditutup.")
        if stage.vote_mode != mode:
            raise WorkshopError("Mode voting tahap ini berbeda; muat ulang halaman.")
        if not c.execute(
            "SELECT 1 FROM pillar_voting WHERE stage_id=? AND pillar_id=? AND is_open",
            (stage.id, pid),
        ).fetchone():
            raise WorkshopError("Voting untuk pilar ini sudah ditutup.")
        allowed = {
            r[0]
            for r in c.execute(
                "SELECT s.idea_id FROM shortlist s JOIN ideas i ON i.id = s.idea_id "
                f"WHERE s.stage_id = ? AND i.pillar_id = ? AND {active('i.author_id')}",
                (stage.id, pid),
            )
        }
        return stage, pid, allowed

    @participant
    def cast_dots(
        self, p: d.Participant, pillar_id: int, allocation: Mapping[int, int]
    ) -> dict[int, int]:
        """Replace this participant's dot votes in one pillar of the current stage.

        Whole-ballot replacement makes repeats idempotent; budget and cap are checked
        inside the write transaction, so simultaneous submits cannot overspend."""
        if not isinstance(allocation, Mapping):
            raise WorkshopError("Format suara tidak valid.")
        with self._tx(p.workshop_id) as c:
            stage, pid, allowed = self._ballot_check(c, p, pillar_id, "dots")
            clean = d.check_dot_allocation(allocation, budget=stage.budget, cap=stage.cap)
            if set(clean) - allowed:
                raise WorkshopError("Ada usulan yang tidak ada di daftar pilihan pilar ini.")
            c.execute(
                "DELETE FROM votes WHERE stage_id=? AND pillar_id=? AND participant_id=?",
                (stage.id, pid, p.id),
            )
            now = time.time()
            c.executemany(
                "INSERT INTO votes VALUES (?,?,?,?,?,?)",
                [(stage.id, pid, i, p.id, n, now) for i, n in clean.items()],
            )
            spent = c.execute(
                "SELECT coalesce(sum(dots), 0) FROM votes WHERE stage_id=? AND "
                "pillar_id=? AND participant_id=?",
                (stage.id, pid, p.id),
            ).fetchone()[0]
            if spent > stage.budget:  # belt and braces: never commit an overspent ballot
                raise WorkshopError("Suara melebihi jatah.")
            self._attend(c, p.id, p.workshop_id, now)
        return clean

    @participant
    def my_dots(self, p: d.Participant, pillar_id: int) -> dict[int, int]:
        stage = self._current_stage(p.workshop_id)
        return {
            r[0]: r[1]
            for r in self._rows(
                "SELECT idea_id, dots FROM votes WHERE stage_id=? AND pillar_id=? "
                "AND participant_id=?",
                (stage.id, _key(pillar_id, "Pilar"), p.id),
            )
        }

    @participant
    def cast_ratings(
        self, p: d.Participant, pillar_id: int, ratings: Mapping[int, tuple[int, int]]
    ) -> dict[int, tuple[int, int]]:
        """Replace this participant's impact/feasibility ratings in one pillar."""
        if not isinstance(ratings, Mapping):
            raise WorkshopError("Format penilaian tidak valid.")
        clean = d.check_ratings(ratings)
        with self._tx(p.workshop_id) as c:
            stage, pid, allowed = self._ballot_check(c, p, pillar_id, "rating")
            if set(clean) - allowed:
                raise WorkshopError("Ada usulan yang tidak ada di daftar pilihan pilar ini.")
            c.execute(
                "DELETE FROM ratings WHERE stage_id=? AND pillar_id=? AND participant_id=?",
                (stage.id, pid, p.id),
            )
            now = time.time()
            c.executemany(
                "INSERT INTO ratings VALUES (?,?,?,?,?,?,?)",
                [(stage.id, pid, i, p.id, a, b, now) for i, (a, b) in clean.items()],
            )
            self._attend(c, p.id, p.workshop_id, now)
        return clean

    @participant
    def my_ratings(self, p: d.Participant, pillar_id: int) -> dict[int, tuple[int, int]]:
        stage = self._current_stage(p.workshop_id)
        return {
            r[0]: (r[1], r[2])
            for r in self._rows(
                "SELECT idea_id, impact, feasibility FROM ratings WHERE stage_id=? AND pillar_id=? "
                "AND participant_id=?",
                (stage.id, _key(pillar_id, "Pilar"), p.id),
            )
        }

    @facilitator
    def set_paper_tally(
        self, auth: str, stage_id: int, idea_id: int, votes: int, note: str = ""
    ) -> None:
        """Votes counted by hand (show of hands, paper ballots); 0 removes the entry."""
        stage = self._stage_or_refuse(stage_id)
        idea_id = _key(idea_id, "Usulan")
        votes = d.check_int(votes, label="Jumlah suara manual", lo=0, hi=100000)
        note = d.clean_text(note, label="Catatan", max_len=300, required=False)
        with self._tx(stage.workshop_id) as c:
            if not c.execute(
                "SELECT 1 FROM shortlist WHERE stage_id=? AND idea_id=?", (stage_id, idea_id)
            ).fetchone():
                raise WorkshopError("Usulan tidak ada di daftar pilihan tahap ini.")
            if votes:
                c.execute(
                    "INSERT OR REPLACE INTO paper_tallies VALUES (?,?,?,?,?)",
                    (stage_id, idea_id, votes, note, time.time()),
                )
            else:
                c.execute(
                    "DELETE FROM paper_tallies WHERE stage_id=? AND idea_id=?", (stage_id, idea_id)
                )
            self._audit(
                c,
                stage.workshop_id,
                "paper_tally",
                {"stage": stage.number, "idea": idea_id, "votes": votes, "note": note},
            )
