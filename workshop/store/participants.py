"""Participants: a phone joins with the workshop's code and keeps a secret token."""

from __future__ import annotations

import secrets
import time
from typing import Any

from .. import domain as d
from ..domain import WorkshopError
from . import access  # (`participant` is also a method name here)
from .base import StoreBase, _participant


class ParticipantStore(StoreBase):
    """Joining, attendance per stage, and the participant behind a token."""

    @access.public
    def join(
        self,
        join_code: str,
        *,
        name: str,
        group: str,
        opd_id: int | None = None,
        institution: str = "",
    ) -> d.Participant:
        """A phone joins a workshop; attendance for the current stage is recorded."""
        w = self._workshop_by_code(join_code)
        if w is None:
            raise WorkshopError("Kode kegiatan tidak dikenal. Periksa kode di layar.")
        name = d.clean_text(name, label="Nama", max_len=d.NAME_MAX)
        group = d.check_choice(group, d.GROUPS, label="Kelompok")
        opd = self._opd_or_none(w.id, opd_id)
        institution = d.clean_text(
            institution, label="Instansi", max_len=d.NAME_MAX, required=False
        )
        if opd is None and not institution:
            raise WorkshopError("Pilih OPD atau isi nama instansi.")
        token = secrets.token_urlsafe(18)
        now = time.time()
        with self._tx(w.id) as c:
            pid = c.execute(
                "INSERT INTO participants(workshop_id, name, grp, opd_id, institution, "
                "token, created_at) VALUES (?,?,?,?,?,?,?)",
                (w.id, name, group, opd, institution, token, now),
            ).lastrowid
            assert pid is not None
            self._attend(c, pid, w.id, now)
        return self._require_participant(token)

    @access.public
    def participant(self, token: str | None) -> d.Participant | None:
        """The participant owning this secret token, or None."""
        return self._participant_by_token(token)

    @access.participant
    def check_in(self, p: d.Participant) -> d.Participant:
        """Record attendance of a returning phone for the current stage (idempotent)."""
        stage = self._current_stage(p.workshop_id)
        if not self._row(
            "SELECT 1 FROM attendance WHERE participant_id=? AND stage_id=?", (p.id, stage.id)
        ):
            with self._tx(p.workshop_id) as c:
                self._attend(c, p.id, p.workshop_id, time.time())
        return p

    @access.public
    def participants(self, workshop_id: int) -> list[d.Participant]:
        return [
            _participant(r)
            for r in self._rows(
                "SELECT * FROM participants WHERE workshop_id = ? ORDER BY id", (workshop_id,)
            )
        ]

    @access.public
    def attendance(self, stage_id: int) -> list[dict[str, Any]]:
        """Participants present at a stage, with OPD name and group."""
        return [
            dict(r)
            for r in self._rows(
                'SELECT p.id, p.name, p.grp AS "group", p.institution, o.name AS opd, a.joined_at '
                "FROM attendance a JOIN participants p ON p.id = a.participant_id "
                "LEFT JOIN opds o ON o.id = p.opd_id WHERE a.stage_id = ? "
                "ORDER BY o.position, p.name",
                (stage_id,),
            )
        ]
